// Constants of layer fc (node 'fc' (Gemm) of small_cnn.onnx), written by loom.
static const fc_config::weight_t fc_w[24] = {
    -0.0819091796875, -0.1007080078125, -0.14996337890625, 0.181640625, 0.135101318359375,
    -0.236724853515625, 0.14208984375, 0.149932861328125, 0.025726318359375, -0.9154052734375,
    0.03765869140625, 0.174102783203125, 0.016998291015625, 0.030120849609375, -0.226715087890625,
    0.039520263671875, -0.2572021484375, 0.009521484375, -0.48046875, -0.380035400390625,
    -0.21563720703125, -0.186676025390625, 0.215057373046875, 0.1539306640625
};
static const fc_config::bias_t fc_b[3] = {
    -0.04581451416015625, -0.01442718505859375, 0.151763916015625
};
struct fc_products {
  static void add(const fc_config::input_t x[8], fc_config::accum_t acc[3]) {
#pragma HLS INLINE
    loom_hls::mac<fc_config>(acc[0], x[0], fc_w[0]);
    loom_hls::mac<fc_config>(acc[1], x[0], fc_w[1]);
    loom_hls::mac<fc_config>(acc[2], x[0], fc_w[2]);
    loom_hls::mac<fc_config>(acc[0], x[1], fc_w[3]);
    loom_hls::mac<fc_config>(acc[1], x[1], fc_w[4]);
    loom_hls::mac<fc_config>(acc[2], x[1], fc_w[5]);
    loom_hls::mac<fc_config>(acc[0], x[2], fc_w[6]);
    loom_hls::mac<fc_config>(acc[1], x[2], fc_w[7]);
    loom_hls::mac<fc_config>(acc[2], x[2], fc_w[8]);
    loom_hls::mac<fc_config>(acc[0], x[3], fc_w[9]);
    loom_hls::mac<fc_config>(acc[1], x[3], fc_w[10]);
    loom_hls::mac<fc_config>(acc[2], x[3], fc_w[11]);
    loom_hls::mac<fc_config>(acc[0], x[4], fc_w[12]);
    loom_hls::mac<fc_config>(acc[1], x[4], fc_w[13]);
    loom_hls::mac<fc_config>(acc[2], x[4], fc_w[14]);
    loom_hls::mac<fc_config>(acc[0], x[5], fc_w[15]);
    loom_hls::mac<fc_config>(acc[1], x[5], fc_w[16]);
    loom_hls::mac<fc_config>(acc[2], x[5], fc_w[17]);
    loom_hls::mac<fc_config>(acc[0], x[6], fc_w[18]);
    loom_hls::mac<fc_config>(acc[1], x[6], fc_w[19]);
    loom_hls::mac<fc_config>(acc[2], x[6], fc_w[20]);
    loom_hls::mac<fc_config>(acc[0], x[7], fc_w[21]);
    loom_hls::mac<fc_config>(acc[1], x[7], fc_w[22]);
    loom_hls::mac<fc_config>(acc[2], x[7], fc_w[23]);
  }
};
struct fc_matrix {
  static void apply(const fc_config::input_t x[8], fc_config::result_t y[3]) {
#pragma HLS INLINE
    loom_hls::dense_latency<fc_config, fc_products>(x, y, fc_b);
  }
};
