#pragma once

// The window's listener on a free port over a fresh store, with the window's reader: what a window test starts from.

#include "testsupport.h"

#include "testwait.h"

#include "core/email/sampleevent.h"
#include "core/store/eventstore.h"
#include "ui/capturecontrol.h"
#include "ui/eventlistmodel.h"
#include "ui/mainwindow.h"
#include "ui/storereader.h"

#include <QTableView>
#include <QTest>

#include <QTemporaryDir>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

namespace hookscope::test {

/** A plain email in the guide's event schema: from ada@example.org, `subject`, a one-line text body. */
inline QByteArray plainEvent(const QString& id, const QString& subject)
{
    email::SampleEmail m;
    m.id = id;
    m.subject = subject;
    m.fromAddress = QStringLiteral("ada@example.org");
    m.text = QStringLiteral("body of ") + id;
    return m.toJson();
}

/** The event with `providerId` in the store at `databasePath`, the bin included; nullopt when there is none. */
inline std::optional<store::EventRow> storedEvent(const QString& databasePath, const QString& providerId)
{
    auto store = store::EventStore::open(databasePath, true);
    if (!store)
        return std::nullopt;
    for (const QString& status : { QString(), QStringLiteral("discarded") }) { // the bin is apart from every view
        store::EventQuery q;
        q.status = status;
        q.limit = 0;
        auto page = (*store)->list(q);
        if (!page)
            return std::nullopt;
        for (const store::EventRow& e : *page)
            if (e.eventId == providerId)
                return e;
    }
    return std::nullopt;
}

struct WindowCapture {
    QTemporaryDir home;
    ingest::CaptureSettings settings;
    std::unique_ptr<ui::CaptureControl> capture;
    std::unique_ptr<ui::StoreReader> reader;

    /** The default route verifies with `secret`; HTTPS is off. Call capture->start() to listen. */
    explicit WindowCapture(const QByteArray& secret, quint16 httpPort = freePort())
    {
        settings.databasePath = home.filePath(QStringLiteral("events.db"));
        settings.listener.httpPort = httpPort;
        settings.listener.httpsPort = 0;
        config::Route route;
        route.secrets << secret;
        settings.routes << route;
        capture = std::make_unique<ui::CaptureControl>(settings, QString());
        reader = std::make_unique<ui::StoreReader>(settings.databasePath);
    }
    QUrl url() const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1/webhooks/email").arg(settings.listener.httpPort));
    }
    /** The window over this capture, shown at `size` (a 1024×700 screen by default) and exposed; null if not. */
    std::unique_ptr<ui::MainWindow> openWindow(QSize size = { 1024, 700 })
    {
        auto window = std::make_unique<ui::MainWindow>(*reader, capture.get());
        window->resize(size);
        window->show();
        if (!QTest::qWaitForWindowExposed(window.get()))
            return nullptr;
        return window;
    }
    /** storedEvent() in this capture's store. */
    std::optional<store::EventRow> stored(const QString& providerId) const
    {
        return storedEvent(settings.databasePath, providerId);
    }
};

/**
 * Makes the first listed event `matches` accepts the window's current one and waits until its details are shown;
 * false when none is listed by then.
 */
inline bool selectEvent(ui::MainWindow& window, const std::function<bool(const store::EventRow&, int row)>& matches)
{
    return waitFor(
        [&] {
            ui::EventListModel* model = window.eventModel();
            if (model->isLoading())
                return false;
            for (int row = 0; row < model->rowCount(); ++row) {
                const store::EventRow* e = model->eventAt(row);
                if (e && matches(*e, row)) {
                    if (window.shownDetails().event.id != e->id)
                        window.eventView()->selectionModel()->setCurrentIndex(
                            model->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
                    return window.shownDetails().event.id == e->id && window.selectedEvents().size() == 1;
                }
            }
            return false;
        },
        "the event to be listed, selected and shown");
}

/** selectEvent() by the provider's id. */
inline bool selectEvent(ui::MainWindow& window, const QString& providerId)
{
    return selectEvent(window, [&](const store::EventRow& e, int) { return e.eventId == providerId; });
}

/** selectEvent() by the subject the list shows. */
inline bool selectSubject(ui::MainWindow& window, const QString& subject)
{
    return selectEvent(window, [&](const store::EventRow&, int row) {
        return window.eventModel()->index(row, ui::EventListModel::Subject).data().toString() == subject;
    });
}

} // namespace hookscope::test
