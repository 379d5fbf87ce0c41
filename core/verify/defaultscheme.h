#pragma once

#include <QString>

namespace hookscope::verify {

/**
 * The scheme of a route that names none, of `send` and of events stored without one: `mailparse`. Spelled only in
 * core/verify/; everything else asks here (tests/tools/default_scheme_name.cmake checks).
 */
QString defaultSchemeName();

} // namespace hookscope::verify
