// C-simulation testbench for myproject, written by loom.
// Reads tb_data/tb_input_features.dat (one sample per line: every input's values, in
// order), runs the top function, writes tb_data/csim_results.log and compares each
// output with tb_data/tb_output_predictions.dat (loom predict's bit-exact results).
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "firmware/myproject.h"

// strtod, not operator>>: it also reads nan, -nan, inf and -inf, which loom writes for
// non-finite inputs (they convert to ap_fixed as the emulator converts them).
static bool ReadLine(std::ifstream& in, std::vector<double>& values) {
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    values.clear();
    std::string word;
    while (ls >> word) {
      char* end = 0;
      double v = std::strtod(word.c_str(), &end);
      if (end == word.c_str() || *end != '\0') return false;
      values.push_back(v);
    }
    if (!values.empty()) return true;
  }
  return false;
}

int main() {
  std::ifstream fin("tb_data/tb_input_features.dat");
  std::ifstream fpr("tb_data/tb_output_predictions.dat");
  std::ofstream fout("tb_data/csim_results.log");
  if (!fin || !fpr) {
    std::printf("csim: cannot open tb_data/*.dat (run from the project directory)\n");
    return 2;
  }
  std::vector<double> in, want;
  long samples = 0, values = 0, mismatches = 0;
  while (ReadLine(fin, in)) {
    if (!ReadLine(fpr, want)) {
      std::printf("csim: fewer expected outputs than inputs\n");
      return 2;
    }
    if (in.size() != 8 || want.size() != 4) {
      std::printf("csim: sample %ld has %zu inputs and %zu outputs; expected 8 and 4\n", samples, in.size(), want.size());
      return 2;
    }
    hls::stream<x_beat_t> x("x");
    for (long p = 0; p < 1; ++p) {
      x_beat_t b;
      for (long c = 0; c < 8; ++c) b.data[c] = x_t(in[0 + p * 8 + c]);
      x.write(b);
    }
    hls::stream<sigmoid_out_beat_t> result_0("result_0");
    myproject(x, result_0);
    if (!x.empty()) {
      std::printf("csim: sample %ld: the top function left beats of x unread\n", samples);
      ++mismatches;
    }
    {
      std::vector<double> got(4);
      if (result_0.size() != 1) {
        std::printf("csim: sample %ld output 0: %zu beats, expected 1\n", samples, (size_t)result_0.size());
        return 1;
      }
      for (long p = 0; p < 1; ++p) {
        const sigmoid_out_beat_t b = result_0.read();
        for (long c = 0; c < 4; ++c) got[p * 4 + c] = b.data[c].to_double();
      }
      for (long i = 0; i < 4; ++i) {
        char buf[32];
        std::snprintf(buf, sizeof(buf), "%.17g ", got[i]);
        fout << buf;
        ++values;
        if (got[i] != want[0 + i]) {
          if (mismatches < 10) {
            std::printf("csim: sample %ld output 0 element %ld: got %.17g, expected %.17g\n", samples, i, got[i], want[0 + i]);
          }
          ++mismatches;
        }
      }
    }
    fout << "\n";
    ++samples;
  }
#ifdef LOOM_THREADED_DATAFLOW
  loom_threaded::report();
#endif
  std::printf("csim: %ld samples, %ld values, %ld mismatches\n", samples, values,
              mismatches);
  return mismatches == 0 && samples > 0 ? 0 : 1;
}
