// Saved searches: View ▸ Save search… names the current search; it is listed in the sidebar under "Saved searches"
// with its count, which follows arrivals; clicking it applies it; its context menu deletes it.

#include "testwait.h"
#include "uistore.h"

#include "ui/eventlistmodel.h"
#include "ui/mainwindow.h"
#include "ui/storereader.h"
#include "ui/viewlistmodel.h"

#include <QAction>
#include <QApplication>
#include <QInputDialog>
#include <QLineEdit>
#include <QMenu>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace {

/** The sidebar row whose name is `name`, or -1. */
int rowNamed(QAbstractItemModel* model, const QString& name)
{
    for (int row = 0; row < model->rowCount(); ++row)
        if (model->index(row, ui::ViewListModel::Name).data().toString() == name)
            return row;
    return -1;
}

QString countOf(QAbstractItemModel* model, const QString& name)
{
    const int row = rowNamed(model, name);
    return row < 0 ? QString() : model->index(row, ui::ViewListModel::Count).data().toString();
}

} // namespace

class tst_UiSavedSearches : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(test::isolateSettings(m_config, u"tst_ui_savedsearches"_s)); }

    void savedSearchCountsAppliesAndDeletes()
    {
        test::UiStore store;
        store.addEvents(1, 30); // failed: i % 3 == 1, ten of them
        ui::StoreReader reader(store.path());
        ui::MainWindow window(reader, nullptr);
        window.resize(1024, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        WAIT_FOR(!window.eventModel()->isLoading() && window.eventModel()->rowCount() == 30, "the 30 events listed");

        // View ▸ Save search… names the search in the field.
        auto* save = window.findChild<QAction*>(u"saveSearchAction"_s);
        QVERIFY2(save, "a Save search action");
        window.searchField()->setText(u"status:failed"_s);
        bool named = false;
        QTimer::singleShot(0, &window, [&] {
            auto* dialog = qobject_cast<QInputDialog*>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            dialog->setTextValue(u"Failures"_s);
            named = true;
            dialog->accept();
        });
        save->trigger();
        QVERIFY2(named, "the name asked for");
        QAbstractItemModel* views = window.sidebar()->model();
        QVERIFY2(rowNamed(views, u"Saved searches"_s) >= 0, "the Saved searches heading");
        QVERIFY2(rowNamed(views, u"Failures"_s) > rowNamed(views, u"Saved searches"_s), "the search under it");
        WAIT_FOR(countOf(views, u"Failures"_s) == u"10"_s, "the saved search counted: 10 failing");
        const QVariantList kept = QSettings().value(u"searches/saved"_s).toList();
        QCOMPARE(kept.size(), 1);
        QCOMPARE(kept.first().toMap().value(u"text"_s).toString(), u"status:failed"_s);

        // Arrivals (another connection, as the listener writes): the count follows.
        store.addEventsFromAnotherThread(31, 6); // 31 and 34 fail
        WAIT_FOR(countOf(views, u"Failures"_s) == u"12"_s, "the saved search's count to follow the arrivals");

        // Another search in the field; clicking the saved one applies it.
        window.applySearch(u"subject:nothing-like-this"_s);
        WAIT_FOR(!window.eventModel()->isLoading() && window.eventModel()->rowCount() == 0, "the other search");
        const QModelIndex savedRow = views->index(rowNamed(views, u"Failures"_s), ui::ViewListModel::Name);
        const QRect rect = window.sidebar()->visualRect(savedRow);
        QVERIFY(rect.isValid());
        QTest::mouseClick(window.sidebar()->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(window.searchField()->text(), u"status:failed"_s);
        WAIT_FOR(!window.eventModel()->isLoading() && window.eventModel()->rowCount() == 12,
            "the saved search applied: its 12 events listed");
        for (int row = 0; row < window.eventModel()->rowCount(); ++row)
            WAIT_FOR(window.eventModel()->eventAt(row), "the row read");
        for (int row = 0; row < window.eventModel()->rowCount(); ++row)
            QCOMPARE(window.eventModel()->eventAt(row)->status, u"failed"_s);

        // Its context menu deletes it.
        bool deleted = false;
        QTimer::singleShot(0, &window, [&] {
            auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
            if (!menu)
                return;
            for (QAction* a : menu->actions()) {
                if (a->text().remove(u'&') == u"Delete"_s) {
                    deleted = true;
                    menu->setActiveAction(a);
                    QTest::keyClick(menu, Qt::Key_Return);
                    return;
                }
            }
            menu->close();
        });
        Q_EMIT window.sidebar()->customContextMenuRequested(rect.center());
        QVERIFY2(deleted, "a Delete item in the saved search's context menu");
        QCOMPARE(rowNamed(views, u"Failures"_s), -1);
        QCOMPARE(rowNamed(views, u"Saved searches"_s), -1);
        QVERIFY(QSettings().value(u"searches/saved"_s).toList().isEmpty());
    }

private:
    QTemporaryDir m_config;
};

QTEST_MAIN(tst_UiSavedSearches)
#include "tst_ui_savedsearches.moc"
