// Types and layer configurations of myproject, written by loom.
#ifndef MYPROJECT_PARAMETERS_H_
#define MYPROJECT_PARAMETERS_H_

#include "ap_fixed.h"
#include "ap_int.h"
#include "loom/loom_conv.h"
#include "loom/loom_dense.h"
#include "loom/loom_elementwise.h"
#include "loom/loom_gather.h"
#include "loom/loom_lut.h"
#include "loom/loom_pool.h"

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

struct conv1_to_last_config {
  typedef x_t input_t;
  typedef conv1_to_last_out_t result_t;
  static const unsigned n_in = 144;
  static const unsigned n_out = 144;
};
struct conv1_geometry {
  static const unsigned in_d0 = 1;
  static const unsigned out_d0 = 1;
  static const unsigned k_d0 = 1;
  static const unsigned stride_d0 = 1;
  static const unsigned dil_d0 = 1;
  static const unsigned pad_d0 = 0;
  static const unsigned in_d1 = 12;
  static const unsigned out_d1 = 12;
  static const unsigned k_d1 = 3;
  static const unsigned stride_d1 = 1;
  static const unsigned dil_d1 = 1;
  static const unsigned pad_d1 = 1;
  static const unsigned in_d2 = 12;
  static const unsigned out_d2 = 12;
  static const unsigned k_d2 = 3;
  static const unsigned stride_d2 = 1;
  static const unsigned dil_d2 = 1;
  static const unsigned pad_d2 = 1;
  static const unsigned kernel_volume = 9;
  static const unsigned n_channels = 1;
  static const unsigned n_out_channels = 4;
  static const unsigned in_positions = 144;
  static const unsigned n_positions = 144;
  static const unsigned n_x = 144;
  static const unsigned n_y = 576;
    static const bool transposed = false;

    static const bool channels_last = true;

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
static const unsigned c0 = 0;static const unsigned m0 = 0;static const unsigned n_partitions = 2;static const unsigned parallelization = 72;};
struct relu1_config {
  typedef conv1_out_t input_t;
  typedef relu1_out_t result_t;
  static const unsigned n = 576;
  static const bool none_pass = false;
};
struct pool1_config {
  typedef relu1_out_t input_t;
  typedef pool1_out_t result_t;
  static const unsigned n_in = 576;
  static const unsigned n_out = 144;
  static const unsigned n_groups = 4;
  static const unsigned n_positions = 36;
  static const unsigned n_taps = 4;
  static const unsigned in_group_stride = 1;
  static const unsigned in_tap_mult = 4;
  static const unsigned out_group_stride = 1;
  static const unsigned out_pos_stride = 4;
  static const bool input_signed = false;
};
struct conv2_geometry {
  static const unsigned in_d0 = 1;
  static const unsigned out_d0 = 1;
  static const unsigned k_d0 = 1;
  static const unsigned stride_d0 = 1;
  static const unsigned dil_d0 = 1;
  static const unsigned pad_d0 = 0;
  static const unsigned in_d1 = 6;
  static const unsigned out_d1 = 4;
  static const unsigned k_d1 = 3;
  static const unsigned stride_d1 = 1;
  static const unsigned dil_d1 = 1;
  static const unsigned pad_d1 = 0;
  static const unsigned in_d2 = 6;
  static const unsigned out_d2 = 4;
  static const unsigned k_d2 = 3;
  static const unsigned stride_d2 = 1;
  static const unsigned dil_d2 = 1;
  static const unsigned pad_d2 = 0;
  static const unsigned kernel_volume = 9;
  static const unsigned n_channels = 4;
  static const unsigned n_out_channels = 8;
  static const unsigned in_positions = 36;
  static const unsigned n_positions = 16;
  static const unsigned n_x = 144;
  static const unsigned n_y = 128;
    static const bool transposed = false;

    static const bool channels_last = true;

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
static const unsigned c0 = 0;static const unsigned m0 = 0;static const unsigned n_partitions = 2;static const unsigned parallelization = 8;};
struct relu2_config {
  typedef conv2_out_t input_t;
  typedef relu2_out_t result_t;
  static const unsigned n = 128;
  static const bool none_pass = false;
};
struct gap_config {
  typedef relu2_out_t input_t;
  typedef ap_ufixed<19,9> accum_t;
  typedef gap_out_t result_t;
  static const unsigned n_in = 128;
  static const unsigned n_out = 8;
  static const unsigned n_groups = 8;
  static const unsigned n_positions = 1;
  static const unsigned n_taps = 16;
  static const unsigned in_group_stride = 1;
  static const unsigned in_tap_mult = 8;
  static const unsigned out_group_stride = 1;
  static const unsigned out_pos_stride = 8;
  static const bool input_signed = false;
};
struct flatten_config {
  typedef gap_out_t input_t;
  typedef flatten_out_t result_t;
  static const unsigned n_in = 8;
  static const unsigned n_out = 8;
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
