#pragma once

#include "core/store/auditlog.h"

namespace hookscope::replay {

/** The audit log's line is the store's (store::AuditEntry); replay and export name it here. */
using AuditEntry = store::AuditEntry;

} // namespace hookscope::replay
