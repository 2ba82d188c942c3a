// Pooling kernels: max and average pools (1D/2D, global) and reduce_mean, with the emulator's cast
// points (docs/numerics.md, "Pooling").
//
// Result element (g, p) (channel group g, output position p) is y[g * out_group_stride +
// p * out_pos_stride]; its taps are taps[p * n_taps + k] (-1: padding, skipped), read at
// x[g * in_group_stride + tap * in_tap_mult], in row-major window order. The tables are written
// by the emitter.
//
// CONFIG: input_t, result_t (average: accum_t); n_in, n_out, n_groups, n_positions, n_taps;
// in_group_stride, in_tap_mult, out_group_stride, out_pos_stride; input_signed.
#ifndef LOOM_HLS_POOL_H_
#define LOOM_HLS_POOL_H_

#include "loom_common.h"

namespace loom_hls {

// Maximum over the taps inside the input, cast once: y = (result_t)max. A window with no input
// element gives the input type's minimum (what hls4ml pads max pools with).
template <class CONFIG>
void max_pool(const typename CONFIG::input_t x[CONFIG::n_in],
              typename CONFIG::result_t y[CONFIG::n_out],
              const int taps[CONFIG::n_positions * CONFIG::n_taps]) {
#pragma HLS INLINE
  typedef typename CONFIG::input_t input_t;
  input_t lowest = 0;
  if (CONFIG::input_signed) lowest[input_t::width - 1] = 1;
  for (unsigned g = 0; g < CONFIG::n_groups; ++g) {
#pragma HLS UNROLL
    for (unsigned p = 0; p < CONFIG::n_positions; ++p) {
#pragma HLS UNROLL
      input_t best = lowest;
      for (unsigned k = 0; k < CONFIG::n_taps; ++k) {
#pragma HLS UNROLL
        const int tap = taps[p * CONFIG::n_taps + k];
        if (tap < 0) continue;
        const input_t v =
            x[g * CONFIG::in_group_stride + static_cast<unsigned>(tap) * CONFIG::in_tap_mult];
        if (v > best) best = v;
      }
      y[g * CONFIG::out_group_stride + p * CONFIG::out_pos_stride] =
          (typename CONFIG::result_t)best;
    }
  }
}

// Average pools and reduce_mean (hls4ml pooling*_cl): accum_t acc = 0; acc = acc + x per tap (the
// exact sum cast to accum_t each step); acc = acc / count (ap_fixed division by an unsigned int:
// truncation toward zero in accum_t's format; count 0, a window without input, gives 0);
// y = (result_t)acc.
template <class CONFIG>
void average_pool(const typename CONFIG::input_t x[CONFIG::n_in],
                  typename CONFIG::result_t y[CONFIG::n_out],
                  const int taps[CONFIG::n_positions * CONFIG::n_taps],
                  const unsigned count[CONFIG::n_positions]) {
#pragma HLS INLINE
  typedef typename CONFIG::accum_t accum_t;
  for (unsigned g = 0; g < CONFIG::n_groups; ++g) {
#pragma HLS UNROLL
    for (unsigned p = 0; p < CONFIG::n_positions; ++p) {
#pragma HLS UNROLL
      accum_t acc = 0;
      for (unsigned k = 0; k < CONFIG::n_taps; ++k) {
#pragma HLS UNROLL
        const int tap = taps[p * CONFIG::n_taps + k];
        if (tap < 0) continue;
        acc =
            acc + x[g * CONFIG::in_group_stride + static_cast<unsigned>(tap) * CONFIG::in_tap_mult];
      }
      if (count[p] != 0) {
        acc = acc / count[p];
      } else {
        acc = 0;
      }
      y[g * CONFIG::out_group_stride + p * CONFIG::out_pos_stride] = (typename CONFIG::result_t)acc;
    }
  }
}

}  // namespace loom_hls

#endif  // LOOM_HLS_POOL_H_
