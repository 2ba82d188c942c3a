// Constants of layer matmul2 (node 'matmul2' (MatMul) of brevitas_qonnx_mlp.onnx), written by loom.
static const matmul2_config::weight_t matmul2_w[31] = {
    -0.375, -0.25, -0.875, 0.625, 0.125, 0.375, 0.125, 0.25, -0.125, 0.875, 0.25, 0.5, -0.25,
    -0.125, -0.125, -0.375, 0.875, -0.5, 0.125, -0.875, 0.375, -0.75, 0.75, -0.5, -0.125, -0.125,
    0.75, -0.125, -0.125, 0.125, 0.75
};
static const matmul2_config::bias_t matmul2_b[3] = {
    0, 0, 0
};
static const unsigned short matmul2_wi[31] = {
    0, 0, 1, 1, 1, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 7, 7, 7, 8, 8, 8, 9, 9, 9, 10, 10, 11
};
static const unsigned short matmul2_wo[31] = {
    0, 2, 0, 1, 2, 0, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2
};
