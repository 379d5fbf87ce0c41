// Colouring rules: rows of the event list that match a rule's search get its background, the first matching rule
// winning, rows arriving later included; the View menu's dialog lists the rules kept in the settings.

#include "testwait.h"
#include "uistore.h"

#include "ui/eventlistmodel.h"
#include "ui/mainwindow.h"
#include "ui/storereader.h"

#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QSettings>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace hookscope;

class tst_UiColouring : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(test::isolateSettings(m_config, u"tst_ui_colouring"_s)); }

    void rulesColourExactlyTheMatchingRows()
    {
        // Quarantined (every 7th) red, else failing (i % 3 == 1) blue, else a subject's free-text words green.
        QSettings().setValue(u"view/colouringRules"_s,
            QVariantList {
                QVariantMap { { u"search"_s, u"status:quarantined"_s }, { u"colour"_s, u"red"_s } },
                QVariantMap { { u"search"_s, u"status:failed"_s }, { u"colour"_s, u"blue"_s } },
                QVariantMap { { u"search"_s, u"\"Subject 12\""_s }, { u"colour"_s, u"green"_s } },
            });
        test::UiStore store;
        store.addEvents(1, 30);
        ui::StoreReader reader(store.path());
        ui::MainWindow window(reader, nullptr);
        window.resize(1024, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        ui::EventListModel* model = window.eventModel();
        WAIT_FOR(!model->isLoading() && model->rowCount() == 30, "the 30 events listed");

        // Which rule each row should match, by its provider id's number.
        const auto expected = [](const store::EventRow& e) {
            const int i = e.eventId.mid(4).toInt();
            if (i % 7 == 0)
                return 0;
            if (i % 3 == 1)
                return 1;
            if (i == 12)
                return 2;
            return -1;
        };
        const auto check = [&](int rows) {
            QList<QColor> colours(3);
            for (int row = 0; row < rows; ++row) {
                const store::EventRow* e = model->eventAt(row);
                QVERIFY2(e, "every row read");
                const QVariant bg = model->index(row, ui::EventListModel::Subject).data(Qt::BackgroundRole);
                const int rule = expected(*e);
                if (rule < 0) {
                    QVERIFY2(!bg.isValid(), qPrintable(e->eventId + u" matches no rule yet is coloured"_s));
                    continue;
                }
                QVERIFY2(bg.isValid(), qPrintable(e->eventId + u" matches a rule yet is not coloured"_s));
                const QColor c = bg.value<QColor>();
                if (!colours[rule].isValid())
                    colours[rule] = c;
                QCOMPARE(c, colours[rule]);
                // The whole row, every column.
                QCOMPARE(model->index(row, ui::EventListModel::Received).data(Qt::BackgroundRole).value<QColor>(), c);
            }
            QVERIFY(colours[0].isValid() && colours[1].isValid() && colours[2].isValid());
            QVERIFY(colours[0] != colours[1] && colours[1] != colours[2] && colours[0] != colours[2]);
        };
        for (int row = 0; row < 30; ++row)
            WAIT_FOR(model->eventAt(row), "the row read");
        check(30);
        if (QTest::currentTestFailed())
            return;

        // Rows arriving later: 35 quarantined (and not failing), 34 and 37 failing, 36 none.
        store.addEventsFromAnotherThread(31, 7);
        WAIT_FOR(model->rowCount() == 37 && model->freshTopRows() == 37, "the 7 arrivals listed and read");
        check(37);

        // View ▸ Colouring rules… lists them, in order.
        auto* action = window.findChild<QAction*>(u"colouringRulesAction"_s);
        QVERIFY2(action, "a Colouring rules action");
        int listed = -1;
        QString first;
        QTimer::singleShot(0, &window, [&] {
            auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            if (auto* table = dialog->findChild<QTableWidget*>()) {
                listed = table->rowCount();
                first = table->item(0, 0) ? table->item(0, 0)->text() : QString();
            }
            dialog->reject();
        });
        action->trigger();
        QCOMPARE(listed, 3);
        QCOMPARE(first, u"status:quarantined"_s);
    }

private:
    QTemporaryDir m_config;
};

QTEST_MAIN(tst_UiColouring)
#include "tst_ui_colouring.moc"
