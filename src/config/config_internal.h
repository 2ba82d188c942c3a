// What the configuration's schema, parser and writer share; private to src/config.
#ifndef LOOM_CONFIG_CONFIG_INTERNAL_H_
#define LOOM_CONFIG_CONFIG_INTERNAL_H_

#include <string>
#include <string_view>
#include <vector>

namespace loom::config::internal {

// ---------------------------------------------------------------------------------------------
// Key tables. Every key hls4ml defines is listed once with what loom does with it:
//   kRead  - parsed into Config;
//   kNote  - accepted and reported as a note: it only steers hls4ml's tooling (file locations,
//            optimizer flows) or implementation details that do not change what the design
//            computes, so ignoring it cannot change results;
//   kError - rejected: ignoring it would make loom's design compute something other than what the
//            user asked for (or the key is in the wrong section), so the user must act.
// `why` completes "note: '<key>' is not used by loom: <why>" or "error: '<key>' <why>".

enum class KeyUse { kRead, kNote, kError };

struct KeyRule {
  std::string_view key;
  KeyUse use;
  std::string_view why;
};

const std::vector<KeyRule>& TopLevelRules();
const std::vector<KeyRule>& HlsConfigRules();
const std::vector<KeyRule>& ModelRules();
const std::vector<KeyRule>& LayerRules();
// Precision dict keys hls4ml knows but loom ignores.
const std::vector<KeyRule>& PrecisionRules();

const KeyRule* FindRule(const std::vector<KeyRule>& rules, std::string_view key);

// Precision keys written as separate settings, in hls4ml's `<key>_t` form.
const std::vector<std::string>& TableKeys();

bool IsPrecisionKey(std::string_view key);

// "accum_t" -> "accum"; "" when `key` is not a `<precision key>_t` spelling.
std::string StripTypeSuffix(std::string_view key);

// Message text.
std::string Lower(std::string_view s);
std::string Join(const std::vector<std::string>& items, std::string_view sep);
std::string Quote(std::string_view s);
// "<file>:<line>" ("<config>" when built in code; no line when `line` is 0).
std::string Where(const std::string& source, int line);

}  // namespace loom::config::internal

#endif  // LOOM_CONFIG_CONFIG_INTERNAL_H_
