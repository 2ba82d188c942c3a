// hls4ml-compatible configuration: parsing, error messages, resolution, graph checks, emission.
#include "loom/config/config.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "loom/support/suggest.h"

namespace loom::config {
namespace {

using fixed::FixedType;
using fixed::Precision;
using ir::OpKind;

Config Parse(const std::string& text, const std::string& source = "cfg.yml") {
  auto r = ParseConfig(text, source);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message());
  return r.ok() ? r.value() : Config{};
}

std::string ErrorOf(const std::string& text, const std::string& source = "cfg.yml") {
  auto r = ParseConfig(text, source);
  EXPECT_FALSE(r.ok()) << "parsed but should not:\n" << text;
  return r.ok() ? "" : r.error().message();
}

Precision Fixed(int64_t width, int64_t int_bits) {
  return Precision{false, FixedType::Signed(width, int_bits)};
}

Precision P(const std::string& text) {
  auto r = fixed::ParsePrecision(text);
  EXPECT_TRUE(r.ok()) << text;
  return r.ok() ? r.value() : Precision{};
}

// The message ParsePrecision gives for `text` (so tests do not restate the fixed library's text).
std::string PrecisionMessage(const std::string& text) {
  auto r = fixed::ParsePrecision(text);
  EXPECT_FALSE(r.ok()) << text;
  return r.ok() ? "" : r.error().message();
}

void ExpectSameSettings(const LayerSettings& a, const LayerSettings& b, const std::string& what) {
  EXPECT_EQ(a.precision, b.precision) << what;
  EXPECT_EQ(a.reuse_factor, b.reuse_factor) << what;
  EXPECT_EQ(a.strategy, b.strategy) << what;
  EXPECT_EQ(a.table_size, b.table_size) << what;
  EXPECT_EQ(a.trace, b.trace) << what;
  EXPECT_EQ(a.pipeline_style, b.pipeline_style) << what;
  EXPECT_EQ(a.parallelization_factor, b.parallelization_factor) << what;
}

void ExpectSameSections(const std::map<std::string, LayerSettings>& a,
                        const std::map<std::string, LayerSettings>& b, const std::string& what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib) {
    EXPECT_EQ(ia->first, ib->first) << what;
    ExpectSameSettings(ia->second, ib->second, what + " '" + ia->first + "'");
  }
}

void ExpectSameConfig(const Config& a, const Config& b) {
  EXPECT_EQ(a.project_name, b.project_name);
  EXPECT_EQ(a.part, b.part);
  EXPECT_EQ(a.clock_period, b.clock_period);
  EXPECT_EQ(a.backend, b.backend);
  EXPECT_EQ(a.io_type, b.io_type);
  ExpectSameSettings(a.model, b.model, "Model");
  ExpectSameSections(a.layer_type, b.layer_type, "LayerType");
  ExpectSameSections(a.layer_name, b.layer_name, "LayerName");
}

// ----------------------------------------------------------------------------------------------
// Did you mean.

TEST(SuggestTest, EditDistanceIgnoresCase) {
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3);
  EXPECT_EQ(EditDistance("", "abc"), 3);
  EXPECT_EQ(EditDistance("ReuseFactor", "reusefactor"), 0);
  EXPECT_EQ(EditDistance("ReuseFactr", "ReuseFactor"), 1);
}

TEST(SuggestTest, DidYouMean) {
  std::vector<std::string> keys = {"Precision", "ReuseFactor", "Strategy", "Trace"};
  EXPECT_EQ(DidYouMean("ReuseFactr", keys), " (did you mean 'ReuseFactor'?)");
  EXPECT_EQ(DidYouMean("reusefactor", keys), " (did you mean 'ReuseFactor'?)");
  EXPECT_EQ(DidYouMean("Precison", keys), " (did you mean 'Precision'?)");
  EXPECT_EQ(DidYouMean("Banana", keys), "");
  // Long words allow len/3 edits; short ones 2 but never the whole word.
  EXPECT_EQ(DidYouMean("ReusFctoor", keys), " (did you mean 'ReuseFactor'?)");  // 3 edits
  EXPECT_EQ(DidYouMean("Prcsn", keys), "");  // 4 edits: too many for 5 letters
  EXPECT_EQ(DidYouMean("Dens", {"dense", "Dense"}),
            " (did you mean 'Dense'?)");  // case breaks ties
  EXPECT_EQ(DidYouMean("ab", {"cd"}), "");
  EXPECT_EQ(DidYouMean("fc_1", {"fc1", "fc2"}), " (did you mean 'fc1'?)");  // tie: first
  EXPECT_EQ(DidYouMean("x", {}), "");
}

// ----------------------------------------------------------------------------------------------
// Parsing.

constexpr const char* kHls4mlFile = R"(KerasJson: keras/model.json
KerasH5: keras/model.h5
OutputDir: my_prj
ProjectName: myproj
Part: xcvu9p-flga2577-2-e
ClockPeriod: 3.5
Backend: Vivado
IOType: io_stream
HLSConfig:
  Model:
    Precision: ap_fixed<16,6>
    ReuseFactor: 4
    Strategy: resource
    TraceOutput: true
  LayerType:
    Dense:
      Precision: {accum: 'ap_fixed<24,12>', result: auto}
      ReuseFactor: 2
  LayerName:
    fc1:
      Precision:
        weight: ap_fixed<6,1>
        bias: ap_fixed<6,1>
        result: auto
      ReuseFactor: 1
      Strategy: Latency
      Trace: false
    softmax:
      Precision: ap_fixed<16,6>
      exp_table_t: ap_fixed<18,8>
      inv_table_t: ap_fixed<18,4>
      table_size: 1024
)";

TEST(ParseConfigTest, Hls4mlLayout) {
  Config c = Parse(kHls4mlFile);
  EXPECT_EQ(c.source, "cfg.yml");
  EXPECT_EQ(c.project_name, "myproj");
  EXPECT_EQ(c.part, "xcvu9p-flga2577-2-e");
  EXPECT_EQ(c.clock_period, 3.5);
  EXPECT_EQ(c.backend, "Vivado");
  EXPECT_EQ(c.io_type, IOType::kStream);

  EXPECT_EQ(c.model.line, 10);
  EXPECT_EQ(c.model.precision.size(), 1u);
  EXPECT_EQ(c.model.precision.at("default"), Fixed(16, 6));
  EXPECT_EQ(c.model.reuse_factor, 4);
  EXPECT_EQ(c.model.strategy, Strategy::kResource);
  EXPECT_EQ(c.model.trace, true);

  ASSERT_EQ(c.layer_type.count("Dense"), 1u);
  const LayerSettings& dense = c.layer_type.at("Dense");
  EXPECT_EQ(dense.line, 16);
  EXPECT_EQ(dense.precision.at("accum"), Fixed(24, 12));
  EXPECT_TRUE(dense.precision.at("result").is_auto);
  EXPECT_EQ(dense.reuse_factor, 2);
  EXPECT_FALSE(dense.strategy.has_value());

  ASSERT_EQ(c.layer_name.size(), 2u);
  const LayerSettings& fc1 = c.layer_name.at("fc1");
  EXPECT_EQ(fc1.line, 20);
  EXPECT_EQ(fc1.precision.at("weight"), Fixed(6, 1));
  EXPECT_EQ(fc1.precision.at("bias"), Fixed(6, 1));
  EXPECT_TRUE(fc1.precision.at("result").is_auto);
  EXPECT_EQ(fc1.precision.count("default"), 0u);
  EXPECT_EQ(fc1.reuse_factor, 1);
  EXPECT_EQ(fc1.strategy, Strategy::kLatency);
  EXPECT_EQ(fc1.trace, false);
  const LayerSettings& softmax = c.layer_name.at("softmax");
  EXPECT_EQ(softmax.precision.at("default"), Fixed(16, 6));
  EXPECT_EQ(softmax.precision.at("exp_table"), Fixed(18, 8));
  EXPECT_EQ(softmax.precision.at("inv_table"), Fixed(18, 4));
  EXPECT_EQ(softmax.table_size, 1024);
  EXPECT_FALSE(softmax.trace.has_value());

  ASSERT_EQ(c.notes.size(), 3u);
  EXPECT_EQ(c.notes[0],
            "cfg.yml:1: note: 'KerasJson' at the top level is not used by loom: the model is "
            "given on the command line");
  EXPECT_EQ(c.notes[1],
            "cfg.yml:2: note: 'KerasH5' at the top level is not used by loom: the model is given "
            "on the command line");
  EXPECT_EQ(c.notes[2],
            "cfg.yml:3: note: 'OutputDir' at the top level is not used by loom: the output "
            "directory is given on the command line");
}

TEST(ParseConfigTest, BareLayout) {
  Config c = Parse(R"(Model:
  Precision:
    default: fixed<8,3>
    maximum: fixed<16,6>
  ReuseFactor: 8
  Strategy: Latency
  BramFactor: 1000000000
  TraceOutput: false
LayerName:
  fc1:
    Precision: {weight: 'ufixed<4,0>'}
)");
  EXPECT_EQ(c.project_name, "myproject");  // defaults kept
  EXPECT_EQ(c.backend, "Vitis");
  EXPECT_EQ(c.io_type, IOType::kParallel);
  EXPECT_EQ(c.model.precision.at("default"), Fixed(8, 3));
  EXPECT_EQ(c.model.precision.count("maximum"), 0u);
  EXPECT_EQ(c.model.reuse_factor, 8);
  EXPECT_EQ(c.model.trace, false);
  EXPECT_EQ(c.layer_name.at("fc1").precision.at("weight"),
            (Precision{false, FixedType::Unsigned(4, 0)}));
  ASSERT_EQ(c.notes.size(), 2u);
  EXPECT_EQ(c.notes[0],
            "cfg.yml:4: note: 'maximum' in Precision in Model is not used by loom: loom's 'auto' "
            "precision inference has no upper bound");
  EXPECT_EQ(c.notes[1],
            "cfg.yml:7: note: 'BramFactor' in Model is not used by loom: loom keeps all weights "
            "on chip");
}

TEST(ParseConfigTest, Json) {
  Config c = Parse(R"({
  "ProjectName": "jet",
  "ClockPeriod": 10,
  "Backend": "vitis",
  "IOType": "io_parallel",
  "HLSConfig": {
    "Model": {"Precision": "ap_fixed<16,6>", "ReuseFactor": 1, "Strategy": "Resource"},
    "LayerName": {
      "dense_1": {"Precision": {"weight": "ap_fixed<8,2>", "accum_t": "ap_fixed<20,8>"},
                  "Trace": true}
    }
  }
})",
                   "cfg.json");
  EXPECT_EQ(c.project_name, "jet");
  EXPECT_EQ(c.clock_period, 10.0);
  EXPECT_EQ(c.backend, "Vitis");  // hls4ml matches backend names case-insensitively
  EXPECT_EQ(c.model.strategy, Strategy::kResource);
  const LayerSettings& d = c.layer_name.at("dense_1");
  EXPECT_EQ(d.line, 9);
  EXPECT_EQ(d.precision.at("weight"), Fixed(8, 2));
  EXPECT_EQ(d.precision.at("accum"), Fixed(20, 8));
  EXPECT_EQ(d.trace, true);
  EXPECT_TRUE(c.notes.empty());
}

TEST(ParseConfigTest, SettingSpellings) {
  Config c = Parse(R"(TraceOutput: true
Model:
  Precision: {result_t: 'fixed<10,4>'}
  Strategy: RESOURCE
LayerType:
  Activation:
    TableSize: 512
    table_t: fixed<18,8,RND,SAT>
    param_t: fixed<8,1>
  Softmax:
LayerName:
  relu1:
)");
  EXPECT_EQ(c.model.trace, true);  // top-level TraceOutput fills in Model's
  EXPECT_EQ(c.model.precision.at("result"), Fixed(10, 4));
  EXPECT_EQ(c.model.strategy, Strategy::kResource);
  const LayerSettings& act = c.layer_type.at("Activation");
  EXPECT_EQ(act.table_size, 512);
  EXPECT_EQ(act.precision.at("table"), P("fixed<18,8,RND,SAT>"));
  EXPECT_EQ(act.precision.at("param"), Fixed(8, 1));
  // Empty sections exist (with their line) and set nothing.
  ASSERT_EQ(c.layer_type.count("Softmax"), 1u);
  EXPECT_EQ(c.layer_type.at("Softmax").line, 10);
  EXPECT_TRUE(c.layer_type.at("Softmax").precision.empty());
  EXPECT_EQ(c.layer_name.at("relu1").line, 12);
}

TEST(ParseConfigTest, EmptyFileGivesDefaults) {
  Config c = Parse("");
  EXPECT_EQ(c.project_name, "myproject");
  EXPECT_EQ(c.clock_period, 5.0);
  EXPECT_TRUE(c.model.precision.empty());
}

TEST(ParseConfigTest, PrecisionKeysIncludeParam) {
  const auto& keys = PrecisionKeys();
  std::vector<std::string> expected = {"default", "result", "weight",    "bias",
                                       "accum",   "scale",  "param",     "slope",
                                       "shift",   "table",  "exp_table", "inv_table"};
  EXPECT_EQ(keys, expected);
  EXPECT_EQ(StrategyName(Strategy::kResource), "Resource");
  EXPECT_EQ(IOTypeName(IOType::kStream), "io_stream");
}

TEST(ParseConfigTest, NotesForHls4mlOnlyKeys) {
  Config c = Parse(R"(OnnxModel: m.onnx
ClockUncertainty: 12.5%
HLSConfig:
  Flows: [vivado:ip]
  Model:
    ConvImplementation: Encoded
  LayerName:
    conv1:
      ParallelizationFactor: 4
      Compression: true
)");
  // ClockUncertainty is read (project.tcl), not noted.
  EXPECT_EQ(c.clock_uncertainty, "12.5%");
  ASSERT_EQ(c.notes.size(), 4u);
  EXPECT_EQ(c.layer_name.at("conv1").parallelization_factor, 4);  // read, not noted
  EXPECT_EQ(c.notes[0],
            "cfg.yml:1: note: 'OnnxModel' at the top level is not used by loom: the model is "
            "given on the command line");
  EXPECT_EQ(c.notes[1],
            "cfg.yml:4: note: 'Flows' in HLSConfig is not used by loom: loom runs its own pass "
            "pipeline");
  EXPECT_EQ(c.notes[2],
            "cfg.yml:6: note: 'ConvImplementation' in Model is not used by loom: loom chooses the "
            "convolution implementation");
  EXPECT_EQ(c.notes[3],
            "cfg.yml:10: note: 'Compression' in LayerName 'conv1' is not used by loom: loom does "
            "not compress weights");
  EXPECT_EQ(c.layer_name.count("conv1"), 1u);
}

// ----------------------------------------------------------------------------------------------
// Errors: exact text.

TEST(ConfigErrorTest, UnknownKeyWithSuggestion) {
  EXPECT_EQ(ErrorOf("LayerName:\n  fc1:\n    ReuseFactr: 2\n"),
            "cfg.yml:3: error: unknown key 'ReuseFactr' in LayerName 'fc1' (did you mean "
            "'ReuseFactor'?)");
}

TEST(ConfigErrorTest, CaseMismatchIsAnError) {
  // hls4ml's keys are case-sensitive: a wrongly cased key would be ignored there.
  EXPECT_EQ(ErrorOf("Model:\n  reusefactor: 2\n"),
            "cfg.yml:2: error: unknown key 'reusefactor' in Model (did you mean 'ReuseFactor'?)");
  EXPECT_EQ(ErrorOf("iotype: io_stream\n"),
            "cfg.yml:1: error: unknown key 'iotype' at the top level (did you mean 'IOType'?)");
}

TEST(ConfigErrorTest, UnknownKeyWithoutSuggestionListsValidKeys) {
  EXPECT_EQ(ErrorOf("LayerName:\n  fc1:\n    Banana: 2\n"),
            "cfg.yml:3: error: unknown key 'Banana' in LayerName 'fc1'; valid keys: Precision, "
            "ReuseFactor, Strategy, Trace, table_size, table_t, exp_table_t, inv_table_t");
  EXPECT_EQ(ErrorOf("HLSConfig:\n  Banana: 1\n"),
            "cfg.yml:2: error: unknown key 'Banana' in HLSConfig; valid keys: Model, LayerType, "
            "LayerName");
}

TEST(ConfigErrorTest, BadPrecision) {
  EXPECT_EQ(ErrorOf("LayerName:\n  fc1:\n    Precision: ap_fixed<16>\n"),
            "cfg.yml:3: error: Precision 'ap_fixed<16>' in LayerName 'fc1': " +
                PrecisionMessage("ap_fixed<16>"));
  EXPECT_EQ(
      ErrorOf("Model:\n  Precision:\n    weight: fixd<8,2>\n"),
      "cfg.yml:3: error: Precision weight 'fixd<8,2>' in Model: " + PrecisionMessage("fixd<8,2>"));
  EXPECT_EQ(ErrorOf("LayerName:\n  sm:\n    exp_table_t: ap_fixed<0,0>\n"),
            "cfg.yml:3: error: exp_table_t 'ap_fixed<0,0>' in LayerName 'sm': " +
                PrecisionMessage("ap_fixed<0,0>"));
}

TEST(ConfigErrorTest, UnknownPrecisionKey) {
  EXPECT_EQ(ErrorOf("LayerName:\n  fc1:\n    Precision: {wieght: fixed<8,2>}\n"),
            "cfg.yml:3: error: unknown precision key 'wieght' in LayerName 'fc1' (did you mean "
            "'weight'?)");
  EXPECT_EQ(ErrorOf("Model:\n  Precision:\n    edge_weight: fixed<8,2>\n"),
            "cfg.yml:3: error: unknown precision key 'edge_weight' in Model; valid keys: "
            "default, result, weight, bias, accum, scale, param, slope, shift, table, exp_table, "
            "inv_table");
}

TEST(ConfigErrorTest, UnquotedPrecisionInFlowMap) {
  // YAML splits `{weight: ap_fixed<8,2>}` at the comma; one error explains it.
  EXPECT_EQ(ErrorOf("LayerName:\n  fc1:\n    Precision: {weight: ap_fixed<8,2>}\n"),
            "cfg.yml:3: error: Precision weight 'ap_fixed<8' in LayerName 'fc1': " +
                PrecisionMessage("ap_fixed<8") +
                "; inside {...} quote the precision, e.g. 'ap_fixed<8,2>', since YAML splits it "
                "at the comma");
  EXPECT_EQ(ErrorOf("Model: {Precision: fixed<16,6>, ReuseFactor: 1}\n"),
            "cfg.yml:1: error: Precision 'fixed<16' in Model: " + PrecisionMessage("fixed<16") +
                "; inside {...} quote the precision, e.g. 'ap_fixed<8,2>', since YAML splits it "
                "at the comma");
}

TEST(ConfigErrorTest, PrecisionSetTwice) {
  EXPECT_EQ(ErrorOf("LayerName:\n  sm:\n    Precision: {table: 'fixed<8,2>'}\n"
                    "    table_t: fixed<8,3>\n"),
            "cfg.yml:4: error: precision 'table' in LayerName 'sm' is set twice (line 3 and line "
            "4); keep one");
  EXPECT_EQ(ErrorOf("Model:\n  table_size: 64\n  TableSize: 128\n"),
            "cfg.yml:3: error: the table size in Model is set twice (line 2 and line 3); keep one");
}

TEST(ConfigErrorTest, BadValues) {
  EXPECT_EQ(ErrorOf("IOType: io_paralel\n"),
            "cfg.yml:1: error: IOType 'io_paralel' is not valid (did you mean 'io_parallel'?); "
            "valid: io_parallel, io_stream");
  EXPECT_EQ(ErrorOf("IOType: IO_STREAM\n"),
            "cfg.yml:1: error: IOType 'IO_STREAM' is not valid (did you mean 'io_stream'?); "
            "valid: io_parallel, io_stream");
  EXPECT_EQ(ErrorOf("Model:\n  ReuseFactor: 0\n"),
            "cfg.yml:2: error: ReuseFactor '0' in Model is not valid; use a positive integer");
  EXPECT_EQ(ErrorOf("Model:\n  ReuseFactor: 2.5\n"),
            "cfg.yml:2: error: ReuseFactor '2.5' in Model is not valid; use a positive integer");
  EXPECT_EQ(ErrorOf("LayerName:\n  sm:\n    table_size: 1000\n"),
            "cfg.yml:3: error: table_size '1000' in LayerName 'sm' is not valid; use a positive "
            "power of two such as 512 or 1024");
  EXPECT_EQ(ErrorOf("LayerName:\n  sm:\n    TableSize: -4\n"),
            "cfg.yml:3: error: TableSize '-4' in LayerName 'sm' is not valid; use a positive "
            "power of two such as 1024");
  EXPECT_EQ(ErrorOf("ClockPeriod: -5\n"),
            "cfg.yml:1: error: ClockPeriod '-5' is not valid; use a positive number of "
            "nanoseconds");
  EXPECT_EQ(ErrorOf("ClockPeriod: fast\n"),
            "cfg.yml:1: error: ClockPeriod 'fast' is not valid; use a positive number of "
            "nanoseconds");
  EXPECT_EQ(ErrorOf("ClockUncertainty: 120%\n"),
            "cfg.yml:1: error: ClockUncertainty '120%' is not valid; use a percentage of the "
            "clock period below 100 (such as 12.5%) or a number of nanoseconds");
  EXPECT_EQ(ErrorOf("ClockUncertainty: lots\n"),
            "cfg.yml:1: error: ClockUncertainty 'lots' is not valid; use a percentage of the "
            "clock period below 100 (such as 12.5%) or a number of nanoseconds");
  EXPECT_EQ(Parse("ClockUncertainty: 0.6\n").clock_uncertainty, "0.6");
  EXPECT_EQ(ErrorOf("Model:\n  Strategy: Latncy\n"),
            "cfg.yml:2: error: Strategy 'Latncy' in Model is not valid (did you mean "
            "'Latency'?); valid: Latency, Resource");
  EXPECT_EQ(ErrorOf("LayerType:\n  Conv2D:\n    ParallelizationFactor: 0\n"),
            "cfg.yml:3: error: ParallelizationFactor '0' in LayerType 'Conv2D' is not valid; use a "
            "positive integer");
  EXPECT_EQ(ErrorOf("Model:\n  PipelineStyle: dataflw\n"),
            "cfg.yml:2: error: PipelineStyle 'dataflw' in Model is not valid (did you mean "
            "'dataflow'?); valid: auto, pipeline, dataflow");
  EXPECT_EQ(Parse("Model:\n  PipelineStyle: Pipeline\n").model.pipeline_style,
            PipelineStyle::kPipeline);
  EXPECT_FALSE(Parse("Model:\n  PipelineStyle: auto\n").model.pipeline_style.has_value());
  EXPECT_EQ(ErrorOf("LayerType:\n  Dense:\n    Trace: maybe\n"),
            "cfg.yml:3: error: Trace in LayerType 'Dense' must be true or false, not 'maybe'");
  EXPECT_EQ(ErrorOf("ProjectName: my-proj\n"),
            "cfg.yml:1: error: ProjectName 'my-proj' is not a valid C++ identifier; use letters, "
            "digits and '_', not starting with a digit");
}

TEST(ConfigErrorTest, Backends) {
  EXPECT_EQ(ErrorOf("Backend: Vivdo\n"),
            "cfg.yml:1: error: Backend 'Vivdo' is not valid (did you mean 'Vivado'?); valid: "
            "Vivado, Vitis");
  EXPECT_EQ(ErrorOf("Backend: Quartus\n"),
            "cfg.yml:1: error: Backend 'Quartus' is not supported by loom; valid: Vivado, Vitis");
  EXPECT_EQ(ErrorOf("Backend: VivadoAccelerator\n"),
            "cfg.yml:1: error: Backend 'VivadoAccelerator' is not supported by loom; valid: "
            "Vivado, Vitis");
  EXPECT_EQ(Parse("Backend: VIVADO\n").backend, "Vivado");
  EXPECT_EQ(KnownBackends(), (std::vector<std::string>{"Vivado", "Vitis"}));
}

TEST(ConfigErrorTest, RejectedHls4mlKeys) {
  EXPECT_EQ(ErrorOf("LayerName:\n  softmax:\n    Implementation: argmax\n"),
            "cfg.yml:3: error: 'Implementation' in LayerName 'softmax' is not supported by loom: "
            "it has one implementation per layer type; remove the key");
  EXPECT_EQ(ErrorOf("LayerName:\n  softmax:\n    skip: true\n"),
            "cfg.yml:3: error: 'skip' in LayerName 'softmax' is not supported by loom: it computes "
            "every layer of the model; remove the layer from the model instead");
  EXPECT_EQ(ErrorOf("LayerType:\n  Dense:\n    TraceOutput: true\n"),
            "cfg.yml:3: error: 'TraceOutput' in LayerType 'Dense' is a Model key; use 'Trace' in "
            "LayerName and LayerType sections");
  EXPECT_EQ(ErrorOf("Model:\n  Trace: true\n"),
            "cfg.yml:2: error: 'Trace' in Model is not a Model key; use 'TraceOutput' in Model");
}

TEST(ConfigErrorTest, WrongNodeKinds) {
  EXPECT_EQ(ErrorOf("HLSConfig:\n  - Model\n"),
            "cfg.yml:1: error: HLSConfig must be a map, not a list");
  EXPECT_EQ(ErrorOf("LayerName:\n  fc1: [1, 2]\n"),
            "cfg.yml:2: error: LayerName 'fc1' must be a map, not a list");
  EXPECT_EQ(ErrorOf("Model:\n  ReuseFactor: {a: 1}\n"),
            "cfg.yml:2: error: ReuseFactor in Model must be a positive integer, not a map");
  EXPECT_EQ(ErrorOf("Model:\n  Precision: [fixed<8,2>]\n"),
            "cfg.yml:2: error: Precision in Model must be a precision such as 'ap_fixed<16,6>' or "
            "a map such as {weight: ap_fixed<8,2>}, not a list");
  EXPECT_EQ(ErrorOf("Model:\n  Precision:\n    weight: [1]\n"),
            "cfg.yml:3: error: Precision weight in Model must be a precision such as "
            "'ap_fixed<16,6>', not a list");
  EXPECT_EQ(ErrorOf("Part:\n"), "cfg.yml:1: error: Part must be an FPGA part name, not empty");
  EXPECT_EQ(ErrorOf("- a\n- b\n"),
            "cfg.yml:1: error: the configuration must be a map of keys, not a list; start with "
            "e.g. 'HLSConfig:' or 'Model:'");
}

TEST(ConfigErrorTest, YamlSyntaxError) {
  std::string e = ErrorOf("Model:\n  Precision: [fixed<8,2>\nLayerName: {}\n");
  EXPECT_EQ(e.rfind("cfg.yml:3: error: invalid YAML: ", 0), 0u) << e;
  EXPECT_NE(e.find("; fix the syntax"), std::string::npos) << e;
  std::string j = ErrorOf("{\"Model\": {\"ReuseFactor\": 1,}\n", "cfg.json");
  EXPECT_EQ(j.rfind("cfg.json:", 0), 0u) << j;
}

TEST(ConfigErrorTest, DuplicateKeysAndSections) {
  EXPECT_EQ(ErrorOf("Model:\n  ReuseFactor: 1\n  ReuseFactor: 2\n"),
            "cfg.yml:3: error: duplicate key 'ReuseFactor' in Model (first at line 2); keep one");
  EXPECT_EQ(ErrorOf("Model:\n  ReuseFactor: 1\nHLSConfig:\n  Model:\n    ReuseFactor: 2\n"),
            "cfg.yml:4: error: Model is given both at the top level (line 1) and in HLSConfig; "
            "keep one");
}

TEST(ConfigErrorTest, AllProblemsAtOnce) {
  EXPECT_EQ(ErrorOf(R"(ProjectName: myproject
IOType: io_paralel
HLSConfig:
  Model:
    Precision: ap_fixed<16>
    ReuseFactor: -1
  LayerName:
    fc1:
      ReuseFactr: 2
      Strategy: Fast
    softmax:
      table_size: 100
)"),
            "cfg.yml:2: error: IOType 'io_paralel' is not valid (did you mean 'io_parallel'?); "
            "valid: io_parallel, io_stream\n"
            "cfg.yml:5: error: Precision 'ap_fixed<16>' in Model: " +
                PrecisionMessage("ap_fixed<16>") +
                "\n"
                "cfg.yml:6: error: ReuseFactor '-1' in Model is not valid; use a positive integer\n"
                "cfg.yml:9: error: unknown key 'ReuseFactr' in LayerName 'fc1' (did you mean "
                "'ReuseFactor'?)\n"
                "cfg.yml:10: error: Strategy 'Fast' in LayerName 'fc1' is not valid; valid: "
                "Latency, Resource\n"
                "cfg.yml:12: error: table_size '100' in LayerName 'softmax' is not valid; use a "
                "positive power of two such as 64 or 128");
}

TEST(ConfigErrorTest, MissingFile) {
  auto r = ReadConfigFile("/nonexistent/cfg.yml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message(),
            "/nonexistent/cfg.yml: error: cannot read the configuration file; check the path");
}

// ----------------------------------------------------------------------------------------------
// Emission.

Config RichConfig() {
  Config c;
  c.project_name = "proj_1";
  c.part = "xc7z020clg400-1";
  c.clock_period = 2.5;
  c.backend = "Vivado";
  c.io_type = IOType::kStream;
  c.model.precision["default"] = Fixed(16, 6);
  c.model.reuse_factor = 2;
  c.model.pipeline_style = PipelineStyle::kDataflow;
  c.model.strategy = Strategy::kLatency;
  c.model.trace = false;
  LayerSettings dense;
  dense.precision["accum"] = P("fixed<24,12,RND_CONV,SAT>");
  dense.precision["result"] = Precision{true, {}};
  dense.reuse_factor = 4;
  dense.strategy = Strategy::kResource;
  c.layer_type["Dense"] = dense;
  c.layer_type["Activation"] = LayerSettings{};  // an empty section survives
  LayerSettings fc1;
  fc1.precision["weight"] = P("ufixed<6,1>");
  fc1.precision["bias"] = P("int<8>");
  fc1.precision["scale"] = P("fixed<10,-2,TRN,WRAP,3>");
  fc1.trace = true;
  c.layer_name["fc1"] = fc1;
  LayerSettings sm;
  sm.precision["default"] = Fixed(16, 6);
  sm.precision["table"] = Fixed(18, 8);
  sm.precision["exp_table"] = P("fixed<18,8,RND,SAT>");
  sm.precision["inv_table"] = Fixed(18, 4);
  sm.table_size = 2048;
  c.layer_name["softmax"] = sm;
  LayerSettings odd;  // names that need quoting in YAML
  odd.reuse_factor = 3;
  odd.parallelization_factor = 4;
  c.layer_name["1st layer: x"] = odd;
  c.layer_name["yes"] = LayerSettings{};
  return c;
}

TEST(EmitTest, YamlRoundTrip) {
  Config c = RichConfig();
  std::string yaml = EmitYaml(c);
  Config back = Parse(yaml, "emitted.yml");
  ExpectSameConfig(back, c);
  EXPECT_TRUE(back.notes.empty());
  EXPECT_EQ(EmitYaml(back), yaml);  // deterministic and stable
}

TEST(EmitTest, JsonRoundTrip) {
  Config c = RichConfig();
  std::string json = EmitJson(c);
  EXPECT_EQ(json.front(), '{');
  Config back = Parse(json, "emitted.json");
  ExpectSameConfig(back, c);
  EXPECT_EQ(EmitJson(back), json);
}

TEST(EmitTest, DefaultConfigRoundTrips) {
  Config c;
  ExpectSameConfig(Parse(EmitYaml(c)), c);
  ExpectSameConfig(Parse(EmitJson(c)), c);
}

TEST(EmitTest, Hls4mlLayoutText) {
  Config c;
  c.model.precision["default"] = Fixed(16, 6);
  c.model.reuse_factor = 1;
  LayerSettings sm;
  sm.precision["result"] = Fixed(16, 6);
  sm.precision["exp_table"] = Fixed(18, 8);
  sm.table_size = 1024;
  sm.trace = true;
  c.layer_name["softmax"] = sm;
  EXPECT_EQ(EmitYaml(c),
            "ProjectName: myproject\n"
            "Part: xcvu13p-flga2577-2-e\n"
            "ClockPeriod: 5\n"
            "ClockUncertainty: \"12.5%\"\n"
            "Backend: Vitis\n"
            "IOType: io_parallel\n"
            "HLSConfig:\n"
            "  Model:\n"
            "    Precision: ap_fixed<16,6>\n"
            "    ReuseFactor: 1\n"
            "  LayerName:\n"
            "    softmax:\n"
            "      Precision:\n"
            "        result: ap_fixed<16,6>\n"
            "      Trace: true\n"
            "      exp_table_t: ap_fixed<18,8>\n"
            "      table_size: 1024\n");
  EXPECT_EQ(EmitJson(c),
            "{\n"
            "  \"ProjectName\": \"myproject\",\n"
            "  \"Part\": \"xcvu13p-flga2577-2-e\",\n"
            "  \"ClockPeriod\": 5,\n"
            "  \"ClockUncertainty\": \"12.5%\",\n"
            "  \"Backend\": \"Vitis\",\n"
            "  \"IOType\": \"io_parallel\",\n"
            "  \"HLSConfig\": {\n"
            "    \"Model\": {\n"
            "      \"Precision\": \"ap_fixed<16,6>\",\n"
            "      \"ReuseFactor\": 1\n"
            "    },\n"
            "    \"LayerName\": {\n"
            "      \"softmax\": {\n"
            "        \"Precision\": {\n"
            "          \"result\": \"ap_fixed<16,6>\"\n"
            "        },\n"
            "        \"Trace\": true,\n"
            "        \"exp_table_t\": \"ap_fixed<18,8>\",\n"
            "        \"table_size\": 1024\n"
            "      }\n"
            "    }\n"
            "  }\n"
            "}\n");
}

// ----------------------------------------------------------------------------------------------
// Graph-related functions.

// input [16] -> fc1 (dense) -> relu1 -> fc2 (dense) -> softmax; plus a conv branch on [3,8,8].
struct TestModel {
  ir::Graph g;
  ir::Node* input = nullptr;
  ir::Node* fc1 = nullptr;
  ir::Node* relu1 = nullptr;
  ir::Node* fc2 = nullptr;
  ir::Node* softmax = nullptr;
  ir::Node* conv2d = nullptr;
  ir::Node* conv1d = nullptr;
};

TestModel MakeModel() {
  TestModel m;
  m.g.source_file = "model.onnx";
  ir::Value* x = m.g.AddInput("fc1_input", {16});
  m.input = x->producer;
  m.fc1 = m.g.AddNode(OpKind::kDense, "fc1", {x});
  m.fc1->locations.push_back({"model.onnx", "fc1", "Gemm"});
  m.fc1->locations.push_back({"model.onnx", "bn1", "BatchNormalization"});  // fused
  m.relu1 = m.g.AddNode(OpKind::kRelu, "relu1", {m.fc1->outputs[0]});
  m.fc2 = m.g.AddNode(OpKind::kDense, "fc2", {m.relu1->outputs[0]});
  m.softmax = m.g.AddNode(OpKind::kSoftmax, "softmax", {m.fc2->outputs[0]});
  m.g.MarkOutput(m.softmax->outputs[0]);
  ir::Value* img = m.g.AddInput("image", {3, 8, 8});
  m.conv2d = m.g.AddNode(OpKind::kConv, "conv2d", {img});
  m.g.MarkOutput(m.conv2d->outputs[0]);
  ir::Value* seq = m.g.AddInput("seq", {4, 32});
  m.conv1d = m.g.AddNode(OpKind::kConv, "conv1d", {seq});
  m.g.MarkOutput(m.conv1d->outputs[0]);
  return m;
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(GraphTest, TypeNames) {
  TestModel m = MakeModel();
  EXPECT_EQ(TypeNames(*m.fc1), (std::vector<std::string>{"dense", "Dense", "QDense"}));
  EXPECT_EQ(TypeNames(*m.conv2d), (std::vector<std::string>{"conv", "Conv2D", "QConv2D", "Conv"}));
  EXPECT_EQ(TypeNames(*m.conv1d), (std::vector<std::string>{"conv", "Conv1D", "QConv1D", "Conv"}));
  EXPECT_EQ(TypeNames(*m.input), (std::vector<std::string>{"input", "InputLayer", "Input"}));
  std::vector<std::string> relu = TypeNames(*m.relu1);
  EXPECT_EQ(relu[0], "relu");
  EXPECT_TRUE(Contains(relu, "Activation"));
  EXPECT_TRUE(Contains(relu, "ReLU"));
  EXPECT_TRUE(Contains(relu, "QActivation"));
  EXPECT_TRUE(Contains(TypeNames(*m.softmax), "Softmax"));

  std::vector<std::string> all = AllTypeNames();
  for (const char* t : {"dense",
                        "batch_norm",
                        "Conv1D",
                        "Conv2D",
                        "MaxPooling1D",
                        "MaxPooling2D",
                        "GlobalAveragePooling2D",
                        "BatchNormalization",
                        "LeakyReLU",
                        "PReLU",
                        "Concatenate",
                        "Subtract",
                        "Flatten",
                        "InputLayer",
                        "Quant",
                        "ELU",
                        "ThresholdedReLU",
                        "Multiply",
                        "Maximum",
                        "Minimum",
                        "Add"}) {
    EXPECT_TRUE(Contains(all, t)) << t;
  }
  EXPECT_FALSE(Contains(all, "GarNet"));
  std::set<std::string> unique(all.begin(), all.end());
  EXPECT_EQ(unique.size(), all.size());
}

TEST(GraphTest, LayerNames) {
  TestModel m = MakeModel();
  EXPECT_EQ(LayerNames(*m.fc1), (std::vector<std::string>{"fc1", "bn1"}));
  EXPECT_EQ(LayerNames(*m.input), (std::vector<std::string>{"fc1_input"}));
  m.input->outputs[0]->name = "x0";
  EXPECT_EQ(LayerNames(*m.input), (std::vector<std::string>{"fc1_input", "x0"}));
}

TEST(GraphTest, CheckAgainstGraphAcceptsMatchingConfig) {
  TestModel m = MakeModel();
  Config c = Parse(R"(LayerType:
  Dense: {ReuseFactor: 2}
  Conv2D: {ReuseFactor: 2}
  MaxPooling2D: {ReuseFactor: 4}
  relu: {}
LayerName:
  fc1_input: {Precision: {result: 'fixed<16,6>'}}
  bn1: {Trace: true}
  softmax: {table_size: 512}
)");
  // MaxPooling2D is not in this model: fine, configurations are shared across models.
  EXPECT_TRUE(CheckAgainstGraph(c, m.g).empty());
}

TEST(GraphTest, CheckAgainstGraphReportsEveryUnknownName) {
  TestModel m = MakeModel();
  Config c = Parse(R"(LayerName:
  fc_1: {ReuseFactor: 2}
  zzzzzz: {ReuseFactor: 2}
LayerType:
  Dens: {ReuseFactor: 2}
  GarNet: {ReuseFactor: 2}
)");
  std::vector<std::string> problems = CheckAgainstGraph(c, m.g);
  // std::map order: LayerName entries sorted, then LayerType entries sorted.
  ASSERT_EQ(problems.size(), 4u);
  EXPECT_EQ(problems[0],
            "cfg.yml:2: error: LayerName 'fc_1' is not a layer of model.onnx (did you mean "
            "'fc1'?)");
  EXPECT_EQ(problems[1],
            "cfg.yml:3: error: LayerName 'zzzzzz' is not a layer of model.onnx; its layers are: "
            "fc1_input, fc1, bn1, relu1, fc2, softmax, image, conv2d, ...");
  EXPECT_EQ(problems[2],
            "cfg.yml:5: error: LayerType 'Dens' is not a layer type known to loom (did you mean "
            "'Dense'?)");
  EXPECT_EQ(problems[3],
            "cfg.yml:6: error: LayerType 'GarNet' is not a layer type known to loom; the types in "
            "model.onnx are: input, InputLayer, Input, dense, Dense, QDense, relu, Activation, "
            "...");
}

TEST(ResolveTest, NameBeatsTypeBeatsModelPerKey) {
  TestModel m = MakeModel();
  Config c = Parse(R"(Model:
  Precision: {default: 'fixed<16,6>', accum: 'fixed<32,16>'}
  ReuseFactor: 8
  Strategy: Resource
  TraceOutput: true
LayerType:
  Dense:
    Precision: {weight: 'fixed<8,2>', bias: 'fixed<8,3>'}
    ReuseFactor: 4
    table_size: 256
  Softmax:
    Precision: fixed<20,10>
LayerName:
  bn1:
    Precision: {bias: 'fixed<4,1>'}
    Strategy: Latency
  fc1:
    Precision: {result: 'fixed<12,4>'}
    Trace: false
  softmax:
    Precision: {inv_table: 'fixed<18,4>'}
)");
  // fc1 answers to 'fc1' and 'bn1' (fused), to type Dense, and to Model.
  EXPECT_EQ(ResolvePrecision(c, *m.fc1, "result"), Fixed(12, 4));  // name[key]
  EXPECT_EQ(ResolvePrecision(c, *m.fc1, "bias"), Fixed(4, 1));     // name[key] (bn1)
  EXPECT_EQ(ResolvePrecision(c, *m.fc1, "weight"), Fixed(8, 2));   // type[key]
  EXPECT_EQ(ResolvePrecision(c, *m.fc1, "accum"), Fixed(32, 16));  // model[key]
  EXPECT_EQ(ResolvePrecision(c, *m.fc1, "table"), Fixed(16, 6));   // model[default]
  EXPECT_EQ(ResolveReuseFactor(c, *m.fc1), 4);
  EXPECT_EQ(ResolveStrategy(c, *m.fc1), Strategy::kLatency);
  EXPECT_EQ(ResolveTableSize(c, *m.fc1), 256);
  EXPECT_FALSE(ResolveTrace(c, *m.fc1));
  // fc2: no name section.
  EXPECT_EQ(ResolvePrecision(c, *m.fc2, "result"), Fixed(16, 6));  // model[default]
  EXPECT_EQ(ResolvePrecision(c, *m.fc2, "bias"), Fixed(8, 3));     // type[key]
  EXPECT_EQ(ResolveStrategy(c, *m.fc2), Strategy::kResource);
  EXPECT_TRUE(ResolveTrace(c, *m.fc2));
  // softmax: name[key] beats type[default]; type[default] beats model[key].
  EXPECT_EQ(ResolvePrecision(c, *m.softmax, "inv_table"), Fixed(18, 4));
  EXPECT_EQ(ResolvePrecision(c, *m.softmax, "accum"), Fixed(20, 10));
  EXPECT_EQ(ResolveReuseFactor(c, *m.softmax), 8);
  EXPECT_FALSE(ResolveTableSize(c, *m.softmax).has_value());
}

TEST(ResolveTest, DefaultsWhenNothingIsSet) {
  TestModel m = MakeModel();
  Config c;
  EXPECT_FALSE(ResolvePrecision(c, *m.fc1, "weight").has_value());
  EXPECT_EQ(ResolveReuseFactor(c, *m.fc1), 1);
  EXPECT_EQ(ResolveStrategy(c, *m.fc1), Strategy::kLatency);
  EXPECT_FALSE(ResolveTableSize(c, *m.fc1).has_value());
  EXPECT_FALSE(ResolveTrace(c, *m.fc1));
}

TEST(ResolveTest, NameDefaultBeatsTypeKey) {
  TestModel m = MakeModel();
  Config c = Parse(R"(LayerType:
  dense: {Precision: {weight: 'fixed<8,2>'}}
LayerName:
  fc2: {Precision: 'fixed<10,3>'}
)");
  EXPECT_EQ(ResolvePrecision(c, *m.fc2, "weight"), Fixed(10, 3));
  EXPECT_EQ(ResolvePrecision(c, *m.fc1, "weight"), Fixed(8, 2));  // loom's spelling works too
  EXPECT_FALSE(ResolvePrecision(c, *m.relu1, "weight").has_value());
}

// ----------------------------------------------------------------------------------------------
// The shared hls4ml example files.

std::string SharedDir() {
  namespace fs = std::filesystem;
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("LOOM_SHARED_DIR")) candidates.emplace_back(env);
  candidates.emplace_back("../shared");
  candidates.push_back(fs::path(__FILE__).parent_path() / "../../../shared");
  for (const fs::path& p : candidates) {
    std::error_code ec;
    if (fs::is_directory(p / "models" / "config-files", ec)) return p.string();
  }
  return "";
}

TEST(SharedFilesTest, Qkeras3LayerConfigParses) {
  std::string dir = SharedDir();
  if (dir.empty()) GTEST_SKIP() << "shared directory not found (set LOOM_SHARED_DIR)";
  std::string path = dir + "/models/config-files/qkeras_3layer_config.yml";
  auto r = ReadConfigFile(path);
  ASSERT_TRUE(r.ok()) << r.error().message();
  const Config& c = r.value();
  EXPECT_EQ(c.source, path);
  EXPECT_EQ(c.backend, "Vivado");
  EXPECT_EQ(c.part, "xcvu9p-flga2577-2-e");
  EXPECT_EQ(c.model.precision.at("default"), Fixed(16, 6));
  EXPECT_EQ(c.layer_name.at("relu1").precision.at("result"), P("ap_fixed<7,1,AP_RND_CONV,AP_SAT>"));
  EXPECT_EQ(c.layer_name.at("softmax").precision.at("exp_table"), Fixed(18, 8));
  EXPECT_EQ(c.layer_name.at("softmax").table_size, 1024);
  EXPECT_EQ(c.layer_name.at("fc1").trace, true);
  ASSERT_EQ(c.notes.size(), 3u);  // KerasJson, KerasH5, OutputDir
  EXPECT_EQ(c.notes[0], path +
                            ":1: note: 'KerasJson' at the top level is not used by loom: the "
                            "model is given on the command line");
  // Emitting and reading back keeps every setting.
  ExpectSameConfig(Parse(EmitYaml(c)), c);
}

TEST(SharedFilesTest, AllSharedConfigsParse) {
  std::string dir = SharedDir();
  if (dir.empty()) GTEST_SKIP() << "shared directory not found (set LOOM_SHARED_DIR)";
  for (const char* name :
       {"qkeras_mnist_cnn_config.yml", "garnet_1layer_config.yml", "qkeras_3layer_config.yml"}) {
    auto r = ReadConfigFile(dir + "/models/config-files/" + name);
    EXPECT_TRUE(r.ok()) << name << ": " << (r.ok() ? "" : r.error().message());
  }
}

// Found by fuzzing: a layer name with a NUL byte and invalid UTF-8 parsed, but no YAML or JSON
// file can hold it, so the emitted configuration did not read back. Such names are errors.
TEST(ParseConfigTest, LayerNamesMustBePrintableText) {
  std::string text =
      "LayerName:\n  \"fc\\0x\":\n    ReuseFactor: 2\n  \"\xff\xfe\":\n    Trace: true\n";
  EXPECT_EQ(ErrorOf(text),
            "cfg.yml:2: error: LayerName entry names must be printable UTF-8 text without control "
            "characters; check the file's encoding\n"
            "cfg.yml:4: error: LayerName entry names must be printable UTF-8 text without control "
            "characters; check the file's encoding");
  Config ok = Parse("LayerName:\n  \"d\xc3\xa9nse \xe2\x86\x92 1\":\n    ReuseFactor: 2\n");
  EXPECT_EQ(ok.layer_name.count("d\xc3\xa9nse \xe2\x86\x92 1"), 1u);
}

}  // namespace
}  // namespace loom::config
