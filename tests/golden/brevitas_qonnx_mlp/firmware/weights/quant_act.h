// Constants of layer quant_act (node 'quant_act' (Quant) of brevitas_qonnx_mlp.onnx), written by loom.
static const loom_hls::quant_param quant_act_p[1] = {
    {1LL, 0u, 15u, 0LL, 0LL, 15LL, 0u, 0u, 0u, 0u, 0LL, 0LL, 0u}
};
