// C-simulation of a generated project (loom csim): g++ against Xilinx's ap_types headers, then
// the testbench's own comparison with the emulator's outputs.
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "loom/backends/hls.h"

namespace loom::hls {

namespace fs = std::filesystem;

namespace {

std::string Quote(const std::string& s) { return "'" + s + "'"; }

// Runs a shell command; its output and exit status.
std::string Run(const std::string& cmd, int* status) {
  std::string output;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) {
    *status = -1;
    return output;
  }
  char buf[4096];
  size_t got;
  while ((got = fread(buf, 1, sizeof(buf), pipe)) > 0) output.append(buf, got);
  *status = pclose(pipe);
  return output;
}

void Mix(uint64_t& h, const std::string& s) {  // FNV-1a
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  h ^= 0xff;
  h *= 1099511628211ull;
}

// Where compiled headers are kept: $LOOM_CACHE_DIR, else $XDG_CACHE_HOME/loom, else
// ~/.cache/loom; empty when none can be named.
fs::path CacheRoot() {
  if (const char* d = std::getenv("LOOM_CACHE_DIR"); d != nullptr && *d) return fs::path(d);
  if (const char* d = std::getenv("XDG_CACHE_HOME"); d != nullptr && *d) {
    return fs::path(d) / "loom";
  }
  if (const char* d = std::getenv("HOME"); d != nullptr && *d) {
    return fs::path(d) / ".cache" / "loom";
  }
  return {};
}

// A precompiled header of ap_fixed.h and ap_int.h for `compiler` and `flags`, built once and kept
// in the cache (keyed by the compiler's version, the flags and the ap_types files' names and
// contents); the header to pass with -include, or "" (then each file parses ap_types itself,
// which is slower and gives the same program). LOOM_CSIM_PCH=0 turns it off.
std::string PrecompiledApTypes(const std::string& compiler, const std::string& flags,
                               const std::string& ap_types_dir) {
  if (const char* off = std::getenv("LOOM_CSIM_PCH"); off != nullptr && std::string(off) == "0") {
    return "";
  }
  const fs::path root = CacheRoot();
  if (root.empty()) return "";
  int status = 0;
  const std::string version = Run(compiler + " -dumpfullversion -dumpmachine 2>/dev/null", &status);
  if (status != 0 || version.empty()) return "";
  uint64_t h = 14695981039346656037ull;
  Mix(h, compiler);
  Mix(h, version);
  Mix(h, flags);
  std::error_code ec;
  const fs::path ap = fs::absolute(ap_types_dir, ec);
  // By the headers' names and contents, not their location: every clone's virtual environment
  // holds the same ap_types, and they share one compiled header.
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(ap, ec)) {
    if (e.is_regular_file(ec)) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) {
    std::ifstream in(f, std::ios::binary);
    Mix(h, fs::relative(f, ap, ec).string());
    Mix(h, std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()));
  }
  char key[17];
  std::snprintf(key, sizeof(key), "%016llx", static_cast<unsigned long long>(h));
  const fs::path dir = root / "csim-pch" / key;
  const fs::path header = dir / "loom_ap_types.h";
  const fs::path gch = dir / "loom_ap_types.h.gch";
  if (fs::exists(gch, ec) && fs::exists(header, ec)) return header.string();
  fs::create_directories(dir, ec);
  if (ec) return "";
  // Written under unique names and renamed into place, so concurrent runs never see half a file.
  const std::string tag = "." + std::to_string(getpid()) + ".tmp";
  const fs::path header_tmp = dir / ("loom_ap_types" + tag + ".h");
  {
    std::ofstream out(header_tmp);
    out << "// ap_types, precompiled by loom csim.\n"
           "#include \"ap_fixed.h\"\n"
           "#include \"ap_int.h\"\n";
    if (!out) return "";
  }
  fs::rename(header_tmp, header, ec);
  if (ec) return "";
  const fs::path gch_tmp = dir / ("loom_ap_types.h" + tag + ".gch");
  Run(compiler + " " + flags + " -isystem " + Quote(ap.string()) + " -x c++-header " +
          Quote(header.string()) + " -o " + Quote(gch_tmp.string()) + " 2>&1",
      &status);
  if (status != 0) {
    fs::remove(gch_tmp, ec);
    return "";
  }
  fs::rename(gch_tmp, gch, ec);
  return ec ? "" : header.string();
}

// Whether dir/csim.out was built by `compile` and no file it was built from has changed since.
bool UpToDate(const fs::path& dir, const std::string& project, const std::string& compile) {
  std::error_code ec;
  std::ifstream in(dir / "csim.out.cmd");
  const std::string built((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in || built != compile) return false;
  const auto exe_time = fs::last_write_time(dir / "csim.out", ec);
  if (ec) return false;
  std::vector<fs::path> sources = {dir / (project + "_test.cpp")};
  for (const char* sub : {"firmware", "tb_threaded"}) {
    if (!fs::exists(dir / sub, ec)) continue;
    for (const auto& e : fs::recursive_directory_iterator(dir / sub, ec)) {
      if (e.is_regular_file(ec)) sources.push_back(e.path());
    }
  }
  for (const fs::path& f : sources) {
    const auto t = fs::last_write_time(f, ec);
    if (ec || t > exe_time) return false;
  }
  return true;
}

}  // namespace

ErrorOr<CsimResult> RunCsim(const std::string& dir, const std::string& ap_types_dir,
                            const CsimOptions& options) {
  const std::string& compiler = options.compiler;
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
  if (options.threaded && !fs::exists(d / "tb_threaded" / "hls_stream.h", ec)) {
    return Error(dir + ": error: the threaded run needs an io_stream project (no " +
                 "tb_threaded/hls_stream.h); convert with IOType: io_stream");
  }
  if (!options.threaded && !options.fifo_depths.empty()) {
    return Error(dir + ": error: FIFO depths can be set only for the threaded run");
  }
  std::string depths;
  for (const auto& [name, depth] : options.fifo_depths) {
    if (depth < 1 || name.empty() || name.find_first_of(",= '") != std::string::npos) {
      return Error("error: bad FIFO depth " + name + "=" + std::to_string(depth) +
                   " (a FIFO name of the top and a depth of at least 1)");
    }
    depths += (depths.empty() ? "" : ",") + name + "=" + std::to_string(depth);
  }
  // ap_types is a system include: its own warnings are not ours. -O0: quicker to compile, and
  // GCC then does not report maybe-uninitialized warnings from inside ap_types inlined here.
  // HLS pragmas are unknown to g++ (-Wno-unknown-pragmas); everything else warns and fails.
  // -std=c++11 -pedantic-errors: the project must be the C++11 Vivado HLS's front end accepts
  // (build_prj.tcl passes -std=c++0x), with no GNU extension.
  // The three deallocation warnings are off: GCC 12 checks them in one pass (its "access
  // analysis") that takes ~4 ms per element of a constant ap_fixed array's initializer, 15 of the
  // 19.5 s a 4,400-weight MLP took to compile (4.2 s without); the generated code frees nothing.
  // Large test vectors (an io_stream model over whole images) run for minutes at -O0: those
  // compile at -O1 (the 512x512 dev model: 147 s at -O0, 28 s at -O1), without GCC's
  // uninitialized-value warnings, which -O1 reports from inside ap_types (and -O0 does not check).
  // LOOM_CSIM_OPT=0 or 1 forces the level.
  int64_t vector_bytes = 0;
  for (const char* f : {"tb_data/tb_input_features.dat", "tb_data/tb_output_predictions.dat"}) {
    const auto size = fs::file_size(d / f, ec);
    if (!ec) vector_bytes += static_cast<int64_t>(size);
  }
  bool optimize = vector_bytes > (int64_t{4} << 20);
  if (const char* opt = std::getenv("LOOM_CSIM_OPT")) optimize = std::string(opt) == "1";
  const std::string flags =
      std::string("-std=c++11 -pedantic-errors ") +
      (optimize ? "-O1 -Wno-uninitialized -Wno-maybe-uninitialized " : "-O0 ") +
      "-Wall -Wextra -Werror -Wno-unknown-pragmas -Wno-free-nonheap-object "
      "-Wno-mismatched-new-delete -Wno-mismatched-dealloc";
  // ap_types parsed once (a precompiled header in the cache) instead of once per file.
  const std::string pch = PrecompiledApTypes(compiler, flags, ap_types_dir);
  // The threaded run: tb_threaded/hls_stream.h is found before ap_types' own (-I before
  // -isystem), and the top's LOOM_THREADED_DATAFLOW branch starts the processes as threads.
  const std::string threaded =
      options.threaded ? " -pthread -DLOOM_THREADED_DATAFLOW -Itb_threaded" : "";
  const std::string run_env =
      depths.empty() ? std::string() : "LOOM_CSIM_FIFO_DEPTHS=" + Quote(depths) + " ";
  const std::string compile =
      compiler + " " + flags + (pch.empty() ? std::string() : " -include " + Quote(pch)) +
      threaded + " -isystem " + Quote(ap_types_dir) + " -Ifirmware -Ifirmware/loom firmware/" +
      project + ".cpp " + project + "_test.cpp -o csim.out";
  // The program is kept with the command that built it (csim.out.cmd): a second run of the same
  // build (other depths for the threaded run, or the same check again) does not recompile, unless
  // a source is newer than the program.
  const bool reuse = UpToDate(d, project, compile);
  std::error_code rm;
  if (!reuse) fs::remove(d / "csim.out.cmd", rm);
  std::string cmd = "cd " + Quote(dir) + " && " + (reuse ? std::string() : compile + " 2>&1 && ") +
                    run_env + "./csim.out 2>&1";
  int status = 0;
  std::string output = Run(cmd, &status);
  if (!reuse && fs::exists(d / "csim.out", rm)) {
    std::ofstream(d / "csim.out.cmd") << compile;
  }
  if (status == -1) return Error("error: cannot run " + compiler);
  CsimResult r;
  r.output = output;
  if (options.threaded && output.find("csim: deadlock:") != std::string::npos) {
    r.deadlock = true;
    return r;
  }
  long samples = 0, values = 0, mismatches = 0;
  auto pos = output.rfind("csim: ");
  if (pos == std::string::npos ||
      std::sscanf(output.c_str() + pos, "csim: %ld samples, %ld values, %ld mismatches", &samples,
                  &values, &mismatches) != 3) {
    return Error(dir + ": error: C-simulation failed (status " + std::to_string(status) + "):\n" +
                 output);
  }
  // hls::stream reports a FIFO destroyed with beats in it: a process read fewer beats than its
  // producer wrote, which deadlocks the hardware once the FIFO fills.
  if (output.find("contains leftover data") != std::string::npos) {
    return Error(dir +
                 ": error: C-simulation left beats in a FIFO (a process reads fewer beats "
                 "than its producer writes; the hardware would stall):\n" +
                 output);
  }
  r.samples = samples;
  r.values = values;
  r.mismatches = mismatches;
  return r;
}

}  // namespace loom::hls
