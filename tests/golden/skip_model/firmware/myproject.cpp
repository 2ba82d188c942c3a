// Top function of myproject, written by loom (io_parallel).
#include "myproject.h"

// Layer outputs are static in C-simulation, so that large models do not overflow the
// stack (every element is written before it is read); in synthesis they are wires.
#ifdef __SYNTHESIS__
#define LOOM_LOCAL
#else
#define LOOM_LOCAL static
#endif

#include "weights/concat.h"
#include "weights/dense_a.h"
#include "weights/dense_b.h"
#include "weights/dense_out.h"
#include "weights/relu_a.h"
#include "weights/relu_skip.h"
#include "weights/sigmoid.h"

void myproject(
    const x_t x[8],
    sigmoid_out_t result_0[4]) {
#pragma HLS ARRAY_PARTITION variable = x complete
#pragma HLS ARRAY_PARTITION variable = result_0 complete
#pragma HLS INTERFACE ap_vld port = x,result_0
#pragma HLS PIPELINE

  LOOM_LOCAL dense_a_out_t dense_a_out[8];
#pragma HLS ARRAY_PARTITION variable = dense_a_out complete
  LOOM_LOCAL relu_a_out_t relu_a_out[8];
#pragma HLS ARRAY_PARTITION variable = relu_a_out complete
  LOOM_LOCAL dense_b_out_t dense_b_out[8];
#pragma HLS ARRAY_PARTITION variable = dense_b_out complete
  LOOM_LOCAL skip_add_out_t skip_add_out[8];
#pragma HLS ARRAY_PARTITION variable = skip_add_out complete
  LOOM_LOCAL relu_skip_out_t relu_skip_out[8];
#pragma HLS ARRAY_PARTITION variable = relu_skip_out complete
  LOOM_LOCAL concat_out_t concat_out[16];
#pragma HLS ARRAY_PARTITION variable = concat_out complete
  LOOM_LOCAL dense_out_out_t dense_out_out[4];
#pragma HLS ARRAY_PARTITION variable = dense_out_out complete
  LOOM_LOCAL sigmoid_out_t sigmoid_out[4];
#pragma HLS ARRAY_PARTITION variable = sigmoid_out complete

  loom_hls::dense_rows<dense_a_config>(x, dense_a_out, dense_a_w, dense_a_b, dense_a_wi, dense_a_wo);
  loom_hls::threshold_relu<relu_a_config>(dense_a_out, relu_a_out, relu_a_pass_from);
  loom_hls::dense_rows<dense_b_config>(relu_a_out, dense_b_out, dense_b_w, dense_b_b, dense_b_wi, dense_b_wo);
  loom_hls::merge<skip_add_config>(dense_b_out, x, skip_add_out, loom_hls::no_map, loom_hls::no_map);
  loom_hls::threshold_relu<relu_skip_config>(skip_add_out, relu_skip_out, relu_skip_pass_from);
  loom_hls::gather<concat_i0_config>(relu_skip_out, concat_out, concat_i0_table, concat_pad);
  loom_hls::gather<concat_i1_config>(relu_a_out, concat_out, concat_i1_table, concat_pad);
  loom_hls::dense_rows<dense_out_config>(concat_out, dense_out_out, dense_out_w, dense_out_b, dense_out_wi, dense_out_wo);
  loom_hls::lut_activation<sigmoid_config>(dense_out_out, sigmoid_out, sigmoid_table);
  for (int i = 0; i < 4; ++i) {
#pragma HLS UNROLL
    result_0[i] = sigmoid_out[i];
  }
}
