// The store's search over identifiers: any part of a provider id or a Message-ID, `id:` by a part, in a store
// migrated from before the ids' index; and which events' email the post-processor reads (those whose signature
// failed too, so that the search finds them by their subject).
#include "ingestrecords.h"
#include "uistore.h"

#include "core/store/database.h"
#include "core/store/emailprocessing.h"
#include "core/store/eventstore.h"
#include "core/store/storewriter.h"

#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <future>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace {

/** A POST with a JSON body, as the search's tests store it. */
store::IngestRecord record(const QString& key, verify::Outcome outcome, const QByteArray& body)
{
    return test::ingestRecord(key, outcome, body, 0, "POST /hook HTTP/1.1\r\nContent-Type: application/json\r\n\r\n");
}

} // namespace

class tst_Search : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void idsOfAStoreMigratedFromBeforeTheirIndex_data()
    {
        QTest::addColumn<QString>("search");
        QTest::addColumn<QString>("id"); // an id: filter, empty for none
        QTest::addColumn<QString>("status");
        QTest::addColumn<qint64>("expected");
        // 300 events (tests/uistore.h): provider ids evt_1 … evt_300, Message-IDs <m1@x> … <m300@x>.
        QTest::addRow("free text inside provider ids") << u"vt_12"_s << QString() << QString() << qint64(11);
        QTest::addRow("free text at the end of Message-IDs") << u"@x>"_s << QString() << QString() << qint64(300);
        QTest::addRow("free text in a Message-ID") << u"m77@"_s << QString() << QString() << qint64(1);
        QTest::addRow("any case") << u"EVT_15"_s << QString() << QString() << qint64(11);
        QTest::addRow("id: a part of Message-IDs") << QString() << u"12@"_s << QString() << qint64(3);
        QTest::addRow("id: a part, and a view") << QString() << u"_29"_s << u"verified"_s << qint64(3); // 291, 294, 297
        QTest::addRow("id: a part, and free text") << u"Subject"_s << u"t_29"_s << QString() << qint64(11);
    }
    void idsOfAStoreMigratedFromBeforeTheirIndex()
    {
        QFETCH(QString, search);
        QFETCH(QString, id);
        QFETCH(QString, status);
        QFETCH(qint64, expected);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"events.db"_s);
        {
            // A store of schema 7 (before the ids' index) with its events.
            test::UiStore s(false);
            s.addEvents(1, 300);
            s.exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s);
            QVERIFY(QFile::copy(s.path(), path));
        }
        {
            auto db = store::openDatabase(path, u"downgrade"_s);
            QVERIFY2(db, db ? "" : qPrintable(db.error()));
            QSqlQuery q(*db);
            QVERIFY(q.exec(u"DROP TRIGGER IF EXISTS events_forget_ids"_s));
            QVERIFY(q.exec(u"DROP TABLE IF EXISTS event_ids"_s));
            // What later migrations added goes too, so that the store is as schema 7 left it (011's, 014's and 015's
            // columns).
            for (const QString& column : { u"answer_action"_s, u"answer_delay_ms"_s, u"answer_rule"_s,
                     u"body_segment"_s, u"body_offset"_s, u"body_checksum"_s })
                QVERIFY2(q.exec(u"ALTER TABLE deliveries DROP COLUMN "_s + column), qPrintable(q.lastError().text()));
            QString error;
            QVERIFY2(test::dropSortIndexed(*db, &error), qPrintable(error));
            QVERIFY(q.exec(u"PRAGMA user_version = 7"_s));
            q.finish();
            db->close();
        }
        QSqlDatabase::removeDatabase(u"downgrade"_s);

        auto opened = store::EventStore::open(path); // migrates
        QVERIFY2(opened, opened ? "" : qPrintable(opened.error()));
        store::EventStore& events = **opened;
        QCOMPARE(store::schemaVersion(events.database()), store::latestSchemaVersion());
        store::EventQuery q;
        q.search = search;
        q.status = status;
        if (!id.isEmpty())
            q.fields.append({ u"id"_s, id });
        q.limit = 0;
        const auto n = events.count(q);
        QVERIFY2(n, n ? "" : qPrintable(n.error()));
        const auto rows = events.list(q);
        QVERIFY2(rows, rows ? "" : qPrintable(rows.error()));
        QCOMPARE(*n, expected);
        QCOMPARE(qint64(rows->size()), expected);
        for (const store::EventRow& e : *rows) {
            const QString part = id.isEmpty() ? search : id;
            QVERIFY2(e.eventId.contains(part, Qt::CaseInsensitive) || e.messageId.contains(part, Qt::CaseInsensitive),
                qPrintable(e.eventId));
        }
    }

    void theEmailOfEventsNotAcceptedIsRead()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"events.db"_s);
        store::StoreWriter writer(path);
        QVERIFY(writer.start());
        const QByteArray body = R"({"id":"x","subject":"Quarterly refund"})";
        const auto verified = test::submitAndWait(writer, record(u"verified"_s, verify::Outcome::Valid, body));
        const auto failed = test::submitAndWait(writer, record(u"failed"_s, verify::Outcome::InvalidSignature, body));
        const auto again = test::submitAndWait(writer, record(u"failed"_s, verify::Outcome::InvalidSignature, body));
        const auto bodiless = test::submitAndWait(writer, record(u"bodiless"_s, verify::Outcome::MissingHeaders, {}));
        store::IngestRecord refusedRecord = record(u"refused:1"_s, verify::Outcome::NotChecked, body);
        refusedRecord.keySource = u"refused"_s;
        refusedRecord.answerStatus = 413;
        const auto refused = test::submitAndWait(writer, std::move(refusedRecord));
        for (const auto* o : { &verified, &failed, &again, &bodiless, &refused })
            QVERIFY2(o->committed, qPrintable(o->error));
        QCOMPARE(again.eventRowId, failed.eventRowId);
        writer.stop();

        // What a restarted post-processor picks up is what the writer asked to read: the verified event and the
        // failed one (its first delivery), not a second delivery, a bodiless request or a refused one.
        auto opened = store::EventStore::open(path);
        QVERIFY(opened);
        const auto toRead = store::unprocessedEvents((*opened)->database());
        QVERIFY2(toRead, toRead ? "" : qPrintable(toRead.error()));
        const QList<std::pair<qint64, qint64>> expected { { verified.eventRowId, verified.deliveryRowId },
            { failed.eventRowId, failed.deliveryRowId } };
        QCOMPARE(*toRead, expected);

        // `wait` counts an event once its email is read, or when there is none to read.
        store::EventQuery settled;
        settled.settledOnly = true;
        settled.limit = 0;
        const auto rows = (*opened)->list(settled);
        QVERIFY2(rows, rows ? "" : qPrintable(rows.error()));
        QList<qint64> listed;
        for (const store::EventRow& e : *rows)
            listed << e.id;
        std::sort(listed.begin(), listed.end());
        QCOMPARE(listed, (QList<qint64> { bodiless.eventRowId, refused.eventRowId }));
    }
};

QTEST_GUILESS_MAIN(tst_Search)
#include "tst_search.moc"
