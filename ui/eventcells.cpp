#include "eventlistmodel.h"

#include "badges.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

// How the event list writes its cells: once per row, where its page is read (off the GUI thread).

namespace hookscope::ui {

QString formatSize(qint64 bytes)
{
    if (bytes < 1024)
        return u"%1 B"_s.arg(bytes);
    if (bytes < 1024 * 1024)
        return u"%1 KB"_s.arg(double(bytes) / 1024.0, 0, 'f', 1);
    return u"%1 MB"_s.arg(double(bytes) / (1024.0 * 1024.0), 0, 'f', 1);
}

QString formatTime(qint64 us)
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(us / 1000).toLocalTime();
    if (t.date() == QDate::currentDate())
        return t.toString(u"HH:mm:ss.zzz"_s);
    return t.toString(u"yyyy-MM-dd HH:mm:ss"_s);
}

/**
 * A body's first bytes on one line: whitespace, control and invisible format characters (a sender's U+202E, line
 * separators) become single spaces, so nothing in the cell hides, reorders or breaks it; bytes that are not text
 * say so instead.
 */
QString bodySnippet(const QByteArray& bytes)
{
    if (bytes.contains('\0'))
        return u"(binary)"_s;
    QString text = QString::fromUtf8(bytes);
    while (text.endsWith(QChar::ReplacementCharacter)) // a character cut at the read's end
        text.chop(1);
    QString line;
    line.reserve(text.size());
    int replaced = 0;
    bool space = false;
    for (const char32_t c : text.toUcs4()) {
        const auto category = QChar::category(c);
        if (QChar::isSpace(c) || category == QChar::Other_Control || category == QChar::Other_Format
            || category == QChar::Separator_Line || category == QChar::Separator_Paragraph) {
            space = !line.isEmpty();
            continue;
        }
        replaced += c == QChar::ReplacementCharacter;
        if (space)
            line += u' ';
        space = false;
        line += QString::fromUcs4(&c, 1);
    }
    return replaced * 8 > line.size() ? u"(binary)"_s : line;
}

EventListModel::Row formatRow(const store::EventRow& e)
{
    EventListModel::Row row;
    row.event = e;
    auto& c = row.cells;
    c[EventListModel::Received] = formatTime(e.receivedUs);
    c[EventListModel::Method] = e.method;
    c[EventListModel::Path] = e.path;
    c[EventListModel::Verification] = badgeText(e);
    c[EventListModel::ProviderId] = e.eventId;
    c[EventListModel::From] = e.fromName.isEmpty() || e.fromName == e.fromAddress
        ? e.fromAddress
        : u"%1 <%2>"_s.arg(e.fromName, e.fromAddress);
    c[EventListModel::Subject] = e.subject;
    c[EventListModel::Attachments] = e.attachments > 0 ? QString::number(e.attachments) : QString();
    // Attachment safety: an infected or flagged attachment marks the count (its tooltip says which).
    if (e.flags.contains(u"attachment-infected"_s) || e.flags.contains(u"attachment-flagged"_s))
        c[EventListModel::Attachments] += u" ⚠"_s;
    c[EventListModel::Size] = formatSize(e.size);
    c[EventListModel::Deliveries]
        = e.duplicates > 0 ? u"%1 · %2 dup"_s.arg(e.deliveries).arg(e.duplicates) : QString::number(e.deliveries);
    c[EventListModel::Body] = bodySnippet(e.bodyStart);
    // Email fields are read after the ack from every event with a body, verified or not (a refused request
    // aside); say so rather than leave blanks.
    if (e.subject.isEmpty() && e.fromAddress.isEmpty()) {
        if (e.processed)
            c[EventListModel::Subject] = u"(no subject)"_s;
        else if (e.keySource == u"refused"_s)
            c[EventListModel::Subject] = u"(not read: refused)"_s;
        else if (e.size == 0)
            c[EventListModel::Subject] = u"(no body)"_s;
        else
            c[EventListModel::Subject] = u"(reading…)"_s;
    }
    return row;
}

} // namespace hookscope::ui
