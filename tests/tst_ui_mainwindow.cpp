// The window over a real listener: events delivered over HTTP, then each pane checked for what it
// must show; search and views; keyboard; the empty state with its sample sender; a port already taken.

#include "testsupport.h"
#include "testwait.h"
#include "uicapture.h"

#include "ui/attachmentspane.h"
#include "ui/bodypane.h"
#include "ui/capturecontrol.h"
#include "ui/deliveriespane.h"
#include "ui/emailpane.h"
#include "ui/emptystate.h"
#include "ui/eventlistmodel.h"
#include "ui/hexview.h"
#include "ui/mainwindow.h"
#include "ui/mimepane.h"
#include "ui/overviewpane.h"
#include "ui/requestpane.h"
#include "ui/safehtmlview.h"
#include "ui/signaturepane.h"
#include "ui/storereader.h"
#include "ui/tools/seeder.h"
#include "ui/viewlistmodel.h"

#include "core/export/curl.h"
#include "core/http/certificate.h"
#include "core/store/eventstore.h"

#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTreeView>
#include <QTreeWidget>
#include <QWebEngineView>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::ui;

namespace {

using test::freePort;

const QByteArray kSecret = "whsec_window_test";

QByteArray plainEvent(const QString& id, const QString& subject)
{
    SampleEmail m;
    m.id = id;
    m.subject = subject;
    m.fromName = u"Grace Hopper"_s;
    m.fromAddress = u"grace@navy.example"_s;
    m.text = u"plain body of "_s + id;
    m.html = u"<p>html body</p>"_s;
    return m.toJson();
}

/** A listener on free ports over a fresh store, with the window's reader. */
struct Fixture : test::WindowCapture {
    explicit Fixture(quint16 httpPort = freePort())
        : WindowCapture(kSecret, httpPort)
    {
    }
};

} // namespace

class tst_MainWindow : public QObject {
    Q_OBJECT

    std::unique_ptr<Fixture> m_fx;
    std::unique_ptr<MainWindow> m_window;

    bool select(const QString& providerId)
    {
        EventListModel* model = m_window->eventModel();
        for (int row = 0; row < model->rowCount(); ++row) {
            const store::EventRow* e = model->eventAt(row);
            if (e && e->eventId == providerId) {
                const qint64 id = e->id;
                m_window->eventView()->setCurrentIndex(model->index(row, 0));
                return test::waitFor([&] { return m_window->shownDetails().event.id == id; }, "the details shown");
            }
        }
        return false;
    }
    bool settled()
    {
        return test::waitFor([&] { return !m_window->eventModel()->isLoading(); }, "the list to be loaded");
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_fx = std::make_unique<Fixture>();
        QVERIFY(m_fx->capture->start().has_value());
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QCOMPARE(seed::post(m_fx->url(), plainEvent(u"evt_plain"_s, u"Password reset"_s), kSecret, now).status, 200);
        const QByteArray retried = plainEvent(u"evt_retry"_s, u"Retried event"_s);
        QCOMPARE(seed::post(m_fx->url(), retried, kSecret, now).status, 200);
        QCOMPARE(seed::post(m_fx->url(), retried, kSecret, now + 5).status, 200);
        QCOMPARE(seed::post(m_fx->url(), plainEvent(u"evt_badsig"_s, u"Forged"_s), "wrong", now).status, 401);
        QCOMPARE(seed::post(m_fx->url(), sampleEmail(u"evt_rich"_s).toJson(), kSecret, now).status, 200);
        m_window = std::make_unique<MainWindow>(*m_fx->reader, m_fx->capture.get());
        // Qt WebEngine starts with the first email shown, not with the window: its first paint does not wait for it.
        QVERIFY(m_window->findChildren<QWebEngineView*>().isEmpty());
        QVERIFY(!m_window->emailPane()->htmlView());
        m_window->resize(1300, 850);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QTRY_COMPARE_WITH_TIMEOUT(m_window->viewModel()->countOf(QString()), 4, test::kWaitMs);
        // Email fields are read after the ack; wait until the list shows them.
        QTRY_VERIFY_WITH_TIMEOUT(m_window->eventModel()->rowCount() == 4
                && m_window->eventModel()->index(0, EventListModel::Subject).data().toString().startsWith(u"Invoice"_s),
            test::kWaitMs);
    }
    void cleanupTestCase()
    {
        m_window.reset();
        m_fx.reset();
    }

    void listShowsEveryColumn()
    {
        EventListModel* model = m_window->eventModel();
        QCOMPARE(model->rowCount(), 4);
        QCOMPARE(model->index(0, EventListModel::ProviderId).data().toString(), u"evt_rich"_s);
        QCOMPARE(model->index(0, EventListModel::Method).data().toString(), u"POST"_s);
        QCOMPARE(model->index(0, EventListModel::Path).data().toString(), u"/webhooks/email"_s);
        QCOMPARE(model->index(0, EventListModel::Verification).data().toString(), u"verified"_s);
        QCOMPARE(model->index(0, EventListModel::From).data().toString(), u"Ada Lovelace <ada@customer.example>"_s);
        QCOMPARE(model->index(0, EventListModel::Attachments).data().toString(), u"4"_s);
        QVERIFY(model->index(0, EventListModel::Size).data().toString().endsWith(u"KB"_s));
        QCOMPARE(model->index(2, EventListModel::ProviderId).data().toString(), u"evt_retry"_s);
        QCOMPARE(model->index(2, EventListModel::Deliveries).data().toString(), u"2 · 1 dup"_s);
        QVERIFY(model->index(1, EventListModel::Verification).data().toString().startsWith(u"failed"_s));
    }

    void overviewPane()
    {
        QVERIFY(select(u"evt_rich"_s));
        const QString text = m_window->overviewPane()->text();
        QVERIFY2(text.contains(u"Signature verified"_s), qPrintable(text));
        QVERIFY(text.contains(u"Invoice #1042"_s));
        QVERIFY(text.contains(u"the payload's id"_s));
        QVERIFY(text.contains(u"#1 → 200"_s));
        QVERIFY(text.contains(u"mailparse"_s));
    }

    void requestPane()
    {
        QVERIFY(select(u"evt_rich"_s));
        RequestPane* pane = m_window->requestPane();
        QStringList names;
        for (int r = 0; r < pane->headersTable()->rowCount(); ++r)
            names << pane->headersTable()->item(r, 0)->text();
        QVERIFY2(names.contains(u"X-Webhook-Signature"_s), qPrintable(names.join(u',')));
        QVERIFY(names.contains(u"X-Webhook-Timestamp"_s));
        QVERIFY(pane->rawText()->toPlainText().startsWith(u"POST /webhooks/email HTTP/1.1\n"_s));
        QVERIFY(pane->rawText()->toPlainText().contains(u"\nX-Webhook-Signature: "_s));
        const QByteArray raw = m_window->shownDetails().deliveries.first().raw();
        QCOMPARE(pane->hexView()->data(), raw);
        QVERIFY(pane->hexView()->lineText(0).startsWith(u"00000000  50 4f 53 54 20 2f"_s));
        QVERIFY(pane->hexView()->lineText(0).endsWith(u"|POST /webhooks/e|"_s));
        QCOMPARE(pane->hexView()->lineCount(), (raw.size() + 15) / 16);
    }

    void bodyPane()
    {
        QVERIFY(select(u"evt_rich"_s));
        QTreeWidget* tree = m_window->bodyPane()->tree();
        QCOMPARE(tree->topLevelItemCount(), 1);
        const auto found = tree->findItems(u"filename"_s, Qt::MatchExactly | Qt::MatchRecursive);
        QVERIFY(!found.isEmpty());
        QCOMPARE(BodyPane::pathOf(found.first()), u"$.attachments[0].filename"_s);
        QCOMPARE(BodyPane::valueOf(found.first()), u"logo.png"_s);
        const auto subject = tree->findItems(u"subject"_s, Qt::MatchExactly | Qt::MatchRecursive);
        QCOMPARE(BodyPane::valueOf(subject.first()), u"Invoice #1042 — billed twice this month"_s);
        QVERIFY(m_window->bodyPane()->rawText()->toPlainText().startsWith(u"{\"attachments\""_s));
    }

    void emailPane()
    {
        QVERIFY(select(u"evt_rich"_s));
        EmailPane* pane = m_window->emailPane();
        m_window->detailTabs()->setCurrentWidget(pane);
        QVERIFY(pane->envelope()->text().contains(u"Ada Lovelace"_s));
        QVERIFY(pane->envelope()->text().contains(u"support@yourapp.example"_s));
        QVERIFY(pane->plainText()->toPlainText().contains(u"charged twice"_s));
        QCOMPARE(m_window->findChildren<QWebEngineView*>().size(), 1);
        // The HTML shows its inline images from the event's own parts, and the tracker is held back.
        QTRY_VERIFY_WITH_TIMEOUT(pane->htmlView()->inlinePartsServed() >= 2, test::kWaitMs);
        QVERIFY(pane->htmlView()->hasRemoteContent());
        QVERIFY(!pane->htmlView()->remoteAllowed());
        QVERIFY(pane->headersTable()->rowCount() >= 2);
    }

    void attachmentsPane()
    {
        QVERIFY(select(u"evt_rich"_s));
        AttachmentsPane* pane = m_window->attachmentsPane();
        m_window->detailTabs()->setCurrentWidget(pane);
        QCOMPARE(pane->list()->topLevelItemCount(), 4);
        QCOMPARE(pane->list()->topLevelItem(2)->text(0), u"invoice-1042.pdf"_s);
        pane->list()->setCurrentItem(pane->list()->topLevelItem(1));
        QVERIFY(!pane->imagePreview()->pixmap().isNull());
        pane->list()->setCurrentItem(pane->list()->topLevelItem(3));
        QVERIFY(pane->textPreview()->toPlainText().contains(u"Order: 1042"_s));
        QCOMPARE(m_window->detailTabs()->tabText(m_window->detailTabs()->indexOf(pane)), u"Attachments (4)"_s);
    }

    void mimePane()
    {
        QVERIFY(select(u"evt_rich"_s));
        MimePane* pane = m_window->mimePane();
        QTreeWidget* tree = pane->tree();
        QCOMPARE(tree->topLevelItemCount(), 1);
        QTreeWidgetItem* root = tree->topLevelItem(0);
        QCOMPARE(root->childCount(), 6); // text, html, four attachments
        QTreeWidgetItem* html = root->child(1);
        QCOMPARE(html->text(0), u"text/html"_s);
        QSignalSpy parts(pane, &MimePane::partSelected);
        tree->setCurrentItem(html);
        QCOMPARE(parts.size(), 1);
        const QByteArray body = m_window->shownDetails().deliveries.first().body;
        const auto [start, end] = pane->highlighted();
        QVERIFY(body.mid(start).startsWith("\"html\":\"<!DOCTYPE html>"));
        QVERIFY(body.mid(end - 8, 8).endsWith("</html>\""));
        QVERIFY(!pane->source()->extraSelections().isEmpty());
    }

    void signaturePane()
    {
        QVERIFY(select(u"evt_badsig"_s));
        SignaturePane* pane = m_window->signaturePane();
        const QString text = pane->summary()->toPlainText();
        QVERIFY2(text.contains(u"invalid-signature"_s), qPrintable(text));
        QVERIFY(text.contains(u"does not match"_s));
        QVERIFY(text.contains(u"Expected"_s) && text.contains(u"Received"_s));
        QVERIFY(text.contains(u"401"_s));
        const QString canonical = pane->canonical()->toPlainText();
        QVERIFY(canonical.contains(u".{"_s));
        QVERIFY(canonical.section(u'.', 0, 0).toLongLong() > 0);
        // The list says it plainly too.
        QVERIFY(m_window->overviewPane()->text().contains(u"Signature failed"_s));
    }

    void deliveriesPane()
    {
        QVERIFY(select(u"evt_retry"_s));
        QTreeWidget* list = m_window->deliveriesPane()->list();
        QCOMPARE(list->topLevelItemCount(), 2);
        QVERIFY(list->topLevelItem(0)->text(7).isEmpty());
        QVERIFY(list->topLevelItem(1)->text(7).startsWith(u"duplicate"_s));
        QVERIFY(list->topLevelItem(1)->text(4).startsWith(u"200"_s));
        QCOMPARE(m_window->detailTabs()->tabText(m_window->detailTabs()->indexOf(m_window->deliveriesPane())),
            u"Deliveries (2)"_s);
    }

    void searchAndViews_data()
    {
        QTest::addColumn<QString>("view");
        QTest::addColumn<QString>("search");
        QTest::addColumn<QStringList>("expected");
        QTest::addRow("all") << QString() << QString()
                             << QStringList { u"evt_rich"_s, u"evt_badsig"_s, u"evt_retry"_s, u"evt_plain"_s };
        QTest::addRow("failed view") << u"failed"_s << QString() << QStringList { u"evt_badsig"_s };
        QTest::addRow("duplicates view") << u"duplicate"_s << QString() << QStringList { u"evt_retry"_s };
        QTest::addRow("verified view") << u"verified"_s << QString()
                                       << QStringList { u"evt_rich"_s, u"evt_retry"_s, u"evt_plain"_s };
        QTest::addRow("from and attachment")
            << QString() << u"from:ada has:attachment"_s << QStringList { u"evt_rich"_s };
        QTest::addRow("free text") << QString() << u"Password"_s << QStringList { u"evt_plain"_s };
        QTest::addRow("status in search") << QString() << u"status:duplicate"_s << QStringList { u"evt_retry"_s };
        QTest::addRow("id") << QString() << u"id:evt_retry"_s << QStringList { u"evt_retry"_s };
        QTest::addRow("view and search") << u"verified"_s << u"from:grace"_s
                                         << QStringList { u"evt_retry"_s, u"evt_plain"_s };
        QTest::addRow("nothing") << QString() << u"subject:nonexistent"_s << QStringList();
    }
    void searchAndViews()
    {
        QFETCH(QString, view);
        QFETCH(QString, search);
        QFETCH(QStringList, expected);
        m_window->selectView(view);
        m_window->applySearch(search);
        QVERIFY(settled());
        QStringList got;
        for (int r = 0; r < m_window->eventModel()->rowCount(); ++r)
            got << m_window->eventModel()->index(r, EventListModel::ProviderId).data().toString();
        QCOMPARE(got, expected);
        m_window->selectView(QString());
        m_window->applySearch(QString());
        QVERIFY(settled());
    }

    void searchSyntaxProblemsAreSaid()
    {
        m_window->applySearch(u"status:bogus"_s);
        QVERIFY(m_window->searchHint()->text().contains(u"unknown status"_s));
        m_window->applySearch(QString());
        QVERIFY(m_window->searchHint()->text().contains(u"has:attachment"_s));
    }

    void keyboard()
    {
        QVERIFY(settled());
        QTableView* view = m_window->eventView();
        view->setFocus();
        view->setCurrentIndex(m_window->eventModel()->index(0, 0));
        QSignalSpy selected(m_window.get(), &MainWindow::eventSelected);
        QTest::keyClick(view, Qt::Key_Down);
        QTRY_COMPARE_WITH_TIMEOUT(selected.size(), 1, test::kWaitMs);
        QCOMPARE(selected.first().first().toLongLong(),
            m_window->eventModel()->index(1, 0).data(EventListModel::EventRowIdRole).toLongLong());
        QTest::keyClick(view, Qt::Key_C, Qt::ControlModifier);
        const QString copied = QApplication::clipboard()->text();
        QVERIFY2(copied.contains(u"evt_badsig"_s), qPrintable(copied));
        QVERIFY(copied.contains(u'\t'));
        QTest::keyClick(m_window.get(), Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->searchField()->hasFocus(), test::kWaitMs);
    }

    void curlCommand()
    {
        // Copy as cURL puts exactly what `export --format curl` writes on the clipboard: one renderer.
        QVERIFY(select(u"evt_plain"_s));
        const qint64 id = m_window->shownDetails().event.id;
        auto store = store::EventStore::open(m_fx->settings.databasePath);
        QVERIFY(store.has_value());
        auto bundle = exporting::EventBundle::load(**store, id);
        QVERIFY(bundle.has_value());
        const QString expected = QString::fromUtf8(exporting::toCurl(*bundle, {}));
        // That one row only (an earlier test may have left others selected).
        QVERIFY(settled());
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                EventListModel* model = m_window->eventModel();
                for (int r = 0; r < model->rowCount(); ++r) {
                    if (const store::EventRow* e = model->eventAt(r); e && e->id == id)
                        m_window->eventView()->selectionModel()->select(
                            model->index(r, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
                }
                const QList<store::EventRow> selected = m_window->selectedEvents();
                return selected.size() == 1 && selected.first().id == id;
            }(),
            30'000);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->copyCurlAction()->isEnabled(), 30'000);
        QApplication::clipboard()->clear();
        m_window->copyCurlAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(QApplication::clipboard()->text(), expected, 30'000);
        QVERIFY2(expected.contains(u"-X 'POST'"_s), qPrintable(expected));
        QVERIFY(expected.contains(u"--request-target '/webhooks/email'"_s));
        QVERIFY(expected.contains(u"-H 'X-Webhook-Signature: "_s));
        QVERIFY(expected.contains(u"--data-raw '{"_s));
    }

    void otherProcessesChangesShow()
    {
        // Another connection quarantines an event (as the CLI would); PRAGMA data_version brings it in.
        const qint64 before = m_window->viewModel()->countOf(u"quarantined"_s);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"other-process"_s);
            db.setDatabaseName(m_fx->settings.databasePath);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(u"UPDATE events SET quarantined = 'manual' WHERE event_id = 'evt_plain'"_s));
            db.close();
        }
        QSqlDatabase::removeDatabase(u"other-process"_s);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->viewModel()->countOf(u"quarantined"_s), before + 1, test::kWaitMs);
    }

    void emptyStateSendsASample()
    {
        Fixture fx;
        QVERIFY(fx.capture->start().has_value());
        MainWindow window(*fx.reader, fx.capture.get());
        window.resize(1000, 700);
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(window.emptyState()->isVisible(), test::kWaitMs);
        QCOMPARE(window.emptyState()->shownUrls(), QStringList { fx.url().toString() });
        QVERIFY(window.emptyState()->sendButton()->isEnabled());
        QTest::mouseClick(window.emptyState()->sendButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(window.viewModel()->countOf(u"verified"_s), 1, test::kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(!window.emptyState()->isVisible(), test::kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(window.eventView()->isVisible(), test::kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(window.eventModel()->rowCount(), 1, test::kWaitMs);
    }

    void takenPortIsSaidAndAnotherOffered()
    {
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        Fixture fx(squatter.serverPort());
        QVERIFY(!fx.capture->start().has_value());
        MainWindow window(*fx.reader, fx.capture.get());
        window.show();
        QVERIFY(window.listenerBanner()->isVisible());
        auto* button = window.listenerBanner()->findChild<QPushButton*>();
        QVERIFY(button);
        QVERIFY2(button->text().startsWith(u"Listen on "_s), qPrintable(button->text()));
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(!window.listenerBanner()->isVisible());
        const ListenerState s = fx.capture->state();
        QCOMPARE(s.urls.size(), 1);
        QVERIFY(s.urls.first().port() != squatter.serverPort());
        QCOMPARE(
            seed::post(QUrl(s.urls.first().toString() + u"/x"_s), plainEvent(u"evt_p"_s, u"p"_s), kSecret).status, 200);
    }
};

int main(int argc, char** argv)
{
    qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    registerMailUrlSchemes();
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"hookscope-tests"_s);
    tst_MainWindow test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_ui_mainwindow.moc"
