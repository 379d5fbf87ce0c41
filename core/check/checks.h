#pragma once

#include "checkcontext.h"
#include "checkresult.h"

namespace hookscope::check {

/** One check of the suite: its id, the guide's rule it checks, and what runs it. */
struct CheckDefinition {
    QString id;
    CheckResult (*run)(CheckContext& context);
};

/** Every check, in checkIds() order. */
const QList<CheckDefinition>& checkDefinitions();

// One function per check; each returns a complete result (applies, passed, sent, received, why, warnings).
CheckResult validAccepted(CheckContext& context);
CheckResult missingHeadersRejected(CheckContext& context);
CheckResult badSignatureRejected(CheckContext& context);
CheckResult tamperedBodyRejected(CheckContext& context);
CheckResult staleTimestampRejected(CheckContext& context);
CheckResult futureTimestampRejected(CheckContext& context);
CheckResult windowEdgeAccepted(CheckContext& context);
CheckResult secondsTimestampRejected(CheckContext& context);
CheckResult duplicateAcknowledged(CheckContext& context);
CheckResult ackLatency(CheckContext& context);
CheckResult concurrentDeliveries(CheckContext& context);
CheckResult largeBody(CheckContext& context);
CheckResult retryAfter5xx(CheckContext& context);
CheckResult httpsCertificate(CheckContext& context);

} // namespace hookscope::check
