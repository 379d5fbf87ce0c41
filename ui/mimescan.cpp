#include "mimescan.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

namespace {

QString parameter(const QString& header, const QString& name)
{
    const QRegularExpression re(
        u";\\s*"_s + QRegularExpression::escape(name) + u"\\*?\\s*=\\s*(\"([^\"]*)\"|([^;\\s]+))"_s,
        QRegularExpression::CaseInsensitiveOption);
    const auto m = re.match(header);
    if (!m.hasMatch())
        return {};
    return m.captured(2).isEmpty() ? m.captured(3) : m.captured(2);
}

MimeNode scan(const QByteArray& raw, qint64 start, qint64 end, int depth)
{
    MimeNode node;
    node.start = start;
    node.end = end;
    // Headers end at the first empty line.
    qint64 pos = start;
    QList<QByteArray> headers;
    while (pos < end) {
        qint64 eol = raw.indexOf('\n', pos);
        if (eol < 0 || eol >= end)
            eol = end;
        QByteArray line = raw.mid(pos, eol - pos);
        if (line.endsWith('\r'))
            line.chop(1);
        pos = eol + 1;
        if (line.isEmpty())
            break;
        if ((line.startsWith(' ') || line.startsWith('\t')) && !headers.isEmpty())
            headers.last() += ' ' + line.trimmed();
        else
            headers << line;
    }
    node.bodyStart = std::min(pos, end);
    QString contentType;
    QString disposition;
    for (const QByteArray& h : std::as_const(headers)) {
        const QByteArray lower = h.toLower();
        if (lower.startsWith("content-type:"))
            contentType = QString::fromUtf8(h.mid(13)).trimmed();
        else if (lower.startsWith("content-disposition:"))
            disposition = QString::fromUtf8(h.mid(20)).trimmed();
        else if (lower.startsWith("content-id:"))
            node.contentId = QString::fromUtf8(h.mid(11)).trimmed().remove(u'<').remove(u'>');
    }
    node.contentType = contentType.section(u';', 0, 0).trimmed().toLower();
    if (node.contentType.isEmpty())
        node.contentType = u"text/plain"_s;
    node.filename = parameter(disposition, u"filename"_s);
    if (node.filename.isEmpty())
        node.filename = parameter(contentType, u"name"_s);
    if (depth > 20)
        return node;
    if (node.contentType.startsWith(u"multipart/"_s)) {
        const QByteArray boundary = "--" + parameter(contentType, u"boundary"_s).toUtf8();
        if (boundary.size() <= 2)
            return node;
        qint64 partStart = -1;
        qint64 at = node.bodyStart;
        while (at < end) {
            const qint64 hit = raw.indexOf(boundary, at);
            if (hit < 0 || hit >= end)
                break;
            const bool lineStart = hit == 0 || raw[hit - 1] == '\n';
            if (!lineStart) {
                at = hit + boundary.size();
                continue;
            }
            if (partStart >= 0) {
                qint64 partEnd = hit;
                // The line break before a delimiter belongs to the delimiter.
                if (partEnd > partStart && raw[partEnd - 1] == '\n')
                    --partEnd;
                if (partEnd > partStart && raw[partEnd - 1] == '\r')
                    --partEnd;
                node.children.append(scan(raw, partStart, partEnd, depth + 1));
            }
            const bool closing = raw.mid(hit + boundary.size(), 2) == "--";
            qint64 eol = raw.indexOf('\n', hit);
            if (eol < 0 || eol >= end)
                eol = end;
            if (closing)
                break;
            partStart = eol + 1;
            at = partStart;
        }
    } else if (node.contentType == u"message/rfc822"_s && node.bodyStart < end) {
        node.children.append(scan(raw, node.bodyStart, end, depth + 1));
    }
    return node;
}

} // namespace

MimeNode scanMime(const QByteArray& raw)
{
    return scan(raw, 0, raw.size(), 0);
}

} // namespace hookscope::ui
