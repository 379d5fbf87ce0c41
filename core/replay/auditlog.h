#pragma once

#include "auditentry.h"

namespace hookscope::replay {

/** The `audit` table is the store's (store::AuditLog). */
using AuditLog = store::AuditLog;

} // namespace hookscope::replay
