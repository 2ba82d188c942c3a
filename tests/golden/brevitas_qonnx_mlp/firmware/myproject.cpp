// Top function of myproject, written by loom (io_parallel).
#include "myproject.h"

// Layer outputs are static in C-simulation, so that large models do not overflow the
// stack (every element is written before it is read); in synthesis they are wires.
#ifdef __SYNTHESIS__
#define LOOM_LOCAL
#else
#define LOOM_LOCAL static
#endif

#include "weights/matmul1.h"
#include "weights/matmul2.h"
#include "weights/quant_act.h"
#include "weights/quant_in.h"
#include "weights/relu1.h"

void myproject(
    const x_t x[10],
    matmul2_out_t result_0[3]) {
#pragma HLS ARRAY_PARTITION variable = x complete
#pragma HLS ARRAY_PARTITION variable = result_0 complete
#pragma HLS INTERFACE ap_vld port = x,result_0
#pragma HLS PIPELINE

  LOOM_LOCAL quant_in_out_t quant_in_out[10];
#pragma HLS ARRAY_PARTITION variable = quant_in_out complete
  LOOM_LOCAL matmul1_out_t matmul1_out[12];
#pragma HLS ARRAY_PARTITION variable = matmul1_out complete
  LOOM_LOCAL relu1_out_t relu1_out[12];
#pragma HLS ARRAY_PARTITION variable = relu1_out complete
  LOOM_LOCAL quant_act_out_t quant_act_out[12];
#pragma HLS ARRAY_PARTITION variable = quant_act_out complete
  LOOM_LOCAL matmul2_out_t matmul2_out[3];
#pragma HLS ARRAY_PARTITION variable = matmul2_out complete

  loom_hls::quant<quant_in_config>(x, quant_in_out, quant_in_p);
  loom_hls::dense_rows<matmul1_config>(quant_in_out, matmul1_out, matmul1_w, matmul1_b, matmul1_wi, matmul1_wo);
  loom_hls::threshold_relu<relu1_config>(matmul1_out, relu1_out, relu1_pass_from);
  loom_hls::quant<quant_act_config>(relu1_out, quant_act_out, quant_act_p);
  loom_hls::dense_rows<matmul2_config>(quant_act_out, matmul2_out, matmul2_w, matmul2_b, matmul2_wi, matmul2_wo);
  for (int i = 0; i < 3; ++i) {
#pragma HLS UNROLL
    result_0[i] = matmul2_out[i];
  }
}
