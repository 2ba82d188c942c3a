// Top function of myproject, written by loom (io_stream).
#include "myproject.h"

#include "weights/conv1.h"
#include "weights/conv2.h"
#include "weights/fc.h"
#include "weights/pool1.h"
#include "weights/relu1.h"
#include "weights/relu2.h"
#include "weights/softmax.h"

// Layer conv1_layer: conv, node 'conv1' (Conv) of small_cnn.onnx.
static void conv1_layer(hls::stream<conv1_to_last_out_beat_t>& x0, hls::stream<conv1_out_beat_t>& y0) {
#pragma HLS INLINE off
  loom_hls::window_stream<conv1_window, conv1_op>(x0, y0);
}

// Layer relu1_layer: relu, node 'relu1' (Relu) of small_cnn.onnx.
static void relu1_layer(hls::stream<conv1_out_beat_t>& x0, hls::stream<relu1_out_beat_t>& y0) {
#pragma HLS INLINE off
  for (unsigned p = 0; p < 144; ++p) {
#pragma HLS PIPELINE II = 1
    const conv1_out_beat_t b0 = x0.read();
    relu1_out_beat_t o0;
    loom_hls::threshold_relu<relu1_config>(b0.data, o0.data, relu1_pass_from);
    y0.write(o0);
  }
}

// Layer pool1_layer: max_pool, node 'pool1' (MaxPool) of small_cnn.onnx.
static void pool1_layer(hls::stream<relu1_out_beat_t>& x0, hls::stream<pool1_out_beat_t>& y0) {
#pragma HLS INLINE off
  loom_hls::window_stream<pool1_window, pool1_op>(x0, y0);
}

// Layer conv2_layer: conv, node 'conv2' (Conv) of small_cnn.onnx.
static void conv2_layer(hls::stream<pool1_out_beat_t>& x0, hls::stream<conv2_out_beat_t>& y0) {
#pragma HLS INLINE off
  loom_hls::window_stream<conv2_window, conv2_op>(x0, y0);
}

// Layer relu2_layer: relu, node 'relu2' (Relu) of small_cnn.onnx.
static void relu2_layer(hls::stream<conv2_out_beat_t>& x0, hls::stream<relu2_out_beat_t>& y0) {
#pragma HLS INLINE off
  for (unsigned p = 0; p < 16; ++p) {
#pragma HLS PIPELINE II = 1
    const conv2_out_beat_t b0 = x0.read();
    relu2_out_beat_t o0;
    loom_hls::threshold_relu<relu2_config>(b0.data, o0.data, relu2_pass_from);
    y0.write(o0);
  }
}

// Layer gap_layer: global_average_pool, node 'gap' (GlobalAveragePool) of small_cnn.onnx.
static void gap_layer(hls::stream<relu2_out_beat_t>& x0, hls::stream<gap_out_beat_t>& y0) {
#pragma HLS INLINE off
  loom_hls::global_average_stream<gap_pool>(x0, y0);
}

// Layer flatten_layer: reshape, node 'flatten' (Flatten) of small_cnn.onnx.
static void flatten_layer(hls::stream<gap_out_beat_t>& x0, hls::stream<flatten_out_beat_t>& y0) {
#pragma HLS INLINE off
  for (unsigned p = 0; p < 1; ++p) {
#pragma HLS PIPELINE
    const gap_out_beat_t b0 = x0.read();
    flatten_out_beat_t o0;
    o0.data[0] = (flatten_out_t)b0.data[0];
    o0.data[1] = (flatten_out_t)b0.data[1];
    o0.data[2] = (flatten_out_t)b0.data[2];
    o0.data[3] = (flatten_out_t)b0.data[3];
    o0.data[4] = (flatten_out_t)b0.data[4];
    o0.data[5] = (flatten_out_t)b0.data[5];
    o0.data[6] = (flatten_out_t)b0.data[6];
    o0.data[7] = (flatten_out_t)b0.data[7];
    y0.write(o0);
  }
}

// Layer fc_layer: dense, node 'fc' (Gemm) of small_cnn.onnx.
static void fc_layer(hls::stream<flatten_out_beat_t>& x0, hls::stream<fc_out_beat_t>& y0) {
#pragma HLS INLINE off
  for (unsigned p = 0; p < 1; ++p) {
#pragma HLS PIPELINE II = 1
    const flatten_out_beat_t b0 = x0.read();
    fc_out_beat_t o0;
    loom_hls::dense_rows<fc_config, fc_matrix>(b0.data, o0.data);
    y0.write(o0);
  }
}

// Layer softmax_layer: softmax, node 'softmax' (Softmax) of small_cnn.onnx.
static void softmax_layer(hls::stream<fc_out_beat_t>& x0, hls::stream<softmax_out_beat_t>& y0) {
#pragma HLS INLINE off
  for (unsigned p = 0; p < 1; ++p) {
#pragma HLS PIPELINE II = 1
    const fc_out_beat_t b0 = x0.read();
    softmax_out_beat_t o0;
    loom_hls::softmax<softmax_config>(b0.data, o0.data, softmax_exp, softmax_inv);
    y0.write(o0);
  }
}

static void write_result_0(hls::stream<softmax_out_beat_t>& x, hls::stream<softmax_out_beat_t>& y) {
#pragma HLS INLINE off
  for (unsigned p = 0; p < 1; ++p) {
#pragma HLS PIPELINE
    y.write(x.read());
  }
}

void myproject(
    hls::stream<conv1_to_last_out_beat_t>& x,
    hls::stream<softmax_out_beat_t>& result_0) {
#pragma HLS INTERFACE axis port = x
#pragma HLS INTERFACE axis port = result_0
#pragma HLS DATAFLOW

  hls::stream<conv1_out_beat_t> conv1_out("conv1_out");
#pragma HLS STREAM variable = conv1_out depth = 144
  hls::stream<relu1_out_beat_t> relu1_out("relu1_out");
#pragma HLS STREAM variable = relu1_out depth = 144
  hls::stream<pool1_out_beat_t> pool1_out("pool1_out");
#pragma HLS STREAM variable = pool1_out depth = 36
  hls::stream<conv2_out_beat_t> conv2_out("conv2_out");
#pragma HLS STREAM variable = conv2_out depth = 16
  hls::stream<relu2_out_beat_t> relu2_out("relu2_out");
#pragma HLS STREAM variable = relu2_out depth = 16
  hls::stream<gap_out_beat_t> gap_out("gap_out");
#pragma HLS STREAM variable = gap_out depth = 1
  hls::stream<flatten_out_beat_t> flatten_out("flatten_out");
#pragma HLS STREAM variable = flatten_out depth = 1
  hls::stream<fc_out_beat_t> fc_out("fc_out");
#pragma HLS STREAM variable = fc_out depth = 1
  hls::stream<softmax_out_beat_t> softmax_out("softmax_out");
#pragma HLS STREAM variable = softmax_out depth = 1

#ifndef LOOM_THREADED_DATAFLOW
  conv1_layer(x, conv1_out);
  relu1_layer(conv1_out, relu1_out);
  pool1_layer(relu1_out, pool1_out);
  conv2_layer(pool1_out, conv2_out);
  relu2_layer(conv2_out, relu2_out);
  gap_layer(relu2_out, gap_out);
  flatten_layer(gap_out, flatten_out);
  fc_layer(flatten_out, fc_out);
  softmax_layer(fc_out, softmax_out);
  write_result_0(softmax_out, result_0);
#else
  loom_threaded::set_depth(conv1_out, 144);
  loom_threaded::set_depth(relu1_out, 144);
  loom_threaded::set_depth(pool1_out, 36);
  loom_threaded::set_depth(conv2_out, 16);
  loom_threaded::set_depth(relu2_out, 16);
  loom_threaded::set_depth(gap_out, 1);
  loom_threaded::set_depth(flatten_out, 1);
  loom_threaded::set_depth(fc_out, 1);
  loom_threaded::set_depth(softmax_out, 1);
  const std::vector<loom_threaded::process> processes = {
      {"conv1_layer", [&] { conv1_layer(x, conv1_out); }},
      {"relu1_layer", [&] { relu1_layer(conv1_out, relu1_out); }},
      {"pool1_layer", [&] { pool1_layer(relu1_out, pool1_out); }},
      {"conv2_layer", [&] { conv2_layer(pool1_out, conv2_out); }},
      {"relu2_layer", [&] { relu2_layer(conv2_out, relu2_out); }},
      {"gap_layer", [&] { gap_layer(relu2_out, gap_out); }},
      {"flatten_layer", [&] { flatten_layer(gap_out, flatten_out); }},
      {"fc_layer", [&] { fc_layer(flatten_out, fc_out); }},
      {"softmax_layer", [&] { softmax_layer(fc_out, softmax_out); }},
      {"write_result_0", [&] { write_result_0(softmax_out, result_0); }},
  };
  loom_threaded::run(processes);
#endif
}
