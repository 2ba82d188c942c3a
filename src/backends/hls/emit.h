// The HLS backend's per-op emitters: what one layer contributes to the generated project.
//
// The core (hls_backend.cc) names every value and layer, writes one typedef per value type, and
// asks the op's emitter for its configuration struct, its constant arrays and its call. Emitters
// decide nothing about names or files; they only render the layer with the given names.
#ifndef LOOM_BACKENDS_HLS_EMIT_H_
#define LOOM_BACKENDS_HLS_EMIT_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "loom/config/config.h"
#include "loom/fixed/fixed_type.h"
#include "loom/ir/graph.h"
#include "loom/lower/lower.h"
#include "loom/support/error.h"

namespace loom::hls {

// What a layer contributes.
struct LayerCode {
  std::vector<std::string> headers;  // kernel headers it needs, e.g. "loom_dense.h"
  std::string config;                // definitions for parameters.h (complete, ends with '\n')
  std::string weights;               // contents of firmware/weights/<id>.h, or "" for none
  std::string call;                  // statement(s) for the top function, ends with '\n'
};

// Everything an emitter may use. Names are legal, unique C++ identifiers.
struct EmitContext {
  const ir::Node& node;
  std::string id;                        // the layer's identifier (config struct `<id>_config`)
  std::vector<std::string> inputs;       // variable names of the input arrays
  std::vector<std::string> outputs;      // variable names of the output arrays
  std::vector<std::string> input_types;  // typedef names of the inputs' element types
  std::vector<std::string> output_types;
  std::vector<fixed::FixedType> input_fixed;  // the same types as values
  std::vector<fixed::FixedType> output_fixed;
  const lower::LayerDecision& decision;  // strategy, ReuseFactor, multiplier limits (lower.h)
  int64_t table_size = 1024;
};

// "<location>: error: ..." for the layer.
Error LayerError(const ir::Node& node, const std::string& what);

// An ap_fixed value exactly: "0.2734375", a decimal literal that converts exactly (every value of
// up to 53 significant bits has one). A wider value is written as the exact sum of two such
// literals, "T(hi) + T(lo)", which needs the type's C++ name `type_name` (else an error).
ErrorOr<std::string> FixedLiteral(int64_t raw, const fixed::FixedType& type,
                                  const std::string& type_name = "");
// `static const T name[N] = {...};` wrapped at 100 columns.
std::string ArrayDefinition(const std::string& type, const std::string& name,
                            const std::vector<std::string>& values);
std::string IntArray(const std::string& type, const std::string& name,
                     const std::vector<int64_t>& values);
// An array of fixed values given as raws of `type` (typedef `type_name`).
ErrorOr<std::string> FixedArray(const std::string& type_name, const fixed::FixedType& type,
                                const std::string& name, const std::vector<int64_t>& raws);

// The fixed text of every project, from src/backends/hls/templates/*.in (embedded at build time):
// file name -> text with @@name@@ placeholders.
const std::vector<std::pair<std::string, std::string>>& ProjectTemplates();
// Template `name` with every @@key@@ replaced by values.at(key); a placeholder without a value, or
// a value without a placeholder, is an internal error (the template and the code disagree).
std::string RenderTemplate(const std::string& name,
                           const std::map<std::string, std::string>& values);

// Helpers every emitter shares (emit_util.cc).
std::string U(int64_t v);  // decimal text
// The node's own type `key` (weight, accum, scale, ...), an error naming the layer if unassigned.
ErrorOr<fixed::FixedType> NodeType(const ir::Node& node, const std::string& key);
// FixedArray appended to `weights`, an error naming the layer.
ErrorOr<bool> AddConstants(const ir::Node& node, const std::string& type_name,
                           const fixed::FixedType& type, const std::string& name,
                           const std::vector<int64_t>& raws, std::string& weights);
// "struct name {\n  line\n ...};\n".
std::string ConfigStruct(const std::string& name, const std::vector<std::string>& lines);
std::string TypedefLine(const std::string& type, const std::string& name);  // typedef T name;
std::string UnsignedMember(const std::string& name, int64_t v);  // static const unsigned name = v;
std::string BoolMember(const std::string& name, bool v);         // static const bool name = v;

// Emitters, one per op family (in *_emit.cc; ir::FamilyOf picks one). Each returns an error naming
// the layer for an attribute combination it does not implement.
ErrorOr<LayerCode> EmitLinear(
    const EmitContext& ctx);  // dense conv matmul batch_norm resize(linear)
ErrorOr<LayerCode> EmitElementwise(const EmitContext& ctx);  // add sub mul ... relu family
ErrorOr<LayerCode> EmitPool(const EmitContext& ctx);         // pools, reduce_mean
ErrorOr<LayerCode> EmitMovement(const EmitContext& ctx);     // reshape transpose concat ...
ErrorOr<LayerCode> EmitLut(const EmitContext& ctx);          // sigmoid tanh softmax ...
ErrorOr<LayerCode> EmitQuant(const EmitContext& ctx);        // quant bipolar_quant trunc ...
ErrorOr<LayerCode> EmitConstant(const EmitContext& ctx);     // constant
// io_stream: a convolution's matrices (one per group) and `<id>_op`, the window operation of
// loom_stream.h's window kernels over the geometry struct `geometry` (n_taps, n_chan, n_out_chan).
ErrorOr<LayerCode> EmitConvWindow(const EmitContext& ctx, const std::string& geometry);

}  // namespace loom::hls

#endif  // LOOM_BACKENDS_HLS_EMIT_H_
