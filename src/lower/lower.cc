// Lowering (lower.h): per layer, the decisions a backend prints and their cost.
#include "loom/lower/lower.h"

#include <algorithm>
#include <string>

#include "loom/fixed/fixed_value.h"
#include "loom/ir/conv_geometry.h"
#include "loom/ref/float_engine.h"
#include "plan/lut_tables.h"
#include "plan/plan.h"
#include "plan/quant_plan.h"

namespace loom::lower {
namespace {

using ir::OpKind;

// The weights of `w` that quantize to a nonzero raw value of type `t`.
int64_t Nonzero(const std::vector<float>& w, const fixed::FixedType& t) {
  int64_t z = 0;
  for (float v : w) z += fixed::FromDouble(v, t) != 0 ? 1 : 0;
  return z;
}

// The layer's ReuseFactor is valid for `dense` multiplications (`what` names them), or an error.
std::string CheckReuse(const LayerDecision& d, int64_t dense, const std::string& what) {
  std::vector<int64_t> valid = ValidReuseFactors(dense);
  if (std::find(valid.begin(), valid.end(), d.reuse_factor) != valid.end()) return "";
  std::string list;
  for (size_t i = 0; i < valid.size() && i < 16; ++i) {
    list += (i ? ", " : "") + std::to_string(valid[i]);
  }
  if (valid.size() > 16) list += ", ...";
  return d.node->Describe() + ": error: ReuseFactor " + std::to_string(d.reuse_factor) +
         " is not valid for " + what + " (" + std::to_string(dense) +
         " multiplications); valid: " + list;
}

void AddMatrix(LayerDecision& d, int64_t nonzero) {
  d.nonzero.push_back(nonzero);
  d.multiplier_limit.push_back((std::max<int64_t>(nonzero, 1) + d.reuse_factor - 1) /
                               d.reuse_factor);
}

// Linear layers: one matrix (dense, linear resize) or one per group (conv) of nonzero weights.
// A layer whose params or types are missing is left uncosted: its emitter reports it.
std::string LowerLinear(LayerDecision& d) {
  const ir::Node& node = *d.node;
  const int64_t n_out = ir::NumElements(node.outputs[0]->shape);
  if (node.op == OpKind::kBatchNorm) {
    d.multipliers = d.dense_multipliers = n_out;
    return "";
  }
  if (node.op == OpKind::kMatMul) {
    if (node.inputs.size() != 2 || node.inputs[0]->shape.size() < 2) return "";
    const int64_t k = node.inputs[0]->shape.back();
    d.multipliers = d.dense_multipliers = n_out * k;  // batch * m * n outputs, k products each
    return "";
  }
  auto tw = node.types.find("weight");
  if (tw == node.types.end()) return "";
  if (node.op == OpKind::kDense) {
    const ir::Tensor* w = node.param("weight");
    if (w == nullptr || w->shape.size() != 2) return "";
    const int64_t k = w->shape[0], n = w->shape[1];
    const int64_t rows = ir::NumElements(node.inputs[0]->shape) / std::max<int64_t>(k, 1);
    std::string problem = CheckReuse(d, k * n, std::to_string(k) + "x" + std::to_string(n));
    if (!problem.empty()) return problem;
    AddMatrix(d, Nonzero(w->data, tw->second));
    d.multipliers = d.nonzero[0] * rows;
    d.dense_multipliers = k * n * rows;
    return "";
  }
  if (node.op == OpKind::kConv || node.op == OpKind::kConvTranspose) {
    auto geo = ir::ConvShape(node);
    if (!geo.ok()) return "";
    const ir::ConvGeometry& g = geo.value();
    const int64_t kc = g.channels / g.group * g.kernel_volume;
    const int64_t mg = g.out_channels / g.group;
    std::string problem = CheckReuse(d, kc * mg, std::to_string(kc) + "x" + std::to_string(mg));
    if (!problem.empty()) return problem;
    for (int64_t grp = 0; grp < g.group; ++grp) {
      AddMatrix(d, Nonzero(ir::GroupWeights(node, g, grp), tw->second));
      d.multipliers += d.nonzero.back() * g.out_positions;
    }
    d.dense_multipliers = kc * mg * g.group * g.out_positions;
    return "";
  }
  if (ir::IsLinearResize(node)) {
    if (node.inputs.size() != 1) return "";
    auto map = ref::ResizeLinearMap(node, node.inputs[0]->shape, node.outputs[0]->shape);
    if (!map.ok()) return "";
    const auto taps = static_cast<int64_t>(map.value().index.size());
    std::string problem = CheckReuse(d, taps, std::to_string(taps) + " interpolation taps");
    if (!problem.empty()) return problem;
    int64_t nonzero = 0;
    for (double v : map.value().weight) nonzero += fixed::FromDouble(v, tw->second) != 0 ? 1 : 0;
    AddMatrix(d, nonzero);
    d.multipliers = nonzero;
    d.dense_multipliers = taps;
  }
  return "";
}

void LowerElementwise(LayerDecision& d) {
  const ir::Node& node = *d.node;
  const int64_t n = ir::NumElements(node.outputs[0]->shape);
  switch (node.op) {
    case OpKind::kMul:
    case OpKind::kLeakyRelu:
    case OpKind::kPRelu:
    case OpKind::kHardSigmoid:
      d.multipliers = d.dense_multipliers = n;
      break;
    case OpKind::kHardSwish:
      d.multipliers = d.dense_multipliers = 2 * n;
      break;
    case OpKind::kDiv:
      // Division by +-2^k is an exact multiplication by a constant (a shift); anything else is a
      // general division per output (plan::DivisorReciprocal decides, for the emulator too).
      if (node.inputs.size() == 2 && node.inputs[1]->type.is_fixed &&
          !plan::DivisorReciprocal(node, node.inputs[1]->type.fixed)) {
        d.dividers = n;
      }
      break;
    default:
      break;
  }
}

void LowerQuant(LayerDecision& d) {
  const ir::Node& node = *d.node;
  if (node.inputs.empty() || !node.inputs[0]->type.is_fixed) return;
  auto planned = plan::MakeQuantPlan(node, node.inputs[0]->type.fixed);
  if (!planned.ok() || planned.value().pow2) return;
  // A scale that is not a power of two: one multiplication by the scale per element.
  d.multipliers = d.dense_multipliers = static_cast<int64_t>(planned.value().elems.size());
}

void LowerLut(LayerDecision& d) {
  const ir::Node& node = *d.node;
  if (node.inputs.empty() || !node.inputs[0]->type.is_fixed) return;
  const fixed::FixedType& in = node.inputs[0]->type.fixed;
  const int64_t table_size = ir::IntAttr(node, "table_size");
  if (node.op == OpKind::kSoftmax) {
    auto p = plan::SoftmaxPlanOf(node, in, table_size);
    if (p.ok()) {
      d.table_entries = p.value().exp.size() + static_cast<int64_t>(p.value().inv.entries.size());
    }
    return;
  }
  auto f = plan::LutFunctionOf(node.op);
  auto table = node.types.find("table");
  if (!f || table == node.types.end()) return;
  auto lut = plan::BuildLut(*f, in, table->second, table_size, plan::LutParamsOf(node));
  if (lut.ok()) d.table_entries = lut.value().size();
}

}  // namespace

std::vector<int64_t> ValidReuseFactors(int64_t dense) {
  std::vector<int64_t> out;
  for (int64_t r = 1; r <= dense; ++r) {
    if (dense % r == 0) out.push_back(r);
  }
  return out;
}

const LayerDecision& Lowering::Of(const ir::Node& node) const {
  for (const LayerDecision& d : layers) {
    if (d.node == &node) return d;
  }
  LOOM_CHECK_MSG(false, "node '" + node.name + "' was not lowered");
  return layers.front();
}

ErrorOr<Lowering> Lower(const ir::Graph& graph, const config::Config& config) {
  Lowering lowering;
  std::vector<std::string> problems;
  for (const auto& node : graph.nodes()) {
    if (node->op == OpKind::kInput || node->outputs.empty()) continue;
    LayerDecision d;
    d.node = node.get();
    d.strategy = config::ResolveStrategy(config, *node);
    d.reuse_factor = config::ResolveReuseFactor(config, *node);
    d.io_type = config.io_type;
    switch (ir::FamilyOf(*node)) {
      case ir::OpFamily::kLinear:
        if (std::string p = LowerLinear(d); !p.empty()) problems.push_back(p);
        break;
      case ir::OpFamily::kElementwise:
        LowerElementwise(d);
        break;
      case ir::OpFamily::kQuant:
        LowerQuant(d);
        break;
      case ir::OpFamily::kLut:
        LowerLut(d);
        break;
      case ir::OpFamily::kSource:
      case ir::OpFamily::kPool:
      case ir::OpFamily::kMovement:
        break;
    }
    lowering.layers.push_back(std::move(d));
  }
  if (!problems.empty()) {
    std::string m;
    for (const std::string& p : problems) m += (m.empty() ? "" : "\n") + p;
    return Error(m);
  }
  return lowering;
}

}  // namespace loom::lower
