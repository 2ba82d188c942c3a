// A small read-only view of an HDF5 file for the Keras reader: groups, string attributes and
// float datasets, every failure an error message rather than HDF5's own printout.
//
// The whole file (every group, every attribute's name, every string attribute's text, every
// numeric dataset as float32) is read once, when it is opened, in a forked child process that
// sends it back through a pipe: libhdf5 1.10 crashes on some damaged files (it copies heap and
// header objects without checking their lengths), and a crash in the child becomes an error
// naming the file. Keras weight files are small, so reading everything up front costs little.
#ifndef LOOM_FRONTENDS_KERAS_HDF5_FILE_H_
#define LOOM_FRONTENDS_KERAS_HDF5_FILE_H_

#include <cstdint>
#include <map>
#include <set>
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

  const std::string& name() const { return name_; }
  // Whether `path` ("/a/b") names a group or dataset.
  bool Exists(const std::string& path) const;
  bool IsGroup(const std::string& path) const;
  // The names of a group's members, sorted; empty when the group does not exist.
  std::vector<std::string> Children(const std::string& group) const;
  // The datasets under a group and its subgroups (at most `depth` levels down), as paths relative
  // to the group, sorted.
  std::vector<std::string> Datasets(const std::string& group, int depth) const;
  // A string attribute (fixed or variable length), or an error when absent or not text.
  ErrorOr<std::string> StringAttr(const std::string& object, const std::string& attr) const;
  bool HasAttr(const std::string& object, const std::string& attr) const;
  // A one-dimensional string array attribute (Keras's layer_names, weight_names); an empty
  // numeric array counts as no strings.
  ErrorOr<std::vector<std::string>> StringsAttr(const std::string& object,
                                                const std::string& attr) const;
  // A numeric dataset as float32 values with its shape.
  ErrorOr<ir::Tensor> ReadTensor(const std::string& path) const;

  // What the child process read (public for the reader in hdf5_file.cc).
  struct Object {
    bool is_group = false;
    std::set<std::string> attrs;                                 // every attribute's name
    std::map<std::string, std::vector<std::string>> text_attrs;  // the string attributes
    bool numeric = false;                                        // datasets
    std::string problem;  // why a dataset could not be read, if it could not
    ir::Tensor tensor;
  };

 private:
  Hdf5File() = default;
  static ErrorOr<Hdf5File> Snapshot(const std::string& display_name, const std::string* image);
  const Object* Find(const std::string& path) const;

  std::string name_;
  std::map<std::string, Object> objects_;  // by normalized path: "/", "/a", "/a/b"
};

}  // namespace loom::frontends::keras_import

#endif  // LOOM_FRONTENDS_KERAS_HDF5_FILE_H_
