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
typedef ap_fixed<16,6> conv_to_last_out_t;
typedef ap_fixed<16,6> conv_out_t;
typedef ap_fixed<16,6> leaky_out_t;
typedef ap_fixed<16,6> pool_out_t;
typedef ap_fixed<16,6> flatten_out_t;
typedef ap_fixed<16,6> fc_out_t;
typedef ap_fixed<16,6> tanh_out_t;

struct conv_to_last_config {
  typedef x_t input_t;
  typedef conv_to_last_out_t result_t;
  static const unsigned n_in = 24;
  static const unsigned n_out = 24;
};
struct conv_geometry {
  static const unsigned in_d0 = 1;
  static const unsigned out_d0 = 1;
  static const unsigned k_d0 = 1;
  static const unsigned stride_d0 = 1;
  static const unsigned dil_d0 = 1;
  static const unsigned pad_d0 = 0;
  static const unsigned in_d1 = 1;
  static const unsigned out_d1 = 1;
  static const unsigned k_d1 = 1;
  static const unsigned stride_d1 = 1;
  static const unsigned dil_d1 = 1;
  static const unsigned pad_d1 = 0;
  static const unsigned in_d2 = 8;
  static const unsigned out_d2 = 8;
  static const unsigned k_d2 = 3;
  static const unsigned stride_d2 = 1;
  static const unsigned dil_d2 = 1;
  static const unsigned pad_d2 = 1;
  static const unsigned kernel_volume = 3;
  static const unsigned n_channels = 3;
  static const unsigned n_out_channels = 6;
  static const unsigned in_positions = 8;
  static const unsigned n_positions = 8;
  static const unsigned n_x = 24;
  static const unsigned n_y = 48;
    static const bool transposed = false;

    static const bool channels_last = true;

};
struct conv_config {
  typedef conv_to_last_out_t input_t;
  typedef ap_fixed<16,6> weight_t;
  typedef ap_fixed<16,6> bias_t;
  typedef ap_fixed<29,9> accum_t;
  typedef conv_out_t result_t;
  static const unsigned n_in = 9;
  static const unsigned n_out = 6;
  static const unsigned n_rows = 1;
  static const unsigned n_nonzero = 54;
  static const unsigned reuse_factor = 2;
  static const unsigned n_lanes = 27;
  static const loom_hls::strategy_t strategy = loom_hls::resource;
};
struct conv_conv : conv_config, conv_geometry {
static const unsigned c0 = 0;static const unsigned m0 = 0;};
struct leaky_config {
  typedef conv_out_t input_t;
  typedef ap_fixed<16,6> alpha_t;
  typedef leaky_out_t result_t;
  static const unsigned n = 48;
  static const unsigned n_alpha = 1;
  static const bool broadcast = false;
  static const unsigned n_map = 1;
};
struct pool_config {
  typedef leaky_out_t input_t;
  typedef ap_fixed<17,7> accum_t;
  typedef pool_out_t result_t;
  static const unsigned n_in = 48;
  static const unsigned n_out = 24;
  static const unsigned n_groups = 6;
  static const unsigned n_positions = 4;
  static const unsigned n_taps = 2;
  static const unsigned in_group_stride = 1;
  static const unsigned in_tap_mult = 6;
  static const unsigned out_group_stride = 1;
  static const unsigned out_pos_stride = 6;
  static const bool input_signed = true;
};
struct flatten_config {
  typedef pool_out_t input_t;
  typedef flatten_out_t result_t;
  static const unsigned n_in = 24;
  static const unsigned n_out = 24;
};
struct fc_config {
  typedef flatten_out_t input_t;
  typedef ap_fixed<16,6> weight_t;
  typedef ap_fixed<16,6> bias_t;
  typedef ap_fixed<28,8> accum_t;
  typedef fc_out_t result_t;
  static const unsigned n_in = 24;
  static const unsigned n_out = 6;
  static const unsigned n_rows = 1;
  static const unsigned n_nonzero = 42;
  static const unsigned reuse_factor = 2;
  static const unsigned n_lanes = 21;
  typedef ap_uint<5> index_t;
  static const loom_hls::strategy_t strategy = loom_hls::resource;
};
struct tanh_config {
  typedef fc_out_t input_t;
  typedef tanh_out_t result_t;
  typedef ap_fixed<16,6> table_t;
  typedef int word_t;
  typedef ap_uint<1> scale_t;
  typedef ap_int<16> raw_t;
  static const unsigned n_elem = 6;
  static const unsigned n_table = 1024;
  static const long long lo_raw = -4096LL;
  static const long long hi_raw = 4095LL;
  static const unsigned shift = 3;
  static const loom_hls::lut_upper_t upper = loom_hls::lut_clamp;
  static const bool empty = false;
};

#endif
