// ONNX importer handlers of the pool family: MaxPool, AveragePool, global pools, Reduce*.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "frontends/onnx/importer.h"

namespace loom::frontends::onnx_import {

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
  Node* n = im.Emit(op, {x}, [&](Node& k) {
    k.attrs.Set("kernel_shape", kernel);
    k.attrs.Set("strides", strides);
    k.attrs.Set("pads", win.pads);
    k.attrs.Set("dilations", dil);
    k.attrs.Set("ceil_mode", static_cast<int64_t>(ceil_mode));
    if (op == OpKind::kAveragePool) {
      k.attrs.Set("count_include_pad", im.AttrInt("count_include_pad", 0));
    }
  });
  Value* y = n->outputs[0];
  if (channels_last) y = ToChannelsLast(im, y);
  im.Bind(0, y);
}

void GlobalPool(Importer& im, OpKind op) {
  Node* n = im.Emit(op, {im.Val(0)});
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
  Node* n = im.Emit(op, {x}, [&](Node& k) {
    k.attrs.Set("axes", p_axes);
    k.attrs.Set("keepdims", static_cast<int64_t>(keep));
  });
  im.Bind(0, n->outputs[0]);
}

// ReduceMean, ReduceMax, ReduceSum: 'axes' is an input from opset 18 (ReduceSum: 13).
Handler Reduce(OpKind op) {
  return [op](Importer& im) { ReduceImpl(im, op); };
}

}  // namespace loom::frontends::onnx_import
