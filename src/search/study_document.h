// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// One study as one Xapian document, laid out as index_schema.h says.

#ifndef TRIALFINDER_SEARCH_STUDY_DOCUMENT_H_
#define TRIALFINDER_SEARCH_STUDY_DOCUMENT_H_

#include <xapian.h>

#include <map>
#include <string>

#include "trialfinder/study.h"

namespace trialfinder {

// Builds the document for `study` with `generator` (English stemming, no
// database: documents are built on several threads). The words to learn
// for spelling correction (from conditions, titles, interventions,
// keywords, MeSH), with how often each occurs, go to `spelling_words`; the
// index writer adds them. Sponsors, identifiers and sites are not learnt.
// On return `generator` no longer refers to the document, so the document
// may be handed to another thread.
using SpellingWords = std::map<std::string, Xapian::termcount>;
Xapian::Document BuildStudyDocument(const Study& study, Xapian::TermGenerator& generator,
                                    SpellingWords* spelling_words);

// The layout BuildStudyDocument writes: a version of index_schema.h and the
// fingerprint of the concept table whose groups the concept terms number.
std::string DocumentLayout();

// The unique term that identifies a study's document ("QNCT01234567").
std::string NctIdTerm(const std::string& nct_id);

}  // namespace trialfinder

#endif  // TRIALFINDER_SEARCH_STUDY_DOCUMENT_H_
