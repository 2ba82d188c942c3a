// The float reference engine's pool-family ops: windowed and global pooling, reductions over axes.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "ref/ops.h"

namespace loom::ref {

Result Pool(const Call& c, bool is_max) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 1, 1));
  const Tensor& x = *c.in[0];
  int64_t r = Rank(x.shape) - 1;
  std::vector<int64_t> kernel = c.node.attrs.GetInts("kernel_shape");
  if (r < 1 || Rank(kernel) != r) {
    return Fail(c.node, "kernel_shape " + Str(kernel) + " does not fit input " + Str(x.shape));
  }
  auto win_or = ReadWindow(c.node, kernel);
  if (!win_or.ok()) return win_or.error();
  const Window& win = win_or.value();
  bool ceil_mode = c.node.attrs.GetInt("ceil_mode", 0) != 0;
  Shape in_sp(x.shape.begin() + 1, x.shape.end());
  Shape out_sp(c.out[0].begin() + (c.out[0].empty() ? 0 : 1), c.out[0].end());
  bool shape_ok = Rank(c.out[0]) == r + 1 && c.out[0][0] == x.shape[0];
  for (int64_t d = 0; d < r && shape_ok; ++d) {
    int64_t span = (win.kernel[d] - 1) * win.dilations[d] + 1;
    int64_t room = in_sp[d] + win.pad_begin[d] + win.pad_end[d] - span;
    int64_t floor_out = room < 0 ? 0 : room / win.strides[d] + 1;
    int64_t ceil_out = room < 0 ? 0 : (room + win.strides[d] - 1) / win.strides[d] + 1;
    // ONNX (opset 19+) and ORT drop a last ceil_mode window that would start in the end
    // padding; older exporters kept it. Both sizes are accepted, the windows are the same.
    bool ok = out_sp[d] == floor_out;
    if (ceil_mode) {
      int64_t trimmed =
          (ceil_out - 1) * win.strides[d] >= in_sp[d] + win.pad_begin[d] ? ceil_out - 1 : ceil_out;
      ok = out_sp[d] == ceil_out || out_sp[d] == trimmed;
    }
    shape_ok = ok && out_sp[d] > 0;
  }
  if (!shape_ok) {
    return Fail(c.node, "output shape " + Str(c.out[0]) + " does not match pooling of " +
                            Str(x.shape) + " with the given kernel, strides, pads" +
                            (ceil_mode ? " and ceil_mode" : ""));
  }
  const auto table_ptr = TapTable(out_sp, win, in_sp);
  const std::vector<int64_t>& table = *table_ptr;
  int64_t n_in = ir::NumElements(in_sp);
  int64_t n_out = ir::NumElements(out_sp);
  int64_t n_k = ir::NumElements(win.kernel);
  bool include_pad = c.node.attrs.GetInt("count_include_pad", 0) != 0;
  // With count_include_pad the divisor counts the taps inside the padded extent
  // [-pad_begin, size + pad_end), as ORT does; taps past the end padding (ceil_mode) do not count.
  std::vector<double> padded_count(n_out, 1.0);
  if (!is_max && include_pad) {
    std::vector<int64_t> p(r, 0);
    int64_t pi = 0;
    do {
      double count = 1;
      for (int64_t d = 0; d < r; ++d) {
        int64_t taps = 0;
        for (int64_t k = 0; k < win.kernel[d]; ++k) {
          int64_t q = p[d] * win.strides[d] + k * win.dilations[d] - win.pad_begin[d];
          taps += q < in_sp[d] + win.pad_end[d] ? 1 : 0;
        }
        count *= static_cast<double>(taps);
      }
      padded_count[pi++] = count;
    } while (Next(p, out_sp));
  }
  Tensor y(c.out[0]);
  for (int64_t ch = 0; ch < x.shape[0]; ++ch) {
    const float* xc = x.data.data() + ch * n_in;
    for (int64_t o = 0; o < n_out; ++o) {
      const int64_t* taps = table.data() + o * n_k;
      double acc = is_max ? std::numeric_limits<float>::lowest() : 0.0;
      int64_t valid = 0;
      for (int64_t k = 0; k < n_k; ++k) {
        if (taps[k] < 0) continue;
        double v = xc[taps[k]];
        acc = is_max ? std::max(acc, v) : acc + v;
        ++valid;
      }
      if (!is_max) {
        double divisor = include_pad ? padded_count[o] : static_cast<double>(valid);
        // A window with no input element yields 0 (ORT leaves its zero-initialised sum).
        acc = valid == 0 ? 0.0 : acc / divisor;
      }
      y.data[ch * n_out + o] = static_cast<float>(acc);
    }
  }
  return One(std::move(y));
}

Result GlobalPool(const Call& c, bool is_max) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 1, 1));
  const Tensor& x = *c.in[0];
  if (x.shape.empty()) return Fail(c.node, "global pooling needs an input [C, spatial...]");
  Shape out_shape(x.shape.size(), 1);
  out_shape[0] = x.shape[0];
  LOOM_REF_RETURN_IF_ERROR(ExpectOutShape(c, 0, out_shape));
  int64_t n = x.shape[0] == 0 ? 0 : x.size() / x.shape[0];
  Tensor y(c.out[0]);
  for (int64_t ch = 0; ch < x.shape[0]; ++ch) {
    double acc = is_max ? -std::numeric_limits<double>::infinity() : 0.0;
    for (int64_t i = 0; i < n; ++i) {
      double v = x.data[ch * n + i];
      acc = is_max ? std::max(acc, v) : acc + v;
    }
    y.data[ch] = static_cast<float>(is_max ? acc : acc / static_cast<double>(n));
  }
  return One(std::move(y));
}

// reduce_mean, reduce_sum, reduce_max over the node's axes.
Result ReduceAxes(const Call& c) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 1, 1));
  const Tensor& x = *c.in[0];
  int64_t r = Rank(x.shape);
  std::vector<int64_t> axes = c.node.attrs.GetInts("axes");
  bool keepdims = c.node.attrs.GetInt("keepdims", 1) != 0;
  std::vector<bool> reduced(r, axes.empty() && c.node.attrs.GetInt("noop_with_empty_axes", 0) == 0);
  for (int64_t a : axes) {
    auto axis = NormalizeAxis(c.node, a, r);
    if (!axis.ok()) return axis.error();
    reduced[axis.value()] = true;
  }
  Shape out_shape;
  Shape kept_shape(r);  // the output shape with reduced axes kept as 1
  int64_t count = 1;
  for (int64_t d = 0; d < r; ++d) {
    kept_shape[d] = reduced[d] ? 1 : x.shape[d];
    if (reduced[d]) count *= x.shape[d];
    if (!reduced[d] || keepdims) out_shape.push_back(kept_shape[d]);
  }
  LOOM_REF_RETURN_IF_ERROR(ExpectOutShape(c, 0, out_shape));
  std::vector<int64_t> out_strides = RowMajorStrides(kept_shape);
  const bool max = c.node.op == OpKind::kReduceMax;
  std::vector<double> acc(ir::NumElements(kept_shape), max ? -INFINITY : 0.0);
  if (x.size() > 0) {
    std::vector<int64_t> index(r, 0);
    int64_t i = 0;
    do {
      int64_t off = 0;
      for (int64_t d = 0; d < r; ++d) off += (reduced[d] ? 0 : index[d]) * out_strides[d];
      double v = x.data[i++];
      acc[off] = max ? std::max(acc[off], v) : acc[off] + v;
    } while (Next(index, x.shape));
  }
  Tensor y(c.out[0]);
  for (int64_t i = 0; i < y.size(); ++i) {
    double v = acc[i];
    if (c.node.op == OpKind::kReduceMean) {
      v = count == 0 ? std::nan("") : v / static_cast<double>(count);
    }
    y.data[i] = static_cast<float>(v);
  }
  return One(std::move(y));
}

}  // namespace loom::ref
