// The gather kernel of the value-moving ops (reshape, transpose, concat, split, slice, pad, nearest
// resize, depth_to_space, space_to_depth): each output element copies one input element, cast to
// the result type (docs/numerics.md, "Value-moving ops").
//
// table[k] is the input element output element k copies; -1 writes the pad constant; -2 leaves
// the element alone (another input's gather writes it: concat calls gather once per input).
//
// CONFIG: input_t, result_t; n_in, n_out.
#ifndef LOOM_HLS_GATHER_H_
#define LOOM_HLS_GATHER_H_

#include "loom_common.h"

namespace loom_hls {

template <class CONFIG>
void gather(const typename CONFIG::input_t x[CONFIG::n_in],
            typename CONFIG::result_t y[CONFIG::n_out], const int table[CONFIG::n_out],
            const typename CONFIG::result_t pad[1]) {
#pragma HLS INLINE
  for (unsigned k = 0; k < CONFIG::n_out; ++k) {
#pragma HLS UNROLL
    const int from = table[k];
    if (from >= 0) {
      y[k] = (typename CONFIG::result_t)x[from];
    } else if (from == -1) {
      y[k] = pad[0];
    }
  }
}

}  // namespace loom_hls

#endif  // LOOM_HLS_GATHER_H_
