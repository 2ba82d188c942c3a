// Internal-error reporting shared by every loom library.
#include "loom/support/error.h"

#include <cstdio>
#include <cstdlib>

namespace loom {

void InternalError(const char* file, int line, const char* condition, const std::string& detail) {
  std::fprintf(stderr, "loom: internal error at %s:%d: check failed: %s%s%s\n", file, line,
               condition, detail.empty() ? "" : ": ", detail.c_str());
  std::fprintf(stderr,
               "This is a bug in loom; please report it with the command that caused it.\n");
  std::abort();
}

}  // namespace loom
