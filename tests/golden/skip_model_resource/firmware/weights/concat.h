// Constants of layer concat (node 'concat' (Concat) of skip_model.onnx), written by loom.
static const concat_out_t concat_pad[1] = {
    0
};
static const int concat_i0_table[16] = {
    0, 1, 2, 3, 4, 5, 6, 7, -2, -2, -2, -2, -2, -2, -2, -2
};
static const int concat_i1_table[16] = {
    -2, -2, -2, -2, -2, -2, -2, -2, 0, 1, 2, 3, 4, 5, 6, 7
};
