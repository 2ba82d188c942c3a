// Throughput of cast + multiply + accumulate: loom's fixed-point core against Xilinx ap_fixed, in
// the same binary on the same data. Each element: cast the input to the data type (RND, SAT),
// multiply by a weight, cast the product to the accumulator type, add to the accumulator.
#include <ap_fixed.h>
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "loom/fixed/fixed_value.h"

namespace {

using loom::fixed::CastPlan;
using loom::fixed::FixedType;
using loom::fixed::OverflowMode;
using loom::fixed::QuantMode;
using loom::fixed::WideType;

constexpr int kN = 4096;

// The types of one benchmark configuration, for loom (run-time) and ap_fixed (compile-time).
template <int kInW, int kInI, int kW, int kI, int kAccW, int kAccI>
struct Config {
  using ApIn = ap_fixed<kInW, kInI>;
  using ApData = ap_fixed<kW, kI, AP_RND, AP_SAT>;
  using ApAcc = ap_fixed<kAccW, kAccI>;
  static FixedType In() { return FixedType::Signed(kInW, kInI); }
  static FixedType Data() {
    return FixedType::Create(kW, kI, true, QuantMode::kRnd, OverflowMode::kSat).value();
  }
  static FixedType Acc() { return FixedType::Signed(kAccW, kAccI); }
};

using Config16 = Config<32, 12, 16, 6, 32, 12>;
using Config32 = Config<48, 16, 32, 12, 48, 20>;

struct Data {
  std::vector<int64_t> in;
  std::vector<int64_t> weight;
};

template <typename C>
Data MakeData() {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> dist(0.0, 2.0);
  Data d;
  for (int i = 0; i < kN; ++i) {
    d.in.push_back(loom::fixed::FromDouble(dist(rng) * 3, C::In()));
    d.weight.push_back(loom::fixed::FromDouble(dist(rng) / 4, C::Data()));
  }
  return d;
}

// loom: the casts are planned once and applied to whole arrays (as the emulator does per layer);
// each stage is straight-line integer code.
template <typename C>
int64_t LoomMac(const Data& d) {
  static const CastPlan in_to_data(C::In(), C::Data());
  thread_local std::vector<int64_t> x(kN);
  in_to_data.ApplyN(d.in.data(), x.data(), kN);
  return loom::fixed::MultiplyAccumulate(x.data(), C::Data(), d.weight.data(), C::Data(), kN,
                                         C::Acc());
}

template <typename C>
struct ApData {
  std::vector<typename C::ApIn> in;
  std::vector<typename C::ApData> weight;
};

template <typename C>
ApData<C> ToAp(const Data& d) {
  ApData<C> a;
  for (int i = 0; i < kN; ++i) {
    typename C::ApIn x;
    x.setBits(static_cast<uint64_t>(d.in[i]));
    typename C::ApData w;
    w.setBits(static_cast<uint64_t>(d.weight[i]));
    a.in.push_back(x);
    a.weight.push_back(w);
  }
  return a;
}

template <typename C>
typename C::ApAcc ApMac(const ApData<C>& a) {
  typename C::ApAcc acc = 0;
  for (int i = 0; i < kN; ++i) {
    typename C::ApData x = a.in[i];
    acc += static_cast<typename C::ApAcc>(x * a.weight[i]);
  }
  return acc;
}

template <typename C>
void CheckSame() {
  Data d = MakeData<C>();
  int64_t loom = LoomMac<C>(d);
  typename C::ApAcc ap = ApMac<C>(ToAp<C>(d));
  typename C::ApAcc loom_ap;
  loom_ap.setBits(static_cast<uint64_t>(loom));
  if (loom_ap != ap) {
    std::fprintf(stderr, "fixed_bench: loom and ap_fixed disagree: %s vs %s\n",
                 loom_ap.to_string().c_str(), ap.to_string().c_str());
    std::exit(1);
  }
}

template <typename C>
void BM_LoomMac(benchmark::State& state) {
  CheckSame<C>();
  Data d = MakeData<C>();
  for (auto _ : state) benchmark::DoNotOptimize(LoomMac<C>(d));
  state.SetItemsProcessed(state.iterations() * kN);
}

template <typename C>
void BM_ApFixedMac(benchmark::State& state) {
  ApData<C> a = ToAp<C>(MakeData<C>());
  for (auto _ : state) {
    auto acc = ApMac<C>(a);
    benchmark::DoNotOptimize(acc);
  }
  state.SetItemsProcessed(state.iterations() * kN);
}

BENCHMARK(BM_LoomMac<Config16>)->Name("mac16/loom");
BENCHMARK(BM_ApFixedMac<Config16>)->Name("mac16/ap_fixed");
BENCHMARK(BM_LoomMac<Config32>)->Name("mac32/loom");
BENCHMARK(BM_ApFixedMac<Config32>)->Name("mac32/ap_fixed");

}  // namespace

BENCHMARK_MAIN();
