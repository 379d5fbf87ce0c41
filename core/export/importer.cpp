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

namespace {

struct ParsedFile {
    QString file;
    QList<HarRequest> requests;
};

Result<ParsedFile> readFile(const QString& file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return fail(u"cannot read %1: %2"_s.arg(file, f.errorString()));
    const QByteArray bytes = f.readAll();
    const QString suffix = QFileInfo(file).suffix().toLower();

    ParsedFile parsed { file, {} };
    if (suffix == u"har"_s || (suffix != u"eml"_s && bytes.trimmed().startsWith('{'))) {
        auto har = readHar(bytes);
        if (!har)
            return fail(u"%1: %2"_s.arg(file, har.error()));
        parsed.requests = *har;
        return parsed;
    }
    if (bytes.trimmed().isEmpty())
        return fail(u"%1 is empty"_s.arg(file));
    HarRequest r;
    http::Delivery& d = r.delivery;
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
    parsed.requests.append(r);
    return parsed;
}

store::IngestRecord recordFor(HarRequest& r)
{
    store::IngestRecord record;
    record.route = u"imported"_s;
    record.scheme = r.scheme.isEmpty() ? verify::defaultSchemeName() : r.scheme;
    record.verdict.outcome = verify::Outcome::NotChecked;
    record.verdict.scheme = record.scheme;
    record.verdict.reason = u"imported"_s;
    const QJsonDocument doc = QJsonDocument::fromJson(r.delivery.body);
    const QJsonObject payload = doc.object();
    auto scheme = verify::createScheme(record.scheme);
    const auto key = ingest::idempotencyKey(
        r.delivery, scheme ? scheme->deliveryIdHeaders() : QList<QByteArray>(), doc.isObject() ? &payload : nullptr);
    record.idempotencyKey = key.key;
    record.keySource = key.source;
    record.providerEventId = key.providerEventId;
    record.messageId = key.messageId;
    record.flags << u"imported"_s;
    record.answerStatus = r.responseStatus;
    record.answerBody = r.responseBody;
    record.delivery = r.delivery;
    return record;
}

} // namespace

Result<QList<ImportResult>> Importer::importFiles(const QStringList& files)
{
    // Every file is read and checked before anything is written.
    QList<ParsedFile> parsed;
    qsizetype total = 0;
    for (const QString& file : files) {
        auto p = readFile(file);
        if (!p)
            return fail(p.error());
        total += p->requests.size();
        parsed.append(std::move(*p));
    }

    // One submission: the writer commits it in one transaction.
    std::vector<std::promise<store::IngestOutcome>> done(static_cast<size_t>(total));
    std::vector<std::pair<store::IngestRecord, store::StoreWriter::Done>> records;
    records.reserve(size_t(total));
    size_t slot = 0;
    for (ParsedFile& p : parsed) {
        for (HarRequest& r : p.requests) {
            std::promise<store::IngestOutcome>* promise = &done[slot++];
            records.emplace_back(recordFor(r), [promise](const store::IngestOutcome& o) { promise->set_value(o); });
        }
    }
    ingest::PostProcessor post(m_path, m_writer);
    post.start();
    m_writer.submit(std::move(records));
    std::vector<store::IngestOutcome> outcomes;
    outcomes.reserve(done.size());
    QString refused;
    for (auto& promise : done) {
        outcomes.push_back(promise.get_future().get());
        if (!outcomes.back().committed && refused.isEmpty())
            refused = outcomes.back().error;
    }
    if (!refused.isEmpty()) {
        post.stop();
        return fail(u"the store refused the import: %1"_s.arg(refused));
    }

    QList<ImportResult> results;
    QList<replay::AuditEntry> entries;
    size_t next = 0;
    for (const ParsedFile& p : std::as_const(parsed)) {
        ImportResult result;
        result.file = p.file;
        QJsonArray events;
        for (qsizetype i = 0; i < p.requests.size(); ++i) {
            const store::IngestOutcome& outcome = outcomes[next++];
            ++result.requests;
            result.eventRowIds.append(outcome.eventRowId);
            events.append(double(outcome.eventRowId));
            if (outcome.readEmail)
                post.enqueue(outcome.eventRowId, outcome.deliveryRowId);
        }
        replay::AuditEntry entry;
        entry.action = u"import"_s;
        entry.eventRowId = result.eventRowIds.size() == 1 ? result.eventRowIds.first() : 0;
        entry.details = QJsonObject { { u"file"_s, QFileInfo(p.file).fileName() }, { u"requests"_s, result.requests },
            { u"events"_s, events } };
        entries.append(entry);
        results.append(result);
    }
    post.stop();

    auto audited
        = replay::runJob(m_writer, [entries](QSqlDatabase& db) { return replay::AuditLog::append(db, entries); });
    if (!audited)
        return fail(audited.error());
    return results;
}

} // namespace hookscope::exporting
