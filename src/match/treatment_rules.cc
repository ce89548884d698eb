// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "match/treatment_rules.h"

#include <algorithm>
#include <set>

#include "text/ascii_case.h"
#include "text/clinical_text.h"
#include "text/normalize.h"
#include "text/pattern.h"

namespace trialfinder {

// True when lower-case criterion text asks about a treatment taken now
// ("current use of", "currently receiving", "concomitant"), not one had
// before or within a time ("prior", "history of", "within 4 weeks").
bool AsksAboutCurrentUse(const std::string& lower) {
  static const Pattern kNow(
      "\\b(?:current(?:ly)?|ongoing|concomitant|concurrent(?:ly)?|still (?:taking|receiving|on)|"
      "(?:is|are) (?:taking|receiving|using|on)|at (?:the time of )?(?:screening|enrollment|"
      "enrolment|randomi[sz]ation|study entry)|on (?:a )?stable (?:dose|regimen))\\b");
  static const Pattern kBefore(
      "\\b(?:prior|previous(?:ly)?|history|past|ever|before|within|last|former(?:ly)?|"
      "discontinu\\w*|stopped|received)\\b");
  // Not taking part in a trial ("Currently taking part in a clinical trial
  // of an antidiabetic medication"; user test: applied to metformin).
  static const Pattern kTrial("\\b(?:taking part|participat\\w*|enrolled)\\b|\\btrials?\\b");
  return kNow.Search(lower) && !kBefore.Search(lower) && !kTrial.Search(lower);
}

// When the record's treatments among `names` are taken: kCurrent if any is
// taken now, kPast if every one stopped, kNotSaid otherwise; nullopt when
// the record has none of them.
std::optional<TreatmentTiming> TimingOf(const std::vector<std::string>& names,
                                        const PatientFacts& facts) {
  std::optional<TreatmentTiming> timing;
  for (const std::string& name : names) {
    std::string which;
    if (facts.Treatment(name, nullptr, &which).truth != Truth::kTrue) continue;
    const auto taken =
        std::find_if(facts.patient().treatments.begin(), facts.patient().treatments.end(),
                     [&](const PatientTreatment& t) { return t.name == which; });
    const TreatmentTiming each =
        taken == facts.patient().treatments.end() ? TreatmentTiming::kNotSaid : taken->timing;
    // Now over not said over stopped: one taken now settles it.
    if (!timing || each == TreatmentTiming::kCurrent ||
        (*timing == TreatmentTiming::kPast && each == TreatmentTiming::kNotSaid)) {
      timing = each;
    }
  }
  return timing;
}

// "If receiving oral glucocorticoids, the dose must be <= 40 mg/day": a
// rule for those who take the drug now. Not applicable to someone who
// stopped or never took it, assumed met when the record does not name it,
// and open for someone taking it (the dose is not in the record). nullopt
// for other criteria.
std::optional<Judgement> JudgeIfReceiving(const Criterion& criterion, const std::string& lower,
                                          const PatientFacts& facts) {
  static const Pattern kIf(
      "^\\W*(?:\\d+[.)]\\s*)?if (?:an? |the )?(?:subjects?|patients?|participants?)?\\s*"
      "(?:is |are )?(?:currently )?(?:receiving|taking|using|on|treated with)\\b");
  if (criterion.drugs.empty() || !kIf.Search(lower)) return std::nullopt;
  bool never = true;
  for (const std::string& drug : criterion.drugs)
    never = never && facts.Treatment(drug).truth == Truth::kFalse;
  if (never) return Judgement{Truth::kNotApplicable, "never taken", std::nullopt};
  const std::optional<TreatmentTiming> timing = TimingOf(criterion.drugs, facts);
  if (!timing) {
    Judgement assumed{Truth::kNotReported, "", std::nullopt};
    assumed.absence_assumed = criterion.section == CriterionSection::kInclusion;
    return assumed;
  }
  if (*timing == TreatmentTiming::kPast)
    return Judgement{Truth::kNotApplicable, "taken in the past, not now", std::nullopt};
  return Judgement{Truth::kUnknown,
                   *timing == TreatmentTiming::kCurrent
                       ? "taken now; what the criterion asks of it is not in the record"
                       : "whether it is taken now is not in the record",
                   std::nullopt, true};
}

// For a generic procedure ("surgery", "operation") met by the record: the
// criterion names a kind ("spine surgery", "knee replacement surgery")
// that the evidence does not ("I had knee surgery" for spine surgery):
// the words right before the name differ. Words that say no kind
// ("major", "any", "prior") do not count.
bool NamesAnotherKind(const std::string& lower, const std::string& name,
                      const std::string& evidence, const PatientFacts& facts) {
  const auto affirmed = [&](const std::string& phrase) {
    return facts.Condition(phrase).truth == Truth::kTrue;
  };
  static const Pattern kGeneric("^(?:surgery|surgeries|operation|procedure|surgical procedure)$");
  if (!kGeneric.Search(name)) return false;
  static const std::set<std::string> kNoKind = {
      "",     "major",     "minor",     "any",      "prior",  "previous", "recent", "of",
      "the",  "a",         "an",        "had",      "have",   "has",      "after",  "before",
      "for",  "elective",  "other",     "from",     "since",  "planned",  "or",     "and",
      "with", "undergone", "underwent", "surgical", "history"};
  // Or a site after it ("surgery at the operative level", "surgery of
  // the spine") the evidence does not name.
  // "At any level" names no site.
  static const Pattern kSite(
      "^\\s+(?:at|on|of|to|in|involving)\\s+(?:the\\s+|a\\s+)?(?!any\\b)([a-z]{3,})");
  const std::size_t at = lower.find(name);
  if (at != std::string::npos) {
    const std::string after = lower.substr(at + name.size());
    if (std::optional<PatternMatch> site = kSite.Find(after)) {
      static const std::set<std::string> kTimes = {"least",  "last",      "past",       "time",
                                                   "within", "screening", "enrollment", "study"};
      // "At level L1-2 to L5-S1": vertebral levels, which the kind words
      // before ("lumbar spine") already place.
      static const Pattern kVertebral(
          "^\\s+\\w+\\s+(?:the\\s+)?levels?\\s+(?:of\\s+|from\\s+)?[ctls]\\d");
      if (kTimes.count(site->str(1)) == 0 && !kVertebral.Search(after) &&
          AsciiLowercase(evidence).find(site->str(1)) == std::string::npos &&
          !affirmed(site->str(1) + " " + name)) {
        return true;
      }
    }
  }
  // The words naming the kind, back to one that names none ("cervical
  // spine" in "previous cervical spine surgery"). Each must be in the
  // evidence ("lumbar fusion surgery" by "after L4-L5 fusion") or name
  // this procedure in the record ("lumbar surgery", read from "L4-L5").
  if (at == std::string::npos) return false;
  const std::vector<std::string> before = SplitCriteriaWords(lower.substr(0, at));
  std::vector<std::string> evidence_stems;
  for (const std::string& word : SplitCriteriaWords(evidence))
    evidence_stems.push_back(ComparableStem(word));
  for (std::size_t k = before.size(), taken = 0; k > 0 && taken < 3; --k, ++taken) {
    const std::string& word = before[k - 1];
    if (kNoKind.count(word) > 0) break;
    const bool in_evidence = std::find(evidence_stems.begin(), evidence_stems.end(),
                                       ComparableStem(word)) != evidence_stems.end();
    if (!in_evidence && !affirmed(word + " " + name)) return true;
  }
  return false;
}

bool NamesTheStudyProcedure(const std::string& lower, const std::string& name) {
  static const Pattern kGeneric("^(?:surgery|operation|procedure|surgical procedure)$");
  if (!kGeneric.Search(name)) return false;
  static const std::set<std::string> kStudy = {
      "the",        "this",      "to",      "for",      "proposed",  "planned",  "index",
      "study",      "their",     "his",     "her",      "scheduled", "elective", "undergo",
      "undergoing", "requiring", "require", "requires", "candidate", "awaiting", "upcoming"};
  bool any = false;
  for (std::size_t at = lower.find(name); at != std::string::npos;
       at = lower.find(name, at + name.size())) {
    const std::vector<std::string> before = SplitCriteriaWords(lower.substr(0, at));
    if (before.empty() || kStudy.count(before.back()) == 0) return false;
    any = true;
  }
  return any;
}

// True when lower-case criterion text asks for how long or how much ("for
// at least 12 weeks", "stable dose of <= 10 mg"), which a current use alone
// does not meet.
bool AsksForHowLong(const std::string& lower) {
  static const Pattern kHowLong("\\d|\\bfor (?:at least|more than|a minimum)\\b");
  return kHowLong.Search(lower);
}

}  // namespace trialfinder
