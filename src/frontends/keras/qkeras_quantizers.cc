#include "frontends/keras/qkeras_quantizers.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

namespace loom::frontends::keras_import {
namespace {

struct Spec {
  std::vector<std::string> positional;   // QKeras's constructor order
  std::map<std::string, QArg> defaults;  // every argument read, with its default
  std::set<std::string> no_effect;       // arguments that do not change inference
};

QArg N(double v) { return QArg{QArg::kNumber, v, ""}; }
QArg None() { return QArg{}; }

// From QKeras 0.9's quantizers.py (constructor signatures and __call__).
const std::map<std::string, Spec>& Specs() {
  static const std::map<std::string, Spec> kSpecs = {
      {"quantized_bits",
       {{"bits", "integer", "symmetric", "keep_negative", "alpha", "use_stochastic_rounding"},
        {{"bits", N(8)},
         {"integer", N(0)},
         {"symmetric", N(0)},
         {"keep_negative", N(1)},
         {"alpha", None()},
         {"qnoise_factor", N(1)}},
        {"use_stochastic_rounding", "scale_axis", "var_name", "use_ste", "use_variables",
         "post_training_scale"}}},
      {"quantized_relu",
       {{"bits", "integer", "use_sigmoid", "negative_slope", "use_stochastic_rounding",
         "relu_upper_bound"},
        {{"bits", N(8)},
         {"integer", N(0)},
         {"use_sigmoid", N(0)},
         {"negative_slope", N(0)},
         {"relu_upper_bound", None()},
         {"qnoise_factor", N(1)}},
        {"use_stochastic_rounding", "var_name", "use_ste", "use_variables", "is_quantized_clip"}}},
      {"quantized_tanh",
       {{"bits", "use_stochastic_rounding", "symmetric", "use_real_tanh"},
        {{"bits", N(8)}, {"symmetric", N(0)}, {"use_real_tanh", N(0)}},
        {"use_stochastic_rounding"}}},
      {"binary",
       {{"use_01", "alpha", "use_stochastic_rounding"},
        {{"use_01", N(0)}, {"alpha", None()}},
        {"use_stochastic_rounding"}}},
      {"quantized_po2",
       {{"bits", "max_value", "use_stochastic_rounding", "quadratic_approximation",
         "log2_rounding"},
        {{"bits", N(8)},
         {"max_value", None()},
         {"quadratic_approximation", N(0)},
         {"log2_rounding", QArg{QArg::kString, 0, "rnd"}},
         {"qnoise_factor", N(1)}},
        {"use_stochastic_rounding", "var_name", "use_ste", "use_variables"}}},
      {"quantized_relu_po2",
       {{"bits", "max_value", "negative_slope", "use_stochastic_rounding",
         "quadratic_approximation", "log2_rounding"},
        {{"bits", N(8)},
         {"max_value", None()},
         {"negative_slope", N(0)},
         {"quadratic_approximation", N(0)},
         {"log2_rounding", QArg{QArg::kString, 0, "rnd"}},
         {"qnoise_factor", N(1)}},
        {"use_stochastic_rounding", "var_name", "use_ste", "use_variables"}}},
      {"ternary",
       {{"alpha", "threshold", "use_stochastic_rounding", "number_of_unrolls"},
        {{"alpha", None()}, {"threshold", None()}},
        {"use_stochastic_rounding", "number_of_unrolls"}}},
  };
  return kSpecs;
}

std::string ArgText(const QArg& a) {
  if (a.kind == QArg::kNone) return "None";
  if (a.kind == QArg::kString) return "'" + a.text + "'";
  char buf[32];
  snprintf(buf, sizeof(buf), "%g", a.number);
  return buf;
}

// A tiny tokenizer for "name(arg, key=value, ...)".
class CallParser {
 public:
  explicit CallParser(const std::string& s) : s_(s) {}
  ErrorOr<Quantizer> Parse() {
    Skip();
    std::string name = Ident();
    if (name.empty()) return Error("'" + s_ + "' is not a quantizer call");
    Skip();
    std::vector<QArg> positional;
    std::map<std::string, QArg> named;
    if (Peek() == '(') {
      ++i_;
      Skip();
      while (Peek() != ')') {
        if (i_ >= s_.size()) return Error("'" + s_ + "': missing ')'");
        size_t save = i_;
        std::string key = Ident();
        Skip();
        if (!key.empty() && Peek() == '=') {
          ++i_;
          Skip();
        } else {
          i_ = save;
          key.clear();
        }
        ErrorOr<QArg> v = Value();
        if (!v.ok()) return v.error();
        if (key.empty()) {
          if (!named.empty()) return Error("'" + s_ + "': a positional argument after a named one");
          positional.push_back(v.value());
        } else {
          named[key] = v.value();
        }
        Skip();
        if (i_ >= s_.size()) return Error("'" + s_ + "': missing ')'");
        if (Peek() == ',') {
          ++i_;
          Skip();
        } else if (Peek() != ')') {
          return Error("'" + s_ + "': expected ',' or ')'");
        }
      }
      ++i_;
      Skip();
    }
    if (i_ != s_.size()) return Error("'" + s_ + "': unexpected text after the call");
    auto spec = Specs().find(name);
    if (spec == Specs().end()) return MakeQuantizer(name, named);
    if (positional.size() > spec->second.positional.size()) {
      return Error("'" + s_ + "': too many arguments for " + name);
    }
    for (size_t k = 0; k < positional.size(); ++k) {
      const std::string& key = spec->second.positional[k];
      if (named.count(key)) return Error("'" + s_ + "': argument '" + key + "' given twice");
      named[key] = positional[k];
    }
    return MakeQuantizer(name, named);
  }

 private:
  char Peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
  void Skip() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  std::string Ident() {
    std::string out;
    while (i_ < s_.size() &&
           (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_' || s_[i_] == '.')) {
      out += s_[i_++];
    }
    if (!out.empty() && std::isdigit(static_cast<unsigned char>(out[0]))) {
      i_ -= out.size();
      return "";
    }
    return out;
  }
  ErrorOr<QArg> Value() {
    char c = Peek();
    if (c == '\'' || c == '"') {
      size_t end = s_.find(c, i_ + 1);
      if (end == std::string::npos) return Error("'" + s_ + "': unterminated string");
      QArg a{QArg::kString, 0, s_.substr(i_ + 1, end - i_ - 1)};
      i_ = end + 1;
      return a;
    }
    size_t start = i_;
    while (i_ < s_.size() && s_[i_] != ',' && s_[i_] != ')') ++i_;
    std::string t = s_.substr(start, i_ - start);
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.pop_back();
    if (t == "True") return N(1);
    if (t == "False") return N(0);
    if (t == "None") return None();
    char* end = nullptr;
    double v = std::strtod(t.c_str(), &end);
    if (t.empty() || end != t.c_str() + t.size() || !std::isfinite(v)) {
      return Error("'" + s_ + "': '" + t + "' is not a number, True, False, None or a string");
    }
    return N(v);
  }

  const std::string& s_;
  size_t i_ = 0;
};

float RoundHalfEven(float v) { return std::nearbyint(v); }  // the default FE_TONEAREST

// QKeras's _clip_power_of_two in float32, as TensorFlow computes it: the exponent of |x| rounded
// (or floored) in the log domain, clipped to [min_exp, max_exp]; |x| below K.epsilon() gives
// min_exp.
float ClipPowerOfTwo(float x_abs, int min_exp, int max_exp, const QArg& max_value, bool quadratic,
                     bool floor_rounding) {
  const float eps = 1e-7f;
  if (x_abs < eps) return static_cast<float>(min_exp);
  float x = x_abs;
  if (max_value.kind == QArg::kNumber && x >= static_cast<float>(max_value.number)) {
    x = static_cast<float>(max_value.number);
  }
  float q = quadratic ? 2.0f : 1.0f;
  float in = quadratic ? std::sqrt(x) : x;
  float l = std::log(in) / static_cast<float>(0.693147180559945309417);
  l = floor_rounding ? std::floor(l) : RoundHalfEven(l);
  return q * std::clamp(l, static_cast<float>(min_exp), static_cast<float>(max_exp));
}

// quantized_po2 / quantized_relu_po2's exponent range (_need_exponent_sign_bit_check and
// _get_min_max_exponents; quantized_relu_po2 has no sign bit to subtract).
std::pair<int, int> Po2Range(const Quantizer& q, bool relu) {
  int need_sign = 1;
  if (q.args.at("max_value").kind == QArg::kNumber) need_sign = q.Num("max_value") > 1 ? 1 : 0;
  int bits = static_cast<int>(q.Num("bits")) - (relu ? 0 : 1);
  int effect = std::clamp(bits - need_sign, 0, 30);
  int min_exp = -(1 << effect);
  int max_exp = (1 << effect) - 1;
  if (q.Num("quadratic_approximation") != 0) max_exp = 2 * (max_exp / 2);
  return {min_exp, max_exp};
}

}  // namespace

double Quantizer::Num(const std::string& key) const {
  auto it = args.find(key);
  return it == args.end() || it->second.kind != QArg::kNumber ? 0.0 : it->second.number;
}

bool Quantizer::IsNone(const std::string& key) const {
  auto it = args.find(key);
  return it == args.end() || it->second.kind == QArg::kNone;
}

std::string Quantizer::Text() const {
  std::string out = cls + "(";
  bool first = true;
  for (const auto& [k, v] : args) {
    out += (first ? "" : ", ") + k + "=" + ArgText(v);
    first = false;
  }
  return out + ")";
}

const std::vector<std::string>& KnownQuantizers() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> n;
    for (const auto& [k, v] : Specs()) n.push_back(k);
    return n;
  }();
  return kNames;
}

bool LooksLikeQuantizerCall(const std::string& name) {
  if (name.find('(') != std::string::npos) return true;
  return Specs().count(name) != 0;
}

ErrorOr<Quantizer> MakeQuantizer(const std::string& cls, const std::map<std::string, QArg>& given) {
  auto spec = Specs().find(cls);
  if (spec == Specs().end()) {
    std::string known;
    for (const std::string& k : KnownQuantizers()) known += (known.empty() ? "" : ", ") + k;
    return Error("unsupported quantizer " + cls + " (loom reads " + known + ")");
  }
  Quantizer q;
  q.cls = cls;
  q.args = spec->second.defaults;
  std::string unknown;
  for (const auto& [k, v] : given) {
    if (spec->second.defaults.count(k)) {
      q.args[k] = v;
    } else if (!spec->second.no_effect.count(k)) {
      unknown += (unknown.empty() ? "" : ", ") + k;
    }
  }
  if (!unknown.empty()) return Error(cls + ": unknown argument(s) " + unknown);
  if (q.args.count("qnoise_factor") && q.Num("qnoise_factor") != 1.0) {
    return Error(cls + ": qnoise_factor " + ArgText(q.args["qnoise_factor"]) +
                 " (a partly quantized forward pass) is not supported; loom reads 1");
  }
  q.args.erase("qnoise_factor");
  if (q.args.count("bits") &&
      (q.Num("bits") < 1 || q.Num("bits") > 32 || q.Num("bits") != std::floor(q.Num("bits")))) {
    return Error(cls + ": bits must be a whole number from 1 to 32");
  }
  if (q.args.count("integer") &&
      (std::fabs(q.Num("integer")) > 64 || q.Num("integer") != std::floor(q.Num("integer")))) {
    return Error(cls + ": integer must be a whole number from -64 to 64");
  }
  return q;
}

ErrorOr<Quantizer> ParseQuantizerCall(const std::string& text) { return CallParser(text).Parse(); }

namespace {

// quantized_bits with alpha 'auto' / 'auto_po2' (QKeras 0.9 quantized_bits.__call__ and
// _get_scale): per channel, a scale from the largest |x| (po2: rounded to a power of two, then
// refined five times by least squares between x and its quantized levels), levels z in
// +-levels/2, result m_i * z * scale.
std::vector<float> AutoAlpha(const Quantizer& q, const std::vector<float>& values, int64_t channels,
                             bool po2) {
  const int bits = static_cast<int>(q.Num("bits"));
  const float m_i = std::ldexp(1.0f, static_cast<int>(q.Num("integer")));
  // A string alpha makes the quantizer symmetric.
  const float levels = static_cast<float>(((int64_t{1} << (bits - 1)) - 1) * 2);
  const float eps = 1e-7f;
  const size_t n = values.size();
  const auto c = static_cast<size_t>(std::max<int64_t>(channels, 1));
  std::vector<float> x(n);
  for (size_t i = 0; i < n; ++i) x[i] = values[i] / m_i;
  auto po2_round = [&](float s) {
    return std::exp2(
        RoundHalfEven(std::log(s + eps) / static_cast<float>(0.693147180559945309417)));
  };
  std::vector<float> scale(c, 0.0f);
  for (size_t i = 0; i < n; ++i) scale[i % c] = std::max(scale[i % c], std::fabs(x[i]));
  for (float& s : scale) s = s * 2 / levels;
  std::vector<float> z(n);
  auto levels_of = [&] {
    for (size_t i = 0; i < n; ++i) {
      float v = std::floor(std::fabs(x[i]) / scale[i % c] + 0.5f);
      float sign = x[i] > 0 ? 1.0f : x[i] < 0 ? -1.0f : 0.0f;
      z[i] = sign * (v < levels / 2 ? v : levels / 2);
    }
  };
  if (po2) {
    for (float& s : scale) s = po2_round(s);
    for (int iter = 0; iter < 5; ++iter) {
      levels_of();
      std::vector<double> qx(c, 0.0), qq(c, 0.0);
      for (size_t i = 0; i < n; ++i) {
        qx[i % c] += static_cast<double>(x[i]) * z[i];
        qq[i % c] += static_cast<double>(z[i]) * z[i];
      }
      const double per = static_cast<double>(n / c);
      for (size_t k = 0; k < c; ++k) {
        float mean_qx = static_cast<float>(qx[k] / per), mean_qq = static_cast<float>(qq[k] / per);
        scale[k] = po2_round(mean_qx / (mean_qq + eps));
      }
    }
  }
  levels_of();
  std::vector<float> out(n);
  for (size_t i = 0; i < n; ++i) out[i] = m_i * z[i] * scale[i % c];
  return out;
}

}  // namespace

ErrorOr<std::vector<float>> FoldWeights(const Quantizer& q, const std::vector<float>& values,
                                        int64_t channels) {
  std::vector<float> out(values.size());
  if (q.cls == "quantized_bits" && q.args.at("alpha").kind == QArg::kString) {
    const std::string& a = q.args.at("alpha").text;
    if (a != "auto" && a != "auto_po2") {
      return Error("quantized_bits: alpha='" + a + "' (QKeras reads 'auto' or 'auto_po2')");
    }
    if (q.Num("bits") < 2) return Error("quantized_bits: alpha='" + a + "' needs 2 bits or more");
    if (channels < 1 || values.size() % static_cast<size_t>(channels) != 0) {
      return Error("quantized_bits: the weight does not split into " + std::to_string(channels) +
                   " channels");
    }
    return AutoAlpha(q, values, channels, a == "auto_po2");
  }
  auto scale_of = [&](const char* key) -> ErrorOr<float> {
    auto it = q.args.find(key);
    if (it == q.args.end() || it->second.kind == QArg::kNone) return 1.0f;
    if (it->second.kind == QArg::kString) {
      return Error(q.cls + ": alpha='" + it->second.text +
                   "' (per-channel scales computed from the weights) is not supported yet; "
                   "use a numeric alpha or None");
    }
    return static_cast<float>(it->second.number);
  };
  if (q.cls == "quantized_bits") {
    ErrorOr<float> alpha = scale_of("alpha");
    if (!alpha.ok()) return alpha.error();
    int keep = q.Num("keep_negative") != 0 ? 1 : 0;
    int unsigned_bits = static_cast<int>(q.Num("bits")) - keep;
    float m = std::ldexp(1.0f, unsigned_bits);
    float m_i = std::ldexp(1.0f, static_cast<int>(q.Num("integer")));
    float lo = keep * (-m + static_cast<float>(q.Num("symmetric") != 0 ? 1 : 0));
    for (size_t i = 0; i < values.size(); ++i) {
      float xq;
      if (unsigned_bits > 0) {
        float p = values[i] * m / m_i;
        xq = m_i * std::clamp(RoundHalfEven(p), lo, m - 1) / m;
      } else {
        xq = values[i] > 0 ? 1.0f : values[i] < 0 ? -1.0f : 0.0f;
        xq += 1.0f - std::fabs(xq);
        if (!keep) xq = (xq + 1.0f) / 2.0f;
      }
      out[i] = alpha.value() * xq;
    }
    return out;
  }
  if (q.cls == "binary") {
    ErrorOr<float> alpha = scale_of("alpha");
    if (!alpha.ok()) return alpha.error();
    for (size_t i = 0; i < values.size(); ++i) {
      float k = values[i] < 0 ? -1.0f : 1.0f;  // sign(0) + (1 - |sign(0)|) = 1
      if (q.Num("use_01") != 0) k = (k + 1.0f) / 2.0f;
      out[i] = alpha.value() * k;
    }
    return out;
  }
  if (q.cls == "ternary") {
    ErrorOr<float> alpha = scale_of("alpha");
    if (!alpha.ok()) return alpha.error();
    if (q.args.at("threshold").kind == QArg::kString) {
      return Error("ternary: a string threshold is not supported");
    }
    float thr = q.IsNone("threshold") ? 0.33f : static_cast<float>(q.Num("threshold"));
    for (size_t i = 0; i < values.size(); ++i) {
      float s = values[i] > 0 ? 1.0f : values[i] < 0 ? -1.0f : 0.0f;
      out[i] = alpha.value() * (std::fabs(values[i]) >= thr ? s : 0.0f);
    }
    return out;
  }
  if (q.cls == "quantized_po2" || q.cls == "quantized_relu_po2") {
    bool relu = q.cls == "quantized_relu_po2";
    const QArg& rounding = q.args.at("log2_rounding");
    if (rounding.kind != QArg::kString || (rounding.text != "rnd" && rounding.text != "floor")) {
      return Error(q.cls + ": log2_rounding must be 'rnd' or 'floor'");
    }
    if (q.args.at("max_value").kind == QArg::kString ||
        (q.args.at("max_value").kind == QArg::kNumber && q.Num("max_value") < 0)) {
      return Error(q.cls + ": max_value must be a non-negative number or None");
    }
    auto [min_exp, max_exp] = Po2Range(q, relu);
    bool quad = q.Num("quadratic_approximation") != 0;
    bool floor_rounding = rounding.text == "floor";
    float slope = relu ? static_cast<float>(q.Num("negative_slope")) : 0.0f;
    for (size_t i = 0; i < values.size(); ++i) {
      float x = values[i];
      if (!relu) {
        float sign = x < 0 ? -1.0f : 1.0f;  // sign(0) + (1 - |sign(0)|) = 1
        out[i] = sign * std::exp2(ClipPowerOfTwo(std::fabs(x), min_exp, max_exp,
                                                 q.args.at("max_value"), quad, floor_rounding));
      } else if (x >= 0 || slope == 0) {
        out[i] = std::exp2(ClipPowerOfTwo(std::max(x, 0.0f), min_exp, max_exp,
                                          q.args.at("max_value"), quad, floor_rounding));
      } else {
        out[i] = -std::exp2(ClipPowerOfTwo(-x * slope, min_exp, max_exp, q.args.at("max_value"),
                                           quad, floor_rounding));
      }
    }
    return out;
  }
  return Error(q.cls +
               " is not a weight quantizer loom folds (it reads quantized_bits, binary, "
               "ternary, quantized_po2 and quantized_relu_po2 on weights)");
}

std::optional<Grid> ExactGrid(const std::vector<float>& values) {
  int low = 1000;
  double largest = 0;
  for (float v : values) {
    if (!std::isfinite(v)) return std::nullopt;
    if (v == 0) continue;
    int e = 0;
    double f = std::frexp(static_cast<double>(v), &e);  // v = f * 2^e, 0.5 <= |f| < 1
    auto mant = static_cast<int64_t>(std::ldexp(std::fabs(f), 53));
    int shift = 53;
    while ((mant & 1) == 0) {
      mant >>= 1;
      --shift;
    }
    low = std::min(low, e - shift);
    largest = std::max(largest, std::fabs(static_cast<double>(v)));
  }
  Grid g;
  if (low == 1000) return g;  // all zeros
  g.exponent = low;
  double k = std::ldexp(largest, -low);  // the largest |k|, exact
  int bits = 1;
  while (std::ldexp(1.0, bits - 1) <= k) ++bits;  // |k| <= 2^(bits-1) - 1
  if (bits > 32) return std::nullopt;
  g.bits = std::max(bits, 2);
  return g;
}

}  // namespace loom::frontends::keras_import
