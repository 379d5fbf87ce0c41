#include "postprocessor.h"

#include "core/email/emailindex.h"
#include "core/email/mimeparser.h"
#include "core/email/payload.h"
#include "core/store/eventstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

#include <algorithm>
#include <future>

#include <pthread.h>

using namespace Qt::StringLiterals;

namespace hookscope::ingest {

PostProcessor::PostProcessor(QString path, store::StoreWriter& writer)
    : m_path(std::move(path))
    , m_writer(writer)
{
}

PostProcessor::~PostProcessor()
{
    stop();
}

void PostProcessor::start()
{
    m_thread = std::thread([this] { run(); });
}

void PostProcessor::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_stopWake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void PostProcessor::yieldToIngest()
{
    if (!ingestBusy)
        return;
    std::unique_lock lock(m_mutex);
    for (int waited = 0; waited < kMaxDeferMs && !m_stopping && ingestBusy(); waited += 100)
        m_stopWake.wait_for(lock, std::chrono::milliseconds(100));
}

void PostProcessor::enqueue(qint64 eventRowId, qint64 deliveryRowId)
{
    {
        std::lock_guard lock(m_mutex);
        m_queue.emplace_back(eventRowId, deliveryRowId);
    }
    m_wake.notify_one();
}

void PostProcessor::enqueueUnprocessed()
{
    {
        std::lock_guard lock(m_mutex);
        m_scanUnprocessed = true;
    }
    m_wake.notify_one();
}

namespace {

/** One event's email, read after the ack, waiting to be written. */
struct Processed {
    qint64 eventRowId = 0;
    Result<email::EmailMessage> parsed;
};

bool writeEmailFields(QSqlQuery& update, const Processed& p)
{
    const auto& parsed = p.parsed;
    if (parsed) {
        QJsonArray to;
        for (const auto& a : parsed->to)
            to.append(QJsonObject { { u"address"_s, a.address }, { u"name"_s, a.name } });
        update.addBindValue(parsed->subject);
        update.addBindValue(parsed->from.address);
        update.addBindValue(parsed->from.name);
        update.addBindValue(QString::fromUtf8(QJsonDocument(to).toJson(QJsonDocument::Compact)));
        update.addBindValue(int(parsed->attachments.size()));
        update.addBindValue(parsed->warnings.join(u'\n'));
        update.addBindValue(
            parsed->messageId.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(parsed->messageId));
    } else {
        for (int i = 0; i < 4; ++i)
            update.addBindValue(QVariant(QMetaType(QMetaType::QString)));
        update.addBindValue(0);
        update.addBindValue(parsed.error());
        update.addBindValue(QVariant(QMetaType(QMetaType::QString)));
    }
    update.addBindValue(p.eventRowId);
    return update.exec();
}

/**
 * The attachments and search index of a group's emails. They ride along: if they fail, the email fields still
 * land. One savepoint for the group, because SQLite's FTS5 writes its pending terms out as a new index segment at
 * every savepoint (one per email made the index merge constantly); when the group fails, each email is tried on
 * its own, so one bad email does not cost the others their index.
 */
void writeEmailIndexes(QSqlDatabase& db, const QString& storePath, const std::vector<Processed>& group)
{
    QSqlQuery sp(db);
    const auto inSavepoint = [&](auto&& write) {
        sp.exec(u"SAVEPOINT email_index"_s);
        const bool ok = write();
        if (!ok)
            sp.exec(u"ROLLBACK TO email_index"_s);
        sp.exec(u"RELEASE email_index"_s);
        return ok;
    };
    const auto one = [&](const Processed& p) {
        return !p.parsed || email::storeEmailIndex(db, storePath, p.eventRowId, *p.parsed);
    };
    if (inSavepoint([&] { return std::all_of(group.begin(), group.end(), one); }))
        return;
    for (const Processed& p : group)
        inSavepoint([&] { return one(p); });
}

// Events are read in groups and written back in one job per group, so a burst of arrivals costs the
// writer a few transactions instead of one per event. A group is flushed once its bodies pass
// kGroupBytes, which bounds memory when large emails arrive together.
constexpr size_t kGroupEvents = 128;
constexpr qint64 kGroupBytes = 8 * 1024 * 1024;

} // namespace

void PostProcessor::run()
{
    pthread_setname_np(pthread_self(), "post-process");
    auto opened = store::EventStore::open(m_path, false);
    if (!opened)
        return;
    std::unique_ptr<store::EventStore> reader = std::move(*opened);
    const bool emailTables = email::hasEmailTables(reader->database());
    QSqlQuery read(reader->database());
    read.prepare(u"SELECT body, raw_head FROM deliveries WHERE id = ?"_s);

    std::vector<Processed> group;
    qint64 groupBytes = 0;
    auto flush = [&] {
        if (group.empty())
            return;
        std::promise<bool> committed;
        m_writer.submitJob(
            [this, emailTables, &group](QSqlDatabase& db) {
                QSqlQuery update(db);
                update.prepare(u"UPDATE events SET processed = 1, subject = ?, from_address = ?, from_name = ?, "
                               u"to_json = ?, attachments = ?, warnings = ?, "
                               u"message_id = coalesce(message_id, ?) WHERE id = ?"_s);
                for (const Processed& p : group) {
                    if (!writeEmailFields(update, p))
                        return false;
                }
                if (emailTables)
                    writeEmailIndexes(db, m_path, group);
                return true;
            },
            [&committed](bool ok) { committed.set_value(ok); });
        const bool ok = committed.get_future().get();
        if (ok && onProcessed) {
            for (const Processed& p : group)
                onProcessed(p.eventRowId);
        }
        group.clear();
        groupBytes = 0;
    };

    for (;;) {
        std::vector<std::pair<qint64, qint64>> items;
        bool scan = false;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty() || m_scanUnprocessed; });
            if (m_scanUnprocessed) {
                scan = true;
                m_scanUnprocessed = false;
            } else if (!m_queue.empty()) {
                while (!m_queue.empty() && items.size() < kGroupEvents) {
                    items.push_back(m_queue.front());
                    m_queue.pop_front();
                }
            } else {
                break;
            }
        }
        if (scan) {
            QSqlQuery q(reader->database());
            q.exec(
                u"SELECT e.id, (SELECT d.id FROM deliveries d WHERE d.event_id = e.id AND d.status_code "
                u"BETWEEN 200 AND 299 ORDER BY d.seq LIMIT 1) FROM events e WHERE e.accepted = 1 AND e.processed = 0"_s);
            std::lock_guard lock(m_mutex);
            while (q.next())
                m_queue.emplace_back(q.value(0).toLongLong(), q.value(1).toLongLong());
            continue;
        }
        yieldToIngest();
        for (const auto& [eventRowId, deliveryRowId] : items) {
            read.addBindValue(deliveryRowId);
            if (!read.exec() || !read.next())
                continue;
            const QByteArray body = read.value(0).toByteArray();
            QByteArray contentType;
            for (const QByteArray& line : read.value(1).toByteArray().split('\n')) {
                if (line.toLower().startsWith("content-type:")) {
                    contentType = line.mid(13).trimmed();
                    break;
                }
            }
            read.finish();

            email::MimeReadOptions options;
            if (emailTables) {
                // Attachments of raw MIME are stored as they are decoded, one at a time: a large email never
                // holds more than one decoded attachment.
                options.keepData = false;
                options.onAttachment = [this](const email::Attachment& a, const QByteArray& data) {
                    std::promise<bool> stored;
                    m_writer.submitJob([this, sha = a.sha256, data](
                                           QSqlDatabase& db) { return email::storeBlob(db, m_path, sha, data); },
                        [&stored](bool ok) { stored.set_value(ok); });
                    stored.get_future().get();
                };
            }
            group.push_back({ eventRowId, email::parsePayload(contentType, body, options) });
            groupBytes += body.size();
            if (groupBytes >= kGroupBytes)
                flush();
        }
        flush();
    }
}

} // namespace hookscope::ingest
