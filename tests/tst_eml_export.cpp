// The .eml written for an event-schema payload (no raw MIME kept) is the message its JSON describes: the Date
// its headers kept (not the receive time), and the inline images beside the HTML in a multipart/related, as Python's
// `email` package reads it; read back, it gives the same fields.
#include "core/export/mimeconvert.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace {

const QString kWritten = u"Tue, 01 Dec 2026 09:30:00 +0100"_s;

QJsonObject attachment(const QString& filename, const QString& type, const QByteArray& data, const QString& cid = {})
{
    QJsonObject a { { u"filename"_s, filename }, { u"contentType"_s, type },
        { u"dataBase64"_s, QString::fromLatin1(data.toBase64()) }, { u"size"_s, double(data.size()) } };
    if (!cid.isEmpty())
        a.insert(u"contentId"_s, cid);
    return a;
}

QJsonObject richEvent()
{
    return QJsonObject {
        { u"id"_s, u"evt_eml"_s },
        { u"messageId"_s, u"<m1@example.com>"_s },
        { u"receivedAt"_s, u"2026-12-01T08:31:07Z"_s },
        { u"from"_s, QJsonObject { { u"address"_s, u"ada@example.com"_s }, { u"name"_s, u"Ada"_s } } },
        { u"to"_s, QJsonArray { u"support@yourapp.example"_s } },
        { u"subject"_s, u"Invoice"_s },
        { u"text"_s, u"See the logo."_s },
        { u"html"_s, u"<p>See <img src=\"cid:logo@example.com\"></p>"_s },
        { u"attachments"_s,
            QJsonArray { attachment(u"logo.png"_s, u"image/png"_s, QByteArray("\x89PNG\r\n\x1a\n", 8) + "logo",
                             u"<logo@example.com>"_s),
                attachment(u"invoice.pdf"_s, u"application/pdf"_s, "%PDF-1.4 invoice") } },
        { u"headers"_s, QJsonObject { { u"Date"_s, kWritten }, { u"X-Mailer"_s, u"Example Mail 1.0"_s } } },
    };
}

/** Python's email package reads `mime`: the Date header, and the part tree as nested lists. */
QJsonObject readByPython(const QByteArray& mime)
{
    static const char* script = R"PY(
import sys, json, email
from email import policy
msg = email.message_from_bytes(sys.stdin.buffer.read(), policy=policy.default)
def tree(part):
    if part.is_multipart():
        return [part.get_content_type(), [tree(p) for p in part.iter_parts()]]
    cid = part.get('Content-ID')
    return [part.get_content_type(), cid or '', len(part.get_payload(decode=True) or b'')]
print(json.dumps({'date': str(msg['Date']), 'defects': len(msg.defects), 'tree': tree(msg)}))
)PY";
    QProcess python;
    python.start(u"python3"_s, { u"-c"_s, QString::fromUtf8(script) });
    if (!python.waitForStarted(30'000))
        return {};
    python.write(mime);
    python.closeWriteChannel();
    if (!python.waitForFinished(30'000) || python.exitCode() != 0) {
        qWarning("python3: %s", python.readAllStandardError().constData());
        return {};
    }
    return QJsonDocument::fromJson(python.readAllStandardOutput()).object();
}

} // namespace

class tst_EmlExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void keepsTheWrittenDateAndTheRelatedParts()
    {
        auto mime = exporting::mimeFromEventJson(richEvent());
        QVERIFY2(mime.has_value(), mime ? "" : qPrintable(mime.error()));
        const QJsonObject read = readByPython(*mime);
        QVERIFY2(!read.isEmpty(), mime->constData());
        QCOMPARE(read.value(u"date"_s).toString(), kWritten);
        QCOMPARE(read.value(u"defects"_s).toInt(), 0);
        const QJsonArray expected = QJsonDocument::fromJson(R"(
            ["multipart/mixed", [
                ["multipart/alternative", [
                    ["text/plain", "", 13],
                    ["multipart/related", [
                        ["text/html", "", 43],
                        ["image/png", "<logo@example.com>", 12]
                    ]]
                ]],
                ["application/pdf", "", 16]
            ]])")
                                        .array();
        QVERIFY2(read.value(u"tree"_s).toArray() == expected,
            QJsonDocument(read.value(u"tree"_s).toArray()).toJson(QJsonDocument::Compact).constData());

        // Read back: the same date, the image still inline with its Content-ID, the PDF still attached.
        auto back = exporting::eventJsonFromMime(*mime);
        QVERIFY2(back.has_value(), back ? "" : qPrintable(back.error()));
        const QJsonArray attachments = back->value(u"attachments"_s).toArray();
        QCOMPARE(attachments.size(), 2);
        QStringList names;
        for (const auto& a : attachments)
            names << a.toObject().value(u"filename"_s).toString() + u'|'
                    + a.toObject().value(u"contentId"_s).toString();
        names.sort();
        QCOMPARE(names, QStringList({ u"invoice.pdf|"_s, u"logo.png|logo@example.com"_s }));
    }

    void sendersHeaderValuesCannotAddHeaders_data()
    {
        QTest::addColumn<QString>("date");
        QTest::addColumn<QString>("mailer");
        QTest::newRow("CRLF in the Date") << u"Tue, 01 Dec 2026 09:30:00 +0100\r\nX-Injected: 1"_s << u"Mail 1.0"_s;
        QTest::newRow("LF in another header") << kWritten << u"Mail 1.0\nX-Injected: 1"_s;
        QTest::newRow("CR and NUL") << kWritten << u"Mail 1.0\rX-Injected: 1\u0000"_s;
        QTest::newRow("a body through a blank line") << kWritten << u"Mail\r\n\r\nX-Injected: 1"_s;
    }

    void sendersHeaderValuesCannotAddHeaders()
    {
        QFETCH(QString, date);
        QFETCH(QString, mailer);
        QJsonObject event = richEvent();
        event.insert(u"headers"_s, QJsonObject { { u"Date"_s, date }, { u"X-Mailer"_s, mailer } });
        auto mime = exporting::mimeFromEventJson(event);
        QVERIFY(mime.has_value());
        const QByteArray head = mime->left(mime->indexOf("\r\n\r\n"));
        // Every line of the head is a header field or a folded continuation; none is the sender's own field.
        for (const QByteArray& line : head.split('\n'))
            QVERIFY2(!line.trimmed().startsWith("X-Injected"), head.constData());
        QVERIFY2(!head.contains('\0'), head.constData());
        const QJsonObject read = readByPython(*mime);
        QCOMPARE(read.value(u"defects"_s).toInt(), 0);
        QCOMPARE(read.value(u"tree"_s).toArray().at(0).toString(), u"multipart/mixed"_s);
    }

    void withoutADateHeaderTheReceiveTimeIsTheDate()
    {
        QJsonObject event = richEvent();
        event.remove(u"headers"_s);
        event.remove(u"html"_s);
        auto mime = exporting::mimeFromEventJson(event);
        QVERIFY(mime.has_value());
        const QJsonObject read = readByPython(*mime);
        QVERIFY2(!read.isEmpty(), mime->constData());
        const QDateTime date = QDateTime::fromString(read.value(u"date"_s).toString(), Qt::RFC2822Date);
        QCOMPARE(date.toUTC(), QDateTime(QDate(2026, 12, 1), QTime(8, 31, 7), Qt::UTC));
        // No HTML: the image has nothing to be related to and is one more part of the message.
        const QJsonArray tree = read.value(u"tree"_s).toArray();
        QCOMPARE(tree.at(0).toString(), u"multipart/mixed"_s);
        QCOMPARE(tree.at(1).toArray().size(), 3);
    }
};

QTEST_GUILESS_MAIN(tst_EmlExport)
#include "tst_eml_export.moc"
