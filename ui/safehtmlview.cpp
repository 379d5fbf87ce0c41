#include "safehtmlview.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDesktopServices>
#include <QHBoxLayout>
#include <QLabel>
#include <QMutex>
#include <QPushButton>
#include <QRegularExpression>
#include <QUuid>
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
// The message's own HTML is served under a random Content-ID no message can name.
const QString kDocumentPrefix = u"hookscope-document-"_s;

/** What the message may load; nothing else, and no frame, object, base, form, script or font from elsewhere. */
QByteArray contentPolicy(bool allowRemote)
{
    const QByteArray remote = allowRemote ? " http: https:" : "";
    return "default-src 'none'; img-src cid: data:" + remote + "; style-src 'unsafe-inline' cid: data:" + remote
        + "; font-src cid: data:" + remote + "; base-uri 'none'; form-action 'none'";
}

/**
 * The content type for QWebEngineUrlRequestJob::reply() that also sends `policy` as a response header.
 * Qt 6.4 has no API for response headers (setAdditionalResponseHeaders came later), but it builds the
 * response head as "Content-Type: <type>; charset=<charset>" from this string, taking everything after
 * "charset=" as the charset, so further lines there become headers of their own. Chromium parses them
 * as it parses an HTTP response: the policy is the document's, not markup it could be talked out of,
 * and may carry a sandbox (not allowed in a <meta>). The charset Chromium then sees is not a valid
 * name and is ignored, which is why the document carries a byte-order mark.
 */
QByteArray replyType(const QByteArray& type, const QByteArray& policy)
{
    Q_ASSERT(!policy.contains("charset=") && !policy.contains('\n') && policy == policy.toLower());
    return type + ";charset=utf-8\ncontent-security-policy: " + policy;
}

/**
 * The message's markup with the policy as the first element of the document: only a doctype (not an
 * element; keeping it keeps the page's rendering mode) may stand before it. Whatever the message puts
 * first — a comment holding "<head>", a second <head>, <html> with attributes — comes after the policy.
 */
QByteArray documentBytes(const QString& html, const QByteArray& policy)
{
    QString markup = html;
    if (markup.startsWith(QChar(0xFEFF)))
        markup.remove(0, 1);
    QString doctype;
    // The HTML tokenizer ends a doctype at its first '>', whatever quotes it holds; a doctype after
    // anything but whitespace is ignored by the parser, so none other need be kept.
    static const QRegularExpression leadingDoctype(u"\\A[\\t\\n\\f\\r ]*<![Dd][Oo][Cc][Tt][Yy][Pp][Ee][^>]*>"_s);
    if (const QRegularExpressionMatch m = leadingDoctype.match(markup); m.hasMatch()) {
        doctype = m.captured();
        markup.remove(0, m.capturedLength());
    }
    const QString meta = policy.isEmpty()
        ? QString()
        : u"<meta http-equiv=\"Content-Security-Policy\" content=\"%1\">"_s.arg(QString::fromLatin1(policy));
    // UTF-8 with a byte-order mark: the mark outranks any charset the markup or the response names.
    return "\xEF\xBB\xBF" + (doctype + meta + markup).toUtf8();
}

} // namespace

/**
 * Accepts one navigation: the view's own load of the message, once, in the main frame. Any other —
 * a meta refresh, a form, a frame, a script, a click, history — would show a document the view did not
 * write (an attached part, a remote page), so it is refused; a click on a web or mail link opens it in
 * the browser instead.
 */
class SafeHtmlView::MailPage final : public QWebEnginePage {
public:
    using QWebEnginePage::QWebEnginePage;
    QUrl expected;
    int refused = 0;

protected:
    bool acceptNavigationRequest(const QUrl& url, NavigationType type, bool isMainFrame) override
    {
        if (isMainFrame && type == NavigationTypeTyped && !expected.isEmpty() && url == expected) {
            expected.clear();
            return true;
        }
        ++refused;
        if (type == NavigationTypeLinkClicked
            && (url.scheme() == u"http"_s || url.scheme() == u"https"_s || url.scheme() == u"mailto"_s))
            QDesktopServices::openUrl(url);
        return false;
    }
    void javaScriptConsoleMessage(JavaScriptConsoleMessageLevel, const QString&, int, const QString&) override { }
};

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
    std::atomic<bool> blocks { true };
    mutable QMutex mutex;
    QList<QUrl> requested;

    void interceptRequest(QWebEngineUrlRequestInfo& info) override
    {
        const QString scheme = info.requestUrl().scheme();
        if (scheme == QLatin1StringView(kScheme) || scheme == u"data"_s)
            return;
        {
            QMutexLocker lock(&mutex);
            if (requested.size() < 256)
                requested << info.requestUrl();
        }
        if (!blocks.load())
            return;
        if (allowRemote.load() && (scheme == u"http"_s || scheme == u"https"_s))
            return;
        info.block(true);
    }
};

class SafeHtmlView::CidHandler final : public QWebEngineUrlSchemeHandler {
public:
    QMutex mutex;
    QByteArray document;
    QString documentId;
    QByteArray policy; ///< sent with every response; empty: none
    QHash<QString, InlinePart> parts;
    std::atomic<int> served { 0 };

    void requestStarted(QWebEngineUrlRequestJob* job) override
    {
        const QString id = QUrl::fromPercentEncoding(job->requestUrl().path().toUtf8());
        QByteArray type;
        QByteArray data;
        QByteArray responsePolicy;
        {
            QMutexLocker lock(&mutex);
            if (!documentId.isEmpty() && id == documentId) {
                type = "text/html";
                data = document;
            } else if (auto it = parts.constFind(id); it != parts.constEnd()) {
                type = servedPartType(it->contentType);
                data = it->data;
                ++served;
            } else {
                job->fail(QWebEngineUrlRequestJob::UrlNotFound);
                return;
            }
            responsePolicy = policy;
        }
        auto* buffer = new QBuffer(job);
        buffer->setData(data);
        buffer->open(QIODevice::ReadOnly);
        job->reply(responsePolicy.isEmpty() ? type : replyType(type, responsePolicy), buffer);
    }
};

SafeHtmlView::SafeHtmlView(QWidget* parent)
    : QWidget(parent)
    , m_profile(new QWebEngineProfile(this)) // no storage name: off the record, nothing written to disk
    , m_view(new QWebEngineView(this))
    , m_page(new MailPage(m_profile, m_view))
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
    QWebEngineSettings* s = m_page->settings();
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
    m_view->setPage(m_page);
    m_view->setContextMenuPolicy(Qt::NoContextMenu);
    connect(m_page, &QWebEnginePage::loadFinished, this, &SafeHtmlView::loadFinished);

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

QByteArray SafeHtmlView::servedPartType(const QByteArray& declared)
{
    const qsizetype parameters = declared.indexOf(';');
    const QByteArray type = (parameters < 0 ? declared : declared.first(parameters)).trimmed().toLower();
    static const QRegularExpression token(u"\\A[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+\\z"_s);
    if (!token.match(QString::fromLatin1(type)).hasMatch())
        return "application/octet-stream";
    const bool markup = type == "text/html" || type == "text/xsl" || type.endsWith("/xml")
        || (type.endsWith("+xml") && type != "image/svg+xml") || type.startsWith("multipart/")
        || type.startsWith("message/");
    return markup ? QByteArray("text/plain") : type;
}

void SafeHtmlView::setMessage(const QString& html, const QHash<QString, InlinePart>& parts)
{
    m_html = html;
    m_interceptor->allowRemote = false;
    {
        QMutexLocker lock(&m_interceptor->mutex);
        m_interceptor->requested.clear();
    }
    m_page->refused = 0;
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

QList<QUrl> SafeHtmlView::requestedUrls() const
{
    QMutexLocker lock(&m_interceptor->mutex);
    return m_interceptor->requested;
}

int SafeHtmlView::refusedNavigations() const
{
    return m_page->refused;
}

void SafeHtmlView::setDefencesForTesting(const Defences& defences)
{
    m_defences = defences;
    m_interceptor->blocks = defences.interceptor;
}

void SafeHtmlView::applySettings()
{
    QWebEngineSettings* s = m_page->settings();
    s->setAttribute(QWebEngineSettings::JavascriptEnabled, !m_defences.javascriptOff);
    // The message is a local document (cid:), which may reach remote URLs only when allowed to.
    s->setAttribute(
        QWebEngineSettings::LocalContentCanAccessRemoteUrls, remoteAllowed() || !m_defences.localAccessLock);
    s->setAttribute(QWebEngineSettings::LocalContentCanAccessFileUrls, !m_defences.localAccessLock);
}

void SafeHtmlView::reload()
{
    applySettings();
    // The policy also covers what the interceptor never sees (a preconnect, say). It is sent with every
    // response of the scheme, parts included, so even a part that became a document would be bound by it.
    const QByteArray policy = contentPolicy(remoteAllowed());
    const QString id = kDocumentPrefix + QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_documentUrl = QUrl(QString::fromLatin1(kScheme) + u':' + id);
    {
        QMutexLocker lock(&m_cid->mutex);
        m_cid->documentId = id;
        m_cid->document = documentBytes(m_html, m_defences.policyMeta ? policy : QByteArray());
        // The sandbox (no scripts, forms, popups, meta refresh) keeps the cid: origin, without which the
        // message's own parts would not load; with scripts off nothing can make use of that origin.
        m_cid->policy = m_defences.policyHeader ? policy + "; sandbox allow-same-origin" : QByteArray();
    }
    m_page->expected = m_documentUrl;
    m_page->load(m_documentUrl);
}

} // namespace hookscope::ui
