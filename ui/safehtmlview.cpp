#include "safehtmlview.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDesktopServices>
#include <QHBoxLayout>
#include <QLabel>
#include <QMutex>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>
#include <QWebEnginePage>
#include <QWebEngineProfile>
#include <QWebEngineSettings>
#include <QWebEngineUrlRequestInterceptor>
#include <QWebEngineUrlRequestJob>
#include <QWebEngineUrlScheme>
#include <QWebEngineUrlSchemeHandler>
#include <QWebEngineView>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

namespace {

const QByteArray kScheme = "cid";
// The message's own HTML is served as a part whose Content-ID no real message uses.
const QString kDocumentPrefix = u"hookscope-document-"_s;

/** Opens links the reader clicks in the browser; the message itself never navigates anywhere. */
class MailPage final : public QWebEnginePage {
public:
    using QWebEnginePage::QWebEnginePage;

protected:
    bool acceptNavigationRequest(const QUrl& url, NavigationType type, bool isMainFrame) override
    {
        if (url.scheme() == QLatin1StringView(kScheme) && url.path().startsWith(kDocumentPrefix))
            return isMainFrame;
        if (type == NavigationTypeLinkClicked
            && (url.scheme() == u"http"_s || url.scheme() == u"https"_s || url.scheme() == u"mailto"_s))
            QDesktopServices::openUrl(url);
        return false;
    }
    void javaScriptConsoleMessage(JavaScriptConsoleMessageLevel, const QString&, int, const QString&) override { }
};

} // namespace

void registerMailUrlSchemes()
{
    static bool done = false;
    if (done)
        return;
    done = true;
    // WebEngine shares OpenGL contexts with the widgets; the attribute must be set before the application.
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    QWebEngineUrlScheme scheme(kScheme);
    scheme.setSyntax(QWebEngineUrlScheme::Syntax::Path);
    scheme.setFlags(QWebEngineUrlScheme::LocalScheme | QWebEngineUrlScheme::LocalAccessAllowed);
    QWebEngineUrlScheme::registerScheme(scheme);
}

class SafeHtmlView::Interceptor final : public QWebEngineUrlRequestInterceptor {
public:
    std::atomic<bool> allowRemote { false };
    std::atomic<int> blocked { 0 };

    void interceptRequest(QWebEngineUrlRequestInfo& info) override
    {
        const QString scheme = info.requestUrl().scheme();
        if (scheme == QLatin1StringView(kScheme) || scheme == u"data"_s)
            return;
        if (allowRemote.load() && (scheme == u"http"_s || scheme == u"https"_s))
            return;
        ++blocked;
        info.block(true);
    }
};

class SafeHtmlView::CidHandler final : public QWebEngineUrlSchemeHandler {
public:
    QMutex mutex;
    QByteArray document;
    QString documentId;
    QHash<QString, InlinePart> parts;
    std::atomic<int> served { 0 };

    void requestStarted(QWebEngineUrlRequestJob* job) override
    {
        const QString id = QUrl::fromPercentEncoding(job->requestUrl().path().toUtf8());
        QByteArray type;
        QByteArray data;
        {
            QMutexLocker lock(&mutex);
            if (id == documentId) {
                type = "text/html;charset=utf-8";
                data = document;
            } else if (auto it = parts.constFind(id); it != parts.constEnd()) {
                type = it->contentType.isEmpty() ? QByteArray("application/octet-stream") : it->contentType;
                data = it->data;
                ++served;
            } else {
                job->fail(QWebEngineUrlRequestJob::UrlNotFound);
                return;
            }
        }
        auto* buffer = new QBuffer(job);
        buffer->setData(data);
        buffer->open(QIODevice::ReadOnly);
        job->reply(type, buffer);
    }
};

SafeHtmlView::SafeHtmlView(QWidget* parent)
    : QWidget(parent)
    , m_profile(new QWebEngineProfile(this)) // no storage name: off the record, nothing written to disk
    , m_view(new QWebEngineView(this))
    , m_bar(new QWidget(this))
    , m_barText(new QLabel(m_bar))
    , m_loadRemote(new QPushButton(u"Load remote images"_s, m_bar))
    , m_interceptor(std::make_unique<Interceptor>())
    , m_cid(std::make_unique<CidHandler>())
{
    m_profile->setHttpCacheType(QWebEngineProfile::MemoryHttpCache);
    m_profile->setPersistentCookiesPolicy(QWebEngineProfile::NoPersistentCookies);
    m_profile->setUrlRequestInterceptor(m_interceptor.get());
    m_profile->installUrlSchemeHandler(kScheme, m_cid.get());
    auto* page = new MailPage(m_profile, m_view);
    QWebEngineSettings* s = page->settings();
    s->setAttribute(QWebEngineSettings::JavascriptEnabled, false);
    s->setAttribute(QWebEngineSettings::JavascriptCanOpenWindows, false);
    s->setAttribute(QWebEngineSettings::PluginsEnabled, false);
    s->setAttribute(QWebEngineSettings::LocalContentCanAccessRemoteUrls, false);
    s->setAttribute(QWebEngineSettings::LocalContentCanAccessFileUrls, false);
    s->setAttribute(QWebEngineSettings::DnsPrefetchEnabled, false);
    s->setAttribute(QWebEngineSettings::HyperlinkAuditingEnabled, false);
    s->setAttribute(QWebEngineSettings::AutoLoadIconsForPage, false);
    s->setAttribute(QWebEngineSettings::ErrorPageEnabled, false);
    s->setAttribute(QWebEngineSettings::NavigateOnDropEnabled, false);
    s->setAttribute(QWebEngineSettings::PdfViewerEnabled, false);
    m_view->setPage(page);
    m_view->setContextMenuPolicy(Qt::NoContextMenu);
    connect(page, &QWebEnginePage::loadFinished, this, &SafeHtmlView::loadFinished);

    m_bar->setAutoFillBackground(true);
    m_bar->setBackgroundRole(QPalette::AlternateBase);
    m_barText->setText(u"Remote content in this message is blocked, so the sender cannot see that it was opened."_s);
    m_barText->setWordWrap(true);
    auto* barLayout = new QHBoxLayout(m_bar);
    barLayout->setContentsMargins(8, 4, 8, 4);
    barLayout->addWidget(m_barText, 1);
    barLayout->addWidget(m_loadRemote);
    m_bar->hide();
    connect(m_loadRemote, &QPushButton::clicked, this, &SafeHtmlView::loadRemoteContent);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_bar);
    layout->addWidget(m_view, 1);
}

SafeHtmlView::~SafeHtmlView()
{
    // The page must go before the profile it uses.
    delete m_view;
    m_view = nullptr;
    m_profile->removeAllUrlSchemeHandlers();
    m_profile->setUrlRequestInterceptor(nullptr);
}

bool SafeHtmlView::refersToRemote(const QString& html)
{
    static const QRegularExpression remote(u"(?:src|href|background|url)\\s*[=(]\\s*[\"']?\\s*(?:https?:)?//"_s,
        QRegularExpression::CaseInsensitiveOption);
    return remote.match(html).hasMatch();
}

void SafeHtmlView::setMessage(const QString& html, const QHash<QString, InlinePart>& parts)
{
    m_html = html;
    m_interceptor->allowRemote = false;
    m_view->page()->settings()->setAttribute(QWebEngineSettings::LocalContentCanAccessRemoteUrls, false);
    m_interceptor->blocked = 0;
    m_cid->served = 0;
    m_hasRemote = refersToRemote(html);
    {
        QMutexLocker lock(&m_cid->mutex);
        m_cid->parts = parts;
    }
    m_barText->setText(u"Remote content in this message is blocked, so the sender cannot see that it was opened."_s);
    m_loadRemote->setEnabled(true);
    m_bar->setVisible(m_hasRemote);
    reload();
}

void SafeHtmlView::clear()
{
    setMessage(QString(), {});
}

void SafeHtmlView::loadRemoteContent()
{
    m_interceptor->allowRemote = true;
    // The message is a local document (cid:), which may reach remote URLs only when allowed to.
    m_view->page()->settings()->setAttribute(QWebEngineSettings::LocalContentCanAccessRemoteUrls, true);
    m_barText->setText(u"Remote content is loaded for this message."_s);
    m_loadRemote->setEnabled(false);
    reload();
}

bool SafeHtmlView::remoteAllowed() const
{
    return m_interceptor->allowRemote.load();
}

int SafeHtmlView::inlinePartsServed() const
{
    return m_cid->served.load();
}

int SafeHtmlView::blockedRequests() const
{
    return m_interceptor->blocked.load();
}

QString SafeHtmlView::documentHtml() const
{
    // A Content-Security-Policy on top of the interceptor: even a request the interceptor never sees
    // (a preconnect, say) has nowhere to go while remote content is off.
    const QString policy = m_interceptor->allowRemote
        ? u"default-src 'none'; img-src cid: data: http: https:; style-src 'unsafe-inline' cid: data: http: https:; "
          u"font-src cid: data: http: https:"_s
        : u"default-src 'none'; img-src cid: data:; style-src 'unsafe-inline' cid: data:; font-src cid: data:"_s;
    const QString meta = u"<meta http-equiv=\"Content-Security-Policy\" content=\"%1\">"_s.arg(policy);
    // Inside <head> when there is one, so a <!DOCTYPE> stays first and the page keeps its rendering mode.
    static const QRegularExpression head(u"<head(\\s[^>]*)?>"_s, QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression html(u"<html(\\s[^>]*)?>"_s, QRegularExpression::CaseInsensitiveOption);
    QString doc = m_html;
    QRegularExpressionMatch m = head.match(doc);
    if (!m.hasMatch())
        m = html.match(doc);
    if (m.hasMatch())
        doc.insert(m.capturedEnd(), meta);
    else
        doc.prepend(meta);
    return doc;
}

void SafeHtmlView::reload()
{
    const QString id = kDocumentPrefix + QString::number(++m_loadCounter);
    {
        QMutexLocker lock(&m_cid->mutex);
        m_cid->documentId = id;
        m_cid->document = documentHtml().toUtf8();
    }
    m_view->page()->load(QUrl(QString::fromLatin1(kScheme) + u':' + id));
}

} // namespace hookscope::ui
