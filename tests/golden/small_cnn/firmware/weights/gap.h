// Constants of layer gap (node 'gap' (GlobalAveragePool) of small_cnn.onnx), written by loom.
static const int gap_taps[16] = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
};
static const unsigned gap_count[1] = {
    16
};
