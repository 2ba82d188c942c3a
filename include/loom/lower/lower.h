// Lowering: what the hardware of every layer is to be, decided once before any backend prints it.
// Per layer: its strategy and ReuseFactor (checked), how many multipliers each reuse step may use,
// the arrays' partitioning and the io mode, and its cost (multipliers, dividers, table entries).
// The HLS backend prints these decisions; an estimator or another backend reads the same ones.
#ifndef LOOM_LOWER_LOWER_H_
#define LOOM_LOWER_LOWER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "loom/config/config.h"
#include "loom/ir/graph.h"
#include "loom/support/error.h"

namespace loom::lower {

// How a layer's arrays are partitioned (io_parallel: every array into registers).
enum class Partition : uint8_t { kComplete };

struct LayerDecision {
  const ir::Node* node = nullptr;
  config::Strategy strategy = config::Strategy::kLatency;
  int64_t reuse_factor = 1;  // a divisor of the layer's dense multiplication count
  // Convolutions: output positions computed at once (a divisor of the positions; 1 under
  // Resource, whose positions take turns); 0 for other layers. `parallelization_asked`: the
  // configuration's ParallelizationFactor, if any.
  int64_t parallelization = 0;
  std::optional<int64_t> parallelization_asked;
  config::IOType io_type = config::IOType::kParallel;
  Partition partition = Partition::kComplete;
  // Per weight matrix (dense and linear resize: one; conv: one per group): the nonzero weights
  // after quantization (pruned and quantized-to-zero weights get no multiplier), and the
  // multipliers one reuse step may use, ceil(max(nonzero, 1) / reuse_factor).
  std::vector<int64_t> nonzero;
  std::vector<int64_t> multiplier_limit;
  int64_t multipliers = 0;        // products built (pruned weights excluded)
  int64_t dense_multipliers = 0;  // what a dense implementation would build
  int64_t dividers = 0;           // general divisions (a computed or non-power-of-two divisor)
  int64_t table_entries = 0;      // lookup-table entries (ROM words)
  // The clock cycles between two inputs the layer's kernel is built for: ReuseFactor for a
  // matrix (Latency: its pipeline's II; Resource: its reuse loop at II=1), times the output
  // positions of a Resource convolution (they take turns on the lanes); 1 for the rest.
  int64_t interval = 1;
};

// How the top function is scheduled (hls4ml's PipelineStyle). kPipeline: the whole network is one
// pipeline (#pragma HLS PIPELINE on the top function; every layer inlined into it). kDataflow:
// each layer is its own function and process (#pragma HLS DATAFLOW), so that a layer's reuse loop
// keeps its own schedule instead of being unrolled by a pipelined parent.
enum class TopStyle : uint8_t { kPipeline, kDataflow };

struct Lowering {
  std::vector<LayerDecision> layers;  // graph order, every node but inputs and constants
  TopStyle style = TopStyle::kPipeline;
  std::string style_reason;  // one sentence: why this style (for the project README)
  int64_t pipeline_ii = 1;   // kPipeline: the top's initiation interval (the largest ReuseFactor)
  int64_t interval = 1;      // the top's expected interval: pipeline_ii, or the slowest process
  // What the HLS tools may struggle with but can still build (more multipliers than the part has
  // DSPs): one line each, naming the layer or the part and the fix.
  std::vector<std::string> warnings;
  // The decision for `node`; an internal error if the node was not lowered.
  const LayerDecision& Of(const ir::Node& node) const;
};

// Decides every layer of a typed graph (precision assigned) under `config`. Every problem (an
// invalid ReuseFactor, a layer the rules cannot cost, a design beyond what the HLS tools accept)
// is reported at once, one line each, naming the layer and the fix.
//
// Size limits (io_parallel): every array is partitioned into registers, and the HLS tools refuse a
// complete partition of more than kMaxCompletePartition elements (project.tcl raises Vivado HLS's
// limit of 1024 to this, as hls4ml does); a design with more than kDspOverbuild times the
// multipliers its part has DSPs is refused, one with more than the part's DSPs is warned about.
ErrorOr<Lowering> Lower(const ir::Graph& graph, const config::Config& config);

inline constexpr int64_t kMaxCompletePartition = 4096;
inline constexpr int64_t kDspOverbuild = 8;
// A Latency convolution without a ParallelizationFactor computes the most positions at once that
// keep it within this many multipliers (all of them when they fit; at least one).
inline constexpr int64_t kDefaultConvMultipliers = 4096;

// The DSP slices of an AMD/Xilinx part (matched by its device name, e.g. "xcvu13p" in
// "xcvu13p-flga2577-2-e"), or 0 when loom does not know the part.
int64_t PartDsps(const std::string& part);

// The ReuseFactors a layer with `dense` multiplications accepts: its divisors (as hls4ml requires),
// so that every reuse step does the same number of products.
std::vector<int64_t> ValidReuseFactors(int64_t dense);

}  // namespace loom::lower

#endif  // LOOM_LOWER_LOWER_H_
