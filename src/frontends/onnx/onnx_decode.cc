// Constants as the ONNX importer reads them: TensorProto decoding and small conversions.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "frontends/onnx/importer.h"
#include "loom/support/half.h"

namespace loom::frontends::onnx_import {

int64_t ToInt(double d) {
  if (d >= 9.2e18) return std::numeric_limits<int64_t>::max();
  if (d <= -9.2e18) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(d);
}

std::string ShapeText(const Shape& s) { return ir::ShapeToString(s); }

// Whether a shape's element count is positive-or-zero and at most kMaxElements (no overflow).
bool SizeOk(const Shape& s) {
  int64_t n = 1;
  for (int64_t d : s) {
    if (d < 0 || d > kMaxElements) return false;
    n *= d;
    if (n > kMaxElements) return false;
  }
  return true;
}

std::string TypeName(int32_t t) {
  return pb::TensorProto_DataType_IsValid(t)
             ? pb::TensorProto_DataType_Name(static_cast<pb::TensorProto_DataType>(t))
             : "type " + std::to_string(t);
}

// Decodes a TensorProto's values as doubles (integers exactly up to 2^53).
ErrorOr<Const> DecodeTensor(const pb::TensorProto& t) {
  Const c;
  c.elem_type = t.data_type();
  for (int64_t d : t.dims()) {
    if (d < 0) return Error("tensor '" + t.name() + "' has a negative dimension");
    c.shape.push_back(d);
  }
  if (!SizeOk(c.shape)) return Error("tensor '" + t.name() + "' is too large");
  int64_t n = ir::NumElements(c.shape);
  if (t.data_location() == pb::TensorProto::EXTERNAL) {
    return Error("tensor '" + t.name() +
                 "' keeps its data in an external file, which loom does not read; save the model "
                 "with the data inside (onnx.save(model, path, save_as_external_data=False))");
  }
  const std::string& raw = t.raw_data();
  auto take_raw = [&](auto sample) -> bool {
    using T = decltype(sample);
    if (raw.size() != static_cast<size_t>(n) * sizeof(T)) return false;
    c.data.resize(n);
    for (int64_t i = 0; i < n; ++i) {
      T v;
      std::memcpy(&v, raw.data() + i * sizeof(T), sizeof(T));
      c.data[i] = static_cast<double>(v);
    }
    return true;
  };
  bool ok = true;
  const int32_t type = t.data_type();
  if (!raw.empty()) {
    switch (type) {
      case pb::TensorProto::FLOAT:
        ok = take_raw(float{});
        break;
      case pb::TensorProto::DOUBLE:
        ok = take_raw(double{});
        break;
      case pb::TensorProto::INT64:
        ok = take_raw(int64_t{});
        break;
      case pb::TensorProto::INT32:
        ok = take_raw(int32_t{});
        break;
      case pb::TensorProto::INT16:
        ok = take_raw(int16_t{});
        break;
      case pb::TensorProto::INT8:
        ok = take_raw(int8_t{});
        break;
      case pb::TensorProto::UINT8:
        ok = take_raw(uint8_t{});
        break;
      case pb::TensorProto::UINT16:
        ok = take_raw(uint16_t{});
        break;
      case pb::TensorProto::UINT32:
        ok = take_raw(uint32_t{});
        break;
      case pb::TensorProto::UINT64:
        ok = take_raw(uint64_t{});
        break;
      case pb::TensorProto::BOOL:
        ok = take_raw(uint8_t{});
        break;
      case pb::TensorProto::FLOAT16:
        ok = take_raw(uint16_t{});
        for (double& v : c.data) v = HalfToDouble(static_cast<uint16_t>(v));
        break;
      default:
        return Error("tensor '" + t.name() + "' has element type " + TypeName(type) +
                     ", which loom does not read");
    }
  } else {
    switch (type) {
      case pb::TensorProto::FLOAT:
        c.data.assign(t.float_data().begin(), t.float_data().end());
        break;
      case pb::TensorProto::DOUBLE:
        c.data.assign(t.double_data().begin(), t.double_data().end());
        break;
      case pb::TensorProto::INT64:
        c.data.assign(t.int64_data().begin(), t.int64_data().end());
        break;
      case pb::TensorProto::INT32:
      case pb::TensorProto::INT16:
      case pb::TensorProto::INT8:
      case pb::TensorProto::UINT8:
      case pb::TensorProto::UINT16:
      case pb::TensorProto::BOOL:
        c.data.assign(t.int32_data().begin(), t.int32_data().end());
        break;
      case pb::TensorProto::FLOAT16:
        for (int32_t v : t.int32_data()) c.data.push_back(HalfToDouble(static_cast<uint16_t>(v)));
        break;
      case pb::TensorProto::UINT32:
      case pb::TensorProto::UINT64:
        c.data.assign(t.uint64_data().begin(), t.uint64_data().end());
        break;
      default:
        return Error("tensor '" + t.name() + "' has element type " + TypeName(type) +
                     ", which loom does not read");
    }
    ok = c.size() == n;
  }
  if (!ok) {
    return Error("tensor '" + t.name() + "' holds the wrong amount of data for shape " +
                 ShapeText(c.shape) + " (" + TypeName(type) + ")");
  }
  for (double v : c.data) {
    if (std::isnan(v)) return Error("tensor '" + t.name() + "' contains NaN");
  }
  return c;
}

Tensor ToTensor(const Const& c, Shape shape) {
  Tensor t(std::move(shape), std::vector<float>(c.data.begin(), c.data.end()));
  return t;
}

bool IsQonnxDomain(const std::string& d) {
  return d == "qonnx.custom_op.general" || d == "finn.custom_op.general" || d == "onnx.brevitas" ||
         d == "finn" || d == "qonnx";
}

}  // namespace loom::frontends::onnx_import
