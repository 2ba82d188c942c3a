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
    loom_hls::mac<fc3_config>(acc[0], x[0], fc3_w[0]);
    loom_hls::mac<fc3_config>(acc[1], x[0], fc3_w[1]);
    loom_hls::mac<fc3_config>(acc[2], x[0], fc3_w[2]);
    loom_hls::mac<fc3_config>(acc[3], x[0], fc3_w[3]);
    loom_hls::mac<fc3_config>(acc[4], x[0], fc3_w[4]);
    loom_hls::mac<fc3_config>(acc[0], x[1], fc3_w[5]);
    loom_hls::mac<fc3_config>(acc[1], x[1], fc3_w[6]);
    loom_hls::mac<fc3_config>(acc[2], x[1], fc3_w[7]);
    loom_hls::mac<fc3_config>(acc[3], x[1], fc3_w[8]);
    loom_hls::mac<fc3_config>(acc[4], x[1], fc3_w[9]);
    loom_hls::mac<fc3_config>(acc[0], x[2], fc3_w[10]);
    loom_hls::mac<fc3_config>(acc[1], x[2], fc3_w[11]);
    loom_hls::mac<fc3_config>(acc[2], x[2], fc3_w[12]);
    loom_hls::mac<fc3_config>(acc[3], x[2], fc3_w[13]);
    loom_hls::mac<fc3_config>(acc[4], x[2], fc3_w[14]);
    loom_hls::mac<fc3_config>(acc[0], x[3], fc3_w[15]);
    loom_hls::mac<fc3_config>(acc[1], x[3], fc3_w[16]);
    loom_hls::mac<fc3_config>(acc[2], x[3], fc3_w[17]);
    loom_hls::mac<fc3_config>(acc[3], x[3], fc3_w[18]);
    loom_hls::mac<fc3_config>(acc[4], x[3], fc3_w[19]);
    loom_hls::mac<fc3_config>(acc[0], x[4], fc3_w[20]);
    loom_hls::mac<fc3_config>(acc[1], x[4], fc3_w[21]);
    loom_hls::mac<fc3_config>(acc[2], x[4], fc3_w[22]);
    loom_hls::mac<fc3_config>(acc[3], x[4], fc3_w[23]);
    loom_hls::mac<fc3_config>(acc[4], x[4], fc3_w[24]);
    loom_hls::mac<fc3_config>(acc[0], x[5], fc3_w[25]);
    loom_hls::mac<fc3_config>(acc[1], x[5], fc3_w[26]);
    loom_hls::mac<fc3_config>(acc[2], x[5], fc3_w[27]);
    loom_hls::mac<fc3_config>(acc[3], x[5], fc3_w[28]);
    loom_hls::mac<fc3_config>(acc[4], x[5], fc3_w[29]);
    loom_hls::mac<fc3_config>(acc[0], x[6], fc3_w[30]);
    loom_hls::mac<fc3_config>(acc[1], x[6], fc3_w[31]);
    loom_hls::mac<fc3_config>(acc[2], x[6], fc3_w[32]);
    loom_hls::mac<fc3_config>(acc[3], x[6], fc3_w[33]);
    loom_hls::mac<fc3_config>(acc[4], x[6], fc3_w[34]);
    loom_hls::mac<fc3_config>(acc[0], x[7], fc3_w[35]);
    loom_hls::mac<fc3_config>(acc[1], x[7], fc3_w[36]);
    loom_hls::mac<fc3_config>(acc[2], x[7], fc3_w[37]);
    loom_hls::mac<fc3_config>(acc[3], x[7], fc3_w[38]);
    loom_hls::mac<fc3_config>(acc[4], x[7], fc3_w[39]);
    loom_hls::mac<fc3_config>(acc[0], x[8], fc3_w[40]);
    loom_hls::mac<fc3_config>(acc[1], x[8], fc3_w[41]);
    loom_hls::mac<fc3_config>(acc[2], x[8], fc3_w[42]);
    loom_hls::mac<fc3_config>(acc[3], x[8], fc3_w[43]);
    loom_hls::mac<fc3_config>(acc[4], x[8], fc3_w[44]);
    loom_hls::mac<fc3_config>(acc[0], x[9], fc3_w[45]);
    loom_hls::mac<fc3_config>(acc[1], x[9], fc3_w[46]);
    loom_hls::mac<fc3_config>(acc[2], x[9], fc3_w[47]);
    loom_hls::mac<fc3_config>(acc[3], x[9], fc3_w[48]);
    loom_hls::mac<fc3_config>(acc[4], x[9], fc3_w[49]);
    loom_hls::mac<fc3_config>(acc[0], x[10], fc3_w[50]);
    loom_hls::mac<fc3_config>(acc[1], x[10], fc3_w[51]);
    loom_hls::mac<fc3_config>(acc[2], x[10], fc3_w[52]);
    loom_hls::mac<fc3_config>(acc[3], x[10], fc3_w[53]);
    loom_hls::mac<fc3_config>(acc[4], x[10], fc3_w[54]);
    loom_hls::mac<fc3_config>(acc[0], x[11], fc3_w[55]);
    loom_hls::mac<fc3_config>(acc[1], x[11], fc3_w[56]);
    loom_hls::mac<fc3_config>(acc[2], x[11], fc3_w[57]);
    loom_hls::mac<fc3_config>(acc[3], x[11], fc3_w[58]);
    loom_hls::mac<fc3_config>(acc[4], x[11], fc3_w[59]);
    loom_hls::mac<fc3_config>(acc[0], x[12], fc3_w[60]);
    loom_hls::mac<fc3_config>(acc[1], x[12], fc3_w[61]);
    loom_hls::mac<fc3_config>(acc[2], x[12], fc3_w[62]);
    loom_hls::mac<fc3_config>(acc[3], x[12], fc3_w[63]);
    loom_hls::mac<fc3_config>(acc[4], x[12], fc3_w[64]);
    loom_hls::mac<fc3_config>(acc[0], x[13], fc3_w[65]);
    loom_hls::mac<fc3_config>(acc[1], x[13], fc3_w[66]);
    loom_hls::mac<fc3_config>(acc[2], x[13], fc3_w[67]);
    loom_hls::mac<fc3_config>(acc[3], x[13], fc3_w[68]);
    loom_hls::mac<fc3_config>(acc[4], x[13], fc3_w[69]);
    loom_hls::mac<fc3_config>(acc[0], x[14], fc3_w[70]);
    loom_hls::mac<fc3_config>(acc[1], x[14], fc3_w[71]);
    loom_hls::mac<fc3_config>(acc[2], x[14], fc3_w[72]);
    loom_hls::mac<fc3_config>(acc[3], x[14], fc3_w[73]);
    loom_hls::mac<fc3_config>(acc[4], x[14], fc3_w[74]);
    loom_hls::mac<fc3_config>(acc[0], x[15], fc3_w[75]);
    loom_hls::mac<fc3_config>(acc[1], x[15], fc3_w[76]);
    loom_hls::mac<fc3_config>(acc[2], x[15], fc3_w[77]);
    loom_hls::mac<fc3_config>(acc[3], x[15], fc3_w[78]);
    loom_hls::mac<fc3_config>(acc[4], x[15], fc3_w[79]);
    loom_hls::mac<fc3_config>(acc[0], x[16], fc3_w[80]);
    loom_hls::mac<fc3_config>(acc[1], x[16], fc3_w[81]);
    loom_hls::mac<fc3_config>(acc[2], x[16], fc3_w[82]);
    loom_hls::mac<fc3_config>(acc[3], x[16], fc3_w[83]);
    loom_hls::mac<fc3_config>(acc[4], x[16], fc3_w[84]);
    loom_hls::mac<fc3_config>(acc[0], x[17], fc3_w[85]);
    loom_hls::mac<fc3_config>(acc[1], x[17], fc3_w[86]);
    loom_hls::mac<fc3_config>(acc[2], x[17], fc3_w[87]);
    loom_hls::mac<fc3_config>(acc[3], x[17], fc3_w[88]);
    loom_hls::mac<fc3_config>(acc[4], x[17], fc3_w[89]);
    loom_hls::mac<fc3_config>(acc[0], x[18], fc3_w[90]);
    loom_hls::mac<fc3_config>(acc[1], x[18], fc3_w[91]);
    loom_hls::mac<fc3_config>(acc[2], x[18], fc3_w[92]);
    loom_hls::mac<fc3_config>(acc[3], x[18], fc3_w[93]);
    loom_hls::mac<fc3_config>(acc[4], x[18], fc3_w[94]);
    loom_hls::mac<fc3_config>(acc[0], x[19], fc3_w[95]);
    loom_hls::mac<fc3_config>(acc[1], x[19], fc3_w[96]);
    loom_hls::mac<fc3_config>(acc[2], x[19], fc3_w[97]);
    loom_hls::mac<fc3_config>(acc[3], x[19], fc3_w[98]);
    loom_hls::mac<fc3_config>(acc[4], x[19], fc3_w[99]);
    loom_hls::mac<fc3_config>(acc[0], x[20], fc3_w[100]);
    loom_hls::mac<fc3_config>(acc[1], x[20], fc3_w[101]);
    loom_hls::mac<fc3_config>(acc[2], x[20], fc3_w[102]);
    loom_hls::mac<fc3_config>(acc[3], x[20], fc3_w[103]);
    loom_hls::mac<fc3_config>(acc[4], x[20], fc3_w[104]);
    loom_hls::mac<fc3_config>(acc[0], x[21], fc3_w[105]);
    loom_hls::mac<fc3_config>(acc[1], x[21], fc3_w[106]);
    loom_hls::mac<fc3_config>(acc[2], x[21], fc3_w[107]);
    loom_hls::mac<fc3_config>(acc[3], x[21], fc3_w[108]);
    loom_hls::mac<fc3_config>(acc[4], x[21], fc3_w[109]);
    loom_hls::mac<fc3_config>(acc[0], x[22], fc3_w[110]);
    loom_hls::mac<fc3_config>(acc[1], x[22], fc3_w[111]);
    loom_hls::mac<fc3_config>(acc[2], x[22], fc3_w[112]);
    loom_hls::mac<fc3_config>(acc[3], x[22], fc3_w[113]);
    loom_hls::mac<fc3_config>(acc[4], x[22], fc3_w[114]);
    loom_hls::mac<fc3_config>(acc[0], x[23], fc3_w[115]);
    loom_hls::mac<fc3_config>(acc[1], x[23], fc3_w[116]);
    loom_hls::mac<fc3_config>(acc[2], x[23], fc3_w[117]);
    loom_hls::mac<fc3_config>(acc[3], x[23], fc3_w[118]);
    loom_hls::mac<fc3_config>(acc[4], x[23], fc3_w[119]);
    loom_hls::mac<fc3_config>(acc[0], x[24], fc3_w[120]);
    loom_hls::mac<fc3_config>(acc[1], x[24], fc3_w[121]);
    loom_hls::mac<fc3_config>(acc[2], x[24], fc3_w[122]);
    loom_hls::mac<fc3_config>(acc[3], x[24], fc3_w[123]);
    loom_hls::mac<fc3_config>(acc[4], x[24], fc3_w[124]);
    loom_hls::mac<fc3_config>(acc[0], x[25], fc3_w[125]);
    loom_hls::mac<fc3_config>(acc[1], x[25], fc3_w[126]);
    loom_hls::mac<fc3_config>(acc[2], x[25], fc3_w[127]);
    loom_hls::mac<fc3_config>(acc[3], x[25], fc3_w[128]);
    loom_hls::mac<fc3_config>(acc[4], x[25], fc3_w[129]);
    loom_hls::mac<fc3_config>(acc[0], x[26], fc3_w[130]);
    loom_hls::mac<fc3_config>(acc[1], x[26], fc3_w[131]);
    loom_hls::mac<fc3_config>(acc[2], x[26], fc3_w[132]);
    loom_hls::mac<fc3_config>(acc[3], x[26], fc3_w[133]);
    loom_hls::mac<fc3_config>(acc[4], x[26], fc3_w[134]);
    loom_hls::mac<fc3_config>(acc[0], x[27], fc3_w[135]);
    loom_hls::mac<fc3_config>(acc[1], x[27], fc3_w[136]);
    loom_hls::mac<fc3_config>(acc[2], x[27], fc3_w[137]);
    loom_hls::mac<fc3_config>(acc[3], x[27], fc3_w[138]);
    loom_hls::mac<fc3_config>(acc[4], x[27], fc3_w[139]);
    loom_hls::mac<fc3_config>(acc[0], x[28], fc3_w[140]);
    loom_hls::mac<fc3_config>(acc[1], x[28], fc3_w[141]);
    loom_hls::mac<fc3_config>(acc[2], x[28], fc3_w[142]);
    loom_hls::mac<fc3_config>(acc[3], x[28], fc3_w[143]);
    loom_hls::mac<fc3_config>(acc[4], x[28], fc3_w[144]);
    loom_hls::mac<fc3_config>(acc[0], x[29], fc3_w[145]);
    loom_hls::mac<fc3_config>(acc[1], x[29], fc3_w[146]);
    loom_hls::mac<fc3_config>(acc[2], x[29], fc3_w[147]);
    loom_hls::mac<fc3_config>(acc[3], x[29], fc3_w[148]);
    loom_hls::mac<fc3_config>(acc[4], x[29], fc3_w[149]);
    loom_hls::mac<fc3_config>(acc[0], x[30], fc3_w[150]);
    loom_hls::mac<fc3_config>(acc[1], x[30], fc3_w[151]);
    loom_hls::mac<fc3_config>(acc[2], x[30], fc3_w[152]);
    loom_hls::mac<fc3_config>(acc[3], x[30], fc3_w[153]);
    loom_hls::mac<fc3_config>(acc[4], x[30], fc3_w[154]);
    loom_hls::mac<fc3_config>(acc[0], x[31], fc3_w[155]);
    loom_hls::mac<fc3_config>(acc[1], x[31], fc3_w[156]);
    loom_hls::mac<fc3_config>(acc[2], x[31], fc3_w[157]);
    loom_hls::mac<fc3_config>(acc[3], x[31], fc3_w[158]);
    loom_hls::mac<fc3_config>(acc[4], x[31], fc3_w[159]);
  }
};
struct fc3_matrix {
  static void apply(const fc3_config::input_t x[32], fc3_config::result_t y[5]) {
#pragma HLS INLINE
    loom_hls::dense_latency<fc3_config, fc3_products>(x, y, fc3_b);
  }
};
