// Top function of myproject, written by loom (io_parallel).
#include "myproject.h"

// Layer outputs are static in C-simulation, so that large models do not overflow the
// stack (every element is written before it is read); in synthesis they are wires.
#ifdef __SYNTHESIS__
#define LOOM_LOCAL
#else
#define LOOM_LOCAL static
#endif

#include "weights/conv.h"
#include "weights/conv_to_last.h"
#include "weights/fc.h"
#include "weights/flatten.h"
#include "weights/leaky.h"
#include "weights/pool.h"
#include "weights/tanh.h"

// Layer conv_to_last: transpose, node 'conv' (Conv) of conv1d_pruned.onnx.
static void conv_to_last_layer(const x_t x[24], conv_to_last_out_t conv_to_last_out[24]) {
#pragma HLS INLINE off
#pragma HLS PIPELINE II = 1
  loom_hls::gather<conv_to_last_config>(x, conv_to_last_out, conv_to_last_table, conv_to_last_pad);
}

// Layer conv: conv, node 'conv' (Conv) of conv1d_pruned.onnx.
static void conv_layer(const conv_to_last_out_t conv_to_last_out[24], conv_out_t conv_out[48]) {
#pragma HLS INLINE off
  loom_hls::conv_group_sequential<conv_conv, conv_matrix>(conv_to_last_out, conv_out);
}

// Layer leaky: leaky_relu, node 'leaky' (LeakyRelu) of conv1d_pruned.onnx.
static void leaky_layer(const conv_out_t conv_out[48], leaky_out_t leaky_out[48]) {
#pragma HLS INLINE off
#pragma HLS PIPELINE II = 1
  loom_hls::leaky_relu<leaky_config>(conv_out, leaky_out, leaky_alpha, loom_hls::no_map);
}

// Layer pool: average_pool, node 'pool' (AveragePool) of conv1d_pruned.onnx.
static void pool_layer(const leaky_out_t leaky_out[48], pool_out_t pool_out[24]) {
#pragma HLS INLINE off
#pragma HLS PIPELINE II = 1
  loom_hls::average_pool<pool_config>(leaky_out, pool_out, pool_taps, pool_count);
}

// Layer flatten: reshape, node 'flatten' (Flatten) of conv1d_pruned.onnx.
static void flatten_layer(const pool_out_t pool_out[24], flatten_out_t flatten_out[24]) {
#pragma HLS INLINE off
#pragma HLS PIPELINE II = 1
  loom_hls::gather<flatten_config>(pool_out, flatten_out, flatten_table, flatten_pad);
}

// Layer fc: dense, node 'fc' (Gemm) of conv1d_pruned.onnx.
static void fc_layer(const flatten_out_t flatten_out[24], fc_out_t fc_out[6]) {
#pragma HLS INLINE off
  loom_hls::dense_rows<fc_config, fc_matrix>(flatten_out, fc_out);
}

// Layer tanh: tanh, node 'tanh' (Tanh) of conv1d_pruned.onnx.
static void tanh_layer(const fc_out_t fc_out[6], tanh_out_t tanh_out[6]) {
#pragma HLS INLINE off
#pragma HLS PIPELINE II = 1
  loom_hls::lut_activation<tanh_config>(fc_out, tanh_out, tanh_table);
}

static void write_result_0(const tanh_out_t x[6], tanh_out_t y[6]) {
#pragma HLS INLINE off
#pragma HLS PIPELINE
  for (int i = 0; i < 6; ++i) {
#pragma HLS UNROLL
    y[i] = x[i];
  }
}

void myproject(
    const x_t x[24],
    tanh_out_t result_0[6]) {
#pragma HLS ARRAY_PARTITION variable = x complete
#pragma HLS ARRAY_PARTITION variable = result_0 complete
#pragma HLS INTERFACE ap_vld port = x,result_0
#pragma HLS DATAFLOW

  LOOM_LOCAL conv_to_last_out_t conv_to_last_out[24];
#pragma HLS ARRAY_PARTITION variable = conv_to_last_out complete
  LOOM_LOCAL conv_out_t conv_out[48];
#pragma HLS ARRAY_PARTITION variable = conv_out complete
  LOOM_LOCAL leaky_out_t leaky_out[48];
#pragma HLS ARRAY_PARTITION variable = leaky_out complete
  LOOM_LOCAL pool_out_t pool_out[24];
#pragma HLS ARRAY_PARTITION variable = pool_out complete
  LOOM_LOCAL flatten_out_t flatten_out[24];
#pragma HLS ARRAY_PARTITION variable = flatten_out complete
  LOOM_LOCAL fc_out_t fc_out[6];
#pragma HLS ARRAY_PARTITION variable = fc_out complete
  LOOM_LOCAL tanh_out_t tanh_out[6];
#pragma HLS ARRAY_PARTITION variable = tanh_out complete

  conv_to_last_layer(x, conv_to_last_out);
  conv_layer(conv_to_last_out, conv_out);
  leaky_layer(conv_out, leaky_out);
  pool_layer(leaky_out, pool_out);
  flatten_layer(pool_out, flatten_out);
  fc_layer(flatten_out, fc_out);
  tanh_layer(fc_out, tanh_out);
  write_result_0(tanh_out, result_0);
}
