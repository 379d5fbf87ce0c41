// Seeds a store through the real listener with realistic events, opens the inspector offscreen and
// writes PNGs of its main views.  Usage: hookscope_screenshots [OUTPUT_DIR [stats|check]]   (default docs/screenshots;
// "stats": only the Stats view's, over a week of traffic written through the ingest path; "check": only the Check
// dialog's scorecard against the guide's receiver, and a retry sequence in the Deliveries pane)

#include "compareshot.h"
#include "guidereceiver.h"
#include "seeder.h"
#include "statsseed.h"

#include "core/http/certificate.h"
#include "core/http/portprobe.h"
#include "core/verify/defaultscheme.h"
#include "ui/attachmentspane.h"
#include "ui/auditlogdialog.h"
#include "ui/bodypane.h"
#include "ui/capturecontrol.h"
#include "ui/checkdialog.h"
#include "ui/deliveriespane.h"
#include "ui/emailpane.h"
#include "ui/eventlistmodel.h"
#include "ui/exportdialog.h"
#include "ui/mainwindow.h"
#include "ui/mimepane.h"
#include "ui/overviewpane.h"
#include "ui/replaydialog.h"
#include "ui/requestpane.h"
#include "ui/safehtmlview.h"
#include "ui/settingsdialog.h"
#include "ui/shortcutsdialog.h"
#include "ui/signaturepane.h"
#include "ui/statsview.h"
#include "ui/storereader.h"
#include "ui/theme.h"
#include "ui/viewlistmodel.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPalette>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSplitter>
#include <QStyle>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QTextStream>
#include <QTreeView>
#include <QTreeWidget>
#include <QWebEngineView>

#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::ui;

namespace {

QByteArray plainEvent(
    const QString& id, const QString& fromName, const QString& from, const QString& subject, const QString& text)
{
    SampleEmail m;
    m.id = id;
    m.fromName = fromName;
    m.fromAddress = from;
    m.subject = subject;
    m.text = text;
    m.html = u"<p>"_s + text.toHtmlEscaped().replace(u"\n"_s, u"<br>"_s) + u"</p>"_s;
    return m.toJson();
}

class Shooter {
public:
    Shooter(MainWindow& w, QString dir)
        : m_window(w)
        , m_dir(std::move(dir))
    {
    }

    bool selectEvent(const std::function<bool(const store::EventRow&)>& match)
    {
        EventListModel* model = m_window.eventModel();
        for (int row = 0; row < model->rowCount(); ++row) {
            const store::EventRow* e = model->eventAt(row);
            if (e && match(*e)) {
                const qint64 id = e->id;
                m_window.eventView()->setCurrentIndex(model->index(row, 0));
                return seed::waitUntil(
                    [&] { return m_window.shownDetails().found && m_window.shownDetails().event.id == id; });
            }
        }
        return false;
    }

    void tab(QWidget* pane) { m_window.detailTabs()->setCurrentWidget(pane); }

    void shoot(const QString& name)
    {
        settle(300);
        const QString path = m_dir + u'/' + name;
        if (!m_window.grab().save(path))
            QTextStream(stderr) << "could not write " << path << "\n";
        else
            QTextStream(stdout) << "wrote " << path << "\n";
    }

    static void settle(int ms)
    {
        QEventLoop loop;
        QTimer::singleShot(ms, &loop, &QEventLoop::quit);
        loop.exec();
    }

private:
    MainWindow& m_window;
    QString m_dir;
};

/** The Stats view over a week of traffic (the last day shown), at both sizes, light and dark. */
bool shootStats(const QString& out)
{
    QTemporaryDir home;
    const QString path = home.filePath(u"stats.db"_s);
    QString error;
    if (!seed::writeStatsWeek(path, QDateTime::currentMSecsSinceEpoch(), &error)) {
        QTextStream(stderr) << "stats store: " << error << "\n";
        return false;
    }
    StoreReader reader(path);
    StatsView view(reader);
    view.setWindowTitle(u"Stats — Hookscope"_s);
    view.setRange(store::StatsRange::LastDay);
    for (const QSize size : { QSize(1024, 700), QSize(1600, 1000) }) {
        for (const Theme theme : { Theme::Light, Theme::Dark }) {
            applyTheme(theme);
            view.resize(size);
            view.show();
            seed::waitUntil([&] { return !view.isReading() && view.figures().events > 0; }, 20'000);
            Shooter::settle(300);
            const QString file
                = out + u"/stats-%1x%2-%3.png"_s.arg(size.width()).arg(size.height()).arg(themeKey(theme));
            if (!view.grab().save(file))
                QTextStream(stderr) << "could not write " << file << "\n";
            else
                QTextStream(stdout) << "wrote " << file << "\n";
        }
    }
    applyTheme(Theme::System);
    return true;
}

void save(QWidget& widget, const QString& file)
{
    Shooter::settle(300);
    if (!widget.grab().save(file))
        QTextStream(stderr) << "could not write " << file << "\n";
    else
        QTextStream(stdout) << "wrote " << file << "\n";
}

/**
 * The Check dialog's scorecard at 1024×700, light and dark: a run against the guide's receiver, then one against a
 * variant that accepts unsigned deliveries, compared with the first. Then a retry sequence: one event delivered three
 * times to a route whose response rule fails twice, answered 500, 500, 200, in the Deliveries pane.
 */
bool shootCheck(const QString& out)
{
    QTemporaryDir home;
    const QString path = home.filePath(u"events.db"_s);
    if (auto opened = store::EventStore::open(path); !opened) {
        QTextStream(stderr) << "store: " << opened.error() << "\n";
        return false;
    }
    const QString secret = u"whsec_check_demo"_s;
    QProcess good;
    QProcess broken;
    const QString goodUrl = seed::startGuideReceiver(good, secret, {});
    const QString brokenUrl = seed::startGuideReceiver(broken, secret, { u"--break"_s, u"accepts-unsigned"_s });
    if (goodUrl.isEmpty() || brokenUrl.isEmpty()) {
        QTextStream(stderr) << "the guide's receiver did not start (python3 tests/tools/guide_receiver.py)\n";
        return false;
    }
    bool ok = true;
    {
        StoreReader reader(path);
        CheckDialog dialog(reader);
        dialog.resize(1024, 700);
        dialog.show();
        dialog.secretField()->setText(secret);
        dialog.countBox()->setValue(20);
        int runs = 0;
        for (const QString& url : { goodUrl, brokenUrl }) {
            dialog.urlField()->setText(url);
            dialog.run();
            ++runs;
            ok = ok && seed::waitUntil([&] { return dialog.storedRuns().size() == runs; }, 120'000);
        }
        // Compare the broken receiver's run with the guide's; show the failed check's details.
        dialog.compareBox()->setCurrentIndex(dialog.compareBox()->count() - 1);
        QTableWidget* table = dialog.scorecardTable();
        for (int row = 0; row < table->rowCount(); ++row)
            if (table->item(row, CheckDialog::Check)->text() == u"missing-headers-rejected"_s)
                table->setCurrentCell(row, 0, QItemSelectionModel::NoUpdate); // its details
        table->clearSelection(); // the verdicts' colours, not the selection's
        for (const Theme theme : { Theme::Light, Theme::Dark }) {
            applyTheme(theme);
            save(dialog, out + u"/check-1024x700-%1.png"_s.arg(themeKey(theme)));
        }
    }
    good.kill();
    broken.kill();
    good.waitForFinished();
    broken.waitForFinished();

    // A route that fails twice, then succeeds: a sender retrying with backoff.
    const QByteArray routeSecret = "whsec_retries_demo";
    ingest::CaptureSettings settings;
    settings.databasePath = home.filePath(u"retries.db"_s);
    settings.listener.httpPort = http::freePort();
    settings.listener.httpsPort = 0;
    config::Route route;
    route.secrets << routeSecret;
    route.response.sequence
        = { { 500, config::ResponseAction::Answer, 2 }, { 200, config::ResponseAction::Answer, 1 } };
    settings.routes << route;
    CaptureControl capture(settings, QString());
    if (auto r = capture.start(); !r) {
        QTextStream(stderr) << "listener: " << r.error() << "\n";
        return false;
    }
    const QUrl url(u"http://127.0.0.1:%1/webhooks/email"_s.arg(settings.listener.httpPort));
    const QByteArray event = plainEvent(u"evt_2026_04_2201"_s, u"Ada Lovelace"_s, u"ada@customer.example"_s,
        u"Invoice #2201 is overdue"_s, u"Hello,\nour invoice #2201 shows as overdue, but we paid on Monday.\nAda"_s);
    const QByteArray other = plainEvent(u"evt_2026_04_2188"_s, u"Grace Hopper"_s, u"grace@navy.example"_s,
        u"Password reset link does not arrive"_s, u"Hi,\nI requested a reset three times today.\nGrace"_s);
    // The sender's backoff: 1 s, then 2 s.
    for (const QByteArray& body : { other, event }) {
        int wait = 1000;
        for (int attempt = 0; attempt < 3; ++attempt) {
            if (seed::post(url, body, routeSecret).status == 200)
                break;
            Shooter::settle(wait);
            wait *= 2;
        }
    }
    {
        StoreReader reader(settings.databasePath);
        MainWindow window(reader, &capture);
        window.resize(1024, 700);
        window.show();
        ok = ok && seed::waitUntil([&] { return window.viewModel()->countOf(QString()) == 2; }, 20'000);
        // The width goes to the Deliveries pane (View ▸ Sidebar off), the height to the details.
        if (auto* sidebar = window.findChild<QAction*>(u"toggleSidebarAction"_s); sidebar && sidebar->isChecked())
            sidebar->trigger();
        if (auto* split = window.findChild<QSplitter*>(u"listDetailSplitter"_s))
            split->setSizes({ 140, 480 });
        Shooter shot(window, out);
        for (const Theme theme : { Theme::Light, Theme::Dark }) {
            applyTheme(theme);
            // Shown again under the theme: the answers' colours follow it.
            shot.selectEvent([](const store::EventRow& e) { return e.eventId == u"evt_2026_04_2188"_s; });
            ok = ok && shot.selectEvent([](const store::EventRow& e) { return e.eventId == u"evt_2026_04_2201"_s; });
            shot.tab(window.deliveriesPane());
            seed::waitUntil([&] { return window.deliveriesPane()->list()->topLevelItemCount() == 3; });
            shot.shoot(u"retries-1024x700-%1.png"_s.arg(themeKey(theme)));
        }
    }
    capture.stop();
    applyTheme(Theme::System);
    return ok;
}

} // namespace

int main(int argc, char** argv)
{
    if (geteuid() == 0)
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    registerMailUrlSchemes();
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"hookscope-screenshots"_s);
    QApplication::setStyle(QStyleFactory::create(u"Fusion"_s));
    QFont font(u"DejaVu Sans"_s, 9);
    QApplication::setFont(font);
    const QString out = QDir(argc > 1 ? QString::fromLocal8Bit(argv[1]) : u"docs/screenshots"_s).absolutePath();
    QDir().mkpath(out);
    if (argc > 2 && QByteArray(argv[2]) == "stats")
        return shootStats(out) ? 0 : 1;
    if (argc > 2 && QByteArray(argv[2]) == "check")
        return shootCheck(out) ? 0 : 1;

    QTemporaryDir home;
    const QByteArray secret = "whsec_screenshots_demo";
    ingest::CaptureSettings settings;
    settings.databasePath = home.filePath(u"events.db"_s);
    settings.listener.httpPort = http::freePort();
    settings.listener.httpsPort = http::freePort();
    auto identity = http::ensureSelfSignedIdentity(home.filePath(u"tls"_s));
    QString fingerprint;
    if (identity) {
        settings.listener.tls = *identity;
        fingerprint = identity->fingerprintSha256;
    } else {
        settings.listener.httpsPort = 0;
    }
    config::Route route;
    route.secrets << secret;
    settings.routes << route;

    // First the empty state: a fresh store, nothing received.
    {
        QTemporaryDir emptyHome;
        ingest::CaptureSettings emptySettings = settings;
        emptySettings.databasePath = emptyHome.filePath(u"events.db"_s);
        // Show the real default ports when free; otherwise free ones near them.
        emptySettings.listener.httpPort = http::freePortNear(8080);
        emptySettings.listener.httpsPort = identity ? http::freePortNear(8443) : 0;
        CaptureControl capture(emptySettings, fingerprint);
        capture.start();
        StoreReader reader(emptySettings.databasePath);
        MainWindow window(reader, &capture);
        window.resize(1360, 860);
        window.show();
        seed::waitUntil([&] { return window.viewModel()->countOf(QString()) == 0; });
        Shooter(window, out).shoot(u"empty-state.png"_s);
    }

    CaptureControl capture(settings, fingerprint);
    if (auto r = capture.start(); !r) {
        QTextStream(stderr) << "listener: " << r.error() << "\n";
        return 1;
    }
    const QUrl http(u"http://127.0.0.1:%1/webhooks/email"_s.arg(settings.listener.httpPort));
    const QUrl https(u"https://127.0.0.1:%1/webhooks/email"_s.arg(settings.listener.httpsPort));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();

    struct Person {
        QString name, address, subject, text;
    };
    const QList<Person> people {
        { u"Grace Hopper"_s, u"grace@navy.example"_s, u"Password reset link does not arrive"_s,
            u"Hi,\nI requested a reset three times today and nothing arrived.\nGrace"_s },
        { u"Linus Example"_s, u"linus@kernel.example"_s, u"Re: API rate limits for the Pro plan"_s,
            u"Thanks, 600 requests a minute works for us.\n\n> What limits do you need?"_s },
        { u"Margaret Hamilton"_s, u"margaret@apollo.example"_s, u"Feature request: export to CSV"_s,
            u"Could the reports page export CSV? We paste into spreadsheets every Monday."_s },
        { u"Alan Turing"_s, u"alan@bletchley.example"_s, u"Cancel my subscription"_s,
            u"Please cancel at the end of the billing period. Thank you."_s },
        { u"Katherine Johnson"_s, u"katherine@langley.example"_s, u"Wrong timezone in weekly digest"_s,
            u"The digest says 03:00 but it arrived at 09:00 local time."_s },
        { u"Edsger Dijkstra"_s, u"edsger@eindhoven.example"_s, u"Bug: duplicate notifications"_s,
            u"Every comment notifies me twice since Tuesday."_s },
        { u"Barbara Liskov"_s, u"barbara@mit.example"_s, u"Question about invoices for EU VAT"_s,
            u"Can invoices show our VAT number?"_s },
    };
    int n = 0;
    for (const Person& p : people) {
        const QByteArray body = plainEvent(u"evt_2026_04_%1"_s.arg(QString::number(++n).rightJustified(3, u'0')),
            p.name, p.address, p.subject, p.text);
        seed::post(n % 2 ? http : https, body, secret, now - (20 - n) * 1000);
    }
    // A retry storm: the provider re-sent the same event (same id) twice.
    const QByteArray retried = plainEvent(u"evt_2026_04_retry"_s, u"Ada Lovelace"_s, u"ada@customer.example"_s,
        u"Upgrade to annual billing"_s, u"Hello,\nwe'd like to switch to annual billing from next month.\nAda"_s);
    seed::post(http, retried, secret, now - 8000);
    seed::post(http, retried, secret, now - 5000);
    seed::post(http, retried, secret, now - 2000);
    // Signed with a secret the listener does not know.
    seed::post(http,
        plainEvent(u"evt_2026_04_badsig"_s, u"Mallory"_s, u"mallory@attacker.example"_s, u"Urgent: wire transfer"_s,
            u"Please wire the money today."_s),
        "whsec_wrong_secret", now - 1500);
    // Signed long ago (a replayed capture).
    seed::post(http,
        plainEvent(u"evt_2026_03_old"_s, u"Old Sender"_s, u"old@archive.example"_s, u"Monthly report (March)"_s,
            u"Attached is last month's report."_s),
        secret, now - 3600 * 1000);
    // No signature at all.
    seed::post(http,
        plainEvent(u"evt_2026_04_unsigned"_s, u"Test Script"_s, u"ci@yourapp.example"_s, u"curl test"_s, u"hello"_s),
        QByteArray());
    // A provider that posts the raw message (message/rfc822).
    const QByteArray logo = samplePng(u"Acme"_s, 160, 48, u"#8250df"_s);
    const QByteArray rawMime
        = "From: \"Acme Billing\" <billing@acme.example>\r\n"
          "To: support@yourapp.example\r\n"
          "Subject: Your receipt from Acme\r\n"
          "Message-ID: <receipt-77@acme.example>\r\n"
          "Date: Tue, 14 Apr 2026 12:34:56 +0000\r\n"
          "MIME-Version: 1.0\r\n"
          "Content-Type: multipart/related; boundary=\"rel\"\r\n\r\n"
          "--rel\r\nContent-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n"
          "--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThanks for your payment of $49.00.\r\n"
          "--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
          "<p><img src=\"cid:acme-logo\"></p><p>Thanks for your payment of <b>$49.00</b>.</p>\r\n"
          "--alt--\r\n"
          "--rel\r\nContent-Type: image/png\r\nContent-ID: <acme-logo>\r\n"
          "Content-Transfer-Encoding: base64\r\nContent-Disposition: inline; filename=\"logo.png\"\r\n\r\n"
        + logo.toBase64() + "\r\n--rel--\r\n";
    seed::post(http, rawMime, secret, QDateTime::currentMSecsSinceEpoch(), "message/rfc822");
    // The rich one last, so it is on top: HTML with inline images, attachments.
    seed::post(https, sampleEmail(u"evt_2026_04_1042"_s).toJson(), secret);

    StoreReader reader(settings.databasePath);
    MainWindow window(reader, &capture);
    window.resize(1360, 860);
    window.show();
    const int expected = int(people.size()) + 6;
    if (!seed::waitUntil([&] { return window.viewModel()->countOf(QString()) == expected; }, 20'000)) {
        QTextStream(stderr) << "events did not arrive: " << window.viewModel()->countOf(QString()) << "\n";
        return 1;
    }
    // Wait until the email fields are read (after the ack) for every event.
    seed::waitUntil(
        [&] {
            for (int row = 0; row < window.eventModel()->rowCount(); ++row) {
                const store::EventRow* e = window.eventModel()->eventAt(row);
                if (!e || (!e->processed && e->status != u"failed"_s))
                    return false;
            }
            return true;
        },
        10'000);

    Shooter shot(window, out);
    const auto rich = [](const store::EventRow& e) { return e.eventId == u"evt_2026_04_1042"_s; };
    shot.selectEvent(rich);
    shot.tab(window.overviewPane());
    shot.shoot(u"overview.png"_s);

    shot.tab(window.emailPane());
    seed::waitUntil([&] { return false; }, 1500); // let WebEngine paint
    shot.shoot(u"email-html.png"_s);

    shot.tab(window.attachmentsPane());
    window.attachmentsPane()->list()->setCurrentItem(window.attachmentsPane()->list()->topLevelItem(1));
    shot.shoot(u"attachments.png"_s);

    shot.tab(window.bodyPane());
    shot.shoot(u"body-json.png"_s);

    shot.tab(window.mimePane());
    if (QTreeWidget* tree = window.mimePane()->tree();
        tree->topLevelItemCount() > 0 && tree->topLevelItem(0)->childCount() > 1)
        tree->setCurrentItem(tree->topLevelItem(0)->child(1));
    shot.shoot(u"mime-json.png"_s);

    shot.tab(window.requestPane());
    shot.shoot(u"request.png"_s);
    window.requestPane()->findChild<QTabWidget*>()->setCurrentIndex(1);
    shot.shoot(u"request-hex.png"_s);
    window.requestPane()->findChild<QTabWidget*>()->setCurrentIndex(0);

    if (shot.selectEvent([](const store::EventRow& e) { return e.messageId == u"<receipt-77@acme.example>"_s; })) {
        shot.tab(window.mimePane());
        QTreeWidget* tree = window.mimePane()->tree();
        const auto png = tree->findItems(u"image/png"_s, Qt::MatchExactly | Qt::MatchRecursive);
        if (!png.isEmpty())
            tree->setCurrentItem(png.first());
        shot.shoot(u"mime.png"_s);
        shot.tab(window.emailPane());
        seed::waitUntil([&] { return false; }, 1000);
        shot.shoot(u"email-raw-mime.png"_s);
    }

    shot.selectEvent([](const store::EventRow& e) { return e.eventId == u"evt_2026_04_badsig"_s; });
    shot.tab(window.signaturePane());
    shot.shoot(u"signature-failed.png"_s);

    shot.selectEvent([](const store::EventRow& e) { return e.eventId == u"evt_2026_03_old"_s; });
    shot.shoot(u"signature-skew.png"_s);

    shot.selectEvent([](const store::EventRow& e) { return e.eventId == u"evt_2026_04_retry"_s; });
    shot.tab(window.deliveriesPane());
    shot.shoot(u"deliveries-duplicate.png"_s);

    window.selectView(u"failed"_s);
    seed::waitUntil([&] { return !window.eventModel()->isLoading(); });
    shot.selectEvent([](const store::EventRow&) { return true; });
    shot.tab(window.overviewPane());
    shot.shoot(u"view-failed.png"_s);

    window.selectView(QString());
    window.searchField()->setText(u"has:attachment from:ada"_s);
    window.applySearch(window.searchField()->text());
    seed::waitUntil([&] { return !window.eventModel()->isLoading(); });
    shot.selectEvent([](const store::EventRow&) { return true; });
    shot.shoot(u"search.png"_s);
    window.searchField()->setText(u"refund from:mallory"_s);
    window.applySearch(window.searchField()->text());
    seed::waitUntil([&] { return !window.eventModel()->isLoading() && window.eventModel()->rowCount() == 0; });
    shot.shoot(u"search-no-match.png"_s);
    // The Answer quick filter writes its term into the search; the Body column shows each body's start.
    window.applySearch(QString());
    QAction* bodyColumn = window.findChild<QAction*>(u"column%1Action"_s.arg(EventListModel::Body));
    bodyColumn->trigger();
    window.findChild<QAction*>(u"codeFilter_2xx"_s)->trigger();
    seed::waitUntil([&] { return !window.eventModel()->isLoading(); });
    shot.selectEvent([](const store::EventRow&) { return true; });
    shot.shoot(u"quick-filters.png"_s);
    bodyColumn->trigger();

    // The renderer choice: the same newsletter-like HTML in QTextBrowser (safe, but a subset of HTML and
    // CSS) and in the WebEngine view the Email tab uses.
    {
        const SampleEmail sample = sampleEmail(u"compare"_s);
        QTextBrowser browser;
        browser.setOpenLinks(false);
        for (const auto& a : sample.attachments) {
            if (!a.contentId.isEmpty())
                browser.document()->addResource(
                    QTextDocument::ImageResource, QUrl(u"cid:"_s + a.contentId), QImage::fromData(a.data));
        }
        browser.setHtml(sample.html);
        browser.resize(700, 560);
        browser.show();
        Shooter::settle(300);
        browser.grab().save(out + u"/renderer-qtextbrowser.png"_s);
        SafeHtmlView web;
        QHash<QString, InlinePart> parts;
        for (const auto& a : sample.attachments)
            if (!a.contentId.isEmpty())
                parts.insert(a.contentId, { a.contentType.toUtf8(), a.data });
        QSignalSpy loaded(&web, &SafeHtmlView::loadFinished);
        web.setMessage(sample.html, parts);
        web.resize(700, 560);
        web.show();
        seed::waitUntil([&] { return loaded.size() > 0; }, 20'000);
        Shooter::settle(1000);
        web.grab().save(out + u"/renderer-webengine.png"_s);
        QTextStream(stdout) << "wrote renderer comparison\n";
    }

    // The Settings dialog over a configuration with two routes.
    {
        config::Config c;
        c.httpPort = 8080;
        c.httpsPort = 8443;
        config::Route email;
        email.name = u"default"_s;
        email.secretNames = { u"current"_s };
        config::Route github;
        github.name = u"github"_s;
        github.pathPrefix = u"/github"_s;
        github.scheme = u"github"_s;
        github.secretNames = { u"current"_s, u"previous"_s };
        github.autoQuarantine = false;
        c.routes = { email, github };
        const QString path = home.filePath(u"config.json"_s);
        config::saveConfig(c, path);
        SettingsDialog dialog(path, nullptr);
        dialog.showApi(QUrl(u"http://127.0.0.1:8090"_s), config::dataDirectory() + u"/api-token"_s, {});
        dialog.show();
        Shooter::settle(300);
        dialog.grab().save(out + u"/settings.png"_s);
    }
    {
        ExportDialog dialog(3, &window);
        dialog.show();
        Shooter::settle(300);
        dialog.grab().save(out + u"/export-dialog.png"_s);
    }

    // The same window under the dark theme (View ▸ Theme ▸ Dark).
    window.applySearch(QString());
    seed::waitUntil([&] { return !window.eventModel()->isLoading(); });
    applyTheme(Theme::Dark);
    shot.selectEvent(rich);
    shot.tab(window.overviewPane());
    window.overviewPane()->setDetails(window.shownDetails()); // re-render rich text with the new colours
    shot.shoot(u"dark-overview.png"_s);
    shot.tab(window.emailPane());
    seed::waitUntil([&] { return false; }, 1000);
    shot.shoot(u"dark-email.png"_s);

    // A small laptop screen and a large one, light and dark: the list, the rich event's Email tab, and the
    // keyboard shortcuts sheet (F1).
    for (const QSize size : { QSize(1024, 700), QSize(1600, 1000) }) {
        for (const Theme theme : { Theme::Light, Theme::Dark }) {
            applyTheme(theme);
            window.resize(size);
            shot.selectEvent(rich);
            shot.tab(window.emailPane());
            seed::waitUntil([&] { return false; }, 1000);
            const QString suffix = u"%1x%2-%3.png"_s.arg(size.width()).arg(size.height()).arg(themeKey(theme));
            shot.shoot(u"window-"_s + suffix);
        }
    }
    window.resize(1360, 860);
    for (const Theme theme : { Theme::Light, Theme::Dark }) {
        applyTheme(theme);
        ShortcutsDialog sheet(&window);
        sheet.show();
        Shooter::settle(300);
        sheet.grab().save(out + (theme == Theme::Dark ? u"/shortcuts-dark.png"_s : u"/shortcuts.png"_s));
    }
    QTextStream(stdout) << "wrote the window at 1024x700 and 1600x1000, light and dark, and the shortcuts sheet\n";

    // The Event actions, back in the light palette: the Replay dialog, two replays of the rich event to
    // this listener (re-signed: accepted; wrong secret: refused) and their responses compared, then the
    // audit log after a quarantine and a discard.
    applyTheme(Theme::System);
    shot.selectEvent(rich);
    {
        ReplayDialog dialog(1, verify::defaultSchemeName(), secret, &window);
        dialog.setTarget(u"http://localhost:3000/webhooks/email"_s);
        dialog.setMode(ReplayDialog::Resigned);
        dialog.setRetries(3);
        dialog.show();
        Shooter::settle(300);
        dialog.grab().save(out + u"/replay-dialog.png"_s);
        const EventDetails& shown = window.shownDetails();
        if (!shown.deliveries.isEmpty()) {
            replay::CapturedRequest request
                = replay::CapturedRequest::fromDelivery(shown.deliveries[shown.primaryDelivery()]);
            request.body = QJsonDocument::fromJson(request.body).toJson(QJsonDocument::Indented).left(1200);
            dialog.setCaptured(request);
            dialog.setMode(ReplayDialog::Edited);
            Shooter::settle(300);
            dialog.grab().save(out + u"/replay-dialog-edited.png"_s);
        }
        QTextStream(stdout) << "wrote replay dialog\n";
    }
    const qint64 richId = window.shownDetails().event.id;
    for (const auto mode : { ReplayDialog::Resigned, ReplayDialog::WrongSecret }) {
        ReplayDialog dialog(1, verify::defaultSchemeName(), secret);
        dialog.setTarget(http.toString());
        dialog.setMode(mode);
        QSignalSpy done(&window, &MainWindow::replayFinished);
        window.replay(dialog.jobs({ richId }), 1);
        seed::waitUntil([&] { return done.size() > 0; }, 20'000);
    }
    shot.selectEvent(rich);
    shot.tab(window.deliveriesPane());
    seed::waitUntil([&] { return window.deliveriesPane()->attempts()->topLevelItemCount() >= 2; }, 10'000);
    QTreeWidget* attempts = window.deliveriesPane()->attempts();
    for (int i = 0; i < qMin(2, attempts->topLevelItemCount()); ++i)
        attempts->topLevelItem(i)->setSelected(true);
    shot.shoot(u"deliveries-replays.png"_s);
    {
        QDialog* compare = nullptr;
        QObject::connect(window.deliveriesPane(), &DeliveriesPane::compareOpened, [&](QDialog* d) { compare = d; });
        window.deliveriesPane()->compareSelected();
        if (compare) {
            Shooter::settle(300);
            compare->grab().save(out + u"/attempts-compare.png"_s);
            compare->close();
            QTextStream(stdout) << "wrote attempts comparison\n";
        }
        QDialog* attempt = nullptr;
        QObject::connect(window.deliveriesPane(), &DeliveriesPane::attemptOpened, [&](QDialog* d) { attempt = d; });
        window.deliveriesPane()->showAttempt(attempts->topLevelItemCount() - 1);
        if (attempt) {
            Shooter::settle(300);
            attempt->grab().save(out + u"/attempt.png"_s);
            if (auto* tabs = attempt->findChild<QTabWidget*>()) {
                tabs->setCurrentIndex(1);
                Shooter::settle(200);
                attempt->grab().save(out + u"/attempt-changes.png"_s);
            }
            attempt->close();
            QTextStream(stdout) << "wrote an attempt's request and response\n";
        }
    }
    {
        QSignalSpy changed(&window, &MainWindow::actionFinished);
        shot.selectEvent([](const store::EventRow& e) { return e.eventId == u"evt_2026_04_005"_s; });
        window.quarantineSelected(u"manual"_s, u"timezone report: hold until the digest fix ships"_s);
        seed::waitUntil([&] { return changed.size() > 0; }, 10'000);
        shot.selectEvent([](const store::EventRow& e) { return e.eventId == u"evt_2026_04_badsig"_s; });
        window.discardSelected(u"forged: signed with an unknown secret"_s);
        seed::waitUntil([&] { return changed.size() > 1; }, 10'000);
        AuditLogDialog* log = window.showAuditLog();
        QSignalSpy loaded(log, &AuditLogDialog::loaded);
        log->reload();
        seed::waitUntil([&] { return loaded.size() > 0; }, 10'000);
        Shooter::settle(300);
        log->grab().save(out + u"/audit-log.png"_s);
        log->close();
        QTextStream(stdout) << "wrote audit log\n";
    }
    screenshots::shootComparison(window, out);
    capture.stop();
    return shootStats(out) ? 0 : 1;
}
