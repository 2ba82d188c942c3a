// The timing model of an io_stream design and the FIFO depths it needs (docs/hls-backend.md,
// "FIFO depths"). Every process of the DATAFLOW region (a layer, a clone, a port) is a sequence of
// loop iterations; iteration i reads one beat from some of its input FIFOs and writes one beat to
// some of its outputs. It starts at
//   t_i = max(t_{i-1} + II, (write time of each beat it reads) + 1,
//             (read time of the beat `depth` places before each beat it writes) + 1 - L)
// and its writes land at t_i + L (L: the loop's pipeline latency). The kernels' loops are static
// (a window kernel reads at the grid pixels inside the image and writes where a window
// completes), so the whole schedule follows from the iterations, without RTL simulation.
#ifndef LOOM_BACKENDS_HLS_FIFO_MODEL_H_
#define LOOM_BACKENDS_HLS_FIFO_MODEL_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace loom::hls::fifo {

struct Fifo {
  std::string name;
  int64_t width_bits = 0;  // one beat
  int64_t beats = 0;       // per sample: the worst-case depth (the whole tensor)
  bool port = false;       // a top-level port (not sized here)
};

// One kind of iteration: the inputs it reads and the outputs it writes (bit i: the process's
// input or output i), repeated `count` times; `ii` > 0 overrides the process's interval before
// each of them (a loop that is not pipelined, or a computation between two loops).
struct Steps {
  uint32_t reads = 0;
  uint32_t writes = 0;
  int64_t count = 0;
  int64_t ii = 0;
};

struct Process {
  std::string name;
  std::vector<int> inputs, outputs;  // FIFO indices
  int64_t ii = 1;                    // cycles between iterations
  int64_t latency = 1;               // cycles from an iteration's start to its writes
  std::vector<Steps> steps;          // in order, run-length encoded
  // Appends `count` iterations (merged with the last run when equal).
  void Add(uint32_t reads, uint32_t writes, int64_t count = 1, int64_t ii = 0);
};

struct Result {
  bool deadlock = false;
  std::vector<std::string> stuck;  // processes that could not finish (deadlock)
  int64_t cycles = 0;              // the last write of the sample
  // Per FIFO: the smallest depth with which every write of this schedule finds space (so the
  // schedule, and the throughput, stay those of unbounded FIFOs), and the most beats it held.
  std::vector<int64_t> needed_depth, max_occupancy;
  // Per process: the cycle its first iteration starts and its last ends.
  std::vector<std::pair<int64_t, int64_t>> busy;
};

// Simulates one sample. depths[f] <= 0 (or a port): unbounded.
Result Simulate(const std::vector<Fifo>& fifos, const std::vector<Process>& processes,
                const std::vector<int64_t>& depths);

// The interval of a schedule: the most cycles any process is busy with one sample.
int64_t Interval(const std::vector<Process>& processes, const Result& r);

// Depths no larger than `depths` (which must keep `reference`, the unbounded schedule) that keep
// the sample's latency and interval, so full throughput: FIFO by FIFO, the most bits first, the
// smallest depth with which the design still completes in reference.cycles with the same interval
// (a bisection; the model is monotone in each depth). FIFOs of depth 2 or less are left as they
// are.
std::vector<int64_t> Shrink(const std::vector<Fifo>& fifos, const std::vector<Process>& processes,
                            std::vector<int64_t> depths, const Result& reference);

// The BRAM18 blocks (18 Kib, 512 x 36 up to 16K x 1) a FIFO of `depth` beats of `width_bits`
// takes, or 0 where the tool would build it from shift registers or LUTs (an estimate: a depth
// of at most 32 or fewer than 1,024 bits in all).
int64_t Bram18(int64_t width_bits, int64_t depth);

}  // namespace loom::hls::fifo

#endif  // LOOM_BACKENDS_HLS_FIFO_MODEL_H_
