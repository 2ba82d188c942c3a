// Explicit registration of every pass (called by the tools and the tests).
#include "loom/passes/passes.h"

namespace loom::pass {

void RegisterAllPasses(PassRegistry& registry) {
  registry.Register("fold-constants", passes::CreateFoldConstantsPass);
  registry.Register("remove-identity", passes::CreateRemoveIdentityPass);
  registry.Register("fuse-dense-bias", passes::CreateFuseDenseBiasPass);
  registry.Register("fuse-batchnorm", passes::CreateFuseBatchNormPass);
  registry.Register("remove-dead", passes::CreateRemoveDeadPass);
  registry.Register("channels-last", passes::CreateChannelsLastPass);
}

}  // namespace loom::pass
