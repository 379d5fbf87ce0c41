#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QUrl>
#include <QWidget>

#include <atomic>
#include <memory>

class QLabel;
class QPushButton;
class QWebEngineProfile;
class QWebEngineView;

namespace hookscope::ui {

/** Prepares Qt WebEngine (the `cid:` URL scheme, shared GL contexts); must run before the QApplication exists. */
void registerMailUrlSchemes();

/** What the message's HTML may load from its own parts (`cid:` references). */
struct InlinePart {
    QByteArray contentType;
    QByteArray data;
};

/**
 * An HTML email shown as a mail client would, safely: JavaScript off, an off-the-record profile of its
 * own, every request but the message's own `cid:` parts blocked (images, CSS url(), prefetch, fonts)
 * until "Load remote images" is pressed for this message. Independent locks: a request interceptor
 * refusing everything else; the message is a local document that may not reach remote URLs; and the
 * document's own defences, which hold without the other two: a Content-Security-Policy sent as a
 * response header of our `cid:` scheme (with a sandbox: no scripts, forms, popups or meta refresh), the
 * same policy as the document's first element, and a navigation guard that accepts only the view's own
 * load of the message, so no refresh, form, frame or script can replace it with a document we did not
 * write. Links open in the browser on click only.
 */
class SafeHtmlView final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SafeHtmlView)
public:
    explicit SafeHtmlView(QWidget* parent = nullptr);
    ~SafeHtmlView() override;

    /** Shows `html`; `parts` are keyed by Content-ID (without angle brackets). Remote loads start blocked. */
    void setMessage(const QString& html, const QHash<QString, InlinePart>& parts);
    void clear();
    /** Lets this message load remote content and reloads it. */
    void loadRemoteContent();
    bool remoteAllowed() const;
    /** `cid:` parts served to the page since the message was set. */
    int inlinePartsServed() const;
    /** Whether the HTML refers to anything remote (the button is shown only then). */
    bool hasRemoteContent() const { return m_hasRemote; }
    QWebEngineView* webView() const { return m_view; }
    QPushButton* loadRemoteButton() const { return m_loadRemote; }

    /** True when `html` refers to http(s) or protocol-relative resources. */
    static bool refersToRemote(const QString& html);
    /**
     * The content type a part is served with: its own `type/subtype` when that is a well-formed token pair,
     * else application/octet-stream; markup (HTML, XML, multipart, message) as text/plain, so a part is
     * never parsed as a document.
     */
    static QByteArray servedPartType(const QByteArray& declared);

    /** The URL the current message's document was loaded from (a new random one on every load). */
    QUrl documentUrl() const { return m_documentUrl; }
    /** URLs other than `cid:`/`data:` the page asked for since the message was set, blocked or not (the first 256). */
    QList<QUrl> requestedUrls() const;
    /** Navigations refused since the message was set (everything but the view's own load of the message). */
    int refusedNavigations() const;

    /**
     * Which defences are on. Only tests change them, to show that each holds on its own: the window
     * always runs with all of them.
     */
    struct Defences {
        bool interceptor = true; ///< the request interceptor blocks (otherwise it only records)
        bool localAccessLock = true; ///< a local (`cid:`) document may not reach remote or file URLs
        bool javascriptOff = true;
        bool policyHeader = true; ///< the Content-Security-Policy response header, with its sandbox
        bool policyMeta = true; ///< the same policy as the document's first element
    };
    /** Takes effect from the next message shown (or remote-content reload). */
    void setDefencesForTesting(const Defences& defences);

Q_SIGNALS:
    void loadFinished(bool ok);

private:
    class Interceptor;
    class CidHandler;
    class MailPage;
    void reload();
    void applySettings();

    QWebEngineProfile* m_profile;
    QWebEngineView* m_view;
    MailPage* m_page;
    QWidget* m_bar;
    QLabel* m_barText;
    QPushButton* m_loadRemote;
    std::unique_ptr<Interceptor> m_interceptor;
    std::unique_ptr<CidHandler> m_cid;
    QString m_html;
    QUrl m_documentUrl;
    Defences m_defences;
    bool m_hasRemote = false;
};

} // namespace hookscope::ui
