#include "snscertificates.h"

#include "core/common/crypto.h"

#include <QEventLoop>
#include <QHash>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QThread>
#include <QTimer>
#include <QUrl>

#include <atomic>
#include <memory>
#include <mutex>

using namespace Qt::StringLiterals;

namespace hookscope::verify::sns {

namespace {

constexpr int kTimeoutMs = 10'000;
constexpr qint64 kMaxCertificate = 64 * 1024;

std::mutex g_mutex;
QHash<QString, QByteArray> g_cache;
std::atomic<int> g_attempts { 0 };

} // namespace

QString certificateUrlProblem(const QString& text)
{
    // The text itself first: what a lenient parser might read otherwise never reaches one.
    for (QChar ch : text) {
        if (ch.unicode() <= 0x20 || ch.unicode() >= 0x7F || ch == u'\\')
            return u"contains a space, a control character, a backslash or a non-ASCII character"_s;
    }
    if (!text.startsWith(u"https://"_s))
        return text.startsWith(u"http://"_s, Qt::CaseInsensitive) && !text.startsWith(u"https"_s, Qt::CaseInsensitive)
            ? u"is not https: the certificate must be fetched over HTTPS"_s
            : u"does not start with https://"_s;
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid())
        return u"is not a valid URL (%1)"_s.arg(url.errorString());
    if (!url.userInfo().isEmpty())
        return u"carries user information before \"@\", so its host is really %1"_s.arg(url.host());
    if (url.port() != -1 && url.port() != 443)
        return u"names port %1"_s.arg(url.port());
    static const QRegularExpression host(u"^sns\\.[a-z0-9-]{3,}\\.amazonaws\\.com(\\.cn)?$"_s);
    if (!host.match(url.host()).hasMatch())
        return u"has the host %1, which is not sns.<region>.amazonaws.com"_s.arg(url.host());
    if (!url.path().endsWith(u".pem"_s) || url.hasQuery() || url.hasFragment())
        return u"does not name a .pem file (with no query or fragment)"_s;
    return {};
}

Result<QByteArray> certificate(const QString& url)
{
    if (const QString problem = certificateUrlProblem(url); !problem.isEmpty())
        return fail(u"SigningCertURL %1"_s.arg(problem));
    {
        std::lock_guard lock(g_mutex);
        if (const auto it = g_cache.constFind(url); it != g_cache.constEnd())
            return *it;
    }
    ++g_attempts;
    // On a thread of its own: the caller (the listener's thread) blocks, but runs no nested event loop that could
    // take in other requests meanwhile.
    Result<QByteArray> pem = fail(u"the certificate download did not run"_s);
    std::unique_ptr<QThread> worker(QThread::create([&] {
        pem = download(url);
        crypto::endThreadUse();
    }));
    worker->start();
    worker->wait();
    if (!pem)
        return pem;
    std::lock_guard lock(g_mutex);
    g_cache.insert(url, *pem);
    return pem;
}

Result<QByteArray> download(const QString& url)
{
    // The loop first: on a thread Qt did not start, it gives the thread the event dispatcher the reply needs.
    QEventLoop loop;
    QNetworkAccessManager manager;
    QNetworkRequest request { QUrl(url, QUrl::StrictMode) };
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(kTimeoutMs);
    QNetworkReply* reply = manager.get(request);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(kTimeoutMs + 1000, &loop, &QEventLoop::quit);
    QObject::connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64) {
        if (received > kMaxCertificate)
            reply->abort();
    });
    if (!reply->isFinished())
        loop.exec();
    if (!reply->isFinished())
        reply->abort();
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() != QNetworkReply::NoError)
        return fail(u"cannot fetch the signing certificate %1: %2"_s.arg(url, reply->errorString()));
    if (status != 200)
        return fail(u"fetching the signing certificate %1 answered HTTP %2"_s.arg(url).arg(status));
    const QByteArray pem = reply->readAll();
    if (pem.size() > kMaxCertificate || !pem.trimmed().startsWith("-----BEGIN CERTIFICATE"))
        return fail(u"%1 did not return a PEM certificate"_s.arg(url));
    return pem;
}

int fetchAttempts()
{
    return g_attempts.load();
}

} // namespace hookscope::verify::sns
