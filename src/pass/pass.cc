// The pass registry and the pass manager.
#include "loom/pass/pass.h"

#include <chrono>

namespace loom::pass {

void PassRegistry::Register(const std::string& name, PassFactory factory) {
  LOOM_CHECK_MSG(!factories_.count(name), "pass registered twice: " + name);
  factories_[name] = std::move(factory);
}

ErrorOr<std::unique_ptr<Pass>> PassRegistry::Create(const std::string& name) const {
  auto it = factories_.find(name);
  if (it == factories_.end()) {
    std::string known;
    for (const auto& [n, f] : factories_) known += (known.empty() ? "" : ", ") + n;
    return Error("unknown pass '" + name + "'; known passes: " + known);
  }
  return it->second();
}

std::vector<std::string> PassRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& [n, f] : factories_) out.push_back(n);
  return out;
}

const std::vector<std::string>& CanonicalizePipeline() {
  static const std::vector<std::string> kPipeline = {
      "fold-constants", "remove-identity", "fuse-dense-bias", "fuse-batchnorm",
      "channels-last",  "remove-identity", "remove-dead"};
  return kPipeline;
}

ErrorOr<bool> RunPass(ir::Graph& graph, Pass& pass, PassContext& ctx) {
  const std::string name(pass.name());
  auto start = std::chrono::steady_clock::now();
  ErrorOr<bool> r = pass.Run(graph, ctx);
  double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  ctx.timings.emplace_back(name, ms);
  if (!r.ok()) return r.error();
  if (ctx.verify_each) {
    std::vector<std::string> problems = ir::Verify(graph);
    if (!problems.empty()) {
      std::string msg = "the graph is invalid after pass '" + name + "':";
      for (const std::string& p : problems) msg += "\n  " + p;
      LOOM_CHECK_MSG(false, msg);
    }
  }
  if (ctx.print_after_each && ctx.log) {
    *ctx.log << "// IR after " << name << (r.value() ? "" : " (unchanged)") << "\n"
             << ir::Print(graph);
  }
  return r;
}

ErrorOr<bool> RunPipeline(ir::Graph& graph, const std::vector<std::string>& passes,
                          const PassRegistry& registry, PassContext& ctx) {
  bool changed = false;
  for (const std::string& name : passes) {
    ErrorOr<std::unique_ptr<Pass>> pass = registry.Create(name);
    if (!pass.ok()) return pass.error();
    ErrorOr<bool> r = RunPass(graph, *pass.value(), ctx);
    if (!r.ok()) return Error("pass '" + name + "': " + r.error().message());
    changed = changed || r.value();
  }
  return changed;
}

}  // namespace loom::pass
