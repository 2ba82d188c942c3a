// Shared definitions of loom's HLS kernels (io_parallel): strategies and small helpers.
//
// Every kernel is a function template on a configuration struct that the generated
// firmware/parameters.h defines per layer; arrays are passed as function arguments (weights and
// index tables live in firmware/weights/*.h). The kernels compute exactly what loom's emulator
// computes (docs/numerics.md): the same cast points, in the same order.
#ifndef LOOM_HLS_COMMON_H_
#define LOOM_HLS_COMMON_H_

#include "ap_fixed.h"
#include "ap_int.h"

namespace loom_hls {

enum strategy_t { latency = 0, resource = 1 };

// ceil(a / b) for compile-time constants.
constexpr unsigned ceil_div(unsigned a, unsigned b) { return (a + b - 1) / b; }

}  // namespace loom_hls

#endif  // LOOM_HLS_COMMON_H_
