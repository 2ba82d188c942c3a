// `loom predict`, `loom config`, `loom convert` and `loom csim`: session calls, results printed.
#include "predict_commands.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>

#include "loom/backends/hls.h"
#include "loom/config/config.h"
#include "loom/support/npy.h"

namespace loom {
namespace {

std::string Pad(const std::string& s, size_t w) {
  return s.size() >= w ? s.substr(0, w - 1) + " " : s + std::string(w - s.size(), ' ');
}

void PrintPrecision(const std::vector<precision::PrecisionChoice>& choices, std::ostream& os) {
  os << Pad("layer", 28) << Pad("key", 10) << Pad("type", 34) << "from\n";
  for (const auto& c : choices) {
    os << Pad(c.node, 28) << Pad(c.key, 10) << Pad(c.type.ToString(), 34) << c.source << "\n";
  }
}

// Model + configuration + calibration -> typed graph, printing what the session reports.
bool Prepare(Session& session, const std::string& model, const LoadOptions& load,
             const PrecisionFlags& flags) {
  if (!LoadAndPrint(session, model, load)) return false;
  if (!flags.config.empty() && !Report(session, session.ApplyConfigFile(flags.config))) {
    return false;
  }
  return Report(session, session.AssignPrecision(flags.calibrate, flags.calibration_frac_bits));
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

// The summary line and the per-layer counts of a run.
void PrintEmulated(const std::string& model, const Emulation& e) {
  std::cout << model << ": emulated " << e.batch << " sample(s) bit-exactly in " << std::fixed
            << std::setprecision(3) << e.seconds << " s (" << std::setprecision(0)
            << (e.seconds > 0 ? static_cast<double>(e.batch) / e.seconds : 0.0) << " samples/s)\n";
  std::cout.unsetf(std::ios::floatfield);
  PrintCounts(e.run, std::cout);
}

int PredictCommand(const std::string& model, const LoadOptions& load,
                   const PrecisionFlags& precision, const PredictOptions& options) {
  Session session;
  if (!Prepare(session, model, load, precision)) return kUserError;
  if (precision.show_precision) PrintPrecision(session.choices(), std::cout);
  if (!Report(session, session.CheckOutputFileCount(options.outputs.size()))) return kUserError;
  sim::RunOptions run_options;
  run_options.threads = options.threads;
  run_options.trace = !options.trace_dir.empty();
  const bool all_files =
      std::all_of(options.inputs.begin(), options.inputs.end(), [](const std::string& f) {
        return f.size() > 4 &&
               (f.compare(f.size() - 4, 4, ".npy") == 0 || f.compare(f.size() - 4, 4, ".dat") == 0);
      });
  if (all_files) {
    // .npy or .dat in, .npy out (and the trace): chunk by chunk, memory bounded by the chunk.
    sim::RunOptions chunked = run_options;
    chunked.trace = false;
    ErrorOr<Emulation> emulation =
        session.EmulateNpyFiles(options.inputs, options.outputs, options.float32, chunked,
                                int64_t{16} << 20, options.trace_dir);
    if (!Report(session, emulation)) return kUserError;
    PrintEmulated(model, emulation.value());
    return 0;
  }
  ErrorOr<Inputs> inputs = session.ReadInputs(options.inputs);
  if (!Report(session, inputs)) return kUserError;
  ErrorOr<Emulation> emulation = session.Emulate(inputs.value(), run_options);
  if (!Report(session, emulation)) return kUserError;
  const Emulation& e = emulation.value();
  for (size_t o = 0; o < e.outputs.size(); ++o) {
    const std::vector<double>& y = e.outputs[o];
    ErrorOr<bool> w = options.float32
                          ? WriteNpy(options.outputs[o],
                                     NpyArray{e.shapes[o], std::vector<float>(y.begin(), y.end())})
                          : WriteNpy64(options.outputs[o], e.shapes[o], y);
    if (!Report(session, w)) return kUserError;
  }
  if (run_options.trace && !Report(session, session.WriteTrace(options.trace_dir, e))) {
    return kUserError;
  }
  PrintEmulated(model, e);
  return 0;
}

int ConfigCommand(const std::string& model, const LoadOptions& load,
                  const PrecisionFlags& precision, const std::string& granularity,
                  const std::string& format, const std::string& output) {
  Session session;
  if (!Prepare(session, model, load, precision)) return kUserError;
  if (precision.show_precision) PrintPrecision(session.choices(), std::cerr);
  ConfigGranularity g = ConfigGranularity::kModel;
  if (granularity == "type") {
    g = ConfigGranularity::kType;
  } else if (granularity == "name") {
    g = ConfigGranularity::kName;
  } else if (granularity != "model") {
    std::cerr << "loom: error: --granularity '" << granularity
              << "' is not valid; valid: model, type, name\n";
    return kUserError;
  }
  if (format != "yaml" && format != "json") {
    std::cerr << "loom: error: --format '" << format << "' is not valid; valid: yaml, json\n";
    return kUserError;
  }
  config::Config out = session.ExportConfig(g);
  std::string text = format == "yaml" ? config::EmitYaml(out) : config::EmitJson(out);
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
  Session session;
  if (!Prepare(session, model, load, precision)) return kUserError;
  if (precision.show_precision) PrintPrecision(session.choices(), std::cout);
  // Test vectors: the given samples, or generated ones (see Session::MakeTestVectors).
  std::optional<Inputs> given;
  if (!options.inputs.empty()) {
    ErrorOr<Inputs> arrays = session.ReadInputs(options.inputs);
    if (!Report(session, arrays)) return kUserError;
    given = std::move(arrays).value();
  }
  int64_t samples = options.samples;
  if (samples == -1) {
    // 16 samples, or as many as keep the test vectors within 1 M values (the 512x512 dev model's
    // 16 samples were 700 MB of text).
    int64_t per_sample = 0;
    for (const ir::Value* v : session.graph().inputs()) per_sample += ir::NumElements(v->shape);
    for (const ir::Value* v : session.graph().outputs()) per_sample += ir::NumElements(v->shape);
    samples = std::clamp<int64_t>((int64_t{1} << 20) / std::max<int64_t>(per_sample, 1), 1, 16);
  }
  ErrorOr<hls::TestVectors> vectors = session.MakeTestVectors(given ? &*given : nullptr, samples);
  if (!Report(session, vectors)) return kUserError;
  auto report =
      session.WriteProject(options.output_dir, vectors.value(), options.force, options.fifo_depths);
  if (!Report(session, report)) return kUserError;
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
  if (const auto& st = report.value().stream) {
    // io_stream: the FIFOs, worst-case against optimized depths, and the timing model.
    int64_t worst = 0, optimized = 0, worst_bits = 0, optimized_bits = 0;
    for (const hls::FifoReport& f : st->fifos) {
      worst += f.bram18_worst;
      optimized += f.bram18_optimized;
      worst_bits += f.worst * f.width_bits;
      optimized_bits += f.optimized * f.width_bits;
    }
    std::cout << Pad("fifo", 34) << std::right << std::setw(8) << "bits" << std::setw(10) << "worst"
              << std::setw(10) << "optimized" << std::setw(8) << "BRAM18" << std::setw(8)
              << "BRAM18" << std::left << "\n";
    for (const hls::FifoReport& f : st->fifos) {
      std::cout << Pad(f.name, 34) << std::right << std::setw(8) << f.width_bits << std::setw(10)
                << f.worst << std::setw(10) << f.optimized << std::setw(8) << f.bram18_worst
                << std::setw(8) << f.bram18_optimized << std::left << "\n";
    }
    std::cout << "fifos: " << st->fifos.size() << ", " << worst_bits << " bits and " << worst
              << " BRAM18 at the worst-case depths, " << optimized_bits << " bits and " << optimized
              << " BRAM18 optimized; depths written: " << st->mode
              << "; timing model: " << st->latency << " cycles per sample, a sample every "
              << st->interval << " cycles\n";
  }
  for (const std::string& w : report.value().warnings) std::cerr << "warning: " << w << "\n";
  std::cout << "wrote " << options.output_dir << " (project '" << report.value().project_name
            << "', " << report.value().files.size() << " files, " << vectors.value().n
            << " test vectors from the emulator); check it with: loom csim " << options.output_dir
            << "\n";
  return 0;
}

int CsimCommand(const std::string& dir, const std::string& ap_types,
                const hls::CsimOptions& options) {
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
  auto r = hls::RunCsim(dir, ap, options);
  if (!r.ok()) {
    std::cerr << r.error().message() << "\n";
    return kUserError;
  }
  std::cout << r.value().output;
  if (r.value().deadlock) {
    std::cout << dir
              << ": the threaded run deadlocked: with these FIFO depths the processes cannot "
                 "complete (the hardware would hang)\n";
    return 1;
  }
  if (r.value().mismatches == 0 && r.value().samples > 0) {
    std::cout << dir << ": C-simulation" << (options.threaded ? " (threaded, bounded FIFOs)" : "")
              << " matches the emulator bit for bit (" << r.value().samples << " samples, "
              << r.value().values << " values)\n";
    return 0;
  }
  std::cout << dir << ": C-simulation differs from the emulator in " << r.value().mismatches
            << " of " << r.value().values << " values\n";
  return 1;
}

int FifoImportCommand(const std::string& dir, bool apply) {
  auto r = hls::ImportFifoProfile(dir);
  if (!r.ok()) {
    std::cerr << r.error().message() << "\n";
    return kUserError;
  }
  const hls::FifoProfile& p = r.value();
  std::cout << "FIFO occupancy from " << p.source << "\n";
  std::cout << std::left << std::setw(36) << "fifo" << std::right << std::setw(6) << "bits"
            << std::setw(10) << "worst" << std::setw(11) << "optimized" << std::setw(9) << "written"
            << std::setw(10) << "profiled"
            << "\n";
  int64_t profiled = 0, above = 0, bits_written = 0, bits_profiled = 0;
  std::map<std::string, int64_t> depths;
  for (const hls::ProfiledFifo& f : p.fifos) {
    std::cout << std::left << std::setw(36) << f.name << std::right << std::setw(6) << f.width_bits
              << std::setw(10) << f.worst << std::setw(11) << f.optimized << std::setw(9)
              << f.written << std::setw(10)
              << (f.profiled < 0 ? std::string("-") : std::to_string(f.profiled));
    bits_written += f.width_bits * f.written;
    if (f.profiled >= 0) {
      ++profiled;
      const int64_t depth = std::max<int64_t>(f.profiled, 1);
      bits_profiled += f.width_bits * depth;
      depths[f.name] = depth;
      if (f.profiled > f.optimized) {
        ++above;
        std::cout << "  above loom's optimized depth";
      }
    } else {
      bits_profiled += f.width_bits * f.written;
    }
    std::cout << "\n";
  }
  for (const std::string& u : p.unknown) {
    std::cout << "profiled channel not among loom's FIFOs (a port or a channel the tool made): "
              << u << "\n";
  }
  std::cout << profiled << " of " << p.fifos.size() << " FIFOs profiled; " << above
            << " held more beats in co-simulation than loom's timing model's depth"
            << (above ? " (its model is short there: use the profiled depth)" : "") << "; "
            << bits_written << " bits at the written depths, " << bits_profiled
            << " bits at the profiled ones\n";
  if (apply) {
    auto a = hls::ApplyFifoDepths(dir, depths);
    if (!a.ok()) {
      std::cerr << a.error().message() << "\n";
      return kUserError;
    }
    std::cout << "wrote the profiled depths of " << a.value()
              << " FIFOs into the top function's STREAM pragmas\n";
  }
  return 0;
}

}  // namespace loom
