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
    acc[0] += (matmul2_config::accum_t)(x[0] * matmul2_w[0]);
    acc[2] += (matmul2_config::accum_t)(x[0] * matmul2_w[1]);
    acc[0] += (matmul2_config::accum_t)(x[1] * matmul2_w[2]);
    acc[1] += (matmul2_config::accum_t)(x[1] * matmul2_w[3]);
    acc[2] += (matmul2_config::accum_t)(x[1] * matmul2_w[4]);
    acc[0] += (matmul2_config::accum_t)(x[2] * matmul2_w[5]);
    acc[2] += (matmul2_config::accum_t)(x[2] * matmul2_w[6]);
    acc[0] += (matmul2_config::accum_t)(x[3] * matmul2_w[7]);
    acc[1] += (matmul2_config::accum_t)(x[3] * matmul2_w[8]);
    acc[2] += (matmul2_config::accum_t)(x[3] * matmul2_w[9]);
    acc[0] += (matmul2_config::accum_t)(x[4] * matmul2_w[10]);
    acc[1] += (matmul2_config::accum_t)(x[4] * matmul2_w[11]);
    acc[2] += (matmul2_config::accum_t)(x[4] * matmul2_w[12]);
    acc[0] += (matmul2_config::accum_t)(x[5] * matmul2_w[13]);
    acc[1] += (matmul2_config::accum_t)(x[5] * matmul2_w[14]);
    acc[2] += (matmul2_config::accum_t)(x[5] * matmul2_w[15]);
    acc[0] += (matmul2_config::accum_t)(x[6] * matmul2_w[16]);
    acc[1] += (matmul2_config::accum_t)(x[6] * matmul2_w[17]);
    acc[2] += (matmul2_config::accum_t)(x[6] * matmul2_w[18]);
    acc[0] += (matmul2_config::accum_t)(x[7] * matmul2_w[19]);
    acc[1] += (matmul2_config::accum_t)(x[7] * matmul2_w[20]);
    acc[2] += (matmul2_config::accum_t)(x[7] * matmul2_w[21]);
    acc[0] += (matmul2_config::accum_t)(x[8] * matmul2_w[22]);
    acc[1] += (matmul2_config::accum_t)(x[8] * matmul2_w[23]);
    acc[2] += (matmul2_config::accum_t)(x[8] * matmul2_w[24]);
    acc[0] += (matmul2_config::accum_t)(x[9] * matmul2_w[25]);
    acc[1] += (matmul2_config::accum_t)(x[9] * matmul2_w[26]);
    acc[2] += (matmul2_config::accum_t)(x[9] * matmul2_w[27]);
    acc[0] += (matmul2_config::accum_t)(x[10] * matmul2_w[28]);
    acc[1] += (matmul2_config::accum_t)(x[10] * matmul2_w[29]);
    acc[2] += (matmul2_config::accum_t)(x[11] * matmul2_w[30]);
  }
};
struct matmul2_matrix {
  static void apply(const matmul2_config::input_t x[12], matmul2_config::result_t y[3]) {
#pragma HLS INLINE
    loom_hls::dense_latency<matmul2_config, matmul2_products>(x, y, matmul2_b);
  }
};
