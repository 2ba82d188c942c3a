// Types and layer configurations of myproject, written by loom.
#ifndef MYPROJECT_PARAMETERS_H_
#define MYPROJECT_PARAMETERS_H_

#include "ap_fixed.h"
#include "ap_int.h"
#include "loom/loom_dense.h"
#include "loom/loom_elementwise.h"
#include "loom/loom_lut.h"

// One type per value.
typedef ap_fixed<16,6> x_t;
typedef ap_fixed<16,6> fc0_out_t;
typedef ap_ufixed<15,5> relu0_out_t;
typedef ap_fixed<16,6> fc1_out_t;
typedef ap_ufixed<15,5> relu1_out_t;
typedef ap_fixed<16,6> fc2_out_t;
typedef ap_ufixed<15,5> relu2_out_t;
typedef ap_fixed<16,6> fc3_out_t;
typedef ap_ufixed<18,1> softmax_out_t;

struct fc0_config {
  typedef x_t input_t;
  typedef ap_fixed<16,1> weight_t;
  typedef ap_fixed<16,0> bias_t;
  typedef ap_fixed<34,9> accum_t;
  typedef fc0_out_t result_t;
  static const unsigned n_in = 16;
  static const unsigned n_out = 64;
  static const unsigned n_rows = 1;
  static const unsigned n_nonzero = 1024;
  static const unsigned reuse_factor = 1;
  static const unsigned multiplier_limit = 1024;
  static const loom_hls::strategy_t strategy = loom_hls::latency;
};
struct relu0_config {
  typedef fc0_out_t input_t;
  typedef relu0_out_t result_t;
  static const unsigned n = 64;
  static const bool none_pass = false;
};
struct fc1_config {
  typedef relu0_out_t input_t;
  typedef ap_fixed<16,0> weight_t;
  typedef ap_fixed<16,0> bias_t;
  typedef ap_fixed<35,9> accum_t;
  typedef fc1_out_t result_t;
  static const unsigned n_in = 64;
  static const unsigned n_out = 32;
  static const unsigned n_rows = 1;
  static const unsigned n_nonzero = 2048;
  static const unsigned reuse_factor = 1;
  static const unsigned multiplier_limit = 2048;
  static const loom_hls::strategy_t strategy = loom_hls::latency;
};
struct relu1_config {
  typedef fc1_out_t input_t;
  typedef relu1_out_t result_t;
  static const unsigned n = 32;
  static const bool none_pass = false;
};
struct fc2_config {
  typedef relu1_out_t input_t;
  typedef ap_fixed<16,1> weight_t;
  typedef ap_fixed<16,-1> bias_t;
  typedef ap_fixed<34,9> accum_t;
  typedef fc2_out_t result_t;
  static const unsigned n_in = 32;
  static const unsigned n_out = 32;
  static const unsigned n_rows = 1;
  static const unsigned n_nonzero = 1024;
  static const unsigned reuse_factor = 1;
  static const unsigned multiplier_limit = 1024;
  static const loom_hls::strategy_t strategy = loom_hls::latency;
};
struct relu2_config {
  typedef fc2_out_t input_t;
  typedef relu2_out_t result_t;
  static const unsigned n = 32;
  static const bool none_pass = false;
};
struct fc3_config {
  typedef relu2_out_t input_t;
  typedef ap_fixed<16,1> weight_t;
  typedef ap_fixed<16,-1> bias_t;
  typedef ap_fixed<33,8> accum_t;
  typedef fc3_out_t result_t;
  static const unsigned n_in = 32;
  static const unsigned n_out = 5;
  static const unsigned n_rows = 1;
  static const unsigned n_nonzero = 160;
  static const unsigned reuse_factor = 1;
  static const unsigned multiplier_limit = 160;
  static const loom_hls::strategy_t strategy = loom_hls::latency;
};
struct softmax_config {
  typedef fc3_out_t input_t;
  typedef softmax_out_t result_t;
  typedef ap_ufixed<16,6> diff_t;
  typedef ap_ufixed<18,1> exp_table_t;
  typedef ap_ufixed<18,0> inv_table_t;
  typedef int word_t;
  typedef ap_ufixed<21,4> accum_t;
  typedef ap_ufixed<56, 18> wide_t;
  static const unsigned n_outer = 1;
  static const unsigned n_axis = 5;
  static const unsigned n_inner = 1;
  static const unsigned n_exp = 1024;
  static const unsigned long long exp_hi = 8191ULL;
  static const unsigned exp_shift = 3;
  static const unsigned n_inv = 1024;
  static const unsigned inv_bits = 10;
  static const unsigned accum_width = 21;
  static const unsigned prod_width = 36;
};

#endif
