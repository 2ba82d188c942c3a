// The ONNX importer's handler table: the ops ops.def maps one to one, then every op the
// importer translates itself.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "frontends/onnx/importer.h"

namespace loom::frontends::onnx_import {

// The ops ops.def maps one to one from ONNX, then every op the importer translates itself.
std::map<std::string, Handler>* MakeHandlers() {
  auto* handlers = new std::map<std::string, Handler>({
      {"Gemm", Gemm},
      {"MatMul", MatMul},
      {"Add", Elementwise(OpKind::kAdd)},
      {"Sub", Elementwise(OpKind::kSub)},
      {"Mul", Elementwise(OpKind::kMul)},
      {"Div", Elementwise(OpKind::kDiv)},
      {"Max", Elementwise(OpKind::kMax)},
      {"Min", Elementwise(OpKind::kMin)},
      {"Sum", Elementwise(OpKind::kSum)},
      {"Mean", Mean},
      {"Greater", Compare("greater")},
      {"GreaterOrEqual", Compare("greater_or_equal")},
      {"Less", Compare("less")},
      {"LessOrEqual", Compare("less_or_equal")},
      {"Equal", Compare("equal")},
      {"Not", Not},
      {"And", Logical("And")},
      {"Or", Logical("Or")},
      {"Xor", Logical("Xor")},
      {"Where", Where},
      {"Reciprocal", Reciprocal},
      {"Conv", [](Importer& im) { ConvImpl(im, false); }},
      {"ConvTranspose", ConvTranspose},
      {"BatchNormalization", BatchNorm},
      {"PRelu", PRelu},
      {"Softmax", Softmax},
      {"LogSoftmax", LogSoftmax},
      {"LayerNormalization", LayerNormalization},
      {"InstanceNormalization", InstanceNormalization},
      {"RNN", Rnn},
      {"GRU", Gru},
      {"LSTM", Lstm},
      {"Clip", Clip},
      {"Pow", Pow},
      {"MaxPool", [](Importer& im) { PoolImpl(im, OpKind::kMaxPool, false); }},
      {"AveragePool", [](Importer& im) { PoolImpl(im, OpKind::kAveragePool, false); }},
      {"GlobalAveragePool", [](Importer& im) { GlobalPool(im, OpKind::kGlobalAveragePool); }},
      {"GlobalMaxPool", [](Importer& im) { GlobalPool(im, OpKind::kGlobalMaxPool); }},
      {"Flatten", Flatten},
      {"Reshape", Reshape},
      {"Transpose", Transpose},
      {"Squeeze", Squeeze},
      {"Unsqueeze", Unsqueeze},
      {"Concat", Concat},
      {"Split", Split},
      {"Tile", Tile},
      {"Slice", Slice},
      {"Pad", Pad},
      {"Resize", [](Importer& im) { Resize(im, false); }},
      {"Upsample", [](Importer& im) { Resize(im, true); }},
      {"DepthToSpace", [](Importer& im) { DepthSpace(im, true); }},
      {"SpaceToDepth", [](Importer& im) { DepthSpace(im, false); }},
      {"ReduceMean", Reduce(OpKind::kReduceMean)},
      {"ReduceMax", Reduce(OpKind::kReduceMax)},
      {"ReduceSum", Reduce(OpKind::kReduceSum)},
      {"QuantizeLinear", [](Importer& im) { QuantizeLinear(im, true); }},
      {"DequantizeLinear", [](Importer& im) { QuantizeLinear(im, false); }},
      {"qonnx:Quant", [](Importer& im) { QonnxQuant(im, OpKind::kQuant); }},
      {"qonnx:BipolarQuant", [](Importer& im) { QonnxQuant(im, OpKind::kBipolarQuant); }},
      {"qonnx:Trunc", [](Importer& im) { QonnxQuant(im, OpKind::kTrunc); }},
      {"qonnx:FloatQuant", [](Importer& im) { QonnxQuant(im, OpKind::kFloatQuant); }},
      {"channels_last:Conv", [](Importer& im) { ConvImpl(im, true); }},
      {"channels_last:BatchNormalization",
       [](Importer& im) { im.Bind(0, BatchNormOn(im, im.Val(0), true)); }},
      {"channels_last:MaxPool", [](Importer& im) { PoolImpl(im, OpKind::kMaxPool, true); }},
  });
  for (OpKind op : ir::AllOps()) {
    const std::string name(ir::Info(op).onnx_name);
    if (name.empty()) continue;
    bool added = handlers->emplace(name, [op](Importer& im) { Direct(im, op); }).second;
    LOOM_CHECK_MSG(added, "ONNX op " + name + " has a handler and a row in ops.def's ONNX column");
  }
  return handlers;
}

const std::map<std::string, Handler>& Handlers() {
  static const std::map<std::string, Handler>* handlers = MakeHandlers();
  return *handlers;
}

}  // namespace loom::frontends::onnx_import
