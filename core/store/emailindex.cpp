#include "emailindex.h"

#include "core/email/blobfiles.h"

#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace hookscope::store {

using email::Address;
using email::Attachment;
using email::EmailMessage;

bool hasEmailTables(QSqlDatabase& db)
{
    QSqlQuery q(db);
    return q.exec(u"SELECT count(*) AS tables FROM sqlite_master WHERE name IN ('attachments', 'blobs', 'email_fts')"_s)
        && q.next() && q.value(u"tables"_s).toInt() == 3;
}

Result<void> storeBlob(QSqlDatabase& db, const QString& databasePath, const QString& sha256, const QByteArray& data)
{
    QSqlQuery exists(db);
    exists.prepare(u"SELECT 1 FROM blobs WHERE sha256 = ?"_s);
    exists.addBindValue(sha256);
    if (exists.exec() && exists.next())
        return {};
    const bool inFile = data.size() > email::kBlobInDatabaseLimit;
    if (inFile && !email::writeBlobFile(databasePath, sha256, data))
        return fail(u"cannot write the attachment %1 beside the store"_s.arg(sha256));
    QSqlQuery q(db);
    q.prepare(u"INSERT OR IGNORE INTO blobs (sha256, size, data) VALUES (?, ?, ?)"_s);
    q.addBindValue(sha256);
    q.addBindValue(qint64(data.size()));
    // A zero-length QByteArray would bind as NULL ("in a file"); store an empty blob instead.
    q.addBindValue(
        inFile ? QVariant(QMetaType(QMetaType::QByteArray)) : QVariant(data.isNull() ? QByteArray("") : data));
    if (!q.exec())
        return fail(q.lastError().text());
    return {};
}

static QString addressText(const QList<Address>& list)
{
    QStringList parts;
    for (const auto& a : list)
        parts << (a.name.isEmpty() ? a.address : a.name + u" <"_s + a.address + u'>');
    return parts.join(u", "_s);
}

Result<void> storeEmailIndex(QSqlDatabase& db, const QString& databasePath, qint64 eventRowId, const EmailMessage& m)
{
    QSqlQuery del(db);
    del.prepare(u"DELETE FROM attachments WHERE event_id = ?"_s);
    del.addBindValue(eventRowId);
    if (!del.exec())
        return fail(del.lastError().text());
    QStringList names;
    for (qsizetype i = 0; i < m.attachments.size(); ++i) {
        const Attachment& a = m.attachments.at(i);
        if (!a.hasData)
            continue; // declared by a provider without bytes: nothing to keep
        if (!a.data.isEmpty() || a.size == 0) {
            if (auto stored = storeBlob(db, databasePath, a.sha256, a.data); !stored)
                return stored;
        }
        QSqlQuery q(db);
        q.prepare(u"INSERT INTO attachments (event_id, part, part_path, filename, content_type, size, content_id, "
                  u"sha256, inline) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
        q.addBindValue(eventRowId);
        q.addBindValue(int(i));
        q.addBindValue(a.partPath.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(a.partPath));
        q.addBindValue(a.filename.isNull() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(a.filename));
        q.addBindValue(a.contentType);
        q.addBindValue(a.size);
        q.addBindValue(a.contentId.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(a.contentId));
        q.addBindValue(a.sha256);
        q.addBindValue(a.isInline ? 1 : 0);
        if (!q.exec())
            return fail(q.lastError().text());
        if (!a.filename.isEmpty())
            names << a.filename;
    }
    QSqlQuery forget(db);
    forget.prepare(u"DELETE FROM email_fts WHERE rowid = ?"_s);
    forget.addBindValue(eventRowId);
    if (!forget.exec())
        return fail(forget.lastError().text());
    QString body = m.text.value_or(QString());
    if (body.trimmed().isEmpty() && m.html) {
        // No plain body: index the words of the HTML, not its markup.
        static const QRegularExpression tags(u"<style[^>]*>.*?</style>|<script[^>]*>.*?</script>|<[^>]*>"_s,
            QRegularExpression::CaseInsensitiveOption | QRegularExpression::DotMatchesEverythingOption);
        body = QString(*m.html).replace(tags, u" "_s);
    }
    QSqlQuery fts(db);
    fts.prepare(u"INSERT INTO email_fts (rowid, subject, sender, recipients, cc, body, attachments) "
                u"VALUES (?, ?, ?, ?, ?, ?, ?)"_s);
    fts.addBindValue(eventRowId);
    fts.addBindValue(m.subject);
    fts.addBindValue(addressText(m.from.address.isEmpty() ? QList<Address>() : QList<Address> { m.from }));
    fts.addBindValue(addressText(m.to));
    fts.addBindValue(addressText(m.cc));
    fts.addBindValue(body.left(1'000'000));
    fts.addBindValue(names.join(u' '));
    if (!fts.exec())
        return fail(fts.lastError().text());
    return {};
}

Result<void> storeEventIds(QSqlDatabase& db, qint64 eventRowId)
{
    QSqlQuery forget(db);
    forget.prepare(u"DELETE FROM event_ids WHERE rowid = ?"_s);
    forget.addBindValue(eventRowId);
    if (!forget.exec())
        return fail(forget.lastError().text());
    // The keys that are no id of their own: the payload's id or Message-ID again, a hash, a refused request's.
    QSqlQuery q(db);
    q.prepare(u"INSERT INTO event_ids (rowid, event_id, message_id, delivery_id) "
              u"SELECT id, event_id, message_id, delivery_id FROM (SELECT id, event_id, message_id, "
              u"CASE WHEN key_source IN ('id', 'messageId', 'sha256', 'request', 'refused') OR idem_key IS event_id "
              u"OR idem_key IS message_id THEN NULL ELSE idem_key END AS delivery_id FROM events WHERE id = ?) "
              u"WHERE coalesce(event_id, message_id, delivery_id) IS NOT NULL"_s);
    q.addBindValue(eventRowId);
    if (!q.exec())
        return fail(q.lastError().text());
    return {};
}

QString ftsQuery(const QString& text)
{
    static const QHash<QString, QString> columns { { u"from"_s, u"sender"_s }, { u"sender"_s, u"sender"_s },
        { u"to"_s, u"recipients"_s }, { u"cc"_s, u"cc"_s }, { u"subject"_s, u"subject"_s }, { u"body"_s, u"body"_s },
        { u"text"_s, u"body"_s }, { u"attachment"_s, u"attachments"_s }, { u"filename"_s, u"attachments"_s } };
    // Words as the unicode61 tokenizer sees them: letters and digits; everything else separates.
    static const QRegularExpression word(u"[\\p{L}\\p{N}\\p{M}_]+"_s);
    // Chunks are separated by spaces outside double quotes; a quoted part is a phrase, matched word for word.
    QList<std::pair<QString, bool>> chunks;
    QString current;
    bool inQuote = false;
    bool quoted = false;
    for (const QChar c : text) {
        if (c == u'"') {
            inQuote = !inQuote;
            quoted = true;
        } else if (c.isSpace() && !inQuote) {
            if (!current.isEmpty())
                chunks.append({ current, quoted });
            current.clear();
            quoted = false;
        } else {
            current += c;
        }
    }
    if (!current.isEmpty())
        chunks.append({ current, quoted });

    QStringList terms;
    for (const auto& [chunk, exact] : std::as_const(chunks)) {
        QString column;
        QString rest = chunk;
        const qsizetype colon = chunk.indexOf(u':');
        if (colon > 0 && columns.contains(chunk.left(colon).toLower())) {
            column = columns.value(chunk.left(colon).toLower());
            rest = chunk.mid(colon + 1);
        }
        QStringList words;
        for (auto it = word.globalMatch(rest); it.hasNext();)
            words << it.next().captured(0);
        if (words.isEmpty())
            continue;
        // Several words from one chunk ("ana@example.org") must follow each other: a phrase. Unquoted, its last
        // word may be the beginning of one (typing); quoted, every word is whole.
        QString term = u"\""_s + words.join(u' ') + (exact ? u"\""_s : u"\"*"_s);
        terms << (column.isEmpty() ? term : column + u" : "_s + term);
    }
    return terms.join(u' ');
}

} // namespace hookscope::store
