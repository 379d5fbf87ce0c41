#include "bodysegments.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <sqlite3.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <optional>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace hookscope::store {

namespace {

/** A segment is closed for appends once it holds this much; the next batch starts the next one. */
constexpr qint64 kSegmentBytes = qint64(64) * 1024 * 1024;

QString segmentPath(const QString& folder, qint64 number)
{
    return folder + u"/%1.seg"_s.arg(number, 8, 10, QChar(u'0'));
}

QByteArray encoded(const QString& path)
{
    return QFile::encodeName(path);
}

QString errnoText()
{
    return QString::fromLocal8Bit(strerror(errno));
}

quint32 crc32Of(const char* data, qint64 size)
{
    return quint32(crc32_z(crc32_z(0, nullptr, 0), reinterpret_cast<const Bytef*>(data), size_t(size)));
}

/** The highest segment number in `folder`, 0 when it has none. */
qint64 newestSegment(const QString& folder)
{
    qint64 newest = 0;
    const auto names = QDir(folder).entryList({ u"*.seg"_s }, QDir::Files);
    for (const QString& name : names) {
        bool ok = false;
        const qint64 n = name.chopped(4).toLongLong(&ok);
        if (ok && n > newest)
            newest = n;
    }
    return newest;
}

/** fdatasync of segment `number` in `folder` through a descriptor of its own; quick when it is on the disk already. */
Result<void> syncSegment(const QString& folder, qint64 number)
{
    const QString path = segmentPath(folder, number);
    const int fd = ::open(encoded(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? Result<void>() : fail(u"cannot open %1: %2"_s.arg(path, errnoText()));
    const bool synced = ::fdatasync(fd) == 0;
    const QString error = synced ? QString() : u"cannot sync %1: %2"_s.arg(path, errnoText());
    ::close(fd);
    return synced ? Result<void>() : fail(error);
}

/** Writes all of `iov` at `offset` (pwritev, resumed after a short write). */
bool writeAll(int fd, std::vector<iovec> iov, qint64 offset)
{
    size_t first = 0;
    while (first < iov.size()) {
        const ssize_t n = ::pwritev(fd, iov.data() + first, int(std::min<size_t>(iov.size() - first, IOV_MAX)), offset);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        offset += n;
        size_t left = size_t(n);
        while (first < iov.size() && left >= iov[first].iov_len)
            left -= iov[first++].iov_len;
        if (first < iov.size()) {
            iov[first].iov_base = static_cast<char*>(iov[first].iov_base) + left;
            iov[first].iov_len -= left;
        }
    }
    return true;
}

} // namespace

BodySegments::BodySegments(const QString& storePath)
    : m_folder(folderOf(storePath))
{
}

BodySegments::~BodySegments()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

QString BodySegments::folderOf(const QString& storePath)
{
    return QFileInfo(storePath).absoluteFilePath() + u".bodies"_s;
}

Result<void> BodySegments::openSegment(qint64 number, bool create)
{
    const QString path = segmentPath(m_folder, number);
    const int fd = ::open(encoded(path).constData(), O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0), 0600);
    if (fd < 0)
        return fail(u"cannot open %1: %2"_s.arg(path, errnoText()));
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = fd;
    m_segment = number;
    return {};
}

Result<QString> BodySegments::recover(sqlite3* db)
{
    // Created 0700 (the store itself is 0600): bodies are what the store holds that matters most.
    if (!QFileInfo::exists(m_folder) && ::mkdir(encoded(m_folder).constData(), 0700) != 0 && errno != EEXIST)
        return fail(u"cannot create %1: %2"_s.arg(m_folder, errnoText()));
    const qint64 newest = std::max<qint64>(newestSegment(m_folder), 1);
    if (auto opened = openSegment(newest, true); !opened)
        return fail(opened.error());
    m_previousUnsynced = newest > 1; // an earlier process may have left it unsynced

    // The deliveries' rowids grow in the order their bodies were appended (both happen under the write lock), so
    // the last row with a segment points at the end of what was committed.
    sqlite3_stmt* last = nullptr;
    if (sqlite3_prepare_v2(db,
            "SELECT body_segment, body_offset + body_size FROM deliveries WHERE body_segment IS NOT NULL "
            "ORDER BY id DESC LIMIT 1",
            -1, &last, nullptr)
        != SQLITE_OK)
        return fail(u"cannot read where the bodies end: %1"_s.arg(QString::fromUtf8(sqlite3_errmsg(db))));
    qint64 committedEnd = 0;
    if (sqlite3_step(last) == SQLITE_ROW && sqlite3_column_int64(last, 0) == m_segment)
        committedEnd = sqlite3_column_int64(last, 1);
    sqlite3_finalize(last);

    struct stat st { };
    if (::fstat(m_fd, &st) != 0)
        return fail(u"cannot read %1: %2"_s.arg(segmentPath(m_folder, m_segment), errnoText()));
    QString warning;
    if (st.st_size > committedEnd) {
        if (::ftruncate(m_fd, committedEnd) != 0)
            return fail(
                u"cannot cut the uncommitted end of %1: %2"_s.arg(segmentPath(m_folder, m_segment), errnoText()));
    } else if (st.st_size < committedEnd) {
        warning = u"%1 ends at byte %2, but the store points up to byte %3: the bodies past its end were lost "
                  "(the machine stopped before they reached the disk) and read as an error"_s
                      .arg(segmentPath(m_folder, m_segment))
                      .arg(st.st_size)
                      .arg(committedEnd);
    }
    return warning;
}

namespace {
/** SQLite's count of changes to the store seen by `db`, its own commits included; nothing if SQLite cannot say. */
std::optional<unsigned> dataVersion(sqlite3* db)
{
    unsigned version = 0;
    if (sqlite3_file_control(db, "main", SQLITE_FCNTL_DATA_VERSION, &version) != SQLITE_OK)
        return std::nullopt;
    return version;
}
} // namespace

Result<std::vector<BodyRef>> BodySegments::append(sqlite3* db, const std::vector<QByteArrayView>& bodies)
{
    if (m_fd < 0)
        return fail(u"the body segments are not open"_s);
    qint64 end = m_knownVersion && dataVersion(db) == m_knownVersion ? m_knownEnd : -1;
    m_knownVersion.reset();
    if (end < 0) {
        // Another process writing this store may have appended, or started a newer segment, since this one's last
        // append.
        while (QFileInfo::exists(segmentPath(m_folder, m_segment + 1))) {
            if (auto opened = openSegment(m_segment + 1, false); !opened)
                return fail(opened.error());
            m_previousUnsynced = true; // what this connection appended to the one it left
        }
        struct stat st { };
        if (::fstat(m_fd, &st) != 0)
            return fail(u"cannot read %1: %2"_s.arg(segmentPath(m_folder, m_segment), errnoText()));
        end = st.st_size;
    }
    if (end >= kSegmentBytes) {
        // The full segment is left to the next sync, which takes the newest two (sync(), syncNewest()): waiting for
        // its unsynced bytes here would hold the batch (6.6 ms in a trace). The one before it, which the syncs since
        // have almost always covered already, must be on the disk before it falls out of the newest two.
        if (auto synced = syncPrevious(); !synced)
            return fail(synced.error());
        if (auto opened = openSegment(m_segment + 1, true); !opened)
            return fail(opened.error());
        m_previousUnsynced = true;
        end = 0;
    }

    std::vector<BodyRef> refs;
    refs.reserve(bodies.size());
    std::vector<iovec> iov;
    iov.reserve(bodies.size());
    qint64 offset = end;
    for (const QByteArrayView body : bodies) {
        refs.push_back(BodyRef { m_segment, offset, body.size(), crc32Of(body.data(), body.size()) });
        iov.push_back(iovec { const_cast<char*>(body.data()), size_t(body.size()) });
        offset += body.size();
    }
    m_lastStart = end;
    if (!writeAll(m_fd, std::move(iov), end)) {
        const QString error = u"cannot write to %1: %2"_s.arg(segmentPath(m_folder, m_segment), errnoText());
        undoAppend();
        return fail(error);
    }
    m_knownEnd = offset;
    return refs;
}

void BodySegments::committed(sqlite3* db)
{
    m_knownVersion = dataVersion(db);
}

void BodySegments::undoAppend()
{
    m_knownVersion.reset();
    if (m_fd >= 0 && m_lastStart >= 0 && ::ftruncate(m_fd, m_lastStart) != 0)
        qWarning("cannot take back the bytes of a rolled-back batch: %s", strerror(errno));
    m_lastStart = -1;
}

Result<void> BodySegments::syncPrevious()
{
    if (!m_previousUnsynced || m_segment <= 1)
        return {};
    if (auto synced = syncSegment(m_folder, m_segment - 1); !synced)
        return synced;
    m_previousUnsynced = false;
    return {};
}

Result<void> BodySegments::sync()
{
    if (auto synced = syncPrevious(); !synced)
        return synced;
    if (m_fd >= 0 && ::fdatasync(m_fd) != 0)
        return fail(u"cannot sync %1: %2"_s.arg(segmentPath(m_folder, m_segment), errnoText()));
    return {};
}

void BodySegments::syncNewest(const QString& storePath)
{
    const QString folder = folderOf(storePath);
    const qint64 newest = newestSegment(folder);
    for (qint64 segment = newest; segment > 0 && segment >= newest - 1; --segment)
        syncSegment(folder, segment);
}

namespace {

/** One connection's segment files, opened as its queries need them. */
struct BodyReader {
    QString folder;
    std::map<qint64, int> files;
    ~BodyReader()
    {
        for (const auto& [segment, fd] : files)
            ::close(fd);
    }
    int file(qint64 segment)
    {
        if (auto it = files.find(segment); it != files.end())
            return it->second;
        const int fd = ::open(encoded(segmentPath(folder, segment)).constData(), O_RDONLY | O_CLOEXEC);
        if (fd >= 0)
            files.emplace(segment, fd);
        return fd;
    }
};

void readBody(sqlite3_context* ctx, int argc, sqlite3_value** argv)
{
    if (sqlite3_value_type(argv[1]) == SQLITE_NULL) {
        sqlite3_result_value(ctx, argv[0]); // inline, as every body was before segments
        if (argc == 6 && sqlite3_value_type(argv[0]) != SQLITE_NULL) {
            const qint64 limit = sqlite3_value_int64(argv[5]);
            const int size = sqlite3_value_bytes(argv[0]);
            if (limit >= 0 && size > limit)
                sqlite3_result_blob64(ctx, sqlite3_value_blob(argv[0]), sqlite3_uint64(limit), SQLITE_TRANSIENT);
        }
        return;
    }
    auto* reader = static_cast<BodyReader*>(sqlite3_user_data(ctx));
    const qint64 segment = sqlite3_value_int64(argv[1]);
    const qint64 offset = sqlite3_value_int64(argv[2]);
    const qint64 size = sqlite3_value_int64(argv[3]);
    const auto checksum = quint32(sqlite3_value_int64(argv[4]));
    const bool preview = argc == 6;
    const qint64 wanted = preview ? std::clamp<qint64>(sqlite3_value_int64(argv[5]), 0, size) : size;
    const QByteArray where = encoded(segmentPath(reader->folder, segment)) + " at byte " + QByteArray::number(offset);
    const int fd = reader->file(segment);
    if (fd < 0) {
        const QByteArray error = "a delivery's body is missing: cannot open " + where + ": " + strerror(errno);
        sqlite3_result_error(ctx, error.constData(), int(error.size()));
        return;
    }
    auto* bytes = static_cast<char*>(sqlite3_malloc64(sqlite3_uint64(std::max<qint64>(wanted, 1))));
    if (!bytes) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    qint64 got = 0;
    while (got < wanted) {
        const ssize_t n = ::pread(fd, bytes + got, size_t(wanted - got), offset + got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += n;
    }
    if (got < wanted || (!preview && crc32Of(bytes, got) != checksum)) {
        sqlite3_free(bytes);
        const QByteArray error = got < wanted
            ? QByteArray("a delivery's body is cut short: " + where + " holds " + QByteArray::number(got) + " of its "
                + QByteArray::number(wanted) + " bytes")
            : QByteArray("a delivery's body is damaged: " + where + " does not match its checksum");
        sqlite3_result_error(ctx, error.constData(), int(error.size()));
        return;
    }
    sqlite3_result_blob64(ctx, bytes, sqlite3_uint64(got), sqlite3_free);
}

} // namespace

void registerBodyReader(sqlite3* db)
{
    const char* file = sqlite3_db_filename(db, "main");
    if (!file || !*file)
        return;
    auto* reader = new BodyReader { BodySegments::folderOf(QFile::decodeName(file)), {} };
    // The files are closed with the connection (the destructor is called once, after the last registration).
    auto destroy = [](void* p) { delete static_cast<BodyReader*>(p); };
    sqlite3_create_function_v2(
        db, "hookscope_body", 5, SQLITE_UTF8 | SQLITE_DIRECTONLY, reader, &readBody, nullptr, nullptr, nullptr);
    sqlite3_create_function_v2(
        db, "hookscope_body", 6, SQLITE_UTF8 | SQLITE_DIRECTONLY, reader, &readBody, nullptr, nullptr, destroy);
}

QString bodyExpression(QStringView table, qint64 previewBytes)
{
    const QString preview = previewBytes >= 0 ? u", "_s + QString::number(previewBytes) : QString();
    return u"hookscope_body(%1body, %1body_segment, %1body_offset, %1body_size, %1body_checksum%2)"_s.arg(
        table, preview);
}

} // namespace hookscope::store
