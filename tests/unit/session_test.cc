// The compile session: errors and diagnostics come back as values, nothing is printed, and its
// steps give what the libraries they drive give when called directly.
#include "loom/session/session.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "loom/config/config.h"
#include "loom/frontends/onnx.h"
#include "loom/pass/pass.h"
#include "loom/precision/precision.h"
#include "loom/ref/float_engine.h"
#include "loom/sim/emulator.h"
#include "loom/support/npy.h"

namespace loom {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string Fixture(const std::string& name) {
  return std::string(LOOM_SOURCE_DIR) + "/tests/fixtures/" + name;
}

// The graph a session loads by default, typed as a session types it without configuration.
ir::Graph TypedGraphDirectly(const std::string& model, const precision::PrecisionOptions& options) {
  ErrorOr<ir::Graph> g = frontends::ImportOnnxFile(model);
  EXPECT_TRUE(g.ok()) << g.error().message();
  ir::Graph graph = std::move(g).value();
  pass::PassRegistry registry;
  pass::RegisterAllPasses(registry);
  pass::PassContext ctx;
  ErrorOr<bool> r = pass::RunPipeline(graph, pass::CanonicalizePipeline(), registry, ctx);
  EXPECT_TRUE(r.ok()) << r.error().message();
  ErrorOr<std::vector<precision::PrecisionChoice>> choices =
      precision::AssignPrecision(graph, options);
  EXPECT_TRUE(choices.ok()) << choices.error().message();
  return graph;
}

// Runs sim::Emulator itself on the fixture's samples.
std::vector<std::vector<double>> EmulateDirectly(const ir::Graph& graph, const NpyArray& x) {
  ErrorOr<sim::Emulator> emu = sim::Emulator::Build(graph);
  EXPECT_TRUE(emu.ok()) << emu.error().message();
  int64_t n = x.shape[0];
  std::vector<std::vector<double>> out;
  std::vector<double*> ptrs;
  for (const ir::Value* v : graph.outputs()) {
    out.emplace_back(static_cast<size_t>(n * ir::NumElements(v->shape)));
    ptrs.push_back(out.back().data());
  }
  ErrorOr<sim::RunResult> r = emu.value().Run(n, {x.data.data()}, ptrs, {});
  EXPECT_TRUE(r.ok()) << r.error().message();
  return out;
}

TEST(SessionTest, MissingModelIsAnErrorNamingTheFile) {
  Session session;
  testing::internal::CaptureStdout();
  testing::internal::CaptureStderr();
  ErrorOr<bool> r = session.Load("/nonexistent/dir/missing_model.onnx");
  EXPECT_EQ(testing::internal::GetCapturedStdout(), "");
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message(),
            "/nonexistent/dir/missing_model.onnx: error: cannot open the file");
  EXPECT_TRUE(session.diagnostics().empty());
}

TEST(SessionTest, FailedPassKeepsTheIrOfThePassesBeforeIt) {
  Session session;
  LoadOptions options;
  options.passes = {"fold-constants", "no-such-pass"};
  options.print_ir_after_all = true;
  options.time_passes = true;
  std::string model = Fixture("jet_mlp.onnx");
  ErrorOr<bool> r = session.Load(model, options);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error().message(), StartsWith(model + ": error: unknown pass 'no-such-pass'"));
  EXPECT_THAT(session.load_report().ir_after_each, StartsWith("// IR after fold-constants"));
  EXPECT_EQ(session.load_report().ir_after_each.find("no-such-pass"), std::string::npos);
}

TEST(SessionTest, LoadKeepsPassTimesAndIrWhenAsked) {
  Session session;
  LoadOptions options;
  options.time_passes = true;
  options.print_ir = true;
  ASSERT_TRUE(session.Load(Fixture("jet_mlp.onnx"), options).ok());
  const LoadReport& report = session.load_report();
  ASSERT_EQ(report.pass_times.size(), pass::CanonicalizePipeline().size());
  EXPECT_EQ(report.pass_times.front().first, pass::CanonicalizePipeline().front());
  EXPECT_EQ(report.ir, ir::Print(session.graph()));
  EXPECT_EQ(report.ir_after_each, "");

  ASSERT_TRUE(session.Load(Fixture("jet_mlp.onnx")).ok());
  EXPECT_TRUE(session.load_report().pass_times.empty());
  EXPECT_EQ(session.load_report().ir, "");
}

TEST(SessionTest, ConfigProblemsComeBackTogetherInOneError) {
  Session session;
  ASSERT_TRUE(session.Load(Fixture("jet_mlp.onnx")).ok());
  ErrorOr<config::Config> c = config::ParseConfig(
      "OutputDir: somewhere\n"
      "LayerName:\n"
      "  fc_0:\n"
      "    Precision: fixed<8,3>\n"
      "  no_such_layer_at_all:\n"
      "    Precision: fixed<8,3>\n",
      "bad.yml");
  ASSERT_TRUE(c.ok()) << c.error().message();
  testing::internal::CaptureStderr();
  ErrorOr<bool> r = session.ApplyConfig(std::move(c).value());
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
  ASSERT_FALSE(r.ok());
  const std::string& m = r.error().message();
  EXPECT_THAT(m, HasSubstr("bad.yml:3: error: LayerName 'fc_0' is not a layer of"));
  EXPECT_THAT(m, HasSubstr("(did you mean 'fc0'?)"));
  EXPECT_THAT(m, HasSubstr("\nbad.yml:5: error: LayerName 'no_such_layer_at_all'"));
  // The note about the unused key is a diagnostic, not part of the error.
  ASSERT_EQ(session.diagnostics().size(), 1u);
  EXPECT_THAT(session.diagnostics()[0], HasSubstr("bad.yml:1: note: 'OutputDir'"));
  EXPECT_EQ(m.find("OutputDir"), std::string::npos);
  // The rejected configuration was not applied.
  EXPECT_TRUE(session.config().layer_name.empty());
  EXPECT_EQ(session.TakeDiagnostics().size(), 1u);
  EXPECT_TRUE(session.diagnostics().empty());
}

TEST(SessionTest, EmulateGivesWhatTheEmulatorGivesDirectly) {
  Session session;
  std::string model = Fixture("jet_mlp.onnx");
  ASSERT_TRUE(session.Load(model).ok());
  ErrorOr<std::vector<precision::PrecisionChoice>> choices = session.AssignPrecision(nullptr);
  ASSERT_TRUE(choices.ok()) << choices.error().message();
  EXPECT_FALSE(choices.value().empty());
  EXPECT_EQ(session.choices().size(), choices.value().size());
  ErrorOr<Inputs> inputs = session.ReadInputs({Fixture("jet_mlp.input.npy")});
  ASSERT_TRUE(inputs.ok()) << inputs.error().message();
  ErrorOr<Emulation> e = session.Emulate(inputs.value());
  ASSERT_TRUE(e.ok()) << e.error().message();

  ErrorOr<NpyArray> x = ReadNpy(Fixture("jet_mlp.input.npy"));
  ASSERT_TRUE(x.ok());
  ir::Graph graph = TypedGraphDirectly(model, {});
  std::vector<std::vector<double>> want = EmulateDirectly(graph, x.value());
  ASSERT_EQ(e.value().outputs.size(), 1u);
  EXPECT_EQ(e.value().batch, x.value().shape[0]);
  EXPECT_EQ(e.value().shapes[0], (std::vector<int64_t>{x.value().shape[0], 5}));
  EXPECT_EQ(e.value().outputs, want);
  // Not a vacuous comparison: the outputs are not all zero.
  bool any_nonzero = false;
  for (double v : want[0]) any_nonzero = any_nonzero || v != 0;
  EXPECT_TRUE(any_nonzero);
  EXPECT_FALSE(e.value().run.counts.empty());
}

// Chunk by chunk (here a few samples per chunk, the last one partial): the same outputs, counts
// and warnings as one whole run, in float64 and float32 files; on failure no output file stays.
TEST(SessionTest, EmulateNpyFilesInChunksEqualsOneRun) {
  Session session;
  ASSERT_TRUE(session.Load(Fixture("jet_mlp.onnx")).ok());
  ASSERT_TRUE(session.AssignPrecision(nullptr).ok());
  ErrorOr<NpyArray> x = ReadNpy(Fixture("jet_mlp.input.npy"));
  ASSERT_TRUE(x.ok());
  NpyArray in = x.value();
  ASSERT_GT(in.shape[0], 7);
  in.data[3 * 16 + 5] = std::numeric_limits<float>::quiet_NaN();  // in the second chunk
  const std::string dir = testing::TempDir();
  const std::string in_path = dir + "/session_chunks_in.npy";
  ASSERT_TRUE(WriteNpy(in_path, in).ok());
  ErrorOr<Inputs> whole_in = session.ReadInputs({in_path});
  ASSERT_TRUE(whole_in.ok());
  std::vector<std::string> whole_warnings = session.TakeDiagnostics();
  ASSERT_EQ(whole_warnings.size(), 1u);
  ErrorOr<Emulation> whole = session.Emulate(whole_in.value());
  ASSERT_TRUE(whole.ok()) << whole.error().message();
  // 3 samples' worth of bytes per chunk: 16 floats in, 5 doubles out per sample.
  const int64_t chunk_bytes = 3 * (16 * 4 + 5 * 8);
  for (bool float32 : {false, true}) {
    const std::string out_path = dir + "/session_chunks_out.npy";
    ErrorOr<Emulation> e = session.EmulateNpyFiles({in_path}, {out_path}, float32, {}, chunk_bytes);
    ASSERT_TRUE(e.ok()) << e.error().message();
    EXPECT_EQ(session.TakeDiagnostics(), whole_warnings);
    EXPECT_EQ(e.value().batch, whole.value().batch);
    EXPECT_EQ(e.value().shapes, whole.value().shapes);
    ASSERT_EQ(e.value().run.counts.size(), whole.value().run.counts.size());
    for (size_t k = 0; k < e.value().run.counts.size(); ++k) {
      EXPECT_EQ(e.value().run.counts[k].values, whole.value().run.counts[k].values);
      EXPECT_EQ(e.value().run.counts[k].result_overflow,
                whole.value().run.counts[k].result_overflow);
      EXPECT_EQ(e.value().run.counts[k].accum_overflow, whole.value().run.counts[k].accum_overflow);
    }
    ErrorOr<NpyArray> got = ReadNpy(out_path);
    ASSERT_TRUE(got.ok()) << got.error().message();
    EXPECT_EQ(got.value().shape, whole.value().shapes[0]);
    std::vector<float> want(whole.value().outputs[0].begin(), whole.value().outputs[0].end());
    EXPECT_EQ(got.value().data, want);
  }
  // Failures leave no output and no partial file: a missing input, an unwritable output.
  const std::string out_path = dir + "/session_chunks_fail.npy";
  std::remove(out_path.c_str());
  ErrorOr<Emulation> bad = session.EmulateNpyFiles({dir + "/missing.npy"}, {out_path}, false, {});
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.error().message(), HasSubstr("missing.npy: error: cannot open the file"));
  EXPECT_FALSE(std::ifstream(out_path).good());
  EXPECT_FALSE(std::ifstream(out_path + ".loom-partial").good());
  const std::string no_dir = dir + "/no_such_dir/out.npy";
  bad = session.EmulateNpyFiles({in_path}, {no_dir}, false, {});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message(), no_dir + ": error: cannot write the file");
}

// hls4ml's .dat text read chunk by chunk (3 samples a chunk; blank lines between samples are
// skipped) gives what the same values in a .npy give; a bad line is named with its number.
TEST(SessionTest, EmulateDatFilesInChunksEqualsTheNpyRun) {
  Session session;
  ASSERT_TRUE(session.Load(Fixture("jet_mlp.onnx")).ok());
  ASSERT_TRUE(session.AssignPrecision(nullptr).ok());
  ErrorOr<NpyArray> x = ReadNpy(Fixture("jet_mlp.input.npy"));
  ASSERT_TRUE(x.ok());
  const NpyArray& in = x.value();
  const int64_t samples = in.shape[0];
  ASSERT_GT(samples, 7);
  const std::string dir = testing::TempDir();
  const std::string dat = dir + "/session_chunks_in.dat";
  {
    std::ofstream f(dat);
    f.precision(9);  // float32 round-trips exactly
    for (int64_t s = 0; s < samples; ++s) {
      for (int64_t i = 0; i < 16; ++i) f << (i ? " " : "") << in.data[s * 16 + i];
      f << (s % 4 == 1 ? "\n  \n" : "\n");
    }
  }
  ErrorOr<Inputs> whole_in = session.ReadInputs({Fixture("jet_mlp.input.npy")});
  ASSERT_TRUE(whole_in.ok());
  ErrorOr<Emulation> whole = session.Emulate(whole_in.value());
  ASSERT_TRUE(whole.ok()) << whole.error().message();
  const std::string out_path = dir + "/session_dat_out.npy";
  ErrorOr<Emulation> e =
      session.EmulateNpyFiles({dat}, {out_path}, false, {}, 3 * (16 * 4 + 5 * 8));
  ASSERT_TRUE(e.ok()) << e.error().message();
  EXPECT_EQ(e.value().batch, samples);
  ErrorOr<NpyArray> got = ReadNpy(out_path);
  ASSERT_TRUE(got.ok()) << got.error().message();
  std::vector<float> want(whole.value().outputs[0].begin(), whole.value().outputs[0].end());
  EXPECT_EQ(got.value().data, want);
  // A token that is not a number on line 7 (the sixth sample: one blank line before it).
  const std::string bad_dat = dir + "/session_bad.dat";
  {
    std::ifstream src(dat);
    std::ofstream f(bad_dat);
    std::string line;
    for (int n = 1; std::getline(src, line); ++n) f << (n == 7 ? "1 2 x3" : line) << "\n";
  }
  ErrorOr<Emulation> bad = session.EmulateNpyFiles({bad_dat}, {out_path + "2"}, false, {}, 64);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message(), bad_dat + ":7: error: 'x3' is not a number");
  EXPECT_FALSE(std::ifstream(out_path + "2").good());
}

// The trace written chunk by chunk (3 samples a chunk) is WriteTrace's of one whole run, file for
// file and byte for byte.
TEST(SessionTest, TraceInChunksEqualsTheWholeRunsTrace) {
  Session session;
  ASSERT_TRUE(session.Load(Fixture("jet_mlp.onnx")).ok());
  ASSERT_TRUE(session.AssignPrecision(nullptr).ok());
  const std::string in_path = Fixture("jet_mlp.input.npy");
  ErrorOr<Inputs> whole_in = session.ReadInputs({in_path});
  ASSERT_TRUE(whole_in.ok());
  ASSERT_GT(whole_in.value().batch, 7);
  ErrorOr<Emulation> whole = session.Emulate(whole_in.value(), {.trace = true});
  ASSERT_TRUE(whole.ok()) << whole.error().message();
  const std::string dir = testing::TempDir();
  ASSERT_TRUE(session.WriteTrace(dir + "/trace_whole", whole.value()).ok());
  // Per sample: 16 inputs, 5 outputs, and every node output of the trace (8 bytes each).
  int64_t trace_values = 0;
  for (const sim::TraceEntry& t : whole.value().run.trace) {
    trace_values += static_cast<int64_t>(t.data.size()) / whole.value().batch;
  }
  ErrorOr<Emulation> e =
      session.EmulateNpyFiles({in_path}, {dir + "/trace_chunks_out.npy"}, false, {},
                              3 * (16 * 4 + 5 * 8 + trace_values * 8), dir + "/trace_chunks");
  ASSERT_TRUE(e.ok()) << e.error().message();
  auto bytes = [](const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), {});
  };
  const std::string index = bytes(dir + "/trace_whole/index.tsv");
  EXPECT_EQ(bytes(dir + "/trace_chunks/index.tsv"), index);
  int files = 0;
  std::istringstream lines(index);
  std::string line;
  std::getline(lines, line);  // header
  while (std::getline(lines, line)) {
    const std::string file = line.substr(0, line.find('\t'));
    const std::string want = bytes(dir + "/trace_whole/" + file);
    ASSERT_FALSE(want.empty()) << file;
    EXPECT_EQ(bytes(dir + "/trace_chunks/" + file), want) << file;
    ++files;
  }
  EXPECT_EQ(files, static_cast<int>(whole.value().run.trace.size()));
}

// loom run chunk by chunk (3 samples a chunk, 2 threads) writes what one whole evaluation gives.
TEST(SessionTest, EvaluateNpyFilesInChunksEqualsOneEvaluation) {
  Session session;
  ASSERT_TRUE(session.Load(Fixture("jet_mlp.onnx")).ok());
  ErrorOr<Inputs> whole_in = session.ReadFloatInputs({Fixture("jet_mlp.input.npy")});
  ASSERT_TRUE(whole_in.ok()) << whole_in.error().message();
  ErrorOr<std::vector<NpyArray>> whole = session.Evaluate(whole_in.value(), 1);
  ASSERT_TRUE(whole.ok()) << whole.error().message();
  const std::string out_path = testing::TempDir() + "/session_eval_chunks.npy";
  ErrorOr<int64_t> n =
      session.EvaluateNpyFiles({Fixture("jet_mlp.input.npy")}, {out_path}, 2, 3 * (16 + 5) * 4);
  ASSERT_TRUE(n.ok()) << n.error().message();
  EXPECT_EQ(n.value(), whole_in.value().batch);
  ErrorOr<NpyArray> got = ReadNpy(out_path);
  ASSERT_TRUE(got.ok()) << got.error().message();
  EXPECT_EQ(got.value().shape, whole.value()[0].shape);
  EXPECT_EQ(got.value().data, whole.value()[0].data);
}

TEST(SessionTest, CalibratedPrecisionMatchesCallingTheLibrariesDirectly) {
  Session session;
  std::string model = Fixture("jet_mlp.onnx");
  ASSERT_TRUE(session.Load(model).ok());
  ErrorOr<std::vector<precision::PrecisionChoice>> choices =
      session.AssignPrecision(Fixture("jet_mlp.input.npy"), 6);
  ASSERT_TRUE(choices.ok()) << choices.error().message();

  ErrorOr<NpyArray> x = ReadNpy(Fixture("jet_mlp.input.npy"));
  ASSERT_TRUE(x.ok());
  ir::Graph plain = TypedGraphDirectly(model, {});
  ErrorOr<precision::ValueRanges> ranges =
      precision::Calibrate(plain, {x.value().data.data()}, x.value().shape[0]);
  ASSERT_TRUE(ranges.ok());
  precision::PrecisionOptions options;
  options.ranges = &ranges.value();
  options.calibration_frac_bits = 6;
  ir::Graph graph = TypedGraphDirectly(model, options);
  ASSERT_EQ(session.graph().outputs().size(), 1u);
  EXPECT_EQ(session.graph().outputs()[0]->type.fixed, graph.outputs()[0]->type.fixed);
  bool calibrated = false;
  for (const precision::PrecisionChoice& c : choices.value()) {
    calibrated = calibrated || c.source.find("calibrated") != std::string::npos;
  }
  EXPECT_TRUE(calibrated);

  ErrorOr<Inputs> inputs = session.ReadInputs({Fixture("jet_mlp.input.npy")});
  ASSERT_TRUE(inputs.ok());
  ErrorOr<Emulation> e = session.Emulate(inputs.value());
  ASSERT_TRUE(e.ok()) << e.error().message();
  EXPECT_EQ(e.value().outputs, EmulateDirectly(graph, x.value()));
}

TEST(SessionTest, EvaluateGivesWhatTheFloatEngineGives) {
  Session session;
  ASSERT_TRUE(session.Load(Fixture("jet_mlp.onnx")).ok());
  ErrorOr<Inputs> inputs = session.ReadFloatInputs({Fixture("jet_mlp.input.npy")});
  ASSERT_TRUE(inputs.ok()) << inputs.error().message();
  ErrorOr<std::vector<NpyArray>> out = session.Evaluate(inputs.value());
  ASSERT_TRUE(out.ok()) << out.error().message();
  ASSERT_EQ(out.value().size(), 1u);
  const ir::Shape& in_shape = session.graph().inputs()[0]->shape;
  int64_t per = ir::NumElements(in_shape);
  const std::vector<float>& x = inputs.value().arrays[0].data;
  ErrorOr<std::vector<ir::Tensor>> want =
      ref::Run(session.graph(),
               {ir::Tensor(in_shape, std::vector<float>(x.begin() + per, x.begin() + 2 * per))});
  ASSERT_TRUE(want.ok());
  int64_t out_per = ir::NumElements(session.graph().outputs()[0]->shape);
  std::vector<float> second(out.value()[0].data.begin() + out_per,
                            out.value()[0].data.begin() + 2 * out_per);
  EXPECT_EQ(second, want.value()[0].data);
  EXPECT_EQ(out.value()[0].shape[0], inputs.value().batch);
}

TEST(SessionTest, NonFiniteInputIsADiagnosticNotAPrint) {
  Session session;
  ASSERT_TRUE(session.Load(Fixture("jet_mlp.onnx")).ok());
  NpyArray x;
  x.shape = {2, 16};
  x.data.assign(32, 0.5f);
  x.data[2] = std::numeric_limits<float>::quiet_NaN();
  x.data[16 + 4] = -std::numeric_limits<float>::infinity();
  std::string path = testing::TempDir() + "/session_test_nonfinite.npy";
  ASSERT_TRUE(WriteNpy(path, x).ok());
  testing::internal::CaptureStdout();
  testing::internal::CaptureStderr();
  ErrorOr<Inputs> inputs = session.ReadInputs({path});
  EXPECT_EQ(testing::internal::GetCapturedStdout(), "");
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
  ASSERT_TRUE(inputs.ok()) << inputs.error().message();
  EXPECT_EQ(inputs.value().batch, 2);
  ASSERT_EQ(session.diagnostics().size(), 1u);
  EXPECT_THAT(session.diagnostics()[0],
              StartsWith(path + ": warning: input '" + session.graph().inputs()[0]->name +
                         "' holds 1 NaN and 1 infinite value(s), the first at sample 0, "
                         "element 2;"));
  // Finite input: no diagnostic.
  session.TakeDiagnostics();
  ASSERT_TRUE(session.ReadInputs({Fixture("jet_mlp.input.npy")}).ok());
  EXPECT_TRUE(session.diagnostics().empty());
}

TEST(SessionTest, InputMistakesAreErrors) {
  Session session;
  std::string model = Fixture("jet_mlp.onnx");
  ASSERT_TRUE(session.Load(model).ok());
  ErrorOr<Inputs> two = session.ReadInputs({"a.npy", "b.npy"});
  ASSERT_FALSE(two.ok());
  EXPECT_EQ(two.error().message(),
            "error: the model has 1 input(s) but 2 input file(s) were given");
  ErrorOr<Inputs> wrong = session.ReadInputs({Fixture("skip_model.input.npy")});
  ASSERT_FALSE(wrong.ok());
  EXPECT_THAT(wrong.error().message(),
              HasSubstr("skip_model.input.npy: error: array of shape [8,8] does not match input"));
  ErrorOr<bool> outputs = session.CheckOutputFileCount(3);
  ASSERT_FALSE(outputs.ok());
  EXPECT_EQ(outputs.error().message(),
            model + ": error: the model has 1 output(s) but 3 --output file(s) were given");
  EXPECT_TRUE(session.CheckOutputFileCount(1).ok());
  // Arrays built by hand are checked against the graph rather than trusted.
  Inputs bad;
  bad.batch = 2;
  bad.arrays.push_back(NpyArray{{2, 16}, std::vector<float>(16, 0.0f)});
  ASSERT_TRUE(session.AssignPrecision(nullptr).ok());
  ErrorOr<Emulation> e = session.Emulate(bad);
  ASSERT_FALSE(e.ok());
  EXPECT_THAT(e.error().message(), HasSubstr("has 16 values, not 32 for 2 sample(s)"));
  ErrorOr<hls::TestVectors> v = session.MakeTestVectors(nullptr, -1);
  ASSERT_FALSE(v.ok());
  EXPECT_THAT(v.error().message(), HasSubstr("must not be negative (got -1)"));
}

TEST(SessionTest, TestVectorsComeFromTheEmulator) {
  Session session;
  ASSERT_TRUE(session.Load(Fixture("jet_mlp.onnx")).ok());
  ASSERT_TRUE(session.AssignPrecision(nullptr).ok());
  ErrorOr<hls::TestVectors> v = session.MakeTestVectors(nullptr, 4);
  ASSERT_TRUE(v.ok()) << v.error().message();
  ASSERT_EQ(v.value().n, 4);
  ASSERT_EQ(v.value().inputs.size(), 1u);
  ASSERT_EQ(v.value().inputs[0].size(), 4u * 16u);
  NpyArray x{{4, 16}, v.value().inputs[0]};
  EXPECT_EQ(v.value().outputs, EmulateDirectly(session.graph(), x));
}

TEST(SessionTest, ExportConfigByNameFixesEveryLayer) {
  Session session;
  ASSERT_TRUE(session.Load(Fixture("jet_mlp.onnx")).ok());
  ASSERT_TRUE(session.AssignPrecision(nullptr).ok());
  config::Config by_model = session.ExportConfig(ConfigGranularity::kModel);
  EXPECT_TRUE(by_model.layer_name.empty());
  EXPECT_EQ(by_model.model.reuse_factor, 1);
  config::Config by_name = session.ExportConfig(ConfigGranularity::kName);
  ASSERT_TRUE(by_name.layer_name.count("fc0"));
  EXPECT_FALSE(by_name.layer_name.at("fc0").precision.at("result").is_auto);
  // Read back, it is accepted by the same graph.
  Session again;
  ASSERT_TRUE(again.Load(Fixture("jet_mlp.onnx")).ok());
  ErrorOr<config::Config> parsed = config::ParseConfig(config::EmitYaml(by_name), "export.yml");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message();
  ASSERT_TRUE(again.ApplyConfig(std::move(parsed).value()).ok());
  ErrorOr<std::vector<precision::PrecisionChoice>> choices = again.AssignPrecision(nullptr);
  ASSERT_TRUE(choices.ok()) << choices.error().message();
  EXPECT_EQ(again.graph().outputs()[0]->type.fixed, session.graph().outputs()[0]->type.fixed);
}

}  // namespace
}  // namespace loom
