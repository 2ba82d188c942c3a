// Writing a configuration as YAML or JSON in hls4ml's layout.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <set>
#include <utility>

#include "config/config_internal.h"
#include "loom/config/config.h"

namespace loom::config {
namespace {

using internal::Lower;
using internal::TableKeys;

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
  if (s.parallelization_factor) {
    out.Add("ParallelizationFactor", OutNode::Number(std::to_string(*s.parallelization_factor)));
  }
  if (s.strategy) out.Add("Strategy", OutNode::String(StrategyName(*s.strategy)));
  if (s.trace) out.Add(is_model ? "TraceOutput" : "Trace", OutNode::Bool(*s.trace));
  if (is_model && s.pipeline_style) {
    out.Add(
        "PipelineStyle",
        OutNode::String(*s.pipeline_style == PipelineStyle::kPipeline ? "pipeline" : "dataflow"));
  }
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
  root.Add("ClockUncertainty", OutNode::String(c.clock_uncertainty));
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
