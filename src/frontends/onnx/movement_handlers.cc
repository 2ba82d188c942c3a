// ONNX importer handlers of data movement: Flatten, Reshape, Transpose, Squeeze, Unsqueeze,
// Concat, Split, Slice, Pad, Resize/Upsample, DepthToSpace/SpaceToDepth.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

#include "frontends/onnx/importer.h"

namespace loom::frontends::onnx_import {

Value* ReshapeTo(Importer& im, Value* x, const Shape& s, const std::string& suffix) {
  if (ir::NumElements(s) != ir::NumElements(x->shape)) {
    Fail("cannot reshape " + ShapeText(x->shape) + " to " + ShapeText(s));
  }
  Node* n = im.EmitShaped(OpKind::kReshape, {x}, {s}, suffix);
  return n->outputs[0];
}

void Flatten(Importer& im) {
  Value* x = im.Val(0);
  int64_t full = static_cast<int64_t>(x->shape.size()) + (im.folding() ? 0 : 1);
  int64_t axis = im.AttrInt("axis", 1);
  if (axis < 0) axis += full;
  if (im.folding()) {
    if (axis < 0 || axis > full) Fail("axis " + std::to_string(axis) + " is out of range");
    int64_t outer = 1;
    int64_t inner = 1;
    for (int64_t i = 0; i < full; ++i) (i < axis ? outer : inner) *= x->shape[i];
    im.Bind(0, ReshapeTo(im, x, {outer, inner}));
    return;
  }
  // With a batch of exactly one (as Keras exports declare), flattening from axis 0 keeps the
  // sample whole.
  if (axis == 0 && im.batch() == 1) axis = 1;
  if (axis != 1) {
    Unsupported("axis " + std::to_string(im.AttrInt("axis", 1)) +
                " merges the batch axis with others (only axis 1 keeps samples apart)");
  }
  im.Bind(0, ReshapeTo(im, x, {ir::NumElements(x->shape)}));
}

// Resolves an ONNX Reshape target (0 = copy, -1 = infer) against the full input shape.
Shape ResolveReshape(const Shape& in, std::vector<int64_t> target, bool allow_zero) {
  int64_t known = 1;
  int infer = -1;
  for (size_t i = 0; i < target.size(); ++i) {
    if (target[i] == 0 && !allow_zero) {
      if (i >= in.size()) Fail("shape value 0 at axis " + std::to_string(i) + " has no input axis");
      target[i] = in[i];
    }
    if (target[i] > kMaxElements)
      Fail("target dimension " + std::to_string(target[i]) + " is too large");
    if (target[i] == -1) {
      if (infer >= 0) Fail("more than one -1 in the target shape");
      infer = static_cast<int>(i);
    } else if (target[i] < 0) {
      Fail("negative target dimension " + std::to_string(target[i]));
    } else {
      known *= target[i];
      if (known > kMaxElements) Fail("target shape " + ShapeText(target) + " is too large");
    }
  }
  int64_t total = ir::NumElements(in);
  if (infer >= 0) {
    if (known == 0 || total % known != 0) Fail("cannot infer the -1 dimension");
    target[infer] = total / known;
  }
  if (ir::NumElements(target) != total) {
    Fail("cannot reshape " + ShapeText(in) + " to " + ShapeText(target));
  }
  return target;
}

void Reshape(Importer& im) {
  Value* x = im.Val(0);
  std::vector<int64_t> target =
      im.opset() < 5 ? im.AttrInts("shape") : Dims(*im.ConstIn(1, "shape"));
  Shape full = im.FullShape(0);
  Shape out = ResolveReshape(full, target, im.AttrInt("allowzero", 0) != 0);
  if (!im.folding()) {
    // [N, a1..ak, rest...] -> [N*a1*..*ak, rest...] (rest not empty): the leading axes merge into
    // the batch.
    int64_t merged = full[0];
    for (size_t k = 1; k + 1 < full.size() && out.size() >= 2 && out[0] != full[0]; ++k) {
      merged *= full[k];
      if (out[0] == merged &&
          Shape(out.begin() + 1, out.end()) == Shape(full.begin() + k + 1, full.end())) {
        im.DeferMerge(x, static_cast<int64_t>(k));
        return;
      }
    }
    if (out.empty() || out[0] != full[0]) {
      Unsupported("target shape " + ShapeText(out) + " changes the batch axis (size " +
                  std::to_string(full[0]) + ")");
    }
    out.erase(out.begin());
  }
  im.Bind(0, ReshapeTo(im, x, out));
}

void Transpose(Importer& im) {
  Value* x = im.Val(0);
  int64_t r = static_cast<int64_t>(x->shape.size());
  int64_t full = r + (im.folding() ? 0 : 1);
  std::vector<int64_t> perm = im.AttrInts("perm");
  if (perm.empty()) {
    for (int64_t i = full - 1; i >= 0; --i) perm.push_back(i);
  }
  if (static_cast<int64_t>(perm.size()) != full) Fail("perm has the wrong length");
  if (!im.folding()) {
    if (perm[0] != 0) {
      std::vector<bool> seen(full, false);
      for (int64_t p : perm) {
        if (p < 0 || p >= full || seen[p]) Fail("perm is not a permutation");
        seen[p] = true;
      }
      im.DeferTranspose(x, perm);
      return;
    }
    perm.erase(perm.begin());
    for (int64_t& p : perm) {
      if (p <= 0 || p >= full) Fail("perm is not a permutation");
      --p;
    }
  }
  Node* n = im.Emit(OpKind::kTranspose, {x}, [&](Node& t) { t.attrs.Set("perm", perm); });
  im.Bind(0, n->outputs[0]);
}

void Squeeze(Importer& im) {
  Value* x = im.Val(0);
  Shape full = im.FullShape(0);
  std::vector<int64_t> axes =
      im.opset() >= 13 ? (im.HasInput(1) ? Dims(*im.ConstIn(1, "axes")) : std::vector<int64_t>{})
                       : im.AttrInts("axes");
  std::set<int64_t> drop;
  if (axes.empty()) {
    for (size_t i = 0; i < full.size(); ++i) {
      if (full[i] == 1) drop.insert(static_cast<int64_t>(i));
    }
  }
  for (int64_t a : axes) drop.insert(a < 0 ? a + static_cast<int64_t>(full.size()) : a);
  Shape out;
  for (size_t i = 0; i < full.size(); ++i) {
    int64_t ii = static_cast<int64_t>(i);
    if (drop.count(ii)) {
      if (full[i] != 1) Fail("axis " + std::to_string(i) + " has size " + std::to_string(full[i]));
      if (!im.folding() && ii == 0) Unsupported("squeezes the batch axis");
      continue;
    }
    out.push_back(full[i]);
  }
  if (!im.folding()) out.erase(out.begin());
  im.Bind(0, ReshapeTo(im, x, out));
}

void Unsqueeze(Importer& im) {
  Value* x = im.Val(0);
  Shape full = im.FullShape(0);
  std::vector<int64_t> axes = im.opset() >= 13 ? Dims(*im.ConstIn(1, "axes")) : im.AttrInts("axes");
  int64_t r = static_cast<int64_t>(full.size() + axes.size());
  std::set<int64_t> add;
  for (int64_t a : axes) add.insert(a < 0 ? a + r : a);
  Shape out;
  size_t k = 0;
  for (int64_t i = 0; i < r; ++i) {
    if (add.count(i)) {
      if (!im.folding() && i == 0) Unsupported("inserts an axis before the batch axis");
      out.push_back(1);
    } else {
      if (k >= full.size()) Fail("axes out of range");
      out.push_back(full[k++]);
    }
  }
  if (!im.folding()) out.erase(out.begin());
  im.Bind(0, ReshapeTo(im, x, out));
}

void Concat(Importer& im) {
  int64_t full = 0;
  for (int i = 0; i < im.num_inputs(); ++i) full = std::max(full, im.FullRank(i));
  int64_t axis = im.Axis(im.AttrInt("axis", 0), full);
  std::vector<Value*> ins;
  for (int i = 0; i < im.num_inputs(); ++i) {
    const Operand& o = im.Input(i);
    Value* v = o.value ? o.value
                       : im.ConstantNode(*o.constant, ConstSampleShape(im, *o.constant, full),
                                         "operand" + std::to_string(i));
    if (v->shape.size() != static_cast<size_t>(full - (im.folding() ? 0 : 1))) {
      Fail("inputs have different ranks");
    }
    ins.push_back(v);
  }
  Node* n = im.Emit(OpKind::kConcat, ins, [&](Node& c) { c.attrs.Set("axis", axis); });
  im.Bind(0, n->outputs[0]);
}

// Tile of computed data: each repeated axis is a concatenation of copies (values only move); the
// batch axis may not repeat.
void Tile(Importer& im) {
  Value* x = im.Val(0);
  std::vector<int64_t> reps = Small(Dims(*im.ConstIn(1, "repeats")), "repeats");
  const int64_t full = im.FullRank(0);
  if (static_cast<int64_t>(reps.size()) != full) {
    Fail("repeats has " + std::to_string(reps.size()) + " values for an input of rank " +
         std::to_string(full));
  }
  const int64_t offset = im.folding() ? 0 : 1;
  if (offset == 1 && reps[0] != 1) {
    Unsupported("repeats the batch axis; loom compiles one sample at a time");
  }
  for (int64_t a = offset; a < full; ++a) {
    if (reps[a] < 1) Unsupported("a repeat count below 1 (an empty result)");
    if (reps[a] == 1) continue;
    Shape s = x->shape;
    s[a - offset] *= reps[a];
    if (!SizeOk(s)) Fail("the result " + ShapeText(s) + " is too large");
    std::vector<Value*> copies(reps[a], x);
    x = im.Emit(
              OpKind::kConcat, copies, [&](Node& c) { c.attrs.Set("axis", a - offset); },
              "repeat" + std::to_string(a))
            ->outputs[0];
  }
  im.Bind(0, x);
}

void Split(Importer& im) {
  Value* x = im.Val(0);
  int64_t full = im.FullRank(0);
  int64_t axis = im.Axis(im.AttrInt("axis", 0), full);
  int64_t outputs = im.node().output_size();
  std::vector<int64_t> sizes;
  if (im.opset() >= 13 && im.HasInput(1)) {
    sizes = Dims(*im.ConstIn(1, "split"));
  } else if (im.opset() < 13) {
    sizes = im.AttrInts("split");
  }
  int64_t dim = x->shape[axis];
  if (sizes.empty()) {
    int64_t parts = im.HasAttr("num_outputs") ? im.AttrInt("num_outputs", outputs) : outputs;
    if (parts <= 0 || parts != outputs) {
      Fail("cannot split into " + std::to_string(parts) + " parts for " + std::to_string(outputs) +
           " outputs");
    }
    int64_t chunk = (dim + parts - 1) / parts;
    for (int64_t i = 0; i < parts; ++i) sizes.push_back(std::min(chunk, dim - i * chunk));
  }
  if (static_cast<int64_t>(sizes.size()) != outputs) Fail("split sizes do not match the outputs");
  Small(sizes, "split");
  if (std::accumulate(sizes.begin(), sizes.end(), int64_t{0}) != dim) {
    Fail("split sizes do not add up to " + std::to_string(dim));
  }
  std::vector<Shape> shapes;
  for (int64_t s : sizes) {
    Shape o = x->shape;
    o[axis] = s;
    shapes.push_back(o);
  }
  Node* n = im.EmitShaped(OpKind::kSplit, {x}, shapes);
  n->attrs.Set("axis", axis);
  n->attrs.Set("split", sizes);
  for (int64_t i = 0; i < outputs; ++i) im.Bind(static_cast<int>(i), n->outputs[i]);
}

void Slice(Importer& im) {
  Value* x = im.Val(0);
  Shape full = im.FullShape(0);
  int64_t r = static_cast<int64_t>(full.size());
  std::vector<int64_t> starts, ends, axes, steps;
  if (im.opset() < 10) {
    starts = im.AttrInts("starts");
    ends = im.AttrInts("ends");
    axes = im.AttrInts("axes");
  } else {
    starts = Dims(*im.ConstIn(1, "starts"));
    ends = Dims(*im.ConstIn(2, "ends"));
    if (im.HasInput(3)) axes = Dims(*im.ConstIn(3, "axes"));
    if (im.HasInput(4)) steps = Dims(*im.ConstIn(4, "steps"));
  }
  if (axes.empty()) {
    for (size_t i = 0; i < starts.size(); ++i) axes.push_back(static_cast<int64_t>(i));
  }
  if (steps.empty()) steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() ||
      steps.size() != starts.size()) {
    Fail("starts, ends, axes and steps differ in length");
  }
  std::vector<int64_t> p_starts, p_ends, p_axes, p_steps;
  for (size_t i = 0; i < starts.size(); ++i) {
    int64_t a = axes[i] < 0 ? axes[i] + r : axes[i];
    if (a < 0 || a >= r) Fail("axis out of range");
    int64_t d = full[a];
    int64_t step = steps[i];
    if (step == 0) Fail("step 0");
    auto clamp = [&](int64_t v, bool is_start) {
      if (v < 0) v += d;
      if (step > 0) return std::clamp<int64_t>(v, 0, d);
      (void)is_start;
      return std::clamp<int64_t>(v, -1, d - 1);
    };
    int64_t s = clamp(starts[i], true);
    int64_t e = clamp(ends[i], false);
    if (step == std::numeric_limits<int64_t>::min()) Fail("step out of range");
    int64_t count = step > 0 ? (e - s <= 0 ? 0 : (e - s - 1) / step + 1)
                             : (s - e <= 0 ? 0 : (s - e - 1) / (-step) + 1);
    if (!im.folding() && a == 0) {
      if (count != d || s != 0 || step != 1) Unsupported("slices the batch axis");
      continue;
    }
    p_starts.push_back(starts[i]);
    p_ends.push_back(ends[i]);
    p_axes.push_back(a - (im.folding() ? 0 : 1));
    p_steps.push_back(step);
  }
  Node* n = im.Emit(OpKind::kSlice, {x}, [&](Node& k) {
    k.attrs.Set("starts", p_starts);
    k.attrs.Set("ends", p_ends);
    k.attrs.Set("axes", p_axes);
    k.attrs.Set("steps", p_steps);
  });
  im.Bind(0, n->outputs[0]);
}

void Pad(Importer& im) {
  Value* x = im.Val(0);
  Shape full = im.FullShape(0);
  int64_t r = static_cast<int64_t>(full.size());
  std::vector<int64_t> pads;
  double value = 0.0;
  std::string mode = im.AttrString("mode", "constant");
  if (im.opset() < 11) {
    pads = im.AttrInts(im.opset() < 2 ? "paddings" : "pads");
    value = im.AttrFloat("value", 0.0);
  } else {
    pads = Dims(*im.ConstIn(1, "pads"));
    if (im.HasInput(2)) value = First(*im.ConstIn(2, "constant_value"), "constant_value");
  }
  std::vector<int64_t> axes;
  if (im.HasInput(3)) {
    axes = Dims(*im.ConstIn(3, "axes"));
  } else {
    for (int64_t i = 0; i < r; ++i) axes.push_back(i);
  }
  if (pads.size() != 2 * axes.size()) Fail("pads must have two values per axis");
  Small(pads, "pads");
  std::vector<int64_t> all(2 * r, 0);
  for (size_t i = 0; i < axes.size(); ++i) {
    int64_t a = axes[i] < 0 ? axes[i] + r : axes[i];
    if (a < 0 || a >= r) Fail("axis " + std::to_string(axes[i]) + " out of range");
    all[a] = pads[i];
    all[a + r] = pads[i + axes.size()];
  }
  if (!im.folding()) {
    if (all[0] != 0 || all[r] != 0) Unsupported("pads the batch axis");
    all.erase(all.begin() + r);
    all.erase(all.begin());
  }
  Node* n = im.Emit(OpKind::kPad, {x}, [&](Node& k) {
    k.attrs.Set("pads", all);
    k.attrs.Set("mode", mode);
    k.attrs.Set("value", value);
  });
  im.Bind(0, n->outputs[0]);
}

void Resize(Importer& im, bool upsample) {
  Value* x = im.Val(0);
  Shape full = im.FullShape(0);
  int64_t r = static_cast<int64_t>(full.size());
  std::string mode = im.AttrString("mode", "nearest");
  if (mode == "bilinear") mode = "linear";
  if (mode != "nearest" && mode != "linear") Unsupported("mode '" + mode + "'");
  if (im.AttrInt("antialias", 0) != 0) Unsupported("antialias=1");
  std::string policy = im.AttrString("keep_aspect_ratio_policy", "stretch");
  if (policy != "stretch") Unsupported("keep_aspect_ratio_policy '" + policy + "'");
  std::string ctm = im.AttrString("coordinate_transformation_mode", "half_pixel");
  if (upsample || im.opset() < 11) ctm = "asymmetric";
  if (ctm == "tf_crop_and_resize")
    Unsupported("coordinate_transformation_mode 'tf_crop_and_resize'");
  std::string nearest_mode = im.AttrString("nearest_mode", "round_prefer_floor");
  if (im.opset() < 11) nearest_mode = "floor";
  std::vector<double> scales;
  std::vector<int64_t> sizes;
  if (upsample) {
    if (im.opset() < 9) {
      scales = im.AttrFloats("scales");
    } else {
      scales = im.ConstIn(1, "scales")->data;
    }
  } else if (im.opset() < 11) {
    scales = im.ConstIn(1, "scales")->data;
  } else {
    if (im.HasInput(2)) scales = im.ConstIn(2, "scales")->data;
    if (scales.empty() && im.HasInput(3)) sizes = Dims(*im.ConstIn(3, "sizes"));
  }
  std::vector<int64_t> axes = im.AttrInts("axes");
  if (axes.empty()) {
    for (int64_t i = 0; i < r; ++i) axes.push_back(i);
  }
  std::vector<double> all_scales(r, 1.0);
  Shape out = full;
  if (!scales.empty()) {
    if (scales.size() != axes.size()) Fail("scales must have one value per axis");
    for (size_t i = 0; i < axes.size(); ++i) {
      int64_t a = axes[i] < 0 ? axes[i] + r : axes[i];
      if (a < 0 || a >= r) Fail("axis " + std::to_string(axes[i]) + " out of range");
      all_scales[a] = scales[i];
      double size = std::floor(static_cast<double>(full[a]) * scales[i]);
      if (!(size >= 1 && size <= static_cast<double>(kMaxElements))) {
        Fail("scale " + std::to_string(scales[i]) + " gives an empty or too large output");
      }
      out[a] = static_cast<int64_t>(size);
    }
  } else if (!sizes.empty()) {
    if (sizes.size() != axes.size()) Fail("sizes must have one value per axis");
    for (size_t i = 0; i < axes.size(); ++i) {
      int64_t a = axes[i] < 0 ? axes[i] + r : axes[i];
      if (a < 0 || a >= r) Fail("axis " + std::to_string(axes[i]) + " out of range");
      if (sizes[i] <= 0 || sizes[i] > kMaxElements) Fail("size out of range");
      out[a] = sizes[i];
      all_scales[a] = static_cast<double>(sizes[i]) / static_cast<double>(full[a]);
    }
  } else {
    Fail("neither scales nor sizes is given");
  }
  if (!im.folding()) {
    if (out[0] != full[0]) Unsupported("resizes the batch axis");
    out.erase(out.begin());
    all_scales.erase(all_scales.begin());
  }
  // The output size is the node's data: floor(in * scale), or the given sizes.
  Node* n = im.EmitShaped(OpKind::kResize, {x}, {out});
  n->attrs.Set("mode", mode);
  n->attrs.Set("coordinate_transformation_mode", ctm);
  n->attrs.Set("nearest_mode", nearest_mode);
  n->attrs.Set("scales", all_scales);
  if (im.HasAttr("cubic_coeff_a"))
    n->attrs.Set("cubic_coeff_a", im.AttrFloat("cubic_coeff_a", -0.75));
  im.Bind(0, n->outputs[0]);
}

void DepthSpace(Importer& im, bool to_space) {
  Value* x = im.Val(0);
  if (x->shape.size() != 3) Unsupported("only 4-D (N, C, H, W) inputs");
  int64_t b = im.AttrInt("blocksize", 0);
  if (b <= 0) Fail("blocksize must be positive");
  Small({b}, "blocksize");
  Node* n = im.Emit(to_space ? OpKind::kDepthToSpace : OpKind::kSpaceToDepth, {x}, [&](Node& k) {
    k.attrs.Set("blocksize", b);
    if (to_space) k.attrs.Set("mode", im.AttrString("mode", "DCR"));
  });
  im.Bind(0, n->outputs[0]);
}

}  // namespace loom::frontends::onnx_import
