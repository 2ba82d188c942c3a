// Constants of layer conv2 (node 'conv2' (Conv) of small_cnn.onnx), written by loom.
static const conv2_config::weight_t conv2_w[288] = {
    -0.274383544921875, -0.183837890625, 0.22802734375, -0.260162353515625, -0.411590576171875,
    0.050872802734375, -0.093017578125, -0.41204833984375, -0.2149658203125, 0.03302001953125,
    -0.05877685546875, -0.171875, -0.125885009765625, 0.26953125, 0.43994140625, 0.42852783203125,
    -0.2548828125, 0.173736572265625, -0.2110595703125, 0.1768798828125, 0.004425048828125,
    0.083587646484375, -0.2369384765625, -0.27447509765625, -0.249053955078125, 0.094879150390625,
    -0.170654296875, 0.226806640625, 0.054656982421875, 0.193939208984375, -0.16571044921875,
    -0.077484130859375, -0.219970703125, -0.295257568359375, 0.394866943359375, 0.010284423828125,
    0.549224853515625, -0.314788818359375, -0.0830078125, 0.212982177734375, -0.419403076171875,
    0.16552734375, -0.168487548828125, 0.073638916015625, -0.17999267578125, -0.361328125,
    -0.2174072265625, 0.31378173828125, 0.044586181640625, 0.024322509765625, 0.172149658203125,
    0.038543701171875, 0.002410888671875, -0.0587158203125, -0.014007568359375, -0.29449462890625,
    0.380523681640625, -0.122711181640625, 0.092681884765625, -0.0711669921875, 0.05438232421875,
    -0.192230224609375, -0.35394287109375, -0.001800537109375, -0.036102294921875, 0.1142578125,
    0.1060791015625, 0.070892333984375, 0.06451416015625, 0.428497314453125, -0.08349609375,
    0.20538330078125, -0.19390869140625, 0.123565673828125, -0.00830078125, 0.0791015625,
    0.06329345703125, -0.27587890625, -0.126953125, 0.27545166015625, -0.027313232421875,
    -0.086639404296875, -0.4305419921875, -0.0732421875, 0.146820068359375, 0.285003662109375,
    -0.229156494140625, 0.03485107421875, -0.00390625, -0.049072265625, -0.16278076171875,
    -0.085968017578125, -0.001190185546875, 0.280792236328125, -0.360443115234375,
    -0.050140380859375, -0.183563232421875, -0.009918212890625, 0.474517822265625,
    -0.27874755859375, -0.0555419921875, -0.103729248046875, 0.29241943359375, 0.086181640625,
    0.040435791015625, -0.300048828125, 0.1470947265625, 0.123382568359375, 0.1009521484375,
    -0.131439208984375, 0.01416015625, -0.150360107421875, 0.07318115234375, 0.08978271484375,
    -0.203094482421875, -0.109771728515625, -0.2149658203125, 0.05010986328125, -0.098175048828125,
    0.162384033203125, 0.025390625, -0.200286865234375, 0.040008544921875, 0.261077880859375,
    -0.2188720703125, -0.125, 0.061614990234375, -9.1552734375e-05, 0.32177734375,
    0.011871337890625, 0.0137939453125, 0.157196044921875, -0.147674560546875, 0.027252197265625,
    -0.05316162109375, 0.36474609375, -0.128692626953125, 0.07196044921875, -0.1453857421875,
    -0.3548583984375, 0.127288818359375, 0.289459228515625, -0.3646240234375, 0.0455322265625,
    -0.02001953125, -0.16961669921875, -0.0257568359375, -0.25335693359375, -0.052642822265625,
    -9.1552734375e-05, -0.159393310546875, 0.009368896484375, -0.01287841796875, 0.03338623046875,
    -0.311920166015625, -0.114959716796875, 0.057403564453125, 0.232940673828125, 0.138458251953125,
    -0.33197021484375, -0.2386474609375, -0.318511962890625, 0.172821044921875, -0.11956787109375,
    -0.05816650390625, 0.059295654296875, 0.04083251953125, -0.169952392578125, -0.287689208984375,
    0.07794189453125, 0.07611083984375, 0.170074462890625, 0.083465576171875, 0.33282470703125,
    0.006744384765625, 0.27197265625, -0.155670166015625, -0.11285400390625, -0.017242431640625,
    -0.245086669921875, 0.386260986328125, -0.15155029296875, -0.217376708984375,
    -0.053985595703125, -0.083740234375, 0.17608642578125, -0.10064697265625, 0.088409423828125,
    -0.236114501953125, -0.476531982421875, 0.195648193359375, -0.00244140625, 0.020416259765625,
    -0.0587158203125, -0.389862060546875, 0.036712646484375, 0.097930908203125, 0.259368896484375,
    -0.022491455078125, 0.041259765625, -0.16754150390625, 0.205718994140625, -0.012481689453125,
    -0.031097412109375, 0.024017333984375, -0.0108642578125, -0.274871826171875, 0.281524658203125,
    -0.31268310546875, -0.167877197265625, -0.137237548828125, -0.187255859375, -0.057403564453125,
    0.299407958984375, 0.142242431640625, 0.081207275390625, 0.223175048828125, 0.03765869140625,
    0.167510986328125, -0.0885009765625, -0.256378173828125, -0.010467529296875, -0.030426025390625,
    -0.04071044921875, 0.133331298828125, -0.078155517578125, 0.050018310546875, -0.27557373046875,
    -0.02294921875, -0.126617431640625, 0.182098388671875, -0.00927734375, 0.41119384765625,
    0.135650634765625, -0.136566162109375, -0.245452880859375, -0.242706298828125,
    -0.251007080078125, 0.09027099609375, 0.055419921875, -0.10968017578125, -0.23004150390625,
    -0.18841552734375, 0.22076416015625, 0.231475830078125, 0.036376953125, -0.06390380859375,
    -0.187896728515625, -0.443206787109375, 0.0810546875, 0.201446533203125, 0.2200927734375,
    0.23175048828125, 0.328857421875, -0.227294921875, -0.019317626953125, 0.056243896484375,
    -0.181182861328125, -0.147705078125, 0.288482666015625, 0.038848876953125, -0.071929931640625,
    -0.078125, -0.1741943359375, 0.00604248046875, -0.031829833984375, 0.14581298828125,
    -0.3162841796875, -0.067230224609375, -0.011474609375, 0.00543212890625, 0.32855224609375,
    -0.080780029296875, -0.128173828125, 0.273284912109375, -0.159759521484375, 0.176513671875,
    -0.0975341796875, -0.067352294921875, 0.0545654296875, 0.031463623046875, -0.1617431640625,
    0.0068359375, -0.153228759765625, 0.0870361328125, 0.163848876953125, 0.1309814453125,
    0.18719482421875
};
static const conv2_config::bias_t conv2_b[8] = {
    -0.0744171142578125, -0.103851318359375, -0.0381927490234375, 0.0541534423828125,
    -0.036712646484375, 0.040771484375, -0.0317840576171875, 0.2782440185546875
};
struct conv2_products {
  static void add(const conv2_config::input_t x[36], conv2_config::accum_t acc[8]) {
#pragma HLS INLINE
    loom_hls::mac<conv2_config>(acc[0], x[0], conv2_w[0]);
    loom_hls::mac<conv2_config>(acc[1], x[0], conv2_w[1]);
    loom_hls::mac<conv2_config>(acc[2], x[0], conv2_w[2]);
    loom_hls::mac<conv2_config>(acc[3], x[0], conv2_w[3]);
    loom_hls::mac<conv2_config>(acc[4], x[0], conv2_w[4]);
    loom_hls::mac<conv2_config>(acc[5], x[0], conv2_w[5]);
    loom_hls::mac<conv2_config>(acc[6], x[0], conv2_w[6]);
    loom_hls::mac<conv2_config>(acc[7], x[0], conv2_w[7]);
    loom_hls::mac<conv2_config>(acc[0], x[1], conv2_w[8]);
    loom_hls::mac<conv2_config>(acc[1], x[1], conv2_w[9]);
    loom_hls::mac<conv2_config>(acc[2], x[1], conv2_w[10]);
    loom_hls::mac<conv2_config>(acc[3], x[1], conv2_w[11]);
    loom_hls::mac<conv2_config>(acc[4], x[1], conv2_w[12]);
    loom_hls::mac<conv2_config>(acc[5], x[1], conv2_w[13]);
    loom_hls::mac<conv2_config>(acc[6], x[1], conv2_w[14]);
    loom_hls::mac<conv2_config>(acc[7], x[1], conv2_w[15]);
    loom_hls::mac<conv2_config>(acc[0], x[2], conv2_w[16]);
    loom_hls::mac<conv2_config>(acc[1], x[2], conv2_w[17]);
    loom_hls::mac<conv2_config>(acc[2], x[2], conv2_w[18]);
    loom_hls::mac<conv2_config>(acc[3], x[2], conv2_w[19]);
    loom_hls::mac<conv2_config>(acc[4], x[2], conv2_w[20]);
    loom_hls::mac<conv2_config>(acc[5], x[2], conv2_w[21]);
    loom_hls::mac<conv2_config>(acc[6], x[2], conv2_w[22]);
    loom_hls::mac<conv2_config>(acc[7], x[2], conv2_w[23]);
    loom_hls::mac<conv2_config>(acc[0], x[3], conv2_w[24]);
    loom_hls::mac<conv2_config>(acc[1], x[3], conv2_w[25]);
    loom_hls::mac<conv2_config>(acc[2], x[3], conv2_w[26]);
    loom_hls::mac<conv2_config>(acc[3], x[3], conv2_w[27]);
    loom_hls::mac<conv2_config>(acc[4], x[3], conv2_w[28]);
    loom_hls::mac<conv2_config>(acc[5], x[3], conv2_w[29]);
    loom_hls::mac<conv2_config>(acc[6], x[3], conv2_w[30]);
    loom_hls::mac<conv2_config>(acc[7], x[3], conv2_w[31]);
    loom_hls::mac<conv2_config>(acc[0], x[4], conv2_w[32]);
    loom_hls::mac<conv2_config>(acc[1], x[4], conv2_w[33]);
    loom_hls::mac<conv2_config>(acc[2], x[4], conv2_w[34]);
    loom_hls::mac<conv2_config>(acc[3], x[4], conv2_w[35]);
    loom_hls::mac<conv2_config>(acc[4], x[4], conv2_w[36]);
    loom_hls::mac<conv2_config>(acc[5], x[4], conv2_w[37]);
    loom_hls::mac<conv2_config>(acc[6], x[4], conv2_w[38]);
    loom_hls::mac<conv2_config>(acc[7], x[4], conv2_w[39]);
    loom_hls::mac<conv2_config>(acc[0], x[5], conv2_w[40]);
    loom_hls::mac<conv2_config>(acc[1], x[5], conv2_w[41]);
    loom_hls::mac<conv2_config>(acc[2], x[5], conv2_w[42]);
    loom_hls::mac<conv2_config>(acc[3], x[5], conv2_w[43]);
    loom_hls::mac<conv2_config>(acc[4], x[5], conv2_w[44]);
    loom_hls::mac<conv2_config>(acc[5], x[5], conv2_w[45]);
    loom_hls::mac<conv2_config>(acc[6], x[5], conv2_w[46]);
    loom_hls::mac<conv2_config>(acc[7], x[5], conv2_w[47]);
    loom_hls::mac<conv2_config>(acc[0], x[6], conv2_w[48]);
    loom_hls::mac<conv2_config>(acc[1], x[6], conv2_w[49]);
    loom_hls::mac<conv2_config>(acc[2], x[6], conv2_w[50]);
    loom_hls::mac<conv2_config>(acc[3], x[6], conv2_w[51]);
    loom_hls::mac<conv2_config>(acc[4], x[6], conv2_w[52]);
    loom_hls::mac<conv2_config>(acc[5], x[6], conv2_w[53]);
    loom_hls::mac<conv2_config>(acc[6], x[6], conv2_w[54]);
    loom_hls::mac<conv2_config>(acc[7], x[6], conv2_w[55]);
    loom_hls::mac<conv2_config>(acc[0], x[7], conv2_w[56]);
    loom_hls::mac<conv2_config>(acc[1], x[7], conv2_w[57]);
    loom_hls::mac<conv2_config>(acc[2], x[7], conv2_w[58]);
    loom_hls::mac<conv2_config>(acc[3], x[7], conv2_w[59]);
    loom_hls::mac<conv2_config>(acc[4], x[7], conv2_w[60]);
    loom_hls::mac<conv2_config>(acc[5], x[7], conv2_w[61]);
    loom_hls::mac<conv2_config>(acc[6], x[7], conv2_w[62]);
    loom_hls::mac<conv2_config>(acc[7], x[7], conv2_w[63]);
    loom_hls::mac<conv2_config>(acc[0], x[8], conv2_w[64]);
    loom_hls::mac<conv2_config>(acc[1], x[8], conv2_w[65]);
    loom_hls::mac<conv2_config>(acc[2], x[8], conv2_w[66]);
    loom_hls::mac<conv2_config>(acc[3], x[8], conv2_w[67]);
    loom_hls::mac<conv2_config>(acc[4], x[8], conv2_w[68]);
    loom_hls::mac<conv2_config>(acc[5], x[8], conv2_w[69]);
    loom_hls::mac<conv2_config>(acc[6], x[8], conv2_w[70]);
    loom_hls::mac<conv2_config>(acc[7], x[8], conv2_w[71]);
    loom_hls::mac<conv2_config>(acc[0], x[9], conv2_w[72]);
    loom_hls::mac<conv2_config>(acc[1], x[9], conv2_w[73]);
    loom_hls::mac<conv2_config>(acc[2], x[9], conv2_w[74]);
    loom_hls::mac<conv2_config>(acc[3], x[9], conv2_w[75]);
    loom_hls::mac<conv2_config>(acc[4], x[9], conv2_w[76]);
    loom_hls::mac<conv2_config>(acc[5], x[9], conv2_w[77]);
    loom_hls::mac<conv2_config>(acc[6], x[9], conv2_w[78]);
    loom_hls::mac<conv2_config>(acc[7], x[9], conv2_w[79]);
    loom_hls::mac<conv2_config>(acc[0], x[10], conv2_w[80]);
    loom_hls::mac<conv2_config>(acc[1], x[10], conv2_w[81]);
    loom_hls::mac<conv2_config>(acc[2], x[10], conv2_w[82]);
    loom_hls::mac<conv2_config>(acc[3], x[10], conv2_w[83]);
    loom_hls::mac<conv2_config>(acc[4], x[10], conv2_w[84]);
    loom_hls::mac<conv2_config>(acc[5], x[10], conv2_w[85]);
    loom_hls::mac<conv2_config>(acc[6], x[10], conv2_w[86]);
    loom_hls::mac<conv2_config>(acc[7], x[10], conv2_w[87]);
    loom_hls::mac<conv2_config>(acc[0], x[11], conv2_w[88]);
    loom_hls::mac<conv2_config>(acc[1], x[11], conv2_w[89]);
    loom_hls::mac<conv2_config>(acc[2], x[11], conv2_w[90]);
    loom_hls::mac<conv2_config>(acc[3], x[11], conv2_w[91]);
    loom_hls::mac<conv2_config>(acc[4], x[11], conv2_w[92]);
    loom_hls::mac<conv2_config>(acc[5], x[11], conv2_w[93]);
    loom_hls::mac<conv2_config>(acc[6], x[11], conv2_w[94]);
    loom_hls::mac<conv2_config>(acc[7], x[11], conv2_w[95]);
    loom_hls::mac<conv2_config>(acc[0], x[12], conv2_w[96]);
    loom_hls::mac<conv2_config>(acc[1], x[12], conv2_w[97]);
    loom_hls::mac<conv2_config>(acc[2], x[12], conv2_w[98]);
    loom_hls::mac<conv2_config>(acc[3], x[12], conv2_w[99]);
    loom_hls::mac<conv2_config>(acc[4], x[12], conv2_w[100]);
    loom_hls::mac<conv2_config>(acc[5], x[12], conv2_w[101]);
    loom_hls::mac<conv2_config>(acc[6], x[12], conv2_w[102]);
    loom_hls::mac<conv2_config>(acc[7], x[12], conv2_w[103]);
    loom_hls::mac<conv2_config>(acc[0], x[13], conv2_w[104]);
    loom_hls::mac<conv2_config>(acc[1], x[13], conv2_w[105]);
    loom_hls::mac<conv2_config>(acc[2], x[13], conv2_w[106]);
    loom_hls::mac<conv2_config>(acc[3], x[13], conv2_w[107]);
    loom_hls::mac<conv2_config>(acc[4], x[13], conv2_w[108]);
    loom_hls::mac<conv2_config>(acc[5], x[13], conv2_w[109]);
    loom_hls::mac<conv2_config>(acc[6], x[13], conv2_w[110]);
    loom_hls::mac<conv2_config>(acc[7], x[13], conv2_w[111]);
    loom_hls::mac<conv2_config>(acc[0], x[14], conv2_w[112]);
    loom_hls::mac<conv2_config>(acc[1], x[14], conv2_w[113]);
    loom_hls::mac<conv2_config>(acc[2], x[14], conv2_w[114]);
    loom_hls::mac<conv2_config>(acc[3], x[14], conv2_w[115]);
    loom_hls::mac<conv2_config>(acc[4], x[14], conv2_w[116]);
    loom_hls::mac<conv2_config>(acc[5], x[14], conv2_w[117]);
    loom_hls::mac<conv2_config>(acc[6], x[14], conv2_w[118]);
    loom_hls::mac<conv2_config>(acc[7], x[14], conv2_w[119]);
    loom_hls::mac<conv2_config>(acc[0], x[15], conv2_w[120]);
    loom_hls::mac<conv2_config>(acc[1], x[15], conv2_w[121]);
    loom_hls::mac<conv2_config>(acc[2], x[15], conv2_w[122]);
    loom_hls::mac<conv2_config>(acc[3], x[15], conv2_w[123]);
    loom_hls::mac<conv2_config>(acc[4], x[15], conv2_w[124]);
    loom_hls::mac<conv2_config>(acc[5], x[15], conv2_w[125]);
    loom_hls::mac<conv2_config>(acc[6], x[15], conv2_w[126]);
    loom_hls::mac<conv2_config>(acc[7], x[15], conv2_w[127]);
    loom_hls::mac<conv2_config>(acc[0], x[16], conv2_w[128]);
    loom_hls::mac<conv2_config>(acc[1], x[16], conv2_w[129]);
    loom_hls::mac<conv2_config>(acc[2], x[16], conv2_w[130]);
    loom_hls::mac<conv2_config>(acc[3], x[16], conv2_w[131]);
    loom_hls::mac<conv2_config>(acc[4], x[16], conv2_w[132]);
    loom_hls::mac<conv2_config>(acc[5], x[16], conv2_w[133]);
    loom_hls::mac<conv2_config>(acc[6], x[16], conv2_w[134]);
    loom_hls::mac<conv2_config>(acc[7], x[16], conv2_w[135]);
    loom_hls::mac<conv2_config>(acc[0], x[17], conv2_w[136]);
    loom_hls::mac<conv2_config>(acc[1], x[17], conv2_w[137]);
    loom_hls::mac<conv2_config>(acc[2], x[17], conv2_w[138]);
    loom_hls::mac<conv2_config>(acc[3], x[17], conv2_w[139]);
    loom_hls::mac<conv2_config>(acc[4], x[17], conv2_w[140]);
    loom_hls::mac<conv2_config>(acc[5], x[17], conv2_w[141]);
    loom_hls::mac<conv2_config>(acc[6], x[17], conv2_w[142]);
    loom_hls::mac<conv2_config>(acc[7], x[17], conv2_w[143]);
    loom_hls::mac<conv2_config>(acc[0], x[18], conv2_w[144]);
    loom_hls::mac<conv2_config>(acc[1], x[18], conv2_w[145]);
    loom_hls::mac<conv2_config>(acc[2], x[18], conv2_w[146]);
    loom_hls::mac<conv2_config>(acc[3], x[18], conv2_w[147]);
    loom_hls::mac<conv2_config>(acc[4], x[18], conv2_w[148]);
    loom_hls::mac<conv2_config>(acc[5], x[18], conv2_w[149]);
    loom_hls::mac<conv2_config>(acc[6], x[18], conv2_w[150]);
    loom_hls::mac<conv2_config>(acc[7], x[18], conv2_w[151]);
    loom_hls::mac<conv2_config>(acc[0], x[19], conv2_w[152]);
    loom_hls::mac<conv2_config>(acc[1], x[19], conv2_w[153]);
    loom_hls::mac<conv2_config>(acc[2], x[19], conv2_w[154]);
    loom_hls::mac<conv2_config>(acc[3], x[19], conv2_w[155]);
    loom_hls::mac<conv2_config>(acc[4], x[19], conv2_w[156]);
    loom_hls::mac<conv2_config>(acc[5], x[19], conv2_w[157]);
    loom_hls::mac<conv2_config>(acc[6], x[19], conv2_w[158]);
    loom_hls::mac<conv2_config>(acc[7], x[19], conv2_w[159]);
    loom_hls::mac<conv2_config>(acc[0], x[20], conv2_w[160]);
    loom_hls::mac<conv2_config>(acc[1], x[20], conv2_w[161]);
    loom_hls::mac<conv2_config>(acc[2], x[20], conv2_w[162]);
    loom_hls::mac<conv2_config>(acc[3], x[20], conv2_w[163]);
    loom_hls::mac<conv2_config>(acc[4], x[20], conv2_w[164]);
    loom_hls::mac<conv2_config>(acc[5], x[20], conv2_w[165]);
    loom_hls::mac<conv2_config>(acc[6], x[20], conv2_w[166]);
    loom_hls::mac<conv2_config>(acc[7], x[20], conv2_w[167]);
    loom_hls::mac<conv2_config>(acc[0], x[21], conv2_w[168]);
    loom_hls::mac<conv2_config>(acc[1], x[21], conv2_w[169]);
    loom_hls::mac<conv2_config>(acc[2], x[21], conv2_w[170]);
    loom_hls::mac<conv2_config>(acc[3], x[21], conv2_w[171]);
    loom_hls::mac<conv2_config>(acc[4], x[21], conv2_w[172]);
    loom_hls::mac<conv2_config>(acc[5], x[21], conv2_w[173]);
    loom_hls::mac<conv2_config>(acc[6], x[21], conv2_w[174]);
    loom_hls::mac<conv2_config>(acc[7], x[21], conv2_w[175]);
    loom_hls::mac<conv2_config>(acc[0], x[22], conv2_w[176]);
    loom_hls::mac<conv2_config>(acc[1], x[22], conv2_w[177]);
    loom_hls::mac<conv2_config>(acc[2], x[22], conv2_w[178]);
    loom_hls::mac<conv2_config>(acc[3], x[22], conv2_w[179]);
    loom_hls::mac<conv2_config>(acc[4], x[22], conv2_w[180]);
    loom_hls::mac<conv2_config>(acc[5], x[22], conv2_w[181]);
    loom_hls::mac<conv2_config>(acc[6], x[22], conv2_w[182]);
    loom_hls::mac<conv2_config>(acc[7], x[22], conv2_w[183]);
    loom_hls::mac<conv2_config>(acc[0], x[23], conv2_w[184]);
    loom_hls::mac<conv2_config>(acc[1], x[23], conv2_w[185]);
    loom_hls::mac<conv2_config>(acc[2], x[23], conv2_w[186]);
    loom_hls::mac<conv2_config>(acc[3], x[23], conv2_w[187]);
    loom_hls::mac<conv2_config>(acc[4], x[23], conv2_w[188]);
    loom_hls::mac<conv2_config>(acc[5], x[23], conv2_w[189]);
    loom_hls::mac<conv2_config>(acc[6], x[23], conv2_w[190]);
    loom_hls::mac<conv2_config>(acc[7], x[23], conv2_w[191]);
    loom_hls::mac<conv2_config>(acc[0], x[24], conv2_w[192]);
    loom_hls::mac<conv2_config>(acc[1], x[24], conv2_w[193]);
    loom_hls::mac<conv2_config>(acc[2], x[24], conv2_w[194]);
    loom_hls::mac<conv2_config>(acc[3], x[24], conv2_w[195]);
    loom_hls::mac<conv2_config>(acc[4], x[24], conv2_w[196]);
    loom_hls::mac<conv2_config>(acc[5], x[24], conv2_w[197]);
    loom_hls::mac<conv2_config>(acc[6], x[24], conv2_w[198]);
    loom_hls::mac<conv2_config>(acc[7], x[24], conv2_w[199]);
    loom_hls::mac<conv2_config>(acc[0], x[25], conv2_w[200]);
    loom_hls::mac<conv2_config>(acc[1], x[25], conv2_w[201]);
    loom_hls::mac<conv2_config>(acc[2], x[25], conv2_w[202]);
    loom_hls::mac<conv2_config>(acc[3], x[25], conv2_w[203]);
    loom_hls::mac<conv2_config>(acc[4], x[25], conv2_w[204]);
    loom_hls::mac<conv2_config>(acc[5], x[25], conv2_w[205]);
    loom_hls::mac<conv2_config>(acc[6], x[25], conv2_w[206]);
    loom_hls::mac<conv2_config>(acc[7], x[25], conv2_w[207]);
    loom_hls::mac<conv2_config>(acc[0], x[26], conv2_w[208]);
    loom_hls::mac<conv2_config>(acc[1], x[26], conv2_w[209]);
    loom_hls::mac<conv2_config>(acc[2], x[26], conv2_w[210]);
    loom_hls::mac<conv2_config>(acc[3], x[26], conv2_w[211]);
    loom_hls::mac<conv2_config>(acc[4], x[26], conv2_w[212]);
    loom_hls::mac<conv2_config>(acc[5], x[26], conv2_w[213]);
    loom_hls::mac<conv2_config>(acc[6], x[26], conv2_w[214]);
    loom_hls::mac<conv2_config>(acc[7], x[26], conv2_w[215]);
    loom_hls::mac<conv2_config>(acc[0], x[27], conv2_w[216]);
    loom_hls::mac<conv2_config>(acc[1], x[27], conv2_w[217]);
    loom_hls::mac<conv2_config>(acc[2], x[27], conv2_w[218]);
    loom_hls::mac<conv2_config>(acc[3], x[27], conv2_w[219]);
    loom_hls::mac<conv2_config>(acc[4], x[27], conv2_w[220]);
    loom_hls::mac<conv2_config>(acc[5], x[27], conv2_w[221]);
    loom_hls::mac<conv2_config>(acc[6], x[27], conv2_w[222]);
    loom_hls::mac<conv2_config>(acc[7], x[27], conv2_w[223]);
    loom_hls::mac<conv2_config>(acc[0], x[28], conv2_w[224]);
    loom_hls::mac<conv2_config>(acc[1], x[28], conv2_w[225]);
    loom_hls::mac<conv2_config>(acc[2], x[28], conv2_w[226]);
    loom_hls::mac<conv2_config>(acc[3], x[28], conv2_w[227]);
    loom_hls::mac<conv2_config>(acc[4], x[28], conv2_w[228]);
    loom_hls::mac<conv2_config>(acc[5], x[28], conv2_w[229]);
    loom_hls::mac<conv2_config>(acc[6], x[28], conv2_w[230]);
    loom_hls::mac<conv2_config>(acc[7], x[28], conv2_w[231]);
    loom_hls::mac<conv2_config>(acc[0], x[29], conv2_w[232]);
    loom_hls::mac<conv2_config>(acc[1], x[29], conv2_w[233]);
    loom_hls::mac<conv2_config>(acc[2], x[29], conv2_w[234]);
    loom_hls::mac<conv2_config>(acc[3], x[29], conv2_w[235]);
    loom_hls::mac<conv2_config>(acc[4], x[29], conv2_w[236]);
    loom_hls::mac<conv2_config>(acc[5], x[29], conv2_w[237]);
    loom_hls::mac<conv2_config>(acc[6], x[29], conv2_w[238]);
    loom_hls::mac<conv2_config>(acc[7], x[29], conv2_w[239]);
    loom_hls::mac<conv2_config>(acc[0], x[30], conv2_w[240]);
    loom_hls::mac<conv2_config>(acc[1], x[30], conv2_w[241]);
    loom_hls::mac<conv2_config>(acc[2], x[30], conv2_w[242]);
    loom_hls::mac<conv2_config>(acc[3], x[30], conv2_w[243]);
    loom_hls::mac<conv2_config>(acc[4], x[30], conv2_w[244]);
    loom_hls::mac<conv2_config>(acc[5], x[30], conv2_w[245]);
    loom_hls::mac<conv2_config>(acc[6], x[30], conv2_w[246]);
    loom_hls::mac<conv2_config>(acc[7], x[30], conv2_w[247]);
    loom_hls::mac<conv2_config>(acc[0], x[31], conv2_w[248]);
    loom_hls::mac<conv2_config>(acc[1], x[31], conv2_w[249]);
    loom_hls::mac<conv2_config>(acc[2], x[31], conv2_w[250]);
    loom_hls::mac<conv2_config>(acc[3], x[31], conv2_w[251]);
    loom_hls::mac<conv2_config>(acc[4], x[31], conv2_w[252]);
    loom_hls::mac<conv2_config>(acc[5], x[31], conv2_w[253]);
    loom_hls::mac<conv2_config>(acc[6], x[31], conv2_w[254]);
    loom_hls::mac<conv2_config>(acc[7], x[31], conv2_w[255]);
    loom_hls::mac<conv2_config>(acc[0], x[32], conv2_w[256]);
    loom_hls::mac<conv2_config>(acc[1], x[32], conv2_w[257]);
    loom_hls::mac<conv2_config>(acc[2], x[32], conv2_w[258]);
    loom_hls::mac<conv2_config>(acc[3], x[32], conv2_w[259]);
    loom_hls::mac<conv2_config>(acc[4], x[32], conv2_w[260]);
    loom_hls::mac<conv2_config>(acc[5], x[32], conv2_w[261]);
    loom_hls::mac<conv2_config>(acc[6], x[32], conv2_w[262]);
    loom_hls::mac<conv2_config>(acc[7], x[32], conv2_w[263]);
    loom_hls::mac<conv2_config>(acc[0], x[33], conv2_w[264]);
    loom_hls::mac<conv2_config>(acc[1], x[33], conv2_w[265]);
    loom_hls::mac<conv2_config>(acc[2], x[33], conv2_w[266]);
    loom_hls::mac<conv2_config>(acc[3], x[33], conv2_w[267]);
    loom_hls::mac<conv2_config>(acc[4], x[33], conv2_w[268]);
    loom_hls::mac<conv2_config>(acc[5], x[33], conv2_w[269]);
    loom_hls::mac<conv2_config>(acc[6], x[33], conv2_w[270]);
    loom_hls::mac<conv2_config>(acc[7], x[33], conv2_w[271]);
    loom_hls::mac<conv2_config>(acc[0], x[34], conv2_w[272]);
    loom_hls::mac<conv2_config>(acc[1], x[34], conv2_w[273]);
    loom_hls::mac<conv2_config>(acc[2], x[34], conv2_w[274]);
    loom_hls::mac<conv2_config>(acc[3], x[34], conv2_w[275]);
    loom_hls::mac<conv2_config>(acc[4], x[34], conv2_w[276]);
    loom_hls::mac<conv2_config>(acc[5], x[34], conv2_w[277]);
    loom_hls::mac<conv2_config>(acc[6], x[34], conv2_w[278]);
    loom_hls::mac<conv2_config>(acc[7], x[34], conv2_w[279]);
    loom_hls::mac<conv2_config>(acc[0], x[35], conv2_w[280]);
    loom_hls::mac<conv2_config>(acc[1], x[35], conv2_w[281]);
    loom_hls::mac<conv2_config>(acc[2], x[35], conv2_w[282]);
    loom_hls::mac<conv2_config>(acc[3], x[35], conv2_w[283]);
    loom_hls::mac<conv2_config>(acc[4], x[35], conv2_w[284]);
    loom_hls::mac<conv2_config>(acc[5], x[35], conv2_w[285]);
    loom_hls::mac<conv2_config>(acc[6], x[35], conv2_w[286]);
    loom_hls::mac<conv2_config>(acc[7], x[35], conv2_w[287]);
  }
};
struct conv2_matrix {
  static void apply(const conv2_config::input_t x[36], conv2_config::result_t y[8]) {
#pragma HLS INLINE
    loom_hls::dense_latency<conv2_config, conv2_products>(x, y, conv2_b);
  }
};
struct conv2_op {
  static pool1_out_t pad() { return pool1_out_t(0); }
  static void apply(const pool1_out_t taps[conv2_geometry::n_taps][conv2_geometry::n_chan], conv2_out_t out[conv2_geometry::n_out_chan], unsigned, unsigned) {
#pragma HLS INLINE
    loom_hls::conv_window_group<conv2_conv, conv2_matrix>(taps, out);
  }
};
