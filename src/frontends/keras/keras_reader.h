// The Keras reader's private interface, shared by its two files:
//   keras_files.cc   the file formats (model-JSON + HDF5 weights, full-model HDF5, Keras 3 .keras
//                    zip), the weights as each stores them, and the public entry points
//   keras_layers.cc  the translation of a parsed model into ONNX nodes, and their import
#ifndef LOOM_FRONTENDS_KERAS_KERAS_READER_H_
#define LOOM_FRONTENDS_KERAS_KERAS_READER_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "loom/ir/graph.h"
#include "loom/support/error.h"

namespace loom::frontends::keras_import {

using json = nlohmann::json;

// Where a model's weights come from (keras_files.cc: Keras 2 and Keras 3 HDF5 layouts).
class Weights {
 public:
  virtual ~Weights() = default;
  // Weight `which` of `layer` inside the nested models `scope`; `order` lists the layer's
  // variables in creation order (Keras 3 stores them by position).
  virtual ErrorOr<ir::Tensor> Get(const std::vector<std::string>& scope, const std::string& layer,
                                  const std::string& which,
                                  const std::vector<std::string>& order) const = 0;
};

// Keras's major version from a version string ("2.15.0" -> 2), or `def`.
int KerasMajor(const std::string& version, int def);

// Translates a parsed Keras model (its model-JSON object; the object's keras_version, when
// present, overrides `keras_major`) into ONNX nodes and imports them. Every problem is reported in
// one error, one line each, then a count line.
ErrorOr<ir::Graph> TranslateAndImport(const json& model, const std::string& display_name,
                                      int keras_major, const Weights& weights);

// The layer classes the translation reads.
const std::vector<std::string>& TranslatedClasses();

}  // namespace loom::frontends::keras_import

#endif  // LOOM_FRONTENDS_KERAS_KERAS_READER_H_
