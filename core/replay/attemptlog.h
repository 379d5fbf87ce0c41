#pragma once

#include "attemptrow.h"

namespace hookscope::replay {

/** The `attempts` table is the store's (store::AttemptLog). */
using AttemptLog = store::AttemptLog;

} // namespace hookscope::replay
