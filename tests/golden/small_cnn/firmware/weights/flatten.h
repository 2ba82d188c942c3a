// Constants of layer flatten (node 'flatten' (Flatten) of small_cnn.onnx), written by loom.
static const flatten_out_t flatten_pad[1] = {
    0
};
static const int flatten_table[8] = {
    0, 1, 2, 3, 4, 5, 6, 7
};
