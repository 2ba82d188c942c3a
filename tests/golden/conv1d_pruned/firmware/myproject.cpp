// Top function of myproject, written by loom (io_parallel).
#include "myproject.h"

// Layer outputs are static in C-simulation, so that large models do not overflow the
// stack (every element is written before it is read); in synthesis they are wires.
#ifdef __SYNTHESIS__
#define LOOM_LOCAL
#else
#define LOOM_LOCAL static
#endif

#include "weights/conv.h"
#include "weights/conv_to_last.h"
#include "weights/fc.h"
#include "weights/flatten.h"
#include "weights/leaky.h"
#include "weights/pool.h"
#include "weights/tanh.h"

void myproject(
    const x_t x[24],
    tanh_out_t result_0[6]) {
#pragma HLS ARRAY_PARTITION variable = x complete
#pragma HLS ARRAY_PARTITION variable = result_0 complete
#pragma HLS INTERFACE ap_vld port = x,result_0
#pragma HLS PIPELINE

  LOOM_LOCAL conv_to_last_out_t conv_to_last_out[24];
#pragma HLS ARRAY_PARTITION variable = conv_to_last_out complete
  LOOM_LOCAL conv_out_t conv_out[48];
#pragma HLS ARRAY_PARTITION variable = conv_out complete
  LOOM_LOCAL leaky_out_t leaky_out[48];
#pragma HLS ARRAY_PARTITION variable = leaky_out complete
  LOOM_LOCAL pool_out_t pool_out[24];
#pragma HLS ARRAY_PARTITION variable = pool_out complete
  LOOM_LOCAL flatten_out_t flatten_out[24];
#pragma HLS ARRAY_PARTITION variable = flatten_out complete
  LOOM_LOCAL fc_out_t fc_out[6];
#pragma HLS ARRAY_PARTITION variable = fc_out complete
  LOOM_LOCAL tanh_out_t tanh_out[6];
#pragma HLS ARRAY_PARTITION variable = tanh_out complete

  loom_hls::gather<conv_to_last_config>(x, conv_to_last_out, conv_to_last_table, conv_to_last_pad);
  loom_hls::conv_group<conv_conv>(conv_to_last_out, conv_out, conv_w, conv_b, conv_wi, conv_wo, conv_gather, conv_scatter);
  loom_hls::leaky_relu<leaky_config>(conv_out, leaky_out, leaky_alpha, loom_hls::no_map);
  loom_hls::average_pool<pool_config>(leaky_out, pool_out, pool_taps, pool_count);
  loom_hls::gather<flatten_config>(pool_out, flatten_out, flatten_table, flatten_pad);
  loom_hls::dense_rows<fc_config>(flatten_out, fc_out, fc_w, fc_b, fc_wi, fc_wo);
  loom_hls::lut_activation<tanh_config>(fc_out, tanh_out, tanh_table);
  for (int i = 0; i < 6; ++i) {
#pragma HLS UNROLL
    result_0[i] = tanh_out[i];
  }
}
