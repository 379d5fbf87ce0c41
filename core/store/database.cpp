#include "database.h"

#include "bodysegments.h"
#include "walvfs.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QMutex>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <sqlite3.h>

#include <atomic>
#include <fcntl.h>
#include <map>
#include <mutex>
#include <unistd.h>
#include <vector>

using namespace Qt::StringLiterals;

namespace hookscope::store {

namespace {

/** Migrations carried as resources, by number. */
std::map<int, QString> migrations()
{
    std::map<int, QString> list;
    static const QRegularExpression numbered(u"^(\\d+)_.*\\.sql$"_s);
    QDirIterator it(u":/migrations"_s, QDir::Files);
    while (it.hasNext()) {
        it.next();
        const auto m = numbered.match(it.fileName());
        if (m.hasMatch())
            list.emplace(m.captured(1).toInt(), it.filePath());
    }
    return list;
}

/** The statements one thread has started (statementsRunOn). */
struct ThreadStatements {
    const QThread* thread = nullptr;
    std::atomic<qint64> count { 0 };
};

/** Every running thread's count; a thread adds its own when it starts its first statement. */
struct StatementRegistry {
    QMutex mutex;
    std::vector<ThreadStatements*> threads;
};

StatementRegistry& statementRegistry()
{
    static StatementRegistry registry;
    return registry;
}

/** This thread's entry in the registry, taken out when the thread ends. */
struct ThreadSlot {
    ThreadStatements* entry = nullptr;
    ~ThreadSlot()
    {
        if (!entry)
            return;
        StatementRegistry& r = statementRegistry();
        QMutexLocker lock(&r.mutex);
        std::erase(r.threads, entry);
        delete entry;
    }
};
thread_local ThreadSlot t_statements;

/** SQLite's trace callback (SQLITE_TRACE_STMT): a statement starts running on the calling thread. */
int countStatement(unsigned, void*, void*, void*)
{
    if (!t_statements.entry) {
        auto* entry = new ThreadStatements;
        entry->thread = QThread::currentThread();
        StatementRegistry& r = statementRegistry();
        QMutexLocker lock(&r.mutex);
        r.threads.push_back(entry);
        t_statements.entry = entry;
    }
    t_statements.entry->count.fetch_add(1, std::memory_order_relaxed);
    return 0;
}

Result<void> exec(QSqlDatabase& db, const QString& sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        return fail(u"%1: %2"_s.arg(sql, q.lastError().text()));
    return {};
}

/** Stores larger than this are not checked at open: reading every page (about 1 s per 170 MB measured on a loaded
 * 2-core machine) would cost more than opening should. */
constexpr qint64 kQuickCheckMaxBytes = qint64(128) * 1024 * 1024;

/**
 * SQLite's quick_check (every page's structure, not the indexes' contents against their tables), once per store
 * and process: a damaged page is reported at open instead of by whichever later read or write touches it.
 */
Result<void> checkOnce(QSqlDatabase& db, const QString& path)
{
    static std::mutex mutex;
    static QSet<QString> checked;
    const QString key = QFileInfo(path).canonicalFilePath();
    {
        std::lock_guard lock(mutex);
        if (checked.contains(key))
            return {};
    }
    const qint64 size = QFileInfo(path).size() + QFileInfo(path + u"-wal"_s).size();
    if (size <= kQuickCheckMaxBytes) {
        QSqlQuery q(db);
        QStringList problems;
        if (!q.exec(u"PRAGMA quick_check(5)"_s)) {
            problems << q.lastError().databaseText();
        } else {
            while (q.next())
                problems << q.value(0).toString();
        }
        if (problems != QStringList { u"ok"_s }) {
            return fail(u"%1 is damaged (SQLite's quick_check: %2). Hookscope will not read or write it. What can "
                        u"still be read can be saved with: sqlite3 '%1' .recover | sqlite3 recovered.db"_s.arg(
                            path, problems.join(u"; "_s)));
        }
    }
    std::lock_guard lock(mutex);
    checked.insert(key);
    return {};
}

} // namespace

sqlite3* sqliteHandle(QSqlDatabase& db)
{
    const QVariant v = db.driver()->handle();
    if (!v.isValid() || qstrcmp(v.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3* const*>(v.data());
}

int latestSchemaVersion()
{
    const auto list = migrations();
    return list.empty() ? 0 : list.rbegin()->first;
}

qint64 statementsRunOn(const QThread* thread)
{
    StatementRegistry& r = statementRegistry();
    QMutexLocker lock(&r.mutex);
    qint64 n = 0;
    for (const ThreadStatements* t : r.threads)
        n += t->thread == thread ? t->count.load(std::memory_order_relaxed) : 0;
    return n;
}

QString threadConnectionName(const QString& purpose)
{
    return u"%1-%2"_s.arg(purpose).arg(quintptr(QThread::currentThreadId()));
}

Result<void> executeScript(QSqlDatabase& db, const QByteArray& sql)
{
    sqlite3* h = sqliteHandle(db);
    if (!h)
        return fail(u"not an SQLite connection"_s);
    char* message = nullptr;
    if (sqlite3_exec(h, sql.constData(), nullptr, nullptr, &message) != SQLITE_OK) {
        const QString text = QString::fromUtf8(message ? message : "unknown error");
        sqlite3_free(message);
        return fail(text);
    }
    return {};
}

int schemaVersion(QSqlDatabase& db)
{
    QSqlQuery q(db);
    if (q.exec(u"PRAGMA user_version"_s) && q.next())
        return q.value(0).toInt();
    return -1;
}

Result<QSqlDatabase> openDatabase(
    const QString& path, const QString& connectionName, Durability durability, bool readOnly)
{
    if (!readOnly && !QFileInfo::exists(path)) {
        const QString dir = QFileInfo(path).absolutePath();
        if (!QDir().mkpath(dir))
            return fail(u"cannot create the folder %1"_s.arg(dir));
        // Created 0600 before SQLite sees it; SQLite gives the -wal and -shm files the same mode.
        const int fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0)
            return fail(u"cannot create %1: %2"_s.arg(path, QString::fromLocal8Bit(strerror(errno))));
        ::close(fd);
    }
    if (readOnly && !QFileInfo::exists(path))
        return fail(u"no store at %1"_s.arg(path));

    // Every connection writes its WAL frames once per commit (walvfs.h).
    registerWalVfs();
    QSqlDatabase db = QSqlDatabase::contains(connectionName) ? QSqlDatabase::database(connectionName, false)
                                                             : QSqlDatabase::addDatabase(u"QSQLITE"_s, connectionName);
    db.setDatabaseName(path);
    db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (!db.isOpen() && !db.open())
        return fail(u"cannot open %1: %2"_s.arg(path, db.lastError().text()));
    if (sqlite3* h = sqliteHandle(db)) {
        sqlite3_trace_v2(h, SQLITE_TRACE_STMT, &countStatement, nullptr);
        registerBodyReader(h);
    }

    const QString sync = durability == Durability::Full ? u"FULL"_s : u"NORMAL"_s;
    for (const QString& pragma : QStringList { u"PRAGMA journal_mode=WAL"_s, QString(u"PRAGMA synchronous="_s + sync),
             u"PRAGMA foreign_keys=ON"_s, u"PRAGMA temp_store=MEMORY"_s }) {
        if (auto r = exec(db, pragma); !r)
            return fail(u"cannot set up %1: %2"_s.arg(path, r.error()));
    }

    if (auto checked = checkOnce(db, path); !checked)
        return fail(checked.error());
    const int current = schemaVersion(db);
    if (current < 0)
        return fail(u"%1 is not a Hookscope store (or is damaged)"_s.arg(path));
    const int latest = latestSchemaVersion();
    if (current > latest)
        return fail(
            u"%1 was written by a newer Hookscope (schema %2, this build knows %3)"_s.arg(path).arg(current).arg(
                latest));
    for (const auto& [number, file] : migrations()) {
        if (number <= current)
            continue;
        if (readOnly)
            return fail(u"%1 needs migrating; open it once read-write"_s.arg(path));
        QFile f(file);
        f.open(QIODevice::ReadOnly);
        // BEGIN IMMEDIATE, then re-check: another process may have migrated while we waited for the lock.
        if (auto r = exec(db, u"BEGIN IMMEDIATE"_s); !r)
            return fail(r.error());
        if (schemaVersion(db) >= number) {
            exec(db, u"COMMIT"_s);
            continue;
        }
        auto r = executeScript(db, f.readAll() + "\nPRAGMA user_version=" + QByteArray::number(number) + ";");
        if (!r) {
            exec(db, u"ROLLBACK"_s);
            return fail(u"migration %1 failed: %2"_s.arg(number).arg(r.error()));
        }
        if (auto c = exec(db, u"COMMIT"_s); !c)
            return fail(c.error());
    }
    return db;
}

} // namespace hookscope::store
