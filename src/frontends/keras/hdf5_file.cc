#include "frontends/keras/hdf5_file.h"

#include <dlfcn.h>
#include <hdf5.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LOOM_SANITIZED 1
#endif
#endif

namespace loom::frontends::keras_import {
namespace {

// Largest dataset read (elements), and most objects and bytes read from one file: far above any
// Keras model an FPGA holds, and small enough that a damaged file cannot exhaust memory.
constexpr hsize_t kMaxElements = hsize_t{1} << 28;
constexpr size_t kMaxObjects = 1 << 16;
constexpr size_t kMaxBytes = size_t{1} << 31;
constexpr int kMaxDepth = 32;
// The reading child's limits: time (libhdf5 can loop forever on a damaged file) and memory.
constexpr unsigned kMaxSeconds = 30;
constexpr rlim_t kMaxChildMemory = rlim_t{16} << 30;

// --- libhdf5, opened only in the reading child. ---
// Linking libhdf5 made every `loom` command load it and the 30 libraries it needs (libcurl with
// gnutls, Kerberos, LDAP): 6 of the 7.5 ms `loom --version` took. The header gives the types and
// constants; the functions and the three global type ids are looked up when a file is read.
// clang-format off
#define LOOM_H5_FUNCTIONS(X) \
  X(H5open) X(H5Idec_ref) X(H5Aget_type) X(H5Aget_space) X(H5Aread) X(H5Aget_name) \
  X(H5Aopen_by_idx) X(H5Sget_simple_extent_ndims) X(H5Sget_simple_extent_npoints) \
  X(H5Sget_simple_extent_dims) X(H5Tget_class) X(H5Tis_variable_str) X(H5Tcopy) \
  X(H5Tset_size) X(H5Tset_cset) X(H5Tget_cset) X(H5Tget_size) X(H5Tset_strpad) \
  X(H5Oget_info) X(H5Oget_info_by_name) X(H5Oopen) X(H5Dopen2) X(H5Dget_space) \
  X(H5Dget_type) X(H5Dread) X(H5Gget_info) X(H5Lget_name_by_idx) X(H5Eset_auto2) \
  X(H5Pcreate) X(H5Pset_fapl_core) X(H5Pset_file_image) X(H5Fopen) X(H5Fis_hdf5)
#define LOOM_H5_GLOBALS(X) X(H5T_C_S1_g) X(H5T_NATIVE_FLOAT_g) X(H5P_CLS_FILE_ACCESS_ID_g)
// clang-format on

struct Hdf5Api {
#define LOOM_H5_FIELD(f) decltype(&::f) f = nullptr;
  LOOM_H5_FUNCTIONS(LOOM_H5_FIELD)
#undef LOOM_H5_FIELD
#define LOOM_H5_GLOBAL_FIELD(g) const hid_t* g = nullptr;
  LOOM_H5_GLOBALS(LOOM_H5_GLOBAL_FIELD)
#undef LOOM_H5_GLOBAL_FIELD
};

Hdf5Api h5_api;

// Opens libhdf5 (the build's, LOOM_HDF5_SONAME, or the environment's LOOM_HDF5_LIBRARY) and
// finds every symbol; false with the reason.
bool LoadHdf5(std::string* why) {
  const char* name = std::getenv("LOOM_HDF5_LIBRARY");
  if (name == nullptr || *name == '\0') name = LOOM_HDF5_SONAME;
  void* lib = dlopen(name, RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) {
    *why = dlerror();
    return false;
  }
  bool ok = true;
  auto find = [&](const char* sym_name) {
    void* sym = dlsym(lib, sym_name);
    if (sym == nullptr && ok) {
      *why = std::string(name) + " has no symbol " + sym_name;
      ok = false;
    }
    return sym;
  };
#define LOOM_H5_LOOKUP(f) h5_api.f = reinterpret_cast<decltype(h5_api.f)>(find(#f));
  LOOM_H5_FUNCTIONS(LOOM_H5_LOOKUP)
#undef LOOM_H5_LOOKUP
#define LOOM_H5_GLOBAL_LOOKUP(g) h5_api.g = static_cast<const hid_t*>(find(#g));
  LOOM_H5_GLOBALS(LOOM_H5_GLOBAL_LOOKUP)
#undef LOOM_H5_GLOBAL_LOOKUP
  // H5open sets the global type ids read above.
  if (ok && h5_api.H5open() < 0) {
    *why = "H5open failed";
    ok = false;
  }
  return ok;
}

// Below, every libhdf5 name is the looked-up one.
#define LOOM_H5_REDIRECT(f) h5_api.f
#define H5Idec_ref LOOM_H5_REDIRECT(H5Idec_ref)
#define H5Aget_type LOOM_H5_REDIRECT(H5Aget_type)
#define H5Aget_space LOOM_H5_REDIRECT(H5Aget_space)
#define H5Aread LOOM_H5_REDIRECT(H5Aread)
#define H5Aget_name LOOM_H5_REDIRECT(H5Aget_name)
#define H5Aopen_by_idx LOOM_H5_REDIRECT(H5Aopen_by_idx)
#define H5Sget_simple_extent_ndims LOOM_H5_REDIRECT(H5Sget_simple_extent_ndims)
#define H5Sget_simple_extent_npoints LOOM_H5_REDIRECT(H5Sget_simple_extent_npoints)
#define H5Sget_simple_extent_dims LOOM_H5_REDIRECT(H5Sget_simple_extent_dims)
#define H5Tget_class LOOM_H5_REDIRECT(H5Tget_class)
#define H5Tis_variable_str LOOM_H5_REDIRECT(H5Tis_variable_str)
#define H5Tcopy LOOM_H5_REDIRECT(H5Tcopy)
#define H5Tset_size LOOM_H5_REDIRECT(H5Tset_size)
#define H5Tset_cset LOOM_H5_REDIRECT(H5Tset_cset)
#define H5Tget_cset LOOM_H5_REDIRECT(H5Tget_cset)
#define H5Tget_size LOOM_H5_REDIRECT(H5Tget_size)
#define H5Tset_strpad LOOM_H5_REDIRECT(H5Tset_strpad)
#define H5Oget_info LOOM_H5_REDIRECT(H5Oget_info)
#define H5Oget_info_by_name LOOM_H5_REDIRECT(H5Oget_info_by_name)
#define H5Oopen LOOM_H5_REDIRECT(H5Oopen)
#define H5Dopen2 LOOM_H5_REDIRECT(H5Dopen2)
#define H5Dget_space LOOM_H5_REDIRECT(H5Dget_space)
#define H5Dget_type LOOM_H5_REDIRECT(H5Dget_type)
#define H5Dread LOOM_H5_REDIRECT(H5Dread)
#define H5Gget_info LOOM_H5_REDIRECT(H5Gget_info)
#define H5Lget_name_by_idx LOOM_H5_REDIRECT(H5Lget_name_by_idx)
#define H5Eset_auto2 LOOM_H5_REDIRECT(H5Eset_auto2)
#define H5Pcreate LOOM_H5_REDIRECT(H5Pcreate)
#define H5Pset_fapl_core LOOM_H5_REDIRECT(H5Pset_fapl_core)
#define H5Pset_file_image LOOM_H5_REDIRECT(H5Pset_file_image)
#define H5Fopen LOOM_H5_REDIRECT(H5Fopen)
#define H5Fis_hdf5 LOOM_H5_REDIRECT(H5Fis_hdf5)
// The header's constants call H5open() and H5check_version() first; LoadHdf5 calls H5open().
#undef H5OPEN
#define H5OPEN
#undef H5CHECK
#define H5CHECK
#undef H5T_C_S1
#define H5T_C_S1 (*h5_api.H5T_C_S1_g)
#undef H5T_NATIVE_FLOAT
#define H5T_NATIVE_FLOAT (*h5_api.H5T_NATIVE_FLOAT_g)
#undef H5P_FILE_ACCESS
#define H5P_FILE_ACCESS (*h5_api.H5P_CLS_FILE_ACCESS_ID_g)

// Closes an HDF5 handle of any kind when it goes out of scope.
class Handle {
 public:
  explicit Handle(hid_t id) : id_(id) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() {
    if (id_ >= 0) H5Idec_ref(id_);
  }
  hid_t get() const { return id_; }
  bool ok() const { return id_ >= 0; }

 private:
  hid_t id_;
};

// --- The child: reads the file and serializes it. ---

// Length-prefixed records: the child writes them, the parent reads them back.
class Writer {
 public:
  void U64(uint64_t v) { out.append(reinterpret_cast<const char*>(&v), sizeof(v)); }
  void Str(const std::string& s) {
    U64(s.size());
    out += s;
  }
  std::string out;
};

// An attribute's strings (scalar or one-dimensional, fixed or variable length); false when it
// is not text (h5py writes an empty list as an empty float array: that counts as no strings).
bool ReadStrings(hid_t attr, std::vector<std::string>* out) {
  Handle type(H5Aget_type(attr));
  Handle space(H5Aget_space(attr));
  if (!type.ok() || !space.ok()) return false;
  int rank = H5Sget_simple_extent_ndims(space.get());
  hssize_t count = H5Sget_simple_extent_npoints(space.get());
  if (rank < 0 || rank > 1 || count < 0 || static_cast<hsize_t>(count) > kMaxElements) {
    return false;
  }
  if (H5Tget_class(type.get()) != H5T_STRING) return count == 0;
  if (H5Tis_variable_str(type.get()) > 0) {
    Handle mem(H5Tcopy(H5T_C_S1));
    H5Tset_size(mem.get(), H5T_VARIABLE);
    H5Tset_cset(mem.get(), H5Tget_cset(type.get()));
    std::vector<char*> ptrs(static_cast<size_t>(count), nullptr);
    if (count > 0 && H5Aread(attr, mem.get(), ptrs.data()) < 0) return false;
    for (char* p : ptrs) out->emplace_back(p ? p : "");
    return true;  // the child exits: no need to reclaim
  }
  size_t size = H5Tget_size(type.get());
  if (size == 0 || size > (size_t{1} << 24)) return false;
  std::vector<char> buf(size * static_cast<size_t>(count) + 1, '\0');
  Handle mem(H5Tcopy(H5T_C_S1));
  H5Tset_size(mem.get(), size);
  H5Tset_strpad(mem.get(), H5T_STR_NULLPAD);
  if (count > 0 && H5Aread(attr, mem.get(), buf.data()) < 0) return false;
  for (hssize_t i = 0; i < count; ++i) {
    const char* p = buf.data() + static_cast<size_t>(i) * size;
    out->emplace_back(p, strnlen(p, size));
  }
  return true;
}

struct Walk {
  hid_t file;
  Writer w;
  size_t objects = 0;
  size_t bytes = 0;
  bool truncated = false;
};

void WriteAttributes(Walk& walk, hid_t obj) {
  H5O_info_t info;
  if (H5Oget_info(obj, &info) < 0) {
    walk.w.U64(0);
    return;
  }
  hsize_t n = std::min<hsize_t>(info.num_attrs, 4096);
  walk.w.U64(n);
  for (hsize_t i = 0; i < n; ++i) {
    Handle a(H5Aopen_by_idx(obj, ".", H5_INDEX_NAME, H5_ITER_INC, i, H5P_DEFAULT, H5P_DEFAULT));
    std::string name;
    if (a.ok()) {
      ssize_t len = H5Aget_name(a.get(), 0, nullptr);
      if (len > 0 && len < (1 << 16)) {
        name.resize(static_cast<size_t>(len) + 1);
        H5Aget_name(a.get(), name.size(), name.data());
        name.resize(static_cast<size_t>(len));
      }
    }
    std::vector<std::string> text;
    bool is_text = a.ok() && ReadStrings(a.get(), &text);
    walk.w.Str(name);
    walk.w.U64(is_text ? 1 : 0);
    if (is_text) {
      walk.w.U64(text.size());
      for (const std::string& t : text) walk.w.Str(t);
    }
  }
}

void WriteDataset(Walk& walk, const std::string& path) {
  Handle d(H5Dopen2(walk.file, path.c_str(), H5P_DEFAULT));
  Handle space(d.ok() ? H5Dget_space(d.get()) : -1);
  Handle type(d.ok() ? H5Dget_type(d.get()) : -1);
  std::string problem;
  std::vector<hsize_t> dims;
  if (!d.ok() || !space.ok() || !type.ok()) {
    problem = "cannot be read";
  } else if (H5Tget_class(type.get()) != H5T_FLOAT && H5Tget_class(type.get()) != H5T_INTEGER) {
    problem = "is not numeric";
  } else {
    int rank = H5Sget_simple_extent_ndims(space.get());
    if (rank < 0 || rank > 8) {
      problem = "has an unreadable shape";
    } else {
      dims.resize(static_cast<size_t>(rank));
      H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
    }
  }
  hsize_t total = 1;
  for (hsize_t v : dims) {
    if (v > kMaxElements || (v != 0 && total > kMaxElements / v)) {
      problem = "is too large";
      break;
    }
    total *= v;
  }
  if (problem.empty() && walk.bytes + total * 4 > kMaxBytes) problem = "is too large";
  std::vector<float> data;
  if (problem.empty()) {
    data.resize(total);
    if (total > 0 &&
        H5Dread(d.get(), H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()) < 0) {
      problem = "cannot be read";
    }
  }
  walk.w.Str(problem);
  if (!problem.empty()) return;
  walk.bytes += total * 4;
  walk.w.U64(dims.size());
  for (hsize_t v : dims) walk.w.U64(v);
  walk.w.out.append(reinterpret_cast<const char*>(data.data()), data.size() * sizeof(float));
}

// Record: path, kind (1 group, 2 dataset, 0 other), attributes, then the dataset's contents.
void WriteObject(Walk& walk, const std::string& path, int depth) {
  if (++walk.objects > kMaxObjects || depth > kMaxDepth) {
    walk.truncated = true;
    return;
  }
  H5O_info_t info;
  int kind = 0;
  if (H5Oget_info_by_name(walk.file, path.c_str(), &info, H5P_DEFAULT) >= 0) {
    kind = info.type == H5O_TYPE_GROUP ? 1 : info.type == H5O_TYPE_DATASET ? 2 : 0;
  }
  walk.w.Str(path);
  walk.w.U64(static_cast<uint64_t>(kind));
  Handle obj(kind != 0 ? H5Oopen(walk.file, path.c_str(), H5P_DEFAULT) : -1);
  if (obj.ok()) {
    WriteAttributes(walk, obj.get());
  } else {
    walk.w.U64(0);
  }
  if (kind == 2) WriteDataset(walk, path);
  if (kind != 1 || !obj.ok()) return;
  H5G_info_t g;
  if (H5Gget_info(obj.get(), &g) < 0) return;
  std::vector<std::string> names;
  for (hsize_t i = 0; i < g.nlinks && i < kMaxObjects; ++i) {
    ssize_t n =
        H5Lget_name_by_idx(obj.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (n <= 0 || n > (1 << 16)) continue;
    std::string name(static_cast<size_t>(n) + 1, '\0');
    H5Lget_name_by_idx(obj.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(), name.size(),
                       H5P_DEFAULT);
    name.resize(static_cast<size_t>(n));
    if (name.find('/') == std::string::npos) names.push_back(name);
  }
  for (const std::string& name : names) {
    WriteObject(walk, (path == "/" ? "" : path) + "/" + name, depth + 1);
  }
}

// Opens the file (on disk, or an in-memory image) and serializes all of it; runs in the child.
int ReadAll(const std::string& display_name, const std::string* image, std::string* out) {
  if (!LoadHdf5(out)) return 8;  // *out: why
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  hid_t file = -1;
  if (image) {
    Handle fapl(H5Pcreate(H5P_FILE_ACCESS));
    if (!fapl.ok() || H5Pset_fapl_core(fapl.get(), 1 << 16, 0) < 0 ||
        H5Pset_file_image(fapl.get(), const_cast<char*>(image->data()), image->size()) < 0) {
      return 3;
    }
    file = H5Fopen(display_name.c_str(), H5F_ACC_RDONLY, fapl.get());
  } else {
    if (H5Fis_hdf5(display_name.c_str()) <= 0) return 4;
    file = H5Fopen(display_name.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  }
  if (file < 0) return 5;
  Walk walk{file, {}, 0, 0, false};
  WriteObject(walk, "/", 0);
  *out = std::move(walk.w.out);
  return walk.truncated ? 6 : 0;
}

// --- The parent: reads the records back. ---
class Reader {
 public:
  explicit Reader(const std::string& s) : s_(s) {}
  bool U64(uint64_t* v) {
    if (s_.size() - at_ < sizeof(*v)) return false;
    std::memcpy(v, s_.data() + at_, sizeof(*v));
    at_ += sizeof(*v);
    return true;
  }
  bool Str(std::string* v) {
    uint64_t n = 0;
    if (!U64(&n) || n > s_.size() - at_) return false;
    v->assign(s_.data() + at_, n);
    at_ += n;
    return true;
  }
  bool Floats(std::vector<float>* v, uint64_t n) {
    if (n > (s_.size() - at_) / sizeof(float)) return false;
    v->resize(n);
    std::memcpy(v->data(), s_.data() + at_, n * sizeof(float));
    at_ += n * sizeof(float);
    return true;
  }
  bool done() const { return at_ == s_.size(); }

 private:
  const std::string& s_;
  size_t at_ = 0;
};

bool ReadObject(Reader& r, std::map<std::string, Hdf5File::Object>* objects) {
  std::string path;
  uint64_t kind = 0, nattrs = 0;
  if (!r.Str(&path) || !r.U64(&kind) || !r.U64(&nattrs)) return false;
  Hdf5File::Object& o = (*objects)[path];
  o.is_group = kind == 1;
  for (uint64_t i = 0; i < nattrs; ++i) {
    std::string name;
    uint64_t is_text = 0;
    if (!r.Str(&name) || !r.U64(&is_text)) return false;
    o.attrs.insert(name);
    if (!is_text) continue;
    uint64_t count = 0;
    if (!r.U64(&count)) return false;
    std::vector<std::string>& text = o.text_attrs[name];
    for (uint64_t k = 0; k < count; ++k) {
      std::string t;
      if (!r.Str(&t)) return false;
      text.push_back(std::move(t));
    }
  }
  if (kind != 2) return true;
  if (!r.Str(&o.problem)) return false;
  if (!o.problem.empty()) return true;
  uint64_t rank = 0, total = 1;
  if (!r.U64(&rank) || rank > 8) return false;
  for (uint64_t i = 0; i < rank; ++i) {
    uint64_t d = 0;
    if (!r.U64(&d)) return false;
    o.tensor.shape.push_back(static_cast<int64_t>(d));
    total *= d;
  }
  o.numeric = true;
  return r.Floats(&o.tensor.data, total);
}

// Splits "/a/b/c" into its components and joins them back as "/a/b/c" ("/" for the root).
std::string Normalize(const std::string& path) {
  std::string out, cur;
  for (char c : path + "/") {
    if (c == '/') {
      if (!cur.empty()) out += "/" + cur;
      cur.clear();
    } else {
      cur += c;
    }
  }
  return out.empty() ? "/" : out;
}

}  // namespace

ErrorOr<Hdf5File> Hdf5File::Snapshot(const std::string& display_name, const std::string* image) {
  int fds[2];
  if (pipe(fds) != 0) return Error(display_name + ": error: cannot create a pipe");
  std::fflush(nullptr);
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return Error(display_name + ": error: cannot fork to read the HDF5 file");
  }
  if (pid == 0) {
    close(fds[0]);
    // libhdf5 may also loop forever or allocate without bound on a damaged file.
    alarm(kMaxSeconds);
#if !defined(__SANITIZE_ADDRESS__) && !defined(LOOM_SANITIZED)
    // (Not under AddressSanitizer, whose shadow memory already exceeds any such limit.)
    rlimit limit{kMaxChildMemory, kMaxChildMemory};
    setrlimit(RLIMIT_AS, &limit);
#endif
    std::string data;
    int status = ReadAll(display_name, image, &data);
    for (size_t done = 0; done < data.size();) {
      ssize_t w = write(fds[1], data.data() + done, data.size() - done);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) _exit(7);
      done += static_cast<size_t>(w);
    }
    _exit(status);
  }
  close(fds[1]);
  std::string data;
  std::vector<char> buf(1 << 16);
  for (;;) {
    ssize_t r = read(fds[0], buf.data(), buf.size());
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    data.append(buf.data(), static_cast<size_t>(r));
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  const std::string& n = display_name;
  if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM) {
    return Error(n + ": error: the HDF5 file is damaged (reading it did not finish in " +
                 std::to_string(kMaxSeconds) + " s)");
  }
  if (WIFSIGNALED(status)) {
    return Error(n + ": error: the HDF5 file is damaged (the HDF5 library crashed reading it)");
  }
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
  if (code == 8) {
    return Error(n + ": error: cannot load the HDF5 library (" + data +
                 "); scripts/setup.sh installs it (Debian: libhdf5-dev)");
  }
  if (code == 4) return Error(n + ": error: not an HDF5 file (Keras weights and models are HDF5)");
  if (code == 5) return Error(n + ": error: not an HDF5 file, or a damaged one");
  if (code == 6) return Error(n + ": error: the HDF5 file holds too many or too deep objects");
  if (code != 0) return Error(n + ": error: the HDF5 file cannot be read");
  Hdf5File f;
  f.name_ = display_name;
  Reader r(data);
  while (!r.done()) {
    if (!ReadObject(r, &f.objects_)) {
      return Error(n + ": error: the HDF5 file cannot be read (a truncated transfer)");
    }
  }
  return f;
}

ErrorOr<Hdf5File> Hdf5File::Open(const std::string& path) { return Snapshot(path, nullptr); }

ErrorOr<Hdf5File> Hdf5File::OpenImage(const std::string& bytes, const std::string& display_name) {
  return Snapshot(display_name, &bytes);
}

const Hdf5File::Object* Hdf5File::Find(const std::string& path) const {
  auto it = objects_.find(Normalize(path));
  return it == objects_.end() ? nullptr : &it->second;
}

bool Hdf5File::Exists(const std::string& path) const { return Find(path) != nullptr; }

bool Hdf5File::IsGroup(const std::string& path) const {
  const Object* o = Find(path);
  return o && o->is_group;
}

std::vector<std::string> Hdf5File::Children(const std::string& group) const {
  std::vector<std::string> out;
  std::string g = Normalize(group);
  if (!IsGroup(g)) return out;
  std::string prefix = g == "/" ? "/" : g + "/";
  for (auto it = objects_.lower_bound(prefix); it != objects_.end(); ++it) {
    const std::string& p = it->first;
    if (p.compare(0, prefix.size(), prefix) != 0) break;
    std::string rest = p.substr(prefix.size());
    if (!rest.empty() && rest.find('/') == std::string::npos) out.push_back(rest);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> Hdf5File::Datasets(const std::string& group, int depth) const {
  std::vector<std::string> out;
  std::string g = Normalize(group);
  for (const std::string& child : Children(g)) {
    std::string path = (g == "/" ? "" : g) + "/" + child;
    if (IsGroup(path)) {
      if (depth <= 0) continue;
      for (const std::string& d : Datasets(path, depth - 1)) out.push_back(child + "/" + d);
    } else {
      out.push_back(child);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool Hdf5File::HasAttr(const std::string& object, const std::string& attr) const {
  const Object* o = Find(object);
  return o && o->attrs.count(attr) != 0;
}

ErrorOr<std::vector<std::string>> Hdf5File::StringsAttr(const std::string& object,
                                                        const std::string& attr) const {
  std::string what = "attribute '" + attr + "' of '" + Normalize(object) + "'";
  const Object* o = Find(object);
  if (!o || !o->attrs.count(attr)) return Error(what + " is missing");
  auto it = o->text_attrs.find(attr);
  if (it == o->text_attrs.end()) return Error(what + " is not text");
  return it->second;
}

ErrorOr<std::string> Hdf5File::StringAttr(const std::string& object,
                                          const std::string& attr) const {
  ErrorOr<std::vector<std::string>> s = StringsAttr(object, attr);
  if (!s.ok()) return s.error();
  if (s.value().size() != 1) {
    return Error("attribute '" + attr + "' of '" + Normalize(object) + "' is not one string");
  }
  return s.value()[0];
}

ErrorOr<ir::Tensor> Hdf5File::ReadTensor(const std::string& path) const {
  const Object* o = Find(path);
  if (!o) return Error("dataset '" + path + "' is missing");
  if (o->is_group) return Error("'" + path + "' is not a dataset");
  if (!o->problem.empty()) return Error("dataset '" + path + "' " + o->problem);
  if (!o->numeric) return Error("dataset '" + path + "' cannot be read");
  return o->tensor;
}

}  // namespace loom::frontends::keras_import
