// Top function of myproject, written by loom (io_parallel).
#include "myproject.h"

// Layer outputs are static in C-simulation, so that large models do not overflow the
// stack (every element is written before it is read); in synthesis they are wires.
#ifdef __SYNTHESIS__
#define LOOM_LOCAL
#else
#define LOOM_LOCAL static
#endif

#include "weights/fc0.h"
#include "weights/fc1.h"
#include "weights/fc2.h"
#include "weights/fc3.h"
#include "weights/relu0.h"
#include "weights/relu1.h"
#include "weights/relu2.h"
#include "weights/softmax.h"

void myproject(
    const x_t x[16],
    softmax_out_t result_0[5]) {
#pragma HLS ARRAY_PARTITION variable = x complete
#pragma HLS ARRAY_PARTITION variable = result_0 complete
#pragma HLS INTERFACE ap_vld port = x,result_0
#pragma HLS PIPELINE

  LOOM_LOCAL fc0_out_t fc0_out[64];
#pragma HLS ARRAY_PARTITION variable = fc0_out complete
  LOOM_LOCAL relu0_out_t relu0_out[64];
#pragma HLS ARRAY_PARTITION variable = relu0_out complete
  LOOM_LOCAL fc1_out_t fc1_out[32];
#pragma HLS ARRAY_PARTITION variable = fc1_out complete
  LOOM_LOCAL relu1_out_t relu1_out[32];
#pragma HLS ARRAY_PARTITION variable = relu1_out complete
  LOOM_LOCAL fc2_out_t fc2_out[32];
#pragma HLS ARRAY_PARTITION variable = fc2_out complete
  LOOM_LOCAL relu2_out_t relu2_out[32];
#pragma HLS ARRAY_PARTITION variable = relu2_out complete
  LOOM_LOCAL fc3_out_t fc3_out[5];
#pragma HLS ARRAY_PARTITION variable = fc3_out complete
  LOOM_LOCAL softmax_out_t softmax_out[5];
#pragma HLS ARRAY_PARTITION variable = softmax_out complete

  loom_hls::dense_rows<fc0_config>(x, fc0_out, fc0_w, fc0_b, fc0_wi, fc0_wo);
  loom_hls::threshold_relu<relu0_config>(fc0_out, relu0_out, relu0_pass_from);
  loom_hls::dense_rows<fc1_config>(relu0_out, fc1_out, fc1_w, fc1_b, fc1_wi, fc1_wo);
  loom_hls::threshold_relu<relu1_config>(fc1_out, relu1_out, relu1_pass_from);
  loom_hls::dense_rows<fc2_config>(relu1_out, fc2_out, fc2_w, fc2_b, fc2_wi, fc2_wo);
  loom_hls::threshold_relu<relu2_config>(fc2_out, relu2_out, relu2_pass_from);
  loom_hls::dense_rows<fc3_config>(relu2_out, fc3_out, fc3_w, fc3_b, fc3_wi, fc3_wo);
  loom_hls::softmax<softmax_config>(fc3_out, softmax_out, softmax_exp, softmax_inv);
  for (int i = 0; i < 5; ++i) {
#pragma HLS UNROLL
    result_0[i] = softmax_out[i];
  }
}
