// Constants of layer matmul1 (node 'matmul1' (MatMul) of brevitas_qonnx_mlp.onnx), written by loom.
static const matmul1_config::weight_t matmul1_w[106] = {
    0.25, -0.25, -0.25, 0.375, -0.25, -0.375, 0.25, -0.5, 0.125, -0.875, -0.125, 0.75, 0.125, -0.25,
    0.625, 0.25, 0.25, -0.5, -0.125, -0.125, 0.125, 0.5, -0.125, 0.375, -0.25, 0.125, 0.375, 0.5,
    -0.125, 0.25, 0.125, -0.125, -0.875, -0.5, -0.125, -0.25, 0.125, -0.25, 0.875, -0.5, 0.375,
    -0.75, 0.125, 0.125, -0.25, 0.25, -0.125, 0.375, -0.375, 0.875, -0.25, -0.125, 0.375, 0.375,
    0.25, -0.75, -0.125, -0.375, 0.375, -0.625, -0.125, 0.75, 0.125, -0.25, 0.625, -0.375, 0.5,
    -0.125, -0.625, -0.125, 0.5, -0.375, 0.875, -0.5, -0.125, -0.5, 0.25, -0.375, -0.125, 0.25,
    -0.125, -0.75, 0.375, 0.375, 0.25, -0.875, -0.125, 0.625, 0.125, 0.25, 0.25, -0.25, 0.25,
    -0.125, -0.125, 0.125, -0.625, 0.125, 0.25, -0.125, 0.875, 0.375, 0.5, -0.375, 0.25, 0.875
};
static const matmul1_config::bias_t matmul1_b[12] = {
    0.1639556884765625, 0.02408599853515625, -0.02178955078125, 0.0090179443359375,
    -0.03614044189453125, -0.2177886962890625, -0.1895751953125, -0.2056427001953125,
    0.021087646484375, 0.009429931640625, -0.01332855224609375, -0.10323333740234375
};
struct matmul1_products {
  static void add(const matmul1_config::input_t x[10], matmul1_config::accum_t acc[12]) {
#pragma HLS INLINE
    acc[0] += (matmul1_config::accum_t)(x[0] * matmul1_w[0]);
    acc[1] += (matmul1_config::accum_t)(x[0] * matmul1_w[1]);
    acc[3] += (matmul1_config::accum_t)(x[0] * matmul1_w[2]);
    acc[4] += (matmul1_config::accum_t)(x[0] * matmul1_w[3]);
    acc[5] += (matmul1_config::accum_t)(x[0] * matmul1_w[4]);
    acc[6] += (matmul1_config::accum_t)(x[0] * matmul1_w[5]);
    acc[7] += (matmul1_config::accum_t)(x[0] * matmul1_w[6]);
    acc[9] += (matmul1_config::accum_t)(x[0] * matmul1_w[7]);
    acc[10] += (matmul1_config::accum_t)(x[0] * matmul1_w[8]);
    acc[11] += (matmul1_config::accum_t)(x[0] * matmul1_w[9]);
    acc[0] += (matmul1_config::accum_t)(x[1] * matmul1_w[10]);
    acc[1] += (matmul1_config::accum_t)(x[1] * matmul1_w[11]);
    acc[2] += (matmul1_config::accum_t)(x[1] * matmul1_w[12]);
    acc[4] += (matmul1_config::accum_t)(x[1] * matmul1_w[13]);
    acc[5] += (matmul1_config::accum_t)(x[1] * matmul1_w[14]);
    acc[6] += (matmul1_config::accum_t)(x[1] * matmul1_w[15]);
    acc[7] += (matmul1_config::accum_t)(x[1] * matmul1_w[16]);
    acc[8] += (matmul1_config::accum_t)(x[1] * matmul1_w[17]);
    acc[9] += (matmul1_config::accum_t)(x[1] * matmul1_w[18]);
    acc[10] += (matmul1_config::accum_t)(x[1] * matmul1_w[19]);
    acc[11] += (matmul1_config::accum_t)(x[1] * matmul1_w[20]);
    acc[0] += (matmul1_config::accum_t)(x[2] * matmul1_w[21]);
    acc[2] += (matmul1_config::accum_t)(x[2] * matmul1_w[22]);
    acc[3] += (matmul1_config::accum_t)(x[2] * matmul1_w[23]);
    acc[4] += (matmul1_config::accum_t)(x[2] * matmul1_w[24]);
    acc[5] += (matmul1_config::accum_t)(x[2] * matmul1_w[25]);
    acc[6] += (matmul1_config::accum_t)(x[2] * matmul1_w[26]);
    acc[7] += (matmul1_config::accum_t)(x[2] * matmul1_w[27]);
    acc[8] += (matmul1_config::accum_t)(x[2] * matmul1_w[28]);
    acc[9] += (matmul1_config::accum_t)(x[2] * matmul1_w[29]);
    acc[10] += (matmul1_config::accum_t)(x[2] * matmul1_w[30]);
    acc[11] += (matmul1_config::accum_t)(x[2] * matmul1_w[31]);
    acc[0] += (matmul1_config::accum_t)(x[3] * matmul1_w[32]);
    acc[1] += (matmul1_config::accum_t)(x[3] * matmul1_w[33]);
    acc[2] += (matmul1_config::accum_t)(x[3] * matmul1_w[34]);
    acc[3] += (matmul1_config::accum_t)(x[3] * matmul1_w[35]);
    acc[4] += (matmul1_config::accum_t)(x[3] * matmul1_w[36]);
    acc[5] += (matmul1_config::accum_t)(x[3] * matmul1_w[37]);
    acc[7] += (matmul1_config::accum_t)(x[3] * matmul1_w[38]);
    acc[8] += (matmul1_config::accum_t)(x[3] * matmul1_w[39]);
    acc[9] += (matmul1_config::accum_t)(x[3] * matmul1_w[40]);
    acc[11] += (matmul1_config::accum_t)(x[3] * matmul1_w[41]);
    acc[0] += (matmul1_config::accum_t)(x[4] * matmul1_w[42]);
    acc[1] += (matmul1_config::accum_t)(x[4] * matmul1_w[43]);
    acc[2] += (matmul1_config::accum_t)(x[4] * matmul1_w[44]);
    acc[3] += (matmul1_config::accum_t)(x[4] * matmul1_w[45]);
    acc[4] += (matmul1_config::accum_t)(x[4] * matmul1_w[46]);
    acc[5] += (matmul1_config::accum_t)(x[4] * matmul1_w[47]);
    acc[6] += (matmul1_config::accum_t)(x[4] * matmul1_w[48]);
    acc[7] += (matmul1_config::accum_t)(x[4] * matmul1_w[49]);
    acc[8] += (matmul1_config::accum_t)(x[4] * matmul1_w[50]);
    acc[9] += (matmul1_config::accum_t)(x[4] * matmul1_w[51]);
    acc[10] += (matmul1_config::accum_t)(x[4] * matmul1_w[52]);
    acc[11] += (matmul1_config::accum_t)(x[4] * matmul1_w[53]);
    acc[0] += (matmul1_config::accum_t)(x[5] * matmul1_w[54]);
    acc[2] += (matmul1_config::accum_t)(x[5] * matmul1_w[55]);
    acc[3] += (matmul1_config::accum_t)(x[5] * matmul1_w[56]);
    acc[4] += (matmul1_config::accum_t)(x[5] * matmul1_w[57]);
    acc[5] += (matmul1_config::accum_t)(x[5] * matmul1_w[58]);
    acc[6] += (matmul1_config::accum_t)(x[5] * matmul1_w[59]);
    acc[7] += (matmul1_config::accum_t)(x[5] * matmul1_w[60]);
    acc[8] += (matmul1_config::accum_t)(x[5] * matmul1_w[61]);
    acc[9] += (matmul1_config::accum_t)(x[5] * matmul1_w[62]);
    acc[10] += (matmul1_config::accum_t)(x[5] * matmul1_w[63]);
    acc[11] += (matmul1_config::accum_t)(x[5] * matmul1_w[64]);
    acc[1] += (matmul1_config::accum_t)(x[6] * matmul1_w[65]);
    acc[2] += (matmul1_config::accum_t)(x[6] * matmul1_w[66]);
    acc[3] += (matmul1_config::accum_t)(x[6] * matmul1_w[67]);
    acc[5] += (matmul1_config::accum_t)(x[6] * matmul1_w[68]);
    acc[6] += (matmul1_config::accum_t)(x[6] * matmul1_w[69]);
    acc[8] += (matmul1_config::accum_t)(x[6] * matmul1_w[70]);
    acc[9] += (matmul1_config::accum_t)(x[6] * matmul1_w[71]);
    acc[10] += (matmul1_config::accum_t)(x[6] * matmul1_w[72]);
    acc[11] += (matmul1_config::accum_t)(x[6] * matmul1_w[73]);
    acc[0] += (matmul1_config::accum_t)(x[7] * matmul1_w[74]);
    acc[1] += (matmul1_config::accum_t)(x[7] * matmul1_w[75]);
    acc[2] += (matmul1_config::accum_t)(x[7] * matmul1_w[76]);
    acc[3] += (matmul1_config::accum_t)(x[7] * matmul1_w[77]);
    acc[5] += (matmul1_config::accum_t)(x[7] * matmul1_w[78]);
    acc[6] += (matmul1_config::accum_t)(x[7] * matmul1_w[79]);
    acc[8] += (matmul1_config::accum_t)(x[7] * matmul1_w[80]);
    acc[9] += (matmul1_config::accum_t)(x[7] * matmul1_w[81]);
    acc[10] += (matmul1_config::accum_t)(x[7] * matmul1_w[82]);
    acc[11] += (matmul1_config::accum_t)(x[7] * matmul1_w[83]);
    acc[0] += (matmul1_config::accum_t)(x[8] * matmul1_w[84]);
    acc[1] += (matmul1_config::accum_t)(x[8] * matmul1_w[85]);
    acc[2] += (matmul1_config::accum_t)(x[8] * matmul1_w[86]);
    acc[3] += (matmul1_config::accum_t)(x[8] * matmul1_w[87]);
    acc[4] += (matmul1_config::accum_t)(x[8] * matmul1_w[88]);
    acc[5] += (matmul1_config::accum_t)(x[8] * matmul1_w[89]);
    acc[6] += (matmul1_config::accum_t)(x[8] * matmul1_w[90]);
    acc[7] += (matmul1_config::accum_t)(x[8] * matmul1_w[91]);
    acc[8] += (matmul1_config::accum_t)(x[8] * matmul1_w[92]);
    acc[9] += (matmul1_config::accum_t)(x[8] * matmul1_w[93]);
    acc[10] += (matmul1_config::accum_t)(x[8] * matmul1_w[94]);
    acc[11] += (matmul1_config::accum_t)(x[8] * matmul1_w[95]);
    acc[0] += (matmul1_config::accum_t)(x[9] * matmul1_w[96]);
    acc[2] += (matmul1_config::accum_t)(x[9] * matmul1_w[97]);
    acc[3] += (matmul1_config::accum_t)(x[9] * matmul1_w[98]);
    acc[4] += (matmul1_config::accum_t)(x[9] * matmul1_w[99]);
    acc[5] += (matmul1_config::accum_t)(x[9] * matmul1_w[100]);
    acc[6] += (matmul1_config::accum_t)(x[9] * matmul1_w[101]);
    acc[7] += (matmul1_config::accum_t)(x[9] * matmul1_w[102]);
    acc[8] += (matmul1_config::accum_t)(x[9] * matmul1_w[103]);
    acc[9] += (matmul1_config::accum_t)(x[9] * matmul1_w[104]);
    acc[10] += (matmul1_config::accum_t)(x[9] * matmul1_w[105]);
  }
};
struct matmul1_matrix {
  static void apply(const matmul1_config::input_t x[10], matmul1_config::result_t y[12]) {
#pragma HLS INLINE
    loom_hls::dense_latency<matmul1_config, matmul1_products>(x, y, matmul1_b);
  }
};
