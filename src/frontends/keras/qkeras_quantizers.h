// QKeras quantizers as the Keras reader sees them: parsed from either serialized form (a
// {"class_name", "config"} object, or a call string such as "quantized_bits(6,0,alpha=1)"), with
// QKeras's defaults filled in, and what each computes on weights (folded here) as numbers.
#ifndef LOOM_FRONTENDS_KERAS_QKERAS_QUANTIZERS_H_
#define LOOM_FRONTENDS_KERAS_QKERAS_QUANTIZERS_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "loom/support/error.h"

namespace loom::frontends::keras_import {

// A quantizer argument: a number (booleans as 0/1), a string, or None.
struct QArg {
  enum Kind { kNone, kNumber, kString } kind = kNone;
  double number = 0;
  std::string text;
  bool is_none() const { return kind == kNone; }
};

struct Quantizer {
  std::string cls;                           // "quantized_bits", "quantized_relu", ...
  std::map<std::string, QArg> args;          // every argument loom reads, defaults filled in
  double Num(const std::string& key) const;  // 0 for None or a string
  bool IsNone(const std::string& key) const;
  std::string Text() const;  // "quantized_bits(bits=6, integer=0, ...)" for messages
};

// The quantizers loom reads.
const std::vector<std::string>& KnownQuantizers();

// Parses a quantizer from a call string (arguments: numbers, True/False/None, quoted strings).
// Errors say what is wrong with the text; an unknown class is an error naming it.
ErrorOr<Quantizer> ParseQuantizerCall(const std::string& text);
// Builds a quantizer from a class name and named arguments (the serialized object form).
ErrorOr<Quantizer> MakeQuantizer(const std::string& cls, const std::map<std::string, QArg>& given);

// Whether `name` (an activation string such as "quantized_relu(6)") is a quantizer call.
bool LooksLikeQuantizerCall(const std::string& name);

// QKeras's forward value of a weight quantizer applied to `values` (every quantizer loom reads
// except quantized_relu and quantized_tanh), or an error saying why loom cannot fold it.
// `channels` is the size of the tensor's last axis in Keras's layout (row-major, so element i
// belongs to channel i % channels): quantized_bits with alpha='auto' or 'auto_po2' computes one
// scale per channel, as QKeras does for a channels-last kernel (1 for a vector: one scale).
ErrorOr<std::vector<float>> FoldWeights(const Quantizer& q, const std::vector<float>& values,
                                        int64_t channels = 1);

// The smallest signed fixed-point grid holding every value exactly: value = k * 2^exponent with
// |k| < 2^(bits-1). None when a value is not finite or the grid would need more than 32 bits.
struct Grid {
  int exponent = 0;
  int bits = 2;
};
std::optional<Grid> ExactGrid(const std::vector<float>& values);

}  // namespace loom::frontends::keras_import

#endif  // LOOM_FRONTENDS_KERAS_QKERAS_QUANTIZERS_H_
