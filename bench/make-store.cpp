// Writes a store of N realistic events for the window benchmark, through the real ingest path: each event is a
// raw HTTP request framed by RequestFramer, verified, keyed and stored by Ingestor and StoreWriter, and read
// after the "ack" by PostProcessor, which fills the email fields, the attachments and the full-text index.
//
//   make-store --events 1000000 --out /tmp/hookscope-bench/big.db [--seed 1] [--days 90]
//
// The mix: most events verified, some failed (wrong secret, missing headers, stale timestamp; retried by the
// sender, auto-quarantined), some unverified (a route without a secret), duplicates (a delivery sent again),
// a few malformed payloads, manual quarantines and discarded events; ~2 KB JSON bodies in the guide's shape,
// words drawn from a Zipf distribution (bench/corpus.h), attachments on a few percent of them.

#include "corpus.h"

#include "core/actions/eventactions.h"
#include "core/config/route.h"
#include "core/http/requestframer.h"
#include "core/ingest/ingestor.h"
#include "core/ingest/postprocessor.h"
#include "core/store/storewriter.h"
#include "core/verify/scheme.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTextStream>

#include <condition_variable>
#include <cstdio>
#include <future>
#include <mutex>
#include <random>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace {

constexpr const char* kSecret = "whsec_bench_default";
constexpr const char* kBillingSecret = "whsec_bench_billing";
constexpr const char* kOldSecret = "whsec_bench_rotated_out";

struct Generator {
    std::mt19937_64 rng;
    bench::Zipf words { int(bench::headWords().size()) + bench::kTailWords };
    bench::Zipf senders { bench::kSenders, 0.9 };
    QList<QByteArray> logos; ///< shared inline images: the same bytes in many emails (stored once)

    explicit Generator(quint64 seed)
        : rng(seed)
    {
        for (int i = 0; i < 24; ++i)
            logos << bytes(600 + i * 40, "\x89PNG\r\n\x1a\n");
    }

    int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
    double chance() { return std::uniform_real_distribution<double>(0.0, 1.0)(rng); }

    QByteArray bytes(int n, const QByteArray& magic)
    {
        QByteArray b = magic;
        b.reserve(n);
        while (b.size() < n)
            b.append(char(rng() & 0xff));
        return b;
    }

    QString sentence(int minWords, int maxWords)
    {
        const int n = uniform(minWords, maxWords);
        QString s;
        for (int i = 0; i < n; ++i) {
            QString w = bench::wordAt(words(rng));
            if (i == 0)
                w[0] = w[0].toUpper();
            else
                s += u' ';
            s += w;
        }
        return s + (chance() < 0.15 ? u"?"_s : u"."_s);
    }

    QString orderRef() { return u"ORD-%1"_s.arg(qulonglong(rng() % 0xffffffffULL), 8, 16, QLatin1Char('0')).toUpper(); }

    QString subject(const QString& ref)
    {
        switch (uniform(0, 9)) {
        case 0:
            return u"Invoice %1 — %2"_s.arg(ref, sentence(2, 5));
        case 1:
            return u"Re: "_s + sentence(3, 7);
        case 2:
            return u"Password reset"_s;
        case 3:
            return u"Order %1: %2"_s.arg(ref, sentence(2, 4));
        case 4:
            return u"Fwd: "_s + sentence(3, 6);
        case 5:
            return u"Question about my "_s + bench::wordAt(words(rng));
        default:
            return sentence(3, 8).chopped(1);
        }
    }
};

struct Email {
    QString id;
    QByteArray json;
};

/** One email in the guide's event schema, ~2 KB. */
Email makeEmail(Generator& g, qint64 index, qint64 receivedMs)
{
    const bench::Person from = bench::senderAt(g.senders(g.rng));
    static const QStringList inboxes { u"support"_s, u"billing"_s, u"help"_s, u"sales"_s, u"orders"_s, u"hello"_s };
    const QString inbox = inboxes.at(g.uniform(0, int(inboxes.size()) - 1));
    const QString ref = g.orderRef();

    QStringList paragraphs;
    const int count = g.uniform(2, 4);
    for (int p = 0; p < count; ++p) {
        QStringList sentences;
        const int n = g.uniform(2, 4);
        for (int s = 0; s < n; ++s)
            sentences << g.sentence(7, 15);
        paragraphs << sentences.join(u' ');
    }
    if (g.chance() < 0.08)
        paragraphs.insert(1, u"I was charged twice for order %1, %2?"_s.arg(ref, bench::planted()));
    else if (g.chance() < 0.3)
        paragraphs.insert(1, u"My order number is %1."_s.arg(ref));
    const QString firstName = from.name.section(u' ', 0, 0);
    const QString text = u"Hi %1 team,\n\n"_s.arg(inbox) + paragraphs.join(u"\n\n"_s) + u"\n\nThanks,\n"_s + firstName;
    QString html = u"<html><body><p>Hi %1 team,</p>"_s.arg(inbox);
    for (const QString& p : std::as_const(paragraphs))
        html += u"<p>"_s + p.toHtmlEscaped() + u"</p>"_s;
    html += u"<p>Thanks,<br>%1</p></body></html>"_s.arg(firstName.toHtmlEscaped());

    QJsonArray attachments;
    const double a = g.chance();
    if (a < 0.06) {
        const QByteArray logo = g.logos.at(g.uniform(0, int(g.logos.size()) - 1));
        attachments.append(QJsonObject { { u"filename"_s, u"logo.png"_s }, { u"contentType"_s, u"image/png"_s },
            { u"size"_s, double(logo.size()) }, { u"contentId"_s, u"logo"_s },
            { u"dataBase64"_s, QString::fromLatin1(logo.toBase64()) } });
        if (a < 0.03) {
            const QByteArray pdf = g.bytes(g.uniform(900, 2500), "%PDF-1.4\n");
            attachments.append(QJsonObject { { u"filename"_s, u"invoice-%1.pdf"_s.arg(ref.mid(4).toLower()) },
                { u"contentType"_s, u"application/pdf"_s }, { u"size"_s, double(pdf.size()) },
                { u"dataBase64"_s, QString::fromLatin1(pdf.toBase64()) } });
        }
    }
    QJsonArray cc;
    if (g.chance() < 0.1) {
        const bench::Person c = bench::senderAt(g.senders(g.rng));
        cc.append(QJsonObject { { u"address"_s, c.address }, { u"name"_s, c.name } });
    }
    const QString id = u"evt_%1_%2"_s.arg(QDateTime::fromMSecsSinceEpoch(receivedMs, Qt::UTC).toString(u"yyyyMMdd"_s))
                           .arg(index, 7, 10, QLatin1Char('0'));
    const QString domain = from.address.section(u'@', 1);
    const QJsonObject o {
        { u"id"_s, id },
        { u"messageId"_s, u"<%1.%2@mail.%3>"_s.arg(index).arg(qulonglong(g.rng() % 1000000007ULL)).arg(domain) },
        { u"receivedAt"_s,
            QDateTime::fromMSecsSinceEpoch(receivedMs - g.uniform(200, 4000), Qt::UTC).toString(Qt::ISODate) },
        { u"from"_s, QJsonObject { { u"address"_s, from.address }, { u"name"_s, from.name } } },
        { u"to"_s,
            QJsonArray { QJsonObject { { u"address"_s, QString(inbox + u"@yourapp.example"_s) },
                { u"name"_s, QString(inbox.left(1).toUpper() + inbox.mid(1)) } } } },
        { u"cc"_s, cc },
        { u"subject"_s, g.subject(ref) },
        { u"text"_s, text },
        { u"html"_s, html },
        { u"attachments"_s, attachments },
        { u"headers"_s,
            QJsonObject { { u"content-type"_s, u"multipart/alternative"_s },
                { u"x-mailer"_s, g.chance() < 0.5 ? u"Apple Mail (2.3731)"_s : u"Microsoft Outlook 16.0"_s },
                { u"dkim-signature"_s, QString(u"v=1; a=rsa-sha256; d=%1; s=mail"_s.arg(domain)) } } },
    };
    return { id, QJsonDocument(o).toJson(QJsonDocument::Compact) };
}

/** The raw bytes of one POST as a provider would send it through a tunnel. */
QByteArray rawRequest(const QByteArray& path, const QByteArray& body, const verify::Signed* signature, int peer)
{
    QByteArray r = "POST " + path
        + " HTTP/1.1\r\nHost: hooks-7f3a.tunnel.example\r\n"
          "User-Agent: Mailparse-Webhooks/2.3\r\nContent-Type: application/json\r\n"
          "Content-Length: "
        + QByteArray::number(body.size()) + "\r\nAccept-Encoding: gzip\r\nX-Forwarded-For: 203.0.113."
        + QByteArray::number(peer) + "\r\nX-Forwarded-Proto: https\r\n";
    if (signature) {
        for (const auto& h : signature->headers)
            r += h.name + ": " + h.value + "\r\n";
    }
    return r + "\r\n" + body;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Writes a store of realistic events through Hookscope's ingest path."_s);
    parser.addHelpOption();
    parser.addOptions({
        { u"events"_s, u"How many events (default 1000000)."_s, u"N"_s, u"1000000"_s },
        { u"out"_s, u"The store to write (replaced if it exists)."_s, u"PATH"_s },
        { u"seed"_s, u"Random seed (default 1)."_s, u"S"_s, u"1"_s },
        { u"days"_s, u"The events span this many days, ending now (default 90)."_s, u"D"_s, u"90"_s },
    });
    parser.process(app);
    if (!parser.isSet(u"out"_s)) {
        std::fprintf(stderr, "make-store: --out PATH is required\n");
        return 2;
    }
    const qint64 total = parser.value(u"events"_s).toLongLong();
    const QString path = QFileInfo(parser.value(u"out"_s)).absoluteFilePath();
    const qint64 spanMs = parser.value(u"days"_s).toLongLong() * 24 * 3600 * 1000;
    for (const QString& suffix : { u""_s, u"-wal"_s, u"-shm"_s })
        QFile::remove(path + suffix);
    QDir(path + u".blobs"_s).removeRecursively();

    QElapsedTimer clock;
    clock.start();
    store::StoreWriter writer(path);
    if (auto started = writer.start(); !started) {
        std::fprintf(stderr, "make-store: %s\n", qPrintable(started.error()));
        return 1;
    }
    // A million rows update a dozen indexes in random order: give the writer a cache that holds them.
    writer.submitJob([](QSqlDatabase& db) -> Result<void> {
        if (!QSqlQuery(db).exec(u"PRAGMA cache_size = -524288"_s))
            return fail(u"cannot set the cache size"_s);
        return {};
    });

    config::Route main;
    main.secrets = { kSecret };
    config::Route billing;
    billing.name = u"billing"_s;
    billing.pathPrefix = u"/hooks/billing"_s;
    billing.secrets = { kBillingSecret };
    config::Route staging;
    staging.name = u"staging"_s;
    staging.pathPrefix = u"/hooks/staging"_s; // no secret: unverified
    ingest::Ingestor ingestor(writer, { main, billing, staging });
    ingest::PostProcessor post(path, writer);
    post.start();
    ingestor.onReadEmail = [&post](qint64 event, qint64 delivery) { post.enqueue(event, delivery); };
    qint64 nowMs = 0;
    ingestor.clock = [&nowMs] { return nowMs; };

    std::mutex mutex;
    std::condition_variable replied;
    qint64 inFlight = 0;
    qint64 statuses[600] = {};
    const auto send = [&](const QByteArray& raw, qint64 receivedMs, int peer) {
        http::RequestFramer framer { http::Limits {} };
        framer.feed(raw.constData(), raw.size());
        if (framer.state() != http::RequestFramer::State::Complete) {
            std::fprintf(stderr, "make-store: a generated request did not frame\n");
            std::exit(1);
        }
        http::Delivery d;
        framer.fill(d);
        d.receivedUs = receivedMs * 1000 + (peer * 37) % 1000;
        d.peerAddress = u"127.0.0.1"_s;
        d.peerPort = quint16(40000 + peer * 97 % 20000);
        d.localPort = 8443;
        d.tls = true;
        d.tlsProtocol = u"TLSv1.3"_s;
        d.tlsCipher = u"TLS_AES_256_GCM_SHA384"_s;
        nowMs = receivedMs;
        {
            std::unique_lock lock(mutex);
            replied.wait(lock, [&] { return inFlight < 4096; });
            ++inFlight;
        }
        ingestor.handle(std::move(d), [&](http::HttpResponse response) {
            std::lock_guard lock(mutex);
            --inFlight;
            ++statuses[std::clamp(response.status, 0, 599)];
            replied.notify_all();
        });
        // The listener hands each pass's requests to the writer at its end; here a pass is one request.
        ingestor.endOfPass();
    };

    Generator g(parser.value(u"seed"_s).toULongLong());
    const auto scheme = verify::createScheme(u"mailparse"_s);
    const qint64 startMs = QDateTime::currentMSecsSinceEpoch() - spanMs;
    qint64 deliveries = 0;
    struct Later {
        qint64 atMs;
        QByteArray path;
        QByteArray body;
        QByteArray secret;
    };
    std::vector<Later> resends; // duplicates and retries, sent a little later in capture order
    const auto sign = [&](const QByteArray& body, qint64 tsMs, const QByteArray& secret) {
        verify::SignInput in;
        in.body = body;
        in.nowMs = tsMs;
        in.secret = secret;
        return *scheme->sign(in);
    };
    const auto flushResends = [&](qint64 untilMs) {
        std::sort(resends.begin(), resends.end(), [](const Later& a, const Later& b) { return a.atMs < b.atMs; });
        size_t i = 0;
        for (; i < resends.size() && resends[i].atMs <= untilMs; ++i) {
            const Later& l = resends[i];
            const verify::Signed s = sign(l.body, l.atMs - 150, l.secret);
            send(rawRequest(l.path, l.body, &s, int(deliveries % 250)), l.atMs, int(deliveries % 250));
            ++deliveries;
        }
        resends.erase(resends.begin(), resends.begin() + qsizetype(i));
    };

    QTextStream out(stdout);
    for (qint64 i = 0; i < total; ++i) {
        const qint64 atMs = startMs + spanMs * i / std::max<qint64>(total, 1) + g.uniform(0, 500);
        flushResends(atMs);
        Email email = makeEmail(g, i, atMs);
        QByteArray path = "/webhooks/email";
        QByteArray secret = kSecret;
        const double route = g.chance();
        if (route < 0.15) {
            path = "/hooks/billing/inbound";
            secret = kBillingSecret;
        } else if (route < 0.20) {
            path = "/hooks/staging/email";
        }
        const double kind = g.chance();
        const int peer = int(i % 250);
        if (path.startsWith("/hooks/staging")) {
            send(rawRequest(path, email.json, nullptr, peer), atMs, peer);
        } else if (kind < 0.025) {
            // A provider still signing with a rotated-out secret: 401, retried twice, never accepted.
            const verify::Signed s = sign(email.json, atMs - 120, kOldSecret);
            send(rawRequest(path, email.json, &s, peer), atMs, peer);
            for (int retry = 1; retry <= 2; ++retry)
                resends.push_back({ atMs + retry * 30'000, path, email.json, kOldSecret });
        } else if (kind < 0.030) {
            send(rawRequest(path, email.json, nullptr, peer), atMs, peer); // 400 missing headers
        } else if (kind < 0.035) {
            // Signed ten minutes late (a stuck queue): 400 timestamp skew, then a fresh retry is accepted.
            const verify::Signed s = sign(email.json, atMs - 600'000, secret);
            send(rawRequest(path, email.json, &s, peer), atMs, peer);
            resends.push_back({ atMs + 60'000, path, email.json, secret });
        } else {
            if (kind < 0.038)
                email.json.chop(email.json.size() / 3); // truncated JSON: stored, flagged malformed-payload
            const verify::Signed s = sign(email.json, atMs - g.uniform(40, 400), secret);
            send(rawRequest(path, email.json, &s, peer), atMs, peer);
            if (kind > 0.95) // delivered again: the provider missed the first answer
                resends.push_back({ atMs + g.uniform(2'000, 20'000), path, email.json, secret });
        }
        ++deliveries;
        if ((i + 1) % 100000 == 0) {
            out << u"%1 events, %2 deliveries sent, %3 s"_s.arg(i + 1).arg(deliveries).arg(clock.elapsed() / 1000)
                << Qt::endl;
        }
    }
    flushResends(std::numeric_limits<qint64>::max());
    {
        std::unique_lock lock(mutex);
        replied.wait(lock, [&] { return inFlight == 0; });
    }
    out << u"ingested %1 deliveries in %2 s; post-processing the rest"_s.arg(deliveries).arg(clock.elapsed() / 1000)
        << Qt::endl;
    post.stop();

    // People's own actions: a few manual quarantines and events in the bin, audited as the window does.
    std::vector<qint64> chosen;
    for (qint64 k = 0; k < total / 1000; ++k)
        chosen.push_back(1 + qint64(g.rng() % quint64(std::max<qint64>(total, 1))));
    std::promise<bool> acted;
    writer.submitJob(
        [&chosen](QSqlDatabase& db) {
            for (size_t k = 0; k < chosen.size(); ++k) {
                if (k % 2 == 0)
                    actions::EventActions::quarantine(db, chosen[k], u"manual"_s, u"looks like spam"_s);
                else
                    actions::EventActions::discard(db, chosen[k], u"test noise"_s);
            }
            return Result<void> {};
        },
        [&acted](const Result<void>& r) { acted.set_value(bool(r)); });
    acted.get_future().get();
    writer.stop();

    // What was written, read back.
    {
        const QString name = u"make-store-summary"_s;
        auto db = store::openDatabase(path, name);
        if (db) {
            QSqlQuery q(*db);
            q.exec(u"SELECT count(*), sum(status = 'verified'), sum(status = 'failed'), sum(status = 'unverified'), "
                   u"sum(duplicates > 0), sum(quarantined IS NOT NULL), sum(discarded_us IS NOT NULL), "
                   u"sum(attachments > 0), sum(processed) FROM events"_s);
            if (q.next()) {
                out << u"events %1: verified %2, failed %3, unverified %4, with duplicates %5, quarantined %6, "
                       u"discarded %7, with attachments %8, processed %9"_s.arg(q.value(0).toLongLong())
                           .arg(q.value(1).toLongLong())
                           .arg(q.value(2).toLongLong())
                           .arg(q.value(3).toLongLong())
                           .arg(q.value(4).toLongLong())
                           .arg(q.value(5).toLongLong())
                           .arg(q.value(6).toLongLong())
                           .arg(q.value(7).toLongLong())
                           .arg(q.value(8).toLongLong())
                    << Qt::endl;
            }
            q.exec(u"SELECT count(*), avg(body_size) FROM deliveries"_s);
            if (q.next())
                out << u"deliveries %1, mean body %2 bytes"_s.arg(q.value(0).toLongLong()).arg(q.value(1).toInt())
                    << Qt::endl;
            q.exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s);
            db->close();
        }
    }
    QSqlDatabase::removeDatabase(u"make-store-summary"_s);
    out << u"answers: %1 × 200, %2 × 400, %3 × 401"_s.arg(statuses[200]).arg(statuses[400]).arg(statuses[401])
        << Qt::endl;
    out << u"wrote %1 (%2 MB) in %3 s"_s.arg(path)
               .arg(QFileInfo(path).size() / 1'000'000)
               .arg(double(clock.elapsed()) / 1000.0, 0, 'f', 1)
        << Qt::endl;
    return 0;
}
