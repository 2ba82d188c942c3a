// libFuzzer target for the ONNX importer: any bytes must give a graph or an error, never a crash.
// Built with clang (preset `fuzz`); under GCC the same file becomes a corpus replayer for CTest.
#include <cstddef>
#include <cstdint>
#include <string>

#include "loom/frontends/onnx.h"
#include "loom/support/npy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  auto graph = loom::frontends::ImportOnnxBytes(bytes, "fuzz.onnx");
  if (!graph.ok() && graph.error().message().empty()) __builtin_trap();
  auto npy = loom::ParseNpy(bytes, "fuzz.npy");
  if (!npy.ok() && npy.error().message().empty()) __builtin_trap();
  return 0;
}

#ifndef LOOM_LIBFUZZER
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

// Replays files (or every file under directories) through the target.
int main(int argc, char** argv) {
  int64_t count = 0;
  for (int i = 1; i < argc; ++i) {
    std::filesystem::path p(argv[i]);
    if (!std::filesystem::exists(p)) {
      std::cout << "onnx_import_fuzz: " << p << " is absent; skipping\n";
      return 77;
    }
    auto run = [&](const std::filesystem::path& f) {
      std::ifstream in(f, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      std::string s = ss.str();
      LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(s.data()), s.size());
      // Truncations of every file, as a quick stand-in for the fuzzer's mutations.
      for (size_t cut : {s.size() / 2, s.size() / 3, s.size() - 1}) {
        if (cut < s.size()) LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(s.data()), cut);
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
  std::cout << "onnx_import_fuzz: replayed " << count << " files without a crash\n";
  return 0;
}
#endif
