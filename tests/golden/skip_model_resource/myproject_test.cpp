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
    x_t x[8];
    for (int i = 0; i < 8; ++i) x[i] = x_t(in[0 + i]);
    sigmoid_out_t result_0[4];
    myproject(x, result_0);
    for (int i = 0; i < 4; ++i) {
      double got = result_0[i].to_double();
      char buf[32];
      std::snprintf(buf, sizeof(buf), "%.17g ", got);
      fout << buf;
      ++values;
      if (got != want[0 + i]) {
        if (mismatches < 10) {
          std::printf("csim: sample %ld output 0 element %d: got %.17g, expected %.17g\n", samples, i, got, want[0 + i]);
        }
        ++mismatches;
      }
    }
    fout << "\n";
    ++samples;
  }
  std::printf("csim: %ld samples, %ld values, %ld mismatches\n", samples, values,
              mismatches);
  return mismatches == 0 && samples > 0 ? 0 : 1;
}
