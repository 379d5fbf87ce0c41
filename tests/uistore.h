#pragma once

// A store filled directly through SQL, fast enough for a million rows, for the UI's model tests.

#include "core/store/database.h"
#include "core/store/eventstore.h"

#include <QCoreApplication>
#include <QSettings>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <memory>
#include <thread>

namespace hookscope::test {

/** The window's QSettings in `dir` (XDG_CONFIG_HOME) under the application `name`, empty; false when `dir` is not. */
inline bool isolateSettings(const QTemporaryDir& dir, const QString& name)
{
    if (!dir.isValid())
        return false;
    qputenv("XDG_CONFIG_HOME", dir.path().toUtf8());
    QCoreApplication::setOrganizationName(QStringLiteral("hookscope-test"));
    QCoreApplication::setApplicationName(name);
    QSettings().clear();
    return true;
}

using namespace Qt::StringLiterals;

/**
 * Takes a store back to before migration 015, as a test that migrates an older schema needs it: without the column
 * `sort_indexed` and the indexes on it (015 makes them again). False, with the error in `error`, when SQLite refused.
 */
inline bool dropSortIndexed(QSqlDatabase& db, QString* error)
{
    QSqlQuery q(db);
    QStringList indexes;
    bool ok = q.exec(u"SELECT name FROM sqlite_master WHERE type = 'index' AND sql LIKE '%sort_indexed%'"_s);
    while (ok && q.next())
        indexes << q.value(0).toString();
    for (const QString& index : std::as_const(indexes))
        ok = ok && q.exec(u"DROP INDEX "_s + index);
    ok = ok && q.exec(u"ALTER TABLE events DROP COLUMN sort_indexed"_s);
    if (!ok && error)
        *error = q.lastError().text();
    return ok;
}

class UiStore {
public:
    /**
     * `idIndex`: the events' ids go into the ids' trigram index too, as the post-processor writes them (a million
     * take ~20 s more; without it, ids are found by their beginning only).
     */
    explicit UiStore(bool idIndex = true)
        : m_idIndex(idIndex)
    {
        auto opened = store::EventStore::open(path());
        if (!opened)
            qFatal("cannot open store: %s", qPrintable(opened.error()));
        m_store = std::move(*opened);
    }
    QString path() const { return m_dir.filePath(u"events.db"_s); }
    store::EventStore& store() { return *m_store; }

    /**
     * Adds `n` events numbered from `first`: received_us = base + i seconds, status cycling
     * verified/failed/unverified, every 10th with duplicates, every 7th quarantined, subjects "Subject i",
     * provider ids "evt_i", Message-IDs "<mi@x>"; their email in the full-text index as the post-processor writes it.
     */
    void addEvents(qint64 first, qint64 n, qint64 baseUs = 1'700'000'000'000'000)
    {
        seed(m_store->database(), first, n, baseUs, m_idIndex);
    }
    /**
     * The same, written on a thread of its own through a connection of its own, as the listener's writer does: the
     * calling (GUI) thread runs no statement, so a test can count those the window runs there.
     */
    void addEventsFromAnotherThread(qint64 first, qint64 n, qint64 baseUs = 1'700'000'000'000'000)
    {
        std::thread writer([&] {
            const QString name = u"seeder-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
            {
                auto db = store::openDatabase(path(), name);
                if (!db)
                    qFatal("cannot open store: %s", qPrintable(db.error()));
                seed(*db, first, n, baseUs, m_idIndex);
                db->close();
            }
            QSqlDatabase::removeDatabase(name);
        });
        writer.join();
    }
    void exec(const QString& sql)
    {
        QSqlQuery q(m_store->database());
        if (!q.exec(sql))
            qFatal("%s failed: %s", qPrintable(sql), qPrintable(q.lastError().text()));
    }

private:
    static void seed(QSqlDatabase& db, qint64 first, qint64 n, qint64 baseUs, bool idIndex)
    {
        QSqlQuery q(db);
        if (!q.exec(u"SELECT coalesce(max(id), 0) FROM events"_s) || !q.next())
            qFatal("seeding failed: %s", qPrintable(q.lastError().text()));
        const qint64 before = q.value(0).toLongLong();
        q.finish();
        const QString sql = uR"(
WITH RECURSIVE seq(i) AS (SELECT %1 UNION ALL SELECT i + 1 FROM seq WHERE i < %2)
INSERT INTO events (route, idem_key, key_source, event_id, message_id, scheme, received_us, last_us, status,
    accepted, deliveries, duplicates, replays, method, path, size, quarantined, processed, subject, from_address,
    from_name, to_json, attachments)
SELECT CASE WHEN i % 5 = 0 THEN 'billing' ELSE 'default' END, 'key-' || i, 'id', 'evt_' || i, '<m' || i || '@x>',
    'mailparse', %3 + i * 1000000, %3 + i * 1000000,
    CASE i % 3 WHEN 0 THEN 'verified' WHEN 1 THEN 'failed' ELSE 'unverified' END, 1,
    CASE WHEN i % 10 = 0 THEN 3 ELSE 1 END, CASE WHEN i % 10 = 0 THEN 2 ELSE 0 END, 0, 'POST', '/hooks/' || (i % 4),
    1000 + (i * 37) % 5000, CASE WHEN i % 7 = 0 THEN 'manual' END, 1, 'Subject ' || i,
    'sender' || (i % 13) || '@example.com', 'Sender ' || (i % 13), '[{"address":"to' || (i % 3) || '@app.example"}]',
    i % 4
FROM seq)"_s.arg(first)
                                .arg(first + n - 1)
                                .arg(baseUs);
        if (!q.exec(sql))
            qFatal("seeding failed: %s", qPrintable(q.lastError().text()));
        if (!q.exec(u"INSERT INTO email_fts (rowid, subject, sender, recipients, cc, body, attachments) "
                    u"SELECT id, subject, from_name || ' <' || from_address || '>', "
                    u"json_extract(to_json, '$[0].address'), '', '', '' FROM events WHERE id > %1"_s.arg(before)))
            qFatal("indexing failed: %s", qPrintable(q.lastError().text()));
        if (idIndex
            && !q.exec(
                u"INSERT INTO event_ids (rowid, event_id, message_id) SELECT id, event_id, message_id FROM events "
                u"WHERE id > %1"_s.arg(before)))
            qFatal("indexing the ids failed: %s", qPrintable(q.lastError().text()));
    }

    QTemporaryDir m_dir;
    bool m_idIndex = true;
    std::unique_ptr<store::EventStore> m_store;
};

} // namespace hookscope::test
