// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Lab test names and units as criteria and patient records write them,
// brought to one spelling, and values converted to each test's usual unit,
// so a criterion ("Hb >= 85 g/L") and a patient ("hemoglobin 8.2 g/dL") can
// be compared.

#ifndef TRIALFINDER_TEXT_LABS_H_
#define TRIALFINDER_TEXT_LABS_H_

#include <optional>
#include <string>

#include "text/named_table.h"

namespace trialfinder {

// The regular-expression alternatives that name a lab test in lower-case
// text ("hemoglobin|haemoglobin|hgb|..."), without surrounding group.
const std::string& LabNamePattern();

// The alternatives that spell a lab unit in lower-case text ("g/dl|g/l|...").
const std::string& LabUnitPattern();

// A lab name as written (lower case) -> its usual name: "hgb" ->
// "hemoglobin", "sgpt" -> "ALT". Unknown short names are upper-cased,
// others kept.
std::string CanonicalLabName(const std::string& written);

// A unit as written (lower case) -> its usual spelling: "g/dl" -> "g/dL",
// "cells/mm3" -> "/uL", "x uln" -> "xULN". `times` says a multiplier ("x",
// "times") preceded it; a bare multiplier gives "x".
std::string NormalizeLabUnit(std::string written, bool times);

// Whether `unit`, as NormalizeLabUnit gives it, is one matching knows
// ("g/dL", "10^9/L", "xULN", "mmHg"); "" (no unit) is not. A known unit
// is not a promise that every test converts from it.
bool IsKnownLabUnit(const std::string& unit);

// Qualitative results read as positive or negative ("anti-dsDNA positive",
// "negative ANA"), from data/lexicon/lab-markers.tsv: each row's pattern
// searched in lower-case text, and the name the result is stored under.
const NamedTable& LabMarkers();

struct LabValue {
  double value = 0;
  std::string unit;
};

// The value in the test's usual unit (hemoglobin in g/dL, blood counts in
// 10^9/L, creatinine and bilirubin in mg/dL), or the value itself when the
// unit is known but needs no conversion. nullopt without a unit. Does not
// know every test: an unknown test keeps its own unit, so two values of it
// compare only when written in the same unit.
std::optional<LabValue> CanonicalLabValue(const std::string& name, double value,
                                          const std::string& unit);

// The unit a value given without one must be in, for a test whose units
// give values that cannot overlap: HbA1c up to 20 is "%" (NGSP), above it
// "mmol/mol" (IFCC, where 20 is 4 %); eGFR and creatinine clearance have
// one unit in use, "mL/min"; so have BMI, blood pressure, PSA (ng/mL) and
// CD4 counts (/uL); blood counts of 10,000 or more (1,000 for white cells)
// are per microlitre, of 1,000 or less (50) per litre x 10^9.
// nullopt for every other test and value: a creatinine of 1.1 could be
// mg/dL or, rarely, something else, and is not guessed.
std::optional<std::string> UnitOfAValueWithout(const std::string& name, double value);

// For a test CanonicalLabValue converts, a value no living person has
// (hemoglobin 500 g/dL, a negative platelet count): the range a value must
// fall in, in the test's usual unit ("0-25 g/dL"). nullopt when the value
// is possible, or the test or unit is not one it knows: it catches typing
// and unit mistakes, not values that are merely abnormal.
std::optional<std::string> ImplausibleLabValue(const std::string& name, double value,
                                               const std::string& unit);

}  // namespace trialfinder

#endif  // TRIALFINDER_TEXT_LABS_H_
