// NumPy .npy reading and writing.
#include "loom/support/npy.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

#include "loom/support/half.h"

namespace loom {
namespace {

// Finds `'key': value` in the header dictionary and returns the value text.
std::string HeaderField(const std::string& header, const std::string& key) {
  size_t k = header.find("'" + key + "'");
  if (k == std::string::npos) return "";
  size_t colon = header.find(':', k);
  if (colon == std::string::npos) return "";
  size_t start = header.find_first_not_of(' ', colon + 1);
  if (start == std::string::npos) return "";
  if (header[start] == '(') {
    size_t end = header.find(')', start);
    return end == std::string::npos ? "" : header.substr(start, end - start + 1);
  }
  if (header[start] == '\'') {
    size_t end = header.find('\'', start + 1);
    return end == std::string::npos ? "" : header.substr(start + 1, end - start - 1);
  }
  size_t end = header.find_first_of(",}", start);
  return header.substr(start, end - start);
}

template <typename T>
void Convert(const char* p, int64_t n, std::vector<float>* out) {
  out->resize(n);
  for (int64_t i = 0; i < n; ++i) {
    T v;
    std::memcpy(&v, p + i * sizeof(T), sizeof(T));
    (*out)[i] = static_cast<float>(v);
  }
}

}  // namespace

ErrorOr<NpyArray> ParseNpy(const std::string& bytes, const std::string& name) {
  auto bad = [&](const std::string& why) {
    return Error(name + ": error: not a valid .npy file: " + why);
  };
  if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0) return bad("no NumPy magic");
  int major = static_cast<unsigned char>(bytes[6]);
  size_t header_len;
  size_t offset;
  if (major == 1) {
    header_len = static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
    offset = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) return bad("truncated header");
    header_len = 0;
    for (int i = 0; i < 4; ++i)
      header_len |= static_cast<size_t>(static_cast<unsigned char>(bytes[8 + i])) << (8 * i);
    offset = 12;
  } else {
    return bad("unknown version " + std::to_string(major));
  }
  if (bytes.size() < offset + header_len) return bad("truncated header");
  std::string header = bytes.substr(offset, header_len);
  std::string descr = HeaderField(header, "descr");
  std::string order = HeaderField(header, "fortran_order");
  std::string shape_text = HeaderField(header, "shape");
  if (descr.empty() || shape_text.empty()) return bad("header lacks descr or shape");
  if (order.find("True") != std::string::npos) {
    return Error(name +
                 ": error: Fortran-order arrays are not supported; save with "
                 "np.ascontiguousarray(x)");
  }
  NpyArray a;
  std::string dims = shape_text.substr(1, shape_text.size() - 2);
  std::stringstream ss(dims);
  std::string item;
  while (std::getline(ss, item, ',')) {
    size_t s = item.find_first_not_of(' ');
    if (s == std::string::npos) continue;
    try {
      a.shape.push_back(std::stoll(item.substr(s)));
    } catch (...) {
      return bad("bad shape " + shape_text);
    }
    if (a.shape.back() < 0) return bad("negative dimension");
  }
  int64_t n = 1;
  for (int64_t d : a.shape) {
    if (d != 0 && n > (int64_t{1} << 34) / d) return bad("array too large");  // n * d overflows
    n *= d;
  }
  if (descr.size() < 3 || descr[0] == '>') {
    return Error(name + ": error: element type '" + descr +
                 "' is not supported (little-endian float or integer arrays only)");
  }
  char kind = descr[1];
  int size = std::atoi(descr.c_str() + 2);
  const size_t data_offset = offset + header_len;
  if (bytes.size() < data_offset + static_cast<size_t>(n) * size) return bad("truncated data");
  const char* p = bytes.data() + data_offset;
  if (kind == 'f' && size == 4) {
    Convert<float>(p, n, &a.data);
  } else if (kind == 'f' && size == 8) {
    Convert<double>(p, n, &a.data);
  } else if (kind == 'f' && size == 2) {
    a.data.resize(n);
    for (int64_t i = 0; i < n; ++i) {
      uint16_t h;
      std::memcpy(&h, p + 2 * i, 2);
      a.data[i] = static_cast<float>(HalfToDouble(h));
    }
  } else if (kind == 'i' && size == 1) {
    Convert<int8_t>(p, n, &a.data);
  } else if (kind == 'i' && size == 2) {
    Convert<int16_t>(p, n, &a.data);
  } else if (kind == 'i' && size == 4) {
    Convert<int32_t>(p, n, &a.data);
  } else if (kind == 'i' && size == 8) {
    Convert<int64_t>(p, n, &a.data);
  } else if ((kind == 'u' || kind == 'b') && size == 1) {
    Convert<uint8_t>(p, n, &a.data);
  } else if (kind == 'u' && size == 2) {
    Convert<uint16_t>(p, n, &a.data);
  } else if (kind == 'u' && size == 4) {
    Convert<uint32_t>(p, n, &a.data);
  } else if (kind == 'u' && size == 8) {
    Convert<uint64_t>(p, n, &a.data);
  } else {
    return Error(name + ": error: element type '" + descr + "' is not supported");
  }
  return a;
}

ErrorOr<NpyArray> ReadNpy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(path + ": error: cannot open the file");
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseNpy(ss.str(), path);
}

namespace {

ErrorOr<bool> WriteNpyBytes(const std::string& path, const std::vector<int64_t>& dims,
                            const char* descr, const char* bytes, size_t size) {
  std::string shape = "(";
  for (size_t i = 0; i < dims.size(); ++i) {
    shape += std::to_string(dims[i]) + (dims.size() == 1 ? "," : i + 1 < dims.size() ? ", " : "");
  }
  shape += ")";
  std::string header =
      std::string("{'descr': '") + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::ofstream out(path, std::ios::binary);
  if (!out) return Error(path + ": error: cannot write the file");
  out.write("\x93NUMPY\x01\x00", 8);
  auto len = static_cast<uint16_t>(header.size());
  char l[2] = {static_cast<char>(len & 0xff), static_cast<char>(len >> 8)};
  out.write(l, 2);
  out.write(header.data(), static_cast<std::streamsize>(header.size()));
  out.write(bytes, static_cast<std::streamsize>(size));
  if (!out) return Error(path + ": error: writing failed");
  return true;
}

}  // namespace

ErrorOr<bool> WriteNpy(const std::string& path, const NpyArray& array) {
  return WriteNpyBytes(path, array.shape, "<f4", reinterpret_cast<const char*>(array.data.data()),
                       array.data.size() * sizeof(float));
}

ErrorOr<bool> WriteNpy64(const std::string& path, const std::vector<int64_t>& shape,
                         const std::vector<double>& data) {
  return WriteNpyBytes(path, shape, "<f8", reinterpret_cast<const char*>(data.data()),
                       data.size() * sizeof(double));
}

ErrorOr<NpyArray> ReadDat(const std::string& path, int64_t values_per_sample) {
  std::ifstream in(path);
  if (!in) return Error(path + ": error: cannot open the file");
  NpyArray a;
  std::string line;
  int64_t line_no = 0;
  int64_t samples = 0;
  while (std::getline(in, line)) {
    ++line_no;
    std::istringstream ls(line);
    std::string word;
    int64_t count = 0;
    while (ls >> word) {
      char* end = nullptr;
      float v = std::strtof(word.c_str(), &end);
      if (end == word.c_str() || *end != '\0') {
        return Error(path + ":" + std::to_string(line_no) + ": error: '" + word +
                     "' is not a number");
      }
      a.data.push_back(v);
      ++count;
    }
    if (count == 0) continue;  // blank line
    if (count != values_per_sample) {
      return Error(path + ":" + std::to_string(line_no) + ": error: " + std::to_string(count) +
                   " values; the model input takes " + std::to_string(values_per_sample) +
                   " per sample (one sample per line)");
    }
    ++samples;
  }
  if (samples == 0) return Error(path + ": error: no samples in the file");
  a.shape = {samples, values_per_sample};
  return a;
}

}  // namespace loom
