// Writing a command's output file (`brief --out FILE`) so that readers see the
// old file or the whole new one, never a part, and nothing planted beside it is
// followed.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace ah::cli {

// Writes `data` to `path` through a fresh temporary in the same folder (mkstemp:
// O_CREAT|O_EXCL, a random name, so a symlink or file planted there is never
// opened), fsyncs it and renames it over `path`; the folder is synced after.
// The file gets the usual permissions (0666 less the umask). A symlink at `path`
// itself is replaced, not written through. On any failure the temporary is
// removed and `path` is left as it was. Errors: kIo naming `path` and the cause
// (e.g. "No space left on device").
[[nodiscard]] Status WriteFileAtomically(const std::string& path, std::string_view data);

}  // namespace ah::cli
