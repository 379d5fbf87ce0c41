// Pieces of the detail panes on their own: hex view lines, MIME part offsets, JSON paths, header parsing,
// the signature diagnosis.

#include "ui/bodypane.h"
#include "ui/eventdetails.h"
#include "ui/exportdialog.h"
#include "ui/hexview.h"
#include "ui/mimepane.h"
#include "ui/mimescan.h"
#include "ui/signaturepane.h"

#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTest>
#include <QTextBrowser>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::ui;

namespace {

const QByteArray kMime = "From: Ada <ada@example.com>\r\n"
                         "Subject: Hello\r\n"
                         "Content-Type: multipart/mixed; boundary=\"outer\"\r\n"
                         "\r\n"
                         "preamble\r\n"
                         "--outer\r\n"
                         "Content-Type: multipart/alternative; boundary=inner\r\n"
                         "\r\n"
                         "--inner\r\n"
                         "Content-Type: text/plain\r\n"
                         "\r\n"
                         "plain text\r\n"
                         "--inner\r\n"
                         "Content-Type: text/html\r\n"
                         "\r\n"
                         "<p>html</p>\r\n"
                         "--inner--\r\n"
                         "--outer\r\n"
                         "Content-Type: image/png; name=\"logo.png\"\r\n"
                         "Content-ID: <logo@x>\r\n"
                         "Content-Disposition: inline; filename=\"logo.png\"\r\n"
                         "\r\n"
                         "iVBORw0KGgo=\r\n"
                         "--outer--\r\n";

} // namespace

class tst_Widgets : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void exportDialogLabelsAreMnemonicsNotAmpersands()
    {
        ExportDialog dialog(2);
        auto* path = dialog.findChild<QLineEdit*>(u"path"_s);
        QVERIFY(path);
        // Every label that marks a key with "&" has a field to go to; otherwise Qt shows the "&" itself.
        const auto labels = dialog.findChildren<QLabel*>();
        bool pathLabelled = false;
        for (const QLabel* label : labels) {
            if (!label->text().contains(u'&'))
                continue;
            QVERIFY2(label->buddy(), qPrintable(label->text()));
            pathLabelled |= label->buddy() == path;
        }
        QVERIFY(pathLabelled);
    }

    void hexViewLines_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("expected");
        QTest::addRow("first line")
            << QByteArray("POST / HTTP/1.1\r\nHost: x\r\n") << 0
            << u"00000000  50 4f 53 54 20 2f 20 48  54 54 50 2f 31 2e 31 0d  |POST / HTTP/1.1.|"_s;
        QTest::addRow("short last line") << QByteArray("0123456789abcdefXY") << 1
                                         << u"00000010  58 59                                             |XY|"_s;
        QTest::addRow("binary") << QByteArray("\x00\xff\x7f", 3) << 0
                                << u"00000000  00 ff 7f                                          |...|"_s;
    }
    void hexViewLines()
    {
        QFETCH(QByteArray, data);
        QFETCH(int, line);
        QFETCH(QString, expected);
        HexView view;
        view.setData(data);
        QCOMPARE(view.lineText(line), expected);
        QCOMPARE(view.lineCount(), (data.size() + 15) / 16);
    }

    void mimeScanFindsEveryPart()
    {
        const MimeNode root = scanMime(kMime);
        QCOMPARE(root.contentType, u"multipart/mixed"_s);
        QCOMPARE(root.children.size(), 2);
        const MimeNode& alternative = root.children[0];
        QCOMPARE(alternative.contentType, u"multipart/alternative"_s);
        QCOMPARE(alternative.children.size(), 2);
        const MimeNode& plain = alternative.children[0];
        QCOMPARE(plain.contentType, u"text/plain"_s);
        QCOMPARE(kMime.mid(plain.bodyStart, plain.end - plain.bodyStart), QByteArray("plain text"));
        const MimeNode& html = alternative.children[1];
        QCOMPARE(kMime.mid(html.bodyStart, html.end - html.bodyStart), QByteArray("<p>html</p>"));
        QVERIFY(kMime.mid(html.start).startsWith("Content-Type: text/html"));
        const MimeNode& logo = root.children[1];
        QCOMPARE(logo.contentType, u"image/png"_s);
        QCOMPARE(logo.filename, u"logo.png"_s);
        QCOMPARE(logo.contentId, u"logo@x"_s);
        QCOMPARE(kMime.mid(logo.bodyStart, logo.end - logo.bodyStart), QByteArray("iVBORw0KGgo="));
    }

    void mimePaneMarksRawPartSource()
    {
        MimePane pane;
        EventDetails d;
        d.found = true;
        email::EmailMessage m;
        m.rawMime = kMime;
        d.email = m;
        pane.setDetails(d);
        QTreeWidget* tree = pane.tree();
        QCOMPARE(tree->topLevelItemCount(), 1);
        QTreeWidgetItem* logo = tree->topLevelItem(0)->child(1);
        QCOMPARE(logo->text(0), u"image/png"_s);
        tree->setCurrentItem(logo);
        const auto [start, end] = pane.highlighted();
        QVERIFY(kMime.mid(start, end - start).startsWith("Content-Type: image/png"));
        QVERIFY(kMime.mid(start, end - start).endsWith("iVBORw0KGgo="));
        const QString selected = pane.source()->extraSelections().first().cursor.selectedText();
        QVERIFY(selected.startsWith(u"Content-Type: image/png"_s));
    }

    void bodyPanePaths()
    {
        BodyPane pane;
        EventDetails d;
        d.found = true;
        store::DeliveryRow delivery;
        delivery.statusCode = 200;
        delivery.body = "{\"a\":{\"b c\":[1,{\"d\":\"x\"}]},\"long\":\"" + QByteArray(1000, 'z') + "\"}";
        d.deliveries << delivery;
        pane.setDetails(d);
        const auto found = pane.tree()->findItems(u"d"_s, Qt::MatchExactly | Qt::MatchRecursive);
        QCOMPARE(found.size(), 1);
        QCOMPARE(BodyPane::pathOf(found.first()), u"$.a[\"b c\"][1].d"_s);
        QCOMPARE(BodyPane::valueOf(found.first()), u"x"_s);
        const auto longValue = pane.tree()->findItems(u"long"_s, Qt::MatchExactly | Qt::MatchRecursive);
        QVERIFY(longValue.first()->text(1).size() < 400); // shown shortened
        QCOMPARE(BodyPane::valueOf(longValue.first()).size(), 1000); // copied whole
    }

    void bodyPaneSaysWhenNotJson()
    {
        BodyPane pane;
        EventDetails d;
        store::DeliveryRow delivery;
        delivery.body = "from=a%40b&subject=hi";
        d.deliveries << delivery;
        pane.setDetails(d);
        QCOMPARE(pane.tree()->topLevelItemCount(), 0);
        QCOMPARE(pane.rawText()->toPlainText(), u"from=a%40b&subject=hi"_s);
    }

    void headersAsReceived()
    {
        const QByteArray head
            = "POST /x HTTP/1.1\r\nHost: a\r\nX-Folded: one\r\n two\r\nContent-Type: application/json\r\n\r\n";
        const HeaderList headers = parseHeaders(head);
        QCOMPARE(headers.size(), 3);
        QCOMPARE(headers[1].first, u"X-Folded"_s);
        QCOMPARE(headers[1].second, u"one two"_s);
        QCOMPARE(headerValue(head, "content-type"), QByteArray("application/json"));
        QCOMPARE(requestLine(head), u"POST /x HTTP/1.1"_s);
    }

    void signatureDiagnosisInWords_data()
    {
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("words");
        QTest::addRow("valid") << u"valid"_s << u"signature matches"_s;
        QTest::addRow("skew") << u"timestamp-skew"_s << u"too far from this machine's clock"_s;
        QTest::addRow("bad") << u"invalid-signature"_s << u"secret differs"_s;
        QTest::addRow("missing") << u"missing-headers"_s << u"lacks the signature"_s;
        QTest::addRow("no secret") << u"no-secret"_s << u"No secret is configured"_s;
    }
    void signatureDiagnosisInWords()
    {
        QFETCH(QString, reason);
        QFETCH(QString, words);
        QVERIFY(SignaturePane::explain(QJsonObject { { u"reason"_s, reason } }).contains(words));
    }

    void signaturePaneSaysWhenOnlyTheTimeIsWrong()
    {
        SignaturePane pane;
        EventDetails d;
        store::DeliveryRow delivery;
        delivery.statusCode = 400;
        delivery.verdict = QJsonObject { { u"valid"_s, false }, { u"outcome"_s, u"timestamp-skew"_s },
            { u"reason"_s, u"timestamp-skew"_s }, { u"scheme"_s, u"mailparse"_s }, { u"expected"_s, u"abc"_s },
            { u"received"_s, u"abc"_s }, { u"skewMs"_s, 3'600'000.0 }, { u"canonical"_s, u"1.{}"_s } };
        d.deliveries << delivery;
        pane.setDetails(d);
        const QString text = pane.summary()->toPlainText();
        QVERIFY2(text.contains(u"signature itself matches"_s), qPrintable(text));
        QVERIFY(text.contains(u"1 h"_s));
        QCOMPARE(pane.canonical()->toPlainText(), u"1.{}"_s);
    }
};

QTEST_MAIN(tst_Widgets)
#include "tst_ui_widgets.moc"
