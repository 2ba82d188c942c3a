// Validation, printing and parsing of fixed-point type spellings.
#include "loom/fixed/fixed_type.h"

#include <array>
#include <cctype>
#include <cmath>
#include <string>
#include <vector>

namespace loom::fixed {
namespace {

constexpr std::array<const char*, kNumQuantModes> kQuantNames = {
    "TRN", "TRN_ZERO", "RND", "RND_ZERO", "RND_INF", "RND_MIN_INF", "RND_CONV"};
constexpr std::array<const char*, kNumOverflowModes> kOverflowNames = {"WRAP", "SAT", "SAT_ZERO",
                                                                       "SAT_SYM"};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string Quote(std::string_view text) { return "'" + std::string(text) + "'"; }

Error BadPrecision(std::string_view text, const std::string& why) {
  return Error("invalid precision " + Quote(text) + ": " + why);
}

template <size_t N>
std::string JoinNames(const std::array<const char*, N>& names) {
  std::string out;
  for (size_t i = 0; i < N; ++i) {
    if (i) out += ", ";
    out += "AP_";
    out += names[i];
  }
  return out;
}

// Parses a mode name with or without the AP_ prefix; returns the index or -1.
template <size_t N>
int FindMode(std::string_view name, const std::array<const char*, N>& names) {
  if (name.substr(0, 3) == "AP_") name.remove_prefix(3);
  for (size_t i = 0; i < N; ++i) {
    if (name == names[i]) return static_cast<int>(i);
  }
  return -1;
}

bool ParseInt(std::string_view s, int64_t* out) {
  if (s.empty() || s.size() > 12) return false;
  bool neg = false;
  size_t i = 0;
  if (s[0] == '-' || s[0] == '+') {
    neg = s[0] == '-';
    i = 1;
  }
  if (i == s.size()) return false;
  int64_t v = 0;
  for (; i < s.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = neg ? -v : v;
  return true;
}

}  // namespace

std::string QuantModeName(QuantMode mode, bool ap_prefix) {
  return std::string(ap_prefix ? "AP_" : "") + kQuantNames[static_cast<int>(mode)];
}

std::string OverflowModeName(OverflowMode mode, bool ap_prefix) {
  return std::string(ap_prefix ? "AP_" : "") + kOverflowNames[static_cast<int>(mode)];
}

ErrorOr<FixedType> FixedType::Create(int64_t width, int64_t int_bits, bool is_signed,
                                     QuantMode quant, OverflowMode overflow, int64_t sat_bits) {
  if (width < 1 || width > kMaxWidth) {
    return Error("width must be between 1 and " + std::to_string(kMaxWidth) + " (got " +
                 std::to_string(width) + ")");
  }
  if (int_bits < -kMaxAbsIntBits || int_bits > kMaxAbsIntBits) {
    return Error("integer bits must be between " + std::to_string(-kMaxAbsIntBits) + " and " +
                 std::to_string(kMaxAbsIntBits) + " (got " + std::to_string(int_bits) + ")");
  }
  if (sat_bits < 0 || sat_bits > width) {
    return Error("saturation bits must be between 0 and the width " + std::to_string(width) +
                 " (got " + std::to_string(sat_bits) + ")");
  }
  if (sat_bits != 0 && overflow != OverflowMode::kWrap) {
    return Error("saturation bits are only meaningful with AP_WRAP (got " +
                 OverflowModeName(overflow) + " with " + std::to_string(sat_bits) + ")");
  }
  return FixedType{width, int_bits, is_signed, quant, overflow, sat_bits};
}

FixedType FixedType::Signed(int64_t width, int64_t int_bits) {
  return Create(width, int_bits, true).value();
}

FixedType FixedType::Unsigned(int64_t width, int64_t int_bits) {
  return Create(width, int_bits, false).value();
}

int64_t FixedType::max_raw() const {
  if (is_signed) return static_cast<int64_t>((uint64_t{1} << (width - 1)) - 1);
  return width == 64 ? int64_t{-1} : static_cast<int64_t>((uint64_t{1} << width) - 1);
}

int64_t FixedType::min_raw() const {
  return is_signed ? static_cast<int64_t>(~uint64_t{0} << (width - 1)) : 0;
}

double FixedType::max_value() const {
  double raw = is_signed || width < 64 ? static_cast<double>(max_raw())
                                       : static_cast<double>(static_cast<uint64_t>(max_raw()));
  return std::ldexp(raw, static_cast<int>(-frac_bits()));
}

double FixedType::min_value() const {
  return std::ldexp(static_cast<double>(min_raw()), static_cast<int>(-frac_bits()));
}

double FixedType::lsb() const { return std::ldexp(1.0, static_cast<int>(-frac_bits())); }

namespace {

std::string Spell(const FixedType& t, bool ap) {
  bool default_modes =
      t.quant == QuantMode::kTrn && t.overflow == OverflowMode::kWrap && t.sat_bits == 0;
  std::string prefix = ap ? "ap_" : "";
  // ap_int is never written: ap_fixed's conversion into an ap_int rounds toward zero, while
  // every loom cast follows the type's quantization mode (floor for AP_TRN), so an integer type
  // is spelled ap_fixed<W,W> in generated code.
  if (default_modes && t.is_integer() && !ap) {
    return prefix + (t.is_signed ? "int<" : "uint<") + std::to_string(t.width) + ">";
  }
  std::string out = prefix + (t.is_signed ? "fixed<" : "ufixed<") + std::to_string(t.width) + "," +
                    std::to_string(t.int_bits);
  if (!default_modes) {
    out += "," + QuantModeName(t.quant, ap) + "," + OverflowModeName(t.overflow, ap);
    if (t.sat_bits != 0) out += "," + std::to_string(t.sat_bits);
  }
  return out + ">";
}

}  // namespace

std::string FixedType::ToString() const { return Spell(*this, false); }
std::string FixedType::ToApString() const { return Spell(*this, true); }

ErrorOr<Precision> ParsePrecision(std::string_view text) {
  std::string_view s = Trim(text);
  if (s == "auto") return Precision{true, FixedType{}};
  const char* kForms =
      "expected fixed<W,I>, ufixed<W,I>, ap_fixed<W,I,Q,O,N>, int<W>, uint<W>, ap_int<W>, "
      "ap_uint<W> or auto";
  size_t open = s.find('<');
  if (open == std::string_view::npos) {
    return BadPrecision(text, "missing '<'; " + std::string(kForms));
  }
  if (s.back() != '>') return BadPrecision(text, "missing closing '>'");
  std::string_view name = Trim(s.substr(0, open));
  if (name.substr(0, 3) == "ap_") name.remove_prefix(3);
  bool is_fixed = false;
  bool is_signed = true;
  if (name == "fixed") {
    is_fixed = true;
  } else if (name == "ufixed") {
    is_fixed = true;
    is_signed = false;
  } else if (name == "int") {
  } else if (name == "uint") {
    is_signed = false;
  } else {
    return BadPrecision(
        text, "unknown type name " + Quote(Trim(s.substr(0, open))) + "; " + std::string(kForms));
  }
  std::string_view body = s.substr(open + 1, s.size() - open - 2);
  if (body.find_first_of("<>") != std::string_view::npos) {
    return BadPrecision(text, "unbalanced '<' or '>'");
  }
  std::vector<std::string_view> args;
  while (true) {
    size_t comma = body.find(',');
    args.push_back(Trim(body.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    body.remove_prefix(comma + 1);
  }
  size_t max_args = is_fixed ? 5 : 1;
  size_t min_args = is_fixed ? 2 : 1;
  if (args.size() < min_args || args.size() > max_args) {
    return BadPrecision(text, std::string(is_fixed ? "fixed types take 2 to 5 parameters "
                                                     "<width, integer bits, quantization, "
                                                     "overflow, saturation bits>"
                                                   : "integer types take one parameter <width>") +
                                  " (got " + std::to_string(args.size()) + ")");
  }
  int64_t width = 0;
  if (!ParseInt(args[0], &width)) {
    return BadPrecision(text, "width " + Quote(args[0]) + " is not an integer");
  }
  int64_t int_bits = width;
  if (is_fixed && !ParseInt(args[1], &int_bits)) {
    return BadPrecision(text, "integer bits " + Quote(args[1]) + " is not an integer");
  }
  QuantMode quant = QuantMode::kTrn;
  OverflowMode overflow = OverflowMode::kWrap;
  int64_t sat_bits = 0;
  if (args.size() > 2) {
    int q = FindMode(args[2], kQuantNames);
    if (q < 0) {
      return BadPrecision(text, "unknown quantization mode " + Quote(args[2]) +
                                    "; valid: " + JoinNames(kQuantNames));
    }
    quant = static_cast<QuantMode>(q);
  }
  if (args.size() > 3) {
    int o = FindMode(args[3], kOverflowNames);
    if (o < 0) {
      std::string hint = args[3] == "AP_WRAP_SM" || args[3] == "WRAP_SM"
                             ? "AP_WRAP_SM is not supported by loom; "
                             : "";
      return BadPrecision(text, "unknown overflow mode " + Quote(args[3]) + "; " + hint +
                                    "valid: " + JoinNames(kOverflowNames));
    }
    overflow = static_cast<OverflowMode>(o);
  }
  if (args.size() > 4 && !ParseInt(args[4], &sat_bits)) {
    return BadPrecision(text, "saturation bits " + Quote(args[4]) + " is not an integer");
  }
  ErrorOr<FixedType> type =
      FixedType::Create(width, int_bits, is_signed, quant, overflow, sat_bits);
  if (!type.ok()) return BadPrecision(text, type.error().message());
  return Precision{false, type.value()};
}

ErrorOr<FixedType> ParseFixedType(std::string_view text) {
  ErrorOr<Precision> p = ParsePrecision(text);
  if (!p.ok()) return p.error();
  if (p.value().is_auto) {
    return BadPrecision(text,
                        "'auto' is not allowed here; give an explicit type such as "
                        "fixed<16,6>");
  }
  return p.value().type;
}

}  // namespace loom::fixed
