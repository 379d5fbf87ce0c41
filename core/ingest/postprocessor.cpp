#include "postprocessor.h"

#include "core/email/adapter.h"
#include "core/email/mimeparser.h"
#include "core/email/payload.h"
#include "core/http/httpheader.h"
#include "core/scan/attachmentscanner.h"
#include "core/store/emailindex.h"
#include "core/store/emailprocessing.h"
#include "core/store/eventstore.h"

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

bool PostProcessor::yieldToIngest()
{
    if (!ingestBusy)
        return false;
    std::unique_lock lock(m_mutex);
    for (int waited = 0; waited < kMaxDeferMs && !m_stopping && ingestBusy(); waited += 100)
        m_stopWake.wait_for(lock, std::chrono::milliseconds(100));
    return !m_stopping && ingestBusy();
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

// Events are read in groups and written back in one job per group, so a burst of arrivals costs the
// writer a few transactions instead of one per event. A group is flushed once its bodies pass
// kGroupBytes, which bounds memory when large emails arrive together.
constexpr size_t kGroupEvents = 128;
/// While ingest stays busy past a deferral, a smaller group: its job holds the writer (and the requests waiting on
/// it) a quarter as long.
constexpr size_t kBusyGroupEvents = 32;
constexpr qint64 kGroupBytes = 8 * 1024 * 1024;

} // namespace

void PostProcessor::run()
{
    pthread_setname_np(pthread_self(), "post-process");
    auto opened = store::EventStore::open(m_path, false);
    if (!opened)
        return;
    std::unique_ptr<store::EventStore> reader = std::move(*opened);
    const bool emailTables = store::hasEmailTables(reader->database());
    store::PayloadReader read(reader->database());

    std::vector<Processed> group;
    QList<qint64> unread; ///< given, but their payload could not be read (purged since, or damaged)
    qint64 groupBytes = 0;
    auto flush = [&] {
        if (group.empty() && unread.isEmpty())
            return;
        std::promise<bool> committed;
        m_writer.submitJob(
            [this, emailTables, &group, &unread](QSqlDatabase& db) -> Result<void> {
                store::EmailFieldsWriter fields(db);
                for (const Processed& p : group) {
                    if (!fields.write(p.eventRowId, p.parsed))
                        return fail(u"cannot store the email fields of event %1"_s.arg(p.eventRowId));
                }
                if (auto sorted = store::enterSortIndexes(db, unread); !sorted)
                    return sorted;
                if (emailTables) {
                    QList<store::IndexedEmail> emails;
                    for (const Processed& p : group)
                        emails.append({ p.eventRowId, p.parsed ? &*p.parsed : nullptr });
                    store::storeEmailIndexes(db, m_path, emails);
                }
                return {};
            },
            [&committed](const Result<void>& r) { committed.set_value(bool(r)); });
        const bool ok = committed.get_future().get();
        if (ok && onProcessed) {
            for (const Processed& p : group)
                onProcessed(p.eventRowId);
        }
        // Attachment safety, once the attachments are stored: still after the ack, never on the ingest path.
        QList<qint64> withAttachments;
        if (ok && scanner && emailTables) {
            for (const Processed& p : group)
                if (p.parsed && !p.parsed->attachments.isEmpty())
                    withAttachments << p.eventRowId;
        }
        group.clear();
        unread.clear();
        groupBytes = 0;
        if (!withAttachments.isEmpty()) {
            auto scanned = scanner->scanEvents(*reader, m_writer, withAttachments);
            if (scanned && onScanned)
                for (const qint64 id : withAttachments)
                    onScanned(id);
        }
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
            auto unprocessed = store::unprocessedEvents(reader->database());
            std::lock_guard lock(m_mutex);
            if (unprocessed)
                for (const auto& [event, delivery] : *unprocessed)
                    m_queue.emplace_back(event, delivery);
            continue;
        }
        if (yieldToIngest() && items.size() > kBusyGroupEvents) {
            std::lock_guard lock(m_mutex);
            for (size_t i = items.size(); i-- > kBusyGroupEvents;)
                m_queue.push_front(items[i]);
            items.resize(kBusyGroupEvents);
        }
        for (const auto& [eventRowId, deliveryRowId] : items) {
            auto payload = read.read(deliveryRowId);
            if (!payload || !*payload) {
                unread << eventRowId;
                continue;
            }
            email::PayloadRequest request;
            request.body = (*payload)->body;
            request.headers = http::parseHeaderBlock((*payload)->rawHead);
            request.contentType = http::headerValue(request.headers, "Content-Type");
            request.route = (*payload)->route;

            email::MimeReadOptions options;
            if (emailTables) {
                // Attachments of raw MIME are stored as they are decoded, one at a time: a large email never
                // holds more than one decoded attachment.
                options.keepData = false;
                options.onAttachment = [this](const email::Attachment& a, const QByteArray& data) {
                    std::promise<bool> stored;
                    m_writer.submitJob([this, sha = a.sha256, data](
                                           QSqlDatabase& db) { return store::storeBlob(db, m_path, sha, data); },
                        [&stored](const Result<void>& r) { stored.set_value(bool(r)); });
                    stored.get_future().get();
                };
            }
            group.push_back({ eventRowId, email::parsePayload(request, options) });
            groupBytes += request.body.size();
            if (groupBytes >= kGroupBytes)
                flush();
        }
        flush();
    }
}

} // namespace hookscope::ingest
