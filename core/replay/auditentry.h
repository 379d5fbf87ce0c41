#pragma once

#include <QJsonObject>
#include <QString>

namespace hookscope::replay {

/** One line of the audit log: what was done to which event, when and why. */
struct AuditEntry {
    qint64 id = 0;
    qint64 timeUs = 0; ///< 0: now, when written
    QString action; ///< quarantine | release | discard | restore | purge | replay | export | import | forward
    qint64 eventRowId = 0; ///< 0 when the action concerns no single event (purge, export --all)
    QString reason;
    QString note;
    QJsonObject details;

    QJsonObject toJson() const;
};

} // namespace hookscope::replay
