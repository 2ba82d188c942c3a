// HLS emitters for value-moving ops (kernels/hls/loom/loom_gather.h): one gather per (output,
// contributing input) with a constant table from plan::GatherMapsOf, as the emulator's, so both
// share one definition of each op's indexing.
#include "backends/hls/emit.h"
#include "loom/fixed/fixed_value.h"
#include "plan/plan.h"

namespace loom::hls {

ErrorOr<LayerCode> EmitMovement(const EmitContext& ctx) {
  const ir::Node& node = ctx.node;
  if (node.inputs.empty()) return LayerError(node, "has no inputs");
  auto sources = plan::GatherMapsOf(node);
  if (!sources.ok()) return sources.error();
  if (sources.value().size() != ctx.outputs.size()) {
    return LayerError(node, "internal: the reference engine gave " +
                                U(static_cast<int64_t>(sources.value().size())) + " outputs for " +
                                U(static_cast<int64_t>(ctx.outputs.size())));
  }
  LayerCode code;
  code.headers = {"loom_gather.h"};
  const double pad_value = plan::PadsWithConstant(node) ? node.attrs.GetFloat("value", 0.0) : 0.0;
  const size_t n_outputs = ctx.outputs.size();
  for (size_t o = 0; o < n_outputs; ++o) {
    const plan::GatherMap& s = sources.value()[o];
    const int64_t n_out = static_cast<int64_t>(s.input.size());
    // One gather per input that contributes (the first one also writes the pad constant); an
    // output made only of padding is written by a gather of input 0.
    std::vector<bool> used(node.inputs.size(), false);
    for (int i : s.input) {
      if (i >= 0) used[i] = true;
    }
    bool any = false;
    for (bool u : used) any |= u;
    if (!any) used[0] = true;
    bool pad_written = false;
    // The pad constant, quantized to the output's type (one per output).
    const std::string pad_name =
        ctx.id + (n_outputs > 1 ? "_o" + U(static_cast<int64_t>(o)) : "") + "_pad";
    auto pad = FixedArray(ctx.output_types[o], ctx.output_fixed[o], pad_name,
                          {fixed::FromDouble(pad_value, ctx.output_fixed[o])});
    if (!pad.ok()) return LayerError(node, pad.error().message());
    code.weights += pad.value();
    for (size_t i = 0; i < node.inputs.size(); ++i) {
      if (!used[i]) continue;
      std::string id = ctx.id;
      if (n_outputs > 1) id += "_o" + U(static_cast<int64_t>(o));
      if (node.inputs.size() > 1) id += "_i" + U(static_cast<int64_t>(i));
      std::vector<int64_t> table;
      table.reserve(n_out);
      for (int64_t k = 0; k < n_out; ++k) {
        if (s.input[k] == static_cast<int>(i)) {
          table.push_back(s.element[k]);
        } else if (s.input[k] < 0 && !pad_written) {
          table.push_back(-1);
        } else {
          table.push_back(-2);
        }
      }
      pad_written = true;
      std::string cfg = id + "_config";
      code.config += "struct " + cfg + " {\n" +                             //
                     "  typedef " + ctx.input_types[i] + " input_t;\n" +    //
                     "  typedef " + ctx.output_types[o] + " result_t;\n" +  //
                     "  static const unsigned n_in = " + U(ir::NumElements(node.inputs[i]->shape)) +
                     ";\n" +  //
                     "  static const unsigned n_out = " + U(n_out) + ";\n};\n";
      code.weights += IntArray("int", id + "_table", table);
      code.call += "  loom_hls::gather<" + cfg + ">(" + ctx.inputs[i] + ", " + ctx.outputs[o] +
                   ", " + id + "_table, " + pad_name + ");\n";
    }
  }
  return code;
}

}  // namespace loom::hls
