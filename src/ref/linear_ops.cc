// The float reference engine's linear-family ops: dense, matmul, conv, conv_transpose, batch_norm.
#include <algorithm>
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
  return One(std::move(y));
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
  return One(std::move(y));
}

// kM output channels x kO outputs of a convolution: bias plus sum over q of w[m][q] * cols[q][o]
// (cols rows `stride` apart), in q order, in double; the block stays in registers (GCC vectors
// of 8 doubles: zmm registers in the AVX-512 clone, pairs of ymm or xmm in the others).
typedef double Doubles8 __attribute__((vector_size(64)));
// The same 8 doubles (and 8 floats) read or written at any address of the tensors' arrays: plain
// vector loads and stores, not a copy through the stack.
typedef double Doubles8Unaligned __attribute__((vector_size(64), aligned(8), may_alias));
typedef float Floats8 __attribute__((vector_size(32)));
typedef float Floats8Unaligned __attribute__((vector_size(32), aligned(4), may_alias));

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
    for (int v = 0; v < kV; ++v) {
      col[v] = *reinterpret_cast<const Doubles8Unaligned*>(cols + q * stride + 8 * v);
    }
    for (int i = 0; i < kM; ++i) {
      const double wq = w[i * q_dim + q];
      for (int v = 0; v < kV; ++v) a[i][v] += wq * col[v];
    }
  }
  for (int i = 0; i < kM; ++i) {
    for (int v = 0; v < kV; ++v) {
      *reinterpret_cast<Floats8Unaligned*>(y + i * y_stride + v * 8) =
          __builtin_convertvector(a[i][v], Floats8);
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

// col[i] = x[start + i] as doubles (one run of a tap at step 1).
__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) void WidenRun(
    const float* __restrict x, int64_t n, double* __restrict col) {
  for (int64_t i = 0; i < n; ++i) col[i] = static_cast<double>(x[i]);
}

// col[o - o0] for the outputs o in [o0, o0 + t) of one tap, from its runs: zeros for padding,
// widened spans at step 1, element by element otherwise. Reads only the runs the tile meets,
// not a table entry per output.
void GatherRuns(const float* x, const std::vector<TapRun>& runs, int64_t o0, int64_t t,
                double* col) {
  auto it =
      std::partition_point(runs.begin(), runs.end(), [o0](const TapRun& r) { return r.end <= o0; });
  const int64_t o1 = o0 + t;
  for (; it != runs.end() && it->begin < o1; ++it) {
    const int64_t b = std::max(it->begin, o0);
    const int64_t e = std::min(it->end, o1);
    double* dst = col + (b - o0);
    if (it->start < 0) {
      std::fill_n(dst, e - b, 0.0);
      continue;
    }
    const float* src = x + it->start + (b - it->begin) * it->step;
    if (it->step == 1) {
      WidenRun(src, e - b, dst);
    } else {
      for (int64_t i = 0; i < e - b; ++i) dst[i] = static_cast<double>(src[i * it->step]);
    }
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
  const auto runs_ptr = TapRunsByTap(out_sp, win, in_sp);
  const std::vector<std::vector<TapRun>>& runs = *runs_ptr;  // [tap]
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
  // Tiles are whole blocks of 32 outputs (ConvTile's widest), so only the last one has a tail.
  const int64_t tile = std::clamp<int64_t>(
      (int64_t{1} << 15) / std::max<int64_t>(q_dim, 1) / 32 * 32, 32, std::max<int64_t>(n_out, 32));
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
          GatherRuns(xc, runs[k], o0, t, cols.data() + (ci * n_k + k) * t);
        }
      }
      ConvTile(wd.data(), q_dim, cols.data(), t, b, g * mg, (g + 1) * mg, y.data.data() + o0,
               n_out);
    }
  }
  return One(std::move(y));
}

namespace {

// kO outputs x kV * 8 output channels of a 1x1 conv on channels-last data: bias plus
// sum over input channels ci (in order) of x[o][ci] * w[ci][m], in double, as ConvBlock sums.
template <int kO, int kV>
__attribute__((always_inline)) inline void PointwiseBlock(const float* x, int64_t c_dim,
                                                          const double* wt, int64_t m_dim,
                                                          const double* bias, float* y) {
  Doubles8 a[kO][kV];
  for (int v = 0; v < kV; ++v) {
    const Doubles8 b = *reinterpret_cast<const Doubles8Unaligned*>(bias + 8 * v);
    for (int o = 0; o < kO; ++o) a[o][v] = b;
  }
  for (int64_t ci = 0; ci < c_dim; ++ci) {
    Doubles8 w[kV];
    for (int v = 0; v < kV; ++v) {
      w[v] = *reinterpret_cast<const Doubles8Unaligned*>(wt + ci * m_dim + 8 * v);
    }
    for (int o = 0; o < kO; ++o) {
      const double xv = x[o * c_dim + ci];
      for (int v = 0; v < kV; ++v) a[o][v] += xv * w[v];
    }
  }
  for (int o = 0; o < kO; ++o) {
    for (int v = 0; v < kV; ++v) {
      *reinterpret_cast<Floats8Unaligned*>(y + o * m_dim + 8 * v) =
          __builtin_convertvector(a[o][v], Floats8);
    }
  }
}

// Output channels [m, m + 8 * kV) of outputs [o0, o1): blocks of 4 outputs, then single ones.
template <int kV>
__attribute__((always_inline)) inline void PointwiseColumns(const float* x, int64_t o0, int64_t o1,
                                                            int64_t c_dim, const double* wt,
                                                            int64_t m_dim, const double* bias,
                                                            int64_t m, float* y) {
  int64_t o = o0;
  for (; o + 4 <= o1; o += 4) {
    PointwiseBlock<4, kV>(x + o * c_dim, c_dim, wt + m, m_dim, bias + m, y + o * m_dim + m);
  }
  for (; o < o1; ++o) {
    PointwiseBlock<1, kV>(x + o * c_dim, c_dim, wt + m, m_dim, bias + m, y + o * m_dim + m);
  }
}

// y[o][m] for every output o and channel m; wt is [C][M], bias M values (zeros without one).
// Outputs in tiles of 64, so that the tile's inputs stay in L1 across the channel blocks.
__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) void Pointwise(
    const float* x, int64_t n_out, int64_t c_dim, const double* wt, int64_t m_dim,
    const double* bias, float* y) {
  for (int64_t o0 = 0; o0 < n_out; o0 += 64) {
    const int64_t o1 = std::min<int64_t>(n_out, o0 + 64);
    int64_t m = 0;
    for (; m + 32 <= m_dim; m += 32) PointwiseColumns<4>(x, o0, o1, c_dim, wt, m_dim, bias, m, y);
    for (; m + 16 <= m_dim; m += 16) PointwiseColumns<2>(x, o0, o1, c_dim, wt, m_dim, bias, m, y);
    for (; m + 8 <= m_dim; m += 8) PointwiseColumns<1>(x, o0, o1, c_dim, wt, m_dim, bias, m, y);
    for (; m < m_dim; ++m) {
      for (int64_t o = o0; o < o1; ++o) {
        double acc = bias[m];
        for (int64_t ci = 0; ci < c_dim; ++ci) acc += wt[ci * m_dim + m] * x[o * c_dim + ci];
        y[o * m_dim + m] = static_cast<float>(acc);
      }
    }
  }
}

// Channels [c0, c0 + 8 * kV) of one output of a depthwise conv (DepthwiseLast).
template <int kV>
__attribute__((always_inline)) inline void DepthwiseBlock(const float* x, const int64_t* taps,
                                                          int64_t n_k, int64_t c_dim,
                                                          const double* wk, const double* bias,
                                                          int64_t c0, float* yo) {
  Doubles8 a[kV];
  for (int v = 0; v < kV; ++v)
    a[v] = *reinterpret_cast<const Doubles8Unaligned*>(bias + c0 + 8 * v);
  for (int64_t k = 0; k < n_k; ++k) {
    const double* w = wk + k * c_dim + c0;
    for (int v = 0; v < kV; ++v) {
      Doubles8 xv{};
      if (taps[k] >= 0) {
        xv = __builtin_convertvector(
            *reinterpret_cast<const Floats8Unaligned*>(x + taps[k] * c_dim + c0 + 8 * v), Doubles8);
      }
      a[v] += *reinterpret_cast<const Doubles8Unaligned*>(w + 8 * v) * xv;
    }
  }
  for (int v = 0; v < kV; ++v) {
    *reinterpret_cast<Floats8Unaligned*>(yo + c0 + 8 * v) = __builtin_convertvector(a[v], Floats8);
  }
}

// Depthwise conv on channels-last data: y[o][c] = bias[c] + sum over taps k (in order) of
// w[k][c] * x[tap][c], a padding tap contributing w * 0 as Conv's zero column does. `table` is
// TapTable's [output][tap]; wk is [tap][C].
__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) void DepthwiseLast(
    const float* x, const int64_t* table, int64_t n_out, int64_t n_k, int64_t c_dim,
    const double* wk, const double* bias, float* y) {
  for (int64_t o = 0; o < n_out; ++o) {
    const int64_t* taps = table + o * n_k;
    float* yo = y + o * c_dim;
    int64_t c0 = 0;
    for (; c0 + 32 <= c_dim; c0 += 32) DepthwiseBlock<4>(x, taps, n_k, c_dim, wk, bias, c0, yo);
    for (; c0 + 8 <= c_dim; c0 += 8) DepthwiseBlock<1>(x, taps, n_k, c_dim, wk, bias, c0, yo);
    for (int64_t c = c0; c < c_dim; ++c) {
      double acc = bias[c];
      for (int64_t k = 0; k < n_k; ++k) {
        acc +=
            wk[k * c_dim + c] * (taps[k] >= 0 ? static_cast<double>(x[taps[k] * c_dim + c]) : 0.0);
      }
      yo[c] = static_cast<float>(acc);
    }
  }
}

}  // namespace

std::optional<Result> ConvChannelsLast(const Call& c) {
  if (c.in.size() != 1 || c.out.size() != 1) return std::nullopt;
  const Tensor& x = *c.in[0];
  const Tensor* w = c.node.param("weight");
  const int64_t r = Rank(x.shape) - 1;  // spatial axes
  if (w == nullptr || r < 1 || Rank(w->shape) != r + 2 || Rank(c.out[0]) != r + 1) {
    return std::nullopt;
  }
  const int64_t ch = x.shape.back();
  const int64_t m_dim = w->shape[0];
  const int64_t group = c.node.attrs.GetInt("group", 1);
  const Tensor* b = c.node.param("bias");
  if (b != nullptr && b->size() != m_dim) return std::nullopt;
  if (c.out[0].back() != m_dim) return std::nullopt;
  auto win_or = ReadWindow(c.node, Shape(w->shape.begin() + 2, w->shape.end()));
  if (!win_or.ok()) return std::nullopt;
  const Window& win = win_or.value();
  const Shape in_sp(x.shape.begin(), x.shape.end() - 1);
  const Shape out_sp(c.out[0].begin(), c.out[0].end() - 1);
  // The output's spatial shape must be the window's (else Conv reports the mismatch).
  for (int64_t d = 0; d < r; ++d) {
    const int64_t span = (win.kernel[d] - 1) * win.dilations[d] + 1;
    const int64_t padded = in_sp[d] + win.pad_begin[d] + win.pad_end[d];
    if (padded < span || out_sp[d] != (padded - span) / win.strides[d] + 1) return std::nullopt;
  }
  const int64_t n_k = ir::NumElements(win.kernel);
  const int64_t n_out = ir::NumElements(out_sp);
  bool pointwise = group == 1 && n_k == 1 && w->shape[1] == ch;
  for (int64_t d = 0; d < r && pointwise; ++d) {
    pointwise = win.strides[d] == 1 && win.pad_begin[d] == 0 && win.pad_end[d] == 0;
  }
  bool depthwise = group == ch && m_dim == ch && w->shape[1] == 1;
  // Narrower than one vector of channels: the channels-first path is faster.
  if ((!pointwise && !depthwise) || (depthwise && ch < 8) || (pointwise && m_dim < 8)) {
    return std::nullopt;
  }
  thread_local std::vector<double> wd;
  thread_local std::vector<double> bd;
  bd.assign(static_cast<size_t>(m_dim), 0.0);
  for (int64_t m = 0; b != nullptr && m < m_dim; ++m) bd[m] = b->data[m];
  Tensor y(c.out[0]);
  if (pointwise) {
    wd.resize(static_cast<size_t>(ch * m_dim));  // [C][M]
    for (int64_t m = 0; m < m_dim; ++m) {
      for (int64_t ci = 0; ci < ch; ++ci) wd[ci * m_dim + m] = w->data[m * ch + ci];
    }
    Pointwise(x.data.data(), n_out, ch, wd.data(), m_dim, bd.data(), y.data.data());
  } else {
    wd.resize(static_cast<size_t>(n_k * ch));  // [tap][C]
    for (int64_t m = 0; m < m_dim; ++m) {
      for (int64_t k = 0; k < n_k; ++k) wd[k * ch + m] = w->data[m * n_k + k];
    }
    const auto table = TapTable(out_sp, win, in_sp);
    DepthwiseLast(x.data.data(), table->data(), n_out, n_k, ch, wd.data(), bd.data(),
                  y.data.data());
  }
  return One(std::move(y));
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
  return One(std::move(y));
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
  return One(std::move(y));
}

}  // namespace loom::ref
