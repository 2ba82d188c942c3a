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
    loom_hls::mac<matmul1_config>(acc[0], x[0], matmul1_w[0]);
    loom_hls::mac<matmul1_config>(acc[1], x[0], matmul1_w[1]);
    loom_hls::mac<matmul1_config>(acc[3], x[0], matmul1_w[2]);
    loom_hls::mac<matmul1_config>(acc[4], x[0], matmul1_w[3]);
    loom_hls::mac<matmul1_config>(acc[5], x[0], matmul1_w[4]);
    loom_hls::mac<matmul1_config>(acc[6], x[0], matmul1_w[5]);
    loom_hls::mac<matmul1_config>(acc[7], x[0], matmul1_w[6]);
    loom_hls::mac<matmul1_config>(acc[9], x[0], matmul1_w[7]);
    loom_hls::mac<matmul1_config>(acc[10], x[0], matmul1_w[8]);
    loom_hls::mac<matmul1_config>(acc[11], x[0], matmul1_w[9]);
    loom_hls::mac<matmul1_config>(acc[0], x[1], matmul1_w[10]);
    loom_hls::mac<matmul1_config>(acc[1], x[1], matmul1_w[11]);
    loom_hls::mac<matmul1_config>(acc[2], x[1], matmul1_w[12]);
    loom_hls::mac<matmul1_config>(acc[4], x[1], matmul1_w[13]);
    loom_hls::mac<matmul1_config>(acc[5], x[1], matmul1_w[14]);
    loom_hls::mac<matmul1_config>(acc[6], x[1], matmul1_w[15]);
    loom_hls::mac<matmul1_config>(acc[7], x[1], matmul1_w[16]);
    loom_hls::mac<matmul1_config>(acc[8], x[1], matmul1_w[17]);
    loom_hls::mac<matmul1_config>(acc[9], x[1], matmul1_w[18]);
    loom_hls::mac<matmul1_config>(acc[10], x[1], matmul1_w[19]);
    loom_hls::mac<matmul1_config>(acc[11], x[1], matmul1_w[20]);
    loom_hls::mac<matmul1_config>(acc[0], x[2], matmul1_w[21]);
    loom_hls::mac<matmul1_config>(acc[2], x[2], matmul1_w[22]);
    loom_hls::mac<matmul1_config>(acc[3], x[2], matmul1_w[23]);
    loom_hls::mac<matmul1_config>(acc[4], x[2], matmul1_w[24]);
    loom_hls::mac<matmul1_config>(acc[5], x[2], matmul1_w[25]);
    loom_hls::mac<matmul1_config>(acc[6], x[2], matmul1_w[26]);
    loom_hls::mac<matmul1_config>(acc[7], x[2], matmul1_w[27]);
    loom_hls::mac<matmul1_config>(acc[8], x[2], matmul1_w[28]);
    loom_hls::mac<matmul1_config>(acc[9], x[2], matmul1_w[29]);
    loom_hls::mac<matmul1_config>(acc[10], x[2], matmul1_w[30]);
    loom_hls::mac<matmul1_config>(acc[11], x[2], matmul1_w[31]);
    loom_hls::mac<matmul1_config>(acc[0], x[3], matmul1_w[32]);
    loom_hls::mac<matmul1_config>(acc[1], x[3], matmul1_w[33]);
    loom_hls::mac<matmul1_config>(acc[2], x[3], matmul1_w[34]);
    loom_hls::mac<matmul1_config>(acc[3], x[3], matmul1_w[35]);
    loom_hls::mac<matmul1_config>(acc[4], x[3], matmul1_w[36]);
    loom_hls::mac<matmul1_config>(acc[5], x[3], matmul1_w[37]);
    loom_hls::mac<matmul1_config>(acc[7], x[3], matmul1_w[38]);
    loom_hls::mac<matmul1_config>(acc[8], x[3], matmul1_w[39]);
    loom_hls::mac<matmul1_config>(acc[9], x[3], matmul1_w[40]);
    loom_hls::mac<matmul1_config>(acc[11], x[3], matmul1_w[41]);
    loom_hls::mac<matmul1_config>(acc[0], x[4], matmul1_w[42]);
    loom_hls::mac<matmul1_config>(acc[1], x[4], matmul1_w[43]);
    loom_hls::mac<matmul1_config>(acc[2], x[4], matmul1_w[44]);
    loom_hls::mac<matmul1_config>(acc[3], x[4], matmul1_w[45]);
    loom_hls::mac<matmul1_config>(acc[4], x[4], matmul1_w[46]);
    loom_hls::mac<matmul1_config>(acc[5], x[4], matmul1_w[47]);
    loom_hls::mac<matmul1_config>(acc[6], x[4], matmul1_w[48]);
    loom_hls::mac<matmul1_config>(acc[7], x[4], matmul1_w[49]);
    loom_hls::mac<matmul1_config>(acc[8], x[4], matmul1_w[50]);
    loom_hls::mac<matmul1_config>(acc[9], x[4], matmul1_w[51]);
    loom_hls::mac<matmul1_config>(acc[10], x[4], matmul1_w[52]);
    loom_hls::mac<matmul1_config>(acc[11], x[4], matmul1_w[53]);
    loom_hls::mac<matmul1_config>(acc[0], x[5], matmul1_w[54]);
    loom_hls::mac<matmul1_config>(acc[2], x[5], matmul1_w[55]);
    loom_hls::mac<matmul1_config>(acc[3], x[5], matmul1_w[56]);
    loom_hls::mac<matmul1_config>(acc[4], x[5], matmul1_w[57]);
    loom_hls::mac<matmul1_config>(acc[5], x[5], matmul1_w[58]);
    loom_hls::mac<matmul1_config>(acc[6], x[5], matmul1_w[59]);
    loom_hls::mac<matmul1_config>(acc[7], x[5], matmul1_w[60]);
    loom_hls::mac<matmul1_config>(acc[8], x[5], matmul1_w[61]);
    loom_hls::mac<matmul1_config>(acc[9], x[5], matmul1_w[62]);
    loom_hls::mac<matmul1_config>(acc[10], x[5], matmul1_w[63]);
    loom_hls::mac<matmul1_config>(acc[11], x[5], matmul1_w[64]);
    loom_hls::mac<matmul1_config>(acc[1], x[6], matmul1_w[65]);
    loom_hls::mac<matmul1_config>(acc[2], x[6], matmul1_w[66]);
    loom_hls::mac<matmul1_config>(acc[3], x[6], matmul1_w[67]);
    loom_hls::mac<matmul1_config>(acc[5], x[6], matmul1_w[68]);
    loom_hls::mac<matmul1_config>(acc[6], x[6], matmul1_w[69]);
    loom_hls::mac<matmul1_config>(acc[8], x[6], matmul1_w[70]);
    loom_hls::mac<matmul1_config>(acc[9], x[6], matmul1_w[71]);
    loom_hls::mac<matmul1_config>(acc[10], x[6], matmul1_w[72]);
    loom_hls::mac<matmul1_config>(acc[11], x[6], matmul1_w[73]);
    loom_hls::mac<matmul1_config>(acc[0], x[7], matmul1_w[74]);
    loom_hls::mac<matmul1_config>(acc[1], x[7], matmul1_w[75]);
    loom_hls::mac<matmul1_config>(acc[2], x[7], matmul1_w[76]);
    loom_hls::mac<matmul1_config>(acc[3], x[7], matmul1_w[77]);
    loom_hls::mac<matmul1_config>(acc[5], x[7], matmul1_w[78]);
    loom_hls::mac<matmul1_config>(acc[6], x[7], matmul1_w[79]);
    loom_hls::mac<matmul1_config>(acc[8], x[7], matmul1_w[80]);
    loom_hls::mac<matmul1_config>(acc[9], x[7], matmul1_w[81]);
    loom_hls::mac<matmul1_config>(acc[10], x[7], matmul1_w[82]);
    loom_hls::mac<matmul1_config>(acc[11], x[7], matmul1_w[83]);
    loom_hls::mac<matmul1_config>(acc[0], x[8], matmul1_w[84]);
    loom_hls::mac<matmul1_config>(acc[1], x[8], matmul1_w[85]);
    loom_hls::mac<matmul1_config>(acc[2], x[8], matmul1_w[86]);
    loom_hls::mac<matmul1_config>(acc[3], x[8], matmul1_w[87]);
    loom_hls::mac<matmul1_config>(acc[4], x[8], matmul1_w[88]);
    loom_hls::mac<matmul1_config>(acc[5], x[8], matmul1_w[89]);
    loom_hls::mac<matmul1_config>(acc[6], x[8], matmul1_w[90]);
    loom_hls::mac<matmul1_config>(acc[7], x[8], matmul1_w[91]);
    loom_hls::mac<matmul1_config>(acc[8], x[8], matmul1_w[92]);
    loom_hls::mac<matmul1_config>(acc[9], x[8], matmul1_w[93]);
    loom_hls::mac<matmul1_config>(acc[10], x[8], matmul1_w[94]);
    loom_hls::mac<matmul1_config>(acc[11], x[8], matmul1_w[95]);
    loom_hls::mac<matmul1_config>(acc[0], x[9], matmul1_w[96]);
    loom_hls::mac<matmul1_config>(acc[2], x[9], matmul1_w[97]);
    loom_hls::mac<matmul1_config>(acc[3], x[9], matmul1_w[98]);
    loom_hls::mac<matmul1_config>(acc[4], x[9], matmul1_w[99]);
    loom_hls::mac<matmul1_config>(acc[5], x[9], matmul1_w[100]);
    loom_hls::mac<matmul1_config>(acc[6], x[9], matmul1_w[101]);
    loom_hls::mac<matmul1_config>(acc[7], x[9], matmul1_w[102]);
    loom_hls::mac<matmul1_config>(acc[8], x[9], matmul1_w[103]);
    loom_hls::mac<matmul1_config>(acc[9], x[9], matmul1_w[104]);
    loom_hls::mac<matmul1_config>(acc[10], x[9], matmul1_w[105]);
  }
};
struct matmul1_matrix {
  static void apply(const matmul1_config::input_t x[10], matmul1_config::result_t y[12]) {
#pragma HLS INLINE
    loom_hls::dense_latency<matmul1_config, matmul1_products>(x, y, matmul1_b);
  }
};
