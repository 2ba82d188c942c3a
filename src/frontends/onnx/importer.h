// The ONNX importer's private interface, shared by its files: the Importer (the node being
// imported, its operands and attributes, and what handlers emit), constants as decoded from
// protobuf, the shape rules, and the op handlers, one file per op family:
//   onnx_importer.cc      the Importer: the import loop, operands, folding, the public API
//   onnx_decode.cc        TensorProto decoding
//   shape_rules.cc        broadcasting, conv/pool windows, small checked values
//   handler_table.cc      ONNX op -> handler (ops.def's one-to-one ops, then the rest)
//   *_handlers.cc         linear, elementwise, pool, movement, normalization, recurrent and quant
//                         handlers
#ifndef LOOM_FRONTENDS_ONNX_IMPORTER_H_
#define LOOM_FRONTENDS_ONNX_IMPORTER_H_

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "frontends/onnx/const_eval.h"
#include "loom/frontends/onnx.h"
#include "loom/ir/graph.h"
#include "loom/support/error.h"

namespace loom::frontends::onnx_import {

namespace pb = ::onnx;
using ir::Node;
using ir::OpKind;
using ir::Shape;
using ir::Tensor;
using ir::Value;

inline constexpr int64_t kMinOpset = 6;
// Largest tensor (elements) loom accepts anywhere: far above any FPGA model, and small enough that
// a malformed shape cannot exhaust memory.
inline constexpr int64_t kMaxElements = int64_t{1} << 28;
// Largest constant loom computes while importing (folding), so that a small file cannot make the
// importer compute for minutes (a 491-byte Pad of constants once asked for 182M elements).
inline constexpr int64_t kMaxFoldedElements = int64_t{1} << 24;
inline constexpr int64_t kMaxOpset = 25;  // the newest the conformance data uses

// A constant: its full ONNX shape (constants have no batch axis), values and element type.
using Const = onnx_const::Array;
using ConstPtr = std::shared_ptr<const Const>;

// What an ONNX name refers to: a graph value (per-sample shape), a constant, or both (while
// folding constants, where the value is the constant's stand-in in a scratch graph).
struct Operand {
  Value* value = nullptr;
  ConstPtr constant;
  bool present() const { return value != nullptr || constant != nullptr; }
};

// Thrown by a node handler to reject the node; caught per node so every problem is reported.
struct NodeFailure {
  std::string message;
  bool unsupported = false;
};

[[noreturn]] inline void Fail(const std::string& message) { throw NodeFailure{message, false}; }
[[noreturn]] inline void Unsupported(const std::string& message) {
  throw NodeFailure{message, true};
}

// --- Constants and values (onnx_decode.cc). ---
int64_t ToInt(double d);
std::string ShapeText(const Shape& s);
// Whether a shape's element count is positive-or-zero and at most kMaxElements (no overflow).
bool SizeOk(const Shape& s);
std::string TypeName(int32_t t);
// Decodes a TensorProto's values as doubles (integers exactly up to 2^53).
ErrorOr<Const> DecodeTensor(const pb::TensorProto& t);
Tensor ToTensor(const Const& c, Shape shape);
bool IsQonnxDomain(const std::string& d);

class Importer;
using Handler = std::function<void(Importer&)>;

class Importer {
 public:
  Importer(std::string file, const OnnxImportOptions& options)
      : file_(std::move(file)), options_(options) {}
  ErrorOr<ir::Graph> Import(const pb::ModelProto& model);

  // --- The node being imported (for handlers). ---
  const pb::NodeProto& node() const { return *node_; }
  int64_t opset() const { return opset_; }
  int64_t num_inputs() const { return node_->input_size(); }
  bool HasInput(int i) const { return i < node_->input_size() && Input(i).present(); }
  const Operand& Input(int i) const;
  // The input as a graph value (constants become constant nodes).
  Value* Val(int i);
  // The input as a constant (an error if it is computed at run time).
  ConstPtr ConstIn(int i, const char* what);
  // Rank of an operand counted as ONNX sees it (batch axis included for values).
  int64_t FullRank(int i);
  Shape FullShape(int i);
  // Converts an ONNX axis to a per-sample axis; rejects the batch axis.
  int64_t Axis(int64_t axis, int64_t full_rank, const char* what = "axis");

  // Attributes of the current node.
  bool HasAttr(const std::string& name) const;
  int64_t AttrInt(const std::string& name, int64_t def) const;
  double AttrFloat(const std::string& name, double def) const;
  std::string AttrString(const std::string& name, const std::string& def) const;
  std::vector<int64_t> AttrInts(const std::string& name, std::vector<int64_t> def = {}) const;
  std::vector<double> AttrFloats(const std::string& name) const;
  const pb::TensorProto* AttrTensor(const std::string& name) const;

  // Creates a one-output IR node for the current ONNX node: `init` gives it its attributes and
  // params, then its op's shape rule (ir::InferShapes) its output shape; a rule's error rejects
  // the ONNX node. Handlers never compute a shape the rule gives.
  using NodeInit = std::function<void(Node&)>;
  Node* Emit(OpKind op, std::vector<Value*> inputs, const NodeInit& init = nullptr,
             const std::string& suffix = "");
  // For ops whose output shapes are data of the node (reshape, split, resize by sizes): the
  // handler gives them; the verifier checks them against the rule after import.
  Node* EmitShaped(OpKind op, std::vector<Value*> inputs, std::vector<Shape> output_shapes,
                   const std::string& suffix = "");
  // Binds ONNX output i to an operand.
  void Bind(int i, Value* v);
  void BindConst(int i, Const c);
  // Makes a per-sample tensor from a constant that broadcasts against values of `full_rank`.
  Tensor BroadcastParam(const Const& c, int64_t full_rank, const char* what);
  Value* ConstantNode(const Const& c, Shape per_sample, const std::string& suffix);
  int64_t batch() const { return batch_; }
  bool folding() const { return folding_; }
  // Binds output 0 to a transpose of `x` by `full_perm` that moves the batch axis: it stays
  // pending until a later Transpose undoes it (see ImportAcrossPending).
  void DeferTranspose(Value* x, std::vector<int64_t> full_perm);
  // Binds output 0 to `x` ([a1..ak, rest...] per sample) seen by ONNX as [N*a1*..*ak, rest...]: a
  // Reshape that merges leading axes into the batch (tf2onnx's Tensordot for a Keras Dense on a
  // rank-3 input). Row-wise ops act on `x` unchanged; a Reshape that restores the batch ends it
  // (see ImportAcrossMerge).
  void DeferMerge(Value* x, int64_t merged_axes);
  // Values that hold only 0 and 1 (a comparison's result, and the boolean ops built on it): a Cast
  // of one changes nothing, and Not/And/Or/Where accept them as conditions.
  void MarkBoolean(const Value* v) { booleans_.insert(v); }
  bool IsBoolean(const Operand& o) const;

 private:
  Node* AddNode(OpKind op, std::vector<Value*> inputs, int num_outputs, const std::string& suffix);
  void SetShapes(Node* n, const std::vector<Shape>& shapes);
  void ImportNode(const pb::NodeProto& n);
  bool TryFoldNative(const pb::NodeProto& n);
  void FoldThroughEngine(const pb::NodeProto& n, const Handler& h);
  void FoldConstantOp(const pb::NodeProto& n);
  void ImportAcrossPending(const pb::NodeProto& n, const std::string& pending_input);
  void ImportAcrossMerge(const pb::NodeProto& n, const std::string& merged_input);
  void ReadInputs(const pb::GraphProto& g, const std::set<std::string>& initializers);

  std::string file_;
  const OnnxImportOptions& options_;
  int64_t opset_ = 0;
  int64_t batch_ = 1;
  ir::Graph graph_;
  ir::Graph* target_ = &graph_;
  bool folding_ = false;
  int64_t offset_ = 1;  // batch axes in front of per-sample shapes
  std::map<std::string, Operand> names_;
  std::map<int, Operand> fold_inputs_;  // while folding: the current node's inputs
  // Values behind a batch-moving transpose: the untransposed per-sample value and the full perm.
  struct PendingTranspose {
    Value* source = nullptr;
    std::vector<int64_t> perm;
  };
  std::map<std::string, PendingTranspose> pending_;
  // Values behind a batch-merging reshape: the per-sample value and how many leading axes merge.
  struct PendingMerge {
    Value* source = nullptr;
    int64_t axes = 0;
  };
  std::map<std::string, PendingMerge> merged_;
  std::set<std::string> poisoned_;
  std::set<const Value*> booleans_;
  std::vector<std::string> problems_;
  int64_t unsupported_count_ = 0;
  const pb::NodeProto* node_ = nullptr;
  std::string node_label_;
  int64_t counter_ = 0;
};

const std::map<std::string, Handler>& Handlers();

// Imports a model built in memory (the Keras reader translates Keras layers into ONNX nodes and
// imports them here, so both formats share one set of handlers, folding and quantizer rules).
ErrorOr<ir::Graph> ImportOnnxModel(const pb::ModelProto& model, const std::string& display_name,
                                   const OnnxImportOptions& options);

// --- Shape rules shared by handlers (shape_rules.cc). ---
Shape Broadcast(const Shape& a, const Shape& b);
// Rejects attribute values (kernel sizes, strides, pads, ...) too large for any real model, so
// that shape arithmetic cannot overflow.
const std::vector<int64_t>& Small(const std::vector<int64_t>& v, const char* what);
struct Window {
  std::vector<int64_t> pads;  // begins then ends
  Shape out;                  // spatial output sizes
};
// Output sizes and explicit pads of a conv/pool window, from ONNX's auto_pad rules.
Window SpatialWindow(Importer& im, const Shape& spatial, const std::vector<int64_t>& kernel,
                     const std::vector<int64_t>& strides, const std::vector<int64_t>& dilations,
                     bool ceil_mode);
std::vector<int64_t> Dims(const Const& c);
// The value of a constant operand that must be a scalar (its first value).
double First(const Const& c, const std::string& what);

// --- Handlers: linear_handlers.cc. ---
void Gemm(Importer& im);
void MatMul(Importer& im);
void ConvImpl(Importer& im, bool channels_last);
void ConvTranspose(Importer& im);
Value* BatchNormOn(Importer& im, Value* x, bool channels_last);
void BatchNorm(Importer& im);
// Channels-last data ([spatial..., C]) to channels-first and back, by transposes.
Value* ToChannelsFirst(Importer& im, Value* x);
Value* ToChannelsLast(Importer& im, Value* y);

// --- Handlers: elementwise_handlers.cc. ---
void Direct(Importer& im, OpKind op);
// Per-sample shape a constant takes when it meets values of the given full rank.
Shape ConstSampleShape(Importer& im, const Const& c, int64_t full_rank);
Handler Elementwise(OpKind op);
// Operands (values or constants, broadcast against each other) into one `op` node; returns its
// output.
Value* ElementwiseOf(Importer& im, OpKind op, const std::vector<Operand>& operands,
                     const Importer::NodeInit& init = nullptr, const std::string& suffix = "");
// Greater, GreaterOrEqual, Less, LessOrEqual, Equal on computed values: op compare, `kind`.
Handler Compare(const char* kind);
// Not, And, Or, Xor and Where of comparison results, built exactly from arithmetic.
void Not(Importer& im);
Handler Logical(const char* op);
void Where(Importer& im);
void Mean(Importer& im);
void Reciprocal(Importer& im);
void Softmax(Importer& im);
void Pow(Importer& im);
void Clip(Importer& im);
void PRelu(Importer& im);

// --- Handlers: pool_handlers.cc. ---
void PoolImpl(Importer& im, OpKind op, bool channels_last);
void GlobalPool(Importer& im, OpKind op);
Handler Reduce(OpKind op);

// --- Handlers: movement_handlers.cc. ---
Value* ReshapeTo(Importer& im, Value* x, const Shape& s, const std::string& suffix = "");
// ONNX Reshape's target (0 copies, -1 infers) resolved against the input's full shape.
Shape ResolveReshape(const Shape& in, std::vector<int64_t> target, bool allow_zero);
void Flatten(Importer& im);
void Reshape(Importer& im);
void Transpose(Importer& im);
void Squeeze(Importer& im);
void Unsqueeze(Importer& im);
void Concat(Importer& im);
void Split(Importer& im);
void Tile(Importer& im);
void Slice(Importer& im);
void Pad(Importer& im);
void Resize(Importer& im, bool upsample);
void DepthSpace(Importer& im, bool to_space);

// --- Handlers: normalization_handlers.cc. ---
void LayerNormalization(Importer& im);
void InstanceNormalization(Importer& im);
void LogSoftmax(Importer& im);

// --- Handlers: recurrent_handlers.cc. ---
void Rnn(Importer& im);
void Gru(Importer& im);
void Lstm(Importer& im);

// --- Handlers: quant_handlers.cc. ---
void QonnxQuant(Importer& im, OpKind op);
void QuantizeLinear(Importer& im, bool quantize);

}  // namespace loom::frontends::onnx_import

#endif  // LOOM_FRONTENDS_ONNX_IMPORTER_H_
