// Emulator kernels for the nodes that produce values: graph inputs (converted by the driver) and
// constants (quantized once to their result type).
#include <algorithm>
#include <cstring>

#include "loom/fixed/fixed_value.h"
#include "sim/kernel.h"

namespace loom::sim {
namespace {

class ConstantKernel : public Kernel {
 public:
  ConstantKernel(std::vector<int64_t> raw, int64_t overflows)
      : raw_(std::move(raw)), overflows_(overflows) {}
  void Run(const int64_t* const*, int64_t* const* out, int64_t n,
           Counters& counters) const override {
    for (int64_t s = 0; s < n; ++s) {
      std::copy(raw_.begin(), raw_.end(), out[0] + s * static_cast<int64_t>(raw_.size()));
    }
    counters.values += n * static_cast<int64_t>(raw_.size());
    counters.result_overflow += n * overflows_;
  }

 private:
  std::vector<int64_t> raw_;
  int64_t overflows_;
};

ErrorOr<std::unique_ptr<Kernel>> MakeSourceKernel(const KernelContext& ctx) {
  if (ctx.node.op != ir::OpKind::kConstant) {
    return NodeError(ctx.node, "graph inputs have no kernel");
  }
  const ir::Tensor* value = ctx.node.param("value");
  if (value == nullptr) return NodeError(ctx.node, "constant without a value");
  std::vector<int64_t> raw(value->data.size());
  int64_t overflows = 0;
  for (size_t i = 0; i < raw.size(); ++i) {
    fixed::CastFlags flags;
    raw[i] = fixed::FromDouble(value->data[i], ctx.outputs[0], &flags);
    overflows += flags.overflow || flags.underflow;
  }
  return std::unique_ptr<Kernel>(new ConstantKernel(std::move(raw), overflows));
}

}  // namespace

const Family kSourceFamily = {MakeSourceKernel};

}  // namespace loom::sim
