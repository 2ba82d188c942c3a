// The compile session: each pipeline step as a call that returns its result or an error.
#include "loom/session/session.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <random>
#include <sstream>
#include <thread>
#include <utility>

#include "loom/frontends/keras.h"
#include "loom/frontends/onnx.h"
#include "loom/pass/pass.h"
#include "loom/precision/assign_precision_pass.h"
#include "loom/ref/float_engine.h"

namespace loom {
namespace {

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A warning naming how many input values are NaN or infinite and where the first one is, or "".
// NaN and infinite values of one input, counted over one or more pieces of the batch.
struct NonFinite {
  int64_t nan = 0, inf = 0, first = -1;  // first: flat index in the whole batch
  void Scan(const std::vector<float>& data, int64_t offset) {
    for (size_t k = 0; k < data.size(); ++k) {
      if (std::isfinite(data[k])) continue;
      (std::isnan(data[k]) ? nan : inf) += 1;
      if (first < 0) first = offset + static_cast<int64_t>(k);
    }
  }
};

std::string NonFiniteWarning(const std::string& file, const std::string& input, const NonFinite& c,
                             int64_t per_sample) {
  const int64_t nan = c.nan, inf = c.inf, first = c.first;
  if (first < 0) return "";
  return file + ": warning: input '" + input + "' holds " + std::to_string(nan) + " NaN and " +
         std::to_string(inf) + " infinite value(s), the first at sample " +
         std::to_string(first / per_sample) + ", element " + std::to_string(first % per_sample) +
         "; they are converted as ap_fixed converts them in C-simulation (NaN and +-inf as " +
         "+-2^1024: 0 under AP_WRAP, the type's maximum or minimum under AP_SAT; see " +
         "docs/numerics.md) and counted as overflows";
}

// A trace file's name: the value's name with every character a file system may object to
// replaced by '_'.
std::string SafeFileName(const std::string& name) {
  std::string out;
  for (char c : name)
    out +=
        (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
  return out.empty() ? "value" : out;
}

// The batch axis, then the per-sample shape.
std::vector<int64_t> WithBatch(int64_t batch, const ir::Shape& shape) {
  std::vector<int64_t> out = {batch};
  out.insert(out.end(), shape.begin(), shape.end());
  return out;
}

// Output .npy files written a chunk at a time under temporary names and renamed into place by
// Commit, so a failed run leaves no output file; uncommitted files are removed on destruction.
class OutputNpyFiles {
 public:
  OutputNpyFiles() = default;
  OutputNpyFiles(const OutputNpyFiles&) = delete;
  OutputNpyFiles& operator=(const OutputNpyFiles&) = delete;
  ~OutputNpyFiles() {
    std::error_code ec;
    for (const std::string& t : temps_) std::filesystem::remove(t, ec);
  }

  ErrorOr<bool> Add(const std::string& path, const std::vector<int64_t>& shape, bool float32) {
    paths_.push_back(path);
    temps_.push_back(path + ".loom-partial");
    ErrorOr<NpyRowWriter> w = NpyRowWriter::Open(temps_.back(), shape, float32);
    if (!w.ok()) return Error(path + ": error: cannot write the file");
    writers_.push_back(std::move(w).value());
    return true;
  }

  template <typename T>
  ErrorOr<bool> Append(size_t o, const std::vector<T>& values) {
    if (!writers_[o].Append(values.data(), static_cast<int64_t>(values.size())).ok()) {
      return Error(paths_[o] + ": error: writing failed");
    }
    return true;
  }

  ErrorOr<bool> Commit() {
    for (size_t o = 0; o < writers_.size(); ++o) {
      if (!writers_[o].Close().ok()) return Error(paths_[o] + ": error: writing failed");
      std::error_code ec;
      std::filesystem::rename(temps_[o], paths_[o], ec);
      if (ec) return Error(paths_[o] + ": error: cannot write the file (" + ec.message() + ")");
    }
    temps_.clear();
    return true;
  }

 private:
  std::vector<std::string> paths_, temps_;
  std::vector<NpyRowWriter> writers_;
};

}  // namespace

ErrorOr<bool> Session::Load(const std::string& model_path, const LoadOptions& options) {
  load_report_ = LoadReport{};
  if (!options.weights.empty() && !EndsWith(model_path, ".json")) {
    return Error(model_path + ": error: --weights is for a Keras model-JSON file; this model " +
                 "holds its own weights");
  }
  ErrorOr<ir::Graph> imported =
      frontends::IsKerasPath(model_path)
          ? frontends::ImportKerasFile(model_path, frontends::KerasImportOptions{options.weights})
          : frontends::ImportOnnxFile(model_path);
  if (!imported.ok()) return imported.error();
  ir::Graph graph = std::move(imported).value();
  if (!options.no_passes) {
    pass::PassRegistry registry;
    pass::RegisterAllPasses(registry);
    pass::PassContext ctx;
    std::ostringstream log;
    ctx.print_after_each = options.print_ir_after_all;
    ctx.log = &log;
    const auto& names = options.passes.empty() ? pass::CanonicalizePipeline() : options.passes;
    ErrorOr<bool> r = pass::RunPipeline(graph, names, registry, ctx);
    // Kept on failure too: the IR after the passes that ran shows where things went wrong.
    load_report_.ir_after_each = log.str();
    if (!r.ok()) return Error(model_path + ": error: " + r.error().message());
    if (options.time_passes) load_report_.pass_times = std::move(ctx.timings);
    if (options.print_ir) load_report_.ir = ir::Print(graph);
  }
  model_path_ = model_path;
  graph_ = std::move(graph);
  config_ = config::Config{};
  choices_.clear();
  return true;
}

ErrorOr<bool> Session::ApplyConfigFile(const std::string& path) {
  ErrorOr<config::Config> c = config::ReadConfigFile(path);
  if (!c.ok()) return c.error();
  return ApplyConfig(std::move(c).value());
}

ErrorOr<bool> Session::ApplyConfig(config::Config config) {
  diagnostics_.insert(diagnostics_.end(), config.notes.begin(), config.notes.end());
  std::vector<std::string> problems = config::CheckAgainstGraph(config, graph_);
  if (!problems.empty()) {
    std::string message;
    for (const std::string& m : problems) message += (message.empty() ? "" : "\n") + m;
    return Error(message);
  }
  config_ = std::move(config);
  return true;
}

ErrorOr<Inputs> Session::ReadInputs(const std::vector<std::string>& files) {
  if (files.size() != graph_.inputs().size()) {
    return Error("error: the model has " + std::to_string(graph_.inputs().size()) +
                 " input(s) but " + std::to_string(files.size()) + " input file(s) were given");
  }
  Inputs inputs;
  inputs.batch = -1;
  for (size_t i = 0; i < files.size(); ++i) {
    const ir::Value* in = graph_.inputs()[i];
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
    if (inputs.batch >= 0 && shape[0] != inputs.batch) {
      return Error(files[i] + ": error: " + std::to_string(shape[0]) +
                   " samples; the first input file has " + std::to_string(inputs.batch));
    }
    inputs.batch = shape[0];
    NonFinite bad;
    bad.Scan(a.value().data, 0);
    if (std::string w = NonFiniteWarning(files[i], in->name, bad, numel); !w.empty()) {
      diagnostics_.push_back(std::move(w));
    }
    inputs.arrays.push_back(std::move(a).value());
  }
  return inputs;
}

ErrorOr<Inputs> Session::ReadFloatInputs(const std::vector<std::string>& files) const {
  if (ErrorOr<bool> c = CheckInputFileCount(files.size()); !c.ok()) return c.error();
  Inputs inputs;
  inputs.batch = -1;
  for (size_t i = 0; i < files.size(); ++i) {
    ErrorOr<NpyArray> a = ReadNpy(files[i]);
    if (!a.ok()) return a.error();
    const std::vector<int64_t>& shape = a.value().shape;
    const ir::Shape& want = graph_.inputs()[i]->shape;
    ir::Shape got(shape.begin() + (shape.empty() ? 0 : 1), shape.end());
    if (shape.empty() || got != want) {
      return Error(files[i] + ": error: array of shape " + ir::ShapeToString(shape) +
                   " does not match input '" + graph_.inputs()[i]->name + "' of shape [batch, " +
                   ir::ShapeToString(want).substr(1));
    }
    if (inputs.batch >= 0 && shape[0] != inputs.batch) {
      return Error(files[i] + ": error: batch size " + std::to_string(shape[0]) +
                   " differs from the first input's " + std::to_string(inputs.batch));
    }
    inputs.batch = shape[0];
    inputs.arrays.push_back(std::move(a).value());
  }
  return inputs;
}

ErrorOr<bool> Session::CheckInputFileCount(size_t count) const {
  if (count == graph_.inputs().size()) return true;
  return Error(model_path_ + ": error: the model has " + std::to_string(graph_.inputs().size()) +
               " input(s) but " + std::to_string(count) + " --input file(s) were given");
}

ErrorOr<bool> Session::CheckOutputFileCount(size_t count) const {
  if (count == graph_.outputs().size()) return true;
  return Error(model_path_ + ": error: the model has " + std::to_string(graph_.outputs().size()) +
               " output(s) but " + std::to_string(count) + " --output file(s) were given");
}

ErrorOr<bool> Session::CheckInputs(const Inputs& inputs) const {
  if (inputs.arrays.size() != graph_.inputs().size()) {
    return Error(model_path_ + ": error: " + std::to_string(inputs.arrays.size()) +
                 " input array(s) for " + std::to_string(graph_.inputs().size()) +
                 " model input(s)");
  }
  if (inputs.batch < 0) return Error(model_path_ + ": error: no samples");
  for (size_t i = 0; i < inputs.arrays.size(); ++i) {
    const ir::Value* in = graph_.inputs()[i];
    int64_t want = inputs.batch * ir::NumElements(in->shape);
    if (static_cast<int64_t>(inputs.arrays[i].data.size()) != want) {
      return Error(model_path_ + ": error: input '" + in->name + "' has " +
                   std::to_string(inputs.arrays[i].data.size()) + " values, not " +
                   std::to_string(want) + " for " + std::to_string(inputs.batch) + " sample(s)");
    }
  }
  return true;
}

ErrorOr<std::vector<precision::PrecisionChoice>> Session::AssignPrecision(
    const Inputs* calibration, int64_t calibration_frac_bits) {
  precision::ValueRanges ranges;
  precision::PrecisionOptions options;
  options.config = &config_;
  options.calibration_frac_bits = calibration_frac_bits;
  if (calibration != nullptr) {
    if (ErrorOr<bool> c = CheckInputs(*calibration); !c.ok()) return c.error();
    std::vector<const float*> ptrs;
    for (const NpyArray& a : calibration->arrays) ptrs.push_back(a.data.data());
    ErrorOr<precision::ValueRanges> r = precision::Calibrate(graph_, ptrs, calibration->batch);
    if (!r.ok()) return r.error();
    ranges = std::move(r).value();
    options.ranges = &ranges;
  }
  // A pass like the canonicalising ones: timed, and the graph verified after it.
  precision::AssignPrecisionPass assign(options);
  pass::PassContext ctx;
  ErrorOr<bool> r = pass::RunPass(graph_, assign, ctx);
  if (!r.ok()) return r.error();
  choices_ = assign.choices();
  return choices_;
}

ErrorOr<std::vector<precision::PrecisionChoice>> Session::AssignPrecision(
    const std::string& calibration_file, int64_t calibration_frac_bits) {
  if (calibration_file.empty()) return AssignPrecision(nullptr, calibration_frac_bits);
  ErrorOr<Inputs> data = ReadInputs({calibration_file});
  if (!data.ok()) return data.error();
  return AssignPrecision(&data.value(), calibration_frac_bits);
}

ErrorOr<sim::RunResult> Session::RunEmulator(int64_t n, const std::vector<const float*>& inputs,
                                             std::vector<std::vector<double>>& outputs,
                                             const sim::RunOptions& options,
                                             double* seconds) const {
  ErrorOr<sim::Emulator> emu = sim::Emulator::Build(graph_);
  if (!emu.ok()) return emu.error();
  outputs.clear();
  std::vector<double*> out_ptrs;
  for (const ir::Value* v : graph_.outputs()) {
    outputs.emplace_back(static_cast<size_t>(n * ir::NumElements(v->shape)));
    out_ptrs.push_back(outputs.back().data());
  }
  auto start = std::chrono::steady_clock::now();
  ErrorOr<sim::RunResult> result = emu.value().Run(n, inputs, out_ptrs, options);
  if (seconds != nullptr) {
    *seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  return result;
}

ErrorOr<Emulation> Session::Emulate(const Inputs& inputs, const sim::RunOptions& options) const {
  if (ErrorOr<bool> c = CheckInputs(inputs); !c.ok()) return c.error();
  Emulation e;
  e.batch = inputs.batch;
  std::vector<const float*> in_ptrs;
  for (const NpyArray& a : inputs.arrays) in_ptrs.push_back(a.data.data());
  ErrorOr<sim::RunResult> run = RunEmulator(e.batch, in_ptrs, e.outputs, options, &e.seconds);
  if (!run.ok()) return run.error();
  e.run = std::move(run).value();
  for (const ir::Value* v : graph_.outputs()) e.shapes.push_back(WithBatch(e.batch, v->shape));
  return e;
}

ErrorOr<std::vector<NpyRowReader>> Session::OpenNpyInputs(const std::vector<std::string>& files,
                                                          bool exact_shape, int64_t* batch) const {
  std::vector<NpyRowReader> readers;
  *batch = -1;
  for (size_t i = 0; i < files.size(); ++i) {
    const ir::Value* in = graph_.inputs()[i];
    const int64_t numel = ir::NumElements(in->shape);
    ErrorOr<NpyRowReader> r = EndsWith(files[i], ".dat")
                                  ? NpyRowReader::OpenDat(files[i], in->shape)
                                  : NpyRowReader::Open(files[i]);
    if (!r.ok()) return r.error();
    const std::vector<int64_t>& shape = r.value().shape();
    ir::Shape per(shape.begin() + (shape.empty() ? 0 : 1), shape.end());
    if (shape.empty() || (per != in->shape && (exact_shape || per != ir::Shape{numel}))) {
      return Error(files[i] + ": error: array of shape " + ir::ShapeToString(shape) +
                   " does not match input '" + in->name + "' of shape [batch, " +
                   ir::ShapeToString(in->shape).substr(1));
    }
    if (*batch >= 0 && shape[0] != *batch) {
      return Error(exact_shape
                       ? files[i] + ": error: batch size " + std::to_string(shape[0]) +
                             " differs from the first input's " + std::to_string(*batch)
                       : files[i] + ": error: " + std::to_string(shape[0]) +
                             " samples; the first input file has " + std::to_string(*batch));
    }
    *batch = shape[0];
    readers.push_back(std::move(r).value());
  }
  return readers;
}

ErrorOr<int64_t> Session::EvaluateNpyFiles(const std::vector<std::string>& inputs,
                                           const std::vector<std::string>& outputs, int threads,
                                           int64_t chunk_bytes) const {
  if (ErrorOr<bool> c = CheckInputFileCount(inputs.size()); !c.ok()) return c.error();
  if (ErrorOr<bool> c = CheckOutputFileCount(outputs.size()); !c.ok()) return c.error();
  int64_t batch = -1;
  ErrorOr<std::vector<NpyRowReader>> opened = OpenNpyInputs(inputs, true, &batch);
  if (!opened.ok()) return opened.error();
  std::vector<NpyRowReader> readers = std::move(opened).value();
  int64_t bytes_per_sample = 0;
  for (const ir::Value* v : graph_.inputs()) bytes_per_sample += ir::NumElements(v->shape) * 4;
  OutputNpyFiles files;
  for (size_t o = 0; o < outputs.size(); ++o) {
    const ir::Value* v = graph_.outputs()[o];
    bytes_per_sample += ir::NumElements(v->shape) * 4;
    if (ErrorOr<bool> w = files.Add(outputs[o], WithBatch(batch, v->shape), true); !w.ok()) {
      return w.error();
    }
  }
  const int64_t chunk = std::clamp<int64_t>(chunk_bytes / std::max<int64_t>(bytes_per_sample, 1), 1,
                                            std::max<int64_t>(batch, 1));
  Inputs part;
  part.arrays.resize(readers.size());
  for (int64_t first = 0; first < batch; first += chunk) {
    part.batch = std::min(chunk, batch - first);
    for (size_t i = 0; i < readers.size(); ++i) {
      part.arrays[i].shape = WithBatch(part.batch, graph_.inputs()[i]->shape);
      if (ErrorOr<bool> r = readers[i].Read(part.batch, &part.arrays[i].data); !r.ok()) {
        return r.error();
      }
    }
    ErrorOr<std::vector<NpyArray>> results = Evaluate(part, threads);
    if (!results.ok()) return results.error();
    for (size_t o = 0; o < outputs.size(); ++o) {
      if (ErrorOr<bool> w = files.Append(o, results.value()[o].data); !w.ok()) return w.error();
    }
  }
  if (ErrorOr<bool> c = files.Commit(); !c.ok()) return c.error();
  return batch;
}

ErrorOr<Emulation> Session::EmulateNpyFiles(const std::vector<std::string>& inputs,
                                            const std::vector<std::string>& outputs, bool float32,
                                            const sim::RunOptions& options, int64_t chunk_bytes,
                                            const std::string& trace_dir) {
  if (options.trace) return Error("internal error: EmulateNpyFiles traces into trace_dir");
  sim::RunOptions run_options = options;
  run_options.trace = !trace_dir.empty();
  if (ErrorOr<bool> c = CheckOutputFileCount(outputs.size()); !c.ok()) return c.error();
  if (inputs.size() != graph_.inputs().size()) {
    return Error("error: the model has " + std::to_string(graph_.inputs().size()) +
                 " input(s) but " + std::to_string(inputs.size()) + " input file(s) were given");
  }
  // The inputs, checked as ReadInputs checks them.
  int64_t batch = -1;
  ErrorOr<std::vector<NpyRowReader>> opened = OpenNpyInputs(inputs, false, &batch);
  if (!opened.ok()) return opened.error();
  std::vector<NpyRowReader> readers = std::move(opened).value();
  int64_t bytes_per_sample = 0;
  for (const ir::Value* in : graph_.inputs()) {
    bytes_per_sample += ir::NumElements(in->shape) * static_cast<int64_t>(sizeof(float));
  }
  if (batch <= 0) return Error(model_path_ + ": error: no samples");
  ErrorOr<sim::Emulator> emu = sim::Emulator::Build(graph_);
  if (!emu.ok()) return emu.error();
  Emulation e;
  e.batch = batch;
  OutputNpyFiles files;
  for (size_t o = 0; o < outputs.size(); ++o) {
    const ir::Value* v = graph_.outputs()[o];
    e.shapes.push_back(WithBatch(batch, v->shape));
    bytes_per_sample += ir::NumElements(v->shape) * static_cast<int64_t>(sizeof(double));
    if (ErrorOr<bool> w = files.Add(outputs[o], e.shapes.back(), float32); !w.ok()) {
      return w.error();
    }
  }
  if (run_options.trace) {
    // The trace holds every node output of the chunk, as doubles.
    for (const auto& node : graph_.nodes()) {
      for (const ir::Value* v : node->outputs) {
        bytes_per_sample += ir::NumElements(v->shape) * static_cast<int64_t>(sizeof(double));
      }
    }
    std::error_code ec;
    std::filesystem::create_directories(trace_dir, ec);
    if (ec) return Error(trace_dir + ": error: cannot create the directory: " + ec.message());
  }
  std::vector<NpyRowWriter> trace_files;  // one per trace entry, opened with the first chunk
  const int64_t chunk =
      std::clamp<int64_t>(chunk_bytes / std::max<int64_t>(bytes_per_sample, 1), 1, batch);
  std::vector<NonFinite> bad(inputs.size());
  std::vector<NpyArray> arrays(inputs.size());
  std::vector<std::vector<double>> outs(outputs.size());
  for (int64_t first = 0; first < batch; first += chunk) {
    const int64_t m = std::min(chunk, batch - first);
    std::vector<const float*> in_ptrs;
    for (size_t i = 0; i < readers.size(); ++i) {
      if (ErrorOr<bool> r = readers[i].Read(m, &arrays[i].data); !r.ok()) return r.error();
      bad[i].Scan(arrays[i].data, first * ir::NumElements(graph_.inputs()[i]->shape));
      in_ptrs.push_back(arrays[i].data.data());
    }
    std::vector<double*> out_ptrs;
    for (size_t o = 0; o < outs.size(); ++o) {
      outs[o].resize(static_cast<size_t>(m * ir::NumElements(graph_.outputs()[o]->shape)));
      out_ptrs.push_back(outs[o].data());
    }
    auto start = std::chrono::steady_clock::now();
    ErrorOr<sim::RunResult> run = emu.value().Run(m, in_ptrs, out_ptrs, run_options);
    e.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!run.ok()) return run.error();
    if (run_options.trace) {
      // The chunk's trace appended to one .npy per node output (WriteTrace's files and index).
      std::vector<sim::TraceEntry>& trace = run.value().trace;
      if (first == 0) {
        std::ofstream index(trace_dir + "/index.tsv");
        index << "file\tnode\ttype\tlayers\n";
        for (const sim::TraceEntry& t : trace) {
          index << SafeFileName(t.value) << ".npy\t" << t.node << "\t" << t.type.ToString() << "\t";
          for (size_t k = 0; k < t.origins.size(); ++k) index << (k ? "," : "") << t.origins[k];
          index << "\n";
          ErrorOr<NpyRowWriter> w = NpyRowWriter::Open(
              trace_dir + "/" + SafeFileName(t.value) + ".npy", WithBatch(batch, t.shape), false);
          if (!w.ok()) return w.error();
          trace_files.push_back(std::move(w).value());
        }
        if (!index) return Error(trace_dir + "/index.tsv: error: cannot write the file");
      }
      for (size_t k = 0; k < trace.size(); ++k) {
        ErrorOr<bool> w =
            trace_files[k].Append(trace[k].data.data(), static_cast<int64_t>(trace[k].data.size()));
        if (!w.ok()) return w.error();
      }
      trace.clear();
    }
    if (first == 0) {
      e.run = std::move(run).value();
    } else {
      for (size_t k = 0; k < e.run.counts.size(); ++k) {
        const sim::NodeCounts& c = run.value().counts[k];
        e.run.counts[k].values += c.values;
        e.run.counts[k].result_overflow += c.result_overflow;
        e.run.counts[k].accum_overflow += c.accum_overflow;
        e.run.counts[k].table_clipped += c.table_clipped;
      }
    }
    for (size_t o = 0; o < outs.size(); ++o) {
      if (ErrorOr<bool> w = files.Append(o, outs[o]); !w.ok()) return w.error();
    }
  }
  for (size_t i = 0; i < inputs.size(); ++i) {
    const ir::Value* in = graph_.inputs()[i];
    if (std::string w = NonFiniteWarning(inputs[i], in->name, bad[i], ir::NumElements(in->shape));
        !w.empty()) {
      diagnostics_.push_back(std::move(w));
    }
  }
  for (NpyRowWriter& w : trace_files) {
    if (ErrorOr<bool> c = w.Close(); !c.ok()) return c.error();
  }
  if (ErrorOr<bool> c = files.Commit(); !c.ok()) return c.error();
  return e;
}

ErrorOr<std::vector<NpyArray>> Session::Evaluate(const Inputs& inputs, int threads) const {
  if (ErrorOr<bool> c = CheckInputs(inputs); !c.ok()) return c.error();
  std::vector<NpyArray> results(graph_.outputs().size());
  std::vector<int64_t> out_numel;
  for (size_t o = 0; o < results.size(); ++o) {
    const ir::Shape& shape = graph_.outputs()[o]->shape;
    results[o].shape = WithBatch(inputs.batch, shape);
    out_numel.push_back(ir::NumElements(shape));
    results[o].data.resize(static_cast<size_t>(inputs.batch * out_numel.back()));
  }
  std::atomic<int64_t> next{0};
  std::atomic<int64_t> first_failed{inputs.batch};
  std::mutex error_mutex;
  std::optional<Error> error;  // the first failing sample's
  auto work = [&] {
    for (int64_t b = next++; b < inputs.batch; b = next++) {
      if (b > first_failed.load()) return;
      std::vector<ir::Tensor> sample;
      for (size_t i = 0; i < inputs.arrays.size(); ++i) {
        const ir::Shape& shape = graph_.inputs()[i]->shape;
        int64_t n = ir::NumElements(shape);
        const std::vector<float>& data = inputs.arrays[i].data;
        sample.emplace_back(shape,
                            std::vector<float>(data.begin() + b * n, data.begin() + (b + 1) * n));
      }
      ErrorOr<std::vector<ir::Tensor>> out = ref::Run(graph_, sample);
      if (!out.ok()) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (b < first_failed.load()) {
          first_failed = b;
          error = out.error();
        }
        return;
      }
      for (size_t o = 0; o < results.size(); ++o) {
        const std::vector<float>& d = out.value()[o].data;
        std::copy(d.begin(), d.end(), results[o].data.begin() + b * out_numel[o]);
      }
    }
  };
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  threads = static_cast<int>(std::clamp<int64_t>(threads, 1, std::max<int64_t>(inputs.batch, 1)));
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  if (error) return *error;
  return results;
}

ErrorOr<bool> Session::WriteTrace(const std::string& dir, const Emulation& emulation) const {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Error(dir + ": error: cannot create the directory: " + ec.message());
  // An index: file, node, type, and the model's layers the node stands for (after fusion).
  std::ofstream index(dir + "/index.tsv");
  index << "file\tnode\ttype\tlayers\n";
  for (const sim::TraceEntry& t : emulation.run.trace) {
    index << SafeFileName(t.value) << ".npy\t" << t.node << "\t" << t.type.ToString() << "\t";
    for (size_t k = 0; k < t.origins.size(); ++k) index << (k ? "," : "") << t.origins[k];
    index << "\n";
    std::string path = dir + "/" + SafeFileName(t.value) + ".npy";
    ErrorOr<bool> w = WriteNpy64(path, WithBatch(emulation.batch, t.shape), t.data);
    if (!w.ok()) return w.error();
  }
  if (!index) return Error(dir + "/index.tsv: error: cannot write the file");
  return true;
}

ErrorOr<hls::TestVectors> Session::MakeTestVectors(const Inputs* given, int64_t samples) const {
  hls::TestVectors vectors;
  if (given != nullptr) {
    if (ErrorOr<bool> c = CheckInputs(*given); !c.ok()) return c.error();
    vectors.n = given->batch;
    for (const NpyArray& a : given->arrays) vectors.inputs.push_back(a.data);
  } else {
    if (samples < 0) {
      return Error("error: the number of test vectors must not be negative (got " +
                   std::to_string(samples) + ")");
    }
    vectors.n = samples;
    std::mt19937 rng(2026);
    for (const ir::Value* v : graph_.inputs()) {
      const fixed::FixedType& t = v->type.fixed;
      std::uniform_real_distribution<double> dist(t.min_value() / 2, t.max_value() / 2);
      std::vector<float> data(static_cast<size_t>(vectors.n * ir::NumElements(v->shape)));
      for (float& f : data) f = static_cast<float>(dist(rng));
      vectors.inputs.push_back(std::move(data));
    }
  }
  std::vector<const float*> in_ptrs;
  for (const std::vector<float>& v : vectors.inputs) in_ptrs.push_back(v.data());
  ErrorOr<sim::RunResult> run = RunEmulator(vectors.n, in_ptrs, vectors.outputs, {}, nullptr);
  if (!run.ok()) return run.error();
  return vectors;
}

ErrorOr<hls::ProjectReport> Session::WriteProject(const std::string& dir,
                                                  const hls::TestVectors& vectors, bool force,
                                                  const std::string& fifo_depths) const {
  hls::WriteOptions options;
  options.dir = dir;
  options.force = force;
  options.fifo_depths = fifo_depths;
  return hls::WriteProject(graph_, config_, vectors, options);
}

config::Config Session::ExportConfig(ConfigGranularity granularity) const {
  config::Config out = config_;
  out.source.clear();
  out.notes.clear();
  if (out.model.precision.empty()) out.model.precision["default"] = fixed::Precision{true, {}};
  if (!out.model.reuse_factor) out.model.reuse_factor = 1;
  if (!out.model.strategy) out.model.strategy = config::Strategy::kLatency;
  auto auto_p = fixed::Precision{true, {}};
  if (granularity == ConfigGranularity::kType) {
    for (const auto& node : graph_.nodes()) {
      if (node->op == ir::OpKind::kConstant) continue;
      config::LayerSettings& s = out.layer_type[std::string(ir::OpName(node->op))];
      s.precision["result"] = auto_p;
      for (const auto& nt : node->types) s.precision[nt.first] = auto_p;
    }
  } else if (granularity == ConfigGranularity::kName) {
    // Every layer's types as loom resolved them, so that the file fixes them all.
    for (const auto& node : graph_.nodes()) {
      if (node->op == ir::OpKind::kConstant) continue;
      config::LayerSettings& s = out.layer_name[node->name];
      if (!node->outputs.empty() && node->outputs[0]->type.is_fixed) {
        s.precision["result"] = fixed::Precision{false, node->outputs[0]->type.fixed};
      }
      for (const auto& [key, t] : node->types) s.precision[key] = fixed::Precision{false, t};
      if (node->attrs.Has("table_size")) s.table_size = node->attrs.GetInt("table_size");
    }
  }
  return out;
}

std::vector<std::string> Session::TakeDiagnostics() { return std::exchange(diagnostics_, {}); }

}  // namespace loom
