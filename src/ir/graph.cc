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

struct OpInfo {
  OpKind op;
  std::string_view name;
};

constexpr std::array kOps = {
#define LOOM_OP(name, spelling, doc) OpInfo{OpKind::name, spelling},
#include "loom/ir/ops.def"
#undef LOOM_OP
};

template <typename T>
std::string Join(const std::vector<T>& v) {
  std::ostringstream os;
  for (size_t i = 0; i < v.size(); ++i) os << (i ? "," : "") << v[i];
  return os.str();
}

}  // namespace

std::string_view OpName(OpKind op) { return kOps[static_cast<size_t>(op)].name; }

std::optional<OpKind> OpFromName(std::string_view name) {
  for (const OpInfo& info : kOps) {
    if (info.name == name) return info.op;
  }
  return std::nullopt;
}

std::vector<OpKind> AllOps() {
  std::vector<OpKind> out;
  for (const OpInfo& info : kOps) out.push_back(info.op);
  return out;
}

bool HasChannelAxis(OpKind op) {
  switch (op) {
    case OpKind::kConv:
    case OpKind::kConvTranspose:
    case OpKind::kBatchNorm:
    case OpKind::kMaxPool:
    case OpKind::kAveragePool:
    case OpKind::kGlobalAveragePool:
    case OpKind::kGlobalMaxPool:
    case OpKind::kDepthToSpace:
    case OpKind::kSpaceToDepth:
      return true;
    default:
      return false;
  }
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

std::vector<std::string> Verify(const Graph& graph) {
  std::vector<std::string> problems;
  std::unordered_set<const Value*> defined;
  for (const auto& n : graph.nodes()) {
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
    for (const auto& [key, t] : n->params) {
      if (NumElements(t.shape) != t.size()) {
        problems.push_back(n->Describe() + ": param '" + key + "' has " + std::to_string(t.size()) +
                           " values for shape " + ShapeToString(t.shape));
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
