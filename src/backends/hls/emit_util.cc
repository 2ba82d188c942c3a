// Small text helpers every HLS emitter shares (declared in emit.h).
#include "backends/hls/emit.h"

namespace loom::hls {

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
