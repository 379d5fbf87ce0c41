// Comparing two events in the real window (offscreen): Event ▸ Compare two events is on for exactly two selected
// events, reads both off the GUI thread and shows what differs, JSON path by path and as a request diff; a body
// re-serialized with the same values shows no JSON change; the sender's text is never markup.

#include "uicapture.h"

#include "ui/eventcomparedialog.h"

#include <QAction>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::ui;

class tst_EventCompare : public QObject {
    Q_OBJECT

    static QStringList paths(QTreeWidget* tree)
    {
        QStringList out;
        for (int i = 0; i < tree->topLevelItemCount(); ++i)
            out << tree->topLevelItem(i)->text(0);
        return out;
    }

private Q_SLOTS:
    void jsonChangesArePathByPath_data()
    {
        QTest::addColumn<QByteArray>("a");
        QTest::addColumn<QByteArray>("b");
        QTest::addColumn<QStringList>("expected");
        QTest::addRow("same values, other spacing and key order")
            << QByteArray(R"({"a":1,"b":{"c":"x","d":[1,2]}})")
            << QByteArray("{ \"b\" : { \"d\" : [ 1, 2 ], \"c\" : \"x\" },\n  \"a\" : 1 }") << QStringList();
        QTest::addRow("a value changed") << QByteArray(R"({"data":{"subject":"Hi"}})")
                                         << QByteArray(R"({"data":{"subject":"Re: Hi"}})")
                                         << QStringList { u"~ data.subject: \"Hi\" → \"Re: Hi\""_s };
        QTest::addRow("added and removed, in arrays too")
            << QByteArray(R"({"to":["a@x"],"old":true})") << QByteArray(R"({"to":["a@x","b@x"]})")
            << QStringList { u"- old: true"_s, u"+ to[1]: \"b@x\""_s };
        const QString hostile = u"\"'$(id) `id` *.eml @x \u0000 \r\n"_s + QString(200 * 1024, u'x');
        QTest::addRow("a hostile value is compared as it is")
            << QJsonDocument(QJsonObject { { u"s"_s, u"plain"_s } }).toJson()
            << QJsonDocument(QJsonObject { { u"s"_s, hostile } }).toJson()
            << QStringList { u"~ s: \"plain\" → "_s
                   + QString::fromUtf8(QJsonDocument(QJsonArray { hostile }).toJson(QJsonDocument::Compact))
                         .mid(1)
                         .chopped(1) };
        QTest::addRow("a number is not its string")
            << QByteArray(R"({"n":1})") << QByteArray(R"({"n":"1"})") << QStringList { u"~ n: 1 → \"1\""_s };
    }
    void jsonChangesArePathByPath()
    {
        QFETCH(QByteArray, a);
        QFETCH(QByteArray, b);
        QFETCH(QStringList, expected);
        const auto changes = EventCompareDialog::jsonChanges(a, b);
        QVERIFY(changes.has_value());
        QCOMPARE(*changes, expected);
        QVERIFY(!EventCompareDialog::jsonChanges("not json", b).has_value());
    }

    void comparesTwoSelectedEventsInTheWindow()
    {
        test::WindowCapture w("s");
        QVERIFY(w.capture->start().has_value());
        const QByteArray first = test::plainEvent(u"evt_cmp_1"_s, u"Invoice <img src=http://127.0.0.1:9/x>"_s);
        const QByteArray second = test::plainEvent(u"evt_cmp_2"_s, u"Invoice, second try"_s);
        QCOMPARE(test::sendSigned(w.url().toString(), first, "s").status, 200);
        QCOMPARE(test::sendSigned(w.url().toString(), second, "s").status, 200);
        auto window = w.openWindow();
        QVERIFY(window);
        QAction* compare = window->findChild<QAction*>(u"compareEventsAction"_s);
        QVERIFY(compare);
        QVERIFY(test::selectEvent(*window, u"evt_cmp_1"_s));
        QVERIFY2(!compare->isEnabled(), "Compare is on with one event selected");
        // Both rows selected, as Ctrl+click does.
        QTableView* view = window->eventView();
        QVERIFY(test::waitFor([&] { return window->eventModel()->rowCount() == 2; }, "both events to be listed"));
        view->selectAll();
        QCOMPARE(window->selectedEvents().size(), 2);
        QVERIFY2(compare->isEnabled(), "Compare is off with two events selected");

        EventCompare* controller = window->findChild<EventCompare*>();
        QVERIFY(controller);
        QSignalSpy opened(controller, &EventCompare::opened);
        compare->trigger();
        QVERIFY2(opened.wait(test::kWaitMs), "the comparison to open");
        auto* dialog = opened.first().first().value<EventCompareDialog*>();
        QVERIFY(dialog);
        // The older event is the first side; its subject and id changed, nothing else in the JSON.
        const QStringList changed = paths(dialog->changes());
        QVERIFY2(
            changed.contains(u"subject"_s) || changed.contains(u"data.subject"_s), qPrintable(changed.join(u", "_s)));
        QVERIFY2(changed.size() <= 4, qPrintable(changed.join(u", "_s)));
        QVERIFY(dialog->summary()->text().contains(u"evt_cmp_1"_s));
        const QString counted
            = changed.size() == 1 ? u"1 JSON value differs."_s : u"%1 JSON values differ."_s.arg(changed.size());
        QVERIFY2(dialog->summary()->text().contains(counted), qPrintable(dialog->summary()->text()));
        QVERIFY(!dialog->summary()->text().contains(u"(s)"_s));
        // The request diff: the signature headers differ, the request line does not.
        const QString diff = dialog->diffText();
        QVERIFY2(diff.startsWith(u" POST /webhooks/email"_s), qPrintable(diff.left(200)));
        QVERIFY(diff.contains(u"\n-X-Webhook-Signature: "_s) || diff.contains(u"\n-x-webhook-signature: "_s));
        QVERIFY(diff.contains(u"\n+X-Webhook-Signature: "_s) || diff.contains(u"\n+x-webhook-signature: "_s));
        // The sender's subject is shown as text, never as an image or markup.
        QVERIFY(dialog->requestDiff()->toPlainText().contains(u"<img src=http://127.0.0.1:9/x>"_s));
        QCOMPARE(dialog->summary()->textFormat(), Qt::PlainText);
        dialog->close();
    }
};

QTEST_MAIN(tst_EventCompare)
#include "tst_ui_eventcompare.moc"
