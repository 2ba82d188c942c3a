// Constants of layer relu_a (node 'relu_a' (Relu) of skip_model.onnx), written by loom.
static const dense_a_out_t relu_a_pass_from[1] = {
    5.9604644775390625e-08
};
