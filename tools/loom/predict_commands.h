// `loom predict` (bit-exact emulation) and `loom config` (a starting configuration).
#ifndef LOOM_TOOLS_LOOM_PREDICT_COMMANDS_H_
#define LOOM_TOOLS_LOOM_PREDICT_COMMANDS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "loom/backends/hls.h"
#include "model_commands.h"

namespace loom {

struct PrecisionFlags {
  std::string config;     // configuration file (YAML or JSON), or ""
  std::string calibrate;  // calibration samples (.npy or .dat), or ""
  int64_t calibration_frac_bits = 10;
  bool show_precision = false;  // print the type of every layer
};

struct PredictOptions {
  std::vector<std::string> inputs;   // .npy or .dat per model input
  std::vector<std::string> outputs;  // .npy per model output
  std::string trace_dir;             // write every layer's output there, or ""
  int threads = 0;
  bool float32 = false;  // write float32 .npy (default float64: exact up to 53 bits)
};

int PredictCommand(const std::string& model, const LoadOptions& load,
                   const PrecisionFlags& precision, const PredictOptions& options);

// Writes a configuration for the model: granularity "model", "type" or "name"; format "yaml" or
// "json"; to `output` or stdout when it is "" or "-".
int ConfigCommand(const std::string& model, const LoadOptions& load,
                  const PrecisionFlags& precision, const std::string& granularity,
                  const std::string& format, const std::string& output);

struct ConvertOptions {
  std::string output_dir;
  std::vector<std::string> inputs;  // test vectors (.npy or .dat) per model input, or none
  // Generated test vectors; -1: 16, fewer where a sample is large (kTestVectorValues).
  int64_t samples = -1;
  bool force = false;
  std::string fifo_depths = "worst";  // io_stream: worst or optimized
};

// Writes the HLS project for the model (`loom convert`).
int ConvertCommand(const std::string& model, const LoadOptions& load,
                   const PrecisionFlags& precision, const ConvertOptions& options);
// Compiles and runs a project's C-simulation testbench (`loom csim`).
// loom fifo-import: a vendor co-simulation's FIFO profile beside loom's depths; with apply, the
// profiled depths written into the project.
int FifoImportCommand(const std::string& dir, bool apply);

int CsimCommand(const std::string& dir, const std::string& ap_types,
                const hls::CsimOptions& options);

}  // namespace loom

#endif  // LOOM_TOOLS_LOOM_PREDICT_COMMANDS_H_
