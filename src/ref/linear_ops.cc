// The float reference engine's linear-family ops: dense, matmul, conv, conv_transpose, batch_norm.
#include <algorithm>
#include <cstdint>
#include <cstring>
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
  // Row by row, all outputs at once (the inner loop runs along a weight row, so it vectorizes);
  // each output is still its bias plus the products in k order, summed in double.
  std::vector<double> acc(static_cast<size_t>(n_dim));
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t n = 0; n < n_dim; ++n) acc[n] = b != nullptr ? b->data[n] : 0.0;
    for (int64_t k = 0; k < k_dim; ++k) {
      const double xk = x.data[r * k_dim + k];
      const float* wk = w.data.data() + k * n_dim;
      for (int64_t n = 0; n < n_dim; ++n) acc[n] += xk * wk[n];
    }
    for (int64_t n = 0; n < n_dim; ++n) y.data[r * n_dim + n] = static_cast<float>(acc[n]);
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

// kM output channels x kO outputs of a convolution: bias plus sum over q of w[m][q] * cols[q][o]
// (cols rows `stride` apart), in q order, in double; the block stays in registers (GCC vectors
// of 8 doubles: zmm registers in the AVX-512 clone, pairs of ymm or xmm in the others).
typedef double Doubles8 __attribute__((vector_size(64)));

template <int kM, int kV>
__attribute__((always_inline)) inline void ConvBlock(const double* w, int64_t q_dim,
                                                     const double* cols, int64_t stride,
                                                     const Tensor* b, int64_t m0, float* y,
                                                     int64_t y_stride) {
  Doubles8 a[kM][kV];
  for (int i = 0; i < kM; ++i) {
    const double bias = b != nullptr ? b->data[m0 + i] : 0.0;
    for (int v = 0; v < kV; ++v) a[i][v] = Doubles8{} + bias;
  }
  for (int64_t q = 0; q < q_dim; ++q) {
    Doubles8 col[kV];
    std::memcpy(col, cols + q * stride, sizeof(col));
    for (int i = 0; i < kM; ++i) {
      const double wq = w[i * q_dim + q];
      for (int v = 0; v < kV; ++v) a[i][v] += wq * col[v];
    }
  }
  for (int i = 0; i < kM; ++i) {
    for (int v = 0; v < kV; ++v) {
      for (int j = 0; j < 8; ++j) y[i * y_stride + v * 8 + j] = static_cast<float>(a[i][v][j]);
    }
  }
}

// One output (all channels of a block) the plain way, for the tile's last few outputs.
template <int kM>
__attribute__((always_inline)) inline void ConvOne(const double* w, int64_t q_dim,
                                                   const double* cols, int64_t stride,
                                                   const Tensor* b, int64_t m0, float* y,
                                                   int64_t y_stride) {
  for (int i = 0; i < kM; ++i) {
    double acc = b != nullptr ? b->data[m0 + i] : 0.0;
    for (int64_t q = 0; q < q_dim; ++q) acc += w[i * q_dim + q] * cols[q * stride];
    y[i * y_stride] = static_cast<float>(acc);
  }
}

// Output channels [m_begin, m_end) of one tile of t outputs (y rows y_stride apart): blocks of
// 4 channels x 32 (then 16) outputs, then single channels. Compiled for AVX-512, AVX2 and
// baseline x86-64, chosen at load time.
__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) void ConvTile(
    const double* w, int64_t q_dim, const double* cols, int64_t t, const Tensor* b, int64_t m_begin,
    int64_t m_end, float* y, int64_t y_stride) {
  int64_t m = m_begin;
  for (; m + 4 <= m_end; m += 4) {
    int64_t o = 0;
    for (; o + 32 <= t; o += 32) {
      ConvBlock<4, 4>(w + m * q_dim, q_dim, cols + o, t, b, m, y + m * y_stride + o, y_stride);
    }
    for (; o + 16 <= t; o += 16) {
      ConvBlock<4, 2>(w + m * q_dim, q_dim, cols + o, t, b, m, y + m * y_stride + o, y_stride);
    }
    for (; o < t; ++o) {
      ConvOne<4>(w + m * q_dim, q_dim, cols + o, t, b, m, y + m * y_stride + o, y_stride);
    }
  }
  for (; m < m_end; ++m) {
    int64_t o = 0;
    for (; o + 16 <= t; o += 16) {
      ConvBlock<1, 2>(w + m * q_dim, q_dim, cols + o, t, b, m, y + m * y_stride + o, y_stride);
    }
    for (; o < t; ++o) {
      ConvOne<1>(w + m * q_dim, q_dim, cols + o, t, b, m, y + m * y_stride + o, y_stride);
    }
  }
}

// col[o] = x[taps[o]] as a double, or 0 where the tap is padding (-1).
__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) void GatherTaps(
    const float* x, const int64_t* taps, int64_t t, double* col) {
  for (int64_t o = 0; o < t; ++o) {
    const int64_t tap = taps[o];
    col[o] = tap >= 0 ? static_cast<double>(x[tap]) : 0.0;
  }
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
  const auto table_ptr = TapTableByTap(out_sp, win, in_sp);
  const std::vector<int64_t>& table = *table_ptr;  // [tap][output]
  int64_t n_in = ir::NumElements(in_sp);
  int64_t n_out = ir::NumElements(out_sp);
  int64_t n_k = ir::NumElements(win.kernel);
  int64_t cg = ch / group;
  int64_t mg = m_dim / group;
  Tensor y(c.out[0]);
  // Per group and tile of outputs: the tile's input taps gathered once into columns (0 for
  // padding), then each output channel as rows of weights times columns, the inner loop running
  // along the tile (it vectorizes). Each output is its bias plus the products in (channel, tap)
  // order, summed in double, as the direct loop sums them.
  const int64_t q_dim = cg * n_k;
  const int64_t tile = std::clamp<int64_t>((int64_t{1} << 15) / std::max<int64_t>(q_dim, 1), 16,
                                           std::max<int64_t>(n_out, 16));
  thread_local std::vector<double> cols;  // reused from sample to sample
  // The weights as doubles once per call, not converted again for every multiply.
  thread_local std::vector<double> wd;
  wd.assign(w.data.begin(), w.data.end());
  cols.resize(static_cast<size_t>(q_dim * std::min(tile, n_out)));
  for (int64_t g = 0; g < group; ++g) {
    for (int64_t o0 = 0; o0 < n_out; o0 += tile) {
      const int64_t t = std::min(tile, n_out - o0);
      for (int64_t ci = 0; ci < cg; ++ci) {
        const float* xc = x.data.data() + (g * cg + ci) * n_in;
        for (int64_t k = 0; k < n_k; ++k) {
          GatherTaps(xc, table.data() + k * n_out + o0, t, cols.data() + (ci * n_k + k) * t);
        }
      }
      ConvTile(wd.data(), q_dim, cols.data(), t, b, g * mg, (g + 1) * mg, y.data.data() + o0,
               n_out);
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
  const auto table_ptr = TapTable(in_sp, win, out_sp);
  const std::vector<int64_t>& table = *table_ptr;
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
