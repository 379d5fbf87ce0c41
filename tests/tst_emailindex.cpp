// After the ack: attachments stored once per SHA-256 (small in the database, large in files), the
// full-text index behind `list --search`, and the store's email read functions.

#include "testsupport.h"

#include "core/email/blobfiles.h"
#include "core/store/emailindex.h"
#include "core/store/eventstore.h"

#include <QCryptographicHash>
#include <QSqlQuery>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace {

QByteArray pseudoRandom(int size, quint32 seed)
{
    QByteArray out;
    out.reserve(size);
    while (out.size() < size) {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        out.append(reinterpret_cast<const char*>(&seed), 4);
    }
    out.truncate(size);
    return out;
}

QByteArray mimeWith(const QString& messageId, const QString& subject, const QByteArray& small, const QByteArray& large)
{
    QByteArray raw
        = "From: Ana Lopez <ana@example.org>\r\nTo: support@yourapp.com\r\nCc: Billing <billing@yourapp.com>\r\n"
          "Message-ID: "
        + messageId.toUtf8() + "\r\nSubject: " + subject.toUtf8()
        + "\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
          "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe quarterly figures are attached.\r\n"
          "--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"figures-q1.pdf\"\r\n"
          "Content-Transfer-Encoding: base64\r\n\r\n"
        + small.toBase64() + "\r\n--b\r\nContent-Type: application/zip\r\n"
        + "Content-Disposition: attachment; filename=\"archive.zip\"\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    const QByteArray b64 = large.toBase64();
    for (qsizetype i = 0; i < b64.size(); i += 76)
        raw += b64.mid(i, 76) + "\r\n";
    return raw + "--b--\r\n";
}

QString sha(const QByteArray& data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

} // namespace

class TestEmailIndex : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void ftsQuery_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("query");
        QTest::addRow("words") << u"quarterly figures"_s << u"\"quarterly\"* \"figures\"*"_s;
        QTest::addRow("address is a phrase") << u"ana@example.org"_s << u"\"ana example org\"*"_s;
        QTest::addRow("field filter") << u"from:ana subject:Q1"_s << u"sender : \"ana\"* subject : \"Q1\"*"_s;
        QTest::addRow("attachment filter") << u"attachment:archive"_s << u"attachments : \"archive\"*"_s;
        QTest::addRow("FTS syntax is not injected") << u"\"a\" OR NEAR(b"_s << u"\"a\" \"OR\"* \"NEAR b\"*"_s;
        QTest::addRow("quotes make a phrase of whole words")
            << u"\"refund the charge\" invoice"_s << u"\"refund the charge\" \"invoice\"*"_s;
        QTest::addRow("a field's phrase") << u"subject:\"billed twice\""_s << u"subject : \"billed twice\""_s;
        QTest::addRow("nothing searchable") << u"*** ---"_s << QString();
        QTest::addRow("unknown prefix stays a word") << u"http://x"_s << u"\"http x\"*"_s;
    }
    void ftsQuery()
    {
        QFETCH(QString, text);
        QFETCH(QString, query);
        QCOMPARE(store::ftsQuery(text), query);
    }

    void attachmentsSearchAndReadBack()
    {
        test::ServeProcess serve;
        QVERIFY2(serve.start({ u"--secret"_s, u"whsec_index"_s }, false), serve.log().constData());
        const QByteArray small = pseudoRandom(20'000, 7);
        const QByteArray large = pseudoRandom(600'000, 11);
        // Two emails carrying the same two attachments, and one unrelated event-JSON email.
        for (const auto& [id, subject] : { std::pair { u"<q1-a@example.org>"_s, u"Quarterly figures Q1"_s },
                 std::pair { u"<q1-b@example.org>"_s, u"Fwd: Quarterly figures Q1"_s } }) {
            const QByteArray body = mimeWith(id, subject, small, large);
            const qint64 ts = QDateTime::currentMSecsSinceEpoch();
            const auto r = test::send(serve.url(), body,
                { { "Content-Type", "message/rfc822" }, { "X-Webhook-Timestamp", QByteArray::number(ts) },
                    { "X-Webhook-Signature", test::signMailparse("whsec_index", ts, body) } });
            QCOMPARE(r.status, 200);
        }
        const QByteArray other = test::sampleEvent(u"evt_other"_s, u"Password reset"_s);
        QCOMPARE(test::sendSigned(serve.url(), other, "whsec_index").status, 200);

        QTRY_VERIFY_WITH_TIMEOUT(([&] {
            const auto r = serve.cli({ u"list"_s, u"--json"_s, u"--search"_s, u"quarterly"_s });
            return r.json().array().size() == 2;
        }()),
            30'000);
        auto search = [&](const QString& text) {
            QStringList subjects;
            for (const auto& e : serve.cli({ u"list"_s, u"--json"_s, u"--search"_s, text }).json().array())
                subjects << e.toObject().value(u"subject"_s).toString();
            subjects.sort();
            return subjects;
        };
        QTRY_COMPARE_WITH_TIMEOUT(search(u"reset"_s), QStringList { u"Password reset"_s }, 30'000);
        const QStringList both { u"Fwd: Quarterly figures Q1"_s, u"Quarterly figures Q1"_s };
        QCOMPARE(search(u"attachment:archive"_s), both);
        QCOMPARE(search(u"figures-q1.pdf"_s), both);
        QCOMPARE(search(u"cc:billing"_s), both);
        QCOMPARE(search(u"to:support"_s).size(), 3); // the event-JSON email too
        QCOMPARE(search(u"to:billing"_s), QStringList {});
        QCOMPARE(search(u"from:ana"_s), both);
        QCOMPARE(search(u"Fwd"_s), QStringList { u"Fwd: Quarterly figures Q1"_s });
        QCOMPARE(search(u"figures attached"_s), both); // body words
        QCOMPARE(search(u"nothing-like-this"_s), QStringList {});
        QCOMPARE(search(u"evt_other"_s), QStringList { u"Password reset"_s }); // identifiers still match

        serve.stop();
        auto store = store::EventStore::open(serve.dbPath());
        QVERIFY(store);
        QSqlQuery blobs((*store)->database());
        QVERIFY(blobs.exec(u"SELECT sha256, size, data IS NULL FROM blobs ORDER BY size"_s));
        QList<QStringList> rows;
        while (blobs.next())
            rows.append({ blobs.value(0).toString(), blobs.value(1).toString(), blobs.value(2).toString() });
        // Stored once each: the small one in the database, the large one in a file.
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows.at(0), (QStringList { sha(small), u"20000"_s, u"0"_s }));
        QCOMPARE(rows.at(1), (QStringList { sha(large), u"600000"_s, u"1"_s }));
        QVERIFY(QFileInfo::exists(email::blobFilePath(serve.dbPath(), sha(large))));

        auto events = (*store)->list({});
        QVERIFY(events);
        for (const auto& e : *events) {
            if (!e.subject.contains(u"Quarterly"_s))
                continue;
            auto attachments = (*store)->attachments(e.id);
            QVERIFY(attachments);
            QCOMPARE(attachments->size(), 2);
            QCOMPARE(attachments->at(0).filename, u"figures-q1.pdf"_s);
            QCOMPARE(attachments->at(0).sha256, sha(small));
            QCOMPARE(attachments->at(1).contentType, u"application/zip"_s);
            QCOMPARE(attachments->at(1).size, 600'000);
            auto message = (*store)->email(e.id);
            QVERIFY(message && *message);
            QCOMPARE((*message)->cc.size(), 1);
            QVERIFY((*message)->rawMime.contains("archive.zip"));
        }
        auto smallBack = (*store)->attachmentData(sha(small));
        QVERIFY(smallBack);
        QVERIFY(*smallBack == small);
        auto largeBack = (*store)->attachmentData(sha(large));
        QVERIFY(largeBack);
        QVERIFY(*largeBack == large);
        // A lost blob file is decoded again from the stored delivery.
        QVERIFY(QFile::remove(email::blobFilePath(serve.dbPath(), sha(large))));
        largeBack = (*store)->attachmentData(sha(large));
        QVERIFY(largeBack);
        QVERIFY(*largeBack == large);
        QVERIFY(!(*store)->attachmentData(QString(64, u'0')));
    }
};

QTEST_GUILESS_MAIN(TestEmailIndex)
#include "tst_emailindex.moc"
