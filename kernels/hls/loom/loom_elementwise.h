// Elementwise kernels: merges with numpy broadcasting (add sub mul max min sum, div by a constant
// power of two), comparisons, general division, the ReLU family, clip, hard_sigmoid, hard_swish and
// batch_norm. Each result is computed exactly with ap_fixed's operator types (or an explicitly
// exact accum_t) and cast once to result_t, as the emulator does (docs/numerics.md, "Elementwise
// arithmetic and merges", "Division", "ReLU family").
//
// Broadcasting reads operand element map[e] for result element e (a constant table written by
// the emitter); operands of the result's shape have broadcast = false and read element e.
#ifndef LOOM_HLS_ELEMENTWISE_H_
#define LOOM_HLS_ELEMENTWISE_H_

#include "loom_common.h"

namespace loom_hls {

enum merge_op_t { merge_add = 0, merge_sub = 1, merge_mul = 2, merge_max = 3, merge_min = 4 };

// The map of an operand that is not broadcast (never read).
static const unsigned no_map[1] = {0};

// a OP b, exactly, in ACC (a type that holds the exact result; for add, sub, max and min also
// each operand, which are brought to ACC first so that comparisons are between equal types).
template <merge_op_t OP>
struct merge_combine;

template <>
struct merge_combine<merge_add> {
  template <class ACC, class A, class B>
  static ACC apply(const A& a, const B& b) {
    return (ACC)a + (ACC)b;
  }
};

template <>
struct merge_combine<merge_sub> {
  template <class ACC, class A, class B>
  static ACC apply(const A& a, const B& b) {
    return (ACC)a - (ACC)b;
  }
};

template <>
struct merge_combine<merge_mul> {
  template <class ACC, class A, class B>
  static ACC apply(const A& a, const B& b) {
    return a * b;
  }
};

template <>
struct merge_combine<merge_max> {
  template <class ACC, class A, class B>
  static ACC apply(const A& a, const B& b) {
    const ACC l = a;
    const ACC r = b;
    return r > l ? r : l;
  }
};

template <>
struct merge_combine<merge_min> {
  template <class ACC, class A, class B>
  static ACC apply(const A& a, const B& b) {
    const ACC l = a;
    const ACC r = b;
    return r < l ? r : l;
  }
};

// y[e] = (result_t)(accum_t)(a[map_a(e)] OP b[map_b(e)]).
//
// CONFIG: op (merge_op_t); input1_t, input2_t, accum_t (exact for the op), result_t; n_in1, n_in2,
// n_out; broadcast1, broadcast2; n_map1, n_map2 (n_out when broadcast, else 1: loom_hls::no_map).
// A merge of more than two inputs is a chain of merges through
// accum_t arrays (exact, so the chain equals one exact reduction followed by one cast).
template <class CONFIG>
void merge(const typename CONFIG::input1_t a[CONFIG::n_in1],
           const typename CONFIG::input2_t b[CONFIG::n_in2],
           typename CONFIG::result_t y[CONFIG::n_out], const unsigned map_a[CONFIG::n_map1],
           const unsigned map_b[CONFIG::n_map2]) {
#pragma HLS INLINE
  for (unsigned e = 0; e < CONFIG::n_out; ++e) {
#pragma HLS UNROLL
    const typename CONFIG::accum_t v =
        merge_combine<CONFIG::op>::template apply<typename CONFIG::accum_t>(
            a[CONFIG::broadcast1 ? map_a[e] : e], b[CONFIG::broadcast2 ? map_b[e] : e]);
    y[e] = (typename CONFIG::result_t)v;
  }
}

enum compare_op_t {
  compare_gt = 0,
  compare_ge = 1,
  compare_lt = 2,
  compare_le = 3,
  compare_eq = 4
};

// y[e] = (result_t)ap_uint<1>(a[map_a(e)] OP b[map_b(e)]): ap_fixed's comparison operators compare
// the exact values of operands of any two types; the truth value 1 or 0 is assigned to result_t.
//
// CONFIG: op (compare_op_t); input1_t, input2_t, result_t; n_in1, n_in2, n_out; broadcast1,
// broadcast2; n_map1, n_map2 (n_out when broadcast, else 1: loom_hls::no_map).
template <class CONFIG>
void compare(const typename CONFIG::input1_t a[CONFIG::n_in1],
             const typename CONFIG::input2_t b[CONFIG::n_in2],
             typename CONFIG::result_t y[CONFIG::n_out], const unsigned map_a[CONFIG::n_map1],
             const unsigned map_b[CONFIG::n_map2]) {
#pragma HLS INLINE
  for (unsigned e = 0; e < CONFIG::n_out; ++e) {
#pragma HLS UNROLL
    const typename CONFIG::input1_t l = a[CONFIG::broadcast1 ? map_a[e] : e];
    const typename CONFIG::input2_t r = b[CONFIG::broadcast2 ? map_b[e] : e];
    const bool truth = CONFIG::op == compare_gt   ? l > r
                       : CONFIG::op == compare_ge ? l >= r
                       : CONFIG::op == compare_lt ? l < r
                       : CONFIG::op == compare_le ? l <= r
                                                  : l == r;
    y[e] = (typename CONFIG::result_t)ap_uint<1>(truth);
  }
}

// General division (a divisor that is not a constant power of two; those are a merge_mul by the
// reciprocal): y[e] = (result_t)((num_t)a / b) with ap_fixed's operator/, whose quotient is
// trunc((num << max(Fb, 0)) / b) in integer arithmetic. num_t widens the dividend losslessly to
// at least one fraction bit more than result_t (a guard bit for rounding). A zero divisor gives
// limit[1] (result_t's maximum) for a > 0, limit[0] (its minimum) for a < 0 and 0 for a == 0,
// explicitly (an integer division by zero would stop C-simulation).
//
// CONFIG: input1_t, input2_t, num_t, result_t; n_in1, n_in2, n_out; broadcast1, broadcast2;
// n_map1, n_map2.
template <class CONFIG>
void divide(const typename CONFIG::input1_t a[CONFIG::n_in1],
            const typename CONFIG::input2_t b[CONFIG::n_in2],
            typename CONFIG::result_t y[CONFIG::n_out], const unsigned map_a[CONFIG::n_map1],
            const unsigned map_b[CONFIG::n_map2], const typename CONFIG::result_t limit[2]) {
#pragma HLS INLINE
  for (unsigned e = 0; e < CONFIG::n_out; ++e) {
#pragma HLS UNROLL
    const typename CONFIG::input1_t x = a[CONFIG::broadcast1 ? map_a[e] : e];
    const typename CONFIG::input2_t d = b[CONFIG::broadcast2 ? map_b[e] : e];
    if (d == typename CONFIG::input2_t(0)) {
      y[e] = x > typename CONFIG::input1_t(0)   ? limit[1]
             : x < typename CONFIG::input1_t(0) ? limit[0]
                                                : typename CONFIG::result_t(0);
    } else {
      const typename CONFIG::num_t num = x;
      y[e] = (typename CONFIG::result_t)(num / d);
    }
  }
}

// relu and thresholded_relu: y = x > theta ? (result_t)x : 0. The emitter turns the threshold into
// `x >= pass_from[0]` on the input's own grid (an exact comparison between equal types), or into
// none_pass when no input value passes.
//
// CONFIG: input_t, result_t; n; none_pass.
template <class CONFIG>
void threshold_relu(const typename CONFIG::input_t x[CONFIG::n],
                    typename CONFIG::result_t y[CONFIG::n],
                    const typename CONFIG::input_t pass_from[1]) {
#pragma HLS INLINE
  for (unsigned e = 0; e < CONFIG::n; ++e) {
#pragma HLS UNROLL
    const bool pass = !CONFIG::none_pass && x[e] >= pass_from[0];
    y[e] = pass ? (typename CONFIG::result_t)x[e] : typename CONFIG::result_t(0);
  }
}

// abs and neg: y = (result_t)(-x) (neg, or abs of a negative x), else (result_t)x; -x is exact in
// wide_t (one more integer bit than the input, signed), so the one cast rounds and saturates as the
// result type says.
//
// CONFIG: input_t, wide_t, result_t; n; negate.
template <class CONFIG>
void abs_neg(const typename CONFIG::input_t x[CONFIG::n], typename CONFIG::result_t y[CONFIG::n]) {
#pragma HLS INLINE
  for (unsigned e = 0; e < CONFIG::n; ++e) {
#pragma HLS UNROLL
    typename CONFIG::wide_t v = x[e];
    if (CONFIG::negate || v < 0) v = -v;
    y[e] = (typename CONFIG::result_t)v;
  }
}

// sign: y = (result_t)s with s = 1, -1 or 0 by the sign of x, held in wide_t (ap_fixed<2,2>).
//
// CONFIG: input_t, wide_t, result_t; n.
template <class CONFIG>
void signum(const typename CONFIG::input_t x[CONFIG::n], typename CONFIG::result_t y[CONFIG::n]) {
#pragma HLS INLINE
  for (unsigned e = 0; e < CONFIG::n; ++e) {
#pragma HLS UNROLL
    typename CONFIG::wide_t s = 0;
    if (x[e] > 0) s = 1;
    if (x[e] < 0) s = -1;
    y[e] = (typename CONFIG::result_t)s;
  }
}

// leaky_relu and prelu: y = x > 0 ? (result_t)x : (result_t)(alpha * x), exact product. alpha has
// n_alpha elements: one for all (leaky_relu), else read at map[e] (broadcast) or e.
//
// CONFIG: input_t, alpha_t, result_t; n, n_alpha; broadcast; n_map (n when broadcast, else 1).
template <class CONFIG>
void leaky_relu(const typename CONFIG::input_t x[CONFIG::n], typename CONFIG::result_t y[CONFIG::n],
                const typename CONFIG::alpha_t alpha[CONFIG::n_alpha],
                const unsigned map[CONFIG::n_map]) {
#pragma HLS INLINE
  for (unsigned e = 0; e < CONFIG::n; ++e) {
#pragma HLS UNROLL
    const typename CONFIG::input_t v = x[e];
    if (v > typename CONFIG::input_t(0)) {
      y[e] = (typename CONFIG::result_t)v;
    } else {
      const unsigned a = CONFIG::n_alpha == 1 ? 0 : CONFIG::broadcast ? map[e] : e;
      y[e] = (typename CONFIG::result_t)(alpha[a] * v);
    }
  }
}

enum bound_mode_t { bound_never = 0, bound_compare = 1, bound_always = 2 };

// clip: x < lo ? (result_t)(lo > hi ? hi : lo) : x > hi ? (result_t)hi : (result_t)x, with the
// bounds in param_t (bound[0] = lo, bound[1] = hi). The comparisons are exact: the emitter writes
// them on the input's grid, `x < below[0]` and `x > above[0]` in input_t, or decides them
// statically (lo_mode, hi_mode: bound_never, bound_compare, bound_always).
//
// CONFIG: input_t, param_t, result_t; n; lo_mode, hi_mode; lo_above_hi.
template <class CONFIG>
void clip(const typename CONFIG::input_t x[CONFIG::n], typename CONFIG::result_t y[CONFIG::n],
          const typename CONFIG::param_t bound[2], const typename CONFIG::input_t below[1],
          const typename CONFIG::input_t above[1]) {
#pragma HLS INLINE
  for (unsigned e = 0; e < CONFIG::n; ++e) {
#pragma HLS UNROLL
    const typename CONFIG::input_t v = x[e];
    const bool low =
        CONFIG::lo_mode == bound_always || (CONFIG::lo_mode == bound_compare && v < below[0]);
    const bool high =
        CONFIG::hi_mode == bound_always || (CONFIG::hi_mode == bound_compare && v > above[0]);
    if (low) {
      y[e] = (typename CONFIG::result_t)bound[CONFIG::lo_above_hi ? 1 : 0];
    } else if (high) {
      y[e] = (typename CONFIG::result_t)bound[1];
    } else {
      y[e] = (typename CONFIG::result_t)v;
    }
  }
}

// hard_sigmoid as hls4ml: sum_t d = slope * x + shift (exact); d = d > 1 ? 1 : d < 0 ? 0 : d (the
// assignment of 1 to sum_t keeps its modes: AP_TRN, AP_WRAP); y = (result_t)d.
//
// CONFIG: input_t, slope_t, shift_t, sum_t (the exact type of slope * x + shift), result_t; n.
template <class CONFIG>
void hard_sigmoid(const typename CONFIG::input_t x[CONFIG::n],
                  typename CONFIG::result_t y[CONFIG::n], const typename CONFIG::slope_t slope[1],
                  const typename CONFIG::shift_t shift[1]) {
#pragma HLS INLINE
  for (unsigned e = 0; e < CONFIG::n; ++e) {
#pragma HLS UNROLL
    typename CONFIG::sum_t d = slope[0] * x[e] + shift[0];
    if (d > 1) {
      d = 1;
    } else if (d < 0) {
      d = 0;
    }
    y[e] = (typename CONFIG::result_t)d;
  }
}

// hard_swish: h = clamp(slope * x + shift, 0, 1) exactly (gate_t: unsigned, one integer bit and
// the sum's fraction bits), y = (result_t)(x * h) (exact product).
//
// CONFIG: input_t, slope_t, shift_t, sum_t, gate_t, result_t; n.
template <class CONFIG>
void hard_swish(const typename CONFIG::input_t x[CONFIG::n], typename CONFIG::result_t y[CONFIG::n],
                const typename CONFIG::slope_t slope[1], const typename CONFIG::shift_t shift[1]) {
#pragma HLS INLINE
  for (unsigned e = 0; e < CONFIG::n; ++e) {
#pragma HLS UNROLL
    const typename CONFIG::sum_t d = slope[0] * x[e] + shift[0];
    typename CONFIG::gate_t h;
    if (d > 1) {
      h = 1;
    } else if (d < 0) {
      h = 0;
    } else {
      h = d;
    }
    y[e] = (typename CONFIG::result_t)(x[e] * h);
  }
}

// batch_norm as hls4ml's normalize: y = (result_t)(x * scale[c] + bias[c]), exact product and sum,
// one cast; element e has channel (e / n_inner) % n_chan.
//
// CONFIG: input_t, scale_t, bias_t, result_t; n, n_chan, n_inner.
template <class CONFIG>
void batch_norm(const typename CONFIG::input_t x[CONFIG::n], typename CONFIG::result_t y[CONFIG::n],
                const typename CONFIG::scale_t scale[CONFIG::n_chan],
                const typename CONFIG::bias_t bias[CONFIG::n_chan]) {
#pragma HLS INLINE
  for (unsigned e = 0; e < CONFIG::n; ++e) {
#pragma HLS UNROLL
    const unsigned c = (e / CONFIG::n_inner) % CONFIG::n_chan;
    y[e] = (typename CONFIG::result_t)(x[e] * scale[c] + bias[c]);
  }
}

}  // namespace loom_hls

#endif  // LOOM_HLS_ELEMENTWISE_H_
