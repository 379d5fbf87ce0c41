// `hookscope check` through the real binary against receivers of the test suite (tests/tools/guide_receiver.py):
// the one that follows the guide passes every applying check; each variant that breaks one rule fails exactly
// the matching check. Also the JUnit file, --only/--skip, exit codes, checks that do not apply to a scheme, a
// hostile answer, and the run recorded in the store.

#include "testsupport.h"

#include "guidereceiver.h"

#include "core/store/checkruns.h"
#include "core/store/database.h"

#include <QFile>
#include <QSet>
#include <QStandardPaths>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::test;

namespace {

const QString kSecret = u"check-secret"_s;
/// A full run sends a 27 MB body and, for the slow variant, ten 800 ms acknowledgements: longer than runCli's 30 s
/// on a sanitizer build.
constexpr int kRunMs = 240'000;

/** The guide's receiver with this file's secret. */
class Receiver : public test::GuideReceiver {
public:
    bool start(const QStringList& extra = {}) { return GuideReceiver::start(kSecret, extra); }
};

/** `hookscope check …` in an isolated home, with its store in `home`. */
CliResult runCheck(const QString& home, const QStringList& args)
{
    QProcess p;
    p.setProcessEnvironment(isolatedEnvironment(home));
    p.start(binary(), QStringList { u"check"_s, u"--db"_s, home + u"/store.db"_s } + args);
    if (!p.waitForStarted(kWaitMs))
        return { -1, {}, "did not start" };
    p.closeWriteChannel();
    if (!p.waitForFinished(kRunMs)) {
        p.kill();
        p.waitForFinished();
        return { -1, p.readAllStandardOutput(), "timed out: " + p.readAllStandardError() };
    }
    return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
        p.readAllStandardError() };
}

QStringList ids(const QJsonArray& checks)
{
    QStringList list;
    for (const auto& v : checks)
        list << v.toObject().value(u"id"_s).toString();
    return list;
}

QSet<QString> failedIds(const QJsonArray& checks)
{
    QSet<QString> set;
    for (const auto& v : checks) {
        const QJsonObject c = v.toObject();
        if (c.value(u"passed"_s) == QJsonValue(false))
            set.insert(c.value(u"id"_s).toString());
    }
    return set;
}

QString describe(const QJsonArray& checks)
{
    QStringList lines;
    for (const auto& v : checks) {
        const QJsonObject c = v.toObject();
        lines << u"%1 passed=%2 received=%3"_s.arg(c.value(u"id"_s).toString(),
            c.value(u"passed"_s).isNull() ? u"null"_s : QVariant(c.value(u"passed"_s).toBool()).toString(),
            c.value(u"received"_s).toString());
    }
    return lines.join(u'\n');
}

const QStringList kAllIds { u"valid-accepted"_s, u"missing-headers-rejected"_s, u"bad-signature-rejected"_s,
    u"tampered-body-rejected"_s, u"stale-timestamp-rejected"_s, u"future-timestamp-rejected"_s,
    u"window-edge-accepted"_s, u"seconds-timestamp-rejected"_s, u"duplicate-acknowledged"_s, u"ack-latency"_s,
    u"concurrent-deliveries"_s, u"large-body"_s, u"retry-after-5xx"_s, u"https"_s };

} // namespace

class TestCheck : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void eachVariantFailsExactlyItsCheck_data();
    void eachVariantFailsExactlyItsCheck();
    void junitFileParsesWithTheRightCounts();
    void onlyAndSkipChooseTheChecks();
    void badUsageExits2_data();
    void badUsageExits2();
    void checksThatDoNotApplyToTheScheme_data();
    void checksThatDoNotApplyToTheScheme();
    void retryAfter5xxRunsWhenAsked();
    void hostileAnswerNeverReachesTheTerminal();
    void runsAreStoredAndAStoreFailureOnlyWarns();
};

void TestCheck::eachVariantFailsExactlyItsCheck_data()
{
    QTest::addColumn<QString>("variant");
    QTest::addColumn<QStringList>("failing");
    QTest::addRow("follows the guide") << QString() << QStringList {};
    QTest::addRow("accepts unsigned") << u"accepts-unsigned"_s << QStringList { u"missing-headers-rejected"_s };
    QTest::addRow("accepts stale") << u"accepts-stale"_s << QStringList { u"stale-timestamp-rejected"_s };
    QTest::addRow("re-serializes JSON") << u"reserializes-json"_s << QStringList { u"tampered-body-rejected"_s };
    QTest::addRow("uses seconds") << u"uses-seconds"_s << QStringList { u"seconds-timestamp-rejected"_s };
    QTest::addRow("acknowledges in 800 ms") << u"slow-ack-800ms"_s << QStringList { u"ack-latency"_s };
    QTest::addRow("answers a duplicate 500") << u"duplicate-500"_s << QStringList { u"duplicate-acknowledged"_s };
    QTest::addRow("resets large bodies") << u"resets-large-bodies"_s << QStringList { u"large-body"_s };
}

void TestCheck::eachVariantFailsExactlyItsCheck()
{
    QFETCH(QString, variant);
    QFETCH(QStringList, failing);
    Receiver receiver;
    QVERIFY2(receiver.start(variant.isEmpty() ? QStringList {} : QStringList { u"--break"_s, variant }),
        "the receiver did not say it listens (python3 is required)");
    QTemporaryDir home;
    // The slow variant sleeps 800 ms: well over this budget, while every other answer takes a few ms.
    const auto r = runCheck(home.path(),
        { u"--to"_s, receiver.url(), u"--secret"_s, kSecret, u"--json"_s, u"--budget"_s, u"500"_s, u"--count"_s,
            u"10"_s });
    QVERIFY2(r.exitCode == (failing.isEmpty() ? 0 : 1), r.err.constData());
    const QJsonObject card = r.json().object();
    const QStringList keys = card.keys();
    QCOMPARE(keys, (QStringList { u"checks"_s, u"passed"_s }));
    QCOMPARE(card.value(u"passed"_s), QJsonValue(failing.isEmpty()));
    const QJsonArray checks = card.value(u"checks"_s).toArray();
    QCOMPARE(ids(checks), kAllIds);
    for (const auto& v : checks) {
        const QJsonObject c = v.toObject();
        for (const QString& key : { u"id"_s, u"applies"_s, u"passed"_s, u"sent"_s, u"received"_s, u"why"_s })
            QVERIFY2(c.contains(key), qPrintable(c.value(u"id"_s).toString() + u" lacks "_s + key));
        QVERIFY(!c.value(u"why"_s).toString().isEmpty());
        const bool applies = c.value(u"id"_s) != u"retry-after-5xx"_s && c.value(u"id"_s) != u"https"_s;
        QCOMPARE(c.value(u"applies"_s), QJsonValue(applies));
        if (!applies)
            QVERIFY(c.value(u"passed"_s).isNull());
        else
            QVERIFY2(c.value(u"passed"_s).isBool(), qPrintable(c.value(u"id"_s).toString()));
    }
    QVERIFY2(failedIds(checks) == QSet<QString>(failing.begin(), failing.end()), qPrintable(describe(checks)));
}

void TestCheck::junitFileParsesWithTheRightCounts()
{
    Receiver receiver;
    QVERIFY(receiver.start({ u"--break"_s, u"accepts-unsigned"_s }));
    QTemporaryDir home;
    const QString file = home.filePath(u"check.xml"_s);
    const auto r = runCheck(home.path(),
        { u"--to"_s, receiver.url(), u"--secret"_s, kSecret, u"--junit"_s, file, u"--only"_s,
            u"valid-accepted,missing-headers-rejected"_s, u"--only"_s, u"https"_s, u"--only"_s,
            u"bad-signature-rejected"_s });
    QVERIFY2(r.exitCode == 1, r.err.constData());
    QFile f(file);
    QVERIFY2(f.open(QIODevice::ReadOnly), "check --junit wrote no file");
    QXmlStreamReader xml(&f);
    int suites = 0;
    QStringList cases;
    QString current;
    QStringList failed;
    QStringList skipped;
    QXmlStreamAttributes suite;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == u"testsuite"_s) {
            ++suites;
            suite = xml.attributes();
        } else if (xml.name() == u"testcase"_s) {
            current = xml.attributes().value(u"name"_s).toString();
            cases << current;
        } else if (xml.name() == u"failure"_s) {
            failed << current;
        } else if (xml.name() == u"skipped"_s) {
            skipped << current;
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(suites, 1);
    QCOMPARE(suite.value(u"name"_s).toString(), u"hookscope check"_s);
    QCOMPARE(suite.value(u"tests"_s).toString(), u"4"_s);
    QCOMPARE(suite.value(u"failures"_s).toString(), u"1"_s);
    QCOMPARE(suite.value(u"skipped"_s).toString(), u"1"_s);
    QCOMPARE(cases,
        (QStringList { u"valid-accepted"_s, u"missing-headers-rejected"_s, u"bad-signature-rejected"_s, u"https"_s }));
    QCOMPARE(failed, QStringList { u"missing-headers-rejected"_s });
    QCOMPARE(skipped, QStringList { u"https"_s });
}

void TestCheck::onlyAndSkipChooseTheChecks()
{
    Receiver receiver;
    QVERIFY(receiver.start());
    QTemporaryDir home;
    auto r = runCheck(home.path(),
        { u"--to"_s, receiver.url(), u"--secret"_s, kSecret, u"--json"_s, u"--only"_s, u"bad-signature-rejected"_s,
            u"--only"_s, u"valid-accepted"_s });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(ids(r.json().object().value(u"checks"_s).toArray()),
        (QStringList { u"valid-accepted"_s, u"bad-signature-rejected"_s }));

    r = runCheck(home.path(),
        { u"--to"_s, receiver.url(), u"--secret"_s, kSecret, u"--json"_s, u"--count"_s, u"3"_s, u"--skip"_s,
            u"large-body,concurrent-deliveries"_s, u"--skip"_s, u"https"_s });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QStringList expected = kAllIds;
    expected.removeAll(u"large-body"_s);
    expected.removeAll(u"concurrent-deliveries"_s);
    expected.removeAll(u"https"_s);
    QCOMPARE(ids(r.json().object().value(u"checks"_s).toArray()), expected);
}

void TestCheck::badUsageExits2_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("says");
    const QString to = u"http://127.0.0.1:9/hook"_s; // never reached: bad usage is refused before sending
    QTest::addRow("unknown --only id") << QStringList { u"--to"_s, to, u"--secret"_s, kSecret, u"--only"_s,
        u"valid-accepted,no-such-check"_s }
                                       << QByteArray("unknown check 'no-such-check'");
    QTest::addRow("unknown --skip id") << QStringList { u"--to"_s, to, u"--secret"_s, kSecret, u"--skip"_s,
        u"latency"_s } << QByteArray("unknown check 'latency'");
    QTest::addRow("no --to") << QStringList { u"--secret"_s, kSecret } << QByteArray("--to URL is required");
    QTest::addRow("not http") << QStringList { u"--to"_s, u"ftp://127.0.0.1/x"_s, u"--secret"_s, kSecret }
                              << QByteArray("http:// or https://");
    QTest::addRow("not a URL") << QStringList { u"--to"_s, u"not a url"_s, u"--secret"_s, kSecret }
                               << QByteArray("http:// or https://");
    QTest::addRow("scheme without secret")
        << QStringList { u"--to"_s, to, u"--scheme"_s, u"stripe"_s } << QByteArray("--secret is required");
    QTest::addRow("unknown scheme") << QStringList { u"--to"_s, to, u"--scheme"_s, u"nope"_s, u"--secret"_s, kSecret }
                                    << QByteArray("unknown scheme 'nope'");
    QTest::addRow("zero budget") << QStringList { u"--to"_s, to, u"--secret"_s, kSecret, u"--budget"_s, u"0"_s }
                                 << QByteArray("--budget takes a positive whole number");
    QTest::addRow("count not a number") << QStringList { u"--to"_s, to, u"--secret"_s, kSecret, u"--count"_s,
        u"many"_s } << QByteArray("--count takes a positive whole number");
    QTest::addRow("nothing left") << QStringList { u"--to"_s, to, u"--secret"_s, kSecret, u"--only"_s, u"https"_s,
        u"--skip"_s, u"https"_s } << QByteArray("leave no check to run");
    QTest::addRow("a key the scheme cannot sign with") << QStringList { u"--to"_s, to, u"--scheme"_s, u"sendgrid"_s,
        u"--secret"_s, u"not-a-key"_s } << QByteArray("sendgrid");
}

void TestCheck::badUsageExits2()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, says);
    QTemporaryDir home;
    const auto r = runCheck(home.path(), args);
    QVERIFY2(r.exitCode == 2, r.err.constData());
    QVERIFY2(r.err.contains(says), r.err.constData());
    QVERIFY2(r.out.isEmpty(), r.out.constData());
}

void TestCheck::checksThatDoNotApplyToTheScheme_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QStringList>("notApplying");
    const QStringList timeChecks { u"stale-timestamp-rejected"_s, u"future-timestamp-rejected"_s,
        u"window-edge-accepted"_s, u"seconds-timestamp-rejected"_s };
    QTest::addRow("github: no timestamp") << u"github"_s << kSecret << timeChecks;
    QTest::addRow("mailjet: Basic credentials")
        << u"mailjet"_s << u"user:password"_s << (QStringList { u"tampered-body-rejected"_s } + timeChecks);
    QTest::addRow("stripe: old timestamps only")
        << u"stripe"_s << u"whsec_c2VjcmV0"_s << QStringList { u"future-timestamp-rejected"_s };
}

void TestCheck::checksThatDoNotApplyToTheScheme()
{
    QFETCH(QString, scheme);
    QFETCH(QString, secret);
    QFETCH(QStringList, notApplying);
    // The receiver verifies mailparse only: what is looked at here is which checks apply, not their verdicts.
    Receiver receiver;
    QVERIFY(receiver.start());
    QTemporaryDir home;
    const auto r = runCheck(home.path(),
        { u"--to"_s, receiver.url(), u"--scheme"_s, scheme, u"--secret"_s, secret, u"--json"_s, u"--only"_s,
            u"tampered-body-rejected,stale-timestamp-rejected,future-timestamp-rejected,window-edge-accepted,"
            u"seconds-timestamp-rejected"_s });
    QVERIFY2(r.exitCode == 0 || r.exitCode == 1, r.err.constData());
    const QJsonArray checks = r.json().object().value(u"checks"_s).toArray();
    QCOMPARE(checks.size(), 5);
    QStringList none;
    for (const auto& v : checks) {
        const QJsonObject c = v.toObject();
        if (!c.value(u"applies"_s).toBool()) {
            none << c.value(u"id"_s).toString();
            QVERIFY2(c.value(u"passed"_s).isNull(), qPrintable(c.value(u"id"_s).toString()));
            QVERIFY(!c.value(u"received"_s).toString().isEmpty()); // says why it does not apply
        } else {
            QVERIFY(c.value(u"passed"_s).isBool());
        }
    }
    QCOMPARE(none, notApplying);

    // Only checks that do not apply: nothing failed, so the run passes (and says n/a, never PASS, for them).
    const auto human = runCheck(home.path(),
        { u"--to"_s, receiver.url(), u"--scheme"_s, scheme, u"--secret"_s, secret, u"--only"_s,
            notApplying.join(u',') });
    QVERIFY2(human.exitCode == 0, human.err.constData());
    for (const QString& id : notApplying) {
        const qsizetype at = human.out.indexOf(QByteArray(id.toUtf8() + ' '));
        QVERIFY2(at >= 0, human.out.constData());
        const QByteArray line = human.out.mid(at, human.out.indexOf('\n', at) - at);
        QVERIFY2(line.contains(" n/a ") && !line.contains("PASS"), line.constData());
    }
}

void TestCheck::retryAfter5xxRunsWhenAsked()
{
    Receiver receiver;
    QVERIFY(receiver.start());
    QTemporaryDir home;
    auto r = runCheck(home.path(),
        { u"--to"_s, receiver.url(), u"--secret"_s, kSecret, u"--json"_s, u"--only"_s, u"retry-after-5xx"_s,
            u"--probe-5xx"_s });
    QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
    QJsonObject c = r.json().object().value(u"checks"_s).toArray().first().toObject();
    QCOMPARE(c.value(u"passed"_s), QJsonValue(true));
    QVERIFY2(c.value(u"received"_s).toString().startsWith(u"500"_s), qPrintable(c.value(u"received"_s).toString()));

    r = runCheck(home.path(),
        { u"--to"_s, receiver.url(), u"--secret"_s, kSecret, u"--json"_s, u"--only"_s, u"retry-after-5xx"_s });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    c = r.json().object().value(u"checks"_s).toArray().first().toObject();
    QCOMPARE(c.value(u"applies"_s), QJsonValue(false));
    QVERIFY(c.value(u"passed"_s).isNull());
}

void TestCheck::hostileAnswerNeverReachesTheTerminal()
{
    Receiver receiver;
    QVERIFY(receiver.start({ u"--hostile"_s }));
    QTemporaryDir home;
    const QStringList args { u"--to"_s, receiver.url(), u"--secret"_s, kSecret, u"--only"_s,
        u"valid-accepted,bad-signature-rejected"_s };
    for (const bool json : { false, true }) {
        const auto r = runCheck(home.path(), json ? args + QStringList { u"--json"_s } : args);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        for (const QByteArray& stream : { r.out, r.err }) {
            QVERIFY2(!stream.contains('\x1b') && !stream.contains('\x07') && !stream.contains("\xc2\x9b"),
                stream.toPercentEncoding(" \n{}\":,").constData());
        }
        // The answer was shown, its escape sequences as text.
        QVERIFY2(r.out.contains("invalid signature") && r.out.contains("u001b]0;owned"), r.out.constData());
    }
}

void TestCheck::runsAreStoredAndAStoreFailureOnlyWarns()
{
    Receiver receiver;
    QVERIFY(receiver.start());
    QTemporaryDir home;
    // Credentials in the URL (Basic-credentials schemes) are not stored with the run.
    QString target = receiver.url();
    target.replace(u"http://"_s, u"http://user:pass@"_s);
    for (const QString& only : { u"valid-accepted"_s, u"valid-accepted,bad-signature-rejected"_s }) {
        const auto r = runCheck(home.path(), { u"--to"_s, target, u"--secret"_s, kSecret, u"--only"_s, only });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(!r.err.contains("not recorded"), r.err.constData());
    }
    auto db = store::openDatabase(home.path() + u"/store.db"_s, u"tst_check_read"_s);
    QVERIFY2(db.has_value(), qPrintable(errorText(db)));
    {
        auto runs = store::CheckRuns::read(*db);
        QVERIFY2(runs.has_value(), qPrintable(errorText(runs)));
        QCOMPARE(runs->size(), 2);
        QCOMPARE(runs->first().targetUrl, receiver.url());
        QCOMPARE(runs->first().scheme, u"mailparse"_s);
        QVERIFY(runs->first().passed);
        QVERIFY(runs->first().startedUs >= runs->last().startedUs);
        QCOMPARE(ids(runs->first().result.value(u"checks"_s).toArray()),
            (QStringList { u"valid-accepted"_s, u"bad-signature-rejected"_s }));
        QCOMPARE(ids(runs->last().result.value(u"checks"_s).toArray()), QStringList { u"valid-accepted"_s });
        QVERIFY(!QJsonDocument(runs->first().result).toJson().contains(kSecret.toUtf8()));
    }
    db->close();
    db = {};
    QSqlDatabase::removeDatabase(u"tst_check_read"_s);

    // A store that cannot be opened (its folder is a file): the scorecard is printed all the same.
    QFile blocker(home.filePath(u"file"_s));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    QProcess p;
    p.setProcessEnvironment(isolatedEnvironment(home.path()));
    p.start(binary(),
        { u"check"_s, u"--db"_s, home.filePath(u"file/store.db"_s), u"--to"_s, receiver.url(), u"--secret"_s, kSecret,
            u"--only"_s, u"valid-accepted"_s });
    QVERIFY(p.waitForFinished(kRunMs));
    const QByteArray out = p.readAllStandardOutput();
    const QByteArray err = p.readAllStandardError();
    QCOMPARE(p.exitCode(), 0);
    QVERIFY2(out.contains("valid-accepted") && out.contains("PASS"), out.constData());
    QVERIFY2(err.contains("warning: the run is not recorded"), err.constData());
}

QTEST_GUILESS_MAIN(TestCheck)
#include "tst_check.moc"
