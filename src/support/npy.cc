// NumPy .npy reading and writing.
#include "loom/support/npy.h"

#include <algorithm>
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
void Convert(const char* p, int64_t n, float* out) {
  for (int64_t i = 0; i < n; ++i) {
    T v;
    std::memcpy(&v, p + i * sizeof(T), sizeof(T));
    out[i] = static_cast<float>(v);
  }
}

}  // namespace

namespace npy_detail {

ErrorOr<Header> ParseHeader(const std::string& bytes, const std::string& name) {
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
  Header h;
  h.data_offset = offset + header_len;
  if (bytes.size() < offset + header_len) {
    h.needed = offset + header_len;  // the caller reads this much and asks again
    return h;
  }
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
  std::string dims = shape_text.substr(1, shape_text.size() - 2);
  std::stringstream ss(dims);
  std::string item;
  while (std::getline(ss, item, ',')) {
    size_t st = item.find_first_not_of(' ');
    if (st == std::string::npos) continue;
    try {
      h.shape.push_back(std::stoll(item.substr(st)));
    } catch (...) {
      return bad("bad shape " + shape_text);
    }
    if (h.shape.back() < 0) return bad("negative dimension");
  }
  h.elements = 1;
  for (int64_t d : h.shape) {
    if (d != 0 && h.elements > (int64_t{1} << 34) / d) return bad("array too large");
    h.elements *= d;
  }
  if (descr.size() < 3 || descr[0] == '>') {
    return Error(name + ": error: element type '" + descr +
                 "' is not supported (little-endian float or integer arrays only)");
  }
  h.kind = descr[1];
  h.size = std::atoi(descr.c_str() + 2);
  const std::string kinds = h.kind == 'f'                      ? "248"
                            : (h.kind == 'i' || h.kind == 'u') ? "1248"
                            : h.kind == 'b'                    ? "1"
                                                               : "";
  if (h.size < 1 || h.size > 8 ||
      kinds.find(static_cast<char>('0' + h.size)) == std::string::npos) {
    return Error(name + ": error: element type '" + descr + "' is not supported");
  }
  return h;
}

void ConvertElements(const Header& h, const char* p, int64_t n, float* out) {
  if (h.kind == 'f' && h.size == 4) {
    Convert<float>(p, n, out);
  } else if (h.kind == 'f' && h.size == 8) {
    Convert<double>(p, n, out);
  } else if (h.kind == 'f' && h.size == 2) {
    for (int64_t i = 0; i < n; ++i) {
      uint16_t v;
      std::memcpy(&v, p + 2 * i, 2);
      out[i] = static_cast<float>(HalfToDouble(v));
    }
  } else if (h.kind == 'i' && h.size == 1) {
    Convert<int8_t>(p, n, out);
  } else if (h.kind == 'i' && h.size == 2) {
    Convert<int16_t>(p, n, out);
  } else if (h.kind == 'i' && h.size == 4) {
    Convert<int32_t>(p, n, out);
  } else if (h.kind == 'i' && h.size == 8) {
    Convert<int64_t>(p, n, out);
  } else if (h.size == 1) {  // 'u' or 'b'
    Convert<uint8_t>(p, n, out);
  } else if (h.size == 2) {
    Convert<uint16_t>(p, n, out);
  } else if (h.size == 4) {
    Convert<uint32_t>(p, n, out);
  } else {
    Convert<uint64_t>(p, n, out);
  }
}

}  // namespace npy_detail

ErrorOr<NpyArray> ParseNpy(const std::string& bytes, const std::string& name) {
  ErrorOr<npy_detail::Header> h = npy_detail::ParseHeader(bytes, name);
  if (!h.ok()) return h.error();
  if (h.value().needed > 0) return Error(name + ": error: not a valid .npy file: truncated header");
  const npy_detail::Header& hd = h.value();
  if (bytes.size() < hd.data_offset + static_cast<size_t>(hd.elements) * hd.size) {
    return Error(name + ": error: not a valid .npy file: truncated data");
  }
  NpyArray a;
  a.shape = hd.shape;
  a.data.resize(static_cast<size_t>(hd.elements));
  npy_detail::ConvertElements(hd, bytes.data() + hd.data_offset, hd.elements, a.data.data());
  return a;
}

ErrorOr<NpyArray> ReadNpy(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return Error(path + ": error: cannot open the file");
  // One buffer of the file's size (a stringstream would hold it twice more).
  const std::streamoff size = in.tellg();
  std::string bytes(static_cast<size_t>(std::max<std::streamoff>(size, 0)), '\0');
  in.seekg(0);
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!in) return Error(path + ": error: cannot read the file");
  return ParseNpy(bytes, path);
}

ErrorOr<NpyRowReader> NpyRowReader::Open(const std::string& path) {
  NpyRowReader r;
  r.path_ = path;
  r.in_ = std::make_unique<std::ifstream>(path, std::ios::binary | std::ios::ate);
  if (!*r.in_) return Error(path + ": error: cannot open the file");
  const std::streamoff size = r.in_->tellg();
  r.in_->seekg(0);
  std::string head(
      static_cast<size_t>(std::min<std::streamoff>(std::max<std::streamoff>(size, 0), 12)), '\0');
  r.in_->read(head.data(), static_cast<std::streamsize>(head.size()));
  ErrorOr<npy_detail::Header> h = npy_detail::ParseHeader(head, path);
  if (h.ok() && h.value().needed > 0 && static_cast<std::streamoff>(h.value().needed) <= size) {
    head.resize(h.value().needed);
    r.in_->seekg(0);
    r.in_->read(head.data(), static_cast<std::streamsize>(head.size()));
    h = npy_detail::ParseHeader(head, path);
  }
  if (!h.ok()) return h.error();
  if (h.value().needed > 0) return Error(path + ": error: not a valid .npy file: truncated header");
  r.header_ = h.value();
  if (static_cast<size_t>(size) <
      r.header_.data_offset + static_cast<size_t>(r.header_.elements) * r.header_.size) {
    return Error(path + ": error: not a valid .npy file: truncated data");
  }
  r.row_elements_ = 1;
  for (size_t i = 1; i < r.header_.shape.size(); ++i) r.row_elements_ *= r.header_.shape[i];
  r.in_->seekg(static_cast<std::streamoff>(r.header_.data_offset));
  return r;
}

ErrorOr<NpyRowReader> NpyRowReader::OpenDat(const std::string& path,
                                            const std::vector<int64_t>& sample_shape) {
  NpyRowReader r;
  r.path_ = path;
  r.dat_ = true;
  r.in_ = std::make_unique<std::ifstream>(path);
  if (!*r.in_) return Error(path + ": error: cannot open the file");
  int64_t samples = 0;
  std::string line;
  while (std::getline(*r.in_, line)) {
    samples += line.find_first_not_of(" \t\r\f\v") != std::string::npos;
  }
  if (samples == 0) return Error(path + ": error: no samples in the file");
  r.row_elements_ = 1;
  for (int64_t d : sample_shape) r.row_elements_ *= d;
  r.header_.shape = {samples};
  r.header_.shape.insert(r.header_.shape.end(), sample_shape.begin(), sample_shape.end());
  r.in_->clear();
  r.in_->seekg(0);
  return r;
}

int64_t NpyRowReader::rows() const { return header_.shape.empty() ? 0 : header_.shape[0]; }

ErrorOr<bool> NpyRowReader::Read(int64_t count, std::vector<float>* out) {
  count = std::min(count, rows() - next_row_);
  if (dat_) {
    // One sample per non-blank line, each a number (strtof) and exactly row_elements_ of them.
    out->clear();
    std::string line;
    int64_t got = 0;
    while (got < count && std::getline(*in_, line)) {
      ++line_no_;
      std::istringstream ls(line);
      std::string word;
      int64_t values = 0;
      while (ls >> word) {
        char* end = nullptr;
        float v = std::strtof(word.c_str(), &end);
        if (end == word.c_str() || *end != '\0') {
          return Error(path_ + ":" + std::to_string(line_no_) + ": error: '" + word +
                       "' is not a number");
        }
        out->push_back(v);
        ++values;
      }
      if (values == 0) continue;  // blank line
      if (values != row_elements_) {
        return Error(path_ + ":" + std::to_string(line_no_) + ": error: " + std::to_string(values) +
                     " values; the model input takes " + std::to_string(row_elements_) +
                     " per sample (one sample per line)");
      }
      ++got;
    }
    if (got != count) return Error(path_ + ": error: reading failed");
    next_row_ += count;
    return true;
  }
  const int64_t n = count * row_elements_;
  buffer_.resize(static_cast<size_t>(n * header_.size));
  in_->read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  if (!*in_) return Error(path_ + ": error: reading failed");
  out->resize(static_cast<size_t>(n));
  npy_detail::ConvertElements(header_, buffer_.data(), n, out->data());
  next_row_ += count;
  return true;
}

namespace {
std::string NpyHeaderBytes(const std::vector<int64_t>& dims, const char* descr) {
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
  auto len = static_cast<uint16_t>(header.size());
  std::string out("\x93NUMPY\x01\x00", 8);
  out += static_cast<char>(len & 0xff);
  out += static_cast<char>(len >> 8);
  return out + header;
}
}  // namespace

ErrorOr<NpyRowWriter> NpyRowWriter::Open(const std::string& path, const std::vector<int64_t>& shape,
                                         bool float32) {
  NpyRowWriter w;
  w.path_ = path;
  w.float32_ = float32;
  w.remaining_ = 1;
  for (int64_t d : shape) w.remaining_ *= d;
  w.out_ = std::make_unique<std::ofstream>(path, std::ios::binary);
  if (!*w.out_) return Error(path + ": error: cannot write the file");
  std::string head = NpyHeaderBytes(shape, float32 ? "<f4" : "<f8");
  w.out_->write(head.data(), static_cast<std::streamsize>(head.size()));
  if (!*w.out_) return Error(path + ": error: writing failed");
  return w;
}

ErrorOr<bool> NpyRowWriter::Append(const double* values, int64_t n) {
  if (n > remaining_) return Error(path_ + ": error: internal: more values than the shape holds");
  if (float32_) {
    std::vector<float> f(values, values + n);
    out_->write(reinterpret_cast<const char*>(f.data()), static_cast<std::streamsize>(n * 4));
  } else {
    out_->write(reinterpret_cast<const char*>(values), static_cast<std::streamsize>(n * 8));
  }
  remaining_ -= n;
  if (!*out_) return Error(path_ + ": error: writing failed");
  return true;
}

ErrorOr<bool> NpyRowWriter::Append(const float* values, int64_t n) {
  if (n > remaining_) return Error(path_ + ": error: internal: more values than the shape holds");
  if (float32_) {
    out_->write(reinterpret_cast<const char*>(values), static_cast<std::streamsize>(n * 4));
  } else {
    std::vector<double> d(values, values + n);
    out_->write(reinterpret_cast<const char*>(d.data()), static_cast<std::streamsize>(n * 8));
  }
  remaining_ -= n;
  if (!*out_) return Error(path_ + ": error: writing failed");
  return true;
}

ErrorOr<bool> NpyRowWriter::Close() {
  if (remaining_ != 0) return Error(path_ + ": error: internal: fewer values than the shape holds");
  out_->close();
  if (!*out_) return Error(path_ + ": error: writing failed");
  return true;
}

namespace {

ErrorOr<bool> WriteNpyBytes(const std::string& path, const std::vector<int64_t>& dims,
                            const char* descr, const char* bytes, size_t size) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return Error(path + ": error: cannot write the file");
  std::string head = NpyHeaderBytes(dims, descr);
  out.write(head.data(), static_cast<std::streamsize>(head.size()));
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
  // The row reader's parsing and messages, all rows at once.
  ErrorOr<NpyRowReader> r = NpyRowReader::OpenDat(path, {values_per_sample});
  if (!r.ok()) return r.error();
  NpyArray a;
  a.shape = r.value().shape();
  if (ErrorOr<bool> read = r.value().Read(r.value().rows(), &a.data); !read.ok()) {
    return read.error();
  }
  return a;
}

}  // namespace loom
