#pragma once

#include "core/verify/defaultscheme.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace hookscope::check {

/** The suite's check ids, in the order they run (part of the command line's contract). */
const QStringList& checkIds();

/** How to run the suite against one endpoint. */
struct CheckOptions {
    QUrl target; ///< the user's receiver, http:// or https://
    QString scheme = verify::defaultSchemeName();
    QJsonObject schemeOptions; ///< the generic `hmac` scheme's configuration
    QByteArray secret; ///< what the scheme signs with; held in memory only
    int budgetMs = 500; ///< the guide's acknowledgement budget
    int count = 50; ///< deliveries of ack-latency
    int concurrency = 16; ///< deliveries of concurrent-deliveries
    qint64 largeBodyBytes = 20'000'000; ///< the attachment of large-body
    int timeoutMs = 30'000; ///< per delivery; a delivery not answered by then is a timeout
    bool probe5xx = false; ///< runs retry-after-5xx
    bool insecure = false; ///< accept a certificate that does not verify (the https check still reports it)
    QStringList only; ///< when not empty, the checks to run
    QStringList skip; ///< checks not to run

    /** Why the suite cannot run with these options (unknown id, bad URL, no secret, unknown scheme); empty if it can.
     */
    QString problem() const;
    /** Whether the check `id` runs (--only / --skip). */
    bool selected(const QString& id) const;
};

} // namespace hookscope::check
