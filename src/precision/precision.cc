// Precision assignment: configuration, quantizer-derived, exact and calibrated types.
#include "loom/precision/precision.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "loom/ref/float_engine.h"
#include "plan/plan.h"
#include "plan/quant_plan.h"
#include "plan/type_rules.h"

namespace loom::precision {

using fixed::FixedType;
using plan::AutoParamType;
using plan::FitType;
using plan::MakeQuantPlan;
using plan::NodeError;
using plan::QuantElem;
using plan::QuantKind;
using plan::Rounding;
using plan::TypeKey;

ErrorOr<ValueRanges> Calibrate(const ir::Graph& graph, const std::vector<const float*>& inputs,
                               int64_t n) {
  if (inputs.size() != graph.inputs().size()) {
    return Error("calibration data has " + std::to_string(inputs.size()) +
                 " inputs; the model has " + std::to_string(graph.inputs().size()));
  }
  ValueRanges ranges;
  auto note = [&](const ir::Value* v, const ir::Tensor& t) {
    auto [it, fresh] = ranges.try_emplace(v->name, INFINITY, -INFINITY);
    (void)fresh;
    for (float f : t.data) {
      if (!std::isfinite(f)) continue;
      it->second.first = std::min(it->second.first, static_cast<double>(f));
      it->second.second = std::max(it->second.second, static_cast<double>(f));
    }
  };
  for (int64_t s = 0; s < n; ++s) {
    std::map<const ir::Value*, ir::Tensor> values;
    for (size_t i = 0; i < inputs.size(); ++i) {
      const ir::Value* v = graph.inputs()[i];
      int64_t numel = ir::NumElements(v->shape);
      ir::Tensor t(v->shape,
                   std::vector<float>(inputs[i] + s * numel, inputs[i] + (s + 1) * numel));
      note(v, t);
      values[v] = std::move(t);
    }
    for (const auto& node : graph.nodes()) {
      if (node->op == ir::OpKind::kInput) continue;
      std::vector<const ir::Tensor*> args;
      for (const ir::Value* v : node->inputs) args.push_back(&values.at(v));
      auto out = ref::EvaluateNode(*node, args);
      if (!out.ok()) return out.error();
      for (size_t o = 0; o < node->outputs.size(); ++o) {
        note(node->outputs[o], out.value()[o]);
        values[node->outputs[o]] = std::move(out.value()[o]);
      }
    }
  }
  return ranges;
}

namespace {

// Exact result types up to this width are kept by "auto"; wider ones fall back (see below).
constexpr int64_t kAutoResultWidth = 32;
// In a quantization-aware model (one with quantizer nodes) exact types are kept up to the
// kernels' limit: the model's quantizers define its values, and a narrower fallback between two
// quantizers would wrap values the trained model never wraps.
constexpr int64_t kQuantizedResultWidth = 64;

// Quantizers (QONNX Quant, BipolarQuant, Trunc, FloatQuant; ONNX Quantize/DequantizeLinear): the
// op table's quant family.
bool IsQuantizer(ir::OpKind op) { return ir::Info(op).family == ir::OpFamily::kQuant; }

// The explicit "result" precision of a LayerName entry for this node, if any.
std::optional<fixed::Precision> NamedResult(const config::Config& config, const ir::Node& node) {
  for (const std::string& name : config::LayerNames(node)) {
    auto it = config.layer_name.find(name);
    if (it == config.layer_name.end()) continue;
    auto p = it->second.precision.find("result");
    if (p != it->second.precision.end()) return p->second;
  }
  return std::nullopt;
}

std::string Where(const config::Config& config, const ir::Node& node, const std::string& key) {
  for (const std::string& name : config::LayerNames(node)) {
    auto it = config.layer_name.find(name);
    if (it != config.layer_name.end() &&
        (it->second.precision.count(key) || it->second.precision.count("default"))) {
      return "config LayerName '" + name + "'";
    }
  }
  for (const std::string& type : config::TypeNames(node)) {
    auto it = config.layer_type.find(type);
    if (it != config.layer_type.end() &&
        (it->second.precision.count(key) || it->second.precision.count("default"))) {
      return "config LayerType '" + type + "'";
    }
  }
  return "config Model";
}

// The type of a graph input whose every user is a QONNX Quant onto the same power-of-two grid, with
// zero point 0 and a clip range that is a whole fixed type: that type, rounding and saturating as
// the quantizer does. Converting the input then is the quantizer, exact for every float input; any
// other finite type rounds twice (once on input, once in the quantizer) and flips values near the
// quantizer's rounding ties. nullopt when the users do not allow it.
std::optional<FixedType> QuantizerInputType(const ir::Graph& graph, const ir::Value* v) {
  std::optional<FixedType> common;
  const std::vector<ir::Node*> users = graph.Users(v);
  if (users.empty()) return std::nullopt;
  for (const ir::Node* user : users) {
    if (user->op != ir::OpKind::kQuant || user->inputs[0] != v) return std::nullopt;
    auto plan = MakeQuantPlan(*user, FixedType::Signed(32, 16));
    if (!plan.ok() || plan.value().kind != QuantKind::kQuant || plan.value().elems.empty()) {
      return std::nullopt;
    }
    const QuantElem& p = plan.value().elems[0];
    for (const QuantElem& q : plan.value().elems) {
      if (q.scale.m != p.scale.m || q.scale.e != p.scale.e || q.zero != p.zero || q.lo != p.lo ||
          q.hi != p.hi) {
        return std::nullopt;
      }
    }
    if (p.scale.m != 1 || p.zero != 0) return std::nullopt;
    fixed::QuantMode quant{};
    switch (plan.value().rounding) {
      case Rounding::kHalfEven:
        quant = fixed::QuantMode::kRndConv;
        break;
      case Rounding::kFloor:
        quant = fixed::QuantMode::kTrn;
        break;
      case Rounding::kToZero:
        quant = fixed::QuantMode::kTrnZero;
        break;
      default:
        return std::nullopt;  // ap_fixed has no rounding toward plus infinity
    }
    // [lo, hi] must be a whole type: b-bit two's complement (or its symmetric form) or unsigned.
    int64_t bits = 0;
    while (bits < 63 && (int64_t{1} << bits) <= p.hi) ++bits;
    const bool is_signed = p.lo < 0;
    fixed::OverflowMode overflow = fixed::OverflowMode::kSat;
    if (is_signed && p.lo == -p.hi) {
      overflow = fixed::OverflowMode::kSatSym;
    } else if (is_signed ? p.lo != -(p.hi + 1) : p.lo != 0) {
      return std::nullopt;
    }
    if (p.hi != (int64_t{1} << bits) - 1) return std::nullopt;
    const int64_t width = bits + (is_signed ? 1 : 0);
    auto t = FixedType::Create(width, width + p.scale.e, is_signed, quant, overflow);
    if (!t.ok() || (common && !(*common == t.value()))) return std::nullopt;
    common = t.value();
  }
  return common;
}

std::string RangeText(double lo, double hi) {
  std::ostringstream os;
  os << "calibrated [" << lo << ", " << hi << "]";
  return os.str();
}

// Integer bits from the observed range, `frac` fraction bits.
ErrorOr<FixedType> CalibratedType(double lo, double hi, int64_t frac, const ir::Node& node) {
  if (!(lo <= hi)) {
    lo = 0;
    hi = 0;
  }
  FixedType fit = FitType(std::min(lo, 0.0), std::max(hi, 0.0), 16);
  int64_t width = fit.int_bits + frac;
  if (width < 1) width = 1;
  if (width > fixed::kMaxWidth) {
    return NodeError(node, "the calibrated range needs " + std::to_string(width) +
                               " bits; lower --calibration-frac-bits or set a precision");
  }
  auto t = FixedType::Create(width, fit.int_bits, fit.is_signed);
  if (!t.ok()) return NodeError(node, t.error().message());
  return t.value();
}

}  // namespace

ErrorOr<std::vector<PrecisionChoice>> AssignPrecision(ir::Graph& graph,
                                                      const PrecisionOptions& options) {
  static const config::Config kEmpty;
  const config::Config& config = options.config ? *options.config : kEmpty;
  std::vector<PrecisionChoice> choices;
  std::vector<std::string> problems;
  auto resolve = [&](const ir::Node& node, const std::string& key) {
    return config::ResolvePrecision(config, node, key);
  };
  auto range_of = [&](const ir::Value* v) -> const std::pair<double, double>* {
    if (options.ranges == nullptr) return nullptr;
    auto it = options.ranges->find(v->name);
    return it == options.ranges->end() ? nullptr : &it->second;
  };

  bool quantization_aware = false;
  for (const auto& n : graph.nodes()) quantization_aware = quantization_aware || IsQuantizer(n->op);
  const int64_t auto_limit = quantization_aware ? kQuantizedResultWidth : kAutoResultWidth;
  for (const auto& owned : graph.nodes()) {
    ir::Node& node = *owned;
    if (node.op == ir::OpKind::kInput) {
      ir::Value* v = node.outputs[0];
      node.attrs.Erase("saturation_is_quantizer_clip");
      auto p = resolve(node, "result");
      FixedType t = FixedType::Signed(16, 6);
      std::string source = "default fixed<16,6>";
      if (p && !p->is_auto) {
        t = p->type;
        source = Where(config, node, "result");
      } else if (auto q = QuantizerInputType(graph, v)) {
        t = *q;
        source = "auto: the grid of quantizer '" + graph.Users(v)[0]->name + "'";
        node.attrs.Set("saturation_is_quantizer_clip", int64_t{1});
      } else if (const auto* r = range_of(v)) {
        auto c = CalibratedType(r->first, r->second, options.calibration_frac_bits, node);
        if (!c.ok()) {
          problems.push_back(c.error().message());
          continue;
        }
        t = c.value();
        source = RangeText(r->first, r->second);
      }
      v->type = {true, t};
      choices.push_back({node.name, "result", t, source});
      continue;
    }
    const plan::TypeRules& rules = plan::TypeRulesFor(node);
    std::vector<FixedType> inputs;
    bool inputs_typed = true;
    for (const ir::Value* v : node.inputs) {
      inputs_typed &= v->type.is_fixed;
      inputs.push_back(v->type.fixed);
    }
    if (!inputs_typed) continue;  // an earlier problem; already reported
    node.types.clear();
    bool ok = true;
    for (const TypeKey& key : rules.type_keys(node)) {
      auto p = resolve(node, key.key);
      if (p && !p->is_auto) {
        node.types[key.key] = p->type;
        choices.push_back({node.name, key.key, p->type, Where(config, node, key.key)});
        continue;
      }
      if (!key.param.empty()) {
        const ir::Tensor* t = node.param(key.param);
        if (t == nullptr) {
          problems.push_back(node.Describe() + ": error: missing param '" + key.param + "'");
          ok = false;
          break;
        }
        auto [type, exact] = AutoParamType(t->data);
        node.types[key.key] = type;
        choices.push_back({node.name, key.key, type,
                           exact ? "auto: exact" : "auto: 16 bits for the largest magnitude"});
        continue;
      }
      auto t = rules.auto_node_type(node, key.key, inputs);
      if (!t.ok()) {
        problems.push_back(t.error().message());
        ok = false;
        break;
      }
      node.types[key.key] = t.value();
      choices.push_back(
          {node.name, key.key, t.value(), key.key == "accum" ? "auto: cannot overflow" : "auto"});
    }
    if (!ok) continue;
    if (auto ts = config::ResolveTableSize(config, node)) node.attrs.Set("table_size", *ts);

    std::optional<fixed::Precision> p =
        IsQuantizer(node.op) ? NamedResult(config, node) : resolve(node, "result");
    if (p && !p->is_auto) {
      for (ir::Value* v : node.outputs) v->type = {true, p->type};
      choices.push_back({node.name, "result", p->type, Where(config, node, "result")});
      continue;
    }
    auto exact = rules.auto_result(node, inputs);
    // The fallback when the exact type is too wide and there is no calibration data: the
    // configuration's default precision for this node, else hls4ml's fixed<16,6>.
    FixedType fallback = FixedType::Signed(16, 6);
    std::string fallback_source = "default fixed<16,6>";
    if (auto d = resolve(node, "default"); d && !d->is_auto) {
      fallback = d->type;
      fallback_source = Where(config, node, "default");
    }
    for (size_t o = 0; o < node.outputs.size(); ++o) {
      ir::Value* v = node.outputs[o];
      const auto* r = IsQuantizer(node.op) ? nullptr : range_of(v);
      std::optional<FixedType> chosen;
      std::string source;
      if (exact.ok() && (IsQuantizer(node.op) || exact.value()[o].width <= auto_limit)) {
        chosen = exact.value()[o];
        source = "auto: exact";
      }
      if (r != nullptr) {
        auto c = CalibratedType(r->first, r->second, options.calibration_frac_bits, node);
        if (c.ok() && (!chosen || c.value().width < chosen->width)) {
          chosen = c.value();
          source = RangeText(r->first, r->second);
        }
      }
      if (!chosen && IsQuantizer(node.op)) {
        problems.push_back(exact.error().message());
        break;
      }
      if (!chosen) {
        chosen = fallback;
        source = fallback_source +
                 (exact.ok() ? " (exact needs " + std::to_string(exact.value()[o].width) + " bits)"
                             : " (no exact type)");
      }
      v->type = {true, *chosen};
      choices.push_back(
          {node.name, node.outputs.size() == 1 ? "result" : "result:" + v->name, *chosen, source});
    }
  }
  if (!problems.empty()) {
    std::string message;
    for (const std::string& p2 : problems) message += (message.empty() ? "" : "\n") + p2;
    return Error(message);
  }
  return choices;
}

}  // namespace loom::precision
