// Constants of layer relu_skip (node 'relu_skip' (Relu) of skip_model.onnx), written by loom.
static const skip_add_out_t relu_skip_pass_from[1] = {
    0.0009765625
};
