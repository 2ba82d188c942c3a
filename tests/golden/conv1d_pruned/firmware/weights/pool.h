// Constants of layer pool (node 'pool' (AveragePool) of conv1d_pruned.onnx), written by loom.
static const int pool_taps[8] = {
    0, 1, 2, 3, 4, 5, 6, 7
};
static const unsigned pool_count[4] = {
    2, 2, 2, 2
};
