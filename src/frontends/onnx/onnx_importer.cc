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

#include "frontends/onnx/importer.h"
#include "loom/ref/float_engine.h"

namespace loom::frontends::onnx_import {

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

bool Importer::IsBoolean(const Operand& o) const {
  if (o.value) return booleans_.count(o.value) > 0;
  if (!o.constant) return false;
  for (double v : o.constant->data) {
    if (v != 0.0 && v != 1.0) return false;
  }
  return true;
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

Node* Importer::AddNode(OpKind op, std::vector<Value*> inputs, int num_outputs,
                        const std::string& suffix) {
  std::string name =
      node_->name().empty() ? node_->op_type() + "_" + std::to_string(counter_) : node_->name();
  ++counter_;
  if (!suffix.empty()) name += "/" + suffix;
  Node* n = target_->AddNode(op, name, std::move(inputs), num_outputs);
  if (auto s = options_.source_layers.find(node_->name()); s != options_.source_layers.end()) {
    n->locations.push_back({file_, s->second.name, s->second.type});
  } else {
    n->locations.push_back({file_, node_->name(), node_->op_type()});
  }
  return n;
}

void Importer::SetShapes(Node* n, const std::vector<Shape>& shapes) {
  LOOM_CHECK(shapes.size() == n->outputs.size());
  for (size_t i = 0; i < shapes.size(); ++i) {
    const Shape& s = shapes[i];
    if (!SizeOk(s)) Fail("output shape " + ShapeText(s) + " is too large");
    if (folding_ && ir::NumElements(s) > kMaxFoldedElements) {
      Fail("folding constants: the result " + ShapeText(s) + " is too large");
    }
    for (int64_t d : s) {
      if (d <= 0) Fail("output shape " + ShapeText(s) + " has an empty or negative dimension");
    }
    n->outputs[i]->shape = s;
  }
}

Node* Importer::Emit(OpKind op, std::vector<Value*> inputs, const NodeInit& init,
                     const std::string& suffix) {
  Node* n = AddNode(op, std::move(inputs), 1, suffix);
  if (init) init(*n);
  ErrorOr<std::vector<Shape>> shapes = ir::InferShapes(*n);
  if (!shapes.ok()) Fail(shapes.error().message());
  SetShapes(n, shapes.value());
  return n;
}

Node* Importer::EmitShaped(OpKind op, std::vector<Value*> inputs, std::vector<Shape> output_shapes,
                           const std::string& suffix) {
  Node* n = AddNode(op, std::move(inputs), static_cast<int>(output_shapes.size()), suffix);
  SetShapes(n, output_shapes);
  return n;
}

Value* Importer::ConstantNode(const Const& c, Shape per_sample, const std::string& suffix) {
  if (ir::NumElements(per_sample) != c.size()) {
    Fail("constant of shape " + ShapeText(c.shape) + " does not fit shape " +
         ShapeText(per_sample));
  }
  Node* n = Emit(
      OpKind::kConstant, {}, [&](Node& k) { k.params["value"] = ToTensor(c, per_sample); }, suffix);
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
    // A comparison's 0/1 result is the same in every numeric type and as a boolean.
    if (to != pb::TensorProto::FLOAT && to != pb::TensorProto::DOUBLE && !IsBoolean(Input(0))) {
      Unsupported("'Cast' of a value computed at run time to " +
                  TypeName(static_cast<int32_t>(to)) +
                  " (only casts to float, and casts of comparison results, are accepted)");
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

void Importer::DeferMerge(Value* x, int64_t merged_axes) {
  const std::string& out = node_->output(0);
  merged_[out] = PendingMerge{x, merged_axes};
  names_[out] = Operand{x, nullptr};  // handlers below read the per-sample value
}

// A node reading a value whose leading axes a Reshape merged into the batch. Accepted: a Reshape
// back to [N, ...] (or to another merge), MatMul by a constant matrix, elementwise ops whose other
// operands are constants broadcast over the unmerged axes only, and one-input pointwise ops: each
// computes the same on the per-sample value, whose result stays merged.
void Importer::ImportAcrossMerge(const pb::NodeProto& n, const std::string& merged_input) {
  const PendingMerge p = merged_.at(merged_input);
  const int64_t kept = static_cast<int64_t>(p.source->shape.size()) - p.axes;
  const std::string why =
      "reads the output of a Reshape that merges axes into the batch axis; loom accepts that only "
      "for MatMul by a constant, elementwise ops and activations until a Reshape restores the "
      "batch";
  const bool default_domain = n.domain().empty() || n.domain() == "ai.onnx";
  for (int i = 0; i < n.input_size(); ++i) {
    if (n.input(i) != merged_input && merged_.count(n.input(i))) Unsupported(why);
  }
  if (default_domain && n.op_type() == "Reshape" && n.input_size() >= 2) {
    Shape full{batch_};
    for (int64_t i = 0; i < p.axes; ++i) full[0] *= p.source->shape[i];
    full.insert(full.end(), p.source->shape.begin() + p.axes, p.source->shape.end());
    ConstPtr t = ConstIn(1, "shape");
    Shape out = ResolveReshape(full, Dims(*t), AttrInt("allowzero", 0) != 0);
    Shape src_full{batch_};
    src_full.insert(src_full.end(), p.source->shape.begin(), p.source->shape.end());
    int64_t merged = batch_;
    for (size_t k = 1; k + 1 < src_full.size() && out.size() >= 2 && out[0] != batch_; ++k) {
      merged *= src_full[k];
      if (out[0] == merged &&
          Shape(out.begin() + 1, out.end()) == Shape(src_full.begin() + k + 1, src_full.end())) {
        DeferMerge(p.source, static_cast<int64_t>(k));
        return;
      }
    }
    if (out.empty() || out[0] != batch_) Unsupported(why);
    Bind(0, ReshapeTo(*this, p.source, Shape(out.begin() + 1, out.end())));
    return;
  }
  static const std::set<std::string> kPointwise = {"Relu",
                                                   "LeakyRelu",
                                                   "Sigmoid",
                                                   "Tanh",
                                                   "Elu",
                                                   "Selu",
                                                   "HardSigmoid",
                                                   "HardSwish",
                                                   "Softplus",
                                                   "Softsign",
                                                   "Erf",
                                                   "Exp",
                                                   "Abs",
                                                   "Neg",
                                                   "Sign",
                                                   "Gelu",
                                                   "Clip",
                                                   "Identity",
                                                   "Cast",
                                                   "Add",
                                                   "Sub",
                                                   "Mul",
                                                   "Div",
                                                   "Max",
                                                   "Min",
                                                   "Sum",
                                                   "MatMul",
                                                   "Dropout",
                                                   "ThresholdedRelu"};
  const bool qonnx =
      IsQonnxDomain(n.domain()) && (n.op_type() == "Quant" || n.op_type() == "BipolarQuant");
  if (!(default_domain && kPointwise.count(n.op_type())) && !qonnx) Unsupported(why);
  for (int i = 0; i < n.input_size(); ++i) {
    if (n.input(i).empty() || n.input(i) == merged_input) continue;
    const Operand& o = Input(i);
    if (!o.constant) Unsupported(why);
    const int64_t rank = static_cast<int64_t>(o.constant->shape.size());
    if (n.op_type() == "MatMul" ? (i != 1 || rank != 2) : rank > kept) Unsupported(why);
  }
  if (n.op_type() == "MatMul" && n.input(0) != merged_input) Unsupported(why);
  auto it = Handlers().find(HandlerKey(n));
  if (default_domain && NativeOps().count(n.op_type())) {
    if (!TryFoldNative(n)) Unsupported(why);
  } else if (it != Handlers().end()) {
    it->second(*this);
  } else {
    Unsupported(why);
  }
  for (const std::string& out : n.output()) {
    auto b = names_.find(out);
    if (!out.empty() && b != names_.end() && b->second.value != nullptr) {
      merged_[out] = PendingMerge{b->second.value, p.axes};
    }
  }
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
    for (int64_t i = 1; i < full; ++i) {
      per_sample.push_back(composed[i] - 1);
      identity = identity && composed[i] == i;
    }
    if (identity) {
      Bind(0, p.source);
      return;
    }
    Node* t =
        Emit(OpKind::kTranspose, {p.source}, [&](Node& k) { k.attrs.Set("perm", per_sample); });
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
  if (auto s = options_.source_layers.find(n.name()); s != options_.source_layers.end()) {
    node_label_ = file_ + ": layer '" + s->second.name + "' (" + s->second.type + ")";
  } else {
    node_label_ = file_ + ": node '" + n.name() + "' (" + n.op_type() + ")";
  }
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
    for (const std::string& in : n.input()) {
      if (merged_.count(in)) {
        ImportAcrossMerge(n, in);
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
    if (merged_.count(out.name())) {
      problems_.push_back(file_ + ": output '" + out.name() +
                          "': unsupported: the output's leading axes are merged into the batch "
                          "axis (a Reshape to [N, ...] restores them)");
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
}  // namespace loom::frontends::onnx_import

namespace loom::frontends {

namespace pb = ::onnx;
using onnx_import::DecodeTensor;
using onnx_import::Handlers;
using onnx_import::Importer;
using onnx_import::NativeOps;
using onnx_import::ToTensor;

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

namespace onnx_import {
ErrorOr<ir::Graph> ImportOnnxModel(const pb::ModelProto& model, const std::string& display_name,
                                   const OnnxImportOptions& options) {
  Importer importer(display_name, options);
  return importer.Import(model);
}
}  // namespace onnx_import

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
