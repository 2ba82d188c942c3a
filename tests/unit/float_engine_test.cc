// The float reference engine against hand-computed values and independent direct formulas.
#include "loom/ref/float_engine.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace loom::ref {
namespace {

using ir::OpKind;
using ir::Shape;
using ir::Tensor;

// A graph of one node fed by fresh graph inputs; every node output is a graph output.
struct Single {
  ir::Graph graph;
  ir::Node* node = nullptr;

  Single(OpKind op, const std::vector<Shape>& in_shapes, const std::vector<Shape>& out_shapes) {
    std::vector<ir::Value*> ins;
    for (size_t i = 0; i < in_shapes.size(); ++i) {
      ins.push_back(graph.AddInput("x" + std::to_string(i), in_shapes[i]));
    }
    node = graph.AddNode(op, "n", ins, static_cast<int>(out_shapes.size()));
    for (size_t i = 0; i < out_shapes.size(); ++i) {
      node->outputs[i]->shape = out_shapes[i];
      graph.MarkOutput(node->outputs[i]);
    }
  }

  ErrorOr<std::vector<Tensor>> Eval(const std::vector<std::vector<float>>& data) const {
    std::vector<Tensor> inputs;
    for (size_t i = 0; i < data.size(); ++i) inputs.emplace_back(graph.inputs()[i]->shape, data[i]);
    return ref::Run(graph, inputs);
  }

  // The single output; fails the test (and returns an empty tensor) on an error.
  Tensor Out(const std::vector<std::vector<float>>& data, size_t index = 0) const {
    auto res = Eval(data);
    if (!res.ok()) {
      ADD_FAILURE() << res.error().message();
      return Tensor();
    }
    return res.value()[index];
  }

  std::string ErrorText(const std::vector<std::vector<float>>& data) const {
    auto res = Eval(data);
    if (res.ok()) return "(no error)";
    return res.error().message();
  }
};

void ExpectValues(const Tensor& t, const std::vector<float>& want, double tol = 1e-6) {
  ASSERT_EQ(t.data.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_NEAR(t.data[i], want[i], tol + 1e-6 * std::fabs(want[i])) << "at element " << i;
  }
}

std::vector<float> Iota(int64_t n, float start = 0, float step = 1) {
  std::vector<float> v(n);
  for (int64_t i = 0; i < n; ++i) v[i] = start + step * static_cast<float>(i);
  return v;
}

// Deterministic values with varied signs and magnitudes, no RNG needed.
std::vector<float> Wave(int64_t n, float phase = 0) {
  std::vector<float> v(n);
  for (int64_t i = 0; i < n; ++i) v[i] = std::sin(0.7f * static_cast<float>(i) + phase) * 1.5f;
  return v;
}

// A direct 2-D convolution over [C, H, W], written out loop by loop without shared helpers.
struct Conv2dSpec {
  int64_t c, h, w, m, kh, kw, group, sh, sw, pt, pl, pb, pr, dh, dw;
  int64_t OutH() const { return (h + pt + pb - ((kh - 1) * dh + 1)) / sh + 1; }
  int64_t OutW() const { return (w + pl + pr - ((kw - 1) * dw + 1)) / sw + 1; }
};

std::vector<float> DirectConv2d(const Conv2dSpec& s, const std::vector<float>& x,
                                const std::vector<float>& wt, const std::vector<float>& bias) {
  int64_t oh = s.OutH();
  int64_t ow = s.OutW();
  int64_t cg = s.c / s.group;
  int64_t mg = s.m / s.group;
  std::vector<float> y(s.m * oh * ow);
  for (int64_t m = 0; m < s.m; ++m) {
    for (int64_t i = 0; i < oh; ++i) {
      for (int64_t j = 0; j < ow; ++j) {
        double acc = bias[m];
        for (int64_t ci = 0; ci < cg; ++ci) {
          for (int64_t a = 0; a < s.kh; ++a) {
            for (int64_t b = 0; b < s.kw; ++b) {
              int64_t hi = i * s.sh - s.pt + a * s.dh;
              int64_t wi = j * s.sw - s.pl + b * s.dw;
              if (hi < 0 || hi >= s.h || wi < 0 || wi >= s.w) continue;
              int64_t ch = (m / mg) * cg + ci;
              acc += wt[((m * cg + ci) * s.kh + a) * s.kw + b] * x[(ch * s.h + hi) * s.w + wi];
            }
          }
        }
        y[(m * oh + i) * ow + j] = static_cast<float>(acc);
      }
    }
  }
  return y;
}

TEST(FloatEngineTest, Dense) {
  Single s(OpKind::kDense, {{2, 3}}, {{2, 2}});
  s.node->params["weight"] = Tensor({3, 2}, {1, 2, 3, 4, 5, 6});
  s.node->params["bias"] = Tensor({2}, {0.5f, -1});
  // Row [1, 2, 3]: 1*1 + 2*3 + 3*5 = 22, 1*2 + 2*4 + 3*6 = 28. Row [-1, 0, 1]: 4, 4.
  ExpectValues(s.Out({{1, 2, 3, -1, 0, 1}}), {22.5f, 27, 4.5f, 3});
}

TEST(FloatEngineTest, MatMulBroadcastsBatchAndHandlesVectors) {
  Single s(OpKind::kMatMul, {{2, 2, 3}, {3, 2}}, {{2, 2, 2}});
  std::vector<float> a = Iota(12);
  std::vector<float> b = {1, -1, 2, 0, 0, 3};
  std::vector<float> want;
  for (int p = 0; p < 2; ++p) {
    for (int i = 0; i < 2; ++i) {
      for (int j = 0; j < 2; ++j) {
        float acc = 0;
        for (int k = 0; k < 3; ++k) acc += a[p * 6 + i * 3 + k] * b[k * 2 + j];
        want.push_back(acc);
      }
    }
  }
  ExpectValues(s.Out({a, b}), want);

  Single v(OpKind::kMatMul, {{3}, {3, 2}}, {{2}});
  ExpectValues(v.Out({{1, 2, 3}, b}), {1 + 4 + 0, -1 + 0 + 9});
}

TEST(FloatEngineTest, Conv1dByHand) {
  // Kernel [1, 0, -1] over [1, 2, 4, 8] with one zero of padding on each side.
  Single s(OpKind::kConv, {{1, 4}}, {{1, 4}});
  s.node->params["weight"] = Tensor({1, 1, 3}, {1, 0, -1});
  s.node->attrs.Set("pads", std::vector<int64_t>{1, 1});
  ExpectValues(s.Out({{1, 2, 4, 8}}), {-2, -3, -6, 4});
}

TEST(FloatEngineTest, Conv2dGroupsStridesPadsDilations) {
  Conv2dSpec spec{4, 7, 6, 6, 3, 2, 2, 2, 1, 1, 0, 2, 1, 2, 1};
  int64_t oh = spec.OutH();
  int64_t ow = spec.OutW();
  ASSERT_EQ(oh, 3);
  ASSERT_EQ(ow, 6);
  Single s(OpKind::kConv, {{4, 7, 6}}, {{6, oh, ow}});
  std::vector<float> w = Wave(6 * 2 * 3 * 2, 0.3f);
  std::vector<float> bias = {0.1f, -0.2f, 0.3f, 0, 1, -1};
  s.node->params["weight"] = Tensor({6, 2, 3, 2}, w);
  s.node->params["bias"] = Tensor({6}, bias);
  s.node->attrs.Set("group", int64_t{2});
  s.node->attrs.Set("strides", std::vector<int64_t>{2, 1});
  s.node->attrs.Set("pads", std::vector<int64_t>{1, 0, 2, 1});
  s.node->attrs.Set("dilations", std::vector<int64_t>{2, 1});
  std::vector<float> x = Wave(4 * 7 * 6);
  ExpectValues(s.Out({x}), DirectConv2d(spec, x, w, bias), 1e-5);
}

TEST(FloatEngineTest, ConvChannelsLastMatchesChannelsFirst) {
  Conv2dSpec spec{2, 3, 3, 1, 2, 2, 1, 1, 1, 0, 0, 0, 0, 1, 1};
  std::vector<float> x = Wave(2 * 3 * 3);  // [C, H, W]
  std::vector<float> w = Wave(8, 1.0f);
  std::vector<float> want = DirectConv2d(spec, x, w, {0.25f});
  std::vector<float> x_hwc(18);
  for (int c = 0; c < 2; ++c) {
    for (int p = 0; p < 9; ++p) x_hwc[p * 2 + c] = x[c * 9 + p];
  }
  Single s(OpKind::kConv, {{3, 3, 2}}, {{2, 2, 1}});
  s.node->params["weight"] = Tensor({1, 2, 2, 2}, w);
  s.node->params["bias"] = Tensor({1}, {0.25f});
  s.node->attrs.Set("channels_last", int64_t{1});
  ExpectValues(s.Out({x_hwc}), want, 1e-6);  // one output channel: same order
}

// Channels-last pointwise and depthwise convs run in place (ConvChannelsLast); every other conv
// between transposes. Either way each result must equal, bit for bit, the channels-first conv of
// the transposed input: random shapes, 1D and 2D, padding, strides, dilations, with and without a
// bias (one of its values -0.0), inputs with exact zeros.
TEST(FloatEngineTest, ConvChannelsLastEqualsChannelsFirstBitForBit) {
  std::mt19937 rng(5);
  std::normal_distribution<float> normal(0, 1);
  struct Case {
    Shape sp;  // spatial input shape
    int64_t c, m, group;
    std::vector<int64_t> kernel, strides, pads, dilations;
    bool bias;
  };
  const std::vector<Case> cases = {
      {{9, 11}, 16, 16, 16, {3, 3}, {1, 1}, {1, 1, 1, 1}, {1, 1}, true},  // depthwise
      {{7, 6}, 40, 40, 40, {3, 2}, {2, 1}, {1, 0, 2, 1}, {1, 2}, true},   // depthwise, odd
      {{13}, 8, 8, 8, {5}, {1}, {2, 2}, {1}, false},                      // depthwise 1D
      {{10, 10}, 3, 3, 3, {3, 3}, {1, 1}, {1, 1, 1, 1}, {1, 1}, true},    // too narrow
      {{6, 5}, 13, 48, 1, {1, 1}, {1, 1}, {0, 0, 0, 0}, {1, 1}, true},    // pointwise
      {{17}, 32, 9, 1, {1}, {1}, {0, 0}, {1}, false},                     // pointwise 1D
      {{5, 7}, 16, 70, 1, {1, 1}, {1, 1}, {0, 0, 0, 0}, {1, 1}, true},    // pointwise, tails
      {{6, 6}, 16, 16, 1, {1, 1}, {2, 2}, {0, 0, 0, 0}, {1, 1}, true},    // strided: general
      {{6, 6}, 8, 16, 1, {3, 3}, {1, 1}, {1, 1, 1, 1}, {1, 1}, true},     // general conv
  };
  for (const Case& k : cases) {
    const auto r = static_cast<int64_t>(k.sp.size());
    Shape out_sp;
    for (int64_t d = 0; d < r; ++d) {
      const int64_t span = (k.kernel[d] - 1) * k.dilations[d] + 1;
      out_sp.push_back((k.sp[d] + k.pads[d] + k.pads[r + d] - span) / k.strides[d] + 1);
    }
    const int64_t n_in = ir::NumElements(k.sp);
    const int64_t n_out = ir::NumElements(out_sp);
    Shape w_shape{k.m, k.c / k.group};
    w_shape.insert(w_shape.end(), k.kernel.begin(), k.kernel.end());
    std::vector<float> w(static_cast<size_t>(ir::NumElements(w_shape)));
    for (float& v : w) v = normal(rng);
    std::vector<float> b(static_cast<size_t>(k.m));
    for (float& v : b) v = normal(rng);
    b[0] = -0.0f;
    std::vector<float> x_last(static_cast<size_t>(n_in * k.c));
    for (float& v : x_last) v = rng() % 5 == 0 ? 0.0f : normal(rng);
    std::vector<float> x_first(x_last.size());
    for (int64_t p = 0; p < n_in; ++p) {
      for (int64_t c = 0; c < k.c; ++c) x_first[c * n_in + p] = x_last[p * k.c + c];
    }
    Shape in_last = k.sp, out_last = out_sp, in_first{k.c}, out_first{k.m};
    in_last.push_back(k.c);
    out_last.push_back(k.m);
    in_first.insert(in_first.end(), k.sp.begin(), k.sp.end());
    out_first.insert(out_first.end(), out_sp.begin(), out_sp.end());
    Single last(OpKind::kConv, {in_last}, {out_last});
    Single first(OpKind::kConv, {in_first}, {out_first});
    for (Single* s : {&last, &first}) {
      s->node->params["weight"] = Tensor(w_shape, w);
      if (k.bias) s->node->params["bias"] = Tensor({k.m}, b);
      s->node->attrs.Set("group", k.group);
      s->node->attrs.Set("strides", k.strides);
      s->node->attrs.Set("pads", k.pads);
      s->node->attrs.Set("dilations", k.dilations);
    }
    last.node->attrs.Set("channels_last", int64_t{1});
    const Tensor y_last = last.Out({x_last});
    const Tensor y_first = first.Out({x_first});
    ASSERT_EQ(y_last.size(), n_out * k.m);
    ASSERT_EQ(y_first.size(), n_out * k.m);
    for (int64_t p = 0; p < n_out; ++p) {
      for (int64_t m = 0; m < k.m; ++m) {
        const float a = y_last.data[p * k.m + m];
        const float e = y_first.data[m * n_out + p];
        ASSERT_EQ(std::signbit(a), std::signbit(e)) << "case c=" << k.c << " m=" << k.m;
        ASSERT_EQ(a, e) << "case c=" << k.c << " m=" << k.m << " group " << k.group << " output "
                        << p << " channel " << m;
      }
    }
  }
}

TEST(FloatEngineTest, ConvTranspose1dByHand) {
  {
    // Stride 2 with a [1, 1] kernel repeats every element twice.
    Single s(OpKind::kConvTranspose, {{1, 3}}, {{1, 6}});
    s.node->params["weight"] = Tensor({1, 1, 2}, {1, 1});
    s.node->attrs.Set("strides", std::vector<int64_t>{2});
    ExpectValues(s.Out({{1, 2, 3}}), {1, 1, 2, 2, 3, 3});
  }
  {
    // Kernel [1, 2, 3] over [1, 1]: [1, 2, 3, 0] + [0, 1, 2, 3]; pads trim one on each side.
    Single s(OpKind::kConvTranspose, {{1, 2}}, {{1, 2}});
    s.node->params["weight"] = Tensor({1, 1, 3}, {1, 2, 3});
    s.node->params["bias"] = Tensor({1}, {10});
    s.node->attrs.Set("pads", std::vector<int64_t>{1, 1});
    ExpectValues(s.Out({{1, 1}}), {13, 15});
  }
  {
    // output_padding adds one trailing element that only the bias reaches.
    Single s(OpKind::kConvTranspose, {{1, 2}}, {{1, 5}});
    s.node->params["weight"] = Tensor({1, 1, 2}, {1, -1});
    s.node->params["bias"] = Tensor({1}, {0.5f});
    s.node->attrs.Set("strides", std::vector<int64_t>{2});
    s.node->attrs.Set("output_padding", std::vector<int64_t>{1});
    ExpectValues(s.Out({{2, 3}}), {2.5f, -1.5f, 3.5f, -2.5f, 0.5f});
  }
}

TEST(FloatEngineTest, ConvTranspose2dGroupsAgainstScatter) {
  // C = 2, group = 2, M = 4 (two output channels per group), stride 2, dilation 1, pads 1/0.
  const int64_t c = 2, h = 2, w = 3, mg = 2, k = 3, stride = 2, pad_b = 1, pad_e = 0;
  const int64_t oh = stride * (h - 1) + k - pad_b - pad_e;
  const int64_t ow = stride * (w - 1) + k - pad_b - pad_e;
  Single s(OpKind::kConvTranspose, {{c, h, w}}, {{c * mg, oh, ow}});
  std::vector<float> wt = Wave(c * mg * k * k, 0.5f);
  s.node->params["weight"] = Tensor({c, mg, k, k}, wt);
  s.node->attrs.Set("group", int64_t{2});
  s.node->attrs.Set("strides", std::vector<int64_t>{stride, stride});
  s.node->attrs.Set("pads", std::vector<int64_t>{pad_b, pad_b, pad_e, pad_e});
  std::vector<float> x = Wave(c * h * w);
  // Scatter form: every input element adds a scaled kernel into the output.
  std::vector<double> want(c * mg * oh * ow, 0.0);
  for (int64_t ci = 0; ci < c; ++ci) {
    for (int64_t m = 0; m < mg; ++m) {
      for (int64_t i = 0; i < h; ++i) {
        for (int64_t j = 0; j < w; ++j) {
          for (int64_t a = 0; a < k; ++a) {
            for (int64_t b = 0; b < k; ++b) {
              int64_t yo = i * stride + a - pad_b;
              int64_t xo = j * stride + b - pad_b;
              if (yo < 0 || yo >= oh || xo < 0 || xo >= ow) continue;
              want[((ci * mg + m) * oh + yo) * ow + xo] +=
                  x[(ci * h + i) * w + j] * wt[((ci * mg + m) * k + a) * k + b];
            }
          }
        }
      }
    }
  }
  ExpectValues(s.Out({x}), std::vector<float>(want.begin(), want.end()), 1e-5);
}

TEST(FloatEngineTest, MaxPool2dAndCeilMode) {
  {
    Single s(OpKind::kMaxPool, {{1, 3, 3}}, {{1, 2, 2}});
    s.node->attrs.Set("kernel_shape", std::vector<int64_t>{2, 2});
    ExpectValues(s.Out({{1, 2, 3, 4, 5, 6, 7, 8, 9}}), {5, 6, 8, 9});
  }
  {
    // ceil_mode keeps the partial last window [3].
    Single s(OpKind::kMaxPool, {{1, 5}}, {{1, 3}});
    s.node->attrs.Set("kernel_shape", std::vector<int64_t>{2});
    s.node->attrs.Set("strides", std::vector<int64_t>{2});
    s.node->attrs.Set("ceil_mode", int64_t{1});
    ExpectValues(s.Out({{1, 5, 2, 4, 3}}), {5, 4, 3});
  }
  {
    // Padding never wins a max, even over negative values; dilation 2 picks every other one.
    // Windows {-1, 1}, {0, 2}, {1, 3}, {2, 4}.
    Single s(OpKind::kMaxPool, {{1, 5}}, {{1, 4}});
    s.node->attrs.Set("kernel_shape", std::vector<int64_t>{2});
    s.node->attrs.Set("dilations", std::vector<int64_t>{2});
    s.node->attrs.Set("pads", std::vector<int64_t>{1, 0});
    ExpectValues(s.Out({{-5, -4, -3, -2, -1}}), {-4, -3, -2, -1});
  }
}

TEST(FloatEngineTest, AveragePoolCountIncludePadAndCeilMode) {
  // [1, 2, 3, 4], kernel 3, stride 2, pads 1/1, ceil_mode: windows [-1, 1], [1, 3], [3, 5].
  // The last one reaches past the end padding; only positions < 4 + 1 count as padded.
  for (int64_t include : {0, 1}) {
    Single s(OpKind::kAveragePool, {{1, 4}}, {{1, 3}});
    s.node->attrs.Set("kernel_shape", std::vector<int64_t>{3});
    s.node->attrs.Set("strides", std::vector<int64_t>{2});
    s.node->attrs.Set("pads", std::vector<int64_t>{1, 1});
    s.node->attrs.Set("ceil_mode", int64_t{1});
    s.node->attrs.Set("count_include_pad", include);
    if (include) {
      ExpectValues(s.Out({{1, 2, 3, 4}}), {3.0f / 3, 9.0f / 3, 4.0f / 2});
    } else {
      ExpectValues(s.Out({{1, 2, 3, 4}}), {3.0f / 2, 9.0f / 3, 4.0f / 1});
    }
  }
  {
    Single s(OpKind::kAveragePool, {{1, 2, 2}}, {{1, 2, 2}});
    s.node->attrs.Set("kernel_shape", std::vector<int64_t>{2, 2});
    s.node->attrs.Set("pads", std::vector<int64_t>{0, 0, 1, 1});
    // Bottom-right corner averages only itself (padding excluded by default).
    ExpectValues(s.Out({{1, 2, 3, 4}}), {2.5f, 3, 3.5f, 4});
  }
}

TEST(FloatEngineTest, GlobalPoolsAndBatchNorm) {
  std::vector<float> x = {1, 2, 3, 4, -1, -2, -3, 10};
  Single avg(OpKind::kGlobalAveragePool, {{2, 2, 2}}, {{2, 1, 1}});
  ExpectValues(avg.Out({x}), {2.5f, 1});
  Single max(OpKind::kGlobalMaxPool, {{2, 2, 2}}, {{2, 1, 1}});
  ExpectValues(max.Out({x}), {4, 10});
  Single bn(OpKind::kBatchNorm, {{2, 2, 2}}, {{2, 2, 2}});
  bn.node->params["scale"] = Tensor({2}, {2, -1});
  bn.node->params["bias"] = Tensor({2}, {1, 0.5f});
  ExpectValues(bn.Out({x}), {3, 5, 7, 9, 1.5f, 2.5f, 3.5f, -9.5f});
}

TEST(FloatEngineTest, ElementwiseBroadcast) {
  std::vector<float> a = {1, 2, 3, 4, 5, 6};  // [2, 3]
  std::vector<float> b = {10, 20, 40};        // [3]
  Single add(OpKind::kAdd, {{2, 3}, {3}}, {{2, 3}});
  ExpectValues(add.Out({a, b}), {11, 22, 43, 14, 25, 46});
  Single sub(OpKind::kSub, {{3}, {2, 3}}, {{2, 3}});
  ExpectValues(sub.Out({b, a}), {9, 18, 37, 6, 15, 34});
  Single mul(OpKind::kMul, {{2, 1}, {3}}, {{2, 3}});
  ExpectValues(mul.Out({{2, -1}, b}), {20, 40, 80, -10, -20, -40});
  Single div(OpKind::kDiv, {{2, 3}, {2, 1}}, {{2, 3}});
  ExpectValues(div.Out({a, {2, 4}}), {0.5f, 1, 1.5f, 1, 1.25f, 1.5f});
  // Three inputs including a scalar.
  Single max(OpKind::kMax, {{2, 1}, {1, 3}, {}}, {{2, 3}});
  ExpectValues(max.Out({{0, 5}, {1, 4, 7}, {3}}), {3, 4, 7, 5, 5, 7});
  Single min(OpKind::kMin, {{3}, {3}}, {{3}});
  ExpectValues(min.Out({{1, 5, -2}, {2, 4, -3}}), {1, 4, -3});
  Single sum(OpKind::kSum, {{3}, {1}, {3}}, {{3}});
  ExpectValues(sum.Out({{1, 2, 3}, {10}, {100, 200, 300}}), {111, 212, 313});
}

// The log-domain functions on positive inputs (and their values at 0 and below, as double gives).
TEST(FloatEngineTest, LogSqrtPow) {
  const std::vector<float> x = {0.25f, 1, 2, 9, 100};
  Single lg(OpKind::kLog, {{5}}, {{5}});
  ExpectValues(lg.Out({x}), {std::log(0.25f), 0, std::log(2.0f), std::log(9.0f), std::log(100.0f)},
               1e-6);
  Single sq(OpKind::kSqrt, {{5}}, {{5}});
  ExpectValues(sq.Out({x}), {0.5f, 1, std::sqrt(2.0f), 3, 10}, 1e-6);
  Single pw(OpKind::kPow, {{5}}, {{5}});
  pw.node->attrs.Set("exponent", -1.5);
  ExpectValues(pw.Out({x}), {8, 1, std::pow(2.0f, -1.5f), 1.0f / 27, 0.001f}, 1e-6);
  Single zero(OpKind::kLog, {{2}}, {{2}});
  std::vector<float> y = zero.Out({{0, -1}}).data;
  EXPECT_TRUE(std::isinf(y[0]) && y[0] < 0);
  EXPECT_TRUE(std::isnan(y[1]));
}

TEST(FloatEngineTest, Activations) {
  const std::vector<float> x = {-3, -1, -0.25f, 0, 0.5f, 2, 4};
  auto apply = [&](OpKind op, auto f, auto setup) {
    Single s(op, {{7}}, {{7}});
    setup(s.node);
    std::vector<float> want;
    for (float v : x) want.push_back(static_cast<float>(f(static_cast<double>(v))));
    ExpectValues(s.Out({x}), want, 1e-6);
  };
  auto none = [](ir::Node*) {};
  apply(
      OpKind::kRelu, [](double v) { return v > 0 ? v : 0; }, none);
  apply(
      OpKind::kLeakyRelu, [](double v) { return v > 0 ? v : 0.1 * v; },
      [](ir::Node* n) { n->attrs.Set("alpha", 0.1); });
  apply(
      OpKind::kLeakyRelu, [](double v) { return v > 0 ? v : 0.01 * v; }, none);
  apply(
      OpKind::kElu, [](double v) { return v > 0 ? v : 2 * (std::exp(v) - 1); },
      [](ir::Node* n) { n->attrs.Set("alpha", 2.0); });
  apply(
      OpKind::kSelu,
      [](double v) {
        return 1.0507009873554805 * (v > 0 ? v : 1.6732632423543772 * (std::exp(v) - 1));
      },
      none);
  apply(
      OpKind::kThresholdedRelu, [](double v) { return v > 1 ? v : 0; }, none);
  apply(
      OpKind::kSigmoid, [](double v) { return 1 / (1 + std::exp(-v)); }, none);
  apply(
      OpKind::kHardSigmoid, [](double v) { return std::fmax(0, std::fmin(1, 0.2 * v + 0.5)); },
      none);
  apply(
      OpKind::kHardSwish, [](double v) { return v * std::fmax(0, std::fmin(1, v / 6 + 0.5)); },
      none);
  apply(
      OpKind::kTanh, [](double v) { return std::tanh(v); }, none);
  apply(
      OpKind::kSoftplus, [](double v) { return std::log(1 + std::exp(v)); }, none);
  apply(
      OpKind::kSoftsign, [](double v) { return v / (1 + std::fabs(v)); }, none);
  apply(
      OpKind::kExp, [](double v) { return std::exp(v); }, none);
  apply(
      OpKind::kSign, [](double v) { return v > 0   ? 1.0
                                           : v < 0 ? -1.0
                                                   : 0.0; }, none);
  apply(
      OpKind::kErf, [](double v) { return std::erf(v); }, none);
  // Gelu: x * Phi(x), Phi the standard normal CDF; gelu(1) = Phi(1) = 0.8413447460685429.
  apply(
      OpKind::kGelu, [](double v) { return v * 0.5 * (1 + std::erf(v / std::sqrt(2.0))); }, none);
  apply(
      OpKind::kGelu,
      [](double v) {
        return 0.5 * v * (1 + std::tanh(0.7978845608028654 * (v + 0.044715 * v * v * v)));
      },
      [](ir::Node* n) { n->attrs.Set("approximate", std::string("tanh")); });
  {
    Single g(OpKind::kGelu, {{1}}, {{1}});
    ExpectValues(g.Out({{1.0f}}), {0.8413447460685429f}, 1e-7);
  }
  apply(
      OpKind::kClip, [](double v) { return std::fmin(std::fmax(v, -1), 0.5); },
      [](ir::Node* n) {
        n->attrs.Set("min", -1.0);
        n->attrs.Set("max", 0.5);
      });
  apply(
      OpKind::kClip, [](double v) { return std::fmax(v, 0); },
      [](ir::Node* n) { n->attrs.Set("min", 0.0); });

  Single prelu(OpKind::kPRelu, {{2, 2}, {2, 1}}, {{2, 2}});
  ExpectValues(prelu.Out({{-1, 1, -2, 2}, {0.5f, 3}}), {-0.5f, 1, -6, 2});

  // compare: 1 or 0 per relation, b broadcast over a's rows.
  const std::vector<std::pair<std::string, std::vector<float>>> relations = {
      {"greater", {0, 0, 1, 0, 0, 1}},
      {"greater_or_equal", {0, 1, 1, 0, 1, 1}},
      {"less", {1, 0, 0, 1, 0, 0}},
      {"less_or_equal", {1, 1, 0, 1, 1, 0}},
      {"equal", {0, 1, 0, 0, 1, 0}}};
  for (const auto& [kind, want] : relations) {
    SCOPED_TRACE(kind);
    Single cmp(OpKind::kCompare, {{2, 3}, {3}}, {{2, 3}});
    cmp.node->attrs.Set("kind", kind);
    ExpectValues(cmp.Out({{-1, 0.5f, 2, -3, 0.5f, 7}, {0, 0.5f, 1}}), want);
  }
}

TEST(FloatEngineTest, SoftmaxAlongAxis) {
  std::vector<float> x = {1, 2, 3, 1, 1, 1};  // [2, 3]
  double e1 = std::exp(1.0), e2 = std::exp(2.0), e3 = std::exp(3.0);
  double row = e1 + e2 + e3;
  Single last(OpKind::kSoftmax, {{2, 3}}, {{2, 3}});
  last.node->attrs.Set("axis", int64_t{1});
  ExpectValues(last.Out({x}), {static_cast<float>(e1 / row), static_cast<float>(e2 / row),
                               static_cast<float>(e3 / row), 1.0f / 3, 1.0f / 3, 1.0f / 3});
  Single first(OpKind::kSoftmax, {{2, 3}}, {{2, 3}});
  first.node->attrs.Set("axis", int64_t{0});
  ExpectValues(first.Out({x}),
               {0.5f, static_cast<float>(e2 / (e2 + e1)), static_cast<float>(e3 / (e3 + e1)), 0.5f,
                static_cast<float>(e1 / (e2 + e1)), static_cast<float>(e1 / (e3 + e1))});
  // Large inputs must not overflow.
  Single big(OpKind::kSoftmax, {{2}}, {{2}});
  ExpectValues(big.Out({{1000, 1000}}), {0.5f, 0.5f});
}

TEST(FloatEngineTest, ReshapeTransposeConcatSplit) {
  Single reshape(OpKind::kReshape, {{2, 3}}, {{3, 2}});
  ExpectValues(reshape.Out({Iota(6)}), Iota(6));

  Single transpose(OpKind::kTranspose, {{2, 3, 4}}, {{4, 2, 3}});
  transpose.node->attrs.Set("perm", std::vector<int64_t>{2, 0, 1});
  Tensor t = transpose.Out({Iota(24)});
  ASSERT_EQ(t.data.size(), 24u);
  for (int64_t a = 0; a < 2; ++a) {
    for (int64_t b = 0; b < 3; ++b) {
      for (int64_t c = 0; c < 4; ++c) EXPECT_EQ(t.data[(c * 2 + a) * 3 + b], a * 12 + b * 4 + c);
    }
  }

  Single concat(OpKind::kConcat, {{2, 1}, {2, 2}}, {{2, 3}});
  concat.node->attrs.Set("axis", int64_t{1});
  ExpectValues(concat.Out({{1, 2}, {3, 4, 5, 6}}), {1, 3, 4, 2, 5, 6});

  Single split(OpKind::kSplit, {{2, 3}}, {{2, 1}, {2, 2}});
  split.node->attrs.Set("axis", int64_t{1});
  split.node->attrs.Set("split", std::vector<int64_t>{1, 2});
  ExpectValues(split.Out({Iota(6)}, 0), {0, 3});
  ExpectValues(split.Out({Iota(6)}, 1), {1, 2, 4, 5});
}

TEST(FloatEngineTest, SliceClampsAndSteps) {
  {
    // Backwards from the last element past the start: 4, 2, 0.
    Single s(OpKind::kSlice, {{5}}, {{3}});
    s.node->attrs.Set("starts", std::vector<int64_t>{-1});
    s.node->attrs.Set("ends", std::vector<int64_t>{-10});
    s.node->attrs.Set("steps", std::vector<int64_t>{-2});
    ExpectValues(s.Out({Iota(5)}), {4, 2, 0});
  }
  {
    Single s(OpKind::kSlice, {{2, 4}}, {{2, 2}});
    s.node->attrs.Set("starts", std::vector<int64_t>{1});
    s.node->attrs.Set("ends", std::vector<int64_t>{INT64_MAX});
    s.node->attrs.Set("axes", std::vector<int64_t>{-1});
    s.node->attrs.Set("steps", std::vector<int64_t>{2});
    ExpectValues(s.Out({Iota(8)}), {1, 3, 5, 7});
  }
}

TEST(FloatEngineTest, PadModes) {
  auto pad = [](const std::string& mode, std::vector<int64_t> pads, int64_t out) {
    Single s(OpKind::kPad, {{3}}, {{out}});
    s.node->attrs.Set("mode", mode);
    s.node->attrs.Set("pads", pads);
    s.node->attrs.Set("value", 9.0);
    return s.Out({{1, 2, 3}});
  };
  ExpectValues(pad("constant", {2, 2}, 7), {9, 9, 1, 2, 3, 9, 9});
  ExpectValues(pad("reflect", {2, 2}, 7), {3, 2, 1, 2, 3, 2, 1});
  ExpectValues(pad("edge", {2, 2}, 7), {1, 1, 1, 2, 3, 3, 3});
  ExpectValues(pad("wrap", {2, 2}, 7), {2, 3, 1, 2, 3, 1, 2});
  ExpectValues(pad("constant", {-1, 1}, 3), {2, 3, 9});
  // Pads wider than the axis reflect again, as numpy.pad does.
  ExpectValues(pad("reflect", {4, 0}, 7), {1, 2, 3, 2, 1, 2, 3});

  Single s(OpKind::kPad, {{2, 2}}, {{3, 4}});
  s.node->attrs.Set("pads", std::vector<int64_t>{1, 0, 0, 2});
  ExpectValues(s.Out({{1, 2, 3, 4}}), {0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0});
}

TEST(FloatEngineTest, ResizeNearest) {
  auto resize = [](Shape in, Shape out, std::vector<double> scales, const std::string& ctm,
                   const std::string& nearest, const std::vector<float>& x) {
    Single s(OpKind::kResize, {in}, {out});
    s.node->attrs.Set("mode", std::string("nearest"));
    s.node->attrs.Set("scales", scales);
    s.node->attrs.Set("coordinate_transformation_mode", ctm);
    s.node->attrs.Set("nearest_mode", nearest);
    return s.Out({x});
  };
  // Upsampling by 2 with half_pixel: source coordinates -0.25, 0.25, 0.75, 1.25.
  ExpectValues(
      resize({1, 2, 2}, {1, 4, 4}, {1, 2, 2}, "half_pixel", "round_prefer_floor", {1, 2, 3, 4}),
      {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4});
  // Downsampling by 2 with half_pixel lands exactly on ties (2o + 0.5): the mode decides.
  ExpectValues(resize({4}, {2}, {0.5}, "half_pixel", "round_prefer_floor", {10, 11, 12, 13}),
               {10, 12});
  ExpectValues(resize({4}, {2}, {0.5}, "half_pixel", "round_prefer_ceil", {10, 11, 12, 13}),
               {11, 13});
  // asymmetric + floor by 1.5: sources 0, 0.67, 1.33, 2, 2.67, 3.33 (clamped to 2).
  ExpectValues(resize({3}, {4}, {1.5}, "asymmetric", "floor", {5, 6, 7}), {5, 5, 6, 7});
  ExpectValues(resize({3}, {4}, {1.5}, "asymmetric", "ceil", {5, 6, 7}), {5, 6, 7, 7});
}

TEST(FloatEngineTest, ResizeLinear) {
  {
    // half_pixel x2: sources -0.25 (clamped), 0.25, 0.75, 1.25 (clamped); 2-D is separable.
    Single s(OpKind::kResize, {{1, 2, 2}}, {{1, 4, 4}});
    s.node->attrs.Set("mode", std::string("linear"));
    s.node->attrs.Set("scales", std::vector<double>{1, 2, 2});
    std::vector<float> want;
    const float a[4] = {0, 0.25f, 0.75f, 1};
    for (float r : a) {
      for (float c : a) want.push_back(2 * r + c);  // input [[0, 1], [2, 3]]
    }
    ExpectValues(s.Out({{0, 1, 2, 3}}), want);
  }
  {
    Single s(OpKind::kResize, {{3}}, {{5}});
    s.node->attrs.Set("mode", std::string("linear"));
    s.node->attrs.Set("scales", std::vector<double>{5.0 / 3});
    s.node->attrs.Set("coordinate_transformation_mode", std::string("align_corners"));
    ExpectValues(s.Out({{0, 2, 8}}), {0, 1, 2, 5, 8});
  }
  {
    // pytorch_half_pixel differs from half_pixel only for an output length of 1.
    Single s(OpKind::kResize, {{4}}, {{1}});
    s.node->attrs.Set("mode", std::string("linear"));
    s.node->attrs.Set("scales", std::vector<double>{0.25});
    s.node->attrs.Set("coordinate_transformation_mode", std::string("pytorch_half_pixel"));
    ExpectValues(s.Out({{3, 5, 7, 9}}), {3});
  }
}

TEST(FloatEngineTest, DepthToSpaceAndBack) {
  std::vector<float> x = Iota(8);  // [8, 1, 1], blocksize 2 -> [2, 2, 2]
  Single dcr(OpKind::kDepthToSpace, {{8, 1, 1}}, {{2, 2, 2}});
  dcr.node->attrs.Set("blocksize", int64_t{2});
  ExpectValues(dcr.Out({x}), {0, 2, 4, 6, 1, 3, 5, 7});
  Single crd(OpKind::kDepthToSpace, {{8, 1, 1}}, {{2, 2, 2}});
  crd.node->attrs.Set("blocksize", int64_t{2});
  crd.node->attrs.Set("mode", std::string("CRD"));
  ExpectValues(crd.Out({x}), {0, 1, 2, 3, 4, 5, 6, 7});

  Single s2d(OpKind::kSpaceToDepth, {{1, 2, 4}}, {{4, 1, 2}});
  s2d.node->attrs.Set("blocksize", int64_t{2});
  // [[0, 1, 2, 3], [4, 5, 6, 7]]: block offsets (0,0), (0,1), (1,0), (1,1).
  ExpectValues(s2d.Out({x}), {0, 2, 1, 3, 4, 6, 5, 7});

  // space_to_depth inverts DCR depth_to_space.
  ir::Graph g;
  ir::Value* in = g.AddInput("x", {8, 2, 3});
  ir::Node* d2s = g.AddNode(OpKind::kDepthToSpace, "d2s", {in});
  d2s->outputs[0]->shape = {2, 4, 6};
  d2s->attrs.Set("blocksize", int64_t{2});
  ir::Node* s2d_back = g.AddNode(OpKind::kSpaceToDepth, "s2d", {d2s->outputs[0]});
  s2d_back->outputs[0]->shape = {8, 2, 3};
  s2d_back->attrs.Set("blocksize", int64_t{2});
  g.MarkOutput(s2d_back->outputs[0]);
  auto res = ref::Run(g, {Tensor({8, 2, 3}, Wave(48))});
  ASSERT_TRUE(res.ok()) << res.error().message();
  ExpectValues(res.value()[0], Wave(48), 0);
}

TEST(FloatEngineTest, QuantRoundsClampsAndNarrows) {
  const std::vector<float> x = {0.25f, 0.75f, -0.25f, 10, -10, 1.3f};  // x / 0.5: .5 1.5 -.5 ...
  auto quant = [&](int64_t is_signed, int64_t narrow, const std::string& rounding) {
    Single s(OpKind::kQuant, {{6}}, {{6}});
    s.node->params["scale"] = Tensor({}, {0.5f});
    s.node->params["zero_point"] = Tensor({}, {0});
    s.node->params["bitwidth"] = Tensor({}, {4});
    s.node->attrs.Set("signed", is_signed);
    s.node->attrs.Set("narrow", narrow);
    s.node->attrs.Set("rounding_mode", rounding);
    return s.Out({x});
  };
  ExpectValues(quant(1, 0, "ROUND"), {0, 1, 0, 3.5f, -4, 1.5f});  // ties to even
  ExpectValues(quant(1, 1, "ROUND"), {0, 1, 0, 3.5f, -3.5f, 1.5f});
  ExpectValues(quant(0, 0, "ROUND"), {0, 1, 0, 7.5f, 0, 1.5f});
  ExpectValues(quant(0, 1, "ROUND"), {0, 1, 0, 7, 0, 1.5f});
  ExpectValues(quant(1, 0, "CEIL"), {0.5f, 1, 0, 3.5f, -4, 1.5f});
  ExpectValues(quant(1, 0, "FLOOR"), {0, 0.5f, -0.5f, 3.5f, -4, 1});
  ExpectValues(quant(1, 0, "ROUND_TO_ZERO"), {0, 0.5f, 0, 3.5f, -4, 1});
}

TEST(FloatEngineTest, QuantBroadcastsParamsPerChannel) {
  // Per-channel scale and zero point for x [2, 1, 2]; scale carries ONNX's batch axis.
  Single s(OpKind::kQuant, {{2, 1, 2}}, {{2, 1, 2}});
  s.node->params["scale"] = Tensor({1, 2, 1, 1}, {1, 0.25f});
  s.node->params["zero_point"] = Tensor({2, 1, 1}, {1, 0});
  s.node->params["bitwidth"] = Tensor({1}, {3});
  s.node->attrs.Set("signed", int64_t{1});
  s.node->attrs.Set("narrow", int64_t{0});
  // Channel 0: x + 1 clamped to [-4, 3], minus 1. Channel 1: x * 4 in [-4, 3], / 4.
  ExpectValues(s.Out({{2.2f, -9, 0.3f, 5}}), {2, -5, 0.25f, 0.75f});
}

// Bit widths per element: each element's own range, and a bad width anywhere (the first, or after
// good ones) is an error naming it.
TEST(FloatEngineTest, QuantBitWidthPerElementAndItsChecks) {
  Single s(OpKind::kQuant, {{4}}, {{4}});
  s.node->params["scale"] = Tensor({}, {1});
  s.node->params["zero_point"] = Tensor({}, {0});
  s.node->params["bitwidth"] = Tensor({4}, {2, 2, 4, 2});
  s.node->attrs.Set("signed", int64_t{1});
  ExpectValues(s.Out({{5, -5, 5, 5}}), {1, -2, 5, 1});
  for (const std::vector<float>& bad : {std::vector<float>{0, 2, 2, 2}, {2, 2, 2.5f, 2}}) {
    s.node->params["bitwidth"] = Tensor({4}, bad);
    EXPECT_NE(s.ErrorText({{1, 1, 1, 1}}).find("bitwidth must be a whole number from 1 to 64"),
              std::string::npos)
        << s.ErrorText({{1, 1, 1, 1}});
  }
}

TEST(FloatEngineTest, OneBitSignedQuantIsBipolar) {
  Single s(OpKind::kQuant, {{3}}, {{3}});
  s.node->params["scale"] = Tensor({}, {0.5f});
  s.node->params["zero_point"] = Tensor({}, {0});
  s.node->params["bitwidth"] = Tensor({}, {1});
  s.node->attrs.Set("signed", int64_t{1});
  ExpectValues(s.Out({{0, -0.1f, 2}}), {0.5f, -0.5f, 0.5f});

  Single b(OpKind::kBipolarQuant, {{3}}, {{3}});
  b.node->params["scale"] = Tensor({3}, {0.5f, 2, 4});
  ExpectValues(b.Out({{0, -0.1f, 2}}), {0.5f, -2, 4});
}

TEST(FloatEngineTest, TruncDropsLowBits) {
  auto trunc = [](const std::string& rounding) {
    Single s(OpKind::kTrunc, {{3}}, {{3}});
    s.node->params["scale"] = Tensor({}, {0.5f});
    s.node->params["zero_point"] = Tensor({}, {0});
    s.node->params["input_bit_width"] = Tensor({}, {8});
    s.node->params["output_bit_width"] = Tensor({}, {4});
    s.node->attrs.Set("rounding_mode", rounding);
    return s.Out({{18.5f, -18.5f, 7.5f}});  // integers 37, -37, 15; / 16 = 2.31, -2.31, 0.94
  };
  ExpectValues(trunc("FLOOR"), {1, -1.5f, 0});
  ExpectValues(trunc("ROUND"), {1, -1, 0.5f});
}

TEST(FloatEngineTest, QuantizeAndDequantizeLinear) {
  Single q(OpKind::kQuantizeLinear, {{5}}, {{5}});
  q.node->params["scale"] = Tensor({}, {0.5f});
  q.node->params["zero_point"] = Tensor({}, {10});
  q.node->attrs.Set("axis", int64_t{-1});
  q.node->attrs.Set("qmin", 0.0);
  q.node->attrs.Set("qmax", 255.0);
  // 2.5 -> 2 and 3.5 -> 4 (ties to even), then + 10; saturation at both ends.
  ExpectValues(q.Out({{1.25f, 1.75f, -100, 200, -1.25f}}), {12, 14, 0, 255, 8});

  Single pa(OpKind::kQuantizeLinear, {{2, 2}}, {{2, 2}});
  pa.node->params["scale"] = Tensor({2}, {1, 2});
  pa.node->params["zero_point"] = Tensor({2}, {0, -1});
  pa.node->attrs.Set("axis", int64_t{0});
  pa.node->attrs.Set("qmin", -128.0);
  pa.node->attrs.Set("qmax", 127.0);
  ExpectValues(pa.Out({{1.4f, -300, 5, -6}}), {1, -128, 1, -4});

  Single d(OpKind::kDequantizeLinear, {{2, 2}}, {{2, 2}});
  d.node->params["scale"] = Tensor({2}, {0.5f, 2});
  d.node->params["zero_point"] = Tensor({2}, {10, 0});
  d.node->attrs.Set("axis", int64_t{1});
  ExpectValues(d.Out({{12, 3, 9, -4}}), {1, 6, -0.5f, -8});
}

TEST(FloatEngineTest, ReduceMeanAndConstant) {
  Single keep(OpKind::kReduceMean, {{2, 3}}, {{2, 1}});
  keep.node->attrs.Set("axes", std::vector<int64_t>{1});
  ExpectValues(keep.Out({{1, 2, 6, -1, -2, 0}}), {3, -1});
  Single drop(OpKind::kReduceMean, {{2, 3}}, {{3}});
  drop.node->attrs.Set("axes", std::vector<int64_t>{0});
  drop.node->attrs.Set("keepdims", int64_t{0});
  ExpectValues(drop.Out({{1, 2, 6, -1, -2, 0}}), {0, 0, 3});

  Single c(OpKind::kConstant, {}, {{2}});
  c.node->params["value"] = Tensor({2}, {4, 5});
  ExpectValues(c.Out({}), {4, 5});
}

TEST(FloatEngineTest, RunChainsNodesAndReusesValues) {
  // y = relu(x . W) ; z = y + x * 2 (x is used by two nodes, y feeds one).
  ir::Graph g;
  ir::Value* x = g.AddInput("x", {2});
  ir::Node* dense = g.AddNode(OpKind::kDense, "dense", {x});
  dense->outputs[0]->shape = {2};
  dense->params["weight"] = Tensor({2, 2}, {1, -1, 1, -1});
  ir::Node* relu = g.AddNode(OpKind::kRelu, "relu", {dense->outputs[0]});
  relu->outputs[0]->shape = {2};
  ir::Node* two = g.AddNode(OpKind::kConstant, "two", {});
  two->outputs[0]->shape = {};
  two->params["value"] = Tensor({}, {2});
  ir::Node* mul = g.AddNode(OpKind::kMul, "mul", {x, two->outputs[0]});
  mul->outputs[0]->shape = {2};
  ir::Node* add = g.AddNode(OpKind::kAdd, "add", {relu->outputs[0], mul->outputs[0]});
  add->outputs[0]->shape = {2};
  g.MarkOutput(add->outputs[0]);
  g.MarkOutput(relu->outputs[0]);
  auto res = ref::Run(g, {Tensor({2}, {3, -1})});
  ASSERT_TRUE(res.ok()) << res.error().message();
  ASSERT_EQ(res.value().size(), 2u);
  // x . W = [3 - 1, -3 + 1] = [2, -2]; relu = [2, 0]; + [6, -2].
  ExpectValues(res.value()[0], {8, -2});
  ExpectValues(res.value()[1], {2, 0});
}

TEST(FloatEngineTest, ErrorsNameTheNode) {
  Single s(OpKind::kResize, {{1, 2, 2}}, {{1, 4, 4}});
  s.node->attrs.Set("mode", std::string("cubic"));
  s.node->attrs.Set("scales", std::vector<double>{1, 2, 2});
  s.node->locations.push_back({"model.onnx", "up1", "Resize"});
  EXPECT_EQ(s.ErrorText({Iota(4)}),
            "model.onnx: node 'up1' (Resize): unsupported resize mode 'cubic' (supported: "
            "nearest, linear)");

  Single q(OpKind::kQuant, {{2}}, {{2}});
  q.node->params["scale"] = Tensor({}, {1});
  q.node->params["bitwidth"] = Tensor({}, {8});
  q.node->attrs.Set("rounding_mode", std::string("HALF_UP"));
  EXPECT_EQ(q.ErrorText({{1, 2}}),
            "node 'n' (quant): unsupported rounding_mode 'HALF_UP' (supported: ROUND, CEIL, "
            "FLOOR, ROUND_TO_ZERO)");

  Single add(OpKind::kAdd, {{2}, {3}}, {{3}});
  EXPECT_EQ(add.ErrorText({{1, 2}, {1, 2, 3}}),
            "node 'n' (add): input shapes [2], [3] do not broadcast");

  Single conv(OpKind::kConv, {{1, 4}}, {{1, 3}});
  conv.node->params["weight"] = Tensor({1, 1, 3}, {1, 1, 1});
  EXPECT_EQ(conv.ErrorText({Iota(4)}),
            "node 'n' (conv): output 0 has shape [1,3] but the op computes [1,2]");

  EXPECT_EQ(conv.ErrorText({}), "the graph has 1 inputs but was given 0 tensors");
}

}  // namespace
}  // namespace loom::ref
