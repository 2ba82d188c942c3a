// Reading and writing NumPy .npy arrays (C order; float, double and integer element types).
#ifndef LOOM_SUPPORT_NPY_H_
#define LOOM_SUPPORT_NPY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "loom/support/error.h"

namespace loom {

struct NpyArray {
  std::vector<int64_t> shape;
  std::vector<float> data;  // converted to float
};

// Reads a .npy file of version 1-3 holding a little-endian C-order array of float16/32/64 or
// (u)int8..64 elements. Errors name the file and what is wrong with it.
ErrorOr<NpyArray> ReadNpy(const std::string& path);
// Parses .npy bytes; `name` is used in messages.
ErrorOr<NpyArray> ParseNpy(const std::string& bytes, const std::string& name);
// Writes a float32 .npy file. Returns an error if the file cannot be written.
ErrorOr<bool> WriteNpy(const std::string& path, const NpyArray& array);
// Writes a float64 .npy file (exact for fixed-point values of up to 53 significant bits).
ErrorOr<bool> WriteNpy64(const std::string& path, const std::vector<int64_t>& shape,
                         const std::vector<double>& data);
// Reads hls4ml's test-bench text format: one sample per line, `values_per_sample` numbers
// separated by whitespace. The result has shape [samples, values_per_sample].
ErrorOr<NpyArray> ReadDat(const std::string& path, int64_t values_per_sample);

}  // namespace loom

#endif  // LOOM_SUPPORT_NPY_H_
