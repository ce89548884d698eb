// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "match/condition_course.h"

#include <algorithm>
#include <string>
#include <vector>

#include "match/patient_facts.h"
#include "text/normalize.h"
#include "text/pattern.h"

namespace trialfinder {

namespace {

// The words of `span` after its last conjunction or relative word: what
// a clause says is over ("lupus and my rash" -> "my rash"). "It" there is
// the phrase before ("had breast cancer 10 years ago and it" -> "had
// breast cancer 10 years ago").
std::string LastPhrase(const std::string& span) {
  static const Pattern kJoin(
      "\\b(?:and|but|or|with|while|although|though|whereas|which|that|who|after|since|because)"
      "\\b");
  std::size_t before = 0;
  std::size_t from = 0;
  for (const PatternMatch& m : kJoin.FindAll(span)) {
    before = from;
    from = m.position() + m.length();
  }
  std::string last = span.substr(from);
  static const Pattern kPronoun("^\\s*(?:it|this|that|which)\\s*$");
  if (from > 0 && kPronoun.Search(last)) {
    const std::size_t join = span.rfind(' ', from - 1);
    return span.substr(before, (join == std::string::npos ? from : join) - before);
  }
  return last;
}

// Whether `phrase` names `name`: it holds the name, or only the name's
// last word with words of the name ("cancer", "my cancer" for breast
// cancer; not "lung cancer").
bool Names(const std::string& phrase, const std::string& name) {
  if (phrase.find(name) != std::string::npos) return true;
  static const Pattern kWord("[a-z0-9'-]+");
  static const Pattern kFiller("^(?:my|his|her|their|the|any|all|of|it|is|now|a|an|signs?)$");
  const std::size_t space = name.rfind(' ');
  const std::string head = space == std::string::npos ? name : name.substr(space + 1);
  bool has_head = false;
  for (const PatternMatch& word : kWord.FindAll(phrase)) {
    const std::string w = word.str();
    if (w == head) {
      has_head = true;
    } else if (!kFiller.Search(w) && name.find(w) == std::string::npos) {
      return false;
    }
  }
  return has_head;
}

bool IsCancer(const std::string& name) {
  static const Pattern kCancer(
      "\\b(?:cancers?|carcinomas?|tumou?rs?|malignan\\w*|lymphomas?|leuka?emias?|melanomas?|"
      "sarcomas?|myelomas?|neoplasms?)\\b");
  return kCancer.Search(name);
}

}  // namespace

void MarkResolvedConditions(std::string_view text, Patient& patient) {
  if (patient.conditions.empty()) return;
  const std::string lower = NormalizeForMatching(text);
  // What each clause says is over, as phrases to compare with the names.
  std::vector<std::string> over;
  bool cancer_over = false;
  static const Pattern kClause("[^.;:!?\\n]+");
  static const Pattern kOtherPerson(
      "\\b(?:mother|father|mom|mum|dad|sister|brother|aunt|uncle|grand\\w+|wife|husband|"
      "partner|son|daughter|friend|cousin|child|kids?)\\b");
  // "no longer have cancer", "cured of hepatitis c", "recovered from ...".
  static const Pattern kOverAfter(
      "\\b(?:no longer (?:ha(?:ve|s)|suffers? from|gets?)|cured of|recovered from|survivor of|"
      "free (?:of|from)|in remission from|successfully treated "
      "for|former|ex(?=-))-?\\s*(?:any\\s+)?"
      "(?:signs? of\\s+|evidence of\\s+)?([^,]{1,60})");
  // "my breast cancer is in remission", "hypertension resolved".
  static const Pattern kOverBefore(
      "([^,]{1,80}?),?\\s+(?:(?:is|are|was|were|has|have|had|been|went|now|since|into|fully|"
      "completely)\\s+)*(?:in (?:complete |full |total |long-term )?remission|resolved|cured|"
      "gone|healed|went away|survivors?|all clear|(?:been )?clear since|cancer[- ]free since)\\b");
  static const Pattern kCancerFree(
      "\\b(?:cancer|tumou?r|disease)[- ]free\\b|\\bno evidence of (?:disease|cancer)\\b|"
      "\\bned\\b|\\bno (?:more |longer any )?(?:signs?|evidence) of cancer\\b");
  for (const PatternMatch& clause_match : kClause.FindAll(lower)) {
    const std::string clause = clause_match.str();
    if (std::optional<PatternMatch> other = kOtherPerson.Find(clause);
        other && other->str() != patient.described_relation) {
      continue;
    }
    if (kCancerFree.Search(clause)) cancer_over = true;
    for (const PatternMatch& m : kOverAfter.FindAll(clause)) {
      const std::string after = m.str(1);
      // Up to the next conjunction: "cancer and I feel fine" -> "cancer".
      static const Pattern kUntil("\\b(?:and|but|or|since|after|because|for)\\b");
      const std::optional<PatternMatch> until = kUntil.Find(after);
      over.push_back(until ? after.substr(0, until->position()) : after);
    }
    for (const PatternMatch& m : kOverBefore.FindAll(clause)) {
      // "My pain has not resolved", "never went away".
      static const Pattern kNot("\\b(?:not|never|n't|yet to be)\\s*$");
      const std::string span = m.str(1);
      if (kNot.Search(span)) continue;
      over.push_back(LastPhrase(span));
      // "hep C, treated with Epclusa in 2020, cured": the treatment between
      // the name and "cured" is how it ended; the name is the part before.
      static const Pattern kTreatedPart(
          "^\\s*(?:treated|received|took|taking|had|given|after|following)\\b");
      if (!kTreatedPart.Search(span)) continue;
      std::string before = clause.substr(0, m.position());
      while (!before.empty() && (before.back() == ' ' || before.back() == ',')) before.pop_back();
      over.push_back(LastPhrase(before.substr(before.rfind(',') + 1)));
    }
  }
  for (PatientCondition& condition : patient.conditions) {
    if (!condition.present) continue;
    for (const std::string& phrase : over) {
      if (Names(phrase, condition.name)) condition.resolved = true;
    }
    if (cancer_over && IsCancer(condition.name)) condition.resolved = true;
  }
  // The same condition under another name read from the same words ("hcv"
  // beside "hepatitis c"): over too (user test: "cured with Harvoni" left
  // hepatitis C "active" through "hcv").
  for (PatientCondition& condition : patient.conditions) {
    if (!condition.present || condition.resolved) continue;
    const std::vector<std::string> variants = PatientFacts::Variants(condition.name);
    for (const PatientCondition& other : patient.conditions) {
      if (!other.resolved || other.evidence != condition.evidence) continue;
      const std::vector<std::string> others = PatientFacts::Variants(other.name);
      const bool same = std::any_of(variants.begin(), variants.end(), [&](const std::string& v) {
        return std::find(others.begin(), others.end(), v) != others.end();
      });
      if (same) condition.resolved = true;
    }
  }
}

}  // namespace trialfinder
