// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "match/condition_reader.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "match/patient_facts.h"
#include "text/ascii_case.h"
#include "text/concepts.h"
#include "text/normalize.h"
#include "text/pattern.h"
#include "text/words.h"

namespace trialfinder {

namespace {

void AddCondition(Patient& patient, const std::string& name, const Mention& mention) {
  if (mention.status != MentionStatus::kAffirmed && mention.status != MentionStatus::kNegated)
    return;
  // "alzheimer disease", not "alzheimer s disease".
  const std::string named = WithoutPossessiveS(name);
  if (patient.FindCondition(named)) return;
  patient.conditions.push_back(
      {named, mention.status == MentionStatus::kAffirmed, "", mention.clause});
}

// One-word disease names of the concept table ("lupus", "asthma") and the
// group's name of two words or more ("systemic lupus erythematosus"), or
// the word itself when the group has none.
const std::map<std::string, std::string>& OneWordDiseaseNames() {
  static const std::map<std::string, std::string> kNames = [] {
    const ConceptTable& table = ConceptTable::Builtin();
    std::map<std::size_t, std::string> longer;  // group -> first name of 2+ words
    std::vector<std::pair<std::string, std::size_t>> single;
    for (const std::string& name : table.WrittenNames()) {
      const std::vector<ConceptTable::Match> matches = table.FindMatches(SplitWords(name), name);
      if (matches.size() != 1) continue;
      const std::size_t group = matches.front().group;
      if (name.find(' ') == std::string::npos) {
        single.emplace_back(AsciiLowercase(name), group);
      } else {
        longer.emplace(group, AsciiLowercase(name));
      }
    }
    std::map<std::string, std::string> names;
    for (const auto& [word, group] : single) {
      const auto it = longer.find(group);
      names.emplace(word, it == longer.end() ? word : it->second);
    }
    return names;
  }();
  return kNames;
}

// A one-word disease the person says they have: "a woman with lupus", "I
// have asthma", "diagnosed with gout" (user test: "34-year-old woman with
// lupus" gave no condition). Only after such words: a one-word name alone
// is often a symptom or part of another name, and reading every one in
// case notes cost the development ranking (CriteriaLexicon's note).
void ReadOneWordDiseases(const CriteriaLexicon& lexicon, const ClinicalText& clinical,
                         Patient& patient) {
  static const Pattern kHas(
      "\\b(?:with|have|has|had|having|diagnosed with|diagnosis of|history of|suffers? from|"
      "suffering from|living with)\\s+(?:(?:mild|moderate|severe|active|chronic|my|the)\\s+)?"
      "([a-z][a-z'-]+)"
      // The whole name: "has lupus anticoagulant" is a lab finding.
      "(?=\\s*(?:[.,;:)]|$|\\s+(?:and|or|since|for|diagnosed|in|on|who|that|which|with|but|"
      "from|at|is|was|has|had|treated|now|flares?|\\d)\\b))");
  const std::map<std::string, std::string>& names = OneWordDiseaseNames();
  // An eponym without "disease" ("with Crohn's", "has Crohns", "living with
  // Parkinson's"; second user test: no condition was found): the table's
  // "<name> disease" or "<name>'s disease".
  static const std::set<std::string> kWritten = [] {
    std::set<std::string> written;
    for (const std::string& name : ConceptTable::Builtin().WrittenNames())
      written.insert(AsciiLowercase(name));
    return written;
  }();
  const auto eponym = [](std::string word) -> std::string {
    if (word.size() > 2 && word.compare(word.size() - 2, 2, "'s") == 0) {
      word.resize(word.size() - 2);
    } else if (word.size() > 4 && word.back() == 's') {
      word.pop_back();
    } else {
      return "";
    }
    for (const std::string& form : {word + "'s disease", word + " disease"}) {
      if (kWritten.count(form)) return form;
    }
    return "";
  };
  for (const ClinicalText::Clause& clause : clinical.clauses()) {
    const std::string text = NormalizeForMatching(clause.text);
    for (const PatternMatch& match : kHas.FindAll(text)) {
      if (const std::string disease = eponym(match.str(1)); !disease.empty()) {
        if (patient.FindCondition(disease) == nullptr)
          AddCondition(patient, disease, clinical.Find(match.str(1)));
        continue;
      }
      const auto it = names.find(match.str(1));
      // A name the lexicon reads already ("hypertension") is read as such.
      if (it == names.end() || !lexicon.FindConditions(it->first).empty()) continue;
      AddCondition(patient, it->second, clinical.Find(match.str(1)));
    }
  }
}

// Diseases written as the concept table's capitals-only abbreviations
// ("SLE", "T2DM", "HTN", "COPD"), read under the group's longest name
// ("systemic lupus erythematosus"). User test: "45 yo F with SLE" and
// "hx of T2DM, HTN" had no condition on the page (criteria still found
// them in the text).
// The first written member name of two words or more of each concept
// group, in table order ("systemic lupus erythematosus" for SLE's group,
// "type 2 diabetes" for T2DM's), built once.
const std::string& WrittenNameOf(std::size_t group) {
  static const std::vector<std::string> kNames = [] {
    const ConceptTable& concepts = ConceptTable::Builtin();
    std::vector<std::string> names(concepts.size());
    for (const std::string& name : concepts.WrittenNames()) {
      const std::string lower = AsciiLowercase(name);
      const std::vector<Word> words = SplitWords(lower);
      if (words.size() < 2) continue;
      for (const ConceptTable::Match& m : concepts.FindMatches(words, lower)) {
        if (m.begin == 0 && m.end == words.size() && names[m.group].empty()) names[m.group] = lower;
      }
    }
    return names;
  }();
  return kNames[group];
}

void ReadAbbreviatedDiseases(std::string_view text, const ClinicalText& clinical,
                             Patient& patient) {
  const ConceptTable& concepts = ConceptTable::Builtin();
  const std::string written(text);
  const std::string lower = AsciiLowercase(written);
  const std::vector<Word> words = SplitWords(written);
  // Each abbreviation is looked up once: Find reads the whole note, and a
  // 30,000-character note repeats one thousands of times.
  std::set<std::string> looked_up;
  for (const ConceptTable::Match& match : concepts.FindMatches(words, written)) {
    if (match.end != match.begin + 1) continue;  // one abbreviation
    if (!looked_up.insert(words[match.begin].raw).second) continue;
    const std::string& name = WrittenNameOf(match.group);
    if (!concepts.IsWrittenAbbreviation(match, words) || name.empty() || !NamesADisease(name))
      continue;
    // Read already under the abbreviation ("copd" is a criteria name): not
    // listed twice (user test: "copd, chronic obstructive pulmonary
    // disease").
    const std::string short_name = AsciiLowercase(words[match.begin].raw);
    if (patient.FindCondition(short_name) != nullptr) continue;
    if (OnlyAVaccine(lower, words[match.begin].raw)) continue;
    AddCondition(patient, name, clinical.Find(words[match.begin].raw));
  }
}

}  // namespace

void ReadConditions(std::string_view text, const CriteriaLexicon& lexicon,
                    const ClinicalText& clinical, Patient& patient) {
  std::set<std::string> looked_up;  // once per name, as above
  const std::string lower_text = AsciiLowercase(std::string(text));
  for (const auto& [name, position] : lexicon.FindConditions(text)) {
    if (!looked_up.insert(name).second) continue;
    if (OnlyAVaccine(lower_text, name)) continue;
    AddCondition(patient, name, clinical.Find(name));
  }
  // "No sleep apnea" denies sleep apnea, not "sleep": a name denied only as
  // part of a longer name denied in the same words is not read (user test:
  // "disrupted sleep" and a sleep-quality score were failed by it).
  std::set<std::string> denied_as_part;
  for (const PatientCondition& part : patient.conditions) {
    if (part.present) continue;
    const std::string words = " " + AsciiLowercase(part.name) + " ";
    for (const PatientCondition& whole : patient.conditions) {
      if (!whole.present && whole.evidence == part.evidence &&
          whole.name.size() > part.name.size() &&
          (" " + AsciiLowercase(whole.name) + " ").find(words) != std::string::npos) {
        denied_as_part.insert(part.name);
      }
    }
  }
  std::erase_if(patient.conditions, [&](const PatientCondition& c) {
    return !c.present && denied_as_part.count(c.name) > 0;
  });
  ReadOneWordDiseases(lexicon, clinical, patient);
  ReadAbbreviatedDiseases(text, clinical, patient);
  static const std::vector<std::pair<std::string, std::vector<std::string_view>>> kInfections = {
      {"hiv", {"hiv", "human immunodeficiency virus"}},
      {"hbv", {"hepatitis b", "hbv", "hep b", "hbsag", "hepatitis b surface antigen"}},
      {"hcv", {"hepatitis c", "hcv", "hep c"}},
      {"tb", {"tuberculosis", "tb"}},
      {"smoking", {"smoking", "smoker", "smokes", "tobacco"}},
  };
  for (const auto& [name, phrases] : kInfections) {
    for (std::string_view phrase : phrases) {
      const Mention mention = clinical.Find(phrase);
      if (mention.status == MentionStatus::kAffirmed || mention.status == MentionStatus::kNegated) {
        AddCondition(patient, name, mention);
        break;
      }
    }
  }
  // A former smoker ("ex smoker 40 pack yrs", "quit smoking in 2010"):
  // smoked, and no longer does. Negation cues ("ex", "quit") alone read it
  // as never smoking (user test: "does not smoke" for 40 pack-years).
  static const Pattern kFormer(
      "(?<!never )(?<!non-)(?<!non )\\b(?:ex[- ]?smoker|former (?:heavy )?smoker|quit smoking|"
      "stopped smoking|gave up smoking|used to smoke|smoked\\b[^.;]{0,40}\\b(?:quit|stopped|gave "
      "up)\\b|\\d+(?:\\.\\d+)?[- ]?(?:pack[- ]?y(?:ea)?rs?|py)\\b|"
      "pack[- ]years?)");
  const std::string lower = NormalizeForMatching(text);
  if (std::optional<PatternMatch> former = kFormer.Find(lower)) {
    static const Pattern kCurrent("\\b(?:current(?:ly)?|active(?:ly)?|still) smok|\\bsmokes\\b");
    const std::string words = former->str();
    PatientCondition smoking{"smoking", true, "", clinical.Find(words).clause};
    if (smoking.evidence.empty()) smoking.evidence = words;
    smoking.resolved = !kCurrent.Search(lower);
    // Every name of it read before ("smoker", "tobacco use"), as current.
    static const std::vector<std::string> kSmokingNames = PatientFacts::Variants("smoking");
    std::erase_if(patient.conditions, [](const PatientCondition& c) {
      const std::string name = AsciiLowercase(c.name);
      return std::any_of(kSmokingNames.begin(), kSmokingNames.end(),
                         [&](const std::string& v) { return AsciiLowercase(v) == name; });
    });
    patient.conditions.push_back(std::move(smoking));
  }
}

void AddInfectionsFromMarkers(Patient& patient) {
  static const Pattern kHbv(
      "^(?:hbsag|hbs ?ag|hepatitis b surface antigen|hbv surface antigen)\\b");
  static const Pattern kHcv(
      "^(?:anti-?hcv|hcv(?: ab| antibod\\w*| rna| viral load)|hepatitis c (?:virus )?"
      "(?:antibod\\w*|rna))\\b");
  static const Pattern kHiv(
      "^(?:anti-?hiv|hiv(?:-?1)?(?:/2)?(?: ab| antibod\\w*| test| rna| "
      "viral load| antigen|$))");
  const std::pair<const Pattern*, const char*> kMarkers[] = {
      {&kHbv, "hbv"}, {&kHcv, "hcv"}, {&kHiv, "hiv"}};
  // Conditions are added, labs are not: iterating the labs is safe.
  for (const PatientLab& lab : patient.labs) {
    if (!lab.positive) continue;
    const std::string name = AsciiLowercase(lab.name);
    for (const auto& [marker, infection] : kMarkers) {
      if (!marker->Search(name) || patient.FindCondition(infection) != nullptr) continue;
      patient.conditions.push_back(
          {infection, *lab.positive, "", lab.name + (*lab.positive ? " positive" : " negative")});
    }
  }
}

}  // namespace trialfinder
