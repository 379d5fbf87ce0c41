#pragma once

#include "core/common/result.h"

#include <QList>
#include <QSet>

class QSqlDatabase;

namespace hookscope::store {

/** Where a reader of the store's changes has got to: the highest row id it has seen of each table that says so. */
struct ChangeCursors {
    qint64 event = 0;
    qint64 delivery = 0;
    qint64 audit = 0;
    qint64 attempt = 0;
};

/** What changed past a set of cursors: new events, and events with a new delivery, audit entry or attempt. */
struct Changes {
    QList<qint64> arrived; ///< new events' row ids, ascending
    QSet<qint64> touched; ///< events that gained a delivery, an audit entry or an attempt
};

/** Counts over the events table, for gauges. */
struct EventTotals {
    qint64 events = 0; ///< events stored (the bin's included)
    qint64 quarantined = 0;
    qint64 backlog = 0; ///< events whose email is to be read and is not yet (kEmailIsRead)
};

/** Reads what changed in the store since a reader last looked (the local API's event stream, metrics' gauges). */
class ChangeFeed {
public:
    /** The cursors at the store's current end. */
    static Result<ChangeCursors> currentCursors(QSqlDatabase& db);
    /** Changes past `cursors`, which advance to what was read. */
    static Result<Changes> changesSince(QSqlDatabase& db, ChangeCursors& cursors);
    static EventTotals eventTotals(QSqlDatabase& db);
};

} // namespace hookscope::store
