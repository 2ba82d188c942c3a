// Quantizers (QONNX Quant, BipolarQuant, Trunc; ONNX QuantizeLinear, DequantizeLinear) and the
// matmul of two computed values, exactly as loom's emulator computes them (docs/numerics.md,
// "Quantizers", "MatMul of two computed values").
//
// A quantizer computes an integer y_int per element exactly from the input's raw bits (integer
// arithmetic in wide_t: shifts, an exact division by the scale's odd mantissa with its remainder
// (a multiplication by its reciprocal, so no divider, wherever the reciprocal fits 62 bits),
// the op's rounding and clamping), then gives y_int * 2^-frac as value_t (raw bits y_int << shl)
// and casts it to result_t once — for a power-of-two scale that is the exact result; for any
// other scale the exact product value_t * scale (scale_t, the node's "scale" type) is cast.
//
// quant CONFIG: input_t, result_t, raw_t (ap_int<W>/ap_uint<W>: the input's raw bits), wide_t
// (ap_int wide enough for every intermediate), prod_t (ap_uint for the reciprocal's product),
// value_t, scale_t (scaled only); n_elem, n_param
// (1: one parameter set for every element, else n_elem); op (quant_op_t); rounding
// (quant_round_t); in_frac (the input's fraction bits).
//
// matmul CONFIG: a_t, b_t, accum_t, result_t; n_batch (output batches), n_a_batch, n_b_batch,
// n_m, n_k, n_n; the batch tables say which batch of a and of b each output batch reads.
#ifndef LOOM_HLS_QUANT_H_
#define LOOM_HLS_QUANT_H_

#include "loom_common.h"

namespace loom_hls {

enum quant_op_t {
  quant_int = 0,          // QONNX Quant: clamp(round(x/s + z), lo, hi) - z
  quant_bipolar = 1,      // QONNX Quant of bitwidth 1, signed: sign(x/s + z) - z
  bipolar_quant = 2,      // QONNX BipolarQuant: x >= 0 ? 1 : -1
  trunc_quant = 3,        // QONNX Trunc: round_div(round(x/s) + z, 2^trunc_bits) - z
  quantize_linear = 4,    // ONNX QuantizeLinear: clamp(round(x/s) + z, lo, hi)
  dequantize_linear = 5,  // ONNX DequantizeLinear: x - z (then times s)
  float_quant = 6,        // QONNX FloatQuant: minifloat(x/s) in steps of 2^emin, saturating
};

// ROUND (half to even), CEIL, FLOOR, ROUND_TO_ZERO.
enum quant_round_t { round_half_even = 0, round_ceil = 1, round_floor = 2, round_to_zero = 3 };

// One element's parameters: x / s = (x_raw << s1) / (m << s2) with m odd and positive.
struct quant_param {
  long long m;
  unsigned s1;
  unsigned s2;
  long long zero;
  long long lo;  // clamp bounds (quant_int: of round(x/s) + z; quantize_linear: of the result)
  long long hi;
  unsigned trunc_bits;
  unsigned shl;       // value_t's raw bits are y_int << shl
  unsigned man_bits;  // float_quant: mantissa bits
  unsigned levels;    // float_quant: exponents above the smallest, plus one
  // The division by m as a multiplication (plan::ReciprocalOf): floor(q / m) =
  // (((q + k * m) * magic) >> shift) - k for the q this element can see; magic 0: a divider.
  long long k;
  long long magic;
  unsigned shift;
};

// num / (m * 2^s) rounded as `mode` says (m > 0 odd; exact for every num the element can see).
// The floor by m is a multiplication by p.magic (PROD: an unsigned type wide enough for the
// product) unless p.magic is 0.
template <class WIDE, class PROD>
WIDE quant_round_div(const WIDE& num, long long m, unsigned s, quant_round_t mode,
                     const quant_param& p) {
  // Floor by 2^s, then floor by m: together the floor by m * 2^s, with remainder r in [0, den).
  WIDE q = num >> s;
  WIDE r = num - (q << s);
  if (m != 1) {
    WIDE q2;
    if (p.magic != 0) {
      const PROD biased = PROD(q + WIDE(p.k) * m);
      q2 = WIDE((biased * PROD(p.magic)) >> p.shift) - p.k;
    } else {
      q2 = q / m;  // toward zero
      if (q - q2 * m < 0) q2 = q2 - 1;
    }
    const WIDE r2 = q - q2 * m;
    r = (r2 << s) + r;
    q = q2;
  }
  const WIDE den = WIDE(m) << s;
  switch (mode) {
    case round_floor:
      return q;
    case round_ceil:
      return r != 0 ? WIDE(q + 1) : q;
    case round_to_zero:
      return num < 0 && r != 0 ? WIDE(q + 1) : q;
    default: {  // half to even
      const WIDE twice = r << 1;
      if (twice > den) return q + 1;
      if (twice < den) return q;
      return q[0] ? WIDE(q + 1) : q;
    }
  }
}

// The integer y_int of one element.
template <class CONFIG>
typename CONFIG::wide_t quant_integer(const typename CONFIG::input_t& x, const quant_param& p) {
  typedef typename CONFIG::wide_t wide_t;
  typedef typename CONFIG::prod_t prod_t;
  const typename CONFIG::raw_t raw = x.range();
  const wide_t xw = raw;
  const wide_t one = 1;
  if (CONFIG::op == dequantize_linear) return xw - (wide_t(p.zero) << CONFIG::in_frac);
  if (CONFIG::op == bipolar_quant) return xw >= 0 ? one : wide_t(-one);
  const wide_t num = xw << p.s1;
  const wide_t zero = p.zero;
  if (CONFIG::op == quant_bipolar) {
    const wide_t v = num + zero * (wide_t(p.m) << p.s2);
    return (v >= 0 ? one : wide_t(-one)) - zero;
  }
  if (CONFIG::op == trunc_quant) {
    wide_t q = quant_round_div<wide_t, prod_t>(num, p.m, p.s2, round_half_even, p) + zero;
    q = quant_round_div<wide_t, prod_t>(q, 1, p.trunc_bits, (quant_round_t)CONFIG::rounding, p);
    return q - zero;
  }
  if (CONFIG::op == float_quant) {
    // x/s in steps of 2^emin is num / (m << s2); a value in the binade of exponent level j
    // (|v| >= 2^(j + man_bits) steps) is rounded to a multiple of 2^j, then saturated.
    const wide_t mag = num < 0 ? wide_t(-num) : num;
    unsigned j = 0;
    for (unsigned k = 1; k < p.levels; ++k) {
      if (mag >= (wide_t(p.m) << (p.s2 + k + p.man_bits))) j = k;
    }
    wide_t q =
        quant_round_div<wide_t, prod_t>(num, p.m, p.s2 + j, (quant_round_t)CONFIG::rounding, p)
        << j;
    const wide_t lo = p.lo;
    const wide_t hi = p.hi;
    return q < lo ? lo : (q > hi ? hi : q);
  }
  const quant_round_t mode =
      CONFIG::op == quant_int ? (quant_round_t)CONFIG::rounding : round_half_even;
  wide_t q = quant_round_div<wide_t, prod_t>(num, p.m, p.s2, mode, p) + zero;
  const wide_t lo = p.lo;
  const wide_t hi = p.hi;
  q = q < lo ? lo : (q > hi ? hi : q);
  return CONFIG::op == quant_int ? wide_t(q - zero) : q;
}

// y_int as value_t: raw bits y_int << shl.
template <class CONFIG>
typename CONFIG::value_t quant_value(const typename CONFIG::input_t& x, const quant_param& p) {
  typedef typename CONFIG::value_t value_t;
  ap_int<value_t::width> bits = quant_integer<CONFIG>(x, p);
  bits = bits << p.shl;
  value_t v;
  v.range() = bits;
  return v;
}

// Power-of-two scales: the exact value, cast once.
template <class CONFIG>
void quant(const typename CONFIG::input_t x[CONFIG::n_elem],
           typename CONFIG::result_t y[CONFIG::n_elem], const quant_param p[CONFIG::n_param]) {
#pragma HLS INLINE
  for (unsigned i = 0; i < CONFIG::n_elem; ++i) {
#pragma HLS UNROLL
    const unsigned j = CONFIG::n_param == 1 ? 0 : i;
    y[i] = (typename CONFIG::result_t)quant_value<CONFIG>(x[i], p[j]);
  }
}

// Other scales: the exact product with the scale in scale_t, cast once.
template <class CONFIG>
void quant_scaled(const typename CONFIG::input_t x[CONFIG::n_elem],
                  typename CONFIG::result_t y[CONFIG::n_elem], const quant_param p[CONFIG::n_param],
                  const typename CONFIG::scale_t scale[CONFIG::n_param]) {
#pragma HLS INLINE
  for (unsigned i = 0; i < CONFIG::n_elem; ++i) {
#pragma HLS UNROLL
    const unsigned j = CONFIG::n_param == 1 ? 0 : i;
    y[i] = (typename CONFIG::result_t)(quant_value<CONFIG>(x[i], p[j]) * scale[j]);
  }
}

// y[t][i][j] = (result_t)acc with accum_t acc = 0; acc += (accum_t)(a[ta][i][q] * b[tb][q][j]) in q
// order (exact products), where output batch t reads batch ta = a_batch[t] of a and tb =
// b_batch[t] of b (numpy broadcasting of the batch axes).
template <class CONFIG>
void matmul(const typename CONFIG::a_t a[CONFIG::n_a_batch * CONFIG::n_m * CONFIG::n_k],
            const typename CONFIG::b_t b[CONFIG::n_b_batch * CONFIG::n_k * CONFIG::n_n],
            typename CONFIG::result_t y[CONFIG::n_batch * CONFIG::n_m * CONFIG::n_n],
            const unsigned a_batch[CONFIG::n_batch], const unsigned b_batch[CONFIG::n_batch]) {
#pragma HLS INLINE
  typedef typename CONFIG::accum_t accum_t;
  for (unsigned t = 0; t < CONFIG::n_batch; ++t) {
#pragma HLS UNROLL
    const unsigned a0 = a_batch[t] * CONFIG::n_m * CONFIG::n_k;
    const unsigned b0 = b_batch[t] * CONFIG::n_k * CONFIG::n_n;
    const unsigned y0 = t * CONFIG::n_m * CONFIG::n_n;
    for (unsigned i = 0; i < CONFIG::n_m; ++i) {
#pragma HLS UNROLL
      for (unsigned j = 0; j < CONFIG::n_n; ++j) {
#pragma HLS UNROLL
        accum_t acc = 0;
        for (unsigned q = 0; q < CONFIG::n_k; ++q) {
#pragma HLS UNROLL
          acc += (accum_t)(a[a0 + i * CONFIG::n_k + q] * b[b0 + q * CONFIG::n_n + j]);
        }
        y[y0 + i * CONFIG::n_n + j] = (typename CONFIG::result_t)acc;
      }
    }
  }
}

}  // namespace loom_hls

#endif  // LOOM_HLS_QUANT_H_
