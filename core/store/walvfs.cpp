#include "walvfs.h"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace hookscope::store {

namespace {

sqlite3_vfs* g_unix = nullptr;
std::atomic<qint64> g_writes { 0 };
std::atomic<qint64> g_flushes { 0 };

/// A WAL file's frame header (WAL format): its bytes 4-7 are the database's size in pages after the commit for the
/// frame that commits a transaction, 0 for every other.
constexpr int kFrameHeaderBytes = 24;
constexpr int kWalHeaderBytes = 32;
/// Past this many bytes kept, they are written out even before the commit (a transaction that spills).
constexpr sqlite3_int64 kMaxKept = 4 * 1024 * 1024;

/**
 * Every file this VFS opens: SQLite's own (`real`, the unix VFS's, right after this struct in the space SQLite
 * allocates) behind the methods below. A WAL file keeps its writes in `kept`; a database file knows its
 * connection's WAL file while that is open.
 */
struct ShimFile {
    sqlite3_file base;
    sqlite3_file* real;
    ShimFile* wal; ///< database files: the connection's WAL file, if open
    ShimFile* database; ///< WAL files: the connection's database file
    char* kept;
    sqlite3_int64 keptStart;
    sqlite3_int64 keptBytes;
    sqlite3_int64 keptCapacity;
    bool commitFrame; ///< the last write was the header of a committing frame: its page comes next
};

constexpr size_t kShimBytes = (sizeof(ShimFile) + 15) & ~size_t(15);

ShimFile* shim(sqlite3_file* f)
{
    return reinterpret_cast<ShimFile*>(f);
}

/// The unix VFS writes at most 128 KiB - 1 bytes in one call (it masks the size: seekAndWriteFd).
constexpr sqlite3_int64 kMaxWrite = 124 * 1024;

int flush(ShimFile* f)
{
    if (f->keptBytes == 0)
        return SQLITE_OK;
    int rc = SQLITE_OK;
    for (sqlite3_int64 done = 0; done < f->keptBytes && rc == SQLITE_OK; done += kMaxWrite) {
        const int n = int(std::min(kMaxWrite, f->keptBytes - done));
        rc = f->real->pMethods->xWrite(f->real, f->kept + done, n, f->keptStart + done);
    }
    f->keptBytes = 0;
    ++g_flushes;
    return rc;
}

// Pass-through methods: every file.
int passClose(sqlite3_file* f)
{
    ShimFile* s = shim(f);
    int rc = SQLITE_OK;
    if (s->kept) {
        rc = flush(s);
        std::free(s->kept);
        s->kept = nullptr;
    }
    if (s->database && s->database->wal == s)
        s->database->wal = nullptr;
    if (s->wal)
        s->wal->database = nullptr;
    const int closed = s->real->pMethods ? s->real->pMethods->xClose(s->real) : SQLITE_OK;
    return rc != SQLITE_OK ? rc : closed;
}
int passRead(sqlite3_file* f, void* out, int amount, sqlite3_int64 offset)
{
    ShimFile* s = shim(f);
    if (int rc = flush(s); rc != SQLITE_OK)
        return rc;
    return s->real->pMethods->xRead(s->real, out, amount, offset);
}
int passWrite(sqlite3_file* f, const void* data, int amount, sqlite3_int64 offset)
{
    return shim(f)->real->pMethods->xWrite(shim(f)->real, data, amount, offset);
}
int passTruncate(sqlite3_file* f, sqlite3_int64 size)
{
    ShimFile* s = shim(f);
    if (int rc = flush(s); rc != SQLITE_OK)
        return rc;
    return s->real->pMethods->xTruncate(s->real, size);
}
int passSync(sqlite3_file* f, int flags)
{
    ShimFile* s = shim(f);
    if (int rc = flush(s); rc != SQLITE_OK)
        return rc;
    return s->real->pMethods->xSync(s->real, flags);
}
int passFileSize(sqlite3_file* f, sqlite3_int64* size)
{
    ShimFile* s = shim(f);
    if (int rc = flush(s); rc != SQLITE_OK)
        return rc;
    return s->real->pMethods->xFileSize(s->real, size);
}
int passLock(sqlite3_file* f, int level)
{
    return shim(f)->real->pMethods->xLock(shim(f)->real, level);
}
int passUnlock(sqlite3_file* f, int level)
{
    return shim(f)->real->pMethods->xUnlock(shim(f)->real, level);
}
int passCheckReservedLock(sqlite3_file* f, int* out)
{
    return shim(f)->real->pMethods->xCheckReservedLock(shim(f)->real, out);
}
int passFileControl(sqlite3_file* f, int op, void* arg)
{
    ShimFile* s = shim(f);
    if (int rc = flush(s); rc != SQLITE_OK)
        return rc;
    return s->real->pMethods->xFileControl(s->real, op, arg);
}
int passSectorSize(sqlite3_file* f)
{
    return shim(f)->real->pMethods->xSectorSize(shim(f)->real);
}
int passDeviceCharacteristics(sqlite3_file* f)
{
    return shim(f)->real->pMethods->xDeviceCharacteristics(shim(f)->real);
}
int passShmMap(sqlite3_file* f, int region, int size, int extend, void volatile** out)
{
    return shim(f)->real->pMethods->xShmMap(shim(f)->real, region, size, extend, out);
}
int passShmLock(sqlite3_file* f, int offset, int n, int flags)
{
    return shim(f)->real->pMethods->xShmLock(shim(f)->real, offset, n, flags);
}
void passShmBarrier(sqlite3_file* f)
{
    ShimFile* s = shim(f);
    // The safeguard: whatever the connection's WAL keeps is in the file before the WAL index can point at it.
    if (s->wal)
        flush(s->wal);
    s->real->pMethods->xShmBarrier(s->real);
}
int passShmUnmap(sqlite3_file* f, int deleteFlag)
{
    return shim(f)->real->pMethods->xShmUnmap(shim(f)->real, deleteFlag);
}
int passFetch(sqlite3_file* f, sqlite3_int64 offset, int amount, void** out)
{
    return shim(f)->real->pMethods->xFetch(shim(f)->real, offset, amount, out);
}
int passUnfetch(sqlite3_file* f, sqlite3_int64 offset, void* p)
{
    return shim(f)->real->pMethods->xUnfetch(shim(f)->real, offset, p);
}

/** The WAL's writes: kept while each follows the last, written with the committing frame. */
int walWrite(sqlite3_file* f, const void* data, int amount, sqlite3_int64 offset)
{
    ShimFile* s = shim(f);
    ++g_writes;
    if (s->keptBytes > 0 && (offset != s->keptStart + s->keptBytes || s->keptBytes + amount > kMaxKept)) {
        if (int rc = flush(s); rc != SQLITE_OK)
            return rc;
    }
    if (s->keptBytes == 0)
        s->keptStart = offset;
    if (s->keptBytes + amount > s->keptCapacity) {
        const sqlite3_int64 capacity = std::max<sqlite3_int64>(s->keptBytes + amount, s->keptCapacity * 2);
        char* grown = static_cast<char*>(std::realloc(s->kept, size_t(capacity)));
        if (!grown) {
            if (int rc = flush(s); rc != SQLITE_OK)
                return rc;
            return s->real->pMethods->xWrite(s->real, data, amount, offset);
        }
        s->kept = grown;
        s->keptCapacity = capacity;
    }
    std::memcpy(s->kept + s->keptBytes, data, size_t(amount));
    s->keptBytes += amount;

    if (s->commitFrame) {
        // The committing frame's page: the transaction's frames go to the file now, and an error fails the commit.
        s->commitFrame = false;
        return flush(s);
    }
    if (amount == kFrameHeaderBytes && offset >= kWalHeaderBytes) {
        const auto* b = static_cast<const unsigned char*>(data);
        const quint32 pagesAfterCommit = quint32(b[4]) << 24 | quint32(b[5]) << 16 | quint32(b[6]) << 8 | b[7];
        s->commitFrame = pagesAfterCommit != 0;
    }
    return SQLITE_OK;
}

const sqlite3_io_methods kFileMethods = { 3, passClose, passRead, passWrite, passTruncate, passSync, passFileSize,
    passLock, passUnlock, passCheckReservedLock, passFileControl, passSectorSize, passDeviceCharacteristics, passShmMap,
    passShmLock, passShmBarrier, passShmUnmap, passFetch, passUnfetch };
const sqlite3_io_methods kWalMethods = { 3, passClose, passRead, walWrite, passTruncate, passSync, passFileSize,
    passLock, passUnlock, passCheckReservedLock, passFileControl, passSectorSize, passDeviceCharacteristics, passShmMap,
    passShmLock, passShmBarrier, passShmUnmap, passFetch, passUnfetch };

int shimOpen(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* outFlags)
{
    ShimFile* s = shim(file);
    std::memset(s, 0, sizeof(ShimFile));
    s->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + kShimBytes);
    const int rc = g_unix->xOpen(g_unix, name, s->real, flags, outFlags);
    if (rc != SQLITE_OK) {
        // SQLite calls xClose when pMethods is set, even after a failed open: the unix VFS's own rule.
        s->base.pMethods = s->real->pMethods ? &kFileMethods : nullptr;
        return rc;
    }
    if ((flags & SQLITE_OPEN_WAL) && name) {
        s->base.pMethods = &kWalMethods;
        sqlite3_file* database = sqlite3_database_file_object(name);
        if (database && database->pMethods == &kFileMethods) {
            s->database = shim(database);
            s->database->wal = s;
        }
    } else {
        s->base.pMethods = &kFileMethods;
    }
    return SQLITE_OK;
}

int shimDelete(sqlite3_vfs*, const char* name, int syncDir)
{
    return g_unix->xDelete(g_unix, name, syncDir);
}
int shimAccess(sqlite3_vfs*, const char* name, int flags, int* out)
{
    return g_unix->xAccess(g_unix, name, flags, out);
}
int shimFullPathname(sqlite3_vfs*, const char* name, int size, char* out)
{
    return g_unix->xFullPathname(g_unix, name, size, out);
}
void* shimDlOpen(sqlite3_vfs*, const char* name)
{
    return g_unix->xDlOpen(g_unix, name);
}
void shimDlError(sqlite3_vfs*, int size, char* out)
{
    g_unix->xDlError(g_unix, size, out);
}
void (*shimDlSym(sqlite3_vfs*, void* handle, const char* symbol))(void)
{
    return g_unix->xDlSym(g_unix, handle, symbol);
}
void shimDlClose(sqlite3_vfs*, void* handle)
{
    g_unix->xDlClose(g_unix, handle);
}
int shimRandomness(sqlite3_vfs*, int size, char* out)
{
    return g_unix->xRandomness(g_unix, size, out);
}
int shimSleep(sqlite3_vfs*, int microseconds)
{
    return g_unix->xSleep(g_unix, microseconds);
}
int shimCurrentTime(sqlite3_vfs*, double* out)
{
    return g_unix->xCurrentTime(g_unix, out);
}
int shimGetLastError(sqlite3_vfs*, int size, char* out)
{
    return g_unix->xGetLastError(g_unix, size, out);
}
int shimCurrentTimeInt64(sqlite3_vfs*, sqlite3_int64* out)
{
    return g_unix->xCurrentTimeInt64(g_unix, out);
}

sqlite3_vfs g_vfs {};

} // namespace

void registerWalVfs()
{
    static std::once_flag once;
    std::call_once(once, [] {
        g_unix = sqlite3_vfs_find("unix");
        if (!g_unix)
            return; // not a unix build of SQLite: its default VFS stays
        g_vfs.iVersion = 2;
        g_vfs.szOsFile = int(kShimBytes) + g_unix->szOsFile;
        g_vfs.mxPathname = g_unix->mxPathname;
        g_vfs.zName = "hookscope-wal";
        g_vfs.xOpen = shimOpen;
        g_vfs.xDelete = shimDelete;
        g_vfs.xAccess = shimAccess;
        g_vfs.xFullPathname = shimFullPathname;
        g_vfs.xDlOpen = shimDlOpen;
        g_vfs.xDlError = shimDlError;
        g_vfs.xDlSym = shimDlSym;
        g_vfs.xDlClose = shimDlClose;
        g_vfs.xRandomness = shimRandomness;
        g_vfs.xSleep = shimSleep;
        g_vfs.xCurrentTime = shimCurrentTime;
        g_vfs.xGetLastError = shimGetLastError;
        g_vfs.xCurrentTimeInt64 = shimCurrentTimeInt64;
        sqlite3_vfs_register(&g_vfs, 1);
    });
}

WalVfsCounts walVfsCounts()
{
    return { g_writes.load(), g_flushes.load() };
}

} // namespace hookscope::store
