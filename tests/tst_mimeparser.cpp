// The MIME reader on the .eml corpus: what a mail client would show, damage reported, a large attachment.

#include "core/email/decoding.h"
#include "core/email/eventjson.h"
#include "core/email/mimeparser.h"
#include "core/email/parttree.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTest>

#include <malloc.h>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace {

QByteArray eml(const QString& name)
{
    QFile f(QStringLiteral(HOOKSCOPE_TEST_DATA) + u"/email/"_s + name);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString hex(const QByteArray& data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

/**
 * A 25.5 MB message whose one attachment is 18.5 MB of pseudo-random bytes in base64 lines of 76;
 * `attachmentHash` receives the attachment's hash as hex().
 */
QByteArray twentyFiveMegabyteMessage(QString* attachmentHash = nullptr)
{
    QByteArray data(18'500'000, Qt::Uninitialized);
    quint32 x = 88172645u;
    for (qsizetype i = 0; i + 4 <= data.size(); i += 4) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        memcpy(data.data() + i, &x, 4);
    }
    if (attachmentHash)
        *attachmentHash = hex(data);
    const QByteArray b64 = data.toBase64();
    data = QByteArray();
    QByteArray raw;
    raw.reserve(b64.size() + b64.size() / 76 * 2 + 1024);
    raw += "From: big@example.com\r\nTo: support@yourapp.com\r\nSubject: 25 MB\r\nMIME-Version: 1.0\r\n"
           "Content-Type: multipart/mixed; boundary=\"big\"\r\n\r\n--big\r\nContent-Type: text/plain\r\n\r\n"
           "see attachment\r\n--big\r\nContent-Type: application/octet-stream\r\n"
           "Content-Disposition: attachment; filename=\"big.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    for (qsizetype i = 0; i < b64.size(); i += 76) {
        raw += QByteArrayView(b64).sliced(i, qMin<qsizetype>(76, b64.size() - i));
        raw += "\r\n";
    }
    raw += "--big--\r\n";
    return raw;
}

qint64 statusKb(const QByteArray& field)
{
    QFile f(u"/proc/self/status"_s);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : f.readAll().split('\n')) {
        if (line.startsWith(QByteArray(field + ':')))
            return line.mid(field.size() + 1).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

/** Bytes allocated through malloc and not yet freed (glibc). */
qint64 heapInUse()
{
    const struct mallinfo2 info = mallinfo2();
    return qint64(info.uordblks + info.hblkhd);
}

/** Resets the peak resident size (VmHWM) to the current one (Linux: clear_refs 5). */
bool resetPeak()
{
    QFile f(u"/proc/self/clear_refs"_s);
    return f.open(QIODevice::WriteOnly) && f.write("5") == 1;
}

} // namespace

class TestMimeParser : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void bodiesAndAttachments_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("subject");
        QTest::addColumn<QString>("textStart"); ///< "-" when there must be no text body
        QTest::addColumn<QString>("htmlPart"); ///< "-" when there must be no HTML body
        QTest::addColumn<QStringList>("attachments"); ///< "contentType filename" per attachment
        QTest::addRow("plain") << u"plain_ascii.eml"_s << u"Issue with billing"_s << u"Hello,"_s << u"-"_s
                               << QStringList {};
        QTest::addRow("alternative, QP, CRLF") << u"alternative_qp_crlf.eml"_s << u"Re: Order #4417 — delivery date"_s
                                               << u"Hi team,\n\r\nThe parcel was promised for Friday — it has not"_s
                                               << u"Price was 12=12 €."_s << QStringList {};
        QTest::addRow("gmail mixed") << u"mixed_gmail_attachments.eml"_s << u"Invoice and screenshot"_s << u"See the"_s
                                     << u"cid:ii_shot01"_s
                                     << QStringList { u"application/pdf invoice-2026-04.pdf"_s,
                                            u"image/png screenshot.png"_s };
        QTest::addRow("related with start")
            << u"related_cid_start.eml"_s << u"Spring sale"_s << u"-"_s << u"Große Auswahl, schöne Preise"_s
            << QStringList { u"image/gif "_s, u"image/jpeg banner.jpg"_s };
        QTest::addRow("RFC 2047 across charsets")
            << u"rfc2047_headers.eml"_s << u"If you can read this you understand the example."_s
            << u"Voilà un exemple en français."_s << u"-"_s << QStringList {};
        QTest::addRow("RFC 2231 names") << u"rfc2231_filenames.eml"_s << u"RFC 2231 names"_s << u"Three attachments"_s
                                        << u"-"_s
                                        << QStringList { u"application/pdf € rates 2026.pdf"_s,
                                               u"application/octet-stream Straße und Plätze.txt"_s,
                                               u"text/csv отчет.csv"_s };
        QTest::addRow("windows-1252") << u"windows1252_qp.eml"_s << u"“Smart” quotes cost €100"_s
                                      << u"“Smart” quotes – and the euro sign: €100. Undefined byte: \uFFFD."_s
                                      << u"<p>“Smart” quotes – €100</p>"_s << QStringList {};
        QTest::addRow("iso-2022-jp") << u"iso2022jp.eml"_s << u"こんにちは"_s << u"こんにちは。\n東京 Tokyo"_s << u"-"_s
                                     << QStringList {};
        QTest::addRow("attached message")
            << u"forwarded_rfc822.eml"_s << u"Fwd: The original message"_s << u"Forwarding"_s << u"-"_s
            << QStringList { u"message/rfc822 original.eml"_s };
        QTest::addRow("raw UTF-8, bare LF") << u"bare_lf_8bit_utf8.eml"_s << u"Ünïcödé sübject in raw UTF-8 ✓"_s
                                            << u"Grüße aus İstanbul — emoji 😀"_s << u"-"_s << QStringList {};
        QTest::addRow("second inline text")
            << u"second_inline_text.eml"_s << u"photo from my phone"_s << u"Here is the photo:"_s << u"-"_s
            << QStringList { u"image/jpeg IMG_0001.JPG"_s, u"text/plain "_s };
        QTest::addRow("calendar alternative")
            << u"calendar_invite.eml"_s << u"Invitation: Sync @ Tue 14 Apr 2026"_s << u"You have been invited"_s
            << u"<b>Sync</b>"_s << QStringList { u"text/calendar "_s, u"application/ics invite.ics"_s };
        QTest::addRow("attachment-disposition text is not the body")
            << u"attachment_first_then_body.eml"_s << u"Scan"_s << u"the real body"_s << u"-"_s
            << QStringList { u"text/plain notes.txt"_s, u"text/html page.html"_s };
        QTest::addRow("top-level pdf") << u"top_level_pdf.eml"_s << u"fax"_s << u"-"_s << u"-"_s
                                       << QStringList { u"application/pdf fax.pdf"_s };
        QTest::addRow("no content type") << u"no_content_type.eml"_s << u"no content type at all"_s
                                         << u"Just some text"_s << u"-"_s << QStringList {};
    }
    void bodiesAndAttachments()
    {
        QFETCH(QString, file);
        QFETCH(QString, subject);
        QFETCH(QString, textStart);
        QFETCH(QString, htmlPart);
        QFETCH(QStringList, attachments);
        auto m = email::parseMime(eml(file));
        QVERIFY2(m, m ? "" : qPrintable(m.error()));
        QCOMPARE(m->subject, subject);
        if (textStart == u"-"_s) {
            QVERIFY(!m->text);
        } else {
            QVERIFY(m->text);
            QVERIFY2(m->text->startsWith(textStart), qPrintable(*m->text));
        }
        if (htmlPart == u"-"_s) {
            QVERIFY(!m->html);
        } else {
            QVERIFY(m->html);
            QVERIFY2(m->html->contains(htmlPart), qPrintable(*m->html));
        }
        QStringList actual;
        for (const auto& a : m->attachments) {
            actual << a.contentType + u' ' + a.filename;
            QCOMPARE(a.size, a.data.size());
            QCOMPARE(a.sha256, hex(a.data));
        }
        QCOMPARE(actual, attachments);
    }

    void hostileFilenamesAreDecodedNotSanitized()
    {
        auto m = email::parseMime(eml(u"hostile_filenames.eml"_s));
        QVERIFY(m);
        QStringList names;
        for (const auto& a : m->attachments)
            names << a.filename;
        QCOMPARE(names.size(), 6);
        QCOMPARE(names.at(0), u"../../../../etc/passwd"_s);
        QCOMPARE(names.at(1), u"..\\..\\windows\\system32\\evil.dll"_s);
        QCOMPARE(names.at(2), u"bell\u0007and\nnewline\u001b[31m.txt"_s);
        QVERIFY(names.at(3).startsWith(u"Quarterly report for the board"_s));
        QVERIFY(names.at(3).endsWith(u"éèê.pdf"_s));
        QVERIFY(names.at(3).size() > 200);
        QCOMPARE(names.at(4), u"invoice\u202Egpj.exe"_s);
        QCOMPARE(names.at(5), u"CON"_s);
    }

    void inlinePartsResolveCidLinks()
    {
        auto m = email::parseMime(eml(u"deep_nesting.eml"_s));
        QVERIFY(m);
        QVERIFY(m->html && m->html->contains(u"cid:d1"_s));
        QStringList ids;
        for (const auto& a : m->attachments)
            ids << a.contentId;
        QCOMPARE(ids, (QStringList { u"d1"_s, u"d2"_s, QString() }));
        auto related = email::parseMime(eml(u"related_cid_start.eml"_s));
        QVERIFY(related);
        QCOMPARE(related->attachments.at(0).contentId, u"logo@shop.example"_s);
        QCOMPARE(related->attachments.at(1).contentId, u"banner-no-brackets@shop.example"_s);
    }

    void attachedMessageKeepsItsBytes()
    {
        const QByteArray raw = eml(u"forwarded_rfc822.eml"_s);
        auto m = email::parseMime(raw);
        QVERIFY(m);
        QCOMPARE(m->attachments.size(), 1);
        const QByteArray inner = m->attachments.first().data;
        QVERIFY(inner.startsWith("From: Original Sender <orig@example.com>\n"));
        QVERIFY(inner.endsWith("--inner-boundary--\n"));
        QVERIFY(raw.contains(inner));
        // The embedded message reads on its own.
        auto embedded = email::parseMime(inner);
        QVERIFY(embedded);
        QCOMPARE(embedded->subject, u"The original message"_s);
        QCOMPARE(embedded->attachments.size(), 1);
    }

    void damageIsReadAsFarAsItGoes_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("warning");
        QTest::addColumn<int>("attachments");
        QTest::addRow("missing closing boundary")
            << u"missing_closing_boundary.eml"_s << u"multipart is not closed"_s << 1;
        QTest::addRow("bad base64") << u"bad_base64.eml"_s << u"damaged base64"_s << 2;
        QTest::addRow("unknown charset") << u"unknown_charset.eml"_s << u"unknown charset 'x-unknown-9'"_s << 0;
    }
    void damageIsReadAsFarAsItGoes()
    {
        QFETCH(QString, file);
        QFETCH(QString, warning);
        QFETCH(int, attachments);
        auto m = email::parseMime(eml(file));
        QVERIFY2(m, m ? "" : qPrintable(m.error()));
        QCOMPARE(m->attachments.size(), attachments);
        QVERIFY2(m->warnings.join(u'\n').contains(warning), qPrintable(m->warnings.join(u" | "_s)));
        QVERIFY(m->text);
    }

    void largeAttachmentStreamsOnce()
    {
        // ~5 MB of deterministic bytes, base64 in 76-column lines, built here rather than committed.
        QByteArray data;
        data.reserve(5 * 1024 * 1024);
        quint32 x = 2463534242u;
        while (data.size() < 5 * 1024 * 1024) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            data.append(reinterpret_cast<const char*>(&x), 4);
        }
        const QByteArray b64 = data.toBase64();
        QByteArray raw
            = "From: big@example.com\r\nTo: support@yourapp.com\r\nSubject: large\r\nMIME-Version: 1.0\r\n"
              "Content-Type: multipart/mixed; boundary=\"big\"\r\n\r\n--big\r\nContent-Type: text/plain\r\n\r\n"
              "see attachment\r\n--big\r\nContent-Type: application/octet-stream\r\n"
              "Content-Disposition: attachment; filename=\"large.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n";
        for (qsizetype i = 0; i < b64.size(); i += 76)
            raw += b64.mid(i, 76) + "\r\n";
        raw += "--big--\r\n";
        int seen = 0;
        email::MimeReadOptions options;
        options.keepData = false;
        options.onAttachment = [&](const email::Attachment& a, const QByteArray& bytes) {
            ++seen;
            QCOMPARE(bytes.size(), data.size());
            QCOMPARE(a.sha256, hex(data));
        };
        auto m = email::parseMime(raw, options);
        QVERIFY(m);
        QCOMPARE(seen, 1);
        QCOMPARE(m->attachments.size(), 1);
        QCOMPARE(m->attachments.first().size, data.size());
        QCOMPARE(m->attachments.first().sha256, hex(data));
        QVERIFY(m->attachments.first().data.isEmpty());
        auto part = email::mimePartData(raw, m->attachments.first().partPath);
        QVERIFY(part);
        QCOMPARE(part->size(), data.size());
        QVERIFY(*part == data);
    }

    void streamedReadingMatchesWholeReading_data()
    {
        QTest::addColumn<QString>("file");
        const QDir dir(QStringLiteral(HOOKSCOPE_TEST_DATA) + u"/email"_s);
        const QStringList files = dir.entryList({ u"*.eml"_s }, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 30);
        for (const QString& f : files)
            QTest::addRow("%s", qPrintable(f)) << f;
    }
    void streamedReadingMatchesWholeReading()
    {
        // parseMimeStreamed (hookscope parse) reads what parseMime reads, damaged parts included, and hands
        // out each attachment's bytes again exactly.
        QFETCH(QString, file);
        const QByteArray raw = eml(file);
        const auto whole = email::parseMime(raw);
        bool called = false;
        const auto streamed = email::parseMimeStreamed(
            raw, [&](const email::EmailMessage& m, const email::AttachmentData& attachmentData) {
                called = true;
                QVERIFY(whole);
                QCOMPARE(m.warnings, whole->warnings);
                QVERIFY(m.text == whole->text);
                QVERIFY(m.html == whole->html);
                QCOMPARE(m.headers, whole->headers);
                QCOMPARE(m.attachments.size(), whole->attachments.size());
                for (qsizetype i = 0; i < m.attachments.size(); ++i) {
                    const email::Attachment& a = m.attachments.at(i);
                    const email::Attachment& w = whole->attachments.at(i);
                    QVERIFY(a.data.isEmpty());
                    QCOMPARE(a.size, w.size);
                    QCOMPARE(a.sha256, w.sha256);
                    QCOMPARE(a.filename, w.filename);
                    QCOMPARE(a.partPath, w.partPath);
                    QByteArray bytes;
                    attachmentData(i, [&](QByteArrayView piece) { bytes.append(piece); });
                    QVERIFY(bytes == w.data);
                    QCOMPARE(hex(bytes), a.sha256);
                }
            });
        QCOMPARE(bool(streamed), bool(whole));
        QCOMPARE(called, bool(whole));
    }

    void decodeTransferInPieces_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QByteArray>("encoding");
        QTest::addColumn<bool>("inPieces");
        QByteArray bytes;
        for (int i = 0; i < 200'000; ++i)
            bytes.append(char(i * 7 + i / 251));
        const QByteArray b64 = bytes.toBase64();
        QByteArray crlf, lf;
        for (qsizetype i = 0; i < b64.size(); i += 76) {
            crlf += b64.mid(i, 76) + "\r\n";
            lf += b64.mid(i, 76) + "\n";
        }
        QTest::addRow("base64, CRLF lines") << crlf << QByteArray("base64") << true;
        QTest::addRow("base64, LF lines, padded") << lf << QByteArray(" Base64 ") << true;
        QTest::addRow("base64, one line") << b64 << QByteArray("base64") << true;
        QTest::addRow("base64, stray byte late") << crlf + "*QUJD\r\n" << QByteArray("base64") << false;
        QTest::addRow("base64, text after the padding") << crlf + "QQ==\r\nQUJD\r\n" << QByteArray("base64") << false;
        QTest::addRow("base64, stray CR") << QByteArray("QUJD\rQUJD\r\n") << QByteArray("base64") << false;
        QTest::addRow("base64, length not a multiple of 4") << crlf + "QUJ\r\n" << QByteArray("base64") << false;
        QTest::addRow("base64, empty") << QByteArray() << QByteArray("base64") << false;
        QByteArray qp;
        for (int i = 0; i < 30'000; ++i)
            qp += "caf=C3=A9 =3D soft=\r\nbreak, stray = sign=\n";
        QTest::addRow("quoted-printable across pieces") << qp << QByteArray("quoted-printable") << true;
        QTest::addRow("7bit") << QByteArray(300'000, 'x') << QByteArray() << true;
    }
    void decodeTransferInPieces()
    {
        QFETCH(QByteArray, content);
        QFETCH(QByteArray, encoding);
        QFETCH(bool, inPieces);
        QByteArray joined;
        int pieces = 0;
        const bool ok = email::decodeTransferInPieces(content, encoding, [&](QByteArrayView piece) {
            QVERIFY(piece.size() <= 128 * 1024);
            ++pieces;
            joined.append(piece);
        });
        QCOMPARE(ok, inPieces);
        if (ok) {
            QVERIFY(joined == email::decodeTransfer(content, encoding));
            QVERIFY(content.size() < 200'000 || pieces > 1);
        }
    }

    void guessedLineEndsAreChecked()
    {
        // The base64 reader expects each line as long as the last; here a 30- and a 44-character line,
        // with their line breaks, are as long as one of 76 with its own, so the expected end skips a line
        // break. The text still reads exactly, as clean base64.
        QByteArray bytes;
        for (int i = 0; i < 3000; ++i)
            bytes.append(char(i * 13 + i / 7));
        const QByteArray b64 = bytes.toBase64();
        QByteArray content;
        qsizetype at = 0;
        for (const int length : { 76, 76, 76, 30, 44, 76 }) {
            content += b64.mid(at, length) + "\r\n";
            at += length;
        }
        for (; at < b64.size(); at += 76)
            content += b64.mid(at, 76) + "\r\n";
        bool damaged = true;
        QVERIFY(email::decodeTransfer(content, "base64", &damaged) == bytes);
        QVERIFY(!damaged);
        QByteArray joined;
        if (email::decodeTransferInPieces(content, "base64", [&](QByteArrayView piece) { joined.append(piece); }))
            QVERIFY(joined == bytes);
    }

    void partTree()
    {
        const QByteArray raw = eml(u"mixed_gmail_attachments.eml"_s);
        auto tree = email::mimePartTree(raw);
        QVERIFY2(tree, tree ? "" : qPrintable(tree.error()));
        QStringList shape;
        for (const auto& p : *tree)
            shape << u"%1 %2 %3"_s.arg(p.path.isEmpty() ? u"-"_s : p.path, p.contentType).arg(int(p.role));
        using Role = email::MimePartInfo::Role;
        QCOMPARE(shape,
            (QStringList { u"- multipart/mixed %1"_s.arg(int(Role::Container)),
                u"1 multipart/alternative %1"_s.arg(int(Role::Container)),
                u"1.1 text/plain %1"_s.arg(int(Role::TextBody)), u"1.2 text/html %1"_s.arg(int(Role::HtmlBody)),
                u"2 application/pdf %1"_s.arg(int(Role::Attachment)),
                u"3 image/png %1"_s.arg(int(Role::Attachment)) }));
        const auto& root = tree->at(0);
        QCOMPARE(root.headerBegin, 0);
        QCOMPARE(root.children, (QList<int> { 1, 4, 5 }));
        const auto& pdf = tree->at(4);
        QCOMPARE(pdf.parent, 0);
        QCOMPARE(pdf.depth, 1);
        QCOMPARE(pdf.attachmentIndex, 0);
        QCOMPARE(pdf.transferEncoding, u"base64"_s);
        QCOMPARE(pdf.disposition, u"attachment"_s);
        QCOMPARE(pdf.filename, u"invoice-2026-04.pdf"_s);
        QCOMPARE(pdf.contentId, u"f_invoice01"_s);
        // The byte ranges point into the source: header block, then the encoded body.
        QVERIFY(raw.mid(pdf.headerBegin).startsWith("Content-Type: application/pdf"));
        QVERIFY(pdf.bodyBegin > pdf.headerBegin && pdf.end > pdf.bodyBegin);
        const QByteArray decoded
            = email::decodeTransfer(QByteArrayView(raw).sliced(pdf.bodyBegin, pdf.end - pdf.bodyBegin), "base64");
        auto m = email::parseMime(raw);
        QVERIFY(m);
        QVERIFY(decoded == m->attachments.at(0).data);
        QCOMPARE(pdf.decodedSize, m->attachments.at(0).size);
        QCOMPARE(tree->at(5).contentId, u"ii_shot01"_s);
        QCOMPARE(tree->at(5).disposition, u"inline"_s);
        QCOMPARE(tree->at(2).charset, u"UTF-8"_s);
        QVERIFY(raw.mid(tree->at(1).headerBegin).startsWith("Content-Type: multipart/alternative"));
        QVERIFY(raw.mid(tree->at(1).end).startsWith("\r\n--0000000000001111\r\n"));
    }

    void partTreeOfAttachedMessage()
    {
        const QByteArray raw = eml(u"forwarded_rfc822.eml"_s);
        auto tree = email::mimePartTree(raw);
        QVERIFY(tree);
        QStringList paths;
        for (const auto& p : *tree)
            paths << (p.path.isEmpty() ? u"-"_s : p.path) + u' ' + p.contentType;
        QCOMPARE(paths,
            (QStringList { u"- multipart/mixed"_s, u"1 text/plain"_s, u"2 message/rfc822"_s, u"2.1 text/plain"_s,
                u"2.2 application/pdf"_s }));
        QCOMPARE(tree->at(2).role, email::MimePartInfo::Role::Message);
        QCOMPARE(tree->at(2).attachmentIndex, 0);
        QCOMPARE(tree->at(4).attachmentIndex, -1); // inside the attached message, not an attachment of its own
        QVERIFY(raw.mid(tree->at(2).bodyBegin).startsWith("From: Original Sender"));
        QCOMPARE(tree->at(3).depth, 2);
    }

    void twentyFiveMegabytesInBoundedMemory()
    {
        // A 25 MB message (one ~18.5 MB attachment, base64), read the way the post-processor reads it:
        // attachments streamed one at a time, not kept. Peak memory beyond the message itself must stay
        // within three times its size (so "about four times its size" all told).
        const QByteArray raw = twentyFiveMegabyteMessage();
        QVERIFY(raw.size() > 25'000'000);
        if (!resetPeak() || statusKb("VmHWM") < 0)
            QSKIP("this kernel does not let a process reset its peak memory figure (/proc/self/clear_refs)");
        const qint64 baseline = statusKb("VmRSS");
        email::MimeReadOptions options;
        options.keepData = false;
        qint64 seen = 0;
        options.onAttachment = [&](const email::Attachment&, const QByteArray& bytes) { seen += bytes.size(); };
        auto m = email::parseMime(raw, options);
        const qint64 peak = statusKb("VmHWM");
        QVERIFY(m);
        QCOMPARE(seen, 18'500'000);
        const double extra = double(peak - baseline) * 1024 / double(raw.size());
        qInfo("25 MB message: %.1f MB, peak beyond the message %.1f MB (%.2fx its size; %.2fx all told)",
            raw.size() / 1e6, (peak - baseline) * 1024 / 1e6, extra, extra + 1);
        QVERIFY2(extra <= 3.0, qPrintable(u"peak %1x the message size beyond the message itself"_s.arg(extra)));
    }

    void twentyFiveMegabytesStreamedInBoundedMemory()
    {
        // The same message read as `hookscope parse` reads it: hashed, then written out, a piece at a time.
        // Beyond the message itself, memory holds small buffers only, never the decoded attachment.
        QString expected;
        const QByteArray raw = twentyFiveMegabyteMessage(&expected);
        if (!resetPeak() || statusKb("VmHWM") < 0)
            QSKIP("this kernel does not let a process reset its peak memory figure (/proc/self/clear_refs)");
        const qint64 baseline = statusKb("VmRSS");
        const qint64 heapBefore = heapInUse();
        qint64 heldAtMost = 0;
        qint64 written = 0;
        QCryptographicHash hash(QCryptographicHash::Sha256);
        const auto r
            = email::parseMimeStreamed(raw, [&](const email::EmailMessage& m, const email::AttachmentData& read) {
                  QCOMPARE(m.attachments.size(), 1);
                  QCOMPARE(m.attachments.first().sha256, expected);
                  read(0, [&](QByteArrayView piece) {
                      written += piece.size();
                      hash.addData(piece);
                      heldAtMost = qMax(heldAtMost, heapInUse());
                  });
              });
        const qint64 peak = statusKb("VmHWM");
        QVERIFY(r);
        QCOMPARE(written, 18'500'000);
        QCOMPARE(QString::fromLatin1(hash.result().toHex()), expected);
        const double extra = double(peak - baseline) * 1024 / double(raw.size());
        qInfo("25 MB message read in pieces: peak beyond the message %.1f MB (%.2fx its size)",
            (peak - baseline) * 1024 / 1e6, extra);
        QVERIFY2(extra <= 0.25, qPrintable(u"peak %1x the message size beyond the message itself"_s.arg(extra)));
        // The resident figure cannot see memory malloc kept from earlier tests; what is allocated it can.
        QVERIFY2(heldAtMost - heapBefore < 1'000'000,
            qPrintable(u"%1 bytes allocated while writing the attachment out"_s.arg(heldAtMost - heapBefore)));
    }

    void eventJsonShape()
    {
        auto m = email::parseMime(eml(u"mixed_gmail_attachments.eml"_s));
        QVERIFY(m);
        const QJsonObject o = email::toEventJson(*m);
        QCOMPARE(o.value(u"messageId"_s).toString(), u"<mixed-attachments@mail.example>"_s);
        QCOMPARE(o.value(u"from"_s).toObject().value(u"name"_s).toString(), u"Ana Lopez"_s);
        const QJsonObject pdf = o.value(u"attachments"_s).toArray().at(0).toObject();
        QCOMPARE(pdf.value(u"contentId"_s).toString(), u"f_invoice01"_s);
        QCOMPARE(QByteArray::fromBase64(pdf.value(u"dataBase64"_s).toString().toLatin1()), m->attachments.at(0).data);
        const auto plain = email::parseMime(eml(u"plain_ascii.eml"_s));
        QVERIFY(toEventJson(*plain).value(u"html"_s).isNull());
    }
};

QTEST_GUILESS_MAIN(TestMimeParser)
#include "tst_mimeparser.moc"
