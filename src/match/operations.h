// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Operations a record names ("radical prostatectomy", "lumpectomy",
// "knee replacement"), for criteria about surgery: which names are
// operations, and which operations are on the organ a criterion names
// ("Previous prostate surgery"). Words only: no procedure ontology.

#ifndef TRIALFINDER_MATCH_OPERATIONS_H_
#define TRIALFINDER_MATCH_OPERATIONS_H_

#include <optional>
#include <string>
#include <vector>

#include "text/clinical_text.h"
#include "trialfinder/patient.h"

namespace trialfinder {

// Whether a lower-case treatment name is an operation: a word in
// "-ectomy", "-otomy", "-ostomy", "-plasty" or "-pexy", or one naming a
// resection, transplant, repair, replacement, bypass, fusion, surgery or
// operation. Not a biopsy, which may be a needle.
bool IsOperationName(const std::string& lower_name);

// An operation the record has: the first treatment that is one
// (IsOperationName) and was received, else the first word in "-ectomy",
// "-otomy", "-ostomy" or "-plasty" that `text` (the record's description)
// affirms. Its name and the words it was read from, as evidence; nullopt
// when there is none.
struct RecordedOperation {
  std::string name;
  std::string evidence;
};
std::optional<RecordedOperation> OperationInRecord(const Patient& patient,
                                                   const ClinicalText& text);

// The operations on the organ a lower-case criterion names as operated on
// ("prostate surgery", "resection of the stomach", "prior gastrectomy"):
// {"prostatectomy"}, {"gastrectomy"}; empty when it names none. Only
// organs whose operations are named "-ectomy" are known (prostate, breast,
// colon, stomach, kidney, lung, thyroid, uterus, gallbladder, ovary,
// spleen, pancreas, bladder).
std::vector<std::string> OperationsOnOrganIn(const std::string& lower_criterion);

}  // namespace trialfinder

#endif  // TRIALFINDER_MATCH_OPERATIONS_H_
