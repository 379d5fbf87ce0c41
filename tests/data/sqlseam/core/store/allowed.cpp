// Inside core/store/ SQL is at home: the check passes over it.
#include <QSqlQuery>

void allowed(QSqlDatabase& db)
{
    QSqlQuery q(db);
    q.exec(u"SELECT count(*) FROM events"_s);
}
