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

// Layer conv1_to_last: transpose, node 'conv1' (Conv) of small_cnn.onnx.
static void conv1_to_last_layer(const x_t x[144], conv1_to_last_out_t conv1_to_last_out[144]) {
#pragma HLS INLINE off
#pragma HLS PIPELINE II = 1
  loom_hls::gather<conv1_to_last_config>(x, conv1_to_last_out, conv1_to_last_table, conv1_to_last_pad);
}

// Layer conv1: conv, node 'conv1' (Conv) of small_cnn.onnx.
static void conv1_layer(const conv1_to_last_out_t conv1_to_last_out[144], conv1_out_t conv1_out[576]) {
#pragma HLS INLINE off
  loom_hls::conv_group_partitions<conv1_conv, conv1_matrix>(conv1_to_last_out, conv1_out);
}

// Layer relu1: relu, node 'relu1' (Relu) of small_cnn.onnx.
static void relu1_layer(const conv1_out_t conv1_out[576], relu1_out_t relu1_out[576]) {
#pragma HLS INLINE off
#pragma HLS PIPELINE II = 1
  loom_hls::threshold_relu<relu1_config>(conv1_out, relu1_out, relu1_pass_from);
}

// Layer pool1: max_pool, node 'pool1' (MaxPool) of small_cnn.onnx.
static void pool1_layer(const relu1_out_t relu1_out[576], pool1_out_t pool1_out[144]) {
#pragma HLS INLINE off
#pragma HLS PIPELINE II = 1
  loom_hls::max_pool<pool1_config>(relu1_out, pool1_out, pool1_taps);
}

// Layer conv2: conv, node 'conv2' (Conv) of small_cnn.onnx.
static void conv2_layer(const pool1_out_t pool1_out[144], conv2_out_t conv2_out[128]) {
#pragma HLS INLINE off
  loom_hls::conv_group_partitions<conv2_conv, conv2_matrix>(pool1_out, conv2_out);
}

// Layer relu2: relu, node 'relu2' (Relu) of small_cnn.onnx.
static void relu2_layer(const conv2_out_t conv2_out[128], relu2_out_t relu2_out[128]) {
#pragma HLS INLINE off
#pragma HLS PIPELINE II = 1
  loom_hls::threshold_relu<relu2_config>(conv2_out, relu2_out, relu2_pass_from);
}

// Layer gap: global_average_pool, node 'gap' (GlobalAveragePool) of small_cnn.onnx.
static void gap_layer(const relu2_out_t relu2_out[128], gap_out_t gap_out[8]) {
#pragma HLS INLINE off
#pragma HLS PIPELINE II = 1
  loom_hls::average_pool<gap_config>(relu2_out, gap_out, gap_taps, gap_count);
}

// Layer flatten: reshape, node 'flatten' (Flatten) of small_cnn.onnx.
static void flatten_layer(const gap_out_t gap_out[8], flatten_out_t flatten_out[8]) {
#pragma HLS INLINE off
#pragma HLS PIPELINE II = 1
  loom_hls::gather<flatten_config>(gap_out, flatten_out, flatten_table, flatten_pad);
}

// Layer fc: dense, node 'fc' (Gemm) of small_cnn.onnx.
static void fc_layer(const flatten_out_t flatten_out[8], fc_out_t fc_out[3]) {
#pragma HLS INLINE off
#pragma HLS PIPELINE II = 1
  loom_hls::dense_rows<fc_config, fc_matrix>(flatten_out, fc_out);
}

// Layer softmax: softmax, node 'softmax' (Softmax) of small_cnn.onnx.
static void softmax_layer(const fc_out_t fc_out[3], softmax_out_t softmax_out[3]) {
#pragma HLS INLINE off
#pragma HLS PIPELINE II = 1
  loom_hls::softmax<softmax_config>(fc_out, softmax_out, softmax_exp, softmax_inv);
}

static void write_result_0(const softmax_out_t x[3], softmax_out_t y[3]) {
#pragma HLS INLINE off
#pragma HLS PIPELINE
  for (int i = 0; i < 3; ++i) {
#pragma HLS UNROLL
    y[i] = x[i];
  }
}

void myproject(
    const x_t x[144],
    softmax_out_t result_0[3]) {
#pragma HLS ARRAY_PARTITION variable = x complete
#pragma HLS ARRAY_PARTITION variable = result_0 complete
#pragma HLS INTERFACE ap_vld port = x,result_0
#pragma HLS DATAFLOW

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

  conv1_to_last_layer(x, conv1_to_last_out);
  conv1_layer(conv1_to_last_out, conv1_out);
  relu1_layer(conv1_out, relu1_out);
  pool1_layer(relu1_out, pool1_out);
  conv2_layer(pool1_out, conv2_out);
  relu2_layer(conv2_out, relu2_out);
  gap_layer(relu2_out, gap_out);
  flatten_layer(gap_out, flatten_out);
  fc_layer(flatten_out, fc_out);
  softmax_layer(fc_out, softmax_out);
  write_result_0(softmax_out, result_0);
}
