#include "frontends/keras/hdf5_file.h"

#include <hdf5.h>

#include <algorithm>
#include <cstring>
#include <mutex>

namespace loom::frontends::keras_import {
namespace {

// Largest dataset read (elements): far above any FPGA model's layer.
constexpr hsize_t kMaxElements = hsize_t{1} << 28;

void Quiet() {
  static std::once_flag once;
  std::call_once(once, [] { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); });
}

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

// Splits "/a/b/c" into its components.
std::vector<std::string> Components(const std::string& path) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : path) {
    if (c == '/') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

// Reads an attribute's strings (scalar or one-dimensional, fixed or variable length).
ErrorOr<std::vector<std::string>> ReadStrings(hid_t attr, const std::string& what) {
  Handle type(H5Aget_type(attr));
  Handle space(H5Aget_space(attr));
  if (!type.ok() || !space.ok()) return Error(what + " cannot be read");
  int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0 || rank > 1) return Error(what + " is not a list of strings");
  hssize_t count = H5Sget_simple_extent_npoints(space.get());
  if (count < 0 || static_cast<hsize_t>(count) > kMaxElements) return Error(what + " is too large");
  H5T_class_t cls = H5Tget_class(type.get());
  if (cls != H5T_STRING) {
    // h5py writes an empty list as an empty float array.
    if (count == 0) return std::vector<std::string>{};
    return Error(what + " is not text");
  }
  std::vector<std::string> out;
  if (H5Tis_variable_str(type.get()) > 0) {
    Handle mem(H5Tcopy(H5T_C_S1));
    H5Tset_size(mem.get(), H5T_VARIABLE);
    H5Tset_cset(mem.get(), H5Tget_cset(type.get()));
    std::vector<char*> ptrs(static_cast<size_t>(count), nullptr);
    if (count > 0 && H5Aread(attr, mem.get(), ptrs.data()) < 0) {
      return Error(what + " cannot be read");
    }
    for (char* p : ptrs) out.emplace_back(p ? p : "");
    if (count > 0) H5Dvlen_reclaim(mem.get(), space.get(), H5P_DEFAULT, ptrs.data());
    return out;
  }
  size_t size = H5Tget_size(type.get());
  if (size == 0 || size > (size_t{1} << 24)) return Error(what + " has a bad string size");
  std::vector<char> buf(size * static_cast<size_t>(count) + 1, '\0');
  Handle mem(H5Tcopy(H5T_C_S1));
  H5Tset_size(mem.get(), size);
  H5Tset_strpad(mem.get(), H5T_STR_NULLPAD);
  if (count > 0 && H5Aread(attr, mem.get(), buf.data()) < 0) return Error(what + " cannot be read");
  for (hssize_t i = 0; i < count; ++i) {
    const char* p = buf.data() + static_cast<size_t>(i) * size;
    out.emplace_back(p, strnlen(p, size));
  }
  return out;
}

}  // namespace

ErrorOr<Hdf5File> Hdf5File::Open(const std::string& path) {
  Quiet();
  if (H5Fis_hdf5(path.c_str()) <= 0) {
    return Error(path + ": error: not an HDF5 file (Keras weights and full models are HDF5)");
  }
  Hdf5File f;
  f.name_ = path;
  f.file_ = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f.file_ < 0) return Error(path + ": error: the HDF5 file cannot be opened");
  return f;
}

ErrorOr<Hdf5File> Hdf5File::OpenImage(const std::string& bytes, const std::string& display_name) {
  Quiet();
  Handle fapl(H5Pcreate(H5P_FILE_ACCESS));
  if (!fapl.ok() || H5Pset_fapl_core(fapl.get(), 1 << 16, 0) < 0 ||
      H5Pset_file_image(fapl.get(), const_cast<char*>(bytes.data()), bytes.size()) < 0) {
    return Error(display_name + ": error: cannot set up an in-memory HDF5 file");
  }
  Hdf5File f;
  f.name_ = display_name;
  f.file_ = H5Fopen(display_name.c_str(), H5F_ACC_RDONLY, fapl.get());
  if (f.file_ < 0) return Error(display_name + ": error: not an HDF5 file");
  return f;
}

Hdf5File::Hdf5File(Hdf5File&& o) noexcept : file_(o.file_), name_(std::move(o.name_)) {
  o.file_ = -1;
}

Hdf5File& Hdf5File::operator=(Hdf5File&& o) noexcept {
  if (this != &o) {
    if (file_ >= 0) H5Fclose(file_);
    file_ = o.file_;
    name_ = std::move(o.name_);
    o.file_ = -1;
  }
  return *this;
}

Hdf5File::~Hdf5File() {
  if (file_ >= 0) H5Fclose(file_);
}

bool Hdf5File::Exists(const std::string& path) const {
  std::string prefix;
  for (const std::string& c : Components(path)) {
    prefix += "/" + c;
    if (H5Lexists(file_, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
  }
  return true;
}

bool Hdf5File::IsGroup(const std::string& path) const {
  if (!Exists(path)) return false;
  H5O_info_t info;
  if (H5Oget_info_by_name(file_, path.empty() ? "/" : path.c_str(), &info, H5P_DEFAULT) < 0) {
    return false;
  }
  return info.type == H5O_TYPE_GROUP;
}

std::vector<std::string> Hdf5File::Children(const std::string& group) const {
  std::vector<std::string> out;
  if (!group.empty() && group != "/" && !IsGroup(group)) return out;
  Handle g(H5Gopen2(file_, group.empty() ? "/" : group.c_str(), H5P_DEFAULT));
  if (!g.ok()) return out;
  H5G_info_t info;
  if (H5Gget_info(g.get(), &info) < 0) return out;
  for (hsize_t i = 0; i < info.nlinks && i < kMaxElements; ++i) {
    ssize_t n =
        H5Lget_name_by_idx(g.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (n < 0) continue;
    std::string name(static_cast<size_t>(n) + 1, '\0');
    H5Lget_name_by_idx(g.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(), name.size(),
                       H5P_DEFAULT);
    name.resize(static_cast<size_t>(n));
    out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool Hdf5File::HasAttr(const std::string& object, const std::string& attr) const {
  if (!object.empty() && object != "/" && !Exists(object)) return false;
  return H5Aexists_by_name(file_, object.empty() ? "/" : object.c_str(), attr.c_str(),
                           H5P_DEFAULT) > 0;
}

ErrorOr<std::vector<std::string>> Hdf5File::StringsAttr(const std::string& object,
                                                        const std::string& attr) const {
  std::string what = "attribute '" + attr + "' of '" + (object.empty() ? "/" : object) + "'";
  if (!HasAttr(object, attr)) return Error(what + " is missing");
  Handle a(H5Aopen_by_name(file_, object.empty() ? "/" : object.c_str(), attr.c_str(), H5P_DEFAULT,
                           H5P_DEFAULT));
  if (!a.ok()) return Error(what + " cannot be opened");
  return ReadStrings(a.get(), what);
}

ErrorOr<std::string> Hdf5File::StringAttr(const std::string& object,
                                          const std::string& attr) const {
  ErrorOr<std::vector<std::string>> s = StringsAttr(object, attr);
  if (!s.ok()) return s.error();
  if (s.value().size() != 1) {
    return Error("attribute '" + attr + "' of '" + object + "' is not one string");
  }
  return s.value()[0];
}

ErrorOr<ir::Tensor> Hdf5File::ReadTensor(const std::string& path) const {
  if (!Exists(path)) return Error("dataset '" + path + "' is missing");
  Handle d(H5Dopen2(file_, path.c_str(), H5P_DEFAULT));
  if (!d.ok()) return Error("'" + path + "' is not a dataset");
  Handle space(H5Dget_space(d.get()));
  Handle type(H5Dget_type(d.get()));
  if (!space.ok() || !type.ok()) return Error("dataset '" + path + "' cannot be read");
  H5T_class_t cls = H5Tget_class(type.get());
  if (cls != H5T_FLOAT && cls != H5T_INTEGER) {
    return Error("dataset '" + path + "' is not numeric");
  }
  int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0 || rank > 8) return Error("dataset '" + path + "' has an unreadable shape");
  std::vector<hsize_t> dims(static_cast<size_t>(rank));
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  hsize_t total = 1;
  ir::Shape shape;
  for (hsize_t v : dims) {
    if (v > kMaxElements || (v != 0 && total > kMaxElements / v)) {
      return Error("dataset '" + path + "' is too large");
    }
    total *= v;
    shape.push_back(static_cast<int64_t>(v));
  }
  ir::Tensor t(shape);
  if (total > 0 &&
      H5Dread(d.get(), H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, t.data.data()) < 0) {
    return Error("dataset '" + path + "' cannot be read");
  }
  return t;
}

}  // namespace loom::frontends::keras_import
