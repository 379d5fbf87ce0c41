#include "searchquery.h"

using namespace Qt::StringLiterals;

namespace hookscope::ui {

namespace {

/** Splits on spaces outside double quotes; quotes are removed, `field:"a b"` stays one token. */
QStringList tokens(const QString& text)
{
    QStringList out;
    QString current;
    bool quoted = false;
    bool any = false;
    for (const QChar c : text) {
        if (c == u'"') {
            quoted = !quoted;
            any = true;
        } else if (c.isSpace() && !quoted) {
            if (any)
                out << current;
            current.clear();
            any = false;
        } else {
            current += c;
            any = true;
        }
    }
    if (any)
        out << current;
    return out;
}

QString statusWord(const QString& value)
{
    const QString v = value.toLower();
    if (v == u"verified"_s || v == u"valid"_s)
        return u"verified"_s;
    if (v == u"failed"_s || v == u"invalid"_s || v == u"fail"_s)
        return u"failed"_s;
    if (v == u"unverified"_s)
        return u"unverified"_s;
    if (v == u"duplicate"_s || v == u"duplicates"_s || v == u"dup"_s)
        return u"duplicate"_s;
    if (v == u"quarantined"_s || v == u"quarantine"_s)
        return u"quarantined"_s;
    if (v == u"replayed"_s)
        return u"replayed"_s;
    if (v == u"discarded"_s)
        return u"discarded"_s;
    return {};
}

} // namespace

ParsedSearch parseSearch(const QString& text, const store::EventQuery& base)
{
    ParsedSearch parsed;
    parsed.query = base;
    parsed.query.search.clear();
    parsed.query.fields.clear();
    QStringList freeText;
    static const QStringList fields { u"from"_s, u"to"_s, u"subject"_s, u"path"_s, u"scheme"_s, u"id"_s };
    for (const QString& token : tokens(text)) {
        const qsizetype colon = token.indexOf(u':');
        const QString field = colon > 0 ? token.left(colon).toLower() : QString();
        const QString value = colon > 0 ? token.mid(colon + 1) : QString();
        if (colon <= 0 || value.isEmpty() || field.contains(u'/')) {
            freeText << token; // plain words, and things like "https://…" or "key:" alone
        } else if (fields.contains(field)) {
            parsed.query.fields.append({ field, value });
        } else if (field == u"has"_s) {
            if (value.toLower().startsWith(u"attachment"_s))
                parsed.query.fields.append({ u"has"_s, u"attachment"_s });
            else
                parsed.problems << u"has: knows only 'attachment'"_s;
        } else if (field == u"status"_s || field == u"is"_s) {
            const QString word = statusWord(value);
            if (word.isEmpty())
                parsed.problems << u"unknown status '%1' (verified, failed, unverified, duplicate, quarantined, "
                                   u"replayed, discarded)"_s.arg(value);
            else
                parsed.query.status = word;
        } else if (field == u"route"_s) {
            parsed.query.route = value;
        } else {
            freeText << token;
        }
    }
    parsed.query.search = freeText.join(u' ');
    return parsed;
}

QString searchSyntaxHint()
{
    return u"Words search everywhere · from: to: subject: path: scheme: status: id: route: has:attachment · "
           u"quote \"two words\""_s;
}

} // namespace hookscope::ui
