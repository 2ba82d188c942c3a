// Convolution and transposed convolution (one group) as a dense layer over input patches:
// for each output position, gather the patch (constant index table; -1 is zero padding), run the
// dense kernel over the nonzero weights, scatter the results to their output elements. The
// same cast points as dense (docs/numerics.md).
//
// CONFIG: the dense configuration (n_in = patch size, n_out = output channels of the group) plus
// n_x, n_y (elements of the input and output arrays) and n_positions.
#ifndef LOOM_HLS_CONV_H_
#define LOOM_HLS_CONV_H_

#include "loom_common.h"
#include "loom_dense.h"

namespace loom_hls {

template <class CONFIG>
void conv_group(const typename CONFIG::input_t x[CONFIG::n_x],
                typename CONFIG::result_t y[CONFIG::n_y],
                const typename CONFIG::weight_t w[CONFIG::n_nonzero],
                const typename CONFIG::bias_t b[CONFIG::n_out],
                const unsigned short w_in[CONFIG::n_nonzero],
                const unsigned short w_out[CONFIG::n_nonzero],
                const int gather[CONFIG::n_positions * CONFIG::n_in],
                const unsigned scatter[CONFIG::n_positions * CONFIG::n_out]) {
  for (unsigned p = 0; p < CONFIG::n_positions; ++p) {
#pragma HLS UNROLL
    typename CONFIG::input_t patch[CONFIG::n_in];
#pragma HLS ARRAY_PARTITION variable = patch complete
    typename CONFIG::result_t out[CONFIG::n_out];
#pragma HLS ARRAY_PARTITION variable = out complete
    for (unsigned k = 0; k < CONFIG::n_in; ++k) {
#pragma HLS UNROLL
      const int from = gather[p * CONFIG::n_in + k];
      patch[k] = from < 0 ? typename CONFIG::input_t(0) : x[from];
    }
    dense<CONFIG>(patch, out, w, b, w_in, w_out);
    for (unsigned m = 0; m < CONFIG::n_out; ++m) {
#pragma HLS UNROLL
      y[scatter[p * CONFIG::n_out + m]] = out[m];
    }
  }
}

}  // namespace loom_hls

#endif  // LOOM_HLS_CONV_H_
