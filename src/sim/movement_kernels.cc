// Emulator kernels for ops that only move values (reshape, transpose, concat, split, slice, pad,
// nearest resize, depth/space rearrangements): a gather map computed once per node.
//
// The map (GatherMapsOf, also used by the HLS backend) comes from the float reference engine run
// on element indices (exact in float up to 2^24 elements), so the reference, the emulator and the
// firmware share one definition of each op's indexing.
#include <algorithm>
#include <cmath>

#include "loom/fixed/fixed_value.h"
#include "loom/ref/float_engine.h"
#include "sim/kernel.h"

namespace loom::sim {
namespace {

using Gather = GatherMap;

class MovementKernel : public Kernel {
 public:
  MovementKernel(std::vector<Gather> gathers, std::vector<int64_t> in_numel,
                 std::vector<std::vector<fixed::CastPlan>> plans, std::vector<bool> identity,
                 std::vector<int64_t> pad_raw)
      : gathers_(std::move(gathers)),
        in_numel_(std::move(in_numel)),
        plans_(std::move(plans)),
        identity_(std::move(identity)),
        pad_raw_(std::move(pad_raw)) {
    for (const Gather& g : gathers_) {
      bool in_order = !in_numel_.empty() && in_numel_[0] == static_cast<int64_t>(g.input.size());
      for (size_t k = 0; k < g.input.size() && in_order; ++k) {
        in_order = g.input[k] == 0 && g.element[k] == static_cast<int64_t>(k);
      }
      in_order_.push_back(in_order);
    }
  }

  void Run(const int64_t* const* in, int64_t* const* out, int64_t n,
           Counters& counters) const override {
    int64_t overflows = 0;
    for (size_t o = 0; o < gathers_.size(); ++o) {
      const Gather& g = gathers_[o];
      const auto numel = static_cast<int64_t>(g.input.size());
      if (identity_[o] && in_order_[o]) {
        // Every element of input 0 in order (a reshape or flatten): one copy of the batch.
        std::copy_n(in[0], n * numel, out[o]);
        counters.values += n * numel;
        continue;
      }
      for (int64_t s = 0; s < n; ++s) {
        int64_t* dst = out[o] + s * numel;
        if (identity_[o]) {
          for (int64_t k = 0; k < numel; ++k) {
            int32_t i = g.input[k];
            dst[k] = i < 0 ? pad_raw_[o] : in[i][s * in_numel_[i] + g.element[k]];
          }
        } else {
          for (int64_t k = 0; k < numel; ++k) {
            int32_t i = g.input[k];
            if (i < 0) {
              dst[k] = pad_raw_[o];
              continue;
            }
            fixed::CastFlags flags;
            dst[k] = plans_[o][i].Apply(in[i][s * in_numel_[i] + g.element[k]], &flags);
            overflows += flags.overflow || flags.underflow;
          }
        }
      }
      counters.values += n * numel;
    }
    counters.result_overflow += overflows;
  }

  bool CopiesInput() const override { return gathers_.size() == 1 && identity_[0] && in_order_[0]; }

 private:
  std::vector<Gather> gathers_;
  std::vector<int64_t> in_numel_;
  std::vector<std::vector<fixed::CastPlan>> plans_;  // [output][input]
  std::vector<bool> identity_;
  std::vector<bool> in_order_;    // per output: input 0's elements in order, nothing else
  std::vector<int64_t> pad_raw_;  // per output, raw of the pad constant in the output type
};

ErrorOr<std::unique_ptr<Kernel>> MakeMovementKernel(const KernelContext& ctx) {
  const ir::Node& node = ctx.node;
  std::vector<int64_t> in_numel;
  for (const ir::Value* v : node.inputs) in_numel.push_back(ir::NumElements(v->shape));
  auto maps = GatherMapsOf(node);
  if (!maps.ok()) return maps.error();
  std::vector<Gather> gathers;
  std::vector<std::vector<fixed::CastPlan>> plans;
  std::vector<bool> identity;
  std::vector<int64_t> pad_raw;
  for (size_t o = 0; o < maps.value().size(); ++o) {
    gathers.push_back(std::move(maps.value()[o]));
    const FixedType& to = ctx.outputs[o];
    std::vector<fixed::CastPlan> p;
    bool same = true;
    for (const FixedType& from : ctx.inputs) {
      p.emplace_back(from, to);
      same &= from == to || (from.width == to.width && from.int_bits == to.int_bits &&
                             from.is_signed == to.is_signed);
    }
    plans.push_back(std::move(p));
    identity.push_back(same);
    fixed::CastFlags flags;
    pad_raw.push_back(fixed::FromDouble(node.attrs.GetFloat("value", 0.0), to, &flags));
  }
  return std::unique_ptr<Kernel>(new MovementKernel(std::move(gathers), std::move(in_numel),
                                                    std::move(plans), std::move(identity),
                                                    std::move(pad_raw)));
}

}  // namespace

const Family kMovementFamily = {MakeMovementKernel};

}  // namespace loom::sim
