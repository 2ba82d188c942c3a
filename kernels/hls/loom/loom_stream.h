// Streaming kernels (io_stream): layers pass tensors as hls::stream of beats, one beat per
// position (a pixel: all its channels, channels-last), in row-major order of the positions.
//
// Window layers (convolutions, max and average pools) read their input once, in order, through a
// line buffer: the previous span_h - 1 rows of the padded input (one memory per row, read and
// written once per cycle at the current column) and a span_h x span_w window of registers shifted
// by one column per input pixel. Padding is part of the loop: the kernel walks the padded grid and
// reads the stream only inside the image (a padded pixel is OP::pad()), so every grid pixel
// completes at most one window, and windows complete in row-major order of the outputs.
//
// WINDOW: input_t, in_beat_t, out_beat_t, n_chan (input beat), n_out_chan (output beat), in_h,
// in_w, pad_top, pad_left, grid_h, grid_w (the padded input, extended to cover every window),
// span_h, span_w ((k - 1) * dil + 1), n_lines (max(span_h - 1, 1)), k_h, k_w, dil_h, dil_w,
// stride_h, stride_w, out_h, out_w, n_taps (k_h * k_w), reuse_factor.
// OP::pad() gives the value of a padded pixel; OP::apply(taps, out, out_r, out_c) computes one
// output pixel from the window's taps (taps[t][ch], t row-major over the kernel).
#ifndef LOOM_HLS_STREAM_H_
#define LOOM_HLS_STREAM_H_

#include "hls_stream.h"
#include "loom_common.h"

namespace loom_hls {

// One beat of a stream: N elements.
template <class T, unsigned N>
struct beat {
  T data[N];
};

// One pixel of the padded grid at column c: read it (or pad), shift it into the line buffer and
// the window, and when `ready` compute and write the output pixel (out_r, out_c).
template <class WINDOW, class OP>
void window_pixel(hls::stream<typename WINDOW::in_beat_t>& x,
                  hls::stream<typename WINDOW::out_beat_t>& y,
                  typename WINDOW::input_t line[WINDOW::n_lines][WINDOW::grid_w][WINDOW::n_chan],
                  typename WINDOW::input_t win[WINDOW::span_h][WINDOW::span_w][WINDOW::n_chan],
                  unsigned c, bool read, bool ready, unsigned out_r, unsigned out_c) {
#pragma HLS INLINE
  typedef typename WINDOW::input_t input_t;
  typename WINDOW::in_beat_t in;
  if (read) {
    in = x.read();
  } else {
    for (unsigned ch = 0; ch < WINDOW::n_chan; ++ch) {
#pragma HLS UNROLL
      in.data[ch] = OP::pad();
    }
  }
  // The column of the window's rows at c: older rows from the line buffer, this one last.
  input_t column[WINDOW::span_h][WINDOW::n_chan];
#pragma HLS ARRAY_PARTITION variable = column complete dim = 0
  for (unsigned k = 0; k + 1 < WINDOW::span_h; ++k) {
#pragma HLS UNROLL
    for (unsigned ch = 0; ch < WINDOW::n_chan; ++ch) {
#pragma HLS UNROLL
      column[k][ch] = line[k][c][ch];
    }
  }
  for (unsigned ch = 0; ch < WINDOW::n_chan; ++ch) {
#pragma HLS UNROLL
    column[WINDOW::span_h - 1][ch] = in.data[ch];
  }
  // The line buffer moves up one row at this column.
  for (unsigned k = 0; k + 1 < WINDOW::span_h; ++k) {
#pragma HLS UNROLL
    for (unsigned ch = 0; ch < WINDOW::n_chan; ++ch) {
#pragma HLS UNROLL
      line[k][c][ch] = column[k + 1][ch];
    }
  }
  // The window moves left one column.
  for (unsigned i = 0; i < WINDOW::span_h; ++i) {
#pragma HLS UNROLL
    for (unsigned j = 0; j + 1 < WINDOW::span_w; ++j) {
#pragma HLS UNROLL
      for (unsigned ch = 0; ch < WINDOW::n_chan; ++ch) {
#pragma HLS UNROLL
        win[i][j][ch] = win[i][j + 1][ch];
      }
    }
    for (unsigned ch = 0; ch < WINDOW::n_chan; ++ch) {
#pragma HLS UNROLL
      win[i][WINDOW::span_w - 1][ch] = column[i][ch];
    }
  }
  if (!ready) return;
  input_t taps[WINDOW::n_taps][WINDOW::n_chan];
#pragma HLS ARRAY_PARTITION variable = taps complete dim = 0
  for (unsigned t = 0; t < WINDOW::n_taps; ++t) {
#pragma HLS UNROLL
    for (unsigned ch = 0; ch < WINDOW::n_chan; ++ch) {
#pragma HLS UNROLL
      taps[t][ch] = win[(t / WINDOW::k_w) * WINDOW::dil_h][(t % WINDOW::k_w) * WINDOW::dil_w][ch];
    }
  }
  typename WINDOW::out_beat_t out;
  OP::apply(taps, out.data, out_r, out_c);
  y.write(out);
}

// Whether grid pixel (r, c) is inside the image.
template <class WINDOW>
bool window_inside(unsigned r, unsigned c) {
#pragma HLS INLINE
  return r >= WINDOW::pad_top && r < WINDOW::pad_top + WINDOW::in_h && c >= WINDOW::pad_left &&
         c < WINDOW::pad_left + WINDOW::in_w;
}

// One pixel of the grid walk and the column counters: a window is ready where its bottom-right
// pixel lands on the stride (col_phase 0) in a ready row, until out_w outputs.
template <class WINDOW, class OP>
void window_column(hls::stream<typename WINDOW::in_beat_t>& x,
                   hls::stream<typename WINDOW::out_beat_t>& y,
                   typename WINDOW::input_t line[WINDOW::n_lines][WINDOW::grid_w][WINDOW::n_chan],
                   typename WINDOW::input_t win[WINDOW::span_h][WINDOW::span_w][WINDOW::n_chan],
                   unsigned r, unsigned c, bool row_ready, unsigned out_r, unsigned& col_phase,
                   unsigned& out_c) {
#pragma HLS INLINE
  const bool ready =
      row_ready && c + 1 >= WINDOW::span_w && col_phase == 0 && out_c < WINDOW::out_w;
  window_pixel<WINDOW, OP>(x, y, line, win, c, window_inside<WINDOW>(r, c), ready, out_r, out_c);
  if (c + 1 >= WINDOW::span_w) {
    if (ready) ++out_c;
    col_phase = col_phase + 1 == WINDOW::stride_w ? 0 : col_phase + 1;
  }
}

// The row counters after row r (the same rule as the columns').
template <class WINDOW>
void window_next_row(unsigned r, bool row_ready, unsigned& row_phase, unsigned& out_r) {
#pragma HLS INLINE
  if (r + 1 >= WINDOW::span_h) {
    if (row_ready) ++out_r;
    row_phase = row_phase + 1 == WINDOW::stride_h ? 0 : row_phase + 1;
  }
}

// Latency: one grid pixel every reuse_factor cycles (the column loop pipelined).
template <class WINDOW, class OP>
void window_stream(hls::stream<typename WINDOW::in_beat_t>& x,
                   hls::stream<typename WINDOW::out_beat_t>& y) {
#pragma HLS INLINE
  static typename WINDOW::input_t line[WINDOW::n_lines][WINDOW::grid_w][WINDOW::n_chan];
#pragma HLS ARRAY_PARTITION variable = line complete dim = 1
#pragma HLS ARRAY_PARTITION variable = line complete dim = 3
  static typename WINDOW::input_t win[WINDOW::span_h][WINDOW::span_w][WINDOW::n_chan];
#pragma HLS ARRAY_PARTITION variable = win complete dim = 0
  unsigned row_phase = 0, out_r = 0;
  for (unsigned r = 0; r < WINDOW::grid_h; ++r) {
    const bool row_ready = r + 1 >= WINDOW::span_h && row_phase == 0 && out_r < WINDOW::out_h;
    unsigned col_phase = 0, out_c = 0;
    for (unsigned c = 0; c < WINDOW::grid_w; ++c) {
#pragma HLS PIPELINE II = WINDOW::reuse_factor
      window_column<WINDOW, OP>(x, y, line, win, r, c, row_ready, out_r, col_phase, out_c);
    }
    window_next_row<WINDOW>(r, row_ready, row_phase, out_r);
  }
}

// Resource: the same walk without a pipelined column loop (OP runs its own reuse loop).
template <class WINDOW, class OP>
void window_stream_sequential(hls::stream<typename WINDOW::in_beat_t>& x,
                              hls::stream<typename WINDOW::out_beat_t>& y) {
#pragma HLS INLINE
  static typename WINDOW::input_t line[WINDOW::n_lines][WINDOW::grid_w][WINDOW::n_chan];
#pragma HLS ARRAY_PARTITION variable = line complete dim = 1
#pragma HLS ARRAY_PARTITION variable = line complete dim = 3
  static typename WINDOW::input_t win[WINDOW::span_h][WINDOW::span_w][WINDOW::n_chan];
#pragma HLS ARRAY_PARTITION variable = win complete dim = 0
  unsigned row_phase = 0, out_r = 0;
  for (unsigned r = 0; r < WINDOW::grid_h; ++r) {
    const bool row_ready = r + 1 >= WINDOW::span_h && row_phase == 0 && out_r < WINDOW::out_h;
    unsigned col_phase = 0, out_c = 0;
    for (unsigned c = 0; c < WINDOW::grid_w; ++c) {
      window_column<WINDOW, OP>(x, y, line, win, r, c, row_ready, out_r, col_phase, out_c);
    }
    window_next_row<WINDOW>(r, row_ready, row_phase, out_r);
  }
}

// One group of a convolution on a window: patch element k is input channel c0 + k / n_taps at tap
// k % n_taps (the io_parallel kernel's patch order), through the group's matrix into output
// channels m0... CONV: the group's dense configuration (n_in, n_out, input_t, result_t) and the
// layer's geometry (n_taps, n_chan, n_out_chan), c0, m0.
template <class CONV, class MATRIX>
void conv_window_group(const typename CONV::input_t taps[CONV::n_taps][CONV::n_chan],
                       typename CONV::result_t out[CONV::n_out_chan]) {
#pragma HLS INLINE
  typename CONV::input_t patch[CONV::n_in];
#pragma HLS ARRAY_PARTITION variable = patch complete
  typename CONV::result_t res[CONV::n_out];
#pragma HLS ARRAY_PARTITION variable = res complete
  for (unsigned k = 0; k < CONV::n_in; ++k) {
#pragma HLS UNROLL
    patch[k] = taps[k % CONV::n_taps][CONV::c0 + k / CONV::n_taps];
  }
  MATRIX::apply(patch, res);
  for (unsigned m = 0; m < CONV::n_out; ++m) {
#pragma HLS UNROLL
    out[CONV::m0 + m] = res[m];
  }
}

// Taps of one axis inside [lo, hi) for output coordinate o (grid coordinates).
template <unsigned K, unsigned STRIDE, unsigned DIL>
unsigned window_axis_count(unsigned o, unsigned lo, unsigned hi) {
#pragma HLS INLINE
  unsigned n = 0;
  for (unsigned k = 0; k < K; ++k) {
#pragma HLS UNROLL
    const unsigned q = o * STRIDE + k * DIL;
    if (q >= lo && q < hi) ++n;
  }
  return n;
}

// Max pool on a window: the maximum per channel, cast once (padded taps hold the input type's
// minimum, which the io_parallel kernel starts from).
template <class POOL>
void max_window(const typename POOL::input_t taps[POOL::n_taps][POOL::n_chan],
                typename POOL::result_t out[POOL::n_chan]) {
#pragma HLS INLINE
  for (unsigned ch = 0; ch < POOL::n_chan; ++ch) {
#pragma HLS UNROLL
    typename POOL::input_t best = taps[0][ch];
    for (unsigned t = 1; t < POOL::n_taps; ++t) {
#pragma HLS UNROLL
      if (taps[t][ch] > best) best = taps[t][ch];
    }
    out[ch] = (typename POOL::result_t)best;
  }
}

// Average pool on a window: acc = acc + x per tap in window order (padded taps hold 0, which
// leaves acc as it is), then acc / count, as the io_parallel kernel. POOL::uniform: every window
// has n_taps taps inside (a constant divisor); else count is the taps inside (count_include_pad:
// inside the padded extent [0, include_h) x [0, include_w)), and a window without any input
// element gives 0.
template <class POOL>
void average_window(const typename POOL::input_t taps[POOL::n_taps][POOL::n_chan],
                    typename POOL::result_t out[POOL::n_chan], unsigned out_r, unsigned out_c) {
#pragma HLS INLINE
  typedef typename POOL::accum_t accum_t;
  unsigned count = POOL::n_taps;
  bool empty = false;
  if (!POOL::uniform) {
    const unsigned vh = window_axis_count<POOL::k_h, POOL::stride_h, POOL::dil_h>(
        out_r, POOL::pad_top, POOL::pad_top + POOL::in_h);
    const unsigned vw = window_axis_count<POOL::k_w, POOL::stride_w, POOL::dil_w>(
        out_c, POOL::pad_left, POOL::pad_left + POOL::in_w);
    empty = vh * vw == 0;
    if (POOL::include_pad) {
      count = window_axis_count<POOL::k_h, POOL::stride_h, POOL::dil_h>(out_r, 0, POOL::include_h) *
              window_axis_count<POOL::k_w, POOL::stride_w, POOL::dil_w>(out_c, 0, POOL::include_w);
    } else {
      count = vh * vw;
    }
  }
  for (unsigned ch = 0; ch < POOL::n_chan; ++ch) {
#pragma HLS UNROLL
    accum_t acc = 0;
    for (unsigned t = 0; t < POOL::n_taps; ++t) {
#pragma HLS UNROLL
      acc = acc + taps[t][ch];
    }
    if (POOL::uniform) {
      acc = acc / POOL::n_taps;
    } else if (empty) {
      acc = 0;
    } else {
      acc = acc / count;
    }
    out[ch] = (typename POOL::result_t)acc;
  }
}

// Global pools and reductions over every position of the stream (n_positions beats of n_chan),
// one beat out. max: from the input type's minimum; average: acc = acc + x in stream order, then
// acc / divisor (the positions; 1 for a sum).
template <class POOL>
void global_max_stream(hls::stream<typename POOL::in_beat_t>& x,
                       hls::stream<typename POOL::out_beat_t>& y) {
#pragma HLS INLINE
  typedef typename POOL::input_t input_t;
  input_t best[POOL::n_chan];
#pragma HLS ARRAY_PARTITION variable = best complete
  for (unsigned ch = 0; ch < POOL::n_chan; ++ch) {
#pragma HLS UNROLL
    best[ch] = 0;
    if (POOL::input_signed) best[ch][input_t::width - 1] = 1;
  }
  for (unsigned p = 0; p < POOL::n_positions; ++p) {
#pragma HLS PIPELINE
    const typename POOL::in_beat_t in = x.read();
    for (unsigned ch = 0; ch < POOL::n_chan; ++ch) {
#pragma HLS UNROLL
      if (in.data[ch] > best[ch]) best[ch] = in.data[ch];
    }
  }
  typename POOL::out_beat_t out;
  for (unsigned ch = 0; ch < POOL::n_chan; ++ch) {
#pragma HLS UNROLL
    out.data[ch] = (typename POOL::result_t)best[ch];
  }
  y.write(out);
}

template <class POOL>
void global_average_stream(hls::stream<typename POOL::in_beat_t>& x,
                           hls::stream<typename POOL::out_beat_t>& y) {
#pragma HLS INLINE
  typedef typename POOL::accum_t accum_t;
  accum_t acc[POOL::n_chan];
#pragma HLS ARRAY_PARTITION variable = acc complete
  for (unsigned ch = 0; ch < POOL::n_chan; ++ch) {
#pragma HLS UNROLL
    acc[ch] = 0;
  }
  for (unsigned p = 0; p < POOL::n_positions; ++p) {
#pragma HLS PIPELINE
    const typename POOL::in_beat_t in = x.read();
    for (unsigned ch = 0; ch < POOL::n_chan; ++ch) {
#pragma HLS UNROLL
      acc[ch] = acc[ch] + in.data[ch];
    }
  }
  typename POOL::out_beat_t out;
  for (unsigned ch = 0; ch < POOL::n_chan; ++ch) {
#pragma HLS UNROLL
    const accum_t mean = acc[ch] / POOL::divisor;
    out.data[ch] = (typename POOL::result_t)mean;
  }
  y.write(out);
}

// Nearest-neighbour resize of [in_h, in_w, C] to [out_h, out_w, C]: output pixel (r, c) is input
// pixel (rows[r], cols[c]) (rows non-decreasing). One input row is kept; rows are read as the
// outputs need them, and rows no output uses are read and dropped.
template <class RESIZE>
void resize_nearest_stream(hls::stream<typename RESIZE::in_beat_t>& x,
                           hls::stream<typename RESIZE::out_beat_t>& y,
                           const unsigned rows[RESIZE::out_h], const unsigned cols[RESIZE::out_w]) {
#pragma HLS INLINE
  static typename RESIZE::in_beat_t row[RESIZE::in_w];
  unsigned loaded = 0;  // input rows read so far
  for (unsigned r = 0; r < RESIZE::out_h; ++r) {
    const unsigned need = rows[r] + 1;
    for (; loaded < need; ++loaded) {
      for (unsigned c = 0; c < RESIZE::in_w; ++c) {
#pragma HLS PIPELINE
        row[c] = x.read();
      }
    }
    for (unsigned c = 0; c < RESIZE::out_w; ++c) {
#pragma HLS PIPELINE
      const typename RESIZE::in_beat_t in = row[cols[c]];
      typename RESIZE::out_beat_t out;
      for (unsigned ch = 0; ch < RESIZE::n_chan; ++ch) {
#pragma HLS UNROLL
        out.data[ch] = (typename RESIZE::result_t)in.data[ch];
      }
      y.write(out);
    }
  }
  for (; loaded < RESIZE::in_h; ++loaded) {
    for (unsigned c = 0; c < RESIZE::in_w; ++c) {
#pragma HLS PIPELINE
      row[c] = x.read();
    }
  }
}

}  // namespace loom_hls

#endif  // LOOM_HLS_STREAM_H_
