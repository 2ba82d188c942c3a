// libFuzzer target for the configuration reader: any bytes must give a configuration or an error
// with a message, never a crash; and a configuration that parses must survive EmitYaml/EmitJson
// and parse back to the same text. Under GCC the file becomes a corpus replayer for CTest.
#include <cstddef>
#include <cstdint>
#include <string>

#include "loom/config/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto config = loom::config::ParseConfig(text, "fuzz.yml");
  if (!config.ok()) {
    if (config.error().message().empty()) __builtin_trap();
    return 0;
  }
  for (bool json : {false, true}) {
    std::string emitted =
        json ? loom::config::EmitJson(config.value()) : loom::config::EmitYaml(config.value());
    auto again = loom::config::ParseConfig(emitted, "emitted");
    if (!again.ok()) __builtin_trap();  // loom wrote a file it cannot read
    std::string twice =
        json ? loom::config::EmitJson(again.value()) : loom::config::EmitYaml(again.value());
    if (twice != emitted) __builtin_trap();  // the round trip lost or changed something
  }
  return 0;
}

#ifndef LOOM_LIBFUZZER
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

// Replays files (or every file under directories) and their truncations through the target.
int main(int argc, char** argv) {
  int64_t count = 0;
  for (int i = 1; i < argc; ++i) {
    std::filesystem::path p(argv[i]);
    if (!std::filesystem::exists(p)) continue;  // ../shared may be absent
    auto run = [&](const std::filesystem::path& f) {
      std::ifstream in(f, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      std::string s = ss.str();
      for (size_t cut = 0; cut <= s.size(); cut += 1 + s.size() / 64) {
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(s.data()), cut);
      }
      LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(s.data()), s.size());
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
  std::cout << "config_fuzz: replayed " << count << " files and their prefixes without a crash\n";
  return count > 0 ? 0 : 1;
}
#endif
