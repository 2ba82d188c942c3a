// Evaluates ONNX ops on constant inputs while importing (exporter-written shape arithmetic and
// normalisations), whatever the op, so only nodes that touch run-time data reach the op handlers.
#ifndef LOOM_FRONTENDS_ONNX_CONST_EVAL_H_
#define LOOM_FRONTENDS_ONNX_CONST_EVAL_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "loom/support/error.h"

namespace loom::frontends::onnx_const {

// ONNX TensorProto element types used by the evaluator.
enum ElemType : int32_t {
  kFloat = 1,
  kUint8 = 2,
  kInt8 = 3,
  kUint16 = 4,
  kInt16 = 5,
  kInt32 = 6,
  kInt64 = 7,
  kBool = 9,
  kFloat16 = 10,
  kDouble = 11,
  kUint32 = 12,
  kUint64 = 13,
  kBfloat16 = 16,
};
bool IsIntegerType(int32_t t);

// A constant with its full ONNX shape; values held as doubles (integers exact up to 2^53).
struct Array {
  std::vector<int64_t> shape;
  std::vector<double> data;
  int32_t elem_type = kFloat;
  int64_t size() const { return static_cast<int64_t>(data.size()); }
};

// The node's attributes, read through the importer (absent names give the default).
struct Attrs {
  std::function<bool(const std::string&)> has;
  std::function<int64_t(const std::string&, int64_t)> get_int;
  std::function<double(const std::string&, double)> get_float;
  std::function<std::vector<int64_t>(const std::string&)> get_ints;
};

// Whether `op` (default domain) is one the evaluator computes.
bool Evaluates(std::string_view op);

// Computes the outputs of `op` from constant inputs (a null entry is an omitted optional input).
// Results of float type are rounded to float32, as an ONNX runtime computes them. Errors name the
// problem only; the caller adds the node. No result may exceed `max_elements`.
ErrorOr<std::vector<Array>> Evaluate(std::string_view op, int64_t opset, const Attrs& attrs,
                                     const std::vector<const Array*>& inputs, int64_t max_elements);

}  // namespace loom::frontends::onnx_const

#endif  // LOOM_FRONTENDS_ONNX_CONST_EVAL_H_
