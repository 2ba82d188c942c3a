// Convolution and transposed convolution (one group) as a dense layer over input patches: for
// each output position, gather the patch, apply the layer's matrix (MATRIX::apply, loom_dense.h)
// and write the results to their output elements. The same cast points as dense
// (docs/numerics.md).
//
// No index table: every input and output element is computed from the layer's geometry (compile-
// time constants) and the output position. Where every position is unrolled (conv_group) the
// position is itself a constant and each index folds to a literal. Where positions run in
// pipelined steps (conv_group_partitions, conv_group_sequential) the position is a counter of
// digits (one per spatial axis, with each axis's quotient and remainder by a transposed stride)
// advanced by constant amounts with carries: adders and comparators, no divider.
//
// CONFIG: the dense configuration (n_in = patch size, n_out = output channels of the group) and
// the geometry (emitted once per layer, shared by its groups): rank-3 spatial shapes with unused
// leading axes of size 1 (in_d0..2, out_d0..2, k_d0..2, stride_d0..2, dil_d0..2, pad_d0..2 = begin
// padding), kernel_volume, transposed, channels_last, n_channels, n_out_channels, in_positions,
// n_positions (output positions); per group c0, m0 (first input and output channel). n_x, n_y
// (elements of the input and output arrays). conv_group_partitions also n_partitions and
// parallelization (n_partitions * parallelization = n_positions).
#ifndef LOOM_HLS_CONV_H_
#define LOOM_HLS_CONV_H_

#include "loom_common.h"
#include "loom_dense.h"

namespace loom_hls {

// One spatial coordinate o of an axis of size SIZE, kept with its quotient and remainder by
// STRIDE (used by transposed convolutions: o = hi * STRIDE + lo).
template <int SIZE, int STRIDE>
struct conv_digit {
  int o, hi, lo;
  void set(int v) {
#pragma HLS INLINE
    o = v;
    hi = v / STRIDE;
    lo = v % STRIDE;
  }
  // Adds the constant c (0 <= c < SIZE) and the carry bit; returns the carry out.
  bool add(int c, bool carry) {
#pragma HLS INLINE
    o += c + (carry ? 1 : 0);
    lo += c % STRIDE + (carry ? 1 : 0);
    hi += c / STRIDE;
    if (lo >= STRIDE) {
      lo -= STRIDE;
      hi += 1;
    }
    const bool out = o >= SIZE;
    if (out) {
      o -= SIZE;
      lo -= SIZE % STRIDE;
      hi -= SIZE / STRIDE;
      if (lo < 0) {
        lo += STRIDE;
        hi -= 1;
      }
    }
    return out;
  }
};

// An output position as digits (axis 0 most significant) and as an index.
template <class CONFIG>
struct conv_pos {
  conv_digit<CONFIG::out_d0, CONFIG::stride_d0> d0;
  conv_digit<CONFIG::out_d1, CONFIG::stride_d1> d1;
  conv_digit<CONFIG::out_d2, CONFIG::stride_d2> d2;
  unsigned index;
  // From a constant index (the divisions fold).
  void set(unsigned p) {
#pragma HLS INLINE
    index = p;
    d2.set(p % CONFIG::out_d2);
    d1.set(p / CONFIG::out_d2 % CONFIG::out_d1);
    d0.set(p / (CONFIG::out_d2 * CONFIG::out_d1));
  }
  // Advances by the constant a (0 <= a < n_positions; past the last position it wraps).
  void advance(unsigned a) {
#pragma HLS INLINE
    index += a;
    const bool c2 = d2.add(a % CONFIG::out_d2, false);
    const bool c1 = d1.add(a / CONFIG::out_d2 % CONFIG::out_d1, c2);
    d0.add(a / (CONFIG::out_d2 * CONFIG::out_d1), c1);
  }
};

// The input coordinate of kernel tap k (constant) along one axis, and whether it is inside.
template <int IN, int STRIDE, int DIL, int PAD, bool TRANSPOSED, int SIZE>
int conv_tap(const conv_digit<SIZE, STRIDE>& o, int k, bool& inside) {
#pragma HLS INLINE
  if (TRANSPOSED) {
    // Input i contributes to o = i * STRIDE - PAD + k * DIL, so i = (o + e) / STRIDE with
    // e = PAD - k * DIL, when o + e is a multiple of STRIDE: lo = r0 (a constant).
    const int e = PAD - k * DIL;
    const int r0 = ((-e) % STRIDE + STRIDE) % STRIDE;
    const int i = o.hi + (r0 + e) / STRIDE;
    inside = inside && o.lo == r0 && i >= 0 && i < IN;
    return i;
  }
  const int i = o.o * STRIDE - PAD + k * DIL;
  inside = inside && i >= 0 && i < IN;
  return i;
}

// Patch element k (input channel k / kernel_volume of the group, kernel tap k % kernel_volume)
// of position `pos`; x element zero where the tap falls in the padding.
template <class CONFIG>
typename CONFIG::input_t conv_patch_element(const typename CONFIG::input_t x[CONFIG::n_x],
                                            const conv_pos<CONFIG>& pos, unsigned k) {
#pragma HLS INLINE
  const unsigned c = CONFIG::c0 + k / CONFIG::kernel_volume;
  const unsigned t = k % CONFIG::kernel_volume;
  bool inside = true;
  const int i0 = conv_tap<CONFIG::in_d0, CONFIG::stride_d0, CONFIG::dil_d0, CONFIG::pad_d0,
                          CONFIG::transposed>(pos.d0, t / (CONFIG::k_d1 * CONFIG::k_d2), inside);
  const int i1 = conv_tap<CONFIG::in_d1, CONFIG::stride_d1, CONFIG::dil_d1, CONFIG::pad_d1,
                          CONFIG::transposed>(pos.d1, t / CONFIG::k_d2 % CONFIG::k_d1, inside);
  const int i2 = conv_tap<CONFIG::in_d2, CONFIG::stride_d2, CONFIG::dil_d2, CONFIG::pad_d2,
                          CONFIG::transposed>(pos.d2, t % CONFIG::k_d2, inside);
  if (!inside) return typename CONFIG::input_t(0);
  const unsigned at = static_cast<unsigned>((i0 * CONFIG::in_d1 + i1) * CONFIG::in_d2 + i2);
  return x[CONFIG::channels_last ? at * CONFIG::n_channels + c : c * CONFIG::in_positions + at];
}

// One output position: gather its patch, apply the matrix, write the results.
template <class CONFIG, class MATRIX>
void conv_position(const typename CONFIG::input_t x[CONFIG::n_x],
                   typename CONFIG::result_t y[CONFIG::n_y], const conv_pos<CONFIG>& pos) {
#pragma HLS INLINE
  typename CONFIG::input_t patch[CONFIG::n_in];
#pragma HLS ARRAY_PARTITION variable = patch complete
  typename CONFIG::result_t out[CONFIG::n_out];
#pragma HLS ARRAY_PARTITION variable = out complete
  for (unsigned k = 0; k < CONFIG::n_in; ++k) {
#pragma HLS UNROLL
    patch[k] = conv_patch_element<CONFIG>(x, pos, k);
  }
  MATRIX::apply(patch, out);
  for (unsigned m = 0; m < CONFIG::n_out; ++m) {
#pragma HLS UNROLL
    const unsigned ch = CONFIG::m0 + m;
    y[CONFIG::channels_last ? pos.index * CONFIG::n_out_channels + ch
                            : ch * CONFIG::n_positions + pos.index] = out[m];
  }
}

// Latency, every position at once (each with its own multipliers; every index a constant).
template <class CONFIG, class MATRIX>
void conv_group(const typename CONFIG::input_t x[CONFIG::n_x],
                typename CONFIG::result_t y[CONFIG::n_y]) {
#pragma HLS INLINE
  for (unsigned p = 0; p < CONFIG::n_positions; ++p) {
#pragma HLS UNROLL
    conv_pos<CONFIG> pos;
    pos.set(p);
    conv_position<CONFIG, MATRIX>(x, y, pos);
  }
}

// Latency with a ParallelizationFactor: n_partitions pipelined steps (II = reuse_factor) of
// parallelization positions each (hls4ml's meaning of the factor). Step q computes positions
// q * parallelization + j.
template <class CONFIG, class MATRIX>
void conv_group_partitions(const typename CONFIG::input_t x[CONFIG::n_x],
                           typename CONFIG::result_t y[CONFIG::n_y]) {
#pragma HLS INLINE
  conv_pos<CONFIG> base;
  base.set(0);
  for (unsigned q = 0; q < CONFIG::n_partitions; ++q) {
#pragma HLS PIPELINE II = CONFIG::reuse_factor
    for (unsigned j = 0; j < CONFIG::parallelization; ++j) {
#pragma HLS UNROLL
      conv_pos<CONFIG> pos = base;
      pos.advance(j);
      conv_position<CONFIG, MATRIX>(x, y, pos);
    }
    base.advance(CONFIG::parallelization);
  }
}

// Resource: the positions one after another on the matrix's lanes (its reuse loop pipelined).
template <class CONFIG, class MATRIX>
void conv_group_sequential(const typename CONFIG::input_t x[CONFIG::n_x],
                           typename CONFIG::result_t y[CONFIG::n_y]) {
#pragma HLS INLINE
  conv_pos<CONFIG> pos;
  pos.set(0);
  for (unsigned p = 0; p < CONFIG::n_positions; ++p) {
    conv_position<CONFIG, MATRIX>(x, y, pos);
    pos.advance(1);
  }
}

}  // namespace loom_hls

#endif  // LOOM_HLS_CONV_H_
