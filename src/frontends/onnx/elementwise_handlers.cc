// ONNX importer handlers of elementwise and table ops: the one-to-one ops of ops.def's ONNX
// column, arithmetic with broadcasting, Mean, Reciprocal, Softmax, Pow, Clip, PRelu.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "frontends/onnx/importer.h"

namespace loom::frontends::onnx_import {

// An op the table maps one to one from ONNX (ops.def's ONNX column): its input, and every
// attribute the table declares read from the ONNX node with the table's (ONNX's) default.
void Direct(Importer& im, OpKind op) {
  Node* n = im.Emit(op, {im.Val(0)}, [&](Node& node) {
    for (const ir::AttrSpec& a : ir::Info(op).attrs) {
      const std::string name(a.name);
      switch (a.kind) {
        case ir::AttrKind::kFloat:
          node.attrs.Set(name, im.AttrFloat(name, a.number));
          break;
        case ir::AttrKind::kInt:
          node.attrs.Set(name, im.AttrInt(name, static_cast<int64_t>(a.number)));
          break;
        case ir::AttrKind::kString: {
          std::string v = im.AttrString(name, std::string(a.text));
          if (!ir::IsValidChoice(a, v)) {
            Fail(name + " '" + v + "' is not valid; valid: " + ir::ChoicesText(a));
          }
          node.attrs.Set(name, v);
          break;
        }
        case ir::AttrKind::kInts:
        case ir::AttrKind::kFloats:
          LOOM_CHECK_MSG(false, "ops.def: a list attribute on an op mapped one to one from ONNX");
      }
    }
  });
  im.Bind(0, n->outputs[0]);
}

// Per-sample shape a constant takes when it meets values of the given full rank.
Shape ConstSampleShape(Importer& im, const Const& c, int64_t full_rank) {
  return im.BroadcastParam(c, full_rank, "constant operand").shape;
}

Value* ElementwiseOf(Importer& im, OpKind op, const std::vector<Operand>& operands,
                     const Importer::NodeInit& init, const std::string& suffix) {
  const int64_t offset = im.folding() ? 0 : 1;
  auto full_rank_of = [&](const Operand& o) {
    return o.value ? static_cast<int64_t>(o.value->shape.size()) + offset
                   : static_cast<int64_t>(o.constant->shape.size());
  };
  int64_t full_rank = 0;
  for (const Operand& o : operands) full_rank = std::max(full_rank, full_rank_of(o));
  std::vector<Value*> ins;
  for (size_t i = 0; i < operands.size(); ++i) {
    const Operand& o = operands[i];
    Value* v;
    if (o.value) {
      v = o.value;
      if (!im.folding() && full_rank_of(o) != full_rank) {
        Unsupported("operands of different ranks would broadcast across the batch axis");
      }
    } else {
      v = im.ConstantNode(*o.constant, ConstSampleShape(im, *o.constant, full_rank),
                          suffix + "operand" + std::to_string(i));
    }
    ins.push_back(v);
  }
  if (ins.empty()) Fail("no inputs");
  return im.Emit(op, ins, init, suffix)->outputs[0];
}

// The node's inputs (values or constants, broadcast) into one `op` node; returns its output.
Value* ElementwiseValue(Importer& im, OpKind op) {
  std::vector<Operand> operands;
  for (int i = 0; i < im.num_inputs(); ++i) {
    if (im.HasInput(i)) operands.push_back(im.Input(i));
  }
  return ElementwiseOf(im, op, operands);
}

Handler Elementwise(OpKind op) {
  return [op](Importer& im) { im.Bind(0, ElementwiseValue(im, op)); };
}

// ---------------------------------------------------------------------------------------------
// Comparisons and boolean logic on computed values (docs/numerics.md, "Elementwise arithmetic and
// merges"): a comparison is op compare, 1 or 0; the boolean ops are exact arithmetic on those.

Handler Compare(const char* kind) {
  return [kind](Importer& im) {
    if (im.num_inputs() != 2 || !im.HasInput(0) || !im.HasInput(1)) Fail("takes 2 inputs");
    Value* y = ElementwiseOf(im, OpKind::kCompare, {im.Input(0), im.Input(1)},
                             [&](Node& n) { n.attrs.Set("kind", std::string(kind)); });
    im.MarkBoolean(y);
    im.Bind(0, y);
  };
}

namespace {

// The operand `o`, which must hold only 0 and 1 (a comparison's result), else the node is refused.
const Operand& Condition(Importer& im, int i, const char* what) {
  if (!im.HasInput(i)) Fail(std::string(what) + " is missing");
  const Operand& o = im.Input(i);
  if (!im.IsBoolean(o)) {
    Unsupported(std::string(what) +
                " is not the result of a comparison (loom computes boolean ops only on the 0/1 "
                "results of Greater, Less, Equal and the ops built on them)");
  }
  return o;
}

Operand ConstOperand(double v) {
  return Operand{nullptr, std::make_shared<const Const>(Const{{}, {v}, onnx_const::kFloat})};
}

// 1 - c for a 0/1 operand.
Value* Negation(Importer& im, const Operand& c, const std::string& suffix) {
  Value* y = ElementwiseOf(im, OpKind::kSub, {ConstOperand(1.0), c}, nullptr, suffix);
  im.MarkBoolean(y);
  return y;
}

bool IsZeroScalar(const Operand& o) {
  return o.constant && o.constant->data.size() == 1 && o.constant->data[0] == 0.0;
}

}  // namespace

void Not(Importer& im) { im.Bind(0, Negation(im, Condition(im, 0, "Not's input"), "")); }

// And: a * b; Or: max(a, b); Xor: |a - b|.
Handler Logical(const char* op) {
  return [op](Importer& im) {
    std::string name(op);
    const Operand& a = Condition(im, 0, (name + "'s first input").c_str());
    const Operand& b = Condition(im, 1, (name + "'s second input").c_str());
    Value* y = nullptr;
    if (name == "And") {
      y = ElementwiseOf(im, OpKind::kMul, {a, b});
    } else if (name == "Or") {
      y = ElementwiseOf(im, OpKind::kMax, {a, b});
    } else {
      Value* d = ElementwiseOf(im, OpKind::kSub, {a, b}, nullptr, "difference");
      y = im.Emit(OpKind::kAbs, {d})->outputs[0];
    }
    im.MarkBoolean(y);
    im.Bind(0, y);
  };
}

// Where(c, a, b) = c * a + (1 - c) * b: one product is 0, so the sum is exact; a scalar 0 branch
// (ReLU-like thresholds) drops its product.
void Where(Importer& im) {
  const Operand& c = Condition(im, 0, "Where's condition");
  if (!im.HasInput(1) || !im.HasInput(2)) Fail("takes 3 inputs");
  const Operand& a = im.Input(1);
  const Operand& b = im.Input(2);
  std::vector<Value*> terms;
  if (!IsZeroScalar(a) || IsZeroScalar(b)) {
    terms.push_back(ElementwiseOf(im, OpKind::kMul, {c, a}, nullptr, "then"));
  }
  if (!IsZeroScalar(b)) {
    Value* not_c = Negation(im, c, "not");
    terms.push_back(ElementwiseOf(im, OpKind::kMul, {Operand{not_c, nullptr}, b}, nullptr, "else"));
  }
  Value* y = terms[0];
  if (terms.size() == 2) {
    y = ElementwiseOf(im, OpKind::kAdd, {Operand{terms[0], nullptr}, Operand{terms[1], nullptr}});
  }
  if (im.IsBoolean(a) && im.IsBoolean(b)) im.MarkBoolean(y);
  im.Bind(0, y);
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
  im.Bind(0, im.Emit(OpKind::kDiv, {sum, divisor}, nullptr, "divide")->outputs[0]);
}

// 1 / x: a division of the constant 1 by x (loom's divider; see docs/numerics.md).
void Reciprocal(Importer& im) {
  Value* x = im.Val(0);
  Const one{{}, {1.0}, onnx_const::kFloat};
  Value* numerator = im.ConstantNode(one, Shape{}, "one");
  im.Bind(0, im.Emit(OpKind::kDiv, {numerator, x})->outputs[0]);
}

void Softmax(Importer& im) {
  Value* x = im.Val(0);
  int64_t full = static_cast<int64_t>(x->shape.size()) + (im.folding() ? 0 : 1);
  int64_t def = im.opset() >= 13 ? -1 : 1;
  int64_t axis = im.Axis(im.AttrInt("axis", def), full);
  if (im.opset() >= 13 || axis == static_cast<int64_t>(x->shape.size()) - 1) {
    Node* n = im.Emit(OpKind::kSoftmax, {x}, [&](Node& k) { k.attrs.Set("axis", axis); });
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
  Node* n = im.Emit(OpKind::kSoftmax, {f},
                    [&](Node& k) { k.attrs.Set("axis", static_cast<int64_t>(flat.size()) - 1); });
  im.Bind(0, ReshapeTo(im, n->outputs[0], shape, "unflatten"));
}

// Pow of data by a constant exponent: whole exponents 1 to 4 by repeated exact multiplication
// (x * x, ...), so x^2 costs one multiplier and no table; -1 as a reciprocal (loom's divider);
// any exponent that is not a whole number by a log-domain table (op pow). Other whole exponents
// are refused.
void Pow(Importer& im) {
  Value* x = im.Val(0);
  ConstPtr e = im.ConstIn(1, "exponent");
  double k = First(*e, "exponent");
  for (float v : e->data) {
    if (v != e->data[0]) Unsupported("an exponent that differs per element");
  }
  if (k == -1) {
    Reciprocal(im);
    return;
  }
  if (k != std::floor(k)) {
    Node* n = im.Emit(OpKind::kPow, {x}, [&](Node& p) { p.attrs.Set("exponent", k); });
    im.Bind(0, n->outputs[0]);
    return;
  }
  if (k < 1 || k > 4) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", k);
    Unsupported(std::string("whole exponent ") + text +
                " on data; loom computes whole exponents 1 to 4 as multiplications, -1 as a "
                "reciprocal and exponents that are not whole numbers by table");
  }
  Value* y = x;
  for (int i = 1; i < static_cast<int>(k); ++i) {
    y = im.Emit(OpKind::kMul, {y, x}, nullptr, "times_x" + std::to_string(i))->outputs[0];
  }
  im.Bind(0, y);
}

void Clip(Importer& im) {
  Value* x = im.Val(0);
  Node* n = im.Emit(OpKind::kClip, {x}, [&](Node& k) {
    if (im.opset() < 11) {
      if (im.HasAttr("min")) k.attrs.Set("min", im.AttrFloat("min", 0));
      if (im.HasAttr("max")) k.attrs.Set("max", im.AttrFloat("max", 0));
    } else {
      if (im.HasInput(1)) k.attrs.Set("min", First(*im.ConstIn(1, "min"), "min"));
      if (im.HasInput(2)) k.attrs.Set("max", First(*im.ConstIn(2, "max"), "max"));
    }
  });
  im.Bind(0, n->outputs[0]);
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
  Node* n = im.Emit(OpKind::kPRelu, {x, slope});
  if (n->outputs[0]->shape != x->shape) {
    Fail("slope " + ShapeText(slope->shape) + " does not broadcast to " + ShapeText(x->shape));
  }
  im.Bind(0, n->outputs[0]);
}

}  // namespace loom::frontends::onnx_import
