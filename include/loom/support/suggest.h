// "Did you mean ...?" suggestions for misspelled names in user input.
#ifndef LOOM_SUPPORT_SUGGEST_H_
#define LOOM_SUPPORT_SUGGEST_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace loom {

// Levenshtein distance (insertions, deletions and substitutions each cost 1), comparing ASCII
// letters case-insensitively.
int64_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word` when it is close enough to be a plausible misspelling: edit
// distance at most max(2, len(word) / 3) and less than len(word). Ties go to the candidate
// closer when case counts, then to the earliest. nullopt otherwise.
std::optional<std::string> ClosestMatch(std::string_view word,
                                        const std::vector<std::string>& candidates);

// " (did you mean 'X'?)" with X = ClosestMatch(word, candidates), or "" when there is none.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace loom

#endif  // LOOM_SUPPORT_SUGGEST_H_
