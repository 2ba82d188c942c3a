// Top function of myproject, written by loom.
#ifndef MYPROJECT_H_
#define MYPROJECT_H_

#include "parameters.h"

void myproject(
    const x_t x[8],
    sigmoid_out_t result_0[4]);

#endif
