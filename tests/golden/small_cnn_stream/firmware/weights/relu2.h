// Constants of layer relu2 (node 'relu2' (Relu) of small_cnn.onnx), written by loom.
static const conv2_out_t relu2_pass_from[1] = {
    0.0009765625
};
