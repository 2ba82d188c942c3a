// Dense layers: y = (result_t)(bias + x . W), with the emulator's cast points (docs/numerics.md):
//   acc[j] = (accum_t)bias[j];  acc[j] += (accum_t)(x[i] * w) per nonzero weight;  y[j] =
//   (result_t)acc[j].
// Pruned weights (and weights that quantize to zero) get no multiplier in either strategy.
//
// Latency (dense_latency): one pipelined step, initiation interval reuse_factor, at most
// multiplier_limit multipliers. The products are straight-line code written per layer (PRODUCTS::
// add, in the layer's weights file): every index is a literal, so no index table is read.
//
// Resource (dense_resource*): n_lanes multipliers, each doing reuse_factor products in sequence
// (PIPELINE II=1 on the reuse loop, ALLOCATION of n_lanes). Product slot (lane m, step r) is
// s = m * reuse_factor + r of the output-major list of nonzero products, zero-padded to
// n_lanes * reuse_factor; the weights are reshaped so that step r reads one word holding every
// lane's weight. With every weight nonzero, slot s is output s / n_in, input s % n_in, kept by
// one (input, output) counter per lane (dense_resource); otherwise each slot's input and output are
// read from index ROMs reshaped like the weights (dense_resource_sparse). Products of one output
// taken by two lanes in one step add in a different order than the emulator's, which is exact only
// for a wrapping accumulator: the lowering refuses the Resource strategy for a saturating one where
// that happens.
//
// CONFIG: input_t, weight_t, bias_t, accum_t, result_t; n_in, n_out, n_rows; reuse_factor;
// multiplier_limit (latency) or n_lanes (resource).
#ifndef LOOM_HLS_DENSE_H_
#define LOOM_HLS_DENSE_H_

#include "loom_common.h"

namespace loom_hls {

// One product of the straight-line Latency code: acc += (accum_t)(x * w).
template <class CONFIG>
void mac(typename CONFIG::accum_t& acc, const typename CONFIG::input_t& x,
         const typename CONFIG::weight_t& w) {
#pragma HLS INLINE
  acc += (typename CONFIG::accum_t)(x * w);
}

// acc[j] = (accum_t)bias[j], every j at once.
template <class CONFIG>
void dense_bias(const typename CONFIG::bias_t b[CONFIG::n_out],
                typename CONFIG::accum_t acc[CONFIG::n_out]) {
#pragma HLS INLINE
  for (unsigned j = 0; j < CONFIG::n_out; ++j) {
#pragma HLS UNROLL
    acc[j] = (typename CONFIG::accum_t)b[j];
  }
}

// y[j] = (result_t)acc[j], every j at once.
template <class CONFIG>
void dense_result(const typename CONFIG::accum_t acc[CONFIG::n_out],
                  typename CONFIG::result_t y[CONFIG::n_out]) {
#pragma HLS INLINE
  for (unsigned j = 0; j < CONFIG::n_out; ++j) {
#pragma HLS UNROLL
    y[j] = (typename CONFIG::result_t)acc[j];
  }
}

template <class CONFIG, class PRODUCTS>
void dense_latency(const typename CONFIG::input_t x[CONFIG::n_in],
                   typename CONFIG::result_t y[CONFIG::n_out],
                   const typename CONFIG::bias_t b[CONFIG::n_out]) {
#pragma HLS PIPELINE II = CONFIG::reuse_factor
#pragma HLS ALLOCATION operation instances = mul limit = CONFIG::multiplier_limit
  typename CONFIG::accum_t acc[CONFIG::n_out];
#pragma HLS ARRAY_PARTITION variable = acc complete
  dense_bias<CONFIG>(b, acc);
  PRODUCTS::add(x, acc);
  dense_result<CONFIG>(acc, y);
}

template <class CONFIG>
void dense_resource(const typename CONFIG::input_t x[CONFIG::n_in],
                    typename CONFIG::result_t y[CONFIG::n_out],
                    const typename CONFIG::weight_t w[CONFIG::n_lanes * CONFIG::reuse_factor],
                    const typename CONFIG::bias_t b[CONFIG::n_out]) {
#pragma HLS ARRAY_RESHAPE variable = w block factor = CONFIG::n_lanes
// Vitis HLS binds storage with BIND_STORAGE; Vivado HLS only knows the older RESOURCE pragma.
#ifdef __VITIS_HLS__
#pragma HLS BIND_STORAGE variable = w type = ROM_NP impl = BRAM
#else
#pragma HLS RESOURCE variable = w core = ROM_nP_BRAM
#endif
  typename CONFIG::accum_t acc[CONFIG::n_out];
#pragma HLS ARRAY_PARTITION variable = acc complete
  dense_bias<CONFIG>(b, acc);
  // Lane m's current slot m * reuse_factor + r as (input, output): counters from constants, no
  // division.
  unsigned in[CONFIG::n_lanes], out[CONFIG::n_lanes];
#pragma HLS ARRAY_PARTITION variable = in complete
#pragma HLS ARRAY_PARTITION variable = out complete
  for (unsigned m = 0; m < CONFIG::n_lanes; ++m) {
#pragma HLS UNROLL
    in[m] = m * CONFIG::reuse_factor % CONFIG::n_in;
    out[m] = m * CONFIG::reuse_factor / CONFIG::n_in;
  }
  for (unsigned r = 0; r < CONFIG::reuse_factor; ++r) {
#pragma HLS PIPELINE II = 1
#pragma HLS ALLOCATION operation instances = mul limit = CONFIG::n_lanes
    for (unsigned m = 0; m < CONFIG::n_lanes; ++m) {
#pragma HLS UNROLL
      acc[out[m]] += (typename CONFIG::accum_t)(x[in[m]] * w[m * CONFIG::reuse_factor + r]);
      if (++in[m] == CONFIG::n_in) {
        in[m] = 0;
        ++out[m];
      }
    }
  }
  dense_result<CONFIG>(acc, y);
}

template <class CONFIG>
void dense_resource_sparse(
    const typename CONFIG::input_t x[CONFIG::n_in], typename CONFIG::result_t y[CONFIG::n_out],
    const typename CONFIG::weight_t w[CONFIG::n_lanes * CONFIG::reuse_factor],
    const typename CONFIG::bias_t b[CONFIG::n_out],
    const typename CONFIG::index_t w_in[CONFIG::n_lanes * CONFIG::reuse_factor],
    const typename CONFIG::index_t w_out[CONFIG::n_lanes * CONFIG::reuse_factor]) {
#pragma HLS ARRAY_RESHAPE variable = w block factor = CONFIG::n_lanes
#pragma HLS ARRAY_RESHAPE variable = w_in block factor = CONFIG::n_lanes
#pragma HLS ARRAY_RESHAPE variable = w_out block factor = CONFIG::n_lanes
#ifdef __VITIS_HLS__
#pragma HLS BIND_STORAGE variable = w type = ROM_NP impl = BRAM
#pragma HLS BIND_STORAGE variable = w_in type = ROM_NP impl = BRAM
#pragma HLS BIND_STORAGE variable = w_out type = ROM_NP impl = BRAM
#else
#pragma HLS RESOURCE variable = w core = ROM_nP_BRAM
#pragma HLS RESOURCE variable = w_in core = ROM_nP_BRAM
#pragma HLS RESOURCE variable = w_out core = ROM_nP_BRAM
#endif
  typename CONFIG::accum_t acc[CONFIG::n_out];
#pragma HLS ARRAY_PARTITION variable = acc complete
  dense_bias<CONFIG>(b, acc);
  for (unsigned r = 0; r < CONFIG::reuse_factor; ++r) {
#pragma HLS PIPELINE II = 1
#pragma HLS ALLOCATION operation instances = mul limit = CONFIG::n_lanes
    for (unsigned m = 0; m < CONFIG::n_lanes; ++m) {
#pragma HLS UNROLL
      const unsigned s = m * CONFIG::reuse_factor + r;
      acc[w_out[s]] += (typename CONFIG::accum_t)(x[w_in[s]] * w[s]);
    }
  }
  dense_result<CONFIG>(acc, y);
}

// A matrix applied to each of n_rows rows (a dense layer on the last axis of a larger tensor):
// row r reads x[r * n_in ...] and writes y[r * n_out ...]. MATRIX::apply is the layer's kernel
// call, written per layer.
template <class CONFIG, class MATRIX>
void dense_rows(const typename CONFIG::input_t x[CONFIG::n_rows * CONFIG::n_in],
                typename CONFIG::result_t y[CONFIG::n_rows * CONFIG::n_out]) {
  for (unsigned r = 0; r < CONFIG::n_rows; ++r) {
#pragma HLS UNROLL
    typename CONFIG::input_t row_in[CONFIG::n_in];
#pragma HLS ARRAY_PARTITION variable = row_in complete
    typename CONFIG::result_t row_out[CONFIG::n_out];
#pragma HLS ARRAY_PARTITION variable = row_out complete
    for (unsigned i = 0; i < CONFIG::n_in; ++i) {
#pragma HLS UNROLL
      row_in[i] = x[r * CONFIG::n_in + i];
    }
    MATRIX::apply(row_in, row_out);
    for (unsigned j = 0; j < CONFIG::n_out; ++j) {
#pragma HLS UNROLL
      y[r * CONFIG::n_out + j] = row_out[j];
    }
  }
}

}  // namespace loom_hls

#endif  // LOOM_HLS_DENSE_H_
