#include "signaturepane.h"

#include "badges.h"
#include "htmlutil.h"
#include "requestpane.h"

#include <QComboBox>
#include <QDateTime>
#include <QFontDatabase>
#include <QJsonArray>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

namespace {

/** The plain words for one of the outcome codes (and "valid", "no-secret"); empty for any other code. */
QString wordsFor(const QString& code)
{
    if (code == u"valid"_s)
        return u"The signature matches: the body is exactly what the sender signed, with this secret."_s;
    if (code == u"no-secret"_s)
        return u"No secret is configured for this route, so the signature was not checked. Set one to verify."_s;
    if (code == u"missing-headers"_s)
        return u"The request lacks the signature or timestamp header this scheme needs — is the sender signing "
               u"at all, or is the route set to the wrong scheme?"_s;
    if (code == u"invalid-timestamp"_s)
        return u"The timestamp header is not a number this scheme understands (seconds vs milliseconds?)."_s;
    if (code == u"timestamp-skew"_s)
        return u"The timestamp is too far from this machine's clock: a replayed old request, a delayed retry, or "
               u"a clock that is off."_s;
    if (code == u"invalid-signature"_s)
        return u"The signature does not match. Most often the secret differs from the sender's, or the body was "
               u"changed (re-serialized JSON, a proxy) before it arrived."_s;
    return {};
}

} // namespace

QString SignaturePane::explain(const QJsonObject& v)
{
    // A specific diagnosis code ("body-reserialized", "no-matching-version", …) is in the title and its hints
    // say what it means; the paragraph explains the broad outcome it belongs to, never repeats the code.
    const QString reason = wordsFor(v.value(u"reason"_s).toString());
    return reason.isEmpty() ? wordsFor(v.value(u"outcome"_s).toString()) : reason;
}

SignaturePane::SignaturePane(QWidget* parent)
    : DetailPane(parent)
    , m_chooser(new QComboBox(this))
    , m_summary(new QTextBrowser(this))
    , m_canonicalLabel(new QLabel(u"Signed content (canonical string)"_s, this))
    , m_canonical(new QPlainTextEdit(this))
{
    m_summary->setOpenLinks(false);
    m_summary->setFrameShape(QFrame::NoFrame);
    m_canonical->setReadOnly(true);
    m_canonical->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto* bottom = new QWidget(this);
    auto* bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addWidget(m_canonicalLabel);
    bottomLayout->addWidget(m_canonical, 1);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_summary);
    splitter->addWidget(bottom);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_chooser);
    layout->addWidget(splitter, 1);
    connect(m_chooser, &QComboBox::currentIndexChanged, this, &SignaturePane::showDelivery);
}

void SignaturePane::clearDetails()
{
    m_deliveries.clear();
    m_chooser->clear();
    m_summary->clear();
    m_canonical->clear();
}

void SignaturePane::setDetails(const EventDetails& details)
{
    QSignalBlocker block(m_chooser);
    m_deliveries = details.deliveries;
    m_chooser->clear();
    for (const auto& d : m_deliveries)
        m_chooser->addItem(deliveryLabel(d));
    m_chooser->setVisible(m_deliveries.size() > 1);
    const int primary = details.primaryDelivery();
    m_chooser->setCurrentIndex(primary);
    showDelivery(primary);
}

/** "1 h 2 min", "3 min 5 s", "1.234 s": a skew as a person reads it. */
static QString humanDuration(qint64 ms)
{
    const qint64 a = std::abs(ms);
    const QString sign = ms < 0 ? u"−"_s : QString();
    if (a < 60'000)
        return sign + u"%1 s"_s.arg(double(a) / 1000.0, 0, 'f', 3);
    if (a < 3'600'000)
        return sign + u"%1 min %2 s"_s.arg(a / 60'000).arg((a % 60'000) / 1000);
    return sign + u"%1 h %2 min"_s.arg(a / 3'600'000).arg((a % 3'600'000) / 60'000);
}

/** Expected and received as two table rows, from the first differing character on marked. */
static QString comparison(const QString& expected, const QString& received, const QPalette& pal)
{
    qsizetype diff = 0;
    while (diff < expected.size() && diff < received.size() && expected[diff] == received[diff])
        ++diff;
    const QString bad = toneColor(Tone::Bad, pal).name();
    const auto mark = [&](const QString& s) {
        if (s.isEmpty())
            return u"<i>(none)</i>"_s;
        if (diff >= s.size() && expected.size() == received.size())
            return u"<code>%1</code>"_s.arg(esc(s));
        return u"<code>%1<span style='color:%2; font-weight:bold'>%3</span></code>"_s.arg(
            esc(s.left(diff)), bad, esc(s.mid(diff)));
    };
    return infoRow(u"Expected"_s, mark(expected)) + infoRow(u"Received"_s, mark(received));
}

void SignaturePane::showDelivery(int index)
{
    if (index < 0 || index >= m_deliveries.size())
        return;
    const store::DeliveryRow& d = m_deliveries[index];
    const QJsonObject v = d.verdict;
    const QPalette pal = palette();
    const bool valid = v.value(u"valid"_s).toBool();
    const QString outcome = v.value(u"outcome"_s).toString(d.verifyOutcome);
    const Tone tone = valid ? Tone::Good : outcome == u"no-secret"_s ? Tone::Neutral : Tone::Bad;
    QString html;
    const QString title = valid     ? u"Valid signature"_s
        : outcome == u"no-secret"_s ? u"Not checked"_s
                                    : u"Verification failed: %1"_s.arg(v.value(u"reason"_s).toString(outcome));
    html += u"<h2 style='margin:4px 0; color:%1'>%2</h2>"_s.arg(toneColor(tone, pal).name(), esc(title));
    if (const QString words = explain(v); !words.isEmpty())
        html += u"<p>%1</p>"_s.arg(esc(words));
    const QString expected = v.value(u"expected"_s).toString();
    if (!valid && !expected.isEmpty() && expected == v.value(u"received"_s).toString())
        html += u"<p><b>The signature itself matches the body and the secret</b> — only the time check failed. "
                u"Check the sender's clock, or whether this is an old request being replayed.</p>"_s;
    const QJsonArray hints = v.value(u"hints"_s).toArray();
    if (!hints.isEmpty()) {
        html += u"<p style='margin-bottom:2px'><b>Likely causes</b></p><ul style='margin-top:0'>"_s;
        for (const auto& h : hints)
            html += u"<li>%1</li>"_s.arg(esc(h.toString()));
        html += u"</ul>"_s;
    }
    html += u"<table cellspacing=0>"_s;
    html += infoRow(u"Scheme"_s, esc(v.value(u"scheme"_s).toString(u"(none)"_s)));
    html += infoRow(u"Answer"_s, esc(u"%1 %2"_s.arg(d.statusCode).arg(QString::fromUtf8(d.responseBody.left(200)))));
    if (v.contains(u"timestampMs"_s)) {
        const qint64 ts = qint64(v.value(u"timestampMs"_s).toDouble());
        html += infoRow(u"Timestamp"_s,
            esc(u"%1 (%2)"_s.arg(ts).arg(QDateTime::fromMSecsSinceEpoch(ts).toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s))));
    }
    if (v.contains(u"skewMs"_s)) {
        const double skew = v.value(u"skewMs"_s).toDouble();
        html += infoRow(u"Clock skew"_s,
            esc(u"%1 (%2)"_s.arg(humanDuration(qint64(skew)))
                    .arg(skew >= 0 ? u"request is older than this machine's clock"_s
                                   : u"request is ahead of this machine's clock"_s)));
    }
    if (v.contains(u"secretIndex"_s) && v.value(u"secretIndex"_s).toInt() >= 0)
        html += infoRow(
            u"Matching secret"_s, esc(u"#%1 of the route's secrets"_s.arg(v.value(u"secretIndex"_s).toInt() + 1)));
    if (!v.value(u"deliveryId"_s).toString().isEmpty())
        html += infoRow(u"Delivery id"_s, esc(v.value(u"deliveryId"_s).toString()));
    if (!v.value(u"expected"_s).toString().isEmpty() || !v.value(u"received"_s).toString().isEmpty())
        html += comparison(v.value(u"expected"_s).toString(), v.value(u"received"_s).toString(), pal);
    html += u"</table>"_s;
    m_summary->setHtml(html);
    const QString canonical = v.value(u"canonical"_s).toString();
    m_canonical->setPlainText(canonical);
    m_canonicalLabel->setVisible(!canonical.isEmpty());
    m_canonical->setVisible(!canonical.isEmpty());
}

} // namespace hookscope::ui
