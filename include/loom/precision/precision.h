// Precision assignment: every value and every node's own types get a fixed-point type, from the
// configuration, from the model's quantizers, exact rules ("auto") or calibration data.
#ifndef LOOM_PRECISION_PRECISION_H_
#define LOOM_PRECISION_PRECISION_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "loom/config/config.h"
#include "loom/fixed/fixed_type.h"
#include "loom/ir/graph.h"
#include "loom/support/error.h"

namespace loom::precision {

// Observed [min, max] of each value (by value name) over calibration samples.
using ValueRanges = std::map<std::string, std::pair<double, double>>;

// Runs the float reference engine on `n` samples (inputs[i] holds n samples of graph input i,
// sample-major) and records every value's range.
ErrorOr<ValueRanges> Calibrate(const ir::Graph& graph, const std::vector<const float*>& inputs,
                               int64_t n);

struct PrecisionOptions {
  const config::Config* config = nullptr;  // nullptr: built-in defaults only
  const ValueRanges* ranges = nullptr;     // calibration data, or nullptr
  int64_t calibration_frac_bits = 10;      // fraction bits of calibrated result types
};

// One decision, for the per-layer table: node, key ("result", "weight", "accum", ...), the type
// and where it came from ("config LayerName 'fc1'", "auto: exact", "calibrated [-3.1, 4.2]").
struct PrecisionChoice {
  std::string node;
  std::string key;
  fixed::FixedType type;
  std::string source;
};

// Gives every value of `graph` a fixed type (Value::type) and every node its own types
// (Node::types), plus the "table_size" attribute of lookup-table ops. Order of precedence per key:
// the configuration (LayerName > LayerType > Model; a quantizer's result only from its LayerName
// entry), then "auto": constants their exact type when at most 16 bits wide, accumulators sized so
// they cannot overflow, results exact (or, with calibration data, integer bits from the observed
// range and `calibration_frac_bits` fraction bits, when that is narrower). Graph inputs without
// a configured type get calibration's type or fixed<16,6>. Every problem is reported at once.
ErrorOr<std::vector<PrecisionChoice>> AssignPrecision(ir::Graph& graph,
                                                      const PrecisionOptions& options);

}  // namespace loom::precision

#endif  // LOOM_PRECISION_PRECISION_H_
