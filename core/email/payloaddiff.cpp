#include "payloaddiff.h"

#include "core/common/crypto.h"

using namespace Qt::StringLiterals;

namespace hookscope::email {

namespace {

using Kind = PayloadDifference::Kind;

QString shortened(const QString& s, int max = 60)
{
    QString one = s;
    one.replace(u'\r', u"\\r"_s).replace(u'\n', u"\\n"_s);
    return one.size() > max ? one.left(max) + u"…"_s : one;
}

QString normalizedBody(const QString& s)
{
    QString t = s;
    t.replace(u"\r\n"_s, u"\n"_s);
    QStringList lines = t.split(u'\n');
    for (QString& line : lines) {
        while (!line.isEmpty() && line.back().isSpace())
            line.chop(1);
    }
    while (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines.join(u'\n');
}

void compareBody(const std::optional<QString>& provider, const std::optional<QString>& mime, const QString& field,
    Kind kind, QList<PayloadDifference>& out)
{
    const bool p = provider && !provider->trimmed().isEmpty();
    const bool m = mime && !mime->trimmed().isEmpty();
    if (!p && !m)
        return;
    if (p && !m) {
        out.append({ kind, field, u"%1 is in the provider's JSON but not in the MIME"_s.arg(field) });
        return;
    }
    if (!p && m) {
        out.append({ kind, field,
            u"%1 is in the MIME (%2 characters) but missing from the provider's JSON"_s.arg(field).arg(mime->size()) });
        return;
    }
    const QString a = normalizedBody(*provider);
    const QString b = normalizedBody(*mime);
    if (a == b)
        return;
    qsizetype at = 0;
    while (at < a.size() && at < b.size() && a.at(at) == b.at(at))
        ++at;
    const int line = int(a.left(at).count(u'\n')) + 1;
    out.append({ kind, field,
        u"%1 differs from line %2 (character %3): provider \"%4\", MIME \"%5\" (%6 vs %7 characters)"_s.arg(field)
            .arg(line)
            .arg(at + 1)
            .arg(shortened(a.mid(at, 30)), shortened(b.mid(at, 30)))
            .arg(a.size())
            .arg(b.size()) });
}

bool looksUndecoded(const QString& s)
{
    return s.contains(u"=?"_s) && s.contains(u"?="_s);
}

void compareAddresses(
    const QList<Address>& provider, const QList<Address>& mime, const QString& field, QList<PayloadDifference>& out)
{
    auto find = [](const QList<Address>& list, const QString& address) -> const Address* {
        for (const auto& a : list) {
            if (a.address.compare(address, Qt::CaseInsensitive) == 0)
                return &a;
        }
        return nullptr;
    };
    for (const auto& m : mime) {
        const Address* p = find(provider, m.address);
        if (!p) {
            out.append({ Kind::Address, field,
                u"%1: %2 is in the MIME but not in the provider's JSON"_s.arg(field, m.address) });
            continue;
        }
        if (!p->name.isEmpty() && !m.name.isEmpty() && p->name != m.name) {
            out.append({ Kind::AddressName, field,
                u"%1: name of %2 differs: provider \"%3\", MIME \"%4\"%5"_s.arg(field, m.address, shortened(p->name),
                    shortened(m.name),
                    looksUndecoded(p->name) ? u" (provider did not decode RFC 2047)"_s : QString()) });
        }
    }
    for (const auto& p : provider) {
        if (!find(mime, p.address))
            out.append({ Kind::Address, field,
                u"%1: %2 is in the provider's JSON but not in the MIME"_s.arg(field, p.address) });
    }
}

QString label(const Attachment& a, int index)
{
    if (!a.filename.isEmpty())
        return a.filename;
    if (!a.contentId.isEmpty())
        return u"cid:"_s + a.contentId;
    return u"#%1 (%2)"_s.arg(index + 1).arg(a.contentType);
}

} // namespace

QList<PayloadDifference> diffPayload(const EmailMessage& provider, const EmailMessage& mime)
{
    QList<PayloadDifference> out;
    auto bare = [](QString id) {
        id = id.trimmed();
        if (id.startsWith(u'<') && id.endsWith(u'>'))
            id = id.mid(1, id.size() - 2);
        return id;
    };
    if (!provider.messageId.isEmpty() && !mime.messageId.isEmpty() && bare(provider.messageId) != bare(mime.messageId))
        out.append({ Kind::MessageId, u"messageId"_s,
            u"messageId differs: provider \"%1\", MIME \"%2\""_s.arg(provider.messageId, mime.messageId) });

    if (provider.subject.trimmed() != mime.subject.trimmed()) {
        const bool decoding = looksUndecoded(provider.subject) || provider.subject.contains(QChar(0xfffd))
            || provider.subject.contains(u"Ã"_s);
        out.append({ decoding ? Kind::SubjectDecoding : Kind::Subject, u"subject"_s,
            u"subject differs%1: provider \"%2\", MIME \"%3\""_s.arg(decoding ? u" (provider's decoding)"_s : QString(),
                shortened(provider.subject, 80), shortened(mime.subject, 80)) });
    }
    compareAddresses(provider.from.address.isEmpty() ? QList<Address>() : QList<Address> { provider.from },
        mime.from.address.isEmpty() ? QList<Address>() : QList<Address> { mime.from }, u"from"_s, out);
    compareAddresses(provider.to, mime.to, u"to"_s, out);
    compareAddresses(provider.cc, mime.cc, u"cc"_s, out);
    compareBody(provider.text, mime.text, u"text"_s, Kind::TextBody, out);
    compareBody(provider.html, mime.html, u"html"_s, Kind::HtmlBody, out);

    // Pair attachments: by filename, then content-id, then content type and size, in order.
    QList<int> unmatched;
    for (int i = 0; i < mime.attachments.size(); ++i)
        unmatched.append(i);
    QList<int> pairOf(provider.attachments.size(), -1);
    auto claim = [&](int p, auto matches) {
        for (int k = 0; k < unmatched.size(); ++k) {
            if (matches(provider.attachments[p], mime.attachments[unmatched[k]])) {
                pairOf[p] = unmatched[k];
                unmatched.removeAt(k);
                return;
            }
        }
    };
    for (int p = 0; p < provider.attachments.size(); ++p) {
        if (!provider.attachments[p].filename.isEmpty())
            claim(p, [](const Attachment& a, const Attachment& b) { return a.filename == b.filename; });
    }
    for (int p = 0; p < provider.attachments.size(); ++p) {
        if (pairOf[p] < 0 && !provider.attachments[p].contentId.isEmpty())
            claim(p, [](const Attachment& a, const Attachment& b) { return a.contentId == b.contentId; });
    }
    for (int p = 0; p < provider.attachments.size(); ++p) {
        if (pairOf[p] < 0)
            claim(p, [](const Attachment& a, const Attachment& b) {
                return a.contentType.compare(b.contentType, Qt::CaseInsensitive) == 0 && a.size == b.size;
            });
    }
    for (int p = 0; p < provider.attachments.size(); ++p) {
        const Attachment& a = provider.attachments[p];
        const QString name = u"attachments[%1]"_s.arg(label(a, p));
        if (pairOf[p] < 0) {
            out.append({ Kind::ExtraAttachment, name,
                u"%1 (%2, %3 bytes) is in the provider's JSON but not in the MIME"_s.arg(label(a, p), a.contentType)
                    .arg(a.size) });
            continue;
        }
        const Attachment& b = mime.attachments[pairOf[p]];
        if (a.size != b.size) {
            out.append({ Kind::AttachmentSize, name,
                u"%1: size differs: provider %2 bytes, MIME %3 bytes"_s.arg(label(a, p)).arg(a.size).arg(b.size) });
        } else if (a.hasData && b.hasData && !a.sha256.isEmpty() && !b.sha256.isEmpty() && a.sha256 != b.sha256) {
            out.append({ Kind::AttachmentContent, name,
                u"%1: same size, different bytes (SHA-256 %2… vs %3…)"_s.arg(
                    label(a, p), a.sha256.left(12), b.sha256.left(12)) });
        }
        if (!a.contentType.isEmpty() && a.contentType.compare(b.contentType, Qt::CaseInsensitive) != 0)
            out.append({ Kind::AttachmentType, name,
                u"%1: content type differs: provider %2, MIME %3"_s.arg(label(a, p), a.contentType, b.contentType) });
        if (!a.contentId.isEmpty() && a.contentId != b.contentId)
            out.append({ Kind::AttachmentContentId, name,
                u"%1: content-id differs: provider \"%2\", MIME \"%3\""_s.arg(label(a, p), a.contentId, b.contentId) });
    }
    for (int m : unmatched) {
        const Attachment& b = mime.attachments[m];
        out.append({ Kind::MissingAttachment, u"attachments[%1]"_s.arg(label(b, m)),
            u"%1 (%2, %3 bytes) is in the MIME but missing from the provider's JSON"_s.arg(label(b, m), b.contentType)
                .arg(b.size) });
    }
    return out;
}

} // namespace hookscope::email
