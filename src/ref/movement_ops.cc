// The float reference engine's movement-family ops, including resize and its public map.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "loom/ref/float_engine.h"
#include "ref/ops.h"

namespace loom::ref {

Result Reshape(const Call& c) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 1, 1));
  if (ir::NumElements(c.out[0]) != c.in[0]->size()) {
    return Fail(c.node, "cannot reshape " + Str(c.in[0]->shape) + " into " + Str(c.out[0]));
  }
  return One(Tensor(c.out[0], c.in[0]->data));
}

Result TransposeOp(const Call& c) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 1, 1));
  const Tensor& x = *c.in[0];
  int64_t r = Rank(x.shape);
  std::vector<int64_t> reversed(r);
  for (int64_t d = 0; d < r; ++d) reversed[d] = r - 1 - d;
  std::vector<int64_t> perm = c.node.attrs.GetInts("perm", reversed);
  std::vector<int64_t> sorted = perm;
  std::sort(sorted.begin(), sorted.end());
  std::vector<int64_t> identity(r);
  for (int64_t d = 0; d < r; ++d) identity[d] = d;
  if (sorted != identity) {
    return Fail(c.node,
                "perm " + Str(perm) + " is not a permutation of the axes of " + Str(x.shape));
  }
  Shape out_shape(r);
  for (int64_t d = 0; d < r; ++d) out_shape[d] = x.shape[perm[d]];
  LOOM_REF_RETURN_IF_ERROR(ExpectOutShape(c, 0, out_shape));
  return One(Transpose(x, perm));
}

Result Concat(const Call& c) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 1, std::numeric_limits<size_t>::max()));
  const Shape& first = c.in[0]->shape;
  auto axis_or = NormalizeAxis(c.node, c.node.attrs.GetInt("axis", 0), Rank(first));
  if (!axis_or.ok()) return axis_or.error();
  int64_t axis = axis_or.value();
  Shape out_shape = first;
  out_shape[axis] = 0;
  for (const Tensor* t : c.in) {
    Shape a = t->shape;
    Shape b = first;
    if (a.size() == b.size()) a[axis] = b[axis] = 0;
    if (a != b) {
      return Fail(c.node, "cannot concatenate " + Str(t->shape) + " with " + Str(first) +
                              " along axis " + std::to_string(axis));
    }
    out_shape[axis] += t->shape[axis];
  }
  LOOM_REF_RETURN_IF_ERROR(ExpectOutShape(c, 0, out_shape));
  int64_t inner = RowMajorStrides(out_shape)[axis];
  int64_t outer = 1;
  for (int64_t d = 0; d < axis; ++d) outer *= out_shape[d];
  Tensor y(c.out[0]);
  float* dst = y.data.data();
  for (int64_t o = 0; o < outer; ++o) {
    for (const Tensor* t : c.in) {
      int64_t chunk = t->shape[axis] * inner;
      std::copy_n(t->data.data() + o * chunk, chunk, dst);
      dst += chunk;
    }
  }
  return One(std::move(y));
}

Result Split(const Call& c) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 1, 1));
  const Tensor& x = *c.in[0];
  auto axis_or = NormalizeAxis(c.node, c.node.attrs.GetInt("axis", 0), Rank(x.shape));
  if (!axis_or.ok()) return axis_or.error();
  int64_t axis = axis_or.value();
  // The output shapes carry the sizes; the 'split' attribute, when present, must agree.
  std::vector<int64_t> sizes;
  for (const Shape& s : c.out) {
    Shape a = s;
    Shape b = x.shape;
    if (a.size() == b.size()) a[axis] = b[axis] = 0;
    if (a != b) {
      return Fail(c.node, "output shape " + Str(s) + " is not a piece of " + Str(x.shape) +
                              " along axis " + std::to_string(axis));
    }
    sizes.push_back(s[axis]);
  }
  int64_t total = 0;
  for (int64_t s : sizes) total += s;
  std::vector<int64_t> attr = c.node.attrs.GetInts("split", sizes);
  if (total != x.shape[axis] || attr != sizes) {
    return Fail(c.node, "split sizes " + Str(attr) + " and output sizes " + Str(sizes) +
                            " do not cut axis " + std::to_string(axis) + " of " + Str(x.shape));
  }
  int64_t inner = RowMajorStrides(x.shape)[axis];
  int64_t outer = 1;
  for (int64_t d = 0; d < axis; ++d) outer *= x.shape[d];
  std::vector<Tensor> ys;
  int64_t start = 0;
  for (size_t i = 0; i < c.out.size(); ++i) {
    Tensor y(c.out[i]);
    int64_t chunk = sizes[i] * inner;
    for (int64_t o = 0; o < outer; ++o) {
      std::copy_n(x.data.data() + o * x.shape[axis] * inner + start * inner, chunk,
                  y.data.data() + o * chunk);
    }
    start += sizes[i];
    ys.push_back(std::move(y));
  }
  return ys;
}

Result Slice(const Call& c) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 1, 1));
  const Tensor& x = *c.in[0];
  int64_t r = Rank(x.shape);
  std::vector<int64_t> starts = c.node.attrs.GetInts("starts");
  std::vector<int64_t> ends = c.node.attrs.GetInts("ends");
  std::vector<int64_t> default_axes(starts.size());
  for (size_t i = 0; i < starts.size(); ++i) default_axes[i] = static_cast<int64_t>(i);
  std::vector<int64_t> axes = c.node.attrs.GetInts("axes", default_axes);
  std::vector<int64_t> steps =
      c.node.attrs.GetInts("steps", std::vector<int64_t>(starts.size(), 1));
  if (ends.size() != starts.size() || axes.size() != starts.size() ||
      steps.size() != starts.size()) {
    return Fail(c.node, "starts, ends, axes and steps must have the same length");
  }
  std::vector<int64_t> first(r, 0);
  std::vector<int64_t> step(r, 1);
  Shape out_shape = x.shape;
  std::vector<bool> seen(r, false);
  for (size_t i = 0; i < starts.size(); ++i) {
    auto axis_or = NormalizeAxis(c.node, axes[i], r);
    if (!axis_or.ok()) return axis_or.error();
    int64_t a = axis_or.value();
    if (seen[a]) return Fail(c.node, "axis " + std::to_string(axes[i]) + " is sliced twice");
    seen[a] = true;
    int64_t dim = x.shape[a];
    int64_t s = steps[i];
    if (s == 0) return Fail(c.node, "slice step must not be 0");
    // ONNX: negative indices count from the end, then clamp; the clamp range depends on the
    // direction so that a backwards slice can run down to and including element 0.
    int64_t b = starts[i] < 0 ? starts[i] + dim : starts[i];
    int64_t e = ends[i] < 0 ? ends[i] + dim : ends[i];
    if (s > 0) {
      b = std::clamp<int64_t>(b, 0, dim);
      e = std::clamp<int64_t>(e, 0, dim);
    } else {
      b = std::clamp<int64_t>(b, 0, dim - 1);
      e = std::clamp<int64_t>(e, -1, dim - 1);
    }
    int64_t n = s > 0 ? (e - b + s - 1) / s : (b - e + (-s) - 1) / (-s);
    out_shape[a] = std::max<int64_t>(n, 0);
    first[a] = b;
    step[a] = s;
  }
  LOOM_REF_RETURN_IF_ERROR(ExpectOutShape(c, 0, out_shape));
  Tensor y(c.out[0]);
  if (y.size() == 0) return One(std::move(y));
  std::vector<int64_t> in_strides = RowMajorStrides(x.shape);
  std::vector<int64_t> index(r, 0);
  int64_t i = 0;
  do {
    int64_t off = 0;
    for (int64_t d = 0; d < r; ++d) off += (first[d] + index[d] * step[d]) * in_strides[d];
    y.data[i++] = x.data[off];
  } while (Next(index, out_shape));
  return One(std::move(y));
}

Result Pad(const Call& c) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 1, 1));
  const Tensor& x = *c.in[0];
  int64_t r = Rank(x.shape);
  std::vector<int64_t> pads = c.node.attrs.GetInts("pads", std::vector<int64_t>(2 * r, 0));
  if (Rank(pads) != 2 * r) {
    return Fail(c.node,
                "pads needs " + std::to_string(2 * r) + " values for input " + Str(x.shape));
  }
  std::string mode = c.node.attrs.GetString("mode", "constant");
  if (mode != "constant" && mode != "reflect" && mode != "edge" && mode != "wrap") {
    return Fail(c.node, "unsupported pad mode '" + mode + "'");
  }
  float value = static_cast<float>(c.node.attrs.GetFloat("value", 0.0));
  Shape out_shape(r);
  for (int64_t d = 0; d < r; ++d) {
    out_shape[d] = x.shape[d] + pads[d] + pads[r + d];
    if (out_shape[d] < 0) return Fail(c.node, "pads remove more than the whole axis");
    if (mode != "constant" && x.shape[d] == 0 && out_shape[d] > 0) {
      return Fail(c.node, "cannot pad an empty axis in mode '" + mode + "'");
    }
  }
  LOOM_REF_RETURN_IF_ERROR(ExpectOutShape(c, 0, out_shape));
  Tensor y(c.out[0]);
  if (y.size() == 0) return One(std::move(y));
  std::vector<int64_t> in_strides = RowMajorStrides(x.shape);
  std::vector<int64_t> index(r, 0);
  int64_t i = 0;
  do {
    int64_t off = 0;
    bool outside = false;
    for (int64_t d = 0; d < r; ++d) {
      int64_t n = x.shape[d];
      int64_t q = index[d] - pads[d];
      if (q < 0 || q >= n) {
        if (mode == "constant") {
          outside = true;
          break;
        } else if (mode == "edge") {
          q = std::clamp<int64_t>(q, 0, n - 1);
        } else if (mode == "wrap") {
          q = ((q % n) + n) % n;
        } else if (n == 1) {
          q = 0;
        } else {
          // Reflection without repeating the edge has period 2 (n - 1); repeated reflection
          // covers pads wider than the axis the way numpy.pad does.
          int64_t period = 2 * (n - 1);
          q = ((q % period) + period) % period;
          if (q >= n) q = period - q;
        }
      }
      off += q * in_strides[d];
    }
    y.data[i++] = outside ? value : x.data[off];
  } while (Next(index, out_shape));
  return One(std::move(y));
}

namespace {

// One output coordinate of a resize along one axis: up to two input indices and weights.
struct ResizeTap {
  int64_t index[2] = {0, 0};
  double weight[2] = {1.0, 0.0};
  int count = 1;
};

ErrorOr<std::vector<std::vector<ResizeTap>>> ResizeAxisTaps(const ir::Node& n,
                                                            const ir::Shape& in_shape,
                                                            const ir::Shape& out_shape);

}  // namespace

Result Resize(const Call& c) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 1, 1));
  const Tensor& x = *c.in[0];
  if (c.node.attrs.GetString("mode", "nearest") == "nearest") {
    // One tap per axis: each output is one input value, found from per-axis offsets.
    auto taps = ResizeAxisTaps(c.node, x.shape, c.out[0]);
    if (!taps.ok()) return taps.error();
    Tensor y(c.out[0]);
    if (y.size() == 0) return One(std::move(y));
    const Shape& out_shape = c.out[0];
    std::vector<int64_t> strides = RowMajorStrides(x.shape);
    std::vector<std::vector<int64_t>> offsets(out_shape.size());
    for (size_t d = 0; d < out_shape.size(); ++d) {
      for (const ResizeTap& t : taps.value()[d]) offsets[d].push_back(t.index[0] * strides[d]);
    }
    // Along the last axis in one loop; the other axes' offsets summed once per row.
    const Shape outer(out_shape.begin(), out_shape.end() - 1);
    const std::vector<int64_t>& inner = offsets.back();
    std::vector<int64_t> index(outer.size(), 0);
    float* out = y.data.data();
    do {
      int64_t base = 0;
      for (size_t d = 0; d < outer.size(); ++d) base += offsets[d][index[d]];
      const float* src = x.data.data() + base;
      for (int64_t off : inner) *out++ = src[off];
    } while (Next(index, outer));
    return One(std::move(y));
  }
  auto map = ResizeLinearMap(c.node, x.shape, c.out[0]);
  if (!map.ok()) return map.error();
  const ResizeMap& m = map.value();
  Tensor y(c.out[0]);
  for (int64_t o = 0; o + 1 < static_cast<int64_t>(m.start.size()); ++o) {
    double acc = 0;
    for (int64_t t = m.start[o]; t < m.start[o + 1]; ++t) acc += m.weight[t] * x.data[m.index[t]];
    y.data[o] = static_cast<float>(acc);
  }
  return One(std::move(y));
}

namespace {

// Every output coordinate of a resize along each axis: taps[d][o] (ResizeTap, above).
ErrorOr<std::vector<std::vector<ResizeTap>>> ResizeAxisTaps(const ir::Node& n,
                                                            const ir::Shape& in_shape,
                                                            const ir::Shape& out_shape) {
  auto r = static_cast<int64_t>(in_shape.size());
  if (static_cast<int64_t>(out_shape.size()) != r) {
    return Fail(
        n, "output shape " + Str(out_shape) + " has a different rank than input " + Str(in_shape));
  }
  std::string mode = n.attrs.GetString("mode", "nearest");
  std::string ctm = n.attrs.GetString("coordinate_transformation_mode", "half_pixel");
  std::string nearest_mode = n.attrs.GetString("nearest_mode", "round_prefer_floor");
  if (mode != "nearest" && mode != "linear") {
    return Fail(n, "unsupported resize mode '" + mode + "' (supported: nearest, linear)");
  }
  if (ctm != "half_pixel" && ctm != "pytorch_half_pixel" && ctm != "align_corners" &&
      ctm != "asymmetric" && ctm != "half_pixel_symmetric" && ctm != "tf_half_pixel_for_nn") {
    return Fail(n, "unsupported coordinate_transformation_mode '" + ctm + "'");
  }
  if (nearest_mode != "round_prefer_floor" && nearest_mode != "round_prefer_ceil" &&
      nearest_mode != "floor" && nearest_mode != "ceil") {
    return Fail(n, "unsupported nearest_mode '" + nearest_mode + "'");
  }
  if (n.attrs.GetInt("antialias", 0) != 0) return Fail(n, "antialias resize is not supported");
  std::vector<double> scales = n.attrs.GetFloats("scales");
  if (scales.empty()) {
    for (int64_t d = 0; d < r; ++d) {
      scales.push_back(static_cast<float>(out_shape[d]) / static_cast<float>(in_shape[d]));
    }
  }
  if (Rank(scales) != r) {
    return Fail(
        n, "scales has " + std::to_string(scales.size()) + " values for input " + Str(in_shape));
  }
  if (r > 16) return Fail(n, "resize of more than 16 axes is not supported");
  std::vector<std::vector<ResizeTap>> taps(r);
  for (int64_t d = 0; d < r; ++d) {
    // ORT computes the source coordinate in float; doing the same keeps nearest-mode ties
    // (e.g. exactly .5) resolved identically.
    float scale = static_cast<float>(scales[d]);
    if (!(scale > 0)) return Fail(n, "resize scales must be positive");
    int64_t in_len = in_shape[d];
    int64_t out_len = out_shape[d];
    if (in_len <= 0) return Fail(n, "cannot resize an empty axis");
    float in_f = static_cast<float>(in_len);
    float out_f = static_cast<float>(out_len);
    for (int64_t o = 0; o < out_len; ++o) {
      float xr = static_cast<float>(o);
      float xo = 0;
      if (ctm == "half_pixel") {
        xo = (xr + 0.5f) / scale - 0.5f;
      } else if (ctm == "pytorch_half_pixel") {
        xo = out_len > 1 ? (xr + 0.5f) / scale - 0.5f : 0.0f;
      } else if (ctm == "align_corners") {
        xo = out_len == 1 ? 0.0f : xr * (in_f - 1) / (out_f - 1);
      } else if (ctm == "asymmetric") {
        xo = xr / scale;
      } else if (ctm == "half_pixel_symmetric") {
        float adjustment = out_f / (scale * in_f);
        float center = in_f / 2;
        float offset = center * (1 - adjustment);
        // ORT finishes this one mode in double before rounding to float.
        xo = static_cast<float>(offset + (xr + 0.5) / scale - 0.5);
      } else {  // tf_half_pixel_for_nn
        xo = (xr + 0.5f) / scale;
      }
      ResizeTap tap;
      if (mode == "nearest") {
        float fl = std::floor(xo);
        bool tie = xo == fl + 0.5f;
        float pick = 0;
        if (nearest_mode == "round_prefer_floor") {
          pick = tie ? fl : std::round(xo);
        } else if (nearest_mode == "round_prefer_ceil") {
          pick = tie ? fl + 1 : std::round(xo);
        } else if (nearest_mode == "floor") {
          pick = fl;
        } else {
          pick = std::ceil(xo);
        }
        tap.index[0] = std::clamp<int64_t>(static_cast<int64_t>(pick), 0, in_len - 1);
      } else {
        // Out-of-range coordinates use the edge value (both ORT and the ONNX reference).
        float xc = std::clamp(xo, 0.0f, in_f - 1);
        int64_t i0 = std::min<int64_t>(static_cast<int64_t>(xc), in_len - 1);
        double frac = static_cast<double>(xc) - static_cast<double>(i0);
        tap.index[0] = i0;
        if (frac > 0 && i0 + 1 < in_len) {
          tap.index[1] = i0 + 1;
          tap.weight[0] = 1.0 - frac;
          tap.weight[1] = frac;
          tap.count = 2;
        }
      }
      taps[d].push_back(tap);
    }
  }
  return taps;
}

}  // namespace

ErrorOr<ResizeMap> ResizeLinearMap(const ir::Node& n, const ir::Shape& in_shape,
                                   const ir::Shape& out_shape) {
  auto taps_or = ResizeAxisTaps(n, in_shape, out_shape);
  if (!taps_or.ok()) return taps_or.error();
  const std::vector<std::vector<ResizeTap>>& taps = taps_or.value();
  const auto r = static_cast<int64_t>(in_shape.size());
  ResizeMap map;
  map.start.push_back(0);
  const int64_t n_out = ir::NumElements(out_shape);
  if (n_out == 0) return map;
  std::vector<int64_t> in_strides = RowMajorStrides(in_shape);
  std::vector<int64_t> index(r, 0);
  std::vector<std::pair<int64_t, double>> row;
  do {
    // Every combination of the per-axis taps (2^r at most; axes with one tap contribute once),
    // listed in increasing input order.
    row.clear();
    for (int64_t mask = 0; mask < (int64_t{1} << r); ++mask) {
      double weight = 1;
      int64_t off = 0;
      bool used = true;
      for (int64_t d = 0; d < r && used; ++d) {
        int bit = static_cast<int>((mask >> d) & 1);
        const ResizeTap& t = taps[d][index[d]];
        used = bit < t.count;
        weight *= t.weight[bit];
        off += t.index[bit] * in_strides[d];
      }
      if (used) row.emplace_back(off, weight);
    }
    std::sort(row.begin(), row.end());
    for (const auto& [off, weight] : row) {
      map.index.push_back(off);
      map.weight.push_back(weight);
    }
    map.start.push_back(static_cast<int64_t>(map.index.size()));
  } while (Next(index, out_shape));
  return map;
}

Result DepthSpace(const Call& c, bool to_space) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 1, 1));
  const Tensor& x = *c.in[0];
  int64_t b = c.node.attrs.GetInt("blocksize", 0);
  std::string mode = c.node.attrs.GetString("mode", "DCR");
  if (to_space && mode != "DCR" && mode != "CRD") {
    return Fail(c.node, "unsupported depth_to_space mode '" + mode + "'");
  }
  bool crd = to_space && mode == "CRD";
  if (x.shape.size() != 3 || b < 1) {
    return Fail(c.node, "needs an input [C, H, W] and a positive blocksize; got " + Str(x.shape) +
                            " and blocksize " + std::to_string(b));
  }
  // (cs, hs, ws): the shape of the "space" side, whose channels are split into b*b blocks.
  int64_t cs = to_space ? x.shape[0] / (b * b) : x.shape[0];
  int64_t hs = to_space ? x.shape[1] * b : x.shape[1];
  int64_t ws = to_space ? x.shape[2] * b : x.shape[2];
  if ((to_space && x.shape[0] % (b * b) != 0) || (!to_space && (hs % b != 0 || ws % b != 0))) {
    return Fail(c.node,
                "input " + Str(x.shape) + " is not divisible by blocksize " + std::to_string(b));
  }
  Shape out_shape = to_space ? Shape{cs, hs, ws} : Shape{cs * b * b, hs / b, ws / b};
  LOOM_REF_RETURN_IF_ERROR(ExpectOutShape(c, 0, out_shape));
  Tensor y(c.out[0]);
  int64_t hd = hs / b;
  int64_t wd = ws / b;
  for (int64_t ch = 0; ch < cs; ++ch) {
    for (int64_t h = 0; h < hs; ++h) {
      for (int64_t w = 0; w < ws; ++w) {
        int64_t bi = h % b;
        int64_t bj = w % b;
        int64_t depth_ch = crd ? (ch * b + bi) * b + bj : (bi * b + bj) * cs + ch;
        int64_t depth_off = (depth_ch * hd + h / b) * wd + w / b;
        int64_t space_off = (ch * hs + h) * ws + w;
        if (to_space) {
          y.data[space_off] = x.data[depth_off];
        } else {
          y.data[depth_off] = x.data[space_off];
        }
      }
    }
  }
  return One(std::move(y));
}

}  // namespace loom::ref
