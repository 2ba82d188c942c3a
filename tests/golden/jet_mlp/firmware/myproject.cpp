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

// Layer fc0: dense, node 'fc0' (Gemm) of jet_mlp.onnx.
static void fc0_layer(const x_t x[16], fc0_out_t fc0_out[64]) {
#pragma HLS INLINE
  loom_hls::dense_rows<fc0_config, fc0_matrix>(x, fc0_out);
}

// Layer relu0: relu, node 'relu0' (Relu) of jet_mlp.onnx.
static void relu0_layer(const fc0_out_t fc0_out[64], relu0_out_t relu0_out[64]) {
#pragma HLS INLINE
  loom_hls::threshold_relu<relu0_config>(fc0_out, relu0_out, relu0_pass_from);
}

// Layer fc1: dense, node 'fc1' (Gemm) of jet_mlp.onnx.
static void fc1_layer(const relu0_out_t relu0_out[64], fc1_out_t fc1_out[32]) {
#pragma HLS INLINE
  loom_hls::dense_rows<fc1_config, fc1_matrix>(relu0_out, fc1_out);
}

// Layer relu1: relu, node 'relu1' (Relu) of jet_mlp.onnx.
static void relu1_layer(const fc1_out_t fc1_out[32], relu1_out_t relu1_out[32]) {
#pragma HLS INLINE
  loom_hls::threshold_relu<relu1_config>(fc1_out, relu1_out, relu1_pass_from);
}

// Layer fc2: dense, node 'fc2' (Gemm) of jet_mlp.onnx.
static void fc2_layer(const relu1_out_t relu1_out[32], fc2_out_t fc2_out[32]) {
#pragma HLS INLINE
  loom_hls::dense_rows<fc2_config, fc2_matrix>(relu1_out, fc2_out);
}

// Layer relu2: relu, node 'relu2' (Relu) of jet_mlp.onnx.
static void relu2_layer(const fc2_out_t fc2_out[32], relu2_out_t relu2_out[32]) {
#pragma HLS INLINE
  loom_hls::threshold_relu<relu2_config>(fc2_out, relu2_out, relu2_pass_from);
}

// Layer fc3: dense, node 'fc3' (Gemm) of jet_mlp.onnx.
static void fc3_layer(const relu2_out_t relu2_out[32], fc3_out_t fc3_out[5]) {
#pragma HLS INLINE
  loom_hls::dense_rows<fc3_config, fc3_matrix>(relu2_out, fc3_out);
}

// Layer softmax: softmax, node 'softmax' (Softmax) of jet_mlp.onnx.
static void softmax_layer(const fc3_out_t fc3_out[5], softmax_out_t softmax_out[5]) {
#pragma HLS INLINE
  loom_hls::softmax<softmax_config>(fc3_out, softmax_out, softmax_exp, softmax_inv);
}

static void write_result_0(const softmax_out_t x[5], softmax_out_t y[5]) {
#pragma HLS INLINE
  for (int i = 0; i < 5; ++i) {
#pragma HLS UNROLL
    y[i] = x[i];
  }
}

void myproject(
    const x_t x[16],
    softmax_out_t result_0[5]) {
#pragma HLS ARRAY_PARTITION variable = x complete
#pragma HLS ARRAY_PARTITION variable = result_0 complete
#pragma HLS INTERFACE ap_vld port = x,result_0
#pragma HLS PIPELINE II = 1

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

  fc0_layer(x, fc0_out);
  relu0_layer(fc0_out, relu0_out);
  fc1_layer(relu0_out, fc1_out);
  relu1_layer(fc1_out, relu1_out);
  fc2_layer(relu1_out, fc2_out);
  relu2_layer(fc2_out, relu2_out);
  fc3_layer(relu2_out, fc3_out);
  softmax_layer(fc3_out, softmax_out);
  write_result_0(softmax_out, result_0);
}
