// The loom command-line driver.
#include <malloc.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

#include "loom/fixed/fixed_type.h"
#include "loom/fixed/fixed_value.h"
#include "loom/frontends/keras.h"
#include "loom/frontends/onnx.h"
#include "model_commands.h"
#include "predict_commands.h"
#include "selfcheck.h"

namespace {

// `loom quantize TYPE VALUE...`: shows what each value becomes in the type.
int Quantize(const std::string& type_text, const std::vector<double>& values) {
  auto type = loom::fixed::ParseFixedType(type_text);
  if (!type.ok()) {
    std::cerr << "loom: error: " << type.error().message() << "\n";
    return 2;
  }
  const loom::fixed::FixedType& t = type.value();
  std::cout << t.ToApString() << ": range [" << t.min_value() << ", " << t.max_value() << "], lsb "
            << t.lsb() << "\n";
  for (double v : values) {
    loom::fixed::CastFlags flags;
    int64_t raw = loom::fixed::FromDouble(v, t, &flags);
    std::cout << std::setprecision(17) << v << " -> " << loom::fixed::ToDouble(raw, t) << " (raw "
              << raw << ")";
    if (flags.overflow) std::cout << " overflow";
    if (flags.underflow) std::cout << " underflow";
    std::cout << "\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Freed blocks stay with the process instead of going back to the kernel: the float engine and
  // the emulator allocate and free the same large tensors sample after sample, and returning
  // them made every reuse a fresh round of page faults (7% of `loom run` on a 64x64 CNN). The
  // peak resident size is unchanged.
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  CLI::App app{"loom: compile trained neural networks into FPGA firmware"};
  app.set_version_flag("--version", std::string("loom ") + LOOM_VERSION);
  app.require_subcommand(0, 1);

  auto* selfcheck = app.add_subcommand("selfcheck", "Check the fixed-point core's invariants");

  std::string type_text;
  std::vector<double> values;
  auto* quantize = app.add_subcommand("quantize", "Show how values are stored in a fixed type");
  quantize->add_option("type", type_text, "e.g. 'ap_fixed<16,6,AP_RND_CONV,AP_SAT>'")->required();
  quantize->add_option("values", values, "values to convert")->required();

  std::string model;
  loom::LoadOptions load;
  auto add_load_options = [&](CLI::App* cmd) {
    cmd->add_option("--passes", load.passes,
                    "comma-separated passes to run instead of the canonicalize pipeline")
        ->delimiter(',');
    cmd->add_flag("--no-passes", load.no_passes, "show the graph as imported");
    cmd->add_flag("--print-ir", load.print_ir, "print the IR after the passes");
    cmd->add_flag("--print-ir-after-all", load.print_ir_after_all, "print the IR after each pass");
    cmd->add_flag("--time-passes", load.time_passes, "print each pass's run time");
    cmd->add_option("--weights", load.weights,
                    "a Keras model-JSON's HDF5 weights (default: <model>_weights.h5 beside it)");
  };
  auto* inspect = app.add_subcommand("inspect", "Print the layers of a model and their cost");
  inspect->add_option("model", model, "ONNX / QONNX model, or Keras (.json + weights, .h5, .keras)")
      ->required();
  add_load_options(inspect);

  std::vector<std::string> run_inputs;
  std::vector<std::string> run_outputs;
  auto* run = app.add_subcommand("run", "Evaluate a model in floating point");
  run->add_option("model", model, "ONNX / QONNX model, or Keras (.json + weights, .h5, .keras)")
      ->required();
  run->add_option("--input", run_inputs, ".npy file per model input, batch axis first")->required();
  run->add_option("--output", run_outputs, ".npy file per model output")->required();
  int run_threads = 0;
  run->add_option("--threads", run_threads, "worker threads, samples in turn (default: all)");
  add_load_options(run);

  loom::PrecisionFlags precision;
  auto add_precision_options = [&](CLI::App* cmd) {
    cmd->add_option("--config", precision.config, "hls4ml-style configuration (YAML or JSON)");
    cmd->add_option("--calibrate", precision.calibrate,
                    "samples (.npy or .dat) whose value ranges size 'auto' result types");
    cmd->add_option("--calibration-frac-bits", precision.calibration_frac_bits,
                    "fraction bits of calibrated result types (default 10)");
    cmd->add_flag("--show-precision", precision.show_precision,
                  "print every layer's types and where they came from");
  };

  loom::PredictOptions predict_options;
  auto* predict = app.add_subcommand("predict", "Emulate the firmware bit-exactly on samples");
  predict->add_option("model", model, "ONNX / QONNX model, or Keras (.json + weights, .h5, .keras)")
      ->required();
  predict
      ->add_option("--input", predict_options.inputs,
                   ".npy or .dat (one sample per line) file per model input")
      ->required();
  predict->add_option("--output", predict_options.outputs, ".npy file per model output")
      ->required();
  predict->add_option("--trace", predict_options.trace_dir,
                      "directory for every layer's output (.npy, float64)");
  predict->add_option("--threads", predict_options.threads, "worker threads (default: all)");
  predict->add_flag("--float32", predict_options.float32,
                    "write float32 outputs (default float64)");
  add_precision_options(predict);
  add_load_options(predict);

  std::string granularity = "model";
  std::string format = "yaml";
  std::string config_output;
  auto* config = app.add_subcommand("config", "Write a starting configuration for a model");
  config->add_option("model", model, "ONNX / QONNX model, or Keras (.json + weights, .h5, .keras)")
      ->required();
  config->add_option("--granularity", granularity,
                     "model: one Model section; type: one entry per layer type; name: every "
                     "layer's resolved types");
  config->add_option("--format", format, "yaml or json");
  config->add_option("-o,--output", config_output, "file to write (default: stdout)");
  add_precision_options(config);
  add_load_options(config);

  loom::ConvertOptions convert_options;
  auto* convert =
      app.add_subcommand("convert", "Write a Vitis/Vivado HLS project (io_parallel or io_stream)");
  convert->add_option("model", model, "ONNX / QONNX model, or Keras (.json + weights, .h5, .keras)")
      ->required();
  convert->add_option("-o,--output", convert_options.output_dir, "project directory")->required();
  convert->add_option("--input", convert_options.inputs,
                      "test vectors for the testbench, one .npy or .dat per model input "
                      "(default: generated)");
  convert->add_option("--samples", convert_options.samples,
                      "generated test vectors (default 16, fewer for samples over 65,536 values)");
  convert
      ->add_option("--fifo-depths", convert_options.fifo_depths,
                   "io_stream FIFO depths: worst (every beat of the tensor, the default) or "
                   "optimized (what loom's timing model needs for full throughput)")
      ->check(CLI::IsMember({"worst", "optimized"}));
  convert->add_flag("--force", convert_options.force,
                    "replace an existing directory that loom did not write");
  add_precision_options(convert);
  add_load_options(convert);

  std::string csim_dir;
  std::string ap_types;
  auto* csim = app.add_subcommand("csim", "C-simulate a project with g++ and ap_types");
  csim->add_option("project", csim_dir, "directory written by loom convert")->required();
  csim->add_option("--ap-types", ap_types, "directory holding ap_fixed.h (default: setup's)");
  loom::hls::CsimOptions csim_options;
  std::vector<std::string> csim_depths;
  csim->add_flag("--threaded", csim_options.threaded,
                 "io_stream: run every process as a thread over FIFOs bounded by their depths "
                 "(a depth too small to complete is reported as a deadlock)");
  csim->add_option("--fifo-depth", csim_depths,
                   "with --threaded: NAME=DEPTH gives FIFO NAME this depth instead of its "
                   "pragma's (repeatable)");

  std::string import_dir;
  bool import_apply = false;
  auto* fifo_import = app.add_subcommand(
      "fifo-import",
      "io_stream: the FIFO occupancies of a Vitis HLS co-simulation (build_prj.tcl "
      "fifo_profile=1) beside loom's depths");
  fifo_import->add_option("project", import_dir, "directory written by loom convert")->required();
  fifo_import->add_flag("--apply", import_apply,
                        "write the profiled depths into the top function's STREAM pragmas");

  std::string formats_which = "all";
  auto* formats = app.add_subcommand(
      "formats", "List what loom reads: ONNX ops, Keras layers, QKeras quantizers");
  formats->add_option("which", formats_which, "all, onnx, keras or qkeras")
      ->check(CLI::IsMember({"all", "onnx", "keras", "qkeras"}));

  CLI11_PARSE(app, argc, argv);
  if (formats->parsed()) {
    auto list = [](const char* title, const std::vector<std::string>& items) {
      std::cout << title << " (" << items.size() << "):\n";
      for (const std::string& i : items) std::cout << "  " << i << "\n";
    };
    if (formats_which == "all" || formats_which == "onnx") {
      list("ONNX ops", loom::frontends::SupportedOnnxOps());
    }
    if (formats_which == "all" || formats_which == "keras") {
      list("Keras layers", loom::frontends::SupportedKerasLayers());
    }
    if (formats_which == "all" || formats_which == "keras") {
      list("Keras activations", loom::frontends::SupportedKerasActivations());
    }
    if (formats_which == "all" || formats_which == "qkeras") {
      list("QKeras quantizers", loom::frontends::SupportedQKerasQuantizers());
    }
    return 0;
  }
  if (convert->parsed()) {
    return loom::ConvertCommand(model, load, precision, convert_options);
  }
  if (csim->parsed()) {
    for (const std::string& d : csim_depths) {
      const size_t eq = d.find('=');
      char* end = nullptr;
      const long depth = eq == std::string::npos ? 0 : std::strtol(d.c_str() + eq + 1, &end, 10);
      if (eq == std::string::npos || eq == 0 || depth < 1 || *end != '\0') {
        std::cerr << "loom: error: --fifo-depth " << d
                  << ": expected NAME=DEPTH with a depth of at least 1\n";
        return loom::kUserError;
      }
      csim_options.fifo_depths[d.substr(0, eq)] = depth;
    }
    return loom::CsimCommand(csim_dir, ap_types, csim_options);
  }
  if (fifo_import->parsed()) return loom::FifoImportCommand(import_dir, import_apply);
  if (predict->parsed()) return loom::PredictCommand(model, load, precision, predict_options);
  if (config->parsed()) {
    return loom::ConfigCommand(model, load, precision, granularity, format, config_output);
  }
  if (inspect->parsed()) return loom::InspectCommand(model, load);
  if (run->parsed()) return loom::RunCommand(model, run_inputs, run_outputs, load, run_threads);
  if (selfcheck->parsed()) return loom::RunFixedSelfCheck(std::cout) == 0 ? 0 : 1;
  if (quantize->parsed()) return Quantize(type_text, values);
  std::cout << app.help();
  return 0;
}
