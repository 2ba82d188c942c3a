// HLS emitters for elementwise ops and the ReLU family
// (kernels/hls/loom/loom_elementwise.h): the emulator's exact intermediates as ap_fixed types and
// its constants quantized to the node's types, so C-simulation matches it bit for bit.
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "backends/hls/emit.h"
#include "loom/fixed/fixed_value.h"
#include "plan/plan.h"

namespace loom::hls {
namespace {

using fixed::FixedType;
using fixed::int128;
using fixed::WideType;
using ir::Node;
using ir::OpKind;
using ir::Shape;

std::string U(int64_t v) { return std::to_string(v); }

// An exact intermediate of up to 128 bits (wider than FixedType allows) as an ap_fixed type.
std::string WideAp(const WideType& w) {
  return std::string(w.is_signed ? "ap_fixed<" : "ap_ufixed<") + U(w.width) + "," + U(w.int_bits) +
         ">";
}

int128 MinRaw(const FixedType& t) { return t.min_raw(); }
int128 MaxRaw(const FixedType& t) {
  return t.is_signed ? int128{t.max_raw()} : int128{static_cast<uint64_t>(t.max_raw())};
}
int128 Value128(int64_t raw, const FixedType& t) {
  return static_cast<int128>(fixed::Widen(raw, t).bits);
}

// numpy broadcasting of `in` onto `out` as the emulator reads it (leading size-1 axes of `in`
// dropped): the element of `in` for each element of `out`, or nothing when `in` is `out`'s shape.
// An error when it does not broadcast.
ErrorOr<std::optional<std::vector<int64_t>>> BroadcastMap(const Node& node, const Shape& in,
                                                          const Shape& out) {
  auto map = plan::BroadcastMap(in, out);
  if (!map) {
    return LayerError(node, "shape " + ir::ShapeToString(in) + " does not broadcast to " +
                                ir::ShapeToString(out) + "; fix the model's shapes");
  }
  if (map->empty()) return std::optional<std::vector<int64_t>>();
  return map;
}

// An operand's map argument: a table in `weights` when broadcast, else loom_hls::no_map.
struct MapArg {
  std::string arg = "loom_hls::no_map";
  bool broadcast = false;
};

ErrorOr<MapArg> AddMap(const Node& node, const Shape& in, const Shape& out, const std::string& name,
                       std::string& weights) {
  auto map = BroadcastMap(node, in, out);
  if (!map.ok()) return map.error();
  MapArg m;
  if (!map.value()) return m;
  weights += IntArray("unsigned", name, *map.value());
  m.arg = name;
  m.broadcast = true;
  return m;
}

// ---------------------------------------------------------------------------------------------
// add sub mul div max min sum.

// A div by a constant power of two is an exact multiplication by the reciprocals
// (plan::DivisorReciprocal decides, for the emulator too); any other is a general division.

// ap_int's widest type (AP_INT_MAX_W's default).
constexpr int64_t kMaxApWidth = 1024;

// A general division (loom_hls::divide): num_t widens the dividend to max(Fa, Fr + 1) fraction
// bits, the quotient is ap_fixed's operator/, the limits of a zero divisor are result_t's minimum
// and maximum (as the emulator's DivKernel).
ErrorOr<LayerCode> EmitDivide(const EmitContext& ctx) {
  const Node& node = ctx.node;
  const FixedType& a = ctx.input_fixed[0];
  const FixedType& b = ctx.input_fixed[1];
  const FixedType& res = ctx.output_fixed[0];
  const WideType num = plan::DivisionNumType(a, res);
  const int64_t div_w = (b.is_signed ? 1 : 0) + num.width + std::max<int64_t>(b.frac_bits(), 0);
  if (div_w > kMaxApWidth) {
    return LayerError(node, "dividing " + a.ToString() + " by " + b.ToString() + " into " +
                                res.ToString() + " needs a " + U(div_w) +
                                "-bit quotient, more than ap_fixed's " + U(kMaxApWidth) +
                                "; use a result or divisor type with fewer fraction bits");
  }

  const Shape& out = node.outputs[0]->shape;
  LayerCode code;
  code.headers = {"loom_elementwise.h"};
  std::vector<MapArg> maps;
  for (size_t i = 0; i < 2; ++i) {
    auto m = AddMap(node, node.inputs[i]->shape, out, ctx.id + "_map" + U(static_cast<int64_t>(i)),
                    code.weights);
    if (!m.ok()) return m.error();
    maps.push_back(m.value());
  }
  const std::string limit = ctx.id + "_limit";
  auto l = AddConstants(node, ctx.output_types[0], res, limit,
                        {plan::DivisionMinimum(res), res.max_raw()}, code.weights);
  if (!l.ok()) return l.error();
  const std::string cfg = ctx.id + "_config";
  code.config = ConfigStruct(
      cfg,
      {TypedefLine(ctx.input_types[0], "input1_t"), TypedefLine(ctx.input_types[1], "input2_t"),
       TypedefLine(WideAp(num), "num_t"), TypedefLine(ctx.output_types[0], "result_t"),
       UnsignedMember("n_in1", ir::NumElements(node.inputs[0]->shape)),
       UnsignedMember("n_in2", ir::NumElements(node.inputs[1]->shape)),
       UnsignedMember("n_out", ir::NumElements(out)), BoolMember("broadcast1", maps[0].broadcast),
       BoolMember("broadcast2", maps[1].broadcast),
       UnsignedMember("n_map1", maps[0].broadcast ? ir::NumElements(out) : 1),
       UnsignedMember("n_map2", maps[1].broadcast ? ir::NumElements(out) : 1)});
  code.call = "  loom_hls::divide<" + cfg + ">(" + ctx.inputs[0] + ", " + ctx.inputs[1] + ", " +
              ctx.outputs[0] + ", " + maps[0].arg + ", " + maps[1].arg + ", " + limit + ");\n";
  return code;
}

ErrorOr<LayerCode> EmitMerge(const EmitContext& ctx) {
  const Node& node = ctx.node;
  size_t k = node.inputs.size();
  bool binary = node.op == OpKind::kAdd || node.op == OpKind::kSub || node.op == OpKind::kMul ||
                node.op == OpKind::kDiv;
  if (binary ? k != 2 : k < 1) {
    return LayerError(node, std::string("expects ") + (binary ? "2 inputs" : "1 or more inputs") +
                                " but has " + U(static_cast<int64_t>(k)));
  }
  const Shape& out = node.outputs[0]->shape;
  const int64_t n = ir::NumElements(out);
  std::vector<FixedType> types = ctx.input_fixed;
  std::vector<std::string> args = ctx.inputs;
  std::vector<std::string> arg_types = ctx.input_types;
  LayerCode code;
  code.headers = {"loom_elementwise.h"};
  std::string op;
  switch (node.op) {
    case OpKind::kAdd:
    case OpKind::kSum:
      op = "merge_add";
      break;
    case OpKind::kSub:
      op = "merge_sub";
      break;
    case OpKind::kMul:
      op = "merge_mul";
      break;
    case OpKind::kDiv: {
      // Division by +-2^k is an exact multiplication by the reciprocal (a constant of its own
      // exact type); the divisor's own array is not read. Any other divisor: EmitDivide.
      auto r = plan::DivisorReciprocal(node, types[1]);
      if (!r) return EmitDivide(ctx);
      types[1] = r->type;
      args[1] = ctx.id + "_recip";
      arg_types[1] = r->type.ToApString();
      auto a = AddConstants(node, arg_types[1], types[1], args[1], r->raw, code.weights);
      if (!a.ok()) return a.error();
      op = "merge_mul";
      break;
    }
    case OpKind::kMax:
    case OpKind::kMin:
      op = node.op == OpKind::kMax ? "merge_max" : "merge_min";
      break;
    default:
      return LayerError(node, "internal: not an arithmetic op");
  }
  // The exact intermediate, as the emulator computes it.
  auto exact = plan::MergeExactType(node, ctx.input_fixed);
  if (!exact.ok()) return exact.error();
  const WideType acc = exact.value();
  std::vector<MapArg> maps;
  for (size_t i = 0; i < k; ++i) {
    auto m = AddMap(node, node.inputs[i]->shape, out, ctx.id + "_map" + U(static_cast<int64_t>(i)),
                    code.weights);
    if (!m.ok()) return m.error();
    maps.push_back(m.value());
  }
  const std::string acc_type = WideAp(acc);
  if (k == 1) {  // sum/max/min of one input: the cast alone (the input merged with itself)
    args.push_back(args[0]);
    arg_types.push_back(arg_types[0]);
    maps.push_back(maps[0]);
    op = node.op == OpKind::kSum ? "merge_max" : op;  // x max x == x; a sum would double it
    ++k;
  }
  // Step s merges (x0 or the previous step's accumulator) with x(s+1); the last step writes y.
  std::string prev = args[0];
  std::string prev_type = arg_types[0];
  int64_t prev_n = ir::NumElements(node.inputs[0]->shape);
  MapArg prev_map = maps[0];
  for (size_t s = 1; s < k; ++s) {
    bool last = s + 1 == k;
    std::string cfg =
        k == 2 ? ctx.id + "_config" : ctx.id + "_s" + U(static_cast<int64_t>(s)) + "_config";
    std::string dst = last ? ctx.outputs[0] : ctx.id + "_acc" + U(static_cast<int64_t>(s));
    int64_t in_n = s < node.inputs.size() ? ir::NumElements(node.inputs[s]->shape)
                                          : ir::NumElements(node.inputs[0]->shape);
    code.config +=
        ConfigStruct(cfg, {"static const loom_hls::merge_op_t op = loom_hls::" + op + ";",
                           TypedefLine(prev_type, "input1_t"),
                           TypedefLine(arg_types[s], "input2_t"), TypedefLine(acc_type, "accum_t"),
                           TypedefLine(last ? ctx.output_types[0] : acc_type, "result_t"),
                           UnsignedMember("n_in1", prev_n), UnsignedMember("n_in2", in_n),
                           UnsignedMember("n_out", n), BoolMember("broadcast1", prev_map.broadcast),
                           BoolMember("broadcast2", maps[s].broadcast),
                           UnsignedMember("n_map1", prev_map.broadcast ? n : 1),
                           UnsignedMember("n_map2", maps[s].broadcast ? n : 1)});
    if (!last) {
      code.call += "  " + acc_type + " " + dst + "[" + U(n) + "];\n" +
                   "#pragma HLS ARRAY_PARTITION variable = " + dst + " complete\n";
    }
    code.call += "  loom_hls::merge<" + cfg + ">(" + prev + ", " + args[s] + ", " + dst + ", " +
                 prev_map.arg + ", " + maps[s].arg + ");\n";
    prev = dst;
    prev_type = acc_type;
    prev_n = n;
    prev_map = MapArg();
  }
  return code;
}

// compare (loom_hls::compare): a and b compared exactly by ap_fixed's operators, the truth value
// assigned to result_t as ap_uint<1> (the emulator's CompareKernel).
ErrorOr<LayerCode> EmitCompare(const EmitContext& ctx) {
  const Node& node = ctx.node;
  if (node.inputs.size() != 2) {
    return LayerError(node,
                      "expects 2 inputs but has " + U(static_cast<int64_t>(node.inputs.size())));
  }
  const std::string kind = ir::StringAttr(node, "kind");
  static const char* const kKinds[][2] = {{"greater", "compare_gt"},
                                          {"greater_or_equal", "compare_ge"},
                                          {"less", "compare_lt"},
                                          {"less_or_equal", "compare_le"},
                                          {"equal", "compare_eq"}};
  std::string op;
  for (const auto& k : kKinds) {
    if (kind == k[0]) op = k[1];
  }
  if (op.empty()) return LayerError(node, "unknown comparison '" + kind + "'");
  const Shape& out = node.outputs[0]->shape;
  const int64_t n = ir::NumElements(out);
  LayerCode code;
  code.headers = {"loom_elementwise.h"};
  std::vector<MapArg> maps;
  for (size_t i = 0; i < 2; ++i) {
    auto m = AddMap(node, node.inputs[i]->shape, out, ctx.id + "_map" + U(static_cast<int64_t>(i)),
                    code.weights);
    if (!m.ok()) return m.error();
    maps.push_back(m.value());
  }
  const std::string cfg = ctx.id + "_config";
  code.config = ConfigStruct(
      cfg,
      {"static const loom_hls::compare_op_t op = loom_hls::" + op + ";",
       TypedefLine(ctx.input_types[0], "input1_t"), TypedefLine(ctx.input_types[1], "input2_t"),
       TypedefLine(ctx.output_types[0], "result_t"),
       UnsignedMember("n_in1", ir::NumElements(node.inputs[0]->shape)),
       UnsignedMember("n_in2", ir::NumElements(node.inputs[1]->shape)), UnsignedMember("n_out", n),
       BoolMember("broadcast1", maps[0].broadcast), BoolMember("broadcast2", maps[1].broadcast),
       UnsignedMember("n_map1", maps[0].broadcast ? n : 1),
       UnsignedMember("n_map2", maps[1].broadcast ? n : 1)});
  code.call = "  loom_hls::compare<" + cfg + ">(" + ctx.inputs[0] + ", " + ctx.inputs[1] + ", " +
              ctx.outputs[0] + ", " + maps[0].arg + ", " + maps[1].arg + ");\n";
  return code;
}

// ---------------------------------------------------------------------------------------------
// The ReLU family.

ErrorOr<bool> CheckUnary(const EmitContext& ctx) {
  const Node& node = ctx.node;
  if (node.inputs.size() != 1 || node.outputs[0]->shape != node.inputs[0]->shape) {
    return LayerError(node, "expects 1 input of the output's shape");
  }
  return true;
}

// relu / thresholded_relu: x > T (T the threshold on the input's grid, in raw units).
ErrorOr<LayerCode> EmitThreshold(const EmitContext& ctx) {
  const Node& node = ctx.node;
  auto u = CheckUnary(ctx);
  if (!u.ok()) return u.error();
  const FixedType& in = ctx.input_fixed[0];
  int128 threshold = 0;
  if (node.op == OpKind::kThresholdedRelu) {
    auto pt = NodeType(node, "param");
    if (!pt.ok()) return pt.error();
    int64_t theta = fixed::FromDouble(ir::FloatAttr(node, "alpha"), pt.value());
    threshold =
        plan::FloorOnGrid(Value128(theta, pt.value()), pt.value().frac_bits(), in.frac_bits());
  }
  // x > T exactly when x >= T + 1; below the input's range every value passes.
  int128 from = threshold + 1;
  bool none = from > MaxRaw(in);
  if (none || from < MinRaw(in)) from = MinRaw(in);
  LayerCode code;
  code.headers = {"loom_elementwise.h"};
  auto a = AddConstants(node, ctx.input_types[0], in, ctx.id + "_pass_from",
                        {static_cast<int64_t>(from)}, code.weights);
  if (!a.ok()) return a.error();
  std::string cfg = ctx.id + "_config";
  code.config = ConfigStruct(
      cfg,
      {TypedefLine(ctx.input_types[0], "input_t"), TypedefLine(ctx.output_types[0], "result_t"),
       UnsignedMember("n", ir::NumElements(node.inputs[0]->shape)), BoolMember("none_pass", none)});
  code.call = "  loom_hls::threshold_relu<" + cfg + ">(" + ctx.inputs[0] + ", " + ctx.outputs[0] +
              ", " + ctx.id + "_pass_from);\n";
  return code;
}

// abs and neg (loom_hls::abs_neg): -x formed exactly in wide_t (plan::NegationType), one cast;
// sign (loom_hls::signum): -1, 0 or 1 in wide_t (plan::SignumType), one cast.
ErrorOr<LayerCode> EmitSign(const EmitContext& ctx) {
  const Node& node = ctx.node;
  if (node.outputs[0]->shape != node.inputs[0]->shape) {
    return LayerError(node, "output shape differs from the input shape; fix the model's shapes");
  }
  const bool signum = node.op == OpKind::kSign;
  const WideType wide = signum ? plan::SignumType() : plan::NegationType(ctx.input_fixed[0]);
  if (wide.width > kMaxApWidth) return LayerError(node, "input too wide");
  LayerCode code;
  code.headers = {"loom_elementwise.h"};
  std::string cfg = ctx.id + "_config";
  std::vector<std::string> members = {TypedefLine(ctx.input_types[0], "input_t"),
                                      TypedefLine(WideAp(wide), "wide_t"),
                                      TypedefLine(ctx.output_types[0], "result_t"),
                                      UnsignedMember("n", ir::NumElements(node.inputs[0]->shape))};
  if (!signum) members.push_back(BoolMember("negate", node.op == OpKind::kNeg));
  code.config = ConfigStruct(cfg, members);
  code.call = "  loom_hls::" + std::string(signum ? "signum" : "abs_neg") + "<" + cfg + ">(" +
              ctx.inputs[0] + ", " + ctx.outputs[0] + ");\n";
  return code;
}

ErrorOr<LayerCode> EmitLeaky(const EmitContext& ctx) {
  const Node& node = ctx.node;
  const Shape& shape = node.inputs[0]->shape;
  if (node.outputs[0]->shape != shape) {
    return LayerError(node, "output shape differs from the input shape; fix the model's shapes");
  }
  LayerCode code;
  code.headers = {"loom_elementwise.h"};
  std::string alpha, alpha_type;
  int64_t n_alpha = 1;
  MapArg map;
  if (node.op == OpKind::kPRelu && node.inputs.size() == 2) {
    alpha = ctx.inputs[1];
    alpha_type = ctx.input_types[1];
    n_alpha = ir::NumElements(node.inputs[1]->shape);
    auto m = AddMap(node, node.inputs[1]->shape, shape, ctx.id + "_map", code.weights);
    if (!m.ok()) return m.error();
    map = m.value();
  } else {
    if (node.inputs.size() != 1) return LayerError(node, "expects 1 input");
    auto pt = NodeType(node, "param");
    if (!pt.ok()) return pt.error();
    std::vector<int64_t> raws;
    if (node.op == OpKind::kLeakyRelu) {
      raws.push_back(fixed::FromDouble(ir::FloatAttr(node, "alpha"), pt.value()));
    } else {
      const ir::Tensor* slope = node.param("slope");
      if (slope == nullptr) {
        return LayerError(node, "needs a slope: a second input or a 'slope' param");
      }
      for (float f : slope->data) raws.push_back(fixed::FromDouble(f, pt.value()));
      n_alpha = slope->size();
      if (n_alpha != 1) {
        auto m = AddMap(node, slope->shape, shape, ctx.id + "_map", code.weights);
        if (!m.ok()) return m.error();
        map = m.value();
      }
    }
    alpha = ctx.id + "_alpha";
    alpha_type = pt.value().ToApString();
    auto a = AddConstants(node, alpha_type, pt.value(), alpha, raws, code.weights);
    if (!a.ok()) return a.error();
  }
  std::string cfg = ctx.id + "_config";
  int64_t n = ir::NumElements(shape);
  code.config = ConfigStruct(
      cfg, {TypedefLine(ctx.input_types[0], "input_t"), TypedefLine(alpha_type, "alpha_t"),
            TypedefLine(ctx.output_types[0], "result_t"), UnsignedMember("n", n),
            UnsignedMember("n_alpha", n_alpha), BoolMember("broadcast", map.broadcast),
            UnsignedMember("n_map", map.broadcast ? n : 1)});
  code.call = "  loom_hls::leaky_relu<" + cfg + ">(" + ctx.inputs[0] + ", " + ctx.outputs[0] +
              ", " + alpha + ", " + map.arg + ");\n";
  return code;
}

// How a comparison of every input value with a constant comes out: never, always, or a compare
// with a raw value of the input type.
struct Bound {
  std::string mode = "loom_hls::bound_never";
  int64_t raw = 0;
};

// x < B for raws of `in` (B on the input's grid).
Bound Below(int128 b, const FixedType& in) {
  Bound r;
  if (b > MaxRaw(in)) {
    r.mode = "loom_hls::bound_always";
  } else if (b > MinRaw(in)) {
    r.mode = "loom_hls::bound_compare";
    r.raw = static_cast<int64_t>(b);
  }
  return r;
}

// x > A.
Bound Above(int128 a, const FixedType& in) {
  Bound r;
  if (a < MinRaw(in)) {
    r.mode = "loom_hls::bound_always";
  } else if (a < MaxRaw(in)) {
    r.mode = "loom_hls::bound_compare";
    r.raw = static_cast<int64_t>(a);
  }
  return r;
}

ErrorOr<LayerCode> EmitClip(const EmitContext& ctx) {
  const Node& node = ctx.node;
  auto u = CheckUnary(ctx);
  if (!u.ok()) return u.error();
  const FixedType& in = ctx.input_fixed[0];
  bool has_lo = node.attrs.Has("min");
  bool has_hi = node.attrs.Has("max");
  FixedType p = in;
  std::string param_type = ctx.input_types[0];
  std::vector<int64_t> bound = {0, 0};
  Bound lo, hi;
  bool lo_above_hi = false;
  if (has_lo || has_hi) {
    auto pt = NodeType(node, "param");
    if (!pt.ok()) return pt.error();
    p = pt.value();
    param_type = p.ToApString();
    const int64_t fp = p.frac_bits();
    if (has_lo) {
      bound[0] = fixed::FromDouble(ir::FloatAttr(node, "min"), p);
      // x < lo exactly when raw < ceil(lo on the input's grid).
      lo = Below(-plan::FloorOnGrid(-Value128(bound[0], p), fp, in.frac_bits()), in);
    }
    if (has_hi) {
      bound[1] = fixed::FromDouble(ir::FloatAttr(node, "max"), p);
      hi = Above(plan::FloorOnGrid(Value128(bound[1], p), fp, in.frac_bits()), in);
      lo_above_hi = has_lo && fixed::Compare(bound[0], p, bound[1], p) > 0;
    }
  }
  LayerCode code;
  code.headers = {"loom_elementwise.h"};
  auto a = AddConstants(node, param_type, p, ctx.id + "_bound", bound, code.weights);
  if (!a.ok()) return a.error();
  a = AddConstants(node, ctx.input_types[0], in, ctx.id + "_below", {lo.raw}, code.weights);
  if (!a.ok()) return a.error();
  a = AddConstants(node, ctx.input_types[0], in, ctx.id + "_above", {hi.raw}, code.weights);
  if (!a.ok()) return a.error();
  std::string cfg = ctx.id + "_config";
  code.config = ConfigStruct(
      cfg, {TypedefLine(ctx.input_types[0], "input_t"), TypedefLine(param_type, "param_t"),
            TypedefLine(ctx.output_types[0], "result_t"),
            UnsignedMember("n", ir::NumElements(node.inputs[0]->shape)),
            "static const loom_hls::bound_mode_t lo_mode = " + lo.mode + ";",
            "static const loom_hls::bound_mode_t hi_mode = " + hi.mode + ";",
            BoolMember("lo_above_hi", lo_above_hi)});
  code.call = "  loom_hls::clip<" + cfg + ">(" + ctx.inputs[0] + ", " + ctx.outputs[0] + ", " +
              ctx.id + "_bound, " + ctx.id + "_below, " + ctx.id + "_above);\n";
  return code;
}

constexpr double kHardSwishSlope = 1.0 / 6.0;
constexpr double kHardSwishShift = 0.5;

ErrorOr<LayerCode> EmitHard(const EmitContext& ctx) {
  const Node& node = ctx.node;
  auto u = CheckUnary(ctx);
  if (!u.ok()) return u.error();
  const FixedType& in = ctx.input_fixed[0];
  bool swish = node.op == OpKind::kHardSwish;
  auto slope_t = NodeType(node, "slope");
  if (!slope_t.ok()) return slope_t.error();
  auto shift_t = NodeType(node, "shift");
  if (!shift_t.ok()) return shift_t.error();
  double slope = swish ? kHardSwishSlope : ir::FloatAttr(node, "alpha");
  double shift = swish ? kHardSwishShift : ir::FloatAttr(node, "beta");
  WideType product = fixed::ProductType(WideType::Of(slope_t.value()), WideType::Of(in));
  auto sum = fixed::SumType(product, WideType::Of(shift_t.value()));
  if (!sum.ok()) return LayerError(node, sum.error().message() + "; use closer slope/shift types");
  if (!sum.value().is_signed && sum.value().width >= 128) {
    return LayerError(node, "slope * x + shift needs 128 bits; use closer slope/shift types");
  }
  LayerCode code;
  code.headers = {"loom_elementwise.h"};
  auto a = AddConstants(node, slope_t.value().ToApString(), slope_t.value(), ctx.id + "_slope",
                        {fixed::FromDouble(slope, slope_t.value())}, code.weights);
  if (!a.ok()) return a.error();
  a = AddConstants(node, shift_t.value().ToApString(), shift_t.value(), ctx.id + "_shift",
                   {fixed::FromDouble(shift, shift_t.value())}, code.weights);
  if (!a.ok()) return a.error();
  std::string cfg = ctx.id + "_config";
  std::vector<std::string> lines = {TypedefLine(ctx.input_types[0], "input_t"),
                                    TypedefLine(slope_t.value().ToApString(), "slope_t"),
                                    TypedefLine(shift_t.value().ToApString(), "shift_t"),
                                    TypedefLine(WideAp(sum.value()), "sum_t")};
  if (swish) {
    int64_t f = sum.value().frac_bits();
    if (f < 0) {
      return LayerError(node,
                        "slope * x has no fraction bits, so x/6 + 1/2 cannot be formed; give the "
                        "input or the slope type fraction bits");
    }
    WideType gate{f + 1, 1, false};
    if (fixed::ProductType(WideType::Of(in), gate).width > 128) {
      return LayerError(node,
                        "x * hard_sigmoid(x) needs more than 128 bits; use a narrower "
                        "input or slope type");
    }
    lines.push_back(TypedefLine(WideAp(gate), "gate_t"));
  }
  int64_t n = ir::NumElements(node.inputs[0]->shape);
  lines.push_back(TypedefLine(ctx.output_types[0], "result_t"));
  lines.push_back(UnsignedMember("n", n));
  code.config = ConfigStruct(cfg, lines);
  code.call = "  loom_hls::" + std::string(swish ? "hard_swish" : "hard_sigmoid") + "<" + cfg +
              ">(" + ctx.inputs[0] + ", " + ctx.outputs[0] + ", " + ctx.id + "_slope, " + ctx.id +
              "_shift);\n";
  return code;
}

}  // namespace

ErrorOr<LayerCode> EmitElementwise(const EmitContext& ctx) {
  if (ctx.outputs.size() != 1) return LayerError(ctx.node, "expects 1 output");
  switch (ctx.node.op) {
    case OpKind::kAdd:
    case OpKind::kSub:
    case OpKind::kMul:
    case OpKind::kDiv:
    case OpKind::kMax:
    case OpKind::kMin:
    case OpKind::kSum:
      return EmitMerge(ctx);
    case OpKind::kCompare:
      return EmitCompare(ctx);
    case OpKind::kRelu:
    case OpKind::kThresholdedRelu:
      return EmitThreshold(ctx);
    case OpKind::kAbs:
    case OpKind::kNeg:
    case OpKind::kSign:
      return EmitSign(ctx);
    case OpKind::kLeakyRelu:
    case OpKind::kPRelu:
      return EmitLeaky(ctx);
    case OpKind::kClip:
      return EmitClip(ctx);
    case OpKind::kHardSigmoid:
    case OpKind::kHardSwish:
      return EmitHard(ctx);
    default:
      return LayerError(ctx.node, "not an elementwise op");
  }
}

}  // namespace loom::hls
