// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// What a criterion asks of a treatment beyond having had it: taken now or
// before, for how long, which kind of a generic procedure, and rules for
// those taking it ("If receiving ..."). Read from the criterion's words
// against the record's treatments and their timing.

#ifndef TRIALFINDER_MATCH_TREATMENT_RULES_H_
#define TRIALFINDER_MATCH_TREATMENT_RULES_H_

#include <optional>
#include <string>
#include <vector>

#include "match/constraint_judge.h"
#include "match/patient_facts.h"
#include "trialfinder/criteria.h"

namespace trialfinder {

// True when lower-case criterion text asks about a treatment taken now
// ("current use of", "currently receiving", "concomitant"), not one had
// before or within a time ("prior", "history of", "within 4 weeks").
bool AsksAboutCurrentUse(const std::string& lower);

// When the record's treatments among `names` are taken: kCurrent if any is
// taken now, kPast if every one stopped, kNotSaid otherwise; nullopt when
// the record has none of them.
std::optional<TreatmentTiming> TimingOf(const std::vector<std::string>& names,
                                        const PatientFacts& facts);

// "If receiving oral glucocorticoids, the dose must be <= 40 mg/day": a
// rule for those who take the drug now. Not applicable to someone who
// stopped or never took it, assumed met when the record does not name it,
// and open for someone taking it (the dose is not in the record). nullopt
// for other criteria. `lower` is the criterion's normalised text.
std::optional<Judgement> JudgeIfReceiving(const Criterion& criterion, const std::string& lower,
                                          const PatientFacts& facts);

// For a generic procedure `name` ("surgery", "operation") met by the
// record with `evidence`: true when the criterion names a kind ("spine
// surgery", "surgery at the operative level") that neither the evidence
// nor the record ("lumbar spine surgery" read from "L4-L5 fusion") names.
// Not guaranteed: only the word before the name and a site after it are
// read.
bool NamesAnotherKind(const std::string& lower, const std::string& name,
                      const std::string& evidence, const PatientFacts& facts);

// For a generic procedure `name` ("surgery", "operation", "procedure"):
// true when every mention of it in the criterion is the study's own ("at
// the time of surgery", "medically cleared for surgery", "the proposed
// surgery", "30 days prior to surgery"), which no history of the
// patient's meets. Not guaranteed: only the word before each mention is
// read.
bool NamesTheStudyProcedure(const std::string& lower, const std::string& name);

// True when lower-case criterion text asks for how long or how much ("for
// at least 12 weeks", any number), which a current use alone does not meet.
bool AsksForHowLong(const std::string& lower);

}  // namespace trialfinder

#endif  // TRIALFINDER_MATCH_TREATMENT_RULES_H_
