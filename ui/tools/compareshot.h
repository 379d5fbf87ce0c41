#pragma once

// Event ▸ Compare two events, as the screenshots show it: two customers' emails of the seeded store, their JSON
// changes path by path and the request diff.

#include "seeder.h"

#include "ui/eventcomparedialog.h"
#include "ui/eventlistmodel.h"
#include "ui/mainwindow.h"

#include <QAction>
#include <QItemSelectionModel>
#include <QTabWidget>
#include <QTableView>
#include <QTextStream>

namespace hookscope::ui::screenshots {

inline void shootComparison(MainWindow& window, const QString& out)
{
    auto* compare = window.findChild<EventCompare*>();
    EventCompareDialog* dialog = nullptr;
    QObject::connect(compare, &EventCompare::opened, [&](EventCompareDialog* d) { dialog = d; });
    QItemSelectionModel* selection = window.eventView()->selectionModel();
    selection->clearSelection();
    for (int row = 0; row < window.eventModel()->rowCount(); ++row)
        if (const store::EventRow* e = window.eventModel()->eventAt(row);
            e && (e->eventId == QStringLiteral("evt_2026_04_003") || e->eventId == QStringLiteral("evt_2026_04_004")))
            selection->select(
                window.eventModel()->index(row, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    window.findChild<QAction*>(QStringLiteral("compareEventsAction"))->trigger();
    seed::waitUntil([&] { return dialog != nullptr; }, 10'000);
    if (!dialog)
        return;
    dialog->resize(900, 560);
    seed::waitUntil([] { return false; }, 300); // let it lay out and paint
    dialog->grab().save(out + QStringLiteral("/compare-events.png"));
    dialog->tabs()->setCurrentIndex(1);
    seed::waitUntil([] { return false; }, 200);
    dialog->grab().save(out + QStringLiteral("/compare-events-requests.png"));
    dialog->close();
    QTextStream(stdout) << "wrote the comparison of two events\n";
}

} // namespace hookscope::ui::screenshots
