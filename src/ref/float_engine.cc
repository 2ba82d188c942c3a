// The float reference engine: evaluates loom IR one sample at a time with ONNX/QONNX semantics.
#include "loom/ref/float_engine.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace loom::ref {
namespace {

using ir::Node;
using ir::OpKind;
using ir::Shape;
using ir::Tensor;
using Result = ErrorOr<std::vector<Tensor>>;
// No value means success; used by checks that return early from the op functions.
using Status = std::optional<Error>;

#define LOOM_REF_RETURN_IF_ERROR(expr) \
  do {                                 \
    if (Status status_ = (expr)) {     \
      return *status_;                 \
    }                                  \
  } while (false)

// One evaluation: the node (for attributes and params), its input tensors and the shapes to
// produce. Kept apart from the node so channels-last ops can run on transposed operands.
struct Call {
  const Node& node;
  std::vector<const Tensor*> in;
  std::vector<Shape> out;
};

Error Fail(const Node& node, const std::string& message) {
  return Error(node.Describe() + ": " + message);
}

std::string Str(const Shape& shape) { return ir::ShapeToString(shape); }

template <typename T>
int64_t Rank(const std::vector<T>& v) {
  return static_cast<int64_t>(v.size());
}

std::vector<int64_t> RowMajorStrides(const Shape& shape) {
  std::vector<int64_t> strides(shape.size(), 1);
  for (int64_t d = Rank(shape) - 2; d >= 0; --d) strides[d] = strides[d + 1] * shape[d + 1];
  return strides;
}

// Advances a row-major multi-index over `shape`; false once every index has been visited.
bool Next(std::vector<int64_t>& index, const Shape& shape) {
  for (int64_t d = Rank(shape) - 1; d >= 0; --d) {
    if (++index[d] < shape[d]) return true;
    index[d] = 0;
  }
  return false;
}

Status ExpectInputs(const Call& c, size_t min, size_t max) {
  if (c.in.size() < min || c.in.size() > max) {
    std::string want = min == max ? std::to_string(min) : std::to_string(min) + " or more";
    return Fail(c.node, "expects " + want + " inputs but has " + std::to_string(c.in.size()));
  }
  return std::nullopt;
}

Status ExpectOutShape(const Call& c, size_t i, const Shape& expected) {
  if (c.out[i] != expected) {
    return Fail(c.node, "output " + std::to_string(i) + " has shape " + Str(c.out[i]) +
                            " but the op computes " + Str(expected));
  }
  return std::nullopt;
}

ErrorOr<const Tensor*> RequireParam(const Node& node, const std::string& key) {
  const Tensor* t = node.param(key);
  if (t == nullptr) return Fail(node, "missing param '" + key + "'");
  if (t->size() != ir::NumElements(t->shape)) {
    return Fail(node, "param '" + key + "' has " + std::to_string(t->size()) +
                          " values for shape " + Str(t->shape));
  }
  return t;
}

// Axis attributes may count from the end (ONNX style); normalises into [0, rank).
ErrorOr<int64_t> NormalizeAxis(const Node& node, int64_t axis, int64_t rank) {
  int64_t a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) {
    return Fail(
        node, "axis " + std::to_string(axis) + " is out of range for rank " + std::to_string(rank));
  }
  return a;
}

// numpy broadcasting of several shapes; nullopt when they are incompatible.
std::optional<Shape> BroadcastShapes(const std::vector<Shape>& shapes) {
  Shape out;
  for (const Shape& s : shapes) {
    if (s.size() > out.size()) out.insert(out.begin(), s.size() - out.size(), 1);
    int64_t shift = Rank(out) - Rank(s);
    for (int64_t d = 0; d < Rank(s); ++d) {
      int64_t& o = out[shift + d];
      if (s[d] == o || s[d] == 1) continue;
      if (o != 1) return std::nullopt;
      o = s[d];
    }
  }
  return out;
}

// For every element of `out` (row-major), the offset of the element of `in` broadcast onto it.
// Leading size-1 axes of `in` beyond the rank of `out` are dropped: they carry no data, and
// params exported with ONNX's batch axis (e.g. [1, C, 1, 1]) must still apply per sample.
std::optional<std::vector<int64_t>> BroadcastOffsets(Shape in, const Shape& out) {
  while (in.size() > out.size() && in.front() == 1) in.erase(in.begin());
  if (in.size() > out.size()) return std::nullopt;
  std::vector<int64_t> in_strides = RowMajorStrides(in);
  int64_t shift = Rank(out) - Rank(in);
  std::vector<int64_t> strides(out.size(), 0);
  for (int64_t d = 0; d < Rank(in); ++d) {
    if (in[d] == out[shift + d]) {
      strides[shift + d] = in_strides[d];
    } else if (in[d] != 1) {
      return std::nullopt;
    }
  }
  std::vector<int64_t> offsets;
  int64_t n = ir::NumElements(out);
  if (n <= 0) return offsets;
  offsets.reserve(n);
  std::vector<int64_t> index(out.size(), 0);
  do {
    int64_t off = 0;
    for (size_t d = 0; d < out.size(); ++d) off += index[d] * strides[d];
    offsets.push_back(off);
  } while (Next(index, out));
  return offsets;
}

// A param broadcast against a value of shape `shape`: one number per element of that value.
ErrorOr<std::vector<float>> BroadcastParam(const Node& node, const std::string& key,
                                           const Shape& shape, std::optional<float> fallback) {
  const Tensor* t = node.param(key);
  if (t == nullptr) {
    if (fallback) return std::vector<float>(ir::NumElements(shape), *fallback);
    return Fail(node, "missing param '" + key + "'");
  }
  auto checked = RequireParam(node, key);
  if (!checked.ok()) return checked.error();
  auto offsets = BroadcastOffsets(t->shape, shape);
  if (!offsets) {
    return Fail(node, "param '" + key + "' of shape " + Str(t->shape) +
                          " does not broadcast to the input shape " + Str(shape));
  }
  std::vector<float> out;
  out.reserve(offsets->size());
  for (int64_t off : *offsets) out.push_back(t->data[off]);
  return out;
}

Tensor Transpose(const Tensor& x, const std::vector<int64_t>& perm) {
  Shape out_shape(perm.size());
  for (size_t d = 0; d < perm.size(); ++d) out_shape[d] = x.shape[perm[d]];
  Tensor y(out_shape);
  if (y.size() == 0) return y;
  std::vector<int64_t> in_strides = RowMajorStrides(x.shape);
  std::vector<int64_t> index(perm.size(), 0);
  int64_t i = 0;
  do {
    int64_t off = 0;
    for (size_t d = 0; d < perm.size(); ++d) off += index[d] * in_strides[perm[d]];
    y.data[i++] = x.data[off];
  } while (Next(index, out_shape));
  return y;
}

// ---------------------------------------------------------------------------------------------
// Elementwise ops.

template <typename F>
Result Unary(const Call& c, F f) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 1, 1));
  LOOM_REF_RETURN_IF_ERROR(ExpectOutShape(c, 0, c.in[0]->shape));
  Tensor y(c.out[0]);
  for (int64_t i = 0; i < y.size(); ++i) {
    y.data[i] = static_cast<float>(f(static_cast<double>(c.in[0]->data[i])));
  }
  return std::vector<Tensor>{std::move(y)};
}

// Folds the inputs left to right with numpy broadcasting. For two float operands, one double
// operation rounded to float equals the float operation, so this matches float32 kernels.
template <typename F>
Result Variadic(const Call& c, size_t min_inputs, size_t max_inputs, F f) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, min_inputs, max_inputs));
  std::vector<Shape> shapes;
  for (const Tensor* t : c.in) shapes.push_back(t->shape);
  std::optional<Shape> shape = BroadcastShapes(shapes);
  if (!shape) {
    std::string list;
    for (const Shape& s : shapes) list += (list.empty() ? "" : ", ") + Str(s);
    return Fail(c.node, "input shapes " + list + " do not broadcast");
  }
  LOOM_REF_RETURN_IF_ERROR(ExpectOutShape(c, 0, *shape));
  Tensor y(c.out[0]);
  std::vector<double> acc(y.size());
  for (size_t k = 0; k < c.in.size(); ++k) {
    std::vector<int64_t> offsets = *BroadcastOffsets(c.in[k]->shape, *shape);
    for (int64_t i = 0; i < y.size(); ++i) {
      double v = c.in[k]->data[offsets[i]];
      acc[i] = k == 0 ? v : f(acc[i], v);
    }
  }
  for (int64_t i = 0; i < y.size(); ++i) y.data[i] = static_cast<float>(acc[i]);
  return std::vector<Tensor>{std::move(y)};
}

Result PRelu(const Call& c) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 1, 2));
  const Tensor& x = *c.in[0];
  LOOM_REF_RETURN_IF_ERROR(ExpectOutShape(c, 0, x.shape));
  std::vector<float> slope;
  if (c.in.size() == 2) {
    // ONNX broadcasts slope onto X only (unidirectionally).
    auto offsets = BroadcastOffsets(c.in[1]->shape, x.shape);
    if (!offsets) {
      return Fail(c.node, "slope of shape " + Str(c.in[1]->shape) +
                              " does not broadcast to the input shape " + Str(x.shape));
    }
    for (int64_t off : *offsets) slope.push_back(c.in[1]->data[off]);
  } else {
    auto s = BroadcastParam(c.node, "slope", x.shape, std::nullopt);
    if (!s.ok()) return s.error();
    slope = std::move(s).value();
  }
  Tensor y(c.out[0]);
  for (int64_t i = 0; i < y.size(); ++i) {
    float v = x.data[i];
    y.data[i] = v < 0 ? v * slope[i] : v;
  }
  return std::vector<Tensor>{std::move(y)};
}

Result Clip(const Call& c) {
  float lo = c.node.attrs.Has("min") ? static_cast<float>(c.node.attrs.GetFloat("min"))
                                     : -std::numeric_limits<float>::infinity();
  float hi = c.node.attrs.Has("max") ? static_cast<float>(c.node.attrs.GetFloat("max"))
                                     : std::numeric_limits<float>::infinity();
  // min(max(x, lo), hi) as ONNX writes it: with lo > hi every element becomes hi.
  return Unary(c, [&](double v) {
    return static_cast<double>(std::min(std::max(static_cast<float>(v), lo), hi));
  });
}

Result Softmax(const Call& c) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 1, 1));
  const Tensor& x = *c.in[0];
  LOOM_REF_RETURN_IF_ERROR(ExpectOutShape(c, 0, x.shape));
  if (x.shape.empty()) return Fail(c.node, "softmax needs an input of rank 1 or more");
  auto axis = NormalizeAxis(c.node, c.node.attrs.GetInt("axis", -1), Rank(x.shape));
  if (!axis.ok()) return axis.error();
  int64_t n = x.shape[axis.value()];
  int64_t inner = RowMajorStrides(x.shape)[axis.value()];
  int64_t outer = n * inner == 0 ? 0 : x.size() / (n * inner);
  Tensor y(c.out[0]);
  std::vector<double> e(n);
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t i = 0; i < inner; ++i) {
      const float* xp = x.data.data() + o * n * inner + i;
      float* yp = y.data.data() + o * n * inner + i;
      // Subtracting the maximum keeps exp() finite without changing the quotient.
      double max = -std::numeric_limits<double>::infinity();
      for (int64_t k = 0; k < n; ++k) max = std::max(max, static_cast<double>(xp[k * inner]));
      double sum = 0;
      for (int64_t k = 0; k < n; ++k) sum += e[k] = std::exp(xp[k * inner] - max);
      for (int64_t k = 0; k < n; ++k) yp[k * inner] = static_cast<float>(e[k] / sum);
    }
  }
  return std::vector<Tensor>{std::move(y)};
}

// ---------------------------------------------------------------------------------------------
// Linear algebra.

Result Dense(const Call& c) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 1, 1));
  const Tensor& x = *c.in[0];
  auto w_or = RequireParam(c.node, "weight");
  if (!w_or.ok()) return w_or.error();
  const Tensor& w = *w_or.value();
  if (x.shape.empty() || w.shape.size() != 2 || w.shape[0] != x.shape.back()) {
    return Fail(c.node, "weight of shape " + Str(w.shape) + " does not apply to input " +
                            Str(x.shape) + " (expected [" +
                            (x.shape.empty() ? "?" : std::to_string(x.shape.back())) + ", N])");
  }
  int64_t k_dim = w.shape[0];
  int64_t n_dim = w.shape[1];
  const Tensor* b = c.node.param("bias");
  if (b != nullptr && b->size() != n_dim) {
    return Fail(c.node, "bias has " + std::to_string(b->size()) + " values for " +
                            std::to_string(n_dim) + " outputs");
  }
  Shape out_shape = x.shape;
  out_shape.back() = n_dim;
  LOOM_REF_RETURN_IF_ERROR(ExpectOutShape(c, 0, out_shape));
  Tensor y(c.out[0]);
  int64_t rows = k_dim == 0 ? 0 : x.size() / k_dim;
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t n = 0; n < n_dim; ++n) {
      double acc = b != nullptr ? b->data[n] : 0.0;
      for (int64_t k = 0; k < k_dim; ++k) {
        acc += static_cast<double>(x.data[r * k_dim + k]) * w.data[k * n_dim + n];
      }
      y.data[r * n_dim + n] = static_cast<float>(acc);
    }
  }
  return std::vector<Tensor>{std::move(y)};
}

Result MatMul(const Call& c) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 2, 2));
  Shape a = c.in[0]->shape;
  Shape b = c.in[1]->shape;
  if (a.empty() || b.empty()) return Fail(c.node, "matmul operands must have rank 1 or more");
  // numpy: a vector operand becomes a matrix and its axis is removed from the result.
  bool a_vec = a.size() == 1;
  bool b_vec = b.size() == 1;
  if (a_vec) a.insert(a.begin(), 1);
  if (b_vec) b.push_back(1);
  int64_t m = a[a.size() - 2];
  int64_t k_dim = a.back();
  int64_t n = b.back();
  if (b[b.size() - 2] != k_dim) {
    return Fail(c.node, "matmul operand shapes " + Str(c.in[0]->shape) + " and " +
                            Str(c.in[1]->shape) + " do not match");
  }
  Shape a_batch(a.begin(), a.end() - 2);
  Shape b_batch(b.begin(), b.end() - 2);
  std::optional<Shape> batch = BroadcastShapes({a_batch, b_batch});
  if (!batch) {
    return Fail(c.node, "matmul batch axes of " + Str(c.in[0]->shape) + " and " +
                            Str(c.in[1]->shape) + " do not broadcast");
  }
  Shape out_shape = *batch;
  if (!a_vec) out_shape.push_back(m);
  if (!b_vec) out_shape.push_back(n);
  LOOM_REF_RETURN_IF_ERROR(ExpectOutShape(c, 0, out_shape));
  std::vector<int64_t> a_off = *BroadcastOffsets(a_batch, *batch);
  std::vector<int64_t> b_off = *BroadcastOffsets(b_batch, *batch);
  Tensor y(c.out[0]);
  const float* ad = c.in[0]->data.data();
  const float* bd = c.in[1]->data.data();
  for (size_t p = 0; p < a_off.size(); ++p) {
    const float* ap = ad + a_off[p] * m * k_dim;
    const float* bp = bd + b_off[p] * k_dim * n;
    float* yp = y.data.data() + static_cast<int64_t>(p) * m * n;
    for (int64_t i = 0; i < m; ++i) {
      for (int64_t j = 0; j < n; ++j) {
        double acc = 0;
        for (int64_t k = 0; k < k_dim; ++k)
          acc += static_cast<double>(ap[i * k_dim + k]) * bp[k * n + j];
        yp[i * n + j] = static_cast<float>(acc);
      }
    }
  }
  return std::vector<Tensor>{std::move(y)};
}

// ---------------------------------------------------------------------------------------------
// Sliding-window ops (conv, conv_transpose, pooling), N-dimensional.

struct Window {
  Shape kernel;
  std::vector<int64_t> strides, dilations, pad_begin, pad_end;
};

ErrorOr<Window> ReadWindow(const Node& node, const Shape& kernel) {
  int64_t r = Rank(kernel);
  Window w;
  w.kernel = kernel;
  w.strides = node.attrs.GetInts("strides", std::vector<int64_t>(r, 1));
  w.dilations = node.attrs.GetInts("dilations", std::vector<int64_t>(r, 1));
  std::vector<int64_t> pads = node.attrs.GetInts("pads", std::vector<int64_t>(2 * r, 0));
  if (Rank(w.strides) != r || Rank(w.dilations) != r || Rank(pads) != 2 * r) {
    return Fail(node, "strides, dilations and pads must have " + std::to_string(r) + ", " +
                          std::to_string(r) + " and " + std::to_string(2 * r) +
                          " values for a kernel of rank " + std::to_string(r));
  }
  for (int64_t d = 0; d < r; ++d) {
    if (w.strides[d] < 1 || w.dilations[d] < 1 || kernel[d] < 1) {
      return Fail(node, "kernel sizes, strides and dilations must be positive");
    }
  }
  w.pad_begin.assign(pads.begin(), pads.begin() + r);
  w.pad_end.assign(pads.begin() + r, pads.end());
  return w;
}

// For every position p of `outer` and kernel offset k: the row-major offset into `inner` of
// p * stride + k * dilation - pad_begin, or -1 when that lies outside `inner`. Conv reads with
// it (outer = output, inner = input); conv_transpose scatters with it (the other way round).
std::vector<int64_t> TapTable(const Shape& outer, const Window& w, const Shape& inner) {
  int64_t n_outer = ir::NumElements(outer);
  int64_t n_k = ir::NumElements(w.kernel);
  std::vector<int64_t> table(std::max<int64_t>(n_outer * n_k, 0), -1);
  if (table.empty()) return table;
  std::vector<int64_t> inner_strides = RowMajorStrides(inner);
  std::vector<int64_t> p(outer.size(), 0);
  int64_t pi = 0;
  do {
    std::vector<int64_t> k(w.kernel.size(), 0);
    int64_t ki = 0;
    do {
      int64_t off = 0;
      bool inside = true;
      for (size_t d = 0; d < outer.size() && inside; ++d) {
        int64_t q = p[d] * w.strides[d] + k[d] * w.dilations[d] - w.pad_begin[d];
        inside = q >= 0 && q < inner[d];
        off += q * inner_strides[d];
      }
      if (inside) table[pi * n_k + ki] = off;
      ++ki;
    } while (Next(k, w.kernel));
    ++pi;
  } while (Next(p, outer));
  return table;
}

Result Conv(const Call& c) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 1, 1));
  const Tensor& x = *c.in[0];
  auto w_or = RequireParam(c.node, "weight");
  if (!w_or.ok()) return w_or.error();
  const Tensor& w = *w_or.value();
  int64_t r = Rank(x.shape) - 1;
  int64_t group = c.node.attrs.GetInt("group", 1);
  if (r < 1 || Rank(w.shape) != r + 2 || group < 1) {
    return Fail(c.node,
                "conv needs input [C, spatial...] and weight [M, C/group, kernel...]; got " +
                    Str(x.shape) + " and " + Str(w.shape));
  }
  int64_t ch = x.shape[0];
  int64_t m_dim = w.shape[0];
  if (ch % group != 0 || m_dim % group != 0 || w.shape[1] != ch / group) {
    return Fail(c.node, "weight " + Str(w.shape) + " does not fit " + std::to_string(ch) +
                            " input channels in " + std::to_string(group) + " groups");
  }
  const Tensor* b = c.node.param("bias");
  if (b != nullptr && b->size() != m_dim) {
    return Fail(c.node, "bias has " + std::to_string(b->size()) + " values for " +
                            std::to_string(m_dim) + " output channels");
  }
  auto win_or = ReadWindow(c.node, Shape(w.shape.begin() + 2, w.shape.end()));
  if (!win_or.ok()) return win_or.error();
  const Window& win = win_or.value();
  Shape in_sp(x.shape.begin() + 1, x.shape.end());
  Shape out_shape{m_dim};
  for (int64_t d = 0; d < r; ++d) {
    int64_t span = (win.kernel[d] - 1) * win.dilations[d] + 1;
    int64_t padded = in_sp[d] + win.pad_begin[d] + win.pad_end[d];
    if (padded < span) return Fail(c.node, "kernel is larger than the padded input");
    out_shape.push_back((padded - span) / win.strides[d] + 1);
  }
  LOOM_REF_RETURN_IF_ERROR(ExpectOutShape(c, 0, out_shape));
  Shape out_sp(out_shape.begin() + 1, out_shape.end());
  std::vector<int64_t> table = TapTable(out_sp, win, in_sp);
  int64_t n_in = ir::NumElements(in_sp);
  int64_t n_out = ir::NumElements(out_sp);
  int64_t n_k = ir::NumElements(win.kernel);
  int64_t cg = ch / group;
  int64_t mg = m_dim / group;
  Tensor y(c.out[0]);
  for (int64_t m = 0; m < m_dim; ++m) {
    int64_t g = m / mg;
    for (int64_t o = 0; o < n_out; ++o) {
      double acc = b != nullptr ? b->data[m] : 0.0;
      const int64_t* taps = table.data() + o * n_k;
      for (int64_t ci = 0; ci < cg; ++ci) {
        const float* xc = x.data.data() + (g * cg + ci) * n_in;
        const float* wc = w.data.data() + (m * cg + ci) * n_k;
        for (int64_t k = 0; k < n_k; ++k) {
          if (taps[k] >= 0) acc += static_cast<double>(wc[k]) * xc[taps[k]];
        }
      }
      y.data[m * n_out + o] = static_cast<float>(acc);
    }
  }
  return std::vector<Tensor>{std::move(y)};
}

Result ConvTranspose(const Call& c) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 1, 1));
  const Tensor& x = *c.in[0];
  auto w_or = RequireParam(c.node, "weight");
  if (!w_or.ok()) return w_or.error();
  const Tensor& w = *w_or.value();
  int64_t r = Rank(x.shape) - 1;
  int64_t group = c.node.attrs.GetInt("group", 1);
  if (r < 1 || Rank(w.shape) != r + 2 || group < 1 || w.shape[0] != x.shape[0] ||
      x.shape[0] % group != 0) {
    return Fail(c.node,
                "conv_transpose needs input [C, spatial...] and weight [C, M/group, kernel...]; "
                "got " +
                    Str(x.shape) + " and " + Str(w.shape) + " with group " + std::to_string(group));
  }
  int64_t ch = x.shape[0];
  int64_t mg = w.shape[1];
  int64_t m_dim = mg * group;
  const Tensor* b = c.node.param("bias");
  if (b != nullptr && b->size() != m_dim) {
    return Fail(c.node, "bias has " + std::to_string(b->size()) + " values for " +
                            std::to_string(m_dim) + " output channels");
  }
  auto win_or = ReadWindow(c.node, Shape(w.shape.begin() + 2, w.shape.end()));
  if (!win_or.ok()) return win_or.error();
  const Window& win = win_or.value();
  std::vector<int64_t> out_pad = c.node.attrs.GetInts("output_padding", std::vector<int64_t>(r, 0));
  if (Rank(out_pad) != r) {
    return Fail(c.node, "output_padding must have " + std::to_string(r) + " values");
  }
  Shape in_sp(x.shape.begin() + 1, x.shape.end());
  Shape out_shape{m_dim};
  for (int64_t d = 0; d < r; ++d) {
    out_shape.push_back(win.strides[d] * (in_sp[d] - 1) + out_pad[d] +
                        (win.kernel[d] - 1) * win.dilations[d] + 1 - win.pad_begin[d] -
                        win.pad_end[d]);
  }
  LOOM_REF_RETURN_IF_ERROR(ExpectOutShape(c, 0, out_shape));
  Shape out_sp(out_shape.begin() + 1, out_shape.end());
  std::vector<int64_t> table = TapTable(in_sp, win, out_sp);
  int64_t n_in = ir::NumElements(in_sp);
  int64_t n_out = ir::NumElements(out_sp);
  int64_t n_k = ir::NumElements(win.kernel);
  int64_t cg = ch / group;
  std::vector<double> acc(static_cast<size_t>(m_dim * n_out), 0.0);
  for (int64_t ci = 0; ci < ch; ++ci) {
    int64_t g = ci / cg;
    const float* xc = x.data.data() + ci * n_in;
    for (int64_t mi = 0; mi < mg; ++mi) {
      int64_t m = g * mg + mi;
      const float* wk = w.data.data() + (ci * mg + mi) * n_k;
      double* ym = acc.data() + m * n_out;
      for (int64_t i = 0; i < n_in; ++i) {
        const int64_t* taps = table.data() + i * n_k;
        for (int64_t k = 0; k < n_k; ++k) {
          if (taps[k] >= 0) ym[taps[k]] += static_cast<double>(xc[i]) * wk[k];
        }
      }
    }
  }
  Tensor y(c.out[0]);
  for (int64_t m = 0; m < m_dim; ++m) {
    for (int64_t o = 0; o < n_out; ++o) {
      double v = acc[m * n_out + o] + (b != nullptr ? b->data[m] : 0.0);
      y.data[m * n_out + o] = static_cast<float>(v);
    }
  }
  return std::vector<Tensor>{std::move(y)};
}

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
  std::vector<int64_t> table = TapTable(out_sp, win, in_sp);
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
  return std::vector<Tensor>{std::move(y)};
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
  return std::vector<Tensor>{std::move(y)};
}

Result BatchNorm(const Call& c) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 1, 1));
  const Tensor& x = *c.in[0];
  LOOM_REF_RETURN_IF_ERROR(ExpectOutShape(c, 0, x.shape));
  auto scale = RequireParam(c.node, "scale");
  if (!scale.ok()) return scale.error();
  auto bias = RequireParam(c.node, "bias");
  if (!bias.ok()) return bias.error();
  int64_t ch = x.shape.empty() ? 1 : x.shape[0];
  if (scale.value()->size() != ch || bias.value()->size() != ch) {
    return Fail(c.node, "scale and bias need " + std::to_string(ch) + " values (one per channel)");
  }
  int64_t n = ch == 0 ? 0 : x.size() / ch;
  Tensor y(c.out[0]);
  for (int64_t k = 0; k < ch; ++k) {
    double s = scale.value()->data[k];
    double b = bias.value()->data[k];
    for (int64_t i = 0; i < n; ++i)
      y.data[k * n + i] = static_cast<float>(x.data[k * n + i] * s + b);
  }
  return std::vector<Tensor>{std::move(y)};
}

// ---------------------------------------------------------------------------------------------
// Data movement.

Result Reshape(const Call& c) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 1, 1));
  if (ir::NumElements(c.out[0]) != c.in[0]->size()) {
    return Fail(c.node, "cannot reshape " + Str(c.in[0]->shape) + " into " + Str(c.out[0]));
  }
  return std::vector<Tensor>{Tensor(c.out[0], c.in[0]->data)};
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
  return std::vector<Tensor>{Transpose(x, perm)};
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
  return std::vector<Tensor>{std::move(y)};
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
  if (y.size() == 0) return std::vector<Tensor>{std::move(y)};
  std::vector<int64_t> in_strides = RowMajorStrides(x.shape);
  std::vector<int64_t> index(r, 0);
  int64_t i = 0;
  do {
    int64_t off = 0;
    for (int64_t d = 0; d < r; ++d) off += (first[d] + index[d] * step[d]) * in_strides[d];
    y.data[i++] = x.data[off];
  } while (Next(index, out_shape));
  return std::vector<Tensor>{std::move(y)};
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
  if (y.size() == 0) return std::vector<Tensor>{std::move(y)};
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
  return std::vector<Tensor>{std::move(y)};
}

// One output coordinate of a resize along one axis: up to two input indices and weights.
struct ResizeTap {
  int64_t index[2] = {0, 0};
  double weight[2] = {1.0, 0.0};
  int count = 1;
};

Result Resize(const Call& c) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 1, 1));
  const Tensor& x = *c.in[0];
  auto map = ResizeLinearMap(c.node, x.shape, c.out[0]);
  if (!map.ok()) return map.error();
  const ResizeMap& m = map.value();
  Tensor y(c.out[0]);
  for (int64_t o = 0; o + 1 < static_cast<int64_t>(m.start.size()); ++o) {
    double acc = 0;
    for (int64_t t = m.start[o]; t < m.start[o + 1]; ++t) acc += m.weight[t] * x.data[m.index[t]];
    y.data[o] = static_cast<float>(acc);
  }
  return std::vector<Tensor>{std::move(y)};
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
  return std::vector<Tensor>{std::move(y)};
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
  return std::vector<Tensor>{std::move(y)};
}

// ---------------------------------------------------------------------------------------------
// Quantization. These follow the float32 arithmetic of the reference implementations (numpy
// for QONNX, ORT for QuantizeLinear) step by step: a value a hair away from a rounding tie
// must round the same way, or the result is off by a whole quantum.

enum class Rounding { kHalfEven, kCeil, kFloor, kToZero };

ErrorOr<Rounding> ReadRounding(const Node& node, const std::string& def) {
  std::string mode = node.attrs.GetString("rounding_mode", def);
  std::string upper = mode;
  for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (upper == "ROUND") return Rounding::kHalfEven;
  if (upper == "CEIL") return Rounding::kCeil;
  if (upper == "FLOOR") return Rounding::kFloor;
  if (upper == "ROUND_TO_ZERO") return Rounding::kToZero;
  return Fail(node, "unsupported rounding_mode '" + mode +
                        "' (supported: ROUND, CEIL, FLOOR, ROUND_TO_ZERO)");
}

float ApplyRounding(Rounding mode, float v) {
  switch (mode) {
    case Rounding::kHalfEven:
      return std::nearbyint(v);  // the default FE_TONEAREST mode: ties to even, like np.round
    case Rounding::kCeil:
      return std::ceil(v);
    case Rounding::kFloor:
      return std::floor(v);
    case Rounding::kToZero:
      return std::trunc(v);
  }
  return v;
}

Result Quant(const Call& c) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 1, 1));
  const Tensor& x = *c.in[0];
  LOOM_REF_RETURN_IF_ERROR(ExpectOutShape(c, 0, x.shape));
  auto scale = BroadcastParam(c.node, "scale", x.shape, std::nullopt);
  if (!scale.ok()) return scale.error();
  auto zp = BroadcastParam(c.node, "zero_point", x.shape, 0.0f);
  if (!zp.ok()) return zp.error();
  auto bits = BroadcastParam(c.node, "bitwidth", x.shape, std::nullopt);
  if (!bits.ok()) return bits.error();
  auto rounding = ReadRounding(c.node, "ROUND");
  if (!rounding.ok()) return rounding.error();
  bool is_signed = c.node.attrs.GetInt("signed", 1) != 0;
  bool narrow = c.node.attrs.GetInt("narrow", 0) != 0;
  Tensor y(c.out[0]);
  for (int64_t i = 0; i < y.size(); ++i) {
    float bw = bits.value()[i];
    if (!(bw >= 1) || bw != std::floor(bw) || bw > 64) {
      return Fail(c.node,
                  "bitwidth must be a whole number from 1 to 64, not " + std::to_string(bw));
    }
    float s = scale.value()[i];
    float z = zp.value()[i];
    float q = x.data[i] / s + z;
    if (bw == 1 && is_signed) {
      // QONNX treats a signed 1-bit Quant as bipolar: the sign of the scaled value.
      q = q >= 0 ? 1.0f : -1.0f;
    } else {
      double half = std::ldexp(1.0, static_cast<int>(bw) - 1);
      double lo = is_signed ? (narrow ? -half + 1 : -half) : 0.0;
      double hi = is_signed ? half - 1 : (narrow ? 2 * half - 2 : 2 * half - 1);
      // Clamping to whole bounds commutes with rounding, so the order QONNX uses does not matter.
      q = std::clamp(q, static_cast<float>(lo), static_cast<float>(hi));
      q = ApplyRounding(rounding.value(), q);
    }
    y.data[i] = (q - z) * s;
  }
  return std::vector<Tensor>{std::move(y)};
}

Result BipolarQuant(const Call& c) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 1, 1));
  const Tensor& x = *c.in[0];
  LOOM_REF_RETURN_IF_ERROR(ExpectOutShape(c, 0, x.shape));
  auto scale = BroadcastParam(c.node, "scale", x.shape, std::nullopt);
  if (!scale.ok()) return scale.error();
  Tensor y(c.out[0]);
  for (int64_t i = 0; i < y.size(); ++i) {
    y.data[i] = (x.data[i] >= 0 ? 1.0f : -1.0f) * scale.value()[i];
  }
  return std::vector<Tensor>{std::move(y)};
}

// QONNX Trunc in its four-parameter form: the output keeps the input scale and zero point.
Result Trunc(const Call& c) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 1, 1));
  const Tensor& x = *c.in[0];
  LOOM_REF_RETURN_IF_ERROR(ExpectOutShape(c, 0, x.shape));
  auto scale = BroadcastParam(c.node, "scale", x.shape, std::nullopt);
  if (!scale.ok()) return scale.error();
  auto zp = BroadcastParam(c.node, "zero_point", x.shape, 0.0f);
  if (!zp.ok()) return zp.error();
  auto in_bits = BroadcastParam(c.node, "input_bit_width", x.shape, std::nullopt);
  if (!in_bits.ok()) return in_bits.error();
  auto out_bits = BroadcastParam(c.node, "output_bit_width", x.shape, std::nullopt);
  if (!out_bits.ok()) return out_bits.error();
  auto rounding = ReadRounding(c.node, "FLOOR");
  if (!rounding.ok()) return rounding.error();
  Tensor y(c.out[0]);
  for (int64_t i = 0; i < y.size(); ++i) {
    float s = scale.value()[i];
    float z = zp.value()[i];
    float q = std::nearbyint(x.data[i] / s + z);
    float trunc_scale = std::exp2(in_bits.value()[i] - out_bits.value()[i]);
    q = ApplyRounding(rounding.value(), q / trunc_scale);
    y.data[i] = (q - z) * s;
  }
  return std::vector<Tensor>{std::move(y)};
}

// QONNX FloatQuant, as QONNX's executor computes it in float32: v = x / scale; exponent
// e = max(floor(log2(|v| + tiny)) - M, 1 - bias - M); q = round(v / 2^e) * 2^e; clip to the
// format's largest value (or max_val); times scale.
Result FloatQuant(const Call& c) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 1, 1));
  const Tensor& x = *c.in[0];
  LOOM_REF_RETURN_IF_ERROR(ExpectOutShape(c, 0, x.shape));
  std::vector<std::vector<float>> p;
  for (const char* key :
       {"scale", "exponent_bitwidth", "mantissa_bitwidth", "exponent_bias", "max_val"}) {
    auto v = BroadcastParam(c.node, key, x.shape, std::nullopt);
    if (!v.ok()) return v.error();
    p.push_back(std::move(v).value());
  }
  auto rounding = ReadRounding(c.node, "ROUND");
  if (!rounding.ok()) return rounding.error();
  if (c.node.attrs.GetInt("saturation", 1) == 0) {
    return Fail(c.node, "FloatQuant without saturation (infinities or NaN) is not supported");
  }
  Tensor y(c.out[0]);
  const float tiny = std::numeric_limits<float>::min();
  for (int64_t i = 0; i < y.size(); ++i) {
    const float s = p[0][i], e_bits = p[1][i], m_bits = p[2][i], bias = p[3][i];
    const float v = x.data[i] / s;
    const float emin = 1.0f - bias - m_bits;
    const float e = std::max(std::floor(std::log2(std::fabs(v) + tiny)) - m_bits, emin);
    const float step = std::exp2(e);
    float q = step * ApplyRounding(rounding.value(), v / step);
    const float emax = std::exp2(e_bits) - 1.0f - bias;
    float top = (2.0f - std::exp2(-m_bits)) * std::exp2(emax);
    if (std::isfinite(p[4][i])) top = std::min(top, p[4][i]);
    q = std::clamp(q, -top, top);
    y.data[i] = q * s;
  }
  return std::vector<Tensor>{std::move(y)};
}

// Scale and zero point of QuantizeLinear/DequantizeLinear expanded to one value per element:
// per-tensor (one value) or per-axis (one value per index of `axis`).
ErrorOr<std::vector<float>> LinearQuantParam(const Node& node, const std::string& key,
                                             const Shape& shape, std::optional<float> fallback) {
  const Tensor* t = node.param(key);
  int64_t n = ir::NumElements(shape);
  if (t == nullptr) {
    if (fallback) return std::vector<float>(n, *fallback);
    return Fail(node, "missing param '" + key + "'");
  }
  if (node.attrs.GetInt("block_size", 0) > 0) {
    return Fail(node, "blocked quantization (block_size) is not supported");
  }
  int64_t axis = node.attrs.GetInt("axis", -1);
  if (axis < 0) {
    if (t->size() != 1) {
      return Fail(node, "per-tensor param '" + key + "' must have one value, not " +
                            std::to_string(t->size()));
    }
    return std::vector<float>(n, t->data[0]);
  }
  if (axis >= Rank(shape) || t->size() != shape[axis]) {
    return Fail(node, "per-axis param '" + key + "' has " + std::to_string(t->size()) +
                          " values; axis " + std::to_string(axis) + " of " + Str(shape) +
                          " needs one per index");
  }
  std::vector<float> out(n);
  int64_t inner = RowMajorStrides(shape)[axis];
  for (int64_t i = 0; i < n; ++i) out[i] = t->data[(i / inner) % shape[axis]];
  return out;
}

Result QuantizeLinear(const Call& c) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 1, 1));
  const Tensor& x = *c.in[0];
  LOOM_REF_RETURN_IF_ERROR(ExpectOutShape(c, 0, x.shape));
  auto scale = LinearQuantParam(c.node, "scale", x.shape, std::nullopt);
  if (!scale.ok()) return scale.error();
  auto zp = LinearQuantParam(c.node, "zero_point", x.shape, 0.0f);
  if (!zp.ok()) return zp.error();
  float qmin = static_cast<float>(c.node.attrs.GetFloat("qmin", 0.0));
  float qmax = static_cast<float>(c.node.attrs.GetFloat("qmax", 255.0));
  Tensor y(c.out[0]);
  for (int64_t i = 0; i < y.size(); ++i) {
    float q = std::nearbyint(x.data[i] / scale.value()[i]) + zp.value()[i];
    y.data[i] = std::clamp(q, qmin, qmax);
  }
  return std::vector<Tensor>{std::move(y)};
}

Result DequantizeLinear(const Call& c) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 1, 1));
  const Tensor& x = *c.in[0];
  LOOM_REF_RETURN_IF_ERROR(ExpectOutShape(c, 0, x.shape));
  auto scale = LinearQuantParam(c.node, "scale", x.shape, std::nullopt);
  if (!scale.ok()) return scale.error();
  auto zp = LinearQuantParam(c.node, "zero_point", x.shape, 0.0f);
  if (!zp.ok()) return zp.error();
  Tensor y(c.out[0]);
  for (int64_t i = 0; i < y.size(); ++i) {
    y.data[i] = (x.data[i] - zp.value()[i]) * scale.value()[i];
  }
  return std::vector<Tensor>{std::move(y)};
}

Result ConstantOp(const Call& c) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 0, 0));
  auto value = RequireParam(c.node, "value");
  if (!value.ok()) return value.error();
  if (ir::NumElements(c.out[0]) != value.value()->size()) {
    return Fail(c.node, "value of shape " + Str(value.value()->shape) +
                            " does not fill the output shape " + Str(c.out[0]));
  }
  return std::vector<Tensor>{Tensor(c.out[0], value.value()->data)};
}

// ---------------------------------------------------------------------------------------------

Result Dispatch(const Call& c) {
  switch (c.node.op) {
    case OpKind::kInput:
      return Fail(c.node, "graph inputs are bound by Run, not evaluated");
    case OpKind::kConstant:
      return ConstantOp(c);
    case OpKind::kDense:
      return Dense(c);
    case OpKind::kMatMul:
      return MatMul(c);
    case OpKind::kConv:
      return Conv(c);
    case OpKind::kConvTranspose:
      return ConvTranspose(c);
    case OpKind::kBatchNorm:
      return BatchNorm(c);
    case OpKind::kAdd:
      return Variadic(c, 2, 2, [](double p, double q) { return p + q; });
    case OpKind::kSub:
      return Variadic(c, 2, 2, [](double p, double q) { return p - q; });
    case OpKind::kMul:
      return Variadic(c, 2, 2, [](double p, double q) { return p * q; });
    case OpKind::kDiv:
      return Variadic(c, 2, 2, [](double p, double q) { return p / q; });
    case OpKind::kMax:
      return Variadic(c, 1, SIZE_MAX, [](double p, double q) { return std::max(p, q); });
    case OpKind::kMin:
      return Variadic(c, 1, SIZE_MAX, [](double p, double q) { return std::min(p, q); });
    case OpKind::kSum:
      return Variadic(c, 1, SIZE_MAX, [](double p, double q) { return p + q; });
    case OpKind::kRelu:
      return Unary(c, [](double v) { return v < 0 ? 0.0 : v; });
    case OpKind::kAbs:
      return Unary(c, [](double v) { return std::fabs(v); });
    case OpKind::kNeg:
      return Unary(c, [](double v) { return -v; });
    case OpKind::kSign:
      return Unary(c, [](double v) { return v > 0 ? 1.0 : v < 0 ? -1.0 : 0.0; });
    case OpKind::kLeakyRelu: {
      double alpha = ir::FloatAttr(c.node, "alpha");
      return Unary(c, [=](double v) { return v < 0 ? alpha * v : v; });
    }
    case OpKind::kPRelu:
      return PRelu(c);
    case OpKind::kElu: {
      double alpha = ir::FloatAttr(c.node, "alpha");
      return Unary(c, [=](double v) { return v < 0 ? alpha * std::expm1(v) : v; });
    }
    case OpKind::kSelu: {
      double alpha = ir::FloatAttr(c.node, "alpha");
      double gamma = ir::FloatAttr(c.node, "gamma");
      return Unary(c, [=](double v) { return gamma * (v <= 0 ? alpha * std::expm1(v) : v); });
    }
    case OpKind::kThresholdedRelu: {
      double alpha = ir::FloatAttr(c.node, "alpha");
      return Unary(c, [=](double v) { return v > alpha ? v : 0.0; });
    }
    case OpKind::kSigmoid:
      // Two forms so that exp() never overflows into inf/inf.
      return Unary(c, [](double v) {
        return v >= 0 ? 1.0 / (1.0 + std::exp(-v)) : std::exp(v) / (1.0 + std::exp(v));
      });
    case OpKind::kHardSigmoid: {
      double alpha = ir::FloatAttr(c.node, "alpha");
      double beta = ir::FloatAttr(c.node, "beta");
      return Unary(c, [=](double v) { return std::clamp(alpha * v + beta, 0.0, 1.0); });
    }
    case OpKind::kHardSwish:
      return Unary(c, [](double v) { return v * std::clamp(v / 6.0 + 0.5, 0.0, 1.0); });
    case OpKind::kTanh:
      return Unary(c, [](double v) { return std::tanh(v); });
    case OpKind::kSoftmax:
      return Softmax(c);
    case OpKind::kSoftplus:
      return Unary(c, [](double v) {
        return v > 0 ? v + std::log1p(std::exp(-v)) : std::log1p(std::exp(v));
      });
    case OpKind::kSoftsign:
      return Unary(c, [](double v) { return v / (1.0 + std::fabs(v)); });
    case OpKind::kExp:
      return Unary(c, [](double v) { return std::exp(v); });
    case OpKind::kErf:
      return Unary(c, [](double v) { return std::erf(v); });
    case OpKind::kGelu:
      if (ir::StringAttr(c.node, "approximate") == "tanh") {
        return Unary(c, [](double v) {
          const double k = std::sqrt(2.0 / std::acos(-1.0));
          return 0.5 * v * (1.0 + std::tanh(k * (v + 0.044715 * v * v * v)));
        });
      }
      return Unary(c, [](double v) { return 0.5 * v * std::erfc(-v / std::sqrt(2.0)); });
    case OpKind::kClip:
      return Clip(c);
    case OpKind::kMaxPool:
      return Pool(c, /*is_max=*/true);
    case OpKind::kAveragePool:
      return Pool(c, /*is_max=*/false);
    case OpKind::kGlobalAveragePool:
      return GlobalPool(c, /*is_max=*/false);
    case OpKind::kGlobalMaxPool:
      return GlobalPool(c, /*is_max=*/true);
    case OpKind::kReshape:
      return Reshape(c);
    case OpKind::kTranspose:
      return TransposeOp(c);
    case OpKind::kConcat:
      return Concat(c);
    case OpKind::kSplit:
      return Split(c);
    case OpKind::kSlice:
      return Slice(c);
    case OpKind::kPad:
      return Pad(c);
    case OpKind::kResize:
      return Resize(c);
    case OpKind::kDepthToSpace:
      return DepthSpace(c, /*to_space=*/true);
    case OpKind::kSpaceToDepth:
      return DepthSpace(c, /*to_space=*/false);
    case OpKind::kQuant:
      return Quant(c);
    case OpKind::kBipolarQuant:
      return BipolarQuant(c);
    case OpKind::kTrunc:
      return Trunc(c);
    case OpKind::kFloatQuant:
      return FloatQuant(c);
    case OpKind::kQuantizeLinear:
      return QuantizeLinear(c);
    case OpKind::kDequantizeLinear:
      return DequantizeLinear(c);
    case OpKind::kReduceMean:
    case OpKind::kReduceMax:
    case OpKind::kReduceSum:
      return ReduceAxes(c);
  }
  return Fail(c.node, "op is not supported by the float engine");
}

// Channels-last data is evaluated by moving the channel axis to the front and back again: one
// implementation per op keeps both layouts trivially consistent.
Result EvaluateChannelsLast(const Call& c) {
  if (c.in.size() != 1 || c.in[0]->shape.empty()) {
    return Fail(c.node, "channels_last needs exactly one input of rank 1 or more");
  }
  int64_t r = Rank(c.in[0]->shape);
  std::vector<int64_t> to_first{r - 1};
  std::vector<int64_t> to_last;
  for (int64_t d = 0; d + 1 < r; ++d) {
    to_first.push_back(d);
    to_last.push_back(d + 1);
  }
  to_last.push_back(0);
  Tensor x = Transpose(*c.in[0], to_first);
  Call inner{c.node, {&x}, {}};
  for (const Shape& s : c.out) {
    if (Rank(s) != r) {
      return Fail(c.node, "output shape " + Str(s) + " has a different rank than input " +
                              Str(c.in[0]->shape));
    }
    Shape first{s.back()};
    first.insert(first.end(), s.begin(), s.end() - 1);
    inner.out.push_back(first);
  }
  Result res = Dispatch(inner);
  if (!res.ok()) return res;
  std::vector<Tensor> outs;
  for (const Tensor& t : res.value()) outs.push_back(Transpose(t, to_last));
  return outs;
}

}  // namespace

ErrorOr<ResizeMap> ResizeLinearMap(const ir::Node& n, const ir::Shape& in_shape,
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

ErrorOr<std::vector<ir::Tensor>> EvaluateNode(const ir::Node& node,
                                              const std::vector<const ir::Tensor*>& inputs) {
  if (inputs.size() != node.inputs.size()) {
    return Fail(node, "got " + std::to_string(inputs.size()) + " input tensors for " +
                          std::to_string(node.inputs.size()) + " inputs");
  }
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i] == nullptr) return Fail(node, "input " + std::to_string(i) + " is missing");
    if (inputs[i]->size() != ir::NumElements(inputs[i]->shape)) {
      return Fail(node, "input " + std::to_string(i) + " has " + std::to_string(inputs[i]->size()) +
                            " values for shape " + Str(inputs[i]->shape));
    }
  }
  Call call{node, inputs, {}};
  for (const ir::Value* v : node.outputs) call.out.push_back(v->shape);
  for (const Shape& s : call.out) {
    for (int64_t d : s) {
      if (d < 0) return Fail(node, "output shape " + Str(s) + " has a negative dimension");
    }
  }
  Result res = ir::HasChannelAxis(node.op) && node.attrs.GetInt("channels_last", 0) == 1
                   ? EvaluateChannelsLast(call)
                   : Dispatch(call);
  if (!res.ok()) return res;
  LOOM_CHECK(res.value().size() == call.out.size());
  for (size_t i = 0; i < call.out.size(); ++i) {
    LOOM_CHECK(res.value()[i].shape == call.out[i]);
    LOOM_CHECK(res.value()[i].size() == ir::NumElements(call.out[i]));
  }
  return res;
}

ErrorOr<std::vector<ir::Tensor>> Run(const ir::Graph& graph,
                                     const std::vector<ir::Tensor>& inputs) {
  if (inputs.size() != graph.inputs().size()) {
    return Error("the graph has " + std::to_string(graph.inputs().size()) +
                 " inputs but was given " + std::to_string(inputs.size()) + " tensors");
  }
  std::unordered_map<const ir::Value*, Tensor> values;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const ir::Value* v = graph.inputs()[i];
    if (inputs[i].shape != v->shape || inputs[i].size() != ir::NumElements(v->shape)) {
      return Error("graph input '" + v->name + "' expects shape " + Str(v->shape) + " but got " +
                   Str(inputs[i].shape) + " with " + std::to_string(inputs[i].size()) + " values");
    }
    values[v] = inputs[i];
  }
  // Free each intermediate after its last use: whole networks are run through here.
  std::unordered_map<const ir::Value*, size_t> last_use;
  const auto& nodes = graph.nodes();
  for (size_t i = 0; i < nodes.size(); ++i) {
    for (const ir::Value* v : nodes[i]->inputs) last_use[v] = i;
  }
  for (const ir::Value* v : graph.outputs()) last_use[v] = nodes.size();
  for (size_t i = 0; i < nodes.size(); ++i) {
    const Node& node = *nodes[i];
    if (node.op == OpKind::kInput) {
      if (node.outputs.size() != 1 || !values.count(node.outputs[0])) {
        return Fail(node, "is not one of the graph's inputs");
      }
      continue;
    }
    std::vector<const Tensor*> args;
    for (const ir::Value* v : node.inputs) {
      auto it = values.find(v);
      if (it == values.end()) {
        return Fail(node, "input '" + (v ? v->name : std::string("?")) +
                              "' has no value (the graph is not in topological order)");
      }
      args.push_back(&it->second);
    }
    Result res = EvaluateNode(node, args);
    if (!res.ok()) return res;
    for (size_t k = 0; k < node.outputs.size(); ++k) {
      values[node.outputs[k]] = std::move(res.value()[k]);
    }
    for (const ir::Value* v : node.inputs) {
      auto it = last_use.find(v);
      if (it != last_use.end() && it->second == i) values.erase(v);
    }
  }
  std::vector<Tensor> outs;
  for (const ir::Value* v : graph.outputs()) {
    auto it = values.find(v);
    if (it == values.end()) return Error("graph output '" + v->name + "' is never computed");
    outs.push_back(it->second);
  }
  return outs;
}

}  // namespace loom::ref
