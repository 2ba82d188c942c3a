// Constants of layer relu1 (node 'relu1' (Relu) of brevitas_qonnx_mlp.onnx), written by loom.
static const matmul1_out_t relu1_pass_from[1] = {
    7.62939453125e-06
};
