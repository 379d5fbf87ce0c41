#include "capturedhead.h"

namespace hookscope::exporting {

namespace {

QByteArray trimmedOws(QByteArrayView bytes)
{
    qsizetype start = 0;
    qsizetype end = bytes.size();
    while (start < end && (bytes.at(start) == ' ' || bytes.at(start) == '\t'))
        ++start;
    while (end > start && (bytes.at(end - 1) == ' ' || bytes.at(end - 1) == '\t'))
        --end;
    return bytes.sliced(start, end - start).toByteArray();
}

} // namespace

CapturedHead CapturedHead::parse(const QByteArray& rawHead)
{
    CapturedHead head;
    QList<QByteArray> lines = rawHead.split('\n');
    for (QByteArray& line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
    }
    if (lines.isEmpty())
        return head;
    // Method and target hold no spaces (RFC 9112 §3): the first space ends the method, the last one
    // starts the version.
    const QByteArray& requestLine = lines.first();
    const qsizetype first = requestLine.indexOf(' ');
    const qsizetype last = requestLine.lastIndexOf(' ');
    if (first < 0) {
        head.method = requestLine;
    } else {
        head.method = requestLine.left(first);
        if (last > first && requestLine.mid(last + 1).startsWith("HTTP/")) {
            head.target = requestLine.mid(first + 1, last - first - 1);
            head.version = requestLine.mid(last + 1 + 5);
        } else {
            head.target = requestLine.mid(first + 1);
        }
    }
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray& line = lines.at(i);
        if (line.isEmpty())
            break;
        if ((line.at(0) == ' ' || line.at(0) == '\t') && !head.fields.isEmpty()) {
            Field& previous = head.fields.last();
            previous.value += ' ' + trimmedOws(line);
            previous.folded = true;
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        head.fields.append({ line.left(colon), trimmedOws(QByteArrayView(line).sliced(colon + 1)), line, false });
    }
    return head;
}

http::HttpHeaders CapturedHead::headers() const
{
    http::HttpHeaders out;
    out.reserve(fields.size());
    for (const Field& f : fields)
        out.append({ f.name, f.value });
    return out;
}

} // namespace hookscope::exporting
