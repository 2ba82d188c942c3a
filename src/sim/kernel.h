// The emulator's kernel interface: one op family per file, each giving its kernels.
#ifndef LOOM_SIM_KERNEL_H_
#define LOOM_SIM_KERNEL_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "loom/fixed/fixed_type.h"
#include "loom/fixed/fixed_value.h"
#include "loom/ir/graph.h"
#include "loom/support/error.h"
#include "plan/plan.h"
#include "plan/type_rules.h"

namespace loom::sim {

using fixed::FixedType;
// The kernels are built from the numeric plans (src/plan), which the HLS backend shares.
using namespace ::loom::plan;  // NOLINT(google-build-using-namespace)

// Hot loops are compiled for AVX-512, AVX2 and the baseline; the loader picks one per machine.
#define LOOM_SIM_CLONES \
  __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))

// Whether the CPU runs the AVX-512 kernels (F, BW and DQ: every AVX-512 Intel and AMD core).
inline bool HasAvx512() {
  static const bool has = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512dq");
  }();
  return has;
}

// Whether the CPU also has AVX-512 VNNI (vpdpwssd: two int16 products summed into an int32 lane).
inline bool HasAvx512Vnni() {
  static const bool has = [] {
    __builtin_cpu_init();
    return HasAvx512() && __builtin_cpu_supports("avx512vnni");
  }();
  return has;
}

// Values that did not fit a type, counted for one node over all samples of a run.
struct Counters {
  int64_t values = 0;           // result values written
  int64_t result_overflow = 0;  // results whose cast to the result type overflowed or underflowed
                                // (then wrapped or saturated as the type's overflow mode says)
  int64_t accum_overflow = 0;   // results whose accumulation left the accumulator type: for a
                                // wrapping accumulator with a truncating product cast, when the
                                // exact final sum is outside it (the only case that changes the
                                // result); otherwise when any step overflowed
  int64_t table_clipped = 0;    // LUT inputs outside the table's input range (clamped to its ends)

  Counters& operator+=(const Counters& o) {
    values += o.values;
    result_overflow += o.result_overflow;
    accum_overflow += o.accum_overflow;
    table_clipped += o.table_clipped;
    return *this;
  }
};

// Everything a kernel is built from. All types are final (no "auto"): `inputs[i]` is the type of
// node.inputs[i], `outputs[i]` of node.outputs[i], and node.types holds the node's own types
// (weight, bias, accum, table, ...) as listed by plan::TypeRulesFor(node).type_keys.
struct KernelContext {
  const ir::Node& node;
  std::vector<FixedType> inputs;
  std::vector<FixedType> outputs;
  int64_t table_size = 1024;  // entries of lookup tables (the config's TableSize)
};

// A node's computation on a block of samples. Data is raw fixed-point integers (FixedType's
// representation), sample-major: element e of sample s of input i is in[i][s * numel_i + e],
// where numel_i = ir::NumElements(node.inputs[i]->shape). Run is const and may be called from
// several threads at once on different blocks.
class Kernel {
 public:
  virtual ~Kernel() = default;
  virtual void Run(const int64_t* const* in, int64_t* const* out, int64_t n,
                   Counters& counters) const = 0;
  // Whether the node's one output is its input 0, raw for raw, in order (a reshape between equal
  // types): the emulator then lets the output share the input's storage and does not run it.
  virtual bool CopiesInput() const { return false; }

  // Fusing a ReLU into the kernel before it. A threshold kernel whose every result is
  // `x > threshold ? x << shift : 0` with no possible overflow reports it here; a kernel that can
  // apply that to its one output as it stores it returns a copy that does (its counters stay its
  // own: the emulator counts the ReLU's values), else nullptr.
  struct ReluForm {
    int64_t threshold = 0;
    int shift = 0;
  };
  virtual std::optional<ReluForm> AsRelu() const { return std::nullopt; }
  virtual std::unique_ptr<Kernel> WithRelu(const ReluForm& /*relu*/) const { return nullptr; }
};

// The kernel factory of a family of ops. Its type rules (the node's own types, the types "auto"
// chooses) are the numeric plans' (plan::TypeRulesFor), which precision assignment applies.
struct Family {
  ErrorOr<std::unique_ptr<Kernel>> (*make)(const KernelContext& ctx);
};

// The family implementing `node`: the op table's (ir::FamilyOf; a linear-mode resize is a
// multiply-accumulate, the linear family). Never nullptr.
const Family* FamilyFor(const ir::Node& node);

// The families, one per file (declared here, defined in their *_kernels.cc).
extern const Family kLinearFamily;  // dense conv conv_transpose matmul batch_norm resize(linear)
extern const Family kElementwiseFamily;  // add sub mul div max min sum, relu family, clip, hard_*
extern const Family
    kMovementFamily;                // reshape transpose concat split slice pad resize(nearest) ...
extern const Family kPoolFamily;    // max/average/global pools, reduce_mean
extern const Family kLutFamily;     // sigmoid tanh softmax elu selu softplus softsign exp erf gelu
extern const Family kQuantFamily;   // quant bipolar_quant trunc quantize/dequantize_linear
extern const Family kSourceFamily;  // input, constant

}  // namespace loom::sim

#endif  // LOOM_SIM_KERNEL_H_
