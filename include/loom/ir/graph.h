// loom's graph IR: ops from the op table, per-sample static shapes, constants, and locations.
#ifndef LOOM_IR_GRAPH_H_
#define LOOM_IR_GRAPH_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "loom/fixed/fixed_type.h"
#include "loom/support/error.h"

namespace loom::ir {

enum class OpKind : uint8_t {
#define LOOM_OP(name, ...) name,
#include "loom/ir/ops.def"
#undef LOOM_OP
};

// The op table (ops.def), one row per op.
// Which emulator kernel family and HLS emitter implement an op.
enum class OpFamily : uint8_t { kSource, kLinear, kElementwise, kLut, kPool, kMovement, kQuant };
inline constexpr int kNumOpFamilies = 7;
std::string_view FamilyName(OpFamily family);
// Layout traits (bit flags).
enum OpTrait : uint32_t {
  kPointwise = 1,       // output element e reads element e of each input (numpy broadcasting)
  kSinksTranspose = 2,  // unary and position-independent: commutes with any transpose
  kChannelAxis = 4,     // has a channel axis: first, or last when "channels_last" is 1
};
enum class AttrKind : uint8_t { kInt, kFloat, kString, kInts, kFloats };
// One attribute an op may carry; `has_default` says whether `number`/`text` hold its default.
struct AttrSpec {
  std::string_view name;
  AttrKind kind = AttrKind::kInt;
  bool has_default = false;
  double number = 0;
  std::string_view text;
  std::string_view choices;  // string attributes: the valid values, space-separated ("" = any)
};
// Whether `value` is one of a string attribute's choices (always, when it lists none), and the
// choices as "a, b, c" for messages.
bool IsValidChoice(const AttrSpec& spec, std::string_view value);
std::string ChoicesText(const AttrSpec& spec);
struct OpInfo {
  OpKind op;
  std::string_view name;
  OpFamily family;
  int min_inputs = 1;
  int max_inputs = 1;  // -1: any number
  uint32_t traits = 0;
  std::vector<AttrSpec> attrs;
  std::vector<std::string_view> params;
  std::vector<std::string_view> hls4ml_names;  // '#': the input's spatial rank
  std::string_view onnx_name;  // the ONNX op that maps to this one one to one, or ""
  std::string_view doc;
};
const OpInfo& Info(OpKind op);
// The attribute `name` of `op` (or one every op may carry), nullptr when it has none of that name.
const AttrSpec* FindAttr(OpKind op, std::string_view name);

std::string_view OpName(OpKind op);
std::optional<OpKind> OpFromName(std::string_view name);
std::vector<OpKind> AllOps();
// Ops with a channel axis, which their "channels_last" attribute moves from first to last.
inline bool HasChannelAxis(OpKind op) { return (Info(op).traits & kChannelAxis) != 0; }

// A per-sample shape (the batch axis is not part of it). A scalar has rank 0.
using Shape = std::vector<int64_t>;
int64_t NumElements(const Shape& shape);
std::string ShapeToString(const Shape& shape);

// A dense row-major float tensor: weights, constants, and the float engine's values.
struct Tensor {
  Shape shape;
  std::vector<float> data;

  Tensor() = default;
  Tensor(Shape s, std::vector<float> d) : shape(std::move(s)), data(std::move(d)) {}
  explicit Tensor(Shape s) : shape(std::move(s)), data(NumElements(shape), 0.0f) {}
  int64_t size() const { return static_cast<int64_t>(data.size()); }
};

// The element type of a value: float (before precision is assigned) or a fixed-point type.
struct ElemType {
  bool is_fixed = false;
  fixed::FixedType fixed;
  std::string ToString() const { return is_fixed ? fixed.ToString() : "float"; }
};

// Where a node came from: the model file, the original node or layer name, and its op type.
struct Location {
  std::string file;
  std::string name;
  std::string op_type;
  std::string ToString() const;  // "model.onnx: node 'conv1' (Conv)"
};

using AttrValue =
    std::variant<int64_t, double, std::string, std::vector<int64_t>, std::vector<double>>;

// Named attributes of a node. Typed getters return the default when the name is absent.
class Attributes {
 public:
  bool Has(const std::string& name) const { return values_.count(name) != 0; }
  void Set(const std::string& name, AttrValue v) { values_[name] = std::move(v); }
  void Erase(const std::string& name) { values_.erase(name); }
  int64_t GetInt(const std::string& name, int64_t def = 0) const;
  double GetFloat(const std::string& name, double def = 0.0) const;
  std::string GetString(const std::string& name, const std::string& def = "") const;
  std::vector<int64_t> GetInts(const std::string& name, std::vector<int64_t> def = {}) const;
  std::vector<double> GetFloats(const std::string& name, std::vector<double> def = {}) const;
  const std::map<std::string, AttrValue>& all() const { return values_; }

 private:
  std::map<std::string, AttrValue> values_;  // ordered: printing is deterministic
};

class Node;

// An edge: one output of one node.
struct Value {
  int64_t id = 0;
  std::string name;
  Shape shape;
  ElemType type;
  Node* producer = nullptr;
};

class Node {
 public:
  int64_t id = 0;
  OpKind op = OpKind::kInput;
  std::string name;
  std::vector<Value*> inputs;
  std::vector<Value*> outputs;
  Attributes attrs;
  // Constant operands owned by the node: "weight", "bias", "scale", "value", ...
  std::map<std::string, Tensor> params;
  // Every original node this one stands for (more than one after fusion).
  std::vector<Location> locations;
  // Fixed-point types of the node's internal quantities, set by precision assignment: "weight",
  // "bias", "accum", "table", ... (which keys an op reads is listed in sim/kernel.h). The types
  // of its results live on its output values.
  std::map<std::string, fixed::FixedType> types;

  const Tensor* param(const std::string& key) const;
  std::string Describe() const;  // the first location, or "node 'name' (op)"
};

// A graph of nodes in topological order, with its inputs and outputs.
class Graph {
 public:
  Graph() = default;
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;
  Graph(Graph&&) = default;
  Graph& operator=(Graph&&) = default;

  // Creates a node with `num_outputs` fresh values named after the node.
  Node* AddNode(OpKind op, std::string name, std::vector<Value*> inputs, int num_outputs = 1);
  Value* AddInput(std::string name, Shape shape);
  void MarkOutput(Value* v) { outputs_.push_back(v); }

  // Replaces every use of `from` (node inputs and graph outputs) with `to`.
  void ReplaceAllUses(Value* from, Value* to);
  // Removes nodes none of whose outputs are used (graph inputs are kept).
  int64_t RemoveDeadNodes();
  // Removes one node; its outputs must be unused.
  void RemoveNode(Node* node);
  // Restores topological order after edits (stable for already ordered nodes).
  void Sort();

  const std::vector<std::unique_ptr<Node>>& nodes() const { return nodes_; }
  const std::vector<Value*>& inputs() const { return inputs_; }
  const std::vector<Value*>& outputs() const { return outputs_; }
  std::vector<Node*> Users(const Value* v) const;

  std::string source_file;  // the model this graph was read from

 private:
  std::vector<std::unique_ptr<Node>> nodes_;
  std::vector<std::unique_ptr<Value>> values_;
  std::vector<Value*> inputs_;
  std::vector<Value*> outputs_;
  int64_t next_id_ = 0;
};

// The family implementing `node`: its op's, except that a resize in mode "linear" (whose outputs
// mix inputs) is a multiply-accumulate, kLinear.
OpFamily FamilyOf(const Node& node);
bool IsLinearResize(const Node& node);
// `node`'s attribute `name` or, when absent, the op table's default for it. `name` must be an
// attribute of the op, with a default or present (an internal error otherwise: a typo cannot pass
// silently). Float attributes are float32 values (ONNX's), defaults rounded to float32 as well.
int64_t IntAttr(const Node& node, std::string_view name);
double FloatAttr(const Node& node, std::string_view name);
std::string StringAttr(const Node& node, std::string_view name);

// The output shapes `node` must have, from its op's shape rule (src/ir/shape_rules.cc): its input
// shapes, attributes and params. An error says why they admit no output (without naming the node).
// Ops whose output shape is data of the node (reshape, resize by sizes, input) return it after
// checking it.
ErrorOr<std::vector<Shape>> InferShapes(const Node& node);

// Checks the graph's structural invariants (every input defined before use, shapes present and as
// the op's shape rule gives them, input counts, attributes and params as the op table lists them).
// Returns every problem found.
std::vector<std::string> Verify(const Graph& graph);

// A readable, deterministic listing of the graph, one node per line.
std::string Print(const Graph& graph);

}  // namespace loom::ir

#endif  // LOOM_IR_GRAPH_H_
