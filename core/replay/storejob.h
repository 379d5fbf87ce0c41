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
 * Runs `job` on the process's writer of `path` (StoreWriter::shared): the one capture or the window already
 * runs, else one opened for it (SQLite's busy timeout makes it wait briefly while another process's writer
 * holds the lock) and closed again once nobody else holds it.
 */
Result<void> runJobOnce(const QString& path, FallibleJob job);

} // namespace hookscope::replay
