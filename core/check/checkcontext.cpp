#include "checkcontext.h"

#include "core/replay/capturedrequest.h"
#include "core/replay/httpexchange.h"
#include "core/replay/requestbuilder.h"

#include <QDateTime>
#include <QEventLoop>
#include <QRandomGenerator>
#include <QTimer>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace hookscope::check {

namespace {

/** Headers every request carries; describeSent() names the others (the scheme's). */
bool isFramingHeader(QByteArrayView name)
{
    for (const char* n : { "host", "content-length", "content-type", "user-agent" }) {
        if (name.compare(n, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

CheckContext::CheckContext(CheckOptions options, const std::atomic_bool* cancel)
    : m_options(std::move(options))
    , m_scheme(verify::createScheme(m_options.scheme, m_options.schemeOptions))
    , m_sample(email::sampleEmail(email::newSampleEventId()))
    , m_cancel(cancel)
{
    Q_ASSERT(m_scheme); // CheckOptions::problem() refuses unknown schemes first
}

QByteArray CheckContext::eventBody(qint64 extraBytes) const
{
    email::SampleEmail event = m_sample;
    event.id = email::newSampleEventId();
    if (extraBytes > 0) {
        // Random bytes: a body that compresses or repeats would not be the size it claims on every path.
        QByteArray data(extraBytes, Qt::Uninitialized);
        QRandomGenerator rng(20'000'000);
        rng.fillRange(reinterpret_cast<quint32*>(data.data()), data.size() / qsizetype(sizeof(quint32)));
        event.attachments.append({ u"recording.bin"_s, u"application/octet-stream"_s, {}, data });
    }
    return event.toJson();
}

DeliveryPlan CheckContext::freshDelivery(qint64 extraBytes) const
{
    DeliveryPlan plan;
    plan.body = eventBody(extraBytes);
    plan.deliveryId = u"msg_"_s + QUuid::createUuid().toString(QUuid::Id128).left(20);
    plan.signAtMs = nowMs();
    return plan;
}

Result<replay::OutgoingRequest> CheckContext::build(const DeliveryPlan& plan) const
{
    replay::CapturedRequest captured;
    captured.method = "POST";
    captured.target = "/";
    captured.headers = { { "Content-Type", "application/json" },
        { "User-Agent", "Hookscope/" HOOKSCOPE_VERSION " (receiver check)" } };
    captured.headers += plan.extraHeaders;
    captured.body = plan.body;
    captured.deliveryId = plan.deliveryId;

    replay::ReplaySpec spec;
    spec.resign = true;
    spec.scheme = m_options.scheme;
    spec.schemeOptions = m_options.schemeOptions;
    spec.secret = m_options.secret;
    spec.negative = plan.negative;
    return replay::buildRequest(captured, m_options.target, spec, plan.signAtMs);
}

QList<replay::ExchangeResult> CheckContext::exchange(
    const QList<replay::OutgoingRequest>& requests, int timeoutMs, std::optional<bool> ignoreTlsErrors) const
{
    QList<replay::ExchangeResult> results(requests.size());
    if (requests.isEmpty())
        return results;
    QEventLoop loop;
    qsizetype pending = requests.size();
    std::vector<std::unique_ptr<replay::HttpExchange>> exchanges;
    for (qsizetype i = 0; i < requests.size(); ++i) {
        auto exchange = std::make_unique<replay::HttpExchange>(requests.at(i),
            timeoutMs > 0 ? timeoutMs : m_options.timeoutMs, ignoreTlsErrors.value_or(m_options.insecure));
        QObject::connect(exchange.get(), &replay::HttpExchange::finished, &loop,
            [&results, &pending, &loop, i](const replay::ExchangeResult& r) {
                results[i] = r;
                if (--pending == 0)
                    loop.quit();
            });
        exchanges.push_back(std::move(exchange));
    }
    for (auto& exchange : exchanges)
        exchange->start();
    if (pending > 0)
        loop.exec();
    return results;
}

void CheckContext::pause(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

qint64 CheckContext::nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QString byteSize(qint64 bytes)
{
    if (bytes < 1000)
        return u"%1 B"_s.arg(bytes);
    if (bytes < 1000 * 1000)
        return u"%1 kB"_s.arg(double(bytes) / 1000, 0, 'f', 1);
    return u"%1 MB"_s.arg(double(bytes) / 1000 / 1000, 0, 'f', 1);
}

QString describeSent(const replay::OutgoingRequest& request, const QString& note)
{
    QStringList names;
    for (const auto& h : request.headers) {
        if (!isFramingHeader(h.name))
            names << QString::fromLatin1(h.name);
    }
    QString text = u"%1 %2 · %3 · body %4"_s.arg(QString::fromLatin1(request.method), QString::fromUtf8(request.target),
        names.isEmpty() ? u"no signature headers"_s : names.join(u", "_s), byteSize(request.body.size()));
    if (!note.isEmpty())
        text += u" · "_s + note;
    return text;
}

QString describeReceived(const replay::ExchangeResult& result)
{
    if (result.status == 0)
        return u"%1 after %2 ms"_s.arg(result.error.isEmpty() ? u"no answer"_s : result.error).arg(result.latencyMs);
    QString text = u"%1 in %2 ms"_s.arg(result.status).arg(result.latencyMs);
    // The receiver's words, shortened to one line (printing makes them terminal-safe).
    const QString words = QString::fromUtf8(result.responseBody.left(200)).simplified();
    // Control characters (a terminal's escape sequences, what XML 1.0 cannot carry) are shown as escapes.
    QString said;
    for (const QChar c : words) {
        const char16_t u = c.unicode();
        if (u < 0x20 || (u >= 0x7f && u <= 0x9f))
            said += u"\\u"_s + QString::number(int(u), 16).rightJustified(4, u'0');
        else
            said += c;
    }
    if (said.size() > 60)
        said = said.left(59) + u'…';
    if (!said.isEmpty())
        text += u": "_s + said;
    return text;
}

} // namespace hookscope::check
