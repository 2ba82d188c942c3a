// ONNX importer handlers of quantizers: QONNX Quant/BipolarQuant/Trunc/FloatQuant and
// QuantizeLinear/DequantizeLinear.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "frontends/onnx/importer.h"

namespace loom::frontends::onnx_import {

// QONNX Quant / BipolarQuant / Trunc: x quantized with constant parameters.
void QonnxQuant(Importer& im, OpKind op) {
  Value* x = im.Val(0);
  int64_t full = static_cast<int64_t>(x->shape.size()) + (im.folding() ? 0 : 1);
  Node* n = im.Emit(op, {x});  // a quantizer keeps its input's shape
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
    // Trunc version 1 (X, scale, zeropt, in_bitwidth, out_bitwidth): the output keeps the input's
    // scale. Version 2 adds an output scale before out_bitwidth (six inputs).
    if (im.num_inputs() > 5) {
      Unsupported(
          "the Trunc form with an output scale (QONNX Trunc version 2; loom reads version 1)");
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
  Node* n = im.Emit(quantize ? OpKind::kQuantizeLinear : OpKind::kDequantizeLinear, {x});
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

}  // namespace loom::frontends::onnx_import
