// Internal to the float reference engine: the call context, shared helpers, the op evaluators.
#ifndef LOOM_REF_OPS_H_
#define LOOM_REF_OPS_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "loom/ir/graph.h"
#include "loom/support/error.h"

namespace loom::ref {

using ir::Node;
using ir::OpKind;
using ir::Shape;
using ir::Tensor;
using Result = ErrorOr<std::vector<Tensor>>;
// A result of one tensor, moved in (a braced list would copy it: an initializer_list's elements
// are const).
inline Result One(Tensor t) {
  std::vector<Tensor> v;
  v.push_back(std::move(t));
  return v;
}
// No value means success; used by checks that return early from the op functions.
using Status = std::optional<Error>;

#define LOOM_REF_RETURN_IF_ERROR(expr) \
  do {                                 \
    if (Status status_ = (expr)) {     \
      return *status_;                 \
    }                                  \
  } while (false)

// One evaluation: the node (for attributes and params), its input tensors and the shapes to
// produce. Kept apart from the node so channels-last ops can run on transposed operands.
struct Call {
  const Node& node;
  std::vector<const Tensor*> in;
  std::vector<Shape> out;
};

// ---------------------------------------------------------------------------------------------
// Shared checks and shape helpers.

Error Fail(const Node& node, const std::string& message);

std::string Str(const Shape& shape);

template <typename T>
int64_t Rank(const std::vector<T>& v) {
  return static_cast<int64_t>(v.size());
}

std::vector<int64_t> RowMajorStrides(const Shape& shape);

// Advances a row-major multi-index over `shape`; false once every index has been visited.
bool Next(std::vector<int64_t>& index, const Shape& shape);

Status ExpectInputs(const Call& c, size_t min, size_t max);

Status ExpectOutShape(const Call& c, size_t i, const Shape& expected);

ErrorOr<const Tensor*> RequireParam(const Node& node, const std::string& key);

// Axis attributes may count from the end (ONNX style); normalises into [0, rank).
ErrorOr<int64_t> NormalizeAxis(const Node& node, int64_t axis, int64_t rank);

// numpy broadcasting of several shapes; nullopt when they are incompatible.
std::optional<Shape> BroadcastShapes(const std::vector<Shape>& shapes);

// For every element of `out` (row-major), the offset of the element of `in` broadcast onto it.
// Leading size-1 axes of `in` beyond the rank of `out` are dropped: they carry no data, and
// params exported with ONNX's batch axis (e.g. [1, C, 1, 1]) must still apply per sample.
std::optional<std::vector<int64_t>> BroadcastOffsets(Shape in, const Shape& out);

// A param broadcast against a value: one number per element of that value, held once when every
// element gets the same one (a one-element param, an absent param's fallback; QONNX's scales and
// bit widths are mostly scalars) rather than once per element.
class ParamValues {
 public:
  static ParamValues Same(float v) {
    ParamValues p;
    p.same_ = true;
    p.one_ = v;
    return p;
  }
  explicit ParamValues(std::vector<float> values) : values_(std::move(values)) {}
  float operator[](int64_t i) const { return same_ ? one_ : values_[static_cast<size_t>(i)]; }

 private:
  ParamValues() = default;
  std::vector<float> values_;
  float one_ = 0;
  bool same_ = false;
};

// The param `key` broadcast against a value of shape `shape`; `fallback` when it is absent
// (else an error).
ErrorOr<ParamValues> BroadcastParam(const Node& node, const std::string& key, const Shape& shape,
                                    std::optional<float> fallback);

Tensor Transpose(const Tensor& x, const std::vector<int64_t>& perm);

// ---------------------------------------------------------------------------------------------
// Sliding-window ops (conv, conv_transpose, pooling), N-dimensional.

struct Window {
  Shape kernel;
  std::vector<int64_t> strides, dilations, pad_begin, pad_end;
};

ErrorOr<Window> ReadWindow(const Node& node, const Shape& kernel);

// For every position p of `outer` and kernel offset k: the row-major offset into `inner` of
// p * stride + k * dilation - pad_begin, or -1 when that lies outside `inner`. Conv reads with
// it (outer = output, inner = input); conv_transpose scatters with it (the other way round).
std::shared_ptr<const std::vector<int64_t>> TapTable(const Shape& outer, const Window& w,
                                                     const Shape& inner);
// The same table laid out tap-major: entry [k * NumElements(outer) + p].
std::shared_ptr<const std::vector<int64_t>> TapTableByTap(const Shape& outer, const Window& w,
                                                          const Shape& inner);

// The tap-major table as runs: for each kernel offset k, the positions [begin, end) of `outer`
// whose offsets step evenly, start + (p - begin) * step (a kernel row across an output row at
// stride 1: step 1), or are all outside `inner` (start = -1). Runs are in position order and
// cover every position; a few per output row, where the table holds every position.
struct TapRun {
  int64_t begin = 0, end = 0;
  int64_t start = -1, step = 1;
};
std::shared_ptr<const std::vector<std::vector<TapRun>>> TapRunsByTap(const Shape& outer,
                                                                     const Window& w,
                                                                     const Shape& inner);

// ---------------------------------------------------------------------------------------------
// Elementwise skeletons, shared by the elementwise and LUT families.

template <typename F>
Result Unary(const Call& c, F f) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 1, 1));
  LOOM_REF_RETURN_IF_ERROR(ExpectOutShape(c, 0, c.in[0]->shape));
  Tensor y(c.out[0]);
  const float* __restrict x = c.in[0]->data.data();
  float* __restrict out = y.data.data();
  const int64_t n = y.size();
  for (int64_t i = 0; i < n; ++i) out[i] = static_cast<float>(f(static_cast<double>(x[i])));
  return One(std::move(y));
}

// Folds the inputs left to right with numpy broadcasting. For two float operands, one double
// operation rounded to float equals the float operation, so this matches float32 kernels.
template <typename F>
Result Variadic(const Call& c, size_t min_inputs, size_t max_inputs, F f) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, min_inputs, max_inputs));
  std::vector<Shape> shapes;
  for (const Tensor* t : c.in) shapes.push_back(t->shape);
  std::optional<Shape> shape = BroadcastShapes(shapes);
  if (!shape) {
    std::string list;
    for (const Shape& s : shapes) list += (list.empty() ? "" : ", ") + Str(s);
    return Fail(c.node, "input shapes " + list + " do not broadcast");
  }
  LOOM_REF_RETURN_IF_ERROR(ExpectOutShape(c, 0, *shape));
  Tensor y(c.out[0]);
  std::vector<double> acc(y.size());
  for (size_t k = 0; k < c.in.size(); ++k) {
    std::vector<int64_t> offsets = *BroadcastOffsets(c.in[k]->shape, *shape);
    for (int64_t i = 0; i < y.size(); ++i) {
      double v = c.in[k]->data[offsets[i]];
      acc[i] = k == 0 ? v : f(acc[i], v);
    }
  }
  for (int64_t i = 0; i < y.size(); ++i) y.data[i] = static_cast<float>(acc[i]);
  return One(std::move(y));
}

// ---------------------------------------------------------------------------------------------
// The evaluators, by op family (ir::Info(op).family); the node's shapes and attributes are
// checked by each, and a combination it cannot evaluate is an Error naming the node.

// source_ops.cc
Result ConstantOp(const Call& c);

// linear_ops.cc
Result Dense(const Call& c);
Result MatMul(const Call& c);
Result Conv(const Call& c);
// Conv on channels-last operands ([spatial..., C] in, [spatial..., M] out) without moving them,
// for the two kinds that need no patch gathering: 1x1 kernels at stride 1 without padding in one
// group, and depthwise convs (one input and one output channel per group). The same sums in the
// same order as Conv on the channels-first data, so the same results bit for bit; nullopt for
// any other conv (then evaluated channels-first).
std::optional<Result> ConvChannelsLast(const Call& c);
Result ConvTranspose(const Call& c);
Result BatchNorm(const Call& c);

// elementwise_ops.cc
Result Add(const Call& c);
Result Sub(const Call& c);
Result Mul(const Call& c);
Result Div(const Call& c);
Result Max(const Call& c);
Result Min(const Call& c);
Result Sum(const Call& c);
Result Relu(const Call& c);
Result Abs(const Call& c);
Result Neg(const Call& c);
Result Sign(const Call& c);
Result Compare(const Call& c);
Result LeakyRelu(const Call& c);
Result PRelu(const Call& c);
Result ThresholdedRelu(const Call& c);
Result HardSigmoid(const Call& c);
Result HardSwish(const Call& c);
Result Clip(const Call& c);

// lut_ops.cc
Result Elu(const Call& c);
Result Selu(const Call& c);
Result Sigmoid(const Call& c);
Result Tanh(const Call& c);
Result Softmax(const Call& c);
Result Softplus(const Call& c);
Result Softsign(const Call& c);
Result Exp(const Call& c);
Result Erf(const Call& c);
Result Log(const Call& c);
Result Sqrt(const Call& c);
Result Pow(const Call& c);
Result Gelu(const Call& c);

// pool_ops.cc
Result Pool(const Call& c, bool is_max);
Result GlobalPool(const Call& c, bool is_max);
Result ReduceAxes(const Call& c);

// movement_ops.cc
Result Reshape(const Call& c);
Result TransposeOp(const Call& c);
Result Concat(const Call& c);
Result Split(const Call& c);
Result Slice(const Call& c);
Result Pad(const Call& c);
Result Resize(const Call& c);
Result DepthSpace(const Call& c, bool to_space);

// quant_ops.cc
Result Quant(const Call& c);
Result BipolarQuant(const Call& c);
Result Trunc(const Call& c);
Result FloatQuant(const Call& c);
Result QuantizeLinear(const Call& c);
Result DequantizeLinear(const Call& c);

}  // namespace loom::ref

#endif  // LOOM_REF_OPS_H_
