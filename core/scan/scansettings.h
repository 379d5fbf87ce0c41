#pragma once

#include "clamdclient.h"

#include "core/common/result.h"

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace hookscope::scan {

/**
 * How attachments are scanned and what quarantines their event: clamd's address and each route's policy.
 *
 * Configuration (`config.json`):
 *
 *     "attachments": { "clamd": "/var/run/clamav/clamd.ctl", "quarantineOn": ["infected"] },
 *     "routes": [ { "name": "billing", …, "attachments": { "quarantineOn": ["infected", "executable"] } } ]
 *
 * `quarantineOn` names what quarantines the event automatically: `infected`, `error`, `not-scanned`, a flag id
 * (`type-mismatch`, `executable`, …) or `flagged` (any flag). Default: `["infected"]`; `[]` quarantines nothing. A
 * route's list replaces the file's. An event quarantined for `infected` gets the reason `malware`, for anything
 * else `risky-attachment`.
 */
struct ScanSettings {
    std::optional<ClamdAddress> clamd; ///< unset: attachments are "not scanned" (notScannedReason says why)
    QString notScannedReason = QStringLiteral("no clamd configured");
    QStringList quarantineOn { QStringLiteral("infected") };
    QHash<QString, QStringList> routeQuarantineOn; ///< by route name

    QStringList policyFor(const QString& route) const;
};

/** What `quarantineOn` may name. */
QStringList policyWords();

/**
 * The settings from `--clamd` (as typed: SOCKET, HOST:PORT or `off`; unset when not given), else the configuration's
 * `attachments.clamd`, else Debian's socket when it exists. The policy from the configuration (`config`: the whole
 * document, Config::source). An address or policy word that cannot be read is an error (a sentence).
 */
Result<ScanSettings> resolveScanSettings(const std::optional<QString>& clamdOption, const QJsonObject& config);

} // namespace hookscope::scan
