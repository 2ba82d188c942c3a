// HLS emitters for pooling (kernels/hls/loom/loom_pool.h): max/average pools, global pools and
// reduce_mean, with the window taps and divisors as constant tables computed as the emulator does.
#include <algorithm>

#include "backends/hls/emit.h"
#include "loom/ir/pool_geometry.h"

namespace loom::hls {
namespace {

using fixed::FixedType;
using ir::Node;
using ir::Shape;

}  // namespace

ErrorOr<LayerCode> EmitPool(const EmitContext& ctx) {
  const Node& node = ctx.node;
  auto red = ir::PoolReduction(node);
  if (!red.ok()) return red.error();
  const ir::Reduction& r = red.value();
  bool average = ir::IsAveraging(node.op);
  std::string cfg = ctx.id + "_config";
  std::string config = "struct " + cfg + " {\n" + "  typedef " + ctx.input_types[0] + " input_t;\n";
  if (average) {
    auto it = node.types.find("accum");
    if (it == node.types.end()) {
      return LayerError(node, "has no 'accum' type; assign precision first");
    }
    config += "  typedef " + it->second.ToApString() + " accum_t;\n";
  }
  config += "  typedef " + ctx.output_types[0] + " result_t;\n";
  const std::pair<const char*, int64_t> sizes[] = {{"n_in", r.in_numel},
                                                   {"n_out", r.out_numel},
                                                   {"n_groups", r.groups},
                                                   {"n_positions", r.positions},
                                                   {"n_taps", std::max<int64_t>(r.taps, 1)},
                                                   {"in_group_stride", r.in_group_stride},
                                                   {"in_tap_mult", r.in_tap_mult},
                                                   {"out_group_stride", r.out_group_stride},
                                                   {"out_pos_stride", r.out_pos_stride}};
  for (const auto& [name, v] : sizes) {
    config += "  static const unsigned " + std::string(name) + " = " + U(v) + ";\n";
  }
  config += std::string("  static const bool input_signed = ") +
            (ctx.input_fixed[0].is_signed ? "true" : "false") + ";\n};\n";
  LayerCode code;
  code.headers = {"loom_pool.h"};
  code.config = config;
  std::vector<int64_t> table = r.table;
  if (table.empty()) table.assign(r.positions, -1);  // no taps at all: every window is empty
  code.weights = IntArray("int", ctx.id + "_taps", table);
  if (average) {
    code.weights += IntArray("unsigned", ctx.id + "_count", r.divisor);
    code.call = "  loom_hls::average_pool<" + cfg + ">(" + ctx.inputs[0] + ", " + ctx.outputs[0] +
                ", " + ctx.id + "_taps, " + ctx.id + "_count);\n";
  } else {
    code.call = "  loom_hls::max_pool<" + cfg + ">(" + ctx.inputs[0] + ", " + ctx.outputs[0] +
                ", " + ctx.id + "_taps);\n";
  }
  return code;
}

}  // namespace loom::hls
