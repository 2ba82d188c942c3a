// A small read-only view of an HDF5 file for the Keras reader: groups, string attributes and
// float datasets, every failure an error message rather than HDF5's own printout.
#ifndef LOOM_FRONTENDS_KERAS_HDF5_FILE_H_
#define LOOM_FRONTENDS_KERAS_HDF5_FILE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "loom/ir/graph.h"
#include "loom/support/error.h"

namespace loom::frontends::keras_import {

class Hdf5File {
 public:
  // Opens a file on disk, or an in-memory image (the weights inside a .keras zip).
  static ErrorOr<Hdf5File> Open(const std::string& path);
  static ErrorOr<Hdf5File> OpenImage(const std::string& bytes, const std::string& display_name);
  Hdf5File(Hdf5File&&) noexcept;
  Hdf5File& operator=(Hdf5File&&) noexcept;
  ~Hdf5File();

  const std::string& name() const { return name_; }
  // Whether `path` ("/a/b") names a group or dataset.
  bool Exists(const std::string& path) const;
  bool IsGroup(const std::string& path) const;
  // The names of a group's members, sorted; empty when the group does not exist.
  std::vector<std::string> Children(const std::string& group) const;
  // A string attribute (fixed or variable length), or an error when absent or not text.
  ErrorOr<std::string> StringAttr(const std::string& object, const std::string& attr) const;
  bool HasAttr(const std::string& object, const std::string& attr) const;
  // A one-dimensional string array attribute (Keras's layer_names, weight_names); an empty
  // numeric array counts as no strings.
  ErrorOr<std::vector<std::string>> StringsAttr(const std::string& object,
                                                const std::string& attr) const;
  // A numeric dataset as float32 values with its shape.
  ErrorOr<ir::Tensor> ReadTensor(const std::string& path) const;

 private:
  Hdf5File() = default;
  int64_t file_ = -1;
  std::string name_;
};

}  // namespace loom::frontends::keras_import

#endif  // LOOM_FRONTENDS_KERAS_HDF5_FILE_H_
