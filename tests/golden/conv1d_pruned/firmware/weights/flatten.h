// Constants of layer flatten (node 'flatten' (Flatten) of conv1d_pruned.onnx), written by loom.
static const flatten_out_t flatten_pad[1] = {
    0
};
static const int flatten_table[24] = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23
};
