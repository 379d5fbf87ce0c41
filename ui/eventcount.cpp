#include "eventcount.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

Result<qint64> countEvents(store::EventStore& store, const store::EventQuery& query)
{
    const bool plain = query.search.isEmpty() && query.fields.isEmpty() && query.route.isEmpty();
    QString sql;
    if (plain && query.status == u"duplicate"_s)
        sql = u"SELECT count(*) FROM events INDEXED BY events_ui_duplicates WHERE discarded_us IS NULL AND duplicates > 0"_s;
    else if (plain && query.status == u"quarantined"_s)
        sql = u"SELECT count(*) FROM events INDEXED BY events_ui_quarantined "
              u"WHERE discarded_us IS NULL AND quarantined IS NOT NULL"_s;
    else if (plain && query.status == u"replayed"_s)
        sql = u"SELECT count(*) FROM events INDEXED BY events_ui_replayed WHERE discarded_us IS NULL AND replays > 0"_s;
    if (sql.isEmpty())
        return store.count(query);
    QSqlQuery q(store.database());
    if (!q.exec(sql) || !q.next())
        return store.count(query); // an older store without the index still counts, slowly
    return q.value(0).toLongLong();
}

} // namespace hookscope::ui
