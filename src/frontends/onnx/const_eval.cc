// Evaluates ONNX ops on constants at import: elementwise math with numpy broadcasting,
// comparisons and logic, Where, Expand, Tile, NonZero and the reductions.
#include "frontends/onnx/const_eval.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <set>

namespace loom::frontends::onnx_const {
namespace {

using Shape = std::vector<int64_t>;

int64_t Count(const Shape& s) {
  int64_t n = 1;
  for (int64_t d : s) n *= d;
  return n;
}

std::string ShapeText(const Shape& s) {
  std::string t = "[";
  for (size_t i = 0; i < s.size(); ++i) t += (i ? "," : "") + std::to_string(s[i]);
  return t + "]";
}

// Rounds a computed value to what an ONNX runtime stores for `type`.
double Store(double v, int32_t type) {
  if (type == kFloat) return static_cast<double>(static_cast<float>(v));
  if (type == kBool) return v != 0.0 ? 1.0 : 0.0;
  if (IsIntegerType(type)) return std::isfinite(v) ? std::trunc(v) : 0.0;
  return v;
}

// numpy's multidirectional broadcast of several shapes.
ErrorOr<Shape> BroadcastAll(const std::vector<Shape>& shapes) {
  size_t rank = 0;
  for (const Shape& s : shapes) rank = std::max(rank, s.size());
  Shape out(rank, 1);
  for (const Shape& s : shapes) {
    for (size_t i = 0; i < s.size(); ++i) {
      int64_t& o = out[rank - s.size() + i];
      int64_t d = s[i];
      if (d == o || d == 1) continue;
      if (o != 1) {
        std::string all;
        for (const Shape& t : shapes) all += (all.empty() ? "" : " and ") + ShapeText(t);
        return Error("shapes " + all + " do not broadcast");
      }
      o = d;
    }
  }
  return out;
}

// For each output element of `out`, the flat index into an input of shape `in` broadcast to it.
std::vector<int64_t> BroadcastIndex(const Shape& in, const Shape& out) {
  const size_t rank = out.size();
  std::vector<int64_t> stride(rank, 0);
  int64_t s = 1;
  for (size_t k = 0; k < in.size(); ++k) {
    size_t i = in.size() - 1 - k;
    size_t o = rank - 1 - k;
    stride[o] = in[i] == 1 ? 0 : s;
    s *= in[i];
  }
  const int64_t total = Count(out);
  std::vector<int64_t> index(total);
  std::vector<int64_t> pos(rank, 0);
  int64_t offset = 0;
  for (int64_t e = 0; e < total; ++e) {
    index[e] = offset;
    for (size_t d = rank; d-- > 0;) {
      offset += stride[d];
      if (++pos[d] < out[d]) break;
      offset -= stride[d] * out[d];
      pos[d] = 0;
    }
  }
  return index;
}

using ElementFn = std::function<double(const std::vector<double>&)>;

// Applies `fn` elementwise over broadcast inputs.
ErrorOr<Array> Map(const std::vector<const Array*>& in, int32_t out_type, int64_t max_elements,
                   const ElementFn& fn) {
  std::vector<Shape> shapes;
  for (const Array* a : in) shapes.push_back(a->shape);
  auto shape = BroadcastAll(shapes);
  if (!shape.ok()) return shape.error();
  const int64_t total = Count(shape.value());
  if (total > max_elements)
    return Error("the result " + ShapeText(shape.value()) + " is too large");
  std::vector<std::vector<int64_t>> index;
  for (const Array* a : in) index.push_back(BroadcastIndex(a->shape, shape.value()));
  Array out{shape.value(), std::vector<double>(total), out_type};
  std::vector<double> args(in.size());
  for (int64_t e = 0; e < total; ++e) {
    for (size_t k = 0; k < in.size(); ++k) args[k] = in[k]->data[index[k][e]];
    out.data[e] = Store(fn(args), out_type);
  }
  return out;
}

double RoundHalfEven(double v) { return std::nearbyint(v); }  // default FE_TONEAREST

// Unary ops: result type is the input's.
const std::map<std::string, std::function<double(double)>, std::less<>>& UnaryOps() {
  static const auto* ops = new std::map<std::string, std::function<double(double)>, std::less<>>{
      {"Sqrt", [](double x) { return std::sqrt(x); }},
      {"Reciprocal", [](double x) { return 1.0 / x; }},
      {"Exp", [](double x) { return std::exp(x); }},
      {"Log", [](double x) { return std::log(x); }},
      {"Neg", [](double x) { return -x; }},
      {"Abs", [](double x) { return std::fabs(x); }},
      {"Floor", [](double x) { return std::floor(x); }},
      {"Ceil", [](double x) { return std::ceil(x); }},
      {"Round", RoundHalfEven},
      {"Sign", [](double x) { return x > 0   ? 1.0
                                     : x < 0 ? -1.0
                                             : 0.0; }},
      {"Erf", [](double x) { return std::erf(x); }},
      {"Sin", [](double x) { return std::sin(x); }},
      {"Cos", [](double x) { return std::cos(x); }},
      {"Tan", [](double x) { return std::tan(x); }},
      {"Asin", [](double x) { return std::asin(x); }},
      {"Acos", [](double x) { return std::acos(x); }},
      {"Atan", [](double x) { return std::atan(x); }},
      {"Sinh", [](double x) { return std::sinh(x); }},
      {"Cosh", [](double x) { return std::cosh(x); }},
  };
  return *ops;
}

const std::set<std::string, std::less<>>& ComparisonOps() {
  static const auto* ops = new std::set<std::string, std::less<>>{
      "Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "And", "Or", "Xor"};
  return *ops;
}

const std::set<std::string, std::less<>>& ArithmeticOps() {
  static const auto* ops =
      new std::set<std::string, std::less<>>{"Add", "Sub", "Mul", "Div", "Pow", "Mod"};
  return *ops;
}

const std::set<std::string, std::less<>>& VariadicOps() {
  static const auto* ops = new std::set<std::string, std::less<>>{"Min", "Max", "Sum", "Mean"};
  return *ops;
}

const std::set<std::string, std::less<>>& ReduceOps() {
  static const auto* ops = new std::set<std::string, std::less<>>{
      "ReduceProd", "ReduceSum",       "ReduceMin", "ReduceMax",
      "ReduceMean", "ReduceSumSquare", "ReduceL1",  "ReduceL2"};
  return *ops;
}

const std::set<std::string, std::less<>>& OtherOps() {
  static const auto* ops = new std::set<std::string, std::less<>>{
      "Where", "Expand", "Tile", "Not", "IsNaN", "IsInf", "NonZero", "CastLike"};
  return *ops;
}

ErrorOr<double> Binary(std::string_view op, double a, double b, bool integer, int64_t fmod) {
  if (op == "Add") return a + b;
  if (op == "Sub") return a - b;
  if (op == "Mul") return a * b;
  if (op == "Div") {
    if (integer) {
      if (b == 0) return Error("integer division by zero");
      return std::trunc(a / b);
    }
    return a / b;
  }
  if (op == "Pow") return std::pow(a, b);
  if (op == "Mod") {
    if (integer && b == 0) return Error("integer modulo by zero");
    if (fmod != 0 || !integer) return std::fmod(a, b);
    double r = std::fmod(a, b);
    return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;  // the divisor's sign, as Python's %
  }
  if (op == "Equal") return a == b;
  if (op == "Less") return a < b;
  if (op == "Greater") return a > b;
  if (op == "LessOrEqual") return a <= b;
  if (op == "GreaterOrEqual") return a >= b;
  if (op == "And") return (a != 0) && (b != 0);
  if (op == "Or") return (a != 0) || (b != 0);
  if (op == "Xor") return (a != 0) != (b != 0);
  return Error("internal: not a binary op");
}

// Normalised reduction axes (sorted, unique); empty means "all axes".
ErrorOr<std::vector<int64_t>> ReduceAxes(std::string_view op, int64_t opset, const Attrs& attrs,
                                         const std::vector<const Array*>& in, int64_t rank,
                                         bool* noop) {
  std::vector<int64_t> axes;
  bool axes_input = opset >= 18 || (op == "ReduceSum" && opset >= 13);
  if (axes_input) {
    if (in.size() > 1 && in[1]) {
      for (double d : in[1]->data) axes.push_back(static_cast<int64_t>(d));
    }
  } else {
    axes = attrs.get_ints("axes");
  }
  *noop = axes.empty() && attrs.get_int("noop_with_empty_axes", 0) != 0;
  for (int64_t& a : axes) {
    if (a < 0) a += rank;
    if (a < 0 || a >= rank)
      return Error("reduction axis out of range for rank " + std::to_string(rank));
  }
  std::sort(axes.begin(), axes.end());
  axes.erase(std::unique(axes.begin(), axes.end()), axes.end());
  return axes;
}

ErrorOr<Array> Reduce(std::string_view op, int64_t opset, const Attrs& attrs,
                      const std::vector<const Array*>& in) {
  const Array& x = *in[0];
  const int64_t rank = static_cast<int64_t>(x.shape.size());
  bool noop = false;
  auto axes_or = ReduceAxes(op, opset, attrs, in, rank, &noop);
  if (!axes_or.ok()) return axes_or.error();
  if (noop) return x;
  std::vector<int64_t> axes = axes_or.value();
  if (axes.empty()) {
    axes.resize(rank);
    std::iota(axes.begin(), axes.end(), 0);
  }
  const bool keep = attrs.get_int("keepdims", 1) != 0;
  std::vector<bool> reduced(rank, false);
  for (int64_t a : axes) reduced[a] = true;
  Shape kept_shape;  // with reduced axes as 1
  Shape out_shape;
  for (int64_t d = 0; d < rank; ++d) {
    kept_shape.push_back(reduced[d] ? 1 : x.shape[d]);
    if (!reduced[d] || keep) out_shape.push_back(reduced[d] ? 1 : x.shape[d]);
  }
  const int64_t n_out = Count(kept_shape);
  const int64_t group = n_out == 0 ? 0 : x.shape.empty() ? 1 : Count(x.shape) / n_out;
  double init = 0.0;
  if (op == "ReduceProd") init = 1.0;
  if (op == "ReduceMin") init = std::numeric_limits<double>::infinity();
  if (op == "ReduceMax") init = -std::numeric_limits<double>::infinity();
  std::vector<double> acc(n_out, init);
  // Each input element's output slot: its index with the reduced axes set to 0.
  std::vector<int64_t> pos(rank, 0);
  for (int64_t e = 0; e < static_cast<int64_t>(x.data.size()); ++e) {
    int64_t o = 0;
    for (int64_t d = 0; d < rank; ++d) o = o * kept_shape[d] + (reduced[d] ? 0 : pos[d]);
    double v = x.data[e];
    double& a = acc[o];
    if (op == "ReduceProd")
      a *= v;
    else if (op == "ReduceMin")
      a = std::min(a, v);
    else if (op == "ReduceMax")
      a = std::max(a, v);
    else if (op == "ReduceSumSquare" || op == "ReduceL2")
      a += v * v;
    else if (op == "ReduceL1")
      a += std::fabs(v);
    else
      a += v;
    for (int64_t d = rank; d-- > 0;) {
      if (++pos[d] < x.shape[d]) break;
      pos[d] = 0;
    }
  }
  for (double& a : acc) {
    if (op == "ReduceMean") a /= static_cast<double>(group);
    if (op == "ReduceL2") a = std::sqrt(a);
    a = Store(a, x.elem_type);
  }
  return Array{out_shape, std::move(acc), x.elem_type};
}

std::vector<int64_t> Ints(const Array& a) {
  std::vector<int64_t> v;
  for (double d : a.data) v.push_back(static_cast<int64_t>(d));
  return v;
}

}  // namespace

bool IsIntegerType(int32_t t) {
  return t == kUint8 || t == kInt8 || t == kUint16 || t == kInt16 || t == kInt32 || t == kInt64 ||
         t == kUint32 || t == kUint64 || t == kBool;
}

bool Evaluates(std::string_view op) {
  return UnaryOps().count(op) || ComparisonOps().count(op) || ArithmeticOps().count(op) ||
         VariadicOps().count(op) || ReduceOps().count(op) || OtherOps().count(op);
}

ErrorOr<std::vector<Array>> Evaluate(std::string_view op, int64_t opset, const Attrs& attrs,
                                     const std::vector<const Array*>& inputs,
                                     int64_t max_elements) {
  std::vector<const Array*> in;  // present inputs, in order (trailing omitted ones dropped)
  for (const Array* a : inputs) in.push_back(a);
  while (!in.empty() && !in.back()) in.pop_back();
  auto need = [&](size_t n) -> std::optional<Error> {
    if (in.size() < n || std::any_of(in.begin(), in.begin() + n, [](auto* a) { return !a; })) {
      return Error("needs " + std::to_string(n) + " input(s)");
    }
    return std::nullopt;
  };
  auto one = [](ErrorOr<Array> a) -> ErrorOr<std::vector<Array>> {
    if (!a.ok()) return a.error();
    return std::vector<Array>{std::move(a).value()};
  };
  if (auto it = UnaryOps().find(op); it != UnaryOps().end()) {
    if (auto e = need(1)) return *e;
    const auto& fn = it->second;
    return one(Map({in[0]}, in[0]->elem_type, max_elements,
                   [&](const std::vector<double>& v) { return fn(v[0]); }));
  }
  if (ArithmeticOps().count(op) || ComparisonOps().count(op)) {
    if (auto e = need(2)) return *e;
    const bool compare = ComparisonOps().count(op) != 0;
    const int32_t type = compare ? int32_t{kBool} : in[0]->elem_type;
    const bool integer = IsIntegerType(in[0]->elem_type) && IsIntegerType(in[1]->elem_type);
    const int64_t fmod = attrs.get_int("fmod", 0);
    std::optional<Error> failure;
    auto out = Map({in[0], in[1]}, type, max_elements, [&](const std::vector<double>& v) {
      auto r = Binary(op, v[0], v[1], integer, fmod);
      if (!r.ok()) {
        failure = r.error();
        return 0.0;
      }
      return r.value();
    });
    if (failure) return *failure;
    return one(std::move(out));
  }
  if (VariadicOps().count(op)) {
    if (auto e = need(1)) return *e;
    const bool integer = IsIntegerType(in[0]->elem_type);
    return one(Map(in, in[0]->elem_type, max_elements, [&](const std::vector<double>& v) {
      double r = v[0];
      for (size_t k = 1; k < v.size(); ++k) {
        if (op == "Min") r = std::min(r, v[k]);
        if (op == "Max") r = std::max(r, v[k]);
        if (op == "Sum" || op == "Mean") r += v[k];
      }
      if (op == "Mean") r = integer ? std::trunc(r / v.size()) : r / v.size();
      return r;
    }));
  }
  if (ReduceOps().count(op)) {
    if (auto e = need(1)) return *e;
    return one(Reduce(op, opset, attrs, in));
  }
  if (op == "Not" || op == "IsNaN" || op == "IsInf") {
    if (auto e = need(1)) return *e;
    const bool pos = attrs.get_int("detect_positive", 1) != 0;
    const bool neg = attrs.get_int("detect_negative", 1) != 0;
    return one(Map({in[0]}, kBool, max_elements, [&](const std::vector<double>& v) {
      if (op == "Not") return v[0] == 0 ? 1.0 : 0.0;
      if (op == "IsNaN") return std::isnan(v[0]) ? 1.0 : 0.0;
      return (std::isinf(v[0]) && ((v[0] > 0 && pos) || (v[0] < 0 && neg))) ? 1.0 : 0.0;
    }));
  }
  if (op == "Where") {
    if (auto e = need(3)) return *e;
    return one(Map({in[0], in[1], in[2]}, in[1]->elem_type, max_elements,
                   [](const std::vector<double>& v) { return v[0] != 0 ? v[1] : v[2]; }));
  }
  if (op == "CastLike") {
    if (auto e = need(2)) return *e;
    Array out = *in[0];
    out.elem_type = in[1]->elem_type;
    for (double& v : out.data) v = Store(v, out.elem_type);
    return std::vector<Array>{std::move(out)};
  }
  if (op == "Expand") {
    if (auto e = need(2)) return *e;
    std::vector<int64_t> target = Ints(*in[1]);
    for (int64_t d : target) {
      if (d < 0) return Error("Expand: negative dimension in " + ShapeText(target));
    }
    auto shape = BroadcastAll({in[0]->shape, target});
    if (!shape.ok()) return shape.error();
    if (Count(shape.value()) > max_elements) {
      return Error("the result " + ShapeText(shape.value()) + " is too large");
    }
    std::vector<int64_t> index = BroadcastIndex(in[0]->shape, shape.value());
    Array out{shape.value(), std::vector<double>(index.size()), in[0]->elem_type};
    for (size_t e = 0; e < index.size(); ++e) out.data[e] = in[0]->data[index[e]];
    return std::vector<Array>{std::move(out)};
  }
  if (op == "Tile") {
    if (auto e = need(2)) return *e;
    const Array& x = *in[0];
    std::vector<int64_t> reps = Ints(*in[1]);
    if (reps.size() != x.shape.size()) {
      return Error("Tile: " + std::to_string(reps.size()) + " repeats for a rank-" +
                   std::to_string(x.shape.size()) + " input");
    }
    Shape out_shape;
    double total = 1;
    for (size_t d = 0; d < reps.size(); ++d) {
      if (reps[d] < 0) return Error("Tile: negative repeat");
      out_shape.push_back(x.shape[d] * reps[d]);
      total *= static_cast<double>(out_shape.back());
    }
    if (total > static_cast<double>(max_elements)) return Error("the result is too large");
    Array out{out_shape, std::vector<double>(Count(out_shape)), x.elem_type};
    std::vector<int64_t> pos(out_shape.size(), 0);
    for (size_t e = 0; e < out.data.size(); ++e) {
      int64_t src = 0;
      for (size_t d = 0; d < pos.size(); ++d) src = src * x.shape[d] + pos[d] % x.shape[d];
      out.data[e] = x.data[src];
      for (size_t d = pos.size(); d-- > 0;) {
        if (++pos[d] < out_shape[d]) break;
        pos[d] = 0;
      }
    }
    return std::vector<Array>{std::move(out)};
  }
  if (op == "NonZero") {
    if (auto e = need(1)) return *e;
    const Array& x = *in[0];
    const int64_t rank = static_cast<int64_t>(std::max<size_t>(x.shape.size(), 1));
    std::vector<std::vector<double>> coords(rank);
    std::vector<int64_t> pos(x.shape.size(), 0);
    for (size_t e = 0; e < x.data.size(); ++e) {
      if (x.data[e] != 0) {
        if (x.shape.empty()) coords[0].push_back(0);
        for (size_t d = 0; d < pos.size(); ++d) coords[d].push_back(static_cast<double>(pos[d]));
      }
      for (size_t d = pos.size(); d-- > 0;) {
        if (++pos[d] < x.shape[d]) break;
        pos[d] = 0;
      }
    }
    const int64_t nnz = static_cast<int64_t>(coords[0].size());
    Array out{{rank, nnz}, {}, kInt64};
    for (const auto& c : coords) out.data.insert(out.data.end(), c.begin(), c.end());
    return std::vector<Array>{std::move(out)};
  }
  return Error("no constant evaluation for '" + std::string(op) + "'");
}

}  // namespace loom::frontends::onnx_const
