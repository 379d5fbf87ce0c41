#include "searchquery.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

namespace {

struct Token {
    QString text;
    bool quoted = false;
};

/** Splits on spaces outside double quotes; quotes are removed, `field:"a b"` stays one token. */
QList<Token> tokens(const QString& text)
{
    QList<Token> out;
    Token current;
    bool inQuote = false;
    bool any = false;
    for (const QChar c : text) {
        if (c == u'"') {
            inQuote = !inQuote;
            current.quoted = true;
            any = true;
        } else if (c.isSpace() && !inQuote) {
            if (any)
                out << current;
            current = {};
            any = false;
        } else {
            current.text += c;
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
    for (const auto& [token, quoted] : tokens(text)) {
        // Quoted free text is a phrase for the full-text search: it keeps its quotes.
        const QString asTyped = quoted ? u'"' + token + u'"' : token;
        const qsizetype colon = token.indexOf(u':');
        const QString field = colon > 0 ? token.left(colon).toLower() : QString();
        const QString value = colon > 0 ? token.mid(colon + 1) : QString();
        if (colon <= 0 || value.isEmpty() || field.contains(u'/')) {
            freeText << asTyped; // plain words, and things like "https://…" or "key:" alone
        } else if (fields.contains(field)) {
            parsed.query.fields.append({ field, value });
        } else if (field == u"has"_s) {
            if (value.toLower().startsWith(u"attachment"_s))
                parsed.query.fields.append({ u"has"_s, u"attachment"_s });
            else if (value.toLower() == u"flagged"_s || value.toLower() == u"flag"_s)
                parsed.query.fields.append({ u"has"_s, u"flagged"_s });
            else
                parsed.problems << u"has: knows 'attachment' and 'flagged'"_s;
        } else if (field == u"scan"_s) {
            const QString v = value.toLower();
            static const QStringList statuses { u"clean"_s, u"infected"_s, u"error"_s, u"not-scanned"_s };
            if (statuses.contains(v))
                parsed.query.fields.append({ u"scan"_s, v });
            else if (v == u"unscanned"_s)
                parsed.query.fields.append({ u"scan"_s, u"not-scanned"_s });
            else
                parsed.problems << u"unknown scan status '%1' (clean, infected, error, not-scanned)"_s.arg(value);
        } else if (field == u"status"_s || field == u"is"_s) {
            const QString word = statusWord(value);
            if (word.isEmpty())
                parsed.problems << u"unknown status '%1' (verified, failed, unverified, duplicate, quarantined, "
                                   u"replayed, discarded)"_s.arg(value);
            else
                parsed.query.status = word;
        } else if (field == u"code"_s) {
            static const QRegularExpression code(u"^[1-5]([0-9][0-9]|xx)$"_s);
            if (code.match(value.toLower()).hasMatch())
                parsed.query.fields.append({ u"code"_s, value.toLower() });
            else
                parsed.problems << u"code: takes an answer's status, such as 401, or a class, such as 4xx"_s;
        } else if (field == u"route"_s) {
            parsed.query.route = value;
        } else {
            freeText << asTyped;
        }
    }
    parsed.query.search = freeText.join(u' ');
    return parsed;
}

QString searchSyntaxHint()
{
    return u"Words search the emails and any part of the ids · from: to: subject: path: scheme: status: id: route: "
           u"has:attachment · \"two words\" as a phrase"_s;
}

QString searchSyntaxDetails()
{
    return searchSyntaxHint()
        + u"\nhas:flagged: an attachment with a risky-content flag · scan:infected, scan:clean, scan:error, "
          u"scan:not-scanned: by an attachment's malware scan · code:401, code:4xx: by what a delivery was answered"_s;
}

QString withFilter(const QString& text, const QString& field, const QString& value)
{
    // The field's terms go (as the tokenizer splits them), the others stay as typed.
    QStringList kept;
    for (const auto& [token, quoted] : tokens(text)) {
        if (!quoted && token.startsWith(field + u':', Qt::CaseInsensitive))
            continue;
        static const QRegularExpression named(u"^[A-Za-z]+:"_s);
        const qsizetype colon = named.match(token).hasMatch() ? token.indexOf(u':') + 1 : 0;
        kept << (quoted ? token.left(colon) + u'"' + token.mid(colon) + u'"' : token);
    }
    if (!value.isEmpty())
        kept << field + u':' + value;
    return kept.join(u' ');
}

QString filterValue(const QString& text, const QString& field)
{
    QString value;
    for (const auto& [token, quoted] : tokens(text))
        if (!quoted && token.startsWith(field + u':', Qt::CaseInsensitive))
            value = token.mid(field.size() + 1);
    return value;
}

} // namespace hookscope::ui
