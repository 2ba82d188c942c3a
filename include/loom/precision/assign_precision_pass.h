// The precision-assignment pass: AssignPrecision run by the pass manager, so that it is timed and
// verified like the other passes, with its decisions kept for the caller.
#ifndef LOOM_PRECISION_ASSIGN_PRECISION_PASS_H_
#define LOOM_PRECISION_ASSIGN_PRECISION_PASS_H_

#include <string_view>
#include <vector>

#include "loom/ir/graph.h"
#include "loom/pass/pass.h"
#include "loom/precision/precision.h"
#include "loom/support/error.h"

namespace loom::precision {

// "assign-precision": gives every value a fixed-point type and every node its own types
// (AssignPrecision with the options it was made with). It runs after the canonicalising passes and
// before the emulator or a backend, which need every type set. Unlike those passes it decides the
// numerics: the types it sets are what the emulator and the backends compute in. Every problem is
// reported in one error.
class AssignPrecisionPass : public pass::Pass {
 public:
  // `options`' config and ranges must outlive Run.
  explicit AssignPrecisionPass(const PrecisionOptions& options) : options_(options) {}

  std::string_view name() const override { return "assign-precision"; }
  // Returns true (every type is (re)assigned); on an error the graph's types are incomplete.
  ErrorOr<bool> Run(ir::Graph& graph, pass::PassContext& ctx) override;

  // The decisions of the last successful Run, in graph order (empty before one).
  const std::vector<PrecisionChoice>& choices() const { return choices_; }

 private:
  PrecisionOptions options_;
  std::vector<PrecisionChoice> choices_;
};

}  // namespace loom::precision

#endif  // LOOM_PRECISION_ASSIGN_PRECISION_PASS_H_
