// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// The histologic or clinical subtype a criterion puts on a disease it
// names ("large cell neuroendocrine lung carcinoma", "lobular breast
// cancer", "lung cancer of squamous histology"), which a record naming the
// disease alone ("lung cancer") does not establish.

#ifndef TRIALFINDER_MATCH_DISEASE_SUBTYPE_H_
#define TRIALFINDER_MATCH_DISEASE_SUBTYPE_H_

#include <optional>
#include <string>

#include "trialfinder/criteria.h"
#include "trialfinder/patient.h"

namespace trialfinder {

// The subtype words (as the criterion writes them, "large cell
// neuroendocrine") that lower-case criterion text `lower` puts on a
// condition `criterion` names, when the patient's description and
// condition names give none of them. Read right before the condition's
// words ("ductal or lobular breast cancer") and in "of/with ...
// histology|type" after them. nullopt when the criterion names no subtype
// or the patient's words give one it names ("lobular" for "ductal or
// lobular"): then the diagnosis decides as before.
// Not guaranteed: a subtype the patient's words give with another meaning
// ("squamous cell skin cancer" beside a lung cancer) counts as given; a
// subtype the concept table names as its own disease ("non-small cell lung
// cancer") is the concept's to judge, not this; words are compared, not
// meanings ("adenocarcinoma" is not known to be non-squamous).
std::optional<std::string> UnsaidSubtype(const Criterion& criterion, const std::string& lower,
                                         const Patient& patient);

}  // namespace trialfinder

#endif  // TRIALFINDER_MATCH_DISEASE_SUBTYPE_H_
