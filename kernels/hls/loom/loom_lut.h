// Lookup-table activations (sigmoid, tanh, softsign, softplus, elu, selu, exp, erf, gelu; log,
// sqrt and pow in the log domain) and softmax, computed
// exactly as loom's emulator computes them (docs/numerics.md, "Lookup tables"). The tables are
// the emulator's own entries, written by loom into firmware/weights/*.h as raw integers (words of
// the integer type word_t; plain integer arrays compile in a fraction of the time of arrays of
// ap_fixed initialised from decimals); the kernels index them with integer arithmetic on the
// input's raw bits, never through a floating or fixed product.
//
// lut_activation CONFIG: input_t, result_t, table_t, word_t, scale_t (selu's gamma), raw_t
// (ap_int<W> or ap_uint<W>: the input's W raw bits with its signedness); n_elem, n_table; lo_raw,
// hi_raw (the window, inclusive, in raw units of input_t), shift; upper (lut_clamp, lut_identity,
// lut_scale); empty (no input falls in the window: every input takes the upper path; the table then
// holds one unused entry).
//   index = (clamp(raw, lo_raw, hi_raw) - lo_raw) >> shift;  y = (result_t)table[index]
//   above hi_raw: lut_identity y = (result_t)x; lut_scale y = (result_t)(x * gamma) (exact product)
//
// lut_log_domain CONFIG: input_t, result_t, table_t, word_t, raw_t; n_elem, n_table,
// mantissa_bits (k). A positive raw r with its leading one at bit p takes entry
// 2 + p * 2^k + m, m the k bits after the leading one ((r << k) >> p is 2^k + m); r = 0 takes
// entry 0 and r < 0 entry 1.
//
// softmax CONFIG: input_t, result_t, diff_t (ap_ufixed of the input's width and integer bits),
// exp_table_t, inv_table_t, word_t (of both tables), accum_t, wide_t (see softmax); n_outer,
// n_axis, n_inner; n_exp, exp_hi (last raw difference inside the exp window), exp_shift; n_inv,
// inv_bits (log2 n_inv), accum_width, prod_width (bits of exp_table_t * inv_table_t).
#ifndef LOOM_HLS_LUT_H_
#define LOOM_HLS_LUT_H_

#include "loom_common.h"

namespace loom_hls {

enum lut_upper_t { lut_clamp = 0, lut_identity = 1, lut_scale = 2 };

// The fixed-point value of type T whose raw bits are `word`'s low T::width bits.
template <class T, class WORD>
T lut_entry(WORD word) {
  T v;
  v.range() = ap_uint<T::width>(word);
  return v;
}

// One element: the table inside the window, entry 0 below it, the upper path above it.
template <class CONFIG>
typename CONFIG::result_t lut_element(const typename CONFIG::input_t& x,
                                      const typename CONFIG::word_t table[CONFIG::n_table],
                                      const typename CONFIG::scale_t& scale) {
  typedef typename CONFIG::raw_t raw_t;
  typedef typename CONFIG::result_t result_t;
  const raw_t raw = x.range();
  const raw_t lo = CONFIG::lo_raw;
  const raw_t hi = CONFIG::hi_raw;
  if (CONFIG::upper != lut_clamp && (CONFIG::empty || raw > hi)) {
    if (CONFIG::upper == lut_identity) return (result_t)x;
    return (result_t)(x * scale);
  }
  const raw_t clamped = raw < lo ? lo : (raw > hi ? hi : raw);
  // clamped - lo is in [0, 2^W): its low W bits as unsigned.
  const ap_uint<raw_t::width> offset = clamped - lo;
  const unsigned index = (offset >> CONFIG::shift).to_uint();
  return (result_t)lut_entry<typename CONFIG::table_t>(table[index]);
}

template <class CONFIG>
void lut_activation(const typename CONFIG::input_t x[CONFIG::n_elem],
                    typename CONFIG::result_t y[CONFIG::n_elem],
                    const typename CONFIG::word_t table[CONFIG::n_table],
                    const typename CONFIG::scale_t& scale) {
#pragma HLS INLINE
  for (unsigned i = 0; i < CONFIG::n_elem; ++i) {
#pragma HLS UNROLL
    y[i] = lut_element<CONFIG>(x[i], table, scale);
  }
}

// Without an upper-path scale (every function but selu).
template <class CONFIG>
void lut_activation(const typename CONFIG::input_t x[CONFIG::n_elem],
                    typename CONFIG::result_t y[CONFIG::n_elem],
                    const typename CONFIG::word_t table[CONFIG::n_table]) {
#pragma HLS INLINE
  lut_activation<CONFIG>(x, y, table, typename CONFIG::scale_t(0));
}

// Log-domain tables (log, sqrt, pow): the index is the input's exponent and mantissa, so the
// table's relative step is the same over the whole input range.
template <class CONFIG>
typename CONFIG::result_t lut_log_domain_element(
    const typename CONFIG::input_t& x, const typename CONFIG::word_t table[CONFIG::n_table]) {
  typedef typename CONFIG::raw_t raw_t;
  const unsigned k = CONFIG::mantissa_bits;
  const raw_t raw = x.range();
  unsigned index;
  if (raw <= 0) {
    index = raw < 0 ? 1 : 0;
  } else {
    const ap_uint<raw_t::width> u = raw;
    unsigned p = 0;
    for (unsigned b = 0; b < raw_t::width; ++b) {
#pragma HLS UNROLL
      if (u[b]) p = b;
    }
    ap_uint<raw_t::width + CONFIG::mantissa_bits> t = u;
    t = t << k;
    t = t >> p;
    index = 2 + (p << k) + (unsigned)(t.to_uint64() - (1ULL << k));
  }
  return (typename CONFIG::result_t)lut_entry<typename CONFIG::table_t>(table[index]);
}

template <class CONFIG>
void lut_log_domain(const typename CONFIG::input_t x[CONFIG::n_elem],
                    typename CONFIG::result_t y[CONFIG::n_elem],
                    const typename CONFIG::word_t table[CONFIG::n_table]) {
#pragma HLS INLINE
  for (unsigned i = 0; i < CONFIG::n_elem; ++i) {
#pragma HLS UNROLL
    y[i] = lut_log_domain_element<CONFIG>(x[i], table);
  }
}

// Softmax along one axis of an n_outer x n_axis x n_inner array. For each row:
//   d_k = max - x_k (exact, unsigned diff_t); e_k = exp_table[d_k > exp_hi ? n_exp - 1 :
//   d_k >> exp_shift]; accum_t S = 0; S += (accum_t)e_k in order. With S = m * 2^p (raw; p the
//   position of S's leading one), the inv_bits bits after the leading one index inv_table, and
//   y_k = (result_t)(e_k * inv * 2^(F_accum - p)): the exact product, its binary point moved by
//   F_accum - p, one cast. A row whose S is not positive gives zeros.
// wide_t is ap_ufixed<prod_width + accum_width - 1, I_prod + F_accum>: it holds the product with
// its binary point moved by any p in [0, accum_width).
template <class CONFIG>
void softmax(const typename CONFIG::input_t x[CONFIG::n_outer * CONFIG::n_axis * CONFIG::n_inner],
             typename CONFIG::result_t y[CONFIG::n_outer * CONFIG::n_axis * CONFIG::n_inner],
             const typename CONFIG::word_t exp_table[CONFIG::n_exp],
             const typename CONFIG::word_t inv_table[CONFIG::n_inv]) {
#pragma HLS INLINE
  typedef typename CONFIG::input_t input_t;
  typedef typename CONFIG::result_t result_t;
  typedef typename CONFIG::accum_t accum_t;
  typedef typename CONFIG::diff_t diff_t;
  typedef typename CONFIG::wide_t wide_t;
  const unsigned aw = CONFIG::accum_width;
  for (unsigned o = 0; o < CONFIG::n_outer; ++o) {
#pragma HLS UNROLL
    for (unsigned i = 0; i < CONFIG::n_inner; ++i) {
#pragma HLS UNROLL
      const unsigned base = o * CONFIG::n_axis * CONFIG::n_inner + i;
      input_t max = x[base];
      for (unsigned k = 1; k < CONFIG::n_axis; ++k) {
#pragma HLS UNROLL
        if (x[base + k * CONFIG::n_inner] > max) max = x[base + k * CONFIG::n_inner];
      }
      typename CONFIG::exp_table_t e[CONFIG::n_axis];
#pragma HLS ARRAY_PARTITION variable = e complete
      accum_t sum = 0;
      for (unsigned k = 0; k < CONFIG::n_axis; ++k) {
#pragma HLS UNROLL
        const diff_t d = max - x[base + k * CONFIG::n_inner];
        const ap_uint<diff_t::width> d_raw = d.range();
        const ap_uint<diff_t::width> hi = CONFIG::exp_hi;
        const unsigned index =
            d_raw > hi ? CONFIG::n_exp - 1 : (unsigned)((d_raw >> CONFIG::exp_shift).to_uint());
        e[k] = lut_entry<typename CONFIG::exp_table_t>(exp_table[index]);
        sum += (accum_t)e[k];
      }
      if (sum <= 0) {
        for (unsigned k = 0; k < CONFIG::n_axis; ++k) {
#pragma HLS UNROLL
          y[base + k * CONFIG::n_inner] = 0;
        }
        continue;
      }
      const ap_uint<CONFIG::accum_width> s = sum.range();
      unsigned p = 0;
      for (unsigned b = 0; b < aw; ++b) {
#pragma HLS UNROLL
        if (s[b]) p = b;
      }
      // (S << inv_bits) >> p is 2^inv_bits plus the index: the bits after the leading one.
      ap_uint<CONFIG::accum_width + CONFIG::inv_bits> t = s;
      t = t << CONFIG::inv_bits;
      t = t >> p;
      const unsigned inv_index = (unsigned)(t.to_uint64() & (CONFIG::n_inv - 1));
      const typename CONFIG::inv_table_t inv =
          lut_entry<typename CONFIG::inv_table_t>(inv_table[inv_index]);
      for (unsigned k = 0; k < CONFIG::n_axis; ++k) {
#pragma HLS UNROLL
        // Entries are never negative, so the product's raw bits read as unsigned are exact.
        const ap_uint<CONFIG::prod_width> prod = (e[k] * inv).range();
        ap_uint<wide_t::width> moved = prod;
        moved = moved << (aw - 1 - p);
        wide_t w;
        w.range() = moved;
        y[base + k * CONFIG::n_inner] = (result_t)w;
      }
    }
  }
}

}  // namespace loom_hls

#endif  // LOOM_HLS_LUT_H_
