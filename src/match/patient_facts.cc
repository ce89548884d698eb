// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "match/patient_facts.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "match/operations.h"
#include "text/ascii_case.h"
#include "text/cancer_stage.h"
#include "text/concepts.h"
#include "text/drugs.h"
#include "text/normalize.h"
#include "text/words.h"

namespace trialfinder {
namespace {

bool IsCommonWord(const std::string& word);

// Whether a condition the record denies (`denied`) rules out the
// criterion's `name`, looked up as `variant`: the same or broader ("no
// cancer" rules out lung cancer). A denied narrower kind does not rule
// out the broader disease ("no lupus nephritis" leaves lupus; user test:
// "Clinical diagnosis of SLE" was failed by it), unless the name is no
// disease on its own ("no history of smoking" for "smoking history").
// An answer to a question ("No" to "active infection") was asked of the
// criterion itself, and covers either way.
bool DeniedCovers(const PatientCondition& denied_condition, const std::string& variant,
                  const std::string& name) {
  const std::string& denied = denied_condition.name;
  if (PatientFacts::Contains(variant, denied)) return true;
  if (denied_condition.evidence.rfind("answered", 0) == 0)
    return PatientFacts::Contains(denied, variant);
  if (!PatientFacts::Contains(denied, name)) return false;
  if (PatientFacts::Contains(name, denied)) return true;
  if (NamesADisease(name)) return false;
  // The denied name's other words must be common ones ("history of"): "no
  // sleep apnea" does not deny "sleep" (user test: "disrupted sleep" was
  // failed by it).
  const std::string name_words = " " + AsciiLowercase(name) + " ";
  for (const Word& word : SplitWords(denied)) {
    if (name_words.find(" " + word.raw + " ") == std::string::npos && !IsCommonWord(word.raw))
      return false;
  }
  return true;
}

using StemList = std::shared_ptr<const std::vector<std::string>>;

// The comparable stems of `text`'s words. Matching compares the same
// criteria and names again and again (for each of a patient's names and
// their variants, in every candidate trial): stemming them was 39 % of a
// /match request's time under perf. So the process keeps the texts it
// stemmed in a direct-mapped cache shared by the server's threads (a cache
// per thread held too few slots for one request's 3,000 criteria, and each
// of the eight workers stemmed every criterion again: still 13 % of a
// request). A collision only costs stemming again, and the cache never
// grows: texts longer than kCachedBytes are stemmed each time, so it holds
// at most kSlots x (600 bytes and their stems), about 60 MB, and about
// 15 MB for criteria as written (95 % of the sample's are under 300 bytes).
// The cache is a memo of a pure function: nothing it holds can change a
// result.
StemList Stems(const std::string& text) {
  auto stem = [&text] {
    auto stems = std::make_shared<std::vector<std::string>>();
    for (const std::string& word : SplitCriteriaWords(text)) stems->push_back(ComparableStem(word));
    return StemList(std::move(stems));
  };
  constexpr std::size_t kCachedBytes = 600;
  if (text.size() > kCachedBytes) return stem();
  struct Slot {
    std::string text;
    StemList stems;
  };
  constexpr std::size_t kSlots = 16384;  // a power of two
  constexpr std::size_t kShards = 16;    // locks, so that threads seldom wait
  struct Cache {
    std::array<std::mutex, kShards> locks;
    std::vector<Slot> slots = std::vector<Slot>(kSlots);
  };
  static Cache cache;
  const std::size_t at = std::hash<std::string>{}(text) & (kSlots - 1);
  std::mutex& lock = cache.locks[at % kShards];
  {
    const std::lock_guard<std::mutex> held(lock);
    const Slot& slot = cache.slots[at];
    if (slot.stems && slot.text == text) return slot.stems;
  }
  StemList stems = stem();
  const std::lock_guard<std::mutex> held(lock);
  Slot& slot = cache.slots[at];
  slot.text = text;
  slot.stems = stems;
  return stems;
}

// Contains() on stems already computed.
bool ContainsStems(const std::vector<std::string>& outer, const std::vector<std::string>& inner) {
  if (inner.empty() || inner.size() > outer.size()) return false;
  // "small cell lung cancer" is not in "non-small cell lung cancer": a
  // match right after "non" names the opposite.
  // Concept variants come as stems ("cns metastas"), which stem again to
  // something else: a word of the text also matches its stem's stem (computed
  // only where the first word matched so: ComparableStem is not free).
  auto same = [](const std::string& word, const std::string& wanted) {
    return word == wanted ||
           (word.size() >= wanted.size() && word.compare(0, 2, wanted, 0, 2) == 0 &&
            ComparableStem(word) == wanted);
  };
  for (auto at = outer.begin();;) {
    at = std::search(at, outer.end(), inner.begin(), inner.end(), same);
    if (at == outer.end()) return false;
    if (at == outer.begin() || *(at - 1) != "non") return true;
    ++at;
  }
}

std::string JoinWords(const std::vector<std::string>& words) {
  return fmt::format("{}", fmt::join(words, " "));
}

// A drug class a criterion names ("immunosuppressants"): its members
// (text/drugs.h), empty for a name that is not a class.
const std::vector<std::string>& ClassMembers(const std::string& name) {
  return DrugTable::Builtin().Members(name);
}

// Words too common in criteria and case notes to show that a criterion
// is about something in the record.
bool IsCommonWord(const std::string& word) {
  static const std::set<std::string, std::less<>> kGeneric = {
      "patient",    "patients",  "subject",      "subjects", "participant", "participants",
      "history",    "known",     "prior",        "previous", "previously",  "current",
      "currently",  "treatment", "treated",      "therapy",  "therapies",   "within",
      "month",      "months",    "week",         "weeks",    "year",        "years",
      "days",       "study",     "disease",      "diseases", "diagnosis",   "diagnosed",
      "including",  "other",     "severe",       "active",   "chronic",     "acute",
      "have",       "having",    "been",         "from",     "that",        "which",
      "than",       "more",      "less",         "before",   "after",       "screening",
      "enrollment", "enrolment", "investigator", "opinion",  "condition",   "conditions",
      "medical",    "clinical",  "significant",  "evidence", "using",       "received",
      "receiving",  "time",      "first",        "dose",     "last",        "following",
      "defined",    "such",      "must",         "will",     "should",      "would",
      "could",      "test",      "positive",     "negative", "level",       "levels",
      "normal",     "abnormal",  "presence",     "present",  "presents",    "presented",
      "hospital",   "admission", "admitted",     "days",     "hours",       "today",
      "recent",     "recently",  "also",         "this",     "with",        "without",
      "were",       "when",      "while",        "during",   "since",       "about",
      "into",       "over",      "under",        "them",     "their",       "there",
      "these",      "those",     "female",       "male",     "woman",       "women",
      "year-old",   "old",       "aged",         "age",      "reports",     "report",
      "reported",   "shows",     "showed",       "normal",   "left",        "right",
      "status",     "type",      "onset",        "cell",     "cells",       "small",
      "large",      "lung",      "cancer",       "tumor",    "tumour",      "tumors",
      "hormone",    "hormonal",  "agent",        "agents",   "drug",        "drugs"};
  return word.empty() || kGeneric.count(word) > 0 || IsStopword(word) ||
         std::isdigit(static_cast<unsigned char>(word[0]));
}

// Whether every occurrence of `word` in `clause` is followed by another
// word that is not a stopword ("sleep apnea", "sleep study"), as the first
// word of a longer name; false when it stands alone ("no sleep at night").
bool OnlyInCompounds(const std::string& clause, const std::string& word) {
  const std::string lower = AsciiLowercase(clause);
  const auto letter = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  bool any = false;
  for (std::size_t at = lower.find(word); at != std::string::npos;
       at = lower.find(word, at + word.size())) {
    const std::size_t end = at + word.size();
    if ((at > 0 && letter(lower[at - 1])) || (end < lower.size() && letter(lower[end]))) continue;
    any = true;
    // Another word right after it, across one space, not across
    // punctuation ("no sleep, apnea") and not a stopword ("no sleep at night").
    if (end + 1 >= lower.size() || lower[end] != ' ' || !letter(lower[end + 1])) return false;
    std::size_t next_end = end + 1;
    while (next_end < lower.size() && letter(lower[next_end])) ++next_end;
    if (IsStopword(lower.substr(end + 1, next_end - end - 1))) return false;
  }
  return any;
}

bool IsGenericWord(const std::string& word) { return word.size() < 4 || IsCommonWord(word); }

}  // namespace

std::string PatientFacts::DescribeEvidence(const std::string& evidence, const std::string& name) {
  return evidence.empty() || evidence == "record" ? "record: " + name : evidence;
}

PatientFacts::PatientFacts(const Patient& patient)
    : patient_(patient), text_(patient.description, patient.described_relation) {
  const DrugTable& drugs = DrugTable::Builtin();
  // `name` as the criterion may write it, `shown` as the patient gave it.
  const auto add = [this](const std::string& name, const std::string& shown) {
    const std::string lower = AsciiLowercase(name);
    // A one-word name must say something: "cell" or "disease" does not;
    // "SLE" does.
    if (lower.find(' ') == std::string::npos && (lower.size() < 3 || IsCommonWord(lower))) return;
    // Kept once per fact: whether a name counts depends on the fact
    // ("malignant" for two names of one breast cancer).
    const std::pair<std::string, std::string> entry(lower, shown);
    if (std::find(record_names_.begin(), record_names_.end(), entry) == record_names_.end()) {
      record_names_.push_back(entry);
      record_name_stems_.push_back(*Stems(lower));
    }
  };
  for (const PatientCondition& condition : patient.conditions) {
    if (!condition.present) continue;
    for (const std::string& variant : Variants(condition.name)) add(variant, condition.name);
    // A cancer is a malignancy: "other malignancies" is about it too.
    if (NamesACancer(AsciiLowercase(condition.name))) {
      for (const char* word : {"malignancy", "malignancies", "malignant"})
        add(word, condition.name);
    }
  }
  for (const PatientTreatment& treatment : patient.treatments) {
    if (treatment.response == "never received") continue;
    add(treatment.name, treatment.name);
    const std::string generic = drugs.GenericOf(treatment.name).value_or(treatment.name);
    add(generic, treatment.name);
    for (const std::string& drug_class : drugs.ClassesOf(generic))
      add(drug_class, treatment.name + " (" + drug_class + ")");
  }
  for (const PatientLab& lab : patient.labs) add(lab.name, lab.name);
  for (const ClinicalText::Clause& clause : text_.clauses()) {
    for (const ClinicalText::Word& word : clause.words) {
      if (word.status == MentionStatus::kAffirmed && !IsGenericWord(word.text))
        description_words_.emplace(word.stem, word.text);
    }
  }
}

std::vector<std::pair<std::string, std::string>> PatientFacts::NamesInCriterion(
    const std::string& criterion_text) const {
  std::vector<std::pair<std::string, std::string>> names;
  const StemList criterion = Stems(criterion_text);  // once, not per name
  for (std::size_t i = 0; i < record_names_.size(); ++i) {
    if (!ContainsStems(*criterion, record_name_stems_[i])) continue;
    // A short name written in mixed case ("eGFR", "hCG") is that name only
    // as written: "EGFR" in a lung cancer criterion is the gene (user
    // test: "the record mentions eGFR" on EGFR mutation criteria).
    const std::string& shown = record_names_[i].second;
    const bool mixed_case =
        shown.size() <= 6 &&
        std::any_of(shown.begin(), shown.end(), [](char c) { return c >= 'a' && c <= 'z'; }) &&
        std::any_of(shown.begin(), shown.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    if (mixed_case && criterion_text.find(shown) == std::string::npos) continue;
    names.push_back(record_names_[i]);
  }
  return names;
}

std::string PatientFacts::DescriptionWordIn(const std::string& criterion_text) const {
  if (description_words_.empty()) return "";
  for (const std::string& word : SplitCriteriaWords(AsciiLowercase(criterion_text))) {
    if (IsGenericWord(word)) continue;
    auto found = description_words_.find(ComparableStem(word));
    if (found != description_words_.end()) return found->second;
  }
  return "";
}

bool PatientFacts::Contains(const std::string& whole, const std::string& part) {
  return ContainsStems(*Stems(whole), *Stems(part));
}

std::vector<std::string> PatientFacts::Variants(const std::string& name) {
  std::vector<std::string> variants = {name};
  const ConceptTable& concepts = ConceptTable::Builtin();
  const std::string looked_up = WithoutPossessiveS(name);
  const std::vector<Word> words = SplitWords(looked_up);
  std::vector<ConceptTable::Match> matches = concepts.FindMatches(words, looked_up);
  // Criteria lexicons give names in lower case; the concept table knows
  // abbreviations ("NSCLC", "SLE") in capitals only, so one short word is
  // also looked up as capitals.
  if (matches.empty() && words.size() == 1 && name.size() <= 6 &&
      std::all_of(name.begin(), name.end(),
                  [](char c) { return std::isalnum(static_cast<unsigned char>(c)); })) {
    const std::string upper = AsciiUppercase(name);
    matches = concepts.FindMatches(SplitWords(upper), upper);
  }
  for (const ConceptTable::Match& match : matches) {
    // Only a concept naming the whole name: "lupus" in "lupus nephritis"
    // must not make every lupus name a variant.
    if (match.begin != 0 || match.end != words.size()) continue;
    for (const ConceptTable::Name& member : concepts.Names(match.group)) {
      std::string variant = JoinWords(member);
      // Short abbreviations that are also words ("all", "as") would match
      // everywhere in lower-case text.
      if (member.size() == 1 && (IsStopword(variant) || variant.size() < 2)) continue;
      if (std::find(variants.begin(), variants.end(), variant) == variants.end())
        variants.push_back(variant);
    }
  }
  return variants;
}

namespace {

// Names of the groups linked to the concept `name` names as a whole, by
// `links` (ConceptTable::Narrower or Broader).
template <typename Links>
std::vector<std::string> LinkedVariants(const std::string& written, Links links) {
  const std::string name = WithoutPossessiveS(written);
  std::vector<std::string> variants;
  const ConceptTable& concepts = ConceptTable::Builtin();
  const std::vector<Word> words = SplitWords(name);
  for (const ConceptTable::Match& match : concepts.FindMatches(words, name)) {
    if (match.begin != 0 || match.end != words.size()) continue;  // the whole name only
    for (std::size_t group : links(concepts, match.group)) {
      for (const ConceptTable::Name& member : concepts.Names(group)) {
        std::string variant = JoinWords(member);
        if (member.size() == 1 && (IsStopword(variant) || variant.size() < 2)) continue;
        if (std::find(variants.begin(), variants.end(), variant) == variants.end()) {
          variants.push_back(std::move(variant));
        }
      }
    }
  }
  return variants;
}

}  // namespace

std::vector<std::string> PatientFacts::NarrowerVariants(const std::string& name) {
  return LinkedVariants(
      name, [](const ConceptTable& table, std::size_t group) { return table.Narrower(group); });
}

std::vector<std::string> PatientFacts::BroaderVariants(const std::string& name) {
  return LinkedVariants(
      name, [](const ConceptTable& table, std::size_t group) { return table.Broader(group); });
}

std::vector<std::string> PatientFacts::IncludingVariants(const std::string& name) {
  return LinkedVariants(
      name, [](const ConceptTable& table, std::size_t group) { return table.Including(group); });
}

const std::vector<std::string>& PatientFacts::IncludingOf(const std::string& name) const {
  auto [known, added] = including_.try_emplace(name);
  if (added) known->second = IncludingVariants(name);
  return known->second;
}

const std::vector<std::string>& PatientFacts::VariantsAndBroader(const std::string& name) const {
  auto [known, added] = variants_and_broader_.try_emplace(name);
  if (added) {
    known->second = Variants(name);
    for (std::string& broader : BroaderVariants(name)) known->second.push_back(std::move(broader));
  }
  return known->second;
}

Mention PatientFacts::FindVariant(const std::string& variant) const {
  // The capitals-only members, as Variants writes them (stems joined).
  static const std::set<std::string> kAbbreviations = [] {
    std::set<std::string> names;
    const ConceptTable& concepts = ConceptTable::Builtin();
    for (std::size_t group = 0; group < concepts.size(); ++group) {
      const std::vector<ConceptTable::Name>& members = concepts.Names(group);
      for (std::size_t m = 0; m < members.size(); ++m) {
        if (concepts.CapitalsOnly(group, m)) names.insert(JoinWords(members[m]));
      }
    }
    return names;
  }();
  const std::string lower = AsciiLowercase(variant);
  if (kAbbreviations.count(lower) > 0) {
    if (!written_abbreviations_) {
      // The abbreviations the description writes as the table does, but
      // not as a vaccine ("had RSV shot": user test).
      written_abbreviations_.emplace();
      const ConceptTable& concepts = ConceptTable::Builtin();
      const std::string& text = patient_.description;
      const std::string lower_text = AsciiLowercase(text);
      const std::vector<Word> words = SplitWords(text);
      for (const ConceptTable::Match& m : concepts.FindMatches(words, text)) {
        const std::string& stem = words[m.begin].stemmed;
        if (concepts.IsWrittenAbbreviation(m, words) && !OnlyAVaccine(lower_text, stem))
          written_abbreviations_->insert(stem);
      }
    }
    if (written_abbreviations_->count(lower) == 0) return {};
  }
  Mention mention = text_.Find(variant);
  // "No sleep apnea" denies sleep apnea, not "sleep": a one-word name that
  // is no disease, denied only as the first word of a longer name, is not
  // denied (user test: "disrupted sleep" was failed by it).
  if (mention.status == MentionStatus::kNegated && lower.find(' ') == std::string::npos &&
      !NamesADisease(lower) && OnlyInCompounds(mention.clause, lower)) {
    return {};
  }
  return mention;
}

Finding PatientFacts::Condition(const std::string& name) const {
  auto [known, added] = conditions_.try_emplace(name);
  if (added) known->second = LookUpCondition(name);
  return known->second;
}

Finding PatientFacts::LookUpCondition(const std::string& name) const {
  const std::vector<std::string> variants = Variants(name);
  for (const PatientCondition& condition : patient_.conditions) {
    for (const std::string& variant : variants) {
      // Present: the patient's condition is the criterion's or a kind of it.
      // Absent: a broader absent condition rules out the narrower one too.
      if (condition.present && Contains(condition.name, variant)) {
        return {Truth::kTrue, DescribeEvidence(condition.evidence, condition.name),
                condition.resolved};
      }
      if (!condition.present && DeniedCovers(condition, variant, name)) {
        return {Truth::kFalse, DescribeEvidence(condition.evidence, "no " + condition.name)};
      }
    }
  }
  // A kind of it: the patient's lupus is an autoimmune disease (the concept
  // table's "broader > narrower" links; only those it writes).
  for (const std::string& narrower : NarrowerVariants(name)) {
    for (const PatientCondition& condition : patient_.conditions) {
      // Unknown, never true: "overlap autoimmune diseases not in the
      // studied cohorts" names autoimmune diseases and excludes no lupus
      // patient. A person decides; nothing is assumed away either.
      if (condition.present && Contains(condition.name, narrower)) {
        // A category whose trials take people with the patient's disease
        // (the table's ">>": NSCLC for lung adenocarcinoma, dementia for
        // Alzheimer disease) is had: the disease is one of it (user test:
        // "Histologically confirmed NSCLC" was "needs review" for a lung
        // adenocarcinoma).
        const std::vector<std::string>& including = IncludingOf(condition.name);
        const bool one_of_it = std::any_of(variants.begin(), variants.end(), [&](const auto& v) {
          return std::find(including.begin(), including.end(), v) != including.end();
        });
        if (one_of_it) {
          return {Truth::kTrue, DescribeEvidence(condition.evidence, condition.name),
                  condition.resolved, true};
        }
        return {Truth::kUnknown, DescribeEvidence(condition.evidence, condition.name) +
                                     std::string(kKindOf) + name +
                                     ": whether the criterion means it "
                                     "needs review"};
      }
    }
  }
  Finding best;
  for (const std::string& variant : variants) {
    const Mention mention = FindVariant(variant);
    if (mention.status == MentionStatus::kAffirmed) return {Truth::kTrue, mention.clause};
    if (mention.status == MentionStatus::kNegated) best = {Truth::kFalse, mention.clause};
    // Suspected, or to be ruled out: worth a look, neither had nor denied.
    if (mention.status == MentionStatus::kUncertain && best.truth == Truth::kNotReported)
      best = {Truth::kUnknown, mention.clause + " (not confirmed)"};
  }
  // A kind of it the note names, or suspects ("evaluated for possible
  // pulmonary embolism" for "thromboembolic events"): worth a look, never
  // assumed away (user test). After the record's conditions, whose
  // evidence names them, and after the name itself affirmed: a note that
  // says "thromboembolic events" and "possible pulmonary embolism" has the
  // former.
  for (const std::string& narrower : NarrowerVariants(name)) {
    const Mention mention = FindVariant(narrower);
    if (mention.status == MentionStatus::kAffirmed || mention.status == MentionStatus::kUncertain) {
      return {Truth::kUnknown, mention.clause + std::string(kKindOf) + name +
                                   ": whether the criterion means it needs review"};
    }
  }
  // "No kidney problems" rules out chronic kidney disease: the absence of
  // a broader condition (the concept table's links) is that of every kind
  // of it. Its presence says nothing of which kind.
  if (best.truth == Truth::kNotReported) {
    for (const std::string& broader : BroaderVariants(name)) {
      Mention mention = FindVariant(broader);
      if (mention.status == MentionStatus::kNegated) {
        best = {Truth::kFalse, std::move(mention.clause)};
        break;
      }
    }
  }
  // "Surgery", "prior surgery": an operation the record lists or the note
  // affirms ("radical prostatectomy") is one (user test: "Have you had
  // surgery?" was asked after a prostatectomy). Whether it was "major" is
  // not known from its name.
  static const Pattern kSurgery(
      "^(?:(prior|previous|major|any)\\s+)?(?:surgery|surgeries|surgical procedures?|"
      "operations?)$");
  if (best.truth == Truth::kNotReported) {
    if (std::optional<PatternMatch> surgery = kSurgery.Find(AsciiLowercase(name))) {
      if (std::optional<RecordedOperation> operation = OperationInRecord(patient_, text_)) {
        if (surgery->str(1) == "major")
          return {Truth::kUnknown, operation->evidence + "; whether " + operation->name +
                                       " was major surgery is not known"};
        return {Truth::kTrue, operation->evidence};
      }
    }
  }
  // "I have no medical conditions": a disease the record does not name is
  // absent, as the person said (user test: a healthy volunteer was
  // "unknown" for "relapsed B-cell leukemia").
  // Diseases only: "have a cervix" is no condition a healthy person lacks.
  if (best.truth == Truth::kNotReported && patient_.healthy && NamesADisease(name)) {
    return {Truth::kFalse, std::string(kHealthyEvidence)};
  }
  return best;
}

Finding PatientFacts::Treatment(const std::string& name, std::string* response,
                                std::string* which) const {
  const std::vector<std::string>& members = ClassMembers(name);
  for (const PatientTreatment& treatment : patient_.treatments) {
    const bool member = std::any_of(members.begin(), members.end(), [&](const std::string& m) {
      return Contains(treatment.name, m);
    });
    const bool named = Contains(treatment.name, name) || Contains(name, treatment.name);
    if (!member && !named) continue;
    // Never pembrolizumab is not never any checkpoint inhibitor (user
    // test): a member never taken says nothing of its class.
    if (treatment.response == "never received") {
      if (!named) continue;
      return {Truth::kFalse, DescribeEvidence(treatment.evidence, "never " + treatment.name)};
    }
    if (response) *response = treatment.response;
    if (which) *which = treatment.name;
    return {Truth::kTrue, DescribeEvidence(treatment.evidence, treatment.name)};
  }
  const Mention mention = text_.Find(name);
  if (mention.status == MentionStatus::kAffirmed) {
    if (which) *which = name;
    return {Truth::kTrue, mention.clause};
  }
  if (mention.status == MentionStatus::kNegated) return {Truth::kFalse, mention.clause};
  if (mention.status == MentionStatus::kUncertain)
    return {Truth::kUnknown, mention.clause + " (not confirmed)"};
  return {};
}

bool PatientFacts::CouldBePregnant() const {
  if (patient_.sex == "MALE") return false;
  if (patient_.age_years && (*patient_.age_years < 10 || *patient_.age_years >= 55)) return false;
  return true;
}

bool NamesADisease(const std::string& name) {
  static const Pattern kDisease(
      "cancer|carcinoma|leuk[a]?emia|lymphoma|myeloma|tumou?r|neoplasm|malignan|sarcoma|"
      "melanoma|disease|disorder|syndrome|itis\\b|osis\\b|infection|failure|diabet|"
      "hypertension|insufficiency|deficiency|injury|dementia|depression|asthma|epilepsy|"
      "lupus|stroke|infarction|hepatitis|hiv\\b|virus|\\ball\\b|\\baml\\b|\\bcll\\b|"
      "\\bnsclc\\b|\\bsle\\b|\\bcopd\\b");
  const std::string lower = AsciiLowercase(name);
  if (kDisease.Search(lower)) return true;
  // A concept the table knows, but for treatments and procedures.
  static const Pattern kProcedure("surgery|transplant|therapy|resection|dialysis|procedure");
  return !kProcedure.Search(lower) &&
         !ConceptTable::Builtin().FindMatches(SplitWords(name), name).empty();
}

bool OnlyAVaccine(const std::string& text, const std::string& written) {
  static const Pattern kVaccine(
      "^\\s*(?:shots?|vaccines?|vaccinations?|jabs?|boosters?|immuni[sz]ations?|immuni[sz]ed)\\b");
  const std::string name = AsciiLowercase(written);
  if (name.empty()) return false;
  bool any = false;
  for (std::size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + 1)) {
    const std::size_t end = at + name.size();
    const bool word = (at == 0 || !std::isalnum(static_cast<unsigned char>(text[at - 1]))) &&
                      (end == text.size() || !std::isalnum(static_cast<unsigned char>(text[end])));
    if (!word) continue;
    if (!kVaccine.Search(std::string_view(text).substr(end))) return false;
    any = true;
  }
  return any;
}

}  // namespace trialfinder
