// "Did you mean ...?" suggestions: case-insensitive Levenshtein distance to known names.
#include "loom/support/suggest.h"

#include <algorithm>
#include <cctype>
#include <utility>
#include <vector>

namespace loom {
namespace {

char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

int64_t Distance(std::string_view a, std::string_view b, bool ignore_case) {
  // Two rows of the dynamic-programming table: row[j] = distance(a[0..i), b[0..j)).
  std::vector<int64_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int64_t>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int64_t>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      bool same = ignore_case ? Lower(a[i - 1]) == Lower(b[j - 1]) : a[i - 1] == b[j - 1];
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

int64_t EditDistance(std::string_view a, std::string_view b) { return Distance(a, b, true); }

std::optional<std::string> ClosestMatch(std::string_view word,
                                        const std::vector<std::string>& candidates) {
  const int64_t limit = std::max<int64_t>(2, static_cast<int64_t>(word.size()) / 3);
  std::optional<std::string> best;
  // Ranked by case-insensitive distance, then by exact distance ('Dens' prefers 'Dense' to
  // 'dense'), then by order.
  std::pair<int64_t, int64_t> best_distance = {limit + 1, 0};
  for (const std::string& candidate : candidates) {
    int64_t d = EditDistance(word, candidate);
    // Replacing every letter of a short word is a different word, not a misspelling.
    if (d >= static_cast<int64_t>(word.size()) || d > limit) continue;
    std::pair<int64_t, int64_t> rank = {d, Distance(word, candidate, false)};
    if (rank < best_distance) {
      best_distance = rank;
      best = candidate;
    }
  }
  return best;
}

std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates) {
  std::optional<std::string> match = ClosestMatch(word, candidates);
  return match ? " (did you mean '" + *match + "'?)" : "";
}

}  // namespace loom
