// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// One study as one Xapian document, laid out as index_schema.h says.

#ifndef TRIALFINDER_SEARCH_STUDY_DOCUMENT_H_
#define TRIALFINDER_SEARCH_STUDY_DOCUMENT_H_

#include <xapian.h>

#include <string>
#include <vector>

#include "trialfinder/study.h"

namespace trialfinder {

// Builds the document for `study` with `generator` (English stemming, no
// database: documents are built on several threads). The words to learn
// for spelling correction (from conditions, titles, interventions,
// keywords, MeSH) go to `spelling_words`; the index writer adds them.
Xapian::Document BuildStudyDocument(const Study& study, Xapian::TermGenerator& generator,
                                    std::vector<std::string>* spelling_words);

// The unique term that identifies a study's document ("QNCT01234567").
std::string NctIdTerm(const std::string& nct_id);

// Overall statuses under which a study takes participants.
bool IsEnrollingStatus(const std::string& status);

// "2025-07-02" -> 20250702, "2025-07" -> 20250700, "" -> 0.
double DateNumber(const std::string& date);

}  // namespace trialfinder

#endif  // TRIALFINDER_SEARCH_STUDY_DOCUMENT_H_
