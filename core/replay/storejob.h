#pragma once

#include "core/common/result.h"
#include "core/store/storewriter.h"

#include <functional>

namespace hookscope::replay {

/** A write that reports why it failed. */
using FallibleJob = std::function<Result<void>(QSqlDatabase&)>;

/** Runs `job` on `writer` (inside its transaction) and waits for the commit. */
Result<void> runJob(store::StoreWriter& writer, FallibleJob job);

/**
 * For command-line writes: opens a writer of its own on `path` (SQLite's busy timeout makes it wait
 * briefly while `serve` holds the lock), runs `job`, commits and closes.
 */
Result<void> runJobOnce(const QString& path, FallibleJob job);

} // namespace hookscope::replay
