// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Age: the typed form of ClinicalTrials.gov age strings ("18 Years",
// "6 Months", "1 Year", "N/A").

#ifndef TRIALFINDER_AGE_H_
#define TRIALFINDER_AGE_H_

#include <optional>
#include <string>
#include <string_view>

#include "trialfinder/status.h"

namespace trialfinder {

enum class AgeUnit { kYears, kMonths, kWeeks, kDays, kHours, kMinutes };

// An age bound as a registry record states it. `text` is the original
// spelling so that the record can be written back unchanged.
struct Age {
  double value = 0;
  AgeUnit unit = AgeUnit::kYears;
  std::string text;

  // The age in (fractional) years: 6 Months -> 0.5.
  double InYears() const;

  friend bool operator==(const Age&, const Age&) = default;
};

// Parses "18 Years", "6 months", "1 Year", "2.5 Years", "18" (years assumed).
// "N/A", "NA", "None" and the empty string mean "no bound" and give
// std::nullopt. Anything else is an InvalidArgument error naming the text.
Result<std::optional<Age>> ParseAge(std::string_view text);

}  // namespace trialfinder

#endif  // TRIALFINDER_AGE_H_
