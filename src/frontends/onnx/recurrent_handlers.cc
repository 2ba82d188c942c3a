// ONNX importer handlers of the recurrent ops (RNN, GRU, LSTM), unrolled over the sequence into
// loom's own ops: the input projection of every step as one dense layer, then per step a dense
// layer of the hidden state, slices for the gates, the gate activations and exact products and
// sums. The float engine, the emulator and the HLS backend then need nothing of their own, and
// every step is a layer with its own types (hls4ml's recurrent layers share one type per gate).
//
// Read: one forward or reverse direction; layout 1 (batch first, as the Keras reader writes it),
// or layout 0 with a sequence of length 1; initial_h/initial_c as constants; the
// activations Sigmoid, Tanh, Relu, HardSigmoid, LeakyRelu, Elu, Softsign, Softplus; LSTM
// peepholes; constant sequence_lens of the full length. Refused, with a message: bidirectional,
// shorter sequence_lens, clip, input_forget, layout 0 sequences longer than 1 (loom's batch axis
// would be the sequence).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "frontends/onnx/importer.h"

namespace loom::frontends::onnx_import {
namespace {

Operand Of(Value* v) { return Operand{v, nullptr}; }

struct Activation {
  std::string name;
  double alpha = 0;
  double beta = 0;
};

// The node's `activations` with their alpha/beta (consumed in order by the activations that take
// them), or the op's defaults.
std::vector<Activation> Activations(Importer& im, const std::vector<std::string>& defaults) {
  std::vector<Activation> out;
  const pb::AttributeProto* names = nullptr;
  for (const pb::AttributeProto& a : im.node().attribute()) {
    if (a.name() == "activations") names = &a;
  }
  std::vector<double> alphas = im.AttrFloats("activation_alpha");
  std::vector<double> betas = im.AttrFloats("activation_beta");
  size_t ai = 0, bi = 0;
  for (size_t k = 0; k < defaults.size(); ++k) {
    Activation act;
    act.name = names != nullptr && static_cast<int>(k) < names->strings_size() ? names->strings(k)
                                                                               : defaults[k];
    double def_alpha = act.name == "HardSigmoid" ? 0.2 : act.name == "LeakyRelu" ? 0.01 : 1.0;
    double def_beta = act.name == "HardSigmoid" ? 0.5 : 0.0;
    bool takes_alpha = act.name == "HardSigmoid" || act.name == "LeakyRelu" || act.name == "Elu";
    act.alpha = takes_alpha && ai < alphas.size() ? alphas[ai++] : def_alpha;
    act.beta = act.name == "HardSigmoid" && bi < betas.size() ? betas[bi++] : def_beta;
    out.push_back(act);
  }
  return out;
}

Value* Apply(Importer& im, const Activation& a, Value* x, const std::string& suffix) {
  auto unary = [&](OpKind op, const Importer::NodeInit& init = nullptr) {
    return im.Emit(op, {x}, init, suffix)->outputs[0];
  };
  if (a.name == "Sigmoid") return unary(OpKind::kSigmoid);
  if (a.name == "Tanh") return unary(OpKind::kTanh);
  if (a.name == "Relu") return unary(OpKind::kRelu);
  if (a.name == "Softsign") return unary(OpKind::kSoftsign);
  if (a.name == "Softplus") return unary(OpKind::kSoftplus);
  if (a.name == "HardSigmoid") {
    return unary(OpKind::kHardSigmoid, [&](Node& k) {
      k.attrs.Set("alpha", a.alpha);
      k.attrs.Set("beta", a.beta);
    });
  }
  if (a.name == "LeakyRelu") {
    return unary(OpKind::kLeakyRelu, [&](Node& k) { k.attrs.Set("alpha", a.alpha); });
  }
  if (a.name == "Elu") return unary(OpKind::kElu, [&](Node& k) { k.attrs.Set("alpha", a.alpha); });
  Unsupported(
      "the recurrent activation '" + a.name +
      "' (loom reads Sigmoid, Tanh, Relu, HardSigmoid, LeakyRelu, Elu, Softsign, Softplus)");
}

// One direction's matrix [G*H, K] of an ONNX weight input as a dense weight [K, G*H].
Tensor DenseWeight(const Const& w, int64_t rows, int64_t cols, const char* what) {
  if (w.shape != Shape{1, rows, cols}) {
    Fail(std::string(what) + " of shape " + ShapeText(w.shape) + ", expected " +
         ShapeText(Shape{1, rows, cols}));
  }
  std::vector<float> t(rows * cols);
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t c = 0; c < cols; ++c) t[c * rows + r] = static_cast<float>(w.data[r * cols + c]);
  }
  return Tensor({cols, rows}, std::move(t));
}

class Unroller {
 public:
  Unroller(Importer& im, int64_t gates, const std::vector<std::string>& default_activations)
      : im_(im), gates_(gates) {
    hidden_ = im.AttrInt("hidden_size", 0);
    const std::string direction = im.AttrString("direction", "forward");
    if (direction != "forward" && direction != "reverse") {
      Unsupported("direction '" + direction + "' (loom reads forward and reverse)");
    }
    reverse_ = direction == "reverse";
    if (im.HasAttr("clip")) Unsupported("'clip' (cell clipping)");
    if (im.AttrInt("input_forget", 0) != 0) Unsupported("input_forget");
    activations_ = Activations(im, default_activations);
    layout_ = im.AttrInt("layout", 0);
    if (im.folding()) Unsupported("a recurrent op on constants");
    Value* x = im.Val(0);
    if (x->shape.size() != 2) {
      Fail("X has rank " + std::to_string(x->shape.size() + 1) + "; recurrent ops take rank 3");
    }
    x_ = x;
    if (layout_ == 0) {
      // [sequence, batch, input]: loom's batch axis is the sequence, so a sequence of length 1
      // (a batch of 1 in loom's terms) is read as one step over the rows [batch, input].
      if (im.batch() != 1) {
        Unsupported(
            "layout 0 ([sequence, batch, input]) with a sequence longer than 1: the "
            "sequence is on loom's batch axis; export with layout 1 (batch first)");
      }
      steps_ = 1;
      rows_ = x->shape[0];
    } else if (layout_ == 1) {
      steps_ = x->shape[0];
    } else {
      Fail("layout " + std::to_string(layout_));
    }
    input_size_ = x->shape[1];
    if (im.HasInput(4)) {  // read when every sequence has the full length
      ConstPtr lens = im.ConstIn(4, "sequence_lens");
      for (double v : lens->data) {
        if (v != static_cast<double>(layout_ == 0 ? 1 : steps_)) {
          Unsupported(
              "sequence_lens shorter than the sequence (every sequence must have the full "
              "length)");
        }
      }
    }
    if (hidden_ <= 0) Fail("hidden_size must be positive");
    Small({hidden_, steps_, input_size_}, "sizes");
    w_ = DenseWeight(*im.ConstIn(1, "W"), gates_ * hidden_, input_size_, "W");
    r_ = DenseWeight(*im.ConstIn(2, "R"), gates_ * hidden_, hidden_, "R");
    if (im.HasInput(3)) {
      ConstPtr b = im.ConstIn(3, "B");
      if (b->shape != Shape{1, 2 * gates_ * hidden_}) {
        Fail("B of shape " + ShapeText(b->shape) + ", expected " +
             ShapeText(Shape{1, 2 * gates_ * hidden_}));
      }
      wb_.assign(b->data.begin(), b->data.begin() + gates_ * hidden_);
      rb_.assign(b->data.begin() + gates_ * hidden_, b->data.end());
    } else {
      wb_.assign(gates_ * hidden_, 0.0);
      rb_.assign(gates_ * hidden_, 0.0);
    }
    h_ = InitialState(5, "initial_h");
  }

  int64_t hidden() const { return hidden_; }
  int64_t steps() const { return steps_; }
  bool reverse() const { return reverse_; }
  const Activation& activation(size_t k) const { return activations_.at(k); }
  const std::vector<double>& rb() const { return rb_; }
  Value* h() const { return h_; }
  void set_h(Value* h) { h_ = h; }

  // A constant initial state (input i), or nullptr for zeros.
  Value* InitialState(int i, const char* what) {
    if (!im_.HasInput(i)) return nullptr;
    ConstPtr c = im_.ConstIn(i, what);
    const Shape state = layout_ == 0 ? Shape{rows_, hidden_} : Shape{hidden_};
    if (c->size() != ir::NumElements(state)) {
      Fail(std::string(what) + " of shape " + ShapeText(c->shape) + " for hidden_size " +
           std::to_string(hidden_));
    }
    bool zero = true;
    for (double v : c->data) zero = zero && v == 0.0;
    return zero ? nullptr : im_.ConstantNode(*c, state, what);
  }

  // x W^T + bias for every step at once: [steps, G*H]; `with_rb` selects the gates whose R bias
  // joins the input bias (all but GRU's hidden gate with linear_before_reset).
  void Project(const std::vector<bool>& with_rb) {
    std::vector<float> bias(gates_ * hidden_);
    for (int64_t g = 0; g < gates_; ++g) {
      for (int64_t j = 0; j < hidden_; ++j) {
        const int64_t k = g * hidden_ + j;
        bias[k] = static_cast<float>(wb_[k] + (with_rb[g] ? rb_[k] : 0.0));
      }
    }
    xw_ = im_.Emit(
                 OpKind::kDense, {x_},
                 [&](Node& k) {
                   k.params["weight"] = w_;
                   k.params["bias"] = Tensor({gates_ * hidden_}, bias);
                 },
                 "input_projection")
              ->outputs[0];
  }

  // Step t's projected input, [G*H].
  Value* InputAt(int64_t t) {
    if (layout_ == 0) return xw_;  // one step over the rows
    const std::string s = "t" + std::to_string(t);
    Node* n = im_.Emit(
        OpKind::kSlice, {xw_},
        [&](Node& k) {
          k.attrs.Set("starts", std::vector<int64_t>{t});
          k.attrs.Set("ends", std::vector<int64_t>{t + 1});
          k.attrs.Set("axes", std::vector<int64_t>{0});
          k.attrs.Set("steps", std::vector<int64_t>{1});
        },
        s + "/input");
    return ReshapeTo(im_, n->outputs[0], {gates_ * hidden_}, s + "/input_row");
  }

  // h R^T restricted to gates [from, to) (no bias), [(to - from) * H]; h may be nullptr (zeros).
  Value* Recurrent(Value* h, int64_t from, int64_t to, const std::string& suffix) {
    if (h == nullptr) return nullptr;
    std::vector<float> w;
    const int64_t cols = (to - from) * hidden_;
    w.reserve(hidden_ * cols);
    for (int64_t r = 0; r < hidden_; ++r) {
      for (int64_t c = 0; c < cols; ++c)
        w.push_back(r_.data[r * gates_ * hidden_ + from * hidden_ + c]);
    }
    return im_
        .Emit(
            OpKind::kDense, {h},
            [&](Node& k) {
              k.params["weight"] = Tensor({hidden_, cols}, w);
            },
            suffix)
        ->outputs[0];
  }

  // Gates [from, to) of a [G*H] (or narrower, starting at gate `base`) vector.
  Value* Gate(Value* v, int64_t g, int64_t base, const std::string& suffix) {
    Node* n = im_.Emit(
        OpKind::kSlice, {v},
        [&](Node& k) {
          k.attrs.Set("starts", std::vector<int64_t>{(g - base) * hidden_});
          k.attrs.Set("ends", std::vector<int64_t>{(g - base + 1) * hidden_});
          k.attrs.Set("axes", std::vector<int64_t>{static_cast<int64_t>(v->shape.size()) - 1});
          k.attrs.Set("steps", std::vector<int64_t>{1});
        },
        suffix);
    return n->outputs[0];
  }

  Value* Add(Value* a, Value* b, const std::string& suffix) {
    if (a == nullptr) return b;
    if (b == nullptr) return a;
    return ElementwiseOf(im_, OpKind::kAdd, {Of(a), Of(b)}, nullptr, suffix);
  }
  Value* Mul(Value* a, Value* b, const std::string& suffix) {
    return ElementwiseOf(im_, OpKind::kMul, {Of(a), Of(b)}, nullptr, suffix);
  }
  // 1 - z, exactly.
  Value* OneMinus(Value* z, const std::string& suffix) {
    auto one = std::make_shared<const Const>(Const{{}, {1.0}, onnx_const::kFloat});
    return ElementwiseOf(im_, OpKind::kSub, {Operand{nullptr, one}, Of(z)}, nullptr, suffix);
  }

  // Binds Y and Y_h (and Y_c) from the steps' states. Per sample, layout 1: Y [seq, 1, H], Y_h
  // [1, H]; layout 0 (one step over `rows` rows): Y [1, rows, H], Y_h [rows, H].
  void BindOutputs(const std::vector<Value*>& states, Value* last_c) {
    const pb::NodeProto& n = im_.node();
    const Shape state = layout_ == 0 ? Shape{rows_, hidden_} : Shape{1, hidden_};
    if (n.output_size() > 0 && !n.output(0).empty()) {
      std::vector<Value*> rows;
      for (int64_t t = 0; t < steps_; ++t) {
        Value* s = states[reverse_ ? steps_ - 1 - t : t];
        Shape one = state;
        one.insert(one.begin(), 1);
        rows.push_back(ReshapeTo(im_, s, one, "y" + std::to_string(t)));
      }
      Value* y = rows.size() == 1 ? rows[0]
                                  : im_.Emit(
                                           OpKind::kConcat, rows,
                                           [](Node& k) { k.attrs.Set("axis", int64_t{0}); }, "y")
                                        ->outputs[0];
      im_.Bind(0, y);
    }
    if (n.output_size() > 1 && !n.output(1).empty()) {
      im_.Bind(1, ReshapeTo(im_, states.back(), state, "y_h"));
    }
    if (n.output_size() > 2 && !n.output(2).empty()) {
      if (last_c == nullptr) Fail("Y_c asked of an op with no cell state");
      im_.Bind(2, ReshapeTo(im_, last_c, state, "y_c"));
    }
  }

 private:
  Importer& im_;
  int64_t gates_;
  int64_t hidden_ = 0;
  int64_t steps_ = 0;
  int64_t input_size_ = 0;
  int64_t layout_ = 0;
  int64_t rows_ = 0;  // layout 0: the ONNX batch, as rows of one step
  bool reverse_ = false;
  std::vector<Activation> activations_;
  Value* x_ = nullptr;
  Value* xw_ = nullptr;
  Value* h_ = nullptr;
  Tensor w_;
  Tensor r_;
  std::vector<double> wb_;
  std::vector<double> rb_;
};

std::vector<int64_t> Order(const Unroller& u) {
  std::vector<int64_t> t;
  for (int64_t i = 0; i < u.steps(); ++i) t.push_back(u.reverse() ? u.steps() - 1 - i : i);
  return t;
}

}  // namespace

// RNN: h = f(x W^T + Wb + h R^T + Rb).
void Rnn(Importer& im) {
  Unroller u(im, 1, {"Tanh"});
  u.Project({true});
  std::vector<Value*> states;
  for (int64_t t : Order(u)) {
    const std::string s = "t" + std::to_string(t);
    Value* z = u.Add(u.InputAt(t), u.Recurrent(u.h(), 0, 1, s + "/recurrent"), s + "/sum");
    u.set_h(Apply(im, u.activation(0), z, s + "/h"));
    states.push_back(u.h());
  }
  u.BindOutputs(states, nullptr);
}

// LSTM, gates i o f c: i, o, f = f(.); c~ = g(.); c = f * c + i * c~; h = o * h(c). With
// peepholes P = [Pi, Po, Pf]: i and f add P * (the previous c), o adds Po * (the new c).
void Lstm(Importer& im) {
  Unroller u(im, 4, {"Sigmoid", "Tanh", "Tanh"});
  const int64_t hs = u.hidden();
  std::vector<ConstPtr> peep;  // Pi, Po, Pf as [H] constants, or empty
  if (im.HasInput(7)) {
    ConstPtr p = im.ConstIn(7, "P");
    if (p->shape != Shape{1, 3 * hs}) {
      Fail("P of shape " + ShapeText(p->shape) + ", expected " + ShapeText(Shape{1, 3 * hs}));
    }
    for (int64_t k = 0; k < 3; ++k) {
      peep.push_back(std::make_shared<const Const>(
          Const{{hs},
                std::vector<double>(p->data.begin() + k * hs, p->data.begin() + (k + 1) * hs),
                onnx_const::kFloat}));
    }
  }
  // z + P * c (z unchanged without peepholes or a state).
  auto peephole = [&](Value* z, int k, Value* c, const std::string& suffix) {
    if (peep.empty() || c == nullptr) return z;
    Value* pc = ElementwiseOf(im, OpKind::kMul, {Operand{nullptr, peep[k]}, Of(c)}, nullptr,
                              suffix + "_peephole");
    return u.Add(z, pc, suffix + "_with_peephole");
  };
  Value* c = u.InitialState(6, "initial_c");
  u.Project({true, true, true, true});
  std::vector<Value*> states;
  for (int64_t t : Order(u)) {
    const std::string s = "t" + std::to_string(t);
    Value* z = u.Add(u.InputAt(t), u.Recurrent(u.h(), 0, 4, s + "/recurrent"), s + "/sum");
    Value* i =
        Apply(im, u.activation(0), peephole(u.Gate(z, 0, 0, s + "/zi"), 0, c, s + "/zi"), s + "/i");
    Value* f =
        Apply(im, u.activation(0), peephole(u.Gate(z, 2, 0, s + "/zf"), 2, c, s + "/zf"), s + "/f");
    Value* g = Apply(im, u.activation(1), u.Gate(z, 3, 0, s + "/zc"), s + "/g");
    Value* ig = u.Mul(i, g, s + "/i_g");
    c = c == nullptr ? ig : u.Add(u.Mul(f, c, s + "/f_c"), ig, s + "/c");
    Value* o =
        Apply(im, u.activation(0), peephole(u.Gate(z, 1, 0, s + "/zo"), 1, c, s + "/zo"), s + "/o");
    u.set_h(u.Mul(o, Apply(im, u.activation(2), c, s + "/c_act"), s + "/h"));
    states.push_back(u.h());
  }
  u.BindOutputs(states, c);
}

// GRU, gates z r h: z, r = f(.); h~ = g(x Wh + (r * h) Rh + Rbh), or with linear_before_reset
// g(x Wh + r * (h Rh + Rbh)); h = (1 - z) * h~ + z * h.
void Gru(Importer& im) {
  const bool before_reset = im.AttrInt("linear_before_reset", 0) != 0;
  Unroller u(im, 3, {"Sigmoid", "Tanh"});
  u.Project({true, true, false});
  const int64_t hs = u.hidden();
  std::vector<float> rbh(u.rb().begin() + 2 * hs, u.rb().end());
  bool rbh_zero = true;
  for (float v : rbh) rbh_zero = rbh_zero && v == 0.0f;
  std::vector<Value*> states;
  for (int64_t t : Order(u)) {
    const std::string s = "t" + std::to_string(t);
    Value* x = u.InputAt(t);
    Value* h = u.h();
    Value* zr = u.Add(nullptr, u.Recurrent(h, 0, 2, s + "/recurrent_zr"), s + "/rzr");
    Value* z_in = u.Gate(x, 0, 0, s + "/xz");
    Value* r_in = u.Gate(x, 1, 0, s + "/xr");
    Value* xh = u.Gate(x, 2, 0, s + "/xh");
    if (zr != nullptr) {
      z_in = u.Add(z_in, u.Gate(zr, 0, 0, s + "/hz"), s + "/sum_z");
      r_in = u.Add(r_in, u.Gate(zr, 1, 0, s + "/hr"), s + "/sum_r");
    }
    Value* z = Apply(im, u.activation(0), z_in, s + "/z");
    Value* r = Apply(im, u.activation(0), r_in, s + "/r");
    Value* hh = nullptr;  // the recurrent part of the hidden gate
    Value* rbh_v =
        rbh_zero ? nullptr
                 : im.ConstantNode(
                       Const{{hs}, std::vector<double>(rbh.begin(), rbh.end()), onnx_const::kFloat},
                       {hs}, s + "/rbh");
    if (before_reset) {
      Value* lin = u.Add(u.Recurrent(h, 2, 3, s + "/recurrent_h"), rbh_v, s + "/lin");
      if (lin != nullptr) hh = u.Mul(r, lin, s + "/r_lin");
    } else {
      Value* rh = h == nullptr ? nullptr : u.Mul(r, h, s + "/r_h");
      hh = u.Add(u.Recurrent(rh, 2, 3, s + "/recurrent_h"), rbh_v, s + "/hh");
    }
    Value* cand = Apply(im, u.activation(1), u.Add(xh, hh, s + "/sum_h"), s + "/candidate");
    Value* keep = u.Mul(u.OneMinus(z, s + "/one_minus_z"), cand, s + "/new");
    u.set_h(h == nullptr ? keep : u.Add(keep, u.Mul(z, h, s + "/z_h"), s + "/h"));
    states.push_back(u.h());
  }
  u.BindOutputs(states, nullptr);
}

}  // namespace loom::frontends::onnx_import
