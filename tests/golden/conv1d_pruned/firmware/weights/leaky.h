// Constants of layer leaky (node 'leaky' (LeakyRelu) of conv1d_pruned.onnx), written by loom.
static const ap_fixed<16,6> leaky_alpha[1] = {
    0.125
};
