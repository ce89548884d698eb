// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// The lines and sections of a registry eligibility text, shared by the
// criteria parser (which builds criteria from the lines) and the search
// index (which indexes inclusion and exclusion text as separate fields).
// Sections are found by their headers ("Inclusion Criteria:", "KEY
// EXCLUSION CRITERIA", "Exclusion criteria include:", "Inclusion Criteria
// Stage 1", and the PDQ form's "DISEASE CHARACTERISTICS:", "PATIENT
// CHARACTERISTICS:" and "PRIOR CONCURRENT THERAPY:", which are
// inclusions); text before any header, or under "Eligibility:", is
// unspecified. What this does not
// do: read sections from sentences ("Patients with X are excluded") or
// from a record that has no headers.

#ifndef TRIALFINDER_TEXT_ELIGIBILITY_TEXT_H_
#define TRIALFINDER_TEXT_ELIGIBILITY_TEXT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trialfinder {

enum class EligibilitySection { kInclusion, kExclusion, kUnspecified };

// One line of eligibility text.
struct EligibilityLine {
  std::size_t indent = 0;
  std::string bullet;  // "*", "-", "1.", "a)" ... or "" for none
  std::string text;    // without indent and bullet
  bool blank = true;
};

// The lines of `text`: markdown escapes removed, and a section header or
// "\u2022" bullet that the registry ran into the line before it moved to a
// line of its own ("... Board (MAB) Exclusion Criteria:\u2022 Patient ..."),
// as is the text after a header's colon ("Inclusion Criteria: The person
// who ...").
std::vector<EligibilityLine> ReadEligibilityLines(std::string_view text);

// The section `line` opens when it is a section header; nullopt otherwise.
std::optional<EligibilitySection> SectionOfHeader(const EligibilityLine& line);

// The text of each section, lines joined by '\n' (bullets dropped).
struct EligibilitySections {
  std::string inclusion;
  std::string exclusion;
  std::string unspecified;
};
EligibilitySections SplitEligibilitySections(std::string_view text);

}  // namespace trialfinder

#endif  // TRIALFINDER_TEXT_ELIGIBILITY_TEXT_H_
