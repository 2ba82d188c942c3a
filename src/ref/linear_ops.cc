// The float reference engine's linear-family ops: dense, matmul, conv, conv_transpose, batch_norm.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ref/ops.h"

namespace loom::ref {

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

}  // namespace loom::ref
