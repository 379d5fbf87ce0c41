// Hot functions of the ingest path: signature verification, payload classification and JSON parse,
// idempotency key, and the store writer's group commit.
#include "core/common/crypto.h"
#include "core/email/mimeparser.h"
#include "core/email/payload.h"
#include "core/ingest/idempotency.h"
#include "core/store/storewriter.h"
#include "core/verify/scheme.h"

#include <QDirIterator>
#include <QFile>
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

/** A mailparse request signed with "bench-secret", as the verifier sees it. */
static verify::Input signedInput(const QByteArray& body)
{
    const qint64 now = 1700000000000;
    verify::Input input;
    input.body = body;
    input.nowMs = now;
    input.secrets << "bench-secret";
    const QByteArray canonical = QByteArray::number(now) + '.' + body;
    input.headers = { { "X-Webhook-Timestamp", QByteArray::number(now) },
        { "X-Webhook-Signature", crypto::hmac(crypto::Digest::Sha256, "bench-secret", canonical).toHex() } };
    return input;
}

static void BM_MailparseVerify(benchmark::State& state)
{
    const auto scheme = verify::createScheme(u"mailparse"_s);
    const QByteArray body = eventBody(int(state.range(0)));
    const verify::Input input = signedInput(body);
    for (auto _ : state) {
        auto v = scheme->verify(input);
        benchmark::DoNotOptimize(v);
    }
    state.SetBytesProcessed(state.iterations() * body.size());
}
BENCHMARK(BM_MailparseVerify)->Arg(2048)->Arg(1 << 20);

/** The verdict as the store keeps it with each delivery (written once per request). */
static void BM_StoredVerdict(benchmark::State& state)
{
    const QByteArray body = eventBody(2048);
    const verify::Verdict verdict = verify::createScheme(u"mailparse"_s)->verify(signedInput(body));
    for (auto _ : state) {
        auto stored = store::storedVerdict(verdict, body);
        benchmark::DoNotOptimize(stored);
    }
}
BENCHMARK(BM_StoredVerdict);

static void BM_DetectAndKey(benchmark::State& state)
{
    http::Delivery d;
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

// MIME parsing over every file of the folder named by HOOKSCOPE_MIME_CORPUS (the same files the Node
// mailparser anchor reads), in memory, attachments decoded: bytes_per_second is the figure to compare.
static void BM_ParseMimeCorpus(benchmark::State& state)
{
    const QString dir = qEnvironmentVariable("HOOKSCOPE_MIME_CORPUS");
    QList<QByteArray> files;
    qint64 bytes = 0;
    for (QDirIterator it(dir, QDir::Files); it.hasNext();) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly)) {
            files << f.readAll();
            bytes += files.last().size();
        }
    }
    if (files.isEmpty()) {
        state.SkipWithError("set HOOKSCOPE_MIME_CORPUS to a folder of .eml files");
        return;
    }
    for (auto _ : state) {
        for (const QByteArray& raw : files) {
            auto m = email::parseMime(raw);
            benchmark::DoNotOptimize(m);
        }
    }
    state.SetBytesProcessed(state.iterations() * bytes);
}
BENCHMARK(BM_ParseMimeCorpus)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
