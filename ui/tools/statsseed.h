#pragma once

// A week of traffic for the Stats screenshots, written through the real ingest path (framed requests, verified,
// keyed and stored by Ingestor and StoreWriter, their email read by PostProcessor) at times in the past, and replay
// attempts with their answer latency through AttemptLog: busier in the last day and hour, a few senders far more
// than others, failed signatures retried by their sender, duplicates, a route without a secret.

#include "core/config/route.h"
#include "core/email/sampleevent.h"
#include "core/http/requestframer.h"
#include "core/ingest/ingestor.h"
#include "core/ingest/postprocessor.h"
#include "core/store/attemptlog.h"
#include "core/store/storewriter.h"
#include "core/verify/scheme.h"

#include <QUuid>

#include <cmath>
#include <future>
#include <random>

namespace hookscope::ui::seed {

using namespace Qt::StringLiterals;

/** Writes the week ending at `nowMs` into the store at `path`; false (and `error`) when it could not. */
inline bool writeStatsWeek(const QString& path, qint64 nowMs, QString* error)
{
    const QByteArray secret = "whsec_stats_default", billingSecret = "whsec_stats_billing";
    store::StoreWriter writer(path);
    if (auto started = writer.start(); !started) {
        *error = started.error();
        return false;
    }
    config::Route main;
    main.secrets = { secret };
    config::Route billing;
    billing.name = u"billing"_s;
    billing.pathPrefix = u"/hooks/billing"_s;
    billing.secrets = { billingSecret };
    config::Route staging;
    staging.name = u"staging"_s;
    staging.pathPrefix = u"/hooks/staging"_s; // no secret: unverified
    ingest::Ingestor ingestor(writer, { main, billing, staging });
    ingest::PostProcessor post(path, writer);
    post.start();
    ingestor.onReadEmail = [&post](qint64 event, qint64 delivery) { post.enqueue(event, delivery); };
    qint64 clockMs = nowMs;
    ingestor.clock = [&clockMs] { return clockMs; };
    const auto scheme = verify::createScheme(verify::defaultSchemeName());

    const auto send = [&](const QByteArray& target, const QByteArray& body, const QByteArray& key, qint64 atMs) {
        QByteArray raw = "POST " + target
            + " HTTP/1.1\r\nHost: hooks.yourapp.example\r\nUser-Agent: Mailparse-Webhooks/2.3\r\n"
              "Content-Type: application/json\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n";
        if (!key.isEmpty()) {
            verify::SignInput in;
            in.body = body;
            in.nowMs = atMs - 80;
            in.secret = key;
            if (auto s = scheme->sign(in))
                for (const auto& h : s->headers)
                    raw += h.name + ": " + h.value + "\r\n";
        }
        raw += "\r\n" + body;
        http::RequestFramer framer { http::Limits {} };
        framer.feed(raw.constData(), raw.size());
        http::Delivery d;
        framer.fill(d);
        d.receivedUs = atMs * 1000;
        d.peerAddress = u"203.0.113.7"_s;
        d.peerPort = 44123;
        d.localPort = 8443;
        clockMs = atMs;
        std::promise<void> answered;
        ingestor.handle(std::move(d), [&answered](http::HttpResponse) { answered.set_value(); });
        ingestor.endOfPass();
        answered.get_future().wait();
    };

    struct Sender {
        QString name, address;
        int weight;
    };
    const QList<Sender> senders { { u"Ada Lovelace"_s, u"ada@customer.example"_s, 30 },
        { u"Grace Hopper"_s, u"grace@navy.example"_s, 18 }, { u"Acme Billing"_s, u"billing@acme.example"_s, 14 },
        { u"Linus Example"_s, u"linus@kernel.example"_s, 9 },
        { u"Margaret Hamilton"_s, u"margaret@apollo.example"_s, 7 },
        { u"Katherine Johnson"_s, u"katherine@langley.example"_s, 5 },
        { u"Alan Turing"_s, u"alan@bletchley.example"_s, 4 }, { u"Barbara Liskov"_s, u"barbara@mit.example"_s, 3 },
        { u"Edsger Dijkstra"_s, u"edsger@eindhoven.example"_s, 2 }, { u"CI script"_s, u"ci@yourapp.example"_s, 2 } };
    std::vector<int> weights;
    for (const Sender& s : senders)
        weights.push_back(s.weight);
    std::mt19937_64 rng(20'260'414);
    std::discrete_distribution<int> pick(weights.begin(), weights.end());
    std::uniform_real_distribution<double> chance(0.0, 1.0);
    const QStringList subjects { u"Password reset link does not arrive"_s, u"Re: API rate limits"_s, u"Invoice #1042"_s,
        u"Cancel my subscription"_s, u"Wrong timezone in weekly digest"_s, u"Feature request: export to CSV"_s,
        u"Your receipt"_s, u"Bug: duplicate notifications"_s };

    // Arrival times: ~40 an hour over the last hour, fewer further back (a working day's curve), a trickle before.
    std::vector<qint64> times;
    const qint64 hourMs = 3'600'000;
    for (int i = 0; i < 45; ++i)
        times.push_back(nowMs - qint64(chance(rng) * double(hourMs)));
    for (qint64 h = 1; h < 24; ++h) {
        const qint64 at = nowMs - h * hourMs;
        const int hourOfDay = QDateTime::fromMSecsSinceEpoch(at).time().hour();
        const double busy = 0.25 + 0.75 * std::max(0.0, std::sin((hourOfDay - 6) * 3.14159 / 14.0));
        const int n = int(std::lround(busy * 22.0));
        for (int i = 0; i < n; ++i)
            times.push_back(at - qint64(chance(rng) * double(hourMs)));
    }
    for (int i = 0; i < 160; ++i)
        times.push_back(nowMs - 24 * hourMs - qint64(chance(rng) * 6.0 * 24 * double(hourMs)));
    std::sort(times.begin(), times.end());

    int n = 0;
    for (const qint64 at : times) {
        const Sender& who = senders[pick(rng)];
        email::SampleEmail m;
        m.id = u"evt_week_%1"_s.arg(++n, 4, 10, QLatin1Char('0'));
        m.fromName = who.name;
        m.fromAddress = who.address;
        m.subject = subjects[n % subjects.size()];
        m.text = u"Hello,\n"_s + m.subject + u"\n"_s;
        m.receivedAt = QDateTime::fromMSecsSinceEpoch(at);
        const QByteArray body = m.toJson();
        const double route = chance(rng), kind = chance(rng);
        if (route < 0.08) {
            send("/hooks/staging/email", body, {}, at); // unverified
        } else if (kind < 0.07) {
            // Signed with a rotated-out secret: refused, and retried once to three times by the sender.
            const int retries = 1 + int(chance(rng) * 3);
            for (int r = 0; r <= retries; ++r)
                send("/webhooks/email", body, "whsec_rotated_out", at + r * 20'000);
        } else {
            const bool isBilling = route < 0.30;
            send(
                isBilling ? "/hooks/billing/inbound" : "/webhooks/email", body, isBilling ? billingSecret : secret, at);
            if (kind > 0.94) // delivered again: the provider missed the first answer
                send(isBilling ? "/hooks/billing/inbound" : "/webhooks/email", body, isBilling ? billingSecret : secret,
                    at + 4'000);
        }
    }

    // Replays to a local receiver over the last day: most quick, a slow tail, a few that got no answer.
    std::lognormal_distribution<double> latency(std::log(45.0), 0.9);
    const Result<void> replays = writer.run([&](QSqlDatabase& db) -> Result<void> {
        for (int i = 0; i < 90; ++i) {
            store::AttemptRow a;
            a.eventRowId = 1 + i % 50;
            a.runId = QUuid::createUuid().toString(QUuid::WithoutBraces);
            a.kind = i % 3 == 0 ? u"forward"_s : u"replay"_s;
            a.target = u"http://localhost:3000/webhooks/email"_s;
            a.mode = u"resigned"_s;
            a.scheduledUs = (nowMs - qint64(chance(rng) * (i < 40 ? 1.0 : 24.0) * double(hourMs))) * 1000;
            a.startedUs = a.scheduledUs;
            if (i % 17 == 5) {
                a.state = u"failed"_s;
                a.error = u"connection refused"_s;
            } else {
                a.state = u"done"_s;
                a.status = i % 11 == 3 ? 500 : 200;
                a.latencyMs = qint64(latency(rng));
            }
            a.finishedUs = a.startedUs + a.latencyMs * 1000;
            if (auto w = store::AttemptLog::write(db, a); !w)
                return w;
        }
        return {};
    });
    post.stop();
    writer.stop();
    if (!replays) {
        *error = replays.error();
        return false;
    }
    return true;
}

} // namespace hookscope::ui::seed
