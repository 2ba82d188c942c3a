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
typedef ap_fixed<32,8> dense_a_out_t;
typedef ap_ufixed<31,7> relu_a_out_t;
typedef ap_fixed<16,6> dense_b_out_t;
typedef ap_fixed<17,7> skip_add_out_t;
typedef ap_ufixed<16,6> relu_skip_out_t;
typedef ap_ufixed<31,7> concat_out_t;
typedef ap_fixed<16,6> dense_out_out_t;
typedef ap_ufixed<18,0> sigmoid_out_t;
typedef loom_hls::beat<x_t, 8> x_beat_t;
typedef loom_hls::beat<sigmoid_out_t, 4> sigmoid_out_beat_t;
typedef loom_hls::beat<dense_a_out_t, 8> dense_a_out_beat_t;
typedef loom_hls::beat<relu_a_out_t, 8> relu_a_out_beat_t;
typedef loom_hls::beat<dense_b_out_t, 8> dense_b_out_beat_t;
typedef loom_hls::beat<skip_add_out_t, 8> skip_add_out_beat_t;
typedef loom_hls::beat<relu_skip_out_t, 8> relu_skip_out_beat_t;
typedef loom_hls::beat<concat_out_t, 16> concat_out_beat_t;
typedef loom_hls::beat<dense_out_out_t, 4> dense_out_out_beat_t;

struct dense_a_config {
  typedef x_t input_t;
  typedef ap_fixed<16,2> weight_t;
  typedef ap_fixed<16,0> bias_t;
  typedef ap_fixed<32,8> accum_t;
  typedef dense_a_out_t result_t;
  static const unsigned n_in = 8;
  static const unsigned n_out = 8;
  static const unsigned n_rows = 1;
  static const unsigned n_nonzero = 64;
  static const unsigned reuse_factor = 1;
  static const unsigned multiplier_limit = 64;
  static const loom_hls::strategy_t strategy = loom_hls::latency;
};
struct relu_a_config {
  typedef dense_a_out_t input_t;
  typedef relu_a_out_t result_t;
  static const unsigned n = 8;
  static const bool none_pass = false;
};
struct dense_b_config {
  typedef relu_a_out_t input_t;
  typedef ap_fixed<16,2> weight_t;
  typedef ap_fixed<16,-1> bias_t;
  typedef ap_fixed<48,10> accum_t;
  typedef dense_b_out_t result_t;
  static const unsigned n_in = 8;
  static const unsigned n_out = 8;
  static const unsigned n_rows = 1;
  static const unsigned n_nonzero = 64;
  static const unsigned reuse_factor = 1;
  static const unsigned multiplier_limit = 64;
  static const loom_hls::strategy_t strategy = loom_hls::latency;
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
struct dense_out_config {
  typedef concat_out_t input_t;
  typedef ap_fixed<16,2> weight_t;
  typedef ap_ufixed<16,-2> bias_t;
  typedef ap_fixed<49,11> accum_t;
  typedef dense_out_out_t result_t;
  static const unsigned n_in = 16;
  static const unsigned n_out = 4;
  static const unsigned n_rows = 1;
  static const unsigned n_nonzero = 64;
  static const unsigned reuse_factor = 1;
  static const unsigned multiplier_limit = 64;
  static const loom_hls::strategy_t strategy = loom_hls::latency;
};
struct sigmoid_config {
  typedef dense_out_out_t input_t;
  typedef sigmoid_out_t result_t;
  typedef ap_ufixed<18,0> table_t;
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
