#include "emptystate.h"
#include "core/verify/defaultscheme.h"

#include "badges.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

EmptyState::EmptyState(QWidget* parent)
    : QWidget(parent)
    , m_title(new QLabel(u"No events yet"_s, this))
    , m_urlBox(new QWidget(this))
    , m_urlLayout(new QVBoxLayout(m_urlBox))
    , m_secret(new QLabel(this))
    , m_send(new QPushButton(u"Send a sample event"_s, this))
    , m_result(new QLabel(this))
{
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    auto* intro = new QLabel(u"Point your email provider's inbound webhook — or a tunnel such as ngrok or "
                             u"cloudflared — at one of these addresses. Every request is kept exactly as it "
                             u"arrives."_s,
        this);
    intro->setWordWrap(true);
    m_urlLayout->setContentsMargins(0, 0, 0, 0);
    m_secret->setWordWrap(true);
    m_secret->setTextFormat(Qt::RichText);
    m_secret->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->setWordWrap(true);
    m_send->setToolTip(u"Signs a realistic email event with the configured secret and delivers it to the "
                       u"listener, as a provider would."_s);
    connect(m_send, &QPushButton::clicked, this, &EmptyState::sendSampleRequested);

    auto* column = new QWidget(this);
    column->setMaximumWidth(640);
    auto* c = new QVBoxLayout(column);
    c->setSpacing(12);
    c->addWidget(m_title);
    c->addWidget(intro);
    c->addWidget(m_urlBox);
    c->addWidget(m_secret);
    auto* sendRow = new QHBoxLayout;
    sendRow->addWidget(m_send);
    sendRow->addStretch(1);
    c->addLayout(sendRow);
    c->addWidget(m_result);
    auto* outer = new QHBoxLayout(this);
    outer->addStretch(1);
    auto* mid = new QVBoxLayout;
    mid->addStretch(1);
    mid->addWidget(column);
    mid->addStretch(2);
    outer->addLayout(mid, 6);
    outer->addStretch(1);
}

void EmptyState::setListener(const ListenerState& state)
{
    while (QLayoutItem* item = m_urlLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_urls.clear();
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (const QUrl& base : state.urls) {
        const QString url = base.toString() + state.samplePath;
        m_urls << url;
        auto* row = new QWidget(m_urlBox);
        auto* h = new QHBoxLayout(row);
        h->setContentsMargins(0, 0, 0, 0);
        auto* field = new QLineEdit(url, row);
        field->setReadOnly(true);
        field->setFont(mono);
        field->setMinimumWidth(field->fontMetrics().horizontalAdvance(url) + 24);
        auto* copy = new QPushButton(u"Copy"_s, row);
        copy->setToolTip(u"Copy %1"_s.arg(url));
        connect(copy, &QPushButton::clicked, copy, [url, copy] {
            QApplication::clipboard()->setText(url);
            copy->setText(u"Copied"_s);
        });
        h->addWidget(field, 1);
        h->addWidget(copy);
        m_urlLayout->addWidget(row);
    }
    if (state.urls.isEmpty()) {
        auto* none = new QLabel(state.error.isEmpty() ? u"The listener is off."_s : state.error, m_urlBox);
        none->setWordWrap(true);
        m_urlLayout->addWidget(none);
    }
    if (!state.fingerprint.isEmpty()) {
        auto* fp = new QLabel(u"HTTPS certificate (self-signed) SHA-256: "_s + state.fingerprint, m_urlBox);
        fp->setWordWrap(true);
        fp->setTextInteractionFlags(Qt::TextSelectableByMouse);
        fp->setForegroundRole(QPalette::PlaceholderText);
        m_urlLayout->addWidget(fp);
    }
    const QString scheme = state.scheme.isEmpty() ? verify::defaultSchemeName() : state.scheme;
    if (state.secret.isEmpty())
        m_secret->setText(u"<b>No secret is set</b>, so signatures are stored but not checked. Start with "
                          u"<code>hookscope --secret YOUR_SECRET</code> or set <code>HOOKSCOPE_SECRET</code> to the "
                          u"secret your provider signs with (scheme <code>%1</code>)."_s.arg(scheme));
    else
        m_secret->setText(
            u"Signatures are checked with the <code>%1</code> scheme and the secret you set. "
            u"To change it, restart with <code>--secret</code> or <code>HOOKSCOPE_SECRET</code>."_s.arg(scheme));
    m_send->setEnabled(!state.urls.isEmpty());
}

void EmptyState::setSendResult(const QString& message, bool ok)
{
    m_result->setText(message);
    QPalette p = m_result->palette();
    p.setColor(QPalette::WindowText, toneColor(ok ? Tone::Good : Tone::Bad, palette()));
    m_result->setPalette(p);
}

} // namespace hookscope::ui
