#pragma once

#include "checkresult.h"

#include <QByteArray>

namespace hookscope::check {

/**
 * The scorecard as JUnit XML, as CI systems display it: one testsuite "hookscope check", one testcase per check,
 * <failure> for a failed check, <skipped> for one that does not apply.
 */
QByteArray junitXml(const Scorecard& card, const QString& target);

} // namespace hookscope::check
