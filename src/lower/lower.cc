// Lowering (lower.h): per layer, the decisions a backend prints and their cost.
#include "loom/lower/lower.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

#include "loom/fixed/fixed_value.h"
#include "loom/ir/conv_geometry.h"
#include "loom/ref/float_engine.h"
#include "plan/lut_tables.h"
#include "plan/plan.h"
#include "plan/quant_plan.h"

namespace loom::lower {
namespace {

using ir::OpKind;

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

// Whether additions into `acc` give the same result in any order (a wrapping accumulator).
bool OrderFree(const fixed::FixedType& acc) {
  return acc.overflow == fixed::OverflowMode::kWrap && acc.sat_bits == 0;
}

// Adds one matrix; `per_output` holds its nonzero products per output. The Resource kernel
// (loom_dense.h) lays the products out output-major in lanes of reuse_factor slots; an output whose
// products share a step across two lanes adds them in another order than the emulator, which only
// a wrapping accumulator allows. Returns the problem, or "".
std::string AddMatrix(LayerDecision& d, const std::vector<int64_t>& per_output) {
  int64_t nonzero = 0;
  for (int64_t c : per_output) nonzero += c;
  d.nonzero.push_back(nonzero);
  d.multiplier_limit.push_back((std::max<int64_t>(nonzero, 1) + d.reuse_factor - 1) /
                               d.reuse_factor);
  const ir::Node& node = *d.node;
  auto acc = node.types.find("accum");
  if (d.strategy != config::Strategy::kResource || acc == node.types.end() ||
      OrderFree(acc->second)) {
    return "";
  }
  int64_t start = 0;
  for (size_t j = 0; j < per_output.size(); ++j) {
    const int64_t c = per_output[j];
    if (c > 1 && start / d.reuse_factor != (start + c - 1) / d.reuse_factor) {
      return node.Describe() + ": error: the Resource strategy with ReuseFactor " +
             std::to_string(d.reuse_factor) + " adds output " + std::to_string(j) +
             "'s products in two multipliers at once, which changes the order of additions into "
             "the saturating accumulator " +
             acc->second.ToString() +
             "; give the layer a wrapping accum type (AP_WRAP), a ReuseFactor of at least its " +
             std::to_string(c) + " products per output, or the Latency strategy";
    }
    start += c;
  }
  return "";
}

// The multipliers one instance of matrix `i`'s kernel builds: its limit (Latency: the ALLOCATION of
// ceil(nonzero / RF); Resource: the lanes), none without a nonzero weight.
int64_t Built(const LayerDecision& d, size_t i) {
  return d.nonzero.at(i) == 0 ? 0 : d.multiplier_limit.at(i);
}

// Nonzero weights per output of a K x N row-major matrix quantized to `t`.
std::vector<int64_t> PerOutput(const std::vector<float>& w, int64_t k, int64_t n,
                               const fixed::FixedType& t) {
  std::vector<int64_t> counts(static_cast<size_t>(n), 0);
  for (int64_t i = 0; i < k; ++i) {
    for (int64_t j = 0; j < n; ++j) counts[j] += fixed::FromDouble(w[i * n + j], t) != 0 ? 1 : 0;
  }
  return counts;
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
  const bool resource = d.strategy == config::Strategy::kResource;
  if (node.op == OpKind::kDense) {
    const ir::Tensor* w = node.param("weight");
    if (w == nullptr || w->shape.size() != 2) return "";
    const int64_t k = w->shape[0], n = w->shape[1];
    const int64_t rows = ir::NumElements(node.inputs[0]->shape) / std::max<int64_t>(k, 1);
    std::string problem = CheckReuse(d, k * n, std::to_string(k) + "x" + std::to_string(n));
    if (!problem.empty()) return problem;
    problem = AddMatrix(d, PerOutput(w->data, k, n, tw->second));
    if (!problem.empty()) return problem;
    // Each row's kernel has its multiplier limit (Latency's ALLOCATION, Resource's lanes); an
    // io_stream dense takes its rows one beat at a time on one kernel.
    const bool stream = d.io_type == config::IOType::kStream;
    d.multipliers = Built(d, 0) * (stream ? 1 : rows);
    if (stream) d.interval = d.reuse_factor * std::max<int64_t>(rows, 1);
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
    int64_t per_position = 0;
    for (int64_t grp = 0; grp < g.group; ++grp) {
      problem = AddMatrix(d, PerOutput(ir::GroupWeights(node, g, grp), kc, mg, tw->second));
      if (!problem.empty()) return problem;
      per_position += Built(d, grp);
    }
    d.dense_multipliers = kc * mg * g.group * g.out_positions;
    // Positions computed at once: the configured ParallelizationFactor (a divisor of the output
    // positions), else the most that keep the layer within kDefaultConvMultipliers. Resource takes
    // the positions in turn on its lanes.
    const int64_t positions = std::max<int64_t>(g.out_positions, 1);
    if (d.io_type == config::IOType::kStream) {
      // io_stream: one output pixel at a time through a line buffer (loom_stream.h); the layer
      // takes a grid pixel every ReuseFactor cycles.
      if (d.parallelization_asked && *d.parallelization_asked != 1) {
        return node.Describe() + ": error: ParallelizationFactor " +
               std::to_string(*d.parallelization_asked) +
               " applies to io_parallel; an io_stream convolution computes one output pixel at a "
               "time (remove the key, or use io_parallel)";
      }
      d.parallelization = 1;
      d.interval = d.reuse_factor * std::max<int64_t>(g.in_positions, positions);
      d.multipliers = per_position;
      return "";
    }
    if (resource) {
      if (d.parallelization_asked && *d.parallelization_asked != 1) {
        return node.Describe() + ": error: ParallelizationFactor " +
               std::to_string(*d.parallelization_asked) +
               " applies to the Latency strategy; a Resource convolution takes its positions in "
               "turn (remove the key, or use Latency)";
      }
      d.parallelization = 1;
      d.interval = d.reuse_factor * positions;
      d.multipliers = per_position;
      return "";
    }
    if (d.parallelization_asked) {
      const int64_t pf = *d.parallelization_asked;
      if (positions % pf != 0) {
        std::vector<int64_t> valid = ValidReuseFactors(positions);
        std::string list;
        for (size_t i = 0; i < valid.size() && i < 16; ++i) {
          list += (i ? ", " : "") + std::to_string(valid[i]);
        }
        if (valid.size() > 16) list += ", ...";
        return node.Describe() + ": error: ParallelizationFactor " + std::to_string(pf) +
               " does not divide its " + std::to_string(positions) +
               " output positions; valid: " + list;
      }
      d.parallelization = pf;
    } else {
      d.parallelization = 1;
      for (int64_t pf : ValidReuseFactors(positions)) {
        if (pf * per_position <= kDefaultConvMultipliers) d.parallelization = pf;
      }
    }
    d.interval = d.reuse_factor * (positions / d.parallelization);
    d.multipliers = per_position * d.parallelization;
    return "";
  }
  if (ir::IsLinearResize(node)) {
    if (node.inputs.size() != 1) return "";
    auto map = ref::ResizeLinearMap(node, node.inputs[0]->shape, node.outputs[0]->shape);
    if (!map.ok()) return "";
    const auto taps = static_cast<int64_t>(map.value().index.size());
    std::string problem = CheckReuse(d, taps, std::to_string(taps) + " interpolation taps");
    if (!problem.empty()) return problem;
    std::vector<int64_t> per_output;
    for (size_t o = 0; o + 1 < map.value().start.size(); ++o) {
      int64_t c = 0;
      for (int64_t t = map.value().start[o]; t < map.value().start[o + 1]; ++t) {
        c += fixed::FromDouble(map.value().weight[t], tw->second) != 0 ? 1 : 0;
      }
      per_output.push_back(c);
    }
    problem = AddMatrix(d, per_output);
    if (!problem.empty()) return problem;
    d.multipliers = Built(d, 0);
    d.dense_multipliers = taps;
  }
  return "";
}

void LowerElementwise(LayerDecision& d) {
  const ir::Node& node = *d.node;
  // io_stream applies the op to one beat (the last axis) at a time.
  const ir::Shape& shape = node.outputs[0]->shape;
  const int64_t n = d.io_type == config::IOType::kStream && !shape.empty() ? shape.back()
                                                                           : ir::NumElements(shape);
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
  const fixed::FixedType& in = node.inputs[0]->type.fixed;
  auto planned = plan::MakeQuantPlan(node, in);
  if (!planned.ok()) return;
  // A division by a scale's odd mantissa is a multiplication by its reciprocal where that fits
  // (plan::ReciprocalOf, what the HLS kernel does); the rest are dividers.
  for (const plan::QuantElem& p : planned.value().elems) {
    if (plan::QuantDivides(planned.value(), p) &&
        !plan::ReciprocalOf(p.scale.m, plan::QuotientBits(in, p))) {
      ++d.dividers;
    }
  }
  if (planned.value().pow2) return;
  // A scale that is not a power of two: one multiplication by the scale per element.
  d.multipliers = d.dense_multipliers = planned.value().numel;
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

// hls4ml's rule for io_parallel: DATAFLOW as soon as one layer uses the Resource strategy (its
// reuse loop must keep its own schedule), else one pipeline for the whole network at the largest
// ReuseFactor.
// A configuration's PipelineStyle overrides the choice, except that a reuse loop is never put
// under a pipelined top function (an error naming the layer).
std::string ChooseStyle(Lowering& lowering, const config::Config& config) {
  const LayerDecision* resource = nullptr;
  for (const LayerDecision& d : lowering.layers) {
    if (d.multiplier_limit.empty()) continue;  // no weight matrix, no ReuseFactor
    if (d.strategy == config::Strategy::kResource && resource == nullptr) resource = &d;
    lowering.pipeline_ii = std::max(lowering.pipeline_ii, d.reuse_factor);
  }
  const auto& asked = config.model.pipeline_style;
  for (const LayerDecision& d : lowering.layers) {
    lowering.interval = std::max(lowering.interval, d.interval);
  }
  if (config.io_type == config::IOType::kStream) {
    if (asked == config::PipelineStyle::kPipeline) {
      return "error: IOType io_stream builds every layer as a process of a dataflow region; "
             "PipelineStyle pipeline applies to io_parallel (use auto or dataflow)";
    }
    lowering.style = TopStyle::kDataflow;
    lowering.style_reason =
        "IOType io_stream: every layer is a process passing pixels through FIFOs";
    return "";
  }
  if (asked == config::PipelineStyle::kPipeline && resource != nullptr) {
    return resource->node->Describe() +
           ": error: uses the Resource strategy, whose reuse loop a pipelined top function would "
           "unroll (PipelineStyle: pipeline); use PipelineStyle dataflow or auto, or the Latency "
           "strategy";
  }
  const LayerDecision* partitioned = nullptr;
  for (const LayerDecision& d : lowering.layers) {
    if (d.parallelization > 0 && d.strategy == config::Strategy::kLatency &&
        d.interval > d.reuse_factor && partitioned == nullptr) {
      partitioned = &d;
    }
  }
  if (asked == config::PipelineStyle::kPipeline && partitioned != nullptr) {
    return partitioned->node->Describe() +
           ": error: computes its output positions in steps (ParallelizationFactor " +
           std::to_string(partitioned->parallelization) +
           "), a loop a pipelined top function would unroll (PipelineStyle: pipeline); use "
           "PipelineStyle dataflow or auto, or a ParallelizationFactor equal to its positions";
  }
  if (resource != nullptr) {
    lowering.style = TopStyle::kDataflow;
    lowering.style_reason = "layer '" + resource->node->name +
                            "' uses the Resource strategy, whose reuse loop a pipelined top "
                            "function would unroll";
  } else if (partitioned != nullptr) {
    lowering.style = TopStyle::kDataflow;
    lowering.style_reason = "convolution '" + partitioned->node->name +
                            "' computes its output "
                            "positions in " +
                            std::to_string(partitioned->interval / partitioned->reuse_factor) +
                            " pipelined steps of " + std::to_string(partitioned->parallelization) +
                            " (ParallelizationFactor), a loop a pipelined top function would "
                            "unroll";
  } else if (asked == config::PipelineStyle::kDataflow) {
    lowering.style = TopStyle::kDataflow;
    lowering.style_reason = "the configuration asks for it (PipelineStyle: dataflow)";
  } else {
    lowering.style = TopStyle::kPipeline;
    lowering.style_reason =
        std::string("every layer uses the Latency strategy") +
        (asked ? " and the configuration asks for it (PipelineStyle: pipeline)" : "") +
        "; a new input every " + std::to_string(lowering.pipeline_ii) +
        (lowering.pipeline_ii == 1 ? " clock cycle" : " clock cycles") +
        " (the largest ReuseFactor)";
  }
  return "";
}

// The size limits (lower.h): arrays fully partitioned, multipliers against the part's DSPs.
void CheckSize(const ir::Graph& graph, const config::Config& config, Lowering& lowering,
               std::vector<std::string>& problems) {
  if (config.io_type != config::IOType::kParallel) return;
  const std::string stream_fix =
      "a model of this size needs IOType io_stream (layers passing pixels through FIFOs; set "
      "IOType: io_stream in the configuration)";
  const std::string over = " elements, over the " + std::to_string(kMaxCompletePartition) +
                           " an io_parallel array (partitioned into registers) may have";
  size_t too_large = 0;
  for (const ir::Value* v : graph.inputs()) {
    const int64_t n = ir::NumElements(v->shape);
    if (n <= kMaxCompletePartition) continue;
    problems.push_back("input '" + v->name + "': error: has " + std::to_string(n) + over);
    ++too_large;
  }
  for (const auto& node : graph.nodes()) {
    if (node->op == OpKind::kInput) continue;
    for (const ir::Value* v : node->outputs) {
      const int64_t n = ir::NumElements(v->shape);
      if (n <= kMaxCompletePartition) continue;
      problems.push_back(node->Describe() + ": error: output '" + v->name + "' has " +
                         std::to_string(n) + over);
      ++too_large;
    }
  }
  if (too_large > 0) {
    problems.push_back("error: " + std::to_string(too_large) +
                       " arrays are too large for a complete partition (the HLS tools refuse "
                       "them; project.tcl's config_array_partition -maximum_size is " +
                       std::to_string(kMaxCompletePartition) + "); " + stream_fix);
  }
  const int64_t dsps = PartDsps(config.part);
  int64_t total = 0;
  const LayerDecision* largest = nullptr;
  for (const LayerDecision& d : lowering.layers) {
    total += d.multipliers;
    if (largest == nullptr || d.multipliers > largest->multipliers) largest = &d;
  }
  if (dsps == 0) {
    if (total > 0) {
      lowering.warnings.push_back(
          "part '" + config.part + "': loom does not know its DSP count, so the " +
          std::to_string(total) + " multipliers were not checked against it");
    }
    return;
  }
  if (total <= dsps || largest == nullptr) return;
  const std::string what = std::to_string(total) + " multipliers, " + std::to_string(dsps) +
                           " DSP slices on part '" + config.part + "'; the largest layer is '" +
                           largest->node->name + "' with " + std::to_string(largest->multipliers) +
                           " (fix: a larger ReuseFactor, the Resource strategy, or pruning";
  if (total > kDspOverbuild * dsps) {
    problems.push_back("error: the design needs " + what +
                       "; convolutions over large images need IOType io_stream)");
  } else {
    lowering.warnings.push_back("the design needs " + what +
                                "); multipliers of narrow operands may be built from LUTs");
  }
}

}  // namespace

int64_t PartDsps(const std::string& part) {
  // DSP slices per device, from AMD's product tables (UltraScale+, UltraScale, 7 series, Zynq,
  // Alveo data sheets).
  static const std::pair<const char*, int64_t> kParts[] = {
      {"xcvu13p", 12288},  {"xcvu9p", 6840}, {"xcvu19p", 3840}, {"xcu250", 12288},
      {"xcu200", 6840},    {"xcu280", 9024}, {"xcu55c", 9024},  {"xcu50", 5952},
      {"xcku115", 5520},   {"xcku5p", 1824}, {"xczu9eg", 2520}, {"xczu7ev", 1728},
      {"xc7vx690t", 3600}, {"xc7z045", 900}, {"xc7z020", 220},  {"xc7a100t", 240}};
  std::string lower;
  for (char c : part) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& [name, dsps] : kParts) {
    const std::string n = name;
    if (lower.rfind(n, 0) != 0) continue;
    // UltraScale names put a '-' before the package; 7 series run it on ("xc7z020clg400-1").
    const char next = lower.size() == n.size() ? '-' : lower[n.size()];
    if (next == '-' || (n.rfind("xc7", 0) == 0 && std::isalpha(static_cast<unsigned char>(next)))) {
      return dsps;
    }
  }
  return 0;
}

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
    d.parallelization_asked = config::ResolveParallelizationFactor(config, *node);
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
  for (LayerDecision& d : lowering.layers) {
    if (!d.multiplier_limit.empty() && d.interval == 1 && d.parallelization == 0) {
      d.interval = d.reuse_factor;
    }
  }
  if (problems.empty()) CheckSize(graph, config, lowering, problems);
  if (!problems.empty()) {
    std::string m;
    for (const std::string& p : problems) m += (m.empty() ? "" : "\n") + p;
    return Error(m);
  }
  if (std::string p = ChooseStyle(lowering, config); !p.empty()) return Error(p);
  return lowering;
}

}  // namespace loom::lower
