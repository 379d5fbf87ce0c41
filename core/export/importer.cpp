#include "importer.h"

#include "har.h"

#include "core/ingest/idempotency.h"
#include "core/ingest/postprocessor.h"
#include "core/replay/auditlog.h"
#include "core/replay/storejob.h"
#include "core/store/storewriter.h"
#include "core/verify/scheme.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <future>

using namespace Qt::StringLiterals;

namespace hookscope::exporting {

Importer::Importer(QString databasePath, store::StoreWriter& writer)
    : m_path(std::move(databasePath))
    , m_writer(writer)
{
}

Result<ImportResult> Importer::importFile(const QString& file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return fail(u"cannot read %1: %2"_s.arg(file, f.errorString()));
    const QByteArray bytes = f.readAll();
    const QString suffix = QFileInfo(file).suffix().toLower();

    QList<HarRequest> requests;
    if (suffix == u"har"_s || (suffix != u"eml"_s && bytes.trimmed().startsWith('{'))) {
        auto har = readHar(bytes);
        if (!har)
            return fail(u"%1: %2"_s.arg(file, har.error()));
        requests = *har;
    } else {
        if (bytes.trimmed().isEmpty())
            return fail(u"%1 is empty"_s.arg(file));
        HarRequest r;
        Delivery& d = r.delivery;
        d.method = "POST";
        d.target = "/imported";
        d.httpVersion = "1.1";
        d.headers = { { "Host", "imported" }, { "Content-Type", "message/rfc822" },
            { "Content-Length", QByteArray::number(bytes.size()) } };
        d.rawHead = "POST /imported HTTP/1.1\r\n";
        for (const auto& h : d.headers)
            d.rawHead += h.name + ": " + h.value + "\r\n";
        d.rawHead += "\r\n";
        d.body = bytes;
        d.receivedUs = QDateTime::currentMSecsSinceEpoch() * 1000;
        d.peerAddress = u"imported"_s;
        requests.append(r);
    }

    ImportResult result;
    ingest::PostProcessor post(m_path, m_writer);
    post.start();
    for (HarRequest& r : requests) {
        store::IngestRecord record;
        record.route = u"imported"_s;
        record.scheme = r.scheme.isEmpty() ? u"mailparse"_s : r.scheme;
        record.verdict.outcome = verify::Outcome::NotChecked;
        record.verdict.scheme = record.scheme;
        record.verdict.reason = u"imported"_s;
        const QJsonDocument doc = QJsonDocument::fromJson(r.delivery.body);
        const QJsonObject payload = doc.object();
        auto scheme = verify::createScheme(record.scheme);
        const auto key = ingest::idempotencyKey(r.delivery, scheme ? scheme->deliveryIdHeaders() : QList<QByteArray>(),
            doc.isObject() ? &payload : nullptr);
        record.idempotencyKey = key.key;
        record.keySource = key.source;
        record.providerEventId = key.providerEventId;
        record.messageId = key.messageId;
        record.flags << u"imported"_s;
        record.answerStatus = r.responseStatus;
        record.answerBody = r.responseBody;
        record.delivery = r.delivery;
        std::promise<store::IngestOutcome> done;
        auto future = done.get_future();
        m_writer.submit(std::move(record), [&done](const store::IngestOutcome& o) { done.set_value(o); });
        const store::IngestOutcome outcome = future.get();
        if (!outcome.committed)
            return fail(u"%1: the store refused the import: %2"_s.arg(file, outcome.error));
        ++result.requests;
        result.eventRowIds.append(outcome.eventRowId);
        if (outcome.firstAccepted)
            post.enqueue(outcome.eventRowId, outcome.deliveryRowId);
    }
    post.stop();

    QJsonArray events;
    for (qint64 id : result.eventRowIds)
        events.append(double(id));
    replay::AuditEntry entry;
    entry.action = u"import"_s;
    entry.eventRowId = result.eventRowIds.size() == 1 ? result.eventRowIds.first() : 0;
    entry.details = QJsonObject { { u"file"_s, QFileInfo(file).fileName() }, { u"requests"_s, result.requests },
        { u"events"_s, events } };
    auto audited = replay::runJob(m_writer, [entry](QSqlDatabase& db) -> Result<void> {
        QString error;
        if (!replay::AuditLog::append(db, entry, &error))
            return fail(error);
        return {};
    });
    if (!audited)
        return fail(audited.error());
    return result;
}

} // namespace hookscope::exporting
