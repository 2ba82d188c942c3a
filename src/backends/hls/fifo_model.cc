// The io_stream timing model (fifo_model.h): a max-plus evaluation of every process's loop
// iterations, one process at a time as far as its inputs and its outputs' space allow.
#include "backends/hls/fifo_model.h"

#include <algorithm>

namespace loom::hls::fifo {

void Process::Add(uint32_t reads, uint32_t writes, int64_t count, int64_t step_ii) {
  if (count <= 0) return;
  if (!steps.empty() && steps.back().reads == reads && steps.back().writes == writes &&
      steps.back().ii == step_ii) {
    steps.back().count += count;
    return;
  }
  steps.push_back({reads, writes, count, step_ii});
}

namespace {

struct State {
  size_t run = 0;        // current Steps run
  int64_t done = 0;      // iterations done within it
  int64_t last = 0;      // start of the previous iteration
  bool started = false;  // any iteration yet
  int64_t first = 0;
};

}  // namespace

Result Simulate(const std::vector<Fifo>& fifos, const std::vector<Process>& processes,
                const std::vector<int64_t>& depths) {
  const size_t nf = fifos.size();
  std::vector<std::vector<int64_t>> written(nf), read(nf);  // per beat: write / read cycle
  std::vector<State> state(processes.size());
  auto bounded = [&](int f) {
    return !fifos[f].port && static_cast<size_t>(f) < depths.size() && depths[f] > 0;
  };
  bool progress = true;
  while (progress) {
    progress = false;
    for (size_t p = 0; p < processes.size(); ++p) {
      const Process& proc = processes[p];
      State& s = state[p];
      while (s.run < proc.steps.size()) {
        const Steps& st = proc.steps[s.run];
        int64_t t = s.started ? s.last + (st.ii > 0 ? st.ii : proc.ii) : 0;
        bool blocked = false;
        for (size_t i = 0; i < proc.inputs.size() && !blocked; ++i) {
          if (!(st.reads >> i & 1u)) continue;
          const int f = proc.inputs[i];
          const size_t k = read[f].size();
          if (k >= written[f].size()) {
            blocked = true;
          } else {
            t = std::max(t, written[f][k] + 1);
          }
        }
        for (size_t o = 0; o < proc.outputs.size() && !blocked; ++o) {
          if (!(st.writes >> o & 1u)) continue;
          const int f = proc.outputs[o];
          if (!bounded(f)) continue;
          const int64_t k = static_cast<int64_t>(written[f].size());
          if (k < depths[f]) continue;
          if (static_cast<int64_t>(read[f].size()) <= k - depths[f]) {
            blocked = true;
          } else {
            t = std::max(t, read[f][k - depths[f]] + 1 - proc.latency);
          }
        }
        if (blocked) break;
        for (size_t i = 0; i < proc.inputs.size(); ++i) {
          if (st.reads >> i & 1u) read[proc.inputs[i]].push_back(t);
        }
        for (size_t o = 0; o < proc.outputs.size(); ++o) {
          if (st.writes >> o & 1u) written[proc.outputs[o]].push_back(t + proc.latency);
        }
        if (!s.started) s.first = t;
        s.started = true;
        s.last = t;
        progress = true;
        if (++s.done == st.count) {
          ++s.run;
          s.done = 0;
        }
      }
    }
  }
  Result r;
  r.needed_depth.assign(nf, 0);
  r.max_occupancy.assign(nf, 0);
  for (size_t p = 0; p < processes.size(); ++p) {
    if (state[p].run < processes[p].steps.size()) {
      r.deadlock = true;
      r.stuck.push_back(processes[p].name);
    }
    r.busy.push_back({state[p].first, state[p].last + processes[p].latency});
  }
  for (size_t f = 0; f < nf; ++f) {
    const std::vector<int64_t>& w = written[f];
    const std::vector<int64_t>& rd = read[f];
    for (int64_t t : w) r.cycles = std::max(r.cycles, t);
    // needed: write k finds beat k - d read before it, d >= k + 1 - #{reads before w_k};
    // occupancy after write k: k + 1 - #{reads at or before w_k}.
    size_t before = 0, at_or_before = 0;
    for (size_t k = 0; k < w.size(); ++k) {
      while (before < rd.size() && rd[before] < w[k]) ++before;
      while (at_or_before < rd.size() && rd[at_or_before] <= w[k]) ++at_or_before;
      r.needed_depth[f] =
          std::max(r.needed_depth[f], static_cast<int64_t>(k + 1) - static_cast<int64_t>(before));
      r.max_occupancy[f] = std::max(
          r.max_occupancy[f], static_cast<int64_t>(k + 1) - static_cast<int64_t>(at_or_before));
    }
  }
  return r;
}

int64_t Interval(const std::vector<Process>& processes, const Result& r) {
  int64_t interval = 0;
  for (size_t p = 0; p < processes.size() && p < r.busy.size(); ++p) {
    interval = std::max(interval, r.busy[p].second - r.busy[p].first + processes[p].ii);
  }
  return interval;
}

std::vector<int64_t> Shrink(const std::vector<Fifo>& fifos, const std::vector<Process>& processes,
                            std::vector<int64_t> depths, const Result& reference) {
  const int64_t interval = Interval(processes, reference);
  auto keeps = [&](const std::vector<int64_t>& d) {
    const Result r = Simulate(fifos, processes, d);
    return !r.deadlock && r.cycles <= reference.cycles && Interval(processes, r) <= interval;
  };
  std::vector<size_t> order;
  for (size_t f = 0; f < fifos.size() && f < depths.size(); ++f) {
    if (!fifos[f].port && depths[f] > 2) order.push_back(f);
  }
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return fifos[a].width_bits * depths[a] > fifos[b].width_bits * depths[b];
  });
  for (size_t f : order) {
    int64_t lo = 1, hi = depths[f];  // hi keeps the schedule
    while (lo < hi) {
      const int64_t mid = lo + (hi - lo) / 2;
      depths[f] = mid;
      if (keeps(depths)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    depths[f] = hi;
  }
  return depths;
}

int64_t Bram18(int64_t width_bits, int64_t depth) {
  if (depth <= 32 || width_bits * depth < 1024) return 0;
  // A BRAM18 is 512 x 36, 1K x 18, 2K x 9, 4K x 4, 8K x 2 or 16K x 1: the narrowest aspect that
  // holds the depth, then as many side by side as the width needs.
  const int64_t aspects[][2] = {{512, 36}, {1024, 18}, {2048, 9}, {4096, 4}, {8192, 2}, {16384, 1}};
  int64_t best = 0;
  for (const auto& a : aspects) {
    const int64_t n = ((depth + a[0] - 1) / a[0]) * ((width_bits + a[1] - 1) / a[1]);
    if (best == 0 || n < best) best = n;
  }
  return best;
}

}  // namespace loom::hls::fifo
