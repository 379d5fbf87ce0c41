#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
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
 * until "Load remote images" is pressed for this message. Three independent locks: the message is a
 * local document that may not reach remote URLs, a Content-Security-Policy allowing only cid: and
 * data:, and a request interceptor refusing everything else. Links open in the browser on click only.
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
    /** Requests blocked since the message was set. */
    int blockedRequests() const;
    /** `cid:` parts served to the page since the message was set. */
    int inlinePartsServed() const;
    /** Whether the HTML refers to anything remote (the button is shown only then). */
    bool hasRemoteContent() const { return m_hasRemote; }
    QWebEngineView* webView() const { return m_view; }
    QPushButton* loadRemoteButton() const { return m_loadRemote; }

    /** True when `html` refers to http(s) or protocol-relative resources. */
    static bool refersToRemote(const QString& html);

Q_SIGNALS:
    void loadFinished(bool ok);

private:
    class Interceptor;
    class CidHandler;
    void reload();
    QString documentHtml() const;

    QWebEngineProfile* m_profile;
    QWebEngineView* m_view;
    QWidget* m_bar;
    QLabel* m_barText;
    QPushButton* m_loadRemote;
    std::unique_ptr<Interceptor> m_interceptor;
    std::unique_ptr<CidHandler> m_cid;
    QString m_html;
    bool m_hasRemote = false;
    int m_loadCounter = 0;
};

} // namespace hookscope::ui
