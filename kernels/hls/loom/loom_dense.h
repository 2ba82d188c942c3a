// Dense layer over the nonzero weights only (a pruned weight costs no multiplier):
//   acc[j] = (accum_t)bias[j];  acc[out[k]] += (accum_t)(x[in[k]] * w[k]) for k in order;
//   y[j] = (result_t)acc[j].
// The nonzero list is ordered by input then output, so each accumulator adds its products in
// input order (what the emulator does; it matters only for saturating accumulators).
//
// CONFIG: input_t, weight_t, bias_t, accum_t, result_t; n_in, n_out, n_nonzero; reuse_factor;
// strategy (latency: one pipelined step, at most ceil(n_nonzero / reuse_factor) multipliers,
// initiation interval reuse_factor; resource: weights in ROM, reuse_factor sequential steps of
// ceil(n_nonzero / reuse_factor) products each).
#ifndef LOOM_HLS_DENSE_H_
#define LOOM_HLS_DENSE_H_

#include "loom_common.h"

namespace loom_hls {

template <class CONFIG>
void dense(const typename CONFIG::input_t x[CONFIG::n_in],
           typename CONFIG::result_t y[CONFIG::n_out],
           const typename CONFIG::weight_t w[CONFIG::n_nonzero],
           const typename CONFIG::bias_t b[CONFIG::n_out],
           const unsigned short w_in[CONFIG::n_nonzero],
           const unsigned short w_out[CONFIG::n_nonzero]) {
  typedef typename CONFIG::accum_t accum_t;
  accum_t acc[CONFIG::n_out];
#pragma HLS ARRAY_PARTITION variable = acc complete
  for (unsigned j = 0; j < CONFIG::n_out; ++j) {
#pragma HLS UNROLL
    acc[j] = (accum_t)b[j];
  }
  if (CONFIG::strategy == latency) {
#pragma HLS PIPELINE II = CONFIG::reuse_factor
#pragma HLS ALLOCATION operation instances = mul limit = CONFIG::multiplier_limit
    for (unsigned k = 0; k < CONFIG::n_nonzero; ++k) {
#pragma HLS UNROLL
      acc[w_out[k]] += (accum_t)(x[w_in[k]] * w[k]);
    }
  } else {
// Vitis HLS binds storage with BIND_STORAGE; Vivado HLS only knows the older RESOURCE pragma.
#ifdef __VITIS_HLS__
#pragma HLS BIND_STORAGE variable = w type = ROM_2P impl = BRAM
#else
#pragma HLS RESOURCE variable = w core = ROM_2P_BRAM
#endif
    const unsigned block = ceil_div(CONFIG::n_nonzero, CONFIG::reuse_factor);
    for (unsigned r = 0; r < CONFIG::reuse_factor; ++r) {
#pragma HLS PIPELINE II = 1
      for (unsigned m = 0; m < block; ++m) {
#pragma HLS UNROLL
        const unsigned k = r * block + m;
        if (k < CONFIG::n_nonzero) acc[w_out[k]] += (accum_t)(x[w_in[k]] * w[k]);
      }
    }
  }
  for (unsigned j = 0; j < CONFIG::n_out; ++j) {
#pragma HLS UNROLL
    y[j] = (typename CONFIG::result_t)acc[j];
  }
}

// The same over `n_rows` rows of x (a dense layer applied to the last axis of a larger tensor, or
// a convolution over gathered patches): row r reads x[r * n_in ...] and writes y[r * n_out ...].
template <class CONFIG>
void dense_rows(const typename CONFIG::input_t* x, typename CONFIG::result_t* y,
                const typename CONFIG::weight_t w[CONFIG::n_nonzero],
                const typename CONFIG::bias_t b[CONFIG::n_out],
                const unsigned short w_in[CONFIG::n_nonzero],
                const unsigned short w_out[CONFIG::n_nonzero]) {
  for (unsigned r = 0; r < CONFIG::n_rows; ++r) {
#pragma HLS UNROLL
    dense<CONFIG>(x + r * CONFIG::n_in, y + r * CONFIG::n_out, w, b, w_in, w_out);
  }
}

}  // namespace loom_hls

#endif  // LOOM_HLS_DENSE_H_
