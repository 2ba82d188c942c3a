// Which op family implements each op.
#include "sim/kernel.h"

namespace loom::sim {

bool IsLinearResize(const ir::Node& node) {
  return node.op == ir::OpKind::kResize && node.attrs.GetString("mode", "nearest") == "linear";
}

const Family* FamilyFor(const ir::Node& node) {
  using ir::OpKind;
  if (IsLinearResize(node)) return &kLinearFamily;
  switch (node.op) {
    case OpKind::kInput:
    case OpKind::kConstant:
      return &kSourceFamily;
    case OpKind::kDense:
    case OpKind::kConv:
    case OpKind::kConvTranspose:
    case OpKind::kMatMul:
    case OpKind::kBatchNorm:
      return &kLinearFamily;
    case OpKind::kReshape:
    case OpKind::kTranspose:
    case OpKind::kConcat:
    case OpKind::kSplit:
    case OpKind::kSlice:
    case OpKind::kPad:
    case OpKind::kResize:
    case OpKind::kDepthToSpace:
    case OpKind::kSpaceToDepth:
      return &kMovementFamily;
    case OpKind::kQuant:
    case OpKind::kBipolarQuant:
    case OpKind::kTrunc:
    case OpKind::kFloatQuant:
    case OpKind::kQuantizeLinear:
    case OpKind::kDequantizeLinear:
      return &kQuantFamily;
    case OpKind::kAdd:
    case OpKind::kSub:
    case OpKind::kMul:
    case OpKind::kDiv:
    case OpKind::kMax:
    case OpKind::kMin:
    case OpKind::kSum:
    case OpKind::kRelu:
    case OpKind::kLeakyRelu:
    case OpKind::kPRelu:
    case OpKind::kThresholdedRelu:
    case OpKind::kClip:
    case OpKind::kHardSigmoid:
    case OpKind::kHardSwish:
      return &kElementwiseFamily;
    case OpKind::kMaxPool:
    case OpKind::kAveragePool:
    case OpKind::kGlobalAveragePool:
    case OpKind::kGlobalMaxPool:
    case OpKind::kReduceMean:
      return &kPoolFamily;
    case OpKind::kSigmoid:
    case OpKind::kTanh:
    case OpKind::kSoftmax:
    case OpKind::kElu:
    case OpKind::kSelu:
    case OpKind::kSoftplus:
    case OpKind::kSoftsign:
      return &kLutFamily;
    default:
      return nullptr;
  }
}

}  // namespace loom::sim
