// The JSON-vs-MIME comparison: each kind of disagreement is found, and only where there is one.

#include "core/email/mimeparser.h"
#include "core/email/payloaddiff.h"

#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace hookscope;
using Kind = email::PayloadDifference::Kind;

Q_DECLARE_METATYPE(Kind)

namespace {

email::EmailMessage mimeMessage()
{
    QFile f(QStringLiteral(HOOKSCOPE_TEST_DATA) + u"/email/mixed_gmail_attachments.eml"_s);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    auto m = email::parseMime(f.readAll());
    return m ? *m : email::EmailMessage();
}

} // namespace

class TestPayloadDiff : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void identicalReadingsAgree()
    {
        const email::EmailMessage mime = mimeMessage();
        QCOMPARE(mime.attachments.size(), 2);
        email::EmailMessage provider = mime;
        // What providers typically change without changing meaning: line endings, trailing blanks.
        provider.text = provider.text->replace(u"\r\n"_s, u"\n"_s) + u"\n\n"_s;
        provider.messageId = provider.messageId.mid(1, provider.messageId.size() - 2);
        QVERIFY(email::diffPayload(provider, mime).isEmpty());
    }

    void findsEachDifference_data()
    {
        QTest::addColumn<int>("change");
        QTest::addColumn<Kind>("kind");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("words");
        QTest::addRow("subject text") << 0 << Kind::Subject << u"subject"_s << u"Invoice only"_s;
        QTest::addRow("subject left encoded") << 1 << Kind::SubjectDecoding << u"subject"_s << u"provider's decoding"_s;
        QTest::addRow("recipient missing") << 2 << Kind::Address << u"to"_s << u"support@yourapp.com is in the MIME"_s;
        QTest::addRow("name not decoded") << 3 << Kind::AddressName << u"from"_s << u"did not decode RFC 2047"_s;
        QTest::addRow("text differs") << 4 << Kind::TextBody << u"text"_s << u"line 1 (character 5)"_s;
        QTest::addRow("html missing") << 5 << Kind::HtmlBody << u"html"_s << u"missing from the provider's JSON"_s;
        QTest::addRow("attachment missing")
            << 6 << Kind::MissingAttachment << u"attachments[screenshot.png]"_s << u"in the MIME but missing"_s;
        QTest::addRow("attachment extra")
            << 7 << Kind::ExtraAttachment << u"attachments[notes.txt]"_s << u"not in the MIME"_s;
        QTest::addRow("size mismatch") << 8 << Kind::AttachmentSize << u"attachments[invoice-2026-04.pdf]"_s
                                       << u"size differs"_s;
        QTest::addRow("same size other bytes")
            << 9 << Kind::AttachmentContent << u"attachments[invoice-2026-04.pdf]"_s << u"different bytes"_s;
        QTest::addRow("content type") << 10 << Kind::AttachmentType << u"attachments[screenshot.png]"_s
                                      << u"provider image/jpeg, MIME image/png"_s;
        QTest::addRow("content id") << 11 << Kind::AttachmentContentId << u"attachments[screenshot.png]"_s
                                    << u"content-id differs"_s;
        QTest::addRow("message id") << 12 << Kind::MessageId << u"messageId"_s << u"other@mail.example"_s;
    }
    void findsEachDifference()
    {
        QFETCH(int, change);
        QFETCH(Kind, kind);
        QFETCH(QString, field);
        QFETCH(QString, words);
        const email::EmailMessage mime = mimeMessage();
        email::EmailMessage p = mime;
        switch (change) {
        case 0:
            p.subject = u"Invoice only"_s;
            break;
        case 1:
            p.subject = u"=?utf-8?q?Invoice_and_screenshot?="_s;
            break;
        case 2:
            p.to.clear();
            break;
        case 3:
            p.from.name = u"=?utf-8?q?Ana_Lopez?="_s;
            break;
        case 4:
            p.text = u"See a different text."_s;
            break;
        case 5:
            p.html.reset();
            break;
        case 6:
            p.attachments.removeAt(1);
            break;
        case 7: {
            email::Attachment extra;
            extra.filename = u"notes.txt"_s;
            extra.contentType = u"text/plain"_s;
            extra.size = 5;
            p.attachments.append(extra);
            break;
        }
        case 8:
            p.attachments[0].size += 1;
            break;
        case 9:
            p.attachments[0].sha256 = QString(64, u'0');
            break;
        case 10:
            p.attachments[1].contentType = u"image/jpeg"_s;
            break;
        case 11:
            p.attachments[1].contentId = u"other-id"_s;
            break;
        case 12:
            p.messageId = u"<other@mail.example>"_s;
            break;
        }
        const auto diffs = email::diffPayload(p, mime);
        QCOMPARE(diffs.size(), 1);
        QCOMPARE(diffs.first().kind, kind);
        QCOMPARE(diffs.first().field, field);
        QVERIFY2(diffs.first().message.contains(words), qPrintable(diffs.first().message));
    }

    void attachmentsPairByNameNotOrder()
    {
        const email::EmailMessage mime = mimeMessage();
        email::EmailMessage p = mime;
        std::swap(p.attachments[0], p.attachments[1]);
        QVERIFY(email::diffPayload(p, mime).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestPayloadDiff)
#include "tst_payloaddiff.moc"
