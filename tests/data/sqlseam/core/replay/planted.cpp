// A file outside core/store/ that speaks SQL: the check must refuse it.
#include <QSqlQuery>

void planted(QSqlDatabase& db)
{
    QSqlQuery q(db);
    q.exec(u"UPDATE events SET replays = replays + 1 WHERE id = 1"_s);
}
