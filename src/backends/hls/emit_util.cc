// Small text helpers every HLS emitter shares (declared in emit.h).
#include <set>

#include "backends/hls/emit.h"

namespace loom::hls {

std::string RenderTemplate(const std::string& name,
                           const std::map<std::string, std::string>& values) {
  const std::string* text = nullptr;
  for (const auto& [file, contents] : ProjectTemplates()) {
    if (file == name) text = &contents;
  }
  LOOM_CHECK_MSG(text != nullptr, "no project template " + name);
  std::string out;
  std::set<std::string> used;
  size_t pos = 0;
  while (true) {
    size_t open = text->find("@@", pos);
    if (open == std::string::npos) break;
    size_t close = text->find("@@", open + 2);
    LOOM_CHECK_MSG(close != std::string::npos, "template " + name + ": unclosed @@");
    std::string key = text->substr(open + 2, close - open - 2);
    auto it = values.find(key);
    LOOM_CHECK_MSG(it != values.end(), "template " + name + ": no value for @@" + key + "@@");
    out.append(*text, pos, open - pos);
    out += it->second;
    used.insert(key);
    pos = close + 2;
  }
  out.append(*text, pos, std::string::npos);
  LOOM_CHECK_MSG(used.size() == values.size(), "template " + name + ": a value has no placeholder");
  return out;
}

std::string U(int64_t v) { return std::to_string(v); }

ErrorOr<fixed::FixedType> NodeType(const ir::Node& node, const std::string& key) {
  auto it = node.types.find(key);
  if (it == node.types.end()) {
    return LayerError(node, "has no '" + key + "' type; assign precision first");
  }
  return it->second;
}

ErrorOr<bool> AddConstants(const ir::Node& node, const std::string& type_name,
                           const fixed::FixedType& type, const std::string& name,
                           const std::vector<int64_t>& raws, std::string& weights) {
  auto a = FixedArray(type_name, type, name, raws);
  if (!a.ok()) return LayerError(node, a.error().message());
  weights += a.value();
  return true;
}

std::string ConfigStruct(const std::string& name, const std::vector<std::string>& lines) {
  std::string s = "struct " + name + " {\n";
  for (const std::string& l : lines) s += "  " + l + "\n";
  return s + "};\n";
}

std::string TypedefLine(const std::string& type, const std::string& name) {
  return "typedef " + type + " " + name + ";";
}

std::string UnsignedMember(const std::string& name, int64_t v) {
  return "static const unsigned " + name + " = " + U(v) + ";";
}

std::string BoolMember(const std::string& name, bool v) {
  return std::string("static const bool ") + name + " = " + (v ? "true" : "false") + ";";
}

}  // namespace loom::hls
