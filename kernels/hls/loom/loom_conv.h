// Convolution and transposed convolution (one group) as a dense layer over input patches:
// for each output position, gather the patch (constant index table; -1 is zero padding), apply
// the layer's matrix (MATRIX::apply, loom_dense.h), scatter the results to their output elements.
// The same cast points as dense (docs/numerics.md).
//
// CONFIG: the dense configuration (n_in = patch size, n_out = output channels of the group) plus
// n_x, n_y (elements of the input and output arrays), n_positions; conv_group_partitions also
// n_partitions and parallelization (n_partitions * parallelization = n_positions).
#ifndef LOOM_HLS_CONV_H_
#define LOOM_HLS_CONV_H_

#include "loom_common.h"
#include "loom_dense.h"

namespace loom_hls {

// One output position: gather its patch, apply the matrix, scatter the results.
template <class CONFIG, class MATRIX>
void conv_position(const typename CONFIG::input_t x[CONFIG::n_x],
                   typename CONFIG::result_t y[CONFIG::n_y],
                   const int gather[CONFIG::n_positions * CONFIG::n_in],
                   const unsigned scatter[CONFIG::n_positions * CONFIG::n_out], unsigned p) {
#pragma HLS INLINE
  typename CONFIG::input_t patch[CONFIG::n_in];
#pragma HLS ARRAY_PARTITION variable = patch complete
  typename CONFIG::result_t out[CONFIG::n_out];
#pragma HLS ARRAY_PARTITION variable = out complete
  for (unsigned k = 0; k < CONFIG::n_in; ++k) {
#pragma HLS UNROLL
    const int from = gather[p * CONFIG::n_in + k];
    patch[k] = from < 0 ? typename CONFIG::input_t(0) : x[from];
  }
  MATRIX::apply(patch, out);
  for (unsigned m = 0; m < CONFIG::n_out; ++m) {
#pragma HLS UNROLL
    y[scatter[p * CONFIG::n_out + m]] = out[m];
  }
}

// Latency, every position at once (each with its own multipliers).
template <class CONFIG, class MATRIX>
void conv_group(const typename CONFIG::input_t x[CONFIG::n_x],
                typename CONFIG::result_t y[CONFIG::n_y],
                const int gather[CONFIG::n_positions * CONFIG::n_in],
                const unsigned scatter[CONFIG::n_positions * CONFIG::n_out]) {
  for (unsigned p = 0; p < CONFIG::n_positions; ++p) {
#pragma HLS UNROLL
    conv_position<CONFIG, MATRIX>(x, y, gather, scatter, p);
  }
}

// Latency with a ParallelizationFactor: n_partitions pipelined steps (II = reuse_factor) of
// parallelization positions each (hls4ml's meaning of the factor).
template <class CONFIG, class MATRIX>
void conv_group_partitions(const typename CONFIG::input_t x[CONFIG::n_x],
                           typename CONFIG::result_t y[CONFIG::n_y],
                           const int gather[CONFIG::n_positions * CONFIG::n_in],
                           const unsigned scatter[CONFIG::n_positions * CONFIG::n_out]) {
  for (unsigned q = 0; q < CONFIG::n_partitions; ++q) {
#pragma HLS PIPELINE II = CONFIG::reuse_factor
    for (unsigned k = 0; k < CONFIG::parallelization; ++k) {
#pragma HLS UNROLL
      conv_position<CONFIG, MATRIX>(x, y, gather, scatter, q * CONFIG::parallelization + k);
    }
  }
}

// Resource: the positions one after another on the matrix's lanes (its reuse loop pipelined).
template <class CONFIG, class MATRIX>
void conv_group_sequential(const typename CONFIG::input_t x[CONFIG::n_x],
                           typename CONFIG::result_t y[CONFIG::n_y],
                           const int gather[CONFIG::n_positions * CONFIG::n_in],
                           const unsigned scatter[CONFIG::n_positions * CONFIG::n_out]) {
  for (unsigned p = 0; p < CONFIG::n_positions; ++p) {
    conv_position<CONFIG, MATRIX>(x, y, gather, scatter, p);
  }
}

}  // namespace loom_hls

#endif  // LOOM_HLS_CONV_H_
