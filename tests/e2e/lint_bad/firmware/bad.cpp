// A project that breaks every rule hls_lint.py checks (its self-test, hls_lint_selftest.py).
enum strategy_t { latency = 0, resource = 1 };

// pipeline-scope: PIPELINE under an if.
template <class CONFIG>
void under_if(const int x[4], int y[4]) {
  if (CONFIG::strategy == latency) {
#pragma HLS PIPELINE II = 1
    for (int i = 0; i < 4; ++i) {
#pragma HLS UNROLL
      y[i] = x[i];
    }
  }
}

// A reuse loop: pipelined on its own.
void reuse_kernel(const int x[8], int y[8]) {
  for (int r = 0; r < 8; ++r) {
#pragma HLS PIPELINE II = 1
    y[r] = x[r] * 3;
  }
}

// unsized-param: a pointer and an unsized array across a call that is not inlined.
void unsized(const int* x, int y[]) {
#pragma HLS INLINE off
  y[0] = x[0];
}

// pipeline-reuse: a pipelined function reaching the reuse loop through a helper.
void helper(const int x[8], int y[8]) {
#pragma HLS INLINE
  reuse_kernel(x, y);
}

void top(const int x[8], int y[8]) {
#pragma HLS PIPELINE
  static int big[5000];
#pragma HLS ARRAY_PARTITION variable = big complete
  for (int i = 0; i < 5000; ++i) {
#pragma HLS UNROLL
    big[i] = i;
  }
  helper(x, y);
}

// pipeline-reuse: a pipelined loop holding a pipelined loop.
void nested(int y[16]) {
  for (int a = 0; a < 4; ++a) {
#pragma HLS PIPELINE
    for (int b = 0; b < 4; ++b) {
#pragma HLS PIPELINE II = 1
      y[a * 4 + b] = a + b;
    }
  }
}

// index-table: a gather table passed to a function that is not inlined (and one that declares
// its storage, which is allowed). Data arrays have their own types.
typedef int data_t;
void table_kernel(const data_t x[16], data_t y[16], const unsigned table[16]) {
  for (int k = 0; k < 16; ++k) {
#pragma HLS UNROLL
    y[k] = x[table[k]];
  }
}

void rom_kernel(const data_t x[16], data_t y[16], const unsigned rom[16]) {
#pragma HLS ARRAY_RESHAPE variable = rom block factor = 4
  for (int k = 0; k < 16; ++k) {
#pragma HLS PIPELINE II = 1
    y[k] = x[rom[k]];
  }
}
