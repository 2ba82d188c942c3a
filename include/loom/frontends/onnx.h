// The ONNX / QONNX / QDQ importer: reads a model file into loom's IR.
#ifndef LOOM_FRONTENDS_ONNX_H_
#define LOOM_FRONTENDS_ONNX_H_

#include <map>
#include <string>
#include <vector>

#include "loom/ir/graph.h"
#include "loom/support/error.h"

namespace loom::frontends {

// Reads an ONNX model (opsets 6..21, QONNX custom ops, QuantizeLinear/DequantizeLinear) into a
// graph of per-sample values: axis 0 of every graph input is the batch axis and is stripped.
// Constant subgraphs (initializers, Shape/Gather chains, quantizers applied to weights) are folded.
// Every problem in the model is reported at once, one line each ("model.onnx: node 'x' (GatherND):
// unsupported op"), followed by a count line.
struct OnnxImportOptions {
  // Full shapes (batch axis first) for graph inputs whose declared shape is missing or dynamic.
  std::map<std::string, std::vector<int64_t>> input_shapes;
  // Graph inputs to treat as constants with these values (full shapes), e.g. weights that an
  // export left as inputs.
  std::map<std::string, ir::Tensor> frozen_inputs;
  // For models translated from another format (Keras): the layer each ONNX node stands for, by
  // node name. Locations and messages then name that layer and its class instead of the node.
  struct SourceLayer {
    std::string name;
    std::string type;
  };
  std::map<std::string, SourceLayer> source_layers;
};

ErrorOr<ir::Graph> ImportOnnxFile(const std::string& path, const OnnxImportOptions& options = {});
// As ImportOnnxFile, from the file's bytes; `display_name` is used in messages.
ErrorOr<ir::Graph> ImportOnnxBytes(const std::string& bytes, const std::string& display_name,
                                   const OnnxImportOptions& options = {});

// Reads a serialized TensorProto (the ONNX test-data format), keeping its full shape.
ErrorOr<ir::Tensor> ReadOnnxTensorFile(const std::string& path);

// The ONNX op types the importer accepts (default domain, then "domain:Op" for custom domains).
std::vector<std::string> SupportedOnnxOps();

}  // namespace loom::frontends

#endif  // LOOM_FRONTENDS_ONNX_H_
