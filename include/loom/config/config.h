// hls4ml-compatible configuration (YAML or JSON): precision, reuse, strategy, I/O type per layer.
#ifndef LOOM_CONFIG_CONFIG_H_
#define LOOM_CONFIG_CONFIG_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "loom/fixed/fixed_type.h"
#include "loom/ir/graph.h"
#include "loom/support/error.h"

namespace loom::config {

enum class Strategy { kLatency, kResource };
enum class IOType { kParallel, kStream };

std::string StrategyName(Strategy s);  // "Latency", "Resource"
std::string IOTypeName(IOType t);      // "io_parallel", "io_stream"

// The precision keys a section may set (the keys of hls4ml's Precision dict, plus the table
// types hls4ml writes as separate `*_t` keys): default, result, weight, bias, accum, scale,
// param (the slope/alpha of leaky and parametric ReLU), slope and shift (hard_sigmoid,
// hard_swish), table, exp_table, inv_table.
const std::vector<std::string>& PrecisionKeys();

// The backends loom generates projects for: Vivado, Vitis.
const std::vector<std::string>& KnownBackends();

// One section of a configuration: `Model`, one `LayerType` entry or one `LayerName` entry.
// Keys the file does not set are absent (empty map entry / nullopt), so that lookup falls through
// to the next, less specific section.
enum class PipelineStyle : uint8_t { kPipeline, kDataflow };

struct LayerSettings {
  std::map<std::string, fixed::Precision> precision;  // key (from PrecisionKeys) -> type or auto
  std::optional<int64_t> reuse_factor;
  // io_parallel convolutions: output positions computed at once (hls4ml's ParallelizationFactor);
  // unset: the lowering's default (lower::DefaultParallelization).
  std::optional<int64_t> parallelization_factor;
  std::optional<Strategy> strategy;
  std::optional<int64_t> table_size;
  std::optional<bool> trace;
  // Model only (hls4ml's PipelineStyle): how the top function is scheduled; unset is "auto",
  // the lowering's choice (lower::TopStyle).
  std::optional<PipelineStyle> pipeline_style;
  int line = 0;  // 1-based line of the section in its file; 0 when not read from a file
};

struct Config {
  std::string source;  // the file it was read from ("" when built in code), for messages
  std::string project_name = "myproject";
  std::string part = "xcvu13p-flga2577-2-e";
  double clock_period = 5.0;  // ns
  // The HLS tool's clock uncertainty: a percentage of the period ("12.5%", hls4ml's default for
  // Vivado) or nanoseconds ("0.6").
  std::string clock_uncertainty = "12.5%";
  std::string backend = "Vitis";
  IOType io_type = IOType::kParallel;
  LayerSettings model;
  std::map<std::string, LayerSettings> layer_type;  // keyed as written in the file
  std::map<std::string, LayerSettings> layer_name;  // keyed as written in the file
  // Keys that hls4ml defines and loom reads but does not use (KerasJson, OutputDir, ...): reported
  // to the user as notes, never dropped silently.
  std::vector<std::string> notes;
};

// Parses a configuration written as YAML or JSON (JSON is read as YAML). Accepts hls4ml's layout
// (top-level keys plus an `HLSConfig` section holding Model/LayerType/LayerName) and the bare
// layout hls4ml's config_from_*_model returns (Model/LayerType/LayerName at the top). Every
// problem (unknown key, bad value, wrong node kind) is reported at once, each naming the file,
// line and key, with "did you mean ..." for misspelled keys.
ErrorOr<Config> ParseConfig(std::string_view text, const std::string& source);
ErrorOr<Config> ReadConfigFile(const std::string& path);

// The names a node answers to in LayerType sections: loom's op spelling ("dense") and hls4ml's
// class names for it ("Dense", "QDense", ...).
std::vector<std::string> TypeNames(const ir::Node& node);
// The names a node answers to in LayerName sections: its own name and every original name in its
// locations (a fused Dense+BatchNorm answers to both layers' names), plus, for graph inputs, the
// input's name.
std::vector<std::string> LayerNames(const ir::Node& node);
// Every name TypeNames can return for some node (both 1D and 2D spellings), without duplicates.
std::vector<std::string> AllTypeNames();

// Checks a configuration against the model it is applied to: every LayerName entry must name a
// node (or graph input) and every LayerType entry a type loom knows (a known type absent from this
// model is fine: hls4ml configurations are shared across models). Returns one
// "<file>:<line>: error: ..." message per problem, with "did you mean ..." from the model's names;
// empty when all is well.
std::vector<std::string> CheckAgainstGraph(const Config& config, const ir::Graph& graph);

// The effective settings of one node: LayerName beats LayerType beats Model. For a precision key
// the order is name[key], name[default], type[key], type[default], model[key], model[default];
// nullopt when none sets it. When several LayerName sections match one node (a fused node
// answers to each original layer's name) they are searched in LayerNames order, all of them for
// the key before any for the default; likewise LayerType sections in TypeNames order.
std::optional<fixed::Precision> ResolvePrecision(const Config& config, const ir::Node& node,
                                                 const std::string& key);
int64_t ResolveReuseFactor(const Config& config, const ir::Node& node);  // 1 when unset
std::optional<int64_t> ResolveParallelizationFactor(const Config& config, const ir::Node& node);
Strategy ResolveStrategy(const Config& config, const ir::Node& node);  // Latency when unset
std::optional<int64_t> ResolveTableSize(const Config& config, const ir::Node& node);
bool ResolveTrace(const Config& config, const ir::Node& node);  // false when unset

// Writes a configuration in hls4ml's layout (top-level keys, then HLSConfig with Model,
// LayerType, LayerName), deterministic; ParseConfig reads it back to an equal Config.
std::string EmitYaml(const Config& config);
std::string EmitJson(const Config& config);

}  // namespace loom::config

#endif  // LOOM_CONFIG_CONFIG_H_
