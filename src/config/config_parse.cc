// Reading hls4ml-compatible configurations (YAML or JSON) into a Config, every problem at once.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <utility>

#include "config/config_internal.h"
#include "loom/config/config.h"
#include "loom/support/suggest.h"

namespace loom::config {
namespace {

using internal::FindRule;
using internal::HlsConfigRules;
using internal::IsPrecisionKey;
using internal::Join;
using internal::KeyRule;
using internal::KeyUse;
using internal::LayerRules;
using internal::Lower;
using internal::ModelRules;
using internal::PrecisionRules;
using internal::Quote;
using internal::StripTypeSuffix;
using internal::TableKeys;
using internal::TopLevelRules;
using internal::Where;

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
      } else if (e.key == "ClockUncertainty") {
        if (auto v = ExpectScalar(e, "ClockUncertainty", "a percentage or nanoseconds")) {
          std::string text = *v;
          bool percent = !text.empty() && text.back() == '%';
          if (percent) text.pop_back();
          std::optional<double> d = ParseDouble(text);
          if (d && *d >= 0 && (!percent || *d < 100)) {
            config_.clock_uncertainty = *v;
          } else {
            Problem(e.line, "ClockUncertainty " + Quote(*v) +
                                " is not valid; use a percentage of the clock period below 100 "
                                "(such as 12.5%) or a number of nanoseconds");
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
        ParsePositive(e, context, out.reuse_factor);
      } else if (e.key == "ParallelizationFactor") {
        ParsePositive(e, context, out.parallelization_factor);
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
      } else if (is_model && e.key == "PipelineStyle") {
        auto v = ExpectScalar(e, "PipelineStyle" + context, "auto, pipeline or dataflow");
        if (!v) continue;
        // hls4ml lower-cases the style before comparing.
        if (Lower(*v) == "pipeline") {
          out.pipeline_style = PipelineStyle::kPipeline;
        } else if (Lower(*v) == "dataflow") {
          out.pipeline_style = PipelineStyle::kDataflow;
        } else if (Lower(*v) != "auto") {
          std::vector<std::string> valid = {"auto", "pipeline", "dataflow"};
          Problem(e.line, "PipelineStyle " + Quote(*v) + context + " is not valid" +
                              DidYouMean(*v, valid) + "; valid: " + Join(valid, ", "));
        }
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

  // A positive integer setting (ReuseFactor, ParallelizationFactor) into `out`.
  void ParsePositive(const Entry& e, const std::string& context, std::optional<int64_t>& out) {
    auto v = ExpectScalar(e, e.key + context, "a positive integer");
    if (!v) return;
    std::optional<int64_t> n = ParseInt(*v);
    if (n && *n > 0) {
      out = *n;
    } else {
      Problem(e.line, e.key + " " + Quote(*v) + context + " is not valid; use a positive integer");
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

}  // namespace

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

}  // namespace loom::config
