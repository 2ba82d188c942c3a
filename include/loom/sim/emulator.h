// The bit-exact fixed-point emulator: runs a typed graph on batches of samples, multithreaded.
#ifndef LOOM_SIM_EMULATOR_H_
#define LOOM_SIM_EMULATOR_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "loom/fixed/fixed_type.h"
#include "loom/fixed/fixed_value.h"
#include "loom/ir/graph.h"
#include "loom/support/error.h"

namespace loom::sim {

// Per-node counts of values that did not fit their types, summed over the samples of a run.
struct NodeCounts {
  std::string node;      // the node's name
  std::string location;  // where it came from (model file, original name and op)
  ir::OpKind op = ir::OpKind::kInput;
  fixed::FixedType result;      // type of the node's first output
  int64_t values = 0;           // result values produced
  int64_t result_overflow = 0;  // results outside the result type (then wrapped or saturated)
  int64_t accum_overflow = 0;   // accumulators outside the accumulator type
  int64_t table_clipped = 0;    // lookup-table inputs outside the table's range
};

struct RunOptions {
  int threads = 0;     // 0: one per hardware thread
  bool trace = false;  // keep every node's outputs (see Trace)
};

// Every node output of a run, as values (raw integers scaled to doubles), sample-major.
struct TraceEntry {
  std::string node;
  std::string value;                 // the output value's name
  std::vector<std::string> origins;  // names of the model's layers this node stands for
  ir::Shape shape;                   // per sample
  fixed::FixedType type;
  std::vector<double> data;  // n * NumElements(shape)
};

struct RunResult {
  std::vector<NodeCounts> counts;  // one per node (graph inputs included), in graph order
  std::vector<TraceEntry> trace;   // when RunOptions::trace
};

class Program;

// A graph prepared for emulation: every value must have a fixed type (see AssignPrecision) and
// every op a kernel. Results are bit-identical to the generated firmware's, and identical for any
// thread count and batch size.
class Emulator {
 public:
  ~Emulator();
  Emulator(Emulator&&) noexcept;
  Emulator& operator=(Emulator&&) noexcept;

  // Builds kernels for every node; every problem (an untyped value, an op without a kernel, a
  // type the kernel cannot take) is reported at once.
  static ErrorOr<Emulator> Build(const ir::Graph& graph);

  // Runs `n` samples. inputs[i] holds n * NumElements(shape of graph input i) values,
  // sample-major; each is converted to the input's fixed type exactly as ap_fixed converts a
  // double. outputs[i] receives graph output i's values (exact as doubles up to 53 bits).
  ErrorOr<RunResult> Run(int64_t n, const std::vector<const float*>& inputs,
                         const std::vector<double*>& outputs, const RunOptions& options) const;
  ErrorOr<RunResult> Run(int64_t n, const std::vector<const float*>& inputs,
                         const std::vector<float*>& outputs, const RunOptions& options) const;

  const ir::Graph& graph() const;

 private:
  explicit Emulator(std::unique_ptr<Program> program);
  std::unique_ptr<Program> program_;
};

// Converts a double to a fixed type as ap_fixed's constructor from double does (equal to
// fixed::FromDouble for every input; faster for the finite values that make up model inputs).
class DoubleToFixed {
 public:
  explicit DoubleToFixed(const fixed::FixedType& type);
  int64_t Convert(double x, bool* overflow) const;
  // Converts n values; returns how many overflowed.
  int64_t ConvertN(const float* in, int64_t* out, int64_t n) const;

 private:
  fixed::FixedType type_;
  double scale_;             // 2^frac_bits
  fixed::CastPlan to_type_;  // from a 64-bit integer with the same fraction bits
  bool trn_wrap_ = false;    // AP_TRN with AP_WRAP (no saturation bits): floor, then wrap
};

}  // namespace loom::sim

#endif  // LOOM_SIM_EMULATOR_H_
