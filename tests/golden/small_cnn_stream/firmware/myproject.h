// Top function of myproject, written by loom.
#ifndef MYPROJECT_H_
#define MYPROJECT_H_

#include "parameters.h"

void myproject(
    hls::stream<conv1_to_last_out_beat_t>& x,
    hls::stream<softmax_out_beat_t>& result_0);

#endif
