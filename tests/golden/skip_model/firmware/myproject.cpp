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

// Layer dense_a: dense, node 'dense_a' (Gemm) of skip_model.onnx.
static void dense_a_layer(const x_t x[8], dense_a_out_t dense_a_out[8]) {
#pragma HLS INLINE
  loom_hls::dense_rows<dense_a_config, dense_a_matrix>(x, dense_a_out);
}

// Layer relu_a: relu, node 'relu_a' (Relu) of skip_model.onnx.
static void relu_a_layer(const dense_a_out_t dense_a_out[8], relu_a_out_t relu_a_out[8]) {
#pragma HLS INLINE
  loom_hls::threshold_relu<relu_a_config>(dense_a_out, relu_a_out, relu_a_pass_from);
}

// Layer dense_b: dense, node 'dense_b' (Gemm) of skip_model.onnx.
static void dense_b_layer(const relu_a_out_t relu_a_out[8], dense_b_out_t dense_b_out[8]) {
#pragma HLS INLINE
  loom_hls::dense_rows<dense_b_config, dense_b_matrix>(relu_a_out, dense_b_out);
}

// Layer skip_add: add, node 'skip_add' (Add) of skip_model.onnx.
static void skip_add_layer(const dense_b_out_t dense_b_out[8], const x_t x[8], skip_add_out_t skip_add_out[8]) {
#pragma HLS INLINE
  loom_hls::merge<skip_add_config>(dense_b_out, x, skip_add_out, loom_hls::no_map, loom_hls::no_map);
}

// Layer relu_skip: relu, node 'relu_skip' (Relu) of skip_model.onnx.
static void relu_skip_layer(const skip_add_out_t skip_add_out[8], relu_skip_out_t relu_skip_out[8]) {
#pragma HLS INLINE
  loom_hls::threshold_relu<relu_skip_config>(skip_add_out, relu_skip_out, relu_skip_pass_from);
}

// Layer concat: concat, node 'concat' (Concat) of skip_model.onnx.
static void concat_layer(const relu_skip_out_t relu_skip_out[8], const relu_a_out_t relu_a_out[8], concat_out_t concat_out[16]) {
#pragma HLS INLINE
  loom_hls::gather<concat_i0_config>(relu_skip_out, concat_out, concat_i0_table, concat_pad);
  loom_hls::gather<concat_i1_config>(relu_a_out, concat_out, concat_i1_table, concat_pad);
}

// Layer dense_out: dense, node 'dense_out' (Gemm) of skip_model.onnx.
static void dense_out_layer(const concat_out_t concat_out[16], dense_out_out_t dense_out_out[4]) {
#pragma HLS INLINE
  loom_hls::dense_rows<dense_out_config, dense_out_matrix>(concat_out, dense_out_out);
}

// Layer sigmoid: sigmoid, node 'sigmoid' (Sigmoid) of skip_model.onnx.
static void sigmoid_layer(const dense_out_out_t dense_out_out[4], sigmoid_out_t sigmoid_out[4]) {
#pragma HLS INLINE
  loom_hls::lut_activation<sigmoid_config>(dense_out_out, sigmoid_out, sigmoid_table);
}

static void write_result_0(const sigmoid_out_t x[4], sigmoid_out_t y[4]) {
#pragma HLS INLINE
  for (int i = 0; i < 4; ++i) {
#pragma HLS UNROLL
    y[i] = x[i];
  }
}

void myproject(
    const x_t x[8],
    sigmoid_out_t result_0[4]) {
#pragma HLS ARRAY_PARTITION variable = x complete
#pragma HLS ARRAY_PARTITION variable = result_0 complete
#pragma HLS INTERFACE ap_vld port = x,result_0
#pragma HLS PIPELINE II = 1

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

  dense_a_layer(x, dense_a_out);
  relu_a_layer(dense_a_out, relu_a_out);
  dense_b_layer(relu_a_out, dense_b_out);
  skip_add_layer(dense_b_out, x, skip_add_out);
  relu_skip_layer(skip_add_out, relu_skip_out);
  concat_layer(relu_skip_out, relu_a_out, concat_out);
  dense_out_layer(concat_out, dense_out_out);
  sigmoid_layer(dense_out_out, sigmoid_out);
  write_result_0(sigmoid_out, result_0);
}
