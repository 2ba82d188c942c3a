// The Keras reader's translation: each layer of a parsed Keras model becomes the ONNX nodes
// computing it (channels-last convolutional layers between transposes, which the channels-last
// pass removes again; QKeras activation quantizers as QONNX Quant nodes, weight quantizers folded
// as QKeras computes them), and the ONNX importer imports the result. One importer then owns
// every op's handler, shape rule and constant folding, so a Keras Dense and an ONNX Gemm cannot
// drift apart; the ONNX nodes are named after the Keras layers and carry them as locations, so
// messages and configurations use Keras's layer names.
#include <onnx/onnx_pb.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>

#include "frontends/keras/keras_reader.h"
#include "frontends/keras/qkeras_quantizers.h"
#include "frontends/onnx/importer.h"
#include "loom/frontends/keras.h"
#include "loom/frontends/onnx.h"

namespace loom::frontends {
namespace keras_import {
namespace {

namespace pb = ::onnx;

constexpr const char* kQonnxDomain = "qonnx.custom_op.general";

struct LayerFailure {
  std::string message;
  bool unsupported = false;
};
[[noreturn]] void Fail(const std::string& m) { throw LayerFailure{m, false}; }
[[noreturn]] void Unsupported(const std::string& m) { throw LayerFailure{m, true}; }

// --- JSON access that reports problems instead of throwing nlohmann's type errors. ---
const json* Get(const json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it == j.end() || it->is_null() ? nullptr : &*it;
}

double Num(const json& cfg, const char* key, double def) {
  const json* v = Get(cfg, key);
  if (!v) return def;
  if (v->is_boolean()) return v->get<bool>() ? 1 : 0;
  if (!v->is_number()) Fail(std::string("'") + key + "' is not a number");
  return v->get<double>();
}

int64_t Int(const json& cfg, const char* key, int64_t def) {
  double d = Num(cfg, key, static_cast<double>(def));
  if (d != std::floor(d) || std::fabs(d) > 1e9)
    Fail(std::string("'") + key + "' is not an integer");
  return static_cast<int64_t>(d);
}

bool Bool(const json& cfg, const char* key, bool def) { return Num(cfg, key, def ? 1 : 0) != 0; }

std::string Str(const json& cfg, const char* key, const std::string& def) {
  const json* v = Get(cfg, key);
  if (!v) return def;
  if (!v->is_string()) Fail(std::string("'") + key + "' is not a string");
  return v->get<std::string>();
}

// A layer's single "axis" (an int, or a list of one int as Keras 3 writes it); -1 when absent.
int64_t Axis(const json& cfg) {
  const json* a = Get(cfg, "axis");
  if (!a) return -1;
  if (a->is_array() && a->size() == 1 && (*a)[0].is_number_integer()) {
    return (*a)[0].get<int64_t>();
  }
  if (a->is_number_integer()) return a->get<int64_t>();
  Unsupported("axis " + a->dump() + " (loom reads a single axis)");
}

// An int or a list of ints, as Keras writes kernel sizes, strides and pool sizes; `n` values.
std::vector<int64_t> Ints(const json& cfg, const char* key, size_t n, std::vector<int64_t> def) {
  const json* v = Get(cfg, key);
  if (!v) return def;
  std::vector<int64_t> out;
  if (v->is_number_integer()) {
    out.assign(n, v->get<int64_t>());
  } else if (v->is_array()) {
    for (const json& e : *v) {
      if (!e.is_number_integer()) Fail(std::string("'") + key + "' holds a non-integer");
      out.push_back(e.get<int64_t>());
    }
  } else {
    Fail(std::string("'") + key + "' is not an integer or a list of integers");
  }
  if (out.size() != n) {
    Fail(std::string("'") + key + "' has " + std::to_string(out.size()) + " values, expected " +
         std::to_string(n));
  }
  for (int64_t x : out) {
    if (x < 0 || x > 1 << 20) Fail(std::string("'") + key + "' holds " + std::to_string(x));
  }
  return out;
}

// A layer reference in inbound nodes / input and output lists: layer name, node, tensor index.
struct Ref {
  std::string layer;
  int64_t node = 0;
  int64_t tensor = 0;
  std::string Key() const {
    return layer + "#" + std::to_string(node) + "#" + std::to_string(tensor);
  }
};

bool IsRefArray(const json& j) {
  return j.is_array() && j.size() >= 3 && j[0].is_string() && j[1].is_number_integer() &&
         j[2].is_number_integer();
}

Ref ToRef(const json& j) {
  return Ref{j[0].get<std::string>(), j[1].get<int64_t>(), j[2].get<int64_t>()};
}

// Every tensor reference of one call in inbound_nodes (Keras 2: [[layer, node, tensor, kwargs],
// ...]; Keras 3: {"args": [...], "kwargs": {...}} with __keras_tensor__ objects).
void CollectRefs(const json& j, std::vector<Ref>* out) {
  if (j.is_object()) {
    if (Str(j, "class_name", "") == "__keras_tensor__") {
      const json* cfg = Get(j, "config");
      const json* h = cfg ? Get(*cfg, "keras_history") : nullptr;
      if (!h || !IsRefArray(*h)) Fail("a __keras_tensor__ without keras_history");
      out->push_back(ToRef(*h));
      return;
    }
    if (const json* a = Get(j, "args")) CollectRefs(*a, out);
    return;
  }
  if (IsRefArray(j)) {
    out->push_back(ToRef(j));
    return;
  }
  if (j.is_array()) {
    for (const json& e : j) CollectRefs(e, out);
  }
}

// input_layers / output_layers: one reference or a list of them.
std::vector<Ref> RefList(const json* j) {
  std::vector<Ref> out;
  if (!j) return out;
  if (IsRefArray(*j)) return {ToRef(*j)};
  if (!j->is_array()) Fail("input_layers/output_layers is not a list");
  for (const json& e : *j) {
    if (!IsRefArray(e)) Fail("input_layers/output_layers holds a malformed entry");
    out.push_back(ToRef(e));
  }
  return out;
}

// --- The translation. ---
struct Tensor {
  std::string name;  // ONNX value name
  int64_t rank = 0;  // full rank, batch axis included
};

// One layer call being translated: what nodes name as their source.
struct Context {
  std::string name;
  std::string cls;
  std::vector<std::string> scope;
  int keras_major = 2;
};

class Translator {
 public:
  Translator(std::string file, int keras_major, const Weights* weights)
      : file_(std::move(file)), keras_major_(keras_major), weights_(weights) {
    model_.set_ir_version(7);
    auto* op = model_.add_opset_import();
    op->set_domain("");
    op->set_version(14);  // 14: the recurrent ops' layout attribute
    auto* q = model_.add_opset_import();
    q->set_domain(kQonnxDomain);
    q->set_version(1);
    graph_ = model_.mutable_graph();
    graph_->set_name("keras");
  }

  void TranslateTop(const json& model) {
    std::string cls = Str(model, "class_name", "");
    const json* cfg = Get(model, "config");
    if (!cfg) {
      problems_.push_back(file_ + ": error: the model has no 'config'");
      return;
    }
    std::vector<Tensor> outs = TranslateModel(cls, *cfg, {}, nullptr);
    for (const Tensor& t : outs) {
      auto* o = graph_->add_output();
      o->set_name(t.name);
      o->mutable_type()->mutable_tensor_type()->set_elem_type(pb::TensorProto::FLOAT);
    }
    if (outs.empty() && problems_.empty()) {
      problems_.push_back(file_ + ": error: the model has no outputs");
    }
  }

  pb::ModelProto& model() { return model_; }
  const std::vector<std::string>& problems() const { return problems_; }
  int64_t unsupported() const { return unsupported_; }
  const std::map<std::string, OnnxImportOptions::SourceLayer>& sources() const { return sources_; }

 private:
  // A Sequential or Functional model (top level or nested); `bound` are the tensors feeding a
  // nested model's inputs (nullptr at the top level, where inputs become graph inputs).
  std::vector<Tensor> TranslateModel(const std::string& cls, const json& cfg,
                                     const std::vector<std::string>& scope,
                                     const std::vector<Tensor>* bound) {
    if (scope.size() > 8) {
      problems_.push_back(file_ + ": error: models nested more than 8 deep");
      return {};
    }
    const json* layers = cfg.is_array() ? &cfg : Get(cfg, "layers");
    if (!layers || !layers->is_array()) {
      problems_.push_back(file_ + ": error: model config without a 'layers' list");
      return {};
    }
    if (cls == "Sequential" || cfg.is_array()) return TranslateSequential(*layers, scope, bound);
    if (cls == "Functional" || cls == "Model") {
      return TranslateFunctional(cfg, *layers, scope, bound);
    }
    problems_.push_back(file_ + ": error: the model's class '" + cls +
                        "' is not Sequential, Functional or Model");
    return {};
  }

  std::vector<Tensor> TranslateSequential(const json& layers, const std::vector<std::string>& scope,
                                          const std::vector<Tensor>* bound) {
    std::optional<Tensor> x;
    if (bound) {
      if (bound->size() != 1) {
        problems_.push_back(file_ + ": error: a nested Sequential model called with " +
                            std::to_string(bound->size()) + " inputs");
        return {};
      }
      x = (*bound)[0];
    }
    bool broken = false;
    for (size_t i = 0; i < layers.size(); ++i) {
      const json& l = layers[i];
      std::string cls = Str(l, "class_name", "");
      const json empty = json::object();
      const json* cfg = Get(l, "config");
      if (!cfg) cfg = &empty;
      std::string name = cfg->is_object() ? Str(*cfg, "name", cls + "_" + std::to_string(i)) : cls;
      if (!x) {
        // The first layer: an InputLayer, or a layer carrying the input shape.
        const json* shape = Get(*cfg, "batch_input_shape");
        if (!shape) shape = Get(*cfg, "batch_shape");
        std::string in_name = cls == "InputLayer" ? name : name + "_input";
        x = AddInput(in_name, shape, Context{in_name, "InputLayer", scope, keras_major_});
        if (!x) return {};
        if (cls == "InputLayer") continue;
      } else if (cls == "InputLayer") {
        continue;
      }
      if (broken) {
        // Later layers are still checked for support, without inputs.
        ReportIfUnsupported(cls, name);
        continue;
      }
      std::optional<std::vector<Tensor>> out = CallLayer(cls, name, *cfg, {*x}, scope);
      if (!out || out->size() != 1) {
        broken = true;
        continue;
      }
      x = (*out)[0];
    }
    if (broken || !x) return {};
    return {*x};
  }

  std::vector<Tensor> TranslateFunctional(const json& cfg, const json& layers,
                                          const std::vector<std::string>& scope,
                                          const std::vector<Tensor>* bound) {
    std::map<std::string, Tensor> produced;
    std::vector<Ref> inputs = RefList(Get(cfg, "input_layers"));
    std::vector<Ref> outputs = RefList(Get(cfg, "output_layers"));
    if (bound) {
      if (bound->size() != inputs.size()) {
        problems_.push_back(file_ + ": error: a nested model with " +
                            std::to_string(inputs.size()) + " inputs called with " +
                            std::to_string(bound->size()));
        return {};
      }
      for (size_t i = 0; i < inputs.size(); ++i) produced[inputs[i].Key()] = (*bound)[i];
    }
    // Layer calls in dependency order: a call runs once all its inputs exist.
    struct Call {
      std::string cls, name;
      const json* cfg;
      int64_t node;
      std::vector<Ref> refs;
    };
    std::vector<Call> pending;
    std::set<std::string> models;  // nested model layers
    static const json kEmpty = json::object();
    for (const json& l : layers) {
      std::string cls = Str(l, "class_name", "");
      const json* c = Get(l, "config");
      if (!c) c = &kEmpty;
      std::string name = Str(l, "name", c->is_object() ? Str(*c, "name", cls) : cls);
      if (cls == "Sequential" || cls == "Functional" || cls == "Model") models.insert(name);
      if (cls == "InputLayer") {
        Ref r{name, 0, 0};
        if (!produced.count(r.Key())) {
          const json* shape = Get(*c, "batch_input_shape");
          if (!shape) shape = Get(*c, "batch_shape");
          if (bound) continue;  // an unbound input of a nested model: its call fails below
          std::optional<Tensor> t = AddInput(name, shape, Context{name, cls, scope, keras_major_});
          if (t) produced[r.Key()] = *t;
        }
        continue;
      }
      const json* inbound = Get(l, "inbound_nodes");
      if (!inbound || !inbound->is_array() || inbound->empty()) {
        ReportIfUnsupported(cls, name);
        continue;
      }
      for (size_t k = 0; k < inbound->size(); ++k) {
        Call call{cls, name, c, static_cast<int64_t>(k), {}};
        try {
          CollectRefs((*inbound)[k], &call.refs);
        } catch (const LayerFailure& f) {
          problems_.push_back(Label(name, cls) + ": error: inbound_nodes: " + f.message);
          continue;
        }
        pending.push_back(std::move(call));
      }
    }
    std::set<std::string> failed;  // layers whose outputs are missing because they failed
    bool progress = true;
    while (!pending.empty() && progress) {
      progress = false;
      for (size_t i = 0; i < pending.size();) {
        Call& c = pending[i];
        bool ready = true, blocked = false;
        std::vector<Tensor> ins;
        for (const Ref& r : c.refs) {
          auto it = Find(produced, models, r);
          if (it != produced.end()) {
            ins.push_back(it->second);
          } else {
            ready = false;
            if (failed.count(r.layer)) blocked = true;
          }
        }
        if (!ready && !blocked) {
          ++i;
          continue;
        }
        progress = true;
        if (blocked) {
          ReportIfUnsupported(c.cls, c.name);
          failed.insert(c.name);
        } else if (std::optional<std::vector<Tensor>> out =
                       CallLayer(c.cls, c.name, *c.cfg, ins, scope)) {
          for (size_t t = 0; t < out->size(); ++t) {
            produced[Ref{c.name, c.node, static_cast<int64_t>(t)}.Key()] = (*out)[t];
          }
        } else {
          failed.insert(c.name);
        }
        pending.erase(pending.begin() + static_cast<std::ptrdiff_t>(i));
      }
    }
    for (const Call& c : pending) {
      std::string missing;
      for (const Ref& r : c.refs) {
        if (Find(produced, models, r) == produced.end())
          missing += (missing.empty() ? "'" : ", '") + r.layer + "'";
      }
      problems_.push_back(Label(c.name, c.cls) + ": error: its input(s) " + missing +
                          " are not produced by any layer of the model");
      failed.insert(c.name);
    }
    std::vector<Tensor> outs;
    for (const Ref& r : outputs) {
      auto it = Find(produced, models, r);
      if (it == produced.end()) {
        if (!failed.count(r.layer) && problems_.empty()) {
          problems_.push_back(file_ + ": error: output '" + r.layer + "' is not produced by any " +
                              "layer of the model");
        }
        return {};
      }
      outs.push_back(it->second);
    }
    return outs;
  }

  // A produced tensor by reference. Keras 2 builds a nested model with a node of its own before
  // its calls, so it numbers the model's first call 1 (loom numbers calls from 0): for a nested
  // model, a Keras 2 reference is looked up one lower first, a Keras 3 one as it is first.
  std::map<std::string, Tensor>::const_iterator Find(const std::map<std::string, Tensor>& produced,
                                                     const std::set<std::string>& models,
                                                     const Ref& r) const {
    if (!models.count(r.layer)) return produced.find(r.Key());
    Ref lower{r.layer, r.node - 1, r.tensor};
    const Ref& first = keras_major_ >= 3 ? r : lower;
    const Ref& second = keras_major_ >= 3 ? lower : r;
    auto it = produced.find(first.Key());
    return it != produced.end() ? it : produced.find(second.Key());
  }

  std::string Label(const std::string& name, const std::string& cls) const {
    return file_ + ": layer '" + name + "' (" + cls + ")";
  }

  std::optional<Tensor> AddInput(const std::string& name, const json* shape, const Context& ctx) {
    std::string label = Label(name, "InputLayer");
    if (!shape || !shape->is_array() || shape->empty()) {
      problems_.push_back(label + ": error: no input shape (batch_input_shape / batch_shape); " +
                          "save the model with its input shape");
      return std::nullopt;
    }
    auto* in = graph_->add_input();
    std::string onnx_name = Unique(name);
    in->set_name(onnx_name);
    auto* tt = in->mutable_type()->mutable_tensor_type();
    tt->set_elem_type(pb::TensorProto::FLOAT);
    auto* dims = tt->mutable_shape();
    dims->add_dim()->set_dim_param("batch");
    for (size_t i = 1; i < shape->size(); ++i) {
      const json& d = (*shape)[i];
      if (!d.is_number_integer() || d.get<int64_t>() <= 0) {
        problems_.push_back(label + ": error: dimension " + std::to_string(i) +
                            " is not a fixed size (" + d.dump() +
                            "); loom needs static shapes: build the model with fixed input sizes");
        graph_->mutable_input()->RemoveLast();
        return std::nullopt;
      }
      dims->add_dim()->set_dim_value(d.get<int64_t>());
    }
    sources_[onnx_name] = {ctx.name, ctx.cls};
    return Tensor{onnx_name, static_cast<int64_t>(shape->size())};
  }

  // Reports a layer the reader cannot translate (checked without translating it, for layers
  // after a failure).
  void ReportIfUnsupported(const std::string& cls, const std::string& name) {
    if (!IsSupported(cls)) {
      problems_.push_back(Label(name, cls) + ": unsupported layer" + UnsupportedHint(cls));
      ++unsupported_;
    }
  }

  static std::string UnsupportedHint(const std::string& cls) {
    if (cls == "QLSTM" || cls == "QGRU" || cls == "QSimpleRNN") {
      return " (quantized recurrent layers are not supported yet; LSTM, GRU and SimpleRNN are)";
    }
    return " (see docs/support-matrix.md for the Keras layers loom reads)";
  }

  std::optional<std::vector<Tensor>> CallLayer(const std::string& cls, const std::string& name,
                                               const json& cfg, const std::vector<Tensor>& ins,
                                               const std::vector<std::string>& scope) {
    if (cls == "Sequential" || cls == "Functional" || cls == "Model") {
      std::vector<std::string> inner = scope;
      inner.push_back(name);
      size_t before = problems_.size();
      std::vector<Tensor> outs = TranslateModel(cls, cfg, inner, &ins);
      if (problems_.size() != before || outs.empty()) return std::nullopt;
      return outs;
    }
    if (!IsSupported(cls)) {
      ReportIfUnsupported(cls, name);
      return std::nullopt;
    }
    ctx_ = Context{name, cls, scope, keras_major_};
    try {
      if (!cfg.is_object()) Fail("its config is not an object");
      return Translate(cls, cfg, ins);
    } catch (const LayerFailure& f) {
      if (f.unsupported) ++unsupported_;
      problems_.push_back(Label(name, cls) + (f.unsupported ? ": unsupported: " : ": error: ") +
                          f.message);
    } catch (const json::exception& e) {
      problems_.push_back(Label(name, cls) + ": error: malformed config (" + e.what() + ")");
    }
    return std::nullopt;
  }

 public:
  static const std::vector<std::string>& Classes() {
    static const std::vector<std::string> kClasses = {"InputLayer",
                                                      "Dense",
                                                      "Conv1D",
                                                      "Conv2D",
                                                      "DepthwiseConv1D",
                                                      "DepthwiseConv2D",
                                                      "SeparableConv1D",
                                                      "SeparableConv2D",
                                                      "BatchNormalization",
                                                      "Activation",
                                                      "ReLU",
                                                      "LeakyReLU",
                                                      "PReLU",
                                                      "ELU",
                                                      "ThresholdedReLU",
                                                      "Softmax",
                                                      "MaxPooling1D",
                                                      "MaxPooling2D",
                                                      "AveragePooling1D",
                                                      "AveragePooling2D",
                                                      "GlobalMaxPooling1D",
                                                      "GlobalMaxPooling2D",
                                                      "GlobalAveragePooling1D",
                                                      "GlobalAveragePooling2D",
                                                      "Flatten",
                                                      "Reshape",
                                                      "Permute",
                                                      "Dropout",
                                                      "SpatialDropout1D",
                                                      "SpatialDropout2D",
                                                      "GaussianNoise",
                                                      "GaussianDropout",
                                                      "AlphaDropout",
                                                      "ActivityRegularization",
                                                      "Add",
                                                      "Subtract",
                                                      "Multiply",
                                                      "Average",
                                                      "Maximum",
                                                      "Minimum",
                                                      "Concatenate",
                                                      "ZeroPadding1D",
                                                      "ZeroPadding2D",
                                                      "Cropping1D",
                                                      "Cropping2D",
                                                      "UpSampling1D",
                                                      "UpSampling2D",
                                                      "QDense",
                                                      "QConv1D",
                                                      "QConv2D",
                                                      "QDepthwiseConv2D",
                                                      "QSeparableConv1D",
                                                      "QSeparableConv2D",
                                                      "QActivation",
                                                      "QBatchNormalization",
                                                      "LSTM",
                                                      "GRU",
                                                      "SimpleRNN",
                                                      "GarNet",
                                                      "Sequential",
                                                      "Functional",
                                                      "Model"};
    return kClasses;
  }

 private:
  static bool IsSupported(const std::string& cls) {
    const auto& c = Classes();
    return std::find(c.begin(), c.end(), cls) != c.end();
  }

  // --- ONNX emission. ---
  std::string Unique(const std::string& base) {
    std::string n = base;
    for (int k = 1; used_.count(n); ++k) n = base + "_" + std::to_string(k);
    used_.insert(n);
    return n;
  }

  // Adds a node named after `base`, whose single output has the node's name.
  pb::NodeProto* Node(const std::string& op, const std::vector<std::string>& inputs,
                      const std::string& base, const char* domain = "") {
    auto* n = graph_->add_node();
    std::string name = Unique(base);
    n->set_name(name);
    n->set_op_type(op);
    n->set_domain(domain);
    for (const std::string& i : inputs) n->add_input(i);
    n->add_output(name);
    sources_[name] = {ctx_.name, ctx_.cls};
    return n;
  }

  static void AttrInt(pb::NodeProto* n, const char* name, int64_t v) {
    auto* a = n->add_attribute();
    a->set_name(name);
    a->set_type(pb::AttributeProto::INT);
    a->set_i(v);
  }
  static void AttrInts(pb::NodeProto* n, const char* name, const std::vector<int64_t>& v) {
    auto* a = n->add_attribute();
    a->set_name(name);
    a->set_type(pb::AttributeProto::INTS);
    for (int64_t x : v) a->add_ints(x);
  }
  static void AttrFloat(pb::NodeProto* n, const char* name, double v) {
    auto* a = n->add_attribute();
    a->set_name(name);
    a->set_type(pb::AttributeProto::FLOAT);
    a->set_f(static_cast<float>(v));
  }
  static void AttrStr(pb::NodeProto* n, const char* name, const std::string& v) {
    auto* a = n->add_attribute();
    a->set_name(name);
    a->set_type(pb::AttributeProto::STRING);
    a->set_s(v);
  }

  std::string Const(const std::string& base, const ir::Tensor& t) {
    auto* init = graph_->add_initializer();
    std::string name = Unique(base);
    init->set_name(name);
    init->set_data_type(pb::TensorProto::FLOAT);
    for (int64_t d : t.shape) init->add_dims(d);
    for (float v : t.data) init->add_float_data(v);
    return name;
  }
  std::string Scalar(const std::string& base, double v) {
    return Const(base, ir::Tensor({}, {static_cast<float>(v)}));
  }
  std::string ConstInts(const std::string& base, const std::vector<int64_t>& v) {
    auto* init = graph_->add_initializer();
    std::string name = Unique(base);
    init->set_name(name);
    init->set_data_type(pb::TensorProto::INT64);
    init->add_dims(static_cast<int64_t>(v.size()));
    for (int64_t x : v) init->add_int64_data(x);
    return name;
  }

  // --- Weights and quantizers. ---
  ir::Tensor Weight(const std::string& which, const std::vector<std::string>& order) {
    ErrorOr<ir::Tensor> t = weights_->Get(ctx_.scope, ctx_.name, which, order);
    if (!t.ok()) Fail(t.error().message());
    for (float v : t.value().data) {
      if (!std::isfinite(v)) Fail("weight '" + which + "' holds NaN or infinite values");
    }
    return std::move(t).value();
  }

  static void CheckShape(const ir::Tensor& t, const ir::Shape& want, const std::string& what) {
    if (t.shape != want) {
      Fail("weight '" + what + "' has shape " + ir::ShapeToString(t.shape) + ", expected " +
           ir::ShapeToString(want) + " from the layer's config");
    }
  }

  // The quantizer serialized at cfg[key], if any.
  std::optional<Quantizer> QuantizerAt(const json& cfg, const char* key) {
    const json* j = Get(cfg, key);
    if (!j) return std::nullopt;
    return ParseQuantizer(*j, key);
  }

  Quantizer ParseQuantizer(const json& j, const std::string& what) {
    if (j.is_string()) {
      ErrorOr<Quantizer> q = ParseQuantizerCall(j.get<std::string>());
      if (!q.ok()) Unsupported(what + ": " + q.error().message());
      return q.value();
    }
    std::string cls = Str(j, "class_name", "");
    std::map<std::string, QArg> args;
    if (const json* c = Get(j, "config"); c && c->is_object()) {
      for (const auto& [k, v] : c->items()) {
        QArg a;
        if (v.is_boolean()) {
          a = QArg{QArg::kNumber, v.get<bool>() ? 1.0 : 0.0, ""};
        } else if (v.is_number()) {
          a = QArg{QArg::kNumber, v.get<double>(), ""};
        } else if (v.is_string()) {
          a = QArg{QArg::kString, 0, v.get<std::string>()};
        } else if (!v.is_null()) {
          Unsupported(what + ": argument '" + k + "' of " + cls + " is not a number or string");
        }
        args[k] = a;
      }
    }
    ErrorOr<Quantizer> q = MakeQuantizer(cls, args);
    if (!q.ok()) Unsupported(what + ": " + q.error().message());
    return q.value();
  }

  // A quantizer as an ONNX Quant node: scale 2^exponent, `bits` bits.
  std::string Quant(const std::string& x, int exponent, int bits, bool is_signed, bool narrow,
                    const std::string& base) {
    std::string s = Scalar(base + "/scale", std::ldexp(1.0, exponent));
    std::string z = Scalar(base + "/zero_point", 0);
    std::string b = Scalar(base + "/bits", bits);
    auto* n = Node("Quant", {x, s, z, b}, base, kQonnxDomain);
    AttrInt(n, "signed", is_signed ? 1 : 0);
    AttrInt(n, "narrow", narrow ? 1 : 0);
    AttrStr(n, "rounding_mode", "ROUND");
    return n->output(0);
  }

  // A weight (already in ONNX layout) through its QKeras quantizer, if any.
  // A weight in Keras's layout through its QKeras quantizer, if any, then into ONNX's layout by
  // `to_onnx` (quantizers with per-channel scales see Keras's last axis as the channel axis).
  std::string QuantWeight(const ir::Tensor& w, const std::optional<Quantizer>& q,
                          const std::string& base,
                          const std::function<ir::Tensor(const ir::Tensor&)>& to_onnx = nullptr) {
    auto layout = [&](const ir::Tensor& t) { return to_onnx ? to_onnx(t) : t; };
    if (!q) return Const(base, layout(w));
    bool numeric_alpha = !q->args.count("alpha") || q->args.at("alpha").kind != QArg::kString;
    if (q->cls == "quantized_bits" && numeric_alpha &&
        (q->IsNone("alpha") || q->Num("alpha") == 1.0)) {
      int keep = q->Num("keep_negative") != 0 ? 1 : 0;
      int bits = static_cast<int>(q->Num("bits"));
      if (bits - keep > 0) {
        // Exactly QKeras's clip(round(x * m / m_i), -m*keep (+1 if symmetric), m - 1) * m_i / m.
        int exponent = static_cast<int>(q->Num("integer")) - (bits - keep);
        return Quant(Const(base, layout(w)), exponent, bits, keep != 0,
                     keep != 0 && q->Num("symmetric") != 0, base + "/quant");
      }
    }
    int64_t channels = w.shape.size() > 1 ? w.shape.back() : 1;
    ErrorOr<std::vector<float>> folded = FoldWeights(*q, w.data, channels);
    if (!folded.ok()) Unsupported(base + ": " + folded.error().message());
    ir::Tensor f = layout(ir::Tensor(w.shape, folded.value()));
    std::optional<Grid> g = ExactGrid(f.data);
    if (!g) return Const(base, f);  // the configuration's weight precision applies
    return Quant(Const(base, f), g->exponent, g->bits, true, false, base + "/quant");
  }

  // An activation (a Keras activation name, or a QKeras quantizer) applied to x. `split`: the
  // activation of a Dense/Conv layer, which becomes its own layer named <layer>_<activation>
  // as hls4ml names it.
  Tensor Activate(const Tensor& x, const json* act, bool split) {
    if (!act) return x;
    std::string name;
    std::optional<Quantizer> q;
    if (act->is_string()) {
      name = act->get<std::string>();
      if (LooksLikeQuantizerCall(name)) q = ParseQuantizer(*act, "activation");
    } else if (act->is_object()) {
      std::string cls = Str(*act, "class_name", "");
      const auto& known = KnownQuantizers();
      if (std::find(known.begin(), known.end(), cls) != known.end() ||
          cls.rfind("quantized_", 0) == 0) {
        q = ParseQuantizer(*act, "activation");
      } else {
        // Keras 3 may serialize a plain activation as {"class_name": "function", "config": "relu"}
        const json* c = Get(*act, "config");
        if (c && c->is_string()) {
          name = c->get<std::string>();
        } else {
          Unsupported("activation " + act->dump() + " is not a Keras activation name");
        }
      }
    } else {
      Fail("'activation' is not a string or an object");
    }
    if (!q && (name == "linear" || name.empty())) return x;
    Context saved = ctx_;
    if (split) {
      ctx_.name = saved.name + "_" + (q ? q->cls : name);
      ctx_.cls = q ? "QActivation" : "Activation";
    }
    Tensor y = q ? QuantActivation(x, *q) : NamedActivation(x, name);
    ctx_ = saved;
    return y;
  }

  static std::string KnownActivationsText() {
    std::string out;
    for (const std::string& a : SupportedKerasActivations()) out += (out.empty() ? "" : ", ") + a;
    return out;
  }

  Tensor NamedActivation(const Tensor& x, const std::string& name) {
    const std::string& base = ctx_.name;
    auto unary = [&](const char* op) {
      return Tensor{Node(op, {x.name}, base)->output(0), x.rank};
    };
    if (name == "relu") return unary("Relu");
    if (name == "sigmoid") return unary("Sigmoid");
    if (name == "tanh") return unary("Tanh");
    if (name == "softplus") return unary("Softplus");
    if (name == "softsign") return unary("Softsign");
    if (name == "selu") return unary("Selu");
    if (name == "exponential") return unary("Exp");
    if (name == "elu") {
      auto* n = Node("Elu", {x.name}, base);
      AttrFloat(n, "alpha", 1.0);
      return Tensor{n->output(0), x.rank};
    }
    if (name == "softmax") {
      auto* n = Node("Softmax", {x.name}, base);
      AttrInt(n, "axis", -1);
      return Tensor{n->output(0), x.rank};
    }
    if (name == "hard_sigmoid") {
      // Keras 2: clip(0.2 x + 0.5, 0, 1); Keras 3: relu6(x + 3) / 6.
      auto* n = Node("HardSigmoid", {x.name}, base);
      AttrFloat(n, "alpha", ctx_.keras_major >= 3 ? 1.0 / 6.0 : 0.2);
      AttrFloat(n, "beta", 0.5);
      return Tensor{n->output(0), x.rank};
    }
    if (name == "hard_silu" || name == "hard_swish") return unary("HardSwish");
    if (name == "gelu") {  // Keras's default: the exact (erf) form
      auto* n = Node("Gelu", {x.name}, base);
      AttrStr(n, "approximate", "none");
      return Tensor{n->output(0), x.rank};
    }
    if (name == "swish" || name == "silu") {  // x * sigmoid(x)
      std::string sig = Node("Sigmoid", {x.name}, base + "/sigmoid")->output(0);
      return Tensor{Node("Mul", {x.name, sig}, base)->output(0), x.rank};
    }
    if (name == "relu6") return Clip(x, 0.0, 6.0, base);
    if (name == "leaky_relu") {  // Keras 3's function: negative_slope 0.2
      auto* n = Node("LeakyRelu", {x.name}, base);
      AttrFloat(n, "alpha", 0.2);
      return Tensor{n->output(0), x.rank};
    }
    Unsupported("activation '" + name + "' (loom reads " + KnownActivationsText() +
                " and the QKeras quantizers)");
  }

  Tensor Clip(const Tensor& x, double lo, double hi, const std::string& base) {
    std::string l = Scalar(base + "/min", lo);
    std::string h = Scalar(base + "/max", hi);
    return Tensor{Node("Clip", {x.name, l, h}, base)->output(0), x.rank};
  }

  Tensor QuantActivation(const Tensor& x, const Quantizer& q) {
    const std::string& base = ctx_.name;
    if (q.cls == "quantized_bits") {
      if (!q.IsNone("alpha") &&
          !(q.args.at("alpha").kind == QArg::kNumber && q.Num("alpha") == 1)) {
        Unsupported(q.Text() + " on an activation: alpha other than 1/None is not supported");
      }
      int keep = q.Num("keep_negative") != 0 ? 1 : 0;
      int bits = static_cast<int>(q.Num("bits"));
      if (bits - keep <= 0) Unsupported(q.Text() + ": a 1-bit signed quantized_bits (use binary)");
      int exponent = static_cast<int>(q.Num("integer")) - (bits - keep);
      return Tensor{
          Quant(x.name, exponent, bits, keep != 0, keep != 0 && q.Num("symmetric") != 0, base),
          x.rank};
    }
    if (q.cls == "quantized_relu") {
      if (q.Num("use_sigmoid") != 0 || q.Num("negative_slope") != 0 ||
          !q.IsNone("relu_upper_bound")) {
        Unsupported(q.Text() + ": use_sigmoid, negative_slope and relu_upper_bound are not " +
                    "supported yet");
      }
      int bits = static_cast<int>(q.Num("bits"));
      int exponent = static_cast<int>(q.Num("integer")) - bits;
      std::string r = Node("Relu", {x.name}, base)->output(0);
      return Tensor{Quant(r, exponent, bits, false, false, base + "/quant"), x.rank};
    }
    if (q.cls == "quantized_tanh") {
      // p = tanh(x) (use_real_tanh) or 2 * hard_sigmoid(x) - 1 = clip(x, -1, 1), then
      // clip(round(p * m) / m, -1 + symmetric / m, 1 - 1 / m) with m = 2^(bits-1).
      int bits = static_cast<int>(q.Num("bits"));
      if (bits < 2) Unsupported(q.Text() + ": fewer than 2 bits");
      std::string p = q.Num("use_real_tanh") != 0 ? Node("Tanh", {x.name}, base)->output(0)
                                                  : Clip(x, -1.0, 1.0, base).name;
      return Tensor{Quant(p, -(bits - 1), bits, true, q.Num("symmetric") != 0, base + "/quant"),
                    x.rank};
    }
    if (q.cls == "binary") {
      if (q.Num("use_01") != 0 || !(q.IsNone("alpha") || q.Num("alpha") == 1)) {
        Unsupported(q.Text() + " on an activation: only use_01=False with alpha None or 1");
      }
      std::string s = Scalar(base + "/scale", 1.0);
      return Tensor{Node("BipolarQuant", {x.name, s}, base, kQonnxDomain)->output(0), x.rank};
    }
    Unsupported(q.Text() + " on an activation is not supported (loom reads quantized_bits, " +
                "quantized_relu, quantized_tanh and binary there)");
  }

  // --- Layout helpers: Keras keeps channels last; ONNX convolutions want them first. ---
  Tensor Transpose(const Tensor& x, const std::vector<int64_t>& perm, const std::string& base) {
    auto* n = Node("Transpose", {x.name}, base);
    AttrInts(n, "perm", perm);
    return Tensor{n->output(0), x.rank};
  }
  Tensor ToChannelsFirst(const Tensor& x) {
    std::vector<int64_t> p{0, x.rank - 1};
    for (int64_t i = 1; i + 1 < x.rank; ++i) p.push_back(i);
    return Transpose(x, p, ctx_.name + "/to_channels_first");
  }
  Tensor ToChannelsLast(const Tensor& x) {
    std::vector<int64_t> p{0};
    for (int64_t i = 2; i < x.rank; ++i) p.push_back(i);
    p.push_back(1);
    return Transpose(x, p, ctx_.name + "/to_channels_last");
  }

  bool ChannelsFirst(const json& cfg) {
    std::string f = Str(cfg, "data_format", "channels_last");
    if (f != "channels_last" && f != "channels_first") Fail("data_format '" + f + "'");
    return f == "channels_first";
  }

  int64_t SpatialRank(const std::string& cls, const Tensor& x) {
    int64_t want = cls.find("1D") != std::string::npos ? 1 : 2;
    if (x.rank != want + 2) {
      Fail("expects a rank-" + std::to_string(want + 2) + " input (batch, " +
           (want == 1 ? "steps" : "rows, cols") + ", channels), got rank " +
           std::to_string(x.rank));
    }
    return want;
  }

  // Sets kernel/stride/dilation/padding attributes of a conv or pool node.
  void Window(pb::NodeProto* n, const json& cfg, const std::vector<int64_t>& kernel,
              const std::vector<int64_t>& strides, const std::vector<int64_t>& dilations) {
    AttrInts(n, "kernel_shape", kernel);
    AttrInts(n, "strides", strides);
    if (!dilations.empty()) AttrInts(n, "dilations", dilations);
    std::string padding = Str(cfg, "padding", "valid");
    if (padding == "valid") {
      AttrInts(n, "pads", std::vector<int64_t>(kernel.size() * 2, 0));
    } else if (padding == "same") {
      AttrStr(n, "auto_pad", "SAME_UPPER");  // TensorFlow's SAME: the extra pad at the end
    } else if (padding == "causal" && kernel.size() == 1) {
      int64_t d = dilations.empty() ? 1 : dilations[0];
      AttrInts(n, "pads", {(kernel[0] - 1) * d, 0});
    } else {
      Unsupported("padding '" + padding + "'");
    }
  }

  // Keras kernel [k..., in, out] -> ONNX [out, in, k...].
  static ir::Tensor KernelToOnnx(const ir::Tensor& k) {
    int64_t r = static_cast<int64_t>(k.shape.size());
    int64_t in = k.shape[r - 2], out = k.shape[r - 1];
    int64_t taps = ir::NumElements(k.shape) / std::max<int64_t>(1, in * out);
    ir::Shape s{out, in};
    for (int64_t i = 0; i + 2 < r; ++i) s.push_back(k.shape[i]);
    ir::Tensor t(s);
    for (int64_t p = 0; p < taps; ++p)
      for (int64_t i = 0; i < in; ++i)
        for (int64_t o = 0; o < out; ++o)
          t.data[(o * in + i) * taps + p] = k.data[(p * in + i) * out + o];
    return t;
  }

  // Keras depthwise kernel [k..., in, mult] -> ONNX grouped [in * mult, 1, k...].
  static ir::Tensor DepthwiseToOnnx(const ir::Tensor& k) {
    int64_t r = static_cast<int64_t>(k.shape.size());
    int64_t in = k.shape[r - 2], mult = k.shape[r - 1];
    int64_t taps = ir::NumElements(k.shape) / std::max<int64_t>(1, in * mult);
    ir::Shape s{in * mult, 1};
    for (int64_t i = 0; i + 2 < r; ++i) s.push_back(k.shape[i]);
    ir::Tensor t(s);
    for (int64_t p = 0; p < taps; ++p)
      for (int64_t c = 0; c < in; ++c)
        for (int64_t m = 0; m < mult; ++m)
          t.data[(c * mult + m) * taps + p] = k.data[(p * in + c) * mult + m];
    return t;
  }

  static std::vector<std::string> Order(std::initializer_list<std::pair<const char*, bool>> v) {
    std::vector<std::string> out;
    for (const auto& [name, present] : v) {
      if (present) out.emplace_back(name);
    }
    return out;
  }

  // --- Recurrent layers and GarNet. ---

  // A Keras recurrent activation as an ONNX recurrent-op activation name with its alpha/beta.
  struct RecurrentActivation {
    std::string name;
    std::optional<double> alpha, beta;
  };
  RecurrentActivation RecurrentActivationOf(const json& cfg, const char* key, const char* def) {
    std::string a = Str(cfg, key, def);
    if (a == "sigmoid") return {"Sigmoid", {}, {}};
    if (a == "tanh") return {"Tanh", {}, {}};
    if (a == "relu") return {"Relu", {}, {}};
    if (a == "softsign") return {"Softsign", {}, {}};
    if (a == "softplus") return {"Softplus", {}, {}};
    if (a == "elu") return {"Elu", 1.0, {}};
    if (a == "hard_sigmoid") return {"HardSigmoid", ctx_.keras_major >= 3 ? 1.0 / 6.0 : 0.2, 0.5};
    Unsupported(std::string(key) + " '" + a +
                "' (recurrent layers read sigmoid, tanh, relu, softsign, softplus, elu and "
                "hard_sigmoid)");
  }

  // LSTM, GRU and SimpleRNN as the ONNX op of the same kind in layout 1 (batch first), its gates
  // reordered from Keras's (LSTM: Keras i f c o, ONNX i o f c; GRU: both z r h).
  Tensor Recurrent(const std::string& cls, const json& cfg, const Tensor& x) {
    const std::string& base = ctx_.name;
    if (x.rank != 3)
      Fail("input of rank " + std::to_string(x.rank) + ", expected [batch, steps, features]");
    for (const char* flag : {"go_backwards", "return_state", "stateful", "time_major"}) {
      if (Bool(cfg, flag, false)) Unsupported(std::string(flag) + " true");
    }
    const int64_t h = Int(cfg, "units", 0);
    if (h <= 0 || h > 4096) Fail("units " + std::to_string(h));
    const bool use_bias = Bool(cfg, "use_bias", true);
    const bool lstm = cls == "LSTM", gru = cls == "GRU";
    const bool reset_after = gru && Bool(cfg, "reset_after", ctx_.keras_major >= 3);
    const int64_t gates = lstm ? 4 : gru ? 3 : 1;
    // ONNX gate k comes from Keras gate keras_gate[k].
    const std::vector<int64_t> keras_gate = lstm  ? std::vector<int64_t>{0, 3, 1, 2}
                                            : gru ? std::vector<int64_t>{0, 1, 2}
                                                  : std::vector<int64_t>{0};
    std::vector<std::string> order =
        Order({{"kernel", true}, {"recurrent_kernel", true}, {"bias", use_bias}});
    ir::Tensor k = Weight("kernel", order);
    if (k.shape.size() != 2 || k.shape[1] != gates * h) {
      Fail("kernel of shape " + ir::ShapeToString(k.shape) + " for " + std::to_string(h) +
           " units");
    }
    const int64_t in = k.shape[0];
    ir::Tensor rk = Weight("recurrent_kernel", order);
    CheckShape(rk, {h, gates * h}, "recurrent_kernel");
    // Keras [rows, gates*h] -> ONNX [1, gates*h, rows], gates reordered.
    auto to_onnx = [&](const ir::Tensor& t, int64_t rows) {
      ir::Tensor o({1, gates * h, rows}, std::vector<float>(t.data.size()));
      for (int64_t g = 0; g < gates; ++g) {
        for (int64_t j = 0; j < h; ++j) {
          for (int64_t r = 0; r < rows; ++r) {
            o.data[(g * h + j) * rows + r] = t.data[r * gates * h + keras_gate[g] * h + j];
          }
        }
      }
      return o;
    };
    std::vector<std::string> inputs{x.name, Const(base + "/W", to_onnx(k, in)),
                                    Const(base + "/R", to_onnx(rk, h))};
    if (use_bias) {
      ir::Tensor b = Weight("bias", order);
      // GRU with reset_after keeps an input bias and a recurrent bias: [2, gates*h].
      const int64_t parts = reset_after ? 2 : 1;
      CheckShape(b, reset_after ? ir::Shape{2, gates * h} : ir::Shape{gates * h}, "bias");
      ir::Tensor ob({1, 2 * gates * h}, std::vector<float>(2 * gates * h, 0.0f));
      for (int64_t p = 0; p < parts; ++p) {
        for (int64_t g = 0; g < gates; ++g) {
          for (int64_t j = 0; j < h; ++j) {
            ob.data[p * gates * h + g * h + j] = b.data[p * gates * h + keras_gate[g] * h + j];
          }
        }
      }
      inputs.push_back(Const(base + "/B", ob));
    }
    auto* n = Node(lstm ? "LSTM" : gru ? "GRU" : "RNN", inputs, base);
    AttrInt(n, "hidden_size", h);
    AttrInt(n, "layout", 1);
    if (gru) AttrInt(n, "linear_before_reset", reset_after ? 1 : 0);
    std::vector<RecurrentActivation> acts;
    if (cls != "SimpleRNN") {
      acts.push_back(RecurrentActivationOf(cfg, "recurrent_activation", "sigmoid"));
    }
    RecurrentActivation act = RecurrentActivationOf(cfg, "activation", "tanh");
    acts.push_back(act);
    if (lstm) acts.push_back(act);
    auto* names = n->add_attribute();
    names->set_name("activations");
    names->set_type(pb::AttributeProto::STRINGS);
    std::vector<double> alphas, betas;
    for (const RecurrentActivation& a : acts) {
      names->add_strings(a.name);
      if (a.alpha) alphas.push_back(*a.alpha);
      if (a.beta) betas.push_back(*a.beta);
    }
    for (auto [key, values] :
         {std::pair{"activation_alpha", &alphas}, {"activation_beta", &betas}}) {
      if (values->empty()) continue;
      auto* a = n->add_attribute();
      a->set_name(key);
      a->set_type(pb::AttributeProto::FLOATS);
      for (double v : *values) a->add_floats(static_cast<float>(v));
    }
    const std::string y = n->output(0);
    if (Bool(cfg, "return_sequences", false)) {  // Y [batch, steps, 1, h] -> [batch, steps, h]
      auto* sq = Node("Squeeze", {y, ConstInts(base + "/axes", {2})}, base + "/sequence");
      return Tensor{sq->output(0), 3};
    }
    n->clear_output();  // only Y_h [batch, 1, h] -> [batch, h]
    n->add_output("");
    n->add_output(y);
    auto* sq = Node("Squeeze", {y, ConstInts(base + "/axes", {1})}, base + "/last");
    return Tensor{sq->output(0), 2};
  }

  // hls4ml's contrib GarNet layer (caloGraphNN's GarNet, the form hls4ml converts): hits
  // x [batch, V, features] and a vertex count n [batch, 1]. With mask[v] = v < n, FLR and S dense
  // transforms, edge weights E = mask * exp(-S(x)^2) [V, S], aggregators A = mean over v of
  // E[v, s] FLR(x)[v, p] [S, P], output mask * Fout(E[v, s] A[s, p] flattened) [V, filters], then
  // collapsed over the vertices. Written as the ONNX ops computing it.
  Tensor GarNet(const json& cfg, const std::vector<Tensor>& ins) {
    const std::string& base = ctx_.name;
    const std::string format = Str(cfg, "input_format", "xn");
    if (format != "xn") Unsupported("input_format '" + format + "' (loom reads xn)");
    if (!Bool(cfg, "simplified", false)) {
      Unsupported(
          "simplified false (max aggregation and concatenated features); loom reads the "
          "simplified GarNet");
    }
    if (Bool(cfg, "quantize_transforms", false)) Unsupported("quantize_transforms true");
    if (Bool(cfg, "mean_by_nvert", false)) Unsupported("mean_by_nvert true");
    const json* out_act = Get(cfg, "output_activation");
    if (out_act && !out_act->is_null() &&
        !(out_act->is_string() && out_act->get<std::string>() == "linear")) {
      Unsupported("output_activation " + out_act->dump() + " (loom reads null/linear)");
    }
    if (ins.size() != 2) {
      Fail("called with " + std::to_string(ins.size()) +
           " inputs; GarNet with input_format xn takes the hits and the vertex count");
    }
    const Tensor& x = ins[0];
    const Tensor& count = ins[1];
    int64_t vertices = 0;
    for (const auto& gi : graph_->input()) {
      const auto& dims = gi.type().tensor_type().shape().dim();
      if (gi.name() == x.name && dims.size() == 3) vertices = dims[1].dim_value();
    }
    if (x.rank != 3 || vertices <= 0) {
      Unsupported("GarNet's hits must be a model input of shape [batch, vertices, features]");
    }
    const int64_t s = Int(cfg, "n_aggregators", 0), p = Int(cfg, "n_propagate", 0);
    const int64_t filters = Int(cfg, "n_filters", 0);
    std::vector<std::string> order = {"FLR_kernel", "FLR_bias",    "S_kernel",
                                      "S_bias",     "Fout_kernel", "Fout_bias"};
    auto dense = [&](const std::string& in, const char* which, int64_t units) {
      ir::Tensor k = Weight(std::string(which) + "_kernel", order);
      if (k.shape.size() != 2 || k.shape[1] != units) {
        Fail(std::string(which) + "_kernel of shape " + ir::ShapeToString(k.shape) + " for " +
             std::to_string(units) + " units");
      }
      ir::Tensor b = Weight(std::string(which) + "_bias", order);
      CheckShape(b, {units}, std::string(which) + "_bias");
      std::string sub = base + "/" + which;
      std::string y = Node("MatMul", {in, Const(sub + "/kernel", k)}, sub)->output(0);
      return Node("Add", {y, Const(sub + "/bias", b)}, sub + "/add_bias")->output(0);
    };
    // mask [batch, V, 1]: vertex index < count.
    std::vector<float> index(static_cast<size_t>(vertices));
    for (int64_t v = 0; v < vertices; ++v) index[v] = static_cast<float>(v);
    std::string n3 =
        Node("Reshape", {count.name, ConstInts(base + "/count_shape", {0, 1, 1})}, base + "/count")
            ->output(0);
    std::string less =
        Node("Less", {Const(base + "/vertex_index", ir::Tensor({vertices, 1}, index)), n3},
             base + "/mask_bool")
            ->output(0);
    auto* cast = Node("Cast", {less}, base + "/mask");
    AttrInt(cast, "to", pb::TensorProto::FLOAT);
    std::string mask = cast->output(0);
    std::string features = dense(x.name, "FLR", p);  // [batch, V, P]
    std::string distance = dense(x.name, "S", s);    // [batch, V, S]
    std::string sq = Node("Mul", {distance, distance}, base + "/distance_sq")->output(0);
    std::string neg = Node("Neg", {sq}, base + "/neg_distance_sq")->output(0);
    std::string ex = Node("Exp", {neg}, base + "/exp")->output(0);
    std::string edges = Node("Mul", {mask, ex}, base + "/edge_weights")->output(0);
    std::string e4 = Node("Reshape", {edges, ConstInts(base + "/edges_shape", {0, vertices, s, 1})},
                          base + "/edges4")
                         ->output(0);
    std::string f4 =
        Node("Reshape", {features, ConstInts(base + "/features_shape", {0, vertices, 1, p})},
             base + "/features4")
            ->output(0);
    std::string weighted = Node("Mul", {e4, f4}, base + "/weighted")->output(0);
    auto* agg = Node("ReduceMean", {weighted}, base + "/aggregated");  // [batch, S, P]
    AttrInts(agg, "axes", {1});
    AttrInt(agg, "keepdims", 0);
    std::string a4 =
        Node("Reshape", {agg->output(0), ConstInts(base + "/aggregated_shape", {0, 1, s, p})},
             base + "/aggregated4")
            ->output(0);
    std::string back = Node("Mul", {e4, a4}, base + "/to_vertices")->output(0);
    std::string updated =
        Node("Reshape", {back, ConstInts(base + "/updated_shape", {0, vertices, s * p})},
             base + "/updated")
            ->output(0);
    std::string out = dense(updated, "Fout", filters);
    std::string masked = Node("Mul", {mask, out}, base + "/masked")->output(0);
    const json* collapse = Get(cfg, "collapse");
    if (!collapse || collapse->is_null()) return Tensor{masked, 3};
    std::string c = collapse->is_string() ? collapse->get<std::string>() : collapse->dump();
    if (c == "sum") {
      auto* r =
          Node("ReduceSum", {masked, ConstInts(base + "/collapse_axes", {1})}, base + "/collapse");
      AttrInt(r, "keepdims", 0);
      return Tensor{r->output(0), 2};
    }
    if (c != "mean" && c != "max") Fail("collapse '" + c + "'");
    auto* r = Node(c == "mean" ? "ReduceMean" : "ReduceMax", {masked}, base + "/collapse");
    AttrInts(r, "axes", {1});
    AttrInt(r, "keepdims", 0);
    return Tensor{r->output(0), 2};
  }

  // --- Layers. ---
  std::vector<Tensor> Translate(const std::string& cls, const json& cfg,
                                const std::vector<Tensor>& ins) {
    const std::string& base = ctx_.name;
    if (cls == "GarNet") return {GarNet(cfg, ins)};
    if (cls == "LSTM" || cls == "GRU" || cls == "SimpleRNN") {
      if (ins.size() != 1) Fail("called with " + std::to_string(ins.size()) + " inputs");
      return {Recurrent(cls, cfg, ins[0])};
    }
    bool merge = cls == "Add" || cls == "Subtract" || cls == "Multiply" || cls == "Average" ||
                 cls == "Maximum" || cls == "Minimum" || cls == "Concatenate";
    if (!merge && ins.size() != 1) {
      Fail("called with " + std::to_string(ins.size()) + " inputs; loom reads one");
    }
    if (merge) {
      if (ins.size() < 2 && cls != "Concatenate") Fail("a merge layer needs at least 2 inputs");
      std::vector<std::string> names;
      for (const Tensor& t : ins) names.push_back(t.name);
      int64_t rank = ins[0].rank;
      if (cls == "Concatenate") {
        int64_t axis = Int(cfg, "axis", -1);
        if (axis < 0) axis += rank;
        if (axis <= 0 || axis >= rank) Fail("axis " + std::to_string(Int(cfg, "axis", -1)));
        auto* n = Node("Concat", names, base);
        AttrInt(n, "axis", axis);
        return {Tensor{n->output(0), rank}};
      }
      if (cls == "Subtract") {
        if (ins.size() != 2) Fail("Subtract takes exactly 2 inputs");
        return {Tensor{Node("Sub", names, base)->output(0), rank}};
      }
      const char* op = cls == "Add"       ? "Sum"
                       : cls == "Average" ? "Mean"
                       : cls == "Maximum" ? "Max"
                       : cls == "Minimum" ? "Min"
                                          : "Mul";
      if (cls == "Add" && ins.size() == 2) op = "Add";
      if (std::string(op) == "Mul") {
        std::string acc = names[0];
        for (size_t i = 1; i < names.size(); ++i)
          acc = Node("Mul", {acc, names[i]}, base)->output(0);
        return {Tensor{acc, rank}};
      }
      return {Tensor{Node(op, names, base)->output(0), rank}};
    }
    const Tensor& x = ins[0];
    if (cls == "Dense" || cls == "QDense") {
      int64_t units = Int(cfg, "units", 0);
      bool use_bias = Bool(cfg, "use_bias", true);
      ir::Tensor k = Weight("kernel", Order({{"kernel", true}, {"bias", use_bias}}));
      if (k.shape.size() != 2 || k.shape[1] != units) {
        Fail("kernel of shape " + ir::ShapeToString(k.shape) + " for " + std::to_string(units) +
             " units");
      }
      std::string w = QuantWeight(k, QuantizerAt(cfg, "kernel_quantizer"), base + "/kernel");
      Tensor y{Node("MatMul", {x.name, w}, base)->output(0), x.rank};
      if (use_bias) {
        ir::Tensor b = Weight("bias", Order({{"kernel", true}, {"bias", true}}));
        CheckShape(b, {units}, "bias");
        std::string bq = QuantWeight(b, QuantizerAt(cfg, "bias_quantizer"), base + "/bias");
        y.name = Node("Add", {y.name, bq}, base + "/add_bias")->output(0);
      }
      return {Activate(y, Get(cfg, "activation"), true)};
    }
    if (cls == "Conv1D" || cls == "Conv2D" || cls == "QConv1D" || cls == "QConv2D") {
      int64_t sp = SpatialRank(cls, x);
      bool cf = ChannelsFirst(cfg);
      int64_t filters = Int(cfg, "filters", 0);
      int64_t groups = Int(cfg, "groups", 1);
      bool use_bias = Bool(cfg, "use_bias", true);
      std::vector<int64_t> ks = Ints(cfg, "kernel_size", static_cast<size_t>(sp), {});
      ir::Tensor k = Weight("kernel", Order({{"kernel", true}, {"bias", use_bias}}));
      if (k.shape.size() != static_cast<size_t>(sp + 2) || k.shape.back() != filters ||
          !std::equal(ks.begin(), ks.end(), k.shape.begin())) {
        Fail("kernel of shape " + ir::ShapeToString(k.shape) + " for " + std::to_string(filters) +
             " filters of size " + ir::ShapeToString(ks));
      }
      std::vector<std::string> inputs{
          "", QuantWeight(k, QuantizerAt(cfg, "kernel_quantizer"), base + "/kernel", KernelToOnnx)};
      if (use_bias) {
        ir::Tensor b = Weight("bias", Order({{"kernel", true}, {"bias", true}}));
        CheckShape(b, {filters}, "bias");
        inputs.push_back(QuantWeight(b, QuantizerAt(cfg, "bias_quantizer"), base + "/bias"));
      }
      Tensor in = cf ? x : ToChannelsFirst(x);
      inputs[0] = in.name;
      auto* n = Node("Conv", inputs, base);
      Window(n, cfg, ks, Ints(cfg, "strides", static_cast<size_t>(sp), std::vector<int64_t>(sp, 1)),
             Ints(cfg, "dilation_rate", static_cast<size_t>(sp), std::vector<int64_t>(sp, 1)));
      if (groups != 1) AttrInt(n, "group", groups);
      Tensor y{n->output(0), x.rank};
      if (!cf) y = ToChannelsLast(y);
      return {Activate(y, Get(cfg, "activation"), true)};
    }
    if (cls == "DepthwiseConv1D" || cls == "DepthwiseConv2D" || cls == "QDepthwiseConv2D" ||
        cls == "SeparableConv1D" || cls == "SeparableConv2D" || cls == "QSeparableConv1D" ||
        cls == "QSeparableConv2D") {
      bool separable = cls.find("Separable") != std::string::npos;
      int64_t sp = SpatialRank(cls, x);
      bool cf = ChannelsFirst(cfg);
      bool use_bias = Bool(cfg, "use_bias", true);
      std::vector<int64_t> ks = Ints(cfg, "kernel_size", static_cast<size_t>(sp), {});
      std::vector<std::string> order =
          separable
              ? Order({{"depthwise_kernel", true}, {"pointwise_kernel", true}, {"bias", use_bias}})
              : Order({{"depthwise_kernel", true}, {"bias", use_bias}});
      // Keras 3 names the depthwise layer's kernel "kernel"; Keras 2 "depthwise_kernel".
      ir::Tensor dk = Weight("depthwise_kernel", order);
      if (dk.shape.size() != static_cast<size_t>(sp + 2) ||
          !std::equal(ks.begin(), ks.end(), dk.shape.begin())) {
        Fail("depthwise kernel of shape " + ir::ShapeToString(dk.shape) + " for kernel size " +
             ir::ShapeToString(ks));
      }
      int64_t channels = dk.shape[sp], mult = dk.shape[sp + 1];
      Tensor in = cf ? x : ToChannelsFirst(x);
      std::vector<std::string> dw_inputs{in.name,
                                         QuantWeight(dk, QuantizerAt(cfg, "depthwise_quantizer"),
                                                     base + "/depthwise_kernel", DepthwiseToOnnx)};
      if (use_bias && !separable) {
        ir::Tensor b = Weight("bias", order);
        CheckShape(b, {channels * mult}, "bias");
        dw_inputs.push_back(QuantWeight(b, QuantizerAt(cfg, "bias_quantizer"), base + "/bias"));
      }
      auto* dw = Node("Conv", dw_inputs, separable ? base + "/depthwise" : base);
      Window(dw, cfg, ks,
             Ints(cfg, "strides", static_cast<size_t>(sp), std::vector<int64_t>(sp, 1)),
             Ints(cfg, "dilation_rate", static_cast<size_t>(sp), std::vector<int64_t>(sp, 1)));
      AttrInt(dw, "group", channels);
      Tensor y{dw->output(0), x.rank};
      if (separable) {
        ir::Tensor pk = Weight("pointwise_kernel", order);
        int64_t filters = Int(cfg, "filters", 0);
        ir::Shape want(static_cast<size_t>(sp), 1);
        want.push_back(channels * mult);
        want.push_back(filters);
        CheckShape(pk, want, "pointwise_kernel");
        std::vector<std::string> pw_inputs{y.name,
                                           QuantWeight(pk, QuantizerAt(cfg, "pointwise_quantizer"),
                                                       base + "/pointwise_kernel", KernelToOnnx)};
        if (use_bias) {
          ir::Tensor b = Weight("bias", order);
          CheckShape(b, {filters}, "bias");
          pw_inputs.push_back(QuantWeight(b, QuantizerAt(cfg, "bias_quantizer"), base + "/bias"));
        }
        auto* pw = Node("Conv", pw_inputs, base);
        AttrInts(pw, "kernel_shape", std::vector<int64_t>(sp, 1));
        y = Tensor{pw->output(0), x.rank};
      }
      if (!cf) y = ToChannelsLast(y);
      return {Activate(y, Get(cfg, "activation"), true)};
    }
    if (cls == "BatchNormalization" || cls == "QBatchNormalization") {
      // QKeras quantizes gamma, beta, the moving mean and the moving variance, then normalizes
      // as Keras does (QBatchNormalization.call at inference): the quantized parameters are
      // folded here.
      if (Get(cfg, "inverse_quantizer")) Unsupported("inverse_quantizer is not supported");
      int64_t axis = Axis(cfg);
      if (axis < 0) axis += x.rank;
      bool last = axis == x.rank - 1;
      if (!last && axis != 1) Unsupported("normalizing axis " + std::to_string(axis));
      bool center = Bool(cfg, "center", true), scale = Bool(cfg, "scale", true);
      std::vector<std::string> order = Order(
          {{"gamma", scale}, {"beta", center}, {"moving_mean", true}, {"moving_variance", true}});
      ir::Tensor mean = Weight("moving_mean", order);
      if (mean.shape.size() != 1) Fail("moving_mean is not a vector");
      int64_t c = mean.shape[0];
      ir::Tensor var = Weight("moving_variance", order);
      CheckShape(var, {c}, "moving_variance");
      ir::Tensor gamma = scale ? Weight("gamma", order) : ir::Tensor({c}, std::vector<float>(c, 1));
      ir::Tensor beta = center ? Weight("beta", order) : ir::Tensor({c}, std::vector<float>(c, 0));
      CheckShape(gamma, {c}, "gamma");
      CheckShape(beta, {c}, "beta");
      auto quantize = [&](ir::Tensor& t, const char* key, bool present) {
        std::optional<Quantizer> q = QuantizerAt(cfg, key);
        if (!q || !present) return;
        ErrorOr<std::vector<float>> f = FoldWeights(*q, t.data);
        if (!f.ok()) Unsupported(std::string(key) + ": " + f.error().message());
        t.data = f.value();
      };
      quantize(gamma, "gamma_quantizer", scale);
      quantize(beta, "beta_quantizer", center);
      quantize(mean, "mean_quantizer", true);
      quantize(var, "variance_quantizer", true);
      bool transpose = x.rank > 2 && last;
      Tensor in = transpose ? ToChannelsFirst(x) : x;
      auto* n = Node("BatchNormalization",
                     {in.name, Const(base + "/gamma", gamma), Const(base + "/beta", beta),
                      Const(base + "/moving_mean", mean), Const(base + "/moving_variance", var)},
                     base);
      AttrFloat(n, "epsilon", Num(cfg, "epsilon", 1e-3));
      Tensor y{n->output(0), x.rank};
      return {transpose ? ToChannelsLast(y) : y};
    }
    if (cls == "Activation" || cls == "QActivation") {
      return {Activate(x, Get(cfg, "activation"), false)};
    }
    if (cls == "ReLU") {
      double threshold = Num(cfg, "threshold", 0);
      double slope = Num(cfg, "negative_slope", 0);
      const json* mv = Get(cfg, "max_value");
      if (threshold != 0) Unsupported("threshold " + std::to_string(threshold));
      if (mv && slope != 0) Unsupported("max_value together with negative_slope");
      if (mv) return {Clip(x, 0.0, Num(cfg, "max_value", 0), base)};
      if (slope != 0) {
        auto* n = Node("LeakyRelu", {x.name}, base);
        AttrFloat(n, "alpha", slope);
        return {Tensor{n->output(0), x.rank}};
      }
      return {Tensor{Node("Relu", {x.name}, base)->output(0), x.rank}};
    }
    if (cls == "LeakyReLU") {
      double alpha =
          Get(cfg, "negative_slope") ? Num(cfg, "negative_slope", 0.3) : Num(cfg, "alpha", 0.3);
      auto* n = Node("LeakyRelu", {x.name}, base);
      AttrFloat(n, "alpha", alpha);
      return {Tensor{n->output(0), x.rank}};
    }
    if (cls == "ELU") {
      auto* n = Node("Elu", {x.name}, base);
      AttrFloat(n, "alpha", Num(cfg, "alpha", 1.0));
      return {Tensor{n->output(0), x.rank}};
    }
    if (cls == "ThresholdedReLU") {
      auto* n = Node("ThresholdedRelu", {x.name}, base);
      AttrFloat(n, "alpha", Num(cfg, "theta", 1.0));
      return {Tensor{n->output(0), x.rank}};
    }
    if (cls == "PReLU") {
      ir::Tensor alpha = Weight("alpha", {"alpha"});
      if (static_cast<int64_t>(alpha.shape.size()) != x.rank - 1) {
        Fail("alpha of shape " + ir::ShapeToString(alpha.shape) + " for a rank-" +
             std::to_string(x.rank) + " input");
      }
      return {
          Tensor{Node("PRelu", {x.name, Const(base + "/alpha", alpha)}, base)->output(0), x.rank}};
    }
    if (cls == "Softmax") {
      int64_t axis = Axis(cfg);
      auto* n = Node("Softmax", {x.name}, base);
      AttrInt(n, "axis", axis);
      return {Tensor{n->output(0), x.rank}};
    }
    if (cls.rfind("MaxPooling", 0) == 0 || cls.rfind("AveragePooling", 0) == 0) {
      int64_t sp = SpatialRank(cls, x);
      bool cf = ChannelsFirst(cfg);
      std::vector<int64_t> pool =
          Ints(cfg, "pool_size", static_cast<size_t>(sp), std::vector<int64_t>(sp, 2));
      std::vector<int64_t> strides = Ints(cfg, "strides", static_cast<size_t>(sp), pool);
      Tensor in = cf ? x : ToChannelsFirst(x);
      auto* n = Node(cls[0] == 'M' ? "MaxPool" : "AveragePool", {in.name}, base);
      Window(n, cfg, pool, strides, {});
      Tensor y{n->output(0), x.rank};
      return {cf ? y : ToChannelsLast(y)};
    }
    if (cls.rfind("GlobalMaxPooling", 0) == 0 || cls.rfind("GlobalAveragePooling", 0) == 0) {
      SpatialRank(cls, x);
      bool cf = ChannelsFirst(cfg);
      bool keep = Bool(cfg, "keepdims", false);
      Tensor in = cf ? x : ToChannelsFirst(x);
      const char* op = cls[6] == 'M' ? "GlobalMaxPool" : "GlobalAveragePool";
      Tensor y{Node(op, {in.name}, base)->output(0), x.rank};
      if (keep) return {cf ? y : ToChannelsLast(y)};
      auto* f = Node("Flatten", {y.name}, base + "/flatten");
      AttrInt(f, "axis", 1);
      return {Tensor{f->output(0), 2}};
    }
    if (cls == "Flatten") {
      if (ChannelsFirst(cfg) && x.rank > 2) Unsupported("data_format channels_first");
      auto* n = Node("Flatten", {x.name}, base);
      AttrInt(n, "axis", 1);
      return {Tensor{n->output(0), 2}};
    }
    if (cls == "Reshape") {
      const json* t = Get(cfg, "target_shape");
      if (!t || !t->is_array()) Fail("no target_shape");
      std::vector<int64_t> shape{0};  // 0: keep the batch axis
      for (const json& d : *t) {
        if (!d.is_number_integer()) Fail("target_shape holds " + d.dump());
        shape.push_back(d.get<int64_t>());
      }
      return {Tensor{Node("Reshape", {x.name, ConstInts(base + "/shape", shape)}, base)->output(0),
                     static_cast<int64_t>(shape.size())}};
    }
    if (cls == "Permute") {
      std::vector<int64_t> dims = Ints(cfg, "dims", static_cast<size_t>(x.rank - 1), {});
      std::vector<int64_t> perm{0};
      perm.insert(perm.end(), dims.begin(), dims.end());
      std::vector<int64_t> sorted = perm;
      std::sort(sorted.begin(), sorted.end());
      for (int64_t i = 0; i < x.rank; ++i) {
        if (sorted[i] != i) Fail("dims is not a permutation of 1.." + std::to_string(x.rank - 1));
      }
      return {Transpose(x, perm, base)};
    }
    if (cls == "Dropout" || cls == "SpatialDropout1D" || cls == "SpatialDropout2D" ||
        cls == "GaussianNoise" || cls == "GaussianDropout" || cls == "AlphaDropout" ||
        cls == "ActivityRegularization") {
      return {Tensor{Node("Identity", {x.name}, base)->output(0), x.rank}};  // inference: identity
    }
    if (cls == "ZeroPadding1D" || cls == "ZeroPadding2D" || cls == "Cropping1D" ||
        cls == "Cropping2D") {
      int64_t sp = SpatialRank(cls, x);
      bool cf = ChannelsFirst(cfg);
      bool pad = cls[0] == 'Z';
      const json* p = Get(cfg, pad ? "padding" : "cropping");
      // int, (a, b) per axis pair for 1D, or ((top, bottom), (left, right)) for 2D.
      std::vector<std::pair<int64_t, int64_t>> amounts(static_cast<size_t>(sp),
                                                       {pad ? 1 : 0, pad ? 1 : 0});
      if (p) {
        if (p->is_number_integer()) {
          for (auto& a : amounts) a = {p->get<int64_t>(), p->get<int64_t>()};
        } else if (p->is_array() && sp == 1 && p->size() == 2 && (*p)[0].is_number_integer()) {
          amounts[0] = {(*p)[0].get<int64_t>(), (*p)[1].get<int64_t>()};
        } else if (p->is_array() && p->size() == static_cast<size_t>(sp)) {
          for (int64_t i = 0; i < sp; ++i) {
            const json& e = (*p)[i];
            if (e.is_number_integer()) {
              amounts[i] = {e.get<int64_t>(), e.get<int64_t>()};
            } else if (e.is_array() && e.size() == 2 && e[0].is_number_integer() &&
                       e[1].is_number_integer()) {
              amounts[i] = {e[0].get<int64_t>(), e[1].get<int64_t>()};
            } else {
              Fail("malformed " + std::string(pad ? "padding " : "cropping ") + p->dump());
            }
          }
        } else {
          Fail("malformed " + std::string(pad ? "padding " : "cropping ") + p->dump());
        }
      }
      for (const auto& [a, b] : amounts) {
        if (a < 0 || b < 0 || a > 1 << 20 || b > 1 << 20) Fail("negative or huge amounts");
      }
      int64_t first = cf ? 2 : 1;  // the first spatial axis
      if (pad) {
        std::vector<int64_t> pads(static_cast<size_t>(x.rank * 2), 0);
        for (int64_t i = 0; i < sp; ++i) {
          pads[first + i] = amounts[i].first;
          pads[x.rank + first + i] = amounts[i].second;
        }
        return {Tensor{Node("Pad", {x.name, ConstInts(base + "/pads", pads)}, base)->output(0),
                       x.rank}};
      }
      std::vector<int64_t> starts, ends, axes;
      for (int64_t i = 0; i < sp; ++i) {
        starts.push_back(amounts[i].first);
        ends.push_back(amounts[i].second == 0 ? INT64_MAX : -amounts[i].second);
        axes.push_back(first + i);
      }
      return {Tensor{Node("Slice",
                          {x.name, ConstInts(base + "/starts", starts),
                           ConstInts(base + "/ends", ends), ConstInts(base + "/axes", axes)},
                          base)
                         ->output(0),
                     x.rank}};
    }
    if (cls == "UpSampling1D" || cls == "UpSampling2D") {
      int64_t sp = SpatialRank(cls, x);
      bool cf = ChannelsFirst(cfg);
      std::vector<int64_t> size =
          sp == 1 ? std::vector<int64_t>{Int(cfg, "size", 2)} : Ints(cfg, "size", 2, {2, 2});
      std::string interp = Str(cfg, "interpolation", "nearest");
      ir::Tensor scales({x.rank}, std::vector<float>(static_cast<size_t>(x.rank), 1.0f));
      int64_t first = cf ? 2 : 1;
      for (int64_t i = 0; i < sp; ++i) {
        if (size[i] < 1 || size[i] > 1024) Fail("size " + std::to_string(size[i]));
        scales.data[first + i] = static_cast<float>(size[i]);
      }
      std::string roi = Const(base + "/roi", ir::Tensor({0}, {}));
      auto* n = Node("Resize", {x.name, roi, Const(base + "/scales", scales)}, base);
      if (interp == "nearest") {
        AttrStr(n, "mode", "nearest");
        AttrStr(n, "coordinate_transformation_mode", "asymmetric");
        AttrStr(n, "nearest_mode", "floor");
      } else if (interp == "bilinear") {
        AttrStr(n, "mode", "linear");
        AttrStr(n, "coordinate_transformation_mode", "half_pixel");
      } else {
        Unsupported("interpolation '" + interp + "'");
      }
      return {Tensor{n->output(0), x.rank}};
    }
    Unsupported("unsupported layer");
  }

  std::string file_;
  int keras_major_ = 2;
  const Weights* weights_;
  pb::ModelProto model_;
  pb::GraphProto* graph_ = nullptr;
  std::set<std::string> used_;
  std::map<std::string, OnnxImportOptions::SourceLayer> sources_;
  std::vector<std::string> problems_;
  int64_t unsupported_ = 0;
  Context ctx_;
};

}  // namespace

int KerasMajor(const std::string& version, int def) {
  if (version.empty() || !std::isdigit(static_cast<unsigned char>(version[0]))) return def;
  return std::atoi(version.c_str());
}

// Translates a parsed model config and imports it.
ErrorOr<ir::Graph> TranslateAndImport(const json& model, const std::string& display_name,
                                      int keras_major, const Weights& weights) {
  if (!model.is_object()) return Error(display_name + ": error: not a Keras model (not an object)");
  if (const json* v = Get(model, "keras_version"); v && v->is_string()) {
    keras_major = KerasMajor(v->get<std::string>(), keras_major);
  }
  Translator t(display_name, keras_major, &weights);
  try {
    t.TranslateTop(model);
  } catch (const LayerFailure& f) {
    return Error(display_name + ": error: " + f.message);
  } catch (const json::exception& e) {
    return Error(display_name + ": error: malformed model config (" + e.what() + ")");
  }
  if (!t.problems().empty()) {
    std::string message;
    for (const std::string& p : t.problems()) message += p + "\n";
    message += display_name + ": " + std::to_string(t.problems().size()) + " problem(s)";
    if (t.unsupported() > 0) message += ", " + std::to_string(t.unsupported()) + " unsupported";
    return Error(message);
  }
  OnnxImportOptions options;
  options.source_layers = t.sources();
  ErrorOr<ir::Graph> g = onnx_import::ImportOnnxModel(t.model(), display_name, options);
  if (!g.ok()) return g.error();
  ir::Graph graph = std::move(g).value();
  graph.source_file = display_name;
  return graph;
}

const std::vector<std::string>& TranslatedClasses() { return Translator::Classes(); }

}  // namespace keras_import

std::vector<std::string> SupportedKerasLayers() {
  std::vector<std::string> c = keras_import::TranslatedClasses();
  std::sort(c.begin(), c.end());
  return c;
}

std::vector<std::string> SupportedQKerasQuantizers() { return keras_import::KnownQuantizers(); }

std::vector<std::string> SupportedKerasActivations() {
  return {"elu",        "exponential", "gelu",     "hard_sigmoid", "hard_silu", "hard_swish",
          "leaky_relu", "linear",      "relu",     "relu6",        "selu",      "sigmoid",
          "silu",       "softmax",     "softplus", "softsign",     "swish",     "tanh"};
}

}  // namespace loom::frontends