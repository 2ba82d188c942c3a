// The float reference engine's shared checks, shape and broadcast helpers, and sliding windows.
#include "ref/ops.h"

#include <immintrin.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace loom::ref {

Error Fail(const Node& node, const std::string& message) {
  return Error(node.Describe() + ": " + message);
}

std::string Str(const Shape& shape) { return ir::ShapeToString(shape); }

std::vector<int64_t> RowMajorStrides(const Shape& shape) {
  std::vector<int64_t> strides(shape.size(), 1);
  for (int64_t d = Rank(shape) - 2; d >= 0; --d) strides[d] = strides[d + 1] * shape[d + 1];
  return strides;
}

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

ErrorOr<int64_t> NormalizeAxis(const Node& node, int64_t axis, int64_t rank) {
  int64_t a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) {
    return Fail(
        node, "axis " + std::to_string(axis) + " is out of range for rank " + std::to_string(rank));
  }
  return a;
}

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

ErrorOr<ParamValues> BroadcastParam(const Node& node, const std::string& key, const Shape& shape,
                                    std::optional<float> fallback) {
  const Tensor* t = node.param(key);
  if (t == nullptr) {
    if (fallback) return ParamValues::Same(*fallback);
    return Fail(node, "missing param '" + key + "'");
  }
  auto checked = RequireParam(node, key);
  if (!checked.ok()) return checked.error();
  // One value broadcasts to any shape (its size-1 axes beyond the value's rank are dropped).
  if (t->size() == 1) return ParamValues::Same(t->data[0]);
  auto offsets = BroadcastOffsets(t->shape, shape);
  if (!offsets) {
    return Fail(node, "param '" + key + "' of shape " + Str(t->shape) +
                          " does not broadcast to the input shape " + Str(shape));
  }
  std::vector<float> out;
  out.reserve(offsets->size());
  for (int64_t off : *offsets) out.push_back(t->data[off]);
  return ParamValues(std::move(out));
}

namespace {

// y[b * a_dim + a] = x[a * b_dim + b] for a in [a0, a1), b in [b0, b1).
void TransposeBlock(const float* x, int64_t a_dim, int64_t b_dim, float* y, int64_t a0, int64_t a1,
                    int64_t b0, int64_t b1) {
  for (int64_t b = b0; b < b1; ++b) {
    for (int64_t a = a0; a < a1; ++a) y[b * a_dim + a] = x[a * b_dim + b];
  }
}

// The 2D transpose [A, B] -> [B, A] with AVX: 8 x 8 blocks transposed in registers (unpack,
// shuffle, then swap of 128-bit halves), the edges element by element.
__attribute__((target("avx2"))) void Transpose2DAvx(const float* x, int64_t a_dim, int64_t b_dim,
                                                    float* y) {
  constexpr int64_t kTile = 32;
  for (int64_t a0 = 0; a0 < a_dim; a0 += kTile) {
    const int64_t a1 = std::min(a_dim, a0 + kTile);
    for (int64_t b0 = 0; b0 < b_dim; b0 += kTile) {
      const int64_t b1 = std::min(b_dim, b0 + kTile);
      int64_t a = a0;
      for (; a + 8 <= a1; a += 8) {
        int64_t b = b0;
        for (; b + 8 <= b1; b += 8) {
          __m256 r[8];
          for (int i = 0; i < 8; ++i) r[i] = _mm256_loadu_ps(x + (a + i) * b_dim + b);
          __m256 t[8];
          for (int i = 0; i < 8; i += 2) {
            t[i] = _mm256_unpacklo_ps(r[i], r[i + 1]);
            t[i + 1] = _mm256_unpackhi_ps(r[i], r[i + 1]);
          }
          __m256 u[8];
          for (int i = 0; i < 8; i += 4) {
            u[i] = _mm256_shuffle_ps(t[i], t[i + 2], 0x44);
            u[i + 1] = _mm256_shuffle_ps(t[i], t[i + 2], 0xEE);
            u[i + 2] = _mm256_shuffle_ps(t[i + 1], t[i + 3], 0x44);
            u[i + 3] = _mm256_shuffle_ps(t[i + 1], t[i + 3], 0xEE);
          }
          for (int i = 0; i < 4; ++i) {
            _mm256_storeu_ps(y + (b + i) * a_dim + a, _mm256_permute2f128_ps(u[i], u[i + 4], 0x20));
            _mm256_storeu_ps(y + (b + i + 4) * a_dim + a,
                             _mm256_permute2f128_ps(u[i], u[i + 4], 0x31));
          }
        }
        TransposeBlock(x, a_dim, b_dim, y, a, a + 8, b, b1);
      }
      TransposeBlock(x, a_dim, b_dim, y, a, a1, b0, b1);
    }
  }
}

// y = x as [A, B] transposed to [B, A], in square tiles so that both sides stay in cache.
void Transpose2D(const float* x, int64_t a_dim, int64_t b_dim, float* y) {
  static const bool avx2 = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2");
  }();
  if (avx2 && b_dim >= 8 && a_dim >= 8) {
    Transpose2DAvx(x, a_dim, b_dim, y);
    return;
  }
  constexpr int64_t kTile = 32;
  for (int64_t a0 = 0; a0 < a_dim; a0 += kTile) {
    for (int64_t b0 = 0; b0 < b_dim; b0 += kTile) {
      TransposeBlock(x, a_dim, b_dim, y, a0, std::min(a_dim, a0 + kTile), b0,
                     std::min(b_dim, b0 + kTile));
    }
  }
}

}  // namespace

Tensor Transpose(const Tensor& x, const std::vector<int64_t>& perm) {
  Shape out_shape(perm.size());
  for (size_t d = 0; d < perm.size(); ++d) out_shape[d] = x.shape[perm[d]];
  Tensor y(out_shape);
  if (y.size() == 0) return y;
  if (perm.empty()) {
    y.data[0] = x.data[0];
    return y;
  }
  // A rotation of the axes (k, ..., r-1, 0, ..., k-1), e.g. channels-last <-> channels-first,
  // is the 2D transpose [A, B] -> [B, A]: copied in square tiles, so both sides stay in cache.
  const auto r = static_cast<int64_t>(perm.size());
  bool rotation = perm[0] > 0;
  for (int64_t d = 0; d < r && rotation; ++d) rotation = perm[d] == (perm[0] + d) % r;
  if (rotation) {
    int64_t a_dim = 1;
    for (int64_t d = 0; d < perm[0]; ++d) a_dim *= x.shape[d];
    const int64_t b_dim = x.size() / a_dim;
    Transpose2D(x.data.data(), a_dim, b_dim, y.data.data());
    return y;
  }
  // Row by row of the output: one offset per row, then a strided copy along its last axis.
  std::vector<int64_t> in_strides = RowMajorStrides(x.shape);
  const int64_t inner = out_shape.back();
  const int64_t inner_stride = in_strides[perm.back()];
  const Shape outer(out_shape.begin(), out_shape.end() - 1);
  std::vector<int64_t> index(outer.size(), 0);
  int64_t i = 0;
  do {
    int64_t off = 0;
    for (size_t d = 0; d < outer.size(); ++d) off += index[d] * in_strides[perm[d]];
    const float* src = x.data.data() + off;
    for (int64_t j = 0; j < inner; ++j) y.data[i++] = src[j * inner_stride];
  } while (Next(index, outer));
  return y;
}

// ---------------------------------------------------------------------------------------------
// Sliding-window ops (conv, conv_transpose, pooling), N-dimensional.

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

namespace {
std::vector<int64_t> BuildTapTable(const Shape& outer, const Window& w, const Shape& inner);
}  // namespace

namespace {

// The engine runs sample by sample: a node's table is the same for every sample, so the last few
// tables are kept (per thread), keyed by everything a table depends on and its layout.
std::shared_ptr<const std::vector<int64_t>> CachedTapTable(const Shape& outer, const Window& w,
                                                           const Shape& inner, bool by_tap) {
  struct Entry {
    std::vector<int64_t> key;
    std::shared_ptr<const std::vector<int64_t>> table;
  };
  thread_local std::vector<Entry> cache;
  std::vector<int64_t> key{by_tap ? 1 : 0};
  for (const Shape* v : {&outer, &w.kernel, &w.strides, &w.dilations, &w.pad_begin, &inner}) {
    key.push_back(static_cast<int64_t>(v->size()));
    key.insert(key.end(), v->begin(), v->end());
  }
  for (const Entry& e : cache) {
    if (e.key == key) return e.table;
  }
  std::vector<int64_t> table = BuildTapTable(outer, w, inner);
  if (by_tap) {
    const int64_t n_k = ir::NumElements(w.kernel);
    const int64_t n_outer = n_k == 0 ? 0 : static_cast<int64_t>(table.size()) / n_k;
    std::vector<int64_t> t(table.size());
    for (int64_t p = 0; p < n_outer; ++p) {
      for (int64_t k = 0; k < n_k; ++k) t[k * n_outer + p] = table[p * n_k + k];
    }
    table = std::move(t);
  }
  auto shared = std::make_shared<const std::vector<int64_t>>(std::move(table));
  if (cache.size() >= 16) cache.erase(cache.begin());
  cache.push_back(Entry{std::move(key), shared});
  return shared;
}

}  // namespace

std::shared_ptr<const std::vector<int64_t>> TapTable(const Shape& outer, const Window& w,
                                                     const Shape& inner) {
  return CachedTapTable(outer, w, inner, false);
}

std::shared_ptr<const std::vector<int64_t>> TapTableByTap(const Shape& outer, const Window& w,
                                                          const Shape& inner) {
  return CachedTapTable(outer, w, inner, true);
}

std::shared_ptr<const std::vector<std::vector<TapRun>>> TapRunsByTap(const Shape& outer,
                                                                     const Window& w,
                                                                     const Shape& inner) {
  // Cached like the tables, keyed by the table they are made from (kept alive by the entry).
  struct Entry {
    std::shared_ptr<const std::vector<int64_t>> table;
    std::shared_ptr<const std::vector<std::vector<TapRun>>> runs;
  };
  thread_local std::vector<Entry> cache;
  std::shared_ptr<const std::vector<int64_t>> table = TapTableByTap(outer, w, inner);
  for (const Entry& e : cache) {
    if (e.table == table) return e.runs;
  }
  const int64_t n_k = ir::NumElements(w.kernel);
  const int64_t n = n_k == 0 ? 0 : static_cast<int64_t>(table->size()) / n_k;
  std::vector<std::vector<TapRun>> runs(static_cast<size_t>(n_k));
  for (int64_t k = 0; k < n_k; ++k) {
    const int64_t* t = table->data() + k * n;
    for (int64_t p = 0; p < n;) {
      TapRun r{p, p + 1, t[p], 1};
      if (t[p] < 0) {
        while (r.end < n && t[r.end] < 0) ++r.end;
      } else if (p + 1 < n && t[p + 1] >= 0) {
        r.step = t[p + 1] - t[p];
        while (r.end < n && t[r.end] >= 0 && t[r.end] == r.start + (r.end - p) * r.step) ++r.end;
      }
      runs[k].push_back(r);
      p = r.end;
    }
  }
  auto shared = std::make_shared<const std::vector<std::vector<TapRun>>>(std::move(runs));
  if (cache.size() >= 16) cache.erase(cache.begin());
  cache.push_back(Entry{table, shared});
  return shared;
}

namespace {
std::vector<int64_t> BuildTapTable(const Shape& outer, const Window& w, const Shape& inner) {
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
}  // namespace

}  // namespace loom::ref
