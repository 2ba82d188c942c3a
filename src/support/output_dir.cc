// Safe writes of generated files into a user's directory (see the header for the rules).
#include "loom/support/output_dir.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

namespace loom {
namespace {

namespace fs = std::filesystem;

constexpr const char* kMarkerHeader = "written by loom; loom may replace the files listed below";

// The files an earlier run listed in its marker (an old marker without a list names none).
std::set<std::string> ReadMarker(const fs::path& marker) {
  std::set<std::string> listed;
  std::ifstream in(marker);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("file ", 0) == 0) listed.insert(line.substr(5));
  }
  return listed;
}

std::string MarkerText(const std::map<std::string, std::string>& files) {
  std::ostringstream os;
  os << kMarkerHeader << "\n";
  for (const auto& [name, text] : files) os << "file " << name << "\n";
  return os.str();
}

bool SafeRelative(const std::string& name) {
  fs::path p(name);
  if (p.empty() || p.is_absolute()) return false;
  for (const fs::path& part : p) {
    if (part == ".." || part == ".") return false;
  }
  return true;
}

// Removes `p`'s parent folders inside `root` while they are empty.
void PruneEmptyParents(const fs::path& root, fs::path p) {
  std::error_code ec;
  for (p = p.parent_path(); !p.empty() && p != root && p.string().size() > root.string().size();
       p = p.parent_path()) {
    if (!fs::is_directory(p, ec) || !fs::is_empty(p, ec)) break;
    fs::remove(p, ec);
  }
}

}  // namespace

ErrorOr<bool> WriteOutputDir(const std::string& user_dir,
                             const std::map<std::string, std::string>& files, bool force) {
  if (user_dir.empty()) return Error("error: no output directory given");
  const std::string label = user_dir;
  std::error_code ec;
  for (const auto& [name, text] : files) {
    if (!SafeRelative(name) || name == kOutputMarker) {
      return Error(label + ": internal error: generated file name '" + name + "'");
    }
  }
  // "prj/", "." and "a/b/.." all name a directory: drop the trailing separator or dot.
  fs::path dir = fs::path(user_dir).lexically_normal();
  if (!dir.has_filename()) dir = dir.parent_path();
  if (dir.empty()) dir = ".";

  const fs::file_status st = fs::status(dir, ec);  // follows symlinks
  bool exists = fs::exists(st);
  if (!exists && fs::is_symlink(fs::symlink_status(dir, ec))) {
    return Error(label +
                 ": error: a symbolic link to a missing directory; remove it or choose "
                 "another directory");
  }
  if (exists && !fs::is_directory(st)) {
    return Error(label + ": error: exists and is not a directory; choose another path");
  }
  const fs::path marker = dir / kOutputMarker;
  const bool ours = exists && fs::exists(marker, ec);
  const std::set<std::string> listed = ours ? ReadMarker(marker) : std::set<std::string>{};
  const bool legacy_marker = ours && listed.empty();  // a marker written before it listed files
  if (exists && !ours && !fs::is_empty(dir, ec) && !force) {
    return Error(label +
                 ": error: the directory exists and was not written by loom; choose another "
                 "directory or pass --force to write loom's files into it (other files are kept)");
  }
  // A file of the user's where loom would write: never replaced.
  std::vector<std::string> clashes;
  if (exists) {
    for (const auto& [name, text] : files) {
      fs::path target = dir / name;
      if (!fs::exists(fs::symlink_status(target, ec))) continue;
      const bool loom_file = listed.count(name) || legacy_marker;
      if (!loom_file || fs::is_directory(fs::symlink_status(target, ec))) clashes.push_back(name);
    }
  }
  if (!clashes.empty()) {
    std::string list;
    for (size_t i = 0; i < clashes.size() && i < 8; ++i) list += (i ? ", " : "") + clashes[i];
    if (clashes.size() > 8) list += ", ... (" + std::to_string(clashes.size()) + " in all)";
    return Error(label + ": error: would replace files loom did not write: " + list +
                 "; move them away or choose another directory");
  }

  bool created = false;
  if (!exists) {
    fs::create_directories(dir, ec);
    if (ec) return Error(label + ": error: cannot create the directory: " + ec.message());
    created = true;
  }
  const fs::path tmp = dir / ".loom-tmp";
  auto fail = [&](const std::string& message) -> ErrorOr<bool> {
    std::error_code ignored;
    fs::remove_all(tmp, ignored);
    if (created) fs::remove_all(dir, ignored);
    return Error(label + ": error: " + message);
  };
  fs::remove_all(tmp, ec);
  for (const auto& [name, text] : files) {
    fs::path path = tmp / name;
    fs::create_directories(path.parent_path(), ec);
    std::ofstream out(path, std::ios::binary);
    out << text;
    out.close();
    if (!out) return fail("cannot write " + name + " (is the disk full or the path read-only?)");
  }
  {
    std::ofstream out(tmp / kOutputMarker, std::ios::binary);
    out << MarkerText(files);
    out.close();
    if (!out) return fail("cannot write " + std::string(kOutputMarker));
  }
  // Every file is written: remove the earlier run's files that this run does not write, then
  // move the new ones into place (each rename replaces one of loom's own files atomically).
  for (const std::string& old : listed) {
    if (files.count(old) || !SafeRelative(old)) continue;
    fs::path p = dir / old;
    if (fs::is_regular_file(fs::symlink_status(p, ec))) {
      fs::remove(p, ec);
      PruneEmptyParents(dir, p);
    }
  }
  for (const auto& [name, text] : files) {
    fs::path target = dir / name;
    fs::create_directories(target.parent_path(), ec);
    fs::rename(tmp / name, target, ec);
    if (ec) return fail("cannot move " + name + " into place: " + ec.message());
  }
  fs::rename(tmp / kOutputMarker, marker, ec);
  if (ec) return fail("cannot write " + std::string(kOutputMarker) + ": " + ec.message());
  fs::remove_all(tmp, ec);
  return true;
}

}  // namespace loom
