// The emulator's driver: kernels per node, sample blocks, worker threads, counters and traces.
#include "loom/sim/emulator.h"

#include <immintrin.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <thread>

#include "sim/kernel.h"

namespace loom::sim {

DoubleToFixed::DoubleToFixed(const fixed::FixedType& type)
    : type_(type),
      scale_(std::ldexp(1.0, static_cast<int>(type.frac_bits()))),
      to_type_(fixed::WideType{64, 64 - type.frac_bits(), true}, type) {
  trn_wrap_ = type.quant == fixed::QuantMode::kTrn && type.overflow == fixed::OverflowMode::kWrap &&
              type.sat_bits == 0 && (type.is_signed || type.width < 64);
}

namespace {

// Truncate and wrap, the whole block at once when every scaled value is finite and below 2^62
// (then x * 2^F is exact and floor() is the truncation): branch-free, so it vectorizes. Returns
// -1 when some value needs the careful path, else how many values wrapped.
LOOM_SIM_CLONES int64_t FloorWrapBlock(const float* in, int64_t* out, int64_t n, double scale,
                                       int unused, bool is_signed, uint64_t mask) {
  int64_t careful = 0;
  for (int64_t k = 0; k < n; ++k) {
    careful += !(std::fabs(static_cast<double>(in[k]) * scale) < 0x1p62);
  }
  if (careful != 0) return -1;
  int64_t over = 0;
  if (is_signed) {
    for (int64_t k = 0; k < n; ++k) {
      auto q = static_cast<int64_t>(std::floor(static_cast<double>(in[k]) * scale));
      int64_t w = static_cast<int64_t>(static_cast<uint64_t>(q) << unused) >> unused;
      over += w != q;
      out[k] = w;
    }
  } else {
    for (int64_t k = 0; k < n; ++k) {
      auto q = static_cast<int64_t>(std::floor(static_cast<double>(in[k]) * scale));
      auto w = static_cast<int64_t>(static_cast<uint64_t>(q) & mask);
      over += w != q;
      out[k] = w;
    }
  }
  return over;
}

// The same for signed types with AVX-512 (F + DQ): eight values per step, floor then an exact
// double -> int64 conversion (vcvttpd2qq), the wrap as a shift pair. GCC 12 flags the
// intrinsics' own undefined pass-through operand as maybe-uninitialized.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
__attribute__((target("avx512f,avx512dq"))) int64_t FloorWrapSigned512(const float* in,
                                                                       int64_t* out, int64_t n,
                                                                       double scale, int unused) {
  const __m512d sc = _mm512_set1_pd(scale);
  const __m512d limit = _mm512_set1_pd(0x1p62);
  const __m512i count = _mm512_set1_epi64(unused);
  int64_t k = 0;
  for (; k + 8 <= n; k += 8) {
    const __m512d s = _mm512_mul_pd(_mm512_cvtps_pd(_mm256_loadu_ps(in + k)), sc);
    if (_mm512_cmp_pd_mask(_mm512_abs_pd(s), limit, _CMP_LT_OQ) != 0xFF) return -1;
  }
  for (; k < n; ++k) {
    if (!(std::fabs(static_cast<double>(in[k]) * scale) < 0x1p62)) return -1;
  }
  int64_t over = 0;
  for (k = 0; k + 8 <= n; k += 8) {
    const __m512d s = _mm512_mul_pd(_mm512_cvtps_pd(_mm256_loadu_ps(in + k)), sc);
    const __m512i q = _mm512_cvttpd_epi64(_mm512_roundscale_pd(s, _MM_FROUND_TO_NEG_INF));
    const __m512i w = _mm512_srav_epi64(_mm512_sllv_epi64(q, count), count);
    over += __builtin_popcount(_mm512_cmpneq_epi64_mask(w, q));
    _mm512_storeu_si512(out + k, w);
  }
  for (; k < n; ++k) {
    auto q = static_cast<int64_t>(std::floor(static_cast<double>(in[k]) * scale));
    int64_t w = static_cast<int64_t>(static_cast<uint64_t>(q) << unused) >> unused;
    over += w != q;
    out[k] = w;
  }
  return over;
}
#pragma GCC diagnostic pop

}  // namespace

int64_t DoubleToFixed::ConvertN(const float* in, int64_t* out, int64_t n) const {
  int64_t over = 0;
  // Nonzero floats are at least 2^-149, so the scaled values below are exact while F >= -800.
  if (trn_wrap_ && type_.frac_bits() >= -800) {
    const int unused = static_cast<int>(64 - type_.width);
    const uint64_t mask = ~uint64_t{0} >> unused;
    int64_t fast = type_.is_signed && HasAvx512()
                       ? FloorWrapSigned512(in, out, n, scale_, unused)
                       : FloorWrapBlock(in, out, n, scale_, unused, type_.is_signed, mask);
    if (fast >= 0) return fast;
  }
  if (trn_wrap_) {
    const int unused = static_cast<int>(64 - type_.width);
    const uint64_t mask = ~uint64_t{0} >> unused;
    for (int64_t k = 0; k < n; ++k) {
      double s = static_cast<double>(in[k]) * scale_;
      double mag = std::fabs(s);
      if (mag < 0x1p62 && (mag >= 0x1p-1000 || s == 0) &&
          (in[k] == 0 || std::fabs(static_cast<double>(in[k])) >= 0x1p-1000)) {
        auto q = static_cast<int64_t>(std::floor(s));
        int64_t w = type_.is_signed
                        ? static_cast<int64_t>(static_cast<uint64_t>(q) << unused) >> unused
                        : static_cast<int64_t>(static_cast<uint64_t>(q) & mask);
        over += w != q;
        out[k] = w;
      } else {
        bool o = false;
        out[k] = Convert(in[k], &o);
        over += o;
      }
    }
    return over;
  }
  for (int64_t k = 0; k < n; ++k) {
    bool o = false;
    out[k] = Convert(in[k], &o);
    over += o;
  }
  return over;
}

int64_t DoubleToFixed::Convert(double x, bool* overflow) const {
  double s = x * scale_;
  double mag = std::fabs(s);
  bool exact_scale = x == 0 || (std::fabs(x) >= 0x1p-1000 && mag >= 0x1p-1000);
  if (!(mag < 0x1p62) || !exact_scale) {
    fixed::CastFlags flags;
    int64_t raw = fixed::FromDouble(x, type_, &flags);
    *overflow = flags.overflow || flags.underflow;
    return raw;
  }
  // s is x * 2^F exactly; split it into the kept integer part and the dropped fraction.
  double t = std::floor(s);
  double frac = s - t;  // exact: |s| < 2^62, and integral when |s| >= 2^52
  bool qb = frac >= 0.5;
  bool r = qb ? frac > 0.5 : frac > 0;
  auto kept = static_cast<int64_t>(t);
  int64_t q = kept + (fixed::RoundingIncrement(type_.quant, qb, r, x < 0, (kept & 1) != 0) ? 1 : 0);
  fixed::CastFlags flags;
  int64_t raw = to_type_.Apply(q, &flags);
  *overflow = flags.overflow || flags.underflow;
  return raw;
}

namespace {

struct Step {
  const ir::Node* node = nullptr;
  std::unique_ptr<Kernel> kernel;
  std::vector<int64_t> in_slots;
  std::vector<int64_t> out_slots;
  bool alias = false;  // the output shares the input's storage (Kernel::CopiesInput)
  // Without a trace, a ReLU that alone reads this step's output runs inside it: `fused` writes
  // the ReLU's output slot, and the ReLU's own step is skipped (fused_into_previous).
  std::unique_ptr<Kernel> fused;
  int64_t fused_out_slot = -1;
  bool fused_into_previous = false;
};

struct Slot {
  const ir::Value* value = nullptr;
  int64_t numel = 0;
  int64_t offset = 0;  // per-sample offset in a block arena (times the block size)
  fixed::FixedType type;
};

// Raw value of type t as a double: exact when it has at most 53 significant bits.
inline double RawToDouble(int64_t raw, const fixed::FixedType& t, double lsb) {
  if (raw > -(int64_t{1} << 53) && raw < (int64_t{1} << 53)) return static_cast<double>(raw) * lsb;
  return fixed::ToDouble(raw, t);
}

constexpr int64_t kArenaBudgetBytes = 1 << 20;  // per thread
constexpr int64_t kMaxBlock = 256;

}  // namespace

class Program {
 public:
  const ir::Graph* graph = nullptr;
  std::vector<Slot> slots;
  std::map<const ir::Value*, int64_t> slot_of;
  std::vector<Step> steps;
  std::vector<int64_t> input_slots;  // per graph input
  std::vector<DoubleToFixed> input_convert;
  std::vector<int64_t> input_node_index;  // index into node list for counts
  // Per graph input: its type is its quantizers' grid (src/precision), so saturating it is their
  // clip, part of the model, not an overflow.
  std::vector<bool> input_clips;
  std::vector<int64_t> output_slots;
  std::vector<int64_t> step_node_index;
  int64_t per_sample = 0;  // raws per sample over all slots
  int64_t block = 1;

  template <typename Out>
  ErrorOr<RunResult> Run(int64_t n, const std::vector<const float*>& inputs,
                         const std::vector<Out*>& outputs, const RunOptions& options) const;
};

Emulator::Emulator(std::unique_ptr<Program> program) : program_(std::move(program)) {}
Emulator::~Emulator() = default;
Emulator::Emulator(Emulator&&) noexcept = default;
Emulator& Emulator::operator=(Emulator&&) noexcept = default;
const ir::Graph& Emulator::graph() const { return *program_->graph; }

ErrorOr<Emulator> Emulator::Build(const ir::Graph& graph) {
  auto program = std::make_unique<Program>();
  program->graph = &graph;
  std::vector<std::string> problems;
  auto add_slot = [&](const ir::Value* v) -> int64_t {
    auto it = program->slot_of.find(v);
    if (it != program->slot_of.end()) return it->second;
    Slot s;
    s.value = v;
    s.numel = ir::NumElements(v->shape);
    s.offset = program->per_sample;
    s.type = v->type.fixed;
    program->per_sample += s.numel;
    program->slots.push_back(s);
    program->slot_of[v] = static_cast<int64_t>(program->slots.size()) - 1;
    if (!v->type.is_fixed) {
      std::string owner = v->producer ? v->producer->Describe() : "value '" + v->name + "'";
      problems.push_back(owner + ": error: output '" + v->name +
                         "' has no fixed-point type; assign precision before emulating");
    }
    return program->slots.back().offset >= 0 ? static_cast<int64_t>(program->slots.size()) - 1 : -1;
  };
  int64_t node_index = 0;
  std::map<const ir::Value*, int64_t> input_value_index;
  for (size_t i = 0; i < graph.inputs().size(); ++i) input_value_index[graph.inputs()[i]] = i;
  program->input_slots.assign(graph.inputs().size(), -1);
  program->input_node_index.assign(graph.inputs().size(), -1);
  program->input_clips.assign(graph.inputs().size(), false);
  for (const auto& node : graph.nodes()) {
    if (node->op == ir::OpKind::kInput) {
      const ir::Value* v = node->outputs[0];
      int64_t slot = add_slot(v);
      auto it = input_value_index.find(v);
      if (it != input_value_index.end()) {
        program->input_slots[it->second] = slot;
        program->input_node_index[it->second] = node_index;
        program->input_clips[it->second] =
            node->attrs.GetInt("saturation_is_quantizer_clip", 0) != 0;
      }
      ++node_index;
      continue;
    }
    Step step;
    step.node = node.get();
    for (const ir::Value* v : node->inputs) step.in_slots.push_back(add_slot(v));
    for (const ir::Value* v : node->outputs) step.out_slots.push_back(add_slot(v));
    program->step_node_index.push_back(node_index++);
    const Family* family = FamilyFor(*node);
    if (family == nullptr) {
      problems.push_back(node->Describe() + ": error: the emulator has no kernel for op '" +
                         std::string(ir::OpName(node->op)) + "'");
      program->steps.push_back(std::move(step));
      continue;
    }
    // Kernels size their work from the node's inputs, attributes and params, the slots from the
    // values' shapes: a node whose outputs are not the shapes its rule gives would write outside
    // them (a graph edited by hand or built in code).
    bool shaped = true;
    auto want = ir::InferShapes(*node);
    if (!want.ok()) {
      problems.push_back(node->Describe() + ": error: " + want.error().message());
      shaped = false;
    } else if (want.value().size() != node->outputs.size()) {
      problems.push_back(node->Describe() + ": error: has " + std::to_string(node->outputs.size()) +
                         " output(s); its op gives " + std::to_string(want.value().size()));
      shaped = false;
    } else {
      for (size_t i = 0; i < node->outputs.size(); ++i) {
        if (node->outputs[i]->shape != want.value()[i]) {
          problems.push_back(node->Describe() + ": error: output '" + node->outputs[i]->name +
                             "' has shape " + ir::ShapeToString(node->outputs[i]->shape) +
                             " but its inputs and attributes give " +
                             ir::ShapeToString(want.value()[i]) +
                             "; correct the graph's shapes (ir::Verify lists every mismatch)");
          shaped = false;
        }
      }
    }
    bool typed = shaped;
    KernelContext ctx{*node, {}, {}, node->attrs.GetInt("table_size", 1024)};
    for (const ir::Value* v : node->inputs) {
      typed &= v->type.is_fixed;
      ctx.inputs.push_back(v->type.fixed);
    }
    for (const ir::Value* v : node->outputs) {
      typed &= v->type.is_fixed;
      ctx.outputs.push_back(v->type.fixed);
    }
    if (typed) {
      auto kernel = family->make(ctx);
      if (kernel.ok()) {
        step.kernel = std::move(kernel).value();
      } else {
        problems.push_back(kernel.error().message());
      }
    }
    program->steps.push_back(std::move(step));
  }
  for (size_t i = 0; i < graph.inputs().size(); ++i) {
    if (program->input_slots[i] < 0) {
      problems.push_back("graph input '" + graph.inputs()[i]->name + "' has no input node");
    }
  }
  for (const ir::Value* v : graph.outputs()) program->output_slots.push_back(add_slot(v));
  if (!problems.empty()) {
    std::string message;
    for (const std::string& p : problems) message += (message.empty() ? "" : "\n") + p;
    return Error(message);
  }
  for (int64_t slot : program->input_slots) {
    program->input_convert.emplace_back(program->slots[slot].type);
  }
  // ReLUs fused into the step before them (Step::fused).
  std::map<const ir::Value*, int> readers;
  for (const auto& node : graph.nodes()) {
    for (const ir::Value* v : node->inputs) ++readers[v];
  }
  for (const ir::Value* v : graph.outputs()) ++readers[v];
  for (size_t k = 0; k + 1 < program->steps.size(); ++k) {
    Step& a = program->steps[k];
    Step& b = program->steps[k + 1];
    if (!a.kernel || !b.kernel || a.out_slots.size() != 1 || b.in_slots.size() != 1 ||
        b.out_slots.size() != 1 || b.in_slots[0] != a.out_slots[0] ||
        readers[program->slots[a.out_slots[0]].value] != 1) {
      continue;
    }
    std::optional<Kernel::ReluForm> relu = b.kernel->AsRelu();
    if (!relu) continue;
    a.fused = a.kernel->WithRelu(*relu);
    if (!a.fused) continue;
    a.fused_out_slot = b.out_slots[0];
    b.fused_into_previous = true;
  }
  // Steps in topological order, so an aliased input already has its final offset.
  for (Step& step : program->steps) {
    if (step.kernel && step.kernel->CopiesInput() && step.in_slots.size() == 1 &&
        step.out_slots.size() == 1) {
      step.alias = true;
      program->slots[step.out_slots[0]].offset = program->slots[step.in_slots[0]].offset;
    }
  }
  int64_t bytes_per_sample = std::max<int64_t>(1, program->per_sample) * 8;
  program->block = std::clamp<int64_t>(kArenaBudgetBytes / bytes_per_sample, 1, kMaxBlock);
  return Emulator(std::move(program));
}

template <typename Out>
ErrorOr<RunResult> Program::Run(int64_t n, const std::vector<const float*>& inputs,
                                const std::vector<Out*>& outputs, const RunOptions& options) const {
  if (inputs.size() != input_slots.size()) {
    return Error("the model has " + std::to_string(input_slots.size()) + " inputs; " +
                 std::to_string(inputs.size()) + " were given");
  }
  if (outputs.size() != output_slots.size()) {
    return Error("the model has " + std::to_string(output_slots.size()) + " outputs; " +
                 std::to_string(outputs.size()) + " buffers were given");
  }
  const int64_t num_nodes = static_cast<int64_t>(graph->nodes().size());
  const int64_t num_blocks = (n + block - 1) / block;
  int threads =
      options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency());
  threads = static_cast<int>(std::clamp<int64_t>(threads, 1, std::max<int64_t>(1, num_blocks)));

  RunResult result;
  // Trace buffers: one per node output, written by whichever thread runs the block.
  std::vector<int64_t> trace_index(slots.size(), -1);
  if (options.trace) {
    for (const auto& node : graph->nodes()) {
      for (const ir::Value* v : node->outputs) {
        int64_t slot = slot_of.at(v);
        trace_index[slot] = static_cast<int64_t>(result.trace.size());
        TraceEntry e;
        e.node = node->name;
        e.value = v->name;
        for (const ir::Location& loc : node->locations) e.origins.push_back(loc.name);
        e.shape = v->shape;
        e.type = slots[slot].type;
        e.data.resize(static_cast<size_t>(n * slots[slot].numel));
        result.trace.push_back(std::move(e));
      }
    }
  }

  std::vector<std::vector<Counters>> thread_counts(threads, std::vector<Counters>(num_nodes));
  std::atomic<int64_t> next_block{0};
  auto worker = [&](int t) {
    std::vector<int64_t> arena(static_cast<size_t>(per_sample * block));
    std::vector<Counters>& counts = thread_counts[t];
    std::vector<const int64_t*> in_ptrs;
    std::vector<int64_t*> out_ptrs;
    for (;;) {
      int64_t b = next_block.fetch_add(1);
      if (b >= num_blocks) break;
      int64_t first = b * block;
      int64_t m = std::min(block, n - first);
      auto data = [&](int64_t slot) { return arena.data() + slots[slot].offset * block; };
      for (size_t i = 0; i < input_slots.size(); ++i) {
        const Slot& s = slots[input_slots[i]];
        int64_t* dst = data(input_slots[i]);
        const float* src = inputs[i] + first * s.numel;
        Counters& c = counts[input_node_index[i]];
        int64_t over = input_convert[i].ConvertN(src, dst, m * s.numel);
        c.values += m * s.numel;
        if (!input_clips[i]) c.result_overflow += over;
      }
      for (size_t k = 0; k < steps.size(); ++k) {
        const Step& step = steps[k];
        if (step.alias || (step.fused_into_previous && !options.trace)) {
          counts[step_node_index[k]].values += m * slots[step.out_slots[0]].numel;
          continue;
        }
        if (step.fused && !options.trace) {
          const int64_t* x = data(step.in_slots[0]);
          int64_t* y = data(step.fused_out_slot);
          step.fused->Run(&x, &y, m, counts[step_node_index[k]]);
          continue;
        }
        in_ptrs.clear();
        out_ptrs.clear();
        for (int64_t slot : step.in_slots) in_ptrs.push_back(data(slot));
        for (int64_t slot : step.out_slots) out_ptrs.push_back(data(slot));
        step.kernel->Run(in_ptrs.data(), out_ptrs.data(), m, counts[step_node_index[k]]);
      }
      for (size_t o = 0; o < output_slots.size(); ++o) {
        const Slot& s = slots[output_slots[o]];
        const int64_t* src = data(output_slots[o]);
        Out* dst = outputs[o] + first * s.numel;
        double lsb = s.type.lsb();
        for (int64_t k = 0; k < m * s.numel; ++k) {
          dst[k] = static_cast<Out>(RawToDouble(src[k], s.type, lsb));
        }
      }
      if (options.trace) {
        for (size_t slot = 0; slot < slots.size(); ++slot) {
          if (trace_index[slot] < 0) continue;
          const Slot& s = slots[slot];
          const int64_t* src = data(static_cast<int64_t>(slot));
          double* dst = result.trace[trace_index[slot]].data.data() + first * s.numel;
          double lsb = s.type.lsb();
          for (int64_t k = 0; k < m * s.numel; ++k) dst[k] = RawToDouble(src[k], s.type, lsb);
        }
      }
    }
  };
  if (threads == 1) {
    worker(0);
  } else {
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back(worker, t);
    for (auto& th : pool) th.join();
  }

  int64_t index = 0;
  for (const auto& node : graph->nodes()) {
    NodeCounts nc;
    nc.node = node->name;
    nc.location = node->Describe();
    nc.op = node->op;
    if (!node->outputs.empty()) nc.result = node->outputs[0]->type.fixed;
    Counters total;
    for (const auto& tc : thread_counts) total += tc[index];
    nc.values = total.values;
    nc.result_overflow = total.result_overflow;
    nc.accum_overflow = total.accum_overflow;
    nc.table_clipped = total.table_clipped;
    result.counts.push_back(std::move(nc));
    ++index;
  }
  return result;
}

ErrorOr<RunResult> Emulator::Run(int64_t n, const std::vector<const float*>& inputs,
                                 const std::vector<double*>& outputs,
                                 const RunOptions& options) const {
  return program_->Run(n, inputs, outputs, options);
}
ErrorOr<RunResult> Emulator::Run(int64_t n, const std::vector<const float*>& inputs,
                                 const std::vector<float*>& outputs,
                                 const RunOptions& options) const {
  return program_->Run(n, inputs, outputs, options);
}

}  // namespace loom::sim
