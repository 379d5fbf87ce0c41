#include "storewriter.h"

#include "bodysegments.h"
#include "checkpointer.h"
#include "sqlstatement.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <map>

#include <pthread.h>

using namespace Qt::StringLiterals;

namespace hookscope::store {

/** The ingest statements, prepared once on the write connection and run through SQLite directly. */
struct StoreWriter::Statements {
    bool prepare(sqlite3* db)
    {
        return insertEvent.prepare(db,
                   "INSERT INTO events (route, idem_key, key_source, event_id, message_id, scheme, received_us, "
                   "last_us, status, accepted, deliveries, duplicates, method, path, size, flags, quarantined, "
                   "quarantine_auto, sort_indexed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9, 1, 0, ?10, ?11, "
                   "?12, ?13, ?14, ?15, ?16) "
                   "ON CONFLICT (route, idem_key) DO NOTHING")
            && find.prepare(db,
                "SELECT id, accepted, status, deliveries, quarantine_auto, quarantined FROM events WHERE route = ? AND "
                "idem_key = "
                "?")
            // A signature failure that auto-quarantined the event is lifted once a delivery verifies.
            && update.prepare(db,
                "UPDATE events SET last_us = ?1, status = ?2, accepted = max(accepted, ?3), "
                "deliveries = deliveries + 1, duplicates = duplicates + ?4, "
                "quarantined = CASE WHEN ?5 THEN NULL ELSE quarantined END, "
                "quarantine_auto = CASE WHEN ?5 THEN 0 ELSE quarantine_auto END WHERE id = ?6")
            && insertDelivery.prepare(db,
                "INSERT INTO deliveries (event_id, seq, received_us, peer, peer_port, local_port, tls, "
                "tls_protocol, tls_cipher, method, target, http_version, raw_head, raw_body, body, "
                "body_size, status_code, response_body, verify_outcome, verify_reason, verdict_json, "
                "duplicate, refused, truncated, answer_action, answer_delay_ms, answer_rule, body_segment, "
                "body_offset, body_checksum) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
            // What the listener quarantines on arrival, or lifts when a later delivery verifies, is audited like
            // what a user does (the audit log lists every quarantine and release).
            && insertAudit.prepare(
                db, "INSERT INTO audit (time_us, action, event_id, reason, note, details) VALUES (?, ?, ?, ?, ?, ?)");
    }
    SqlStatement insertEvent;
    SqlStatement find;
    SqlStatement update;
    SqlStatement insertDelivery;
    SqlStatement insertAudit;
};

struct StoreWriter::Item {
    std::optional<IngestRecord> record;
    Done done;
    Job job;
    JobDone jobDone;
};

namespace {

constexpr size_t kMaxBatch = 1024;

std::atomic<int> g_openWriters { 0 };
std::atomic<int> g_peakWriters { 0 };

void countWriterOpened()
{
    const int now = ++g_openWriters;
    int peak = g_peakWriters.load();
    while (now > peak && !g_peakWriters.compare_exchange_weak(peak, now)) { }
}

/** The running writer of each store (by absolute path) of this process. */
std::mutex g_sharedMutex;
std::map<QString, std::weak_ptr<StoreWriter>>& sharedWriters()
{
    static std::map<QString, std::weak_ptr<StoreWriter>> writers;
    return writers;
}

/** Status precedence of an event: verified beats failed beats unverified. */
int rank(QByteArrayView status)
{
    return status == "verified" ? 2 : status == "failed" ? 1 : 0;
}

} // namespace

QByteArray storedVerdict(const verify::Verdict& verdict, const QByteArray& body)
{
    return verdict.toCbor(body);
}

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
    m_thread = std::thread([this, &started] { runThread(&started); });
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

std::unique_ptr<StoreWriter::Item> StoreWriter::recordItem(IngestRecord record, Done done)
{
    auto item = std::make_unique<Item>();
    item->record = std::move(record);
    item->done = std::move(done);
    return item;
}

void StoreWriter::enqueue(std::vector<std::unique_ptr<Item>> items)
{
    if (items.empty())
        return;
    {
        std::lock_guard lock(m_mutex);
        for (auto& item : items)
            m_queue.push_back(std::move(item));
    }
    m_wake.notify_one();
}

void StoreWriter::submit(IngestRecord record, Done done)
{
    std::vector<std::unique_ptr<Item>> items;
    items.push_back(recordItem(std::move(record), std::move(done)));
    enqueue(std::move(items));
}

void StoreWriter::submit(std::vector<std::pair<IngestRecord, Done>> records)
{
    std::vector<std::unique_ptr<Item>> items;
    items.reserve(records.size());
    for (auto& [record, done] : records)
        items.push_back(recordItem(std::move(record), std::move(done)));
    enqueue(std::move(items));
}

void StoreWriter::submitJob(Job job, JobDone done)
{
    auto item = std::make_unique<Item>();
    item->job = std::move(job);
    item->jobDone = std::move(done);
    std::vector<std::unique_ptr<Item>> items;
    items.push_back(std::move(item));
    enqueue(std::move(items));
}

namespace {
/// Pages written to the log between two of the checkpointer's passes (8 MB). SQLite's default is 1,000; a longer
/// stretch copies the pages written again and again (indexes, the last table page) fewer times.
constexpr int kCheckpointFrames = 2000;
/// Should the checkpointer fall behind (readers holding old snapshots, a slow disk), the writer
/// checkpoints itself past this size, which bounds the log at about 256 MB.
constexpr int kWriterCheckpointFrames = 64000;
} // namespace

int StoreWriter::walHook(void* self, sqlite3*, const char*, int frames)
{
    // Called after each commit, the write lock released, with the log's length. The checkpointer copies the log
    // into the store beside the writer, a pass every kCheckpointFrames pages. A passive pass only copies what was
    // in the log when it began, so while requests keep coming the log is never entirely copied and would never
    // start over. Once it is kLogRestartFrames long and a pass is through, the writer copies the rest itself (the
    // pages written during that pass), and the next transaction starts the log from the beginning.
    //
    // That copy syncs the bodies, the log and the store while requests wait for the writer: 7 to 10 ms under load
    // here when it followed every pass (2,000 pages, a quarter of a second), a few requests in a hundred held up.
    // Now it comes once per kLogRestartFrames pages, after passes that left it little to sync, and not inside the
    // commit: the batch's answers would wait for it, so the writer runs it once they are sent (catchUpCheckpoint).
    auto* writer = static_cast<StoreWriter*>(self);
    Checkpointer* checkpointer = writer->m_checkpointer.get();
    if (frames < writer->m_passAskedAt)
        writer->m_passAskedAt = 0; // the log started over (another process may have copied it whole)
    if (frames >= kWriterCheckpointFrames) {
        writer->m_catchUpDue = true;
        return SQLITE_OK;
    }
    if (!checkpointer)
        return SQLITE_OK;
    // Only after a pass that began this long: the writer is then left the pages written during that pass.
    if (frames >= kLogRestartFrames && checkpointer->takePassDone() >= kLogRestartFrames) {
        writer->m_catchUpDue = true;
        return SQLITE_OK;
    }
    // A pass every kCheckpointFrames pages, and one as soon as the log is long enough to start over.
    if (frames >= writer->m_passAskedAt + kCheckpointFrames
        || (frames >= kLogRestartFrames && writer->m_passAskedAt < kLogRestartFrames)) {
        checkpointer->request();
        writer->m_passAskedAt = frames;
    }
    return SQLITE_OK;
}

void StoreWriter::catchUpCheckpoint()
{
    m_catchUpDue = false;
    // As in the checkpointer's passes: the rows copied into the store point at bodies on the disk. With Normal
    // durability the bodies appended since the last pass are not synced yet, and once the log starts over those
    // rows are in the store alone.
    if (m_durability == Durability::Normal && m_segments) {
        if (auto synced = m_segments->sync(); !synced) {
            qWarning("%s", qPrintable(synced.error()));
            if (m_checkpointer)
                m_checkpointer->request();
            return;
        }
    }
    int logFrames = 0;
    int copiedFrames = 0;
    const int rc = sqlite3_wal_checkpoint_v2(m_db, nullptr, SQLITE_CHECKPOINT_PASSIVE, &logFrames, &copiedFrames);
    if (rc == SQLITE_OK && logFrames == copiedFrames) {
        ++m_wholeLogCheckpoints;
        m_passAskedAt = 0;
    } else if (m_checkpointer) {
        m_checkpointer->request(); // another process is checkpointing, or reading old pages: after one more pass
    }
}

void StoreWriter::runThread(std::promise<Result<void>>* started)
{
    pthread_setname_np(pthread_self(), "store-writer");
    const QString name = threadConnectionName(u"writer"_s);
    {
        auto opened = openDatabase(m_path, name, m_durability);
        if (!opened) {
            started->set_value(fail(opened.error()));
            QSqlDatabase::removeDatabase(name);
            return;
        }
        QSqlDatabase db = *opened;
        m_db = sqliteHandle(db);
        auto statements = std::make_unique<Statements>();
        if (!m_db || !statements->prepare(m_db)) {
            started->set_value(fail(u"cannot prepare the ingest statements: "_s
                + (m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : u"not an SQLite store"_s)));
            statements.reset();
            db.close();
            QSqlDatabase::removeDatabase(name);
            return;
        }
        // The bodies' segments: the bytes of a batch that never committed are cut off under the write lock.
        m_segments = std::make_unique<BodySegments>(m_path);
        {
            QSqlQuery recovery(db);
            Result<QString> recovered = recovery.exec(u"BEGIN IMMEDIATE"_s)
                ? m_segments->recover(m_db)
                : Result<QString>(fail(recovery.lastError().text()));
            recovery.exec(recovered ? u"COMMIT"_s : u"ROLLBACK"_s);
            if (!recovered) {
                started->set_value(fail(u"cannot open the bodies of %1: %2"_s.arg(m_path, recovered.error())));
                m_segments.reset();
                statements.reset();
                recovery.finish();
                db.close();
                QSqlDatabase::removeDatabase(name);
                return;
            }
            if (!recovered->isEmpty())
                qWarning("%s", qPrintable(*recovered));
        }
        m_checkpointer = std::make_unique<Checkpointer>(m_path, m_durability);
        // Replaces SQLite's automatic checkpoint on this connection. When the log starts over, a file that
        // grew during a burst is cut back to 64 MB.
        sqlite3_wal_hook(m_db, &StoreWriter::walHook, this);
        executeScript(db, "PRAGMA journal_size_limit = 67108864");
        countWriterOpened();
        started->set_value({});
        QSqlQuery begin(db), commit(db), rollback(db);
        begin.prepare(u"BEGIN IMMEDIATE"_s);
        commit.prepare(u"COMMIT"_s);
        rollback.prepare(u"ROLLBACK"_s);

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
            std::vector<Result<void>> jobResults(batch.size());
            std::vector<BodyRef> bodies(batch.size());
            bool ok = begin.exec();
            QString error = ok ? QString() : begin.lastError().text();
            bool appended = false;
            if (ok) {
                // The batch's bodies in one write, under the write lock, before the rows that point at them.
                std::vector<QByteArrayView> bytes;
                std::vector<size_t> owners;
                for (size_t i = 0; i < batch.size(); ++i) {
                    if (batch[i]->record && !batch[i]->record->delivery.body.isEmpty()) {
                        bytes.push_back(batch[i]->record->delivery.body);
                        owners.push_back(i);
                    }
                }
                if (!bytes.empty()) {
                    auto refs = m_segments->append(m_db, bytes);
                    if (refs) {
                        appended = true;
                        for (size_t k = 0; k < owners.size(); ++k)
                            bodies[owners[k]] = (*refs)[k];
                    } else {
                        ok = false;
                        error = refs.error();
                    }
                }
            }
            if (ok) {
                for (size_t i = 0; i < batch.size(); ++i) {
                    auto& item = *batch[i];
                    if (item.record) {
                        if (!applyRecord(*statements, *item.record, bodies[i], outcomes[i])) {
                            ok = false;
                            error = outcomes[i].error;
                            break;
                        }
                    } else if (item.job) {
                        // A failing job must not cost the ingest records their commit: run it in a savepoint.
                        QSqlQuery sp(db);
                        sp.exec(u"SAVEPOINT job"_s);
                        jobResults[i] = item.job(db);
                        sp.exec(jobResults[i] ? u"RELEASE job"_s : u"ROLLBACK TO job"_s);
                        if (!jobResults[i])
                            sp.exec(u"RELEASE job"_s);
                    }
                }
            }
            if (ok && appended && m_durability == Durability::Full) {
                if (auto synced = m_segments->sync(); !synced) {
                    ok = false;
                    error = synced.error();
                }
            }
            if (ok && !commit.exec()) {
                ok = false;
                error = commit.lastError().text();
            }
            if (ok && appended)
                m_segments->committed(m_db);
            if (!ok) {
                if (appended)
                    m_segments->undoAppend();
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
                    item.jobDone(ok ? jobResults[i] : Result<void>(fail(error)));
                }
            }
            if (m_catchUpDue)
                catchUpCheckpoint();
        }
        // Closing the store's last connection copies the log into it: the rows copied point at bodies that must
        // reach the disk first, as before any pass.
        if (m_durability == Durability::Normal && m_segments) {
            if (auto synced = m_segments->sync(); !synced)
                qWarning("%s", qPrintable(synced.error()));
        }
        sqlite3_wal_hook(m_db, nullptr, nullptr);
        m_checkpointer.reset();
        m_segments.reset();
        statements.reset();
        begin.finish();
        db.close();
        --g_openWriters;
    }
    QSqlDatabase::removeDatabase(name);
}

Result<void> StoreWriter::run(Job job)
{
    std::promise<Result<void>> committed;
    auto future = committed.get_future();
    submitJob(std::move(job), [&committed](const Result<void>& r) { committed.set_value(r); });
    return future.get();
}

void StoreWriter::waitForQueued()
{
    if (!m_thread.joinable())
        return;
    std::promise<void> reached;
    submitJob(
        [](QSqlDatabase&) -> Result<void> { return {}; }, [&reached](const Result<void>&) { reached.set_value(); });
    reached.get_future().wait();
}

Result<std::shared_ptr<StoreWriter>> StoreWriter::shared(const QString& path, Durability durability)
{
    const QString key = QFileInfo(path).absoluteFilePath();
    std::lock_guard lock(g_sharedMutex);
    auto& writers = sharedWriters();
    if (auto it = writers.find(key); it != writers.end()) {
        if (auto running = it->second.lock())
            return running;
        writers.erase(it);
    }
    auto writer = std::make_shared<StoreWriter>(path, durability);
    if (auto started = writer->start(); !started)
        return fail(started.error());
    writers[key] = writer;
    return writer;
}

int StoreWriter::openWriteConnections()
{
    return g_openWriters.load();
}

int StoreWriter::peakWriteConnections()
{
    return g_peakWriters.load();
}

void StoreWriter::resetPeakWriteConnections()
{
    g_peakWriters.store(g_openWriters.load());
}

bool StoreWriter::applyRecord(Statements& st, IngestRecord& r, const BodyRef& body, IngestOutcome& out)
{
    const http::Delivery& d = r.delivery;
    const QByteArray status = r.verdict.statusWord().toUtf8();
    const bool accepted = r.answerStatus >= 200 && r.answerStatus < 300 && r.verdict.accepted();
    const QByteArray route = r.route.toUtf8();
    const QByteArray key = r.idempotencyKey.toUtf8();
    auto failWith = [&out](SqlStatement& statement) {
        out.error = statement.errorText();
        statement.reset();
        return false;
    };

    // Most deliveries start a new event: try that first, and look the event up only when it exists.
    SqlStatement& ins = st.insertEvent;
    const QByteArray keySource = r.keySource.toUtf8();
    const QByteArray providerEventId = r.providerEventId.toUtf8();
    const QByteArray messageId = r.messageId.toUtf8();
    const QByteArray scheme = r.scheme.toUtf8();
    const QByteArray path = d.path();
    const QByteArray flags = r.flags.join(u' ').toUtf8();
    const QByteArray autoQuarantine = r.autoQuarantine.toUtf8();
    ins.bindText(1, route);
    ins.bindText(2, key);
    ins.bindText(3, keySource);
    ins.bindTextOrNull(4, providerEventId);
    ins.bindTextOrNull(5, messageId);
    ins.bindTextOrNull(6, scheme);
    ins.bind(7, d.receivedUs);
    ins.bindText(8, status);
    ins.bind(9, accepted ? 1 : 0);
    ins.bindText(10, d.method);
    ins.bindText(11, path);
    ins.bind(12, d.body.size());
    ins.bindText(13, flags);
    ins.bindTextOrNull(14, autoQuarantine);
    ins.bind(15, autoQuarantine.isEmpty() ? 0 : 1);
    // An event whose email the post-processor reads enters the list's sort indexes with its email fields, after the
    // ack (migration 015); one it never sees enters them now. As out.readEmail below says of a new event.
    const bool emailToRead = accepted || (!d.body.isEmpty() && r.keySource != u"refused"_s);
    ins.bind(16, emailToRead ? 0 : 1);
    if (ins.step() != SQLITE_DONE)
        return failWith(ins);
    ins.reset();

    qint64 eventId = 0;
    qint64 seq = 1;
    bool wasAccepted = false;
    const bool newEvent = sqlite3_changes(m_db) == 1;
    bool lift = false;
    QByteArray liftedReason;
    if (newEvent) {
        eventId = sqlite3_last_insert_rowid(m_db);
    } else {
        SqlStatement& find = st.find;
        find.bindText(1, route);
        find.bindText(2, key);
        if (find.step() != SQLITE_ROW)
            return failWith(find);
        eventId = find.int64(0);
        wasAccepted = find.int64(1) != 0;
        const QByteArray oldStatus = find.text(2).toByteArray();
        seq = find.int64(3) + 1;
        const bool autoQuarantined = find.int64(4) != 0;
        liftedReason = find.text(5).toByteArray();
        find.reset();
        const QByteArray newStatus = rank(status) > rank(oldStatus) ? status : oldStatus;
        out.duplicate = wasAccepted && accepted;
        lift = autoQuarantined && !liftedReason.isEmpty() && newStatus == "verified" && oldStatus != "verified";
        SqlStatement& up = st.update;
        up.bind(1, d.receivedUs);
        up.bindText(2, newStatus);
        up.bind(3, accepted ? 1 : 0);
        up.bind(4, out.duplicate ? 1 : 0);
        up.bind(5, lift ? 1 : 0);
        up.bind(6, eventId);
        if (up.step() != SQLITE_DONE)
            return failWith(up);
        up.reset();
    }
    out.eventRowId = eventId;
    out.firstAccepted = accepted && !wasAccepted;
    // As kEmailIsRead (emailprocessing.h) says of the event row just written.
    out.readEmail = out.firstAccepted || (newEvent && emailToRead);

    const QByteArray peer = d.peerAddress.toUtf8();
    const QByteArray tlsProtocol = d.tlsProtocol.toUtf8();
    const QByteArray tlsCipher = d.tlsCipher.toUtf8();
    const QByteArray outcomeCode = verify::Verdict::outcomeCode(r.verdict.outcome).toUtf8();
    const QByteArray reason = r.verdict.reason.toUtf8();
    const QByteArray verdict = r.storedVerdict.isNull() ? storedVerdict(r.verdict, d.body) : r.storedVerdict;
    SqlStatement& del = st.insertDelivery;
    del.bind(1, eventId);
    del.bind(2, seq);
    del.bind(3, d.receivedUs);
    del.bindText(4, peer);
    del.bind(5, d.peerPort);
    del.bind(6, d.localPort);
    del.bind(7, d.tls ? 1 : 0);
    del.bindTextOrNull(8, tlsProtocol);
    del.bindTextOrNull(9, tlsCipher);
    del.bindText(10, d.method);
    del.bindText(11, d.target);
    del.bindText(12, d.httpVersion);
    del.bindBlob(13, d.rawHead);
    del.bindBlobOrNull(14, d.rawBody);
    if (body.segment > 0) {
        del.bindNull(15);
        del.bind(28, body.segment);
        del.bind(29, body.offset);
        del.bind(30, body.checksum);
    } else {
        del.bindBlob(15, d.body);
        for (int i = 28; i <= 30; ++i)
            del.bindNull(i);
    }
    del.bind(16, d.body.size());
    del.bind(17, r.answerStatus);
    del.bindBlobOrNull(18, r.answerBody);
    del.bindText(19, outcomeCode);
    del.bindText(20, reason);
    del.bindBlob(21, verdict);
    del.bind(22, out.duplicate ? 1 : 0);
    del.bind(23, d.refusedStatus);
    del.bind(24, d.truncated ? 1 : 0);
    const QByteArray answerAction = r.answerAction.toUtf8();
    const QByteArray answerRule = r.answerRule.toUtf8();
    del.bindTextOrNull(25, answerAction);
    del.bind(26, r.answerDelayMs);
    del.bindTextOrNull(27, answerRule);
    if (del.step() != SQLITE_DONE)
        return failWith(del);
    del.reset();
    out.deliveryRowId = sqlite3_last_insert_rowid(m_db);

    const bool quarantinedNow = newEvent && !autoQuarantine.isEmpty();
    if (quarantinedNow || lift) {
        const QJsonObject details { { u"automatic"_s, true }, { u"delivery"_s, double(seq) },
            { u"verification"_s, QString::fromUtf8(outcomeCode) }, { u"verifyReason"_s, QString::fromUtf8(reason) } };
        const QByteArray detailsJson = QJsonDocument(details).toJson(QJsonDocument::Compact);
        SqlStatement& audit = st.insertAudit;
        audit.bind(1, d.receivedUs);
        audit.bindText(2, quarantinedNow ? QByteArrayView("quarantine") : QByteArrayView("release"));
        audit.bind(3, eventId);
        audit.bindText(4, quarantinedNow ? QByteArrayView(autoQuarantine) : QByteArrayView(liftedReason));
        audit.bindText(5,
            quarantinedNow ? QByteArrayView("automatically, on arrival")
                           : QByteArrayView("automatically: a later delivery of the event verified"));
        audit.bindText(6, detailsJson);
        if (audit.step() != SQLITE_DONE)
            return failWith(audit);
        audit.reset();
    }
    return true;
}

} // namespace hookscope::store
