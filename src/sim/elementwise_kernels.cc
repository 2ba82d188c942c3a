// Emulator kernels of the elementwise ops: arithmetic with numpy broadcasting and the relu family
// (their type rules and shared plans are in src/plan/elementwise_types.cc).
//
// Cast points follow hls4ml's nnet_merge.h and nnet_activation.h: every result is computed
// exactly (ap_fixed's operator result types) and cast once to the result type; see
// docs/numerics.md for the per-op contract.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "loom/fixed/fixed_value.h"
#include "plan/elementwise_types.h"
#include "sim/kernel.h"

namespace loom::sim {
namespace {

using fixed::CastFlags;
using fixed::CastPlan;
using fixed::int128;
using fixed::uint128;
using fixed::Wide;
using fixed::WideType;
using ir::Node;
using ir::OpKind;
using ir::Shape;

// ---------------------------------------------------------------------------------------------
// Exact intermediates and casts.

// A cast from an exact intermediate of up to 128 bits to a result type: CastPlan's fast path when
// the intermediate fits an int64_t, fixed::Cast otherwise. Overflow and underflow are counted.
class WideCast {
 public:
  WideCast(const WideType& from, const FixedType& to)
      : from_(from),
        to_(to),
        plan_(from, to),
        narrow_(from.width <= 64 && (from.is_signed || from.width <= 63)) {}

  int64_t Apply(uint128 bits, int64_t& overflows) const {
    CastFlags f;
    int64_t r = narrow_ ? plan_.Apply(static_cast<int64_t>(static_cast<uint64_t>(bits)), &f)
                        : fixed::Cast(Wide{bits}, from_, to_, &f);
    overflows += (f.overflow || f.underflow) ? 1 : 0;
    return r;
  }

 private:
  WideType from_;
  FixedType to_;
  CastPlan plan_;
  bool narrow_;
};

// ---------------------------------------------------------------------------------------------
// Broadcasting.

// numpy broadcasting of several shapes; nullopt when they are incompatible.
std::optional<Shape> BroadcastShapes(const std::vector<Shape>& shapes) {
  Shape out;
  for (const Shape& s : shapes) {
    if (s.size() > out.size()) out.insert(out.begin(), s.size() - out.size(), 1);
    size_t shift = out.size() - s.size();
    for (size_t d = 0; d < s.size(); ++d) {
      int64_t& o = out[shift + d];
      if (s[d] == o || s[d] == 1) continue;
      if (o != 1) return std::nullopt;
      o = s[d];
    }
  }
  return out;
}

std::string ShapeList(const Node& node) {
  std::string list;
  for (const ir::Value* v : node.inputs) {
    list += (list.empty() ? "" : ", ") + ir::ShapeToString(v->shape);
  }
  return list;
}

// ---------------------------------------------------------------------------------------------
// Division by a constant power of two.

}  // namespace

namespace {

// ---------------------------------------------------------------------------------------------
// General division: ap_fixed's operator/ (ap_fixed_base.h), as the HLS kernel loom_hls::divide.
//
// The dividend is first widened losslessly to num_t (its signedness and integer bits, fraction
// bits Fn = max(Fa, Fr + 1): a guard bit for a rounding result type). Then num / b has ap_fixed's
// quotient type (width Sb + Wn + max(Fb, 0), integer bits Sb + In + Fb, signed if either is) and
// raw value trunc((num_raw << max(Fb, 0)) / b_raw), C integer division; it is cast once to the
// result type. A zero divisor gives the result type's maximum (a > 0), minimum (a < 0; -maximum
// for AP_SAT_SYM, plan::DivisionMinimum) or 0, and counts as a result overflow.

// Widths beyond this are refused (the emulator divides in __int128).
constexpr int64_t kMaxDivWidth = 120;

struct DivTypes {
  WideType num;       // the widened dividend
  int num_shift = 0;  // Fn - Fa
  int b_shift = 0;    // max(Fb, 0): the dividend's extra left shift inside operator/
  WideType quotient;  // ap_fixed's RType::div of num_t and the divisor's type
};

ErrorOr<DivTypes> DivisionTypes(const Node& node, const FixedType& a, const FixedType& b,
                                const FixedType& res) {
  DivTypes t;
  t.num = DivisionNumType(a, res);
  const int64_t fn = t.num.frac_bits();
  int64_t fb = b.frac_bits();
  int64_t sb = b.is_signed ? 1 : 0;
  t.quotient = {sb + t.num.width + std::max<int64_t>(fb, 0), sb + a.int_bits + fb,
                a.is_signed || b.is_signed};
  if (t.quotient.width > kMaxDivWidth) {
    return NodeError(node, "dividing " + a.ToString() + " by " + b.ToString() + " into " +
                               res.ToString() + " needs a " + std::to_string(t.quotient.width) +
                               "-bit quotient, more than the emulator's limit of " +
                               std::to_string(kMaxDivWidth) +
                               "; use a result type with fewer fraction bits or a divisor type "
                               "with fewer fraction bits");
  }
  t.num_shift = static_cast<int>(fn - a.frac_bits());
  t.b_shift = static_cast<int>(std::max<int64_t>(fb, 0));
  return t;
}

class DivKernel final : public Kernel {
 public:
  DivKernel(const FixedType& a, const FixedType& b, const DivTypes& types, const FixedType& res,
            std::vector<int64_t> map_a, std::vector<int64_t> map_b, int64_t numel_a,
            int64_t numel_b, int64_t numel)
      : a_(a),
        b_(b),
        shift_(types.num_shift + types.b_shift),
        cast_(types.quotient, res),
        max_(res.max_raw()),
        min_(plan::DivisionMinimum(res)),
        map_a_(std::move(map_a)),
        map_b_(std::move(map_b)),
        numel_a_(numel_a),
        numel_b_(numel_b),
        numel_(numel),
        // The shifted dividend (at most width - Sb bits), the divisor and the quotient fit an
        // int64_t.
        narrow_(types.quotient.width <= 63 && (b.is_signed || b.width < 64)) {}

  void Run(const int64_t* const* in, int64_t* const* out, int64_t n,
           Counters& counters) const override {
    int64_t overflows = 0;
    for (int64_t s = 0; s < n; ++s) {
      const int64_t* xa = in[0] + s * numel_a_;
      const int64_t* xb = in[1] + s * numel_b_;
      int64_t* y = out[0] + s * numel_;
      for (int64_t e = 0; e < numel_; ++e) {
        int128 a = static_cast<int128>(Bits(xa[map_a_.empty() ? e : map_a_[e]], a_));
        int128 b = static_cast<int128>(Bits(xb[map_b_.empty() ? e : map_b_[e]], b_));
        if (b == 0) {
          y[e] = a > 0 ? max_ : a < 0 ? min_ : 0;
          ++overflows;
          continue;
        }
        int128 q;
        if (narrow_) {
          auto num = static_cast<int64_t>(static_cast<uint64_t>(a) << shift_);
          q = num / static_cast<int64_t>(b);
        } else {
          q = static_cast<int128>(static_cast<uint128>(a) << shift_) / b;
        }
        y[e] = cast_.Apply(static_cast<uint128>(q), overflows);
      }
    }
    counters.values += n * numel_;
    counters.result_overflow += overflows;
  }

 private:
  FixedType a_;
  FixedType b_;
  int shift_;
  WideCast cast_;
  int64_t max_;
  int64_t min_;
  std::vector<int64_t> map_a_;
  std::vector<int64_t> map_b_;
  int64_t numel_a_;
  int64_t numel_b_;
  int64_t numel_;
  bool narrow_;
};

// ---------------------------------------------------------------------------------------------
// Arithmetic kernels: add sub mul div sum max min.

enum class Combine { kAdd, kSub, kMul, kMax, kMin };

struct Operand {
  FixedType type;
  int shift = 0;                  // left shift onto the common fraction bits
  std::vector<int64_t> map;       // broadcast offsets (empty: same shape as the result)
  std::vector<int64_t> constant;  // raw values used instead of the input (div's reciprocal)
  int64_t numel = 0;
};

class NaryKernel final : public Kernel {
 public:
  NaryKernel(Combine combine, std::vector<Operand> operands, const WideType& wide,
             const FixedType& result, int64_t numel)
      : combine_(combine),
        operands_(std::move(operands)),
        wide_(wide),
        cast_(wide, result),
        numel_(numel) {}

  void Run(const int64_t* const* in, int64_t* const* out, int64_t n,
           Counters& counters) const override {
    std::vector<uint128> acc(numel_);
    int64_t overflows = 0;
    for (int64_t s = 0; s < n; ++s) {
      for (size_t i = 0; i < operands_.size(); ++i) {
        const Operand& op = operands_[i];
        const int64_t* x = op.constant.empty() ? in[i] + s * op.numel : op.constant.data();
        const int64_t* map = op.map.empty() ? nullptr : op.map.data();
        for (int64_t e = 0; e < numel_; ++e) {
          uint128 v = Bits(x[map ? map[e] : e], op.type) << op.shift;
          if (i == 0) {
            acc[e] = v;
            continue;
          }
          switch (combine_) {
            case Combine::kAdd:
              acc[e] += v;
              break;
            case Combine::kSub:
              acc[e] -= v;
              break;
            case Combine::kMul:
              acc[e] *= v;
              break;
            case Combine::kMax:
              if (wide_.is_signed ? static_cast<int128>(v) > static_cast<int128>(acc[e])
                                  : v > acc[e]) {
                acc[e] = v;
              }
              break;
            case Combine::kMin:
              if (wide_.is_signed ? static_cast<int128>(v) < static_cast<int128>(acc[e])
                                  : v < acc[e]) {
                acc[e] = v;
              }
              break;
          }
        }
      }
      int64_t* y = out[0] + s * numel_;
      for (int64_t e = 0; e < numel_; ++e) y[e] = cast_.Apply(acc[e], overflows);
    }
    counters.values += n * numel_;
    counters.result_overflow += overflows;
  }

 private:
  Combine combine_;
  std::vector<Operand> operands_;
  WideType wide_;  // type of the exact combination
  WideCast cast_;
  int64_t numel_;
};

// A general division (the divisor is not a constant power of two); the shapes are checked.
ErrorOr<std::unique_ptr<Kernel>> MakeDiv(const KernelContext& ctx,
                                         const std::vector<Shape>& shapes) {
  const Node& node = ctx.node;
  const Shape& out_shape = node.outputs[0]->shape;
  auto types = DivisionTypes(node, ctx.inputs[0], ctx.inputs[1], ctx.outputs[0]);
  if (!types.ok()) return types.error();
  return std::unique_ptr<Kernel>(std::make_unique<DivKernel>(
      ctx.inputs[0], ctx.inputs[1], types.value(), ctx.outputs[0],
      *BroadcastMap(shapes[0], out_shape), *BroadcastMap(shapes[1], out_shape),
      ir::NumElements(shapes[0]), ir::NumElements(shapes[1]), ir::NumElements(out_shape)));
}

ErrorOr<std::unique_ptr<Kernel>> MakeNary(const KernelContext& ctx) {
  const Node& node = ctx.node;
  if (auto e = CheckArity(node, ctx.inputs.size())) return *e;
  std::vector<Shape> shapes;
  for (const ir::Value* v : node.inputs) shapes.push_back(v->shape);
  std::optional<Shape> shape = BroadcastShapes(shapes);
  const Shape& out_shape = node.outputs[0]->shape;
  if (!shape || *shape != out_shape) {
    return NodeError(node,
                     "input shapes " + ShapeList(node) +
                         (shape ? " broadcast to " + ir::ShapeToString(*shape) +
                                      ", not to the output shape " + ir::ShapeToString(out_shape)
                                : " do not broadcast") +
                         "; fix the model's shapes");
  }
  std::vector<FixedType> types = ctx.inputs;
  std::vector<int64_t> constant;
  if (node.op == OpKind::kDiv) {
    auto r = DivisorReciprocal(node, ctx.inputs[1]);
    if (!r) return MakeDiv(ctx, shapes);
    types[1] = r->type;
    constant = std::move(r->raw);
  }
  auto wide = MergeExactType(node, ctx.inputs);
  if (!wide.ok()) return wide.error();
  Combine combine = Combine::kAdd;
  switch (node.op) {
    case OpKind::kSub:
      combine = Combine::kSub;
      break;
    case OpKind::kMul:
    case OpKind::kDiv:
      combine = Combine::kMul;
      break;
    case OpKind::kMax:
      combine = Combine::kMax;
      break;
    case OpKind::kMin:
      combine = Combine::kMin;
      break;
    default:
      break;
  }
  std::vector<Operand> operands;
  for (size_t i = 0; i < types.size(); ++i) {
    Operand op;
    op.type = types[i];
    op.shift = combine == Combine::kMul
                   ? 0
                   : static_cast<int>(wide.value().frac_bits() - types[i].frac_bits());
    op.map = *BroadcastMap(shapes[i], out_shape);
    op.numel = ir::NumElements(shapes[i]);
    if (i == 1 && node.op == OpKind::kDiv) op.constant = constant;
    operands.push_back(std::move(op));
  }
  return std::unique_ptr<Kernel>(std::make_unique<NaryKernel>(
      combine, std::move(operands), wide.value(), ctx.outputs[0], ir::NumElements(out_shape)));
}

// ---------------------------------------------------------------------------------------------
// compare: both inputs on a common grid (their exact union type), compared exactly; the truth
// value, ufixed<1,1> 1 or 0, cast once to the result type (as ap_uint<1> assigned in HLS).

enum class Relation { kGreater, kGreaterOrEqual, kLess, kLessOrEqual, kEqual };

class CompareKernel final : public Kernel {
 public:
  CompareKernel(Relation relation, std::vector<Operand> operands, bool is_signed,
                const FixedType& result, int64_t numel)
      : relation_(relation),
        operands_(std::move(operands)),
        signed_(is_signed),
        cast_(WideType{1, 1, false}, result),
        numel_(numel) {}

  void Run(const int64_t* const* in, int64_t* const* out, int64_t n,
           Counters& counters) const override {
    int64_t overflows = 0;
    int64_t dummy = 0;
    const int64_t truth[2] = {cast_.Apply(0, dummy), cast_.Apply(1, dummy)};
    const bool one_overflows = dummy != 0;
    const Operand& a = operands_[0];
    const Operand& b = operands_[1];
    for (int64_t s = 0; s < n; ++s) {
      const int64_t* xa = in[0] + s * a.numel;
      const int64_t* xb = in[1] + s * b.numel;
      int64_t* y = out[0] + s * numel_;
      for (int64_t e = 0; e < numel_; ++e) {
        uint128 ua = Bits(xa[a.map.empty() ? e : a.map[e]], a.type) << a.shift;
        uint128 ub = Bits(xb[b.map.empty() ? e : b.map[e]], b.type) << b.shift;
        bool gt = signed_ ? static_cast<int128>(ua) > static_cast<int128>(ub) : ua > ub;
        bool eq = ua == ub;
        bool r = false;
        switch (relation_) {
          case Relation::kGreater:
            r = gt;
            break;
          case Relation::kGreaterOrEqual:
            r = gt || eq;
            break;
          case Relation::kLess:
            r = !gt && !eq;
            break;
          case Relation::kLessOrEqual:
            r = !gt;
            break;
          case Relation::kEqual:
            r = eq;
            break;
        }
        y[e] = truth[r ? 1 : 0];
        overflows += r && one_overflows ? 1 : 0;
      }
    }
    counters.values += n * numel_;
    counters.result_overflow += overflows;
  }

 private:
  Relation relation_;
  std::vector<Operand> operands_;
  bool signed_;
  WideCast cast_;
  int64_t numel_;
};

ErrorOr<std::unique_ptr<Kernel>> MakeCompare(const KernelContext& ctx) {
  const Node& node = ctx.node;
  if (node.inputs.size() != 2 || ctx.inputs.size() != 2) {
    return NodeError(node, "expects 2 inputs but has " + std::to_string(node.inputs.size()));
  }
  std::vector<Shape> shapes = {node.inputs[0]->shape, node.inputs[1]->shape};
  std::optional<Shape> shape = BroadcastShapes(shapes);
  const Shape& out_shape = node.outputs[0]->shape;
  if (!shape || *shape != out_shape) {
    return NodeError(node, "input shapes " + ShapeList(node) +
                               " do not broadcast to the output shape " +
                               ir::ShapeToString(out_shape) + "; fix the model's shapes");
  }
  auto common = GrownUnion(ctx.inputs, 0, node);
  if (!common.ok()) return common.error();
  const std::string kind = ir::StringAttr(node, "kind");
  Relation relation = Relation::kGreater;
  if (kind == "greater_or_equal") {
    relation = Relation::kGreaterOrEqual;
  } else if (kind == "less") {
    relation = Relation::kLess;
  } else if (kind == "less_or_equal") {
    relation = Relation::kLessOrEqual;
  } else if (kind == "equal") {
    relation = Relation::kEqual;
  } else if (kind != "greater") {
    return NodeError(node, "unknown comparison '" + kind + "'");
  }
  std::vector<Operand> operands;
  for (size_t i = 0; i < 2; ++i) {
    Operand op;
    op.type = ctx.inputs[i];
    op.shift = static_cast<int>(common.value().frac_bits() - ctx.inputs[i].frac_bits());
    op.map = *BroadcastMap(shapes[i], out_shape);
    op.numel = ir::NumElements(shapes[i]);
    operands.push_back(std::move(op));
  }
  return std::unique_ptr<Kernel>(
      std::make_unique<CompareKernel>(relation, std::move(operands), common.value().is_signed,
                                      ctx.outputs[0], ir::NumElements(out_shape)));
}

// ---------------------------------------------------------------------------------------------
// The relu family.

std::optional<Error> CheckUnary(const Node& node, const KernelContext& ctx) {
  if (node.inputs.size() != 1 || ctx.inputs.size() != 1) {
    return NodeError(node, "expects 1 input but has " + std::to_string(node.inputs.size()));
  }
  if (node.outputs[0]->shape != node.inputs[0]->shape) {
    return NodeError(node, "output shape " + ir::ShapeToString(node.outputs[0]->shape) +
                               " differs from the input shape " +
                               ir::ShapeToString(node.inputs[0]->shape) +
                               "; an elementwise op keeps its shape");
  }
  return std::nullopt;
}

// relu (threshold 0) and thresholded_relu: x > theta ? (res_T)x : 0.
// y = x > t ? x << shift : 0, branch-free (after a dense layer the signs are random).
LOOM_SIM_CLONES void ThresholdShift(const int64_t* x, int64_t* y, int64_t n, int64_t t, int shift) {
  for (int64_t e = 0; e < n; ++e) {
    int64_t v = x[e];
    y[e] = (v << shift) & -static_cast<int64_t>(v > t);
  }
}

class ThresholdKernel final : public Kernel {
 public:
  ThresholdKernel(const FixedType& in, const FixedType& res, int128 threshold, int64_t numel)
      : in_(in), cast_(WideType::Of(in), res), threshold_(threshold), numel_(numel) {
    // Fast path: every value that passes the threshold fits the result exactly (relu into the
    // same type, or into the unsigned type one bit narrower), so the cast is a left shift.
    int64_t shift = res.frac_bits() - in.frac_bits();
    bool fits_in_int64 = in.is_signed || in.width < 64;
    int128 in_max = fits_in_int64 ? int128{in.max_raw()} : 0;
    bool range_ok = shift >= 0 && shift < 62 && fits_in_int64 &&
                    (res.is_signed || res.width < 64) && (in_max << shift) <= int128{res.max_raw()};
    if (range_ok && threshold >= -1 && threshold < INT64_MAX) {
      shift_ = static_cast<int>(shift);
      fast_threshold_ = static_cast<int64_t>(threshold);
      fast_ = true;
    }
  }

  void Run(const int64_t* const* in, int64_t* const* out, int64_t n,
           Counters& counters) const override {
    int64_t overflows = 0;
    const int64_t total = n * numel_;
    if (fast_) {
      ThresholdShift(in[0], out[0], total, fast_threshold_, shift_);
      counters.values += total;
      return;
    }
    for (int64_t e = 0; e < total; ++e) {
      uint128 x = Bits(in[0][e], in_);
      out[0][e] = static_cast<int128>(x) > threshold_ ? cast_.Apply(x, overflows) : 0;
    }
    counters.values += total;
    counters.result_overflow += overflows;
  }

  std::optional<ReluForm> AsRelu() const override {
    if (!fast_) return std::nullopt;
    return ReluForm{fast_threshold_, shift_};
  }

 private:
  FixedType in_;
  WideCast cast_;
  int128 threshold_;  // on the input's grid: x > theta exactly when raw > threshold_
  int64_t numel_;
  bool fast_ = false;
  int shift_ = 0;
  int64_t fast_threshold_ = 0;
};

// leaky_relu and prelu: x > 0 ? (res_T)x : (res_T)(alpha * x), alpha constant or per element.
class LeakyKernel final : public Kernel {
 public:
  LeakyKernel(const FixedType& in, const FixedType& alpha_type, const FixedType& res,
              std::vector<int64_t> alpha, bool alpha_is_input, std::vector<int64_t> map,
              int64_t numel, int64_t alpha_numel)
      : in_(in),
        alpha_type_(alpha_type),
        pos_(WideType::Of(in), res),
        neg_(fixed::ProductType(WideType::Of(alpha_type), WideType::Of(in)), res),
        alpha_(std::move(alpha)),
        alpha_is_input_(alpha_is_input),
        map_(std::move(map)),
        numel_(numel),
        alpha_numel_(alpha_numel) {}

  void Run(const int64_t* const* in, int64_t* const* out, int64_t n,
           Counters& counters) const override {
    int64_t overflows = 0;
    for (int64_t s = 0; s < n; ++s) {
      const int64_t* x = in[0] + s * numel_;
      const int64_t* a = alpha_is_input_ ? in[1] + s * alpha_numel_ : alpha_.data();
      int64_t* y = out[0] + s * numel_;
      for (int64_t e = 0; e < numel_; ++e) {
        uint128 v = Bits(x[e], in_);
        if (static_cast<int128>(v) > 0) {
          y[e] = pos_.Apply(v, overflows);
        } else {
          int64_t ae = alpha_numel_ == 1 ? a[0] : a[map_.empty() ? e : map_[e]];
          y[e] = neg_.Apply(Bits(ae, alpha_type_) * v, overflows);
        }
      }
    }
    counters.values += n * numel_;
    counters.result_overflow += overflows;
  }

 private:
  FixedType in_;
  FixedType alpha_type_;
  WideCast pos_;
  WideCast neg_;
  std::vector<int64_t> alpha_;  // constant alphas (when !alpha_is_input_), shaped as alpha
  bool alpha_is_input_;
  std::vector<int64_t> map_;  // alpha offset per element of x (empty: same shape)
  int64_t numel_;
  int64_t alpha_numel_;
};

// clip: (res_T)min(max(x, lo), hi) with lo and hi quantized to the "param" type.
class ClipKernel final : public Kernel {
 public:
  ClipKernel(const FixedType& in, const FixedType& res, std::optional<int128> below,
             std::optional<int128> above, int64_t lo_res, bool lo_over, int64_t hi_res,
             bool hi_over, bool lo_above_hi, int64_t numel)
      : in_(in),
        cast_(WideType::Of(in), res),
        below_(below),
        above_(above),
        lo_res_(lo_res),
        lo_over_(lo_over),
        hi_res_(hi_res),
        hi_over_(hi_over),
        lo_above_hi_(lo_above_hi),
        numel_(numel) {}

  void Run(const int64_t* const* in, int64_t* const* out, int64_t n,
           Counters& counters) const override {
    int64_t overflows = 0;
    const int64_t total = n * numel_;
    for (int64_t e = 0; e < total; ++e) {
      uint128 x = Bits(in[0][e], in_);
      int128 v = static_cast<int128>(x);
      if (below_ && v < *below_) {
        // max(x, lo) is lo; min(lo, hi) is hi when lo > hi.
        if (lo_above_hi_) {
          out[0][e] = hi_res_;
          overflows += hi_over_;
        } else {
          out[0][e] = lo_res_;
          overflows += lo_over_;
        }
      } else if (above_ && v > *above_) {
        out[0][e] = hi_res_;
        overflows += hi_over_;
      } else {
        out[0][e] = cast_.Apply(x, overflows);
      }
    }
    counters.values += total;
    counters.result_overflow += overflows;
  }

 private:
  FixedType in_;
  WideCast cast_;
  std::optional<int128> below_;  // x < lo exactly when raw < below_
  std::optional<int128> above_;  // x > hi exactly when raw > above_
  int64_t lo_res_;
  bool lo_over_;
  int64_t hi_res_;
  bool hi_over_;
  bool lo_above_hi_;
  int64_t numel_;
};

// abs and neg: -x exactly (NegationType) when negating, then one cast to the result type.
// abs, neg and sign: the exact result formed in a wide type (NegationType; SignumType for sign),
// then one cast.
class SignKernel final : public Kernel {
 public:
  SignKernel(const FixedType& in, OpKind op, const FixedType& res, int64_t numel)
      : in_(in),
        op_(op),
        cast_(op == OpKind::kSign ? SignumType() : NegationType(in), res),
        numel_(numel) {}

  void Run(const int64_t* const* in, int64_t* const* out, int64_t n,
           Counters& counters) const override {
    int64_t overflows = 0;
    const int64_t total = n * numel_;
    for (int64_t e = 0; e < total; ++e) {
      auto x = static_cast<int128>(Bits(in[0][e], in_));
      int128 y = op_ == OpKind::kSign  ? (x > 0) - (x < 0)
                 : op_ == OpKind::kAbs ? (x >= 0 ? x : -x)
                                       : -x;
      out[0][e] = cast_.Apply(static_cast<uint128>(y), overflows);
    }
    counters.values += total;
    counters.result_overflow += overflows;
  }

 private:
  FixedType in_;
  OpKind op_;
  WideCast cast_;
  int64_t numel_;
};

// hard_sigmoid as hls4ml: d = slope * x + shift (exact); d = d > 1 ? 1 : d < 0 ? 0 : d;
// (res_T)d. hard_swish: (res_T)(x * h) with h that clamped d (exactly 1 when above 1).
class HardKernel final : public Kernel {
 public:
  HardKernel(const FixedType& in, HardParts parts, bool swish, const WideType& from,
             const FixedType& res, int64_t numel)
      : in_(in), p_(parts), swish_(swish), cast_(from, res), numel_(numel) {}

  void Run(const int64_t* const* in, int64_t* const* out, int64_t n,
           Counters& counters) const override {
    int64_t overflows = 0;
    const int64_t total = n * numel_;
    const uint128 slope = Bits(p_.slope, p_.slope_type);
    const uint128 shift = Bits(p_.shift, p_.shift_type) << p_.shift_align;
    for (int64_t e = 0; e < total; ++e) {
      uint128 x = Bits(in[0][e], in_);
      uint128 d = ((slope * x) << p_.product_align) + shift;
      int128 v = static_cast<int128>(d);
      if (!swish_) {
        if (v > p_.one) {
          d = p_.one_stored;
        } else if (v < 0) {
          d = 0;
        }
        out[0][e] = cast_.Apply(d, overflows);
      } else {
        uint128 h = v > p_.one ? static_cast<uint128>(p_.one) : v < 0 ? 0 : d;
        out[0][e] = cast_.Apply(x * h, overflows);
      }
    }
    counters.values += total;
    counters.result_overflow += overflows;
  }

 private:
  FixedType in_;
  HardParts p_;
  bool swish_;
  WideCast cast_;
  int64_t numel_;
};

ErrorOr<std::unique_ptr<Kernel>> MakeActivation(const KernelContext& ctx) {
  const Node& node = ctx.node;
  const FixedType& res = ctx.outputs[0];
  if (node.op == OpKind::kPRelu && node.inputs.size() == 2 && ctx.inputs.size() == 2) {
    if (node.outputs[0]->shape != node.inputs[0]->shape) {
      return NodeError(node, "output shape differs from the input shape; fix the model's shapes");
    }
    auto map = BroadcastMap(node.inputs[1]->shape, node.inputs[0]->shape);
    if (!map) {
      return NodeError(node, "slope of shape " + ir::ShapeToString(node.inputs[1]->shape) +
                                 " does not broadcast to the input shape " +
                                 ir::ShapeToString(node.inputs[0]->shape));
    }
    int64_t numel = ir::NumElements(node.inputs[0]->shape);
    return std::unique_ptr<Kernel>(std::make_unique<LeakyKernel>(
        ctx.inputs[0], ctx.inputs[1], res, std::vector<int64_t>{}, true, std::move(*map), numel,
        ir::NumElements(node.inputs[1]->shape)));
  }
  if (auto e = CheckUnary(node, ctx)) return *e;
  const FixedType& in = ctx.inputs[0];
  int64_t numel = ir::NumElements(node.inputs[0]->shape);
  switch (node.op) {
    case OpKind::kRelu:
      return std::unique_ptr<Kernel>(std::make_unique<ThresholdKernel>(in, res, 0, numel));
    case OpKind::kAbs:
    case OpKind::kNeg:
    case OpKind::kSign:
      if (NegationType(in).width > 128) return NodeError(node, "input wider than 127 bits");
      return std::unique_ptr<Kernel>(std::make_unique<SignKernel>(in, node.op, res, numel));
    case OpKind::kThresholdedRelu: {
      auto pt = NodeType(node, "param");
      if (!pt.ok()) return pt.error();
      auto theta = QuantizedConsts(node, "param", pt.value());
      if (!theta.ok()) return theta.error();
      int128 thr =
          FloorOnGrid(Bits(theta.value()[0], pt.value()), pt.value().frac_bits(), in.frac_bits());
      return std::unique_ptr<Kernel>(std::make_unique<ThresholdKernel>(in, res, thr, numel));
    }
    case OpKind::kLeakyRelu:
    case OpKind::kPRelu: {
      if (node.op == OpKind::kPRelu && node.param("slope") == nullptr) {
        return NodeError(node, "needs a slope: a second input or a 'slope' param");
      }
      auto pt = NodeType(node, "param");
      if (!pt.ok()) return pt.error();
      auto alpha = QuantizedConsts(node, "param", pt.value());
      if (!alpha.ok()) return alpha.error();
      std::vector<int64_t> map;
      int64_t alpha_numel = 1;
      if (node.op == OpKind::kPRelu) {
        const ir::Tensor* slope = node.param("slope");
        auto m = BroadcastMap(slope->shape, node.inputs[0]->shape);
        if (!m || slope->size() != ir::NumElements(slope->shape)) {
          return NodeError(node, "param 'slope' of shape " + ir::ShapeToString(slope->shape) +
                                     " does not broadcast to the input shape " +
                                     ir::ShapeToString(node.inputs[0]->shape));
        }
        map = std::move(*m);
        alpha_numel = slope->size();
      }
      return std::unique_ptr<Kernel>(
          std::make_unique<LeakyKernel>(in, pt.value(), res, std::move(alpha.value()), false,
                                        std::move(map), numel, alpha_numel));
    }
    case OpKind::kClip: {
      bool has_lo = node.attrs.Has("min");
      bool has_hi = node.attrs.Has("max");
      std::optional<int128> below;
      std::optional<int128> above;
      int64_t lo_res = 0;
      int64_t hi_res = 0;
      CastFlags lo_flags;
      CastFlags hi_flags;
      bool lo_above_hi = false;
      if (has_lo || has_hi) {
        auto pt = NodeType(node, "param");
        if (!pt.ok()) return pt.error();
        auto bounds = QuantizedConsts(node, "param", pt.value());
        if (!bounds.ok()) return bounds.error();
        const FixedType& p = pt.value();
        int64_t fp = p.frac_bits();
        if (has_lo) {
          int128 lo = static_cast<int128>(Bits(bounds.value()[0], p));
          below = -FloorOnGrid(-lo, fp, in.frac_bits());  // ceil on the input's grid
          lo_res = fixed::Cast(bounds.value()[0], p, res, &lo_flags);
        }
        if (has_hi) {
          int64_t hi_raw = bounds.value()[has_lo ? 1 : 0];
          above = FloorOnGrid(static_cast<int128>(Bits(hi_raw, p)), fp, in.frac_bits());
          hi_res = fixed::Cast(hi_raw, p, res, &hi_flags);
          lo_above_hi = has_lo && fixed::Compare(bounds.value()[0], p, hi_raw, p) > 0;
        }
      }
      return std::unique_ptr<Kernel>(std::make_unique<ClipKernel>(
          in, res, below, above, lo_res, lo_flags.overflow || lo_flags.underflow, hi_res,
          hi_flags.overflow || hi_flags.underflow, lo_above_hi, numel));
    }
    case OpKind::kHardSigmoid:
    case OpKind::kHardSwish: {
      auto parts = MakeHardParts(node, in);
      if (!parts.ok()) return parts.error();
      bool swish = node.op == OpKind::kHardSwish;
      WideType from = parts.value().sum;
      if (swish) {
        auto prod = SwishProduct(node, in, parts.value());
        if (!prod.ok()) return prod.error();
        from = prod.value();
      }
      return std::unique_ptr<Kernel>(
          std::make_unique<HardKernel>(in, parts.value(), swish, from, res, numel));
    }
    default:
      break;
  }
  return NodeError(node, "internal: not an elementwise op");
}

// ---------------------------------------------------------------------------------------------
// The family.

ErrorOr<std::unique_ptr<Kernel>> ElementwiseMake(const KernelContext& ctx) {
  if (ctx.outputs.size() != 1 || ctx.node.outputs.size() != 1) {
    return NodeError(ctx.node, "expects 1 output");
  }
  if (IsArithmetic(ctx.node.op)) return MakeNary(ctx);
  if (ctx.node.op == OpKind::kCompare) return MakeCompare(ctx);
  return MakeActivation(ctx);
}

}  // namespace

const Family kElementwiseFamily = {ElementwiseMake};

}  // namespace loom::sim
