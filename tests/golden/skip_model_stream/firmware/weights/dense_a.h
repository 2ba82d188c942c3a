// Constants of layer dense_a (node 'dense_a' (Gemm) of skip_model.onnx), written by loom.
static const dense_a_config::weight_t dense_a_w[64] = {
    -0.245849609375, -0.3778076171875, -0.17108154296875, 0.226318359375, 0.1048583984375,
    0.6358642578125, -0.07501220703125, 0.82281494140625, 0.438232421875, 0.03521728515625,
    0.11865234375, -0.1500244140625, 0.56085205078125, 0.1234130859375, 0.05621337890625,
    -0.5858154296875, -0.81390380859375, -0.1331787109375, 0.12884521484375, 0.56683349609375,
    0.41156005859375, -0.11627197265625, 0.413330078125, -0.1519775390625, 0.4698486328125,
    0.109375, 0.4688720703125, 0.1455078125, -0.18511962890625, 0.397705078125, 1.005859375,
    0.19482421875, 0.42633056640625, -0.8721923828125, 0.39581298828125, -0.7198486328125,
    0.14044189453125, -0.42327880859375, -0.099609375, 0.27325439453125, -0.038330078125,
    -0.104736328125, 0.30194091796875, 0.2642822265625, -0.33306884765625, -0.93927001953125,
    0.113037109375, -0.114501953125, 0.06231689453125, 0.65777587890625, -0.54364013671875,
    -0.0806884765625, -0.50836181640625, 0.18450927734375, 0.04473876953125, 0.5078125,
    0.2860107421875, -0.9708251953125, -0.47613525390625, -0.05828857421875, -0.25640869140625,
    0.11322021484375, -0.90374755859375, 0.158203125
};
static const dense_a_config::bias_t dense_a_b[8] = {
    -0.303924560546875, 0.074951171875, 0.169830322265625, 0.0214385986328125, -0.073974609375,
    -0.087860107421875, 0.0091094970703125, -0.0106201171875
};
struct dense_a_products {
  static void add(const dense_a_config::input_t x[8], dense_a_config::accum_t acc[8]) {
#pragma HLS INLINE
    loom_hls::mac<dense_a_config>(acc[0], x[0], dense_a_w[0]);
    loom_hls::mac<dense_a_config>(acc[1], x[0], dense_a_w[1]);
    loom_hls::mac<dense_a_config>(acc[2], x[0], dense_a_w[2]);
    loom_hls::mac<dense_a_config>(acc[3], x[0], dense_a_w[3]);
    loom_hls::mac<dense_a_config>(acc[4], x[0], dense_a_w[4]);
    loom_hls::mac<dense_a_config>(acc[5], x[0], dense_a_w[5]);
    loom_hls::mac<dense_a_config>(acc[6], x[0], dense_a_w[6]);
    loom_hls::mac<dense_a_config>(acc[7], x[0], dense_a_w[7]);
    loom_hls::mac<dense_a_config>(acc[0], x[1], dense_a_w[8]);
    loom_hls::mac<dense_a_config>(acc[1], x[1], dense_a_w[9]);
    loom_hls::mac<dense_a_config>(acc[2], x[1], dense_a_w[10]);
    loom_hls::mac<dense_a_config>(acc[3], x[1], dense_a_w[11]);
    loom_hls::mac<dense_a_config>(acc[4], x[1], dense_a_w[12]);
    loom_hls::mac<dense_a_config>(acc[5], x[1], dense_a_w[13]);
    loom_hls::mac<dense_a_config>(acc[6], x[1], dense_a_w[14]);
    loom_hls::mac<dense_a_config>(acc[7], x[1], dense_a_w[15]);
    loom_hls::mac<dense_a_config>(acc[0], x[2], dense_a_w[16]);
    loom_hls::mac<dense_a_config>(acc[1], x[2], dense_a_w[17]);
    loom_hls::mac<dense_a_config>(acc[2], x[2], dense_a_w[18]);
    loom_hls::mac<dense_a_config>(acc[3], x[2], dense_a_w[19]);
    loom_hls::mac<dense_a_config>(acc[4], x[2], dense_a_w[20]);
    loom_hls::mac<dense_a_config>(acc[5], x[2], dense_a_w[21]);
    loom_hls::mac<dense_a_config>(acc[6], x[2], dense_a_w[22]);
    loom_hls::mac<dense_a_config>(acc[7], x[2], dense_a_w[23]);
    loom_hls::mac<dense_a_config>(acc[0], x[3], dense_a_w[24]);
    loom_hls::mac<dense_a_config>(acc[1], x[3], dense_a_w[25]);
    loom_hls::mac<dense_a_config>(acc[2], x[3], dense_a_w[26]);
    loom_hls::mac<dense_a_config>(acc[3], x[3], dense_a_w[27]);
    loom_hls::mac<dense_a_config>(acc[4], x[3], dense_a_w[28]);
    loom_hls::mac<dense_a_config>(acc[5], x[3], dense_a_w[29]);
    loom_hls::mac<dense_a_config>(acc[6], x[3], dense_a_w[30]);
    loom_hls::mac<dense_a_config>(acc[7], x[3], dense_a_w[31]);
    loom_hls::mac<dense_a_config>(acc[0], x[4], dense_a_w[32]);
    loom_hls::mac<dense_a_config>(acc[1], x[4], dense_a_w[33]);
    loom_hls::mac<dense_a_config>(acc[2], x[4], dense_a_w[34]);
    loom_hls::mac<dense_a_config>(acc[3], x[4], dense_a_w[35]);
    loom_hls::mac<dense_a_config>(acc[4], x[4], dense_a_w[36]);
    loom_hls::mac<dense_a_config>(acc[5], x[4], dense_a_w[37]);
    loom_hls::mac<dense_a_config>(acc[6], x[4], dense_a_w[38]);
    loom_hls::mac<dense_a_config>(acc[7], x[4], dense_a_w[39]);
    loom_hls::mac<dense_a_config>(acc[0], x[5], dense_a_w[40]);
    loom_hls::mac<dense_a_config>(acc[1], x[5], dense_a_w[41]);
    loom_hls::mac<dense_a_config>(acc[2], x[5], dense_a_w[42]);
    loom_hls::mac<dense_a_config>(acc[3], x[5], dense_a_w[43]);
    loom_hls::mac<dense_a_config>(acc[4], x[5], dense_a_w[44]);
    loom_hls::mac<dense_a_config>(acc[5], x[5], dense_a_w[45]);
    loom_hls::mac<dense_a_config>(acc[6], x[5], dense_a_w[46]);
    loom_hls::mac<dense_a_config>(acc[7], x[5], dense_a_w[47]);
    loom_hls::mac<dense_a_config>(acc[0], x[6], dense_a_w[48]);
    loom_hls::mac<dense_a_config>(acc[1], x[6], dense_a_w[49]);
    loom_hls::mac<dense_a_config>(acc[2], x[6], dense_a_w[50]);
    loom_hls::mac<dense_a_config>(acc[3], x[6], dense_a_w[51]);
    loom_hls::mac<dense_a_config>(acc[4], x[6], dense_a_w[52]);
    loom_hls::mac<dense_a_config>(acc[5], x[6], dense_a_w[53]);
    loom_hls::mac<dense_a_config>(acc[6], x[6], dense_a_w[54]);
    loom_hls::mac<dense_a_config>(acc[7], x[6], dense_a_w[55]);
    loom_hls::mac<dense_a_config>(acc[0], x[7], dense_a_w[56]);
    loom_hls::mac<dense_a_config>(acc[1], x[7], dense_a_w[57]);
    loom_hls::mac<dense_a_config>(acc[2], x[7], dense_a_w[58]);
    loom_hls::mac<dense_a_config>(acc[3], x[7], dense_a_w[59]);
    loom_hls::mac<dense_a_config>(acc[4], x[7], dense_a_w[60]);
    loom_hls::mac<dense_a_config>(acc[5], x[7], dense_a_w[61]);
    loom_hls::mac<dense_a_config>(acc[6], x[7], dense_a_w[62]);
    loom_hls::mac<dense_a_config>(acc[7], x[7], dense_a_w[63]);
  }
};
struct dense_a_matrix {
  static void apply(const dense_a_config::input_t x[8], dense_a_config::result_t y[8]) {
#pragma HLS INLINE
    loom_hls::dense_latency<dense_a_config, dense_a_products>(x, y, dense_a_b);
  }
};
