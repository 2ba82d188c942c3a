// The float reference engine's source-family ops: a constant (graph inputs are bound by Run).
#include <vector>

#include "ref/ops.h"

namespace loom::ref {

Result ConstantOp(const Call& c) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 0, 0));
  auto value = RequireParam(c.node, "value");
  if (!value.ok()) return value.error();
  if (ir::NumElements(c.out[0]) != value.value()->size()) {
    return Fail(c.node, "value of shape " + Str(value.value()->shape) +
                            " does not fill the output shape " + Str(c.out[0]));
  }
  return One(Tensor(c.out[0], value.value()->data));
}

}  // namespace loom::ref
