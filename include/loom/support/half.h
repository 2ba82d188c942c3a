// IEEE half-precision (float16) decoding, for model and array files that store it.
#ifndef LOOM_SUPPORT_HALF_H_
#define LOOM_SUPPORT_HALF_H_

#include <cmath>
#include <cstdint>
#include <limits>

namespace loom {

// The value of an IEEE 754 binary16 bit pattern (exact: every half value is a double).
inline double HalfToDouble(uint16_t h) {
  const int sign = (h >> 15) & 1;
  const int exp = (h >> 10) & 0x1f;
  const int man = h & 0x3ff;
  double v;
  if (exp == 0) {
    v = std::ldexp(man, -24);  // subnormal
  } else if (exp == 31) {
    v = man ? std::numeric_limits<double>::quiet_NaN() : std::numeric_limits<double>::infinity();
  } else {
    v = std::ldexp(1024 + man, exp - 25);
  }
  return sign ? -v : v;
}

}  // namespace loom

#endif  // LOOM_SUPPORT_HALF_H_
