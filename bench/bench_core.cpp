// Hot functions of the ingest path: signature verification, payload classification and JSON parse,
// idempotency key, and the store writer's group commit.
#include "core/common/crypto.h"
#include "core/email/payload.h"
#include "core/ingest/idempotency.h"
#include "core/store/storewriter.h"
#include "core/verify/scheme.h"

#include <QJsonDocument>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>

#include <atomic>
#include <future>

using namespace Qt::StringLiterals;
using namespace hookscope;

static QByteArray eventBody(int size)
{
    QByteArray body
        = R"({"id":"evt_bench","messageId":"<m@x>","subject":"Invoice","from":{"address":"a@b.c","name":"A"},"text":")";
    body += QByteArray(std::max(0, size - int(body.size()) - 2), 'x');
    body += "\"}";
    return body;
}

static void BM_MailparseVerify(benchmark::State& state)
{
    const auto scheme = verify::createScheme(u"mailparse"_s);
    const QByteArray body = eventBody(int(state.range(0)));
    const qint64 now = 1700000000000;
    verify::Input input;
    input.body = body;
    input.nowMs = now;
    input.secrets << "bench-secret";
    const QByteArray canonical = QByteArray::number(now) + '.' + body;
    input.headers = { { "X-Webhook-Timestamp", QByteArray::number(now) },
        { "X-Webhook-Signature", crypto::hmac(crypto::Digest::Sha256, "bench-secret", canonical).toHex() } };
    for (auto _ : state) {
        auto v = scheme->verify(input);
        benchmark::DoNotOptimize(v);
    }
    state.SetBytesProcessed(state.iterations() * body.size());
}
BENCHMARK(BM_MailparseVerify)->Arg(2048)->Arg(1 << 20);

static void BM_DetectAndKey(benchmark::State& state)
{
    Delivery d;
    d.body = eventBody(2048);
    d.headers = { { "Content-Type", "application/json" } };
    for (auto _ : state) {
        const auto kind = email::detectPayload("application/json", d.body);
        const QJsonObject payload = QJsonDocument::fromJson(d.body).object();
        auto key = ingest::idempotencyKey(d, {}, &payload);
        benchmark::DoNotOptimize(kind);
        benchmark::DoNotOptimize(key);
    }
}
BENCHMARK(BM_DetectAndKey);

static void BM_ParsePayload(benchmark::State& state)
{
    const QByteArray body = eventBody(2048);
    for (auto _ : state) {
        auto m = email::parsePayload("application/json", body);
        benchmark::DoNotOptimize(m);
    }
}
BENCHMARK(BM_ParsePayload);

static void BM_StoreInsert(benchmark::State& state)
{
    QTemporaryDir dir;
    store::StoreWriter writer(dir.filePath(u"bench.db"_s));
    if (!writer.start()) {
        state.SkipWithError("cannot open the store");
        return;
    }
    const int batch = int(state.range(0));
    qint64 n = 0;
    for (auto _ : state) {
        std::atomic<int> left { batch };
        std::promise<void> done;
        for (int i = 0; i < batch; ++i) {
            store::IngestRecord r;
            r.route = u"default"_s;
            r.idempotencyKey = QString::number(++n);
            r.keySource = u"id"_s;
            r.verdict.outcome = verify::Outcome::Valid;
            r.delivery.rawHead = "POST /webhooks/email HTTP/1.1\r\nContent-Type: application/json\r\n\r\n";
            r.delivery.body = eventBody(2048);
            r.delivery.method = "POST";
            r.delivery.target = "/webhooks/email";
            writer.submit(std::move(r), [&](const store::IngestOutcome&) {
                if (--left == 0)
                    done.set_value();
            });
        }
        done.get_future().get();
    }
    state.SetItemsProcessed(state.iterations() * batch);
}
BENCHMARK(BM_StoreInsert)->Arg(1)->Arg(16)->Arg(256)->UseRealTime();

BENCHMARK_MAIN();
