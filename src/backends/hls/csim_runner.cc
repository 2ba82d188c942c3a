// C-simulation of a generated project (loom csim): g++ against Xilinx's ap_types headers, then
// the testbench's own comparison with the emulator's outputs.
#include <cstdio>
#include <filesystem>
#include <string>

#include "loom/backends/hls.h"

namespace loom::hls {

namespace fs = std::filesystem;

ErrorOr<CsimResult> RunCsim(const std::string& dir, const std::string& ap_types_dir,
                            const std::string& compiler) {
  fs::path d(dir);
  std::error_code ec;
  if (!fs::exists(d / ".loom-project", ec)) {
    return Error(dir + ": error: not a project written by loom convert (no .loom-project)");
  }
  if (!fs::exists(fs::path(ap_types_dir) / "ap_fixed.h", ec)) {
    return Error(ap_types_dir + ": error: no ap_fixed.h here; run scripts/setup.sh or set " +
                 "LOOM_AP_TYPES to the ap_types directory");
  }
  std::string project;
  for (const auto& e : fs::directory_iterator(d)) {
    std::string name = e.path().filename().string();
    const std::string suffix = "_test.cpp";
    if (name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      project = name.substr(0, name.size() - suffix.size());
    }
  }
  if (project.empty()) return Error(dir + ": error: no <project>_test.cpp testbench");
  auto quote = [](const std::string& s) { return "'" + s + "'"; };
  // ap_types is a system include: its own warnings are not ours. -O0: quicker to compile, and
  // GCC then does not report maybe-uninitialized warnings from inside ap_types inlined here.
  // HLS pragmas are unknown to g++ (-Wno-unknown-pragmas); everything else warns and fails.
  // -std=c++11 -pedantic-errors: the project must be the C++11 Vivado HLS's front end accepts
  // (build_prj.tcl passes -std=c++0x), with no GNU extension.
  // The three deallocation warnings are off: GCC 12 checks them in one pass (its "access
  // analysis") that takes ~4 ms per element of a constant ap_fixed array's initializer, 15 of the
  // 19.5 s a 4,400-weight MLP took to compile (4.2 s without); the generated code frees nothing.
  std::string cmd = "cd " + quote(dir) + " && " + compiler +
                    " -std=c++11 -pedantic-errors -O0 -Wall -Wextra -Werror -Wno-unknown-pragmas "
                    "-Wno-free-nonheap-object -Wno-mismatched-new-delete -Wno-mismatched-dealloc"
                    " -isystem " +
                    quote(ap_types_dir) + " -Ifirmware -Ifirmware/loom firmware/" + project +
                    ".cpp " + project + "_test.cpp -o csim.out 2>&1 && ./csim.out 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) return Error("error: cannot run " + compiler);
  std::string output;
  char buf[4096];
  size_t got;
  while ((got = fread(buf, 1, sizeof(buf), pipe)) > 0) output.append(buf, got);
  int status = pclose(pipe);
  CsimResult r;
  r.output = output;
  long samples = 0, values = 0, mismatches = 0;
  auto pos = output.rfind("csim: ");
  if (pos == std::string::npos ||
      std::sscanf(output.c_str() + pos, "csim: %ld samples, %ld values, %ld mismatches", &samples,
                  &values, &mismatches) != 3) {
    return Error(dir + ": error: C-simulation failed (status " + std::to_string(status) + "):\n" +
                 output);
  }
  r.samples = samples;
  r.values = values;
  r.mismatches = mismatches;
  return r;
}

}  // namespace loom::hls
