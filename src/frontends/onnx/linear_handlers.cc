// ONNX importer handlers of the linear family: Gemm, MatMul, Conv, ConvTranspose,
// BatchNormalization (and the channels-last forms of QONNX).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "frontends/onnx/importer.h"

namespace loom::frontends::onnx_import {

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
  Node* node = im.Emit(OpKind::kDense, {a}, [&](Node& d) { d.params["weight"] = std::move(w); });
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
    Node* n =
        im.Emit(OpKind::kDense, {a}, [&](Node& d) { d.params["weight"] = ToTensor(w, w.shape); });
    im.Bind(0, n->outputs[0]);
    return;
  }
  Value* bv = im.Val(1);
  Shape sa = a->shape;
  Shape sb = bv->shape;
  if (sa.size() < 2 || sb.size() < 2) Unsupported("matmul of 1-D operands per sample");
  Node* n = im.Emit(OpKind::kMatMul, {a, bv});
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
  for (int64_t i = 0; i + 1 < r; ++i) perm.push_back(i);
  Node* tr = im.Emit(
      OpKind::kTranspose, {x}, [&](Node& t) { t.attrs.Set("perm", perm); }, "to_channels_first");
  return tr->outputs[0];
}

Value* ToChannelsLast(Importer& im, Value* y) {
  int64_t r = static_cast<int64_t>(y->shape.size());
  std::vector<int64_t> perm;
  for (int64_t i = 1; i < r; ++i) perm.push_back(i);
  perm.push_back(0);
  Node* tr = im.Emit(
      OpKind::kTranspose, {y}, [&](Node& t) { t.attrs.Set("perm", perm); }, "to_channels_last");
  return tr->outputs[0];
}

// The weight, optional bias (input 2, one value per output channel) and window attributes that
// conv and conv_transpose nodes share.
void SetConvOperands(Importer& im, Node& n, const Const& w, int64_t out_channels,
                     const std::vector<int64_t>& strides, const std::vector<int64_t>& pads,
                     const std::vector<int64_t>& dilations) {
  n.params["weight"] = ToTensor(w, w.shape);
  if (im.HasInput(2)) {
    ConstPtr b = im.ConstIn(2, "B");
    if (b->size() != out_channels) {
      Fail("B must have " + std::to_string(out_channels) + " values");
    }
    n.params["bias"] = ToTensor(*b, {out_channels});
  }
  n.attrs.Set("strides", strides);
  n.attrs.Set("pads", pads);
  n.attrs.Set("dilations", dilations);
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
  Node* n = im.Emit(OpKind::kConv, {x}, [&](Node& k) {
    SetConvOperands(im, k, *w, m, strides, win.pads, dil);
    k.attrs.Set("group", group);
  });
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
  // output_shape and SAME auto_pad fix the output size; the pads follow from it.
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
    }
  }
  Node* n = im.Emit(OpKind::kConvTranspose, {x}, [&](Node& k) {
    SetConvOperands(im, k, *w, m, strides, pads, dil);
    k.attrs.Set("group", group);
    k.attrs.Set("output_padding", opad);
  });
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
  Node* n = im.Emit(OpKind::kBatchNorm, {x}, [&](Node& k) {
    k.params["scale"] = std::move(scale);
    k.params["bias"] = std::move(bias);
    if (channels_last) k.attrs.Set("channels_last", int64_t{1});
  });
  return n->outputs[0];
}

void BatchNorm(Importer& im) { im.Bind(0, BatchNormOn(im, im.Val(0), false)); }

}  // namespace loom::frontends::onnx_import
