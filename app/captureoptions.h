#pragma once

#include "core/common/problem.h"
#include "core/ingest/capturesettings.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>

namespace hookscope::cli {

/**
 * The listener's options, the same for `hookscope serve` and the window (`hookscope` without a command): ports,
 * bind address, the default route's scheme, secrets and tolerance, the configuration file, the certificate,
 * durability and limits. Declared once here so that neither front end can drift from the other.
 */
QList<QCommandLineOption> captureOptions();

/** What the parser (set up with captureOptions() and parseArguments()) and HOOKSCOPE_SECRET were given. */
ingest::CaptureOverrides captureOverrides(const QCommandLineParser& parser);

/**
 * Says the problem as "hookscope <command>: …" ("hookscope: …" without a command, for the window) and returns
 * the exit status: BadUsage for bad input, No when something failed.
 */
int captureError(const QString& command, const Problem& problem);

} // namespace hookscope::cli
