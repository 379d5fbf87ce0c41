#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <sqlite3.h>

namespace hookscope::store {

/**
 * A prepared SQLite statement used straight through SQLite's C interface, for the few statements run
 * once per request on the ingest path. QSqlQuery wraps every bound value in a QVariant and hands text
 * to SQLite as UTF-16, which SQLite converts back to UTF-8: on that path those conversions cost more
 * than the insert itself. Everything else keeps using QtSql on the same connection.
 */
class SqlStatement final {
public:
    SqlStatement() = default;
    ~SqlStatement() { sqlite3_finalize(m_stmt); }
    SqlStatement(const SqlStatement&) = delete;
    SqlStatement& operator=(const SqlStatement&) = delete;

    /** Prepares `sql` on `db`; false (and errorText()) when SQLite refuses it. */
    bool prepare(sqlite3* db, const char* sql)
    {
        m_db = db;
        return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr) == SQLITE_OK;
    }

    // Binding is by 1-based position. Text and blobs are copied by SQLite only if it needs to keep
    // them beyond the step; the caller's bytes must stay alive until step() returns.
    void bind(int i, qint64 value) { sqlite3_bind_int64(m_stmt, i, value); }
    void bindText(int i, QByteArrayView utf8)
    {
        sqlite3_bind_text64(
            m_stmt, i, utf8.isNull() ? "" : utf8.data(), sqlite3_uint64(utf8.size()), SQLITE_STATIC, SQLITE_UTF8);
    }
    /** NULL for an empty string. */
    void bindTextOrNull(int i, QByteArrayView utf8)
    {
        if (utf8.isEmpty())
            sqlite3_bind_null(m_stmt, i);
        else
            bindText(i, utf8);
    }
    void bindBlob(int i, QByteArrayView bytes)
    {
        sqlite3_bind_blob64(m_stmt, i, bytes.isNull() ? "" : bytes.data(), sqlite3_uint64(bytes.size()), SQLITE_STATIC);
    }
    void bindNull(int i) { sqlite3_bind_null(m_stmt, i); }
    /** NULL for no bytes. */
    void bindBlobOrNull(int i, QByteArrayView bytes)
    {
        if (bytes.isEmpty())
            sqlite3_bind_null(m_stmt, i);
        else
            bindBlob(i, bytes);
    }

    /** SQLITE_ROW, SQLITE_DONE or an error code. */
    int step() { return sqlite3_step(m_stmt); }
    /** Ready for the next execution; bindings are replaced by the next bind calls. */
    void reset() { sqlite3_reset(m_stmt); }

    qint64 int64(int column) const { return sqlite3_column_int64(m_stmt, column); }
    QByteArrayView text(int column) const
    {
        const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
        return QByteArrayView(data, sqlite3_column_bytes(m_stmt, column));
    }

    QString errorText() const { return QString::fromUtf8(sqlite3_errmsg(m_db)); }

private:
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
};

} // namespace hookscope::store
