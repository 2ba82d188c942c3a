// Constants of layer conv1 (node 'conv1' (Conv) of small_cnn.onnx), written by loom.
static const conv1_config::weight_t conv1_w[36] = {
    -0.095611572265625, -0.0035552978515625, -0.3252410888671875, 0.101318359375, 0.425811767578125,
    -0.3497161865234375, 0.106414794921875, 0.075164794921875, 0.0428466796875, 0.158660888671875,
    -0.0833740234375, 0.190185546875, -0.1243438720703125, 0.141143798828125, -0.09967041015625,
    -0.0636749267578125, 0.1749420166015625, -0.05950927734375, 0.2686309814453125,
    0.240447998046875, 0.0335845947265625, 0.1152191162109375, 0.038330078125, -0.277984619140625,
    -0.0512542724609375, -0.080810546875, -0.140045166015625, 0.1573486328125, 0.1603546142578125,
    -0.039825439453125, 0.0124664306640625, 0.0338592529296875, 0.2150421142578125,
    0.1870574951171875, -0.1444549560546875, -0.0660858154296875
};
static const conv1_config::bias_t conv1_b[4] = {
    0.0096893310546875, 0.1033782958984375, -0.2992401123046875, 0.0404205322265625
};
struct conv1_products {
  static void add(const conv1_config::input_t x[9], conv1_config::accum_t acc[4]) {
#pragma HLS INLINE
    loom_hls::mac<conv1_config>(acc[0], x[0], conv1_w[0]);
    loom_hls::mac<conv1_config>(acc[1], x[0], conv1_w[1]);
    loom_hls::mac<conv1_config>(acc[2], x[0], conv1_w[2]);
    loom_hls::mac<conv1_config>(acc[3], x[0], conv1_w[3]);
    loom_hls::mac<conv1_config>(acc[0], x[1], conv1_w[4]);
    loom_hls::mac<conv1_config>(acc[1], x[1], conv1_w[5]);
    loom_hls::mac<conv1_config>(acc[2], x[1], conv1_w[6]);
    loom_hls::mac<conv1_config>(acc[3], x[1], conv1_w[7]);
    loom_hls::mac<conv1_config>(acc[0], x[2], conv1_w[8]);
    loom_hls::mac<conv1_config>(acc[1], x[2], conv1_w[9]);
    loom_hls::mac<conv1_config>(acc[2], x[2], conv1_w[10]);
    loom_hls::mac<conv1_config>(acc[3], x[2], conv1_w[11]);
    loom_hls::mac<conv1_config>(acc[0], x[3], conv1_w[12]);
    loom_hls::mac<conv1_config>(acc[1], x[3], conv1_w[13]);
    loom_hls::mac<conv1_config>(acc[2], x[3], conv1_w[14]);
    loom_hls::mac<conv1_config>(acc[3], x[3], conv1_w[15]);
    loom_hls::mac<conv1_config>(acc[0], x[4], conv1_w[16]);
    loom_hls::mac<conv1_config>(acc[1], x[4], conv1_w[17]);
    loom_hls::mac<conv1_config>(acc[2], x[4], conv1_w[18]);
    loom_hls::mac<conv1_config>(acc[3], x[4], conv1_w[19]);
    loom_hls::mac<conv1_config>(acc[0], x[5], conv1_w[20]);
    loom_hls::mac<conv1_config>(acc[1], x[5], conv1_w[21]);
    loom_hls::mac<conv1_config>(acc[2], x[5], conv1_w[22]);
    loom_hls::mac<conv1_config>(acc[3], x[5], conv1_w[23]);
    loom_hls::mac<conv1_config>(acc[0], x[6], conv1_w[24]);
    loom_hls::mac<conv1_config>(acc[1], x[6], conv1_w[25]);
    loom_hls::mac<conv1_config>(acc[2], x[6], conv1_w[26]);
    loom_hls::mac<conv1_config>(acc[3], x[6], conv1_w[27]);
    loom_hls::mac<conv1_config>(acc[0], x[7], conv1_w[28]);
    loom_hls::mac<conv1_config>(acc[1], x[7], conv1_w[29]);
    loom_hls::mac<conv1_config>(acc[2], x[7], conv1_w[30]);
    loom_hls::mac<conv1_config>(acc[3], x[7], conv1_w[31]);
    loom_hls::mac<conv1_config>(acc[0], x[8], conv1_w[32]);
    loom_hls::mac<conv1_config>(acc[1], x[8], conv1_w[33]);
    loom_hls::mac<conv1_config>(acc[2], x[8], conv1_w[34]);
    loom_hls::mac<conv1_config>(acc[3], x[8], conv1_w[35]);
  }
};
struct conv1_matrix {
  static void apply(const conv1_config::input_t x[9], conv1_config::result_t y[4]) {
#pragma HLS INLINE
    loom_hls::dense_latency<conv1_config, conv1_products>(x, y, conv1_b);
  }
};
struct conv1_op {
  static conv1_to_last_out_t pad() { return conv1_to_last_out_t(0); }
  static void apply(const conv1_to_last_out_t taps[conv1_geometry::n_taps][conv1_geometry::n_chan], conv1_out_t out[conv1_geometry::n_out_chan], unsigned, unsigned) {
#pragma HLS INLINE
    loom_hls::conv_window_group<conv1_conv, conv1_matrix>(taps, out);
  }
};
