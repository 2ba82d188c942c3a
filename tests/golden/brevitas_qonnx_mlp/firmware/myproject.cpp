// Top function of myproject, written by loom (io_parallel).
#include "myproject.h"

// Layer outputs are static in C-simulation, so that large models do not overflow the
// stack (every element is written before it is read); in synthesis they are wires.
#ifdef __SYNTHESIS__
#define LOOM_LOCAL
#else
#define LOOM_LOCAL static
#endif

#include "weights/matmul1.h"
#include "weights/matmul2.h"
#include "weights/quant_act.h"
#include "weights/quant_in.h"
#include "weights/relu1.h"

// Layer quant_in: quant, node 'quant_in' (Quant) of brevitas_qonnx_mlp.onnx.
static void quant_in_layer(const x_t x[10], quant_in_out_t quant_in_out[10]) {
#pragma HLS INLINE
  loom_hls::quant<quant_in_config>(x, quant_in_out, quant_in_p);
}

// Layer matmul1: dense, node 'matmul1' (MatMul) of brevitas_qonnx_mlp.onnx.
static void matmul1_layer(const quant_in_out_t quant_in_out[10], matmul1_out_t matmul1_out[12]) {
#pragma HLS INLINE
  loom_hls::dense_rows<matmul1_config, matmul1_matrix>(quant_in_out, matmul1_out);
}

// Layer relu1: relu, node 'relu1' (Relu) of brevitas_qonnx_mlp.onnx.
static void relu1_layer(const matmul1_out_t matmul1_out[12], relu1_out_t relu1_out[12]) {
#pragma HLS INLINE
  loom_hls::threshold_relu<relu1_config>(matmul1_out, relu1_out, relu1_pass_from);
}

// Layer quant_act: quant, node 'quant_act' (Quant) of brevitas_qonnx_mlp.onnx.
static void quant_act_layer(const relu1_out_t relu1_out[12], quant_act_out_t quant_act_out[12]) {
#pragma HLS INLINE
  loom_hls::quant<quant_act_config>(relu1_out, quant_act_out, quant_act_p);
}

// Layer matmul2: dense, node 'matmul2' (MatMul) of brevitas_qonnx_mlp.onnx.
static void matmul2_layer(const quant_act_out_t quant_act_out[12], matmul2_out_t matmul2_out[3]) {
#pragma HLS INLINE
  loom_hls::dense_rows<matmul2_config, matmul2_matrix>(quant_act_out, matmul2_out);
}

static void write_result_0(const matmul2_out_t x[3], matmul2_out_t y[3]) {
#pragma HLS INLINE
  for (int i = 0; i < 3; ++i) {
#pragma HLS UNROLL
    y[i] = x[i];
  }
}

void myproject(
    const x_t x[10],
    matmul2_out_t result_0[3]) {
#pragma HLS ARRAY_PARTITION variable = x complete
#pragma HLS ARRAY_PARTITION variable = result_0 complete
#pragma HLS INTERFACE ap_vld port = x,result_0
#pragma HLS PIPELINE II = 1

  LOOM_LOCAL quant_in_out_t quant_in_out[10];
#pragma HLS ARRAY_PARTITION variable = quant_in_out complete
  LOOM_LOCAL matmul1_out_t matmul1_out[12];
#pragma HLS ARRAY_PARTITION variable = matmul1_out complete
  LOOM_LOCAL relu1_out_t relu1_out[12];
#pragma HLS ARRAY_PARTITION variable = relu1_out complete
  LOOM_LOCAL quant_act_out_t quant_act_out[12];
#pragma HLS ARRAY_PARTITION variable = quant_act_out complete
  LOOM_LOCAL matmul2_out_t matmul2_out[3];
#pragma HLS ARRAY_PARTITION variable = matmul2_out complete

  quant_in_layer(x, quant_in_out);
  matmul1_layer(quant_in_out, matmul1_out);
  relu1_layer(matmul1_out, relu1_out);
  quant_act_layer(relu1_out, quant_act_out);
  matmul2_layer(quant_act_out, matmul2_out);
  write_result_0(matmul2_out, result_0);
}
