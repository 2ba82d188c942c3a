// HLS emitters for the linear family: dense, conv, conv_transpose and linear resize
// (kernels/hls/loom/loom_dense.h, loom_conv.h: the nonzero weights only, so pruned weights cost no
// multiplier), batch_norm and matmul.
#include <algorithm>

#include "backends/hls/emit.h"
#include "loom/fixed/fixed_value.h"
#include "loom/ir/conv_geometry.h"
#include "loom/ref/float_engine.h"
#include "plan/plan.h"

namespace loom::hls {
namespace {

// One matrix (K x N) as the dense kernel's configuration, its constants and `<name>_matrix`, the
// struct whose apply(x, y) runs the layer's kernel on one row (loom_dense.h).
struct Matrix {
  std::string config;
  std::string weights;
};

// The nonzero weights of a K x N matrix as raws of the weight type, ordered so that each output
// takes its products in input order (as the emulator adds them).
struct Nonzeros {
  std::vector<int64_t> raws, wi, wo;
};

// Bits of an unsigned index up to `max` (at least 1).
int64_t IndexBits(int64_t max) {
  int64_t bits = 1;
  while ((int64_t{1} << bits) <= max) ++bits;
  return bits;
}

// Latency: straight-line products, one line per nonzero weight, every index a literal.
std::string ProductsStruct(const std::string& id, const Nonzeros& nz, int64_t k, int64_t n) {
  std::string s = "struct " + id + "_products {\n" + "  static void add(const " + id +
                  "_config::input_t x[" + U(k) + "], " + id + "_config::accum_t acc[" + U(n) +
                  "]) {\n#pragma HLS INLINE\n";
  bool any = false;
  for (size_t e = 0; e < nz.raws.size(); ++e) {
    if (nz.raws[e] == 0) continue;  // the placeholder of an all-zero matrix
    // One call per product (loom_hls::mac: acc += (accum_t)(x * w)) rather than the expression
    // itself: g++ then resolves ap_fixed's operators once per layer, not once per line (the jet
    // MLP's firmware compiled in 7 s instead of 26 s).
    s += "    loom_hls::mac<" + id + "_config>(acc[" + U(nz.wo[e]) + "], x[" + U(nz.wi[e]) + "], " +
         id + "_w[" + U(static_cast<int64_t>(e)) + "]);\n";
    any = true;
  }
  // Every weight zero (pruned or quantized to zero): no product, the result is the bias.
  if (!any) s += "    (void)x;\n    (void)acc;\n";
  return s + "  }\n};\n";
}

// A K x N matrix given by its nonzero list, with optional bias (raws of the bias type, N values).
// `limit`: the multipliers the layer's decision allows (lower::LayerDecision::multiplier_limit:
// Latency's per-step limit, Resource's lanes).
ErrorOr<Matrix> EmitSparse(const EmitContext& ctx, const std::string& name, Nonzeros nz,
                           const std::vector<int64_t>& braws, int64_t k, int64_t n, int64_t rows,
                           int64_t limit, const std::string& input_type,
                           const std::string& result_type) {
  const ir::Node& node = ctx.node;
  const fixed::FixedType tw = node.types.at("weight");
  const fixed::FixedType tacc = node.types.at("accum");
  auto bias_it = node.types.find("bias");
  const fixed::FixedType tb =
      bias_it == node.types.end() ? fixed::FixedType::Unsigned(1, 1) : bias_it->second;
  if (k > 65535 || n > 65535) return LayerError(node, "more than 65535 inputs or outputs");
  const std::string& id = name;
  const int64_t nonzero = static_cast<int64_t>(nz.raws.size());
  const lower::LayerDecision& d = ctx.decision;
  const bool resource = d.strategy == config::Strategy::kResource;
  // The lowering counted the same nonzero weights; a disagreement would print a wrong limit.
  LOOM_CHECK_MSG(limit == (std::max<int64_t>(nonzero, 1) + d.reuse_factor - 1) / d.reuse_factor,
                 "lowering and emitter disagree on the nonzero weights of " + name);
  Matrix m;
  // Resource with every weight nonzero: each slot's input and output follow from the counters.
  const bool every_weight = nonzero == k * n && limit * d.reuse_factor == k * n;
  std::vector<std::string> lines = {
      TypedefLine(input_type, "input_t"),
      TypedefLine(tw.ToApString(), "weight_t"),
      TypedefLine(tb.ToApString(), "bias_t"),
      TypedefLine(tacc.ToApString(), "accum_t"),
      TypedefLine(result_type, "result_t"),
      UnsignedMember("n_in", k),
      UnsignedMember("n_out", n),
      UnsignedMember("n_rows", rows),
      UnsignedMember("n_nonzero", nonzero),
      UnsignedMember("reuse_factor", d.reuse_factor),
      UnsignedMember(resource ? "n_lanes" : "multiplier_limit", limit)};
  if (resource && !every_weight) {
    lines.push_back(TypedefLine("ap_uint<" + U(IndexBits(std::max(k, n) - 1)) + ">", "index_t"));
  }
  lines.push_back(std::string("static const loom_hls::strategy_t strategy = loom_hls::") +
                  (resource ? "resource" : "latency") + ";");
  m.config = ConfigStruct(id + "_config", lines);
  std::vector<int64_t> bias(n, 0);
  for (size_t j = 0; j < braws.size() && static_cast<int64_t>(j) < n; ++j) bias[j] = braws[j];
  auto ba = FixedArray(id + "_config::bias_t", tb, id + "_b", bias);
  if (!ba.ok()) return LayerError(node, ba.error().message());
  const std::string row_in = "const " + id + "_config::input_t x[" + U(k) + "]";
  const std::string row_out = id + "_config::result_t y[" + U(n) + "]";
  std::string apply = "struct " + id + "_matrix {\n  static void apply(" + row_in + ", " + row_out +
                      ") {\n#pragma HLS INLINE\n";
  if (!resource) {
    std::vector<int64_t> raws = nz.raws;
    if (raws.empty()) raws.push_back(0);  // keeps the array non-empty; no product reads it
    auto wa = FixedArray(id + "_config::weight_t", tw, id + "_w", raws);
    if (!wa.ok()) return LayerError(node, wa.error().message());
    m.weights = wa.value() + ba.value() + ProductsStruct(id, nz, k, n);
    apply += "    loom_hls::dense_latency<" + id + "_config, " + id + "_products>(x, y, " + id +
             "_b);\n";
  } else {
    // Output-major slots (each output's products in input order), lane-major, zero-padded.
    std::vector<size_t> order(nz.raws.size());
    for (size_t e = 0; e < order.size(); ++e) order[e] = e;
    std::stable_sort(order.begin(), order.end(),
                     [&nz](size_t a, size_t b) { return nz.wo[a] < nz.wo[b]; });
    const int64_t slots = limit * d.reuse_factor;
    std::vector<int64_t> raws(slots, 0), wi(slots, 0), wo(slots, 0);
    for (size_t s = 0; s < order.size(); ++s) {
      raws[s] = nz.raws[order[s]];
      wi[s] = nz.wi[order[s]];
      wo[s] = nz.wo[order[s]];
      if (every_weight) {
        LOOM_CHECK_MSG(wo[s] == static_cast<int64_t>(s) / k && wi[s] == static_cast<int64_t>(s) % k,
                       "resource slots of " + name + " do not follow the counters");
      }
    }
    for (size_t s = order.size(); s < raws.size(); ++s) wo[s] = s ? wo[s - 1] : 0;
    auto wa = FixedArray(id + "_config::weight_t", tw, id + "_w", raws);
    if (!wa.ok()) return LayerError(node, wa.error().message());
    m.weights = wa.value() + ba.value();
    if (every_weight) {
      apply +=
          "    loom_hls::dense_resource<" + id + "_config>(x, y, " + id + "_w, " + id + "_b);\n";
    } else {
      m.weights += IntArray(id + "_config::index_t", id + "_wi", wi) +
                   IntArray(id + "_config::index_t", id + "_wo", wo);
      apply += "    loom_hls::dense_resource_sparse<" + id + "_config>(x, y, " + id + "_w, " + id +
               "_b, " + id + "_wi, " + id + "_wo);\n";
    }
  }
  m.weights += apply + "  }\n};\n";
  return m;
}

ErrorOr<Matrix> EmitMatrix(const EmitContext& ctx, const std::string& name,
                           const std::vector<float>& w, const std::vector<float>& b, int64_t k,
                           int64_t n, int64_t rows, int64_t limit, const std::string& input_type,
                           const std::string& result_type) {
  const ir::Node& node = ctx.node;
  const fixed::FixedType tw = node.types.at("weight");
  Nonzeros nz;
  for (int64_t i = 0; i < k; ++i) {
    for (int64_t j = 0; j < n; ++j) {
      int64_t r = fixed::FromDouble(w[i * n + j], tw);
      if (r == 0) continue;  // pruned (or quantized to zero): no multiplier
      nz.raws.push_back(r);
      nz.wi.push_back(i);
      nz.wo.push_back(j);
    }
  }
  std::vector<int64_t> braws;
  if (!b.empty()) {
    auto bias_it = node.types.find("bias");
    const fixed::FixedType tb =
        bias_it == node.types.end() ? fixed::FixedType::Unsigned(1, 1) : bias_it->second;
    for (int64_t j = 0; j < n; ++j) braws.push_back(fixed::FromDouble(b[j], tb));
  }
  return EmitSparse(ctx, name, std::move(nz), braws, k, n, rows, limit, input_type, result_type);
}

const std::vector<float> kNone;

ErrorOr<LayerCode> EmitDense(const EmitContext& ctx) {
  const ir::Node& node = ctx.node;
  const ir::Tensor* w = node.param("weight");
  if (w == nullptr || w->shape.size() != 2) return LayerError(node, "dense needs a [K, N] weight");
  int64_t k = w->shape[0], n = w->shape[1];
  int64_t rows = ir::NumElements(node.inputs[0]->shape) / k;
  const ir::Tensor* b = node.param("bias");
  auto m = EmitMatrix(ctx, ctx.id, w->data, b ? b->data : kNone, k, n, rows,
                      ctx.decision.multiplier_limit.at(0), ctx.input_types[0], ctx.output_types[0]);
  if (!m.ok()) return m.error();
  LayerCode code;
  code.headers = {"loom_dense.h"};
  code.config = m.value().config;
  code.weights = m.value().weights;
  code.call = "  loom_hls::dense_rows<" + ctx.id + "_config, " + ctx.id + "_matrix>(" +
              ctx.inputs[0] + ", " + ctx.outputs[0] + ");\n";
  return code;
}

ErrorOr<LayerCode> EmitConv(const EmitContext& ctx) {
  const ir::Node& node = ctx.node;
  auto geo = ir::ConvShape(node);
  if (!geo.ok()) return geo.error();
  const ir::ConvGeometry& g = geo.value();
  int64_t cg = g.channels / g.group;
  int64_t mg = g.out_channels / g.group;
  int64_t kc = cg * g.kernel_volume;
  const size_t rank = g.in_spatial.size();
  if (rank < 1 || rank > 3) {
    return LayerError(node, "has " + std::to_string(rank) +
                                " spatial axes; the HLS backend builds convolutions of 1 to 3 "
                                "(loom run and loom predict take any rank)");
  }
  LayerCode code;
  code.headers = {"loom_dense.h", "loom_conv.h"};
  // The geometry, once per layer (its groups share it): spatial axes right-aligned to rank 3, the
  // unused leading ones of size 1 (loom_conv.h).
  std::vector<std::string> geometry;
  for (size_t slot = 0; slot < 3; ++slot) {
    const bool used = slot + rank >= 3;
    const size_t d = used ? slot + rank - 3 : 0;
    const std::string s = std::to_string(slot);
    geometry.push_back(UnsignedMember("in_d" + s, used ? g.in_spatial[d] : 1));
    geometry.push_back(UnsignedMember("out_d" + s, used ? g.out_spatial[d] : 1));
    geometry.push_back(UnsignedMember("k_d" + s, used ? g.kernel[d] : 1));
    geometry.push_back(UnsignedMember("stride_d" + s, used ? g.strides[d] : 1));
    geometry.push_back(UnsignedMember("dil_d" + s, used ? g.dilations[d] : 1));
    geometry.push_back(UnsignedMember("pad_d" + s, used ? g.pads[d] : 0));
  }
  geometry.push_back(UnsignedMember("kernel_volume", g.kernel_volume));
  geometry.push_back(UnsignedMember("n_channels", g.channels));
  geometry.push_back(UnsignedMember("n_out_channels", g.out_channels));
  geometry.push_back(UnsignedMember("in_positions", g.in_positions));
  geometry.push_back(UnsignedMember("n_positions", g.out_positions));
  geometry.push_back(UnsignedMember("n_x", g.channels * g.in_positions));
  geometry.push_back(UnsignedMember("n_y", g.out_channels * g.out_positions));
  geometry.push_back(std::string("  static const bool transposed = ") +
                     (g.transposed ? "true" : "false") + ";\n");
  geometry.push_back(std::string("  static const bool channels_last = ") +
                     (g.channels_last ? "true" : "false") + ";\n");
  code.config = ConfigStruct(ctx.id + "_geometry", geometry);
  // The positions' schedule (lower::LayerDecision::parallelization): all at once, in
  // pipelined steps of `parallelization`, or in turn on a Resource matrix's lanes.
  const lower::LayerDecision& d = ctx.decision;
  const int64_t pf = std::max<int64_t>(d.parallelization, 1);
  const bool resource = d.strategy == config::Strategy::kResource;
  const std::string kernel = resource                ? "conv_group_sequential"
                             : pf >= g.out_positions ? "conv_group"
                                                     : "conv_group_partitions";
  for (int64_t grp = 0; grp < g.group; ++grp) {
    std::string id = g.group == 1 ? ctx.id : ctx.id + "_g" + std::to_string(grp);
    std::vector<float> bias = ir::GroupBias(node, g, grp);
    auto m =
        EmitMatrix(ctx, id, ir::GroupWeights(node, g, grp), bias, kc, mg, 1,
                   ctx.decision.multiplier_limit.at(grp), ctx.input_types[0], ctx.output_types[0]);
    if (!m.ok()) return m.error();
    std::string extra = "struct " + id + "_conv : " + id + "_config, " + ctx.id + "_geometry {\n" +
                        UnsignedMember("c0", grp * cg) + UnsignedMember("m0", grp * mg);
    if (kernel == "conv_group_partitions") {
      extra += UnsignedMember("n_partitions", g.out_positions / pf) +
               UnsignedMember("parallelization", pf);
    }
    code.config += m.value().config + extra + "};\n";
    code.weights += m.value().weights;
    code.call += "  loom_hls::" + kernel + "<" + id + "_conv, " + id + "_matrix>(" + ctx.inputs[0] +
                 ", " + ctx.outputs[0] + ");\n";
  }
  return code;
}

}  // namespace

// io_stream: the matrix of each group and `<id>_op`, the window operation loom_stream.h's window
// kernels call per output pixel: each group's patch from the window's taps through its matrix.
ErrorOr<LayerCode> EmitConvWindow(const EmitContext& ctx, const std::string& geometry) {
  const ir::Node& node = ctx.node;
  auto geo = ir::ConvShape(node);
  if (!geo.ok()) return geo.error();
  const ir::ConvGeometry& g = geo.value();
  const int64_t cg = g.channels / g.group;
  const int64_t mg = g.out_channels / g.group;
  const int64_t kc = cg * g.kernel_volume;
  LayerCode code;
  code.headers = {"loom_dense.h", "loom_stream.h"};
  std::string apply;
  for (int64_t grp = 0; grp < g.group; ++grp) {
    std::string id = g.group == 1 ? ctx.id : ctx.id + "_g" + std::to_string(grp);
    auto m =
        EmitMatrix(ctx, id, ir::GroupWeights(node, g, grp), ir::GroupBias(node, g, grp), kc, mg, 1,
                   ctx.decision.multiplier_limit.at(grp), ctx.input_types[0], ctx.output_types[0]);
    if (!m.ok()) return m.error();
    code.config += m.value().config + "struct " + id + "_conv : " + id + "_config, " + geometry +
                   " {\n  " + UnsignedMember("c0", grp * cg) + "\n  " +
                   UnsignedMember("m0", grp * mg) + "\n};\n";
    code.weights += m.value().weights;
    apply += "    loom_hls::conv_window_group<" + id + "_conv, " + id + "_matrix>(taps, out);\n";
  }
  const std::string in = ctx.input_types[0];
  code.weights += "struct " + ctx.id + "_op {\n  static " + in + " pad() { return " + in +
                  "(0); }\n  static void apply(const " + in + " taps[" + geometry + "::n_taps][" +
                  geometry + "::n_chan], " + ctx.output_types[0] + " out[" + geometry +
                  "::n_out_chan], unsigned, unsigned) {\n#pragma HLS INLINE\n" + apply +
                  "  }\n};\n";
  return code;
}

namespace {

// Linear resize: the interpolation weights (ref::ResizeLinearMap, as in the emulator) as a
// sparse matrix from the input's elements to the output's, through the dense kernel.
ErrorOr<LayerCode> EmitResize(const EmitContext& ctx) {
  const ir::Node& node = ctx.node;
  if (node.inputs.size() != 1 || node.outputs.size() != 1) {
    return LayerError(node, "a linear resize takes one computed input and gives one output");
  }
  auto map = ref::ResizeLinearMap(node, node.inputs[0]->shape, node.outputs[0]->shape);
  if (!map.ok()) return map.error();
  const ref::ResizeMap& r = map.value();
  const int64_t k = ir::NumElements(node.inputs[0]->shape);
  const int64_t n = ir::NumElements(node.outputs[0]->shape);
  const fixed::FixedType tw = node.types.at("weight");
  struct Entry {
    int64_t in, out, raw;
  };
  std::vector<Entry> entries;
  for (int64_t o = 0; o < n; ++o) {
    for (int64_t t = r.start[o]; t < r.start[o + 1]; ++t) {
      int64_t raw = fixed::FromDouble(r.weight[t], tw);
      if (raw != 0) entries.push_back({r.index[t], o, raw});
    }
  }
  std::stable_sort(entries.begin(), entries.end(),
                   [](const Entry& a, const Entry& b) { return a.in < b.in; });
  Nonzeros nz;
  for (const Entry& e : entries) {
    nz.raws.push_back(e.raw);
    nz.wi.push_back(e.in);
    nz.wo.push_back(e.out);
  }
  auto m = EmitSparse(ctx, ctx.id, std::move(nz), {}, k, n, 1, ctx.decision.multiplier_limit.at(0),
                      ctx.input_types[0], ctx.output_types[0]);
  if (!m.ok()) return m.error();
  LayerCode code;
  code.headers = {"loom_dense.h"};
  code.config = m.value().config;
  code.weights = m.value().weights;
  code.call = "  " + ctx.id + "_matrix::apply(" + ctx.inputs[0] + ", " + ctx.outputs[0] + ");\n";
  return code;
}

// batch_norm: a per-channel scale and shift (loom_elementwise.h).
ErrorOr<LayerCode> EmitBatchNorm(const EmitContext& ctx) {
  const ir::Node& node = ctx.node;
  if (node.inputs.size() != 1 || node.outputs[0]->shape != node.inputs[0]->shape) {
    return LayerError(node, "expects 1 input of the output's shape");
  }
  auto ts = NodeType(node, "scale");
  if (!ts.ok()) return ts.error();
  auto tb = NodeType(node, "bias");
  if (!tb.ok()) return tb.error();
  const ir::Tensor* scale = node.param("scale");
  const ir::Tensor* bias = node.param("bias");
  if (scale == nullptr || bias == nullptr) {
    return LayerError(node, "batch_norm needs 'scale' and 'bias' params");
  }
  const ir::Shape& shape = node.inputs[0]->shape;
  int64_t n = ir::NumElements(shape);
  bool last = ir::IntAttr(node, "channels_last") != 0;
  int64_t chan = shape.empty() ? 1 : (last ? shape.back() : shape[0]);
  int64_t inner = last || chan == 0 ? 1 : n / chan;
  if (scale->size() < chan || bias->size() < chan) {
    return LayerError(node, "scale and bias need " + U(chan) + " values (one per channel)");
  }
  std::vector<int64_t> sr, br;
  for (int64_t c = 0; c < chan; ++c) {
    sr.push_back(fixed::FromDouble(scale->data[c], ts.value()));
    br.push_back(fixed::FromDouble(bias->data[c], tb.value()));
  }
  LayerCode code;
  code.headers = {"loom_elementwise.h"};
  std::string cfg = ctx.id + "_config";
  auto a = AddConstants(node, cfg + "::scale_t", ts.value(), ctx.id + "_scale", sr, code.weights);
  if (!a.ok()) return a.error();
  a = AddConstants(node, cfg + "::bias_t", tb.value(), ctx.id + "_bias", br, code.weights);
  if (!a.ok()) return a.error();
  code.config = ConfigStruct(
      cfg,
      {TypedefLine(ctx.input_types[0], "input_t"), TypedefLine(ts.value().ToApString(), "scale_t"),
       TypedefLine(tb.value().ToApString(), "bias_t"), TypedefLine(ctx.output_types[0], "result_t"),
       UnsignedMember("n", n), UnsignedMember("n_chan", std::max<int64_t>(chan, 1)),
       UnsignedMember("n_inner", std::max<int64_t>(inner, 1))});
  code.call = "  loom_hls::batch_norm<" + cfg + ">(" + ctx.inputs[0] + ", " + ctx.outputs[0] +
              ", " + ctx.id + "_scale, " + ctx.id + "_bias);\n";
  return code;
}

// matmul of two computed operands (loom_quant.h), numpy batch broadcasting.
ErrorOr<LayerCode> EmitMatMul(const EmitContext& ctx) {
  const ir::Node& node = ctx.node;
  if (ctx.inputs.size() != 2 || ctx.outputs.size() != 1) {
    return LayerError(node, "matmul takes two computed inputs and gives one output");
  }
  auto acc = node.types.find("accum");
  if (acc == node.types.end()) return LayerError(node, "has no 'accum' type; assign precision");
  const ir::Shape& a = node.inputs[0]->shape;
  const ir::Shape& b = node.inputs[1]->shape;
  if (a.size() < 2 || b.size() < 2) {
    return LayerError(node, "matmul of operands of rank 2 or more only");
  }
  const int64_t m = a[a.size() - 2], k = a.back(), n = b.back();
  if (b[b.size() - 2] != k) return LayerError(node, "matmul inner dimensions differ");
  // Output batch axes: the broadcast of both operands' (numpy); the importer gives the shape.
  const ir::Shape& y = node.outputs[0]->shape;
  ir::Shape abatch(a.begin(), a.end() - 2);
  ir::Shape bbatch(b.begin(), b.end() - 2);
  ir::Shape ybatch(y.begin(), y.end() - std::min<size_t>(2, y.size()));
  auto batch_index = [&ybatch](const ir::Shape& from) -> std::optional<std::vector<int64_t>> {
    if (from.size() > ybatch.size()) return std::nullopt;
    const size_t shift = ybatch.size() - from.size();
    for (size_t i = 0; i < from.size(); ++i) {
      if (from[i] != 1 && from[i] != ybatch[shift + i]) return std::nullopt;
    }
    return plan::BroadcastIndex(from, ybatch);
  };
  auto ai = batch_index(abatch);
  auto bi = batch_index(bbatch);
  if (y.size() < 2 || y[y.size() - 2] != m || y.back() != n || !ai || !bi) {
    return LayerError(node, "matmul of " + ir::ShapeToString(a) + " and " + ir::ShapeToString(b) +
                                " cannot give " + ir::ShapeToString(y));
  }
  const int64_t batch = ir::NumElements(ybatch);
  const std::string& id = ctx.id;
  LayerCode code;
  code.headers = {"loom_quant.h"};
  code.config =
      ConfigStruct(id + "_config",
                   {TypedefLine(ctx.input_types[0], "a_t"), TypedefLine(ctx.input_types[1], "b_t"),
                    TypedefLine(acc->second.ToApString(), "accum_t"),
                    TypedefLine(ctx.output_types[0], "result_t"), UnsignedMember("n_batch", batch),
                    UnsignedMember("n_a_batch", ir::NumElements(abatch)),
                    UnsignedMember("n_b_batch", ir::NumElements(bbatch)), UnsignedMember("n_m", m),
                    UnsignedMember("n_k", k), UnsignedMember("n_n", n)});
  code.weights =
      IntArray("unsigned", id + "_abatch", *ai) + IntArray("unsigned", id + "_bbatch", *bi);
  code.call = "  loom_hls::matmul<" + id + "_config>(" + ctx.inputs[0] + ", " + ctx.inputs[1] +
              ", " + ctx.outputs[0] + ", " + id + "_abatch, " + id + "_bbatch);\n";
  return code;
}

}  // namespace

ErrorOr<LayerCode> EmitLinear(const EmitContext& ctx) {
  switch (ctx.node.op) {
    case ir::OpKind::kBatchNorm:
      return EmitBatchNorm(ctx);
    case ir::OpKind::kMatMul:
      return EmitMatMul(ctx);
    default:
      break;
  }
  for (const char* key : {"weight", "accum"}) {
    if (!ctx.node.types.count(key)) {
      return LayerError(ctx.node, std::string("has no '") + key + "' type; assign precision first");
    }
  }
  switch (ctx.node.op) {
    case ir::OpKind::kDense:
      return EmitDense(ctx);
    case ir::OpKind::kConv:
    case ir::OpKind::kConvTranspose:
      return EmitConv(ctx);
    case ir::OpKind::kResize:
      return EmitResize(ctx);
    default:
      return LayerError(ctx.node, "not a linear op");
  }
}

ErrorOr<LayerCode> EmitConstant(const EmitContext& ctx) {
  const ir::Tensor* value = ctx.node.param("value");
  if (value == nullptr) return LayerError(ctx.node, "constant without a value");
  std::vector<int64_t> raws;
  for (float f : value->data) raws.push_back(fixed::FromDouble(f, ctx.output_fixed[0]));
  auto a = FixedArray(ctx.output_types[0], ctx.output_fixed[0], ctx.id + "_value", raws);
  if (!a.ok()) return LayerError(ctx.node, a.error().message());
  LayerCode code;
  code.weights = a.value();
  code.call = "  for (int i = 0; i < " + std::to_string(raws.size()) +
              "; ++i) {\n#pragma HLS UNROLL\n    " + ctx.outputs[0] + "[i] = " + ctx.id +
              "_value[i];\n  }\n";
  return code;
}

}  // namespace loom::hls
