// Graph construction, editing, verification and printing.
#include "loom/ir/graph.h"

#include <algorithm>
#include <array>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

namespace loom::ir {
namespace {

// The row builders ops.def is written in.
constexpr AttrSpec I(std::string_view n) { return {n, AttrKind::kInt, false, 0, {}, {}}; }
constexpr AttrSpec I(std::string_view n, int64_t d) {
  return {n, AttrKind::kInt, true, static_cast<double>(d), {}, {}};
}
constexpr AttrSpec F(std::string_view n) { return {n, AttrKind::kFloat, false, 0, {}, {}}; }
constexpr AttrSpec F(std::string_view n, double d) {
  return {n, AttrKind::kFloat, true, d, {}, {}};
}
constexpr AttrSpec S(std::string_view n, std::string_view d, std::string_view choices = {}) {
  return {n, AttrKind::kString, true, 0, d, choices};
}
constexpr AttrSpec Is(std::string_view n) { return {n, AttrKind::kInts, false, 0, {}, {}}; }
constexpr AttrSpec Fs(std::string_view n) { return {n, AttrKind::kFloats, false, 0, {}, {}}; }

const std::vector<OpInfo>& Table() {
  using enum OpFamily;
#define ARITY(lo, hi) lo, hi
#define ATTRS(...) \
  std::vector<AttrSpec> { __VA_ARGS__ }
#define PARAMS(...) \
  std::vector<std::string_view> { __VA_ARGS__ }
#define NAMES(...) \
  std::vector<std::string_view> { __VA_ARGS__ }
#define ONNX(...) std::string_view(__VA_ARGS__)
#define LOOM_OP(e, spelling, family, arity, traits, attrs, params, names, onnx, doc) \
  OpInfo{OpKind::e, spelling, family, arity, traits, attrs, params, names, onnx, doc},
  static const std::vector<OpInfo> table = {
#include "loom/ir/ops.def"
  };
#undef LOOM_OP
#undef ONNX
#undef NAMES
#undef PARAMS
#undef ATTRS
#undef ARITY
  return table;
}

// Attributes every op may carry.
const std::array kCommonAttrs = {I("table_size", 1024)};

template <typename T>
std::string Join(const std::vector<T>& v) {
  std::ostringstream os;
  for (size_t i = 0; i < v.size(); ++i) os << (i ? "," : "") << v[i];
  return os.str();
}

}  // namespace

const OpInfo& Info(OpKind op) { return Table()[static_cast<size_t>(op)]; }

std::string_view FamilyName(OpFamily family) {
  static constexpr std::array<std::string_view, kNumOpFamilies> kNames = {
      "source", "linear", "elementwise", "lut", "pool", "movement", "quant"};
  return kNames[static_cast<size_t>(family)];
}

const AttrSpec* FindAttr(OpKind op, std::string_view name) {
  for (const AttrSpec& a : Info(op).attrs) {
    if (a.name == name) return &a;
  }
  for (const AttrSpec& a : kCommonAttrs) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

std::string_view OpName(OpKind op) { return Info(op).name; }

std::optional<OpKind> OpFromName(std::string_view name) {
  for (const OpInfo& info : Table()) {
    if (info.name == name) return info.op;
  }
  return std::nullopt;
}

std::vector<OpKind> AllOps() {
  std::vector<OpKind> out;
  for (const OpInfo& info : Table()) out.push_back(info.op);
  return out;
}

int64_t NumElements(const Shape& shape) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

std::string ShapeToString(const Shape& shape) { return "[" + Join(shape) + "]"; }

std::string Location::ToString() const {
  std::string out = file.empty() ? "" : file + ": ";
  return out + "node '" + name + "' (" + op_type + ")";
}

int64_t Attributes::GetInt(const std::string& name, int64_t def) const {
  auto it = values_.find(name);
  if (it == values_.end()) return def;
  if (auto* v = std::get_if<int64_t>(&it->second)) return *v;
  if (auto* d = std::get_if<double>(&it->second)) return static_cast<int64_t>(*d);
  return def;
}

double Attributes::GetFloat(const std::string& name, double def) const {
  auto it = values_.find(name);
  if (it == values_.end()) return def;
  if (auto* v = std::get_if<double>(&it->second)) return *v;
  if (auto* i = std::get_if<int64_t>(&it->second)) return static_cast<double>(*i);
  return def;
}

std::string Attributes::GetString(const std::string& name, const std::string& def) const {
  auto it = values_.find(name);
  if (it == values_.end()) return def;
  if (auto* v = std::get_if<std::string>(&it->second)) return *v;
  return def;
}

std::vector<int64_t> Attributes::GetInts(const std::string& name, std::vector<int64_t> def) const {
  auto it = values_.find(name);
  if (it == values_.end()) return def;
  if (auto* v = std::get_if<std::vector<int64_t>>(&it->second)) return *v;
  if (auto* i = std::get_if<int64_t>(&it->second)) return {*i};
  return def;
}

std::vector<double> Attributes::GetFloats(const std::string& name, std::vector<double> def) const {
  auto it = values_.find(name);
  if (it == values_.end()) return def;
  if (auto* v = std::get_if<std::vector<double>>(&it->second)) return *v;
  if (auto* d = std::get_if<double>(&it->second)) return {*d};
  return def;
}

const Tensor* Node::param(const std::string& key) const {
  auto it = params.find(key);
  return it == params.end() ? nullptr : &it->second;
}

std::string Node::Describe() const {
  if (!locations.empty()) return locations.front().ToString();
  return "node '" + name + "' (" + std::string(OpName(op)) + ")";
}

Node* Graph::AddNode(OpKind op, std::string name, std::vector<Value*> inputs, int num_outputs) {
  auto node = std::make_unique<Node>();
  node->id = next_id_++;
  node->op = op;
  node->name = std::move(name);
  node->inputs = std::move(inputs);
  for (int i = 0; i < num_outputs; ++i) {
    auto v = std::make_unique<Value>();
    v->id = next_id_++;
    v->name = num_outputs == 1 ? node->name : node->name + ":" + std::to_string(i);
    v->producer = node.get();
    node->outputs.push_back(v.get());
    values_.push_back(std::move(v));
  }
  nodes_.push_back(std::move(node));
  return nodes_.back().get();
}

Value* Graph::AddInput(std::string name, Shape shape) {
  Node* n = AddNode(OpKind::kInput, std::move(name), {}, 1);
  n->outputs[0]->shape = std::move(shape);
  inputs_.push_back(n->outputs[0]);
  return n->outputs[0];
}

void Graph::ReplaceAllUses(Value* from, Value* to) {
  for (auto& n : nodes_) {
    for (Value*& in : n->inputs) {
      if (in == from) in = to;
    }
  }
  for (Value*& out : outputs_) {
    if (out == from) out = to;
  }
}

std::vector<Node*> Graph::Users(const Value* v) const {
  std::vector<Node*> users;
  for (const auto& n : nodes_) {
    if (std::find(n->inputs.begin(), n->inputs.end(), v) != n->inputs.end()) {
      users.push_back(n.get());
    }
  }
  return users;
}

void Graph::RemoveNode(Node* node) {
  auto it = std::find_if(nodes_.begin(), nodes_.end(),
                         [&](const std::unique_ptr<Node>& n) { return n.get() == node; });
  LOOM_CHECK(it != nodes_.end());
  nodes_.erase(it);
}

int64_t Graph::RemoveDeadNodes() {
  std::unordered_set<const Value*> live(outputs_.begin(), outputs_.end());
  std::unordered_set<const Node*> keep;
  for (auto it = nodes_.rbegin(); it != nodes_.rend(); ++it) {
    Node* n = it->get();
    bool used = n->op == OpKind::kInput;
    for (Value* out : n->outputs) used = used || live.count(out);
    if (!used) continue;
    keep.insert(n);
    for (Value* in : n->inputs) live.insert(in);
  }
  int64_t before = static_cast<int64_t>(nodes_.size());
  std::erase_if(nodes_, [&](const std::unique_ptr<Node>& n) { return !keep.count(n.get()); });
  return before - static_cast<int64_t>(nodes_.size());
}

void Graph::Sort() {
  std::unordered_set<const Value*> ready;
  std::vector<std::unique_ptr<Node>> sorted;
  std::vector<std::unique_ptr<Node>> pending = std::move(nodes_);
  while (!pending.empty()) {
    bool progress = false;
    for (auto& n : pending) {
      if (!n) continue;
      bool ok = std::all_of(n->inputs.begin(), n->inputs.end(),
                            [&](const Value* v) { return ready.count(v) != 0; });
      if (!ok) continue;
      for (Value* out : n->outputs) ready.insert(out);
      sorted.push_back(std::move(n));
      progress = true;
    }
    std::erase_if(pending, [](const std::unique_ptr<Node>& n) { return !n; });
    LOOM_CHECK_MSG(progress, "graph has a cycle");
  }
  nodes_ = std::move(sorted);
}

bool IsValidChoice(const AttrSpec& spec, std::string_view value) {
  if (spec.choices.empty()) return true;
  std::string_view rest = spec.choices;
  while (!rest.empty()) {
    size_t end = rest.find(' ');
    if (rest.substr(0, end) == value) return true;
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  }
  return false;
}

std::string ChoicesText(const AttrSpec& spec) {
  std::string text(spec.choices);
  for (size_t p = text.find(' '); p != std::string::npos; p = text.find(' ', p + 2)) {
    text.replace(p, 1, ", ");
  }
  return text;
}

bool IsLinearResize(const Node& node) {
  return node.op == OpKind::kResize && StringAttr(node, "mode") == "linear";
}

OpFamily FamilyOf(const Node& node) {
  return IsLinearResize(node) ? OpFamily::kLinear : Info(node.op).family;
}

namespace {

// The spec of an attribute a caller reads: declared for the op with this kind, and with a default
// unless the node has it.
const AttrSpec& SpecOf(const Node& node, std::string_view name, AttrKind kind) {
  const AttrSpec* a = FindAttr(node.op, name);
  LOOM_CHECK_MSG(
      a != nullptr && a->kind == kind && (a->has_default || node.attrs.Has(std::string(name))),
      "op '" + std::string(OpName(node.op)) + "' has no " + std::string(name) +
          " attribute of this kind with a default in ops.def");
  return *a;
}

}  // namespace

int64_t IntAttr(const Node& node, std::string_view name) {
  const AttrSpec& a = SpecOf(node, name, AttrKind::kInt);
  return node.attrs.GetInt(std::string(name), static_cast<int64_t>(a.number));
}

double FloatAttr(const Node& node, std::string_view name) {
  const AttrSpec& a = SpecOf(node, name, AttrKind::kFloat);
  // ONNX float attributes are float32; defaults are rounded the same way.
  return static_cast<float>(node.attrs.GetFloat(std::string(name), a.number));
}

std::string StringAttr(const Node& node, std::string_view name) {
  const AttrSpec& a = SpecOf(node, name, AttrKind::kString);
  return node.attrs.GetString(std::string(name), std::string(a.text));
}

std::vector<std::string> Verify(const Graph& graph) {
  std::vector<std::string> problems;
  std::unordered_set<const Value*> defined;
  for (const auto& n : graph.nodes()) {
    size_t before = problems.size();
    for (size_t i = 0; i < n->inputs.size(); ++i) {
      if (!n->inputs[i]) {
        problems.push_back(n->Describe() + ": input " + std::to_string(i) + " is missing");
      } else if (!defined.count(n->inputs[i])) {
        problems.push_back(n->Describe() + ": input '" + n->inputs[i]->name +
                           "' is used before it is defined");
      }
    }
    for (const Value* out : n->outputs) {
      for (int64_t d : out->shape) {
        if (d <= 0) {
          problems.push_back(n->Describe() + ": output '" + out->name + "' has shape " +
                             ShapeToString(out->shape) + " with a non-positive dimension");
          break;
        }
      }
      defined.insert(out);
    }
    const OpInfo& info = Info(n->op);
    const auto count = static_cast<int>(n->inputs.size());
    if (count < info.min_inputs || (info.max_inputs >= 0 && count > info.max_inputs)) {
      problems.push_back(
          n->Describe() + ": has " + std::to_string(count) + " input(s); op '" +
          std::string(info.name) + "' takes " +
          (info.max_inputs < 0 ? "at least " + std::to_string(info.min_inputs)
           : info.min_inputs == info.max_inputs
               ? std::to_string(info.min_inputs)
               : std::to_string(info.min_inputs) + " to " + std::to_string(info.max_inputs)));
    }
    for (const auto& [key, value] : n->attrs.all()) {
      const AttrSpec* a = FindAttr(n->op, key);
      if (a == nullptr) {
        problems.push_back(n->Describe() + ": attribute '" + key + "' is not one of op '" +
                           std::string(info.name) + "' (ops.def)");
        continue;
      }
      // AttrKind lists the kinds in AttrValue's order.
      if (value.index() != static_cast<size_t>(a->kind)) {
        problems.push_back(n->Describe() + ": attribute '" + key + "' has the wrong kind");
      } else if (a->kind == AttrKind::kString && !IsValidChoice(*a, std::get<std::string>(value))) {
        problems.push_back(n->Describe() + ": attribute '" + key + "' is '" +
                           std::get<std::string>(value) + "'; valid: " + ChoicesText(*a));
      }
    }
    for (const auto& [key, t] : n->params) {
      if (std::find(info.params.begin(), info.params.end(), key) == info.params.end()) {
        problems.push_back(n->Describe() + ": param '" + key + "' is not one of op '" +
                           std::string(info.name) + "' (ops.def)");
      }
      if (NumElements(t.shape) != t.size()) {
        problems.push_back(n->Describe() + ": param '" + key + "' has " + std::to_string(t.size()) +
                           " values for shape " + ShapeToString(t.shape));
      }
    }
    // The shape rule, on nodes whose inputs, attributes and params are sound.
    bool inputs_ok = std::all_of(n->inputs.begin(), n->inputs.end(),
                                 [&](const Value* v) { return v != nullptr && defined.count(v); });
    if (inputs_ok && problems.size() == before) {
      ErrorOr<std::vector<Shape>> want = InferShapes(*n);
      if (!want.ok()) {
        problems.push_back(n->Describe() + ": " + want.error().message());
      } else if (want.value().size() != n->outputs.size()) {
        problems.push_back(n->Describe() + ": has " + std::to_string(n->outputs.size()) +
                           " output(s); its shape rule gives " +
                           std::to_string(want.value().size()));
      } else {
        for (size_t i = 0; i < n->outputs.size(); ++i) {
          if (n->outputs[i]->shape != want.value()[i]) {
            problems.push_back(n->Describe() + ": output '" + n->outputs[i]->name + "' has shape " +
                               ShapeToString(n->outputs[i]->shape) + "; the shape rule gives " +
                               ShapeToString(want.value()[i]));
          }
        }
      }
    }
  }
  for (const Value* out : graph.outputs()) {
    if (!defined.count(out)) problems.push_back("graph output '" + out->name + "' is not defined");
  }
  return problems;
}

std::string Print(const Graph& graph) {
  std::ostringstream os;
  for (const auto& n : graph.nodes()) {
    os << "%" << n->name << ":"
       << ShapeToString(n->outputs.empty() ? Shape{} : n->outputs[0]->shape) << " = "
       << OpName(n->op) << "(";
    for (size_t i = 0; i < n->inputs.size(); ++i)
      os << (i ? ", " : "") << "%" << n->inputs[i]->name;
    os << ")";
    for (const auto& [key, value] : n->attrs.all()) {
      os << " " << key << "=";
      std::visit(
          [&](const auto& v) {
            using V = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<V, std::vector<int64_t>> ||
                          std::is_same_v<V, std::vector<double>>) {
              os << "[" << Join(v) << "]";
            } else {
              os << v;
            }
          },
          value);
    }
    for (const auto& [key, t] : n->params) os << " " << key << ":" << ShapeToString(t.shape);
    for (const auto& [key, t] : n->types) os << " " << key << "_t=" << t.ToString();
    for (const Value* out : n->outputs) {
      if (out->type.is_fixed) os << " -> " << out->type.ToString();
    }
    os << "\n";
  }
  os << "return";
  for (size_t i = 0; i < graph.outputs().size(); ++i) {
    os << (i ? ", " : " ") << "%" << graph.outputs()[i]->name;
  }
  os << "\n";
  return os.str();
}

}  // namespace loom::ir
