// Emulator kernels for the multiply-accumulate ops: dense, conv, conv_transpose, matmul and
// batch_norm, with hls4ml's cast points (see docs/numerics.md, "Dense and convolution").
//
// Linear resize is a constant sparse matrix (ref::ResizeLinearMap) with the same cast points and
// no bias; matmul of two computed values uses them too.
//
// Dense and convolution compute, per output, `acc = (accum)bias; acc += (accum)(x[i] * w[i][j]);
// res = (result)acc` in input order. When the accumulator wraps and the product cast only drops
// bits toward minus infinity (or none), wrapping each step equals wrapping the exact total once, so
// the fast path sums exact integer terms (int32 when the weights' actual range allows, else
// int64) and wraps at the end; every other combination runs the step-by-step exact path.
#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "loom/fixed/fixed_value.h"
#include "loom/ir/conv_geometry.h"
#include "loom/ref/float_engine.h"
#include "plan/linear_types.h"
#include "plan/type_rules.h"
#include "sim/kernel.h"

namespace loom::sim {
namespace {

using fixed::CastFlags;
using fixed::CastPlan;
using fixed::WideType;
using int128 = __int128;

// ---------------------------------------------------------------------------------------------
// One step of ap_fixed's `acc += (accum_t)(x * w)`, exactly: the exact product cast to the
// accumulator, the exact sum cast back to it. Shared by every step-by-step loop below.

class MacStep {
 public:
  MacStep(const FixedType& tx, const FixedType& tw, const FixedType& acc)
      : tx_(tx),
        tw_(tw),
        acc_(acc),
        a_(WideType::Of(acc)),
        sum_(fixed::SumType(a_, a_).value()),
        product_(fixed::ProductType(WideType::Of(tx), WideType::Of(tw))) {}

  // The accumulator after adding x * w to `acc`; `*over` is set when a cast overflowed.
  int64_t operator()(int64_t acc, int64_t x, int64_t w, bool* over) const {
    CastFlags f1;
    CastFlags f2;
    int64_t term = fixed::Cast(fixed::Mul(x, tx_, w, tw_), product_, acc_, &f1);
    acc = fixed::Cast(fixed::Add(fixed::Widen(acc, acc_), a_, fixed::Widen(term, acc_), a_), sum_,
                      acc_, &f2);
    *over |= f1.overflow || f1.underflow || f2.overflow || f2.underflow;
    return acc;
  }

 private:
  FixedType tx_, tw_, acc_;
  WideType a_, sum_, product_;
};

// ---------------------------------------------------------------------------------------------
// The matrix core shared by dense, conv and conv_transpose: rows of x (K values each) times a
// constant matrix W [K, N] plus bias, with the accumulator and result types.

#define LOOM_MAC_CLONES \
  __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))

// acc[r*N + j] = bias[j] + sum_i (x[r*K + i] * w[i*N + j]) >> shift, in int32 or int64.
// One block of kB outputs of one row, the accumulators held in registers (kB is a constant, so
// the compiler unrolls the block into whole vectors).
template <int kB>
__attribute__((always_inline)) inline void MacBlock32(const int64_t* __restrict xr, int64_t k,
                                                      const int32_t* __restrict w, int64_t n,
                                                      const int32_t* __restrict bias, int shift,
                                                      int32_t* __restrict out) {
  int32_t a[kB];
  for (int j = 0; j < kB; ++j) a[j] = bias[j];
  for (int64_t i = 0; i < k; ++i) {
    // No skipping of zero inputs: after ReLU they are frequent but random, and a mispredicted
    // branch costs more than the multiplies it would save.
    auto xi = static_cast<int32_t>(xr[i]);
    const int32_t* __restrict wr = w + i * n;
    for (int j = 0; j < kB; ++j) a[j] += (xi * wr[j]) >> shift;
  }
  for (int j = 0; j < kB; ++j) out[j] = a[j];
}

LOOM_MAC_CLONES void MacRows32(const int64_t* x, int64_t rows, int64_t k, const int32_t* w,
                               int64_t n, const int32_t* bias, int shift, int32_t* acc) {
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t* xr = x + r * k;
    int32_t* a = acc + r * n;
    int64_t j0 = 0;
    for (; j0 + 64 <= n; j0 += 64) MacBlock32<64>(xr, k, w + j0, n, bias + j0, shift, a + j0);
    for (; j0 + 32 <= n; j0 += 32) MacBlock32<32>(xr, k, w + j0, n, bias + j0, shift, a + j0);
    for (; j0 + 16 <= n; j0 += 16) MacBlock32<16>(xr, k, w + j0, n, bias + j0, shift, a + j0);
    for (; j0 + 4 <= n; j0 += 4) MacBlock32<4>(xr, k, w + j0, n, bias + j0, shift, a + j0);
    if (n - j0 == 3) {
      MacBlock32<3>(xr, k, w + j0, n, bias + j0, shift, a + j0);
      j0 += 3;
    }
    for (; j0 < n; ++j0) MacBlock32<1>(xr, k, w + j0, n, bias + j0, shift, a + j0);
  }
}

// The int32 path when every input and (shifted) weight fits in int16: each product is one
// vpmaddwd lane (the weight in the lane's low half, zero in its high half, so the lane holds
// exactly x * w), one micro-op where vpmulld takes two. Same integers, same order, same result as
// MacRows32. Blocks of kV x 16 outputs in zmm registers; the last partial block is masked.
// GCC 12 flags the intrinsics' own undefined pass-through operand as maybe-uninitialized.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
// a[v] += (x[i] * w[i][16v + lane]) >> shift over the K inputs of one row, kV registers of 16
// outputs, the last one masked by `tail`.
template <int kV>
__attribute__((target("avx512f,avx512bw"), always_inline)) inline void Accumulate16(
    const int64_t* __restrict xr, int64_t k, const int32_t* __restrict w, int64_t n, __m512i shift,
    __mmask16 tail, __m512i* a) {
  for (int64_t i = 0; i < k; ++i) {
    const __m512i xi = _mm512_set1_epi32(static_cast<int32_t>(static_cast<uint16_t>(xr[i])));
    const int32_t* __restrict wr = w + i * n;
    for (int v = 0; v < kV; ++v) {
      const __m512i wv = v + 1 < kV ? _mm512_loadu_si512(wr + 16 * v)
                                    : _mm512_maskz_loadu_epi32(tail, wr + 16 * v);
      a[v] = _mm512_add_epi32(a[v], _mm512_srav_epi32(_mm512_madd_epi16(xi, wv), shift));
    }
  }
}

template <int kV>
__attribute__((target("avx512f,avx512bw"), always_inline)) inline void LoadBias16(
    const int32_t* __restrict bias, __mmask16 tail, __m512i* a) {
  for (int v = 0; v < kV; ++v) {
    a[v] = v + 1 < kV ? _mm512_loadu_si512(bias + 16 * v)
                      : _mm512_maskz_loadu_epi32(tail, bias + 16 * v);
  }
}

template <int kV>
__attribute__((target("avx512f,avx512bw"), always_inline)) inline void MacBlock16(
    const int64_t* __restrict xr, int64_t k, const int32_t* __restrict w, int64_t n,
    const int32_t* __restrict bias, __m512i shift, __mmask16 tail, int32_t* __restrict out) {
  __m512i a[kV];
  LoadBias16<kV>(bias, tail, a);
  Accumulate16<kV>(xr, k, w, n, shift, tail, a);
  for (int v = 0; v + 1 < kV; ++v) _mm512_storeu_si512(out + 16 * v, a[v]);
  _mm512_mask_storeu_epi32(out + 16 * (kV - 1), tail, a[kV - 1]);
}

// 16 sums wrapped to the signed accumulator's width (a shift pair by `unused` = 32 - width, zero
// when it is 32 bits or wider: the int32 sums then always fit), with `relu` then
// x > relu_t ? x << relu_s : 0, as int64: lanes 0-7 stored at lo under mask_lo, lanes 8-15 at hi
// under mask_hi. Returns how many of the stored sums changed in the wrap (did not fit), as
// WrapSigned32 counts them.
__attribute__((target("avx512f,avx512bw"), always_inline)) inline int64_t WrapStore16(
    __m512i a, __m512i unused, bool relu, __m512i relu_t, __m512i relu_s, __mmask8 mask_lo,
    __mmask8 mask_hi, int64_t* __restrict lo_out, int64_t* __restrict hi_out) {
  const __m512i wv = _mm512_srav_epi32(_mm512_sllv_epi32(a, unused), unused);
  const auto m = static_cast<__mmask16>(mask_lo | (mask_hi << 8));
  const int64_t changed = __builtin_popcount(_mm512_mask_cmpneq_epi32_mask(m, wv, a));
  __m512i lo = _mm512_cvtepi32_epi64(_mm512_castsi512_si256(wv));
  __m512i hi = _mm512_cvtepi32_epi64(_mm512_extracti64x4_epi64(wv, 1));
  if (relu) {
    lo = _mm512_maskz_sllv_epi64(_mm512_cmpgt_epi64_mask(lo, relu_t), lo, relu_s);
    hi = _mm512_maskz_sllv_epi64(_mm512_cmpgt_epi64_mask(hi, relu_t), hi, relu_s);
  }
  _mm512_mask_storeu_epi64(lo_out, mask_lo, lo);
  _mm512_mask_storeu_epi64(hi_out, mask_hi, hi);
  return changed;
}

// MacBlock16 with the accumulator's wrap (and a fused ReLU) in the store (WrapStore16): int64
// results directly.
template <int kV>
__attribute__((target("avx512f,avx512bw"), always_inline)) inline int64_t MacBlock16Wrap(
    const int64_t* __restrict xr, int64_t k, const int32_t* __restrict w, int64_t n,
    const int32_t* __restrict bias, __m512i shift, __m512i unused, __mmask16 tail, bool relu,
    __m512i relu_t, __m512i relu_s, int64_t* __restrict out) {
  __m512i a[kV];
  LoadBias16<kV>(bias, tail, a);
  Accumulate16<kV>(xr, k, w, n, shift, tail, a);
  int64_t changed = 0;
  for (int v = 0; v < kV; ++v) {
    const __mmask16 m = v + 1 < kV ? static_cast<__mmask16>(0xFFFF) : tail;
    changed += WrapStore16(a[v], unused, relu, relu_t, relu_s, static_cast<__mmask8>(m),
                           static_cast<__mmask8>(m >> 8), out + 16 * v, out + 16 * v + 8);
  }
  return changed;
}

// A ReLU applied to results as they are stored: x > threshold ? x << shift : 0.
struct Relu {
  bool on = false;
  int64_t threshold = 0;
  int shift = 0;
};

// Two rows in one register for N <= 8 outputs: lanes 0-7 are row a's outputs, lanes 8-15 row
// b's (wp and bp hold the weights and bias twice, 16 lanes per input; lanes N..7 are zero). The
// products, shifts and sums are MacBlock16Wrap's, lane for lane; `two` false: row a only.
__attribute__((target("avx512f,avx512bw"), always_inline)) inline int64_t MacPair16Wrap(
    const int64_t* __restrict xa, const int64_t* __restrict xb, int64_t k,
    const int32_t* __restrict wp, const int32_t* __restrict bp, int64_t n, __m512i shift,
    __m512i unused, bool relu, __m512i relu_t, __m512i relu_s, bool two, int64_t* __restrict oa,
    int64_t* __restrict ob) {
  __m512i a = _mm512_loadu_si512(bp);
  for (int64_t i = 0; i < k; ++i) {
    const __m512i xi = _mm512_mask_set1_epi32(
        _mm512_set1_epi32(static_cast<int32_t>(static_cast<uint16_t>(xa[i]))),
        static_cast<__mmask16>(0xFF00), static_cast<int32_t>(static_cast<uint16_t>(xb[i])));
    a = _mm512_add_epi32(
        a, _mm512_srav_epi32(_mm512_madd_epi16(xi, _mm512_loadu_si512(wp + 16 * i)), shift));
  }
  const auto m8 = static_cast<__mmask8>((1u << n) - 1);
  return WrapStore16(a, unused, relu, relu_t, relu_s, m8, two ? m8 : static_cast<__mmask8>(0), oa,
                     ob);
}

// MacRows16 for a signed accumulator, wrapped and widened in the store (MacBlock16Wrap): the
// int64 results directly, no int32 pass in between; `relu` on those results when kRelu. With
// N <= 8 and the paired weights (wp, bp: MacPair16Wrap), two rows per register.
template <bool kRelu>
__attribute__((target("avx512f,avx512bw"))) int64_t MacRows16Wrap(
    const int64_t* x, int64_t rows, int64_t k, const int32_t* w16, int64_t n, const int32_t* bias,
    const int32_t* wp, const int32_t* bp, int shift, int acc_width, const Relu& relu,
    int64_t* out) {
  const __m512i count = _mm512_set1_epi32(shift);
  const __m512i unused = _mm512_set1_epi32(acc_width >= 32 ? 0 : 32 - acc_width);
  const __m512i rt = _mm512_set1_epi64(relu.threshold);
  const __m512i rs = _mm512_set1_epi64(relu.shift);
  const auto full = static_cast<__mmask16>(0xFFFF);
  int64_t changed = 0;
  if (wp != nullptr && n <= 8) {
    for (int64_t r = 0; r < rows; r += 2) {
      const bool two = r + 1 < rows;
      const int64_t* xa = x + r * k;
      changed += MacPair16Wrap(xa, two ? xa + k : xa, k, wp, bp, n, count, unused, kRelu, rt, rs,
                               two, out + r * n, out + (r + 1) * n);
    }
    return changed;
  }
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t* xr = x + r * k;
    int64_t* o = out + r * n;
    int64_t j0 = 0;
    for (; j0 + 64 <= n; j0 += 64) {
      changed += MacBlock16Wrap<4>(xr, k, w16 + j0, n, bias + j0, count, unused, full, kRelu, rt,
                                   rs, o + j0);
    }
    for (; j0 + 32 <= n; j0 += 32) {
      changed += MacBlock16Wrap<2>(xr, k, w16 + j0, n, bias + j0, count, unused, full, kRelu, rt,
                                   rs, o + j0);
    }
    for (; j0 + 16 <= n; j0 += 16) {
      changed += MacBlock16Wrap<1>(xr, k, w16 + j0, n, bias + j0, count, unused, full, kRelu, rt,
                                   rs, o + j0);
    }
    if (j0 < n) {
      const auto tail = static_cast<__mmask16>((1u << (n - j0)) - 1);
      changed += MacBlock16Wrap<1>(xr, k, w16 + j0, n, bias + j0, count, unused, tail, kRelu, rt,
                                   rs, o + j0);
    }
  }
  return changed;
}

__attribute__((target("avx512f,avx512bw"))) void MacRows16(const int64_t* x, int64_t rows,
                                                           int64_t k, const int32_t* w16, int64_t n,
                                                           const int32_t* bias, int shift,
                                                           int32_t* acc) {
  const __m512i count = _mm512_set1_epi32(shift);
  const auto full = static_cast<__mmask16>(0xFFFF);
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t* xr = x + r * k;
    int32_t* a = acc + r * n;
    int64_t j0 = 0;
    for (; j0 + 64 <= n; j0 += 64)
      MacBlock16<4>(xr, k, w16 + j0, n, bias + j0, count, full, a + j0);
    for (; j0 + 32 <= n; j0 += 32)
      MacBlock16<2>(xr, k, w16 + j0, n, bias + j0, count, full, a + j0);
    for (; j0 + 16 <= n; j0 += 16)
      MacBlock16<1>(xr, k, w16 + j0, n, bias + j0, count, full, a + j0);
    if (j0 < n) {
      const auto tail = static_cast<__mmask16>((1u << (n - j0)) - 1);
      MacBlock16<1>(xr, k, w16 + j0, n, bias + j0, count, tail, a + j0);
    }
  }
}

// Two inputs per 32-bit lane. A term (x * w) >> s is (x * w - (x * w mod 2^s)) / 2^s, so a sum
// of terms is (sum of products - sum of the products' low s bits) >> s. The products are summed
// two inputs per lane (vpdpwssd, no truncation in between); the low s bits of each product are
// vpmullw's low half under a mask, summed in 16-bit lanes for `chunk` input pairs at a time
// (chunk * (2^s - 1) < 2^15) and folded into the int32 lanes by vpmaddwd with ones (which adds the
// lane's two halves: the two inputs of one output). Exact when every output's sum of terms is
// below 2^(31 - s) in magnitude, so that the sum times 2^s fits int32 (MatCore checks this with
// the weights' values). Per 32 products: two multiplies (vpdpwssd, vpmullw) and two cheap ops,
// where the one-input-per-lane loop above takes two vpmaddwd, two vpsravd and two vpaddd.

// A row of K raw values (each within int16) as int16, two per int32 lane, the odd end padded with
// a zero.
__attribute__((target("avx512f,avx512bw"), always_inline)) inline void PackPairs(
    const int64_t* __restrict x, int64_t k, int16_t* __restrict out) {
  int64_t i = 0;
  for (; i + 8 <= k; i += 8) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i),
                     _mm512_cvtepi64_epi16(_mm512_loadu_si512(x + i)));
  }
  for (; i < k; ++i) out[i] = static_cast<int16_t>(x[i]);
  if (k % 2 != 0) out[k] = 0;
}

// Lane pair q of a packed row, broadcast to every lane.
__attribute__((target("avx512f,avx512bw"), always_inline)) inline __m512i BroadcastPair(
    const int16_t* xs, int64_t q) {
  return _mm512_broadcastd_epi32(_mm_loadu_si32(xs + 2 * q));
}

// One input pair q into acc[v] (products) and r[v] (their low bits). kTwo: lanes 0-7 take row
// xa's pair, lanes 8-15 row xb's (MacPair16Wrap's layout); else every lane row xa's.
template <int kV, bool kTwo>
__attribute__((target("avx512f,avx512bw,avx512vnni"), always_inline)) inline void PairStep(
    const int16_t* __restrict xa, const int16_t* __restrict xb, int64_t q,
    const int32_t* __restrict wq, int64_t n, __m512i low, __mmask16 tail, __m512i* acc,
    __m512i* r) {
  const __m512i xi =
      kTwo ? _mm512_mask_broadcastd_epi32(BroadcastPair(xa, q), static_cast<__mmask16>(0xFF00),
                                          _mm_loadu_si32(xb + 2 * q))
           : BroadcastPair(xa, q);
  const int32_t* __restrict wr = wq + q * n;
  for (int v = 0; v < kV; ++v) {
    const __m512i wv =
        v + 1 < kV ? _mm512_loadu_si512(wr + 16 * v) : _mm512_maskz_loadu_epi32(tail, wr + 16 * v);
    acc[v] = _mm512_dpwssd_epi32(acc[v], xi, wv);
    r[v] = _mm512_add_epi16(r[v], _mm512_and_si512(_mm512_mullo_epi16(xi, wv), low));
  }
}

// a[v] += sum over pairs q of the terms of inputs 2q and 2q+1 (before the shift: products minus
// their low bits), kV registers of 16 outputs. Even and odd pairs go to separate accumulators,
// so that consecutive vpdpwssd do not wait for each other (its latency is several cycles).
template <int kV, bool kTwo>
__attribute__((target("avx512f,avx512bw,avx512vnni"), always_inline)) inline void AccumulatePairs(
    const int16_t* __restrict xa, const int16_t* __restrict xb, int64_t kq,
    const int32_t* __restrict wq, int64_t n, int64_t chunk, __m512i low, __mmask16 tail,
    __m512i* a) {
  const __m512i ones = _mm512_set1_epi16(1);
  __m512i odd[kV];
  for (int v = 0; v < kV; ++v) odd[v] = _mm512_setzero_si512();
  for (int64_t q0 = 0; q0 < kq; q0 += chunk) {
    const int64_t q1 = std::min(kq, q0 + chunk);
    __m512i r[kV];
    for (int v = 0; v < kV; ++v) r[v] = _mm512_setzero_si512();
    int64_t q = q0;
    for (; q + 1 < q1; q += 2) {
      PairStep<kV, kTwo>(xa, xb, q, wq, n, low, tail, a, r);
      PairStep<kV, kTwo>(xa, xb, q + 1, wq, n, low, tail, odd, r);
    }
    if (q < q1) PairStep<kV, kTwo>(xa, xb, q, wq, n, low, tail, a, r);
    for (int v = 0; v < kV; ++v) a[v] = _mm512_sub_epi32(a[v], _mm512_madd_epi16(r[v], ones));
  }
  for (int v = 0; v < kV; ++v) a[v] = _mm512_add_epi32(a[v], odd[v]);
}

// The constants of one MacRowsPairsWrap call.
struct PairConsts {
  int64_t chunk;
  __m512i low;     // 2^s - 1 in every 16-bit lane
  __m128i shift;   // s
  __m512i unused;  // 32 - accumulator width (WrapStore16)
  __m512i relu_t, relu_s;
};

// kR packed rows (xs + row * xstride) times the pair-lane weights, kV registers of 16 outputs
// (results at out + row * n): each weight vector loaded once for all rows, and the rows'
// accumulators are the independent chains. kV * kR <= 8 (three registers per pair of them, of 32).
template <int kV, int kR>
__attribute__((target("avx512f,avx512bw,avx512vnni"), always_inline)) inline int64_t
MacBlockPairsRows(const int16_t* __restrict xs, int64_t xstride, int64_t kq,
                  const int32_t* __restrict wq, int64_t n, const int32_t* __restrict bias,
                  const PairConsts& c, __mmask16 tail, bool relu, int64_t* __restrict out) {
  const __m512i ones = _mm512_set1_epi16(1);
  __m512i a[kR][kV];
  for (int row = 0; row < kR; ++row) {
    for (int v = 0; v < kV; ++v) a[row][v] = _mm512_setzero_si512();
  }
  for (int64_t q0 = 0; q0 < kq; q0 += c.chunk) {
    const int64_t q1 = std::min(kq, q0 + c.chunk);
    __m512i r[kR][kV];
    for (int row = 0; row < kR; ++row) {
      for (int v = 0; v < kV; ++v) r[row][v] = _mm512_setzero_si512();
    }
    for (int64_t q = q0; q < q1; ++q) {
      __m512i xq[kR];
      for (int row = 0; row < kR; ++row) xq[row] = BroadcastPair(xs + row * xstride, q);
      const int32_t* __restrict wr = wq + q * n;
      for (int v = 0; v < kV; ++v) {
        const __m512i wv = v + 1 < kV ? _mm512_loadu_si512(wr + 16 * v)
                                      : _mm512_maskz_loadu_epi32(tail, wr + 16 * v);
        for (int row = 0; row < kR; ++row) {
          a[row][v] = _mm512_dpwssd_epi32(a[row][v], xq[row], wv);
          r[row][v] =
              _mm512_add_epi16(r[row][v], _mm512_and_si512(_mm512_mullo_epi16(xq[row], wv), c.low));
        }
      }
    }
    for (int row = 0; row < kR; ++row) {
      for (int v = 0; v < kV; ++v) {
        a[row][v] = _mm512_sub_epi32(a[row][v], _mm512_madd_epi16(r[row][v], ones));
      }
    }
  }
  __m512i b[kV];
  LoadBias16<kV>(bias, tail, b);
  int64_t changed = 0;
  for (int row = 0; row < kR; ++row) {
    int64_t* o = out + row * n;
    for (int v = 0; v < kV; ++v) {
      const __mmask16 m = v + 1 < kV ? static_cast<__mmask16>(0xFFFF) : tail;
      const __m512i sum = _mm512_add_epi32(_mm512_sra_epi32(a[row][v], c.shift), b[v]);
      changed += WrapStore16(sum, c.unused, relu, c.relu_t, c.relu_s, static_cast<__mmask8>(m),
                             static_cast<__mmask8>(m >> 8), o + 16 * v, o + 16 * v + 8);
    }
  }
  return changed;
}

// All N outputs of kR (1 or 2) packed rows: blocks of 64, 32 and 16 outputs and a partial block.
// (Four rows per call measured no faster than two on the jet MLP.)
template <int kR>
__attribute__((target("avx512f,avx512bw,avx512vnni"), always_inline)) inline int64_t
MacRowBlockPairsWrap(const int16_t* __restrict xs, int64_t kq, const int32_t* __restrict wq,
                     int64_t n, const int32_t* __restrict bias, const PairConsts& c, bool relu,
                     int64_t* __restrict out) {
  const auto full = static_cast<__mmask16>(0xFFFF);
  const int64_t xstride = 2 * kq;
  int64_t changed = 0;
  int64_t j0 = 0;
  for (; j0 + 64 <= n; j0 += 64) {
    changed +=
        MacBlockPairsRows<4, kR>(xs, xstride, kq, wq + j0, n, bias + j0, c, full, relu, out + j0);
  }
  for (; j0 + 32 <= n; j0 += 32) {
    changed +=
        MacBlockPairsRows<2, kR>(xs, xstride, kq, wq + j0, n, bias + j0, c, full, relu, out + j0);
  }
  for (; j0 + 16 <= n; j0 += 16) {
    changed +=
        MacBlockPairsRows<1, kR>(xs, xstride, kq, wq + j0, n, bias + j0, c, full, relu, out + j0);
  }
  if (j0 < n) {
    const auto tail = static_cast<__mmask16>((1u << (n - j0)) - 1);
    changed +=
        MacBlockPairsRows<1, kR>(xs, xstride, kq, wq + j0, n, bias + j0, c, tail, relu, out + j0);
  }
  return changed;
}

// MacRows16Wrap's results from the pair lanes: wq holds ceil(K/2) x N lanes of two weights
// (inputs 2q and 2q+1); for N <= 8, wqp and bp hold them and the bias twice per register (lanes
// 8-15 for a second row, as MacPair16Wrap). Same results and the same count of wrapped sums.
// Wider layers take rows two at a time (MacRowBlockPairsWrap), a last odd row alone.
template <bool kRelu>
__attribute__((target("avx512f,avx512bw,avx512vnni"))) int64_t MacRowsPairsWrap(
    const int64_t* x, int64_t rows, int64_t k, const int32_t* wq, int64_t n, const int32_t* bias,
    const int32_t* wqp, const int32_t* bp, int shift, int64_t chunk, int acc_width,
    const Relu& relu, int64_t* out) {
  const PairConsts c{chunk,
                     _mm512_set1_epi16(static_cast<int16_t>((1 << shift) - 1)),
                     _mm_cvtsi32_si128(shift),
                     _mm512_set1_epi32(acc_width >= 32 ? 0 : 32 - acc_width),
                     _mm512_set1_epi64(relu.threshold),
                     _mm512_set1_epi64(relu.shift)};
  const int64_t kq = (k + 1) / 2;
  thread_local std::vector<int16_t> packed;  // two packed rows, kept from call to call
  packed.resize(static_cast<size_t>(4 * kq));
  int16_t* xa = packed.data();
  int16_t* xb = xa + 2 * kq;
  const auto full = static_cast<__mmask16>(0xFFFF);
  int64_t changed = 0;
  if (wqp != nullptr && n <= 8) {
    const auto m8 = static_cast<__mmask8>((1u << n) - 1);
    for (int64_t r = 0; r < rows; r += 2) {
      const bool two = r + 1 < rows;
      PackPairs(x + r * k, k, xa);
      if (two) PackPairs(x + (r + 1) * k, k, xb);
      __m512i a = _mm512_setzero_si512();
      AccumulatePairs<1, true>(xa, xb, kq, wqp, 16, c.chunk, c.low, full, &a);
      a = _mm512_add_epi32(_mm512_sra_epi32(a, c.shift), _mm512_loadu_si512(bp));
      changed += WrapStore16(a, c.unused, kRelu, c.relu_t, c.relu_s, m8,
                             two ? m8 : static_cast<__mmask8>(0), out + r * n, out + (r + 1) * n);
    }
    return changed;
  }
  int64_t r = 0;
  for (; r + 2 <= rows; r += 2) {
    for (int row = 0; row < 2; ++row) PackPairs(x + (r + row) * k, k, xa + row * 2 * kq);
    changed += MacRowBlockPairsWrap<2>(xa, kq, wq, n, bias, c, kRelu, out + r * n);
  }
  if (r < rows) {
    PackPairs(x + r * k, k, xa);
    changed += MacRowBlockPairsWrap<1>(xa, kq, wq, n, bias, c, kRelu, out + r * n);
  }
  return changed;
}

#pragma GCC diagnostic pop

LOOM_MAC_CLONES void MacRows64(const int64_t* x, int64_t rows, int64_t k, const int64_t* w,
                               int64_t n, const int64_t* bias, int shift, int64_t* acc) {
  for (int64_t r = 0; r < rows; ++r) {
    int64_t* a = acc + r * n;
    for (int64_t j = 0; j < n; ++j) a[j] = bias[j];
    const int64_t* xr = x + r * k;
    for (int64_t i = 0; i < k; ++i) {
      int64_t xi = xr[i];
      if (xi == 0) continue;
      const int64_t* wr = w + i * n;
      for (int64_t j = 0; j < n; ++j) a[j] += (xi * wr[j]) >> shift;
    }
  }
}

// out[k] = acc[k] wrapped to `width` bits (sign-extended or zero-extended); returns how many
// values changed, i.e. did not fit.
LOOM_SIM_CLONES int64_t WrapSigned32(const int32_t* acc, int64_t total, int unused, int64_t* out) {
  int64_t changed = 0;
  for (int64_t k = 0; k < total; ++k) {
    int64_t v = acc[k];
    int64_t w = static_cast<int64_t>(static_cast<uint64_t>(v) << unused) >> unused;
    changed += w != v;
    out[k] = w;
  }
  return changed;
}
LOOM_SIM_CLONES int64_t WrapSigned64(const int64_t* acc, int64_t total, int unused, int64_t* out) {
  int64_t changed = 0;
  for (int64_t k = 0; k < total; ++k) {
    int64_t v = acc[k];
    int64_t w = static_cast<int64_t>(static_cast<uint64_t>(v) << unused) >> unused;
    changed += w != v;
    out[k] = w;
  }
  return changed;
}
template <typename A>
int64_t WrapUnsigned(const A* acc, int64_t total, int unused, int64_t* out) {
  const uint64_t mask = ~uint64_t{0} >> unused;
  int64_t changed = 0;
  for (int64_t k = 0; k < total; ++k) {
    auto v = static_cast<int64_t>(acc[k]);
    auto w = static_cast<int64_t>(static_cast<uint64_t>(v) & mask);
    changed += w != v;
    out[k] = w;
  }
  return changed;
}

int64_t MaxAbsRaw(const FixedType& t) {
  return std::max<int64_t>(std::abs(t.min_raw()), t.is_signed || t.width < 63 ? t.max_raw() : 0);
}

class MatCore {
 public:
  // weight: K x N values (row-major), bias: N values or empty.
  static ErrorOr<MatCore> Create(const ir::Node& node, const std::vector<float>& weight, int64_t k,
                                 int64_t n, const std::vector<float>& bias, const FixedType& tx,
                                 const FixedType& tw, const FixedType& tb, const FixedType& acc,
                                 const FixedType& res) {
    MatCore c(tx, tw, acc, res);
    c.k_ = k;
    c.n_ = n;
    c.w_.resize(weight.size());
    for (size_t i = 0; i < weight.size(); ++i) c.w_[i] = fixed::FromDouble(weight[i], tw);
    c.bias_.assign(n, 0);
    for (int64_t j = 0; j < n && !bias.empty(); ++j) {
      c.bias_[j] = fixed::Cast(fixed::FromDouble(bias[j], tb), tb, acc);
    }
    c.product_ = fixed::ProductType(WideType::Of(tx), WideType::Of(tw));
    if (c.product_.width > 128) return NodeError(node, "product wider than 128 bits");
    c.ChooseFastPath();
    return c;
  }

  int64_t k() const { return k_; }
  int64_t n() const { return n_; }
  // Whether the sums are exact integers wrapped once (any order of the K terms gives the same
  // result), rather than ap_fixed's step-by-step loop.
  bool order_free() const { return path_ != Path::kExact; }

  // The order-free paths' integers: terms (x * w) >> shift() summed from bias in int32
  // (int32_path()) or int64. Weights are K x N, row-major.
  bool int32_path() const { return path_ == Path::kInt32; }
  int shift() const { return shift_; }
  const std::vector<int32_t>& w32() const { return w32_; }
  const std::vector<int32_t>& bias32() const { return bias32_; }
  const std::vector<int64_t>& w64() const { return w64_; }
  const std::vector<int64_t>& bias64() const { return bias_; }

  // Exact sums (order-free paths) -> results: each of `total` sums wrapped to the accumulator and
  // cast to the result type, written to out in the same order.
  template <typename A>
  void Finish(const A* acc, int64_t total, int64_t* out, Counters& counters) const {
    int64_t res_over = 0;
    counters.accum_overflow += WrapAll(acc, total, out);
    for (int64_t e = 0; e < total && !res_identity_; ++e) {
      if (!res_may_overflow_) {
        out[e] = to_res_.Apply(out[e]);
      } else {
        CastFlags f;
        out[e] = to_res_.Apply(out[e], &f);
        res_over += f.overflow || f.underflow;
      }
    }
    counters.values += total;
    counters.result_overflow += res_over;
  }

  // A copy whose Compute applies `relu` to its results; only the path that stores results
  // straight from the sums (AVX-512 int16 lanes, signed accumulator, result type equal to it)
  // takes one.
  std::optional<MatCore> WithRelu(const Kernel::ReluForm& relu) const {
    if (path_ != Path::kInt32 || w16_.empty() || !acc_.is_signed || !res_identity_) {
      return std::nullopt;
    }
    MatCore c = *this;
    c.relu_ = Relu{true, relu.threshold, relu.shift};
    return c;
  }

  // rows x K inputs -> rows x N results written at out[r * row_stride + j * col_stride].
  void Compute(const int64_t* x, int64_t rows, int64_t* out, int64_t row_stride, int64_t col_stride,
               Counters& counters) const {
    int64_t acc_over = 0;
    int64_t res_over = 0;
    const int64_t total = rows * n_;
    if (path_ == Path::kExact) {
      for (int64_t r = 0; r < rows; ++r) {
        for (int64_t j = 0; j < n_; ++j) {
          bool over = false;
          int64_t a = StepByStep(x + r * k_, j, &over);
          acc_over += over;
          CastFlags f;
          out[r * row_stride + j * col_stride] = to_res_.Apply(a, &f);
          res_over += f.overflow || f.underflow;
        }
      }
    } else {
      // Exact sums, then one wrap to the accumulator (counting the sums that did not fit).
      bool direct = res_identity_ && row_stride == n_ && col_stride == 1;
      std::vector<int64_t> scratch(direct ? 0 : static_cast<size_t>(total));
      int64_t* wrapped = direct ? out : scratch.data();
      if (path_ == Path::kInt32 && !w16_.empty() && acc_.is_signed) {
        const auto width = static_cast<int>(acc_.width);
        const int32_t* wp = w16pair_.empty() ? nullptr : w16pair_.data();
        const int32_t* wqp = wqpair_.empty() ? nullptr : wqpair_.data();
        acc_over =
            !wq_.empty()
                ? (relu_.on ? MacRowsPairsWrap<true>(x, rows, k_, wq_.data(), n_, bias32_.data(),
                                                     wqp, bias16pair_.data(), shift_, pair_chunk_,
                                                     width, relu_, wrapped)
                            : MacRowsPairsWrap<false>(x, rows, k_, wq_.data(), n_, bias32_.data(),
                                                      wqp, bias16pair_.data(), shift_, pair_chunk_,
                                                      width, relu_, wrapped))
            : relu_.on ? MacRows16Wrap<true>(x, rows, k_, w16_.data(), n_, bias32_.data(), wp,
                                             bias16pair_.data(), shift_, width, relu_, wrapped)
                       : MacRows16Wrap<false>(x, rows, k_, w16_.data(), n_, bias32_.data(), wp,
                                              bias16pair_.data(), shift_, width, relu_, wrapped);
      } else if (path_ == Path::kInt32) {
        std::vector<int32_t> acc(static_cast<size_t>(total));
        if (!w16_.empty()) {
          MacRows16(x, rows, k_, w16_.data(), n_, bias32_.data(), shift_, acc.data());
        } else {
          MacRows32(x, rows, k_, w32_.data(), n_, bias32_.data(), shift_, acc.data());
        }
        acc_over = WrapAll(acc.data(), total, wrapped);
      } else {
        std::vector<int64_t> acc(static_cast<size_t>(total));
        MacRows64(x, rows, k_, w64_.data(), n_, bias_.data(), shift_, acc.data());
        acc_over = WrapAll(acc.data(), total, wrapped);
      }
      if (!direct) {
        for (int64_t r = 0; r < rows; ++r) {
          for (int64_t j = 0; j < n_; ++j) {
            int64_t v = wrapped[r * n_ + j];
            int64_t& dst = out[r * row_stride + j * col_stride];
            if (res_identity_) {
              dst = v;
            } else if (!res_may_overflow_) {
              dst = to_res_.Apply(v);
            } else {
              CastFlags f;
              dst = to_res_.Apply(v, &f);
              res_over += f.overflow || f.underflow;
            }
          }
        }
      }
    }
    counters.values += total;
    counters.accum_overflow += acc_over;
    counters.result_overflow += res_over;
  }

 private:
  enum class Path { kInt32, kInt64, kExact };

  MatCore(const FixedType& tx, const FixedType& tw, const FixedType& acc, const FixedType& res)
      : tx_(tx), tw_(tw), acc_(acc), res_(res), to_res_(acc, res), step_(tx, tw, acc) {
    res_identity_ =
        acc.width == res.width && acc.int_bits == res.int_bits && acc.is_signed == res.is_signed;
    // Casts are monotone: if neither end of the accumulator's range overflows, nothing does.
    CastFlags lo;
    CastFlags hi;
    fixed::Cast(acc.min_raw(), acc, res, &lo);
    fixed::Cast(acc.max_raw(), acc, res, &hi);
    res_may_overflow_ = lo.overflow || lo.underflow || hi.overflow || hi.underflow;
  }

  // out[k] = acc[k] wrapped to the accumulator type; returns how many changed.
  int64_t WrapAll(const int32_t* acc, int64_t total, int64_t* out) const {
    const int unused = static_cast<int>(64 - acc_.width);
    return acc_.is_signed ? WrapSigned32(acc, total, unused, out)
                          : WrapUnsigned(acc, total, unused, out);
  }
  int64_t WrapAll(const int64_t* acc, int64_t total, int64_t* out) const {
    const int unused = static_cast<int>(64 - acc_.width);
    return acc_.is_signed ? WrapSigned64(acc, total, unused, out)
                          : WrapUnsigned(acc, total, unused, out);
  }

  void ChooseFastPath() {
    path_ = Path::kExact;
    int64_t s = product_.frac_bits() - acc_.frac_bits();
    bool wraps = acc_.overflow == fixed::OverflowMode::kWrap && acc_.sat_bits == 0;
    bool truncates = s <= 0 || acc_.quant == fixed::QuantMode::kTrn;
    if (!wraps || !truncates || acc_.width > 64 || (!acc_.is_signed && acc_.width > 63)) return;
    if (s < -62 || s > 62) return;
    // Terms are (x * w') >> shift with w' = w << max(-s, 0), so that shift >= 0.
    int lshift = s < 0 ? static_cast<int>(-s) : 0;
    shift_ = s > 0 ? static_cast<int>(s) : 0;
    int128 max_w = 0;
    for (int64_t w : w_) max_w = std::max<int128>(max_w, w < 0 ? -int128{w} : int128{w});
    max_w <<= lshift;
    int128 max_x = MaxAbsRaw(tx_);
    int128 max_term = ((max_x * max_w) >> shift_) + 1;  // floor of a negative term: +1
    int128 max_bias = 0;
    for (int64_t b : bias_) max_bias = std::max<int128>(max_bias, b < 0 ? -int128{b} : int128{b});
    int128 max_sum = max_term * k_ + max_bias;
    int128 max_product = max_x * max_w;
    if (max_product < (int128{1} << 31) && max_sum < (int128{1} << 31) &&
        max_w < (int128{1} << 31) && max_x < (int128{1} << 31)) {
      path_ = Path::kInt32;
      w32_.resize(w_.size());
      for (size_t i = 0; i < w_.size(); ++i) w32_[i] = static_cast<int32_t>(w_[i] << lshift);
      bias32_.resize(bias_.size());
      for (size_t j = 0; j < bias_.size(); ++j) bias32_[j] = static_cast<int32_t>(bias_[j]);
      // Inputs and weights within int16 (and a shift vpsrad takes): vpmaddwd lanes.
      const bool x16 = tx_.is_signed ? tx_.width <= 16 : tx_.width <= 15;
      if (x16 && max_w < (int128{1} << 15) && shift_ < 32 && HasAvx512()) {
        w16_.resize(w32_.size());
        for (size_t i = 0; i < w32_.size(); ++i) {
          w16_[i] = static_cast<int32_t>(static_cast<uint16_t>(static_cast<int16_t>(w32_[i])));
        }
        if (n_ <= 8) {  // both halves of a register: two rows at once (MacPair16Wrap)
          w16pair_.assign(static_cast<size_t>(k_ * 16), 0);
          bias16pair_.assign(16, 0);
          for (int64_t j = 0; j < n_; ++j) {
            bias16pair_[j] = bias16pair_[8 + j] = bias32_[j];
            for (int64_t i = 0; i < k_; ++i) {
              w16pair_[i * 16 + j] = w16pair_[i * 16 + 8 + j] = w16_[i * n_ + j];
            }
          }
        }
        ChoosePairs(max_x);
      }
    } else if (max_product < (int128{1} << 62) && max_sum < (int128{1} << 62)) {
      path_ = Path::kInt64;
      w64_.resize(w_.size());
      for (size_t i = 0; i < w_.size(); ++i) w64_[i] = w_[i] << lshift;
    }
    // Unsigned accumulators take a negative exact sum through WrapAll like any other overflow.
  }

  // Two inputs per lane (MacRowsPairsWrap) for a signed accumulator when the CPU has VNNI, the
  // low s bits of a product's 16-bit half are all of them (s <= 15) and every output's sum of
  // terms, bounded with its own weights, stays below 2^(31 - s).
  void ChoosePairs(int128 max_x) {
    if (!HasAvx512Vnni() || !acc_.is_signed || shift_ > 15) return;
    int128 worst = 0;
    for (int64_t j = 0; j < n_; ++j) {
      int128 sum = 0;
      for (int64_t i = 0; i < k_; ++i) {
        int128 w = w32_[i * n_ + j];
        if (w != 0) sum += ((max_x * (w < 0 ? -w : w)) >> shift_) + 1;
      }
      worst = std::max(worst, sum);
    }
    if (worst >= (int128{1} << (31 - shift_))) return;
    const int64_t kq = (k_ + 1) / 2;
    auto pair = [&](int64_t q, int64_t j) {
      auto lo = static_cast<uint16_t>(w32_[2 * q * n_ + j]);
      auto hi = 2 * q + 1 < k_ ? static_cast<uint16_t>(w32_[(2 * q + 1) * n_ + j]) : uint16_t{0};
      return static_cast<int32_t>(lo | (uint32_t{hi} << 16));
    };
    wq_.resize(static_cast<size_t>(kq * n_));
    for (int64_t q = 0; q < kq; ++q) {
      for (int64_t j = 0; j < n_; ++j) wq_[q * n_ + j] = pair(q, j);
    }
    if (n_ <= 8) {
      wqpair_.assign(static_cast<size_t>(kq * 16), 0);
      for (int64_t q = 0; q < kq; ++q) {
        for (int64_t j = 0; j < n_; ++j) wqpair_[q * 16 + j] = wqpair_[q * 16 + 8 + j] = pair(q, j);
      }
    }
    // Low-bit sums per 16-bit lane stay below 2^15 (vpmaddwd reads them signed).
    pair_chunk_ = shift_ == 0 ? std::max<int64_t>(kq, 1) : 32767 / ((int64_t{1} << shift_) - 1);
  }

  // ap_fixed's loop, one step at a time: acc = (acc_t)(acc + (acc_t)(x * w)).
  int64_t StepByStep(const int64_t* x, int64_t j, bool* overflow) const {
    int64_t acc = bias_[j];
    for (int64_t i = 0; i < k_; ++i) acc = step_(acc, x[i], w_[i * n_ + j], overflow);
    return acc;
  }

  FixedType tx_, tw_, acc_, res_;
  CastPlan to_res_;
  MacStep step_;
  WideType product_;
  int64_t k_ = 0, n_ = 0;
  std::vector<int64_t> w_;     // raw weights, K x N
  std::vector<int64_t> bias_;  // raw biases in the accumulator type
  Path path_ = Path::kExact;
  bool res_identity_ = false;
  bool res_may_overflow_ = true;
  int shift_ = 0;
  std::vector<int32_t> w32_, bias32_;
  std::vector<int32_t> w16_;  // w32_ as vpmaddwd lanes (low half), when they fit int16
  std::vector<int32_t> w16pair_, bias16pair_;  // N <= 8: w16_ and the bias twice per register
  std::vector<int32_t> wq_;      // w16_ two inputs per lane, ceil(K/2) x N (ChoosePairs)
  std::vector<int32_t> wqpair_;  // N <= 8: wq_ twice per register
  int64_t pair_chunk_ = 0;       // input pairs whose low-bit sums fit a 16-bit lane
  std::vector<int64_t> w64_;
  Relu relu_;  // applied to the results as they are stored (WithRelu)
};

// ---------------------------------------------------------------------------------------------
// Dense

class DenseKernel : public Kernel {
 public:
  DenseKernel(MatCore core, int64_t rows) : core_(std::move(core)), rows_(rows) {}
  void Run(const int64_t* const* in, int64_t* const* out, int64_t n,
           Counters& counters) const override {
    core_.Compute(in[0], n * rows_, out[0], core_.n(), 1, counters);
  }

  std::unique_ptr<Kernel> WithRelu(const ReluForm& relu) const override {
    std::optional<MatCore> fused = core_.WithRelu(relu);
    if (!fused) return nullptr;
    return std::make_unique<DenseKernel>(std::move(*fused), rows_);
  }

 private:
  MatCore core_;
  int64_t rows_;
};

// ---------------------------------------------------------------------------------------------
// Convolution and transposed convolution: a gather of input patches (im2col) per group, then the
// matrix core. Patch element order is (input channel, kernel position), ONNX's weight order.

using ir::ConvGeometry;
using ir::ConvShape;
using ir::GroupBias;
using ir::GroupWeights;
using ir::PatchPositions;

class ConvKernel : public Kernel {
 public:
  // tap_major: the cores' K rows are ordered (kernel position, input channel), so a
  // channels-last patch row is the input's channel runs copied whole (only for cores whose sums
  // do not depend on the order).
  ConvKernel(ConvGeometry g, std::vector<MatCore> cores, std::vector<int64_t> positions,
             bool tap_major)
      : g_(std::move(g)),
        cores_(std::move(cores)),
        positions_(std::move(positions)),
        tap_major_(tap_major) {}

  void Run(const int64_t* const* in, int64_t* const* out, int64_t n,
           Counters& counters) const override {
    int64_t cg = g_.channels / g_.group;
    int64_t mg = g_.out_channels / g_.group;
    int64_t kc = cg * g_.kernel_volume;
    int64_t in_numel = g_.channels * g_.in_positions;
    int64_t out_numel = g_.out_channels * g_.out_positions;
    std::vector<int64_t> patches(static_cast<size_t>(g_.out_positions * kc));
    for (int64_t s = 0; s < n; ++s) {
      const int64_t* x = in[0] + s * in_numel;
      int64_t* y = out[0] + s * out_numel;
      for (int64_t grp = 0; grp < g_.group; ++grp) {
        // Each patch row holds the group's channels, each with its kernel taps (c * K + kk).
        const int64_t kv = g_.kernel_volume;
        for (int64_t p = 0; p < g_.out_positions && tap_major_; ++p) {
          int64_t* row = patches.data() + p * kc;
          const int64_t* pos = positions_.data() + p * kv;
          for (int64_t kk = 0; kk < kv;) {
            int64_t* dst = row + kk * cg;
            if (pos[kk] < 0) {
              std::fill_n(dst, cg, 0);
              ++kk;
              continue;
            }
            // With one group, taps reading consecutive input positions (a kernel row) are one
            // contiguous span of the channels-last input.
            int64_t span = 1;
            while (g_.group == 1 && kk + span < kv && pos[kk + span] == pos[kk] + span) ++span;
            std::copy_n(x + pos[kk] * g_.channels + grp * cg, span * cg, dst);
            kk += span;
          }
        }
        for (int64_t p = 0; p < g_.out_positions && !tap_major_; ++p) {
          int64_t* row = patches.data() + p * kc;
          const int64_t* pos = positions_.data() + p * kv;
          for (int64_t kk = 0; kk < kv; ++kk) {
            if (pos[kk] < 0) {
              for (int64_t c = 0; c < cg; ++c) row[c * kv + kk] = 0;
            } else if (g_.channels_last) {
              const int64_t* src = x + pos[kk] * g_.channels + grp * cg;
              for (int64_t c = 0; c < cg; ++c) row[c * kv + kk] = src[c];
            } else {
              const int64_t* src = x + grp * cg * g_.in_positions + pos[kk];
              for (int64_t c = 0; c < cg; ++c) row[c * kv + kk] = src[c * g_.in_positions];
            }
          }
        }
        // Channels-first output: element (m, p) at m * P + p; channels-last at p * M + m.
        if (g_.channels_last) {
          cores_[grp].Compute(patches.data(), g_.out_positions, y + grp * mg, g_.out_channels, 1,
                              counters);
        } else {
          cores_[grp].Compute(patches.data(), g_.out_positions, y + grp * mg * g_.out_positions, 1,
                              g_.out_positions, counters);
        }
      }
    }
  }

  std::unique_ptr<Kernel> WithRelu(const ReluForm& relu) const override {
    std::vector<MatCore> fused;
    for (const MatCore& core : cores_) {
      std::optional<MatCore> c = core.WithRelu(relu);
      if (!c) return nullptr;
      fused.push_back(std::move(*c));
    }
    return std::make_unique<ConvKernel>(g_, std::move(fused), positions_, tap_major_);
  }

 private:
  ConvGeometry g_;
  std::vector<MatCore> cores_;
  std::vector<int64_t> positions_;
  bool tap_major_ = false;
};

// ---------------------------------------------------------------------------------------------
// Depthwise convolution (one input channel per group, `mult` output channels each): the same
// integer terms as the per-group matrix cores, summed per kernel tap over runs of output positions
// whose input positions advance by a fixed step, so each run is one vector multiply-add across
// positions (and, channels-last, channels) instead of a one-column matrix product per channel.
// Only for order-free cores: the sums are exact integers wrapped once.

// acc[e] += (x[e] * w[e]) >> shift over a contiguous run.
template <typename A>
__attribute__((always_inline)) inline void MacRun(const int64_t* __restrict x,
                                                  const A* __restrict w, int64_t len, int shift,
                                                  A* __restrict acc) {
  for (int64_t e = 0; e < len; ++e) acc[e] += (static_cast<A>(x[e]) * w[e]) >> shift;
}
// acc[t * astep] += (x[t * xstep] * w) >> shift: one weight over a run of positions.
template <typename A>
__attribute__((always_inline)) inline void MacRunScalar(const int64_t* __restrict x, int64_t xstep,
                                                        A w, int64_t len, int shift,
                                                        A* __restrict acc, int64_t astep) {
  for (int64_t t = 0; t < len; ++t) {
    acc[t * astep] += (static_cast<A>(x[t * xstep]) * w) >> shift;
  }
}
LOOM_MAC_CLONES void MacRun32(const int64_t* x, const int32_t* w, int64_t len, int shift,
                              int32_t* acc) {
  MacRun(x, w, len, shift, acc);
}
LOOM_MAC_CLONES void MacRun64(const int64_t* x, const int64_t* w, int64_t len, int shift,
                              int64_t* acc) {
  MacRun(x, w, len, shift, acc);
}
LOOM_MAC_CLONES void MacRunScalar32(const int64_t* x, int64_t xstep, int32_t w, int64_t len,
                                    int shift, int32_t* acc, int64_t astep) {
  MacRunScalar(x, xstep, w, len, shift, acc, astep);
}
LOOM_MAC_CLONES void MacRunScalar64(const int64_t* x, int64_t xstep, int64_t w, int64_t len,
                                    int shift, int64_t* acc, int64_t astep) {
  MacRunScalar(x, xstep, w, len, shift, acc, astep);
}

// Output positions out .. out+len-1 read input positions in, in+step, ... at kernel tap `tap`.
struct TapRun {
  int64_t tap, out, in, step, len;
};

std::vector<TapRun> TapRuns(const ConvGeometry& g) {
  const std::vector<int64_t> pos = PatchPositions(g);
  const int64_t kv = g.kernel_volume;
  std::vector<TapRun> runs;
  for (int64_t kk = 0; kk < kv; ++kk) {
    for (int64_t p = 0; p < g.out_positions;) {
      const int64_t in = pos[p * kv + kk];
      if (in < 0) {
        ++p;
        continue;
      }
      TapRun r{kk, p, in, 0, 1};
      if (p + 1 < g.out_positions && pos[(p + 1) * kv + kk] >= 0) {
        r.step = pos[(p + 1) * kv + kk] - in;
        while (p + r.len < g.out_positions && pos[(p + r.len) * kv + kk] == in + r.len * r.step) {
          ++r.len;
        }
      }
      runs.push_back(r);
      p += r.len;
    }
  }
  return runs;
}

class DepthwiseKernel : public Kernel {
 public:
  // core: K = kernel taps, N = output channels (weights [tap][m], the bias per m).
  DepthwiseKernel(ConvGeometry g, MatCore core)
      : g_(std::move(g)), core_(std::move(core)), runs_(TapRuns(g_)) {
    mult_ = g_.out_channels / g_.channels;
    for (const TapRun& r : runs_) max_len_ = std::max(max_len_, r.len);
    // Channels-last, one output per input channel: a unit-step run covers len * M contiguous
    // values whose weights repeat every M; each tap's weights are laid out for the longest run.
    if (g_.channels_last && mult_ == 1) {
      const int64_t m = g_.out_channels, span = max_len_ * m;
      for (int64_t kk = 0; kk < g_.kernel_volume; ++kk) {
        for (int64_t e = 0; e < span; ++e) {
          if (core_.int32_path()) {
            rep32_.push_back(core_.w32()[kk * m + e % m]);
          } else {
            rep64_.push_back(core_.w64()[kk * m + e % m]);
          }
        }
      }
    }
  }

  void Run(const int64_t* const* in, int64_t* const* out, int64_t n,
           Counters& counters) const override {
    if (core_.int32_path()) {
      RunAs<int32_t>(in[0], out[0], n, core_.w32(), core_.bias32(), rep32_, MacRun32,
                     MacRunScalar32, counters);
    } else {
      RunAs<int64_t>(in[0], out[0], n, core_.w64(), core_.bias64(), rep64_, MacRun64,
                     MacRunScalar64, counters);
    }
  }

 private:
  template <typename A, typename RunFn, typename ScalarFn>
  void RunAs(const int64_t* xs, int64_t* ys, int64_t n, const std::vector<A>& w,
             const std::vector<A>& bias, const std::vector<A>& rep, RunFn mac_run,
             ScalarFn mac_scalar, Counters& counters) const {
    const int64_t c = g_.channels, m = g_.out_channels;
    const int64_t pin = g_.in_positions, pout = g_.out_positions;
    const int64_t in_numel = c * pin, out_numel = m * pout;
    const int shift = core_.shift();
    const int64_t span = max_len_ * m;
    std::vector<A> acc(static_cast<size_t>(out_numel));
    for (int64_t s = 0; s < n; ++s) {
      const int64_t* x = xs + s * in_numel;
      if (g_.channels_last) {
        for (int64_t p = 0; p < pout; ++p) std::copy_n(bias.data(), m, acc.data() + p * m);
      } else {
        for (int64_t j = 0; j < m; ++j) std::fill_n(acc.data() + j * pout, pout, bias[j]);
      }
      for (const TapRun& r : runs_) {
        if (g_.channels_last && mult_ == 1 && r.step == 1) {
          mac_run(x + r.in * c, rep.data() + r.tap * span, r.len * m, shift,
                  acc.data() + r.out * m);
        } else if (g_.channels_last && mult_ == 1) {
          // Position by position, the channels contiguous on both sides.
          for (int64_t t = 0; t < r.len; ++t) {
            mac_run(x + (r.in + t * r.step) * c, w.data() + r.tap * m, m, shift,
                    acc.data() + (r.out + t) * m);
          }
        } else if (g_.channels_last) {
          // Per output channel, strided across the run's positions.
          for (int64_t j = 0; j < m; ++j) {
            mac_scalar(x + r.in * c + j / mult_, r.step * c, w[r.tap * m + j], r.len, shift,
                       acc.data() + r.out * m + j, m);
          }
        } else {
          for (int64_t j = 0; j < m; ++j) {
            mac_scalar(x + (j / mult_) * pin + r.in, r.step, w[r.tap * m + j], r.len, shift,
                       acc.data() + j * pout + r.out, 1);
          }
        }
      }
      core_.Finish(acc.data(), out_numel, ys + s * out_numel, counters);
    }
  }

  ConvGeometry g_;
  MatCore core_;
  std::vector<TapRun> runs_;
  int64_t mult_ = 1, max_len_ = 0;
  std::vector<int32_t> rep32_;
  std::vector<int64_t> rep64_;
};

// ---------------------------------------------------------------------------------------------
// MatMul of two computed values: a [..., M, K] x b [..., K, N], the batch axes broadcast (numpy).
// Each output is ap_fixed's loop acc = (accum)(acc + (accum)(a * b)), then (result)acc.

class MatMulKernel : public Kernel {
 public:
  MatMulKernel(const KernelContext& ctx, MatMulDims d)
      : ta_(ctx.inputs[0]),
        tb_(ctx.inputs[1]),
        acc_(ctx.node.types.at("accum")),
        to_res_(ctx.node.types.at("accum"), ctx.outputs[0]),
        d_(std::move(d)),
        a_numel_(ir::NumElements(ctx.node.inputs[0]->shape)),
        b_numel_(ir::NumElements(ctx.node.inputs[1]->shape)) {}

  void Run(const int64_t* const* in, int64_t* const* out, int64_t n,
           Counters& counters) const override {
    const MacStep step(ta_, tb_, acc_);
    const int64_t m = d_.m, k = d_.k, nn = d_.n;
    const auto batches = static_cast<int64_t>(d_.a_batch.size());
    const int64_t y_numel = batches * m * nn;
    for (int64_t s = 0; s < n; ++s) {
      for (int64_t bt = 0; bt < batches; ++bt) {
        const int64_t* x = in[0] + s * a_numel_ + d_.a_batch[bt] * m * k;
        const int64_t* w = in[1] + s * b_numel_ + d_.b_batch[bt] * k * nn;
        int64_t* y = out[0] + s * y_numel + bt * m * nn;
        for (int64_t i = 0; i < m; ++i) {
          for (int64_t j = 0; j < nn; ++j) {
            int64_t acc = 0;
            bool over = false;
            for (int64_t q = 0; q < k; ++q) acc = step(acc, x[i * k + q], w[q * nn + j], &over);
            counters.accum_overflow += over;
            CastFlags f;
            y[i * nn + j] = to_res_.Apply(acc, &f);
            counters.result_overflow += f.overflow || f.underflow;
          }
        }
      }
    }
    counters.values += n * y_numel;
  }

 private:
  FixedType ta_, tb_, acc_;
  CastPlan to_res_;
  MatMulDims d_;
  int64_t a_numel_, b_numel_;
};

// ---------------------------------------------------------------------------------------------
// Linear resize: per output, acc = 0; acc += (accum)(x[index[t]] * w[t]) over its taps in input
// order; res = (result)acc. The weights are the interpolation weights quantized to the "weight"
// type (the HLS backend emits the same list to its sparse dense kernel).

struct ResizeWeights {
  ref::ResizeMap map;
  std::vector<int64_t> raw;  // map.weight quantized to the weight type
};

class ResizeKernel : public Kernel {
 public:
  ResizeKernel(const KernelContext& ctx, ResizeWeights w)
      : tx_(ctx.inputs[0]),
        tw_(ctx.node.types.at("weight")),
        acc_(ctx.node.types.at("accum")),
        to_res_(acc_, ctx.outputs[0]),
        w_(std::move(w)),
        in_numel_(ir::NumElements(ctx.node.inputs[0]->shape)) {}

  void Run(const int64_t* const* in, int64_t* const* out, int64_t n,
           Counters& counters) const override {
    const MacStep step(tx_, tw_, acc_);
    const auto y_numel = static_cast<int64_t>(w_.map.start.size()) - 1;
    for (int64_t s = 0; s < n; ++s) {
      const int64_t* x = in[0] + s * in_numel_;
      int64_t* y = out[0] + s * y_numel;
      for (int64_t o = 0; o < y_numel; ++o) {
        int64_t acc = 0;
        bool over = false;
        for (int64_t t = w_.map.start[o]; t < w_.map.start[o + 1]; ++t) {
          acc = step(acc, x[w_.map.index[t]], w_.raw[t], &over);
        }
        counters.accum_overflow += over;
        CastFlags f;
        y[o] = to_res_.Apply(acc, &f);
        counters.result_overflow += f.overflow || f.underflow;
      }
    }
    counters.values += n * y_numel;
  }

 private:
  FixedType tx_, tw_, acc_;
  CastPlan to_res_;
  ResizeWeights w_;
  int64_t in_numel_;
};

// ---------------------------------------------------------------------------------------------
// BatchNorm: y = (result)(x * scale[c] + bias[c]), exact product and sum (hls4ml's normalize).

class BatchNormKernel : public Kernel {
 public:
  BatchNormKernel(const KernelContext& ctx, std::vector<int64_t> channel_of)
      : tx_(ctx.inputs[0]),
        ts_(ctx.node.types.at("scale")),
        tb_(ctx.node.types.at("bias")),
        res_(ctx.outputs[0]),
        channel_of_(std::move(channel_of)) {
    const ir::Tensor& s = *ctx.node.param("scale");
    const ir::Tensor& b = *ctx.node.param("bias");
    for (float v : s.data) scale_.push_back(fixed::FromDouble(v, ts_));
    for (float v : b.data) bias_.push_back(fixed::FromDouble(v, tb_));
    product_ = fixed::ProductType(WideType::Of(tx_), WideType::Of(ts_));
    sum_ = fixed::SumType(product_, WideType::Of(tb_)).value();
  }

  void Run(const int64_t* const* in, int64_t* const* out, int64_t n,
           Counters& counters) const override {
    auto numel = static_cast<int64_t>(channel_of_.size());
    int64_t over = 0;
    for (int64_t s = 0; s < n; ++s) {
      for (int64_t e = 0; e < numel; ++e) {
        int64_t c = channel_of_[e];
        fixed::Wide p = fixed::Mul(in[0][s * numel + e], tx_, scale_[c], ts_);
        fixed::Wide sum = fixed::Add(p, product_, fixed::Widen(bias_[c], tb_), WideType::Of(tb_));
        CastFlags f;
        out[0][s * numel + e] = fixed::Cast(sum, sum_, res_, &f);
        over += f.overflow || f.underflow;
      }
    }
    counters.values += n * numel;
    counters.result_overflow += over;
  }

 private:
  FixedType tx_, ts_, tb_, res_;
  WideType product_, sum_;
  std::vector<int64_t> scale_, bias_;
  std::vector<int64_t> channel_of_;
};

std::vector<int64_t> ChannelOf(const ir::Node& node) {
  const ir::Shape& shape = node.inputs[0]->shape;
  bool last = node.attrs.GetInt("channels_last", 0) != 0;
  int64_t numel = ir::NumElements(shape);
  std::vector<int64_t> ch(static_cast<size_t>(numel), 0);
  if (shape.empty()) return ch;
  int64_t c = last ? shape.back() : shape[0];
  int64_t inner = last ? 1 : numel / std::max<int64_t>(c, 1);
  for (int64_t e = 0; e < numel; ++e) ch[e] = (e / inner) % c;
  return ch;
}

ErrorOr<std::unique_ptr<Kernel>> MakeLinearKernel(const KernelContext& ctx) {
  const ir::Node& node = ctx.node;
  for (const TypeKey& key : kLinearTypeRules.type_keys(node)) {
    if (!node.types.count(key.key)) {
      return NodeError(node, "has no '" + key.key + "' type; assign precision first");
    }
  }
  switch (node.op) {
    case ir::OpKind::kDense: {
      auto d = DenseShape(node);
      if (!d.ok()) return d.error();
      auto core = MatCore::Create(node, node.param("weight")->data, d.value().k, d.value().n,
                                  BiasOf(node), ctx.inputs[0], node.types.at("weight"),
                                  TypeOr(node, "bias"), node.types.at("accum"), ctx.outputs[0]);
      if (!core.ok()) return core.error();
      return std::unique_ptr<Kernel>(new DenseKernel(std::move(core).value(), d.value().rows));
    }
    case ir::OpKind::kConv:
    case ir::OpKind::kConvTranspose: {
      auto g = ConvShape(node);
      if (!g.ok()) return g.error();
      const ConvGeometry& geo = g.value();
      const int64_t cg = geo.channels / geo.group, kv = geo.kernel_volume;
      const int64_t mg = geo.out_channels / geo.group;
      if (node.op == ir::OpKind::kConv && cg == 1 && geo.group > 1) {
        // Depthwise: one core over every channel, weights [tap][output channel].
        std::vector<float> w(static_cast<size_t>(kv * geo.out_channels));
        std::vector<float> bias;
        for (int64_t grp = 0; grp < geo.group; ++grp) {
          std::vector<float> wg = GroupWeights(node, geo, grp);
          for (int64_t kk = 0; kk < kv; ++kk) {
            for (int64_t q = 0; q < mg; ++q)
              w[kk * geo.out_channels + grp * mg + q] = wg[kk * mg + q];
          }
          std::vector<float> bg = GroupBias(node, geo, grp);
          bias.insert(bias.end(), bg.begin(), bg.end());
        }
        auto core = MatCore::Create(node, w, kv, geo.out_channels, bias, ctx.inputs[0],
                                    node.types.at("weight"), TypeOr(node, "bias"),
                                    node.types.at("accum"), ctx.outputs[0]);
        if (!core.ok()) return core.error();
        if (core.value().order_free()) {
          return std::unique_ptr<Kernel>(new DepthwiseKernel(geo, std::move(core).value()));
        }
      }
      // Channels-last convolutions whose sums are order-free take their weights tap-major
      // (rows (kernel position, channel)), so patches are copied channel run by channel run.
      bool tap_major = geo.channels_last && node.op == ir::OpKind::kConv;
      std::vector<MatCore> cores;
      for (int pass = 0; pass < 2; ++pass) {
        cores.clear();
        for (int64_t grp = 0; grp < geo.group; ++grp) {
          std::vector<float> w = GroupWeights(node, geo, grp);
          if (tap_major) {
            std::vector<float> t(w.size());
            for (int64_t c = 0; c < cg; ++c) {
              for (int64_t kk = 0; kk < kv; ++kk) {
                std::copy_n(w.begin() + (c * kv + kk) * mg, mg, t.begin() + (kk * cg + c) * mg);
              }
            }
            w = std::move(t);
          }
          auto core = MatCore::Create(node, w, cg * kv, mg, GroupBias(node, geo, grp),
                                      ctx.inputs[0], node.types.at("weight"), TypeOr(node, "bias"),
                                      node.types.at("accum"), ctx.outputs[0]);
          if (!core.ok()) return core.error();
          cores.push_back(std::move(core).value());
        }
        bool free = std::all_of(cores.begin(), cores.end(),
                                [](const MatCore& m) { return m.order_free(); });
        if (!tap_major || free) break;
        tap_major = false;  // a step-by-step core keeps ONNX's (channel, position) order
      }
      return std::unique_ptr<Kernel>(
          new ConvKernel(geo, std::move(cores), PatchPositions(geo), tap_major));
    }
    case ir::OpKind::kMatMul: {
      auto d = MatMulShape(node);
      if (!d.ok()) return d.error();
      return std::unique_ptr<Kernel>(new MatMulKernel(ctx, std::move(d).value()));
    }
    case ir::OpKind::kResize: {
      auto map = ResizeMapOf(node);
      if (!map.ok()) return map.error();
      ResizeWeights w{std::move(map).value(), {}};
      const FixedType& tw = node.types.at("weight");
      for (double v : w.map.weight) w.raw.push_back(fixed::FromDouble(v, tw));
      return std::unique_ptr<Kernel>(new ResizeKernel(ctx, std::move(w)));
    }
    case ir::OpKind::kBatchNorm: {
      if (!node.param("scale") || !node.param("bias")) {
        return NodeError(node, "batch_norm needs scale and bias");
      }
      return std::unique_ptr<Kernel>(new BatchNormKernel(ctx, ChannelOf(node)));
    }
    default:
      return NodeError(node, "not a linear op");
  }
}

}  // namespace

const Family kLinearFamily = {MakeLinearKernel};

}  // namespace loom::sim
