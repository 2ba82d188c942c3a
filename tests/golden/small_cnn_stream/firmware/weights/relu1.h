// Constants of layer relu1 (node 'relu1' (Relu) of small_cnn.onnx), written by loom.
static const conv1_out_t relu1_pass_from[1] = {
    0.0009765625
};
