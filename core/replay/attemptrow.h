#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace hookscope::replay {

/** One stored attempt of a replay, forward or send (table `attempts`). */
struct AttemptRow {
    qint64 id = 0;
    qint64 eventRowId = 0; ///< 0 for `send`
    QString runId;
    QString kind; ///< replay | forward | send
    QString rule;
    QString target;
    QString mode;
    QJsonObject spec; ///< ReplaySpec::toJson() plus what rebuilding needs (never a secret)
    int attempt = 1;
    int maxAttempts = 1;
    QString state; ///< pending | done | failed
    qint64 scheduledUs = 0;
    qint64 startedUs = 0;
    qint64 finishedUs = 0;
    QString requestMethod;
    QString requestUrl;
    QByteArray requestHead;
    QByteArray requestBody;
    int status = 0;
    qint64 latencyMs = 0;
    QByteArray responseHead;
    QByteArray responseBody;
    qint64 responseSize = 0;
    QString error;

    QJsonObject toJson(bool withBodies = false) const;
};

} // namespace hookscope::replay

Q_DECLARE_METATYPE(hookscope::replay::AttemptRow)
