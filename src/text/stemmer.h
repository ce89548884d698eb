// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// The English stemmer as a Xapian object, for the index writer's
// TermGenerator. Everything else stems with StemWord (words.h).

#ifndef TRIALFINDER_TEXT_STEMMER_H_
#define TRIALFINDER_TEXT_STEMMER_H_

#include <xapian.h>

namespace trialfinder {

// An English Xapian::Stem that remembers the stems it computed: medical
// text repeats its words, and stemming was a quarter of indexing time.
// Like every Xapian object it is for one thread.
Xapian::Stem CachingEnglishStemmer();

}  // namespace trialfinder

#endif  // TRIALFINDER_TEXT_STEMMER_H_
