// This machine's peak integer multiply-accumulate rate, one core, per instruction set: the
// ceiling against which the emulator's figures in docs/benchmarks.md are stated.
//
// Each case keeps kChains independent accumulators in vector registers (enough to cover the
// instructions' latency) and issues only multiply-accumulates, each accumulator also being an
// operand of its own next product (acc = acc + acc * b), so no product can be shared between
// chains or hoisted out of the loop; values wrap, which costs nothing. MACs
// are counted as products: vpmaddwd multiplies 2 int16 pairs per int32 lane, vpdpbusd 4 uint8 x
// int8 pairs, vpmulld one int32 product per lane (what a per-term-shifted int32 accumulation
// needs). A case whose instructions the CPU lacks is skipped with a message.
#include <benchmark/benchmark.h>
#include <immintrin.h>

#include <cstdint>
#include <string>

namespace {

constexpr int kChains = 12;
constexpr int64_t kIterations = 1 << 16;

__attribute__((target("avx2"))) int64_t Avx2MulloInt32(int64_t iters) {
  __m256i acc[kChains];
  __m256i b = _mm256_set1_epi32(5);
  asm volatile("" : "+v"(b));  // an unknown multiplier: no strength reduction
  for (auto& x : acc) x = _mm256_set1_epi32(7);
  for (int64_t i = 0; i < iters; ++i) {
    for (auto& x : acc) x = _mm256_add_epi32(x, _mm256_mullo_epi32(x, b));
  }
  __m256i s = acc[0];
  for (int c = 1; c < kChains; ++c) s = _mm256_add_epi32(s, acc[c]);
  benchmark::DoNotOptimize(s);
  return iters * kChains * 8;
}

__attribute__((target("avx2"))) int64_t Avx2MaddInt16(int64_t iters) {
  __m256i acc[kChains];
  __m256i b = _mm256_set1_epi16(5);
  asm volatile("" : "+v"(b));  // an unknown multiplier: no strength reduction
  for (auto& x : acc) x = _mm256_set1_epi32(7);
  for (int64_t i = 0; i < iters; ++i) {
    for (auto& x : acc) x = _mm256_add_epi32(x, _mm256_madd_epi16(x, b));
  }
  __m256i s = acc[0];
  for (int c = 1; c < kChains; ++c) s = _mm256_add_epi32(s, acc[c]);
  benchmark::DoNotOptimize(s);
  return iters * kChains * 16;
}

__attribute__((target("avx2,avxvnni"))) int64_t AvxVnniInt8(int64_t iters) {
  __m256i acc[kChains];
  __m256i b = _mm256_set1_epi8(5);
  asm volatile("" : "+v"(b));  // an unknown multiplier: no strength reduction
  for (auto& x : acc) x = _mm256_set1_epi32(7);
  for (int64_t i = 0; i < iters; ++i) {
    for (auto& x : acc) x = _mm256_dpbusd_avx_epi32(x, x, b);
  }
  __m256i s = acc[0];
  for (int c = 1; c < kChains; ++c) s = _mm256_add_epi32(s, acc[c]);
  benchmark::DoNotOptimize(s);
  return iters * kChains * 32;
}

__attribute__((target("avx512f"))) int64_t Avx512MulloInt32(int64_t iters) {
  __m512i acc[kChains];
  __m512i b = _mm512_set1_epi32(5);
  asm volatile("" : "+v"(b));  // an unknown multiplier: no strength reduction
  for (auto& x : acc) x = _mm512_set1_epi32(7);
  for (int64_t i = 0; i < iters; ++i) {
    for (auto& x : acc) x = _mm512_add_epi32(x, _mm512_mullo_epi32(x, b));
  }
  __m512i s = acc[0];
  for (int c = 1; c < kChains; ++c) s = _mm512_add_epi32(s, acc[c]);
  benchmark::DoNotOptimize(s);
  return iters * kChains * 16;
}

__attribute__((target("avx512f,avx512bw"))) int64_t Avx512MaddInt16(int64_t iters) {
  __m512i acc[kChains];
  __m512i b = _mm512_set1_epi16(5);
  asm volatile("" : "+v"(b));  // an unknown multiplier: no strength reduction
  for (auto& x : acc) x = _mm512_set1_epi32(7);
  for (int64_t i = 0; i < iters; ++i) {
    for (auto& x : acc) x = _mm512_add_epi32(x, _mm512_madd_epi16(x, b));
  }
  __m512i s = acc[0];
  for (int c = 1; c < kChains; ++c) s = _mm512_add_epi32(s, acc[c]);
  benchmark::DoNotOptimize(s);
  return iters * kChains * 32;
}

__attribute__((target("avx512f,avx512bw,avx512vnni"))) int64_t Avx512VnniInt16(int64_t iters) {
  __m512i acc[kChains];
  __m512i b = _mm512_set1_epi16(5);
  asm volatile("" : "+v"(b));  // an unknown multiplier: no strength reduction
  for (auto& x : acc) x = _mm512_set1_epi32(7);
  for (int64_t i = 0; i < iters; ++i) {
    for (auto& x : acc) x = _mm512_dpwssd_epi32(x, x, b);
  }
  __m512i s = acc[0];
  for (int c = 1; c < kChains; ++c) s = _mm512_add_epi32(s, acc[c]);
  benchmark::DoNotOptimize(s);
  return iters * kChains * 32;
}

__attribute__((target("avx512f,avx512bw,avx512vnni"))) int64_t Avx512VnniInt8(int64_t iters) {
  __m512i acc[kChains];
  __m512i b = _mm512_set1_epi8(5);
  asm volatile("" : "+v"(b));  // an unknown multiplier: no strength reduction
  for (auto& x : acc) x = _mm512_set1_epi32(7);
  for (int64_t i = 0; i < iters; ++i) {
    for (auto& x : acc) x = _mm512_dpbusd_epi32(x, x, b);
  }
  __m512i s = acc[0];
  for (int c = 1; c < kChains; ++c) s = _mm512_add_epi32(s, acc[c]);
  benchmark::DoNotOptimize(s);
  return iters * kChains * 64;
}

// Scalar int64 multiply-add (the emulator's exact fallback path), 8 chains held in registers.
int64_t ScalarInt64(int64_t iters) {
  int64_t acc[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  int64_t b = 5;
  asm volatile("" : "+r"(b));  // an unknown multiplier: no strength reduction
  for (int64_t i = 0; i < iters; ++i) {
    for (auto& x : acc) {
      x += x * b;
      asm volatile("" : "+r"(x));  // keeps the chains scalar (no vectorization)
    }
  }
  int64_t s = 0;
  for (int64_t x : acc) s += x;
  benchmark::DoNotOptimize(s);
  return iters * 8;
}

void Run(benchmark::State& state, bool supported, int64_t (*kernel)(int64_t)) {
  if (!supported) {
    state.SkipWithError("this CPU lacks the instructions");
    return;
  }
  int64_t macs = 0;
  for (auto _ : state) macs += kernel(kIterations);
  state.counters["MAC/s"] =
      benchmark::Counter(static_cast<double>(macs), benchmark::Counter::kIsRate);
}

bool Has(const char* feature) {
  __builtin_cpu_init();
  // __builtin_cpu_supports needs a literal; the names used here are listed explicitly.
  std::string f = feature;
  if (f == "avx2") return __builtin_cpu_supports("avx2");
  if (f == "avxvnni") return __builtin_cpu_supports("avxvnni");
  if (f == "avx512f") return __builtin_cpu_supports("avx512f");
  if (f == "avx512bw")
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
  if (f == "avx512vnni") {
    return __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vnni");
  }
  return false;
}

void BM_ScalarInt64(benchmark::State& s) { Run(s, true, ScalarInt64); }
void BM_Avx2MulloInt32(benchmark::State& s) { Run(s, Has("avx2"), Avx2MulloInt32); }
void BM_Avx2MaddInt16(benchmark::State& s) { Run(s, Has("avx2"), Avx2MaddInt16); }
void BM_AvxVnniInt8(benchmark::State& s) { Run(s, Has("avxvnni"), AvxVnniInt8); }
void BM_Avx512MulloInt32(benchmark::State& s) { Run(s, Has("avx512f"), Avx512MulloInt32); }
void BM_Avx512MaddInt16(benchmark::State& s) { Run(s, Has("avx512bw"), Avx512MaddInt16); }
void BM_Avx512VnniInt16(benchmark::State& s) { Run(s, Has("avx512vnni"), Avx512VnniInt16); }
void BM_Avx512VnniInt8(benchmark::State& s) { Run(s, Has("avx512vnni"), Avx512VnniInt8); }

BENCHMARK(BM_ScalarInt64);
BENCHMARK(BM_Avx2MulloInt32);
BENCHMARK(BM_Avx2MaddInt16);
BENCHMARK(BM_AvxVnniInt8);
BENCHMARK(BM_Avx512MulloInt32);
BENCHMARK(BM_Avx512MaddInt16);
BENCHMARK(BM_Avx512VnniInt16);
BENCHMARK(BM_Avx512VnniInt8);

}  // namespace

BENCHMARK_MAIN();
