// Emulator kernels for the quantizers: QONNX Quant, BipolarQuant and Trunc, ONNX QuantizeLinear
// and DequantizeLinear.
//
// Each computes an integer (or, for DequantizeLinear, fixed) value y_int per element exactly from
// the input's raw bits, with the op's rounding and clamping, then scales it: by a power of two
// (exact: the result type has the scale's fraction bits, so a quantization-aware model needs no
// precision configuration) or, for any other scale, by the scale quantized to the node's "scale"
// type (the explicit scale step; exact product, one cast to the result type).
#include <algorithm>
#include <cctype>
#include <cmath>

#include "loom/fixed/fixed_value.h"
#include "plan/quant_plan.h"
#include "plan/quant_types.h"
#include "sim/kernel.h"

namespace loom::sim {
namespace {

using fixed::CastFlags;

// y_int per element (QuantY), then the scale: a shift into the exact type for power-of-two
// scales, else the exact product with the scale in the node's 'scale' type; one cast.
class QuantKernel : public Kernel {
 public:
  QuantKernel(QuantPlan plan, FixedType in, FixedType exact, FixedType scale_type,
              std::vector<int64_t> scale_raw, FixedType out)
      : plan_(std::move(plan)),
        in_(in),
        in_frac_(plan_.kind == QuantKind::kDequantize ? in.frac_bits() : 0),
        exact_(exact),
        scale_type_(scale_type),
        scale_raw_(std::move(scale_raw)),
        out_(out) {}

  int64_t Output(int64_t x, int64_t e, CastFlags* flags) const {
    const QuantElem& p = plan_.elem(e);
    int128 y = QuantY(plan_, x, p, in_frac_);
    if (plan_.pow2) {
      fixed::Wide w{static_cast<fixed::uint128>(y << p.shl)};
      return fixed::Cast(w, fixed::WideType::Of(exact_), out_, flags);
    }
    // Exact product of two's-complement values (y fits 64 bits: checked when built).
    fixed::WideType yt{64, 64 - plan_.y_frac, true};
    fixed::WideType pt = fixed::ProductType(yt, fixed::WideType::Of(scale_type_));
    int128 prod = y * int128{scale_raw_[scale_raw_.size() == 1 ? 0 : e]};
    return fixed::Cast(fixed::Wide{static_cast<fixed::uint128>(prod)}, pt, out_, flags);
  }

  void Run(const int64_t* const* in, int64_t* const* out, int64_t n,
           Counters& counters) const override {
    const int64_t numel = plan_.numel;
    int64_t over = 0;
    for (int64_t s = 0; s < n; ++s) {
      for (int64_t e = 0; e < numel; ++e) {
        CastFlags f;
        out[0][s * numel + e] = Output(in[0][s * numel + e], e, &f);
        over += f.overflow || f.underflow;
      }
    }
    counters.values += n * numel;
    counters.result_overflow += over;
  }

 private:
  QuantPlan plan_;
  FixedType in_;
  int64_t in_frac_;
  FixedType exact_;
  FixedType scale_type_;
  std::vector<int64_t> scale_raw_;
  FixedType out_;
};

ErrorOr<std::unique_ptr<Kernel>> MakeQuantKernel(const KernelContext& ctx) {
  const ir::Node& node = ctx.node;
  auto plan = MakeQuantPlan(node, ctx.inputs[0]);
  if (!plan.ok()) return plan.error();
  QuantPlan& p = plan.value();
  FixedType scale_type = ctx.inputs[0];
  if (!p.pow2) {
    auto it = node.types.find("scale");
    if (it == node.types.end()) return NodeError(node, "has no 'scale' type; assign precision");
    scale_type = it->second;
  }
  std::vector<int64_t> scale_raw;
  auto exact = QuantExactType(node, p, ctx.inputs[0], &scale_type, &scale_raw);
  if (!exact.ok()) return exact.error();
  if (!p.pow2 && p.y_frac + 0 > 62) return NodeError(node, "input has too many fraction bits");
  return std::unique_ptr<Kernel>(new QuantKernel(std::move(p), ctx.inputs[0], exact.value(),
                                                 scale_type, std::move(scale_raw), ctx.outputs[0]));
}

}  // namespace

const Family kQuantFamily = {MakeQuantKernel};

}  // namespace loom::sim
