// The HLS project writer: names, typedefs, top function, testbench, scripts; layers come from the
// per-family emitters.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "backends/hls/emit.h"
#include "backends/hls/project.h"
#include "loom/backends/hls.h"
#include "loom/fixed/fixed_value.h"
#include "loom/support/output_dir.h"
#include "plan/plan.h"

namespace loom::hls {

namespace fs = std::filesystem;

Error LayerError(const ir::Node& node, const std::string& what) {
  return Error(node.Describe() + ": error: " + what);
}

namespace {
std::string DoubleText(__int128 raw, int64_t frac_bits) {
  double v = std::ldexp(static_cast<double>(raw), -static_cast<int>(frac_bits));
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.17g", v);
  return buf;
}
}  // namespace

ErrorOr<std::string> FixedLiteral(int64_t raw, const fixed::FixedType& type,
                                  const std::string& type_name) {
  // The value's raw integer (a 64-bit unsigned type's raws are stored as their bit pattern).
  const __int128 value = !type.is_signed && type.width == 64
                             ? static_cast<__int128>(static_cast<uint64_t>(raw))
                             : static_cast<__int128>(raw);
  const __int128 mag = value < 0 ? -value : value;
  int bits = 0;  // significant bits: from the highest set bit down to the lowest
  while (bits < 127 && (mag >> bits) != 0) ++bits;
  int zeros = 0;
  while (zeros < bits && ((mag >> zeros) & 1) == 0) ++zeros;
  if (bits - zeros <= 53) return DoubleText(value, type.frac_bits());
  if (type_name.empty()) {
    return Error("the value with raw bits " + std::to_string(raw) + " of " + type.ToString() +
                 " has more than 53 significant bits, which cannot be written as one literal");
  }
  // More than 53 significant bits: hi (the raw with its low k bits cleared, k = bits - 53; floor,
  // so it stays within the type) plus lo (the k low bits, >= 0). Each is an exact double and a
  // value of the type, and their exact ap_fixed sum converts back without loss.
  const int k = bits - 53;
  const __int128 hi = value - (value & ((__int128{1} << k) - 1));
  const __int128 lo = value - hi;
  return type_name + "(" + DoubleText(hi, type.frac_bits()) + ") + " + type_name + "(" +
         DoubleText(lo, type.frac_bits()) + ")";
}

std::string ArrayDefinition(const std::string& type, const std::string& name,
                            const std::vector<std::string>& values) {
  std::string out = "static const " + type + " " + name + "[" +
                    std::to_string(std::max<size_t>(values.size(), 1)) + "] = {";
  if (values.empty()) {
    out += "0};\n";
    return out;
  }
  std::string line = "   ";
  out += "\n";
  for (size_t i = 0; i < values.size(); ++i) {
    std::string item = " " + values[i] + (i + 1 < values.size() ? "," : "");
    if (line.size() + item.size() > 100) {
      out += line + "\n";
      line = "   ";
    }
    line += item;
  }
  out += line + "\n};\n";
  return out;
}

namespace {
// Arrays of at least this many values are written twice: as literals of their type for synthesis
// (the tools build ROMs from the initializer) and, for C-simulation, as raw integers converted
// once at start-up. g++ builds a large ap_fixed/ap_uint initializer list element by element: the
// 248,050 weights of a 1M-parameter MLP took it over 24 GB; the integers take it about a second.
constexpr size_t kCsimRawArrayMin = 4096;

// `literal` (the array `name` of `type`) for synthesis; for C-simulation the same values from
// raw integers, value = raw * 2^-frac_bits (exact: callers pass values of at most 53 bits).
std::string CsimRawArray(const std::string& literal, const std::string& type,
                         const std::string& name, const std::vector<int64_t>& raws,
                         int64_t frac_bits) {
  std::vector<std::string> ints;
  ints.reserve(raws.size());
  for (int64_t r : raws) ints.push_back(std::to_string(r) + "LL");
  const std::string n = std::to_string(raws.size());
  const std::string value = frac_bits == 0 ? name + "_raw[i]"
                                           : "std::ldexp(static_cast<double>(" + name +
                                                 "_raw[i]), " + std::to_string(-frac_bits) + ")";
  return "#ifdef __SYNTHESIS__\n" + literal +
         "#else\n#include <cmath>\n// C-simulation: the raw integers of the values above, "
         "converted once at start-up\n// (a large ap_fixed initializer list costs g++ "
         "gigabytes).\n" +
         ArrayDefinition("long long", name + "_raw", ints) + "static const " + type + "* const " +
         name + " = [] {\n  static " + type + " values[" + n + "];\n  for (int i = 0; i < " + n +
         "; ++i) values[i] = " + value + ";\n  return static_cast<const " + type +
         "*>(values);\n}();\n#endif\n";
}

bool IsBuiltinInt(const std::string& type) {
  return type == "int" || type == "unsigned" || type == "long long" || type == "short";
}
}  // namespace

std::string IntArray(const std::string& type, const std::string& name,
                     const std::vector<int64_t>& values) {
  std::vector<std::string> text;
  text.reserve(values.size());
  for (int64_t v : values) text.push_back(std::to_string(v));
  std::string literal = ArrayDefinition(type, name, text);
  if (values.size() < kCsimRawArrayMin || IsBuiltinInt(type)) return literal;
  return CsimRawArray(literal, type, name, values, 0);
}

ErrorOr<std::string> FixedArray(const std::string& type_name, const fixed::FixedType& type,
                                const std::string& name, const std::vector<int64_t>& raws) {
  std::vector<std::string> text;
  text.reserve(raws.size());
  for (int64_t r : raws) {
    auto lit = FixedLiteral(r, type, type_name);
    if (!lit.ok()) return lit.error();
    text.push_back(lit.value());
  }
  std::string literal = ArrayDefinition(type_name, name, text);
  // Every raw of a type of at most 53 bits is an exact double: raw * 2^-F converts exactly.
  if (raws.size() < kCsimRawArrayMin || type.width > 53 || type_name.empty()) return literal;
  return CsimRawArray(literal, type_name, name, raws, type.frac_bits());
}

namespace {

const std::set<std::string>& Reserved() {
  static const std::set<std::string> words = {
      "alignas", "alignof", "and",      "asm",      "auto",     "bool",      "break",   "case",
      "catch",   "char",    "class",    "const",    "continue", "default",   "delete",  "do",
      "double",  "else",    "enum",     "explicit", "export",   "extern",    "false",   "float",
      "for",     "friend",  "goto",     "if",       "inline",   "int",       "long",    "namespace",
      "new",     "not",     "operator", "or",       "private",  "protected", "public",  "register",
      "return",  "short",   "signed",   "sizeof",   "static",   "struct",    "switch",  "template",
      "this",    "throw",   "true",     "try",      "typedef",  "typename",  "union",   "unsigned",
      "using",   "virtual", "void",     "volatile", "while",    "main",      "loom_hls"};
  return words;
}

// The member types of the configuration structs, without their "_t" (checked after emission).
constexpr const char* kConfigMemberTypes[] = {
    "a",     "accum",  "alpha",  "b",         "bias",  "diff",   "exp_table", "gate",   "index",
    "input", "input1", "input2", "inv_table", "num",   "param",  "raw",       "result", "scale",
    "shift", "slope",  "sum",    "table",     "value", "weight", "wide",      "word"};

}  // namespace

std::string Namer::Get(const std::string& name) {
  std::string id;
  for (char c : name) {
    id += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_';
  }
  // Collapse runs of underscores and trim them.
  std::string out;
  for (char c : id) {
    if (c == '_' && (out.empty() || out.back() == '_')) continue;
    out += c;
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (out.empty()) out = "layer";
  if (std::isdigit(static_cast<unsigned char>(out[0])) || Reserved().count(out)) out = "l_" + out;
  std::string unique = out;
  for (int k = 2; used_.count(unique); ++k) unique = out + "_" + std::to_string(k);
  used_.insert(unique);
  return unique;
}

ErrorOr<LayerCode> EmitFor(const EmitContext& ctx) {
  switch (ir::FamilyOf(ctx.node)) {
    case ir::OpFamily::kSource:
      if (ctx.node.op == ir::OpKind::kConstant) return EmitConstant(ctx);
      break;
    case ir::OpFamily::kLinear:
      return EmitLinear(ctx);
    case ir::OpFamily::kElementwise:
      return EmitElementwise(ctx);
    case ir::OpFamily::kLut:
      return EmitLut(ctx);
    case ir::OpFamily::kPool:
      return EmitPool(ctx);
    case ir::OpFamily::kMovement:
      return EmitMovement(ctx);
    case ir::OpFamily::kQuant:
      return EmitQuant(ctx);
  }
  return LayerError(ctx.node, "the HLS backend has no kernel for op '" +
                                  std::string(ir::OpName(ctx.node.op)) + "'");
}

// Where a layer came from, without the model's directory (projects must not depend on where the
// model was read from): "node 'fc0' (Gemm) of jet_mlp.onnx".
std::string Origin(const ir::Node& node) {
  if (node.locations.empty()) return "node '" + node.name + "'";
  const ir::Location& l = node.locations.front();
  return "node '" + l.name + "' (" + l.op_type + ") of " + fs::path(l.file).filename().string();
}

// Whether `text` contains `id` as a whole C++ identifier.
bool MentionsIdentifier(const std::string& text, const std::string& id) {
  auto is_id = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (size_t at = text.find(id); at != std::string::npos; at = text.find(id, at + 1)) {
    const bool starts = at == 0 || !is_id(text[at - 1]);
    const bool ends = at + id.size() >= text.size() || !is_id(text[at + id.size()]);
    if (starts && ends) return true;
  }
  return false;
}

std::string Typedef(const fixed::FixedType& t, const std::string& name) {
  return "typedef " + t.ToApString() + " " + name + ";\n";
}

std::string FormatDouble(double v) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.17g", v);
  return buf;
}

namespace {

std::string TopSignature(const ir::Graph& graph, const Plan& plan) {
  std::string sig = "void " + plan.project + "(\n";
  std::vector<std::string> params;
  for (const ir::Value* v : graph.inputs()) {
    params.push_back("    const " + plan.type.at(v) + " " + plan.var.at(v) + "[" +
                     std::to_string(ir::NumElements(v->shape)) + "]");
  }
  for (size_t o = 0; o < graph.outputs().size(); ++o) {
    const ir::Value* v = graph.outputs()[o];
    params.push_back("    " + plan.type.at(v) + " result_" + std::to_string(o) + "[" +
                     std::to_string(ir::NumElements(v->shape)) + "]");
  }
  for (size_t i = 0; i < params.size(); ++i)
    sig += params[i] + (i + 1 < params.size() ? ",\n" : ")");
  return sig;
}

// The testbench (templates/testbench.cpp.in) with the graph's inputs, outputs and checks.
std::string Testbench(const ir::Graph& graph, const Plan& plan) {
  int64_t in_total = 0;
  for (const ir::Value* v : graph.inputs()) in_total += ir::NumElements(v->shape);
  int64_t out_total = 0;
  for (const ir::Value* v : graph.outputs()) out_total += ir::NumElements(v->shape);
  std::ostringstream inputs, outputs, compare;
  int64_t offset = 0;
  std::vector<std::string> args;
  for (const ir::Value* v : graph.inputs()) {
    int64_t n = ir::NumElements(v->shape);
    std::string name = plan.var.at(v);
    inputs << "    " << plan.type.at(v) << " " << name << "[" << n << "];\n"
           << "    for (int i = 0; i < " << n << "; ++i) " << name << "[i] = " << plan.type.at(v)
           << "(in[" << offset << " + i]);\n";
    offset += n;
    args.push_back(name);
  }
  for (size_t o = 0; o < graph.outputs().size(); ++o) {
    const ir::Value* v = graph.outputs()[o];
    outputs << "    " << plan.type.at(v) << " result_" << o << "[" << ir::NumElements(v->shape)
            << "];\n";
    args.push_back("result_" + std::to_string(o));
  }
  std::string call = plan.project + "(";
  for (size_t i = 0; i < args.size(); ++i) call += (i ? ", " : "") + args[i];
  call += ")";
  offset = 0;
  for (size_t o = 0; o < graph.outputs().size(); ++o) {
    int64_t n = ir::NumElements(graph.outputs()[o]->shape);
    compare << "    for (int i = 0; i < " << n << "; ++i) {\n"
            << "      double got = result_" << o << "[i].to_double();\n"
            << "      char buf[32];\n"
            << "      std::snprintf(buf, sizeof(buf), \"%.17g \", got);\n"
            << "      fout << buf;\n"
            << "      ++values;\n"
            << "      if (got != want[" << offset << " + i]) {\n"
            << "        if (mismatches < 10) {\n"
            << "          std::printf(\"csim: sample %ld output " << o
            << " element %d: got %.17g, expected %.17g\\n\", samples, i, got, want[" << offset
            << " + i]);\n"
            << "        }\n"
            << "        ++mismatches;\n"
            << "      }\n"
            << "    }\n";
    offset += n;
  }
  return RenderTemplate("testbench.cpp.in", {{"project", plan.project},
                                             {"in_total", std::to_string(in_total)},
                                             {"out_total", std::to_string(out_total)},
                                             {"inputs", inputs.str()},
                                             {"outputs", outputs.str()},
                                             {"call", call},
                                             {"compare", compare.str()},
                                             {"finish", ""}});
}

std::string BuildTcl(const std::string& project) {
  return RenderTemplate("build_prj.tcl.in", {{"project", project}});
}

// The project's settings (templates/project.tcl.in), read by build_prj.tcl.
std::string ProjectTcl(const std::string& project, const config::Config& config,
                       const std::optional<StreamReport>& stream) {
  // As hls4ml profiles (100,000 beats), or twice the largest tensor when that is more.
  int64_t profile_depth = 0;
  if (stream) {
    profile_depth = 100000;
    for (const FifoReport& f : stream->fifos) {
      profile_depth = std::max(profile_depth, 2 * f.worst);
    }
  }
  return RenderTemplate("project.tcl.in", {{"project", project},
                                           {"part", config.part},
                                           {"clock_period", FormatDouble(config.clock_period)},
                                           {"clock_uncertainty", config.clock_uncertainty},
                                           {"fifo_profile_depth", std::to_string(profile_depth)}});
}

// A JSON string literal (names are printable ASCII; quote and backslash escaped).
std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// loom_expected.json: what the lowering decided, for scripts/vendor_check.sh to set beside the
// vendor tool's C-synthesis report.
std::string ExpectedJson(const std::string& project, const config::Config& config,
                         const lower::Lowering& lowering,
                         const std::optional<StreamReport>& stream) {
  int64_t multipliers = 0, dividers = 0;
  for (const lower::LayerDecision& d : lowering.layers) {
    multipliers += d.multipliers;
    dividers += d.dividers;
  }
  std::ostringstream os;
  os << "{\n  \"project\": " << JsonString(project) << ",\n  \"part\": " << JsonString(config.part)
     << ",\n  \"clock_period_ns\": " << FormatDouble(config.clock_period) << ",\n  \"style\": \""
     << (lowering.style == lower::TopStyle::kDataflow ? "dataflow" : "pipeline")
     << "\",\n  \"interval\": " << lowering.interval << ",\n  \"multipliers\": " << multipliers
     << ",\n  \"dividers\": " << dividers << ",\n  \"layers\": [";
  bool first = true;
  for (const lower::LayerDecision& d : lowering.layers) {
    os << (first ? "\n" : ",\n") << "    {\"name\": " << JsonString(d.node->name)
       << ", \"op\": " << JsonString(std::string(ir::OpName(d.node->op))) << ", \"strategy\": \""
       << (d.strategy == config::Strategy::kResource ? "resource" : "latency")
       << "\", \"reuse_factor\": " << d.reuse_factor << ", \"interval\": " << d.interval
       << ", \"multipliers\": " << d.multipliers << ", \"dividers\": " << d.dividers << "}";
    first = false;
  }
  os << "\n  ]";
  if (stream) {
    // io_stream: every FIFO's beat width and depths (loom fifo-import compares a vendor
    // co-simulation's profile with these).
    os << ",\n  \"fifo_depths\": " << JsonString(stream->mode) << ",\n  \"fifos\": [";
    first = true;
    for (const FifoReport& f : stream->fifos) {
      os << (first ? "\n" : ",\n") << "    {\"name\": " << JsonString(f.name)
         << ", \"width_bits\": " << f.width_bits << ", \"worst\": " << f.worst
         << ", \"optimized\": " << f.optimized << ", \"depth\": " << f.depth << "}";
      first = false;
    }
    os << "\n  ]";
  }
  os << "\n}\n";
  return os.str();
}

// The project README (templates/README.md.in) with its multiplier and divider tables.
std::string ProjectReadme(const std::string& project, const ProjectReport& report,
                          const config::Config& config, const lower::Lowering& lowering) {
  std::vector<std::string> rows;
  for (const LayerReport& l : report.layers) {
    if (l.dense_multipliers == 0) continue;
    rows.push_back("| " + l.layer + " | " + std::string(ir::OpName(l.op)) + " | " +
                   std::to_string(l.multipliers) + " | " + std::to_string(l.dense_multipliers) +
                   " |");
  }
  std::string dividers;
  for (const LayerReport& l : report.layers) {
    if (l.dividers == 0) continue;
    if (dividers.empty()) {
      // The multiplier rows end without a newline (the template's last line break follows).
      dividers =
          std::string(rows.empty() ? "" : "\n") +
          "\nDividers per layer (a division by a computed value or by a constant that is not "
          "a power of two; one per output):\n\n| layer | op | dividers |\n|---|---|---|";
    }
    dividers += "\n| " + l.layer + " | " + std::string(ir::OpName(l.op)) + " | " +
                std::to_string(l.dividers) + " |";
  }
  std::string multipliers;
  for (size_t i = 0; i < rows.size(); ++i) multipliers += (i ? "\n" : "") + rows[i];
  const std::string style =
      lowering.style == lower::TopStyle::kDataflow
          ? "`#pragma HLS DATAFLOW`: each layer is its own process"
          : "`#pragma HLS PIPELINE II = " + std::to_string(lowering.pipeline_ii) +
                "`: the layers are inlined into one pipeline";
  return RenderTemplate("README.md.in", {{"project", project},
                                         {"style", style},
                                         {"style_reason", lowering.style_reason},
                                         {"part", config.part},
                                         {"clock_period", FormatDouble(config.clock_period)},
                                         {"clock_uncertainty", config.clock_uncertainty},
                                         {"multipliers", multipliers},
                                         {"dividers", dividers}});
}

// The io_parallel project: one function per layer on arrays, called by the top function.
ErrorOr<TopProject> BuildParallelProject(const ir::Graph& graph, const lower::Lowering& lowering,
                                         Namer& names, Plan& plan) {
  std::vector<std::string> problems;
  const bool dataflow = lowering.style == lower::TopStyle::kDataflow;
  // DATAFLOW wants one producer and one consumer per channel: a value with several readers (layers
  // or the top's outputs) gets a clone process writing one copy per reader.
  std::map<const ir::Value*, std::vector<const void*>> readers;
  for (const auto& node : graph.nodes()) {
    for (const ir::Value* v : node->inputs) {
      auto& r = readers[v];
      if (std::find(r.begin(), r.end(), node.get()) == r.end()) r.push_back(node.get());
    }
  }
  for (const ir::Value* v : graph.outputs()) readers[v].push_back(v);
  std::map<std::pair<const ir::Value*, const void*>, std::string> copy_of;
  std::string locals;
  auto local_array = [&locals](const std::string& type, const std::string& var, int64_t n) {
    locals += "  LOOM_LOCAL " + type + " " + var + "[" + std::to_string(n) + "];\n" +
              "#pragma HLS ARRAY_PARTITION variable = " + var + " complete\n";
  };
  auto add_clones = [&](const ir::Value* v) {
    const auto& r = readers[v];
    if (!dataflow || r.size() < 2) return;
    const int64_t n = ir::NumElements(v->shape);
    const std::string fn = names.Get("clone_" + plan.var.at(v));
    std::string params = "const " + plan.type.at(v) + " x[" + std::to_string(n) + "]";
    std::string body, args = plan.var.at(v);
    for (size_t c = 0; c < r.size(); ++c) {
      const std::string copy = names.Get(plan.var.at(v) + "_c" + std::to_string(c));
      copy_of[{v, r[c]}] = copy;
      local_array(plan.type.at(v), copy, n);
      params += ", " + plan.type.at(v) + " y" + std::to_string(c) + "[" + std::to_string(n) + "]";
      body += "    y" + std::to_string(c) + "[i] = x[i];\n";
      args += ", " + copy;
    }
    plan.functions += "// One copy of " + plan.var.at(v) +
                      " per reader (a dataflow channel has one).\n" + "static void " + fn + "(" +
                      params + ") {\n#pragma HLS INLINE off\n" +
                      "#pragma HLS PIPELINE\n  for (int i = 0; i < " + std::to_string(n) +
                      "; ++i) {\n#pragma HLS UNROLL\n" + body + "  }\n}\n\n";
    plan.body += "  " + fn + "(" + args + ");\n";
  };
  auto read_name = [&](const ir::Value* v, const void* reader) {
    auto it = copy_of.find({v, reader});
    return it == copy_of.end() ? plan.var.at(v) : it->second;
  };
  for (const ir::Value* v : graph.inputs()) add_clones(v);
  for (const auto& node : graph.nodes()) {
    if (node->op == ir::OpKind::kInput) continue;
    const lower::LayerDecision& decision = lowering.Of(*node);
    EmitContext ctx{*node,    names.Get(node->name),
                    {},       {},
                    {},       {},
                    {},       {},
                    decision, node->attrs.GetInt("table_size", 1024)};
    // The layer's function: each distinct array once (a value read twice is one parameter).
    std::vector<std::string> params, args;
    for (const ir::Value* v : node->inputs) {
      const std::string name = read_name(v, node.get());
      ctx.inputs.push_back(name);
      ctx.input_types.push_back(plan.type.at(v));
      ctx.input_fixed.push_back(v->type.fixed);
      if (std::find(args.begin(), args.end(), name) != args.end()) continue;
      args.push_back(name);
      params.push_back("const " + plan.type.at(v) + " " + name + "[" +
                       std::to_string(ir::NumElements(v->shape)) + "]");
    }
    for (const ir::Value* v : node->outputs) {
      ctx.outputs.push_back(plan.var.at(v));
      ctx.output_types.push_back(plan.type.at(v));
      ctx.output_fixed.push_back(v->type.fixed);
      local_array(plan.type.at(v), plan.var.at(v), ir::NumElements(v->shape));
      args.push_back(plan.var.at(v));
      params.push_back(plan.type.at(v) + " " + plan.var.at(v) + "[" +
                       std::to_string(ir::NumElements(v->shape)) + "]");
    }
    auto code = EmitFor(ctx);
    if (!code.ok()) {
      problems.push_back(code.error().message());
      continue;
    }
    LayerCode& c = code.value();
    for (const std::string& h : c.headers) plan.headers.insert(h);
    plan.configs += c.config;
    if (!c.weights.empty()) {
      plan.weight_files["weights/" + ctx.id + ".h"] = "// Constants of layer " + ctx.id + " (" +
                                                      Origin(*node) + "), written by loom.\n" +
                                                      c.weights;
    }
    // An input the layer's code does not read (a divisor folded into a constant) is no parameter.
    for (size_t i = 0; i < args.size();) {
      const bool input = params[i].rfind("const ", 0) == 0;
      if (input && !MentionsIdentifier(c.call, args[i])) {
        args.erase(args.begin() + static_cast<std::ptrdiff_t>(i));
        params.erase(params.begin() + static_cast<std::ptrdiff_t>(i));
      } else {
        ++i;
      }
    }
    const std::string fn = names.Get(ctx.id + "_layer");
    std::string sig;
    for (size_t i = 0; i < params.size(); ++i) sig += (i ? ", " : "") + params[i];
    std::string pragmas;
    if (!dataflow) {
      pragmas = "#pragma HLS INLINE\n";
    } else if ((decision.strategy == config::Strategy::kResource &&
                !decision.multiplier_limit.empty()) ||
               decision.interval > decision.reuse_factor) {
      // The kernel pipelines its own loop (a reuse loop, or a convolution's position steps).
      pragmas = "#pragma HLS INLINE off\n";
    } else {
      pragmas = "#pragma HLS INLINE off\n#pragma HLS PIPELINE II = " +
                std::to_string(decision.multiplier_limit.empty() ? 1 : decision.reuse_factor) +
                "\n";
    }
    plan.functions += "// Layer " + ctx.id + ": " + std::string(ir::OpName(node->op)) + ", " +
                      Origin(*node) + ".\nstatic void " + fn + "(" + sig + ") {\n" + pragmas +
                      c.call + "}\n\n";
    std::string call_args;
    for (size_t i = 0; i < args.size(); ++i) call_args += (i ? ", " : "") + args[i];
    plan.body += "  " + fn + "(" + call_args + ");\n";
    for (const ir::Value* v : node->outputs) add_clones(v);
    plan.layers.push_back({node->name, node->op, decision.multipliers, decision.dense_multipliers,
                           decision.dividers});
  }
  if (!problems.empty()) {
    std::string m;
    for (const auto& p : problems) m += (m.empty() ? "" : "\n") + p;
    return Error(m);
  }
  const std::string& p = plan.project;
  TopProject top;
  top.signature = TopSignature(graph, plan);
  top.testbench = Testbench(graph, plan);
  {
    std::ostringstream os;
    os << "// Top function of " << p << ", written by loom (io_parallel).\n"
       << "#include \"" << p << ".h\"\n\n"
       << "// Layer outputs are static in C-simulation, so that large models do not overflow the\n"
       << "// stack (every element is written before it is read); in synthesis they are wires.\n"
       << "#ifdef __SYNTHESIS__\n#define LOOM_LOCAL\n#else\n#define LOOM_LOCAL static\n#endif\n\n";
    for (const auto& [name, text] : plan.weight_files) os << "#include \"" << name << "\"\n";
    // The outputs' writers: processes of their own under DATAFLOW.
    std::vector<std::string> output_fn;
    for (size_t o = 0; o < graph.outputs().size(); ++o) {
      const ir::Value* v = graph.outputs()[o];
      const std::string n = std::to_string(ir::NumElements(v->shape));
      output_fn.push_back(names.Get("write_result_" + std::to_string(o)));
      plan.functions +=
          "static void " + output_fn.back() + "(const " + plan.type.at(v) + " x[" + n + "], " +
          plan.type.at(v) + " y[" + n + "]) {\n" +
          (dataflow ? "#pragma HLS INLINE off\n#pragma HLS PIPELINE\n" : "#pragma HLS INLINE\n") +
          "  for (int i = 0; i < " + n + "; ++i) {\n#pragma HLS UNROLL\n" +
          "    y[i] = x[i];\n  }\n}\n\n";
    }
    os << "\n" << plan.functions << TopSignature(graph, plan) << " {\n";
    for (const ir::Value* v : graph.inputs()) {
      os << "#pragma HLS ARRAY_PARTITION variable = " << plan.var.at(v) << " complete\n";
    }
    for (size_t o = 0; o < graph.outputs().size(); ++o) {
      os << "#pragma HLS ARRAY_PARTITION variable = result_" << o << " complete\n";
    }
    // Every element a port with a valid signal (hls4ml's io_parallel interface).
    std::vector<std::string> ports;
    for (const ir::Value* v : graph.inputs()) ports.push_back(plan.var.at(v));
    for (size_t o = 0; o < graph.outputs().size(); ++o)
      ports.push_back("result_" + std::to_string(o));
    std::string joined;
    for (const std::string& port : ports) joined += (joined.empty() ? "" : ",") + port;
    os << "#pragma HLS INTERFACE ap_vld port = " << joined << "\n";
    // The style the lowering chose (lower::TopStyle): see the project README for why.
    if (lowering.style == lower::TopStyle::kDataflow) {
      os << "#pragma HLS DATAFLOW\n\n";
    } else {
      os << "#pragma HLS PIPELINE II = " << lowering.pipeline_ii << "\n\n";
    }
    os << locals << "\n" << plan.body;
    for (size_t o = 0; o < graph.outputs().size(); ++o) {
      os << "  " << output_fn[o] << "(" << read_name(graph.outputs()[o], graph.outputs()[o])
         << ", result_" << o << ");\n";
    }
    os << "}\n";
    top.top_cpp = os.str();
  }
  return top;
}

// The project README's io_stream section: the FIFOs and the timing model's figures.
std::string FifoSection(const StreamReport& s) {
  std::ostringstream os;
  int64_t worst = 0, optimized = 0;
  for (const FifoReport& f : s.fifos) {
    worst += f.bram18_worst;
    optimized += f.bram18_optimized;
  }
  os << "\n## FIFOs (io_stream)\n\nDepths written: **" << s.mode
     << "** (`loom convert --fifo-depths worst|optimized`). loom's timing model of the streaming "
        "kernels (docs/hls-backend.md, \"FIFO depths\"): one sample takes about "
     << s.latency << " cycles from its first input beat to its last output beat, and a new sample "
     << "can start every " << s.interval << " cycles. BRAM18: " << worst
     << " at the worst-case depths, " << optimized << " at the optimized ones.\n\n"
     << "Check the depths without the vendor tool: `loom csim . --threaded` runs every process as "
        "a thread over FIFOs bounded by these depths (tb_threaded/hls_stream.h) and reports a "
        "deadlock naming who waits for what; `--fifo-depth NAME=N` tries another depth. With "
        "Vitis HLS: `vitis_hls -f build_prj.tcl \"reset=1 csim=0 fifo_profile=1\"` co-simulates "
        "with dataflow profiling, then `loom fifo-import .` prints the profiled occupancies "
        "beside these depths (`--apply` writes them).\n\n"
     << "| FIFO | beat bits | worst depth | optimized depth | written | BRAM18 worst | BRAM18 "
        "optimized |\n|---|---|---|---|---|---|---|\n";
  for (const FifoReport& f : s.fifos) {
    os << "| " << f.name << " | " << f.width_bits << " | " << f.worst << " | " << f.optimized
       << " | " << f.depth << " | " << f.bram18_worst << " | " << f.bram18_optimized << " |\n";
  }
  return os.str();
}

}  // namespace

ErrorOr<ProjectReport> WriteProject(const ir::Graph& graph, const config::Config& config,
                                    const TestVectors& vectors, const WriteOptions& options) {
  Plan plan;
  plan.project = config.project_name;
  Namer names;
  names.Get(plan.project);
  // A value's type is named <id>_t at file scope; a configuration struct member of the same name
  // (`typedef <id>_t input_t;` with <id> = "input") would change its meaning inside the struct,
  // which C++ forbids. So no value takes the name of a member type.
  for (const char* member : kConfigMemberTypes) names.Reserve(member);
  std::vector<std::string> problems;
  // Names and types of every value.
  std::set<std::string> type_names;
  for (const auto& node : graph.nodes()) {
    for (const ir::Value* v : node->outputs) {
      if (!v->type.is_fixed) {
        problems.push_back(node->Describe() + ": error: output '" + v->name +
                           "' has no fixed-point type; assign precision first");
        continue;
      }
      std::string id = names.Get(node->op == ir::OpKind::kInput ? v->name : v->name + "_out");
      plan.var[v] = id;
      plan.type[v] = id + "_t";
      plan.typedefs += Typedef(v->type.fixed, id + "_t");
    }
  }
  if (!problems.empty()) {
    std::string m;
    for (const auto& p : problems) m += (m.empty() ? "" : "\n") + p;
    return Error(m);
  }
  if (options.fifo_depths != "worst" && options.fifo_depths != "optimized") {
    return Error("error: --fifo-depths takes worst or optimized, not '" + options.fifo_depths +
                 "'");
  }
  if (options.fifo_depths != "worst" && config.io_type != config::IOType::kStream) {
    return Error("error: --fifo-depths " + options.fifo_depths +
                 " sizes io_stream FIFOs; this configuration is io_parallel (set IOType: "
                 "io_stream, or drop the option)");
  }
  // Every decision (strategy, ReuseFactor, multiplier limits, cost) is made before printing.
  auto lowered = lower::Lower(graph, config);
  if (!lowered.ok()) return lowered.error();
  const lower::Lowering& lowering = lowered.value();
  auto built = config.io_type == config::IOType::kStream
                   ? BuildStreamProject(graph, lowering, names, plan, options.fifo_depths)
                   : BuildParallelProject(graph, lowering, names, plan);
  if (!built.ok()) return built.error();
  const TopProject& top = built.value();
  // Every member type the emitters wrote must be in kConfigMemberTypes (else a value could have
  // taken its name, and the project would not compile).
  {
    std::set<std::string> value_types;
    for (const auto& [v, name] : plan.type) value_types.insert(name);
    std::istringstream lines(plan.configs);
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind("  typedef ", 0) != 0 || line.back() != ';') continue;
      std::string member = line.substr(line.rfind(' ') + 1);
      member.pop_back();
      if (value_types.count(member)) {
        return Error("internal error: the configuration member type '" + member +
                     "' has the name of a value's type; add it to kConfigMemberTypes");
      }
    }
  }

  // Files.
  std::map<std::string, std::string> files;
  const std::string& p = plan.project;
  std::string guard = p;
  for (char& ch : guard) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  {
    std::ostringstream os;
    os << "// Types and layer configurations of " << p << ", written by loom.\n"
       << "#ifndef " << guard << "_PARAMETERS_H_\n#define " << guard << "_PARAMETERS_H_\n\n"
       << "#include \"ap_fixed.h\"\n#include \"ap_int.h\"\n";
    for (const std::string& h : plan.headers) os << "#include \"loom/" << h << "\"\n";
    os << "\n// One type per value.\n" << plan.typedefs << "\n" << plan.configs << "\n#endif\n";
    files["firmware/parameters.h"] = os.str();
  }
  {
    std::ostringstream os;
    os << "// Top function of " << p << ", written by loom.\n"
       << "#ifndef " << guard << "_H_\n#define " << guard << "_H_\n\n"
       << "#include \"parameters.h\"\n\n"
       << top.signature << ";\n\n#endif\n";
    files["firmware/" + p + ".h"] = os.str();
  }
  files["firmware/" + p + ".cpp"] = top.top_cpp;
  for (const auto& [name, text] : plan.weight_files) files["firmware/" + name] = text;
  for (const auto& [name, text] : KernelHeaders()) files["firmware/loom/" + name] = text;
  if (top.stream) {
    for (const auto& [name, text] : ThreadedHeaders()) files["tb_threaded/" + name] = text;
  }
  files[p + "_test.cpp"] = top.testbench;
  files["build_prj.tcl"] = BuildTcl(p);
  files["project.tcl"] = ProjectTcl(p, config, top.stream);
  files["loom_expected.json"] = ExpectedJson(p, config, lowering, top.stream);
  {
    std::ostringstream in_dat;
    std::ostringstream out_dat;
    for (int64_t s = 0; s < vectors.n; ++s) {
      bool first = true;
      for (size_t i = 0; i < vectors.inputs.size(); ++i) {
        int64_t n = ir::NumElements(graph.inputs()[i]->shape);
        for (int64_t e = 0; e < n; ++e) {
          in_dat << (first ? "" : " ") << FormatDouble(vectors.inputs[i][s * n + e]);
          first = false;
        }
      }
      in_dat << "\n";
      first = true;
      for (size_t o = 0; o < vectors.outputs.size(); ++o) {
        int64_t n = ir::NumElements(graph.outputs()[o]->shape);
        for (int64_t e = 0; e < n; ++e) {
          out_dat << (first ? "" : " ") << FormatDouble(vectors.outputs[o][s * n + e]);
          first = false;
        }
      }
      out_dat << "\n";
    }
    files["tb_data/tb_input_features.dat"] = in_dat.str();
    files["tb_data/tb_output_predictions.dat"] = out_dat.str();
  }
  ProjectReport report;
  report.dir = options.dir;
  report.project_name = p;
  report.layers = plan.layers;
  report.warnings = lowering.warnings;
  files["README.md"] = ProjectReadme(p, report, config, lowering);
  if (top.stream) {
    report.stream = top.stream;
    files["README.md"] += FifoSection(*top.stream);
  }
  for (const auto& [name, text] : files) report.files.push_back(name);
  report.files.push_back(kOutputMarker);
  std::sort(report.files.begin(), report.files.end());
  auto written = WriteOutputDir(options.dir, files, options.force);
  if (!written.ok()) return written.error();
  return report;
}

}  // namespace loom::hls
