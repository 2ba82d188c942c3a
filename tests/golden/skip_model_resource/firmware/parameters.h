// Types and layer configurations of myproject, written by loom.
#ifndef MYPROJECT_PARAMETERS_H_
#define MYPROJECT_PARAMETERS_H_

#include "ap_fixed.h"
#include "ap_int.h"
#include "loom/loom_dense.h"
#include "loom/loom_elementwise.h"
#include "loom/loom_gather.h"
#include "loom/loom_lut.h"

// One type per value.
typedef ap_fixed<16,6> x_t;
typedef ap_fixed<16,6> dense_a_out_t;
typedef ap_fixed<16,6> relu_a_out_t;
typedef ap_fixed<16,6> dense_b_out_t;
typedef ap_fixed<16,6> skip_add_out_t;
typedef ap_fixed<16,6> relu_skip_out_t;
typedef ap_fixed<16,6> concat_out_t;
typedef ap_fixed<16,6> dense_out_out_t;
typedef ap_fixed<16,6> sigmoid_out_t;

struct dense_a_config {
  typedef x_t input_t;
  typedef ap_fixed<16,6> weight_t;
  typedef ap_fixed<16,6> bias_t;
  typedef ap_fixed<28,8> accum_t;
  typedef dense_a_out_t result_t;
  static const unsigned n_in = 8;
  static const unsigned n_out = 8;
  static const unsigned n_rows = 1;
  static const unsigned n_nonzero = 64;
  static const unsigned reuse_factor = 2;
  static const unsigned n_lanes = 32;
  static const loom_hls::strategy_t strategy = loom_hls::resource;
};
struct relu_a_config {
  typedef dense_a_out_t input_t;
  typedef relu_a_out_t result_t;
  static const unsigned n = 8;
  static const bool none_pass = false;
};
struct dense_b_config {
  typedef relu_a_out_t input_t;
  typedef ap_fixed<16,6> weight_t;
  typedef ap_fixed<16,6> bias_t;
  typedef ap_fixed<29,9> accum_t;
  typedef dense_b_out_t result_t;
  static const unsigned n_in = 8;
  static const unsigned n_out = 8;
  static const unsigned n_rows = 1;
  static const unsigned n_nonzero = 64;
  static const unsigned reuse_factor = 2;
  static const unsigned n_lanes = 32;
  static const loom_hls::strategy_t strategy = loom_hls::resource;
};
struct skip_add_config {
  static const loom_hls::merge_op_t op = loom_hls::merge_add;
  typedef dense_b_out_t input1_t;
  typedef x_t input2_t;
  typedef ap_fixed<17,7> accum_t;
  typedef skip_add_out_t result_t;
  static const unsigned n_in1 = 8;
  static const unsigned n_in2 = 8;
  static const unsigned n_out = 8;
  static const bool broadcast1 = false;
  static const bool broadcast2 = false;
  static const unsigned n_map1 = 1;
  static const unsigned n_map2 = 1;
};
struct relu_skip_config {
  typedef skip_add_out_t input_t;
  typedef relu_skip_out_t result_t;
  static const unsigned n = 8;
  static const bool none_pass = false;
};
struct concat_i0_config {
  typedef relu_skip_out_t input_t;
  typedef concat_out_t result_t;
  static const unsigned n_in = 8;
  static const unsigned n_out = 16;
};
struct concat_i1_config {
  typedef relu_a_out_t input_t;
  typedef concat_out_t result_t;
  static const unsigned n_in = 8;
  static const unsigned n_out = 16;
};
struct dense_out_config {
  typedef concat_out_t input_t;
  typedef ap_fixed<16,6> weight_t;
  typedef ap_fixed<16,6> bias_t;
  typedef ap_fixed<29,9> accum_t;
  typedef dense_out_out_t result_t;
  static const unsigned n_in = 16;
  static const unsigned n_out = 4;
  static const unsigned n_rows = 1;
  static const unsigned n_nonzero = 64;
  static const unsigned reuse_factor = 2;
  static const unsigned n_lanes = 32;
  static const loom_hls::strategy_t strategy = loom_hls::resource;
};
struct sigmoid_config {
  typedef dense_out_out_t input_t;
  typedef sigmoid_out_t result_t;
  typedef ap_fixed<16,6> table_t;
  typedef int word_t;
  typedef ap_uint<1> scale_t;
  typedef ap_int<16> raw_t;
  static const unsigned n_elem = 4;
  static const unsigned n_table = 1024;
  static const long long lo_raw = -8192LL;
  static const long long hi_raw = 8191LL;
  static const unsigned shift = 4;
  static const loom_hls::lut_upper_t upper = loom_hls::lut_clamp;
  static const bool empty = false;
};

#endif
