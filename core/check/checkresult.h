#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace hookscope::check {

/** The outcome of one check of the receiver conformance suite (`hookscope check`). */
struct CheckResult {
    QString id; ///< one of checkIds()
    bool applies = true; ///< false when the check means nothing for the scheme or the URL
    std::optional<bool> passed; ///< nullopt exactly when the check does not apply
    bool required = true; ///< a failed optional check is reported but does not fail the run
    QString sent; ///< what was sent: method, headers, body size, what was wrong with it on purpose
    QString received; ///< what came back: status and time, or the error ("connection reset")
    QString why; ///< the guide's rule, in one line
    QStringList warnings;
    qint64 ms = -1; ///< the time the check's deliveries took to be answered (the slowest), -1 when none was sent

    QJsonObject toJson() const;
    static CheckResult fromJson(const QJsonObject& o);
    /** `n/a` for a check that applies to nothing, else PASS or FAIL. */
    QString verdictText() const;
};

/** A run's results, in the suite's order. */
struct Scorecard {
    QList<CheckResult> checks;

    /** Every applying required check passed. */
    bool passed() const;
    /** `{"checks": [...], "passed": bool}`, as `check --json` prints it. */
    QJsonObject toJson() const;
    static Scorecard fromJson(const QJsonObject& o);
};

} // namespace hookscope::check
