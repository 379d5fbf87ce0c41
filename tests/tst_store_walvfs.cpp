// The store's VFS (core/store/walvfs.h): a connection's WAL frames reach the file in one write per commit, and
// another connection, in this process or through SQLite's own unix VFS, reads every commit whole as soon as it is
// made and never a frame that is not in the file. A commit whose write fails is covered by tst_limits
// (failedCommitAnswers503: the real binary with a file size limit), a kill -9 between two writes by tst_crash.

#include "core/store/database.h"
#include "core/store/walvfs.h"

#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <atomic>
#include <thread>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace {

/** A connection of SQLite's own, through its unix VFS, not the store's. */
struct PlainConnection {
    sqlite3* db = nullptr;
    explicit PlainConnection(const QString& path)
    {
        sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READONLY, "unix");
        sqlite3_busy_timeout(db, 5000);
    }
    ~PlainConnection() { sqlite3_close(db); }
    qint64 value(const char* sql) const
    {
        sqlite3_stmt* st = nullptr;
        qint64 v = -1;
        if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        return v;
    }
    QString text(const char* sql) const
    {
        sqlite3_stmt* st = nullptr;
        QString v;
        if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
            v = QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
        sqlite3_finalize(st);
        return v;
    }
};

} // namespace

class tst_WalVfs : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aCommitReachesTheWalInOneWrite()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"w.db"_s);
        auto db = store::openDatabase(path, u"walvfs-one"_s);
        QVERIFY2(db, db ? "" : qPrintable(db.error()));
        QSqlQuery q(*db);
        QVERIFY(q.exec(u"CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT UNIQUE, v BLOB)"_s));
        QVERIFY(q.exec(u"CREATE INDEX t_v ON t (v)"_s));
        QCOMPARE(QString::fromUtf8(sqlite3_vfs_find(nullptr)->zName), u"hookscope-wal"_s);

        // Rows at random places in two indexes: a commit of many pages, each written as a frame.
        const store::WalVfsCounts before = store::walVfsCounts();
        QVERIFY(q.exec(u"BEGIN IMMEDIATE"_s));
        QVERIFY(q.prepare(u"INSERT INTO t (k, v) VALUES (?, randomblob(300))"_s));
        for (int i = 0; i < 200; ++i) {
            q.addBindValue(QString::number(i * 7919 % 1000));
            QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
        }
        QVERIFY2(q.exec(u"COMMIT"_s), qPrintable(q.lastError().text()));
        const store::WalVfsCounts after = store::walVfsCounts();
        QVERIFY2(after.writes - before.writes > 20, qPrintable(QString::number(after.writes - before.writes)));
        QCOMPARE(after.flushes - before.flushes, 1);

        // SQLite's own VFS, another connection: the whole commit, at once.
        PlainConnection plain(path);
        QCOMPARE(plain.value("SELECT count(*) FROM t"), 200);
        QCOMPARE(plain.value("SELECT count(DISTINCT k) FROM t"), 200);
        QCOMPARE(plain.text("PRAGMA integrity_check"), u"ok"_s);
        q.finish();
        db->close();
    }

    void readersSeeEveryCommitWhole()
    {
        // One writer commits groups of rows that sum to zero; readers in this process (through the store's VFS) and
        // of SQLite's own read as it goes. Every read sees whole groups: a frame published before it was written would
        // show as a row missing, a wrong sum or a damaged page.
        QTemporaryDir dir;
        const QString path = dir.filePath(u"w.db"_s);
        {
            auto db = store::openDatabase(path, u"walvfs-setup"_s);
            QVERIFY(db);
            QSqlQuery q(*db);
            QVERIFY(q.exec(u"CREATE TABLE g (id INTEGER PRIMARY KEY, grp INTEGER, n INTEGER, pad BLOB)"_s));
            QVERIFY(q.exec(u"CREATE INDEX g_grp ON g (grp, n)"_s));
            q.finish();
            db->close();
        }
        constexpr int Groups = 400;
        constexpr int PerGroup = 9;
        std::atomic<bool> done { false };
        std::atomic<int> badReads { 0 };
        std::atomic<int> reads { 0 };
        QString writeError;
        std::thread writer([&] {
            const QString name = u"walvfs-writer"_s;
            {
                auto db = store::openDatabase(path, name);
                QSqlQuery q(*db);
                for (int g = 0; g < Groups && writeError.isEmpty(); ++g) {
                    q.exec(u"BEGIN IMMEDIATE"_s);
                    q.prepare(u"INSERT INTO g (grp, n, pad) VALUES (?, ?, randomblob(700))"_s);
                    for (int i = 0; i < PerGroup; ++i) {
                        q.addBindValue(g);
                        q.addBindValue(i == PerGroup - 1 ? -(PerGroup - 1) * 5 : 5);
                        if (!q.exec())
                            writeError = q.lastError().text();
                    }
                    if (!q.exec(u"COMMIT"_s))
                        writeError = q.lastError().text();
                }
                q.finish();
                db->close();
            }
            QSqlDatabase::removeDatabase(name);
            done = true;
        });
        const auto check = [&](qint64 rows, qint64 sum, qint64 groups) {
            ++reads;
            if (rows != groups * PerGroup || sum != 0)
                ++badReads;
        };
        std::thread plainReader([&] {
            PlainConnection plain(path);
            while (!done) {
                sqlite3_exec(plain.db, "BEGIN", nullptr, nullptr, nullptr);
                check(plain.value("SELECT count(*) FROM g"), plain.value("SELECT coalesce(sum(n), 0) FROM g"),
                    plain.value("SELECT count(DISTINCT grp) FROM g"));
                sqlite3_exec(plain.db, "COMMIT", nullptr, nullptr, nullptr);
            }
        });
        {
            auto db = store::openDatabase(path, u"walvfs-reader"_s);
            QVERIFY(db);
            QSqlQuery q(*db);
            while (!done) {
                QVERIFY(q.exec(u"SELECT count(*), coalesce(sum(n), 0), count(DISTINCT grp) FROM g"_s) && q.next());
                check(q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toLongLong());
                q.finish();
            }
            db->close();
        }
        writer.join();
        plainReader.join();
        QVERIFY2(writeError.isEmpty(), qPrintable(writeError));
        QVERIFY(reads > 10);
        QCOMPARE(badReads.load(), 0);
        PlainConnection plain(path);
        QCOMPARE(plain.value("SELECT count(*) FROM g"), Groups * PerGroup);
        QCOMPARE(plain.text("PRAGMA integrity_check"), u"ok"_s);
    }
};

QTEST_GUILESS_MAIN(tst_WalVfs)
#include "tst_store_walvfs.moc"
