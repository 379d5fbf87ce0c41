// multipart/form-data as SendGrid and Mailgun post it: every file part kept (a message/rfc822 one too, with
// the bytes as sent), and a client path as file name kept as its last component.

#include "core/email/formdata.h"
#include "core/email/payload.h"

#include <QCryptographicHash>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace {

const QByteArray kBoundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";

QByteArray contentType()
{
    return "multipart/form-data; boundary=" + kBoundary;
}

struct Part {
    QByteArray disposition; ///< the Content-Disposition value
    QByteArray type; ///< the Content-Type value; empty: none
    QByteArray body;
};

QByteArray form(const QList<Part>& parts)
{
    QByteArray out;
    for (const Part& p : parts) {
        out += "--" + kBoundary + "\r\nContent-Disposition: " + p.disposition + "\r\n";
        if (!p.type.isEmpty())
            out += "Content-Type: " + p.type + "\r\n";
        out += "\r\n" + p.body + "\r\n";
    }
    return out + "--" + kBoundary + "--\r\n";
}

/** A forwarded message as a mail client attaches it; `eol` its line ending. */
QByteArray forwarded(const QByteArray& eol)
{
    QByteArray m = "From: Bounce <mailer-daemon@example.net>\nTo: ana@example.org\nSubject: Undelivered Mail\n"
                   "Message-ID: <bounce-1@example.net>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
                   "This is the mail system at host example.net.\n\nI'm sorry to have to inform you...\n";
    m.replace("\n", eol);
    return m;
}

QString sha(const QByteArray& bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

} // namespace

class TestFormData : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void clientPathKeepsItsLastComponent_data();
    void clientPathKeepsItsLastComponent();
    void messagePartIsKeptAsSent_data();
    void messagePartIsKeptAsSent();
    void providersKeepEveryAnnouncedAttachment_data();
    void providersKeepEveryAnnouncedAttachment();
};

void TestFormData::clientPathKeepsItsLastComponent_data()
{
    QTest::addColumn<QByteArray>("filenameParameter");
    QTest::addColumn<QString>("expected");
    QTest::addRow("UNC-style path") << QByteArray(R"(filename="\share\mail\forwarded.msg")") << u"forwarded.msg"_s;
    QTest::addRow("drive path") << QByteArray(R"(filename="C:\x\y.pdf")") << u"y.pdf"_s;
    QTest::addRow("UNC server path") << QByteArray(R"(filename="\\server\share\report.docx")") << u"report.docx"_s;
    QTest::addRow("slash path") << QByteArray(R"(filename="a/b/c.txt")") << u"c.txt"_s;
    QTest::addRow("traversal") << QByteArray(R"(filename="../../etc/passwd")") << u"passwd"_s;
    QTest::addRow("windows traversal") << QByteArray(R"(filename="..\..\boot.ini")") << u"boot.ini"_s;
    QTest::addRow("trailing separator") << QByteArray(R"(filename="C:\docs\..\")") << u"docs"_s;
    QTest::addRow("a plain name") << QByteArray(R"(filename="invoice.pdf")") << u"invoice.pdf"_s;
    QTest::addRow("unquoted") << QByteArray("filename=invoice.pdf") << u"invoice.pdf"_s;
    QTest::addRow("raw UTF-8 in a path") << QByteArray(
        "filename=\"C:\\Users\\Fran\xc3\xa7ois\\r\xc3\xa9sum\xc3\xa9.pdf\"")
                                         << u"résumé.pdf"_s;
    QTest::addRow("escaped quote inside") << QByteArray(R"(filename="say \"hi\".txt")") << u"say \"hi\".txt"_s;
    QTest::addRow("percent-encoded quote (HTML)")
        << QByteArray(R"(filename="say %22hi%22.txt")") << u"say %22hi%22.txt"_s;
    QTest::addRow("RFC 5987 path") << QByteArray("filename*=UTF-8''C%3A%5Cdocs%5Cr%C3%A9sum%C3%A9.pdf")
                                   << u"résumé.pdf"_s;
    QTest::addRow("RFC 2047 word") << QByteArray(R"(filename="=?utf-8?q?r=C3=A9sum=C3=A9.pdf?=")") << u"résumé.pdf"_s;
    QTest::addRow("empty") << QByteArray(R"(filename="")") << u""_s;
}

void TestFormData::clientPathKeepsItsLastComponent()
{
    QFETCH(QByteArray, filenameParameter);
    QFETCH(QString, expected);
    const QByteArray body = form({
        { R"(form-data; name="text")", {}, "hello" },
        { R"(form-data; name="attachment1"; )" + filenameParameter, "application/octet-stream", "BYTES" },
    });
    const auto fields = email::readMultipartForm(contentType(), body);
    QVERIFY2(fields, qPrintable(fields ? QString() : fields.error()));
    QCOMPARE(fields->size(), 2);
    const email::FormField& file = fields->at(1);
    QVERIFY(file.isFile);
    QCOMPARE(file.name, u"attachment1"_s);
    QCOMPARE(file.filename, expected);
    QCOMPARE(file.value, QByteArray("BYTES"));
}

void TestFormData::messagePartIsKeptAsSent_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QByteArray>("transferEncoding");
    QTest::addRow("CRLF message") << forwarded("\r\n") << QByteArray();
    QTest::addRow("LF message") << forwarded("\n") << QByteArray();
    QTest::addRow("mixed line endings") << QByteArray(forwarded("\r\n")).replace("Subject", "X-Odd: 1\nSubject")
                                        << QByteArray();
    QTest::addRow("8bit declared") << forwarded("\r\n") << QByteArray("8bit");
    QTest::addRow("ends without a line break") << forwarded("\r\n").chopped(2) << QByteArray();
    QTest::addRow("holds a multipart") << QByteArray("From: a@example.com\r\nSubject: inner\r\nMIME-Version: 1.0\r\n"
                                                     "Content-Type: multipart/mixed; boundary=inner\r\n\r\n"
                                                     "--inner\r\nContent-Type: text/plain\r\n\r\nhi\r\n--inner--\r\n")
                                       << QByteArray();
}

void TestFormData::messagePartIsKeptAsSent()
{
    QFETCH(QByteArray, message);
    QFETCH(QByteArray, transferEncoding);
    QByteArray type = "message/rfc822";
    if (!transferEncoding.isEmpty())
        type += "\r\nContent-Transfer-Encoding: " + transferEncoding;
    const QByteArray body = form({
        { R"(form-data; name="attachment1"; filename="menu.pdf")", "application/pdf", "%PDF-1.4 menu" },
        { R"(form-data; name="attachment2"; filename="Undelivered Mail.eml")", type, message },
        { R"(form-data; name="attachment3"; filename="logo.png")", "image/png", "\x89PNG" },
    });
    const auto fields = email::readMultipartForm(contentType(), body);
    QVERIFY2(fields, qPrintable(fields ? QString() : fields.error()));
    QCOMPARE(fields->size(), 3);
    const email::FormField& m = fields->at(1);
    QCOMPARE(m.name, u"attachment2"_s);
    QVERIFY(m.isFile);
    QCOMPARE(m.filename, u"Undelivered Mail.eml"_s);
    QCOMPARE(m.contentType, u"message/rfc822"_s);
    QCOMPARE(m.value, message);
    QCOMPARE(fields->at(2).value, QByteArray("\x89PNG"));
}

void TestFormData::providersKeepEveryAnnouncedAttachment_data()
{
    const QByteArray bounce = forwarded("\r\n");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("adapter");
    QTest::addColumn<QByteArray>("bounce");
    QTest::addRow("SendGrid Inbound Parse") << form({
        { R"(form-data; name="from")", {}, "Ana Lopez <ana@example.org>" },
        { R"(form-data; name="to")", {}, "inbound@parse.yourapp.com" },
        { R"(form-data; name="subject")", {}, "Fwd: bounce" },
        { R"(form-data; name="text")", {}, "see attached" },
        { R"(form-data; name="attachments")", {}, "3" },
        { R"(form-data; name="attachment-info")", {},
            R"({"attachment1":{"filename":"menu.pdf","type":"application/pdf"},)"
            R"("attachment2":{"filename":"forwarded.msg","type":"message/rfc822"},)"
            R"("attachment3":{"filename":"logo.png","type":"image/png"}})" },
        { R"(form-data; name="attachment1"; filename="menu.pdf")", "application/pdf", "%PDF-1.4 menu" },
        { R"(form-data; name="attachment2"; filename="\share\mail\forwarded.msg")", "message/rfc822", bounce },
        { R"(form-data; name="attachment3"; filename="logo.png")", "image/png", "\x89PNG" },
    }) << u"sendgrid-form"_s << bounce;
    QTest::addRow("Mailgun route (forward)") << form({
        { R"(form-data; name="sender")", {}, "ana@example.org" },
        { R"(form-data; name="from")", {}, "Ana Lopez <ana@example.org>" },
        { R"(form-data; name="To")", {}, "alice@yourapp.com" },
        { R"(form-data; name="subject")", {}, "Fwd: bounce" },
        { R"(form-data; name="body-plain")", {}, "see attached" },
        { R"(form-data; name="attachment-count")", {}, "3" },
        { R"(form-data; name="attachment-1"; filename="menu.pdf")", "application/pdf", "%PDF-1.4 menu" },
        { R"(form-data; name="attachment-2"; filename="\share\mail\forwarded.msg")", "message/rfc822", bounce },
        { R"(form-data; name="attachment-3"; filename="logo.png")", "image/png", "\x89PNG" },
    }) << u"mailgun-form"_s << bounce;
}

void TestFormData::providersKeepEveryAnnouncedAttachment()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, adapter);
    QFETCH(QByteArray, bounce);
    const auto m = email::parsePayload(contentType(), body);
    QVERIFY2(m, qPrintable(m ? QString() : m.error()));
    QCOMPARE(m->adapter, adapter);
    QCOMPARE(m->attachments.size(), 3);
    for (const QString& w : m->warnings)
        QVERIFY2(!w.contains(u"the form carries"_s), qPrintable(w));
    const email::Attachment& a = m->attachments.at(1);
    QCOMPARE(a.filename, u"forwarded.msg"_s);
    QCOMPARE(a.contentType, u"message/rfc822"_s);
    QVERIFY(a.hasData);
    QCOMPARE(a.size, bounce.size());
    QCOMPARE(a.sha256, sha(bounce));
    QCOMPARE(a.data, bounce);
    QCOMPARE(m->attachments.at(0).filename, u"menu.pdf"_s);
    QCOMPARE(m->attachments.at(2).filename, u"logo.png"_s);
}

QTEST_GUILESS_MAIN(TestFormData)
#include "tst_formdata.moc"
