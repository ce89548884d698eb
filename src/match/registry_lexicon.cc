// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "trialfinder/match.h"

namespace trialfinder {

Result<CriteriaLexicon> RegistryLexicon(SearchIndex& index) {
  Result<StudyNames> names = index.RegistryNames();
  if (!names.ok()) return names.status();
  CriteriaLexicon lexicon;
  lexicon.AddNames(*names);
  return lexicon;
}

}  // namespace trialfinder
