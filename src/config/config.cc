// Reading, checking, resolving and writing hls4ml-compatible configurations.
#include "loom/config/config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <utility>

#include "loom/support/suggest.h"

namespace loom::config {
namespace {

// ---------------------------------------------------------------------------------------------
// Key tables. Every key hls4ml defines is listed once with what loom does with it:
//   kRead  - parsed into Config;
//   kNote  - accepted and reported as a note: it only steers hls4ml's tooling (file locations,
//            optimizer flows) or implementation details that do not change what the design
//            computes, so ignoring it cannot change results;
//   kError - rejected: ignoring it would make loom's design compute something other than what the
//            user asked for (or the key is in the wrong section), so the user must act.
// `why` completes "note: '<key>' is not used by loom: <why>" or "error: '<key>' <why>".

enum class KeyUse { kRead, kNote, kError };

struct KeyRule {
  std::string_view key;
  KeyUse use;
  std::string_view why;
};

constexpr std::string_view kModelGiven = "the model is given on the command line";
constexpr std::string_view kOutputGiven = "the output directory is given on the command line";
constexpr std::string_view kOwnPipeline = "loom runs its own pass pipeline";

const std::vector<KeyRule>& TopLevelRules() {
  static const std::vector<KeyRule> rules = {
      {"ProjectName", KeyUse::kRead, ""},
      {"Part", KeyUse::kRead, ""},
      {"ClockPeriod", KeyUse::kRead, ""},
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
      {"ClockUncertainty", KeyUse::kNote, "projects use the HLS tool's default clock uncertainty"},
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
      {"PipelineStyle", KeyUse::kNote, "loom chooses the pipeline style"},
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
      {"ParallelizationFactor", KeyUse::kNote,
       "loom chooses the parallelism of streamed convolutions"},
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

// Precision dict keys hls4ml knows but loom ignores.
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

// Precision keys written as separate settings, in hls4ml's `<key>_t` form.
const std::vector<std::string>& TableKeys() {
  static const std::vector<std::string> keys = {"table", "exp_table", "inv_table"};
  return keys;
}

bool IsPrecisionKey(std::string_view key) {
  const auto& keys = PrecisionKeys();
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

// "accum_t" -> "accum"; "" when `key` is not a `<precision key>_t` spelling.
std::string StripTypeSuffix(std::string_view key) {
  if (key.size() < 3 || key.substr(key.size() - 2) != "_t") return "";
  std::string stem(key.substr(0, key.size() - 2));
  return stem != "default" && IsPrecisionKey(stem) ? stem : "";
}

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

// Valid UTF-8 with no control characters (names of layers and types are text).
bool IsPrintableUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f) return false;
    int extra = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
    if (extra < 0) return false;
    for (int k = 1; k <= extra; ++k) {
      if (i + k >= s.size() || (static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    }
    i += 1 + extra;
  }
  return true;
}

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string Where(const std::string& source, int line) {
  std::string file = source.empty() ? "<config>" : source;
  return line > 0 ? file + ":" + std::to_string(line) : file;
}

std::optional<int64_t> ParseInt(std::string_view text) {
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

std::optional<double> ParseDouble(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

bool IsIdentifier(std::string_view s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

std::string KindName(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Scalar:
      return "a value (" + Quote(n.Scalar()) + ")";
    default:
      return "empty";
  }
}

// ---------------------------------------------------------------------------------------------
// The parser: walks the YAML tree once, filling a Config and collecting every problem.

class Parser {
 public:
  explicit Parser(const std::string& source) { config_.source = source; }

  ErrorOr<Config> Run(std::string_view text) {
    YAML::Node root;
    try {
      root = YAML::Load(std::string(text));
    } catch (const YAML::ParserException& e) {
      return Error(Where(config_.source, e.mark.line + 1) + ": error: invalid YAML: " + e.msg +
                   " (column " + std::to_string(e.mark.column + 1) +
                   "); fix the syntax (JSON files must also be valid JSON)");
    }
    if (root.IsNull()) return config_;  // an empty file: every setting at its default
    if (!root.IsMap()) {
      Problem(LineOf(root, 1), "the configuration must be a map of keys, not " + KindName(root) +
                                   "; start with e.g. 'HLSConfig:' or 'Model:'");
    } else {
      ParseTopLevel(root);
    }
    if (!errors_.empty()) return Error(Join(errors_, "\n"));
    return config_;
  }

 private:
  struct Entry {
    std::string key;
    int line;
    YAML::Node value;
  };

  static int LineOf(const YAML::Node& n, int fallback) {
    return n.Mark().line >= 0 ? n.Mark().line + 1 : fallback;
  }

  void Problem(int line, const std::string& what) {
    errors_.push_back(Where(config_.source, line) + ": error: " + what);
  }
  void Note(int line, const std::string& what) {
    config_.notes.push_back(Where(config_.source, line) + ": note: " + what);
  }

  // The entries of a map node, in file order. Reports keys that are not plain values and keys
  // given twice (yaml-cpp keeps both); `context` is " in LayerName 'fc1'" or similar.
  std::vector<Entry> Entries(const YAML::Node& map, const std::string& context) {
    std::vector<Entry> out;
    std::map<std::string, int> first_line;
    for (auto it = map.begin(); it != map.end(); ++it) {
      int line = LineOf(it->first, LineOf(map, 0));
      if (!it->first.IsScalar()) {
        Problem(line,
                "a key" + context + " is " + KindName(it->first) + "; keys must be plain names");
        continue;
      }
      std::string key = it->first.Scalar();
      auto [pos, inserted] = first_line.emplace(key, line);
      if (!inserted) {
        Problem(line, "duplicate key " + Quote(key) + context + " (first at line " +
                          std::to_string(pos->second) + "); keep one");
        continue;
      }
      out.push_back({key, line, it->second});
    }
    return out;
  }

  // Checks that `e.value` is a map (an empty value counts as an empty map).
  bool ExpectMap(const Entry& e, const std::string& what) {
    if (e.value.IsMap() || e.value.IsNull()) return true;
    Problem(e.line, what + " must be a map, not " + KindName(e.value));
    return false;
  }

  // The text of a scalar value, or nullopt (with a problem reported) for a map, list or nothing.
  std::optional<std::string> ExpectScalar(const Entry& e, const std::string& what,
                                          const std::string& expected) {
    if (e.value.IsScalar()) return e.value.Scalar();
    Problem(e.line, what + " must be " + expected + ", not " + KindName(e.value));
    return std::nullopt;
  }

  // In a flow map `{weight: ap_fixed<8,2>}` YAML splits the unquoted precision at the comma into
  // 'ap_fixed<8' and a key '2>' without value. The first part's error explains it (and says to
  // quote); the second part is not reported again.
  static bool IsSplitRemnant(const Entry& e) {
    return e.value.IsNull() && !e.key.empty() && e.key.back() == '>' &&
           e.key.find('<') == std::string::npos;
  }

  // Reports a key no rule matched, suggesting the closest of `candidates`.
  void UnknownKey(const Entry& e, const std::string& context,
                  const std::vector<std::string>& candidates,
                  const std::vector<std::string>& valid) {
    std::string hint = DidYouMean(e.key, candidates);
    Problem(e.line, "unknown key " + Quote(e.key) + context +
                        (hint.empty() ? "; valid keys: " + Join(valid, ", ") : hint));
  }

  // Applies a note/error rule; returns false when the key is not in `rules` or is a kRead key.
  bool ApplyRule(const std::vector<KeyRule>& rules, const Entry& e, const std::string& context) {
    const KeyRule* rule = FindRule(rules, e.key);
    if (rule == nullptr || rule->use == KeyUse::kRead) return false;
    if (rule->use == KeyUse::kNote) {
      Note(e.line, Quote(e.key) + context + " is not used by loom: " + std::string(rule->why));
    } else {
      Problem(e.line, Quote(e.key) + context + " " + std::string(rule->why));
    }
    return true;
  }

  static std::vector<std::string> RuleKeys(const std::vector<KeyRule>& rules, bool read_only) {
    std::vector<std::string> keys;
    for (const KeyRule& r : rules) {
      if (!read_only || r.use == KeyUse::kRead) keys.emplace_back(r.key);
    }
    return keys;
  }

  // Where a section was seen first, to report Model/LayerType/LayerName given twice (once at the
  // top level, once in HLSConfig).
  bool FirstSection(const Entry& e, const std::string& where) {
    auto [pos, inserted] = section_line_.emplace(e.key, std::make_pair(e.line, where));
    if (inserted) return true;
    Problem(e.line, e.key + " is given both " + pos->second.second + " (line " +
                        std::to_string(pos->second.first) + ") and " + where + "; keep one");
    return false;
  }

  void ParseTopLevel(const YAML::Node& root) {
    const std::string context = " at the top level";
    std::optional<bool> top_trace;
    for (const Entry& e : Entries(root, context)) {
      if (e.key == "HLSConfig") {
        if (ExpectMap(e, "HLSConfig")) ParseHlsConfig(e.value);
      } else if (e.key == "Model" || e.key == "LayerType" || e.key == "LayerName") {
        ParseSectionGroup(e, "at the top level");
      } else if (e.key == "ProjectName") {
        if (auto v = ExpectScalar(e, "ProjectName", "a name")) {
          if (IsIdentifier(*v)) {
            config_.project_name = *v;
          } else {
            Problem(e.line, "ProjectName " + Quote(*v) +
                                " is not a valid C++ identifier; use letters, digits and '_', "
                                "not starting with a digit");
          }
        }
      } else if (e.key == "Part") {
        if (auto v = ExpectScalar(e, "Part", "an FPGA part name")) {
          if (v->empty() || !IsPrintableUtf8(*v)) {
            Problem(e.line, "Part " +
                                std::string(v->empty() ? "is empty" : "is not printable text") +
                                "; give an FPGA part such as 'xcvu13p-flga2577-2-e'");
          } else {
            config_.part = *v;
          }
        }
      } else if (e.key == "ClockPeriod") {
        if (auto v = ExpectScalar(e, "ClockPeriod", "a number")) {
          std::optional<double> d = ParseDouble(*v);
          if (d && *d > 0) {
            config_.clock_period = *d;
          } else {
            Problem(e.line, "ClockPeriod " + Quote(*v) +
                                " is not valid; use a positive number of nanoseconds");
          }
        }
      } else if (e.key == "Backend") {
        if (auto v = ExpectScalar(e, "Backend", "a backend name")) ParseBackend(e, *v);
      } else if (e.key == "IOType") {
        if (auto v = ExpectScalar(e, "IOType", "io_parallel or io_stream")) {
          if (*v == "io_parallel") {
            config_.io_type = IOType::kParallel;
          } else if (*v == "io_stream") {
            config_.io_type = IOType::kStream;
          } else {
            std::vector<std::string> valid = {"io_parallel", "io_stream"};
            Problem(e.line, "IOType " + Quote(*v) + " is not valid" + DidYouMean(*v, valid) +
                                "; valid: " + Join(valid, ", "));
          }
        }
      } else if (e.key == "TraceOutput") {
        top_trace = ParseBool(e, "TraceOutput" + context);
      } else if (!ApplyRule(TopLevelRules(), e, context)) {
        UnknownKey(e, context, RuleKeys(TopLevelRules(), false), RuleKeys(TopLevelRules(), true));
      }
    }
    // Model's TraceOutput is the more specific spelling; the top-level one fills in.
    if (top_trace && !config_.model.trace) config_.model.trace = top_trace;
  }

  void ParseBackend(const Entry& e, const std::string& v) {
    for (const std::string& known : KnownBackends()) {
      // hls4ml looks backends up case-insensitively; loom stores the canonical spelling.
      if (Lower(v) == Lower(known)) {
        config_.backend = known;
        return;
      }
    }
    static const std::vector<std::string> hls4ml_only = {"VivadoAccelerator",
                                                         "VitisAccelerator",
                                                         "Quartus",
                                                         "Catapult",
                                                         "oneAPI",
                                                         "SymbolicExpression",
                                                         "Libero"};
    for (const std::string& other : hls4ml_only) {
      if (Lower(v) == Lower(other)) {
        Problem(e.line, "Backend " + Quote(v) +
                            " is not supported by loom; valid: " + Join(KnownBackends(), ", "));
        return;
      }
    }
    Problem(e.line, "Backend " + Quote(v) + " is not valid" + DidYouMean(v, KnownBackends()) +
                        "; valid: " + Join(KnownBackends(), ", "));
  }

  void ParseHlsConfig(const YAML::Node& node) {
    if (node.IsNull()) return;
    const std::string context = " in HLSConfig";
    for (const Entry& e : Entries(node, context)) {
      if (e.key == "Model" || e.key == "LayerType" || e.key == "LayerName") {
        ParseSectionGroup(e, "in HLSConfig");
      } else if (!ApplyRule(HlsConfigRules(), e, context)) {
        UnknownKey(e, context, RuleKeys(HlsConfigRules(), false), RuleKeys(HlsConfigRules(), true));
      }
    }
  }

  // Model, LayerType or LayerName; `where` is "at the top level" or "in HLSConfig".
  void ParseSectionGroup(const Entry& e, const std::string& where) {
    if (!FirstSection(e, where) || !ExpectMap(e, e.key)) return;
    if (e.key == "Model") {
      config_.model.line = e.line;
      ParseSettings(e.value, " in Model", /*is_model=*/true, config_.model);
      return;
    }
    auto& target = e.key == "LayerType" ? config_.layer_type : config_.layer_name;
    if (e.value.IsNull()) return;
    for (const Entry& layer : Entries(e.value, " in " + e.key)) {
      if (!IsPrintableUtf8(layer.key)) {
        // No model has such a name, and no YAML or JSON file could write it back.
        Problem(layer.line, e.key +
                                " entry names must be printable UTF-8 text without control "
                                "characters; check the file's encoding");
        continue;
      }
      std::string context = " in " + e.key + " " + Quote(layer.key);
      if (!ExpectMap(layer, e.key + " " + Quote(layer.key))) continue;
      LayerSettings settings;
      settings.line = layer.line;
      ParseSettings(layer.value, context, /*is_model=*/false, settings);
      target[layer.key] = std::move(settings);
    }
  }

  std::optional<bool> ParseBool(const Entry& e, const std::string& what) {
    auto v = ExpectScalar(e, what, "true or false");
    if (!v) return std::nullopt;
    bool b = false;
    if (YAML::convert<bool>::decode(e.value, b)) return b;
    Problem(e.line, what + " must be true or false, not " + Quote(*v));
    return std::nullopt;
  }

  // One section's settings. `set_at` remembers where each precision key was set, so that a key
  // given twice (e.g. `Precision: {table: ...}` and `table_t: ...`) is reported.
  void ParseSettings(const YAML::Node& node, const std::string& context, bool is_model,
                     LayerSettings& out) {
    if (node.IsNull()) return;
    std::map<std::string, int> set_at;
    int table_size_line = 0;
    const std::string trace_key = is_model ? "TraceOutput" : "Trace";
    for (const Entry& e : Entries(node, context)) {
      if (e.key == "Precision") {
        ParsePrecisionValue(e, context, out, set_at);
      } else if (e.key == "ReuseFactor") {
        auto v = ExpectScalar(e, "ReuseFactor" + context, "a positive integer");
        if (!v) continue;
        std::optional<int64_t> rf = ParseInt(*v);
        if (rf && *rf > 0) {
          out.reuse_factor = *rf;
        } else {
          Problem(e.line,
                  "ReuseFactor " + Quote(*v) + context + " is not valid; use a positive integer");
        }
      } else if (e.key == "Strategy") {
        auto v = ExpectScalar(e, "Strategy" + context, "Latency or Resource");
        if (!v) continue;
        // hls4ml lower-cases the strategy before comparing.
        if (Lower(*v) == "latency") {
          out.strategy = Strategy::kLatency;
        } else if (Lower(*v) == "resource") {
          out.strategy = Strategy::kResource;
        } else {
          std::vector<std::string> valid = {"Latency", "Resource"};
          Problem(e.line, "Strategy " + Quote(*v) + context + " is not valid" +
                              DidYouMean(*v, valid) + "; valid: " + Join(valid, ", "));
        }
      } else if (e.key == trace_key) {
        if (auto b = ParseBool(e, trace_key + context)) out.trace = *b;
      } else if (e.key == "table_size" || e.key == "TableSize") {
        if (table_size_line != 0) {
          Problem(e.line, "the table size" + context + " is set twice (line " +
                              std::to_string(table_size_line) + " and line " +
                              std::to_string(e.line) + "); keep one");
          continue;
        }
        table_size_line = e.line;
        ParseTableSize(e, context, out);
      } else if (std::string stem = StripTypeSuffix(e.key); !stem.empty()) {
        if (auto v = ExpectScalar(e, e.key + context, "a precision such as 'ap_fixed<18,8>'")) {
          SetPrecision(e.line, stem, e.key, *v, context, out, set_at);
        }
      } else if (!IsSplitRemnant(e) &&
                 !ApplyRule(is_model ? ModelRules() : LayerRules(), e, context)) {
        // The trace flag is spelled TraceOutput in Model and Trace in layer sections, as in
        // hls4ml; any `<precision key>_t` is accepted but only the table types are listed.
        std::vector<std::string> valid = {"Precision", "ReuseFactor", "Strategy", trace_key,
                                          "table_size"};
        for (const std::string& t : TableKeys()) valid.push_back(t + "_t");
        std::vector<std::string> candidates = valid;
        candidates.push_back("TableSize");
        for (const std::string& k : RuleKeys(is_model ? ModelRules() : LayerRules(), false)) {
          candidates.push_back(k);
        }
        for (const std::string& k : PrecisionKeys()) {
          if (k != "default") candidates.push_back(k + "_t");
        }
        UnknownKey(e, context, candidates, valid);
      }
    }
  }

  void ParseTableSize(const Entry& e, const std::string& context, LayerSettings& out) {
    auto v = ExpectScalar(e, e.key + context, "a positive power of two");
    if (!v) return;
    std::optional<int64_t> n = ParseInt(*v);
    if (n && *n > 0 && (*n & (*n - 1)) == 0) {
      out.table_size = *n;
      return;
    }
    std::string fix = "use a positive power of two";
    if (n && *n > 0 && *n < (int64_t{1} << 61)) {
      int64_t lower = 1;
      while (lower * 2 <= *n) lower *= 2;
      fix += " such as " + std::to_string(lower) + " or " + std::to_string(lower * 2);
    } else {
      fix += " such as 1024";
    }
    Problem(e.line, e.key + " " + Quote(*v) + context + " is not valid; " + fix);
  }

  // `Precision: <type>` (the default key) or `Precision: {key: <type>, ...}`.
  void ParsePrecisionValue(const Entry& e, const std::string& context, LayerSettings& out,
                           std::map<std::string, int>& set_at) {
    if (e.value.IsScalar()) {
      SetPrecision(e.line, "default", "Precision", e.value.Scalar(), context, out, set_at);
      return;
    }
    if (!e.value.IsMap()) {
      Problem(e.line, "Precision" + context +
                          " must be a precision such as 'ap_fixed<16,6>' or "
                          "a map such as {weight: ap_fixed<8,2>}, not " +
                          KindName(e.value));
      return;
    }
    for (const Entry& p : Entries(e.value, " in Precision" + context)) {
      std::string key = p.key;
      if (!IsPrecisionKey(key)) key = StripTypeSuffix(p.key);  // accum_t -> accum
      std::string written = "Precision " + p.key;
      if (key.empty()) {
        if (IsSplitRemnant(p) || ApplyRule(PrecisionRules(), p, " in Precision" + context))
          continue;
        std::string hint = DidYouMean(p.key, PrecisionKeys());
        Problem(p.line, "unknown precision key " + Quote(p.key) + context +
                            (hint.empty() ? "; valid keys: " + Join(PrecisionKeys(), ", ") : hint));
        continue;
      }
      if (auto v = ExpectScalar(p, written + context, "a precision such as 'ap_fixed<16,6>'")) {
        SetPrecision(p.line, key, written, *v, context, out, set_at);
      }
    }
  }

  void SetPrecision(int line, const std::string& key, const std::string& written,
                    const std::string& text, const std::string& context, LayerSettings& out,
                    std::map<std::string, int>& set_at) {
    auto [pos, inserted] = set_at.emplace(key, line);
    if (!inserted) {
      Problem(line, "precision " + Quote(key) + context + " is set twice (line " +
                        std::to_string(pos->second) + " and line " + std::to_string(line) +
                        "); keep one");
      return;
    }
    ErrorOr<fixed::Precision> p = fixed::ParsePrecision(text);
    if (!p.ok()) {
      std::string hint;
      if (text.find('<') != std::string::npos && text.find('>') == std::string::npos) {
        hint =
            "; inside {...} quote the precision, e.g. 'ap_fixed<8,2>', since YAML splits it at "
            "the comma";
      }
      Problem(line, written + " " + Quote(text) + context + ": " + p.error().message() + hint);
      return;
    }
    out.precision[key] = p.value();
  }

  Config config_;
  std::vector<std::string> errors_;
  std::map<std::string, std::pair<int, std::string>> section_line_;
};

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

// ---------------------------------------------------------------------------------------------
// Emission: one ordered tree, printed as YAML or JSON.

struct OutNode {
  enum Kind { kString, kNumber, kBool, kMap } kind = kMap;
  std::string text;  // scalars
  // Maps, in order (keys and values apart: a pair would need OutNode complete here).
  std::vector<std::string> keys;
  std::vector<OutNode> values;

  static OutNode String(std::string s) { return {kString, std::move(s), {}, {}}; }
  static OutNode Number(std::string s) { return {kNumber, std::move(s), {}, {}}; }
  static OutNode Bool(bool b) { return {kBool, b ? "true" : "false", {}, {}}; }
  void Add(std::string key, OutNode value) {
    keys.push_back(std::move(key));
    values.push_back(std::move(value));
  }
};

std::string PrecisionText(const fixed::Precision& p) {
  return p.is_auto ? "auto" : p.type.ToApString();
}

std::string FormatDouble(double v) {
  char buf[64];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  LOOM_CHECK(ec == std::errc());
  return std::string(buf, ptr);
}

OutNode SettingsTree(const LayerSettings& s, bool is_model) {
  OutNode out;
  // Precision: the string form when only the default is set (as hls4ml writes it), else a map;
  // table types go to separate `<key>_t` settings, as hls4ml writes them.
  std::vector<std::string> dict_keys;
  for (const std::string& key : PrecisionKeys()) {
    bool is_table = std::find(TableKeys().begin(), TableKeys().end(), key) != TableKeys().end();
    if (s.precision.count(key) && !is_table) dict_keys.push_back(key);
  }
  if (dict_keys.size() == 1 && dict_keys[0] == "default") {
    out.Add("Precision", OutNode::String(PrecisionText(s.precision.at("default"))));
  } else if (!dict_keys.empty()) {
    OutNode dict;
    for (const std::string& key : dict_keys) {
      dict.Add(key, OutNode::String(PrecisionText(s.precision.at(key))));
    }
    out.Add("Precision", std::move(dict));
  }
  if (s.reuse_factor) out.Add("ReuseFactor", OutNode::Number(std::to_string(*s.reuse_factor)));
  if (s.strategy) out.Add("Strategy", OutNode::String(StrategyName(*s.strategy)));
  if (s.trace) out.Add(is_model ? "TraceOutput" : "Trace", OutNode::Bool(*s.trace));
  for (const std::string& key : TableKeys()) {
    auto it = s.precision.find(key);
    if (it != s.precision.end()) out.Add(key + "_t", OutNode::String(PrecisionText(it->second)));
  }
  if (s.table_size) out.Add("table_size", OutNode::Number(std::to_string(*s.table_size)));
  return out;
}

OutNode ConfigTree(const Config& c) {
  OutNode root;
  root.Add("ProjectName", OutNode::String(c.project_name));
  root.Add("Part", OutNode::String(c.part));
  root.Add("ClockPeriod", OutNode::Number(FormatDouble(c.clock_period)));
  root.Add("Backend", OutNode::String(c.backend));
  root.Add("IOType", OutNode::String(IOTypeName(c.io_type)));
  OutNode hls;
  hls.Add("Model", SettingsTree(c.model, /*is_model=*/true));
  for (const auto* group : {&c.layer_type, &c.layer_name}) {
    if (group->empty()) continue;
    OutNode sections;
    for (const auto& [name, settings] : *group) {
      sections.Add(name, SettingsTree(settings, /*is_model=*/false));
    }
    hls.Add(group == &c.layer_type ? "LayerType" : "LayerName", std::move(sections));
  }
  root.Add("HLSConfig", std::move(hls));
  return root;
}

std::string JsonQuote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

// A YAML scalar: plain when it cannot be read as anything but this string, else double-quoted.
std::string YamlScalar(std::string_view s) {
  static const std::set<std::string> reserved = {"true", "false", "yes", "no",   "on",
                                                 "off",  "y",     "n",   "null", "~"};
  bool plain = !s.empty() && (std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_') &&
               !reserved.count(Lower(s)) && std::all_of(s.begin(), s.end(), [](char c) {
                 return std::isalnum(static_cast<unsigned char>(c)) ||
                        std::string_view("_<>,.-+").find(c) != std::string_view::npos;
               });
  return plain ? std::string(s) : JsonQuote(s);
}

void PrintYaml(const OutNode& map, int indent, std::string& out) {
  for (size_t k = 0; k < map.keys.size(); ++k) {
    const std::string& key = map.keys[k];
    const OutNode& value = map.values[k];
    out += std::string(indent, ' ') + YamlScalar(key) + ":";
    if (value.kind != OutNode::kMap) {
      out += " " + (value.kind == OutNode::kString ? YamlScalar(value.text) : value.text) + "\n";
    } else if (value.keys.empty()) {
      out += " {}\n";
    } else {
      out += "\n";
      PrintYaml(value, indent + 2, out);
    }
  }
}

void PrintJson(const OutNode& node, int indent, std::string& out) {
  if (node.kind != OutNode::kMap) {
    out += node.kind == OutNode::kString ? JsonQuote(node.text) : node.text;
    return;
  }
  if (node.keys.empty()) {
    out += "{}";
    return;
  }
  out += "{\n";
  for (size_t i = 0; i < node.keys.size(); ++i) {
    out += std::string(indent + 2, ' ') + JsonQuote(node.keys[i]) + ": ";
    PrintJson(node.values[i], indent + 2, out);
    out += i + 1 < node.keys.size() ? ",\n" : "\n";
  }
  out += std::string(indent, ' ') + "}";
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

ErrorOr<Config> ParseConfig(std::string_view text, const std::string& source) {
  return Parser(source).Run(text);
}

ErrorOr<Config> ReadConfigFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(path + ": error: cannot read the configuration file; check the path");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return ParseConfig(buffer.str(), path);
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

Strategy ResolveStrategy(const Config& config, const ir::Node& node) {
  return ResolveField(config, node, &LayerSettings::strategy).value_or(Strategy::kLatency);
}

std::optional<int64_t> ResolveTableSize(const Config& config, const ir::Node& node) {
  return ResolveField(config, node, &LayerSettings::table_size);
}

bool ResolveTrace(const Config& config, const ir::Node& node) {
  return ResolveField(config, node, &LayerSettings::trace).value_or(false);
}

std::string EmitYaml(const Config& config) {
  std::string out;
  PrintYaml(ConfigTree(config), 0, out);
  return out;
}

std::string EmitJson(const Config& config) {
  std::string out;
  PrintJson(ConfigTree(config), 0, out);
  return out + "\n";
}

}  // namespace loom::config
