// Shape rules the ONNX importer's handlers share: broadcasting, windows, checked values.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "frontends/onnx/importer.h"

namespace loom::frontends::onnx_import {

Shape Broadcast(const Shape& a, const Shape& b) {
  size_t n = std::max(a.size(), b.size());
  Shape out(n);
  for (size_t i = 0; i < n; ++i) {
    int64_t da = i < n - a.size() ? 1 : a[i - (n - a.size())];
    int64_t db = i < n - b.size() ? 1 : b[i - (n - b.size())];
    if (da != db && da != 1 && db != 1) {
      Fail("shapes " + ShapeText(a) + " and " + ShapeText(b) + " do not broadcast");
    }
    out[i] = da == 1 ? db : da;
  }
  return out;
}

// Rejects attribute values (kernel sizes, strides, pads, ...) too large for any real model, so
// that shape arithmetic cannot overflow.
const std::vector<int64_t>& Small(const std::vector<int64_t>& v, const char* what) {
  for (int64_t x : v) {
    if (x > (int64_t{1} << 24) || x < -(int64_t{1} << 24)) {
      Fail(std::string(what) + " value " + std::to_string(x) + " is out of range");
    }
  }
  return v;
}

// Output sizes and explicit pads of a conv/pool window, from ONNX's auto_pad rules.
Window SpatialWindow(Importer& im, const Shape& spatial, const std::vector<int64_t>& kernel,
                     const std::vector<int64_t>& strides, const std::vector<int64_t>& dilations,
                     bool ceil_mode) {
  size_t n = spatial.size();
  std::string auto_pad = im.AttrString("auto_pad", "NOTSET");
  std::vector<int64_t> pads = im.AttrInts("pads", std::vector<int64_t>(2 * n, 0));
  if (pads.size() != 2 * n) Fail("'pads' must have " + std::to_string(2 * n) + " values");
  if (kernel.size() != n || strides.size() != n || dilations.size() != n) {
    Fail("kernel, strides and dilations must have " + std::to_string(n) + " values");
  }
  Small(pads, "pads");
  Small(kernel, "kernel_shape");
  Small(strides, "strides");
  Small(dilations, "dilations");
  Window w;
  w.out.resize(n);
  w.pads = pads;
  for (size_t i = 0; i < n; ++i) {
    int64_t dk = (kernel[i] - 1) * dilations[i] + 1;
    if (strides[i] <= 0 || kernel[i] <= 0 || dilations[i] <= 0) {
      Fail("kernel, strides and dilations must be positive");
    }
    if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
      int64_t out = (spatial[i] + strides[i] - 1) / strides[i];
      int64_t total = std::max<int64_t>(0, (out - 1) * strides[i] + dk - spatial[i]);
      int64_t small = total / 2;
      w.pads[i] = auto_pad == "SAME_UPPER" ? small : total - small;
      w.pads[i + n] = total - w.pads[i];
      w.out[i] = out;
    } else if (auto_pad == "VALID") {
      w.pads[i] = w.pads[i + n] = 0;
      w.out[i] = (spatial[i] - dk) / strides[i] + 1;
    } else if (auto_pad == "NOTSET" || auto_pad.empty()) {
      int64_t span = spatial[i] + pads[i] + pads[i + n] - dk;
      if (span < 0) Fail("the kernel is larger than the padded input");
      int64_t out = ceil_mode ? (span + strides[i] - 1) / strides[i] + 1 : span / strides[i] + 1;
      // The last window must start inside the input or its begin padding.
      if (ceil_mode && (out - 1) * strides[i] >= spatial[i] + pads[i]) --out;
      w.out[i] = out;
    } else {
      Fail("unknown auto_pad '" + auto_pad + "'");
    }
    if (w.out[i] <= 0) Fail("the output would be empty");
  }
  return w;
}

std::vector<int64_t> Dims(const Const& c) {
  std::vector<int64_t> v;
  for (double d : c.data) v.push_back(ToInt(d));
  return v;
}

// The value of a constant operand that must be a scalar (its first value).
double First(const Const& c, const std::string& what) {
  if (c.data.empty()) Fail(what + " is empty");
  return c.data[0];
}

}  // namespace loom::frontends::onnx_import
