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
    loom_hls::mac<dense_out_config>(acc[0], x[0], dense_out_w[0]);
    loom_hls::mac<dense_out_config>(acc[1], x[0], dense_out_w[1]);
    loom_hls::mac<dense_out_config>(acc[2], x[0], dense_out_w[2]);
    loom_hls::mac<dense_out_config>(acc[3], x[0], dense_out_w[3]);
    loom_hls::mac<dense_out_config>(acc[0], x[1], dense_out_w[4]);
    loom_hls::mac<dense_out_config>(acc[1], x[1], dense_out_w[5]);
    loom_hls::mac<dense_out_config>(acc[2], x[1], dense_out_w[6]);
    loom_hls::mac<dense_out_config>(acc[3], x[1], dense_out_w[7]);
    loom_hls::mac<dense_out_config>(acc[0], x[2], dense_out_w[8]);
    loom_hls::mac<dense_out_config>(acc[1], x[2], dense_out_w[9]);
    loom_hls::mac<dense_out_config>(acc[2], x[2], dense_out_w[10]);
    loom_hls::mac<dense_out_config>(acc[3], x[2], dense_out_w[11]);
    loom_hls::mac<dense_out_config>(acc[0], x[3], dense_out_w[12]);
    loom_hls::mac<dense_out_config>(acc[1], x[3], dense_out_w[13]);
    loom_hls::mac<dense_out_config>(acc[2], x[3], dense_out_w[14]);
    loom_hls::mac<dense_out_config>(acc[3], x[3], dense_out_w[15]);
    loom_hls::mac<dense_out_config>(acc[0], x[4], dense_out_w[16]);
    loom_hls::mac<dense_out_config>(acc[1], x[4], dense_out_w[17]);
    loom_hls::mac<dense_out_config>(acc[2], x[4], dense_out_w[18]);
    loom_hls::mac<dense_out_config>(acc[3], x[4], dense_out_w[19]);
    loom_hls::mac<dense_out_config>(acc[0], x[5], dense_out_w[20]);
    loom_hls::mac<dense_out_config>(acc[1], x[5], dense_out_w[21]);
    loom_hls::mac<dense_out_config>(acc[2], x[5], dense_out_w[22]);
    loom_hls::mac<dense_out_config>(acc[3], x[5], dense_out_w[23]);
    loom_hls::mac<dense_out_config>(acc[0], x[6], dense_out_w[24]);
    loom_hls::mac<dense_out_config>(acc[1], x[6], dense_out_w[25]);
    loom_hls::mac<dense_out_config>(acc[2], x[6], dense_out_w[26]);
    loom_hls::mac<dense_out_config>(acc[3], x[6], dense_out_w[27]);
    loom_hls::mac<dense_out_config>(acc[0], x[7], dense_out_w[28]);
    loom_hls::mac<dense_out_config>(acc[1], x[7], dense_out_w[29]);
    loom_hls::mac<dense_out_config>(acc[2], x[7], dense_out_w[30]);
    loom_hls::mac<dense_out_config>(acc[3], x[7], dense_out_w[31]);
    loom_hls::mac<dense_out_config>(acc[0], x[8], dense_out_w[32]);
    loom_hls::mac<dense_out_config>(acc[1], x[8], dense_out_w[33]);
    loom_hls::mac<dense_out_config>(acc[2], x[8], dense_out_w[34]);
    loom_hls::mac<dense_out_config>(acc[3], x[8], dense_out_w[35]);
    loom_hls::mac<dense_out_config>(acc[0], x[9], dense_out_w[36]);
    loom_hls::mac<dense_out_config>(acc[1], x[9], dense_out_w[37]);
    loom_hls::mac<dense_out_config>(acc[2], x[9], dense_out_w[38]);
    loom_hls::mac<dense_out_config>(acc[3], x[9], dense_out_w[39]);
    loom_hls::mac<dense_out_config>(acc[0], x[10], dense_out_w[40]);
    loom_hls::mac<dense_out_config>(acc[1], x[10], dense_out_w[41]);
    loom_hls::mac<dense_out_config>(acc[2], x[10], dense_out_w[42]);
    loom_hls::mac<dense_out_config>(acc[3], x[10], dense_out_w[43]);
    loom_hls::mac<dense_out_config>(acc[0], x[11], dense_out_w[44]);
    loom_hls::mac<dense_out_config>(acc[1], x[11], dense_out_w[45]);
    loom_hls::mac<dense_out_config>(acc[2], x[11], dense_out_w[46]);
    loom_hls::mac<dense_out_config>(acc[3], x[11], dense_out_w[47]);
    loom_hls::mac<dense_out_config>(acc[0], x[12], dense_out_w[48]);
    loom_hls::mac<dense_out_config>(acc[1], x[12], dense_out_w[49]);
    loom_hls::mac<dense_out_config>(acc[2], x[12], dense_out_w[50]);
    loom_hls::mac<dense_out_config>(acc[3], x[12], dense_out_w[51]);
    loom_hls::mac<dense_out_config>(acc[0], x[13], dense_out_w[52]);
    loom_hls::mac<dense_out_config>(acc[1], x[13], dense_out_w[53]);
    loom_hls::mac<dense_out_config>(acc[2], x[13], dense_out_w[54]);
    loom_hls::mac<dense_out_config>(acc[3], x[13], dense_out_w[55]);
    loom_hls::mac<dense_out_config>(acc[0], x[14], dense_out_w[56]);
    loom_hls::mac<dense_out_config>(acc[1], x[14], dense_out_w[57]);
    loom_hls::mac<dense_out_config>(acc[2], x[14], dense_out_w[58]);
    loom_hls::mac<dense_out_config>(acc[3], x[14], dense_out_w[59]);
    loom_hls::mac<dense_out_config>(acc[0], x[15], dense_out_w[60]);
    loom_hls::mac<dense_out_config>(acc[1], x[15], dense_out_w[61]);
    loom_hls::mac<dense_out_config>(acc[2], x[15], dense_out_w[62]);
    loom_hls::mac<dense_out_config>(acc[3], x[15], dense_out_w[63]);
  }
};
struct dense_out_matrix {
  static void apply(const dense_out_config::input_t x[16], dense_out_config::result_t y[4]) {
#pragma HLS INLINE
    loom_hls::dense_latency<dense_out_config, dense_out_products>(x, y, dense_out_b);
  }
};
