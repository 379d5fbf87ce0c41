#include "uistore.h"

#include "core/store/database.h"
#include "core/store/eventstore.h"

#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace hookscope;

class TestMigrations : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void freshStoreIsAtLatestVersion();
    void reopeningIsANoOp();
    void newerStoreIsRefused();
    void readOnlyOpenOfMissingStoreFails();
    void walAndPermissions();
    void replaysCountOnlyAnsweredRuns();
};

// Migration 012: a store whose replays counted failed runs too counts only the runs answered 2xx.
void TestMigrations::replaysCountOnlyAnsweredRuns()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"a.db"_s);
    {
        auto db = store::openDatabase(path, u"t6a"_s);
        QVERIFY(db);
        QSqlQuery q(*db);
        QVERIFY(
            q.exec(u"INSERT INTO events (id, route, idem_key, key_source, received_us, last_us, status, replays) "
                   u"VALUES (1, 'r', 'k', 'id', 1, 1, 'verified', 3), (2, 'r', 'k2', 'id', 1, 1, 'verified', 1)"_s));
        // Event 1: one run answered after a retry, one refused, one that never connected; event 2: one refused.
        QVERIFY(
            q.exec(u"INSERT INTO attempts (event_id, run_id, kind, target, mode, attempt, state, scheduled_us) VALUES "
                   u"(1, 'a', 'replay', 'http://x', 'as-captured', 1, 'failed', 1), "
                   u"(1, 'a', 'replay', 'http://x', 'as-captured', 2, 'done', 2), "
                   u"(1, 'b', 'replay', 'http://x', 'as-captured', 1, 'failed', 3), "
                   u"(1, 'c', 'replay', 'http://x', 'as-captured', 1, 'failed', 4), "
                   u"(1, 'd', 'forward', 'http://x', 'as-captured', 1, 'done', 5), "
                   u"(2, 'e', 'replay', 'http://x', 'as-captured', 1, 'failed', 6)"_s));
        // As schema 11 left the store: without 014's columns and 015's.
        for (const QString& column : { u"body_segment"_s, u"body_offset"_s, u"body_checksum"_s })
            QVERIFY2(q.exec(u"ALTER TABLE deliveries DROP COLUMN "_s + column), qPrintable(q.lastError().text()));
        QString error;
        QVERIFY2(test::dropSortIndexed(*db, &error), qPrintable(error));
        QVERIFY(q.exec(u"PRAGMA user_version = 11"_s));
        db->close();
    }
    auto again = store::openDatabase(path, u"t6b"_s);
    QVERIFY2(again, qPrintable(errorText(again)));
    QSqlQuery q(*again);
    QVERIFY(q.exec(u"SELECT id, replays FROM events ORDER BY id"_s));
    QVERIFY(q.next());
    QCOMPARE(q.value(1).toInt(), 1);
    QVERIFY(q.next());
    QCOMPARE(q.value(1).toInt(), 0);
    again->close();
}

void TestMigrations::freshStoreIsAtLatestVersion()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"a.db"_s);
    auto db = store::openDatabase(path, u"t1"_s);
    QVERIFY2(db, qPrintable(errorText(db)));
    QVERIFY(store::latestSchemaVersion() >= 1);
    QCOMPARE(store::schemaVersion(*db), store::latestSchemaVersion());
    QSqlQuery q(*db);
    QVERIFY(q.exec(u"SELECT count(*) FROM events"_s));
    QVERIFY(q.exec(u"SELECT count(*) FROM deliveries"_s));
    db->close();
}

void TestMigrations::reopeningIsANoOp()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"a.db"_s);
    {
        auto db = store::openDatabase(path, u"t2a"_s);
        QVERIFY(db);
        QSqlQuery q(*db);
        QVERIFY(q.exec(u"INSERT INTO events (route, idem_key, key_source, received_us, last_us, status) "
                       u"VALUES ('r', 'k', 'id', 1, 1, 'verified')"_s));
        db->close();
    }
    auto again = store::openDatabase(path, u"t2b"_s);
    QVERIFY2(again, qPrintable(errorText(again)));
    QSqlQuery q(*again);
    QVERIFY(q.exec(u"SELECT count(*) FROM events"_s) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    again->close();
}

void TestMigrations::newerStoreIsRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"a.db"_s);
    {
        auto db = store::openDatabase(path, u"t3a"_s);
        QVERIFY(db);
        QSqlQuery q(*db);
        QVERIFY(q.exec(u"PRAGMA user_version = %1"_s.arg(store::latestSchemaVersion() + 1)));
        db->close();
    }
    auto again = store::openDatabase(path, u"t3b"_s);
    QVERIFY(!again);
    QVERIFY2(again.error().contains(u"newer"_s), qPrintable(errorText(again)));
}

void TestMigrations::readOnlyOpenOfMissingStoreFails()
{
    QTemporaryDir dir;
    auto db = store::openDatabase(dir.filePath(u"missing.db"_s), u"t4"_s, store::Durability::Normal, true);
    QVERIFY(!db);
    QVERIFY(!QFileInfo::exists(dir.filePath(u"missing.db"_s)));
}

void TestMigrations::walAndPermissions()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"sub/a.db"_s);
    auto db = store::openDatabase(path, u"t5"_s, store::Durability::Full);
    QVERIFY2(db, qPrintable(errorText(db)));
    QSqlQuery q(*db);
    QVERIFY(q.exec(u"PRAGMA journal_mode"_s) && q.next());
    QCOMPARE(q.value(0).toString(), u"wal"_s);
    QVERIFY(q.exec(u"PRAGMA synchronous"_s) && q.next());
    QCOMPARE(q.value(0).toInt(), 2); // FULL
    const auto perms = QFileInfo(path).permissions();
    QVERIFY(perms & QFile::ReadOwner);
    QVERIFY(!(perms & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther)));
    db->close();
}

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
