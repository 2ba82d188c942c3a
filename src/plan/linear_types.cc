// The linear family's type rules: dense, conv, conv_transpose, matmul, batch_norm and linear
// resize, with hls4ml's cast points (see docs/numerics.md, "Dense and convolution"). "auto" sizes
// accumulators from the actual weights so that they cannot overflow.
#include "plan/linear_types.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "loom/fixed/fixed_value.h"
#include "loom/ir/conv_geometry.h"
#include "loom/ref/float_engine.h"
#include "plan/plan.h"
#include "plan/type_rules.h"

namespace loom::plan {
namespace {

using fixed::WideType;
using int128 = __int128;
using ir::ConvShape;
using ir::GroupBias;
using ir::GroupWeights;

// The exact range of every accumulator of x[K] . W[K, N] + bias, at `frac` fraction bits.
ErrorOr<FixedType> ExactAccumType(const ir::Node& node, const std::vector<float>& weight, int64_t k,
                                  int64_t n, const std::vector<float>& bias, const FixedType& tx,
                                  const FixedType& tw, const FixedType& tb) {
  int64_t fp = tx.frac_bits() + tw.frac_bits();
  int64_t frac = bias.empty() ? fp : std::max(fp, tb.frac_bits());
  int128 x_lo = tx.min_raw();
  int128 x_hi = tx.is_signed || tx.width < 64 ? int128{tx.max_raw()} : (int128{1} << 64) - 1;
  int128 lo = 0;
  int128 hi = 0;
  const int128 limit = int128{1} << 120;
  for (int64_t j = 0; j < n; ++j) {
    int128 jl = 0;
    int128 jh = 0;
    if (!bias.empty()) {
      int128 b = fixed::FromDouble(bias[j], tb);
      b <<= (frac - tb.frac_bits());
      jl = jh = b;
    }
    for (int64_t i = 0; i < k; ++i) {
      int128 w = fixed::FromDouble(weight[i * n + j], tw);
      int128 a = x_lo * w;
      int128 b = x_hi * w;
      jl += std::min(a, b) << (frac - fp);
      jh += std::max(a, b) << (frac - fp);
      if (jl < -limit || jh > limit) {
        return NodeError(node,
                         "the exact accumulator would need more than 64 bits; give this "
                         "layer an accum precision in the configuration");
      }
    }
    lo = std::min(lo, jl);
    hi = std::max(hi, jh);
  }
  return TypeForRange(lo, hi, frac, node);
}

// The exact range of every output's accumulator, at the product's fraction bits.
ErrorOr<FixedType> ResizeAccumType(const ir::Node& node, const ref::ResizeMap& map,
                                   const FixedType& tx, const FixedType& tw) {
  if (tx.width + tw.width > 110) {
    return NodeError(node, "input " + tx.ToString() + " times weight " + tw.ToString() +
                               " is too wide for an exact accumulator; give this layer an accum "
                               "precision in the configuration");
  }
  int128 x_lo = tx.min_raw();
  int128 x_hi = tx.is_signed || tx.width < 64 ? int128{tx.max_raw()} : (int128{1} << 64) - 1;
  std::vector<int128> w;
  w.reserve(map.weight.size());
  for (double v : map.weight) w.push_back(fixed::FromDouble(v, tw));
  int128 lo = 0;
  int128 hi = 0;
  for (size_t o = 0; o + 1 < map.start.size(); ++o) {
    int128 ol = 0;
    int128 oh = 0;
    for (int64_t t = map.start[o]; t < map.start[o + 1]; ++t) {
      ol += std::min(x_lo * w[t], x_hi * w[t]);
      oh += std::max(x_lo * w[t], x_hi * w[t]);
    }
    lo = std::min(lo, ol);
    hi = std::max(hi, oh);
  }
  return TypeForRange(lo, hi, tx.frac_bits() + tw.frac_bits(), node);
}

const std::vector<float> kNoBias;

}  // namespace

const std::vector<float>& BiasOf(const ir::Node& node) {
  const ir::Tensor* b = node.param("bias");
  return b ? b->data : kNoBias;
}

ErrorOr<DenseDims> DenseShape(const ir::Node& node) {
  const ir::Tensor* w = node.param("weight");
  if (w == nullptr || w->shape.size() != 2) return NodeError(node, "dense needs a [K, N] weight");
  DenseDims d;
  d.k = w->shape[0];
  d.n = w->shape[1];
  int64_t numel = ir::NumElements(node.inputs[0]->shape);
  if (d.k == 0 || numel % d.k != 0) return NodeError(node, "input size does not match the weight");
  d.rows = numel / d.k;
  return d;
}

ErrorOr<MatMulDims> MatMulShape(const ir::Node& node) {
  const ir::Shape& a = node.inputs[0]->shape;
  const ir::Shape& b = node.inputs[1]->shape;
  if (a.size() < 2 || b.size() < 2) {
    return NodeError(node, "the emulator supports matmul of operands of rank 2 or more");
  }
  MatMulDims d;
  d.m = a[a.size() - 2];
  d.k = a.back();
  d.n = b.back();
  if (b[b.size() - 2] != d.k) return NodeError(node, "matmul inner dimensions differ");
  ir::Shape abatch(a.begin(), a.end() - 2);
  ir::Shape bbatch(b.begin(), b.end() - 2);
  // The output's batch axes are the broadcast of both operands' (numpy, right-aligned).
  const ir::Shape& out = node.outputs[0]->shape;
  ir::Shape batch(out.begin(), out.end() - std::min<size_t>(2, out.size()));
  auto broadcasts = [&batch](const ir::Shape& from) {
    if (from.size() > batch.size()) return false;
    size_t shift = batch.size() - from.size();
    for (size_t i = 0; i < from.size(); ++i) {
      if (from[i] != 1 && from[i] != batch[shift + i]) return false;
    }
    return true;
  };
  if (out.size() < 2 || out[out.size() - 2] != d.m || out.back() != d.n || !broadcasts(abatch) ||
      !broadcasts(bbatch) || (abatch.size() < batch.size() && bbatch.size() < batch.size())) {
    return NodeError(node, "matmul of " + ir::ShapeToString(a) + " and " + ir::ShapeToString(b) +
                               " cannot give " + ir::ShapeToString(out));
  }
  d.a_batch = BroadcastIndex(abatch, batch);
  d.b_batch = BroadcastIndex(bbatch, batch);
  return d;
}

ErrorOr<ref::ResizeMap> ResizeMapOf(const ir::Node& node) {
  if (node.inputs.size() != 1 || node.outputs.size() != 1) {
    return NodeError(node, "a linear resize takes one computed input and gives one output");
  }
  return ref::ResizeLinearMap(node, node.inputs[0]->shape, node.outputs[0]->shape);
}

FixedType TypeOr(const ir::Node& node, const std::string& key) {
  auto it = node.types.find(key);
  return it == node.types.end() ? FixedType::Signed(16, 6) : it->second;
}

// ---------------------------------------------------------------------------------------------
// Family rules

namespace {

std::vector<TypeKey> LinearKeys(const ir::Node& node) {
  switch (node.op) {
    case ir::OpKind::kDense:
    case ir::OpKind::kConv:
    case ir::OpKind::kConvTranspose: {
      std::vector<TypeKey> keys = {{"weight", "weight"}};
      if (node.param("bias")) keys.push_back({"bias", "bias"});
      keys.push_back({"accum", ""});
      return keys;
    }
    case ir::OpKind::kBatchNorm:
      return {{"scale", "scale"}, {"bias", "bias"}};
    case ir::OpKind::kMatMul:
      return {{"accum", ""}};
    case ir::OpKind::kResize:  // linear: interpolation weights
      return {{"weight", ""}, {"accum", ""}};
    default:
      return {};
  }
}

ErrorOr<FixedType> LinearAutoNodeType(const ir::Node& node, const std::string& key,
                                      const std::vector<FixedType>& inputs) {
  if (node.op == ir::OpKind::kResize) {
    auto map = ResizeMapOf(node);
    if (!map.ok()) return map.error();
    if (key == "weight") {
      // Like a constant param: exact up to 16 bits, else 16 bits for the largest weight.
      std::vector<float> w(map.value().weight.begin(), map.value().weight.end());
      return AutoParamType(w).first;
    }
    if (key == "accum")
      return ResizeAccumType(node, map.value(), inputs[0], TypeOr(node, "weight"));
  }
  if (key != "accum") return NodeError(node, "no automatic rule for type '" + key + "'");
  const FixedType tw = TypeOr(node, "weight");
  const FixedType tb = TypeOr(node, "bias");
  if (node.op == ir::OpKind::kDense) {
    auto d = DenseShape(node);
    if (!d.ok()) return d.error();
    return ExactAccumType(node, node.param("weight")->data, d.value().k, d.value().n, BiasOf(node),
                          inputs[0], tw, tb);
  }
  if (node.op == ir::OpKind::kConv || node.op == ir::OpKind::kConvTranspose) {
    auto g = ConvShape(node);
    if (!g.ok()) return g.error();
    std::vector<FixedType> per_group;
    for (int64_t grp = 0; grp < g.value().group; ++grp) {
      auto t = ExactAccumType(node, GroupWeights(node, g.value(), grp),
                              g.value().channels / g.value().group * g.value().kernel_volume,
                              g.value().out_channels / g.value().group,
                              GroupBias(node, g.value(), grp), inputs[0], tw, tb);
      if (!t.ok()) return t.error();
      per_group.push_back(t.value());
    }
    return UnionType(per_group, node);
  }
  if (node.op == ir::OpKind::kMatMul) {
    auto d = MatMulShape(node);
    if (!d.ok()) return d.error();
    const FixedType& ta = inputs[0];
    const FixedType& tb2 = inputs[1];
    auto ends = [](const FixedType& t) {
      return std::pair<int128, int128>{
          t.min_raw(), t.is_signed || t.width < 64 ? int128{t.max_raw()} : (int128{1} << 64) - 1};
    };
    auto [a_lo, a_hi] = ends(ta);
    auto [b_lo, b_hi] = ends(tb2);
    int128 c[4] = {a_lo * b_lo, a_lo * b_hi, a_hi * b_lo, a_hi * b_hi};
    int128 lo = *std::min_element(c, c + 4) * d.value().k;
    int128 hi = *std::max_element(c, c + 4) * d.value().k;
    return TypeForRange(lo, hi, ta.frac_bits() + tb2.frac_bits(), node);
  }
  return NodeError(node, "no automatic rule for type '" + key + "'");
}

ErrorOr<std::vector<FixedType>> LinearAutoResult(const ir::Node& node,
                                                 const std::vector<FixedType>& inputs) {
  if (node.op == ir::OpKind::kBatchNorm) {
    // Exact: the range of x * scale + bias over all channels.
    const FixedType ts = TypeOr(node, "scale");
    const FixedType tb = TypeOr(node, "bias");
    const FixedType& tx = inputs[0];
    int64_t fp = tx.frac_bits() + ts.frac_bits();
    int64_t frac = std::max(fp, tb.frac_bits());
    const ir::Tensor& s = *node.param("scale");
    const ir::Tensor& b = *node.param("bias");
    int128 x_lo = tx.min_raw();
    int128 x_hi = tx.is_signed || tx.width < 64 ? int128{tx.max_raw()} : (int128{1} << 64) - 1;
    int128 lo = 0;
    int128 hi = 0;
    for (size_t c = 0; c < s.data.size(); ++c) {
      int128 sv = fixed::FromDouble(s.data[c], ts);
      int128 bv = int128{fixed::FromDouble(b.data[c], tb)} << (frac - tb.frac_bits());
      int128 p1 = (x_lo * sv) << (frac - fp);
      int128 p2 = (x_hi * sv) << (frac - fp);
      lo = std::min(lo, std::min(p1, p2) + bv);
      hi = std::max(hi, std::max(p1, p2) + bv);
    }
    auto t = TypeForRange(lo, hi, frac, node);
    if (!t.ok()) return t.error();
    return std::vector<FixedType>{t.value()};
  }
  // Dense, conv, matmul, resize: the accumulator is exact, so is the result in its type.
  return std::vector<FixedType>{TypeOr(node, "accum")};
}

}  // namespace

const TypeRules kLinearTypeRules = {LinearKeys, LinearAutoNodeType, LinearAutoResult};

}  // namespace loom::plan
