// Reference-free properties of the fixed-point core, checked by `loom selfcheck`.
#include "selfcheck.h"

#include <cmath>
#include <string>
#include <vector>

#include "loom/fixed/fixed_type.h"
#include "loom/fixed/fixed_value.h"

namespace loom {
namespace {

using fixed::CastFlags;
using fixed::CastPlan;
using fixed::FixedType;
using fixed::OverflowMode;
using fixed::QuantMode;

struct Counter {
  int64_t checks = 0;
  int64_t failures = 0;
  std::ostream* out;
  void Expect(bool ok, const std::string& what) {
    ++checks;
    if (!ok && failures++ < 10) *out << "  FAIL: " << what << "\n";
  }
};

std::vector<FixedType> SmallTypes() {
  std::vector<FixedType> types;
  for (int64_t w = 1; w <= 8; ++w) {
    for (int64_t i : {-2L, 0L, 1L, w / 2, w, w + 3}) {
      for (bool s : {true, false}) {
        for (int q = 0; q < fixed::kNumQuantModes; ++q) {
          for (int o = 0; o < fixed::kNumOverflowModes; ++o) {
            types.push_back(
                FixedType::Create(w, i, s, static_cast<QuantMode>(q), static_cast<OverflowMode>(o))
                    .value());
          }
        }
      }
    }
  }
  return types;
}

}  // namespace

int64_t RunFixedSelfCheck(std::ostream& out) {
  Counter c{0, 0, &out};
  std::vector<FixedType> types = SmallTypes();
  for (const FixedType& t : types) {
    // Printing and parsing round-trip in both spellings.
    auto p1 = fixed::ParseFixedType(t.ToString());
    auto p2 = fixed::ParseFixedType(t.ToApString());
    c.Expect(p1.ok() && p1.value() == t, "round trip of " + t.ToString());
    c.Expect(p2.ok() && p2.value() == t, "round trip of " + t.ToApString());
    // A wide type that holds every value of t exactly, with truncation and wrapping.
    FixedType wide = FixedType::Create(t.width + 24, t.int_bits + 12, true).value();
    uint64_t count = uint64_t{1} << t.width;
    int64_t previous = 0;
    for (uint64_t u = 0; u < count; ++u) {
      int64_t raw = t.is_signed && t.width < 64 && (u >> (t.width - 1))
                        ? static_cast<int64_t>(u) - static_cast<int64_t>(count)
                        : static_cast<int64_t>(u);
      double v = fixed::ToDouble(raw, t);
      int64_t w = fixed::Cast(raw, t, wide);
      // AP_SAT_SYM maps a signed type's minimum to -maximum whenever it is assigned (a 1-bit
      // type has no -maximum: its minimum stays).
      int64_t back =
          t.overflow == OverflowMode::kSatSym && t.is_signed && t.width > 1 && raw == t.min_raw()
              ? t.min_raw() + 1
              : raw;
      c.Expect(fixed::FromDouble(v, t) == back, "double round trip in " + t.ToString());
      c.Expect(fixed::Cast(w, wide, t) == back, "widen and narrow back in " + t.ToString());
      c.Expect(fixed::Compare(raw, t, w, wide) == 0, "compare after widening " + t.ToString());
      if (u > 0 && !(t.is_signed && raw == t.min_raw())) {
        c.Expect(fixed::Compare(previous, t, raw, t) < 0, "ordering in " + t.ToString());
      }
      previous = raw;
    }
    // Rounding is monotonic and stays in range under saturation.
    if (t.overflow == OverflowMode::kSat) {
      double span = std::max(std::fabs(t.max_value()), std::fabs(t.min_value())) * 4 + 1;
      int64_t last = t.min_raw();
      for (int k = -400; k <= 400; ++k) {
        double d = span * k / 400.0;
        CastFlags flags;
        int64_t r = fixed::FromDouble(d, t, &flags);
        c.Expect(fixed::Compare(r, t, last, t) >= 0, "monotonic rounding in " + t.ToString());
        c.Expect(r >= t.min_raw() && (t.width == 64 || r <= t.max_raw()),
                 "saturation bound in " + t.ToString());
        c.Expect(!flags.overflow || r == t.max_raw(), "overflow saturates in " + t.ToString());
        last = r;
      }
    }
  }
  // The fast cast path equals the exact one on every value of every small type pair.
  std::vector<FixedType> targets;
  for (const FixedType& t : types) {
    if (t.width == 5 || t.width == 3) targets.push_back(t);
  }
  for (const FixedType& from : types) {
    if (from.quant != QuantMode::kTrn || from.overflow != OverflowMode::kWrap) continue;
    for (const FixedType& to : targets) {
      CastPlan plan(from, to);
      for (uint64_t u = 0; u < (uint64_t{1} << from.width); ++u) {
        int64_t raw = fixed::Cast(static_cast<int64_t>(u), FixedType::Unsigned(from.width, 0),
                                  FixedType::Create(from.width, 0, from.is_signed).value());
        CastFlags f1, f2;
        int64_t a = fixed::Cast(raw, from, to, &f1);
        int64_t b = plan.Apply(raw, &f2);
        c.Expect(a == b && f1.overflow == f2.overflow && f1.underflow == f2.underflow,
                 "fast cast " + from.ToString() + " -> " + to.ToString());
      }
    }
  }
  out << "fixed-point self-check: " << c.checks << " checks over " << types.size() << " types, "
      << c.failures << " failures\n";
  return c.failures;
}

}  // namespace loom
