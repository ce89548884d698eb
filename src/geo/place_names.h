// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// The key a place name is looked up by, so that the registry's, the
// gazetteer's and a person's spellings of one place meet: accents folded
// (Latin letters only: "Zürich" -> "zurich", "Łódź" -> "lodz"), case and
// punctuation dropped, "St"/"Ste"/"Ft"/"Mt" written out, and a final
// "City" dropped ("New York City" = "New York"), initials joined ("D.C." =
// "DC"). Other scripts are kept
// as they are. Private to the geo module.

#ifndef TRIALFINDER_GEO_PLACE_NAMES_H_
#define TRIALFINDER_GEO_PLACE_NAMES_H_

#include <string>
#include <string_view>

namespace trialfinder {

// Accents folded and case lowered; punctuation kept.
std::string FoldLatin(std::string_view text);

// The lookup key of a place name; "" when it has no letters or digits.
std::string PlaceKey(std::string_view name);

}  // namespace trialfinder

#endif  // TRIALFINDER_GEO_PLACE_NAMES_H_
