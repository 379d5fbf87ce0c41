// Hostile captures on a terminal: what the sender wrote (subject, names, the path) reaches the user's terminal
// through `list`, `show`, `audit` and serve's logs. None of it may act on the terminal (ESC and CSI sequences
// set the title, colours and cursor; CR and BS overwrite what is shown), and the JSON outputs must still carry
// the exact strings.

#include "testsupport.h"
#include "testwait.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::test;

namespace {

// OSC "set title", a CSI colour, an 8-bit CSI (U+009B) that clears the screen, a CR that rewrites the line, BS,
// BEL and DEL.
// Then what a shell would act on, a NUL, and 200 KiB: shown as they are (NUL escaped), never cut into a sequence.
const QString kSubject = u"Invoice \x1b]0;PWNED\x07 \x1b[31mred\x1b[0m \u009b2J\rVERIFIED\b\x7f done"_s
    + u" \"q\" 'q' $(touch /tmp/x) `id` *.eml a@b\0nul "_s + QString(200 * 1024, u'x');
const QString kName = u"Mallory \x1b[8mhidden\x1b[0m"_s;

QByteArray actingBytes(const QByteArray& out)
{
    QByteArray found;
    for (qsizetype i = 0; i < out.size(); ++i) {
        const auto c = uchar(out[i]);
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
            found += "\\x" + QByteArray::number(c, 16).rightJustified(2, '0') + "@" + QByteArray::number(i) + ' ';
        if (c == 0xc2 && i + 1 < out.size() && uchar(out[i + 1]) >= 0x80 && uchar(out[i + 1]) <= 0x9f)
            found += "U+00" + QByteArray::number(uchar(out[i + 1]), 16) + "@" + QByteArray::number(i) + ' ';
    }
    return found;
}

QByteArray hostileEvent()
{
    QJsonObject o = QJsonDocument::fromJson(sampleEvent(u"evt_terminal"_s, kSubject)).object();
    o.insert(u"from"_s, QJsonObject { { u"address"_s, u"mallory@attacker.example"_s }, { u"name"_s, kName } });
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

/** Whether `value` holds the string `text` anywhere. */
bool holds(const QJsonValue& value, const QString& text)
{
    if (value.isString())
        return value.toString() == text;
    if (value.isArray()) {
        for (const QJsonValue v : value.toArray())
            if (holds(v, text))
                return true;
    }
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            if (holds(it.value(), text))
                return true;
    }
    return false;
}

} // namespace

class tst_HostileTerminal : public QObject {
    Q_OBJECT

    ServeProcess m_serve;
    qint64 m_id = 0;
    int m_rawStatus = 0;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_serve.start({ u"--secret"_s, u"whsec_terminal"_s, u"--log-format"_s, u"json"_s }, false),
            m_serve.log().constData());
        // Unsigned: stored (and quarantined) all the same, which is what a hostile sender gets.
        QVERIFY(send(m_serve.url(), hostileEvent(), { { "Content-Type", "application/json" } }).status >= 400);
        // A path the sender chose, shown where an event has no subject.
        QVERIFY(
            send(m_serve.url(u"/webhooks/email/%1B%5B2J%0D"_s), "{}", { { "Content-Type", "application/json" } }).status
            > 0);
        // The same path with the 8-bit CSI as raw UTF-8 in the request line (the log carries the path as it came).
        m_rawStatus = statusOf(rawExchange(m_serve.httpPort(),
            "POST /webhooks/email/\xc2\x9b"
            "2J HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Content-Length: 2\r\nConnection: close\r\n\r\n{}"));
        const CliResult list = m_serve.cli({ u"list"_s, u"--json"_s });
        QCOMPARE(list.exitCode, 0);
        for (const QJsonValue v : list.json().array())
            if (v.toObject().value(u"eventId"_s).toString() == u"evt_terminal"_s)
                m_id = v.toObject().value(u"id"_s).toInteger();
        QVERIFY2(m_id > 0, list.out.constData());
    }

    void nothingTheSenderWroteActsOnTheTerminal_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<bool>("json");
        const QString id = QString::number(m_id);
        QTest::newRow("list") << QStringList { u"list"_s } << false;
        QTest::newRow("list --json") << QStringList { u"list"_s, u"--json"_s } << true;
        QTest::newRow("show") << QStringList { u"show"_s, id } << false;
        QTest::newRow("show --json") << QStringList { u"show"_s, id, u"--json"_s } << true;
        QTest::newRow("search") << QStringList { u"list"_s, u"--search"_s, u"invoice"_s } << false;
        QTest::newRow("audit") << QStringList { u"audit"_s } << false;
        QTest::newRow("quarantine list") << QStringList { u"list"_s, u"--status"_s, u"quarantined"_s } << false;
    }

    void nothingTheSenderWroteActsOnTheTerminal()
    {
        QFETCH(QStringList, args);
        QFETCH(bool, json);
        const CliResult r = m_serve.cli(args);
        QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
        const QByteArray acting = actingBytes(r.out) + actingBytes(r.err);
        QVERIFY2(acting.isEmpty(), QByteArray(acting + "\n" + r.out.left(4096)).constData());
        if (json) {
            // The same strings as sent: the escapes are JSON's own.
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(r.out, &error);
            QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
            QVERIFY2(r.out.contains("\\u001b]0;PWNED\\u0007"), r.out.left(4096).constData());
            const QJsonValue root = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
            QVERIFY2(holds(root, kSubject), "the subject is not in the JSON as sent");
            QVERIFY2(holds(root, kName), "the sender's name is not in the JSON as sent");
        } else if (args.first() == u"list"_s && args.size() <= 2) {
            // Seen, not acted on: the escape is written out where the character was.
            QVERIFY2(r.out.contains("Invoice \\u001b]0;PWNED\\u0007"), r.out.left(4096).constData());
            QVERIFY2(
                r.out.contains("\"q\" 'q' $(touch /tmp/x) `id` *.eml a@b\\u0000nul"), r.out.left(4096).constData());
        }
    }

    void serveLogsAreSafeToo()
    {
        // Each answered request is logged moments after its answer.
        QByteArray log;
        QVERIFY2(waitFor(
                     [&] {
                         log += m_serve.process()->readAllStandardError(); // the JSON log is on stderr
                         return log.count("\"type\":\"request\"") >= (m_rawStatus >= 400 ? 2 : 3);
                     },
                     "serve to log both requests"),
            log.constData());
        const QByteArray acting = actingBytes(log);
        QVERIFY2(acting.isEmpty(), QByteArray(acting + "\n" + log).constData());
    }
};

QTEST_GUILESS_MAIN(tst_HostileTerminal)
#include "tst_hostile_terminal.moc"
