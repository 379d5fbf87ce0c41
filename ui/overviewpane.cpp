#include "overviewpane.h"

#include "badges.h"
#include "eventlistmodel.h"
#include "htmlutil.h"

#include <QDateTime>
#include <QGuiApplication>
#include <QJsonArray>
#include <QTextBrowser>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

QString mutedColor()
{
    return QGuiApplication::palette().color(QPalette::PlaceholderText).name();
}

QString infoRow(const QString& label, const QString& valueHtml)
{
    return u"<tr><td style='padding:3px 14px 3px 0; white-space:nowrap; color:%1'>%2</td>"
           u"<td style='padding:3px 0'>%3</td></tr>"_s.arg(mutedColor(), esc(label), valueHtml);
}

static QString keySourceWords(const QString& source)
{
    if (source == u"id"_s)
        return u"the payload's id"_s;
    if (source == u"messageId"_s)
        return u"the email's Message-ID"_s;
    if (source == u"sha256"_s)
        return u"the SHA-256 of the body (no delivery id, event id or Message-ID)"_s;
    if (source == u"request"_s)
        return u"the SHA-256 of the method and target (no body, delivery id or event id)"_s;
    return u"the %1 header"_s.arg(source);
}

static QString localTime(qint64 us)
{
    return QDateTime::fromMSecsSinceEpoch(us / 1000).toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s);
}

OverviewPane::OverviewPane(QWidget* parent)
    : DetailPane(parent)
    , m_view(new QTextBrowser(this))
{
    m_view->setOpenLinks(false);
    m_view->setFrameShape(QFrame::NoFrame);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
}

void OverviewPane::clearDetails()
{
    m_view->clear();
}

QString OverviewPane::text() const
{
    return m_view->toPlainText();
}

void OverviewPane::setDetails(const EventDetails& d)
{
    const store::EventRow& e = d.event;
    const QPalette pal = palette();
    const QColor tone = badgeColor(e);
    QString html;
    const QString headline = e.status == u"verified"_s ? u"Signature verified"_s
        : e.status == u"failed"_s                      ? u"Signature failed"_s
                                                       : u"Not verified (no secret configured)"_s;
    html += u"<h2 style='margin:4px 0 2px 0; color:%1'>%2</h2>"_s.arg(tone.name(), esc(headline));
    // Failed deliveries never get their email fields stored; the payload still says what it claims to be.
    QString sub = !e.subject.isEmpty()           ? e.subject
        : d.email && !d.email->subject.isEmpty() ? d.email->subject
                                                 : u"(no subject)"_s;
    html += u"<p style='margin:0 0 10px 0; font-size:large'>%1</p>"_s.arg(esc(sub));

    // Verdict of the primary delivery, in plain words.
    if (!d.deliveries.isEmpty()) {
        const store::DeliveryRow& p = d.deliveries[d.primaryDelivery()];
        const QJsonObject v = p.verdict;
        QString verdict = esc(p.verifyOutcome.isEmpty() ? e.status : p.verifyOutcome);
        if (!p.verifyReason.isEmpty() && p.verifyReason != p.verifyOutcome)
            verdict += u" — "_s + esc(p.verifyReason);
        const QJsonArray hints = v.value(u"hints"_s).toArray();
        if (!hints.isEmpty())
            verdict += u"<br><i>"_s + esc(hints.first().toString()) + u"</i>"_s;
        html += u"<table cellspacing=0>"_s;
        html += infoRow(u"Verdict"_s, verdict);
        html += infoRow(u"Scheme"_s, esc(e.scheme.isEmpty() ? u"(none)"_s : e.scheme));
    } else {
        html += u"<table cellspacing=0>"_s;
    }
    html += infoRow(u"Event"_s, u"#%1 on route <b>%2</b>"_s.arg(e.id).arg(esc(e.route)));
    html += infoRow(u"Provider event id"_s, esc(e.eventId.isEmpty() ? u"—"_s : e.eventId));
    html += infoRow(u"Message-ID"_s, esc(e.messageId.isEmpty() ? u"—"_s : e.messageId));
    html += infoRow(u"Idempotency key"_s,
        u"<code>%1</code><br><span style='color:%2'>from %3</span>"_s.arg(
            esc(e.idempotencyKey), mutedColor(), esc(keySourceWords(e.keySource))));
    const QString fromName = !e.fromAddress.isEmpty() || !d.email ? e.fromName : d.email->from.name;
    const QString fromAddress = !e.fromAddress.isEmpty() || !d.email ? e.fromAddress : d.email->from.address;
    html += infoRow(u"From"_s, esc(fromName.isEmpty() ? fromAddress : u"%1 <%2>"_s.arg(fromName, fromAddress)));
    if (d.email && !d.email->to.isEmpty()) {
        QStringList to;
        for (const auto& a : d.email->to)
            to << (a.name.isEmpty() ? a.address : u"%1 <%2>"_s.arg(a.name, a.address));
        html += infoRow(u"To"_s, esc(to.join(u", "_s)));
    }
    html += infoRow(u"Request"_s, esc(u"%1 %2 · %3"_s.arg(e.method, e.path, formatSize(e.size))));
    html += infoRow(u"First received"_s, esc(localTime(e.receivedUs)));
    if (e.lastUs != e.receivedUs)
        html += infoRow(u"Last received"_s,
            esc(u"%1 (%2 s later)"_s.arg(localTime(e.lastUs)).arg(double(e.lastUs - e.receivedUs) / 1e6, 0, 'f', 3)));
    QString deliveries = u"%1"_s.arg(e.deliveries);
    if (e.duplicates > 0)
        deliveries += u" — %1 duplicate%2, answered 200 and not processed again"_s.arg(e.duplicates)
                          .arg(e.duplicates == 1 ? QString() : u"s"_s);
    if (e.replays > 0)
        deliveries += u" · replayed %1×"_s.arg(e.replays);
    html += infoRow(u"Deliveries"_s, esc(deliveries));
    if (!d.deliveries.isEmpty()) {
        QStringList answers;
        for (const auto& del : d.deliveries) {
            QString body = QString::fromUtf8(del.responseBody.left(120));
            answers << u"#%1 → <b>%2</b> <code>%3</code>"_s.arg(del.seq).arg(del.statusCode).arg(esc(body));
        }
        html += infoRow(u"Answer sent"_s, answers.join(u"<br>"_s));
    }
    if (!e.quarantined.isEmpty()) {
        html += infoRow(u"Quarantined"_s,
            u"<span style='color:%1'>%2</span>%3"_s.arg(toneColor(Tone::Warning, pal).name(), esc(e.quarantined),
                e.quarantineNote.isEmpty() ? QString() : u" — "_s + esc(e.quarantineNote)));
    }
    if (!e.flags.isEmpty())
        html += infoRow(u"Flags"_s, esc(e.flags.join(u", "_s)));
    QStringList warnings = e.warnings;
    if (d.email)
        for (const QString& w : d.email->warnings)
            if (!warnings.contains(w))
                warnings << w;
    if (!d.emailError.isEmpty())
        warnings << u"payload not readable as email: "_s + d.emailError;
    if (!warnings.isEmpty()) {
        QString list;
        for (const QString& w : warnings)
            list += u"<div style='color:%1'>⚠ %2</div>"_s.arg(toneColor(Tone::Warning, pal).name(), esc(w));
        html += infoRow(u"Warnings"_s, list);
    }
    if (d.email && d.email->extra.value(u"snsType"_s).toString() == u"SubscriptionConfirmation"_s) {
        // Shown as what it is; confirming is the user's choice (`hookscope sns-confirm ID --visit`), never automatic.
        const QString url = d.email->extra.value(u"SubscribeURL"_s).toString();
        html += infoRow(u"SNS subscription"_s,
            u"Amazon SNS asks to confirm the subscription of topic <b>%1</b>. Nothing has visited its "
            u"SubscribeURL:<br><code>%2</code><br>To confirm, visit it, or run <code>hookscope sns-confirm %3 "
            u"--visit</code>."_s.arg(
                esc(d.email->extra.value(u"TopicArn"_s).toString()), esc(url), QString::number(e.id)));
    }
    if (e.status == u"failed"_s)
        html += infoRow(u"Email fields"_s,
            esc(u"read from a payload whose signature failed: what the sender claims, not verified"_s));
    if (!e.processed && e.size > 0 && e.keySource != u"refused"_s)
        html += infoRow(u"Email fields"_s, esc(u"still being read…"_s));
    html += u"</table>"_s;
    m_view->setHtml(html);
}

} // namespace hookscope::ui
