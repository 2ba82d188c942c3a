// The Keras / QKeras reader: Keras 2 model-JSON with its HDF5 weights, Keras 2 full-model HDF5,
// and Keras 3 `.keras` archives, read directly (no Python, no TensorFlow).
#ifndef LOOM_FRONTENDS_KERAS_H_
#define LOOM_FRONTENDS_KERAS_H_

#include <string>
#include <vector>

#include "loom/ir/graph.h"
#include "loom/support/error.h"

namespace loom::frontends {

struct KerasImportOptions {
  // The weights of a model-JSON file; empty: `<stem>_weights.h5` beside it.
  std::string weights;
};

// Whether `path` names a Keras file by its extension (.json, .h5, .hdf5, .keras).
bool IsKerasPath(const std::string& path);

// Reads a Keras model into a graph of per-sample values (the batch axis stripped), through the
// same op table, shape rules and quantizer folding as the ONNX importer: each Keras layer becomes
// the ONNX nodes computing it, and every IR node's location names the Keras layer and its class.
// QKeras quantizers become QONNX Quant nodes (exact fixed-point types). Every unsupported layer
// and every problem is reported at once, one line each, followed by a count line.
ErrorOr<ir::Graph> ImportKerasFile(const std::string& path, const KerasImportOptions& options = {});

// As ImportKerasFile for a model-JSON text and an HDF5 weights image held in memory (`weights`
// may be empty for a model without weights); names are used in messages.
ErrorOr<ir::Graph> ImportKerasJson(const std::string& json, const std::string& json_name,
                                   const std::string& weights, const std::string& weights_name);

// The Keras and QKeras layer classes the reader translates, and the QKeras quantizers it reads.
std::vector<std::string> SupportedKerasLayers();
std::vector<std::string> SupportedQKerasQuantizers();
// The Keras activation names (Activation layers and `activation` arguments) the reader reads.
std::vector<std::string> SupportedKerasActivations();

}  // namespace loom::frontends

#endif  // LOOM_FRONTENDS_KERAS_H_
