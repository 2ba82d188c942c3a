// The io_stream timing model (src/backends/hls/fifo_model.h): the depths it computes keep the
// schedule of unbounded FIFOs, Shrink's keep its latency and interval with less, a reconvergent
// path's FIFO cut below its depth deadlocks, and a FIFO of depth 1 between two II=1 processes
// halves the throughput.
#include "backends/hls/fifo_model.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace loom::hls::fifo {
namespace {

Process Source(int out, int64_t n) {
  Process p;
  p.name = "source";
  p.outputs = {out};
  p.latency = 0;
  p.Add(0, 1, n);
  return p;
}

Process Sink(int in, int64_t n) {
  Process p;
  p.name = "sink";
  p.inputs = {in};
  p.latency = 0;
  p.Add(1, 0, n);
  return p;
}

// source -> clone -> (f1) window -> (f3) join; clone -> (f2) join, n beats: the window emits its
// first beat after reading `delay` (one iteration every `window_ii` cycles).
void Reconvergent(int64_t n, int64_t delay, int64_t window_ii, std::vector<Fifo>& fifos,
                  std::vector<Process>& procs) {
  fifos = {{"in", 8, n, true}, {"f1", 8, n}, {"f2", 8, n}, {"f3", 8, n}, {"out", 8, n, true}};
  Process clone;
  clone.name = "clone";
  clone.inputs = {0};
  clone.outputs = {1, 2};
  clone.Add(1, 3, n);
  Process window;
  window.name = "window";
  window.inputs = {1};
  window.outputs = {3};
  window.ii = window_ii;
  window.latency = 4;
  window.Add(1, 0, delay);
  window.Add(1, 1, n - delay);
  window.Add(0, 1, delay);
  Process join;
  join.name = "join";
  join.inputs = {2, 3};
  join.outputs = {4};
  join.Add(3, 1, n);
  procs = {Source(0, n), clone, window, join, Sink(4, n)};
}

TEST(FifoModel, ChainKeepsThroughputWithItsDepths) {
  std::vector<Fifo> fifos = {{"in", 16, 100, true}, {"a", 16, 100}, {"out", 16, 100, true}};
  Process a;
  a.name = "a";
  a.inputs = {0};
  a.outputs = {1};
  a.latency = 3;
  a.Add(1, 1, 100);
  Process b;
  b.name = "b";
  b.inputs = {1};
  b.outputs = {2};
  b.latency = 2;
  b.Add(1, 1, 100);
  std::vector<Process> procs = {Source(0, 100), a, b, Sink(2, 100)};
  Result free_run = Simulate(fifos, procs, {});
  ASSERT_FALSE(free_run.deadlock);
  // Beat k enters at k, leaves a at k + 1 + 3, b at k + 5 + 2 + 1: 99 + 7 = 106 for the last.
  EXPECT_EQ(free_run.cycles, 106);
  EXPECT_EQ(free_run.needed_depth[1], 2);  // beat k written as beat k - 1 is read
  Result at_depth = Simulate(fifos, procs, {0, free_run.needed_depth[1], 0});
  EXPECT_FALSE(at_depth.deadlock);
  EXPECT_EQ(at_depth.cycles, free_run.cycles);
}

// The window emits its first beat after reading 20, so the direct path must hold about 20 beats.
TEST(FifoModel, ReconvergentPathNeedsItsDepthAndDeadlocksBelowIt) {
  const int64_t n = 100, delay = 20;
  std::vector<Fifo> fifos;
  std::vector<Process> procs;
  Reconvergent(n, delay, 1, fifos, procs);
  Result free_run = Simulate(fifos, procs, {});
  ASSERT_FALSE(free_run.deadlock);
  const int64_t f2 = free_run.needed_depth[2];
  EXPECT_GE(f2, delay);
  EXPECT_LE(f2, delay + 8);
  EXPECT_LE(free_run.needed_depth[1], 2);
  EXPECT_LE(free_run.needed_depth[3], 2);
  std::vector<int64_t> depths = {0, free_run.needed_depth[1], f2, free_run.needed_depth[3], 0};
  Result at_depth = Simulate(fifos, procs, depths);
  EXPECT_FALSE(at_depth.deadlock);
  EXPECT_EQ(at_depth.cycles, free_run.cycles);
  // Cut the direct path well below: the clone cannot write it, the window starves, the join
  // waits for the window.
  depths[2] = delay / 4;
  Result cut = Simulate(fifos, procs, depths);
  ASSERT_TRUE(cut.deadlock);
  EXPECT_NE(std::find(cut.stuck.begin(), cut.stuck.end(), "clone"), cut.stuck.end());
}

// The same shape with a slow window (II 2): unbounded, the clone runs ahead of the join at the
// port's pace and the direct path fills with half the tensor; Shrink keeps the latency and the
// interval with a fraction of that, and one beat less changes the schedule.
TEST(FifoModel, ShrinkKeepsLatencyAndIntervalWithLess) {
  const int64_t n = 200, delay = 10;
  std::vector<Fifo> fifos;
  std::vector<Process> procs;
  Reconvergent(n, delay, 2, fifos, procs);
  const Result free_run = Simulate(fifos, procs, {});
  ASSERT_FALSE(free_run.deadlock);
  std::vector<int64_t> exact(fifos.size(), 0);
  for (size_t f = 1; f < 4; ++f) exact[f] = std::max<int64_t>(free_run.needed_depth[f], 1);
  EXPECT_GE(exact[2], n / 2);  // the clone's lead over the slow path
  const std::vector<int64_t> shrunk = Shrink(fifos, procs, exact, free_run);
  EXPECT_LT(shrunk[2], exact[2] / 4);
  EXPECT_GE(shrunk[2], delay);  // still the window's head start
  const Result kept = Simulate(fifos, procs, shrunk);
  ASSERT_FALSE(kept.deadlock);
  EXPECT_EQ(kept.cycles, free_run.cycles);
  EXPECT_EQ(Interval(procs, kept), Interval(procs, free_run));
  std::vector<int64_t> less = shrunk;
  less[2] -= 1;
  const Result worse = Simulate(fifos, procs, less);
  EXPECT_TRUE(worse.deadlock || worse.cycles > free_run.cycles ||
              Interval(procs, worse) > Interval(procs, free_run));
}

TEST(FifoModel, DepthOneHalvesTheThroughput) {
  std::vector<Fifo> fifos = {{"in", 8, 50, true}, {"a", 8, 50}, {"out", 8, 50, true}};
  Process a;
  a.name = "a";
  a.inputs = {0};
  a.outputs = {1};
  a.latency = 1;
  a.Add(1, 1, 50);
  Process b = a;
  b.name = "b";
  b.inputs = {1};
  b.outputs = {2};
  std::vector<Process> procs = {Source(0, 50), a, b, Sink(2, 50)};
  Result free_run = Simulate(fifos, procs, {});
  Result one = Simulate(fifos, procs, {0, 1, 0});
  ASSERT_FALSE(one.deadlock);
  EXPECT_GT(one.cycles, free_run.cycles + 40);
}

TEST(FifoModel, Bram18) {
  EXPECT_EQ(Bram18(8, 16), 0);     // shift registers
  EXPECT_EQ(Bram18(36, 512), 1);   // one 512 x 36
  EXPECT_EQ(Bram18(72, 1024), 4);  // 2 x 2 of 512 x 36, or 4 of 1K x 18
  EXPECT_EQ(Bram18(4, 4096), 1);   // one 4K x 4
  EXPECT_EQ(Bram18(288, 64), 8);   // 8 side by side
}

}  // namespace
}  // namespace loom::hls::fifo
