// Constants of layer conv_to_last (node 'conv' (Conv) of conv1d_pruned.onnx), written by loom.
static const conv_to_last_out_t conv_to_last_pad[1] = {
    0
};
static const int conv_to_last_table[24] = {
    0, 8, 16, 1, 9, 17, 2, 10, 18, 3, 11, 19, 4, 12, 20, 5, 13, 21, 6, 14, 22, 7, 15, 23
};
