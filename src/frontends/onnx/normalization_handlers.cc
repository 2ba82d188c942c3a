// ONNX importer handlers of the normalizations computed per sample and of LogSoftmax, built from
// loom's own ops: mean and variance by reduce_mean, the inverse square root by the log-domain pow
// table (docs/numerics.md, "Log-domain tables"), the per-channel scale and shift as a batch_norm
// where the scale is one value per channel, and log-softmax as x - max - log(sum(exp(x - max))).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "frontends/onnx/importer.h"

namespace loom::frontends::onnx_import {
namespace {

Operand Of(Value* v) { return Operand{v, nullptr}; }

Operand Scalar(double v) {
  return Operand{nullptr, std::make_shared<const Const>(Const{{}, {v}, onnx_const::kFloat})};
}

Value* Reduce(Importer& im, OpKind op, Value* x, const std::vector<int64_t>& axes,
              const std::string& suffix) {
  return im
      .Emit(
          op, {x},
          [&](Node& k) {
            k.attrs.Set("axes", axes);
            k.attrs.Set("keepdims", int64_t{1});
          },
          suffix)
      ->outputs[0];
}

// (x - mean) * (var + epsilon)^(-1/2), mean and var over the per-sample `axes`.
Value* Normalize(Importer& im, Value* x, const std::vector<int64_t>& axes, double epsilon) {
  Value* mean = Reduce(im, OpKind::kReduceMean, x, axes, "mean");
  Value* centered = ElementwiseOf(im, OpKind::kSub, {Of(x), Of(mean)}, nullptr, "centered");
  Value* square = ElementwiseOf(im, OpKind::kMul, {Of(centered), Of(centered)}, nullptr, "square");
  Value* variance = Reduce(im, OpKind::kReduceMean, square, axes, "variance");
  Value* shifted =
      ElementwiseOf(im, OpKind::kAdd, {Of(variance), Scalar(epsilon)}, nullptr, "epsilon");
  Value* inverse =
      im.Emit(
            OpKind::kPow, {shifted}, [](Node& k) { k.attrs.Set("exponent", -0.5); }, "rsqrt")
          ->outputs[0];
  return ElementwiseOf(im, OpKind::kMul, {Of(centered), Of(inverse)}, nullptr, "normalized");
}

// y * scale[c] + bias[c] for one value per channel (channel axis first, or last): a batch_norm.
Value* PerChannel(Importer& im, Value* y, const Const& scale, const Const* bias, bool last) {
  const int64_t c = y->shape.empty() ? 1 : last ? y->shape.back() : y->shape[0];
  if (scale.size() != c || (bias != nullptr && bias->size() != c)) {
    Fail("scale and bias must hold one value per channel (" + std::to_string(c) + ")");
  }
  Tensor s({c}, std::vector<float>(scale.data.begin(), scale.data.end()));
  Tensor b({c}, bias != nullptr ? std::vector<float>(bias->data.begin(), bias->data.end())
                                : std::vector<float>(c, 0.0f));
  return im
      .Emit(
          OpKind::kBatchNorm, {y},
          [&](Node& k) {
            k.params["scale"] = std::move(s);
            k.params["bias"] = std::move(b);
            if (last) k.attrs.Set("channels_last", int64_t{1});
          },
          "affine")
      ->outputs[0];
}

}  // namespace

// LayerNormalization (opset 17): over the axes from `axis` to the last; Scale and B broadcast
// against those axes.
void LayerNormalization(Importer& im) {
  Value* x = im.Val(0);
  const int64_t full = im.FullRank(0);
  const int64_t first = im.Axis(im.AttrInt("axis", -1), full);
  if (im.AttrInt("stash_type", 1) != 1) Unsupported("stash_type other than float");
  if (im.node().output_size() > 1) {
    for (int i = 1; i < im.node().output_size(); ++i) {
      if (!im.node().output(i).empty()) Unsupported("the Mean or InvStdDev output is used");
    }
  }
  std::vector<int64_t> axes;
  for (int64_t a = first; a < static_cast<int64_t>(x->shape.size()); ++a) axes.push_back(a);
  Value* y = Normalize(im, x, axes, im.AttrFloat("epsilon", 1e-5));
  ConstPtr scale = im.ConstIn(1, "Scale");
  ConstPtr bias = im.HasInput(2) ? im.ConstIn(2, "B") : nullptr;
  const bool per_last_axis =
      axes.size() == 1 && scale->shape.size() <= 1 && (bias == nullptr || bias->shape.size() <= 1);
  if (per_last_axis && scale->size() == x->shape.back()) {
    im.Bind(0, PerChannel(im, y, *scale, bias.get(), true));
    return;
  }
  y = ElementwiseOf(im, OpKind::kMul, {Of(y), Operand{nullptr, scale}}, nullptr, "scale");
  if (bias != nullptr) {
    y = ElementwiseOf(im, OpKind::kAdd, {Of(y), Operand{nullptr, bias}}, nullptr, "bias");
  }
  im.Bind(0, y);
}

// InstanceNormalization: per channel over the spatial axes; scale and B per channel.
void InstanceNormalization(Importer& im) {
  Value* x = im.Val(0);
  if (x->shape.size() < 2) Fail("the input needs a channel axis and a spatial axis");
  std::vector<int64_t> axes;
  const int64_t first = im.folding() ? 2 : 1;
  for (int64_t a = first; a < static_cast<int64_t>(x->shape.size()); ++a) axes.push_back(a);
  if (im.folding()) Unsupported("an InstanceNormalization of constants");
  Value* y = Normalize(im, x, axes, im.AttrFloat("epsilon", 1e-5));
  ConstPtr scale = im.ConstIn(1, "scale");
  ConstPtr bias = im.ConstIn(2, "B");
  im.Bind(0, PerChannel(im, y, *scale, bias.get(), false));
}

// LogSoftmax: x - max - log(sum(exp(x - max))) along `axis` (before opset 13 the input is
// flattened at `axis`, which loom supports when that is the last axis).
void LogSoftmax(Importer& im) {
  Value* x = im.Val(0);
  const int64_t full = im.FullRank(0);
  const int64_t axis = im.Axis(im.AttrInt("axis", im.opset() >= 13 ? -1 : 1), full);
  if (im.opset() < 13 && axis != static_cast<int64_t>(x->shape.size()) - 1) {
    Unsupported("a LogSoftmax before opset 13 over more than the last axis");
  }
  Value* top = Reduce(im, OpKind::kReduceMax, x, {axis}, "max");
  Value* shifted = ElementwiseOf(im, OpKind::kSub, {Of(x), Of(top)}, nullptr, "shifted");
  Value* e = im.Emit(OpKind::kExp, {shifted}, nullptr, "exp")->outputs[0];
  Value* sum = Reduce(im, OpKind::kReduceSum, e, {axis}, "sum");
  Value* log = im.Emit(OpKind::kLog, {sum}, nullptr, "log")->outputs[0];
  im.Bind(0, ElementwiseOf(im, OpKind::kSub, {Of(shifted), Of(log)}));
}

}  // namespace loom::frontends::onnx_import
