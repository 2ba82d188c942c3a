// The fixed-point self-check run by `loom selfcheck`.
#ifndef LOOM_TOOLS_LOOM_SELFCHECK_H_
#define LOOM_TOOLS_LOOM_SELFCHECK_H_

#include <cstdint>
#include <ostream>

namespace loom {

// Checks properties of the fixed-point core that need no reference implementation (round trips,
// exactness of widening, saturation bounds, monotonic rounding, fast path == exact path) over
// every type up to 8 bits and every mode. Prints a summary; returns the number of failures.
int64_t RunFixedSelfCheck(std::ostream& out);

}  // namespace loom

#endif  // LOOM_TOOLS_LOOM_SELFCHECK_H_
