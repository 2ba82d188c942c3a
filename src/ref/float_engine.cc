// The float reference engine: evaluates loom IR one sample at a time with ONNX/QONNX semantics.
#include "loom/ref/float_engine.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ref/ops.h"

namespace loom::ref {
namespace {

// Routes a node to its op's evaluator (in the file of the op's family, see ops.h).
Result Dispatch(const Call& c) {
  switch (c.node.op) {
    case OpKind::kInput:
      return Fail(c.node, "graph inputs are bound by Run, not evaluated");
    case OpKind::kConstant:
      return ConstantOp(c);
    case OpKind::kDense:
      return Dense(c);
    case OpKind::kMatMul:
      return MatMul(c);
    case OpKind::kConv:
      return Conv(c);
    case OpKind::kConvTranspose:
      return ConvTranspose(c);
    case OpKind::kBatchNorm:
      return BatchNorm(c);
    case OpKind::kAdd:
      return Add(c);
    case OpKind::kSub:
      return Sub(c);
    case OpKind::kMul:
      return Mul(c);
    case OpKind::kDiv:
      return Div(c);
    case OpKind::kMax:
      return Max(c);
    case OpKind::kMin:
      return Min(c);
    case OpKind::kSum:
      return Sum(c);
    case OpKind::kRelu:
      return Relu(c);
    case OpKind::kAbs:
      return Abs(c);
    case OpKind::kNeg:
      return Neg(c);
    case OpKind::kSign:
      return Sign(c);
    case OpKind::kCompare:
      return Compare(c);
    case OpKind::kLeakyRelu:
      return LeakyRelu(c);
    case OpKind::kPRelu:
      return PRelu(c);
    case OpKind::kElu:
      return Elu(c);
    case OpKind::kSelu:
      return Selu(c);
    case OpKind::kThresholdedRelu:
      return ThresholdedRelu(c);
    case OpKind::kSigmoid:
      return Sigmoid(c);
    case OpKind::kHardSigmoid:
      return HardSigmoid(c);
    case OpKind::kHardSwish:
      return HardSwish(c);
    case OpKind::kTanh:
      return Tanh(c);
    case OpKind::kSoftmax:
      return Softmax(c);
    case OpKind::kSoftplus:
      return Softplus(c);
    case OpKind::kSoftsign:
      return Softsign(c);
    case OpKind::kExp:
      return Exp(c);
    case OpKind::kErf:
      return Erf(c);
    case OpKind::kLog:
      return Log(c);
    case OpKind::kSqrt:
      return Sqrt(c);
    case OpKind::kPow:
      return Pow(c);
    case OpKind::kGelu:
      return Gelu(c);
    case OpKind::kClip:
      return Clip(c);
    case OpKind::kMaxPool:
      return Pool(c, /*is_max=*/true);
    case OpKind::kAveragePool:
      return Pool(c, /*is_max=*/false);
    case OpKind::kGlobalAveragePool:
      return GlobalPool(c, /*is_max=*/false);
    case OpKind::kGlobalMaxPool:
      return GlobalPool(c, /*is_max=*/true);
    case OpKind::kReshape:
      return Reshape(c);
    case OpKind::kTranspose:
      return TransposeOp(c);
    case OpKind::kConcat:
      return Concat(c);
    case OpKind::kSplit:
      return Split(c);
    case OpKind::kSlice:
      return Slice(c);
    case OpKind::kPad:
      return Pad(c);
    case OpKind::kResize:
      return Resize(c);
    case OpKind::kDepthToSpace:
      return DepthSpace(c, /*to_space=*/true);
    case OpKind::kSpaceToDepth:
      return DepthSpace(c, /*to_space=*/false);
    case OpKind::kQuant:
      return Quant(c);
    case OpKind::kBipolarQuant:
      return BipolarQuant(c);
    case OpKind::kTrunc:
      return Trunc(c);
    case OpKind::kFloatQuant:
      return FloatQuant(c);
    case OpKind::kQuantizeLinear:
      return QuantizeLinear(c);
    case OpKind::kDequantizeLinear:
      return DequantizeLinear(c);
    case OpKind::kReduceMean:
    case OpKind::kReduceMax:
    case OpKind::kReduceSum:
      return ReduceAxes(c);
  }
  return Fail(c.node, "op is not supported by the float engine");
}

// Channels-last data is evaluated by moving the channel axis to the front and back again: one
// implementation per op keeps both layouts trivially consistent.
Result EvaluateChannelsLast(const Call& c) {
  if (c.in.size() != 1 || c.in[0]->shape.empty()) {
    return Fail(c.node, "channels_last needs exactly one input of rank 1 or more");
  }
  int64_t r = Rank(c.in[0]->shape);
  std::vector<int64_t> to_first{r - 1};
  std::vector<int64_t> to_last;
  for (int64_t d = 0; d + 1 < r; ++d) {
    to_first.push_back(d);
    to_last.push_back(d + 1);
  }
  to_last.push_back(0);
  if (c.node.op == OpKind::kConv) {
    if (std::optional<Result> direct = ConvChannelsLast(c)) return std::move(*direct);
  }
  Tensor x = Transpose(*c.in[0], to_first);
  Call inner{c.node, {&x}, {}};
  for (const Shape& s : c.out) {
    if (Rank(s) != r) {
      return Fail(c.node, "output shape " + Str(s) + " has a different rank than input " +
                              Str(c.in[0]->shape));
    }
    Shape first{s.back()};
    first.insert(first.end(), s.begin(), s.end() - 1);
    inner.out.push_back(first);
  }
  Result res = Dispatch(inner);
  if (!res.ok()) return res;
  std::vector<Tensor> outs;
  for (const Tensor& t : res.value()) outs.push_back(Transpose(t, to_last));
  return outs;
}

}  // namespace

ErrorOr<std::vector<ir::Tensor>> EvaluateNode(const ir::Node& node,
                                              const std::vector<const ir::Tensor*>& inputs) {
  if (inputs.size() != node.inputs.size()) {
    return Fail(node, "got " + std::to_string(inputs.size()) + " input tensors for " +
                          std::to_string(node.inputs.size()) + " inputs");
  }
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i] == nullptr) return Fail(node, "input " + std::to_string(i) + " is missing");
    if (inputs[i]->size() != ir::NumElements(inputs[i]->shape)) {
      return Fail(node, "input " + std::to_string(i) + " has " + std::to_string(inputs[i]->size()) +
                            " values for shape " + Str(inputs[i]->shape));
    }
  }
  Call call{node, inputs, {}};
  for (const ir::Value* v : node.outputs) call.out.push_back(v->shape);
  for (const Shape& s : call.out) {
    for (int64_t d : s) {
      if (d < 0) return Fail(node, "output shape " + Str(s) + " has a negative dimension");
    }
  }
  Result res = ir::HasChannelAxis(node.op) && node.attrs.GetInt("channels_last", 0) == 1
                   ? EvaluateChannelsLast(call)
                   : Dispatch(call);
  if (!res.ok()) return res;
  LOOM_CHECK(res.value().size() == call.out.size());
  for (size_t i = 0; i < call.out.size(); ++i) {
    LOOM_CHECK(res.value()[i].shape == call.out[i]);
    LOOM_CHECK(res.value()[i].size() == ir::NumElements(call.out[i]));
  }
  return res;
}

ErrorOr<std::vector<ir::Tensor>> Run(const ir::Graph& graph,
                                     const std::vector<ir::Tensor>& inputs) {
  if (inputs.size() != graph.inputs().size()) {
    return Error("the graph has " + std::to_string(graph.inputs().size()) +
                 " inputs but was given " + std::to_string(inputs.size()) + " tensors");
  }
  std::unordered_map<const ir::Value*, Tensor> values;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const ir::Value* v = graph.inputs()[i];
    if (inputs[i].shape != v->shape || inputs[i].size() != ir::NumElements(v->shape)) {
      return Error("graph input '" + v->name + "' expects shape " + Str(v->shape) + " but got " +
                   Str(inputs[i].shape) + " with " + std::to_string(inputs[i].size()) + " values");
    }
    values[v] = inputs[i];
  }
  // Free each intermediate after its last use: whole networks are run through here.
  std::unordered_map<const ir::Value*, size_t> last_use;
  const auto& nodes = graph.nodes();
  for (size_t i = 0; i < nodes.size(); ++i) {
    for (const ir::Value* v : nodes[i]->inputs) last_use[v] = i;
  }
  for (const ir::Value* v : graph.outputs()) last_use[v] = nodes.size();
  for (size_t i = 0; i < nodes.size(); ++i) {
    const Node& node = *nodes[i];
    if (node.op == OpKind::kInput) {
      if (node.outputs.size() != 1 || !values.count(node.outputs[0])) {
        return Fail(node, "is not one of the graph's inputs");
      }
      continue;
    }
    std::vector<const Tensor*> args;
    for (const ir::Value* v : node.inputs) {
      auto it = values.find(v);
      if (it == values.end()) {
        return Fail(node, "input '" + (v ? v->name : std::string("?")) +
                              "' has no value (the graph is not in topological order)");
      }
      args.push_back(&it->second);
    }
    Result res = EvaluateNode(node, args);
    if (!res.ok()) return res;
    for (size_t k = 0; k < node.outputs.size(); ++k) {
      values[node.outputs[k]] = std::move(res.value()[k]);
    }
    for (const ir::Value* v : node.inputs) {
      auto it = last_use.find(v);
      if (it != last_use.end() && it->second == i) values.erase(v);
    }
  }
  std::vector<Tensor> outs;
  for (const ir::Value* v : graph.outputs()) {
    auto it = values.find(v);
    if (it == values.end()) return Error("graph output '" + v->name + "' is never computed");
    outs.push_back(it->second);
  }
  return outs;
}

}  // namespace loom::ref
