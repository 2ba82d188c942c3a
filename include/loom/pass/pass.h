// Passes over the IR, their registry, and the pass manager that runs pipelines of them.
#ifndef LOOM_PASS_PASS_H_
#define LOOM_PASS_PASS_H_

#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "loom/ir/graph.h"
#include "loom/support/error.h"

namespace loom::pass {

// Options and results shared by the passes of one pipeline run.
struct PassContext {
  bool verify_each = true;        // run ir::Verify after every pass (an internal error if it fails)
  bool print_after_each = false;  // print the IR after every pass to `log`
  std::ostream* log = nullptr;
  // Filled by the pass manager: pass name and wall time in milliseconds, in run order.
  std::vector<std::pair<std::string, double>> timings;
};

// One transformation. Run returns whether it changed the graph; a pass must not change what the
// graph computes (beyond float re-association, which each pass documents).
class Pass {
 public:
  virtual ~Pass() = default;
  virtual std::string_view name() const = 0;  // also the CLI spelling: "fuse-batchnorm"
  virtual ErrorOr<bool> Run(ir::Graph& graph, PassContext& ctx) = 0;
};

using PassFactory = std::function<std::unique_ptr<Pass>()>;

// Known passes by name. Registration is explicit (RegisterAllPasses), never static.
class PassRegistry {
 public:
  void Register(const std::string& name, PassFactory factory);
  // An error lists the known names when `name` is not one of them.
  ErrorOr<std::unique_ptr<Pass>> Create(const std::string& name) const;
  std::vector<std::string> names() const;

 private:
  std::map<std::string, PassFactory> factories_;
};

// Registers every pass in src/passes.
void RegisterAllPasses(PassRegistry& registry);

// The pipeline that makes an imported graph canonical (shared by the driver and the tests).
const std::vector<std::string>& CanonicalizePipeline();

// Runs one pass as the pass manager does: its wall time into ctx.timings (under its name), then,
// when it succeeded, ir::Verify (an internal error if the graph is invalid) when ctx.verify_each
// and the IR to ctx.log when ctx.print_after_each. Returns the pass's own result and error.
ErrorOr<bool> RunPass(ir::Graph& graph, Pass& pass, PassContext& ctx);

// Runs the named passes in order (each as RunPass does). Stops at the first error, which names
// the pass.
ErrorOr<bool> RunPipeline(ir::Graph& graph, const std::vector<std::string>& passes,
                          const PassRegistry& registry, PassContext& ctx);

}  // namespace loom::pass

#endif  // LOOM_PASS_PASS_H_
