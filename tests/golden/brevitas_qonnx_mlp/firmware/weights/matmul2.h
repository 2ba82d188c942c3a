// Constants of layer matmul2 (node 'matmul2' (MatMul) of brevitas_qonnx_mlp.onnx), written by loom.
static const matmul2_config::weight_t matmul2_w[31] = {
    -0.375, -0.25, -0.875, 0.625, 0.125, 0.375, 0.125, 0.25, -0.125, 0.875, 0.25, 0.5, -0.25,
    -0.125, -0.125, -0.375, 0.875, -0.5, 0.125, -0.875, 0.375, -0.75, 0.75, -0.5, -0.125, -0.125,
    0.75, -0.125, -0.125, 0.125, 0.75
};
static const matmul2_config::bias_t matmul2_b[3] = {
    0, 0, 0
};
struct matmul2_products {
  static void add(const matmul2_config::input_t x[12], matmul2_config::accum_t acc[3]) {
#pragma HLS INLINE
    loom_hls::mac<matmul2_config>(acc[0], x[0], matmul2_w[0]);
    loom_hls::mac<matmul2_config>(acc[2], x[0], matmul2_w[1]);
    loom_hls::mac<matmul2_config>(acc[0], x[1], matmul2_w[2]);
    loom_hls::mac<matmul2_config>(acc[1], x[1], matmul2_w[3]);
    loom_hls::mac<matmul2_config>(acc[2], x[1], matmul2_w[4]);
    loom_hls::mac<matmul2_config>(acc[0], x[2], matmul2_w[5]);
    loom_hls::mac<matmul2_config>(acc[2], x[2], matmul2_w[6]);
    loom_hls::mac<matmul2_config>(acc[0], x[3], matmul2_w[7]);
    loom_hls::mac<matmul2_config>(acc[1], x[3], matmul2_w[8]);
    loom_hls::mac<matmul2_config>(acc[2], x[3], matmul2_w[9]);
    loom_hls::mac<matmul2_config>(acc[0], x[4], matmul2_w[10]);
    loom_hls::mac<matmul2_config>(acc[1], x[4], matmul2_w[11]);
    loom_hls::mac<matmul2_config>(acc[2], x[4], matmul2_w[12]);
    loom_hls::mac<matmul2_config>(acc[0], x[5], matmul2_w[13]);
    loom_hls::mac<matmul2_config>(acc[1], x[5], matmul2_w[14]);
    loom_hls::mac<matmul2_config>(acc[2], x[5], matmul2_w[15]);
    loom_hls::mac<matmul2_config>(acc[0], x[6], matmul2_w[16]);
    loom_hls::mac<matmul2_config>(acc[1], x[6], matmul2_w[17]);
    loom_hls::mac<matmul2_config>(acc[2], x[6], matmul2_w[18]);
    loom_hls::mac<matmul2_config>(acc[0], x[7], matmul2_w[19]);
    loom_hls::mac<matmul2_config>(acc[1], x[7], matmul2_w[20]);
    loom_hls::mac<matmul2_config>(acc[2], x[7], matmul2_w[21]);
    loom_hls::mac<matmul2_config>(acc[0], x[8], matmul2_w[22]);
    loom_hls::mac<matmul2_config>(acc[1], x[8], matmul2_w[23]);
    loom_hls::mac<matmul2_config>(acc[2], x[8], matmul2_w[24]);
    loom_hls::mac<matmul2_config>(acc[0], x[9], matmul2_w[25]);
    loom_hls::mac<matmul2_config>(acc[1], x[9], matmul2_w[26]);
    loom_hls::mac<matmul2_config>(acc[2], x[9], matmul2_w[27]);
    loom_hls::mac<matmul2_config>(acc[0], x[10], matmul2_w[28]);
    loom_hls::mac<matmul2_config>(acc[1], x[10], matmul2_w[29]);
    loom_hls::mac<matmul2_config>(acc[2], x[11], matmul2_w[30]);
  }
};
struct matmul2_matrix {
  static void apply(const matmul2_config::input_t x[12], matmul2_config::result_t y[3]) {
#pragma HLS INLINE
    loom_hls::dense_latency<matmul2_config, matmul2_products>(x, y, matmul2_b);
  }
};
