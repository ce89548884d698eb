// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// The patient page is written from typed fields in short sentences (the
// readability target is grade 8), never by paraphrasing the registry's
// prose: the registry summary is shown apart, with lay terms applied.

#include <algorithm>
#include <cctype>
#include <set>

#include "text/ascii_case.h"
#include "trialfinder/partial_date.h"
#include "trialfinder/plain.h"

namespace trialfinder {
namespace {

bool Has(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

// "A, B, and C"; "A and B"; "A".
std::string JoinList(const std::vector<std::string>& items, const std::string& last_word = "and") {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0)
      out += items.size() == 2 ? " " + last_word + " "
                               : (i + 1 == items.size() ? ", " + last_word + " " : ", ");
    out += items[i];
  }
  return out;
}

std::string Capitalized(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

bool IsAcronym(const std::string& word) {
  int upper = 0;
  for (char c : word) upper += std::isupper(static_cast<unsigned char>(c)) ? 1 : 0;
  return upper >= 2 || std::any_of(word.begin(), word.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c));
         });
}

// "SLE - Systemic Lupus Erythematosus" -> "systemic lupus erythematosus":
// a leading abbreviation is dropped and ordinary words are lower-cased.
std::string CleanConditionName(std::string name) {
  // Only "ABBR - Long Name": "COVID-19" and "HER2-positive ..." stay whole.
  const std::size_t dash = name.find('-');
  if (dash != std::string::npos && dash <= 6) {
    const std::string left = name.substr(0, dash);
    const std::string trimmed_left = left.substr(0, left.find_last_not_of(' ') + 1);
    std::string right = name.substr(dash + 1);
    right.erase(0, right.find_first_not_of(' '));
    const bool long_name = !right.empty() && std::isupper(static_cast<unsigned char>(right[0])) &&
                           right.find(' ') != std::string::npos;
    if (long_name && !trimmed_left.empty() && trimmed_left.find(' ') == std::string::npos &&
        IsAcronym(trimmed_left)) {
      name = right;
    }
  }
  std::string out;
  std::string word;
  auto flush = [&] {
    out += IsAcronym(word) ? word : AsciiLowercase(word);
    word.clear();
  };
  for (char c : name) {
    if (c == ' ') {
      flush();
      out += ' ';
    } else {
      word += c;
    }
  }
  flush();
  return out;
}

std::vector<std::string> ConditionNames(const Study& study, std::size_t limit) {
  std::vector<std::string> names;
  for (const std::string& condition : study.protocol.conditions.conditions) {
    std::string name = CleanConditionName(condition);
    if (!name.empty() && !Has(names, name)) names.push_back(name);
  }
  if (names.size() > limit) {
    names.resize(limit);
    names.push_back("other conditions");
  }
  return names;
}

// Drug classes criteria name ("glucocorticoids"): not treatments a patient
// would look up by name.
bool IsDrugClass(const std::string& name) {
  static const std::set<std::string> kClasses = {"glucocorticoids",
                                                 "glucocorticoid",
                                                 "corticosteroids",
                                                 "steroids",
                                                 "antimalarials",
                                                 "immunosuppressants",
                                                 "immunosuppressant",
                                                 "biologics",
                                                 "biologic",
                                                 "antibiotics",
                                                 "antivirals",
                                                 "anticoagulants",
                                                 "opioids",
                                                 "antidepressants",
                                                 "vaccine",
                                                 "live vaccine",
                                                 "chemotherapy",
                                                 "investigational product",
                                                 "monoclonal antibody",
                                                 "monoclonal antibodies"};
  return kClasses.count(AsciiLowercase(name)) > 0;
}

bool IsPlacebo(const std::string& name) {
  const std::string lower = AsciiLowercase(name);
  return lower.find("placebo") != std::string::npos || lower.find("sham") != std::string::npos;
}

// What the study gives: the first intervention that is not a placebo.
std::string MainIntervention(const Study& study) {
  for (const Intervention& intervention : study.protocol.arms_interventions.interventions) {
    if (!IsPlacebo(intervention.name)) return intervention.name;
  }
  return "";
}

enum class Stage { kNone, kEarly, kMiddle, kLate, kApproved };

Stage StageOf(const Study& study) {
  const std::vector<std::string>& phases = study.protocol.design.phases;
  if (Has(phases, "EARLY_PHASE1") || Has(phases, "PHASE1")) return Stage::kEarly;
  if (Has(phases, "PHASE2")) return Stage::kMiddle;
  if (Has(phases, "PHASE3")) return Stage::kLate;
  if (Has(phases, "PHASE4")) return Stage::kApproved;
  return Stage::kNone;
}

const char* StageWords(Stage stage) {
  switch (stage) {
    case Stage::kEarly:
      return "early-phase ";
    case Stage::kMiddle:
      return "mid-phase ";
    case Stage::kLate:
      return "late-phase ";
    case Stage::kApproved:
      return "post-approval ";
    case Stage::kNone:
      return "";
  }
  return "";
}

// What a study of this stage tries to learn about a treatment.
const char* StagePurpose(Stage stage) {
  switch (stage) {
    case Stage::kEarly:
      return "if it is safe and which dose to use";
    case Stage::kMiddle:
      return "how well it works and how safe it is";
    case Stage::kLate:
      return "if it works better than, or as well as, the usual treatment";
    case Stage::kApproved:
      return "how it works in everyday care";
    case Stage::kNone:
      return "if it helps";
  }
  return "if it helps";
}

// "adults aged 18 to 65", "people aged 12 and older", "people of any age".
std::string WhoWords(const EligibilityModule& eligibility) {
  const std::optional<Age>& minimum = eligibility.minimum_age;
  const std::optional<Age>& maximum = eligibility.maximum_age;
  auto years = [](const Age& age) {
    const double value = age.InYears();
    return value >= 1 ? std::to_string(static_cast<int>(value)) : age.text;
  };
  const bool adults = minimum && minimum->InYears() >= 18;
  const std::string noun = adults ? "adults" : "people";
  if (minimum && maximum) return noun + " aged " + years(*minimum) + " to " + years(*maximum);
  if (minimum) return noun + " aged " + years(*minimum) + " and older";
  if (maximum) return "people up to age " + years(*maximum);
  return "people of any age";
}

bool TitleSaysTreatmentResistant(const Study& study) {
  const std::string titles = AsciiLowercase(study.protocol.identification.brief_title + " " +
                                            study.protocol.identification.official_title);
  return titles.find("refractory") != std::string::npos ||
         titles.find("resistant") != std::string::npos;
}

bool TitleSaysRelapsed(const Study& study) {
  const std::string titles = AsciiLowercase(study.protocol.identification.brief_title + " " +
                                            study.protocol.identification.official_title);
  return titles.find("relapse") != std::string::npos;
}

std::string DiseaseQualifier(const Study& study) {
  const bool resistant = TitleSaysTreatmentResistant(study);
  const bool relapsed = TitleSaysRelapsed(study);
  if (resistant && relapsed) return "relapsed or treatment-resistant ";
  if (resistant) return "treatment-resistant ";
  if (relapsed) return "relapsed ";
  return "";
}

// "March 2019" for "2019-03" or "2019-03-05" (the day is left out: it is
// often an estimate); other text as it is.
std::string MonthYear(const std::string& date) {
  const std::optional<PartialDate> parsed = PartialDate::Parse(date);
  if (!parsed || parsed->precision() == DatePrecision::kYear) return date;
  return std::string(MonthName(static_cast<unsigned>(parsed->first_day().month()))) + " " +
         std::to_string(static_cast<int>(parsed->first_day().year()));
}

// The typed constraints the parsed criteria hold, by section.
struct CriteriaFacts {
  bool prior_therapy = false;  // inclusion: did not respond to earlier treatment
  bool consent = false;
  bool pregnancy_excluded = false;
  std::vector<std::string> infections;  // excluded infections (HIV, HBV, ...)
  std::vector<std::string> therapies;   // excluded cell/gene therapies
  bool cancer_excluded = false;
  std::vector<std::string> drugs;  // named anywhere in the criteria
};

CriteriaFacts ReadCriteriaFacts(const ParsedCriteria& criteria) {
  CriteriaFacts facts;
  for (const Criterion& criterion : criteria.criteria) {
    for (const std::string& drug : criterion.drugs) {
      if (!Has(facts.drugs, drug)) facts.drugs.push_back(drug);
    }
    const bool exclusion = criterion.section == CriterionSection::kExclusion;
    const std::string lower = AsciiLowercase(criterion.text);
    if (!exclusion && lower.find("consent") != std::string::npos) facts.consent = true;
    for (const Constraint& c : criterion.constraints) {
      if (!exclusion && c.type == ConstraintType::kPriorTherapy) facts.prior_therapy = true;
      if (!exclusion || c.negated) continue;
      if (c.type == ConstraintType::kPregnancy || c.type == ConstraintType::kBreastfeeding)
        facts.pregnancy_excluded = true;
      if (c.type == ConstraintType::kInfection && c.name != "active infection" &&
          !Has(facts.infections, c.name)) {
        facts.infections.push_back(c.name);
      }
      if (c.type == ConstraintType::kCellGeneTherapy && !Has(facts.therapies, c.name))
        facts.therapies.push_back(c.name);
      if (c.type == ConstraintType::kCondition && (c.name == "malignancy" || c.name == "cancer"))
        facts.cancer_excluded = true;
    }
  }
  return facts;
}

std::string InfectionWords(const std::vector<std::string>& names) {
  std::vector<std::string> words;
  for (const std::string& name : names) {
    if (name == "HBV")
      words.push_back("hepatitis B");
    else if (name == "HCV")
      words.push_back("hepatitis C");
    else if (name == "TB")
      words.push_back("tuberculosis");
    else
      words.push_back(name);
  }
  return JoinList(words, "or");
}

std::string TherapyWords(const std::vector<std::string>& names) {
  std::vector<std::string> words;
  for (const std::string& name : names) {
    if (name == "stem cell transplant")
      words.push_back("a stem cell transplant");
    else if (name == "organ transplant")
      words.push_back("an organ transplant");
    else
      words.push_back(name);
  }
  return JoinList(words, "or");
}

std::string SexWord(const std::string& sex) {
  if (sex == "FEMALE") return "Women only";
  if (sex == "MALE") return "Men only";
  return "All";
}

std::string AgeRange(const EligibilityModule& e) {
  if (!e.minimum_age && !e.maximum_age) return "Any age";
  if (!e.maximum_age) return e.minimum_age->text + " and older";
  if (!e.minimum_age) return "Up to " + e.maximum_age->text;
  return e.minimum_age->text + " to " + e.maximum_age->text;
}

void AddQuickFacts(const Study& study, PlainPage& page) {
  const ProtocolSection& p = study.protocol;
  auto add = [&page](const std::string& label, const std::string& value) {
    if (!value.empty()) page.quick_facts.push_back({label, value});
  };
  add("Status", Capitalized(AsciiLowercase(p.status.overall_status)));
  std::string phases;
  for (const std::string& phase : p.design.phases) phases += (phases.empty() ? "" : ", ") + phase;
  add("Phase", phases);
  add("Study type", Capitalized(AsciiLowercase(p.design.study_type)));
  if (p.design.enrollment_info.count) {
    add("Enrollment", std::to_string(*p.design.enrollment_info.count) +
                          (p.design.enrollment_info.type == "ESTIMATED" ? " (estimated)" : ""));
  }
  add("Ages", AgeRange(p.eligibility));
  add("Sex", SexWord(p.eligibility.sex));
  const Sponsor& sponsor = p.sponsor_collaborators.lead_sponsor;
  add("Sponsor", sponsor.name + (sponsor.sponsor_class.empty()
                                     ? ""
                                     : " (" + AsciiLowercase(sponsor.sponsor_class) + ")"));
  add("Drugs / interventions", JoinList(page.treatments, "and"));
  const std::size_t sites = p.contacts_locations.locations.size();
  if (sites > 0) {
    add("Locations",
        std::to_string(sites) + (sites == 1 ? " site" : " sites") +
            (page.places.empty() ? ""
                                 : " (" + page.places.front() + (sites > 1 ? ", ..." : "") + ")"));
  }
  add("Trial ID", study.nct_id() + " on ClinicalTrials.gov");
}

}  // namespace

const std::vector<std::string>& PlainPage::EditableFields() {
  static const std::vector<std::string> kFields = {
      "title",     "summary",           "what_it_studies", "good_fit",
      "not_a_fit", "potential_benefit", "what_to_expect"};
  return kFields;
}

std::optional<std::string> PlainPage::Field(std::string_view name) const {
  if (name == "title") return title;
  if (name == "summary") return summary;
  if (name == "what_it_studies") return what_it_studies;
  if (name == "good_fit") return good_fit;
  if (name == "not_a_fit") return not_a_fit;
  if (name == "potential_benefit") return potential_benefit;
  if (name == "what_to_expect") return what_to_expect;
  return std::nullopt;
}

bool PlainPage::SetField(std::string_view name, std::string value) {
  std::string* field = name == "title"               ? &title
                       : name == "summary"           ? &summary
                       : name == "what_it_studies"   ? &what_it_studies
                       : name == "good_fit"          ? &good_fit
                       : name == "not_a_fit"         ? &not_a_fit
                       : name == "potential_benefit" ? &potential_benefit
                       : name == "what_to_expect"    ? &what_to_expect
                                                     : nullptr;
  if (!field) return false;
  *field = std::move(value);
  return true;
}

std::string PlainPage::GeneratedProse() const {
  std::string prose = summary + "\n" + what_it_studies + "\n" + good_fit + "\n" + not_a_fit + "\n" +
                      potential_benefit + "\n" + what_to_expect;
  for (const std::string& step : how_to_participate) prose += "\n" + step;
  return prose;
}

PlainPage BuildPlainPage(const Study& study, const ParsedCriteria& criteria,
                         const LayTerms& lay_terms) {
  const ProtocolSection& p = study.protocol;
  PlainPage page;
  page.nct_id = study.nct_id();
  page.official_title = p.identification.official_title.empty() ? p.identification.brief_title
                                                                : p.identification.official_title;
  const CriteriaFacts facts = ReadCriteriaFacts(criteria);
  const Stage stage = StageOf(study);
  const std::string intervention = MainIntervention(study);
  const std::vector<std::string> conditions = ConditionNames(study, 3);
  const std::string condition_words =
      conditions.empty() ? "the conditions it studies" : JoinList(conditions);
  const std::string qualifier = DiseaseQualifier(study);
  const std::string who = WhoWords(p.eligibility);
  const bool observational = p.design.study_type == "OBSERVATIONAL" || intervention.empty();

  // Title and byline.
  page.title = (observational ? "A study of people with " : intervention + " for ") + qualifier +
               condition_words;
  std::string phases;
  for (const std::string& phase : p.design.phases) phases += (phases.empty() ? "" : "/") + phase;
  for (const std::string& part : {phases, p.sponsor_collaborators.lead_sponsor.name, page.nct_id}) {
    if (!part.empty()) page.byline += (page.byline.empty() ? "" : " · ") + part;
  }

  // Treatments: the study's own, then drugs its criteria name.
  for (const Intervention& item : p.arms_interventions.interventions) {
    if (!IsPlacebo(item.name) && !Has(page.treatments, item.name))
      page.treatments.push_back(item.name);
  }
  for (const std::string& drug : facts.drugs) {
    if (page.treatments.size() >= 20) break;
    if (IsDrugClass(drug)) continue;
    if (drug == "car t" || drug == "car-t") {  // lower case in the criteria lexicon
      if (!Has(page.treatments, "CAR-T")) page.treatments.push_back("CAR-T");
      continue;
    }
    const bool known = std::any_of(
        page.treatments.begin(), page.treatments.end(),
        [&drug](const std::string& t) { return AsciiLowercase(t) == AsciiLowercase(drug); });
    if (!known) page.treatments.push_back(drug);
  }
  for (const Location& location : p.contacts_locations.locations) {
    std::string place;
    for (const std::string& part : {location.city, location.state, location.country}) {
      if (!part.empty()) place += (place.empty() ? "" : ", ") + part;
    }
    if (!place.empty() && !Has(page.places, place)) page.places.push_back(place);
  }

  // Summary and what it studies, in short sentences.
  if (observational) {
    page.summary = "This study follows " + who + " with " + qualifier + condition_words +
                   ". It does not test a new treatment.";
    page.what_it_studies = "Researchers want to learn more about " + condition_words + ".";
  } else {
    page.summary = "This " + std::string(StageWords(stage)) + "study tests " + intervention +
                   ". It checks " + StagePurpose(stage) + ". It is for " + who + " with " +
                   qualifier + condition_words + ".";
    page.what_it_studies = "Researchers want to learn " + std::string(StagePurpose(stage)) +
                           " for " + intervention + ".";
    const DesignInfo& design = p.design.design_info;
    const bool placebo = std::any_of(p.arms_interventions.interventions.begin(),
                                     p.arms_interventions.interventions.end(),
                                     [](const Intervention& i) { return IsPlacebo(i.name); });
    if (design.allocation == "RANDOMIZED") {
      page.what_it_studies += " People are put into groups by chance.";
    } else if (p.arms_interventions.arm_groups.size() <= 1 ||
               design.intervention_model == "SINGLE_GROUP") {
      page.what_it_studies += " Everyone in the study gets " + intervention + ".";
    } else {
      page.what_it_studies +=
          " The study has " + std::to_string(p.arms_interventions.arm_groups.size()) + " groups.";
    }
    if (placebo) page.what_it_studies += " Some people get a dummy treatment (a placebo).";
    if (design.masking_info.masking == "NONE") {
      page.what_it_studies += " Everyone knows which treatment they get.";
    } else if (!design.masking_info.masking.empty()) {
      page.what_it_studies += " People do not know which treatment they get.";
    }
  }
  if (p.design.enrollment_info.count) {
    const std::string count = std::to_string(*p.design.enrollment_info.count);
    page.what_it_studies += p.design.enrollment_info.type == "ACTUAL"
                                ? " " + count + " people took part."
                                : " About " + count + " people will take part.";
  }
  if (!p.status.start_date.date.empty()) {
    page.what_it_studies += " It started in " + MonthYear(p.status.start_date.date);
    const std::string& end = p.status.completion_date.date;
    page.what_it_studies += end.empty() ? "." : " and should end in " + MonthYear(end) + ".";
  }
  page.from_study_team = lay_terms.Apply(p.description.brief_summary);

  // Who should consider it.
  page.good_fit = Capitalized(who) + " with " + qualifier + condition_words + ".";
  if (facts.prior_therapy)
    page.good_fit += " Their disease did not get better with the usual treatments, or came back.";
  if (p.eligibility.healthy_volunteers.value_or(false))
    page.good_fit += " Healthy volunteers can also join.";
  if (facts.consent) page.good_fit += " They must agree to take part in writing.";
  std::vector<std::string> not_fit;
  if (p.eligibility.minimum_age || p.eligibility.maximum_age) {
    not_fit.push_back("People outside the age range (" + AgeRange(p.eligibility) + ").");
  }
  if (p.eligibility.sex == "FEMALE") not_fit.push_back("Men.");
  if (p.eligibility.sex == "MALE") not_fit.push_back("Women.");
  if (facts.prior_therapy) not_fit.push_back("People whose disease is well controlled now.");
  if (facts.pregnancy_excluded) not_fit.push_back("People who are pregnant or breastfeeding.");
  if (!facts.infections.empty())
    not_fit.push_back("People with " + InfectionWords(facts.infections) + ".");
  if (!facts.therapies.empty())
    not_fit.push_back("People who recently had " + TherapyWords(facts.therapies) + ".");
  if (facts.cancer_excluded) not_fit.push_back("People with a recent cancer.");
  not_fit.push_back("The full list is under Eligibility below.");
  for (const std::string& item : not_fit)
    page.not_a_fit += (page.not_a_fit.empty() ? "" : " ") + item;

  // Why it matters, and what the stage means for a participant.
  page.potential_benefit = observational
                               ? "What researchers learn may lead to better care for people with " +
                                     condition_words + "."
                               : "If it works, " + intervention +
                                     " could become a new option for people with " + qualifier +
                                     condition_words + ".";
  switch (stage) {
    case Stage::kEarly:
      page.what_to_expect =
          "Early-phase studies are small. They mostly check safety and the right dose. "
          "They cannot show yet that a treatment works.";
      break;
    case Stage::kMiddle:
      page.what_to_expect =
          "Mid-phase studies check if a treatment works and keep checking safety.";
      break;
    case Stage::kLate:
      page.what_to_expect =
          "Late-phase studies are large. They compare a treatment with the usual care.";
      break;
    case Stage::kApproved:
      page.what_to_expect =
          "The treatment is already approved. This study learns more about its use.";
      break;
    case Stage::kNone:
      page.what_to_expect = "Ask the study team what taking part involves and how long it lasts.";
      break;
  }
  page.how_to_participate = {
      "Read who can join, below, with your doctor.",
      "Check the trial page on ClinicalTrials.gov for the latest status and contacts.",
      "Contact the study team to ask about screening. Asking does not mean you have to join."};
  for (const Contact& contact : p.contacts_locations.central_contacts) {
    std::string line = contact.name;
    for (const std::string& part : {contact.phone, contact.email}) {
      if (!part.empty()) line += (line.empty() ? "" : " · ") + part;
    }
    if (!line.empty()) page.contacts.push_back(line);
  }
  for (const std::string& condition : p.conditions.conditions) {
    page.conditions += (page.conditions.empty() ? "" : ", ") + condition;
  }
  page.eligibility_criteria = p.eligibility.eligibility_criteria;
  AddQuickFacts(study, page);
  return page;
}

}  // namespace trialfinder
