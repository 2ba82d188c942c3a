// HLS emitters for lookup-table ops (kernels/hls/loom/loom_lut.h): the emulator's tables, built by
// the same code (plan/lut_tables.h), written as constant arrays.
#include <optional>

#include "backends/hls/emit.h"
#include "plan/lut_tables.h"
#include "plan/plan.h"

namespace loom::hls {
namespace {

using fixed::FixedType;
using plan::LutFunction;

// A long long literal for any int64_t (INT64_MIN has none of its own).
std::string LongLiteral(int64_t v) {
  if (v == INT64_MIN) return "(-9223372036854775807LL - 1)";
  return std::to_string(v) + "LL";
}

// The integer type of a type's raw bits, with its signedness.
std::string RawType(const FixedType& t) {
  return std::string(t.is_signed ? "ap_int<" : "ap_uint<") + std::to_string(t.width) + ">";
}

// The C integer type that holds every raw value of `types`.
std::string WordType(const std::vector<FixedType>& types) {
  for (const FixedType& t : types) {
    if (t.max_raw() > INT32_MAX || t.max_raw() < 0 || t.min_raw() < INT32_MIN) return "long long";
  }
  return "int";
}

// A table as an array of raw words.
std::string WordArray(const std::string& word, const std::string& name,
                      const std::vector<int64_t>& raws) {
  std::vector<std::string> text;
  text.reserve(raws.size());
  for (int64_t r : raws) text.push_back(word == "int" ? std::to_string(r) : LongLiteral(r));
  return ArrayDefinition(word, name, text);
}

std::string Member(const std::string& decl) { return "  static const " + decl + ";\n"; }

// A log-domain table (log, sqrt, pow): indexed by the input's leading-one position and the
// mantissa bits after it (plan::Lut, loom_hls::lut_log_domain).
LayerCode EmitLogDomain(const EmitContext& ctx, const plan::Lut& lut) {
  const std::string& id = ctx.id;
  LayerCode code;
  code.headers = {"loom_lut.h"};
  code.config =
      "struct " + id + "_config {\n" +                     //
      "  typedef " + ctx.input_types[0] + " input_t;\n" +  //
      "  typedef " + ctx.output_types[0] + " result_t;\n" + "  typedef " + lut.table.ToApString() +
      " table_t;\n" +                                        //
      "  typedef " + WordType({lut.table}) + " word_t;\n" +  //
      "  typedef " + RawType(lut.input) + " raw_t;\n" +      //
      Member("unsigned n_elem = " + std::to_string(ir::NumElements(ctx.node.inputs[0]->shape))) +
      Member("unsigned n_table = " + std::to_string(lut.entries.size())) +
      Member("unsigned mantissa_bits = " + std::to_string(lut.mantissa_bits)) + "};\n";
  code.weights = WordArray(WordType({lut.table}), id + "_table", lut.entries);
  code.call = "  loom_hls::lut_log_domain<" + id + "_config>(" + ctx.inputs[0] + ", " +
              ctx.outputs[0] + ", " + id + "_table);\n";
  return code;
}

ErrorOr<LayerCode> EmitElement(const EmitContext& ctx, LutFunction f) {
  const ir::Node& node = ctx.node;
  auto table = NodeType(node, "table");
  if (!table.ok()) return table.error();
  auto built =
      plan::BuildLut(f, ctx.input_fixed[0], table.value(), ctx.table_size, plan::LutParamsOf(node));
  if (!built.ok()) return LayerError(node, built.error().message());
  const plan::Lut& lut = built.value();
  if (lut.log_domain) return EmitLogDomain(ctx, lut);
  const std::string& id = ctx.id;
  std::string upper = lut.upper == plan::LutUpper::kClamp      ? "lut_clamp"
                      : lut.upper == plan::LutUpper::kIdentity ? "lut_identity"
                                                               : "lut_scale";
  bool scaled = lut.upper == plan::LutUpper::kScale;
  std::vector<int64_t> entries = lut.entries;
  if (entries.empty()) entries.push_back(0);  // never read: every input takes the upper path
  LayerCode code;
  code.headers = {"loom_lut.h"};
  code.config =
      "struct " + id + "_config {\n" +                                        //
      "  typedef " + ctx.input_types[0] + " input_t;\n" +                     //
      "  typedef " + ctx.output_types[0] + " result_t;\n" +                   //
      "  typedef " + lut.table.ToApString() + " table_t;\n" +                 //
      "  typedef " + WordType({lut.table}) + " word_t;\n" +                   //
      "  typedef " + (scaled ? lut.scale_type.ToApString() : "ap_uint<1>") +  //
      " scale_t;\n" +                                                         //
      "  typedef " + RawType(lut.input) + " raw_t;\n" +                       //
      Member("unsigned n_elem = " + std::to_string(ir::NumElements(node.inputs[0]->shape))) +
      Member("unsigned n_table = " + std::to_string(entries.size())) +
      Member("long long lo_raw = " + LongLiteral(lut.lo_raw)) +
      Member("long long hi_raw = " + LongLiteral(lut.hi_raw)) +
      Member("unsigned shift = " + std::to_string(lut.shift)) +
      Member("loom_hls::lut_upper_t upper = loom_hls::" + upper) +
      Member(std::string("bool empty = ") + (lut.empty() ? "true" : "false")) + "};\n";
  code.weights = WordArray(WordType({lut.table}), id + "_table", entries);
  code.call = "  loom_hls::lut_activation<" + id + "_config>(" + ctx.inputs[0] + ", " +
              ctx.outputs[0] + ", " + id + "_table";
  if (scaled) {
    auto lit = FixedLiteral(lut.scale_raw, lut.scale_type, id + "_config::scale_t");
    if (!lit.ok()) return LayerError(node, lit.error().message());
    code.weights +=
        "static const " + id + "_config::scale_t " + id + "_scale = " + lit.value() + ";\n";
    code.call += ", " + id + "_scale";
  }
  code.call += ");\n";
  return code;
}

ErrorOr<LayerCode> EmitSoftmax(const EmitContext& ctx) {
  const ir::Node& node = ctx.node;
  auto plan = plan::SoftmaxPlanOf(node, ctx.input_fixed[0], ctx.table_size);
  if (!plan.ok()) return plan.error();
  const plan::SoftmaxPlan& p = plan.value();
  const int64_t outer = p.axes.outer, n = p.axes.n, inner = p.axes.inner;
  const FixedType& acc = p.accum;
  const FixedType diff = plan::SoftmaxDiffType(ctx.input_fixed[0]);
  const plan::Lut& exp = p.exp;
  const plan::ReciprocalLut& inv = p.inv;
  const FixedType& te = exp.table;
  const FixedType& ti = inv.table;
  const int64_t prod_width = te.width + ti.width;
  const int64_t prod_int = te.int_bits + ti.int_bits;
  const std::string wide = "ap_ufixed<" + std::to_string(prod_width + acc.width - 1) + ", " +
                           std::to_string(prod_int + acc.frac_bits()) + ">";
  const std::string& id = ctx.id;
  LayerCode code;
  code.headers = {"loom_lut.h"};
  code.config = "struct " + id + "_config {\n" +                         //
                "  typedef " + ctx.input_types[0] + " input_t;\n" +      //
                "  typedef " + ctx.output_types[0] + " result_t;\n" +    //
                "  typedef " + diff.ToApString() + " diff_t;\n" +        //
                "  typedef " + te.ToApString() + " exp_table_t;\n" +     //
                "  typedef " + ti.ToApString() + " inv_table_t;\n" +     //
                "  typedef " + WordType({te, ti}) + " word_t;\n" +       //
                "  typedef " + acc.ToApString() + " accum_t;\n" +        //
                "  typedef " + wide + " wide_t;\n" +                     //
                Member("unsigned n_outer = " + std::to_string(outer)) +  //
                Member("unsigned n_axis = " + std::to_string(n)) +       //
                Member("unsigned n_inner = " + std::to_string(inner)) +  //
                Member("unsigned n_exp = " + std::to_string(exp.size())) +
                Member("unsigned long long exp_hi = " + std::to_string(exp.hi_raw) + "ULL") +
                Member("unsigned exp_shift = " + std::to_string(exp.shift)) +
                Member("unsigned n_inv = " + std::to_string(inv.entries.size())) +
                Member("unsigned inv_bits = " + std::to_string(inv.index_bits)) +
                Member("unsigned accum_width = " + std::to_string(acc.width)) +
                Member("unsigned prod_width = " + std::to_string(prod_width)) + "};\n";
  const std::string word = WordType({te, ti});
  code.weights =
      WordArray(word, id + "_exp", exp.entries) + WordArray(word, id + "_inv", inv.entries);
  code.call = "  loom_hls::softmax<" + id + "_config>(" + ctx.inputs[0] + ", " + ctx.outputs[0] +
              ", " + id + "_exp, " + id + "_inv);\n";
  return code;
}

}  // namespace

ErrorOr<LayerCode> EmitLut(const EmitContext& ctx) {
  if (ctx.inputs.size() != 1 || ctx.outputs.size() != 1) {
    return LayerError(ctx.node, "expected one input and one output");
  }
  if (ctx.node.op == ir::OpKind::kSoftmax) return EmitSoftmax(ctx);
  auto f = plan::LutFunctionOf(ctx.node.op);
  if (!f) return LayerError(ctx.node, "not a lookup-table op");
  return EmitElement(ctx, *f);
}

}  // namespace loom::hls
