// Constants of layer fc3 (node 'fc3' (Gemm) of jet_mlp.onnx), written by loom.
static const fc3_config::weight_t fc3_w[160] = {
    0.167999267578125, -0.01690673828125, -0.0831298828125, 0.33673095703125, -0.0517578125,
    0.34014892578125, -0.12969970703125, 0.177581787109375, 0.035064697265625, 0.263214111328125,
    -0.1866455078125, -0.098052978515625, -0.188690185546875, 0.02679443359375, 0.334686279296875,
    0.043975830078125, -0.053985595703125, -0.143218994140625, -0.207061767578125,
    0.015045166015625, -0.08111572265625, -0.048675537109375, -0.045166015625, 0.007843017578125,
    0.264007568359375, -0.239410400390625, 0.150146484375, -0.158355712890625, 0.022369384765625,
    0.067779541015625, -0.002960205078125, -0.315521240234375, 0.110015869140625,
    -0.180511474609375, 0.2169189453125, 0.052459716796875, -0.183380126953125, 0.160369873046875,
    0.206329345703125, -0.144256591796875, 0.263336181640625, -0.10986328125, 0.101531982421875,
    -0.08917236328125, -0.0753173828125, -0.01812744140625, 0.26007080078125, -0.064208984375,
    -0.021820068359375, 0.33917236328125, 0.2257080078125, -0.575225830078125, -0.123077392578125,
    -0.20733642578125, -0.248626708984375, 0.161285400390625, 0.001495361328125, 0.0906982421875,
    -0.08343505859375, 0.312042236328125, -0.03192138671875, -0.0697021484375, 0.07635498046875,
    0.26019287109375, 0.054840087890625, -0.311279296875, 0.367401123046875, 0.089874267578125,
    -0.02655029296875, -0.124359130859375, 0.06707763671875, 0.259613037109375, -0.497711181640625,
    -0.13470458984375, 0.225067138671875, -0.1763916015625, -0.017822265625, -0.23138427734375,
    -0.19927978515625, -0.10150146484375, -0.067047119140625, -0.114532470703125,
    -0.127777099609375, -0.3974609375, 0.2647705078125, -0.22418212890625, -0.092803955078125,
    -0.339630126953125, -0.341094970703125, 0.129180908203125, 0.168121337890625, -0.04840087890625,
    0.00787353515625, 0.112213134765625, 0.280364990234375, 0.12457275390625, -0.127655029296875,
    0.03875732421875, -0.205169677734375, 0.21209716796875, -0.16058349609375, 0.00933837890625,
    -0.440521240234375, 0.0526123046875, -0.111419677734375, 0.01513671875, 0.126007080078125,
    0.368896484375, 0.1939697265625, 0.072265625, -0.008697509765625, -0.15234375,
    0.166290283203125, -0.109100341796875, 0.064239501953125, -0.250091552734375, 0.1363525390625,
    0.329925537109375, 0.2449951171875, 0.104095458984375, 0.0010986328125, 0.264495849609375,
    0.117279052734375, -0.174896240234375, 0.03497314453125, -0.1181640625, -0.26171875,
    -0.101470947265625, 0.04376220703125, 0.079376220703125, 0.253936767578125, -0.0322265625,
    0.07464599609375, -0.072784423828125, -0.12115478515625, 0.08367919921875, 0.330657958984375,
    -0.2303466796875, -0.144134521484375, 0.031951904296875, -0.23419189453125, 0.12213134765625,
    0.0089111328125, -0.0032958984375, 0.225067138671875, -0.28045654296875, 0.083404541015625,
    -0.1458740234375, -0.089813232421875, -0.03326416015625, -0.0335693359375, -0.219879150390625,
    -0.205810546875, 0.17138671875, 0.06640625, 0.06304931640625, -0.037506103515625,
    -0.02178955078125, 0.037994384765625, 0.03021240234375
};
static const fc3_config::bias_t fc3_b[5] = {
    -0.0059661865234375, 0.19655609130859375, -0.06261444091796875, -0.0164337158203125,
    -0.072509765625
};
struct fc3_products {
  static void add(const fc3_config::input_t x[32], fc3_config::accum_t acc[5]) {
#pragma HLS INLINE
    acc[0] += (fc3_config::accum_t)(x[0] * fc3_w[0]);
    acc[1] += (fc3_config::accum_t)(x[0] * fc3_w[1]);
    acc[2] += (fc3_config::accum_t)(x[0] * fc3_w[2]);
    acc[3] += (fc3_config::accum_t)(x[0] * fc3_w[3]);
    acc[4] += (fc3_config::accum_t)(x[0] * fc3_w[4]);
    acc[0] += (fc3_config::accum_t)(x[1] * fc3_w[5]);
    acc[1] += (fc3_config::accum_t)(x[1] * fc3_w[6]);
    acc[2] += (fc3_config::accum_t)(x[1] * fc3_w[7]);
    acc[3] += (fc3_config::accum_t)(x[1] * fc3_w[8]);
    acc[4] += (fc3_config::accum_t)(x[1] * fc3_w[9]);
    acc[0] += (fc3_config::accum_t)(x[2] * fc3_w[10]);
    acc[1] += (fc3_config::accum_t)(x[2] * fc3_w[11]);
    acc[2] += (fc3_config::accum_t)(x[2] * fc3_w[12]);
    acc[3] += (fc3_config::accum_t)(x[2] * fc3_w[13]);
    acc[4] += (fc3_config::accum_t)(x[2] * fc3_w[14]);
    acc[0] += (fc3_config::accum_t)(x[3] * fc3_w[15]);
    acc[1] += (fc3_config::accum_t)(x[3] * fc3_w[16]);
    acc[2] += (fc3_config::accum_t)(x[3] * fc3_w[17]);
    acc[3] += (fc3_config::accum_t)(x[3] * fc3_w[18]);
    acc[4] += (fc3_config::accum_t)(x[3] * fc3_w[19]);
    acc[0] += (fc3_config::accum_t)(x[4] * fc3_w[20]);
    acc[1] += (fc3_config::accum_t)(x[4] * fc3_w[21]);
    acc[2] += (fc3_config::accum_t)(x[4] * fc3_w[22]);
    acc[3] += (fc3_config::accum_t)(x[4] * fc3_w[23]);
    acc[4] += (fc3_config::accum_t)(x[4] * fc3_w[24]);
    acc[0] += (fc3_config::accum_t)(x[5] * fc3_w[25]);
    acc[1] += (fc3_config::accum_t)(x[5] * fc3_w[26]);
    acc[2] += (fc3_config::accum_t)(x[5] * fc3_w[27]);
    acc[3] += (fc3_config::accum_t)(x[5] * fc3_w[28]);
    acc[4] += (fc3_config::accum_t)(x[5] * fc3_w[29]);
    acc[0] += (fc3_config::accum_t)(x[6] * fc3_w[30]);
    acc[1] += (fc3_config::accum_t)(x[6] * fc3_w[31]);
    acc[2] += (fc3_config::accum_t)(x[6] * fc3_w[32]);
    acc[3] += (fc3_config::accum_t)(x[6] * fc3_w[33]);
    acc[4] += (fc3_config::accum_t)(x[6] * fc3_w[34]);
    acc[0] += (fc3_config::accum_t)(x[7] * fc3_w[35]);
    acc[1] += (fc3_config::accum_t)(x[7] * fc3_w[36]);
    acc[2] += (fc3_config::accum_t)(x[7] * fc3_w[37]);
    acc[3] += (fc3_config::accum_t)(x[7] * fc3_w[38]);
    acc[4] += (fc3_config::accum_t)(x[7] * fc3_w[39]);
    acc[0] += (fc3_config::accum_t)(x[8] * fc3_w[40]);
    acc[1] += (fc3_config::accum_t)(x[8] * fc3_w[41]);
    acc[2] += (fc3_config::accum_t)(x[8] * fc3_w[42]);
    acc[3] += (fc3_config::accum_t)(x[8] * fc3_w[43]);
    acc[4] += (fc3_config::accum_t)(x[8] * fc3_w[44]);
    acc[0] += (fc3_config::accum_t)(x[9] * fc3_w[45]);
    acc[1] += (fc3_config::accum_t)(x[9] * fc3_w[46]);
    acc[2] += (fc3_config::accum_t)(x[9] * fc3_w[47]);
    acc[3] += (fc3_config::accum_t)(x[9] * fc3_w[48]);
    acc[4] += (fc3_config::accum_t)(x[9] * fc3_w[49]);
    acc[0] += (fc3_config::accum_t)(x[10] * fc3_w[50]);
    acc[1] += (fc3_config::accum_t)(x[10] * fc3_w[51]);
    acc[2] += (fc3_config::accum_t)(x[10] * fc3_w[52]);
    acc[3] += (fc3_config::accum_t)(x[10] * fc3_w[53]);
    acc[4] += (fc3_config::accum_t)(x[10] * fc3_w[54]);
    acc[0] += (fc3_config::accum_t)(x[11] * fc3_w[55]);
    acc[1] += (fc3_config::accum_t)(x[11] * fc3_w[56]);
    acc[2] += (fc3_config::accum_t)(x[11] * fc3_w[57]);
    acc[3] += (fc3_config::accum_t)(x[11] * fc3_w[58]);
    acc[4] += (fc3_config::accum_t)(x[11] * fc3_w[59]);
    acc[0] += (fc3_config::accum_t)(x[12] * fc3_w[60]);
    acc[1] += (fc3_config::accum_t)(x[12] * fc3_w[61]);
    acc[2] += (fc3_config::accum_t)(x[12] * fc3_w[62]);
    acc[3] += (fc3_config::accum_t)(x[12] * fc3_w[63]);
    acc[4] += (fc3_config::accum_t)(x[12] * fc3_w[64]);
    acc[0] += (fc3_config::accum_t)(x[13] * fc3_w[65]);
    acc[1] += (fc3_config::accum_t)(x[13] * fc3_w[66]);
    acc[2] += (fc3_config::accum_t)(x[13] * fc3_w[67]);
    acc[3] += (fc3_config::accum_t)(x[13] * fc3_w[68]);
    acc[4] += (fc3_config::accum_t)(x[13] * fc3_w[69]);
    acc[0] += (fc3_config::accum_t)(x[14] * fc3_w[70]);
    acc[1] += (fc3_config::accum_t)(x[14] * fc3_w[71]);
    acc[2] += (fc3_config::accum_t)(x[14] * fc3_w[72]);
    acc[3] += (fc3_config::accum_t)(x[14] * fc3_w[73]);
    acc[4] += (fc3_config::accum_t)(x[14] * fc3_w[74]);
    acc[0] += (fc3_config::accum_t)(x[15] * fc3_w[75]);
    acc[1] += (fc3_config::accum_t)(x[15] * fc3_w[76]);
    acc[2] += (fc3_config::accum_t)(x[15] * fc3_w[77]);
    acc[3] += (fc3_config::accum_t)(x[15] * fc3_w[78]);
    acc[4] += (fc3_config::accum_t)(x[15] * fc3_w[79]);
    acc[0] += (fc3_config::accum_t)(x[16] * fc3_w[80]);
    acc[1] += (fc3_config::accum_t)(x[16] * fc3_w[81]);
    acc[2] += (fc3_config::accum_t)(x[16] * fc3_w[82]);
    acc[3] += (fc3_config::accum_t)(x[16] * fc3_w[83]);
    acc[4] += (fc3_config::accum_t)(x[16] * fc3_w[84]);
    acc[0] += (fc3_config::accum_t)(x[17] * fc3_w[85]);
    acc[1] += (fc3_config::accum_t)(x[17] * fc3_w[86]);
    acc[2] += (fc3_config::accum_t)(x[17] * fc3_w[87]);
    acc[3] += (fc3_config::accum_t)(x[17] * fc3_w[88]);
    acc[4] += (fc3_config::accum_t)(x[17] * fc3_w[89]);
    acc[0] += (fc3_config::accum_t)(x[18] * fc3_w[90]);
    acc[1] += (fc3_config::accum_t)(x[18] * fc3_w[91]);
    acc[2] += (fc3_config::accum_t)(x[18] * fc3_w[92]);
    acc[3] += (fc3_config::accum_t)(x[18] * fc3_w[93]);
    acc[4] += (fc3_config::accum_t)(x[18] * fc3_w[94]);
    acc[0] += (fc3_config::accum_t)(x[19] * fc3_w[95]);
    acc[1] += (fc3_config::accum_t)(x[19] * fc3_w[96]);
    acc[2] += (fc3_config::accum_t)(x[19] * fc3_w[97]);
    acc[3] += (fc3_config::accum_t)(x[19] * fc3_w[98]);
    acc[4] += (fc3_config::accum_t)(x[19] * fc3_w[99]);
    acc[0] += (fc3_config::accum_t)(x[20] * fc3_w[100]);
    acc[1] += (fc3_config::accum_t)(x[20] * fc3_w[101]);
    acc[2] += (fc3_config::accum_t)(x[20] * fc3_w[102]);
    acc[3] += (fc3_config::accum_t)(x[20] * fc3_w[103]);
    acc[4] += (fc3_config::accum_t)(x[20] * fc3_w[104]);
    acc[0] += (fc3_config::accum_t)(x[21] * fc3_w[105]);
    acc[1] += (fc3_config::accum_t)(x[21] * fc3_w[106]);
    acc[2] += (fc3_config::accum_t)(x[21] * fc3_w[107]);
    acc[3] += (fc3_config::accum_t)(x[21] * fc3_w[108]);
    acc[4] += (fc3_config::accum_t)(x[21] * fc3_w[109]);
    acc[0] += (fc3_config::accum_t)(x[22] * fc3_w[110]);
    acc[1] += (fc3_config::accum_t)(x[22] * fc3_w[111]);
    acc[2] += (fc3_config::accum_t)(x[22] * fc3_w[112]);
    acc[3] += (fc3_config::accum_t)(x[22] * fc3_w[113]);
    acc[4] += (fc3_config::accum_t)(x[22] * fc3_w[114]);
    acc[0] += (fc3_config::accum_t)(x[23] * fc3_w[115]);
    acc[1] += (fc3_config::accum_t)(x[23] * fc3_w[116]);
    acc[2] += (fc3_config::accum_t)(x[23] * fc3_w[117]);
    acc[3] += (fc3_config::accum_t)(x[23] * fc3_w[118]);
    acc[4] += (fc3_config::accum_t)(x[23] * fc3_w[119]);
    acc[0] += (fc3_config::accum_t)(x[24] * fc3_w[120]);
    acc[1] += (fc3_config::accum_t)(x[24] * fc3_w[121]);
    acc[2] += (fc3_config::accum_t)(x[24] * fc3_w[122]);
    acc[3] += (fc3_config::accum_t)(x[24] * fc3_w[123]);
    acc[4] += (fc3_config::accum_t)(x[24] * fc3_w[124]);
    acc[0] += (fc3_config::accum_t)(x[25] * fc3_w[125]);
    acc[1] += (fc3_config::accum_t)(x[25] * fc3_w[126]);
    acc[2] += (fc3_config::accum_t)(x[25] * fc3_w[127]);
    acc[3] += (fc3_config::accum_t)(x[25] * fc3_w[128]);
    acc[4] += (fc3_config::accum_t)(x[25] * fc3_w[129]);
    acc[0] += (fc3_config::accum_t)(x[26] * fc3_w[130]);
    acc[1] += (fc3_config::accum_t)(x[26] * fc3_w[131]);
    acc[2] += (fc3_config::accum_t)(x[26] * fc3_w[132]);
    acc[3] += (fc3_config::accum_t)(x[26] * fc3_w[133]);
    acc[4] += (fc3_config::accum_t)(x[26] * fc3_w[134]);
    acc[0] += (fc3_config::accum_t)(x[27] * fc3_w[135]);
    acc[1] += (fc3_config::accum_t)(x[27] * fc3_w[136]);
    acc[2] += (fc3_config::accum_t)(x[27] * fc3_w[137]);
    acc[3] += (fc3_config::accum_t)(x[27] * fc3_w[138]);
    acc[4] += (fc3_config::accum_t)(x[27] * fc3_w[139]);
    acc[0] += (fc3_config::accum_t)(x[28] * fc3_w[140]);
    acc[1] += (fc3_config::accum_t)(x[28] * fc3_w[141]);
    acc[2] += (fc3_config::accum_t)(x[28] * fc3_w[142]);
    acc[3] += (fc3_config::accum_t)(x[28] * fc3_w[143]);
    acc[4] += (fc3_config::accum_t)(x[28] * fc3_w[144]);
    acc[0] += (fc3_config::accum_t)(x[29] * fc3_w[145]);
    acc[1] += (fc3_config::accum_t)(x[29] * fc3_w[146]);
    acc[2] += (fc3_config::accum_t)(x[29] * fc3_w[147]);
    acc[3] += (fc3_config::accum_t)(x[29] * fc3_w[148]);
    acc[4] += (fc3_config::accum_t)(x[29] * fc3_w[149]);
    acc[0] += (fc3_config::accum_t)(x[30] * fc3_w[150]);
    acc[1] += (fc3_config::accum_t)(x[30] * fc3_w[151]);
    acc[2] += (fc3_config::accum_t)(x[30] * fc3_w[152]);
    acc[3] += (fc3_config::accum_t)(x[30] * fc3_w[153]);
    acc[4] += (fc3_config::accum_t)(x[30] * fc3_w[154]);
    acc[0] += (fc3_config::accum_t)(x[31] * fc3_w[155]);
    acc[1] += (fc3_config::accum_t)(x[31] * fc3_w[156]);
    acc[2] += (fc3_config::accum_t)(x[31] * fc3_w[157]);
    acc[3] += (fc3_config::accum_t)(x[31] * fc3_w[158]);
    acc[4] += (fc3_config::accum_t)(x[31] * fc3_w[159]);
  }
};
struct fc3_matrix {
  static void apply(const fc3_config::input_t x[32], fc3_config::result_t y[5]) {
#pragma HLS INLINE
    loom_hls::dense_latency<fc3_config, fc3_products>(x, y, fc3_b);
  }
};
