// Attachment safety in the window: the Attachments tab's Safety badge per attachment, and the question before opening
// or saving one that is infected or flagged, naming what was found.
#include "ui/attachmentspane.h"
#include "ui/eventdetails.h"
#include "ui/eventlistmodel.h"
#include "ui/scanbadge.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QPushButton>
#include <QTest>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::ui;

class TestUiScanBadge : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aFlagReasonIsNeverMarkup()
    {
        // A reason quotes the file's name as the sender wrote it: the tooltip shows it as text.
        store::AttachmentScanRow scan;
        scan.status = u"clean"_s;
        scan.flags = QJsonArray { QJsonObject { { u"id"_s, u"double-extension"_s },
            { u"reason"_s, u"named <b>x</b><img src=\"file:///etc/hostname\">.pdf.exe"_s } } };
        const QString tip = ScanBadge::tooltip(&scan);
        QVERIFY2(tip.contains(u"&lt;b&gt;x&lt;/b&gt;&lt;img"_s), qPrintable(tip));
        QVERIFY2(!tip.contains(u"<b>x"_s) && !tip.contains(u"<img"_s), qPrintable(tip));
    }
    void badges_data();
    void badges();
    void flaggedAttachmentsAskBeforeOpening();
    void listMarksFlaggedAttachments_data();
    void listMarksFlaggedAttachments();
};

namespace {

store::AttachmentScanRow scanRow(int part, const QString& status, const QString& signature = {},
    const QList<QPair<QString, QString>>& flags = {}, const QString& message = {})
{
    store::AttachmentScanRow r;
    r.part = part;
    r.status = status;
    r.signature = signature;
    r.message = message;
    for (const auto& [id, reason] : flags)
        r.flags.append(QJsonObject { { u"id"_s, id }, { u"reason"_s, reason } });
    r.detectedType = u"text/plain"_s;
    return r;
}

EventDetails details(const QList<QString>& names, const QList<store::AttachmentScanRow>& scans)
{
    EventDetails d;
    d.found = true;
    email::EmailMessage m;
    for (const QString& n : names) {
        email::Attachment a;
        a.filename = n;
        a.contentType = u"application/octet-stream"_s;
        a.data = "bytes";
        m.attachments << a;
    }
    d.email = m;
    d.scans = scans;
    return d;
}

} // namespace

void TestUiScanBadge::badges_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("badge");
    QTest::addColumn<QString>("tooltipPart");
    QTest::addColumn<bool>("asks");
    QTest::newRow("infected") << 0 << u"infected: Eicar-Test-Signature"_s << u"ClamAV found Eicar-Test-Signature"_s
                              << true;
    QTest::newRow("flagged") << 1 << u"flagged: type-mismatch, macro"_s << u"macro: vbaProject.bin inside"_s << true;
    QTest::newRow("clean") << 2 << u"clean"_s << u"Content: text/plain"_s << false;
    QTest::newRow("not scanned") << 3 << u"not scanned"_s << u"install clamav-daemon"_s << false;
    QTest::newRow("not yet") << 4 << u"…"_s << u"Not looked at yet"_s << false;
}

void TestUiScanBadge::badges()
{
    QFETCH(int, kind);
    QFETCH(QString, badge);
    QFETCH(QString, tooltipPart);
    QFETCH(bool, asks);
    const QList<store::AttachmentScanRow> scans { scanRow(0, u"infected"_s, u"Eicar-Test-Signature"_s),
        scanRow(1, u"clean"_s, {},
            { { u"type-mismatch"_s, u"the content is text/html, but it is named .png"_s },
                { u"macro"_s, u"vbaProject.bin inside"_s } }),
        scanRow(2, u"clean"_s), scanRow(3, u"not-scanned"_s, {}, {}, u"no clamd configured"_s) };
    AttachmentsPane pane;
    pane.setDetails(details({ u"a.com"_s, u"b.png"_s, u"c.txt"_s, u"d.txt"_s, u"e.txt"_s }, scans));
    QCOMPARE(pane.list()->columnCount(), 5);
    QCOMPARE(pane.list()->headerItem()->text(4), u"Safety"_s);
    QTreeWidgetItem* item = pane.list()->topLevelItem(kind);
    QCOMPARE(item->text(4), badge);
    QVERIFY2(item->toolTip(4).contains(tooltipPart), qPrintable(item->toolTip(4)));
    QCOMPARE(ScanBadge::needsConfirmation(pane.scanOf(kind)), asks);
}

void TestUiScanBadge::flaggedAttachmentsAskBeforeOpening()
{
    AttachmentsPane pane;
    pane.setDetails(details({ u"eicar.com"_s, u"report.pdf"_s },
        { scanRow(0, u"infected"_s, u"Eicar-Test-Signature"_s,
              { { u"executable"_s, u"named .com, a program that runs when opened"_s } }),
            scanRow(1, u"clean"_s) }));
    QStringList asked;
    pane.confirm = [&](const QString& question) {
        asked << question;
        return false;
    };
    // Declined: not opened. The question names the file, the signature and each flag with its reason.
    QVERIFY(!pane.mayHandle(0, u"Open"_s));
    QCOMPARE(asked.size(), 1);
    QVERIFY2(asked.first().startsWith(u"Open \"eicar.com\" anyway?"_s), qPrintable(asked.first()));
    QVERIFY2(asked.first().contains(u"ClamAV found Eicar-Test-Signature"_s), qPrintable(asked.first()));
    QVERIFY2(asked.first().contains(u"executable: named .com"_s), qPrintable(asked.first()));
    // The Open button goes through the same question.
    pane.list()->setCurrentItem(pane.list()->topLevelItem(0));
    QPushButton* open = nullptr;
    for (QPushButton* b : pane.findChildren<QPushButton*>())
        if (b->text() == u"Open"_s)
            open = b;
    QVERIFY(open);
    open->click();
    QCOMPARE(asked.size(), 2);
    QVERIFY(asked.last().startsWith(u"Open \"eicar.com\""_s));
    // Accepted: goes on. A clean attachment is not asked about.
    pane.confirm = [&](const QString& question) {
        asked << question;
        return true;
    };
    QVERIFY(pane.mayHandle(0, u"Save"_s));
    QVERIFY(asked.last().startsWith(u"Save \"eicar.com\" anyway?"_s));
    const qsizetype before = asked.size();
    QVERIFY(pane.mayHandle(1, u"Open"_s));
    QCOMPARE(asked.size(), before);
}

void TestUiScanBadge::listMarksFlaggedAttachments_data()
{
    QTest::addColumn<QStringList>("flags");
    QTest::addColumn<QString>("cell");
    QTest::newRow("clean") << QStringList {} << u"2"_s;
    QTest::newRow("infected") << QStringList { u"attachment-infected"_s } << u"2 ⚠"_s;
    QTest::newRow("flagged") << QStringList { u"malformed-payload"_s, u"attachment-flagged"_s } << u"2 ⚠"_s;
}

void TestUiScanBadge::listMarksFlaggedAttachments()
{
    QFETCH(QStringList, flags);
    QFETCH(QString, cell);
    store::EventRow e;
    e.attachments = 2;
    e.flags = flags;
    QCOMPARE(formatRow(e).cells[EventListModel::Attachments], cell);
}

QTEST_MAIN(TestUiScanBadge)
#include "tst_ui_scanbadge.moc"
