// Types and layer configurations of myproject, written by loom.
#ifndef MYPROJECT_PARAMETERS_H_
#define MYPROJECT_PARAMETERS_H_

#include "ap_fixed.h"
#include "ap_int.h"
#include "loom/loom_dense.h"
#include "loom/loom_elementwise.h"
#include "loom/loom_lut.h"
#include "loom/loom_stream.h"

// One type per value.
typedef ap_fixed<16,6> x_t;
typedef ap_fixed<16,6> conv1_to_last_out_t;
typedef ap_fixed<16,6> conv1_out_t;
typedef ap_ufixed<15,5> relu1_out_t;
typedef ap_ufixed<15,5> pool1_out_t;
typedef ap_fixed<16,6> conv2_out_t;
typedef ap_ufixed<15,5> relu2_out_t;
typedef ap_ufixed<15,5> gap_out_t;
typedef ap_ufixed<15,5> flatten_out_t;
typedef ap_fixed<32,7> fc_out_t;
typedef ap_ufixed<18,1> softmax_out_t;
typedef loom_hls::beat<conv1_to_last_out_t, 1> conv1_to_last_out_beat_t;
typedef loom_hls::beat<softmax_out_t, 3> softmax_out_beat_t;
typedef loom_hls::beat<conv1_out_t, 4> conv1_out_beat_t;
typedef loom_hls::beat<relu1_out_t, 4> relu1_out_beat_t;
typedef loom_hls::beat<pool1_out_t, 4> pool1_out_beat_t;
typedef loom_hls::beat<conv2_out_t, 8> conv2_out_beat_t;
typedef loom_hls::beat<relu2_out_t, 8> relu2_out_beat_t;
typedef loom_hls::beat<gap_out_t, 8> gap_out_beat_t;
typedef loom_hls::beat<flatten_out_t, 8> flatten_out_beat_t;
typedef loom_hls::beat<fc_out_t, 3> fc_out_beat_t;

struct conv1_geometry {
  static const unsigned in_h = 12;
  static const unsigned in_w = 12;
  static const unsigned out_h = 12;
  static const unsigned out_w = 12;
  static const unsigned k_h = 3;
  static const unsigned k_w = 3;
  static const unsigned stride_h = 1;
  static const unsigned stride_w = 1;
  static const unsigned dil_h = 1;
  static const unsigned dil_w = 1;
  static const unsigned pad_top = 1;
  static const unsigned pad_left = 1;
  static const unsigned grid_h = 14;
  static const unsigned grid_w = 14;
  static const unsigned span_h = 3;
  static const unsigned span_w = 3;
  static const unsigned n_lines = 2;
  static const unsigned n_taps = 9;
  static const unsigned n_chan = 1;
  static const unsigned n_out_chan = 4;
};
struct conv1_config {
  typedef conv1_to_last_out_t input_t;
  typedef ap_fixed<16,0> weight_t;
  typedef ap_fixed<16,0> bias_t;
  typedef ap_fixed<33,7> accum_t;
  typedef conv1_out_t result_t;
  static const unsigned n_in = 9;
  static const unsigned n_out = 4;
  static const unsigned n_rows = 1;
  static const unsigned n_nonzero = 36;
  static const unsigned reuse_factor = 1;
  static const unsigned multiplier_limit = 36;
  static const loom_hls::strategy_t strategy = loom_hls::latency;
};
struct conv1_conv : conv1_config, conv1_geometry {
  static const unsigned c0 = 0;
  static const unsigned m0 = 0;
};
struct conv1_window : conv1_geometry {
  typedef conv1_to_last_out_t input_t;
  typedef conv1_to_last_out_beat_t in_beat_t;
  typedef conv1_out_beat_t out_beat_t;
  static const unsigned reuse_factor = 1;
};
struct relu1_config {
  typedef conv1_out_t input_t;
  typedef relu1_out_t result_t;
  static const unsigned n = 4;
  static const bool none_pass = false;
};
struct pool1_geometry {
  static const unsigned in_h = 12;
  static const unsigned in_w = 12;
  static const unsigned out_h = 6;
  static const unsigned out_w = 6;
  static const unsigned k_h = 2;
  static const unsigned k_w = 2;
  static const unsigned stride_h = 2;
  static const unsigned stride_w = 2;
  static const unsigned dil_h = 1;
  static const unsigned dil_w = 1;
  static const unsigned pad_top = 0;
  static const unsigned pad_left = 0;
  static const unsigned grid_h = 12;
  static const unsigned grid_w = 12;
  static const unsigned span_h = 2;
  static const unsigned span_w = 2;
  static const unsigned n_lines = 1;
  static const unsigned n_taps = 4;
  static const unsigned n_chan = 4;
  static const unsigned n_out_chan = 4;
};
struct pool1_pool : pool1_geometry {
  typedef relu1_out_t input_t;
  typedef pool1_out_t result_t;
};
struct pool1_window : pool1_geometry {
  typedef relu1_out_t input_t;
  typedef relu1_out_beat_t in_beat_t;
  typedef pool1_out_beat_t out_beat_t;
  static const unsigned reuse_factor = 1;
};
struct conv2_geometry {
  static const unsigned in_h = 6;
  static const unsigned in_w = 6;
  static const unsigned out_h = 4;
  static const unsigned out_w = 4;
  static const unsigned k_h = 3;
  static const unsigned k_w = 3;
  static const unsigned stride_h = 1;
  static const unsigned stride_w = 1;
  static const unsigned dil_h = 1;
  static const unsigned dil_w = 1;
  static const unsigned pad_top = 0;
  static const unsigned pad_left = 0;
  static const unsigned grid_h = 6;
  static const unsigned grid_w = 6;
  static const unsigned span_h = 3;
  static const unsigned span_w = 3;
  static const unsigned n_lines = 2;
  static const unsigned n_taps = 9;
  static const unsigned n_chan = 4;
  static const unsigned n_out_chan = 8;
};
struct conv2_config {
  typedef pool1_out_t input_t;
  typedef ap_fixed<16,1> weight_t;
  typedef ap_fixed<16,0> bias_t;
  typedef ap_fixed<34,9> accum_t;
  typedef conv2_out_t result_t;
  static const unsigned n_in = 36;
  static const unsigned n_out = 8;
  static const unsigned n_rows = 1;
  static const unsigned n_nonzero = 288;
  static const unsigned reuse_factor = 1;
  static const unsigned multiplier_limit = 288;
  static const loom_hls::strategy_t strategy = loom_hls::latency;
};
struct conv2_conv : conv2_config, conv2_geometry {
  static const unsigned c0 = 0;
  static const unsigned m0 = 0;
};
struct conv2_window : conv2_geometry {
  typedef pool1_out_t input_t;
  typedef pool1_out_beat_t in_beat_t;
  typedef conv2_out_beat_t out_beat_t;
  static const unsigned reuse_factor = 1;
};
struct relu2_config {
  typedef conv2_out_t input_t;
  typedef relu2_out_t result_t;
  static const unsigned n = 8;
  static const bool none_pass = false;
};
struct gap_pool {
  typedef relu2_out_t input_t;
  typedef gap_out_t result_t;
  typedef relu2_out_beat_t in_beat_t;
  typedef gap_out_beat_t out_beat_t;
  static const unsigned n_chan = 8;
  static const unsigned n_positions = 16;
  static const bool input_signed = false;
  typedef ap_ufixed<19,9> accum_t;
  static const unsigned divisor = 16;
};
struct fc_config {
  typedef flatten_out_t input_t;
  typedef ap_fixed<16,1> weight_t;
  typedef ap_fixed<16,-1> bias_t;
  typedef ap_fixed<32,7> accum_t;
  typedef fc_out_t result_t;
  static const unsigned n_in = 8;
  static const unsigned n_out = 3;
  static const unsigned n_rows = 1;
  static const unsigned n_nonzero = 24;
  static const unsigned reuse_factor = 1;
  static const unsigned multiplier_limit = 24;
  static const loom_hls::strategy_t strategy = loom_hls::latency;
};
struct softmax_config {
  typedef fc_out_t input_t;
  typedef softmax_out_t result_t;
  typedef ap_ufixed<32,7> diff_t;
  typedef ap_ufixed<18,1> exp_table_t;
  typedef ap_ufixed<18,0> inv_table_t;
  typedef int word_t;
  typedef ap_ufixed<20,3> accum_t;
  typedef ap_ufixed<55, 18> wide_t;
  static const unsigned n_outer = 1;
  static const unsigned n_axis = 3;
  static const unsigned n_inner = 1;
  static const unsigned n_exp = 1024;
  static const unsigned long long exp_hi = 268435455ULL;
  static const unsigned exp_shift = 18;
  static const unsigned n_inv = 1024;
  static const unsigned inv_bits = 10;
  static const unsigned accum_width = 20;
  static const unsigned prod_width = 36;
};

#endif
