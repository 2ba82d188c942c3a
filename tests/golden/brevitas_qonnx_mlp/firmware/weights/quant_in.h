// Constants of layer quant_in (node 'quant_in' (Quant) of brevitas_qonnx_mlp.onnx), written by loom.
static const loom_hls::quant_param quant_in_p[1] = {
    {1LL, 0u, 0u, 0LL, -128LL, 127LL, 0u, 0u, 0u, 0u, 0LL, 0LL, 0u}
};
