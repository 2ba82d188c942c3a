// Types and layer configurations of myproject, written by loom.
#ifndef MYPROJECT_PARAMETERS_H_
#define MYPROJECT_PARAMETERS_H_

#include "ap_fixed.h"
#include "ap_int.h"
#include "loom/loom_dense.h"
#include "loom/loom_elementwise.h"
#include "loom/loom_quant.h"

// One type per value.
typedef ap_fixed<8,4,AP_RND_CONV,AP_SAT> x_t;
typedef ap_fixed<8,4> quant_in_out_t;
typedef ap_fixed<23,6> matmul1_out_t;
typedef ap_ufixed<22,5> relu1_out_t;
typedef ap_ufixed<4,2> quant_act_out_t;
typedef ap_fixed<10,5> matmul2_out_t;

struct quant_in_config {
  typedef x_t input_t;
  typedef quant_in_out_t result_t;
  typedef ap_int<8> raw_t;
  typedef ap_int<67> wide_t;
  typedef ap_uint<1> prod_t;
  typedef ap_fixed<8, 4> value_t;
  static const unsigned n_elem = 10;
  static const unsigned n_param = 1;
  static const loom_hls::quant_op_t op = loom_hls::quant_int;
  static const int rounding = loom_hls::round_half_even;
  static const int in_frac = 0;
};
struct matmul1_config {
  typedef quant_in_out_t input_t;
  typedef ap_fixed<4,1> weight_t;
  typedef ap_fixed<16,-1> bias_t;
  typedef ap_fixed<23,6> accum_t;
  typedef matmul1_out_t result_t;
  static const unsigned n_in = 10;
  static const unsigned n_out = 12;
  static const unsigned n_rows = 1;
  static const unsigned n_nonzero = 106;
  static const unsigned reuse_factor = 1;
  static const unsigned multiplier_limit = 106;
  static const loom_hls::strategy_t strategy = loom_hls::latency;
};
struct relu1_config {
  typedef matmul1_out_t input_t;
  typedef relu1_out_t result_t;
  static const unsigned n = 12;
  static const bool none_pass = false;
};
struct quant_act_config {
  typedef relu1_out_t input_t;
  typedef quant_act_out_t result_t;
  typedef ap_uint<22> raw_t;
  typedef ap_int<67> wide_t;
  typedef ap_uint<1> prod_t;
  typedef ap_fixed<5, 3> value_t;
  static const unsigned n_elem = 12;
  static const unsigned n_param = 1;
  static const loom_hls::quant_op_t op = loom_hls::quant_int;
  static const int rounding = loom_hls::round_half_even;
  static const int in_frac = 0;
};
struct matmul2_config {
  typedef quant_act_out_t input_t;
  typedef ap_fixed<4,1> weight_t;
  typedef ap_ufixed<1,1> bias_t;
  typedef ap_fixed<10,5> accum_t;
  typedef matmul2_out_t result_t;
  static const unsigned n_in = 12;
  static const unsigned n_out = 3;
  static const unsigned n_rows = 1;
  static const unsigned n_nonzero = 31;
  static const unsigned reuse_factor = 1;
  static const unsigned multiplier_limit = 31;
  static const loom_hls::strategy_t strategy = loom_hls::latency;
};

#endif
