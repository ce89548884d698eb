// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Rules that revise a criterion's combined verdict by its wording, once
// each constraint has been judged (criterion_judge.cc): conditions joined
// by "and", criteria for another group of the trial, inclusions about a
// treatment to come, qualified kinds and subtypes, weak exclusions. The
// rules about time are in time_rules, those about lab values in
// value_rules. Each says in its comment which user test or expert labels
// it follows.

#ifndef TRIALFINDER_MATCH_COMBINED_RULES_H_
#define TRIALFINDER_MATCH_COMBINED_RULES_H_

#include <optional>
#include <string>
#include <vector>

#include "match/constraint_judge.h"
#include "match/judged_parts.h"
#include "trialfinder/criteria.h"

namespace trialfinder {

// For an inclusion failed only by what puts the patient in another group:
// "Participants with HIV are eligible if ..." without HIV, "Adult arm: aged
// at least 12" at 8. The not-applicable judgement to give instead, or
// nullopt.
std::optional<Judgement> ForAnotherGroup(bool exclusion, const std::string& lower,
                                         const JudgedParts& judged, const Judgement& combined);

// For an inclusion about a treatment to come, the time since one or
// fitness for one ("indication for allogeneic HSCT", "at least 2 weeks from
// major surgery"): not failed, nor met, by a history that lacks it, unless
// an age, sex, pregnancy or disease fails it. `true_types` are the types of
// the parts judged true.
void ApplyIndicatedRule(const Criterion& criterion, const std::string& lower,
                        const JudgedParts& judged, const std::vector<ConstraintType>& true_types,
                        Judgement& combined);

// The condition a criterion joins to `name` with "and" ("major depressive
// disorder and cannabis use disorder", "MDD and CUD") that the record
// does not give; nullopt when there is none or the record gives it. Only a
// disorder, disease or syndrome in words, or an abbreviation the concept
// table knows, is read.
std::optional<std::string> UnmetJoinedCondition(const std::string& lower, const std::string& name,
                                                const PatientFacts& facts);

// For an inclusion met through one condition: conditions joined by "and"
// ("Current MDD and CUD") are all asked for, so one the record does not
// give leaves it unknown (user test: met without any cannabis use). "or",
// "and/or" and lists accept either. Only names found in `lower` as
// written are compared, and a disorder, disease or syndrome joined by
// "and" that no constraint names ("... and cannabis use disorder") is
// taken as asked for too.
void ApplyJoinedConditionsRule(bool exclusion, const std::string& lower, const JudgedParts& judged,
                               const PatientFacts& facts, Judgement& combined);

// An inclusion whose only readings are its exceptions ("primary or
// secondary AML [any subtype except APL and JMML]", where AML is no name
// the lexicon reads): their absence meets nothing, so a met or unreported
// verdict becomes unknown (user test: "met" for a boy with ALL).
void ApplyExceptionsOnlyRule(const Criterion& criterion, const std::string& lower,
                             Judgement& combined);

// For an inclusion met by a diagnosis alone: a procedure for the disease
// it asks for ("undergone radical lung cancer surgery") that the record
// does not give leaves it unknown (user test: met by "stage 4 lung
// cancer"). Only a procedure word right after the name is read.
void ApplyProcedureForDiseaseRule(const std::string& lower, const JudgedParts& judged,
                                  const PatientFacts& facts, Judgement& combined);

// For a criterion met only by the age or sex while it asks more ("At least
// 18 years of age and a first confirmed diagnosis of MIBC"): an inclusion
// becomes unknown, an exclusion not reported. `true_types` are the types of
// the parts judged true.
void ApplyAgeAndSexOnlyRule(const Criterion& criterion, bool exclusion,
                            const std::vector<ConstraintType>& true_types, Judgement& combined);

// For a criterion met through a ">>" kind of the category it names, while
// it qualifies the category ("Dementia with Lewy Bodies" for Alzheimer
// disease): unknown, as the patient's kind is not known to be the one asked.
void ApplyQualifiedKindRule(const std::string& lower, const JudgedParts& judged,
                            Judgement& combined);

// For an exclusion: a reading too weak to exclude (a time window, a
// qualifier the record leaves open, a planned procedure;
// WeakExclusionReason) makes it unknown. A qualifier inside a name of a
// condition the record has ("active infection", answered yes) is not left
// open, and an infection's seropositivity is the infection. Call only for
// an exclusion with parts that the note's timing did not decide.
void ApplyWeakExclusionRule(const Criterion& criterion, const std::string& lower,
                            const JudgedParts& judged,
                            const std::vector<ConstraintType>& true_types,
                            const PatientFacts& facts, Judgement& combined);

// For a criterion met by conditions, age and sex alone: a subtype it puts
// on the disease ("lobular breast cancer") that the record does not give
// leaves it unknown (UnsaidSubtype).
void ApplySubtypeRule(const Criterion& criterion, const std::string& lower,
                      const std::vector<ConstraintType>& true_types, const PatientFacts& facts,
                      Judgement& combined);

// For a criterion about a willingness to stop something ("Must agree to
// stop breastfeeding", "unwilling to discontinue warfarin"): doing it now
// neither meets nor applies it, so a verdict read from it becomes unknown.
void ApplyWillingToStopRule(const std::string& lower, Judgement& combined);

}  // namespace trialfinder

#endif  // TRIALFINDER_MATCH_COMBINED_RULES_H_
