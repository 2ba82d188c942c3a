// Constants of layer relu0 (node 'relu0' (Relu) of jet_mlp.onnx), written by loom.
static const fc0_out_t relu0_pass_from[1] = {
    0.0009765625
};
