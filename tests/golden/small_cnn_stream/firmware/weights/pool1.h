// Constants of layer pool1 (node 'pool1' (MaxPool) of small_cnn.onnx), written by loom.
struct pool1_op {
  static relu1_out_t pad() {
    relu1_out_t v = 0;
    return v;
  }
  static void apply(const relu1_out_t taps[pool1_geometry::n_taps][pool1_geometry::n_chan], pool1_out_t out[pool1_geometry::n_out_chan], unsigned r, unsigned c) {
#pragma HLS INLINE
    (void)r;
    (void)c;
    loom_hls::max_window<pool1_pool>(taps, out);
  }
};
