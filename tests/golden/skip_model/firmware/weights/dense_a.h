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
    acc[0] += (dense_a_config::accum_t)(x[0] * dense_a_w[0]);
    acc[1] += (dense_a_config::accum_t)(x[0] * dense_a_w[1]);
    acc[2] += (dense_a_config::accum_t)(x[0] * dense_a_w[2]);
    acc[3] += (dense_a_config::accum_t)(x[0] * dense_a_w[3]);
    acc[4] += (dense_a_config::accum_t)(x[0] * dense_a_w[4]);
    acc[5] += (dense_a_config::accum_t)(x[0] * dense_a_w[5]);
    acc[6] += (dense_a_config::accum_t)(x[0] * dense_a_w[6]);
    acc[7] += (dense_a_config::accum_t)(x[0] * dense_a_w[7]);
    acc[0] += (dense_a_config::accum_t)(x[1] * dense_a_w[8]);
    acc[1] += (dense_a_config::accum_t)(x[1] * dense_a_w[9]);
    acc[2] += (dense_a_config::accum_t)(x[1] * dense_a_w[10]);
    acc[3] += (dense_a_config::accum_t)(x[1] * dense_a_w[11]);
    acc[4] += (dense_a_config::accum_t)(x[1] * dense_a_w[12]);
    acc[5] += (dense_a_config::accum_t)(x[1] * dense_a_w[13]);
    acc[6] += (dense_a_config::accum_t)(x[1] * dense_a_w[14]);
    acc[7] += (dense_a_config::accum_t)(x[1] * dense_a_w[15]);
    acc[0] += (dense_a_config::accum_t)(x[2] * dense_a_w[16]);
    acc[1] += (dense_a_config::accum_t)(x[2] * dense_a_w[17]);
    acc[2] += (dense_a_config::accum_t)(x[2] * dense_a_w[18]);
    acc[3] += (dense_a_config::accum_t)(x[2] * dense_a_w[19]);
    acc[4] += (dense_a_config::accum_t)(x[2] * dense_a_w[20]);
    acc[5] += (dense_a_config::accum_t)(x[2] * dense_a_w[21]);
    acc[6] += (dense_a_config::accum_t)(x[2] * dense_a_w[22]);
    acc[7] += (dense_a_config::accum_t)(x[2] * dense_a_w[23]);
    acc[0] += (dense_a_config::accum_t)(x[3] * dense_a_w[24]);
    acc[1] += (dense_a_config::accum_t)(x[3] * dense_a_w[25]);
    acc[2] += (dense_a_config::accum_t)(x[3] * dense_a_w[26]);
    acc[3] += (dense_a_config::accum_t)(x[3] * dense_a_w[27]);
    acc[4] += (dense_a_config::accum_t)(x[3] * dense_a_w[28]);
    acc[5] += (dense_a_config::accum_t)(x[3] * dense_a_w[29]);
    acc[6] += (dense_a_config::accum_t)(x[3] * dense_a_w[30]);
    acc[7] += (dense_a_config::accum_t)(x[3] * dense_a_w[31]);
    acc[0] += (dense_a_config::accum_t)(x[4] * dense_a_w[32]);
    acc[1] += (dense_a_config::accum_t)(x[4] * dense_a_w[33]);
    acc[2] += (dense_a_config::accum_t)(x[4] * dense_a_w[34]);
    acc[3] += (dense_a_config::accum_t)(x[4] * dense_a_w[35]);
    acc[4] += (dense_a_config::accum_t)(x[4] * dense_a_w[36]);
    acc[5] += (dense_a_config::accum_t)(x[4] * dense_a_w[37]);
    acc[6] += (dense_a_config::accum_t)(x[4] * dense_a_w[38]);
    acc[7] += (dense_a_config::accum_t)(x[4] * dense_a_w[39]);
    acc[0] += (dense_a_config::accum_t)(x[5] * dense_a_w[40]);
    acc[1] += (dense_a_config::accum_t)(x[5] * dense_a_w[41]);
    acc[2] += (dense_a_config::accum_t)(x[5] * dense_a_w[42]);
    acc[3] += (dense_a_config::accum_t)(x[5] * dense_a_w[43]);
    acc[4] += (dense_a_config::accum_t)(x[5] * dense_a_w[44]);
    acc[5] += (dense_a_config::accum_t)(x[5] * dense_a_w[45]);
    acc[6] += (dense_a_config::accum_t)(x[5] * dense_a_w[46]);
    acc[7] += (dense_a_config::accum_t)(x[5] * dense_a_w[47]);
    acc[0] += (dense_a_config::accum_t)(x[6] * dense_a_w[48]);
    acc[1] += (dense_a_config::accum_t)(x[6] * dense_a_w[49]);
    acc[2] += (dense_a_config::accum_t)(x[6] * dense_a_w[50]);
    acc[3] += (dense_a_config::accum_t)(x[6] * dense_a_w[51]);
    acc[4] += (dense_a_config::accum_t)(x[6] * dense_a_w[52]);
    acc[5] += (dense_a_config::accum_t)(x[6] * dense_a_w[53]);
    acc[6] += (dense_a_config::accum_t)(x[6] * dense_a_w[54]);
    acc[7] += (dense_a_config::accum_t)(x[6] * dense_a_w[55]);
    acc[0] += (dense_a_config::accum_t)(x[7] * dense_a_w[56]);
    acc[1] += (dense_a_config::accum_t)(x[7] * dense_a_w[57]);
    acc[2] += (dense_a_config::accum_t)(x[7] * dense_a_w[58]);
    acc[3] += (dense_a_config::accum_t)(x[7] * dense_a_w[59]);
    acc[4] += (dense_a_config::accum_t)(x[7] * dense_a_w[60]);
    acc[5] += (dense_a_config::accum_t)(x[7] * dense_a_w[61]);
    acc[6] += (dense_a_config::accum_t)(x[7] * dense_a_w[62]);
    acc[7] += (dense_a_config::accum_t)(x[7] * dense_a_w[63]);
  }
};
struct dense_a_matrix {
  static void apply(const dense_a_config::input_t x[8], dense_a_config::result_t y[8]) {
#pragma HLS INLINE
    loom_hls::dense_latency<dense_a_config, dense_a_products>(x, y, dense_a_b);
  }
};
