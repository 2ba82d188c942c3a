// Constants of layer dense_b (node 'dense_b' (Gemm) of skip_model.onnx), written by loom.
static const dense_b_config::weight_t dense_b_w[64] = {
    -0.5526123046875, -0.170166015625, 0.6591796875, -0.61810302734375, -0.07855224609375,
    0.26263427734375, -0.18951416015625, 0.28045654296875, 0.72955322265625, -0.3076171875,
    -0.31201171875, -0.41705322265625, 0.22698974609375, 0.1141357421875, 0.0181884765625,
    -0.10357666015625, 0.45831298828125, 0.03973388671875, 0.19873046875, 0.1607666015625,
    0.05078125, 0.34759521484375, 0.57525634765625, 0.2049560546875, 0.20068359375,
    -0.06927490234375, 0.077392578125, -0.7259521484375, -0.1512451171875, -0.2103271484375,
    -0.29864501953125, 0.11334228515625, 0.590087890625, 0.2899169921875, -0.15447998046875,
    -0.37799072265625, 0.04046630859375, -0.35009765625, -0.73992919921875, -0.16009521484375,
    -0.87420654296875, 0.0677490234375, 0.46173095703125, -0.306884765625, -0.21563720703125,
    -0.77630615234375, 0.32440185546875, -1.07928466796875, -0.171630859375, -0.0802001953125,
    -0.19580078125, -0.6470947265625, 0.01373291015625, 0.99688720703125, -0.60919189453125,
    0.539306640625, 0.50860595703125, 0.07391357421875, -0.00396728515625, -0.44427490234375,
    0.1907958984375, 0.05181884765625, -0.1441650390625, -0.0689697265625
};
static const dense_b_config::bias_t dense_b_b[8] = {
    0.2454071044921875, -0.0395050048828125, -0.05063629150390625, -0.0825958251953125,
    0.0427093505859375, 0.1721649169921875, -0.05805206298828125, 0.0876617431640625
};
struct dense_b_products {
  static void add(const dense_b_config::input_t x[8], dense_b_config::accum_t acc[8]) {
#pragma HLS INLINE
    loom_hls::mac<dense_b_config>(acc[0], x[0], dense_b_w[0]);
    loom_hls::mac<dense_b_config>(acc[1], x[0], dense_b_w[1]);
    loom_hls::mac<dense_b_config>(acc[2], x[0], dense_b_w[2]);
    loom_hls::mac<dense_b_config>(acc[3], x[0], dense_b_w[3]);
    loom_hls::mac<dense_b_config>(acc[4], x[0], dense_b_w[4]);
    loom_hls::mac<dense_b_config>(acc[5], x[0], dense_b_w[5]);
    loom_hls::mac<dense_b_config>(acc[6], x[0], dense_b_w[6]);
    loom_hls::mac<dense_b_config>(acc[7], x[0], dense_b_w[7]);
    loom_hls::mac<dense_b_config>(acc[0], x[1], dense_b_w[8]);
    loom_hls::mac<dense_b_config>(acc[1], x[1], dense_b_w[9]);
    loom_hls::mac<dense_b_config>(acc[2], x[1], dense_b_w[10]);
    loom_hls::mac<dense_b_config>(acc[3], x[1], dense_b_w[11]);
    loom_hls::mac<dense_b_config>(acc[4], x[1], dense_b_w[12]);
    loom_hls::mac<dense_b_config>(acc[5], x[1], dense_b_w[13]);
    loom_hls::mac<dense_b_config>(acc[6], x[1], dense_b_w[14]);
    loom_hls::mac<dense_b_config>(acc[7], x[1], dense_b_w[15]);
    loom_hls::mac<dense_b_config>(acc[0], x[2], dense_b_w[16]);
    loom_hls::mac<dense_b_config>(acc[1], x[2], dense_b_w[17]);
    loom_hls::mac<dense_b_config>(acc[2], x[2], dense_b_w[18]);
    loom_hls::mac<dense_b_config>(acc[3], x[2], dense_b_w[19]);
    loom_hls::mac<dense_b_config>(acc[4], x[2], dense_b_w[20]);
    loom_hls::mac<dense_b_config>(acc[5], x[2], dense_b_w[21]);
    loom_hls::mac<dense_b_config>(acc[6], x[2], dense_b_w[22]);
    loom_hls::mac<dense_b_config>(acc[7], x[2], dense_b_w[23]);
    loom_hls::mac<dense_b_config>(acc[0], x[3], dense_b_w[24]);
    loom_hls::mac<dense_b_config>(acc[1], x[3], dense_b_w[25]);
    loom_hls::mac<dense_b_config>(acc[2], x[3], dense_b_w[26]);
    loom_hls::mac<dense_b_config>(acc[3], x[3], dense_b_w[27]);
    loom_hls::mac<dense_b_config>(acc[4], x[3], dense_b_w[28]);
    loom_hls::mac<dense_b_config>(acc[5], x[3], dense_b_w[29]);
    loom_hls::mac<dense_b_config>(acc[6], x[3], dense_b_w[30]);
    loom_hls::mac<dense_b_config>(acc[7], x[3], dense_b_w[31]);
    loom_hls::mac<dense_b_config>(acc[0], x[4], dense_b_w[32]);
    loom_hls::mac<dense_b_config>(acc[1], x[4], dense_b_w[33]);
    loom_hls::mac<dense_b_config>(acc[2], x[4], dense_b_w[34]);
    loom_hls::mac<dense_b_config>(acc[3], x[4], dense_b_w[35]);
    loom_hls::mac<dense_b_config>(acc[4], x[4], dense_b_w[36]);
    loom_hls::mac<dense_b_config>(acc[5], x[4], dense_b_w[37]);
    loom_hls::mac<dense_b_config>(acc[6], x[4], dense_b_w[38]);
    loom_hls::mac<dense_b_config>(acc[7], x[4], dense_b_w[39]);
    loom_hls::mac<dense_b_config>(acc[0], x[5], dense_b_w[40]);
    loom_hls::mac<dense_b_config>(acc[1], x[5], dense_b_w[41]);
    loom_hls::mac<dense_b_config>(acc[2], x[5], dense_b_w[42]);
    loom_hls::mac<dense_b_config>(acc[3], x[5], dense_b_w[43]);
    loom_hls::mac<dense_b_config>(acc[4], x[5], dense_b_w[44]);
    loom_hls::mac<dense_b_config>(acc[5], x[5], dense_b_w[45]);
    loom_hls::mac<dense_b_config>(acc[6], x[5], dense_b_w[46]);
    loom_hls::mac<dense_b_config>(acc[7], x[5], dense_b_w[47]);
    loom_hls::mac<dense_b_config>(acc[0], x[6], dense_b_w[48]);
    loom_hls::mac<dense_b_config>(acc[1], x[6], dense_b_w[49]);
    loom_hls::mac<dense_b_config>(acc[2], x[6], dense_b_w[50]);
    loom_hls::mac<dense_b_config>(acc[3], x[6], dense_b_w[51]);
    loom_hls::mac<dense_b_config>(acc[4], x[6], dense_b_w[52]);
    loom_hls::mac<dense_b_config>(acc[5], x[6], dense_b_w[53]);
    loom_hls::mac<dense_b_config>(acc[6], x[6], dense_b_w[54]);
    loom_hls::mac<dense_b_config>(acc[7], x[6], dense_b_w[55]);
    loom_hls::mac<dense_b_config>(acc[0], x[7], dense_b_w[56]);
    loom_hls::mac<dense_b_config>(acc[1], x[7], dense_b_w[57]);
    loom_hls::mac<dense_b_config>(acc[2], x[7], dense_b_w[58]);
    loom_hls::mac<dense_b_config>(acc[3], x[7], dense_b_w[59]);
    loom_hls::mac<dense_b_config>(acc[4], x[7], dense_b_w[60]);
    loom_hls::mac<dense_b_config>(acc[5], x[7], dense_b_w[61]);
    loom_hls::mac<dense_b_config>(acc[6], x[7], dense_b_w[62]);
    loom_hls::mac<dense_b_config>(acc[7], x[7], dense_b_w[63]);
  }
};
struct dense_b_matrix {
  static void apply(const dense_b_config::input_t x[8], dense_b_config::result_t y[8]) {
#pragma HLS INLINE
    loom_hls::dense_latency<dense_b_config, dense_b_products>(x, y, dense_b_b);
  }
};
