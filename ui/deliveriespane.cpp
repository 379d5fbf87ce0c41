#include "deliveriespane.h"

#include "badges.h"
#include "eventlistmodel.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

DeliveriesPane::DeliveriesPane(QWidget* parent)
    : DetailPane(parent)
    , m_note(new QLabel(this))
    , m_list(new QTreeWidget(this))
{
    m_list->setColumnCount(8);
    m_list->setHeaderLabels(
        { u"#"_s, u"Received"_s, u"Peer"_s, u"Transport"_s, u"Answer"_s, u"Verification"_s, u"Size"_s, u"Note"_s });
    m_list->setRootIsDecorated(false);
    m_list->setAlternatingRowColors(true);
    m_list->setUniformRowHeights(true);
    m_list->header()->setStretchLastSection(true);
    m_note->setWordWrap(true);
    m_note->setContentsMargins(6, 4, 6, 4);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_note);
    layout->addWidget(m_list, 1);
}

void DeliveriesPane::clearDetails()
{
    m_list->clear();
    m_note->clear();
}

void DeliveriesPane::setDetails(const EventDetails& details)
{
    m_list->clear();
    const qint64 first = details.deliveries.isEmpty() ? 0 : details.deliveries.first().receivedUs;
    for (const auto& d : details.deliveries) {
        auto* item = new QTreeWidgetItem(m_list);
        item->setText(0, QString::number(d.seq));
        QString when = QDateTime::fromMSecsSinceEpoch(d.receivedUs / 1000).toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s);
        if (d.receivedUs != first)
            when += u"  (+%1 s)"_s.arg(double(d.receivedUs - first) / 1e6, 0, 'f', 3);
        item->setText(1, when);
        item->setText(2, u"%1:%2"_s.arg(d.peer).arg(d.peerPort));
        item->setText(3, d.tls ? u"HTTPS %1 %2"_s.arg(d.tlsProtocol, d.tlsCipher) : u"HTTP/%1"_s.arg(d.httpVersion));
        item->setText(4, u"%1 %2"_s.arg(d.statusCode).arg(QString::fromUtf8(d.responseBody.left(60))));
        item->setText(5, d.verifyOutcome);
        const Tone tone = d.verifyOutcome == u"valid"_s                      ? Tone::Good
            : d.verifyOutcome == u"no-secret"_s || d.verifyOutcome.isEmpty() ? Tone::Neutral
                                                                             : Tone::Bad;
        item->setIcon(5, toneIcon(tone));
        item->setForeground(5, toneColor(tone, palette()));
        item->setText(6, formatSize(d.bodySize));
        QStringList notes;
        if (d.duplicate)
            notes << u"duplicate: answered 200, not processed again"_s;
        if (d.refused)
            notes << u"refused (%1)"_s.arg(d.refused);
        if (d.truncated)
            notes << u"body truncated"_s;
        item->setText(7, notes.join(u"; "_s));
    }
    for (int c = 0; c < 7; ++c)
        m_list->resizeColumnToContents(c);
    QString note = u"%1 request%2 carried this event."_s.arg(details.deliveries.size())
                       .arg(details.deliveries.size() == 1 ? QString() : u"s"_s);
    if (details.event.replays > 0)
        note += u" Replayed %1×."_s.arg(details.event.replays);
    m_note->setText(note);
}

} // namespace hookscope::ui
