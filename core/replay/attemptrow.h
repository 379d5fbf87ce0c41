#pragma once

#include "core/store/attemptlog.h"

namespace hookscope::replay {

/** A stored attempt is the store's row (store::AttemptRow); replay, export and the window name it here. */
using AttemptRow = store::AttemptRow;

} // namespace hookscope::replay
