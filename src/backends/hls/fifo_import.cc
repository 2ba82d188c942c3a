// loom fifo-import: the FIFO occupancies a Vitis HLS co-simulation profiled (build_prj.tcl
// fifo_profile=1), read back beside loom's own depths.
//
// Where Vitis HLS leaves them (the layout hls4ml 1.3's Vitis FIFO optimizer reads; loom has no
// vendor tool to produce one here): <project>_prj/solution1/.autopilot/db/channel_info.csv maps
// each channel's RTL instance (the stream's name + "_U") to a chan_status*.csv file kept in
// channel_depth_info/channel.zip (or already extracted beside it); the last line of that file is
// the most beats the channel held during the run.
#include <zip.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "loom/backends/hls.h"

namespace loom::hls {

namespace fs = std::filesystem;

namespace {

std::string ReadText(const fs::path& p, bool* ok) {
  std::ifstream in(p, std::ios::binary);
  *ok = static_cast<bool>(in);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string Trim(const std::string& s) {
  size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return s.substr(a, b - a);
}

bool EndsWith(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// The files of channel.zip by base name.
ErrorOr<std::map<std::string, std::string>> ReadZip(const fs::path& zip_path) {
  int err = 0;
  zip_t* z = zip_open(zip_path.string().c_str(), ZIP_RDONLY, &err);
  if (z == nullptr) {
    zip_error_t e;
    zip_error_init_with_code(&e, err);
    std::string why = zip_error_strerror(&e);
    zip_error_fini(&e);
    return Error(zip_path.string() + ": error: not a readable zip archive (" + why + ")");
  }
  std::map<std::string, std::string> files;
  const zip_int64_t n = zip_get_num_entries(z, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    if (zip_stat_index(z, static_cast<zip_uint64_t>(i), 0, &st) != 0 ||
        (st.valid & ZIP_STAT_SIZE) == 0 || (st.valid & ZIP_STAT_NAME) == 0) {
      continue;
    }
    if (st.size > (zip_uint64_t{64} << 20)) continue;  // a status file is a few lines
    zip_file_t* f = zip_fopen_index(z, static_cast<zip_uint64_t>(i), 0);
    if (f == nullptr) continue;
    std::string data(static_cast<size_t>(st.size), '\0');
    const zip_int64_t got = zip_fread(f, data.data(), st.size);
    zip_fclose(f);
    if (got < 0) continue;
    data.resize(static_cast<size_t>(got));
    files[fs::path(st.name).filename().string()] = std::move(data);
  }
  zip_close(z);
  return files;
}

// The last non-empty line of a channel status file as a count, or -1.
int64_t LastCount(const std::string& text) {
  std::istringstream in(text);
  std::string line, last;
  while (std::getline(in, line)) {
    if (!Trim(line).empty()) last = Trim(line);
  }
  // A line may hold several comma-separated fields: the count is the last one.
  const size_t comma = last.rfind(',');
  if (comma != std::string::npos) last = Trim(last.substr(comma + 1));
  if (last.empty() || last.size() > 18 ||
      !std::all_of(last.begin(), last.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return -1;
  }
  return std::stoll(last);
}

}  // namespace

ErrorOr<FifoProfile> ImportFifoProfile(const std::string& dir) {
  const fs::path d(dir);
  std::error_code ec;
  if (!fs::exists(d / ".loom-project", ec)) {
    return Error(dir + ": error: not a project written by loom convert (no .loom-project)");
  }
  bool ok = false;
  const std::string expected_text = ReadText(d / "loom_expected.json", &ok);
  if (!ok) return Error(dir + ": error: no loom_expected.json (re-run loom convert)");
  nlohmann::json expected = nlohmann::json::parse(expected_text, nullptr, false);
  if (expected.is_discarded() || !expected.is_object() || !expected.contains("project")) {
    return Error((d / "loom_expected.json").string() + ": error: not the JSON loom convert writes");
  }
  if (!expected.contains("fifos") || !expected["fifos"].is_array()) {
    return Error(dir + ": error: not an io_stream project (loom_expected.json lists no FIFOs); " +
                 "FIFO profiles exist only for IOType: io_stream");
  }
  const std::string project = expected["project"].get<std::string>();
  FifoProfile profile;
  std::map<std::string, size_t> index;
  for (const auto& f : expected["fifos"]) {
    ProfiledFifo p;
    p.name = f.value("name", "");
    p.width_bits = f.value("width_bits", int64_t{0});
    p.worst = f.value("worst", int64_t{0});
    p.optimized = f.value("optimized", int64_t{0});
    p.written = f.value("depth", int64_t{0});
    index[p.name] = profile.fifos.size();
    profile.fifos.push_back(p);
  }

  const fs::path db = d / (project + "_prj") / "solution1" / ".autopilot" / "db";
  const fs::path info_path = db / "channel_info.csv";
  const std::string info = ReadText(info_path, &ok);
  if (!ok) {
    return Error(info_path.string() +
                 ": error: no co-simulation FIFO profile here; run the vendor tool first: "
                 "vitis_hls -f build_prj.tcl \"reset=1 csim=0 synth=1 cosim=1 fifo_profile=1\"");
  }
  profile.source = info_path.string();
  const fs::path status_dir = db / "channel_depth_info";
  std::map<std::string, std::string> zipped;
  if (fs::exists(status_dir / "channel.zip", ec)) {
    auto z = ReadZip(status_dir / "channel.zip");
    if (!z.ok()) return z.error();
    zipped = std::move(z.value());
  }
  std::vector<std::string> problems;
  std::istringstream lines(info);
  std::string line;
  int line_no = 0;
  while (std::getline(lines, line)) {
    ++line_no;
    if (Trim(line).empty()) continue;
    std::vector<std::string> fields;
    std::stringstream ls(line);
    std::string field;
    while (std::getline(ls, field, ',')) fields.push_back(Trim(field));
    std::string channel, file;
    for (const std::string& f : fields) {
      if (channel.empty() && EndsWith(f, "_U")) channel = f.substr(0, f.size() - 2);
      if (file.empty() && EndsWith(f, ".csv")) file = fs::path(f).filename().string();
    }
    if (channel.empty() || file.empty()) continue;  // a header or another kind of record
    std::string status;
    if (auto it = zipped.find(file); it != zipped.end()) {
      status = it->second;
    } else {
      status = ReadText(status_dir / file, &ok);
      if (!ok) {
        problems.push_back(info_path.string() + ":" + std::to_string(line_no) + ": channel " +
                           channel + ": its status file " + file + " is in neither " +
                           (status_dir / "channel.zip").string() + " nor that directory");
        continue;
      }
    }
    const int64_t count = LastCount(status);
    if (count < 0) {
      problems.push_back(file + " (channel " + channel +
                         "): error: its last line is not a count of beats");
      continue;
    }
    auto it = index.find(channel);
    if (it == index.end()) {
      profile.unknown.push_back(channel + " (" + std::to_string(count) + ")");
      continue;
    }
    int64_t& seen = profile.fifos[it->second].profiled;
    seen = std::max(seen, count);
  }
  if (!problems.empty()) {
    std::string all;
    for (const std::string& p : problems) all += (all.empty() ? "" : "\n") + p;
    return Error(all);
  }
  return profile;
}

ErrorOr<int> ApplyFifoDepths(const std::string& dir, const std::map<std::string, int64_t>& depths) {
  const fs::path d(dir);
  bool ok = false;
  nlohmann::json expected =
      nlohmann::json::parse(ReadText(d / "loom_expected.json", &ok), nullptr, false);
  if (!ok || expected.is_discarded() || !expected.contains("project")) {
    return Error(dir + ": error: no loom_expected.json written by loom convert");
  }
  const fs::path top = d / "firmware" / (expected["project"].get<std::string>() + ".cpp");
  std::string text = ReadText(top, &ok);
  if (!ok) return Error(top.string() + ": error: cannot read the top function");
  int changed = 0;
  // The number after `prefix` (every occurrence) becomes `depth`; whether any did.
  auto replace = [&text](const std::string& prefix, int64_t depth) {
    bool any = false;
    for (size_t at = text.find(prefix); at != std::string::npos;
         at = text.find(prefix, at + prefix.size())) {
      const size_t from = at + prefix.size();
      size_t to = from;
      while (to < text.size() && text[to] >= '0' && text[to] <= '9') ++to;
      if (to == from) continue;
      text.replace(from, to - from, std::to_string(depth));
      any = true;
    }
    return any;
  };
  for (const auto& [name, depth] : depths) {
    // The STREAM pragma and the threaded check's depth of the same FIFO.
    const bool a = replace("#pragma HLS STREAM variable = " + name + " depth = ", depth);
    const bool b = replace("loom_threaded::set_depth(" + name + ", ", depth);
    changed += a || b;
  }
  std::ofstream out(top, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) return Error(top.string() + ": error: cannot write the top function");
  return changed;
}

}  // namespace loom::hls
