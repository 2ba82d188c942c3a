// Top function of myproject, written by loom (io_parallel).
#include "myproject.h"

// Layer outputs are static in C-simulation, so that large models do not overflow the
// stack (every element is written before it is read); in synthesis they are wires.
#ifdef __SYNTHESIS__
#define LOOM_LOCAL
#else
#define LOOM_LOCAL static
#endif

#include "weights/conv1.h"
#include "weights/conv1_to_last.h"
#include "weights/conv2.h"
#include "weights/fc.h"
#include "weights/flatten.h"
#include "weights/gap.h"
#include "weights/pool1.h"
#include "weights/relu1.h"
#include "weights/relu2.h"
#include "weights/softmax.h"

void myproject(
    const x_t x[144],
    softmax_out_t result_0[3]) {
#pragma HLS ARRAY_PARTITION variable = x complete
#pragma HLS ARRAY_PARTITION variable = result_0 complete
#pragma HLS INTERFACE ap_vld port = x,result_0
#pragma HLS PIPELINE

  LOOM_LOCAL conv1_to_last_out_t conv1_to_last_out[144];
#pragma HLS ARRAY_PARTITION variable = conv1_to_last_out complete
  LOOM_LOCAL conv1_out_t conv1_out[576];
#pragma HLS ARRAY_PARTITION variable = conv1_out complete
  LOOM_LOCAL relu1_out_t relu1_out[576];
#pragma HLS ARRAY_PARTITION variable = relu1_out complete
  LOOM_LOCAL pool1_out_t pool1_out[144];
#pragma HLS ARRAY_PARTITION variable = pool1_out complete
  LOOM_LOCAL conv2_out_t conv2_out[128];
#pragma HLS ARRAY_PARTITION variable = conv2_out complete
  LOOM_LOCAL relu2_out_t relu2_out[128];
#pragma HLS ARRAY_PARTITION variable = relu2_out complete
  LOOM_LOCAL gap_out_t gap_out[8];
#pragma HLS ARRAY_PARTITION variable = gap_out complete
  LOOM_LOCAL flatten_out_t flatten_out[8];
#pragma HLS ARRAY_PARTITION variable = flatten_out complete
  LOOM_LOCAL fc_out_t fc_out[3];
#pragma HLS ARRAY_PARTITION variable = fc_out complete
  LOOM_LOCAL softmax_out_t softmax_out[3];
#pragma HLS ARRAY_PARTITION variable = softmax_out complete

  loom_hls::gather<conv1_to_last_config>(x, conv1_to_last_out, conv1_to_last_table, conv1_to_last_pad);
  loom_hls::conv_group<conv1_conv>(conv1_to_last_out, conv1_out, conv1_w, conv1_b, conv1_wi, conv1_wo, conv1_gather, conv1_scatter);
  loom_hls::threshold_relu<relu1_config>(conv1_out, relu1_out, relu1_pass_from);
  loom_hls::max_pool<pool1_config>(relu1_out, pool1_out, pool1_taps);
  loom_hls::conv_group<conv2_conv>(pool1_out, conv2_out, conv2_w, conv2_b, conv2_wi, conv2_wo, conv2_gather, conv2_scatter);
  loom_hls::threshold_relu<relu2_config>(conv2_out, relu2_out, relu2_pass_from);
  loom_hls::average_pool<gap_config>(relu2_out, gap_out, gap_taps, gap_count);
  loom_hls::gather<flatten_config>(gap_out, flatten_out, flatten_table, flatten_pad);
  loom_hls::dense_rows<fc_config>(flatten_out, fc_out, fc_w, fc_b, fc_wi, fc_wo);
  loom_hls::softmax<softmax_config>(fc_out, softmax_out, softmax_exp, softmax_inv);
  for (int i = 0; i < 3; ++i) {
#pragma HLS UNROLL
    result_0[i] = softmax_out[i];
  }
}
