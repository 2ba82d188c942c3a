// Factories of the canonicalising passes (one per file in src/passes).
#ifndef LOOM_PASSES_PASSES_H_
#define LOOM_PASSES_PASSES_H_

#include <memory>

#include "loom/pass/pass.h"

namespace loom::passes {

std::unique_ptr<pass::Pass> CreateFoldConstantsPass();   // fold-constants
std::unique_ptr<pass::Pass> CreateRemoveIdentityPass();  // remove-identity
std::unique_ptr<pass::Pass> CreateFuseDenseBiasPass();   // fuse-dense-bias
std::unique_ptr<pass::Pass> CreateFuseBatchNormPass();   // fuse-batchnorm
std::unique_ptr<pass::Pass> CreateRemoveDeadPass();      // remove-dead
std::unique_ptr<pass::Pass> CreateChannelsLastPass();    // channels-last

}  // namespace loom::passes

#endif  // LOOM_PASSES_PASSES_H_
