// The configuration's schema: its keys and their values, the names a node answers to, the check
// against a model, and how the sections resolve for one node.
#include <algorithm>
#include <cctype>
#include <utility>

#include "config/config_internal.h"
#include "loom/config/config.h"
#include "loom/support/suggest.h"

namespace loom::config {
namespace internal {

// ---------------------------------------------------------------------------------------------
// Key tables (what KeyUse and `why` mean: config_internal.h).

namespace {

constexpr std::string_view kModelGiven = "the model is given on the command line";
constexpr std::string_view kOutputGiven = "the output directory is given on the command line";
constexpr std::string_view kOwnPipeline = "loom runs its own pass pipeline";

}  // namespace

const std::vector<KeyRule>& TopLevelRules() {
  static const std::vector<KeyRule> rules = {
      {"ProjectName", KeyUse::kRead, ""},
      {"Part", KeyUse::kRead, ""},
      {"ClockPeriod", KeyUse::kRead, ""},
      {"ClockUncertainty", KeyUse::kRead, ""},
      {"Backend", KeyUse::kRead, ""},
      {"IOType", KeyUse::kRead, ""},
      {"HLSConfig", KeyUse::kRead, ""},
      // The bare layout of config_from_*_model: HLSConfig's keys at the top.
      {"Model", KeyUse::kRead, ""},
      {"LayerType", KeyUse::kRead, ""},
      {"LayerName", KeyUse::kRead, ""},
      // hls4ml reads the trace flag from the top level too; it sets Model's TraceOutput.
      {"TraceOutput", KeyUse::kRead, ""},
      {"KerasJson", KeyUse::kNote, kModelGiven},
      {"KerasH5", KeyUse::kNote, kModelGiven},
      {"KerasModel", KeyUse::kNote, kModelGiven},
      {"OnnxModel", KeyUse::kNote, kModelGiven},
      {"PytorchModel", KeyUse::kNote, kModelGiven},
      {"InputShape", KeyUse::kNote, "input shapes are read from the model"},
      {"OutputDir", KeyUse::kNote, kOutputGiven},
      {"ProjectDir", KeyUse::kNote, kOutputGiven},
      {"InputData", KeyUse::kNote, "test data is not read from the configuration"},
      {"OutputPredictions", KeyUse::kNote, "test data is not read from the configuration"},
      {"Version", KeyUse::kNote, "the hls4ml version does not affect loom"},
      {"Stamp", KeyUse::kNote, "loom names its outputs deterministically"},
      {"WriterConfig", KeyUse::kNote, "loom's project writer takes no options from the file"},
      {"Board", KeyUse::kNote, "loom does not generate accelerator (board) wrappers"},
      {"AcceleratorConfig", KeyUse::kNote, "loom does not generate accelerator (board) wrappers"},
      {"Flows", KeyUse::kNote, kOwnPipeline},
      {"Optimizers", KeyUse::kNote, kOwnPipeline},
      {"SkipOptimizers", KeyUse::kNote, kOwnPipeline},
  };
  return rules;
}

const std::vector<KeyRule>& HlsConfigRules() {
  static const std::vector<KeyRule> rules = {
      {"Model", KeyUse::kRead, ""},
      {"LayerType", KeyUse::kRead, ""},
      {"LayerName", KeyUse::kRead, ""},
      {"Flows", KeyUse::kNote, kOwnPipeline},
      {"Optimizers", KeyUse::kNote, kOwnPipeline},
      {"SkipOptimizers", KeyUse::kNote, kOwnPipeline},
  };
  return rules;
}

const std::vector<KeyRule>& ModelRules() {
  static const std::vector<KeyRule> rules = {
      {"TraceOutput", KeyUse::kRead, ""},
      {"BramFactor", KeyUse::kNote, "loom keeps all weights on chip"},
      {"TargetCycles", KeyUse::kNote, "the latency follows from ReuseFactor and Strategy"},
      {"ConvImplementation", KeyUse::kNote, "loom chooses the convolution implementation"},
      {"Compression", KeyUse::kNote, "loom does not compress weights"},
      {"PipelineInterval", KeyUse::kNote, "loom chooses the pipeline interval"},
      {"ChannelsLastConversion", KeyUse::kNote, "loom decides the tensor layout itself"},
      {"TransposeOutputs", KeyUse::kNote, "loom decides the tensor layout itself"},
      {"Trace", KeyUse::kError, "is not a Model key; use 'TraceOutput' in Model"},
  };
  return rules;
}

const std::vector<KeyRule>& LayerRules() {
  static const std::vector<KeyRule> rules = {
      {"Trace", KeyUse::kRead, ""},
      {"TargetCycles", KeyUse::kNote, "the latency follows from ReuseFactor and Strategy"},
      {"ConvImplementation", KeyUse::kNote, "loom chooses the convolution implementation"},
      {"Compression", KeyUse::kNote, "loom does not compress weights"},
      {"BramFactor", KeyUse::kNote, "loom keeps all weights on chip"},
      // Softmax 'implementation' (latency/stable/argmax/legacy) and 'skip' change the results.
      {"Implementation", KeyUse::kError,
       "is not supported by loom: it has one implementation per layer type; remove the key"},
      {"skip", KeyUse::kError,
       "is not supported by loom: it computes every layer of the model; remove the layer from the "
       "model instead"},
      {"TraceOutput", KeyUse::kError,
       "is a Model key; use 'Trace' in LayerName and LayerType sections"},
  };
  return rules;
}

const std::vector<KeyRule>& PrecisionRules() {
  static const std::vector<KeyRule> rules = {
      {"maximum", KeyUse::kNote, "loom's 'auto' precision inference has no upper bound"},
  };
  return rules;
}

const KeyRule* FindRule(const std::vector<KeyRule>& rules, std::string_view key) {
  for (const KeyRule& r : rules) {
    if (r.key == key) return &r;
  }
  return nullptr;
}

const std::vector<std::string>& TableKeys() {
  static const std::vector<std::string> keys = {"table", "exp_table", "inv_table"};
  return keys;
}

bool IsPrecisionKey(std::string_view key) {
  const auto& keys = PrecisionKeys();
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

std::string StripTypeSuffix(std::string_view key) {
  if (key.size() < 3 || key.substr(key.size() - 2) != "_t") return "";
  std::string stem(key.substr(0, key.size() - 2));
  return stem != "default" && IsPrecisionKey(stem) ? stem : "";
}

// ---------------------------------------------------------------------------------------------
// Message text, shared by the parser, the check against a model and the writer.

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += sep;
    out += items[i];
  }
  return out;
}

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string Where(const std::string& source, int line) {
  std::string file = source.empty() ? "<config>" : source;
  return line > 0 ? file + ":" + std::to_string(line) : file;
}

}  // namespace internal

namespace {

using internal::Join;
using internal::Quote;
using internal::Where;

// ---------------------------------------------------------------------------------------------
// Type names: the op's spelling and its hls4ml names from the op table ('#' stands for the
// spatial rank, 1 or 2, of the node's input).

void AddUnique(std::vector<std::string>& out, std::string name) {
  if (!name.empty() && std::find(out.begin(), out.end(), name) == out.end()) {
    out.push_back(std::move(name));
  }
}

// Adds `pattern` with '#' replaced by each of `ranks`.
void AddPattern(std::vector<std::string>& out, std::string_view pattern,
                const std::vector<char>& ranks) {
  size_t hash = pattern.find('#');
  if (hash == std::string_view::npos) {
    AddUnique(out, std::string(pattern));
    return;
  }
  for (char r : ranks) {
    std::string name(pattern);
    name[hash] = r;
    AddUnique(out, name);
  }
}

// ---------------------------------------------------------------------------------------------
// Resolution.

std::vector<const LayerSettings*> NameSections(const Config& config, const ir::Node& node) {
  std::vector<const LayerSettings*> out;
  for (const std::string& name : LayerNames(node)) {
    auto it = config.layer_name.find(name);
    if (it != config.layer_name.end()) out.push_back(&it->second);
  }
  return out;
}

std::vector<const LayerSettings*> TypeSections(const Config& config, const ir::Node& node) {
  std::vector<const LayerSettings*> out;
  for (const std::string& name : TypeNames(node)) {
    auto it = config.layer_type.find(name);
    if (it != config.layer_type.end()) out.push_back(&it->second);
  }
  return out;
}

// The sections that apply to a node, most specific group first.
std::vector<std::vector<const LayerSettings*>> SectionGroups(const Config& config,
                                                             const ir::Node& node) {
  return {NameSections(config, node), TypeSections(config, node), {&config.model}};
}

template <typename T>
std::optional<T> ResolveField(const Config& config, const ir::Node& node,
                              std::optional<T> LayerSettings::*field) {
  for (const auto& group : SectionGroups(config, node)) {
    for (const LayerSettings* s : group) {
      if (s->*field) return s->*field;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string StrategyName(Strategy s) { return s == Strategy::kLatency ? "Latency" : "Resource"; }

std::string IOTypeName(IOType t) { return t == IOType::kParallel ? "io_parallel" : "io_stream"; }

const std::vector<std::string>& PrecisionKeys() {
  // slope and shift: hard_sigmoid's and hard_swish's constants (hls4ml's names).
  static const std::vector<std::string> keys = {"default", "result", "weight",    "bias",
                                                "accum",   "scale",  "param",     "slope",
                                                "shift",   "table",  "exp_table", "inv_table"};
  return keys;
}

const std::vector<std::string>& KnownBackends() {
  static const std::vector<std::string> backends = {"Vivado", "Vitis"};
  return backends;
}

std::vector<std::string> TypeNames(const ir::Node& node) {
  std::vector<std::string> out;
  AddUnique(out, std::string(ir::OpName(node.op)));
  std::vector<char> ranks = {'1', '2'};  // both when the input rank says neither
  if (!node.inputs.empty() && node.inputs[0] != nullptr) {
    size_t rank = node.inputs[0]->shape.size();  // [C, L] or [C, H, W]
    if (rank == 2) ranks = {'1'};
    if (rank == 3) ranks = {'2'};
  }
  for (std::string_view pattern : ir::Info(node.op).hls4ml_names) AddPattern(out, pattern, ranks);
  return out;
}

std::vector<std::string> AllTypeNames() {
  std::vector<std::string> out;
  for (ir::OpKind op : ir::AllOps()) {
    AddUnique(out, std::string(ir::OpName(op)));
    for (std::string_view pattern : ir::Info(op).hls4ml_names) AddPattern(out, pattern, {'1', '2'});
  }
  return out;
}

std::vector<std::string> LayerNames(const ir::Node& node) {
  std::vector<std::string> out;
  AddUnique(out, node.name);
  for (const ir::Location& loc : node.locations) AddUnique(out, loc.name);
  if (node.op == ir::OpKind::kInput) {
    for (const ir::Value* v : node.outputs) AddUnique(out, v->name);
  }
  return out;
}

std::vector<std::string> CheckAgainstGraph(const Config& config, const ir::Graph& graph) {
  std::vector<std::string> problems;
  const std::string model = graph.source_file.empty() ? "the model" : graph.source_file;
  std::vector<std::string> names, types;
  for (const auto& node : graph.nodes()) {
    for (std::string& n : LayerNames(*node)) AddUnique(names, std::move(n));
    for (std::string& t : TypeNames(*node)) AddUnique(types, std::move(t));
  }
  // A short list of examples when no name is close.
  auto examples = [](const std::vector<std::string>& all) {
    constexpr size_t kShown = 8;
    std::vector<std::string> shown(all.begin(), all.begin() + std::min(all.size(), kShown));
    return Join(shown, ", ") + (all.size() > kShown ? ", ..." : "");
  };
  for (const auto& [name, settings] : config.layer_name) {
    if (std::find(names.begin(), names.end(), name) != names.end()) continue;
    std::string hint = DidYouMean(name, names);
    problems.push_back(Where(config.source, settings.line) + ": error: LayerName " + Quote(name) +
                       " is not a layer of " + model +
                       (hint.empty() ? "; its layers are: " + examples(names) : hint));
  }
  std::vector<std::string> known = types;  // the model's own types are suggested first
  for (std::string& t : AllTypeNames()) AddUnique(known, std::move(t));
  for (const auto& [type, settings] : config.layer_type) {
    if (std::find(known.begin(), known.end(), type) != known.end()) continue;
    std::string hint = DidYouMean(type, known);
    problems.push_back(
        Where(config.source, settings.line) + ": error: LayerType " + Quote(type) +
        " is not a layer type known to loom" +
        (hint.empty() ? "; the types in " + model + " are: " + examples(types) : hint));
  }
  return problems;
}

std::optional<fixed::Precision> ResolvePrecision(const Config& config, const ir::Node& node,
                                                 const std::string& key) {
  for (const auto& group : SectionGroups(config, node)) {
    for (const std::string& k : {key, std::string("default")}) {
      for (const LayerSettings* s : group) {
        auto it = s->precision.find(k);
        if (it != s->precision.end()) return it->second;
      }
    }
  }
  return std::nullopt;
}

int64_t ResolveReuseFactor(const Config& config, const ir::Node& node) {
  return ResolveField(config, node, &LayerSettings::reuse_factor).value_or(1);
}

std::optional<int64_t> ResolveParallelizationFactor(const Config& config, const ir::Node& node) {
  return ResolveField(config, node, &LayerSettings::parallelization_factor);
}

Strategy ResolveStrategy(const Config& config, const ir::Node& node) {
  return ResolveField(config, node, &LayerSettings::strategy).value_or(Strategy::kLatency);
}

std::optional<int64_t> ResolveTableSize(const Config& config, const ir::Node& node) {
  return ResolveField(config, node, &LayerSettings::table_size);
}

bool ResolveTrace(const Config& config, const ir::Node& node) {
  return ResolveField(config, node, &LayerSettings::trace).value_or(false);
}

}  // namespace loom::config
