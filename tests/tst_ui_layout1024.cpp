// The real window on a 1024×700 screen, a small laptop's: the event list's Subject column stays on screen, the
// sidebar folds away and comes back (remembered), the Replay dialog in its Edited mode fits the screen with its
// buttons reachable, and an attached image is shown at its own size once its pane is laid out, scaled down (never
// up, keeping its aspect ratio) only when the pane is smaller than the image.
//
// With HOOKSCOPE_LAYOUT_SHOTS set to a folder, the test also writes what it looked at there as PNGs.
#include "testwait.h"
#include "uicapture.h"

#include "ui/attachmentspane.h"
#include "ui/eventlistmodel.h"
#include "ui/mainwindow.h"
#include "ui/overviewpane.h"
#include "ui/replaydialog.h"
#include "ui/safehtmlview.h"
#include "ui/sampleevent.h"
#include "ui/tools/seeder.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::ui;

namespace {

const QByteArray kSecret = "whsec_layout_1024";
const QString kImageSubject = u"Invoice 2026-0412 with logo"_s;
constexpr QSize kScreen(1024, 700);
constexpr QSize kLogo(64, 64);
constexpr QSize kChart(1600, 400);

QByteArray makeEvent(const QString& id, const QString& subject, const QList<SampleAttachment>& attachments = {})
{
    SampleEmail m;
    m.id = id;
    m.fromName = u"Katherine Johnson"_s;
    m.fromAddress = u"katherine.johnson@langley-research.example"_s;
    m.subject = subject;
    m.text = u"Hello"_s;
    m.html = u"<p><img src=\"cid:logo64\"> Hello</p>"_s;
    m.attachments = attachments;
    return m.toJson();
}

/** Writes `widget` as `name`.png into $HOOKSCOPE_LAYOUT_SHOTS, when set. */
void shoot(QWidget* widget, const QString& name)
{
    const QString dir = qEnvironmentVariable("HOOKSCOPE_LAYOUT_SHOTS");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    widget->grab().save(dir + u'/' + name + u".png"_s);
}

/** `inner` (in `widget`'s coordinates) on the screen. */
QRect onScreen(const QWidget* widget, const QRect& inner)
{
    return QRect(widget->mapToGlobal(inner.topLeft()), inner.size());
}

} // namespace

class tst_Layout1024 : public QObject {
    Q_OBJECT

    test::WindowCapture m_fx { kSecret };
    std::unique_ptr<MainWindow> m_window;

    bool selectSubject(const QString& subject) { return test::selectSubject(*m_window, subject); }

    QAction* sidebarAction() const { return m_window->findChild<QAction*>(u"toggleSidebarAction"_s); }

    void showWindow(const QSize& size)
    {
        m_window->resize(size);
        QTest::qWait(0); // the resize and the layouts it sets off
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCOMPARE(QGuiApplication::primaryScreen()->geometry().size(), kScreen);
        QVERIFY(m_fx.capture->start().has_value());
        QCOMPARE(seed::post(m_fx.url(), makeEvent(u"evt_plain_1"_s, u"Password reset link does not arrive"_s), kSecret)
                     .status,
            200);
        const QList<SampleAttachment> images {
            { u"logo.png"_s, u"image/png"_s, u"logo64"_s,
                samplePng(u"64"_s, kLogo.width(), kLogo.height(), u"#8250df"_s) },
            { u"chart.png"_s, u"image/png"_s, QString(),
                samplePng(u"chart"_s, kChart.width(), kChart.height(), u"#1a7f37"_s) },
        };
        QCOMPARE(seed::post(m_fx.url(), makeEvent(u"evt_images"_s, kImageSubject, images), kSecret).status, 200);

        m_window = std::make_unique<MainWindow>(*m_fx.reader, m_fx.capture.get());
        m_window->resize(kScreen);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        WAIT_FOR(m_window->eventModel()->rowCount() == 2 && !m_window->eventModel()->isLoading()
                && m_window->eventModel()->index(0, EventListModel::Subject).data().toString().size() > 0
                && m_window->eventModel()->index(1, EventListModel::Subject).data().toString().size() > 0,
            "both events listed with their subjects");
        QVERIFY(selectSubject(kImageSubject));
    }

    void subjectColumnOnScreen_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::newRow("1024x700") << kScreen;
        QTest::newRow("1360x860") << QSize(1360, 860);
    }

    void subjectColumnOnScreen()
    {
        QFETCH(QSize, size);
        showWindow(size);
        QTableView* view = m_window->eventView();
        WAIT_FOR(view->viewport()->width() > 0.5 * size.width(), "the list laid out");
        QHeaderView* header = view->horizontalHeader();
        const auto where = [&] {
            const int left = header->sectionViewportPosition(EventListModel::Subject);
            return u"Subject at %1..%2 of a %3 px list"_s.arg(left)
                .arg(left + header->sectionSize(EventListModel::Subject))
                .arg(view->viewport()->width());
        };
        // Wide enough for a usual subject, whole.
        const int needed
            = view->fontMetrics().horizontalAdvance(kImageSubject) + 2 * view->fontMetrics().averageCharWidth();
        const auto within = [&] {
            const int left = header->sectionViewportPosition(EventListModel::Subject);
            return left >= 0 && left + header->sectionSize(EventListModel::Subject) <= view->viewport()->width();
        };
        // Once the columns are laid out for the list's width.
        (void)test::waitFor(
            [&] {
                return within() && header->sectionSize(EventListModel::Subject) >= needed
                    && header->length() <= view->viewport()->width();
            },
            "the columns fitted to the list");
        if (size == kScreen)
            shoot(m_window.get(), u"window-1024x700"_s);
        // The Subject column whole within the list, wide enough, and no column off to the right.
        QVERIFY2(within(), qPrintable(where()));
        QVERIFY2(header->sectionSize(EventListModel::Subject) >= needed,
            qPrintable(where() + u", %1 px needed"_s.arg(needed)));
        QVERIFY2(
            header->length() <= view->viewport()->width(), qPrintable(u"columns %1 px long"_s.arg(header->length())));
    }

    void sidebarFoldsAndComesBack()
    {
        showWindow(kScreen);
        QAction* action = sidebarAction();
        QVERIFY2(action, "no action to show or hide the sidebar");
        QVERIFY(!action->shortcut().isEmpty());
        auto* viewMenu = m_window->menuBar()->findChild<QMenu*>(u"viewMenu"_s);
        QVERIFY2(viewMenu && viewMenu->actions().contains(action), "the View menu has the sidebar action");
        QTreeView* sidebar = m_window->sidebar();
        QVERIFY(sidebar->isVisible());
        QVERIFY(action->isChecked());
        const int listWidth = m_window->eventView()->viewport()->width();

        action->trigger();
        WAIT_FOR(!sidebar->isVisible(), "the sidebar hidden");
        QVERIFY(!action->isChecked());
        WAIT_FOR(m_window->eventView()->viewport()->width() > listWidth + 100, "the list taking the sidebar's room");
        QCOMPARE(QSettings().value(u"window/sidebarVisible"_s).toBool(), false);
        shoot(m_window.get(), u"window-1024x700-no-sidebar"_s);

        // A window opened next starts without it.
        {
            MainWindow next(*m_fx.reader, m_fx.capture.get());
            next.resize(kScreen);
            next.show();
            QVERIFY(QTest::qWaitForWindowExposed(&next));
            QVERIFY(!next.sidebar()->isVisible());
            QVERIFY(!next.findChild<QAction*>(u"toggleSidebarAction"_s)->isChecked());
        }

        // The shortcut brings it back, at a usable width.
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QTest::keySequence(m_window.get(), action->shortcut());
        WAIT_FOR(sidebar->isVisible(), "the sidebar shown again");
        QVERIFY(action->isChecked());
        WAIT_FOR(sidebar->width() >= sidebar->minimumSizeHint().width() && sidebar->width() >= 150,
            "the sidebar at a usable width");
        QCOMPARE(QSettings().value(u"window/sidebarVisible"_s).toBool(), true);
    }

    void sidebarFoldsWhenDraggedAway()
    {
        showWindow(kScreen);
        QTreeView* sidebar = m_window->sidebar();
        QVERIFY(sidebar->isVisible());
        auto* splitter = m_window->findChild<QSplitter*>(u"sidebarSplitter"_s);
        QVERIFY(splitter);
        QSplitterHandle* handle = splitter->handle(1);
        QVERIFY(handle && handle->isVisible());
        // Drag the handle to the window's left edge.
        const QPoint grip = handle->rect().center();
        QTest::mousePress(handle, Qt::LeftButton, {}, grip);
        for (int x = grip.x(); x > -sidebar->width(); x -= 20)
            QTest::mouseMove(handle, QPoint(x, grip.y()));
        QTest::mouseMove(handle, QPoint(-sidebar->width() - 10, grip.y()));
        QTest::mouseRelease(handle, Qt::LeftButton, {}, QPoint(-sidebar->width() - 10, grip.y()));
        WAIT_FOR(!sidebar->isVisible() || splitter->sizes().value(0) == 0, "the sidebar folded");
        // The View menu knows, and brings it back.
        QVERIFY2(sidebarAction(), "no action to show or hide the sidebar");
        QVERIFY(!sidebarAction()->isChecked());
        sidebarAction()->trigger();
        WAIT_FOR(sidebar->isVisible() && splitter->sizes().value(0) >= 150 && sidebar->width() >= 150,
            "the sidebar back at a usable width");
    }

    void editedReplayFitsTheScreen()
    {
        showWindow(kScreen);
        QVERIFY(selectSubject(kImageSubject));
        WAIT_FOR(!m_window->shownDetails().deliveries.isEmpty(), "the event's delivery read");
        QVERIFY(m_window->replayAction()->isEnabled());

        bool seen = false;
        QRect available, frame, replay, cancel, body, headers;
        int lineHeight = 0;
        QTimer::singleShot(0, this, [&] {
            auto* dialog = qobject_cast<ReplayDialog*>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            dialog->setTarget(u"http://127.0.0.1:9/webhooks"_s);
            dialog->setMode(ReplayDialog::Edited);
            QTest::qWait(0);
            QCoreApplication::processEvents();
            seen = true;
            available = dialog->screen()->availableGeometry();
            frame = dialog->frameGeometry();
            auto* buttons = dialog->findChild<QDialogButtonBox*>();
            QPushButton* ok = buttons->button(QDialogButtonBox::Ok);
            QPushButton* no = buttons->button(QDialogButtonBox::Cancel);
            replay = onScreen(ok, ok->rect());
            cancel = onScreen(no, no->rect());
            auto* bodyEdit = dialog->findChild<QPlainTextEdit*>(u"editedBody"_s);
            auto* headersEdit = dialog->findChild<QPlainTextEdit*>(u"editedHeaders"_s);
            // What of the editors can be seen (a scroll area may hold them).
            body = onScreen(bodyEdit, bodyEdit->visibleRegion().boundingRect());
            headers = onScreen(headersEdit, headersEdit->visibleRegion().boundingRect());
            lineHeight = bodyEdit->fontMetrics().lineSpacing();
            shoot(dialog, u"replay-edited-1024x700"_s);
            dialog->reject();
        });
        m_window->replayAction()->trigger();
        QVERIFY2(seen, "the Replay dialog was not shown");
        const auto say = [&](const char* what, const QRect& r) {
            return qPrintable(u"%1 at %2,%3 %4×%5 on a screen of %6×%7"_s.arg(QString::fromLatin1(what))
                                  .arg(r.x())
                                  .arg(r.y())
                                  .arg(r.width())
                                  .arg(r.height())
                                  .arg(available.width())
                                  .arg(available.height()));
        };
        QVERIFY2(available.contains(frame), say("the dialog", frame));
        QVERIFY2(frame.height() <= kScreen.height() && frame.width() <= kScreen.width(), say("the dialog", frame));
        QVERIFY2(available.contains(replay) && frame.contains(replay), say("Replay", replay));
        QVERIFY2(available.contains(cancel) && frame.contains(cancel), say("Cancel", cancel));
        // The editors stay usable: several lines of each can be seen.
        QVERIFY2(body.height() >= 6 * lineHeight, say("the body editor", body));
        QVERIFY2(headers.height() >= 3 * lineHeight, say("the headers editor", headers));
        QVERIFY2(available.contains(body), say("the body editor", body));
    }

    void imageShownAtItsOwnSize()
    {
        showWindow(kScreen);
        // Chosen while another tab is shown: the Attachments pane is not laid out yet when it gets the event.
        m_window->detailTabs()->setCurrentWidget(m_window->overviewPane());
        QVERIFY(selectSubject(u"Password reset link does not arrive"_s));
        QVERIFY(selectSubject(kImageSubject));
        AttachmentsPane* pane = m_window->attachmentsPane();
        QCOMPARE(pane->list()->topLevelItemCount(), 2);
        pane->list()->setCurrentItem(pane->list()->topLevelItem(0));
        m_window->detailTabs()->setCurrentWidget(pane);
        QLabel* image = pane->imagePreview();
        const bool natural = test::waitFor(
            [&] { return image->isVisible() && image->pixmap().size() == kLogo; }, "the 64×64 image at 64×64");
        QVERIFY2(natural, qPrintable(u"shown at %1×%2"_s.arg(image->pixmap().width()).arg(image->pixmap().height())));
        shoot(m_window.get(), u"attachments-logo-1024x700"_s);

        // Larger than the pane: scaled down to fit it, keeping its aspect ratio.
        pane->list()->setCurrentItem(pane->list()->topLevelItem(1));
        auto* area = image->parentWidget()->parentWidget();
        QVERIFY(qobject_cast<QScrollArea*>(area));
        const auto fits = [&] {
            const QSize shown = image->pixmap().size();
            const QSize room = static_cast<QScrollArea*>(area)->viewport()->size();
            return !shown.isEmpty() && shown.width() <= room.width() && shown.height() <= room.height()
                && (shown.width() >= room.width() - 20 || shown.height() >= room.height() - 20)
                && qAbs(shown.width() - 4 * shown.height()) <= 4;
        };
        WAIT_FOR(fits(), "the wide image fitted to the pane");
        const int smallWidth = image->pixmap().width();
        QVERIFY(smallWidth < kChart.width());
        shoot(m_window.get(), u"attachments-chart-1024x700"_s);

        // A larger window: scaled again to the larger pane, still within its natural size.
        showWindow(QSize(1600, 1000));
        WAIT_FOR(fits() && image->pixmap().width() > smallWidth, "the wide image scaled to the larger pane");
        QVERIFY(image->pixmap().width() <= kChart.width());

        // The small one is never scaled up.
        pane->list()->setCurrentItem(pane->list()->topLevelItem(0));
        WAIT_FOR(image->pixmap().size() == kLogo, "the 64×64 image at 64×64 in the larger pane");
        showWindow(kScreen);
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_fx.capture->stop();
    }
};

int main(int argc, char** argv)
{
    // A 1024×700 screen, and settings of this run's own.
    QTemporaryDir dir;
    QFile screen(dir.filePath(u"screen.json"_s));
    if (!screen.open(QIODevice::WriteOnly))
        return 1;
    screen.write(R"({ "screens": [ { "name": "laptop", "x": 0, "y": 0, "width": 1024, "height": 700,
                                     "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1 } ] })");
    screen.close();
    qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + QFile::encodeName(screen.fileName()));
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(dir.filePath(u"config"_s)));
    qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    registerMailUrlSchemes();
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"hookscope-tests"_s);
    tst_Layout1024 test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_ui_layout1024.moc"
