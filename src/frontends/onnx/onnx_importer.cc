// Reads ONNX/QONNX models into loom's IR: per-sample shapes, folded constants, all errors at once.
#include <onnx/onnx_pb.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <numeric>
#include <set>
#include <sstream>

#include "frontends/onnx/const_eval.h"
#include "loom/frontends/onnx.h"
#include "loom/ref/float_engine.h"
#include "loom/support/half.h"

namespace loom::frontends {
namespace {

namespace pb = ::onnx;
using ir::Node;
using ir::OpKind;
using ir::Shape;
using ir::Tensor;
using ir::Value;

constexpr int64_t kMinOpset = 6;
// Largest tensor (elements) loom accepts anywhere: far above any FPGA model, and small enough that
// a malformed shape cannot exhaust memory.
constexpr int64_t kMaxElements = int64_t{1} << 28;
// Largest constant loom computes while importing (folding), so that a small file cannot make the
// importer compute for minutes (a 491-byte Pad of constants once asked for 182M elements).
constexpr int64_t kMaxFoldedElements = int64_t{1} << 24;
constexpr int64_t kMaxOpset = 25;  // the newest the conformance data uses

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

[[noreturn]] void Fail(const std::string& message) { throw NodeFailure{message, false}; }
[[noreturn]] void Unsupported(const std::string& message) { throw NodeFailure{message, true}; }

int64_t ToInt(double d) {
  if (d >= 9.2e18) return std::numeric_limits<int64_t>::max();
  if (d <= -9.2e18) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(d);
}

std::string ShapeText(const Shape& s) { return ir::ShapeToString(s); }

// Whether a shape's element count is positive-or-zero and at most kMaxElements (no overflow).
bool SizeOk(const Shape& s) {
  int64_t n = 1;
  for (int64_t d : s) {
    if (d < 0 || d > kMaxElements) return false;
    n *= d;
    if (n > kMaxElements) return false;
  }
  return true;
}

std::string TypeName(int32_t t) {
  return pb::TensorProto_DataType_IsValid(t)
             ? pb::TensorProto_DataType_Name(static_cast<pb::TensorProto_DataType>(t))
             : "type " + std::to_string(t);
}

// Decodes a TensorProto's values as doubles (integers exactly up to 2^53).
ErrorOr<Const> DecodeTensor(const pb::TensorProto& t) {
  Const c;
  c.elem_type = t.data_type();
  for (int64_t d : t.dims()) {
    if (d < 0) return Error("tensor '" + t.name() + "' has a negative dimension");
    c.shape.push_back(d);
  }
  if (!SizeOk(c.shape)) return Error("tensor '" + t.name() + "' is too large");
  int64_t n = ir::NumElements(c.shape);
  if (t.data_location() == pb::TensorProto::EXTERNAL) {
    return Error("tensor '" + t.name() +
                 "' keeps its data in an external file, which loom does not read; save the model "
                 "with the data inside (onnx.save(model, path, save_as_external_data=False))");
  }
  const std::string& raw = t.raw_data();
  auto take_raw = [&](auto sample) -> bool {
    using T = decltype(sample);
    if (raw.size() != static_cast<size_t>(n) * sizeof(T)) return false;
    c.data.resize(n);
    for (int64_t i = 0; i < n; ++i) {
      T v;
      std::memcpy(&v, raw.data() + i * sizeof(T), sizeof(T));
      c.data[i] = static_cast<double>(v);
    }
    return true;
  };
  bool ok = true;
  const int32_t type = t.data_type();
  if (!raw.empty()) {
    switch (type) {
      case pb::TensorProto::FLOAT:
        ok = take_raw(float{});
        break;
      case pb::TensorProto::DOUBLE:
        ok = take_raw(double{});
        break;
      case pb::TensorProto::INT64:
        ok = take_raw(int64_t{});
        break;
      case pb::TensorProto::INT32:
        ok = take_raw(int32_t{});
        break;
      case pb::TensorProto::INT16:
        ok = take_raw(int16_t{});
        break;
      case pb::TensorProto::INT8:
        ok = take_raw(int8_t{});
        break;
      case pb::TensorProto::UINT8:
        ok = take_raw(uint8_t{});
        break;
      case pb::TensorProto::UINT16:
        ok = take_raw(uint16_t{});
        break;
      case pb::TensorProto::UINT32:
        ok = take_raw(uint32_t{});
        break;
      case pb::TensorProto::UINT64:
        ok = take_raw(uint64_t{});
        break;
      case pb::TensorProto::BOOL:
        ok = take_raw(uint8_t{});
        break;
      case pb::TensorProto::FLOAT16:
        ok = take_raw(uint16_t{});
        for (double& v : c.data) v = HalfToDouble(static_cast<uint16_t>(v));
        break;
      default:
        return Error("tensor '" + t.name() + "' has element type " + TypeName(type) +
                     ", which loom does not read");
    }
  } else {
    switch (type) {
      case pb::TensorProto::FLOAT:
        c.data.assign(t.float_data().begin(), t.float_data().end());
        break;
      case pb::TensorProto::DOUBLE:
        c.data.assign(t.double_data().begin(), t.double_data().end());
        break;
      case pb::TensorProto::INT64:
        c.data.assign(t.int64_data().begin(), t.int64_data().end());
        break;
      case pb::TensorProto::INT32:
      case pb::TensorProto::INT16:
      case pb::TensorProto::INT8:
      case pb::TensorProto::UINT8:
      case pb::TensorProto::UINT16:
      case pb::TensorProto::BOOL:
        c.data.assign(t.int32_data().begin(), t.int32_data().end());
        break;
      case pb::TensorProto::FLOAT16:
        for (int32_t v : t.int32_data()) c.data.push_back(HalfToDouble(static_cast<uint16_t>(v)));
        break;
      case pb::TensorProto::UINT32:
      case pb::TensorProto::UINT64:
        c.data.assign(t.uint64_data().begin(), t.uint64_data().end());
        break;
      default:
        return Error("tensor '" + t.name() + "' has element type " + TypeName(type) +
                     ", which loom does not read");
    }
    ok = c.size() == n;
  }
  if (!ok) {
    return Error("tensor '" + t.name() + "' holds the wrong amount of data for shape " +
                 ShapeText(c.shape) + " (" + TypeName(type) + ")");
  }
  for (double v : c.data) {
    if (std::isnan(v)) return Error("tensor '" + t.name() + "' contains NaN");
  }
  return c;
}

Tensor ToTensor(const Const& c, Shape shape) {
  Tensor t(std::move(shape), std::vector<float>(c.data.begin(), c.data.end()));
  return t;
}

bool IsQonnxDomain(const std::string& d) {
  return d == "qonnx.custom_op.general" || d == "finn.custom_op.general" || d == "onnx.brevitas" ||
         d == "finn" || d == "qonnx";
}

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

  // Creates an IR node for the current ONNX node; its outputs get the given per-sample shapes.
  Node* Emit(OpKind op, std::vector<Value*> inputs, std::vector<Shape> output_shapes,
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

 private:
  void ImportNode(const pb::NodeProto& n);
  bool TryFoldNative(const pb::NodeProto& n);
  void FoldThroughEngine(const pb::NodeProto& n, const Handler& h);
  void FoldConstantOp(const pb::NodeProto& n);
  void ImportAcrossPending(const pb::NodeProto& n, const std::string& pending_input);
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
  std::set<std::string> poisoned_;
  std::vector<std::string> problems_;
  int64_t unsupported_count_ = 0;
  const pb::NodeProto* node_ = nullptr;
  std::string node_label_;
  int64_t counter_ = 0;
};

const std::map<std::string, Handler>& Handlers();

const Operand& Importer::Input(int i) const {
  static const Operand kAbsent;
  if (i >= node_->input_size() || node_->input(i).empty()) return kAbsent;
  if (folding_) {
    auto it = fold_inputs_.find(i);
    if (it != fold_inputs_.end()) return it->second;
  }
  auto it = names_.find(node_->input(i));
  return it == names_.end() ? kAbsent : it->second;
}

Value* Importer::Val(int i) {
  const Operand& op = Input(i);
  if (op.value) return op.value;
  if (!op.constant) Fail("input " + std::to_string(i) + " is missing");
  const Const& c = *op.constant;
  Shape s = c.shape;
  // A constant broadcasting against batched values drops a leading 1 of full rank... but its
  // rank is unknown here, so it is kept as is: numpy alignment from the right is unchanged.
  return ConstantNode(c, s, "const" + std::to_string(i));
}

ConstPtr Importer::ConstIn(int i, const char* what) {
  const Operand& op = Input(i);
  if (!op.constant) {
    if (!op.present()) Fail(std::string(what) + " (input " + std::to_string(i) + ") is missing");
    Unsupported(std::string(what) + " (input " + std::to_string(i) +
                ") is computed at run time; loom needs it to be a constant");
  }
  return op.constant;
}

int64_t Importer::FullRank(int i) { return static_cast<int64_t>(FullShape(i).size()); }

Shape Importer::FullShape(int i) {
  const Operand& op = Input(i);
  if (op.value) {
    Shape s = op.value->shape;
    if (offset_ == 1) s.insert(s.begin(), batch_);
    return s;
  }
  if (op.constant) return op.constant->shape;
  Fail("input " + std::to_string(i) + " is missing");
}

int64_t Importer::Axis(int64_t axis, int64_t full_rank, const char* what) {
  int64_t a = axis < 0 ? axis + full_rank : axis;
  if (a < 0 || a >= full_rank) {
    Fail(std::string(what) + " " + std::to_string(axis) + " is out of range for rank " +
         std::to_string(full_rank));
  }
  a -= offset_;
  if (a < 0) {
    Unsupported(std::string(what) + " " + std::to_string(axis) +
                " is the batch axis; loom compiles one sample at a time and cannot " +
                "operate across the batch");
  }
  return a;
}

const pb::AttributeProto* FindAttr(const pb::NodeProto& n, const std::string& name) {
  for (const auto& a : n.attribute()) {
    if (a.name() == name) return &a;
  }
  return nullptr;
}

bool Importer::HasAttr(const std::string& name) const { return FindAttr(*node_, name) != nullptr; }

int64_t Importer::AttrInt(const std::string& name, int64_t def) const {
  const auto* a = FindAttr(*node_, name);
  return a ? a->i() : def;
}

double Importer::AttrFloat(const std::string& name, double def) const {
  const auto* a = FindAttr(*node_, name);
  return a ? static_cast<double>(a->f()) : def;
}

std::string Importer::AttrString(const std::string& name, const std::string& def) const {
  const auto* a = FindAttr(*node_, name);
  return a ? a->s() : def;
}

std::vector<int64_t> Importer::AttrInts(const std::string& name, std::vector<int64_t> def) const {
  const auto* a = FindAttr(*node_, name);
  if (!a) return def;
  return std::vector<int64_t>(a->ints().begin(), a->ints().end());
}

std::vector<double> Importer::AttrFloats(const std::string& name) const {
  const auto* a = FindAttr(*node_, name);
  if (!a) return {};
  return std::vector<double>(a->floats().begin(), a->floats().end());
}

const pb::TensorProto* Importer::AttrTensor(const std::string& name) const {
  const auto* a = FindAttr(*node_, name);
  return a && a->has_t() ? &a->t() : nullptr;
}

Node* Importer::Emit(OpKind op, std::vector<Value*> inputs, std::vector<Shape> output_shapes,
                     const std::string& suffix) {
  std::string name =
      node_->name().empty() ? node_->op_type() + "_" + std::to_string(counter_) : node_->name();
  ++counter_;
  if (!suffix.empty()) name += "/" + suffix;
  for (const Shape& s : output_shapes) {
    if (!SizeOk(s)) Fail("output shape " + ShapeText(s) + " is too large");
    if (folding_ && ir::NumElements(s) > kMaxFoldedElements) {
      Fail("folding constants: the result " + ShapeText(s) + " is too large");
    }
  }
  Node* n = target_->AddNode(op, name, std::move(inputs), static_cast<int>(output_shapes.size()));
  for (size_t i = 0; i < output_shapes.size(); ++i) {
    for (int64_t d : output_shapes[i]) {
      if (d <= 0) {
        Fail("output shape " + ShapeText(output_shapes[i]) + " has an empty or negative dimension");
      }
    }
    n->outputs[i]->shape = output_shapes[i];
  }
  n->locations.push_back({file_, node_->name(), node_->op_type()});
  return n;
}

Value* Importer::ConstantNode(const Const& c, Shape per_sample, const std::string& suffix) {
  if (ir::NumElements(per_sample) != c.size()) {
    Fail("constant of shape " + ShapeText(c.shape) + " does not fit shape " +
         ShapeText(per_sample));
  }
  Node* n = Emit(OpKind::kConstant, {}, {per_sample.empty() ? Shape{} : per_sample}, suffix);
  n->params["value"] = ToTensor(c, per_sample);
  return n->outputs[0];
}

void Importer::Bind(int i, Value* v) {
  if (i < node_->output_size() && !node_->output(i).empty()) {
    names_[node_->output(i)] = Operand{v, nullptr};
  }
}

void Importer::BindConst(int i, Const c) {
  if (i < node_->output_size() && !node_->output(i).empty()) {
    names_[node_->output(i)] = Operand{nullptr, std::make_shared<const Const>(std::move(c))};
  }
}

Tensor Importer::BroadcastParam(const Const& c, int64_t full_rank, const char* what) {
  Shape s = c.shape;
  if (static_cast<int64_t>(s.size()) > full_rank) {
    Fail(std::string(what) + " of shape " + ShapeText(s) + " has a higher rank than the data");
  }
  if (offset_ == 1 && static_cast<int64_t>(s.size()) == full_rank) {
    if (s[0] != 1) {
      Unsupported(std::string(what) + " of shape " + ShapeText(s) +
                  " differs along the batch axis");
    }
    s.erase(s.begin());
  }
  return ToTensor(c, s);
}

// ----------------------------------------------------------------------------------------------
// Shape rules shared by handlers.

Shape Broadcast(const Shape& a, const Shape& b) {
  size_t n = std::max(a.size(), b.size());
  Shape out(n);
  for (size_t i = 0; i < n; ++i) {
    int64_t da = i < n - a.size() ? 1 : a[i - (n - a.size())];
    int64_t db = i < n - b.size() ? 1 : b[i - (n - b.size())];
    if (da != db && da != 1 && db != 1) {
      Fail("shapes " + ShapeText(a) + " and " + ShapeText(b) + " do not broadcast");
    }
    out[i] = da == 1 ? db : da;
  }
  return out;
}

// Rejects attribute values (kernel sizes, strides, pads, ...) too large for any real model, so
// that shape arithmetic cannot overflow.
const std::vector<int64_t>& Small(const std::vector<int64_t>& v, const char* what) {
  for (int64_t x : v) {
    if (x > (int64_t{1} << 24) || x < -(int64_t{1} << 24)) {
      Fail(std::string(what) + " value " + std::to_string(x) + " is out of range");
    }
  }
  return v;
}

struct Window {
  std::vector<int64_t> pads;  // begins then ends
  Shape out;                  // spatial output sizes
};

// Output sizes and explicit pads of a conv/pool window, from ONNX's auto_pad rules.
Window SpatialWindow(Importer& im, const Shape& spatial, const std::vector<int64_t>& kernel,
                     const std::vector<int64_t>& strides, const std::vector<int64_t>& dilations,
                     bool ceil_mode) {
  size_t n = spatial.size();
  std::string auto_pad = im.AttrString("auto_pad", "NOTSET");
  std::vector<int64_t> pads = im.AttrInts("pads", std::vector<int64_t>(2 * n, 0));
  if (pads.size() != 2 * n) Fail("'pads' must have " + std::to_string(2 * n) + " values");
  if (kernel.size() != n || strides.size() != n || dilations.size() != n) {
    Fail("kernel, strides and dilations must have " + std::to_string(n) + " values");
  }
  Small(pads, "pads");
  Small(kernel, "kernel_shape");
  Small(strides, "strides");
  Small(dilations, "dilations");
  Window w;
  w.out.resize(n);
  w.pads = pads;
  for (size_t i = 0; i < n; ++i) {
    int64_t dk = (kernel[i] - 1) * dilations[i] + 1;
    if (strides[i] <= 0 || kernel[i] <= 0 || dilations[i] <= 0) {
      Fail("kernel, strides and dilations must be positive");
    }
    if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
      int64_t out = (spatial[i] + strides[i] - 1) / strides[i];
      int64_t total = std::max<int64_t>(0, (out - 1) * strides[i] + dk - spatial[i]);
      int64_t small = total / 2;
      w.pads[i] = auto_pad == "SAME_UPPER" ? small : total - small;
      w.pads[i + n] = total - w.pads[i];
      w.out[i] = out;
    } else if (auto_pad == "VALID") {
      w.pads[i] = w.pads[i + n] = 0;
      w.out[i] = (spatial[i] - dk) / strides[i] + 1;
    } else if (auto_pad == "NOTSET" || auto_pad.empty()) {
      int64_t span = spatial[i] + pads[i] + pads[i + n] - dk;
      if (span < 0) Fail("the kernel is larger than the padded input");
      int64_t out = ceil_mode ? (span + strides[i] - 1) / strides[i] + 1 : span / strides[i] + 1;
      // The last window must start inside the input or its begin padding.
      if (ceil_mode && (out - 1) * strides[i] >= spatial[i] + pads[i]) --out;
      w.out[i] = out;
    } else {
      Fail("unknown auto_pad '" + auto_pad + "'");
    }
    if (w.out[i] <= 0) Fail("the output would be empty");
  }
  return w;
}

std::vector<int64_t> Dims(const Const& c) {
  std::vector<int64_t> v;
  for (double d : c.data) v.push_back(ToInt(d));
  return v;
}

// The value of a constant operand that must be a scalar (its first value).
double First(const Const& c, const std::string& what) {
  if (c.data.empty()) Fail(what + " is empty");
  return c.data[0];
}

// ----------------------------------------------------------------------------------------------
// Handlers.

// An op the table maps one to one from ONNX (ops.def's ONNX column): its input, and every
// attribute the table declares read from the ONNX node with the table's (ONNX's) default.
void Direct(Importer& im, OpKind op) {
  Value* x = im.Val(0);
  Node* n = im.Emit(op, {x}, {x->shape});
  for (const ir::AttrSpec& a : ir::Info(op).attrs) {
    const std::string name(a.name);
    switch (a.kind) {
      case ir::AttrKind::kFloat:
        n->attrs.Set(name, im.AttrFloat(name, a.number));
        break;
      case ir::AttrKind::kInt:
        n->attrs.Set(name, im.AttrInt(name, static_cast<int64_t>(a.number)));
        break;
      case ir::AttrKind::kString: {
        std::string v = im.AttrString(name, std::string(a.text));
        if (!ir::IsValidChoice(a, v)) {
          Fail(name + " '" + v + "' is not valid; valid: " + ir::ChoicesText(a));
        }
        n->attrs.Set(name, v);
        break;
      }
      case ir::AttrKind::kInts:
      case ir::AttrKind::kFloats:
        LOOM_CHECK_MSG(false, "ops.def: a list attribute on an op mapped one to one from ONNX");
    }
  }
  im.Bind(0, n->outputs[0]);
}

// Per-sample shape a constant takes when it meets values of the given full rank.
Shape ConstSampleShape(Importer& im, const Const& c, int64_t full_rank) {
  return im.BroadcastParam(c, full_rank, "constant operand").shape;
}

// The node's inputs (values or constants, broadcast) into one `op` node; returns its output.
Value* ElementwiseValue(Importer& im, OpKind op) {
  int64_t full_rank = 0;
  for (int i = 0; i < im.num_inputs(); ++i) {
    if (im.HasInput(i)) full_rank = std::max(full_rank, im.FullRank(i));
  }
  std::vector<Value*> ins;
  Shape out;
  bool first = true;
  for (int i = 0; i < im.num_inputs(); ++i) {
    if (!im.HasInput(i)) continue;
    const Operand& o = im.Input(i);
    Value* v;
    if (o.value) {
      v = o.value;
      if (!im.folding() && static_cast<int64_t>(v->shape.size()) + 1 != full_rank) {
        Unsupported("operands of different ranks would broadcast across the batch axis");
      }
    } else {
      v = im.ConstantNode(*o.constant, ConstSampleShape(im, *o.constant, full_rank),
                          "operand" + std::to_string(i));
    }
    out = first ? v->shape : Broadcast(out, v->shape);
    first = false;
    ins.push_back(v);
  }
  if (ins.empty()) Fail("no inputs");
  return im.Emit(op, ins, {out})->outputs[0];
}

Handler Elementwise(OpKind op) {
  return [op](Importer& im) { im.Bind(0, ElementwiseValue(im, op)); };
}

// Mean of N inputs: their sum divided by the constant N (exact for N a power of two; otherwise a
// division, as for any constant divisor).
void Mean(Importer& im) {
  Value* sum = ElementwiseValue(im, OpKind::kSum);
  int64_t n = 0;
  for (int i = 0; i < im.num_inputs(); ++i) n += im.HasInput(i) ? 1 : 0;
  if (n == 1) {
    im.Bind(0, sum);
    return;
  }
  Const count{{}, {static_cast<double>(n)}, onnx_const::kFloat};
  Value* divisor = im.ConstantNode(count, Shape{}, "count");
  im.Bind(0, im.Emit(OpKind::kDiv, {sum, divisor}, {sum->shape}, "divide")->outputs[0]);
}

// 1 / x: a division of the constant 1 by x (loom's divider; see docs/numerics.md).
void Reciprocal(Importer& im) {
  Value* x = im.Val(0);
  Const one{{}, {1.0}, onnx_const::kFloat};
  Value* numerator = im.ConstantNode(one, Shape{}, "one");
  im.Bind(0, im.Emit(OpKind::kDiv, {numerator, x}, {x->shape})->outputs[0]);
}

void Gemm(Importer& im) {
  if (im.AttrInt("transA", 0) != 0) Unsupported("transA=1 (the batch is the first axis of A)");
  Value* a = im.Val(0);
  if (a->shape.size() != 1) Fail("A must be 2-D");
  ConstPtr b = im.ConstIn(1, "B");
  if (b->shape.size() != 2) Fail("B must be 2-D");
  bool trans_b = im.AttrInt("transB", 0) != 0;
  double alpha = im.AttrFloat("alpha", 1.0);
  double beta = im.AttrFloat("beta", 1.0);
  int64_t k = trans_b ? b->shape[1] : b->shape[0];
  int64_t n = trans_b ? b->shape[0] : b->shape[1];
  if (k != a->shape[0]) {
    Fail("A has " + std::to_string(a->shape[0]) + " columns but B has " + std::to_string(k) +
         " rows");
  }
  Tensor w(Shape{k, n});
  for (int64_t i = 0; i < k; ++i) {
    for (int64_t j = 0; j < n; ++j) {
      double v = trans_b ? b->data[j * k + i] : b->data[i * n + j];
      w.data[i * n + j] = static_cast<float>(alpha * v);
    }
  }
  Node* node = im.Emit(OpKind::kDense, {a}, {{n}});
  node->params["weight"] = std::move(w);
  if (im.HasInput(2)) {
    ConstPtr c = im.ConstIn(2, "C");
    Tensor bias(Shape{n});
    int64_t cs = c->size();
    if (cs == 1) {
      std::fill(bias.data.begin(), bias.data.end(), static_cast<float>(beta * c->data[0]));
    } else if (cs == n && (c->shape.size() == 1 || c->shape[0] == 1)) {
      for (int64_t j = 0; j < n; ++j) bias.data[j] = static_cast<float>(beta * c->data[j]);
    } else if (c->shape.size() == 2 && c->shape[1] == 1 && c->shape[0] == im.batch() &&
               std::all_of(c->data.begin(), c->data.end(),
                           [&](double v) { return v == c->data[0]; })) {
      std::fill(bias.data.begin(), bias.data.end(), static_cast<float>(beta * c->data[0]));
    } else {
      Unsupported("C of shape " + ShapeText(c->shape) + " varies along the batch axis");
    }
    node->params["bias"] = std::move(bias);
  }
  im.Bind(0, node->outputs[0]);
}

void MatMul(Importer& im) {
  const Operand& b = im.Input(1);
  Value* a = im.Val(0);
  if (b.constant && b.constant->shape.size() == 2 && !a->shape.empty()) {
    const Const& w = *b.constant;
    if (a->shape.back() != w.shape[0]) {
      Fail("inner dimensions differ: " + ShapeText(a->shape) + " and " + ShapeText(w.shape));
    }
    Shape out = a->shape;
    out.back() = w.shape[1];
    Node* n = im.Emit(OpKind::kDense, {a}, {out});
    n->params["weight"] = ToTensor(w, w.shape);
    im.Bind(0, n->outputs[0]);
    return;
  }
  Value* bv = im.Val(1);
  Shape sa = a->shape;
  Shape sb = bv->shape;
  if (sa.size() < 2 || sb.size() < 2) Unsupported("matmul of 1-D operands per sample");
  if (sa.back() != sb[sb.size() - 2]) Fail("inner dimensions differ");
  Shape batch = Broadcast(Shape(sa.begin(), sa.end() - 2), Shape(sb.begin(), sb.end() - 2));
  batch.push_back(sa[sa.size() - 2]);
  batch.push_back(sb.back());
  Node* n = im.Emit(OpKind::kMatMul, {a, bv}, {batch});
  im.Bind(0, n->outputs[0]);
}

// A QONNX channels-last Conv weight [M, spatial..., C/group] as ONNX's [M, C/group, spatial...]
// (QONNX's executor transposes the weight along with the data).
ConstPtr ChannelsFirstWeight(const ConstPtr& w) {
  const Shape& s = w->shape;
  if (s.size() < 3) return w;  // rejected by the rank check
  int64_t outer = s.front();
  int64_t c = s.back();
  int64_t mid = ir::NumElements(Shape(s.begin() + 1, s.end() - 1));
  Const t;
  t.elem_type = w->elem_type;
  t.shape = {outer, c};
  t.shape.insert(t.shape.end(), s.begin() + 1, s.end() - 1);
  t.data.resize(w->data.size());
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t m = 0; m < mid; ++m) {
      for (int64_t k = 0; k < c; ++k)
        t.data[(o * c + k) * mid + m] = w->data[(o * mid + m) * c + k];
    }
  }
  return std::make_shared<const Const>(std::move(t));
}

// The QONNX channels-last ops take [spatial..., C]: loom imports them as the channels-first op
// between two transposes, which the channels-last pass later cancels.
Value* ToChannelsFirst(Importer& im, Value* x) {
  const Shape& s = x->shape;
  int64_t r = static_cast<int64_t>(s.size());
  if (r < 2) Fail("input must have channels and at least one spatial axis");
  std::vector<int64_t> perm{r - 1};
  Shape t{s[r - 1]};
  for (int64_t i = 0; i + 1 < r; ++i) {
    perm.push_back(i);
    t.push_back(s[i]);
  }
  Node* tr = im.Emit(OpKind::kTranspose, {x}, {t}, "to_channels_first");
  tr->attrs.Set("perm", perm);
  return tr->outputs[0];
}

Value* ToChannelsLast(Importer& im, Value* y) {
  const Shape& s = y->shape;
  int64_t r = static_cast<int64_t>(s.size());
  std::vector<int64_t> perm;
  Shape t;
  for (int64_t i = 1; i < r; ++i) {
    perm.push_back(i);
    t.push_back(s[i]);
  }
  perm.push_back(0);
  t.push_back(s[0]);
  Node* tr = im.Emit(OpKind::kTranspose, {y}, {t}, "to_channels_last");
  tr->attrs.Set("perm", perm);
  return tr->outputs[0];
}

// The weight, optional bias (input 2, one value per output channel) and window attributes that
// conv and conv_transpose nodes share.
void SetConvOperands(Importer& im, Node* n, const Const& w, int64_t out_channels,
                     const std::vector<int64_t>& strides, const std::vector<int64_t>& pads,
                     const std::vector<int64_t>& dilations) {
  n->params["weight"] = ToTensor(w, w.shape);
  if (im.HasInput(2)) {
    ConstPtr b = im.ConstIn(2, "B");
    if (b->size() != out_channels) {
      Fail("B must have " + std::to_string(out_channels) + " values");
    }
    n->params["bias"] = ToTensor(*b, {out_channels});
  }
  n->attrs.Set("strides", strides);
  n->attrs.Set("pads", pads);
  n->attrs.Set("dilations", dilations);
}

// Conv or the QONNX channels-last Conv (data [spatial..., C], transposed around the conv).
void ConvImpl(Importer& im, bool channels_last) {
  Value* x = im.Val(0);
  if (channels_last) x = ToChannelsFirst(im, x);
  ConstPtr w = im.ConstIn(1, "W");
  if (channels_last) w = ChannelsFirstWeight(w);
  if (x->shape.size() < 2) Fail("input must have channels and at least one spatial axis");
  size_t nsp = x->shape.size() - 1;
  if (w->shape.size() != nsp + 2) Fail("W must have rank " + std::to_string(nsp + 2));
  int64_t group = im.AttrInt("group", 1);
  int64_t c = x->shape[0];
  int64_t m = w->shape[0];
  if (group <= 0 || c % group != 0 || m % group != 0 || w->shape[1] != c / group) {
    Fail("W of shape " + ShapeText(w->shape) + " does not match " + std::to_string(c) +
         " input channels in " + std::to_string(group) + " groups");
  }
  std::vector<int64_t> kernel(w->shape.begin() + 2, w->shape.end());
  auto ks = im.AttrInts("kernel_shape", kernel);
  if (ks != kernel) Fail("kernel_shape does not match W");
  std::vector<int64_t> strides = im.AttrInts("strides", std::vector<int64_t>(nsp, 1));
  std::vector<int64_t> dil = im.AttrInts("dilations", std::vector<int64_t>(nsp, 1));
  if (strides.size() != nsp || dil.size() != nsp) Fail("strides/dilations have the wrong length");
  Shape spatial(x->shape.begin() + 1, x->shape.end());
  Window win = SpatialWindow(im, spatial, kernel, strides, dil, false);
  Shape out{m};
  out.insert(out.end(), win.out.begin(), win.out.end());
  Node* n = im.Emit(OpKind::kConv, {x}, {out});
  SetConvOperands(im, n, *w, m, strides, win.pads, dil);
  n->attrs.Set("group", group);
  Value* y = n->outputs[0];
  if (channels_last) y = ToChannelsLast(im, y);
  im.Bind(0, y);
}

void ConvTranspose(Importer& im) {
  Value* x = im.Val(0);
  ConstPtr w = im.ConstIn(1, "W");
  if (x->shape.size() < 2) Fail("input must have channels and at least one spatial axis");
  size_t nsp = x->shape.size() - 1;
  if (w->shape.size() != nsp + 2) Fail("W must have rank " + std::to_string(nsp + 2));
  int64_t group = im.AttrInt("group", 1);
  int64_t c = x->shape[0];
  if (w->shape[0] != c || group <= 0 || c % group != 0) Fail("W does not match the input channels");
  int64_t m = w->shape[1] * group;
  std::vector<int64_t> kernel(w->shape.begin() + 2, w->shape.end());
  std::vector<int64_t> strides = im.AttrInts("strides", std::vector<int64_t>(nsp, 1));
  std::vector<int64_t> dil = im.AttrInts("dilations", std::vector<int64_t>(nsp, 1));
  std::vector<int64_t> opad = im.AttrInts("output_padding", std::vector<int64_t>(nsp, 0));
  std::vector<int64_t> pads = im.AttrInts("pads", std::vector<int64_t>(2 * nsp, 0));
  std::vector<int64_t> oshape = im.AttrInts("output_shape");
  std::string auto_pad = im.AttrString("auto_pad", "NOTSET");
  if (strides.size() != nsp || dil.size() != nsp || opad.size() != nsp || pads.size() != 2 * nsp) {
    Fail("strides/dilations/output_padding/pads have the wrong length");
  }
  Small(strides, "strides");
  Small(dil, "dilations");
  Small(opad, "output_padding");
  Small(pads, "pads");
  Small(oshape, "output_shape");
  Small(kernel, "kernel_shape");
  if (oshape.size() == nsp + 2) oshape.erase(oshape.begin(), oshape.begin() + 2);
  if (!oshape.empty() && oshape.size() != nsp) {
    Fail("output_shape must have " + std::to_string(nsp) + " values");
  }
  Shape out{m};
  for (size_t i = 0; i < nsp; ++i) {
    int64_t in = x->shape[i + 1];
    int64_t full = strides[i] * (in - 1) + opad[i] + (kernel[i] - 1) * dil[i] + 1;
    if (!oshape.empty() || auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
      int64_t target = !oshape.empty() ? oshape.at(i) : in * strides[i];
      int64_t total = full - target;
      if (total < 0) Unsupported("output_shape larger than the full transposed convolution");
      bool lower = auto_pad == "SAME_LOWER";
      pads[i] = lower ? total - total / 2 : total / 2;
      pads[i + nsp] = total - pads[i];
      out.push_back(target);
    } else {
      out.push_back(full - pads[i] - pads[i + nsp]);
    }
  }
  Node* n = im.Emit(OpKind::kConvTranspose, {x}, {out});
  SetConvOperands(im, n, *w, m, strides, pads, dil);
  n->attrs.Set("group", group);
  n->attrs.Set("output_padding", opad);
  im.Bind(0, n->outputs[0]);
}

// An inference BatchNormalization of `x` as a per-channel scale and shift; the channel axis is
// 0, or the last one when `channels_last`.
Value* BatchNormOn(Importer& im, Value* x, bool channels_last) {
  if (im.AttrInt("training_mode", 0) != 0 || im.node().output_size() > 1) {
    Unsupported("training mode (running statistics are updated at run time)");
  }
  ConstPtr gamma = im.ConstIn(1, "scale");
  ConstPtr beta = im.ConstIn(2, "B");
  ConstPtr mean = im.ConstIn(3, "mean");
  ConstPtr var = im.ConstIn(4, "var");
  double eps = im.AttrFloat("epsilon", 1e-5);
  int64_t c = x->shape.empty() ? 1 : channels_last ? x->shape.back() : x->shape[0];
  for (const ConstPtr& p : {gamma, beta, mean, var}) {
    if (p->size() != c)
      Fail("parameters must have one value per channel (" + std::to_string(c) + ")");
  }
  Tensor scale(Shape{c});
  Tensor bias(Shape{c});
  for (int64_t i = 0; i < c; ++i) {
    double s = gamma->data[i] / std::sqrt(var->data[i] + eps);
    scale.data[i] = static_cast<float>(s);
    bias.data[i] = static_cast<float>(beta->data[i] - mean->data[i] * s);
  }
  Node* n = im.Emit(OpKind::kBatchNorm, {x}, {x->shape});
  n->params["scale"] = std::move(scale);
  n->params["bias"] = std::move(bias);
  if (channels_last) n->attrs.Set("channels_last", int64_t{1});
  return n->outputs[0];
}

void BatchNorm(Importer& im) { im.Bind(0, BatchNormOn(im, im.Val(0), false)); }

Value* ReshapeTo(Importer& im, Value* x, const Shape& s, const std::string& suffix = "") {
  if (ir::NumElements(s) != ir::NumElements(x->shape)) {
    Fail("cannot reshape " + ShapeText(x->shape) + " to " + ShapeText(s));
  }
  Node* n = im.Emit(OpKind::kReshape, {x}, {s}, suffix);
  return n->outputs[0];
}

void Softmax(Importer& im) {
  Value* x = im.Val(0);
  int64_t full = static_cast<int64_t>(x->shape.size()) + (im.folding() ? 0 : 1);
  int64_t def = im.opset() >= 13 ? -1 : 1;
  int64_t axis = im.Axis(im.AttrInt("axis", def), full);
  if (im.opset() >= 13 || axis == static_cast<int64_t>(x->shape.size()) - 1) {
    Node* n = im.Emit(OpKind::kSoftmax, {x}, {x->shape});
    n->attrs.Set("axis", axis);
    im.Bind(0, n->outputs[0]);
    return;
  }
  // Before opset 13 the input is flattened to 2-D at `axis`.
  Shape shape = x->shape;
  int64_t outer = 1;
  int64_t inner = 1;
  for (int64_t i = 0; i < static_cast<int64_t>(shape.size()); ++i) {
    (i < axis ? outer : inner) *= shape[i];
  }
  Shape flat = axis == 0 ? Shape{inner} : Shape{outer, inner};
  Value* f = ReshapeTo(im, x, flat, "flatten");
  Node* n = im.Emit(OpKind::kSoftmax, {f}, {flat});
  n->attrs.Set("axis", static_cast<int64_t>(flat.size()) - 1);
  im.Bind(0, ReshapeTo(im, n->outputs[0], shape, "unflatten"));
}

// Pow with a constant whole exponent 1 to 4 on data: repeated exact multiplication (x * x, ...),
// so x^2 costs one multiplier and no table. Other exponents need a table (not yet supported).
void Pow(Importer& im) {
  Value* x = im.Val(0);
  ConstPtr e = im.ConstIn(1, "exponent");
  double k = First(*e, "exponent");
  for (float v : e->data) {
    if (v != e->data[0]) Unsupported("an exponent that differs per element");
  }
  if (k != std::floor(k) || k < 1 || k > 4) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", k);
    Unsupported(std::string("exponent ") + text +
                " on data; loom computes whole exponents 1 to 4 as multiplications");
  }
  Value* y = x;
  for (int i = 1; i < static_cast<int>(k); ++i) {
    y = im.Emit(OpKind::kMul, {y, x}, {x->shape}, "times_x" + std::to_string(i))->outputs[0];
  }
  im.Bind(0, y);
}

void Clip(Importer& im) {
  Value* x = im.Val(0);
  Node* n = im.Emit(OpKind::kClip, {x}, {x->shape});
  if (im.opset() < 11) {
    if (im.HasAttr("min")) n->attrs.Set("min", im.AttrFloat("min", 0));
    if (im.HasAttr("max")) n->attrs.Set("max", im.AttrFloat("max", 0));
  } else {
    if (im.HasInput(1)) n->attrs.Set("min", First(*im.ConstIn(1, "min"), "min"));
    if (im.HasInput(2)) n->attrs.Set("max", First(*im.ConstIn(2, "max"), "max"));
  }
  im.Bind(0, n->outputs[0]);
}

void PoolImpl(Importer& im, OpKind op, bool channels_last) {
  if (im.node().output_size() > 1) Unsupported("the Indices output");
  Value* x = im.Val(0);
  if (channels_last) x = ToChannelsFirst(im, x);
  if (x->shape.size() < 2) Fail("input must have channels and at least one spatial axis");
  size_t nsp = x->shape.size() - 1;
  std::vector<int64_t> kernel = im.AttrInts("kernel_shape");
  if (kernel.size() != nsp) Fail("kernel_shape must have " + std::to_string(nsp) + " values");
  std::vector<int64_t> strides = im.AttrInts("strides", std::vector<int64_t>(nsp, 1));
  std::vector<int64_t> dil = im.AttrInts("dilations", std::vector<int64_t>(nsp, 1));
  if (strides.size() != nsp || dil.size() != nsp) Fail("strides/dilations have the wrong length");
  if (im.AttrInt("storage_order", 0) != 0) Unsupported("storage_order=1");
  bool ceil_mode = im.AttrInt("ceil_mode", 0) != 0;
  Shape spatial(x->shape.begin() + 1, x->shape.end());
  Window win = SpatialWindow(im, spatial, kernel, strides, dil, ceil_mode);
  Shape out{x->shape[0]};
  out.insert(out.end(), win.out.begin(), win.out.end());
  Node* n = im.Emit(op, {x}, {out});
  n->attrs.Set("kernel_shape", kernel);
  n->attrs.Set("strides", strides);
  n->attrs.Set("pads", win.pads);
  n->attrs.Set("dilations", dil);
  n->attrs.Set("ceil_mode", static_cast<int64_t>(ceil_mode));
  if (op == OpKind::kAveragePool) {
    n->attrs.Set("count_include_pad", im.AttrInt("count_include_pad", 0));
  }
  Value* y = n->outputs[0];
  if (channels_last) y = ToChannelsLast(im, y);
  im.Bind(0, y);
}

void GlobalPool(Importer& im, OpKind op) {
  Value* x = im.Val(0);
  Shape out = x->shape;
  for (size_t i = 1; i < out.size(); ++i) out[i] = 1;
  Node* n = im.Emit(op, {x}, {out});
  im.Bind(0, n->outputs[0]);
}

void Flatten(Importer& im) {
  Value* x = im.Val(0);
  int64_t full = static_cast<int64_t>(x->shape.size()) + (im.folding() ? 0 : 1);
  int64_t axis = im.AttrInt("axis", 1);
  if (axis < 0) axis += full;
  if (im.folding()) {
    if (axis < 0 || axis > full) Fail("axis " + std::to_string(axis) + " is out of range");
    int64_t outer = 1;
    int64_t inner = 1;
    for (int64_t i = 0; i < full; ++i) (i < axis ? outer : inner) *= x->shape[i];
    im.Bind(0, ReshapeTo(im, x, {outer, inner}));
    return;
  }
  // With a batch of exactly one (as Keras exports declare), flattening from axis 0 keeps the
  // sample whole.
  if (axis == 0 && im.batch() == 1) axis = 1;
  if (axis != 1) {
    Unsupported("axis " + std::to_string(im.AttrInt("axis", 1)) +
                " merges the batch axis with others (only axis 1 keeps samples apart)");
  }
  im.Bind(0, ReshapeTo(im, x, {ir::NumElements(x->shape)}));
}

// Resolves an ONNX Reshape target (0 = copy, -1 = infer) against the full input shape.
Shape ResolveReshape(const Shape& in, std::vector<int64_t> target, bool allow_zero) {
  int64_t known = 1;
  int infer = -1;
  for (size_t i = 0; i < target.size(); ++i) {
    if (target[i] == 0 && !allow_zero) {
      if (i >= in.size()) Fail("shape value 0 at axis " + std::to_string(i) + " has no input axis");
      target[i] = in[i];
    }
    if (target[i] > kMaxElements)
      Fail("target dimension " + std::to_string(target[i]) + " is too large");
    if (target[i] == -1) {
      if (infer >= 0) Fail("more than one -1 in the target shape");
      infer = static_cast<int>(i);
    } else if (target[i] < 0) {
      Fail("negative target dimension " + std::to_string(target[i]));
    } else {
      known *= target[i];
      if (known > kMaxElements) Fail("target shape " + ShapeText(target) + " is too large");
    }
  }
  int64_t total = ir::NumElements(in);
  if (infer >= 0) {
    if (known == 0 || total % known != 0) Fail("cannot infer the -1 dimension");
    target[infer] = total / known;
  }
  if (ir::NumElements(target) != total) {
    Fail("cannot reshape " + ShapeText(in) + " to " + ShapeText(target));
  }
  return target;
}

void Reshape(Importer& im) {
  Value* x = im.Val(0);
  std::vector<int64_t> target =
      im.opset() < 5 ? im.AttrInts("shape") : Dims(*im.ConstIn(1, "shape"));
  Shape full = im.FullShape(0);
  Shape out = ResolveReshape(full, target, im.AttrInt("allowzero", 0) != 0);
  if (!im.folding()) {
    if (out.empty() || out[0] != full[0]) {
      Unsupported("target shape " + ShapeText(out) + " changes the batch axis (size " +
                  std::to_string(full[0]) + ")");
    }
    out.erase(out.begin());
  }
  im.Bind(0, ReshapeTo(im, x, out));
}

void Transpose(Importer& im) {
  Value* x = im.Val(0);
  int64_t r = static_cast<int64_t>(x->shape.size());
  int64_t full = r + (im.folding() ? 0 : 1);
  std::vector<int64_t> perm = im.AttrInts("perm");
  if (perm.empty()) {
    for (int64_t i = full - 1; i >= 0; --i) perm.push_back(i);
  }
  if (static_cast<int64_t>(perm.size()) != full) Fail("perm has the wrong length");
  if (!im.folding()) {
    if (perm[0] != 0) {
      std::vector<bool> seen(full, false);
      for (int64_t p : perm) {
        if (p < 0 || p >= full || seen[p]) Fail("perm is not a permutation");
        seen[p] = true;
      }
      im.DeferTranspose(x, perm);
      return;
    }
    perm.erase(perm.begin());
    for (int64_t& p : perm) {
      if (p <= 0 || p >= full) Fail("perm is not a permutation");
      --p;
    }
  }
  Shape out;
  std::vector<bool> seen(r, false);
  for (int64_t p : perm) {
    if (p < 0 || p >= r || seen[p]) Fail("perm is not a permutation");
    seen[p] = true;
    out.push_back(x->shape[p]);
  }
  Node* n = im.Emit(OpKind::kTranspose, {x}, {out});
  n->attrs.Set("perm", perm);
  im.Bind(0, n->outputs[0]);
}

void Squeeze(Importer& im) {
  Value* x = im.Val(0);
  Shape full = im.FullShape(0);
  std::vector<int64_t> axes =
      im.opset() >= 13 ? (im.HasInput(1) ? Dims(*im.ConstIn(1, "axes")) : std::vector<int64_t>{})
                       : im.AttrInts("axes");
  std::set<int64_t> drop;
  if (axes.empty()) {
    for (size_t i = 0; i < full.size(); ++i) {
      if (full[i] == 1) drop.insert(static_cast<int64_t>(i));
    }
  }
  for (int64_t a : axes) drop.insert(a < 0 ? a + static_cast<int64_t>(full.size()) : a);
  Shape out;
  for (size_t i = 0; i < full.size(); ++i) {
    int64_t ii = static_cast<int64_t>(i);
    if (drop.count(ii)) {
      if (full[i] != 1) Fail("axis " + std::to_string(i) + " has size " + std::to_string(full[i]));
      if (!im.folding() && ii == 0) Unsupported("squeezes the batch axis");
      continue;
    }
    out.push_back(full[i]);
  }
  if (!im.folding()) out.erase(out.begin());
  im.Bind(0, ReshapeTo(im, x, out));
}

void Unsqueeze(Importer& im) {
  Value* x = im.Val(0);
  Shape full = im.FullShape(0);
  std::vector<int64_t> axes = im.opset() >= 13 ? Dims(*im.ConstIn(1, "axes")) : im.AttrInts("axes");
  int64_t r = static_cast<int64_t>(full.size() + axes.size());
  std::set<int64_t> add;
  for (int64_t a : axes) add.insert(a < 0 ? a + r : a);
  Shape out;
  size_t k = 0;
  for (int64_t i = 0; i < r; ++i) {
    if (add.count(i)) {
      if (!im.folding() && i == 0) Unsupported("inserts an axis before the batch axis");
      out.push_back(1);
    } else {
      if (k >= full.size()) Fail("axes out of range");
      out.push_back(full[k++]);
    }
  }
  if (!im.folding()) out.erase(out.begin());
  im.Bind(0, ReshapeTo(im, x, out));
}

void Concat(Importer& im) {
  int64_t full = 0;
  for (int i = 0; i < im.num_inputs(); ++i) full = std::max(full, im.FullRank(i));
  int64_t axis = im.Axis(im.AttrInt("axis", 0), full);
  std::vector<Value*> ins;
  Shape out;
  for (int i = 0; i < im.num_inputs(); ++i) {
    const Operand& o = im.Input(i);
    Value* v = o.value ? o.value
                       : im.ConstantNode(*o.constant, ConstSampleShape(im, *o.constant, full),
                                         "operand" + std::to_string(i));
    if (v->shape.size() != static_cast<size_t>(full - (im.folding() ? 0 : 1))) {
      Fail("inputs have different ranks");
    }
    if (out.empty()) {
      out = v->shape;
    } else {
      for (size_t d = 0; d < out.size(); ++d) {
        if (static_cast<int64_t>(d) == axis) continue;
        if (out[d] != v->shape[d]) Fail("inputs differ outside the concatenation axis");
      }
      out[axis] += v->shape[axis];
    }
    ins.push_back(v);
  }
  Node* n = im.Emit(OpKind::kConcat, ins, {out});
  n->attrs.Set("axis", axis);
  im.Bind(0, n->outputs[0]);
}

void Split(Importer& im) {
  Value* x = im.Val(0);
  int64_t full = im.FullRank(0);
  int64_t axis = im.Axis(im.AttrInt("axis", 0), full);
  int64_t outputs = im.node().output_size();
  std::vector<int64_t> sizes;
  if (im.opset() >= 13 && im.HasInput(1)) {
    sizes = Dims(*im.ConstIn(1, "split"));
  } else if (im.opset() < 13) {
    sizes = im.AttrInts("split");
  }
  int64_t dim = x->shape[axis];
  if (sizes.empty()) {
    int64_t parts = im.HasAttr("num_outputs") ? im.AttrInt("num_outputs", outputs) : outputs;
    if (parts <= 0 || parts != outputs) {
      Fail("cannot split into " + std::to_string(parts) + " parts for " + std::to_string(outputs) +
           " outputs");
    }
    int64_t chunk = (dim + parts - 1) / parts;
    for (int64_t i = 0; i < parts; ++i) sizes.push_back(std::min(chunk, dim - i * chunk));
  }
  if (static_cast<int64_t>(sizes.size()) != outputs) Fail("split sizes do not match the outputs");
  Small(sizes, "split");
  if (std::accumulate(sizes.begin(), sizes.end(), int64_t{0}) != dim) {
    Fail("split sizes do not add up to " + std::to_string(dim));
  }
  std::vector<Shape> shapes;
  for (int64_t s : sizes) {
    Shape o = x->shape;
    o[axis] = s;
    shapes.push_back(o);
  }
  Node* n = im.Emit(OpKind::kSplit, {x}, shapes);
  n->attrs.Set("axis", axis);
  n->attrs.Set("split", sizes);
  for (int64_t i = 0; i < outputs; ++i) im.Bind(static_cast<int>(i), n->outputs[i]);
}

void Slice(Importer& im) {
  Value* x = im.Val(0);
  Shape full = im.FullShape(0);
  int64_t r = static_cast<int64_t>(full.size());
  std::vector<int64_t> starts, ends, axes, steps;
  if (im.opset() < 10) {
    starts = im.AttrInts("starts");
    ends = im.AttrInts("ends");
    axes = im.AttrInts("axes");
  } else {
    starts = Dims(*im.ConstIn(1, "starts"));
    ends = Dims(*im.ConstIn(2, "ends"));
    if (im.HasInput(3)) axes = Dims(*im.ConstIn(3, "axes"));
    if (im.HasInput(4)) steps = Dims(*im.ConstIn(4, "steps"));
  }
  if (axes.empty()) {
    for (size_t i = 0; i < starts.size(); ++i) axes.push_back(static_cast<int64_t>(i));
  }
  if (steps.empty()) steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() ||
      steps.size() != starts.size()) {
    Fail("starts, ends, axes and steps differ in length");
  }
  Shape out = full;
  std::vector<int64_t> p_starts, p_ends, p_axes, p_steps;
  for (size_t i = 0; i < starts.size(); ++i) {
    int64_t a = axes[i] < 0 ? axes[i] + r : axes[i];
    if (a < 0 || a >= r) Fail("axis out of range");
    int64_t d = full[a];
    int64_t step = steps[i];
    if (step == 0) Fail("step 0");
    auto clamp = [&](int64_t v, bool is_start) {
      if (v < 0) v += d;
      if (step > 0) return std::clamp<int64_t>(v, 0, d);
      (void)is_start;
      return std::clamp<int64_t>(v, -1, d - 1);
    };
    int64_t s = clamp(starts[i], true);
    int64_t e = clamp(ends[i], false);
    if (step == std::numeric_limits<int64_t>::min()) Fail("step out of range");
    int64_t count = step > 0 ? (e - s <= 0 ? 0 : (e - s - 1) / step + 1)
                             : (s - e <= 0 ? 0 : (s - e - 1) / (-step) + 1);
    if (!im.folding() && a == 0) {
      if (count != d || s != 0 || step != 1) Unsupported("slices the batch axis");
      continue;
    }
    out[a] = count;
    p_starts.push_back(starts[i]);
    p_ends.push_back(ends[i]);
    p_axes.push_back(a - (im.folding() ? 0 : 1));
    p_steps.push_back(step);
  }
  if (!im.folding()) out.erase(out.begin());
  Node* n = im.Emit(OpKind::kSlice, {x}, {out});
  n->attrs.Set("starts", p_starts);
  n->attrs.Set("ends", p_ends);
  n->attrs.Set("axes", p_axes);
  n->attrs.Set("steps", p_steps);
  im.Bind(0, n->outputs[0]);
}

void Pad(Importer& im) {
  Value* x = im.Val(0);
  Shape full = im.FullShape(0);
  int64_t r = static_cast<int64_t>(full.size());
  std::vector<int64_t> pads;
  double value = 0.0;
  std::string mode = im.AttrString("mode", "constant");
  if (im.opset() < 11) {
    pads = im.AttrInts(im.opset() < 2 ? "paddings" : "pads");
    value = im.AttrFloat("value", 0.0);
  } else {
    pads = Dims(*im.ConstIn(1, "pads"));
    if (im.HasInput(2)) value = First(*im.ConstIn(2, "constant_value"), "constant_value");
  }
  std::vector<int64_t> axes;
  if (im.HasInput(3)) {
    axes = Dims(*im.ConstIn(3, "axes"));
  } else {
    for (int64_t i = 0; i < r; ++i) axes.push_back(i);
  }
  if (pads.size() != 2 * axes.size()) Fail("pads must have two values per axis");
  Small(pads, "pads");
  std::vector<int64_t> all(2 * r, 0);
  for (size_t i = 0; i < axes.size(); ++i) {
    int64_t a = axes[i] < 0 ? axes[i] + r : axes[i];
    if (a < 0 || a >= r) Fail("axis " + std::to_string(axes[i]) + " out of range");
    all[a] = pads[i];
    all[a + r] = pads[i + axes.size()];
  }
  if (!im.folding()) {
    if (all[0] != 0 || all[r] != 0) Unsupported("pads the batch axis");
    all.erase(all.begin() + r);
    all.erase(all.begin());
  }
  int64_t pr = static_cast<int64_t>(x->shape.size());
  Shape out = x->shape;
  for (int64_t i = 0; i < pr; ++i) out[i] += all[i] + all[i + pr];
  Node* n = im.Emit(OpKind::kPad, {x}, {out});
  n->attrs.Set("pads", all);
  n->attrs.Set("mode", mode);
  n->attrs.Set("value", value);
  im.Bind(0, n->outputs[0]);
}

void Resize(Importer& im, bool upsample) {
  Value* x = im.Val(0);
  Shape full = im.FullShape(0);
  int64_t r = static_cast<int64_t>(full.size());
  std::string mode = im.AttrString("mode", "nearest");
  if (mode == "bilinear") mode = "linear";
  if (mode != "nearest" && mode != "linear") Unsupported("mode '" + mode + "'");
  if (im.AttrInt("antialias", 0) != 0) Unsupported("antialias=1");
  std::string policy = im.AttrString("keep_aspect_ratio_policy", "stretch");
  if (policy != "stretch") Unsupported("keep_aspect_ratio_policy '" + policy + "'");
  std::string ctm = im.AttrString("coordinate_transformation_mode", "half_pixel");
  if (upsample || im.opset() < 11) ctm = "asymmetric";
  if (ctm == "tf_crop_and_resize")
    Unsupported("coordinate_transformation_mode 'tf_crop_and_resize'");
  std::string nearest_mode = im.AttrString("nearest_mode", "round_prefer_floor");
  if (im.opset() < 11) nearest_mode = "floor";
  std::vector<double> scales;
  std::vector<int64_t> sizes;
  if (upsample) {
    if (im.opset() < 9) {
      scales = im.AttrFloats("scales");
    } else {
      scales = im.ConstIn(1, "scales")->data;
    }
  } else if (im.opset() < 11) {
    scales = im.ConstIn(1, "scales")->data;
  } else {
    if (im.HasInput(2)) scales = im.ConstIn(2, "scales")->data;
    if (scales.empty() && im.HasInput(3)) sizes = Dims(*im.ConstIn(3, "sizes"));
  }
  std::vector<int64_t> axes = im.AttrInts("axes");
  if (axes.empty()) {
    for (int64_t i = 0; i < r; ++i) axes.push_back(i);
  }
  std::vector<double> all_scales(r, 1.0);
  Shape out = full;
  if (!scales.empty()) {
    if (scales.size() != axes.size()) Fail("scales must have one value per axis");
    for (size_t i = 0; i < axes.size(); ++i) {
      int64_t a = axes[i] < 0 ? axes[i] + r : axes[i];
      if (a < 0 || a >= r) Fail("axis " + std::to_string(axes[i]) + " out of range");
      all_scales[a] = scales[i];
      double size = std::floor(static_cast<double>(full[a]) * scales[i]);
      if (!(size >= 1 && size <= static_cast<double>(kMaxElements))) {
        Fail("scale " + std::to_string(scales[i]) + " gives an empty or too large output");
      }
      out[a] = static_cast<int64_t>(size);
    }
  } else if (!sizes.empty()) {
    if (sizes.size() != axes.size()) Fail("sizes must have one value per axis");
    for (size_t i = 0; i < axes.size(); ++i) {
      int64_t a = axes[i] < 0 ? axes[i] + r : axes[i];
      if (a < 0 || a >= r) Fail("axis " + std::to_string(axes[i]) + " out of range");
      if (sizes[i] <= 0 || sizes[i] > kMaxElements) Fail("size out of range");
      out[a] = sizes[i];
      all_scales[a] = static_cast<double>(sizes[i]) / static_cast<double>(full[a]);
    }
  } else {
    Fail("neither scales nor sizes is given");
  }
  if (!im.folding()) {
    if (out[0] != full[0]) Unsupported("resizes the batch axis");
    out.erase(out.begin());
    all_scales.erase(all_scales.begin());
  }
  Node* n = im.Emit(OpKind::kResize, {x}, {out});
  n->attrs.Set("mode", mode);
  n->attrs.Set("coordinate_transformation_mode", ctm);
  n->attrs.Set("nearest_mode", nearest_mode);
  n->attrs.Set("scales", all_scales);
  if (im.HasAttr("cubic_coeff_a"))
    n->attrs.Set("cubic_coeff_a", im.AttrFloat("cubic_coeff_a", -0.75));
  im.Bind(0, n->outputs[0]);
}

void DepthSpace(Importer& im, bool to_space) {
  Value* x = im.Val(0);
  if (x->shape.size() != 3) Unsupported("only 4-D (N, C, H, W) inputs");
  int64_t b = im.AttrInt("blocksize", 0);
  if (b <= 0) Fail("blocksize must be positive");
  Small({b}, "blocksize");
  Shape out = x->shape;
  if (to_space) {
    if (out[0] % (b * b) != 0) Fail("channels are not divisible by blocksize^2");
    out = {out[0] / (b * b), out[1] * b, out[2] * b};
  } else {
    if (out[1] % b != 0 || out[2] % b != 0) Fail("height and width must divide by blocksize");
    out = {out[0] * b * b, out[1] / b, out[2] / b};
  }
  Node* n = im.Emit(to_space ? OpKind::kDepthToSpace : OpKind::kSpaceToDepth, {x}, {out});
  n->attrs.Set("blocksize", b);
  if (to_space) n->attrs.Set("mode", im.AttrString("mode", "DCR"));
  im.Bind(0, n->outputs[0]);
}

void ReduceImpl(Importer& im, OpKind op) {
  Value* x = im.Val(0);
  Shape full = im.FullShape(0);
  int64_t r = static_cast<int64_t>(full.size());
  const int64_t axes_input_from = op == OpKind::kReduceSum ? 13 : 18;
  std::vector<int64_t> axes =
      im.opset() >= axes_input_from
          ? (im.HasInput(1) ? Dims(*im.ConstIn(1, "axes")) : std::vector<int64_t>{})
          : im.AttrInts("axes");
  if (axes.empty()) {
    if (im.AttrInt("noop_with_empty_axes", 0) != 0) {
      im.Bind(0, x);
      return;
    }
    for (int64_t i = 0; i < r; ++i) axes.push_back(i);
  }
  bool keep = im.AttrInt("keepdims", 1) != 0;
  std::vector<int64_t> p_axes;
  for (int64_t a : axes) p_axes.push_back(im.Axis(a, r));
  Shape out;
  for (int64_t i = 0; i < static_cast<int64_t>(x->shape.size()); ++i) {
    bool reduced = std::find(p_axes.begin(), p_axes.end(), i) != p_axes.end();
    if (!reduced) {
      out.push_back(x->shape[i]);
    } else if (keep) {
      out.push_back(1);
    }
  }
  Node* n = im.Emit(op, {x}, {out});
  n->attrs.Set("axes", p_axes);
  n->attrs.Set("keepdims", static_cast<int64_t>(keep));
  im.Bind(0, n->outputs[0]);
}

// ReduceMean, ReduceMax, ReduceSum: 'axes' is an input from opset 18 (ReduceSum: 13).
Handler Reduce(OpKind op) {
  return [op](Importer& im) { ReduceImpl(im, op); };
}

void PRelu(Importer& im) {
  Value* x = im.Val(0);
  const Operand& s = im.Input(1);
  if (!s.present()) Fail("slope (input 1) is missing");
  int64_t full = static_cast<int64_t>(x->shape.size()) + (im.folding() ? 0 : 1);
  Value* slope = nullptr;
  if (s.value) {
    slope = s.value;
  } else if (im.opset() < 7 && s.constant->size() > 1 && s.constant->shape.size() == 1 &&
             full >= 2) {
    // Before opset 7 a one-axis slope is per channel (axis 1 of the data), not broadcast from
    // the right: [C] becomes [C, 1, ..., 1].
    Shape per_channel(static_cast<size_t>(full - 1), 1);
    per_channel[0] = s.constant->size();
    if (!im.folding() && x->shape[0] != s.constant->size()) {
      Fail("slope of " + std::to_string(s.constant->size()) + " values for " +
           std::to_string(x->shape[0]) + " channels");
    }
    if (im.folding()) per_channel.insert(per_channel.begin(), 1);
    slope = im.ConstantNode(*s.constant, per_channel, "slope");
  } else {
    slope = im.ConstantNode(*s.constant, ConstSampleShape(im, *s.constant, full), "slope");
  }
  Broadcast(x->shape, slope->shape);
  Node* n = im.Emit(OpKind::kPRelu, {x, slope}, {x->shape});
  im.Bind(0, n->outputs[0]);
}

// QONNX Quant / BipolarQuant / Trunc: x quantized with constant parameters.
void QonnxQuant(Importer& im, OpKind op) {
  Value* x = im.Val(0);
  int64_t full = static_cast<int64_t>(x->shape.size()) + (im.folding() ? 0 : 1);
  Node* n = im.Emit(op, {x}, {x->shape});
  auto param = [&](int i, const char* key) {
    ConstPtr c = im.ConstIn(i, key);
    n->params[key] = im.BroadcastParam(*c, full, key);
    Broadcast(x->shape, n->params[key].shape);
  };
  if (op == OpKind::kQuant) {
    param(1, "scale");
    param(2, "zero_point");
    param(3, "bitwidth");
    n->attrs.Set("signed", im.AttrInt("signed", 1));
    n->attrs.Set("narrow", im.AttrInt("narrow", 0));
    n->attrs.Set("rounding_mode", im.AttrString("rounding_mode", "ROUND"));
  } else if (op == OpKind::kBipolarQuant) {
    param(1, "scale");
  } else if (op == OpKind::kFloatQuant) {
    if (im.AttrInt("saturation", 1) == 0) {
      Unsupported("FloatQuant without saturation (values beyond the largest become inf or NaN)");
    }
    param(1, "scale");
    param(2, "exponent_bitwidth");
    param(3, "mantissa_bitwidth");
    param(4, "exponent_bias");
    param(5, "max_val");
    n->attrs.Set("saturation", int64_t{1});
    n->attrs.Set("rounding_mode", im.AttrString("rounding_mode", "ROUND"));
  } else {
    if (im.num_inputs() > 4) {
      Unsupported("the Trunc form with output scale and zero point (newer QONNX)");
    }
    param(1, "scale");
    param(2, "zero_point");
    param(3, "input_bit_width");
    param(4, "output_bit_width");
    n->attrs.Set("rounding_mode", im.AttrString("rounding_mode", "FLOOR"));
  }
  im.Bind(0, n->outputs[0]);
}

void QuantizeLinear(Importer& im, bool quantize) {
  Value* x = im.Val(0);
  int64_t full = static_cast<int64_t>(x->shape.size()) + (im.folding() ? 0 : 1);
  ConstPtr scale = im.ConstIn(1, "scale");
  if (im.HasAttr("block_size") && im.AttrInt("block_size", 0) != 0)
    Unsupported("blocked quantization");
  Node* n =
      im.Emit(quantize ? OpKind::kQuantizeLinear : OpKind::kDequantizeLinear, {x}, {x->shape});
  int64_t axis = -1;
  if (scale->size() > 1) axis = im.Axis(im.AttrInt("axis", 1), full);
  n->attrs.Set("axis", axis);
  n->params["scale"] = ToTensor(*scale, {scale->size()});
  Const zp;
  zp.shape = scale->shape;
  zp.data.assign(scale->data.size(), 0.0);
  zp.elem_type = pb::TensorProto::UINT8;
  if (im.HasInput(2)) {
    zp = *im.ConstIn(2, "zero_point");
    if (zp.size() != scale->size()) Fail("zero_point and scale differ in size");
  }
  n->params["zero_point"] = ToTensor(zp, {zp.size()});
  if (quantize) {
    // The result has the zero point's integer type (uint8 when absent, or output_dtype).
    int64_t type =
        im.AttrInt("output_dtype", 0) != 0 ? im.AttrInt("output_dtype", 0) : zp.elem_type;
    double qmin = 0;
    double qmax = 0;
    switch (type) {
      case pb::TensorProto::UINT8:
        qmax = 255;
        break;
      case pb::TensorProto::INT8:
        qmin = -128;
        qmax = 127;
        break;
      case pb::TensorProto::UINT16:
        qmax = 65535;
        break;
      case pb::TensorProto::INT16:
        qmin = -32768;
        qmax = 32767;
        break;
      default:
        Unsupported("quantizing to " + TypeName(static_cast<int32_t>(type)));
    }
    n->attrs.Set("qmin", qmin);
    n->attrs.Set("qmax", qmax);
  }
  im.Bind(0, n->outputs[0]);
}

// The ops ops.def maps one to one from ONNX, then every op the importer translates itself.
std::map<std::string, Handler>* MakeHandlers() {
  auto* handlers = new std::map<std::string, Handler>({
      {"Gemm", Gemm},
      {"MatMul", MatMul},
      {"Add", Elementwise(OpKind::kAdd)},
      {"Sub", Elementwise(OpKind::kSub)},
      {"Mul", Elementwise(OpKind::kMul)},
      {"Div", Elementwise(OpKind::kDiv)},
      {"Max", Elementwise(OpKind::kMax)},
      {"Min", Elementwise(OpKind::kMin)},
      {"Sum", Elementwise(OpKind::kSum)},
      {"Mean", Mean},
      {"Reciprocal", Reciprocal},
      {"Conv", [](Importer& im) { ConvImpl(im, false); }},
      {"ConvTranspose", ConvTranspose},
      {"BatchNormalization", BatchNorm},
      {"PRelu", PRelu},
      {"Softmax", Softmax},
      {"Clip", Clip},
      {"Pow", Pow},
      {"MaxPool", [](Importer& im) { PoolImpl(im, OpKind::kMaxPool, false); }},
      {"AveragePool", [](Importer& im) { PoolImpl(im, OpKind::kAveragePool, false); }},
      {"GlobalAveragePool", [](Importer& im) { GlobalPool(im, OpKind::kGlobalAveragePool); }},
      {"GlobalMaxPool", [](Importer& im) { GlobalPool(im, OpKind::kGlobalMaxPool); }},
      {"Flatten", Flatten},
      {"Reshape", Reshape},
      {"Transpose", Transpose},
      {"Squeeze", Squeeze},
      {"Unsqueeze", Unsqueeze},
      {"Concat", Concat},
      {"Split", Split},
      {"Slice", Slice},
      {"Pad", Pad},
      {"Resize", [](Importer& im) { Resize(im, false); }},
      {"Upsample", [](Importer& im) { Resize(im, true); }},
      {"DepthToSpace", [](Importer& im) { DepthSpace(im, true); }},
      {"SpaceToDepth", [](Importer& im) { DepthSpace(im, false); }},
      {"ReduceMean", Reduce(OpKind::kReduceMean)},
      {"ReduceMax", Reduce(OpKind::kReduceMax)},
      {"ReduceSum", Reduce(OpKind::kReduceSum)},
      {"QuantizeLinear", [](Importer& im) { QuantizeLinear(im, true); }},
      {"DequantizeLinear", [](Importer& im) { QuantizeLinear(im, false); }},
      {"qonnx:Quant", [](Importer& im) { QonnxQuant(im, OpKind::kQuant); }},
      {"qonnx:BipolarQuant", [](Importer& im) { QonnxQuant(im, OpKind::kBipolarQuant); }},
      {"qonnx:Trunc", [](Importer& im) { QonnxQuant(im, OpKind::kTrunc); }},
      {"qonnx:FloatQuant", [](Importer& im) { QonnxQuant(im, OpKind::kFloatQuant); }},
      {"channels_last:Conv", [](Importer& im) { ConvImpl(im, true); }},
      {"channels_last:BatchNormalization",
       [](Importer& im) { im.Bind(0, BatchNormOn(im, im.Val(0), true)); }},
      {"channels_last:MaxPool", [](Importer& im) { PoolImpl(im, OpKind::kMaxPool, true); }},
  });
  for (OpKind op : ir::AllOps()) {
    const std::string name(ir::Info(op).onnx_name);
    if (name.empty()) continue;
    bool added = handlers->emplace(name, [op](Importer& im) { Direct(im, op); }).second;
    LOOM_CHECK_MSG(added, "ONNX op " + name + " has a handler and a row in ops.def's ONNX column");
  }
  return handlers;
}

const std::map<std::string, Handler>& Handlers() {
  static const std::map<std::string, Handler>* handlers = MakeHandlers();
  return *handlers;
}

// Ops computed while importing, on constants only (shape arithmetic), or that only rename.
const std::set<std::string>& NativeOps() {
  static const auto* ops =
      new std::set<std::string>{"Constant", "Identity",        "Dropout", "Shape", "Gather",
                                "Cast",     "ConstantOfShape", "Range",   "Size",  "CastLike"};
  return *ops;
}

// A constant cast to ONNX element type `to`: integers truncate, float32 rounds.
Const CastConst(Const c, int32_t to) {
  bool integer = to != pb::TensorProto::FLOAT && to != pb::TensorProto::DOUBLE &&
                 to != pb::TensorProto::FLOAT16 && to != pb::TensorProto::BFLOAT16;
  if (integer) {
    for (double& v : c.data) v = std::trunc(v);
  } else if (to == pb::TensorProto::FLOAT) {
    for (double& v : c.data) v = static_cast<double>(static_cast<float>(v));
  }
  c.elem_type = to;
  return c;
}

std::string HandlerKey(const pb::NodeProto& n) {
  const std::string& d = n.domain();
  if (d.empty() || d == "ai.onnx") return n.op_type();
  if (IsQonnxDomain(d)) return "qonnx:" + n.op_type();
  if (d == "qonnx.custom_op.channels_last") return "channels_last:" + n.op_type();
  return d + ":" + n.op_type();
}

bool Importer::TryFoldNative(const pb::NodeProto& n) {
  const std::string& op = n.op_type();
  if (!n.domain().empty() && n.domain() != "ai.onnx") return false;
  if (op == "Constant") {
    Const c;
    if (const pb::TensorProto* t = AttrTensor("value")) {
      auto d = DecodeTensor(*t);
      if (!d.ok()) Fail(d.error().message());
      c = d.value();
    } else if (HasAttr("value_float")) {
      c.data = {AttrFloat("value_float", 0)};
    } else if (HasAttr("value_int")) {
      c.data = {static_cast<double>(AttrInt("value_int", 0))};
    } else if (HasAttr("value_floats")) {
      c.data = AttrFloats("value_floats");
      c.shape = {c.size()};
    } else if (HasAttr("value_ints")) {
      for (int64_t v : AttrInts("value_ints")) c.data.push_back(static_cast<double>(v));
      c.shape = {c.size()};
    } else {
      Unsupported("a Constant without a numeric value");
    }
    BindConst(0, std::move(c));
    return true;
  }
  if (op == "Identity" || op == "Dropout") {
    if (op == "Dropout" && n.output_size() > 1 && !n.output(1).empty()) {
      // The mask of an inference-mode dropout is all ones.
      Shape s = FullShape(0);
      Const mask{s, std::vector<double>(ir::NumElements(s), 1.0)};
      BindConst(1, std::move(mask));
    }
    if (n.output_size() > 0) names_[n.output(0)] = Input(0);
    return true;
  }
  if (op == "Shape" || op == "Size") {
    Shape s = FullShape(0);
    Const c;
    c.elem_type = pb::TensorProto::INT64;
    if (op == "Size") {
      c.data = {static_cast<double>(ir::NumElements(s))};
    } else {
      int64_t r = static_cast<int64_t>(s.size());
      int64_t start = AttrInt("start", 0);
      int64_t end = AttrInt("end", r);
      if (start < 0) start += r;
      if (end < 0) end += r;
      start = std::clamp<int64_t>(start, 0, r);
      end = std::clamp<int64_t>(end, start, r);
      for (int64_t i = start; i < end; ++i) c.data.push_back(static_cast<double>(s[i]));
      c.shape = {end - start};
    }
    BindConst(0, std::move(c));
    return true;
  }
  // A cast of run-time data to float32 or float64 (PyTorch's `.float()`) changes nothing: loom's
  // float values are float32 and its fixed-point types are set by precision, not by ONNX types.
  if (op == "Cast" && n.input_size() == 1 && !Input(0).constant) {
    const int64_t to = AttrInt("to", pb::TensorProto::FLOAT);
    if (to != pb::TensorProto::FLOAT && to != pb::TensorProto::DOUBLE) {
      Unsupported("'Cast' of a value computed at run time to " +
                  TypeName(static_cast<int32_t>(to)) + " (only casts to float are accepted)");
    }
    if (n.output_size() > 0) names_[n.output(0)] = Input(0);
    return true;
  }
  // CastLike(x, like): x cast to the element type of `like`. Run-time values are float, so a
  // cast like one of them is a cast to float (of a constant) or nothing (of a value).
  if (op == "CastLike") {
    if (n.input_size() != 2) Fail("CastLike takes 2 inputs");
    const Operand& x = Input(0);
    const Operand& like = Input(1);
    if (!x.present() || !like.present()) Fail("an input is missing");
    int32_t to = like.constant ? like.constant->elem_type : pb::TensorProto::FLOAT;
    bool to_float = to == pb::TensorProto::FLOAT || to == pb::TensorProto::DOUBLE;
    if (!x.constant) {
      if (!to_float) {
        Unsupported("'CastLike' of a value computed at run time to " + TypeName(to) +
                    " (only casts to float are accepted)");
      }
      if (n.output_size() > 0) names_[n.output(0)] = x;
      return true;
    }
    BindConst(0, CastConst(*x.constant, to));
    return true;
  }
  // The rest need constant inputs.
  for (int i = 0; i < n.input_size(); ++i) {
    if (!n.input(i).empty() && !Input(i).constant) {
      Unsupported("'" + op + "' on a value computed at run time (loom folds it only on constants)");
    }
  }
  auto in = [&](int i) -> const Const& {
    if (!Input(i).constant) Fail("input " + std::to_string(i) + " is missing");
    return *Input(i).constant;
  };
  if (op == "Cast") {
    BindConst(0, CastConst(in(0), static_cast<int32_t>(AttrInt("to", pb::TensorProto::FLOAT))));
    return true;
  }
  if (op == "Gather") {
    const Const& data = in(0);
    const Const& idx = in(1);
    int64_t r = static_cast<int64_t>(data.shape.size());
    if (r == 0) Fail("Gather on a scalar");
    int64_t axis = AttrInt("axis", 0);
    if (axis < 0) axis += r;
    if (axis < 0 || axis >= r) Fail("axis out of range");
    int64_t outer = 1, inner = 1;
    for (int64_t i = 0; i < axis; ++i) outer *= data.shape[i];
    for (int64_t i = axis + 1; i < r; ++i) inner *= data.shape[i];
    int64_t dim = data.shape[axis];
    if (static_cast<double>(outer) * static_cast<double>(idx.size()) * static_cast<double>(inner) >
        static_cast<double>(kMaxFoldedElements)) {
      Fail("the result is too large");
    }
    Const c;
    for (int64_t i = 0; i < axis; ++i) c.shape.push_back(data.shape[i]);
    c.shape.insert(c.shape.end(), idx.shape.begin(), idx.shape.end());
    for (int64_t i = axis + 1; i < r; ++i) c.shape.push_back(data.shape[i]);
    for (int64_t o = 0; o < outer; ++o) {
      for (double id : idx.data) {
        int64_t k = ToInt(id);
        if (k < 0) k += dim;
        if (k < 0 || k >= dim) Fail("index " + std::to_string(ToInt(id)) + " out of range");
        for (int64_t j = 0; j < inner; ++j) c.data.push_back(data.data[(o * dim + k) * inner + j]);
      }
    }
    BindConst(0, std::move(c));
    return true;
  }
  if (op == "ConstantOfShape") {
    Const c;
    for (double d : in(0).data) c.shape.push_back(ToInt(d));
    if (!SizeOk(c.shape) || ir::NumElements(c.shape) > kMaxFoldedElements) {
      Fail("shape " + ShapeText(c.shape) + " is too large");
    }
    double v = 0.0;
    if (const pb::TensorProto* t = AttrTensor("value")) {
      auto d = DecodeTensor(*t);
      if (!d.ok()) Fail(d.error().message());
      if (d.value().size() != 1) Fail("value must hold one element");
      v = d.value().data[0];
      c.elem_type = d.value().elem_type;
    }
    c.data.assign(ir::NumElements(c.shape), v);
    BindConst(0, std::move(c));
    return true;
  }
  if (op == "Range") {
    double start = First(in(0), "start");
    double limit = First(in(1), "limit");
    double delta = First(in(2), "delta");
    if (delta == 0) Fail("delta is 0");
    double steps = std::ceil((limit - start) / delta);
    if (!(steps <= static_cast<double>(kMaxFoldedElements))) Fail("the range is too long");
    int64_t count = std::max<int64_t>(0, static_cast<int64_t>(steps));
    Const c;
    c.shape = {count};
    c.elem_type = in(0).elem_type;
    for (int64_t i = 0; i < count; ++i) c.data.push_back(start + static_cast<double>(i) * delta);
    BindConst(0, std::move(c));
    return true;
  }
  return false;
}

// Evaluates a node whose inputs are all constants: the handler builds it in a scratch graph
// (with no batch axis) and the float engine computes it.
void Importer::FoldThroughEngine(const pb::NodeProto& n, const Handler& h) {
  ir::Graph scratch;
  std::vector<Tensor> inputs;
  fold_inputs_.clear();
  for (int i = 0; i < n.input_size(); ++i) {
    if (n.input(i).empty()) continue;
    const Operand& o = names_.at(n.input(i));
    Value* v = scratch.AddInput("in" + std::to_string(i), o.constant->shape);
    inputs.push_back(ToTensor(*o.constant, o.constant->shape));
    fold_inputs_[i] = Operand{v, o.constant};
  }
  // Save bindings: the handler binds outputs to scratch values, replaced below by constants.
  folding_ = true;
  offset_ = 0;
  target_ = &scratch;
  struct Restore {
    Importer* im;
    ~Restore() {
      im->folding_ = false;
      im->offset_ = 1;
      im->target_ = &im->graph_;
      im->fold_inputs_.clear();
    }
  } restore{this};
  // Outputs the handler does not bind must not find older bindings of the same names.
  for (const std::string& out : n.output()) names_.erase(out);
  h(*this);
  std::vector<Value*> outs;
  for (int i = 0; i < n.output_size(); ++i) {
    if (n.output(i).empty()) continue;
    auto it = names_.find(n.output(i));
    if (it == names_.end() || !it->second.value) {
      Unsupported("output " + std::to_string(i) + " ('" + n.output(i) + "')");
    }
    Value* v = it->second.value;
    scratch.MarkOutput(v);
    outs.push_back(v);
  }
  auto result = ref::Run(scratch, inputs);
  if (!result.ok()) Fail("folding constants: " + result.error().message());
  size_t k = 0;
  for (int i = 0; i < n.output_size(); ++i) {
    if (n.output(i).empty()) continue;
    const Tensor& t = result.value()[k++];
    Const c{t.shape, std::vector<double>(t.data.begin(), t.data.end())};
    BindConst(i, std::move(c));
  }
}

void Importer::DeferTranspose(Value* x, std::vector<int64_t> full_perm) {
  const std::string& out = node_->output(0);
  pending_[out] = PendingTranspose{x, std::move(full_perm)};
  names_[out] = Operand{x, nullptr};  // only ImportAcrossPending reads it
}

// A node reading a value behind a batch-moving transpose (older Keras exports write
// Transpose -> BatchNormalization -> Transpose on a [1, features] tensor). Accepted: a Transpose
// (the permutations compose; when the batch axis is back in place the value is ordinary again)
// and a BatchNormalization whose channel axis is a per-sample axis of the untransposed value.
void Importer::ImportAcrossPending(const pb::NodeProto& n, const std::string& pending_input) {
  const PendingTranspose p = pending_.at(pending_input);
  const int64_t full = static_cast<int64_t>(p.perm.size());
  const bool default_domain = n.domain().empty() || n.domain() == "ai.onnx";
  const std::string why =
      "reads the output of a Transpose that moves the batch axis; loom "
      "accepts that only when a Transpose moves it back, with at most a "
      "BatchNormalization in between";
  for (int i = 1; i < n.input_size(); ++i) {
    if (pending_.count(n.input(i))) Unsupported(why);
  }
  if (default_domain && n.op_type() == "Transpose" && n.output_size() == 1) {
    std::vector<int64_t> q = AttrInts("perm");
    if (q.empty()) {
      for (int64_t i = full - 1; i >= 0; --i) q.push_back(i);
    }
    if (static_cast<int64_t>(q.size()) != full) Fail("perm has the wrong length");
    std::vector<int64_t> composed;
    std::vector<bool> seen(full, false);
    for (int64_t k : q) {
      if (k < 0 || k >= full || seen[k]) Fail("perm is not a permutation");
      seen[k] = true;
      composed.push_back(p.perm[k]);
    }
    if (composed[0] != 0) {
      DeferTranspose(p.source, composed);
      return;
    }
    std::vector<int64_t> per_sample;
    bool identity = true;
    Shape out;
    for (int64_t i = 1; i < full; ++i) {
      per_sample.push_back(composed[i] - 1);
      identity = identity && composed[i] == i;
      out.push_back(p.source->shape[composed[i] - 1]);
    }
    if (identity) {
      Bind(0, p.source);
      return;
    }
    Node* t = Emit(OpKind::kTranspose, {p.source}, {out});
    t->attrs.Set("perm", per_sample);
    Bind(0, t->outputs[0]);
    return;
  }
  if (default_domain && n.op_type() == "BatchNormalization" && n.input_size() >= 5) {
    // The transposed tensor's axes, as axes of the untransposed one (0 = batch).
    Shape full_source{batch_};
    full_source.insert(full_source.end(), p.source->shape.begin(), p.source->shape.end());
    ConstPtr gamma = ConstIn(1, "scale");
    int64_t axis = 1;  // ONNX: the channel axis of the transposed tensor
    if (full < 2 || full_source[p.perm[1]] != gamma->size()) {
      // With the batch fixed to 1, exporters meant the one axis with one value per parameter.
      axis = -1;
      for (int64_t i = 0; i < full && batch_ == 1; ++i) {
        if (p.perm[i] != 0 && full_source[p.perm[i]] == gamma->size()) {
          axis = axis == -1 ? i : -2;
        }
      }
      if (axis < 0)
        Unsupported(why + " (no single channel axis of " + std::to_string(gamma->size()) +
                    " values)");
    }
    const int64_t source_axis = p.perm[axis] - 1;  // per-sample axis of the untransposed value
    const int64_t rank = static_cast<int64_t>(p.source->shape.size());
    if (source_axis < 0) Unsupported(why + " (its channel axis is the batch axis)");
    if (source_axis != 0 && source_axis != rank - 1) {
      Unsupported(why + " (its channel axis is neither the first nor the last)");
    }
    Value* y = BatchNormOn(*this, p.source, source_axis != 0 && rank > 1);
    Bind(0, y);
    DeferTranspose(y, p.perm);
    return;
  }
  Unsupported(why);
}

// Evaluates a default-domain op on constant inputs with the constant evaluator.
void Importer::FoldConstantOp(const pb::NodeProto& n) {
  onnx_const::Attrs attrs{
      [this](const std::string& name) { return HasAttr(name); },
      [this](const std::string& name, int64_t def) { return AttrInt(name, def); },
      [this](const std::string& name, double def) { return AttrFloat(name, def); },
      [this](const std::string& name) { return AttrInts(name); },
  };
  std::vector<const Const*> inputs;
  for (int i = 0; i < n.input_size(); ++i) {
    inputs.push_back(n.input(i).empty() ? nullptr : Input(i).constant.get());
  }
  auto out = onnx_const::Evaluate(n.op_type(), opset_, attrs, inputs, kMaxFoldedElements);
  if (!out.ok()) Fail("folding constants: " + out.error().message());
  for (size_t i = 0; i < out.value().size() && static_cast<int>(i) < n.output_size(); ++i) {
    BindConst(static_cast<int>(i), std::move(out.value()[i]));
  }
}

void Importer::ImportNode(const pb::NodeProto& n) {
  node_ = &n;
  node_label_ = file_ + ": node '" + n.name() + "' (" + n.op_type() + ")";
  // Downstream of a node that failed: stay quiet (its problem is already reported).
  for (const std::string& in : n.input()) {
    if (poisoned_.count(in)) {
      for (const std::string& out : n.output()) poisoned_.insert(out);
      return;
    }
  }
  try {
    for (int i = 0; i < n.input_size(); ++i) {
      if (!n.input(i).empty() && !names_.count(n.input(i))) {
        Fail("input '" + n.input(i) + "' is not produced by any node, initializer or graph input");
      }
    }
    for (const std::string& in : n.input()) {
      if (pending_.count(in)) {
        ImportAcrossPending(n, in);
        return;
      }
    }
    const std::string key = HandlerKey(n);
    const bool default_domain = n.domain().empty() || n.domain() == "ai.onnx";
    if (default_domain && NativeOps().count(n.op_type())) {
      if (TryFoldNative(n)) return;
    }
    bool all_const = n.input_size() > 0;
    for (const std::string& in : n.input()) {
      if (!in.empty() && !names_.at(in).constant) all_const = false;
    }
    // Constant subgraphs fold whatever the op; only nodes that touch data need a handler.
    if (all_const && default_domain && onnx_const::Evaluates(n.op_type())) {
      FoldConstantOp(n);
      return;
    }
    auto it = Handlers().find(key);
    if (it == Handlers().end()) {
      std::string domain = n.domain().empty() ? "" : " in domain '" + n.domain() + "'";
      Unsupported("unsupported op" + domain);
    }
    if (all_const) {
      FoldThroughEngine(n, it->second);
    } else {
      it->second(*this);
    }
    for (int i = 0; i < n.output_size(); ++i) {
      if (!n.output(i).empty() && !names_.count(n.output(i))) {
        Unsupported("output " + std::to_string(i) + " ('" + n.output(i) + "')");
      }
    }
  } catch (const NodeFailure& f) {
    if (f.unsupported) ++unsupported_count_;
    std::string what = f.message.rfind("unsupported op", 0) == 0 ? f.message
                       : f.unsupported                           ? "unsupported: " + f.message
                                                                 : "error: " + f.message;
    problems_.push_back(node_label_ + ": " + what);
    for (const std::string& out : n.output()) poisoned_.insert(out);
  }
}

void Importer::ReadInputs(const pb::GraphProto& g, const std::set<std::string>& initializers) {
  bool first = true;
  for (const pb::ValueInfoProto& in : g.input()) {
    if (initializers.count(in.name())) continue;
    std::string label = file_ + ": input '" + in.name() + "'";
    if (auto f = options_.frozen_inputs.find(in.name()); f != options_.frozen_inputs.end()) {
      Const c{f->second.shape, std::vector<double>(f->second.data.begin(), f->second.data.end())};
      names_[in.name()] = Operand{nullptr, std::make_shared<const Const>(std::move(c))};
      continue;
    }
    if (!in.type().has_tensor_type()) {
      problems_.push_back(label + ": error: not a tensor");
      poisoned_.insert(in.name());
      continue;
    }
    const auto& tt = in.type().tensor_type();
    int32_t et = tt.elem_type();
    if (et != pb::TensorProto::FLOAT && et != pb::TensorProto::DOUBLE &&
        et != pb::TensorProto::FLOAT16) {
      problems_.push_back(label + ": unsupported: element type " + TypeName(et) +
                          " (loom reads floating-point inputs)");
      ++unsupported_count_;
      poisoned_.insert(in.name());
      continue;
    }
    std::vector<int64_t> dims;
    bool has_dims = tt.has_shape() && tt.shape().dim_size() > 0;
    if (auto o = options_.input_shapes.find(in.name()); o != options_.input_shapes.end()) {
      dims = o->second;
      has_dims = !dims.empty();
    } else if (has_dims) {
      for (const auto& d : tt.shape().dim()) {
        dims.push_back(d.has_dim_value() && d.dim_value() > 0 ? d.dim_value() : -1);
      }
    }
    if (!has_dims) {
      problems_.push_back(label +
                          ": error: has no shape (or is a scalar); loom needs a batch axis "
                          "followed by static dimensions");
      poisoned_.insert(in.name());
      continue;
    }
    Shape shape;
    bool ok = true;
    int64_t batch = 1;
    for (size_t i = 0; i < dims.size(); ++i) {
      bool known = dims[i] > 0;
      if (i == 0) {
        batch = known ? dims[i] : 1;
        continue;
      }
      if (!known) {
        // (`dims` may come from options.input_shapes, longer than the declared shape.)
        int k = static_cast<int>(i);
        bool named = k < tt.shape().dim_size() && tt.shape().dim(k).has_dim_param();
        std::string name = named ? "'" + tt.shape().dim(k).dim_param() + "'" : "unknown";
        problems_.push_back(label + ": error: dimension " + std::to_string(i) + " is dynamic (" +
                            name + "); loom needs static shapes: export with fixed sizes");
        ok = false;
        break;
      }
      shape.push_back(dims[i]);
    }
    if (ok && !SizeOk(shape)) {
      problems_.push_back(label + ": error: shape is too large");
      ok = false;
    }
    if (!ok) {
      poisoned_.insert(in.name());
      continue;
    }
    if (first) {
      batch_ = batch;
      first = false;
    } else if (batch != batch_) {
      problems_.push_back(label + ": unsupported: batch size " + std::to_string(batch) +
                          " differs from the first input's " + std::to_string(batch_) +
                          " (axis 0 of every input is the batch axis)");
      ++unsupported_count_;
      poisoned_.insert(in.name());
      continue;
    }
    names_[in.name()] = Operand{graph_.AddInput(in.name(), shape), nullptr};
  }
}

ErrorOr<ir::Graph> Importer::Import(const pb::ModelProto& model) {
  graph_.source_file = file_;
  bool found = false;
  for (const auto& o : model.opset_import()) {
    if (o.domain().empty() || o.domain() == "ai.onnx") {
      opset_ = o.version();
      found = true;
    }
  }
  if (!found) opset_ = model.opset_import_size() == 0 ? 1 : kMinOpset;
  if (opset_ < kMinOpset || opset_ > kMaxOpset) {
    return Error(file_ + ": error: ONNX opset " + std::to_string(opset_) +
                 " is not supported (loom reads opsets " + std::to_string(kMinOpset) + " to " +
                 std::to_string(kMaxOpset) + "); convert the model with onnx.version_converter");
  }
  if (!model.has_graph()) return Error(file_ + ": error: the model has no graph");
  const pb::GraphProto& g = model.graph();
  std::set<std::string> initializer_names;
  for (const pb::TensorProto& t : g.initializer()) {
    auto c = DecodeTensor(t);
    if (!c.ok()) {
      problems_.push_back(file_ + ": initializer '" + t.name() +
                          "': error: " + c.error().message());
      poisoned_.insert(t.name());
      continue;
    }
    initializer_names.insert(t.name());
    names_[t.name()] = Operand{nullptr, std::make_shared<const Const>(std::move(c).value())};
  }
  ReadInputs(g, initializer_names);
  for (const pb::NodeProto& n : g.node()) ImportNode(n);
  node_ = nullptr;
  for (const pb::ValueInfoProto& out : g.output()) {
    if (poisoned_.count(out.name())) continue;
    if (pending_.count(out.name())) {
      problems_.push_back(file_ + ": output '" + out.name() +
                          "': unsupported: the output is transposed across the batch axis");
      ++unsupported_count_;
      continue;
    }
    auto it = names_.find(out.name());
    if (it == names_.end()) {
      problems_.push_back(file_ + ": output '" + out.name() + "': error: not produced by any node");
      continue;
    }
    Value* v = it->second.value;
    if (!v) {
      problems_.push_back(file_ + ": output '" + out.name() +
                          "': unsupported: the output is a constant (it does not depend on the "
                          "inputs)");
      ++unsupported_count_;
      continue;
    }
    graph_.MarkOutput(v);
  }
  if (!problems_.empty()) {
    std::ostringstream os;
    for (const std::string& p : problems_) os << p << "\n";
    os << file_ << ": " << problems_.size() << " problem" << (problems_.size() == 1 ? "" : "s")
       << " (" << unsupported_count_ << " unsupported)";
    return Error(os.str());
  }
  graph_.RemoveDeadNodes();
  std::vector<std::string> verify = ir::Verify(graph_);
  if (!verify.empty()) {
    std::string msg = file_ + ": internal error: the imported graph is invalid:";
    for (const std::string& v : verify) msg += "\n  " + v;
    return Error(msg);
  }
  return std::move(graph_);
}

}  // namespace

ErrorOr<ir::Graph> ImportOnnxBytes(const std::string& bytes, const std::string& display_name,
                                   const OnnxImportOptions& options) {
  pb::ModelProto model;
  if (bytes.empty()) return Error(display_name + ": error: the file is empty");
  if (!model.ParseFromString(bytes)) {
    return Error(display_name +
                 ": error: not a valid ONNX model (the protobuf does not parse: truncated, "
                 "corrupt, or not ONNX)");
  }
  if (!model.has_graph() && model.opset_import_size() == 0) {
    return Error(display_name + ": error: not an ONNX model (no graph and no opset)");
  }
  Importer importer(display_name, options);
  return importer.Import(model);
}

ErrorOr<ir::Graph> ImportOnnxFile(const std::string& path, const OnnxImportOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(path + ": error: cannot open the file");
  std::stringstream ss;
  ss << in.rdbuf();
  return ImportOnnxBytes(ss.str(), path, options);
}

ErrorOr<ir::Tensor> ReadOnnxTensorFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(path + ": error: cannot open the file");
  std::stringstream ss;
  ss << in.rdbuf();
  pb::TensorProto t;
  if (!t.ParseFromString(ss.str())) return Error(path + ": error: not a TensorProto");
  auto c = DecodeTensor(t);
  if (!c.ok()) return Error(path + ": error: " + c.error().message());
  return ToTensor(c.value(), c.value().shape);
}

std::vector<std::string> SupportedOnnxOps() {
  std::vector<std::string> ops;
  for (const auto& [key, h] : Handlers()) ops.push_back(key);
  for (const std::string& op : NativeOps()) ops.push_back(op);
  std::sort(ops.begin(), ops.end());
  return ops;
}

}  // namespace loom::frontends
