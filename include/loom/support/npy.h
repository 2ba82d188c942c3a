// Reading and writing NumPy .npy arrays (C order; float, double and integer element types).
#ifndef LOOM_SUPPORT_NPY_H_
#define LOOM_SUPPORT_NPY_H_

#include <cstdint>
#include <fstream>
#include <memory>
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
namespace npy_detail {
// A parsed .npy header. `needed` > 0: the header is longer than the bytes given (read that many).
struct Header {
  std::vector<int64_t> shape;
  int64_t elements = 0;
  char kind = 'f';  // f, i, u or b
  int size = 4;     // bytes per element
  size_t data_offset = 0;
  size_t needed = 0;
};
ErrorOr<Header> ParseHeader(const std::string& bytes, const std::string& name);
// n elements at p, of the header's type, as floats.
void ConvertElements(const Header& h, const char* p, int64_t n, float* out);
}  // namespace npy_detail

// Reads a .npy file a few rows (first-axis entries) at a time, converting as ReadNpy does, so
// memory is bounded by the rows asked for rather than the file. The file is checked whole
// (header, element type, size) when opened, with ReadNpy's messages.
class NpyRowReader {
 public:
  static ErrorOr<NpyRowReader> Open(const std::string& path);
  // hls4ml's .dat text (one sample per line, as ReadDat) read the same way, row by row: one pass
  // counts the samples (non-blank lines), Read parses and checks the lines it returns. shape():
  // [samples, sample_shape...].
  static ErrorOr<NpyRowReader> OpenDat(const std::string& path,
                                       const std::vector<int64_t>& sample_shape);
  const std::vector<int64_t>& shape() const { return header_.shape; }
  int64_t rows() const;
  // The next min(count, rows left) rows into *out (resized).
  ErrorOr<bool> Read(int64_t count, std::vector<float>* out);

 private:
  std::string path_;
  std::unique_ptr<std::ifstream> in_;
  npy_detail::Header header_;
  int64_t row_elements_ = 1;
  int64_t next_row_ = 0;
  std::string buffer_;
  bool dat_ = false;     // .dat text
  int64_t line_no_ = 0;  // .dat: lines read so far
};

// Writes a .npy file (float64, or float32) of a shape known in advance, block by block.
class NpyRowWriter {
 public:
  static ErrorOr<NpyRowWriter> Open(const std::string& path, const std::vector<int64_t>& shape,
                                    bool float32);
  ErrorOr<bool> Append(const double* values, int64_t n);
  ErrorOr<bool> Append(const float* values, int64_t n);
  // An error unless exactly the shape's values were appended.
  ErrorOr<bool> Close();

 private:
  std::string path_;
  std::unique_ptr<std::ofstream> out_;
  bool float32_ = false;
  int64_t remaining_ = 0;
};

// Reads hls4ml's test-bench text format: one sample per line, `values_per_sample` numbers
// separated by whitespace. The result has shape [samples, values_per_sample].
ErrorOr<NpyArray> ReadDat(const std::string& path, int64_t values_per_sample);

}  // namespace loom

#endif  // LOOM_SUPPORT_NPY_H_
