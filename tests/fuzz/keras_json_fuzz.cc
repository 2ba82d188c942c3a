// libFuzzer target for the Keras reader's JSON side: any bytes as a model-JSON must give a graph
// or an error with a message, never a crash. Weights come from the HDF5 file named by
// LOOM_FUZZ_KERAS_WEIGHTS when set (so layers with weights are translated too), else none.
// Under GCC the file becomes a corpus replayer for CTest.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "loom/frontends/keras.h"

namespace {
const std::string& WeightsImage() {
  static const std::string kImage = [] {
    const char* path = std::getenv("LOOM_FUZZ_KERAS_WEIGHTS");
    if (!path) return std::string();
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }();
  return kImage;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto g = loom::frontends::ImportKerasJson(text, "fuzz.json", WeightsImage(), "weights.h5");
  if (!g.ok() && g.error().message().empty()) __builtin_trap();
  return 0;
}

#ifndef LOOM_LIBFUZZER
#include <filesystem>
#include <iostream>

// Replays the .json files under the given paths, and their truncations, through the target.
int main(int argc, char** argv) {
  int64_t count = 0;
  for (int i = 1; i < argc; ++i) {
    std::filesystem::path p(argv[i]);
    if (!std::filesystem::exists(p)) continue;  // ../shared may be absent
    auto run = [&](const std::filesystem::path& f) {
      if (f.extension() != ".json") return;
      std::ifstream in(f, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      std::string s = ss.str();
      for (size_t cut = 0; cut <= s.size(); cut += 1 + s.size() / 32) {
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(s.data()), cut);
      }
      ++count;
    };
    if (std::filesystem::is_directory(p)) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(p)) {
        if (e.is_regular_file()) run(e.path());
      }
    } else {
      run(p);
    }
  }
  std::cout << "keras_json_fuzz: replayed " << count
            << " files and their prefixes without a crash\n";
  if (count == 0) {
    std::cout << "keras_json_fuzz: no .json files found (../shared/models absent?); skipped\n";
    return 77;
  }
  return 0;
}
#endif
