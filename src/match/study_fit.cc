// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "match/study_fit.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>

#include "match/patient_facts.h"
#include "match/receptor_status.h"
#include "text/ascii_case.h"
#include "text/clinical_text.h"
#include "text/concepts.h"
#include "text/normalize.h"
#include "text/pattern.h"
#include "text/words.h"

namespace trialfinder {
namespace {

// "Lupus Erythematosus, Systemic" (MeSH order) -> "systemic lupus
// erythematosus"; "Systemic Lupus Erythematosus (SLE)" -> without the
// parenthesis.
// Case is kept: the concept table knows "SLE" as an abbreviation only in
// capitals.
std::string ReadableName(const std::string& name) {
  std::string out = name;
  const std::size_t paren = out.find(" (");
  if (paren != std::string::npos) out.erase(paren);
  // One comma only: a sponsor's "Diabetes, Hypertension, Obesity" is a
  // list. MeSH headings come here already in natural order.
  const std::size_t comma = out.find(", ");
  if (comma != std::string::npos && out.find(", ", comma + 2) == std::string::npos)
    out = MeshNaturalOrder(out);
  return out;
}

bool IsHealthyName(const std::string& name) {
  const std::string lower = AsciiLowercase(name);
  // "Healthy", "Healthy Japanese Subjects", "Healthy Adult Males
  // Volunteers", "Normal Volunteers".
  static const Pattern kHealthy("^healthy\\b|^(?:normal )?(?:healthy )?volunteers?$");
  return kHealthy.Search(lower);
}

// Leaves out a name broader than another name of the same study (by the
// concept table's links): a study of "End Stage Renal Disease" whose MeSH
// terms add "Kidney Diseases" is about the former, and a patient with
// chronic kidney disease is not known to have it (user test: a kidney
// transplant trial was "likely eligible" for a man with an eGFR of 50).
void DropBroaderNames(std::vector<std::string>& names) {
  const ConceptTable& table = ConceptTable::Builtin();
  std::vector<std::vector<std::size_t>> groups;
  groups.reserve(names.size());
  // The longest names only: "Acute Myeloid Leukemia" is AML, not also
  // "leukemia", which would make it broader than the study's other names.
  for (const std::string& name : names) {
    groups.emplace_back();
    for (const ConceptTable::Match& match : table.FindMatches(SplitWords(name), name))
      groups.back().push_back(match.group);
  }
  std::vector<bool> broader(names.size(), false);
  for (std::size_t a = 0; a < names.size(); ++a) {
    for (std::size_t group : groups[a]) {
      const std::vector<std::size_t>& narrower = table.Narrower(group);
      for (std::size_t b = 0; b < names.size() && !broader[a]; ++b) {
        if (b == a) continue;
        broader[a] = std::any_of(groups[b].begin(), groups[b].end(), [&](std::size_t g) {
          return std::find(narrower.begin(), narrower.end(), g) != narrower.end() &&
                 std::find(groups[a].begin(), groups[a].end(), g) == groups[a].end();
        });
      }
    }
  }
  if (std::all_of(broader.begin(), broader.end(), [](bool b) { return b; })) return;
  std::size_t i = 0;
  std::erase_if(names, [&](const std::string&) { return broader[i++]; });
}

}  // namespace

std::vector<std::string> ConditionNameForms(const std::string& name) {
  std::vector<std::string> forms = {ReadableName(name)};
  const std::size_t open = name.find(" (");
  const std::size_t close = name.find(')', open == std::string::npos ? 0 : open);
  if (open != std::string::npos && close != std::string::npos)
    forms.push_back(name.substr(open + 2, close - open - 2));
  // "SLE - Systemic Lupus Erythematosus", "IIM- Idiopathic ...": each side.
  const std::size_t dash = name.find('-');
  if (dash != std::string::npos && dash > 0 && dash + 1 < name.size() &&
      (name[dash - 1] == ' ' || name[dash + 1] == ' ')) {
    forms.push_back(ReadableName(name.substr(0, dash)));
    forms.push_back(ReadableName(name.substr(dash + 1)));
  }
  for (std::string& form : forms) {
    const std::size_t first = form.find_first_not_of(' ');
    form = first == std::string::npos ? ""
                                      : form.substr(first, form.find_last_not_of(' ') - first + 1);
  }
  std::erase_if(forms, [](const std::string& f) { return f.size() < 2; });
  return forms;
}

// True when `name` and one of `others` share a word other than a generic
// one ("disease", "neoplasms"), word endings ignored.
bool SharesAWord(const std::string& name, const std::vector<std::string>& others) {
  static const std::set<std::string> kGeneric = {
      "disease", "diseases", "disorder", "disorders", "syndrome", "neoplasm", "neoplasms",
      "of",      "the",      "and",      "in",        "with",     "chronic",  "acute"};
  std::set<std::string> stems;
  for (const std::string& word : SplitCriteriaWords(name)) {
    if (kGeneric.count(word) == 0) stems.insert(ComparableStem(word));
  }
  for (const std::string& other : others) {
    for (const std::string& word : SplitCriteriaWords(other)) {
      if (kGeneric.count(word) == 0 && stems.count(ComparableStem(word)) > 0) return true;
    }
  }
  return false;
}

StudyFitResult FitStudy(const Study& study, const PatientFacts& facts) {
  std::vector<std::string> names;
  for (const std::string& condition : study.protocol.conditions.conditions) {
    for (std::string& form : ConditionNameForms(condition)) names.push_back(std::move(form));
  }
  std::vector<std::string> mesh_names;
  for (const MeshTerm& mesh : study.derived.condition_browse.meshes)
    mesh_names.push_back(ReadableName(MeshNaturalOrder(mesh.term)));  // every comma, not just one
  // A one-word MeSH term inside a longer name of the study is the registry's
  // wider heading for it: "Neoplasms" beside "Hematologic Neoplasms" (user
  // test: a blood-cancer trial was about a breast-cancer patient through
  // "Neoplasms"). The record's own conditions stay as written.
  // So is a root heading of MeSH's disease trees ("Neoplasms", "Infections")
  // beside any narrower term.
  static const Pattern kRoot("^(?:neoplasms?|infections?|diseases?|syndromes?)$");
  const std::size_t own = names.size();
  for (const std::string& mesh : mesh_names) {
    const auto holds_it = [&mesh](const std::string& other) {
      return other.size() > mesh.size() && PatientFacts::Contains(other, mesh);
    };
    const bool root = kRoot.Search(AsciiLowercase(mesh)) && mesh_names.size() > 1;
    const bool inside =
        mesh.find(' ') == std::string::npos &&
        (std::any_of(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(own), holds_it) ||
         std::any_of(mesh_names.begin(), mesh_names.end(), holds_it));
    if (!root && !inside) names.push_back(mesh);
  }
  // The study's own conditions, for telling a heading the registry added.
  std::vector<std::string> own_names(names.begin(),
                                     names.begin() + static_cast<std::ptrdiff_t>(own));
  std::erase_if(own_names, [](const std::string& n) { return n.size() < 3 || IsHealthyName(n); });
  std::erase_if(names, [](const std::string& n) { return n.size() < 3; });
  if (names.empty()) return {StudyFit::kNoConditions, "the study lists no condition", {}};
  // A study that takes healthy volunteers and says so in its title ("...
  // in Young Healthy Caucasian Male Subjects") whatever condition it lists:
  // for a healthy volunteer (user test: "about another condition"), and
  // not for a patient with the condition it lists (user test: a phase 1
  // study "in Adult Healthy Subjects" listing rheumatoid arthritis was
  // about a woman with RA).
  // Not one that also takes patients ("in Healthy Subjects and Patients
  // With RA").
  static const Pattern kHealthyTitle("(?<!un)\\bhealthy\\b", PatternCase::kInsensitive);
  static const Pattern kPatientsToo(
      "\\bpatients?\\b|\\b(?:subjects|participants|people|adults|children|individuals)\\s+"
      "(?:with|who)\\b",
      PatternCase::kInsensitive);
  const auto healthy_only = [&](const std::string& title) {
    return kHealthyTitle.Search(title) && !kPatientsToo.Search(title);
  };
  if (study.protocol.eligibility.healthy_volunteers == true &&
      (healthy_only(study.protocol.identification.brief_title) ||
       healthy_only(study.protocol.identification.official_title))) {
    return {StudyFit::kHealthyVolunteers, "a study of healthy volunteers", {}};
  }
  // Its own conditions that name a receptor status all of one the record
  // contradicts ("HER2-positive Breast Cancer" beside "Neoplasm
  // Metastasis", for a HER2-negative woman): about other patients,
  // whatever MeSH heading ("Breast Neoplasms") it shares with hers (user
  // test: ranked first for her).
  std::string contradicted;
  bool any_status = false;
  bool one_holds = false;
  for (const std::string& name : own_names) {
    const std::optional<ReceptorJudgement> status =
        JudgeReceptorStatus(NormalizeForMatching(name), facts);
    if (!status) continue;
    any_status = true;
    if (status->judgement.truth != Truth::kFalse) {
      one_holds = true;
    } else if (contradicted.empty()) {
      // "record: ER positive, HER2 negative; the criterion asks for ..."
      std::string given = status->judgement.evidence;
      given = given.substr(0, given.find("; "));
      if (given.rfind("record: ", 0) == 0) given = given.substr(8);
      contradicted = AsciiLowercase(name) + ", which the record rules out (" + given + ")";
    }
  }
  if (any_status && !one_holds) return {StudyFit::kOtherConditions, "studies " + contradicted, {}};
  DropBroaderNames(names);
  // The course of the disease is the criteria's to check: "Relapsed ALL",
  // "Refractory Acute Myeloid Leukemia", "Childhood Asthma" study ALL, AML
  // and asthma (user test: a relapsed-ALL trial "studies relapse ALL, which
  // the patient is not known to have" for a boy with ALL).
  static const Pattern kCourse(
      "^(?:(?:(?:in\\s+)?(?:(?:first|second|1st|2nd)\\s+)?relapsed?|refractory|recurrent|"
      "relapsing|resistant|r/r|newly diagnosed|"
      "untreated|previously treated|advanced|metastatic|locally advanced|early|late|severe|"
      "moderate|mild|chronic|active|pediatric|paediatric|childhood|adult|adolescent|"
      "high-risk|high risk|low-risk|low risk)(?:\\s*(?:/|or|and|,)\\s*|\\s+))+");
  for (const std::string& name : names) {
    if (IsHealthyName(name)) continue;
    Finding finding = facts.Condition(name);
    if (finding.truth != Truth::kTrue) {
      const std::string lower = AsciiLowercase(name);
      if (std::optional<PatternMatch> course = kCourse.Find(lower);
          course && course->length() < lower.size()) {
        const Finding core = facts.Condition(lower.substr(course->length()));
        if (core.truth == Truth::kTrue) finding = core;
      }
    }
    // A category whose trials usually take people with the patient's
    // condition ("Non-small Cell Lung Cancer" for lung adenocarcinoma,
    // "Acute Leukemia" for AML): the table's "broader >> narrower" links.
    if (finding.truth != Truth::kTrue) {
      for (const PatientCondition& condition : facts.patient().conditions) {
        if (!condition.present) continue;
        for (const std::string& including : facts.IncludingOf(condition.name)) {
          if (PatientFacts::Contains(including, name) && PatientFacts::Contains(name, including)) {
            finding = {Truth::kTrue,
                       PatientFacts::DescribeEvidence(condition.evidence, condition.name) +
                           std::string(kKindOf) + AsciiLowercase(name)};
            break;
          }
        }
        if (finding.truth == Truth::kTrue) break;
      }
    }
    // "HER2-negative Breast Cancer" for a HER2-negative woman with breast
    // cancer: the status holds, the rest is her disease.
    if (finding.truth != Truth::kTrue) {
      const std::optional<ReceptorJudgement> status =
          JudgeReceptorStatus(NormalizeForMatching(name), facts);
      if (status && status->judgement.truth == Truth::kTrue) {
        const std::vector<std::string> rest = SplitCriteriaWords(status->rest);
        std::string core;
        for (const std::string& word : rest) core += (core.empty() ? "" : " ") + word;
        if (!core.empty() && facts.Condition(core).truth == Truth::kTrue)
          finding = facts.Condition(core);
      }
    }
    if (finding.truth == Truth::kTrue) {
      StudyFitResult result{StudyFit::kStudiesPatientCondition,
                            "studies " + AsciiLowercase(name) + " (" + finding.evidence + ")",
                            finding.evidence};
      if (!own_names.empty() && !SharesAWord(name, own_names)) {
        result.added_heading_only = true;
        std::string listed;
        for (const std::string& condition : study.protocol.conditions.conditions)
          listed += (listed.empty() ? "" : "; ") + AsciiLowercase(condition);
        result.evidence = "the registry's MeSH terms add " + AsciiLowercase(name) + " (" +
                          finding.evidence + "), but the study lists " + listed +
                          ", which the patient is not known to have";
      }
      return result;
    }
  }
  // A kind of the patient's disease, in a category whose trials take it
  // (the table's ">>": NSCLC for "lung cancer", Alzheimer disease for
  // "dementia"): about the patient, though which kind they have is not
  // known, so "possibly eligible" at most (user test: NSCLC trials were
  // "about another condition" for a woman with lung cancer).
  // The present conditions' variants, in order, once (and only for a study
  // that names such a kind).
  std::optional<std::vector<std::vector<std::string>>> condition_variants;
  for (const std::string& name : own_names) {
    const std::vector<std::string> including = PatientFacts::IncludingVariants(name);
    if (including.empty()) continue;
    if (!condition_variants) {
      condition_variants.emplace();
      for (const PatientCondition& condition : facts.patient().conditions) {
        if (condition.present)
          condition_variants->push_back(PatientFacts::Variants(condition.name));
      }
    }
    std::size_t present = 0;
    for (const PatientCondition& condition : facts.patient().conditions) {
      if (!condition.present) continue;
      const std::vector<std::string>& variants = (*condition_variants)[present++];
      const bool broader = std::any_of(variants.begin(), variants.end(), [&](const auto& v) {
        return std::find(including.begin(), including.end(), v) != including.end();
      });
      if (!broader) continue;
      const std::string evidence =
          PatientFacts::DescribeEvidence(condition.evidence, condition.name);
      StudyFitResult result{StudyFit::kStudiesPatientCondition,
                            "studies " + AsciiLowercase(name) + ", a kind of " + condition.name +
                                " (" + evidence + "); which kind the patient has is not known",
                            evidence};
      result.added_heading_only = true;
      return result;
    }
  }
  if (std::all_of(names.begin(), names.end(), IsHealthyName)) {
    return {StudyFit::kHealthyVolunteers, "a study of healthy volunteers", {}};
  }
  return {StudyFit::kOtherConditions,
          "studies " + AsciiLowercase(names.front()) + ", which the patient is not known to have",
          {}};
}

bool HasKnownCondition(const Patient& patient) {
  return std::any_of(patient.conditions.begin(), patient.conditions.end(),
                     [](const PatientCondition& c) { return c.present; });
}

std::optional<std::string> CohortRulesOut(const std::string& cohort, const Patient& patient) {
  static const Pattern kMale("\\b(?:males?|men|man|boys?)\\b");
  static const Pattern kFemale(
      "\\b(?:females?|women|woman|girls?|post-?menopausal|pregnan\\w*)\\b");
  // "child-bearing", "childbearing" and "children's hospital" are not
  // about children.
  static const Pattern kChild(
      "\\b(?:pediatric|paediatric|child(?!-? ?bearing)|children(?!'s)|adolescents?|infants?|"
      "neonates?|juvenile)\\b");
  static const Pattern kAdult("\\b(?:adults?|elderly|older)\\b");
  const std::string lower = AsciiLowercase(cohort);
  // "for participant without T2D" is not for a patient with type 2
  // diabetes, "with T2D" not for one the record says has none.
  static const Pattern kWithWithout("\\b(with|without)\\s+([^,;:()]{2,40})$");
  if (std::optional<PatternMatch> whom = kWithWithout.Find(lower)) {
    const bool without = whom->str(1) == "without";
    const std::vector<std::string> variants = PatientFacts::Variants(whom->str(2));
    for (const PatientCondition& condition : patient.conditions) {
      const bool named = std::any_of(variants.begin(), variants.end(), [&](const std::string& v) {
        return PatientFacts::Contains(condition.name, v);
      });
      if (named && condition.present == without)
        return std::string(without ? "for people without " : "for people with ") + whom->str(2);
    }
  }
  const bool male = kMale.Search(lower);
  const bool female = kFemale.Search(lower);
  if (patient.sex == "FEMALE" && male && !female) return "about men only";
  if (patient.sex == "MALE" && female && !male) return "about women only";
  if (patient.age_years) {
    const bool child = kChild.Search(lower);
    const bool adult = kAdult.Search(lower);
    if (*patient.age_years >= 18 && child && !adult) return "about children only";
    if (*patient.age_years < 18 && adult && !child) return "about adults only";
  }
  return std::nullopt;
}

std::vector<std::string> StudyTopics(const Study& study) {
  std::vector<std::string> topics;
  for (const std::string& condition : study.protocol.conditions.conditions) {
    for (const std::string& form : ConditionNameForms(condition)) topics.push_back(form);
  }
  for (const auto* terms :
       {&study.derived.condition_browse.meshes, &study.derived.condition_browse.ancestors}) {
    for (const MeshTerm& mesh : *terms) topics.push_back(ReadableName(mesh.term));
  }
  for (std::string& topic : topics) topic = AsciiLowercase(topic);
  return topics;
}

std::optional<std::string> SubjectRulesOut(const std::string& lower, const Patient& patient) {
  // "Males of childbearing potential must use contraception" is about men
  // only: not a woman's criterion (and the reverse). Read from the
  // criterion's first words, where its subject is; "Female patients only"
  // is a requirement, judged as one.
  static const Pattern kSubjectFirst(
      "^\\W*(?:\\w+\\s+){0,2}?(?:males?|men|man|boys?|females?|women|woman|girls?|"
      "post-?menopausal)\\b");
  static const Pattern kOnly("\\bonly\\b");
  // "Male subjects weigh >= 50 kg, female subjects >= 45 kg" is for both;
  // "Females ... ensure male partners use contraception" is not.
  static const Pattern kMale(
      "\\b(?:males?|men|boys)\\s+(?:subjects?|participants?|patients?|volunteers?)\\b");
  static const Pattern kFemale(
      "\\b(?:females?|women|girls)\\s+(?:subjects?|participants?|patients?|volunteers?)\\b");
  // Within the sentence the subject opens, as that is what it governs.
  const std::string first_sentence = lower.substr(0, lower.find(". "));
  // The other sex named later in the sentence as people the criterion is
  // about, not as partners: "Women who are pregnant ... or women/men who
  // are planning to have children" is about men too (user test: "about
  // women only" for a man).
  static const Pattern kMen("\\b(?:males?|men|man|boys?)\\b(?!\\s+(?:sexual\\s+)?partners?)");
  static const Pattern kWomen(
      "\\b(?:females?|women|woman|girls?)\\b(?!\\s+(?:sexual\\s+)?partners?)");
  const bool both_sexes = (kMale.Search(first_sentence) && kFemale.Search(first_sentence)) ||
                          (kMen.Search(first_sentence) && kWomen.Search(first_sentence));
  if (kSubjectFirst.Search(lower) && !kOnly.Search(lower) && !both_sexes) {
    // A partner is no subject: "Male participant with pregnant partner(s)"
    // is about men (user test: "probably met" for a woman).
    static const Pattern kPartner(
        "\\b(?:pregnant|female|male|women|men|woman|man)\\s+(?:sexual\\s+)?partners?\\b");
    const std::string subject = kPartner.ReplaceAll(lower.substr(0, 40), "partner");
    return CohortRulesOut(subject, patient);
  }
  return std::nullopt;
}

}  // namespace trialfinder
