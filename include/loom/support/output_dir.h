// Writing a set of generated files into a user's directory without ever losing the user's data.
#ifndef LOOM_SUPPORT_OUTPUT_DIR_H_
#define LOOM_SUPPORT_OUTPUT_DIR_H_

#include <map>
#include <string>

#include "loom/support/error.h"

namespace loom {

// The marker file loom keeps in every directory it writes: it lists the files loom wrote there.
inline constexpr const char* kOutputMarker = ".loom-project";

// Writes `files` (relative path -> contents) into `dir`. The rules:
//  - `dir` may end in a separator, be ".", or be a symlink to a directory (written through the
//    link); a path that exists and is not a directory is refused.
//  - A directory that exists, is not empty and has no marker is refused unless `force`.
//  - loom only ever removes or replaces files its marker lists (stale ones from an earlier run
//    are removed); a file of the user's at a path loom wants to write is never replaced, even
//    with `force`: the write is refused and the files are named.
//  - Everything is first written into a temporary folder inside `dir`; the files are moved into
//    place only when all of them were written, so a failed write leaves `dir` as it was.
// Messages name `dir` as the user gave it, never the temporary folder.
ErrorOr<bool> WriteOutputDir(const std::string& dir,
                             const std::map<std::string, std::string>& files, bool force);

}  // namespace loom

#endif  // LOOM_SUPPORT_OUTPUT_DIR_H_
