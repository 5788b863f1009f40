// The daemon's time zones are the core's (core/time_zone.h), which the
// service and the settings page also use to check a user's zone.
#pragma once

#include "core/time_zone.h"

namespace ah::daemon {

using ::ah::ParseHourMinute;
using ::ah::TimeZone;

}  // namespace ah::daemon
