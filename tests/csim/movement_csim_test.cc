// C-simulation of the value-moving ops (reshape, transpose, concat of three inputs, split into two
// outputs, strided slice, constant and reflect pads, nearest resize, depth_to_space in both modes,
// space_to_depth) equals the emulator bit for bit, with and without casts to narrower types.
#include "csim_util.h"

namespace loom::testing {
namespace {

using ir::OpKind;
using ir::Shape;

ir::Node* Op(ir::Graph& g, OpKind op, const std::string& name, std::vector<ir::Value*> ins,
             const std::vector<Shape>& outs) {
  ir::Node* n = g.AddNode(op, name, std::move(ins), static_cast<int>(outs.size()));
  for (size_t i = 0; i < outs.size(); ++i) n->outputs[i]->shape = outs[i];
  return n;
}

void BuildMovement(ir::Graph& g) {
  ir::Value* a = g.AddInput("a", {2, 3, 4});
  ir::Value* b = g.AddInput("b", {2, 2, 4});
  ir::Value* c = g.AddInput("c", {2, 1, 4});
  ir::Value* d = g.AddInput("d", {8, 2, 3});
  std::vector<ir::Node*> nodes;
  nodes.push_back(Op(g, OpKind::kReshape, "rs", {a}, {{6, 4}}));
  nodes.push_back(Op(g, OpKind::kTranspose, "tp", {a}, {{4, 2, 3}}));
  nodes.back()->attrs.Set("perm", std::vector<int64_t>{2, 0, 1});
  nodes.push_back(Op(g, OpKind::kConcat, "cc", {a, b, c}, {{2, 6, 4}}));
  nodes.back()->attrs.Set("axis", int64_t{1});
  nodes.push_back(Op(g, OpKind::kSplit, "sp", {a}, {{2, 3, 1}, {2, 3, 3}}));
  nodes.back()->attrs.Set("axis", int64_t{2});
  nodes.back()->attrs.Set("split", std::vector<int64_t>{1, 3});
  ir::Node* sl = Op(g, OpKind::kSlice, "sl", {a}, {{2, 2, 2}});
  sl->attrs.Set("starts", std::vector<int64_t>{2, 0});
  sl->attrs.Set("ends", std::vector<int64_t>{0, 4});
  sl->attrs.Set("axes", std::vector<int64_t>{1, 2});
  sl->attrs.Set("steps", std::vector<int64_t>{-1, 2});
  nodes.push_back(sl);
  ir::Node* pd = Op(g, OpKind::kPad, "pd", {b}, {{2, 3, 6}});
  pd->attrs.Set("pads", std::vector<int64_t>{0, 1, 0, 0, 0, 2});
  pd->attrs.Set("value", 1.5);
  nodes.push_back(pd);
  ir::Node* pr = Op(g, OpKind::kPad, "pr", {b}, {{2, 3, 6}});
  pr->attrs.Set("pads", std::vector<int64_t>{0, 1, 1, 0, 0, 1});
  pr->attrs.Set("mode", std::string("reflect"));
  nodes.push_back(pr);
  ir::Node* rz = Op(g, OpKind::kResize, "rz", {c}, {{2, 2, 8}});
  rz->attrs.Set("scales", std::vector<double>{1.0, 2.0, 2.0});
  rz->attrs.Set("mode", std::string("nearest"));
  nodes.push_back(rz);
  ir::Node* d2s = Op(g, OpKind::kDepthToSpace, "d2s", {d}, {{2, 4, 6}});
  d2s->attrs.Set("blocksize", int64_t{2});
  nodes.push_back(d2s);
  ir::Node* d2s_crd = Op(g, OpKind::kDepthToSpace, "d2s_crd", {d}, {{2, 4, 6}});
  d2s_crd->attrs.Set("blocksize", int64_t{2});
  d2s_crd->attrs.Set("mode", std::string("CRD"));
  nodes.push_back(d2s_crd);
  ir::Node* s2d = Op(g, OpKind::kSpaceToDepth, "s2d", {d2s->outputs[0]}, {{8, 2, 3}});
  s2d->attrs.Set("blocksize", int64_t{2});
  nodes.push_back(s2d);
  for (ir::Node* n : nodes) {
    for (ir::Value* v : n->outputs) g.MarkOutput(v);
  }
}

// Values named after configuration members (a model input called "input" is common): their
// types must not be named input_t, a_t, ..., which the configuration structs declare as members.
TEST(MovementCsim, ValuesNamedLikeConfigMembers) {
  ir::Graph g;
  ir::Value* input = g.AddInput("input", {2, 3});
  ir::Value* a = g.AddInput("a", {2, 3});
  ir::Node* cc = Op(g, OpKind::kConcat, "weight", {input, a}, {{4, 3}});
  cc->attrs.Set("axis", int64_t{0});
  ir::Node* sp = Op(g, OpKind::kSplit, "result", {cc->outputs[0]}, {{2, 3}, {2, 3}});
  sp->attrs.Set("axis", int64_t{0});
  sp->attrs.Set("split", std::vector<int64_t>{2, 2});
  g.MarkOutput(sp->outputs[0]);
  g.MarkOutput(sp->outputs[1]);
  EXPECT_CSIM_EXACT(EmulateAndCsim(g, "Model:\n  Precision: ap_fixed<12,4>\n", "member_names"));
}

TEST(MovementCsim, SameTypes) {
  ir::Graph g;
  BuildMovement(g);
  EXPECT_CSIM_EXACT(EmulateAndCsim(g, "Model:\n  Precision: ap_fixed<16,6>\n", "move_default"));
}

TEST(MovementCsim, CastsToNarrowerTypes) {
  ir::Graph g;
  BuildMovement(g);
  // Inputs of different types meet in concat; results round and saturate or wrap; the pad
  // constant 1.5 saturates in pd's type.
  const char* config = R"(Model:
  Precision:
    default: auto
LayerName:
  a: {Precision: 'ap_fixed<10,3,AP_RND,AP_SAT>'}
  b: {Precision: 'ap_ufixed<8,2,AP_RND,AP_SAT>'}
  c: {Precision: 'ap_fixed<6,4>'}
  d: {Precision: 'ap_fixed<12,5,AP_RND_CONV,AP_SAT>'}
  rs: {Precision: 'ap_fixed<6,2,AP_RND,AP_SAT>'}
  tp: {Precision: 'ap_fixed<7,3,AP_RND_CONV,AP_WRAP>'}
  cc: {Precision: 'ap_fixed<7,2,AP_RND_CONV,AP_SAT>'}
  sp: {Precision: 'ap_fixed<5,2,AP_RND_ZERO,AP_SAT_SYM>'}
  sl: {Precision: 'ap_ufixed<6,2,AP_RND,AP_SAT>'}
  pd: {Precision: 'ap_fixed<6,1,AP_RND,AP_SAT>'}
  rz: {Precision: 'ap_fixed<5,3,AP_TRN,AP_SAT>'}
  d2s: {Precision: 'ap_fixed<8,3,AP_RND_INF,AP_SAT>'}
  s2d: {Precision: 'ap_fixed<6,2,AP_RND,AP_WRAP>'}
)";
  EXPECT_CSIM_EXACT(EmulateAndCsim(g, config, "move_narrow", 32, -6, 6));
}

}  // namespace
}  // namespace loom::testing
