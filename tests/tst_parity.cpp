// One action, two front ends: each event action runs through the real `hookscope` binary on one copy of a
// seeded store and through the window's EventActionsController on a twin copy; both copies must end with the same
// event rows, the same audit entries and (for replay) the same attempts and the same bytes at the target.

#include "testhttpserver.h"
#include "testsupport.h"

#include "core/actions/replayjobs.h"
#include "core/replay/attemptlog.h"
#include "core/replay/auditlog.h"
#include "core/store/eventstore.h"
#include "ui/eventactionscontroller.h"
#include "ui/eventlistmodel.h"
#include "ui/mainwindow.h"
#include "ui/storereader.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QWidget>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace {

const QByteArray kDefaultSecret = "parity-default-secret";
const QByteArray kOtherSecret = "parity-other-secret";

/** What one copy of the store holds after an action, without what legitimately differs between runs. */
struct Snapshot {
    QStringList events; ///< one line per event: provider id, status, quarantine reason and note, discarded
    QStringList audit; ///< one line per entry, oldest first: action, event, reason, note, details
    QStringList attempts; ///< one line per attempt: event, target, mode, attempt of max, state, method, URL, status
};

/** The provider id of row `id` ("-" for none), so that entries read the same in both copies. */
QString providerId(const QHash<qint64, QString>& ids, qint64 id)
{
    return id ? ids.value(id, u"#%1"_s.arg(id)) : u"-"_s;
}

/** `known`: provider ids of rows that may be gone (purged) from the copy. */
Result<Snapshot> snapshot(const QString& path, const QHash<qint64, QString>& known = {})
{
    auto store = store::EventStore::open(path, true);
    if (!store)
        return fail(store.error());
    Snapshot s;
    QHash<qint64, QString> ids = known;
    for (const QString& status : { QString(), u"discarded"_s }) { // the bin is apart from every other view
        store::EventQuery q;
        q.status = status;
        q.limit = 0;
        auto rows = (*store)->list(q);
        if (!rows)
            return fail(rows.error());
        for (const store::EventRow& e : *rows) {
            ids.insert(e.id, e.eventId);
            s.events << u"%1 status=%2 quarantined=%3 note=%4 discarded=%5"_s.arg(
                e.eventId, e.status, e.quarantined, e.quarantineNote, e.discarded ? u"yes"_s : u"no"_s);
        }
    }
    s.events.sort();
    auto entries = store::AuditLog::read((*store)->database());
    if (!entries)
        return fail(entries.error());
    for (const store::AuditEntry& e : *entries) {
        QJsonObject details = e.details;
        details.remove(u"runId"_s); // a run's own id
        if (details.contains(u"events"_s)) { // purge: the removed rows by provider id
            QJsonArray named;
            for (const QJsonValue& v : details.value(u"events"_s).toArray())
                named.append(providerId(ids, qint64(v.toDouble())));
            details.insert(u"events"_s, named);
        }
        s.audit.prepend(u"%1 event=%2 reason=%3 note=%4 details=%5"_s.arg(e.action, providerId(ids, e.eventRowId),
            e.reason, e.note, QString::fromUtf8(QJsonDocument(details).toJson(QJsonDocument::Compact))));
    }
    for (auto it = ids.cbegin(); it != ids.cend(); ++it) {
        if (it.value().isEmpty())
            continue;
        auto attempts = store::AttemptLog::forEvent((*store)->database(), it.key());
        if (!attempts)
            return fail(attempts.error());
        for (const store::AttemptRow& a : *attempts)
            s.attempts << u"%1 %2 %3 %4/%5 %6 %7 %8 -> %9"_s.arg(it.value(), a.target, a.mode)
                              .arg(a.attempt)
                              .arg(a.maxAttempts)
                              .arg(a.state, a.requestMethod, a.requestUrl)
                              .arg(a.status);
    }
    s.attempts.sort();
    return s;
}

/** The store's files (the database, its journal, the credential key) copied to `folder`; the copy's path. */
QString copyStore(const QString& from, const QString& folder)
{
    const QString to = folder + u"/events.db"_s;
    for (const QString& suffix : { u""_s, u"-wal"_s, u"-shm"_s, u".credential-key"_s }) {
        if (QFile::exists(from + suffix) && !QFile::copy(from + suffix, to + suffix))
            return {};
    }
    // The request bodies' segments, beside the store.
    if (!QDir().mkpath(to + u".bodies"_s))
        return {};
    for (const QString& segment : QDir(from + u".bodies"_s).entryList(QDir::Files)) {
        if (!QFile::copy(from + u".bodies/"_s + segment, to + u".bodies/"_s + segment))
            return {};
    }
    return to;
}

/** A request's head without the lines that are fresh on every signing (timestamp, signature). */
QByteArray stableHead(const QByteArray& head)
{
    QList<QByteArray> kept;
    for (const QByteArray& line : head.split('\n')) {
        const QByteArray lower = line.toLower();
        if (!lower.startsWith("x-webhook-timestamp:") && !lower.startsWith("x-webhook-signature:"))
            kept << line;
    }
    return kept.join('\n');
}

/** Whether a received request carries a valid `mailparse` signature by `secret`. */
bool signedWith(const QByteArray& head, const QByteArray& body, const QByteArray& secret)
{
    QByteArray timestamp, signature;
    for (const QByteArray& line : head.split('\n')) {
        const QByteArray lower = line.toLower();
        if (lower.startsWith("x-webhook-timestamp:"))
            timestamp = line.mid(line.indexOf(':') + 1).trimmed();
        if (lower.startsWith("x-webhook-signature:"))
            signature = line.mid(line.indexOf(':') + 1).trimmed();
    }
    return !timestamp.isEmpty() && signature == test::signMailparse(secret, timestamp.toLongLong(), body);
}

} // namespace

class tst_Parity : public QObject {
    Q_OBJECT

    QTemporaryDir m_home; ///< the per-user folders of this process and of every `hookscope` it starts
    QProcessEnvironment m_env;
    QTemporaryDir m_seedDir;
    QString m_seed; ///< the seeded store both copies start from
    QHash<QString, qint64> m_ids; ///< provider id → event row id in the seeded store

    /** Runs `hookscope args…` while this process's event loop keeps running (the replay target lives in it). */
    test::CliResult cli(const QStringList& args)
    {
        QProcess p;
        p.setProcessEnvironment(m_env);
        p.start(test::binary(), args);
        test::CliResult r;
        if (!test::waitFor([&] { return p.state() == QProcess::NotRunning; }, "the hookscope command to exit")) {
            p.kill();
            p.waitForFinished();
            r.err = "timed out";
            return r;
        }
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

    QList<store::EventRow> rows(const QString& path, const QStringList& providerIds)
    {
        QList<store::EventRow> out;
        auto store = store::EventStore::open(path, true);
        if (!store)
            return out;
        for (const QString& id : providerIds) {
            auto e = (*store)->event(m_ids.value(id));
            if (e && *e)
                out << **e;
        }
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid() && m_seedDir.isValid());
        m_env = test::isolatedEnvironment(m_home.path());
        // This process reads the same configuration and secret store as the commands it starts.
        for (const QString& name : { u"HOME"_s, u"XDG_DATA_HOME"_s, u"XDG_CONFIG_HOME"_s, u"XDG_CACHE_HOME"_s,
                 u"HOOKSCOPE_SECRETS_BACKEND"_s })
            qputenv(name.toLatin1().constData(), m_env.value(name).toUtf8());
        qunsetenv("HOOKSCOPE_SECRET");
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");

        // Two routes, each with its secret in the secret store only.
        QDir().mkpath(m_home.path() + u"/config/hookscope"_s);
        QFile config(m_home.path() + u"/config/hookscope/config.json"_s);
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(R"({"routes": [{"name": "default", "pathPrefix": "/"},
                                   {"name": "other", "pathPrefix": "/other", "secretNames": ["current"]}]})");
        config.close();
        QCOMPARE(test::runCli({ u"secret"_s, u"set"_s, u"default"_s }, m_env, kDefaultSecret).exitCode, 0);
        QCOMPARE(test::runCli({ u"secret"_s, u"set"_s, u"other"_s, u"--name"_s, u"current"_s }, m_env, kOtherSecret)
                     .exitCode,
            0);

        // The seed, captured by the real listener: p1 and p3 valid, p2 on the other route ten minutes old
        // (quarantined), p4 wrongly signed (quarantined); p3 then goes to the bin.
        m_seed = m_seedDir.filePath(u"events.db"_s);
        const quint16 port = test::freePort();
        QProcess serve;
        serve.setProcessEnvironment(m_env);
        serve.start(test::binary(),
            { u"serve"_s, u"--db"_s, m_seed, u"--http"_s, QString::number(port), u"--https"_s, u"0"_s });
        QByteArray log;
        WAIT_FOR((log += serve.readAllStandardOutput()).contains("listening: "), "serve to listen");
        const QString base = u"http://127.0.0.1:%1"_s.arg(port);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QCOMPARE(test::sendSigned(base + u"/webhooks/email"_s, test::sampleEvent(u"p1"_s), kDefaultSecret).status, 200);
        QCOMPARE(
            test::sendSigned(base + u"/other/hook"_s, test::sampleEvent(u"p2"_s), kOtherSecret, now - 600'000).status,
            400);
        QCOMPARE(test::sendSigned(base + u"/webhooks/email"_s, test::sampleEvent(u"p3"_s), kDefaultSecret).status, 200);
        QCOMPARE(
            test::sendSigned(base + u"/webhooks/email"_s, test::sampleEvent(u"p4"_s), "not-the-secret").status, 401);
        serve.terminate();
        QVERIFY(serve.waitForFinished(test::kWaitMs));

        const auto listed = test::runCli({ u"list"_s, u"--json"_s, u"--limit"_s, u"0"_s, u"--db"_s, m_seed }, m_env);
        for (const QJsonValue& e : listed.json().array())
            m_ids.insert(e[u"eventId"_s].toString(), qint64(e[u"id"_s].toDouble()));
        QCOMPARE(m_ids.size(), 4);
        QCOMPARE(
            test::runCli({ u"discard"_s, QString::number(m_ids.value(u"p3"_s)), u"--db"_s, m_seed }, m_env).exitCode,
            0);
        auto seeded = snapshot(m_seed);
        QVERIFY2(seeded, qPrintable(errorText(seeded)));
        const QString seededRows = seeded->events.join(u'\n');
        QVERIFY2(seededRows.contains(u"quarantined=timestamp-out-of-window"_s)
                && seededRows.contains(u"quarantined=invalid-signature"_s) && seededRows.contains(u"discarded=yes"_s),
            qPrintable(seededRows));
    }

    void sameRowsBothWays_data()
    {
        QTest::addColumn<QString>("action");
        QTest::addColumn<QString>("event"); ///< provider id; empty for purge
        QTest::addColumn<QString>("note");
        QTest::addColumn<bool>("resign"); ///< replay only

        QTest::addRow("quarantine") << u"quarantine"_s << u"p1"_s << u"looks odd"_s << false;
        QTest::addRow("release, other route, stored secret") << u"release"_s << u"p2"_s << u"genuine"_s << false;
        QTest::addRow("release, wrong signature") << u"release"_s << u"p4"_s << u"let it in"_s << false;
        QTest::addRow("discard") << u"discard"_s << u"p1"_s << u"noise"_s << false;
        QTest::addRow("restore") << u"restore"_s << u"p3"_s << u"needed after all"_s << false;
        QTest::addRow("purge") << u"purge"_s << QString() << QString() << false;
        QTest::addRow("replay as captured") << u"replay"_s << u"p1"_s << QString() << false;
        QTest::addRow("replay re-signed, other route") << u"replay"_s << u"p2"_s << QString() << true;
    }

    void sameRowsBothWays()
    {
        QFETCH(QString, action);
        QFETCH(QString, event);
        QFETCH(QString, note);
        QFETCH(bool, resign);
        QTemporaryDir twinA, twinB;
        const QString a = copyStore(m_seed, twinA.path());
        const QString b = copyStore(m_seed, twinB.path());
        QVERIFY(!a.isEmpty() && !b.isEmpty());
        const QString id = QString::number(m_ids.value(event));

        test::TestHttpServer target;
        QVERIFY(target.listen());
        const QString targetUrl = target.url(u"/hook"_s);

        // A: the command line.
        QStringList args { action };
        if (!event.isEmpty())
            args << id;
        if (action == u"quarantine"_s)
            args << u"--reason"_s << u"manual"_s;
        if (!note.isEmpty())
            args << u"--note"_s << note;
        if (action == u"replay"_s) {
            args << u"--to"_s << targetUrl;
            if (resign)
                args << u"--resign"_s;
        }
        args << u"--db"_s << a;
        const test::CliResult r = cli(args);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QList<test::TestHttpServer::Request> viaCli = target.requests();

        // B: the window's controller, over the window's own reader.
        {
            QWidget window;
            ui::StoreReader reader(b);
            ui::EventActionsController actions(reader, nullptr, &window);
            QSignalSpy finished(&actions, &ui::EventActionsController::actionFinished);
            QSignalSpy replayed(&actions, &ui::EventActionsController::replayFinished);
            bool askedToConfirm = false;
            const QList<store::EventRow> selected = rows(b, event.isEmpty() ? QStringList() : QStringList { event });
            if (action == u"quarantine"_s) {
                actions.quarantine(selected, u"manual"_s, note);
            } else if (action == u"release"_s) {
                // The window asks before releasing an event whose re-check still fails; the user says yes, as the
                // command line releases it (and prints what the re-check found).
                auto* confirm = new QTimer(&window);
                connect(confirm, &QTimer::timeout, confirm, [confirm, &askedToConfirm] {
                    if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
                        for (QAbstractButton* button : box->buttons()) {
                            if (button->text() == u"Release anyway"_s) {
                                askedToConfirm = true;
                                confirm->stop();
                                button->click();
                            }
                        }
                    }
                });
                confirm->start(20);
                actions.release(selected, note);
            } else if (action == u"discard"_s) {
                actions.discard(selected, note);
            } else if (action == u"restore"_s) {
                actions.restore(selected, note);
            } else if (action == u"purge"_s) {
                actions.emptyBin();
            } else {
                actions::ReplayRequest request;
                request.target = QUrl(targetUrl);
                request.resign = resign;
                actions.replayEvents(selected, request, 1);
            }
            if (action == u"replay"_s) {
                WAIT_FOR(!replayed.isEmpty(), "the window's replay to finish");
                const auto runs = replayed.first().first().value<QList<replay::RunSummary>>();
                QCOMPARE(runs.size(), 1);
                QVERIFY2(runs.first().ok, qPrintable(runs.first().error));
            } else {
                WAIT_FOR(!finished.isEmpty(), "the window's action to finish");
                QCOMPARE(finished.first().at(2).toString(), QString());
                QCOMPARE(finished.first().at(0).toString(), action);
            }
            // Only the event whose signature still fails made the window ask.
            QCOMPARE(askedToConfirm, action == u"release"_s && event == u"p4"_s);
        } // the controller's writer has committed everything queued (the replay's audit entry) once it is gone

        QHash<qint64, QString> seededIds;
        for (auto it = m_ids.cbegin(); it != m_ids.cend(); ++it)
            seededIds.insert(it.value(), it.key());
        auto sa = snapshot(a, seededIds);
        auto sb = snapshot(b, seededIds);
        QVERIFY2(sa && sb, qPrintable(errorText(sa) + errorText(sb)));
        QCOMPARE(sb->events, sa->events);
        QCOMPARE(sb->audit, sa->audit);
        QCOMPARE(sb->attempts, sa->attempts);
        // The action did something: the copies differ from the seed.
        auto seeded = snapshot(m_seed);
        QVERIFY(seeded);
        QVERIFY2(sa->audit != seeded->audit, "the action wrote no audit entry");

        if (action == u"release"_s) {
            // Both re-verified the event with its route's stored secret (p2: valid though stale; p4: invalid).
            const QString last = sa->audit.last();
            QVERIFY2(last.contains(u"\"verified\":true"_s), qPrintable(last));
            QVERIFY2(last.contains(event == u"p2"_s ? u"\"verification\":\"valid\""_s
                                                    : u"\"verification\":\"invalid-signature\""_s),
                qPrintable(last));
        }
        if (action == u"purge"_s)
            QVERIFY2(sa->audit.last().contains(u"\"events\":[\"p3\"]"_s), qPrintable(sa->audit.last()));
        if (action == u"replay"_s) {
            QCOMPARE(sa->attempts.size(), 1);
            QVERIFY2(sa->attempts.first().endsWith(u"-> 200"_s), qPrintable(sa->attempts.first()));
            QVERIFY2(sa->audit.last().startsWith(u"replay event=%1"_s.arg(event)), qPrintable(sa->audit.last()));
            QCOMPARE(viaCli.size(), 1);
            QCOMPARE(target.requests().size(), 2);
            const auto& one = target.requests().at(0);
            const auto& two = target.requests().at(1);
            QCOMPARE(two.body, one.body);
            if (resign) {
                // Fresh timestamps differ; both are signed with the event's route's stored secret.
                QCOMPARE(stableHead(two.head), stableHead(one.head));
                QVERIFY2(signedWith(one.head, one.body, kOtherSecret), one.head.constData());
                QVERIFY2(signedWith(two.head, two.body, kOtherSecret), two.head.constData());
            } else {
                QCOMPARE(two.head, one.head);
            }
        }
    }

    /** The window's Empty bin… asks first; No changes nothing, Yes purges the bin as `hookscope purge` does. */
    void emptyBinFromTheWindowAsksFirst()
    {
        QTemporaryDir twinA, twinB;
        const QString a = copyStore(m_seed, twinA.path());
        const QString b = copyStore(m_seed, twinB.path());
        QVERIFY(!a.isEmpty() && !b.isEmpty());
        const test::CliResult r = cli({ u"purge"_s, u"--db"_s, a });
        QVERIFY2(r.exitCode == 0, r.err.constData());

        auto seeded = snapshot(b);
        QVERIFY(seeded);
        {
            ui::StoreReader reader(b);
            ui::MainWindow window(reader, nullptr);
            window.show();
            QAction* emptyBin = window.emptyBinAction();
            QVERIFY(emptyBin);
            WAIT_FOR(!window.eventModel()->isLoading() && emptyBin->isEnabled(), "the window to be ready");
            auto answer = [this](QMessageBox::StandardButton button, bool* asked) {
                QTimer::singleShot(0, this, [button, asked] {
                    if (!test::waitFor([] { return qobject_cast<QMessageBox*>(QApplication::activeModalWidget()); },
                            "the confirmation"))
                        return; // `asked` stays false: the test says the confirmation never came
                    if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
                        *asked = true;
                        box->button(button)->click();
                    }
                });
            };
            QSignalSpy finished(&window, &ui::MainWindow::actionFinished);
            bool asked = false;
            answer(QMessageBox::No, &asked);
            emptyBin->trigger();
            QVERIFY(asked);
            QVERIFY(!window.eventActions()->isBusy()); // declined: nothing was started
            asked = false;
            answer(QMessageBox::Yes, &asked);
            emptyBin->trigger();
            QVERIFY(asked);
            WAIT_FOR(!finished.isEmpty(), "the bin to be emptied");
            QCOMPARE(finished.size(), 1); // the declined one never ran
            QCOMPARE(finished.first().at(0).toString(), u"purge"_s);
            QCOMPARE(finished.first().at(1).toInt(), 1);
            QCOMPARE(finished.first().at(2).toString(), QString());
        }
        QHash<qint64, QString> seededIds;
        for (auto it = m_ids.cbegin(); it != m_ids.cend(); ++it)
            seededIds.insert(it.value(), it.key());
        auto sa = snapshot(a, seededIds);
        auto sb = snapshot(b, seededIds);
        QVERIFY2(sa && sb, qPrintable(errorText(sa) + errorText(sb)));
        QCOMPARE(sb->events, sa->events);
        QCOMPARE(sb->audit, sa->audit);
        QVERIFY2(sb->events.size() == seeded->events.size() - 1, qPrintable(sb->events.join(u'\n')));
    }
};

QTEST_MAIN(tst_Parity)
#include "tst_parity.moc"
