// Top function of myproject, written by loom (io_stream).
#include "myproject.h"

#include "weights/dense_a.h"
#include "weights/dense_b.h"
#include "weights/dense_out.h"
#include "weights/relu_a.h"
#include "weights/relu_skip.h"
#include "weights/sigmoid.h"

// One copy of x per reader (a FIFO has one).
static void clone_x(hls::stream<x_beat_t>& x, hls::stream<x_beat_t>& y0, hls::stream<x_beat_t>& y1) {
#pragma HLS INLINE off
  for (unsigned p = 0; p < 1; ++p) {
#pragma HLS PIPELINE
    const x_beat_t b = x.read();
    y0.write(b);
    y1.write(b);
  }
}

// Layer dense_a_layer: dense, node 'dense_a' (Gemm) of skip_model.onnx.
static void dense_a_layer(hls::stream<x_beat_t>& x0, hls::stream<dense_a_out_beat_t>& y0) {
#pragma HLS INLINE off
  for (unsigned p = 0; p < 1; ++p) {
#pragma HLS PIPELINE II = 1
    const x_beat_t b0 = x0.read();
    dense_a_out_beat_t o0;
    loom_hls::dense_rows<dense_a_config, dense_a_matrix>(b0.data, o0.data);
    y0.write(o0);
  }
}

// Layer relu_a_layer: relu, node 'relu_a' (Relu) of skip_model.onnx.
static void relu_a_layer(hls::stream<dense_a_out_beat_t>& x0, hls::stream<relu_a_out_beat_t>& y0) {
#pragma HLS INLINE off
  for (unsigned p = 0; p < 1; ++p) {
#pragma HLS PIPELINE II = 1
    const dense_a_out_beat_t b0 = x0.read();
    relu_a_out_beat_t o0;
    loom_hls::threshold_relu<relu_a_config>(b0.data, o0.data, relu_a_pass_from);
    y0.write(o0);
  }
}

// One copy of relu_a_out per reader (a FIFO has one).
static void clone_relu_a_out(hls::stream<relu_a_out_beat_t>& x, hls::stream<relu_a_out_beat_t>& y0, hls::stream<relu_a_out_beat_t>& y1) {
#pragma HLS INLINE off
  for (unsigned p = 0; p < 1; ++p) {
#pragma HLS PIPELINE
    const relu_a_out_beat_t b = x.read();
    y0.write(b);
    y1.write(b);
  }
}

// Layer dense_b_layer: dense, node 'dense_b' (Gemm) of skip_model.onnx.
static void dense_b_layer(hls::stream<relu_a_out_beat_t>& x0, hls::stream<dense_b_out_beat_t>& y0) {
#pragma HLS INLINE off
  for (unsigned p = 0; p < 1; ++p) {
#pragma HLS PIPELINE II = 1
    const relu_a_out_beat_t b0 = x0.read();
    dense_b_out_beat_t o0;
    loom_hls::dense_rows<dense_b_config, dense_b_matrix>(b0.data, o0.data);
    y0.write(o0);
  }
}

// Layer skip_add_layer: add, node 'skip_add' (Add) of skip_model.onnx.
static void skip_add_layer(hls::stream<dense_b_out_beat_t>& x0, hls::stream<x_beat_t>& x1, hls::stream<skip_add_out_beat_t>& y0) {
#pragma HLS INLINE off
  for (unsigned p = 0; p < 1; ++p) {
#pragma HLS PIPELINE II = 1
    const dense_b_out_beat_t b0 = x0.read();
    const x_beat_t b1 = x1.read();
    skip_add_out_beat_t o0;
    loom_hls::merge<skip_add_config>(b0.data, b1.data, o0.data, loom_hls::no_map, loom_hls::no_map);
    y0.write(o0);
  }
}

// Layer relu_skip_layer: relu, node 'relu_skip' (Relu) of skip_model.onnx.
static void relu_skip_layer(hls::stream<skip_add_out_beat_t>& x0, hls::stream<relu_skip_out_beat_t>& y0) {
#pragma HLS INLINE off
  for (unsigned p = 0; p < 1; ++p) {
#pragma HLS PIPELINE II = 1
    const skip_add_out_beat_t b0 = x0.read();
    relu_skip_out_beat_t o0;
    loom_hls::threshold_relu<relu_skip_config>(b0.data, o0.data, relu_skip_pass_from);
    y0.write(o0);
  }
}

// Layer concat_layer: concat, node 'concat' (Concat) of skip_model.onnx.
static void concat_layer(hls::stream<relu_skip_out_beat_t>& x0, hls::stream<relu_a_out_beat_t>& x1, hls::stream<concat_out_beat_t>& y0) {
#pragma HLS INLINE off
  for (unsigned p = 0; p < 1; ++p) {
#pragma HLS PIPELINE
    const relu_skip_out_beat_t b0 = x0.read();
    const relu_a_out_beat_t b1 = x1.read();
    concat_out_beat_t o0;
    o0.data[0] = (concat_out_t)b0.data[0];
    o0.data[1] = (concat_out_t)b0.data[1];
    o0.data[2] = (concat_out_t)b0.data[2];
    o0.data[3] = (concat_out_t)b0.data[3];
    o0.data[4] = (concat_out_t)b0.data[4];
    o0.data[5] = (concat_out_t)b0.data[5];
    o0.data[6] = (concat_out_t)b0.data[6];
    o0.data[7] = (concat_out_t)b0.data[7];
    o0.data[8] = (concat_out_t)b1.data[0];
    o0.data[9] = (concat_out_t)b1.data[1];
    o0.data[10] = (concat_out_t)b1.data[2];
    o0.data[11] = (concat_out_t)b1.data[3];
    o0.data[12] = (concat_out_t)b1.data[4];
    o0.data[13] = (concat_out_t)b1.data[5];
    o0.data[14] = (concat_out_t)b1.data[6];
    o0.data[15] = (concat_out_t)b1.data[7];
    y0.write(o0);
  }
}

// Layer dense_out_layer: dense, node 'dense_out' (Gemm) of skip_model.onnx.
static void dense_out_layer(hls::stream<concat_out_beat_t>& x0, hls::stream<dense_out_out_beat_t>& y0) {
#pragma HLS INLINE off
  for (unsigned p = 0; p < 1; ++p) {
#pragma HLS PIPELINE II = 1
    const concat_out_beat_t b0 = x0.read();
    dense_out_out_beat_t o0;
    loom_hls::dense_rows<dense_out_config, dense_out_matrix>(b0.data, o0.data);
    y0.write(o0);
  }
}

// Layer sigmoid_layer: sigmoid, node 'sigmoid' (Sigmoid) of skip_model.onnx.
static void sigmoid_layer(hls::stream<dense_out_out_beat_t>& x0, hls::stream<sigmoid_out_beat_t>& y0) {
#pragma HLS INLINE off
  for (unsigned p = 0; p < 1; ++p) {
#pragma HLS PIPELINE II = 1
    const dense_out_out_beat_t b0 = x0.read();
    sigmoid_out_beat_t o0;
    loom_hls::lut_activation<sigmoid_config>(b0.data, o0.data, sigmoid_table);
    y0.write(o0);
  }
}

static void write_result_0(hls::stream<sigmoid_out_beat_t>& x, hls::stream<sigmoid_out_beat_t>& y) {
#pragma HLS INLINE off
  for (unsigned p = 0; p < 1; ++p) {
#pragma HLS PIPELINE
    y.write(x.read());
  }
}

void myproject(
    hls::stream<x_beat_t>& x,
    hls::stream<sigmoid_out_beat_t>& result_0) {
#pragma HLS INTERFACE axis port = x
#pragma HLS INTERFACE axis port = result_0
#pragma HLS DATAFLOW

  hls::stream<x_beat_t> x_c0("x_c0");
#pragma HLS STREAM variable = x_c0 depth = 1
  hls::stream<x_beat_t> x_c1("x_c1");
#pragma HLS STREAM variable = x_c1 depth = 1
  hls::stream<dense_a_out_beat_t> dense_a_out("dense_a_out");
#pragma HLS STREAM variable = dense_a_out depth = 1
  hls::stream<relu_a_out_beat_t> relu_a_out("relu_a_out");
#pragma HLS STREAM variable = relu_a_out depth = 1
  hls::stream<relu_a_out_beat_t> relu_a_out_c0("relu_a_out_c0");
#pragma HLS STREAM variable = relu_a_out_c0 depth = 1
  hls::stream<relu_a_out_beat_t> relu_a_out_c1("relu_a_out_c1");
#pragma HLS STREAM variable = relu_a_out_c1 depth = 1
  hls::stream<dense_b_out_beat_t> dense_b_out("dense_b_out");
#pragma HLS STREAM variable = dense_b_out depth = 1
  hls::stream<skip_add_out_beat_t> skip_add_out("skip_add_out");
#pragma HLS STREAM variable = skip_add_out depth = 1
  hls::stream<relu_skip_out_beat_t> relu_skip_out("relu_skip_out");
#pragma HLS STREAM variable = relu_skip_out depth = 1
  hls::stream<concat_out_beat_t> concat_out("concat_out");
#pragma HLS STREAM variable = concat_out depth = 1
  hls::stream<dense_out_out_beat_t> dense_out_out("dense_out_out");
#pragma HLS STREAM variable = dense_out_out depth = 1
  hls::stream<sigmoid_out_beat_t> sigmoid_out("sigmoid_out");
#pragma HLS STREAM variable = sigmoid_out depth = 1

#ifndef LOOM_THREADED_DATAFLOW
  clone_x(x, x_c0, x_c1);
  dense_a_layer(x_c0, dense_a_out);
  relu_a_layer(dense_a_out, relu_a_out);
  clone_relu_a_out(relu_a_out, relu_a_out_c0, relu_a_out_c1);
  dense_b_layer(relu_a_out_c0, dense_b_out);
  skip_add_layer(dense_b_out, x_c1, skip_add_out);
  relu_skip_layer(skip_add_out, relu_skip_out);
  concat_layer(relu_skip_out, relu_a_out_c1, concat_out);
  dense_out_layer(concat_out, dense_out_out);
  sigmoid_layer(dense_out_out, sigmoid_out);
  write_result_0(sigmoid_out, result_0);
#else
  loom_threaded::set_depth(x_c0, 1);
  loom_threaded::set_depth(x_c1, 1);
  loom_threaded::set_depth(dense_a_out, 1);
  loom_threaded::set_depth(relu_a_out, 1);
  loom_threaded::set_depth(relu_a_out_c0, 1);
  loom_threaded::set_depth(relu_a_out_c1, 1);
  loom_threaded::set_depth(dense_b_out, 1);
  loom_threaded::set_depth(skip_add_out, 1);
  loom_threaded::set_depth(relu_skip_out, 1);
  loom_threaded::set_depth(concat_out, 1);
  loom_threaded::set_depth(dense_out_out, 1);
  loom_threaded::set_depth(sigmoid_out, 1);
  const std::vector<loom_threaded::process> processes = {
      {"clone_x", [&] { clone_x(x, x_c0, x_c1); }},
      {"dense_a_layer", [&] { dense_a_layer(x_c0, dense_a_out); }},
      {"relu_a_layer", [&] { relu_a_layer(dense_a_out, relu_a_out); }},
      {"clone_relu_a_out", [&] { clone_relu_a_out(relu_a_out, relu_a_out_c0, relu_a_out_c1); }},
      {"dense_b_layer", [&] { dense_b_layer(relu_a_out_c0, dense_b_out); }},
      {"skip_add_layer", [&] { skip_add_layer(dense_b_out, x_c1, skip_add_out); }},
      {"relu_skip_layer", [&] { relu_skip_layer(skip_add_out, relu_skip_out); }},
      {"concat_layer", [&] { concat_layer(relu_skip_out, relu_a_out_c1, concat_out); }},
      {"dense_out_layer", [&] { dense_out_layer(concat_out, dense_out_out); }},
      {"sigmoid_layer", [&] { sigmoid_layer(dense_out_out, sigmoid_out); }},
      {"write_result_0", [&] { write_result_0(sigmoid_out, result_0); }},
  };
  loom_threaded::run(processes);
#endif
}
