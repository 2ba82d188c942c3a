// `loom predict` and `loom config`.
#include "predict_commands.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <random>
#include <sstream>

#include "loom/backends/hls.h"
#include "loom/config/config.h"
#include "loom/sim/emulator.h"
#include "loom/sim/precision.h"
#include "loom/support/npy.h"

namespace loom {
namespace {

constexpr int kUserError = 2;

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A warning naming how many input values are NaN or infinite and where the first one is, or "".
std::string NonFiniteWarning(const std::string& file, const std::string& input, const NpyArray& a,
                             int64_t per_sample) {
  int64_t nan = 0, inf = 0, first = -1;
  for (size_t k = 0; k < a.data.size(); ++k) {
    if (std::isfinite(a.data[k])) continue;
    (std::isnan(a.data[k]) ? nan : inf) += 1;
    if (first < 0) first = static_cast<int64_t>(k);
  }
  if (first < 0) return "";
  return file + ": warning: input '" + input + "' holds " + std::to_string(nan) + " NaN and " +
         std::to_string(inf) + " infinite value(s), the first at sample " +
         std::to_string(first / per_sample) + ", element " + std::to_string(first % per_sample) +
         "; they are converted as ap_fixed converts them in C-simulation (NaN and +-inf as " +
         "+-2^1024: 0 under AP_WRAP, the type's maximum or minimum under AP_SAT; see " +
         "docs/numerics.md) and counted as overflows";
}

// Reads one array per graph input (.npy, or hls4ml's .dat text) and checks its shape: the
// per-sample shape must equal the input's, or be its flattened size.
ErrorOr<std::vector<NpyArray>> ReadInputs(const ir::Graph& graph,
                                          const std::vector<std::string>& files, int64_t* batch) {
  if (files.size() != graph.inputs().size()) {
    return Error("error: the model has " + std::to_string(graph.inputs().size()) +
                 " input(s) but " + std::to_string(files.size()) + " input file(s) were given");
  }
  std::vector<NpyArray> arrays;
  *batch = -1;
  for (size_t i = 0; i < files.size(); ++i) {
    const ir::Value* in = graph.inputs()[i];
    int64_t numel = ir::NumElements(in->shape);
    ErrorOr<NpyArray> a = EndsWith(files[i], ".dat") ? ReadDat(files[i], numel) : ReadNpy(files[i]);
    if (!a.ok()) return a.error();
    const std::vector<int64_t>& shape = a.value().shape;
    ir::Shape per(shape.begin() + (shape.empty() ? 0 : 1), shape.end());
    if (shape.empty() || (per != in->shape && per != ir::Shape{numel})) {
      return Error(files[i] + ": error: array of shape " + ir::ShapeToString(shape) +
                   " does not match input '" + in->name + "' of shape [batch, " +
                   ir::ShapeToString(in->shape).substr(1));
    }
    if (*batch >= 0 && shape[0] != *batch) {
      return Error(files[i] + ": error: " + std::to_string(shape[0]) +
                   " samples; the first input file has " + std::to_string(*batch));
    }
    *batch = shape[0];
    if (std::string w = NonFiniteWarning(files[i], in->name, a.value(), numel); !w.empty()) {
      std::cerr << w << "\n";
    }
    arrays.push_back(std::move(a).value());
  }
  return arrays;
}

std::string Pad(const std::string& s, size_t w) {
  return s.size() >= w ? s.substr(0, w - 1) + " " : s + std::string(w - s.size(), ' ');
}

void PrintPrecision(const std::vector<sim::PrecisionChoice>& choices, std::ostream& os) {
  os << Pad("layer", 28) << Pad("key", 10) << Pad("type", 34) << "from\n";
  for (const auto& c : choices) {
    os << Pad(c.node, 28) << Pad(c.key, 10) << Pad(c.type.ToString(), 34) << c.source << "\n";
  }
}

// Model + configuration + calibration -> typed graph.
struct Prepared {
  ir::Graph graph;
  config::Config config;
  std::vector<sim::PrecisionChoice> choices;
};

ErrorOr<Prepared> Prepare(const std::string& model, const LoadOptions& load,
                          const PrecisionFlags& flags) {
  Prepared p;
  auto g = LoadModel(model, load);
  if (!g.ok()) return g.error();
  p.graph = std::move(g).value();
  if (!flags.config.empty()) {
    auto c = config::ReadConfigFile(flags.config);
    if (!c.ok()) return c.error();
    p.config = std::move(c).value();
    for (const std::string& note : p.config.notes) std::cerr << note << "\n";
    std::vector<std::string> problems = config::CheckAgainstGraph(p.config, p.graph);
    if (!problems.empty()) {
      std::string message;
      for (const std::string& m : problems) message += (message.empty() ? "" : "\n") + m;
      return Error(message);
    }
  }
  sim::ValueRanges ranges;
  sim::PrecisionOptions options;
  options.config = &p.config;
  options.calibration_frac_bits = flags.calibration_frac_bits;
  if (!flags.calibrate.empty()) {
    int64_t n = 0;
    auto data = ReadInputs(p.graph, {flags.calibrate}, &n);
    if (!data.ok()) return data.error();
    std::vector<const float*> ptrs;
    for (const NpyArray& a : data.value()) ptrs.push_back(a.data.data());
    auto r = sim::Calibrate(p.graph, ptrs, n);
    if (!r.ok()) return r.error();
    ranges = std::move(r).value();
    options.ranges = &ranges;
  }
  auto choices = sim::AssignPrecision(p.graph, options);
  if (!choices.ok()) return choices.error();
  p.choices = std::move(choices).value();
  return p;
}

std::string SafeFileName(const std::string& name) {
  std::string out;
  for (char c : name)
    out +=
        (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
  return out.empty() ? "value" : out;
}

void PrintCounts(const sim::RunResult& r, std::ostream& os) {
  os << Pad("layer", 28) << Pad("op", 18) << Pad("result", 30) << std::right << std::setw(12)
     << "values" << std::setw(12) << "overflow" << std::setw(12) << "accum-ovf" << std::setw(12)
     << "lut-clip" << std::left << "\n";
  const sim::NodeCounts* first = nullptr;
  for (const auto& c : r.counts) {
    if (c.op == ir::OpKind::kConstant) continue;
    bool any = c.result_overflow + c.accum_overflow > 0;
    if (any && first == nullptr) first = &c;
    os << Pad(c.node, 28) << Pad(std::string(ir::OpName(c.op)), 18) << Pad(c.result.ToString(), 30)
       << std::right << std::setw(12) << c.values << std::setw(12) << c.result_overflow
       << std::setw(12) << c.accum_overflow << std::setw(12) << c.table_clipped << std::left
       << "\n";
  }
  if (first == nullptr) {
    os << "no value overflowed its type\n";
  } else {
    os << "first layer that overflows: " << first->location << ": ";
    if (first->accum_overflow) os << first->accum_overflow << " accumulator value(s)";
    if (first->accum_overflow && first->result_overflow) os << " and ";
    if (first->result_overflow) {
      bool wraps = first->result.overflow == fixed::OverflowMode::kWrap;
      os << first->result_overflow << " result value(s) outside " << first->result.ToString()
         << (wraps ? " (wrapped)" : " (saturated)");
    }
    os << "; widen its type in the configuration or use 'auto'\n";
  }
}

}  // namespace

int PredictCommand(const std::string& model, const LoadOptions& load,
                   const PrecisionFlags& precision, const PredictOptions& options) {
  auto prepared = Prepare(model, load, precision);
  if (!prepared.ok()) {
    std::cerr << prepared.error().message() << "\n";
    return kUserError;
  }
  Prepared& p = prepared.value();
  if (precision.show_precision) PrintPrecision(p.choices, std::cout);
  if (options.outputs.size() != p.graph.outputs().size()) {
    std::cerr << model << ": error: the model has " << p.graph.outputs().size() << " output(s) but "
              << options.outputs.size() << " --output file(s) were given\n";
    return kUserError;
  }
  int64_t n = 0;
  auto inputs = ReadInputs(p.graph, options.inputs, &n);
  if (!inputs.ok()) {
    std::cerr << inputs.error().message() << "\n";
    return kUserError;
  }
  auto emu = sim::Emulator::Build(p.graph);
  if (!emu.ok()) {
    std::cerr << emu.error().message() << "\n";
    return kUserError;
  }
  std::vector<const float*> in_ptrs;
  for (const NpyArray& a : inputs.value()) in_ptrs.push_back(a.data.data());
  std::vector<std::vector<double>> out(p.graph.outputs().size());
  std::vector<double*> out_ptrs;
  for (size_t o = 0; o < out.size(); ++o) {
    out[o].resize(static_cast<size_t>(n * ir::NumElements(p.graph.outputs()[o]->shape)));
    out_ptrs.push_back(out[o].data());
  }
  sim::RunOptions run_options;
  run_options.threads = options.threads;
  run_options.trace = !options.trace_dir.empty();
  auto start = std::chrono::steady_clock::now();
  auto result = emu.value().Run(n, in_ptrs, out_ptrs, run_options);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!result.ok()) {
    std::cerr << result.error().message() << "\n";
    return kUserError;
  }
  for (size_t o = 0; o < out.size(); ++o) {
    std::vector<int64_t> shape = {n};
    for (int64_t d : p.graph.outputs()[o]->shape) shape.push_back(d);
    ErrorOr<bool> w =
        options.float32
            ? WriteNpy(options.outputs[o],
                       NpyArray{shape, std::vector<float>(out[o].begin(), out[o].end())})
            : WriteNpy64(options.outputs[o], shape, out[o]);
    if (!w.ok()) {
      std::cerr << w.error().message() << "\n";
      return kUserError;
    }
  }
  if (run_options.trace) {
    std::error_code ec;
    std::filesystem::create_directories(options.trace_dir, ec);
    if (ec) {
      std::cerr << options.trace_dir << ": error: cannot create the directory: " << ec.message()
                << "\n";
      return kUserError;
    }
    // An index: file, node, type, and the model's layers the node stands for (after fusion).
    std::ofstream index(options.trace_dir + "/index.tsv");
    index << "file\tnode\ttype\tlayers\n";
    for (const sim::TraceEntry& t : result.value().trace) {
      index << SafeFileName(t.value) << ".npy\t" << t.node << "\t" << t.type.ToString() << "\t";
      for (size_t k = 0; k < t.origins.size(); ++k) index << (k ? "," : "") << t.origins[k];
      index << "\n";
      std::vector<int64_t> shape = {n};
      for (int64_t d : t.shape) shape.push_back(d);
      std::string path = options.trace_dir + "/" + SafeFileName(t.value) + ".npy";
      ErrorOr<bool> w = WriteNpy64(path, shape, t.data);
      if (!w.ok()) {
        std::cerr << w.error().message() << "\n";
        return kUserError;
      }
    }
    if (!index) {
      std::cerr << options.trace_dir << "/index.tsv: error: cannot write the file\n";
      return kUserError;
    }
  }
  std::cout << model << ": emulated " << n << " sample(s) bit-exactly in " << std::fixed
            << std::setprecision(3) << seconds << " s (" << std::setprecision(0)
            << (seconds > 0 ? static_cast<double>(n) / seconds : 0.0) << " samples/s)\n";
  std::cout.unsetf(std::ios::floatfield);
  PrintCounts(result.value(), std::cout);
  return 0;
}

int ConfigCommand(const std::string& model, const LoadOptions& load,
                  const PrecisionFlags& precision, const std::string& granularity,
                  const std::string& format, const std::string& output) {
  auto prepared = Prepare(model, load, precision);
  if (!prepared.ok()) {
    std::cerr << prepared.error().message() << "\n";
    return kUserError;
  }
  Prepared& p = prepared.value();
  if (precision.show_precision) PrintPrecision(p.choices, std::cerr);
  config::Config out = p.config;
  out.source.clear();
  out.notes.clear();
  if (out.model.precision.empty()) out.model.precision["default"] = fixed::Precision{true, {}};
  if (!out.model.reuse_factor) out.model.reuse_factor = 1;
  if (!out.model.strategy) out.model.strategy = config::Strategy::kLatency;
  auto auto_p = fixed::Precision{true, {}};
  if (granularity == "type") {
    for (const auto& node : p.graph.nodes()) {
      if (node->op == ir::OpKind::kConstant) continue;
      std::string type(ir::OpName(node->op));
      config::LayerSettings& s = out.layer_type[type];
      s.precision["result"] = auto_p;
      for (const auto& nt : node->types) s.precision[nt.first] = auto_p;
    }
  } else if (granularity == "name") {
    // Every layer's types as loom resolved them, so that the file fixes them all.
    std::map<std::string, const ir::Node*> by_name;
    for (const auto& node : p.graph.nodes()) by_name[node->name] = node.get();
    for (const auto& node : p.graph.nodes()) {
      if (node->op == ir::OpKind::kConstant) continue;
      config::LayerSettings& s = out.layer_name[node->name];
      if (!node->outputs.empty() && node->outputs[0]->type.is_fixed) {
        s.precision["result"] = fixed::Precision{false, node->outputs[0]->type.fixed};
      }
      for (const auto& [key, t] : node->types) s.precision[key] = fixed::Precision{false, t};
      if (node->attrs.Has("table_size")) s.table_size = node->attrs.GetInt("table_size");
    }
  } else if (granularity != "model") {
    std::cerr << "loom: error: --granularity '" << granularity
              << "' is not valid; valid: model, type, name\n";
    return kUserError;
  }
  std::string text;
  if (format == "yaml") {
    text = config::EmitYaml(out);
  } else if (format == "json") {
    text = config::EmitJson(out);
  } else {
    std::cerr << "loom: error: --format '" << format << "' is not valid; valid: yaml, json\n";
    return kUserError;
  }
  if (output.empty() || output == "-") {
    std::cout << text;
    return 0;
  }
  std::ofstream f(output);
  f << text;
  if (!f) {
    std::cerr << output << ": error: cannot write the file\n";
    return kUserError;
  }
  std::cerr << "wrote " << output << " (" << granularity << " granularity)\n";
  return 0;
}

int ConvertCommand(const std::string& model, const LoadOptions& load,
                   const PrecisionFlags& precision, const ConvertOptions& options) {
  auto prepared = Prepare(model, load, precision);
  if (!prepared.ok()) {
    std::cerr << prepared.error().message() << "\n";
    return kUserError;
  }
  Prepared& p = prepared.value();
  if (precision.show_precision) PrintPrecision(p.choices, std::cout);
  // Test vectors: the given samples, or deterministic ones spread over each input type's range.
  hls::TestVectors vectors;
  if (!options.inputs.empty()) {
    int64_t n = 0;
    auto arrays = ReadInputs(p.graph, options.inputs, &n);
    if (!arrays.ok()) {
      std::cerr << arrays.error().message() << "\n";
      return kUserError;
    }
    vectors.n = n;
    for (NpyArray& a : arrays.value()) vectors.inputs.push_back(std::move(a.data));
  } else {
    vectors.n = options.samples;
    std::mt19937 rng(2026);
    for (const ir::Value* v : p.graph.inputs()) {
      const fixed::FixedType& t = v->type.fixed;
      std::uniform_real_distribution<double> dist(t.min_value() / 2, t.max_value() / 2);
      std::vector<float> data(static_cast<size_t>(vectors.n * ir::NumElements(v->shape)));
      for (float& f : data) f = static_cast<float>(dist(rng));
      vectors.inputs.push_back(std::move(data));
    }
  }
  auto emu = sim::Emulator::Build(p.graph);
  if (!emu.ok()) {
    std::cerr << emu.error().message() << "\n";
    return kUserError;
  }
  std::vector<const float*> in_ptrs;
  for (const auto& v : vectors.inputs) in_ptrs.push_back(v.data());
  std::vector<double*> out_ptrs;
  for (const ir::Value* v : p.graph.outputs()) {
    vectors.outputs.emplace_back(static_cast<size_t>(vectors.n * ir::NumElements(v->shape)));
    out_ptrs.push_back(vectors.outputs.back().data());
  }
  auto run = emu.value().Run(vectors.n, in_ptrs, out_ptrs, {});
  if (!run.ok()) {
    std::cerr << run.error().message() << "\n";
    return kUserError;
  }
  hls::WriteOptions write;
  write.dir = options.output_dir;
  write.force = options.force;
  auto report = hls::WriteProject(p.graph, p.config, vectors, write);
  if (!report.ok()) {
    std::cerr << report.error().message() << "\n";
    return kUserError;
  }
  std::cout << Pad("layer", 28) << Pad("op", 18) << std::right << std::setw(12) << "multipliers"
            << std::setw(12) << "dense" << std::left << "\n";
  int64_t total = 0, dense = 0;
  for (const auto& l : report.value().layers) {
    if (l.dense_multipliers == 0) continue;
    total += l.multipliers;
    dense += l.dense_multipliers;
    std::cout << Pad(l.layer, 28) << Pad(std::string(ir::OpName(l.op)), 18) << std::right
              << std::setw(12) << l.multipliers << std::setw(12) << l.dense_multipliers << std::left
              << "\n";
  }
  std::cout << "total: " << total << " multipliers emitted of " << dense
            << " for a dense implementation (pruned weights are not multiplied)\n";
  for (const auto& l : report.value().layers) {
    if (l.dividers > 0) {
      std::cout << "layer " << l.layer << " (" << ir::OpName(l.op) << "): " << l.dividers
                << " dividers (a division by a computed value or a constant that is not a power "
                   "of two)\n";
    }
  }
  std::cout << "wrote " << options.output_dir << " (project '" << report.value().project_name
            << "', " << report.value().files.size() << " files, " << vectors.n
            << " test vectors from the emulator); check it with: loom csim " << options.output_dir
            << "\n";
  return 0;
}

int CsimCommand(const std::string& dir, const std::string& ap_types) {
  std::string ap = ap_types;
  if (ap.empty()) {
    if (const char* env = std::getenv("LOOM_AP_TYPES")) ap = env;
  }
#ifdef LOOM_AP_TYPES_DIR
  if (ap.empty()) ap = LOOM_AP_TYPES_DIR;
#endif
  if (ap.empty()) {
    std::cerr << "loom: error: no ap_types headers known; pass --ap-types DIR or set "
                 "LOOM_AP_TYPES\n";
    return kUserError;
  }
  auto r = hls::RunCsim(dir, ap);
  if (!r.ok()) {
    std::cerr << r.error().message() << "\n";
    return kUserError;
  }
  std::cout << r.value().output;
  if (r.value().mismatches == 0 && r.value().samples > 0) {
    std::cout << dir << ": C-simulation matches the emulator bit for bit (" << r.value().samples
              << " samples, " << r.value().values << " values)\n";
    return 0;
  }
  std::cout << dir << ": C-simulation differs from the emulator in " << r.value().mismatches
            << " of " << r.value().values << " values\n";
  return 1;
}

}  // namespace loom
