// channels-last: moves convolutional regions from ONNX's channels-first layout ([C, H, W]) to the
// channels-last layout FPGA kernels stream ([H, W, C]), as hls4ml does. Each op with a channel axis
// gets channels_last=1 between a transpose in and a transpose out; transposes that undo each other
// then cancel, unary elementwise ops let them through, and a channels-first flatten feeding a dense
// layer is absorbed by permuting the dense weight rows. What remains are explicit transposes at
// the region's edges (for example after the graph input), so the graph computes the same values.
// Preconditions: a transpose sinks through a unary elementwise op only when that op is its sole
// user; a flatten is absorbed only when every user is a dense layer owning a [flattened, units]
// weight and the flattened value is not a graph output. Every rewrite step matches all of its
// candidates before it adds or removes a node.
#include <algorithm>
#include <numeric>

#include "loom/passes/passes.h"

namespace loom::passes {
namespace {

using ir::Node;
using ir::OpKind;
using ir::Shape;
using ir::Value;

// Ops a transpose may move across (the op table's kSinksTranspose trait).
bool IsUnaryElementwise(OpKind op) { return (ir::Info(op).traits & ir::kSinksTranspose) != 0; }

std::vector<int64_t> ToLast(int64_t rank) {  // [C, s...] -> [s..., C]
  std::vector<int64_t> p;
  for (int64_t i = 1; i < rank; ++i) p.push_back(i);
  p.push_back(0);
  return p;
}

std::vector<int64_t> ToFirst(int64_t rank) {  // [s..., C] -> [C, s...]
  std::vector<int64_t> p{rank - 1};
  for (int64_t i = 0; i + 1 < rank; ++i) p.push_back(i);
  return p;
}

Shape Permute(const Shape& s, const std::vector<int64_t>& perm) {
  Shape out;
  for (int64_t p : perm) out.push_back(s[p]);
  return out;
}

Value* AddTranspose(ir::Graph& g, Value* x, const std::vector<int64_t>& perm,
                    const std::string& name, const Node& origin) {
  Node* t = g.AddNode(OpKind::kTranspose, name, {x});
  t->attrs.Set("perm", perm);
  t->outputs[0]->shape = Permute(x->shape, perm);
  t->locations = origin.locations;
  return t->outputs[0];
}

// Wraps every channels-first op with a channel axis: T(to last) -> op(channels_last) -> T(back).
bool Wrap(ir::Graph& g) {
  std::vector<Node*> ops;
  for (const auto& n : g.nodes()) {
    if (ir::HasChannelAxis(n->op) && n->attrs.GetInt("channels_last", 0) == 0 &&
        n->inputs.size() == 1 && n->inputs[0]->shape.size() >= 2) {
      ops.push_back(n.get());
    }
  }
  for (Node* n : ops) {
    int64_t r = static_cast<int64_t>(n->inputs[0]->shape.size());
    Value* in = AddTranspose(g, n->inputs[0], ToLast(r), n->name + "/to_last", *n);
    n->inputs[0] = in;
    n->attrs.Set("channels_last", int64_t{1});
    Value* out = n->outputs[0];
    Shape first = out->shape;
    out->shape = Permute(first, ToLast(r));
    Node* back = g.AddNode(OpKind::kTranspose, n->name + "/to_first", {});
    back->attrs.Set("perm", ToFirst(r));
    back->outputs[0]->shape = first;
    back->locations = n->locations;
    g.ReplaceAllUses(out, back->outputs[0]);
    back->inputs = {out};
  }
  return !ops.empty();
}

// T(p) followed by T(q) with q∘p = identity: the second one's users read the first one's input.
bool CancelPairs(ir::Graph& g) {
  bool changed = false;
  for (const auto& n : g.nodes()) {
    if (n->op != OpKind::kTranspose) continue;
    Node* prev = n->inputs[0]->producer;
    if (!prev || prev->op != OpKind::kTranspose) continue;
    std::vector<int64_t> p = prev->attrs.GetInts("perm");
    std::vector<int64_t> q = n->attrs.GetInts("perm");
    if (p.size() != q.size()) continue;
    bool identity = true;
    for (size_t i = 0; i < q.size(); ++i) identity = identity && p[q[i]] == static_cast<int64_t>(i);
    if (!identity) continue;
    g.ReplaceAllUses(n->outputs[0], prev->inputs[0]);
    changed = true;
  }
  return changed;
}

// T -> unary elementwise op (sole user) becomes op -> T, so transposes can meet and cancel.
// Whether `n` is a unary elementwise op whose input is a transpose with no other user.
bool CanSink(const ir::Graph& g, const Node& n) {
  if (!IsUnaryElementwise(n.op) || n.inputs.size() != 1 || n.outputs.size() != 1) return false;
  const Node* t = n.inputs[0]->producer;
  return t && t->op == OpKind::kTranspose && g.Users(t->outputs[0]).size() == 1;
}

bool SinkThroughElementwise(ir::Graph& g) {
  // Match first: adding the new transposes below reallocates the node list.
  std::vector<Node*> matched;
  for (const auto& n : g.nodes()) {
    if (CanSink(g, *n)) matched.push_back(n.get());
  }
  bool changed = false;
  for (Node* n : matched) {
    if (!CanSink(g, *n)) continue;  // an earlier rewrite in this round moved its transpose
    Node* t = n->inputs[0]->producer;
    std::vector<int64_t> perm = t->attrs.GetInts("perm");
    Value* x = t->inputs[0];
    Value* y = n->outputs[0];
    n->inputs[0] = x;
    Shape transposed = y->shape;
    y->shape = x->shape;
    Node* after = g.AddNode(OpKind::kTranspose, n->name + "/transpose", {});
    after->attrs.Set("perm", perm);
    after->outputs[0]->shape = transposed;
    after->locations = t->locations;
    g.ReplaceAllUses(y, after->outputs[0]);
    after->inputs = {y};
    changed = true;
  }
  return changed;
}

// T(to first) -> reshape to rank 1 -> dense: flatten the channels-last data directly and permute
// the dense weight rows to match.
bool AbsorbIntoDense(ir::Graph& g) {
  bool changed = false;
  for (const auto& n : g.nodes()) {
    if (n->op != OpKind::kReshape || n->outputs[0]->shape.size() != 1) continue;
    Node* t = n->inputs[0]->producer;
    if (!t || t->op != OpKind::kTranspose || g.Users(t->outputs[0]).size() != 1) continue;
    // Every user must be a dense layer owning a [flattened, units] weight, and the flattened
    // value must not be a graph output (its element order changes).
    std::vector<Node*> users = g.Users(n->outputs[0]);
    const int64_t flat = n->outputs[0]->shape[0];
    auto dense_user = [&](Node* u) {
      const ir::Tensor* w = u->param("weight");
      return u->op == OpKind::kDense && u->inputs[0] == n->outputs[0] && w &&
             w->shape.size() == 2 && w->shape[0] == flat;
    };
    const auto& outs = g.outputs();
    if (users.empty() || !std::all_of(users.begin(), users.end(), dense_user) ||
        std::find(outs.begin(), outs.end(), n->outputs[0]) != outs.end()) {
      continue;
    }
    // Row i of the weights read element i of the flattened transposed tensor; find which element
    // of the untransposed tensor that is.
    const Shape& in_shape = t->inputs[0]->shape;
    std::vector<int64_t> perm = t->attrs.GetInts("perm");
    Shape out_shape = t->outputs[0]->shape;
    int64_t total = ir::NumElements(in_shape);
    std::vector<int64_t> in_strides(in_shape.size(), 1);
    for (int64_t d = static_cast<int64_t>(in_shape.size()) - 2; d >= 0; --d) {
      in_strides[d] = in_strides[d + 1] * in_shape[d + 1];
    }
    std::vector<int64_t> source(total);  // flattened transposed index -> untransposed index
    std::vector<int64_t> idx(out_shape.size(), 0);
    for (int64_t i = 0; i < total; ++i) {
      int64_t src = 0;
      for (size_t d = 0; d < idx.size(); ++d) src += idx[d] * in_strides[perm[d]];
      source[i] = src;
      for (int64_t d = static_cast<int64_t>(idx.size()) - 1; d >= 0; --d) {
        if (++idx[d] < out_shape[d]) break;
        idx[d] = 0;
      }
    }
    for (Node* dense : users) {
      ir::Tensor& w = dense->params.at("weight");
      int64_t units = w.shape[1];
      std::vector<float> permuted(w.data.size());
      for (int64_t i = 0; i < total; ++i) {
        std::copy_n(w.data.begin() + i * units, units, permuted.begin() + source[i] * units);
      }
      w.data = std::move(permuted);
    }
    n->inputs[0] = t->inputs[0];
    changed = true;
  }
  return changed;
}

class ChannelsLastPass : public pass::Pass {
 public:
  std::string_view name() const override { return "channels-last"; }

  ErrorOr<bool> Run(ir::Graph& g, pass::PassContext&) override {
    bool changed = Wrap(g);
    if (!changed) return false;
    g.Sort();
    for (int round = 0; round < 64; ++round) {
      bool step = SinkThroughElementwise(g);
      g.Sort();
      step = CancelPairs(g) || step;
      g.RemoveDeadNodes();
      step = AbsorbIntoDense(g) || step;
      g.RemoveDeadNodes();
      g.Sort();
      if (!step) break;
    }
    return true;
  }
};

}  // namespace

std::unique_ptr<pass::Pass> CreateChannelsLastPass() {
  return std::make_unique<ChannelsLastPass>();
}

}  // namespace loom::passes
