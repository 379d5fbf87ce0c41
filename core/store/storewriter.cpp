#include "storewriter.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace hookscope::store {

/** The ingest statements, prepared once on the write connection. */
struct StoreWriter::Statements {
    explicit Statements(QSqlDatabase& db)
        : find(db)
        , update(db)
        , insertEvent(db)
        , insertDelivery(db)
    {
        find.prepare(u"SELECT id, accepted, status, deliveries, quarantine_auto FROM events "
                     u"WHERE route = ? AND idem_key = ?"_s);
        // A signature failure that auto-quarantined the event is lifted once a delivery verifies.
        update.prepare(u"UPDATE events SET last_us = ?, status = ?, accepted = max(accepted, ?), "
                       u"deliveries = deliveries + 1, duplicates = duplicates + ?, "
                       u"quarantined = CASE WHEN ? THEN NULL ELSE quarantined END, "
                       u"quarantine_auto = CASE WHEN ? THEN 0 ELSE quarantine_auto END "
                       u"WHERE id = ?"_s);
        insertEvent.prepare(u"INSERT INTO events (route, idem_key, key_source, event_id, message_id, scheme, "
                            u"received_us, last_us, status, accepted, deliveries, duplicates, method, path, size, "
                            u"flags, quarantined, quarantine_auto) "
                            u"VALUES (?,?,?,?,?,?,?,?,?,?,1,0,?,?,?,coalesce(?, ''),?,?)"_s);
        insertDelivery.prepare(
            u"INSERT INTO deliveries (event_id, seq, received_us, peer, peer_port, local_port, tls, "
            u"tls_protocol, tls_cipher, method, target, http_version, raw_head, raw_body, body, "
            u"body_size, status_code, response_body, verify_outcome, verify_reason, verdict_json, "
            u"duplicate, refused, truncated) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"_s);
    }
    QSqlQuery find;
    QSqlQuery update;
    QSqlQuery insertEvent;
    QSqlQuery insertDelivery;
};

struct StoreWriter::Item {
    std::optional<IngestRecord> record;
    Done done;
    Job job;
    std::function<void(bool)> jobDone;
};

namespace {

constexpr size_t kMaxBatch = 1024;

QVariant blobOrNull(const QByteArray& bytes)
{
    return bytes.isEmpty() ? QVariant(QMetaType(QMetaType::QByteArray)) : QVariant(bytes);
}

QVariant textOrNull(const QString& text)
{
    return text.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(text);
}

/**
 * The verdict as stored with its delivery. Most schemes sign "{something}{body}": then only the part before
 * the body is stored (`canonicalPrefix`), and reads put the body back, so no delivery stores its body twice.
 */
QJsonObject storedVerdict(const verify::Verdict& verdict, const QByteArray& body)
{
    QJsonObject o = verdict.toJson();
    if (verdict.canonicalSize < 0 && !body.isEmpty() && verdict.canonical.endsWith(body)) {
        o.remove(u"canonical"_s);
        o.insert(
            u"canonicalPrefix"_s, QString::fromUtf8(verdict.canonical.left(verdict.canonical.size() - body.size())));
    }
    return o;
}

/** Status precedence of an event: verified beats failed beats unverified. */
int rank(const QString& status)
{
    return status == u"verified"_s ? 2 : status == u"failed"_s ? 1 : 0;
}

} // namespace

StoreWriter::StoreWriter(QString path, Durability durability)
    : m_path(std::move(path))
    , m_durability(durability)
{
}

StoreWriter::~StoreWriter()
{
    stop();
}

Result<void> StoreWriter::start()
{
    std::promise<Result<void>> started;
    auto future = started.get_future();
    m_thread = std::thread([this, &started] { run(&started); });
    auto result = future.get();
    if (!result) {
        m_thread.join();
    }
    return result;
}

void StoreWriter::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void StoreWriter::submit(IngestRecord record, Done done)
{
    auto item = std::make_unique<Item>();
    item->record = std::move(record);
    item->done = std::move(done);
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back(std::move(item));
    }
    m_wake.notify_one();
}

void StoreWriter::submitJob(Job job, std::function<void(bool)> done)
{
    auto item = std::make_unique<Item>();
    item->job = std::move(job);
    item->jobDone = std::move(done);
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back(std::move(item));
    }
    m_wake.notify_one();
}

void StoreWriter::run(std::promise<Result<void>>* started)
{
    const QString name = threadConnectionName(u"writer"_s);
    {
        auto opened = openDatabase(m_path, name, m_durability);
        if (!opened) {
            started->set_value(fail(opened.error()));
            return;
        }
        started->set_value({});
        QSqlDatabase db = *opened;
        QSqlQuery begin(db), commit(db), rollback(db);
        begin.prepare(u"BEGIN IMMEDIATE"_s);
        commit.prepare(u"COMMIT"_s);
        rollback.prepare(u"ROLLBACK"_s);
        Statements statements(db);

        for (;;) {
            std::vector<std::unique_ptr<Item>> batch;
            {
                std::unique_lock lock(m_mutex);
                m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
                if (m_queue.empty() && m_stopping)
                    break;
                while (!m_queue.empty() && batch.size() < kMaxBatch) {
                    batch.push_back(std::move(m_queue.front()));
                    m_queue.pop_front();
                }
            }

            std::vector<IngestOutcome> outcomes(batch.size());
            std::vector<bool> jobOk(batch.size(), false);
            bool ok = begin.exec();
            QString error = ok ? QString() : begin.lastError().text();
            if (ok) {
                for (size_t i = 0; i < batch.size(); ++i) {
                    auto& item = *batch[i];
                    if (item.record) {
                        if (!applyRecord(statements, *item.record, outcomes[i])) {
                            ok = false;
                            error = outcomes[i].error;
                            break;
                        }
                    } else if (item.job) {
                        // A failing job must not cost the ingest records their commit: run it in a savepoint.
                        QSqlQuery sp(db);
                        sp.exec(u"SAVEPOINT job"_s);
                        jobOk[i] = item.job(db);
                        sp.exec(jobOk[i] ? u"RELEASE job"_s : u"ROLLBACK TO job"_s);
                        if (!jobOk[i])
                            sp.exec(u"RELEASE job"_s);
                    }
                }
            }
            if (ok && !commit.exec()) {
                ok = false;
                error = commit.lastError().text();
            }
            if (!ok) {
                rollback.exec();
                if (error.isEmpty())
                    error = u"the store refused the write"_s;
            }
            ++m_batches;
            for (size_t i = 0; i < batch.size(); ++i) {
                auto& item = *batch[i];
                if (item.record) {
                    IngestOutcome outcome = ok ? outcomes[i] : IngestOutcome {};
                    outcome.committed = ok;
                    if (!ok)
                        outcome.error = error;
                    item.done(outcome);
                } else if (item.jobDone) {
                    item.jobDone(ok && jobOk[i]);
                }
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

bool StoreWriter::applyRecord(Statements& st, IngestRecord& r, IngestOutcome& out)
{
    const Delivery& d = r.delivery;
    const QString status = r.verdict.statusWord();
    const bool accepted = r.answerStatus >= 200 && r.answerStatus < 300 && r.verdict.accepted();

    QSqlQuery& find = st.find;
    find.addBindValue(r.route);
    find.addBindValue(r.idempotencyKey);
    if (!find.exec()) {
        out.error = find.lastError().text();
        return false;
    }
    qint64 eventId = 0;
    int seq = 1;
    bool wasAccepted = false;
    if (find.next()) {
        eventId = find.value(0).toLongLong();
        wasAccepted = find.value(1).toBool();
        const QString oldStatus = find.value(2).toString();
        seq = find.value(3).toInt() + 1;
        const bool autoQuarantined = find.value(4).toBool();
        find.finish();
        const QString newStatus = rank(status) > rank(oldStatus) ? status : oldStatus;
        out.duplicate = wasAccepted && accepted;
        QSqlQuery& up = st.update;
        const bool lift = autoQuarantined && newStatus == u"verified"_s && oldStatus != u"verified"_s;
        up.addBindValue(d.receivedUs);
        up.addBindValue(newStatus);
        up.addBindValue(accepted ? 1 : 0);
        up.addBindValue(out.duplicate ? 1 : 0);
        up.addBindValue(lift ? 1 : 0);
        up.addBindValue(lift ? 1 : 0);
        up.addBindValue(eventId);
        if (!up.exec()) {
            out.error = up.lastError().text();
            return false;
        }
    } else {
        find.finish();
        QSqlQuery& ins = st.insertEvent;
        ins.addBindValue(r.route);
        ins.addBindValue(r.idempotencyKey);
        ins.addBindValue(r.keySource);
        ins.addBindValue(textOrNull(r.providerEventId));
        ins.addBindValue(textOrNull(r.messageId));
        ins.addBindValue(textOrNull(r.scheme));
        ins.addBindValue(d.receivedUs);
        ins.addBindValue(d.receivedUs);
        ins.addBindValue(status);
        ins.addBindValue(accepted ? 1 : 0);
        ins.addBindValue(QString::fromLatin1(d.method));
        ins.addBindValue(QString::fromUtf8(d.path()));
        ins.addBindValue(qint64(d.body.size()));
        ins.addBindValue(r.flags.join(u' '));
        ins.addBindValue(textOrNull(r.autoQuarantine));
        ins.addBindValue(r.autoQuarantine.isEmpty() ? 0 : 1);
        if (!ins.exec()) {
            out.error = ins.lastError().text();
            return false;
        }
        eventId = ins.lastInsertId().toLongLong();
    }
    out.eventRowId = eventId;
    out.firstAccepted = accepted && !wasAccepted;

    QSqlQuery& del = st.insertDelivery;
    del.addBindValue(eventId);
    del.addBindValue(seq);
    del.addBindValue(d.receivedUs);
    del.addBindValue(d.peerAddress);
    del.addBindValue(int(d.peerPort));
    del.addBindValue(int(d.localPort));
    del.addBindValue(d.tls ? 1 : 0);
    del.addBindValue(textOrNull(d.tlsProtocol));
    del.addBindValue(textOrNull(d.tlsCipher));
    del.addBindValue(QString::fromLatin1(d.method));
    del.addBindValue(QString::fromUtf8(d.target));
    del.addBindValue(QString::fromLatin1(d.httpVersion));
    del.addBindValue(d.rawHead.isNull() ? QByteArray("") : d.rawHead);
    del.addBindValue(blobOrNull(d.rawBody));
    del.addBindValue(d.body.isNull() ? QByteArray("") : d.body);
    del.addBindValue(qint64(d.body.size()));
    del.addBindValue(r.answerStatus);
    del.addBindValue(blobOrNull(r.answerBody));
    del.addBindValue(verify::Verdict::outcomeCode(r.verdict.outcome));
    del.addBindValue(r.verdict.reason);
    del.addBindValue(QString::fromUtf8(QJsonDocument(storedVerdict(r.verdict, d.body)).toJson(QJsonDocument::Compact)));
    del.addBindValue(out.duplicate ? 1 : 0);
    del.addBindValue(d.refusedStatus);
    del.addBindValue(d.truncated ? 1 : 0);
    if (!del.exec()) {
        out.error = del.lastError().text();
        return false;
    }
    out.deliveryRowId = del.lastInsertId().toLongLong();
    return true;
}

} // namespace hookscope::store
