// Constants of layer dense_out (node 'dense_out' (Gemm) of skip_model.onnx), written by loom.
static const dense_out_config::weight_t dense_out_w[64] = {
    -0.1822509765625, 0.43170166015625, -0.28558349609375, -0.25787353515625, 0.2928466796875,
    -0.37542724609375, 0.00897216796875, -0.45220947265625, 0.4012451171875, 0.1583251953125,
    -0.69482421875, 0.57470703125, -0.35992431640625, -0.0594482421875, -0.802001953125,
    -0.4757080078125, -0.30322265625, -0.07037353515625, 0.03363037109375, 0.3060302734375,
    -0.41473388671875, 0.49542236328125, 0.04534912109375, -0.0782470703125, -0.20263671875,
    0.33831787109375, 0.03436279296875, -0.52685546875, 0.242431640625, -0.0079345703125,
    -0.3580322265625, -0.0103759765625, 0.2044677734375, 0.71722412109375, 0.18017578125,
    0.3726806640625, 0.048828125, 0.37548828125, -0.46099853515625, 0.121826171875,
    -0.45623779296875, -0.37677001953125, -0.75396728515625, 0.21453857421875, 0.2203369140625,
    0.09417724609375, 0.03729248046875, 0.83612060546875, -0.4508056640625, -0.309326171875,
    0.40191650390625, -0.42181396484375, 0.21807861328125, -0.04852294921875, -0.85540771484375,
    -0.06768798828125, 0.1048583984375, 0.300048828125, 0.30303955078125, 0.0687255859375,
    1.087646484375, 0.5093994140625, 0.00640869140625, 0.03192138671875
};
static const dense_out_config::bias_t dense_out_b[4] = {
    0.17269134521484375, 0.13106536865234375, 0.1152801513671875, 0.080204010009765625
};
struct dense_out_products {
  static void add(const dense_out_config::input_t x[16], dense_out_config::accum_t acc[4]) {
#pragma HLS INLINE
    acc[0] += (dense_out_config::accum_t)(x[0] * dense_out_w[0]);
    acc[1] += (dense_out_config::accum_t)(x[0] * dense_out_w[1]);
    acc[2] += (dense_out_config::accum_t)(x[0] * dense_out_w[2]);
    acc[3] += (dense_out_config::accum_t)(x[0] * dense_out_w[3]);
    acc[0] += (dense_out_config::accum_t)(x[1] * dense_out_w[4]);
    acc[1] += (dense_out_config::accum_t)(x[1] * dense_out_w[5]);
    acc[2] += (dense_out_config::accum_t)(x[1] * dense_out_w[6]);
    acc[3] += (dense_out_config::accum_t)(x[1] * dense_out_w[7]);
    acc[0] += (dense_out_config::accum_t)(x[2] * dense_out_w[8]);
    acc[1] += (dense_out_config::accum_t)(x[2] * dense_out_w[9]);
    acc[2] += (dense_out_config::accum_t)(x[2] * dense_out_w[10]);
    acc[3] += (dense_out_config::accum_t)(x[2] * dense_out_w[11]);
    acc[0] += (dense_out_config::accum_t)(x[3] * dense_out_w[12]);
    acc[1] += (dense_out_config::accum_t)(x[3] * dense_out_w[13]);
    acc[2] += (dense_out_config::accum_t)(x[3] * dense_out_w[14]);
    acc[3] += (dense_out_config::accum_t)(x[3] * dense_out_w[15]);
    acc[0] += (dense_out_config::accum_t)(x[4] * dense_out_w[16]);
    acc[1] += (dense_out_config::accum_t)(x[4] * dense_out_w[17]);
    acc[2] += (dense_out_config::accum_t)(x[4] * dense_out_w[18]);
    acc[3] += (dense_out_config::accum_t)(x[4] * dense_out_w[19]);
    acc[0] += (dense_out_config::accum_t)(x[5] * dense_out_w[20]);
    acc[1] += (dense_out_config::accum_t)(x[5] * dense_out_w[21]);
    acc[2] += (dense_out_config::accum_t)(x[5] * dense_out_w[22]);
    acc[3] += (dense_out_config::accum_t)(x[5] * dense_out_w[23]);
    acc[0] += (dense_out_config::accum_t)(x[6] * dense_out_w[24]);
    acc[1] += (dense_out_config::accum_t)(x[6] * dense_out_w[25]);
    acc[2] += (dense_out_config::accum_t)(x[6] * dense_out_w[26]);
    acc[3] += (dense_out_config::accum_t)(x[6] * dense_out_w[27]);
    acc[0] += (dense_out_config::accum_t)(x[7] * dense_out_w[28]);
    acc[1] += (dense_out_config::accum_t)(x[7] * dense_out_w[29]);
    acc[2] += (dense_out_config::accum_t)(x[7] * dense_out_w[30]);
    acc[3] += (dense_out_config::accum_t)(x[7] * dense_out_w[31]);
    acc[0] += (dense_out_config::accum_t)(x[8] * dense_out_w[32]);
    acc[1] += (dense_out_config::accum_t)(x[8] * dense_out_w[33]);
    acc[2] += (dense_out_config::accum_t)(x[8] * dense_out_w[34]);
    acc[3] += (dense_out_config::accum_t)(x[8] * dense_out_w[35]);
    acc[0] += (dense_out_config::accum_t)(x[9] * dense_out_w[36]);
    acc[1] += (dense_out_config::accum_t)(x[9] * dense_out_w[37]);
    acc[2] += (dense_out_config::accum_t)(x[9] * dense_out_w[38]);
    acc[3] += (dense_out_config::accum_t)(x[9] * dense_out_w[39]);
    acc[0] += (dense_out_config::accum_t)(x[10] * dense_out_w[40]);
    acc[1] += (dense_out_config::accum_t)(x[10] * dense_out_w[41]);
    acc[2] += (dense_out_config::accum_t)(x[10] * dense_out_w[42]);
    acc[3] += (dense_out_config::accum_t)(x[10] * dense_out_w[43]);
    acc[0] += (dense_out_config::accum_t)(x[11] * dense_out_w[44]);
    acc[1] += (dense_out_config::accum_t)(x[11] * dense_out_w[45]);
    acc[2] += (dense_out_config::accum_t)(x[11] * dense_out_w[46]);
    acc[3] += (dense_out_config::accum_t)(x[11] * dense_out_w[47]);
    acc[0] += (dense_out_config::accum_t)(x[12] * dense_out_w[48]);
    acc[1] += (dense_out_config::accum_t)(x[12] * dense_out_w[49]);
    acc[2] += (dense_out_config::accum_t)(x[12] * dense_out_w[50]);
    acc[3] += (dense_out_config::accum_t)(x[12] * dense_out_w[51]);
    acc[0] += (dense_out_config::accum_t)(x[13] * dense_out_w[52]);
    acc[1] += (dense_out_config::accum_t)(x[13] * dense_out_w[53]);
    acc[2] += (dense_out_config::accum_t)(x[13] * dense_out_w[54]);
    acc[3] += (dense_out_config::accum_t)(x[13] * dense_out_w[55]);
    acc[0] += (dense_out_config::accum_t)(x[14] * dense_out_w[56]);
    acc[1] += (dense_out_config::accum_t)(x[14] * dense_out_w[57]);
    acc[2] += (dense_out_config::accum_t)(x[14] * dense_out_w[58]);
    acc[3] += (dense_out_config::accum_t)(x[14] * dense_out_w[59]);
    acc[0] += (dense_out_config::accum_t)(x[15] * dense_out_w[60]);
    acc[1] += (dense_out_config::accum_t)(x[15] * dense_out_w[61]);
    acc[2] += (dense_out_config::accum_t)(x[15] * dense_out_w[62]);
    acc[3] += (dense_out_config::accum_t)(x[15] * dense_out_w[63]);
  }
};
struct dense_out_matrix {
  static void apply(const dense_out_config::input_t x[16], dense_out_config::result_t y[4]) {
#pragma HLS INLINE
    loom_hls::dense_latency<dense_out_config, dense_out_products>(x, y, dense_out_b);
  }
};
