// Opens a library by location: a file path (SQLite, the embedded default).
// A "postgresql://" URL will select the server backend once it exists.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "store/store.h"

namespace ah::store {

[[nodiscard]] Result<std::unique_ptr<Store>> OpenStore(const std::string& location);

}  // namespace ah::store
