// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// The conditions a free-text note says the patient has or has not: names
// the registry lexicon knows, one-word diseases said to be had ("a woman
// with lupus"), the concept table's capitals-only abbreviations ("SLE",
// "T2DM"), and infections and smoking. Private to src/match/.

#ifndef TRIALFINDER_MATCH_CONDITION_READER_H_
#define TRIALFINDER_MATCH_CONDITION_READER_H_

#include <string_view>

#include "text/clinical_text.h"
#include "trialfinder/criteria.h"
#include "trialfinder/patient.h"

namespace trialfinder {

// Adds to `patient.conditions` each condition `text` (read as `clinical`)
// affirms or denies about the patient, once per name, with the clause it
// was read from as evidence. What the note says of other people, or only
// suspects, is not added. Not guaranteed: a one-word name is read only
// after words saying it is had ("with", "have", "diagnosed with"); an
// abbreviation only in capitals.
void ReadConditions(std::string_view text, const CriteriaLexicon& lexicon,
                    const ClinicalText& clinical, Patient& patient);

// Adds the infection a qualitative lab result establishes or rules out
// ("HBsAg" positive is hepatitis B, a negative HIV test no HIV, an HCV
// antibody hepatitis C), unless the patient already names that infection.
// For structured records (JSON, FHIR), whose labs no note explains. Not
// guaranteed: a positive antibody may be a past, cured infection; only
// hepatitis B surface antigen, HCV antibody or RNA and HIV tests are read.
void AddInfectionsFromMarkers(Patient& patient);

}  // namespace trialfinder

#endif  // TRIALFINDER_MATCH_CONDITION_READER_H_
