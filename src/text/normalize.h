// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Criteria text in a form simple patterns can read: markdown escapes
// removed, Unicode comparison signs and multipliers spelt in ASCII.

#ifndef TRIALFINDER_TEXT_NORMALIZE_H_
#define TRIALFINDER_TEXT_NORMALIZE_H_

#include <string>
#include <string_view>
#include <vector>

namespace trialfinder {

// "\>" -> ">", "\<" -> "<", "\*" -> "*": markdown escapes as plain characters.
std::string RemoveMarkdownEscapes(std::string_view text);

// For pattern matching only: "≥" and ">/=" -> ">=", "≤" and "</=" -> "<=", "×" -> "x",
// "⁹" -> "^9", "μ"/"µ" -> "u", dashes -> "-", no-break space -> " ", and
// lower case ASCII.
std::string NormalizeForMatching(std::string_view text);

// The words of a text for name matching: NormalizeForMatching, then split
// on everything that is not a letter or digit.
std::vector<std::string> SplitCriteriaWords(std::string_view text);

// `name` without the lone "s" a possessive leaves once its apostrophe is
// taken out: "alzheimer s disease" -> "alzheimer disease", as the concept
// table and the search index name it. Other text is returned unchanged.
std::string WithoutPossessiveS(std::string_view name);

}  // namespace trialfinder

#endif  // TRIALFINDER_TEXT_NORMALIZE_H_
