// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Free-text case descriptions -> Patient. Patterns run over text normalised
// as criteria are (lower case, ASCII comparison signs), so the same lab
// names and units are read on both sides.

#include <algorithm>
#include <utility>

#include "match/condition_course.h"
#include "match/condition_reader.h"
#include "match/patient_facts.h"
#include "match/whom_about.h"
#include "text/ascii_case.h"
#include "text/cancer_stage.h"
#include "text/clinical_text.h"
#include "text/drugs.h"
#include "text/durations.h"
#include "text/labs.h"
#include "text/normalize.h"
#include "text/pattern.h"
#include "text/scores.h"
#include "trialfinder/patient.h"

namespace trialfinder {
namespace {

// Whether `before`, the words before a drug's name, end with "on" said of
// a use now ("man on", "on entresto and"), not a past one ("was on",
// "went on").
bool OnItNow(std::string_view before) {
  static const Pattern kOn(
      "(?<!\\bwas )(?<!\\bwere )(?<!\\bbeen )(?<!\\bwent )(?<!\\bput )(?<!\\bstarted )"
      "\\bon\\s+(?:an?\\s+|the\\s+)?(?:(?:high|low)[- ]dose\\s+|daily\\s+|oral\\s+)?"
      // A list after it: "on entresto and lasix".
      "(?:[a-z0-9/-]+\\s*(?:,|\\band\\b|&|\\+)\\s*){0,4}$");
  return kOn.Search(before);
}

double ToNumber(std::string_view written) {
  std::string text(written);
  text.erase(std::remove(text.begin(), text.end(), ','), text.end());
  return std::atof(text.c_str());
}

// Clinicians' shorthand for age and sex: "60M", "45 M with ...", "34 yo F",
// "50yo m w/ HTN" (lower-case text). At the start of the note, or with "yo"
// anywhere: "5 m" elsewhere may be a distance.
std::optional<PatternMatch> Shorthand(const std::string& text) {
  static const Pattern kShorthand(
      "^\\W*(\\d{1,3}) ?(?:yo|y/o|y\\.o\\.|yr|years? old)? ?([mf])\\b|"
      "\\b(\\d{1,3}) ?(?:yo|y/o|y\\.o\\.) ?([mf])\\b");
  std::optional<PatternMatch> match = kShorthand.Find(text);
  if (!match) return std::nullopt;
  // Normalise: groups 1 and 2 hold the age and sex either way.
  if (!match->matched(1)) {
    static const Pattern kAnywhere("\\b(\\d{1,3}) ?(?:yo|y/o|y\\.o\\.) ?([mf])\\b");
    return kAnywhere.Find(text);
  }
  return match;
}

std::optional<double> ReadAge(const std::string& text) {
  static const Pattern kYears(
      "\\b(\\d{1,3}(?:\\.\\d+)?)[- ]?(?:years?|yrs?|y)[- ]?(?:old|of age)\\b|\\baged? "
      "(\\d{1,3})\\b|"
      "\\b(\\d{1,3}) ?(?:yo|y/o|y\\.o\\.)(?![a-z])|"
      // "I'm 34", "I am 34, female": a number alone after "I am", not a
      // measure ("I am 20 weeks pregnant", "I'm 5 ft").
      "\\b(?:i(?:'m| am)|im) (\\d{1,3})\\b(?!\\.\\d|\\s*(?:%|kg|kilo|lb|pound|cm|ft|feet|foot|inch|"
      "week|month|day|hour|mg|percent|times))");
  static const Pattern kYoung("\\b(\\d{1,3})[- ]?(months?|weeks?|days?)[- ]old\\b");
  std::optional<double> years;
  std::size_t at = std::string::npos;
  if (std::optional<PatternMatch> shorthand = Shorthand(text)) {
    years = ToNumber(shorthand->view(1));
    at = shorthand->position();
  } else if (std::optional<PatternMatch> match = kYears.Find(text)) {
    for (std::size_t group = 1; group <= 4; ++group) {
      if (match->matched(group)) years = ToNumber(match->view(group));
    }
    at = match->position();
  }
  std::optional<PatternMatch> young = kYoung.Find(text);
  if (young && young->position() < at) {
    const std::string_view unit = young->view(2);
    years = ToNumber(young->view(1)) / (unit[0] == 'm' ? 12.0 : unit[0] == 'w' ? 52.0 : 365.0);
  }
  if (years && *years > 125) return std::nullopt;
  return years;
}

std::string ReadSex(const std::string& text) {
  if (std::optional<PatternMatch> shorthand = Shorthand(text))
    return shorthand->view(2) == "f" ? "FEMALE" : "MALE";
  static const Pattern kNoun("\\b(woman|women|female|girl|lady|man|male|boy|gentleman|guy)\\b");
  static const Pattern kFemalePronoun("\\b(she|her|hers|herself)\\b");
  static const Pattern kMalePronoun("\\b(he|him|his|himself)\\b");
  if (std::optional<PatternMatch> match = kNoun.Find(text)) {
    const std::string_view noun = match->view(1);
    const bool female =
        noun == "woman" || noun == "women" || noun == "female" || noun == "girl" || noun == "lady";
    return female ? "FEMALE" : "MALE";
  }
  // "I'm 29 and 20 weeks pregnant": only a woman says so, or denies it.
  static const Pattern kPregnancy("\\b(?:pregnan\\w*|breastfeeding|menopaus\\w*)\\b");
  if (kPregnancy.Search(text)) return "FEMALE";
  const std::size_t female = kFemalePronoun.FindAll(text).size();
  const std::size_t male = kMalePronoun.FindAll(text).size();
  if (female > male) return "FEMALE";
  if (male > female) return "MALE";
  return "";
}

// The status of the first of `phrases` the text mentions about the patient.
Mention FindAny(const ClinicalText& clinical, std::initializer_list<std::string_view> phrases) {
  Mention best;
  for (std::string_view phrase : phrases) {
    Mention mention = clinical.Find(phrase);
    if (mention.status == MentionStatus::kAffirmed) return mention;
    if (mention.status == MentionStatus::kNegated) best = mention;
  }
  return best;
}

std::optional<bool> KnownFrom(const Mention& mention) {
  if (mention.status == MentionStatus::kAffirmed) return true;
  if (mention.status == MentionStatus::kNegated) return false;
  return std::nullopt;
}

void ReadReproductive(const std::string& text, const ClinicalText& clinical, Patient& patient) {
  static const Pattern kGestation(
      "\\b\\d{1,2} ?(?:weeks?'?|wks?) (?:of )?(?:gestation|pregnan)|\\bg\\d+ ?p\\d+\\b");
  if (!patient.pregnant) {
    patient.pregnant = KnownFrom(FindAny(clinical, {"pregnant", "pregnancy", "gravid"}));
    if (!patient.pregnant && kGestation.Search(text)) patient.pregnant = true;
  }
  if (!patient.breastfeeding) {
    patient.breastfeeding = KnownFrom(
        FindAny(clinical, {"breastfeeding", "breast feeding", "breast-feeding", "lactating",
                           "nursing her", "nursing my", "nursing the baby"}));
  }
  if (!patient.consents) {
    patient.consents =
        KnownFrom(FindAny(clinical, {"informed consent", "comply with the trial",
                                     "willing to participate", "willing to take part"}));
  }
}

// Reading the same text twice (with a richer lexicon) must not list a lab twice.
void AddLab(Patient& patient, PatientLab lab) {
  // An impossible value ("hemoglobin 500 g/dL") is a typing or unit slip:
  // not used, so no criterion is decided by it.
  if (lab.value && ImplausibleLabValue(lab.name, *lab.value, lab.unit)) return;
  for (const PatientLab& existing : patient.labs) {
    if (existing.name == lab.name && existing.evidence == lab.evidence) return;
  }
  patient.labs.push_back(std::move(lab));
}

void ReadLabs(const std::string& text, Patient& patient) {
  static const Pattern kValue(
      "\\b(" + LabNamePattern() +
      ")\\b(?: levels?| counts?| values?)?\\s*(?:of|is|are|was|were|at|:|=|measured at)?\\s*"
      "(\\d{1,3}(?:,\\d{3})+(?!\\d)|\\d+(?:[.,]\\d{1,2}(?!\\d)|\\.\\d+)?)(k\\b)?\\s*(x|times)?\\s*"
      "(" +
      LabUnitPattern() + ")?");
  for (const PatternMatch& m : kValue.FindAll(text)) {
    PatientLab lab;
    lab.name = CanonicalLabName(m.str(1));
    // A decimal comma ("HbA1c 7,5 %", user test: read as 7); a comma
    // before three digits separates thousands ("90,000").
    std::string number = m.str(2);
    if (const std::size_t comma = number.find(',');
        comma != std::string::npos && number.size() - comma - 1 < 3) {
      number[comma] = '.';
    }
    // "platelets 90k": thousands.
    lab.value = ToNumber(number) * (m.matched(3) ? 1000 : 1);
    lab.unit = NormalizeLabUnit(m.str(5), m.matched(4));
    if (lab.unit == "x") lab.unit.clear();
    lab.evidence = m.str();
    AddLab(patient, std::move(lab));
  }
  // "BP 95/60", "blood pressure is 151/91 mm Hg": systolic and diastolic
  // (user test: "blood pressure usually around 95/60" was not read).
  static const Pattern kPressure(
      "\\b(?:bp|blood pressure)\\b[^0-9.;]{0,25}?\\b(\\d{2,3})\\s*/\\s*(\\d{2,3})\\b");
  for (const PatternMatch& m : kPressure.FindAll(text)) {
    AddLab(patient, {"systolic blood pressure", ToNumber(m.str(1)), "mmHg", std::nullopt, m.str()});
    AddLab(patient,
           {"diastolic blood pressure", ToNumber(m.str(2)), "mmHg", std::nullopt, m.str()});
  }
  // "Triple-negative breast cancer": ER, PR and HER2 negative.
  static const Pattern kTriple("\\btriple[- ]?negative\\b|\\btnbc\\b");
  if (std::optional<PatternMatch> triple = kTriple.Find(text)) {
    for (const char* receptor : {"estrogen receptor", "progesterone receptor", "HER2"})
      AddLab(patient, {receptor, std::nullopt, "", false, triple->str()});
  }
  // Qualitative results: antibodies and markers read as positive or negative.
  // "neg" and "pos", and a sign right after the name ("HER2-", "ER+/PR+"),
  // are results too (user test: "ER+ PR+ HER2 neg" and "ER+/PR+/HER2-"
  // were read as HER2-positive, from the signs of the markers before it).
  static const Pattern kNegative(
      "negative|\\bneg\\b|\\(-\\)|^\\s*-(?![a-z0-9])|not detected|undetectable|normal|"
      "wild[- ]?type");
  static const Pattern kPositive("positive|\\bpos\\b|\\(\\+\\)|elevated|raised|high|detected|\\+");
  for (const NamedTable::Row& row : LabMarkers().rows()) {
    const std::string& name = row.name;
    std::optional<PatternMatch> match = row.pattern.Find(text);
    if (!match) continue;
    // The result is written right after the name ("anti-dsDNA positive")
    // or just before it ("positive ANA"), within the same list item.
    const std::size_t at = match->position();
    const std::size_t name_end = at + match->length();
    const std::size_t after_end = std::min(text.find_first_of(",;.", name_end), text.size());
    const std::string after =
        text.substr(name_end, std::min<std::size_t>(after_end - name_end, 30));
    const std::size_t before_begin = at > 25 ? at - 25 : 0;
    std::string before = text.substr(before_begin, at - before_begin);
    // Within the same list item, after another marker's sign ("ER+ PR+").
    const std::size_t cut = before.find_last_of(",;./+");
    if (cut != std::string::npos) before = before.substr(cut + 1);
    PatientLab lab;
    lab.name = name;
    std::string window;
    // Or in the name as the table writes it ("ER-positive", "PR-"): the
    // result is the name's own ending.
    const std::string written = match->str();
    if (written.back() == '+' || written.back() == '-') {
      lab.positive = written.back() == '+';
      lab.evidence = written;
      AddLab(patient, std::move(lab));
      continue;
    }
    // A driver marker's change said in words ("EGFR exon 19 deletion",
    // "KRAS G12C mutation") is a positive result, unless either side says
    // it is absent ("no EGFR mutation", "EGFR mutation negative").
    static const Pattern kChange(
        "\\b(?:mutat\\w*|mutant|deletion|insertion|exon|rearrange\\w*|fusion|amplifi\\w*|"
        "[a-z]\\d{2,4}[a-z])\\b");
    static const Pattern kAbsent("\\b(?:no|without|absent|absence of|not)\\b");
    const bool marker = row.kind == "gene";
    static const Pattern kNoneOf(
        "\\b(?:no|negative for)\\s+(?:[a-z0-9-]+\\s*(?:,|or|and|/|nor)\\s*){0,4}$");
    for (const std::string* part : {&written, &after, static_cast<const std::string*>(&before)}) {
      if (kNegative.Search(*part)) {
        lab.positive = false;
      } else if (kPositive.Search(*part)) {
        lab.positive = true;
      } else if (marker && part == &after && kChange.Search(after)) {
        lab.positive = !kAbsent.Search(before);
      } else if (marker && part == &before && kNoneOf.Search(before)) {
        // "no EGFR or ALK", "no ALK": none of the driver genes named
        // (user test: both unread).
        lab.positive = false;
      } else {
        continue;
      }
      window = part == &written ? written : part == &after ? written + after : before + written;
      break;
    }
    if (!lab.positive) continue;
    lab.evidence = window;
    AddLab(patient, std::move(lab));
  }
}

void ReadScores(const std::string& text, Patient& patient) {
  static const Pattern kScore("\\b(" + ScoreNamePattern() +
                              ")\\b(?: score| performance status)?(?: of| is| was|:|=)?\\s*"
                              "(\\d+(?:\\.\\d+)?)");
  const std::string arabic = WithArabicClasses(text);
  for (const PatternMatch& match : kScore.FindAll(arabic)) {
    const std::string name = CanonicalScoreName(match.str(1));
    const std::string evidence = match.str();
    const bool seen = std::any_of(
        patient.scores.begin(), patient.scores.end(),
        [&](const PatientScore& s) { return s.name == name && s.evidence == evidence; });
    if (!seen) patient.scores.push_back({name, ToNumber(match.view(2)), evidence});
  }
}

void AddTreatment(Patient& patient, PatientTreatment treatment) {
  for (PatientTreatment& existing : patient.treatments) {
    if (existing.name == treatment.name) {
      if (existing.response.empty()) existing.response = treatment.response;
      // Now, if any mention says so; else in the past, if one says that.
      if (treatment.timing == TreatmentTiming::kCurrent ||
          existing.timing == TreatmentTiming::kNotSaid) {
        existing.timing = treatment.timing;
      }
      if (!existing.duration_months) existing.duration_months = treatment.duration_months;
      return;
    }
  }
  patient.treatments.push_back(std::move(treatment));
}

// Whether lower-case `text` has a word the drug table knows as a brand
// ("plaquenil didn't help").
bool NamesABrand(const std::string& text) {
  static const Pattern kWord("[a-z][a-z0-9-]+");
  for (const PatternMatch& word : kWord.FindAll(text)) {
    const std::optional<std::string> generic = DrugTable::Builtin().GenericOf(word.str());
    if (generic && *generic != word.str()) return true;
  }
  return false;
}

// Whether the part of `text` (split at ", " and "; ") that names `drug`
// says it was taken (`took`) without a failure (`failed`), while another
// part names another of `drugs` with a failure: "I took hydroxychloroquine
// and prednisone, failed mycophenolate" (user test: all three failed).
// "I took hydroxychloroquine, but it stopped working" is its failure.
bool TookWithoutFailing(const std::string& text, const std::string& drug,
                        const std::vector<std::string>& drugs, const Pattern& failed,
                        const Pattern& took) {
  static const Pattern kBreak("[,;]\\s");
  std::vector<std::string> parts;
  std::size_t begin = 0;
  for (const PatternMatch& cut : kBreak.FindAll(text)) {
    parts.push_back(text.substr(begin, cut.position() - begin));
    begin = cut.position() + cut.length();
  }
  parts.push_back(text.substr(begin));
  const auto names = [](const std::string& part, const std::string& name) {
    return part.find(name) != std::string::npos;
  };
  bool took_here = false;
  bool failed_elsewhere = false;
  for (const std::string& part : parts) {
    if (names(part, drug)) {
      if (failed.Search(part)) return false;
      took_here = took_here || took.Search(part);
    } else if (failed.Search(part) &&
               (std::any_of(drugs.begin(), drugs.end(),
                            [&](const std::string& other) { return names(part, other); }) ||
                NamesABrand(part))) {
      failed_elsewhere = true;
    }
  }
  return took_here && failed_elsewhere;
}

void ReadTreatments(const CriteriaLexicon& lexicon, const ClinicalText& clinical,
                    Patient& patient) {
  static const Pattern kFailed(
      // Not an organ's failure ("heart failure": user test, every drug of a
      // heart-failure patient was read as failed).
      "\\b(failed|(?<!heart )(?<!cardiac )(?<!kidney )(?<!renal )(?<!liver )(?<!hepatic )"
      "(?<!respiratory )(?<!organ )(?<!ventricular )(?<!ovarian )(?<!marrow )(?<!intestinal )"
      "failure|refractory|inadequate(?:ly)? respon|insufficient respon|did not "
      "respond|no response|"
      "not respond|resistant|relapsed|progressed|despite|unresponsive|ineffective|"
      "(?:did ?n[o']t|does ?n[o']t|do ?n[o']t|not) (?:work|help)|stopped (?:working|helping)|"
      "no longer (?:works|worked|helps|helped)|lost (?:its )?effect|"
      "(?:disease|lupus|it|symptoms?|flares?) (?:was |were |is |are |stayed |remained )?still "
      "(?:active|there|coming)|still (?:had|have|has|having) (?:flares?|symptoms))");
  // A part of the clause that says only that a drug was had ("I took
  // hydroxychloroquine and prednisone, failed mycophenolate"): a failure
  // said in another part is not this drug's (user test: all three failed).
  static const Pattern kTook(
      "\\b(?:took|take|takes|taking|tried|received|used|was on|am on|is on|started)\\b");
  static const Pattern kIntolerant(
      "\\b(intoleran\\w*|could not tolerate|side effects|adverse reaction|allerg\\w*)");
  // Ongoing: said so, or a dosing schedule ("uses albuterol as needed",
  // "on Benlysta now", "metformin 500 mg twice daily").
  static const Pattern kCurrent(
      "\\b(currently|takes|taking|is on|am on|are on|i'm on|im on|was started on|receiving|"
      "maintained on|on daily|on \\w+(?: \\w+)? now|a day|per day|mg/day|"
      "uses|using|still on|continues|as needed|prn|daily|nightly|twice a day|twice daily|"
      "once a day|once daily|every (?:day|night|week|morning|evening)|"
      // "I take Humira", "and take Humira" (second user test).
      "(?:i|we|they|you|and) (?:still |also )?take)\\b");
  // Stopped, whatever else the sentence says ("I stopped taking insulin",
  // "I was on prednisone until 2022").
  static const Pattern kStopped(
      "\\b(stopped|discontinued|quit|no longer|used to|(?:was|were) on\\b[^.;]{0,40}\\buntil)\\b");
  // What follows "now on" is taken now, whatever came before it ("I was
  // on insulin until 2021, now on metformin"; "Methotrexate failed, now on
  // rituximab").
  static const Pattern kNowOn("\\b(?:now|currently)\\s+(?:on|taking|using|receiving)\\b");
  // Taken since a year, right after its name: "on ocrelizumab since 2020"
  // (second user test), not "previously on Tecfidera" in the same clause.
  static const Pattern kSinceAfter(
      "^[a-z0-9/-]+(?:\\s+[a-z0-9/-]+){0,2}?\\s+since\\s+(?:19|20)\\d\\d\\b");
  // Begun in the past and not said to be stopped: "Started on leuprolide 6
  // months ago" is taken now (user test: read as past through "ago").
  static const Pattern kStartedAgo(
      "\\b(?:started|began|begun|initiated|commenced)\\b[^.;]{0,60}\\bago\\b");
  // Had in the past ("previously treated with", "completed 6 cycles");
  // kStopped's words are read first.
  static const Pattern kPast(
      "\\b(previously|formerly|in the past|completed|had received|was treated|were treated|"
      "ago|did|tried|finished)\\b");
  static const Pattern kDuration(
      "\\bfor (?:more than |over |at least |about |approximately )?(\\d+(?:\\.\\d+)?) "
      "(day|week|month|year)s?\\b");
  static const Pattern kNoMedications(
      "\\b(no (?:current |regular )?medications?|takes no medications?|not (?:taking|on) any "
      "medications?)\\b");
  static const std::vector<std::pair<Pattern, std::string>> kProcedures = [] {
    std::vector<std::pair<Pattern, std::string>> procedures;
    for (const auto& [pattern, name] : std::vector<std::pair<const char*, const char*>>{
             {"\\bcar-?t\\b|\\bcar t\\b|chimeric antigen receptor", "car-t"},
             {"\\bcell(?:ular)? therap", "cell therapy"},
             {"\\bgene therap", "gene therapy"},
             {"stem cell transplant|\\bhsct\\b|bone marrow transplant", "stem cell transplant"},
             {"(?:kidney|liver|heart|lung|organ) transplant", "organ transplant"},
             {"\\bdialysis\\b|hemodialysis", "dialysis"},
         }) {
      procedures.emplace_back(Pattern(pattern), name);
    }
    return procedures;
  }();
  static const Pattern kBrandWord("[a-z][a-z0-9-]+");
  for (const ClinicalText::Clause& clause : clinical.clauses()) {
    const std::string text = NormalizeForMatching(clause.text);
    if (kNoMedications.Search(text)) patient.no_current_treatments = true;
    std::vector<std::string> names;
    // Brand names ("Plaquenil", "CellCept") are read as their generic.
    for (const std::string& found : lexicon.FindDrugs(clause.text)) {
      const std::string name = DrugTable::Builtin().GenericOf(found).value_or(found);
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
    for (const std::string& generic : DrugTable::Builtin().DrugsIn(text)) {
      if (std::find(names.begin(), names.end(), generic) == names.end()) names.push_back(generic);
    }
    for (const auto& [pattern, name] : kProcedures) {
      if (pattern.Search(text)) names.push_back(name);
    }
    for (const std::string& name : names) {
      Mention mention = clinical.Find(name == "car-t" ? "car t" : name);
      std::string written = name;  // as the note writes it: the brand, if so
      if (mention.status == MentionStatus::kNotMentioned) {
        // Found by its brand: read the brand's mention.
        for (const PatternMatch& brand : kBrandWord.FindAll(text)) {
          if (DrugTable::Builtin().GenericOf(brand.str()) == name) {
            mention = clinical.Find(brand.str());
            written = brand.str();
            break;
          }
        }
      }
      if (mention.status == MentionStatus::kOtherPerson ||
          mention.status == MentionStatus::kUncertain)
        continue;
      PatientTreatment treatment;
      treatment.name = name;
      treatment.evidence = clause.text;
      const bool stopped = kStopped.Search(text);
      if (mention.status == MentionStatus::kNegated) {
        // "I used to take insulin", "quit methotrexate": negated by the
        // cue, yet taken; in the past (below), not never.
        if (!stopped) treatment.response = "never received";
      } else if (kFailed.Search(text) && !TookWithoutFailing(text, name, names, kFailed, kTook)) {
        treatment.response = "failed";
      } else if (kIntolerant.Search(text)) {
        treatment.response = "intolerant";
      }
      const std::optional<PatternMatch> now_on = kNowOn.Find(text);
      const std::size_t named_at = text.find(written);
      const bool now_after =
          now_on && named_at != std::string::npos && named_at > now_on->position();
      if (now_after) treatment.response.clear();
      // The first reading that holds, in this order.
      treatment.timing = [&] {
        if (now_after) return TreatmentTiming::kCurrent;
        // "I stopped taking insulin": "taking" is no current use.
        if (stopped) return TreatmentTiming::kPast;
        const bool unqualified = treatment.response.empty();
        if (unqualified && (kCurrent.Search(text) || kStartedAgo.Search(text) ||
                            (named_at != std::string::npos &&
                             kSinceAfter.Search(std::string_view(text).substr(named_at, 60)))))
          return TreatmentTiming::kCurrent;
        if (kPast.Search(text)) return TreatmentTiming::kPast;
        // "60 yo man on warfarin for afib" (user test: left open).
        if (named_at != std::string::npos && unqualified && OnItNow(text.substr(0, named_at)))
          return TreatmentTiming::kCurrent;
        return TreatmentTiming::kNotSaid;
      }();
      if (std::optional<PatternMatch> duration = kDuration.Find(text)) {
        treatment.duration_months = MonthsIn(ToNumber(duration->view(1)), duration->view(2));
      }
      AddTreatment(patient, std::move(treatment));
    }
  }
}

}  // namespace

const PatientCondition* Patient::FindCondition(std::string_view name) const {
  for (const PatientCondition& condition : conditions) {
    if (condition.name == name) return &condition;
  }
  return nullptr;
}

void CaseReader::Read(std::string_view text, Patient& patient) const {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return;
  const std::optional<double> stated_age =
      patient.description.empty() ? ReadWhomItIsAbout(text, patient) : std::nullopt;
  patient.description += (patient.description.empty() ? "" : "\n") + std::string(text);
  const std::string normalized = NormalizeForMatching(text);
  const ClinicalText clinical(text, patient.described_relation);
  bool healthy_unless_ill = false;
  for (const ClinicalText::Clause& clause : clinical.clauses()) {
    for (const ClinicalText::Word& word : clause.words) {
      if (word.status == MentionStatus::kOtherPerson) patient.mentions_other_people = true;
    }
  }
  if (!patient.age_years) patient.age_years = ReadAge(normalized);
  if (!patient.age_years) patient.age_years = stated_age;
  if (patient.sex.empty()) patient.sex = ReadSex(normalized);
  ReadReproductive(normalized, clinical, patient);
  // "I am healthy", "a healthy volunteer", "I have no medical conditions".
  static const Pattern kHealthy(
      "\\b(?:i am|i'm|is|was|am)\\s+(?:a\\s+)?(?:generally\\s+|otherwise\\s+|completely\\s+)?"
      "healthy\\b|\\bhealthy\\b(?:[\\w ]{0,30})\\bvolunteer\\b|\\b(?:i have|i've "
      "got|with)\\s+no\\s+(?:known\\s+|"
      "chronic\\s+)?(?:medical|health)\\s+(?:conditions?|problems?|issues?)\\b");
  // Not "no past medical history": a case note says it of a person who
  // presents with something (a development patient with an abnormal Pap
  // smear lost her "have a cervix").
  if (kHealthy.Search(normalized)) patient.healthy = true;
  // "healthy 25 year old man, no medical problems": said of no one who
  // presents with something, which a case note would name.
  static const Pattern kHealthyPerson(
      "^\\W*(?:a\\s+)?healthy\\b|\\bhealthy\\s+(?:\\d+|adult|man|woman|male|female|person)\\b|"
      "\\bno\\s+(?:known\\s+)?(?:medical|health)\\s+(?:conditions?|problems?|issues?)\\b");
  static const Pattern kPresents(
      "\\b(?:presents?|presenting|presented|complains?|complaining|admitted|brought in|"
      "diagnosed|c/o|referred)\\b");
  if (kHealthyPerson.Search(normalized) && !kPresents.Search(normalized)) healthy_unless_ill = true;
  ReadLabs(normalized, patient);
  ReadScores(normalized, patient);
  if (!patient.stage) {
    if (std::optional<StageInText> stage = FindStageInText(normalized)) {
      patient.stage = PatientStage{stage->group, stage->tnm.t, stage->tnm.n, stage->tnm.m,
                                   "'" + stage->words + "'"};
    }
  }
  // "Metastatic lung adenocarcinoma" with no stage given: distant spread,
  // M1, which is stage IV for the solid cancers criteria stage (user test:
  // "Stage I-III" stayed unknown). Not "non-metastatic", nor a cancer
  // metastatic to a named site only ("metastatic to the liver" is still M1).
  if (!patient.stage) {
    static const Pattern kMetastatic(
        "(?<!non-)(?<!non )\\bmetastatic\\s+(?:\\w+\\s+){0,3}?"
        "(cancer|carcinoma|adenocarcinoma|melanoma|sarcoma|nsclc|tumou?r)\\b");
    if (std::optional<PatternMatch> spread = kMetastatic.Find(normalized)) {
      const Mention mention = clinical.Find(spread->str());
      if (mention.status == MentionStatus::kAffirmed)
        patient.stage = PatientStage{"IV", "", "", "M1", "'" + spread->str() + "'"};
    }
  }
  ReadTreatments(lexicon_, clinical, patient);
  ReadConditions(text, lexicon_, clinical, patient);
  MarkResolvedConditions(text, patient);
  // A BMI of 30 or more is obesity, by the WHO's definition, said or not
  // (user test: "BMI 41" was not about an obesity study's condition).
  for (const PatientLab& lab : patient.labs) {
    if (lab.name != "BMI" || !lab.value || *lab.value < 30 || *lab.value > 250) continue;
    const bool said = std::any_of(
        patient.conditions.begin(), patient.conditions.end(),
        [](const PatientCondition& c) { return c.name.find("obes") != std::string::npos; });
    if (!said) patient.conditions.push_back({"obesity", true, "", lab.evidence + ", 30 or more"});
    break;
  }
  if (healthy_unless_ill && std::none_of(patient.conditions.begin(), patient.conditions.end(),
                                         [](const PatientCondition& c) { return c.present; })) {
    patient.healthy = true;
  }
  if (patient.sex == "MALE") patient.pregnant = false;
}

}  // namespace trialfinder
