#include "listenerstatus.h"

#include "badges.h"
#include "clipboard.h"

#include "core/http/portprobe.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStatusBar>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

namespace {

/** Ports to listen on instead of taken ones: 0 where the listener has none of that kind. */
struct OtherPorts {
    quint16 http = 0;
    quint16 https = 0;
};

/** The free ports just above the listener's, never the same one twice. */
OtherPorts otherPorts(const ListenerState& state)
{
    OtherPorts ports;
    ports.http = state.httpPort ? http::freePortNear(quint16(state.httpPort + 1)) : 0;
    ports.https = state.httpsPort ? http::freePortNear(quint16(state.httpsPort + 1)) : 0;
    if (ports.https == ports.http && ports.https)
        ports.https = http::freePortNear(quint16(ports.https + 1));
    return ports;
}

} // namespace

ListenerStatus::ListenerStatus(ListenerControl* listener, QStatusBar* bar, QWidget* window)
    : QObject(window)
    , m_listener(listener)
    , m_bar(bar)
{
    m_banner = new QWidget(window);
    m_banner->setAutoFillBackground(true);
    QPalette bp = m_banner->palette();
    QColor warn = toneColor(Tone::Warning, bp);
    warn.setAlpha(60);
    bp.setColor(QPalette::Window, warn);
    m_banner->setPalette(bp);
    m_bannerText = new QLabel(m_banner);
    m_bannerText->setWordWrap(true);
    m_bannerButton = new QPushButton(m_banner);
    auto* bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->setContentsMargins(10, 6, 10, 6);
    bannerLayout->addWidget(m_bannerText, 1);
    bannerLayout->addWidget(m_bannerButton);
    m_banner->hide();
    connect(m_bannerButton, &QPushButton::clicked, this, &ListenerStatus::listenElsewhere);

    m_urlButtons = new QWidget(window);
    m_urlLayout = new QHBoxLayout(m_urlButtons);
    m_urlLayout->setContentsMargins(0, 0, 0, 0);
    m_urlLayout->setSpacing(4);
    m_bar->addWidget(m_urlButtons);
}

void ListenerStatus::listenElsewhere()
{
    if (!m_listener)
        return;
    const OtherPorts ports = otherPorts(m_listener->state());
    m_listener->restart(ports.http, ports.https);
    update();
}

void ListenerStatus::update()
{
    while (QLayoutItem* item = m_urlLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const ListenerState s = m_listener ? m_listener->state() : ListenerState();
    for (const QUrl& url : s.urls) {
        auto* b = new QToolButton(m_urlButtons);
        b->setAutoRaise(true);
        b->setText(url.toString());
        b->setToolTip(u"Click to copy %1"_s.arg(url.toString()));
        connect(
            b, &QToolButton::clicked, this, [this, url] { copyToClipboard(m_bar, url.toString(), url.toString()); });
        m_urlLayout->addWidget(b);
    }
    if (!s.fingerprint.isEmpty()) {
        auto* fp = new QToolButton(m_urlButtons);
        fp->setAutoRaise(true);
        fp->setText(u"SHA-256 %1…"_s.arg(s.fingerprint.left(23)));
        fp->setToolTip(u"The HTTPS certificate's SHA-256 fingerprint (click to copy):\n"_s + s.fingerprint);
        connect(fp, &QToolButton::clicked, this,
            [this, f = s.fingerprint] { copyToClipboard(m_bar, f, u"the certificate fingerprint"_s); });
        m_urlLayout->addWidget(fp);
    }
    if (s.urls.isEmpty()) {
        auto* off = new QLabel(m_listener ? u"Not listening"_s : u"Listener off"_s, m_urlButtons);
        m_urlLayout->addWidget(off);
    }
    if (!s.error.isEmpty()) {
        m_bannerText->setText(u"<b>Not receiving webhooks.</b> %1"_s.arg(s.error.toHtmlEscaped()));
        const OtherPorts ports = otherPorts(s);
        m_bannerButton->setText(ports.https ? u"Listen on %1 and %2 instead"_s.arg(ports.http).arg(ports.https)
                                            : u"Listen on %1 instead"_s.arg(ports.http));
        m_banner->show();
    } else {
        m_banner->hide();
    }
    Q_EMIT updated(s);
}

} // namespace hookscope::ui
