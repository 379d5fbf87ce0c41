#include "testwait.h"
#include "uistore.h"

#include "ui/storereader.h"
#include "ui/viewlistmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::ui;

class tst_ViewListModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void countsEveryView_data()
    {
        QTest::addColumn<QString>("status");
        QTest::addColumn<QString>("route");
        QTest::addColumn<qint64>("expected");
        // 300 events: i % 3 → verified/failed/unverified, every 10th has duplicates, every 7th quarantined,
        // every 5th on route "billing".
        QTest::addRow("all") << QString() << QString() << qint64(300);
        QTest::addRow("verified") << u"verified"_s << QString() << qint64(100);
        QTest::addRow("failed") << u"failed"_s << QString() << qint64(100);
        QTest::addRow("unverified") << u"unverified"_s << QString() << qint64(100);
        QTest::addRow("duplicates") << u"duplicate"_s << QString() << qint64(30);
        QTest::addRow("quarantined") << u"quarantined"_s << QString() << qint64(42);
        QTest::addRow("replayed") << u"replayed"_s << QString() << qint64(0);
        QTest::addRow("route billing") << QString() << u"billing"_s << qint64(60);
        QTest::addRow("route default") << QString() << u"default"_s << qint64(240);
        QTest::addRow("configured route, no events") << QString() << u"github"_s << qint64(0);
    }
    void countsEveryView()
    {
        QFETCH(QString, status);
        QFETCH(QString, route);
        QFETCH(qint64, expected);
        test::UiStore s;
        s.addEvents(1, 300);
        StoreReader reader(s.path());
        ViewListModel model(reader);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy counted(&model, &ViewListModel::countsChanged);
        model.setConfiguredRoutes({ u"default"_s, u"github"_s });
        QVERIFY2(counted.wait(test::kWaitMs), test::gaveUp("the next count of the views").constData());
        QCOMPARE(model.countOf(status, route), expected);
        const int row = model.rowOf(status, route);
        QVERIFY(row >= 0);
        QCOMPARE(model.index(row, ViewListModel::Count).data(ViewListModel::RawValueRole).toLongLong(), expected);
        QCOMPARE(model.index(row, ViewListModel::Count).data().toString(), QLocale().toString(expected));
    }

    void followsTheStore()
    {
        test::UiStore s;
        s.addEvents(1, 10);
        StoreReader reader(s.path());
        ViewListModel model(reader);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy counted(&model, &ViewListModel::countsChanged);
        model.refresh();
        QVERIFY2(counted.wait(test::kWaitMs), test::gaveUp("the next count of the views").constData());
        QCOMPARE(model.countOf(QString()), 10);
        QCOMPARE(model.rowOf(QString(), u"billing"_s) >= 0, true); // a route seen only in the store
        s.addEvents(11, 5);
        s.exec(u"UPDATE events SET route = 'stripe' WHERE id = 1"_s);
        model.refresh();
        QVERIFY2(counted.wait(test::kWaitMs), test::gaveUp("the next count of the views").constData());
        QCOMPARE(model.countOf(QString()), 15);
        QCOMPARE(model.countOf(QString(), u"stripe"_s), 1);
        s.exec(u"UPDATE events SET route = 'default' WHERE route = 'billing'"_s);
        model.refresh();
        QVERIFY2(counted.wait(test::kWaitMs), test::gaveUp("the next count of the views").constData());
        QCOMPARE(model.rowOf(QString(), u"billing"_s), -1); // vanished route, vanished row
    }
};

QTEST_MAIN(tst_ViewListModel)
#include "tst_ui_viewlistmodel.moc"
