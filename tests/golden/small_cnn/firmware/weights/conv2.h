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
    acc[0] += (conv2_config::accum_t)(x[0] * conv2_w[0]);
    acc[1] += (conv2_config::accum_t)(x[0] * conv2_w[1]);
    acc[2] += (conv2_config::accum_t)(x[0] * conv2_w[2]);
    acc[3] += (conv2_config::accum_t)(x[0] * conv2_w[3]);
    acc[4] += (conv2_config::accum_t)(x[0] * conv2_w[4]);
    acc[5] += (conv2_config::accum_t)(x[0] * conv2_w[5]);
    acc[6] += (conv2_config::accum_t)(x[0] * conv2_w[6]);
    acc[7] += (conv2_config::accum_t)(x[0] * conv2_w[7]);
    acc[0] += (conv2_config::accum_t)(x[1] * conv2_w[8]);
    acc[1] += (conv2_config::accum_t)(x[1] * conv2_w[9]);
    acc[2] += (conv2_config::accum_t)(x[1] * conv2_w[10]);
    acc[3] += (conv2_config::accum_t)(x[1] * conv2_w[11]);
    acc[4] += (conv2_config::accum_t)(x[1] * conv2_w[12]);
    acc[5] += (conv2_config::accum_t)(x[1] * conv2_w[13]);
    acc[6] += (conv2_config::accum_t)(x[1] * conv2_w[14]);
    acc[7] += (conv2_config::accum_t)(x[1] * conv2_w[15]);
    acc[0] += (conv2_config::accum_t)(x[2] * conv2_w[16]);
    acc[1] += (conv2_config::accum_t)(x[2] * conv2_w[17]);
    acc[2] += (conv2_config::accum_t)(x[2] * conv2_w[18]);
    acc[3] += (conv2_config::accum_t)(x[2] * conv2_w[19]);
    acc[4] += (conv2_config::accum_t)(x[2] * conv2_w[20]);
    acc[5] += (conv2_config::accum_t)(x[2] * conv2_w[21]);
    acc[6] += (conv2_config::accum_t)(x[2] * conv2_w[22]);
    acc[7] += (conv2_config::accum_t)(x[2] * conv2_w[23]);
    acc[0] += (conv2_config::accum_t)(x[3] * conv2_w[24]);
    acc[1] += (conv2_config::accum_t)(x[3] * conv2_w[25]);
    acc[2] += (conv2_config::accum_t)(x[3] * conv2_w[26]);
    acc[3] += (conv2_config::accum_t)(x[3] * conv2_w[27]);
    acc[4] += (conv2_config::accum_t)(x[3] * conv2_w[28]);
    acc[5] += (conv2_config::accum_t)(x[3] * conv2_w[29]);
    acc[6] += (conv2_config::accum_t)(x[3] * conv2_w[30]);
    acc[7] += (conv2_config::accum_t)(x[3] * conv2_w[31]);
    acc[0] += (conv2_config::accum_t)(x[4] * conv2_w[32]);
    acc[1] += (conv2_config::accum_t)(x[4] * conv2_w[33]);
    acc[2] += (conv2_config::accum_t)(x[4] * conv2_w[34]);
    acc[3] += (conv2_config::accum_t)(x[4] * conv2_w[35]);
    acc[4] += (conv2_config::accum_t)(x[4] * conv2_w[36]);
    acc[5] += (conv2_config::accum_t)(x[4] * conv2_w[37]);
    acc[6] += (conv2_config::accum_t)(x[4] * conv2_w[38]);
    acc[7] += (conv2_config::accum_t)(x[4] * conv2_w[39]);
    acc[0] += (conv2_config::accum_t)(x[5] * conv2_w[40]);
    acc[1] += (conv2_config::accum_t)(x[5] * conv2_w[41]);
    acc[2] += (conv2_config::accum_t)(x[5] * conv2_w[42]);
    acc[3] += (conv2_config::accum_t)(x[5] * conv2_w[43]);
    acc[4] += (conv2_config::accum_t)(x[5] * conv2_w[44]);
    acc[5] += (conv2_config::accum_t)(x[5] * conv2_w[45]);
    acc[6] += (conv2_config::accum_t)(x[5] * conv2_w[46]);
    acc[7] += (conv2_config::accum_t)(x[5] * conv2_w[47]);
    acc[0] += (conv2_config::accum_t)(x[6] * conv2_w[48]);
    acc[1] += (conv2_config::accum_t)(x[6] * conv2_w[49]);
    acc[2] += (conv2_config::accum_t)(x[6] * conv2_w[50]);
    acc[3] += (conv2_config::accum_t)(x[6] * conv2_w[51]);
    acc[4] += (conv2_config::accum_t)(x[6] * conv2_w[52]);
    acc[5] += (conv2_config::accum_t)(x[6] * conv2_w[53]);
    acc[6] += (conv2_config::accum_t)(x[6] * conv2_w[54]);
    acc[7] += (conv2_config::accum_t)(x[6] * conv2_w[55]);
    acc[0] += (conv2_config::accum_t)(x[7] * conv2_w[56]);
    acc[1] += (conv2_config::accum_t)(x[7] * conv2_w[57]);
    acc[2] += (conv2_config::accum_t)(x[7] * conv2_w[58]);
    acc[3] += (conv2_config::accum_t)(x[7] * conv2_w[59]);
    acc[4] += (conv2_config::accum_t)(x[7] * conv2_w[60]);
    acc[5] += (conv2_config::accum_t)(x[7] * conv2_w[61]);
    acc[6] += (conv2_config::accum_t)(x[7] * conv2_w[62]);
    acc[7] += (conv2_config::accum_t)(x[7] * conv2_w[63]);
    acc[0] += (conv2_config::accum_t)(x[8] * conv2_w[64]);
    acc[1] += (conv2_config::accum_t)(x[8] * conv2_w[65]);
    acc[2] += (conv2_config::accum_t)(x[8] * conv2_w[66]);
    acc[3] += (conv2_config::accum_t)(x[8] * conv2_w[67]);
    acc[4] += (conv2_config::accum_t)(x[8] * conv2_w[68]);
    acc[5] += (conv2_config::accum_t)(x[8] * conv2_w[69]);
    acc[6] += (conv2_config::accum_t)(x[8] * conv2_w[70]);
    acc[7] += (conv2_config::accum_t)(x[8] * conv2_w[71]);
    acc[0] += (conv2_config::accum_t)(x[9] * conv2_w[72]);
    acc[1] += (conv2_config::accum_t)(x[9] * conv2_w[73]);
    acc[2] += (conv2_config::accum_t)(x[9] * conv2_w[74]);
    acc[3] += (conv2_config::accum_t)(x[9] * conv2_w[75]);
    acc[4] += (conv2_config::accum_t)(x[9] * conv2_w[76]);
    acc[5] += (conv2_config::accum_t)(x[9] * conv2_w[77]);
    acc[6] += (conv2_config::accum_t)(x[9] * conv2_w[78]);
    acc[7] += (conv2_config::accum_t)(x[9] * conv2_w[79]);
    acc[0] += (conv2_config::accum_t)(x[10] * conv2_w[80]);
    acc[1] += (conv2_config::accum_t)(x[10] * conv2_w[81]);
    acc[2] += (conv2_config::accum_t)(x[10] * conv2_w[82]);
    acc[3] += (conv2_config::accum_t)(x[10] * conv2_w[83]);
    acc[4] += (conv2_config::accum_t)(x[10] * conv2_w[84]);
    acc[5] += (conv2_config::accum_t)(x[10] * conv2_w[85]);
    acc[6] += (conv2_config::accum_t)(x[10] * conv2_w[86]);
    acc[7] += (conv2_config::accum_t)(x[10] * conv2_w[87]);
    acc[0] += (conv2_config::accum_t)(x[11] * conv2_w[88]);
    acc[1] += (conv2_config::accum_t)(x[11] * conv2_w[89]);
    acc[2] += (conv2_config::accum_t)(x[11] * conv2_w[90]);
    acc[3] += (conv2_config::accum_t)(x[11] * conv2_w[91]);
    acc[4] += (conv2_config::accum_t)(x[11] * conv2_w[92]);
    acc[5] += (conv2_config::accum_t)(x[11] * conv2_w[93]);
    acc[6] += (conv2_config::accum_t)(x[11] * conv2_w[94]);
    acc[7] += (conv2_config::accum_t)(x[11] * conv2_w[95]);
    acc[0] += (conv2_config::accum_t)(x[12] * conv2_w[96]);
    acc[1] += (conv2_config::accum_t)(x[12] * conv2_w[97]);
    acc[2] += (conv2_config::accum_t)(x[12] * conv2_w[98]);
    acc[3] += (conv2_config::accum_t)(x[12] * conv2_w[99]);
    acc[4] += (conv2_config::accum_t)(x[12] * conv2_w[100]);
    acc[5] += (conv2_config::accum_t)(x[12] * conv2_w[101]);
    acc[6] += (conv2_config::accum_t)(x[12] * conv2_w[102]);
    acc[7] += (conv2_config::accum_t)(x[12] * conv2_w[103]);
    acc[0] += (conv2_config::accum_t)(x[13] * conv2_w[104]);
    acc[1] += (conv2_config::accum_t)(x[13] * conv2_w[105]);
    acc[2] += (conv2_config::accum_t)(x[13] * conv2_w[106]);
    acc[3] += (conv2_config::accum_t)(x[13] * conv2_w[107]);
    acc[4] += (conv2_config::accum_t)(x[13] * conv2_w[108]);
    acc[5] += (conv2_config::accum_t)(x[13] * conv2_w[109]);
    acc[6] += (conv2_config::accum_t)(x[13] * conv2_w[110]);
    acc[7] += (conv2_config::accum_t)(x[13] * conv2_w[111]);
    acc[0] += (conv2_config::accum_t)(x[14] * conv2_w[112]);
    acc[1] += (conv2_config::accum_t)(x[14] * conv2_w[113]);
    acc[2] += (conv2_config::accum_t)(x[14] * conv2_w[114]);
    acc[3] += (conv2_config::accum_t)(x[14] * conv2_w[115]);
    acc[4] += (conv2_config::accum_t)(x[14] * conv2_w[116]);
    acc[5] += (conv2_config::accum_t)(x[14] * conv2_w[117]);
    acc[6] += (conv2_config::accum_t)(x[14] * conv2_w[118]);
    acc[7] += (conv2_config::accum_t)(x[14] * conv2_w[119]);
    acc[0] += (conv2_config::accum_t)(x[15] * conv2_w[120]);
    acc[1] += (conv2_config::accum_t)(x[15] * conv2_w[121]);
    acc[2] += (conv2_config::accum_t)(x[15] * conv2_w[122]);
    acc[3] += (conv2_config::accum_t)(x[15] * conv2_w[123]);
    acc[4] += (conv2_config::accum_t)(x[15] * conv2_w[124]);
    acc[5] += (conv2_config::accum_t)(x[15] * conv2_w[125]);
    acc[6] += (conv2_config::accum_t)(x[15] * conv2_w[126]);
    acc[7] += (conv2_config::accum_t)(x[15] * conv2_w[127]);
    acc[0] += (conv2_config::accum_t)(x[16] * conv2_w[128]);
    acc[1] += (conv2_config::accum_t)(x[16] * conv2_w[129]);
    acc[2] += (conv2_config::accum_t)(x[16] * conv2_w[130]);
    acc[3] += (conv2_config::accum_t)(x[16] * conv2_w[131]);
    acc[4] += (conv2_config::accum_t)(x[16] * conv2_w[132]);
    acc[5] += (conv2_config::accum_t)(x[16] * conv2_w[133]);
    acc[6] += (conv2_config::accum_t)(x[16] * conv2_w[134]);
    acc[7] += (conv2_config::accum_t)(x[16] * conv2_w[135]);
    acc[0] += (conv2_config::accum_t)(x[17] * conv2_w[136]);
    acc[1] += (conv2_config::accum_t)(x[17] * conv2_w[137]);
    acc[2] += (conv2_config::accum_t)(x[17] * conv2_w[138]);
    acc[3] += (conv2_config::accum_t)(x[17] * conv2_w[139]);
    acc[4] += (conv2_config::accum_t)(x[17] * conv2_w[140]);
    acc[5] += (conv2_config::accum_t)(x[17] * conv2_w[141]);
    acc[6] += (conv2_config::accum_t)(x[17] * conv2_w[142]);
    acc[7] += (conv2_config::accum_t)(x[17] * conv2_w[143]);
    acc[0] += (conv2_config::accum_t)(x[18] * conv2_w[144]);
    acc[1] += (conv2_config::accum_t)(x[18] * conv2_w[145]);
    acc[2] += (conv2_config::accum_t)(x[18] * conv2_w[146]);
    acc[3] += (conv2_config::accum_t)(x[18] * conv2_w[147]);
    acc[4] += (conv2_config::accum_t)(x[18] * conv2_w[148]);
    acc[5] += (conv2_config::accum_t)(x[18] * conv2_w[149]);
    acc[6] += (conv2_config::accum_t)(x[18] * conv2_w[150]);
    acc[7] += (conv2_config::accum_t)(x[18] * conv2_w[151]);
    acc[0] += (conv2_config::accum_t)(x[19] * conv2_w[152]);
    acc[1] += (conv2_config::accum_t)(x[19] * conv2_w[153]);
    acc[2] += (conv2_config::accum_t)(x[19] * conv2_w[154]);
    acc[3] += (conv2_config::accum_t)(x[19] * conv2_w[155]);
    acc[4] += (conv2_config::accum_t)(x[19] * conv2_w[156]);
    acc[5] += (conv2_config::accum_t)(x[19] * conv2_w[157]);
    acc[6] += (conv2_config::accum_t)(x[19] * conv2_w[158]);
    acc[7] += (conv2_config::accum_t)(x[19] * conv2_w[159]);
    acc[0] += (conv2_config::accum_t)(x[20] * conv2_w[160]);
    acc[1] += (conv2_config::accum_t)(x[20] * conv2_w[161]);
    acc[2] += (conv2_config::accum_t)(x[20] * conv2_w[162]);
    acc[3] += (conv2_config::accum_t)(x[20] * conv2_w[163]);
    acc[4] += (conv2_config::accum_t)(x[20] * conv2_w[164]);
    acc[5] += (conv2_config::accum_t)(x[20] * conv2_w[165]);
    acc[6] += (conv2_config::accum_t)(x[20] * conv2_w[166]);
    acc[7] += (conv2_config::accum_t)(x[20] * conv2_w[167]);
    acc[0] += (conv2_config::accum_t)(x[21] * conv2_w[168]);
    acc[1] += (conv2_config::accum_t)(x[21] * conv2_w[169]);
    acc[2] += (conv2_config::accum_t)(x[21] * conv2_w[170]);
    acc[3] += (conv2_config::accum_t)(x[21] * conv2_w[171]);
    acc[4] += (conv2_config::accum_t)(x[21] * conv2_w[172]);
    acc[5] += (conv2_config::accum_t)(x[21] * conv2_w[173]);
    acc[6] += (conv2_config::accum_t)(x[21] * conv2_w[174]);
    acc[7] += (conv2_config::accum_t)(x[21] * conv2_w[175]);
    acc[0] += (conv2_config::accum_t)(x[22] * conv2_w[176]);
    acc[1] += (conv2_config::accum_t)(x[22] * conv2_w[177]);
    acc[2] += (conv2_config::accum_t)(x[22] * conv2_w[178]);
    acc[3] += (conv2_config::accum_t)(x[22] * conv2_w[179]);
    acc[4] += (conv2_config::accum_t)(x[22] * conv2_w[180]);
    acc[5] += (conv2_config::accum_t)(x[22] * conv2_w[181]);
    acc[6] += (conv2_config::accum_t)(x[22] * conv2_w[182]);
    acc[7] += (conv2_config::accum_t)(x[22] * conv2_w[183]);
    acc[0] += (conv2_config::accum_t)(x[23] * conv2_w[184]);
    acc[1] += (conv2_config::accum_t)(x[23] * conv2_w[185]);
    acc[2] += (conv2_config::accum_t)(x[23] * conv2_w[186]);
    acc[3] += (conv2_config::accum_t)(x[23] * conv2_w[187]);
    acc[4] += (conv2_config::accum_t)(x[23] * conv2_w[188]);
    acc[5] += (conv2_config::accum_t)(x[23] * conv2_w[189]);
    acc[6] += (conv2_config::accum_t)(x[23] * conv2_w[190]);
    acc[7] += (conv2_config::accum_t)(x[23] * conv2_w[191]);
    acc[0] += (conv2_config::accum_t)(x[24] * conv2_w[192]);
    acc[1] += (conv2_config::accum_t)(x[24] * conv2_w[193]);
    acc[2] += (conv2_config::accum_t)(x[24] * conv2_w[194]);
    acc[3] += (conv2_config::accum_t)(x[24] * conv2_w[195]);
    acc[4] += (conv2_config::accum_t)(x[24] * conv2_w[196]);
    acc[5] += (conv2_config::accum_t)(x[24] * conv2_w[197]);
    acc[6] += (conv2_config::accum_t)(x[24] * conv2_w[198]);
    acc[7] += (conv2_config::accum_t)(x[24] * conv2_w[199]);
    acc[0] += (conv2_config::accum_t)(x[25] * conv2_w[200]);
    acc[1] += (conv2_config::accum_t)(x[25] * conv2_w[201]);
    acc[2] += (conv2_config::accum_t)(x[25] * conv2_w[202]);
    acc[3] += (conv2_config::accum_t)(x[25] * conv2_w[203]);
    acc[4] += (conv2_config::accum_t)(x[25] * conv2_w[204]);
    acc[5] += (conv2_config::accum_t)(x[25] * conv2_w[205]);
    acc[6] += (conv2_config::accum_t)(x[25] * conv2_w[206]);
    acc[7] += (conv2_config::accum_t)(x[25] * conv2_w[207]);
    acc[0] += (conv2_config::accum_t)(x[26] * conv2_w[208]);
    acc[1] += (conv2_config::accum_t)(x[26] * conv2_w[209]);
    acc[2] += (conv2_config::accum_t)(x[26] * conv2_w[210]);
    acc[3] += (conv2_config::accum_t)(x[26] * conv2_w[211]);
    acc[4] += (conv2_config::accum_t)(x[26] * conv2_w[212]);
    acc[5] += (conv2_config::accum_t)(x[26] * conv2_w[213]);
    acc[6] += (conv2_config::accum_t)(x[26] * conv2_w[214]);
    acc[7] += (conv2_config::accum_t)(x[26] * conv2_w[215]);
    acc[0] += (conv2_config::accum_t)(x[27] * conv2_w[216]);
    acc[1] += (conv2_config::accum_t)(x[27] * conv2_w[217]);
    acc[2] += (conv2_config::accum_t)(x[27] * conv2_w[218]);
    acc[3] += (conv2_config::accum_t)(x[27] * conv2_w[219]);
    acc[4] += (conv2_config::accum_t)(x[27] * conv2_w[220]);
    acc[5] += (conv2_config::accum_t)(x[27] * conv2_w[221]);
    acc[6] += (conv2_config::accum_t)(x[27] * conv2_w[222]);
    acc[7] += (conv2_config::accum_t)(x[27] * conv2_w[223]);
    acc[0] += (conv2_config::accum_t)(x[28] * conv2_w[224]);
    acc[1] += (conv2_config::accum_t)(x[28] * conv2_w[225]);
    acc[2] += (conv2_config::accum_t)(x[28] * conv2_w[226]);
    acc[3] += (conv2_config::accum_t)(x[28] * conv2_w[227]);
    acc[4] += (conv2_config::accum_t)(x[28] * conv2_w[228]);
    acc[5] += (conv2_config::accum_t)(x[28] * conv2_w[229]);
    acc[6] += (conv2_config::accum_t)(x[28] * conv2_w[230]);
    acc[7] += (conv2_config::accum_t)(x[28] * conv2_w[231]);
    acc[0] += (conv2_config::accum_t)(x[29] * conv2_w[232]);
    acc[1] += (conv2_config::accum_t)(x[29] * conv2_w[233]);
    acc[2] += (conv2_config::accum_t)(x[29] * conv2_w[234]);
    acc[3] += (conv2_config::accum_t)(x[29] * conv2_w[235]);
    acc[4] += (conv2_config::accum_t)(x[29] * conv2_w[236]);
    acc[5] += (conv2_config::accum_t)(x[29] * conv2_w[237]);
    acc[6] += (conv2_config::accum_t)(x[29] * conv2_w[238]);
    acc[7] += (conv2_config::accum_t)(x[29] * conv2_w[239]);
    acc[0] += (conv2_config::accum_t)(x[30] * conv2_w[240]);
    acc[1] += (conv2_config::accum_t)(x[30] * conv2_w[241]);
    acc[2] += (conv2_config::accum_t)(x[30] * conv2_w[242]);
    acc[3] += (conv2_config::accum_t)(x[30] * conv2_w[243]);
    acc[4] += (conv2_config::accum_t)(x[30] * conv2_w[244]);
    acc[5] += (conv2_config::accum_t)(x[30] * conv2_w[245]);
    acc[6] += (conv2_config::accum_t)(x[30] * conv2_w[246]);
    acc[7] += (conv2_config::accum_t)(x[30] * conv2_w[247]);
    acc[0] += (conv2_config::accum_t)(x[31] * conv2_w[248]);
    acc[1] += (conv2_config::accum_t)(x[31] * conv2_w[249]);
    acc[2] += (conv2_config::accum_t)(x[31] * conv2_w[250]);
    acc[3] += (conv2_config::accum_t)(x[31] * conv2_w[251]);
    acc[4] += (conv2_config::accum_t)(x[31] * conv2_w[252]);
    acc[5] += (conv2_config::accum_t)(x[31] * conv2_w[253]);
    acc[6] += (conv2_config::accum_t)(x[31] * conv2_w[254]);
    acc[7] += (conv2_config::accum_t)(x[31] * conv2_w[255]);
    acc[0] += (conv2_config::accum_t)(x[32] * conv2_w[256]);
    acc[1] += (conv2_config::accum_t)(x[32] * conv2_w[257]);
    acc[2] += (conv2_config::accum_t)(x[32] * conv2_w[258]);
    acc[3] += (conv2_config::accum_t)(x[32] * conv2_w[259]);
    acc[4] += (conv2_config::accum_t)(x[32] * conv2_w[260]);
    acc[5] += (conv2_config::accum_t)(x[32] * conv2_w[261]);
    acc[6] += (conv2_config::accum_t)(x[32] * conv2_w[262]);
    acc[7] += (conv2_config::accum_t)(x[32] * conv2_w[263]);
    acc[0] += (conv2_config::accum_t)(x[33] * conv2_w[264]);
    acc[1] += (conv2_config::accum_t)(x[33] * conv2_w[265]);
    acc[2] += (conv2_config::accum_t)(x[33] * conv2_w[266]);
    acc[3] += (conv2_config::accum_t)(x[33] * conv2_w[267]);
    acc[4] += (conv2_config::accum_t)(x[33] * conv2_w[268]);
    acc[5] += (conv2_config::accum_t)(x[33] * conv2_w[269]);
    acc[6] += (conv2_config::accum_t)(x[33] * conv2_w[270]);
    acc[7] += (conv2_config::accum_t)(x[33] * conv2_w[271]);
    acc[0] += (conv2_config::accum_t)(x[34] * conv2_w[272]);
    acc[1] += (conv2_config::accum_t)(x[34] * conv2_w[273]);
    acc[2] += (conv2_config::accum_t)(x[34] * conv2_w[274]);
    acc[3] += (conv2_config::accum_t)(x[34] * conv2_w[275]);
    acc[4] += (conv2_config::accum_t)(x[34] * conv2_w[276]);
    acc[5] += (conv2_config::accum_t)(x[34] * conv2_w[277]);
    acc[6] += (conv2_config::accum_t)(x[34] * conv2_w[278]);
    acc[7] += (conv2_config::accum_t)(x[34] * conv2_w[279]);
    acc[0] += (conv2_config::accum_t)(x[35] * conv2_w[280]);
    acc[1] += (conv2_config::accum_t)(x[35] * conv2_w[281]);
    acc[2] += (conv2_config::accum_t)(x[35] * conv2_w[282]);
    acc[3] += (conv2_config::accum_t)(x[35] * conv2_w[283]);
    acc[4] += (conv2_config::accum_t)(x[35] * conv2_w[284]);
    acc[5] += (conv2_config::accum_t)(x[35] * conv2_w[285]);
    acc[6] += (conv2_config::accum_t)(x[35] * conv2_w[286]);
    acc[7] += (conv2_config::accum_t)(x[35] * conv2_w[287]);
  }
};
struct conv2_matrix {
  static void apply(const conv2_config::input_t x[36], conv2_config::result_t y[8]) {
#pragma HLS INLINE
    loom_hls::dense_latency<conv2_config, conv2_products>(x, y, conv2_b);
  }
};
static const int conv2_gather[576] = {
    0, 4, 8, 24, 28, 32, 48, 52, 56, 1, 5, 9, 25, 29, 33, 49, 53, 57, 2, 6, 10, 26, 30, 34, 50, 54,
    58, 3, 7, 11, 27, 31, 35, 51, 55, 59, 4, 8, 12, 28, 32, 36, 52, 56, 60, 5, 9, 13, 29, 33, 37,
    53, 57, 61, 6, 10, 14, 30, 34, 38, 54, 58, 62, 7, 11, 15, 31, 35, 39, 55, 59, 63, 8, 12, 16, 32,
    36, 40, 56, 60, 64, 9, 13, 17, 33, 37, 41, 57, 61, 65, 10, 14, 18, 34, 38, 42, 58, 62, 66, 11,
    15, 19, 35, 39, 43, 59, 63, 67, 12, 16, 20, 36, 40, 44, 60, 64, 68, 13, 17, 21, 37, 41, 45, 61,
    65, 69, 14, 18, 22, 38, 42, 46, 62, 66, 70, 15, 19, 23, 39, 43, 47, 63, 67, 71, 24, 28, 32, 48,
    52, 56, 72, 76, 80, 25, 29, 33, 49, 53, 57, 73, 77, 81, 26, 30, 34, 50, 54, 58, 74, 78, 82, 27,
    31, 35, 51, 55, 59, 75, 79, 83, 28, 32, 36, 52, 56, 60, 76, 80, 84, 29, 33, 37, 53, 57, 61, 77,
    81, 85, 30, 34, 38, 54, 58, 62, 78, 82, 86, 31, 35, 39, 55, 59, 63, 79, 83, 87, 32, 36, 40, 56,
    60, 64, 80, 84, 88, 33, 37, 41, 57, 61, 65, 81, 85, 89, 34, 38, 42, 58, 62, 66, 82, 86, 90, 35,
    39, 43, 59, 63, 67, 83, 87, 91, 36, 40, 44, 60, 64, 68, 84, 88, 92, 37, 41, 45, 61, 65, 69, 85,
    89, 93, 38, 42, 46, 62, 66, 70, 86, 90, 94, 39, 43, 47, 63, 67, 71, 87, 91, 95, 48, 52, 56, 72,
    76, 80, 96, 100, 104, 49, 53, 57, 73, 77, 81, 97, 101, 105, 50, 54, 58, 74, 78, 82, 98, 102,
    106, 51, 55, 59, 75, 79, 83, 99, 103, 107, 52, 56, 60, 76, 80, 84, 100, 104, 108, 53, 57, 61,
    77, 81, 85, 101, 105, 109, 54, 58, 62, 78, 82, 86, 102, 106, 110, 55, 59, 63, 79, 83, 87, 103,
    107, 111, 56, 60, 64, 80, 84, 88, 104, 108, 112, 57, 61, 65, 81, 85, 89, 105, 109, 113, 58, 62,
    66, 82, 86, 90, 106, 110, 114, 59, 63, 67, 83, 87, 91, 107, 111, 115, 60, 64, 68, 84, 88, 92,
    108, 112, 116, 61, 65, 69, 85, 89, 93, 109, 113, 117, 62, 66, 70, 86, 90, 94, 110, 114, 118, 63,
    67, 71, 87, 91, 95, 111, 115, 119, 72, 76, 80, 96, 100, 104, 120, 124, 128, 73, 77, 81, 97, 101,
    105, 121, 125, 129, 74, 78, 82, 98, 102, 106, 122, 126, 130, 75, 79, 83, 99, 103, 107, 123, 127,
    131, 76, 80, 84, 100, 104, 108, 124, 128, 132, 77, 81, 85, 101, 105, 109, 125, 129, 133, 78, 82,
    86, 102, 106, 110, 126, 130, 134, 79, 83, 87, 103, 107, 111, 127, 131, 135, 80, 84, 88, 104,
    108, 112, 128, 132, 136, 81, 85, 89, 105, 109, 113, 129, 133, 137, 82, 86, 90, 106, 110, 114,
    130, 134, 138, 83, 87, 91, 107, 111, 115, 131, 135, 139, 84, 88, 92, 108, 112, 116, 132, 136,
    140, 85, 89, 93, 109, 113, 117, 133, 137, 141, 86, 90, 94, 110, 114, 118, 134, 138, 142, 87, 91,
    95, 111, 115, 119, 135, 139, 143
};
static const unsigned conv2_scatter[128] = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
    26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49,
    50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73,
    74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97,
    98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116,
    117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127
};
