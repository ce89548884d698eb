// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// The patient page is written from typed fields in short sentences (the
// readability target is grade 8), never by paraphrasing the registry's
// prose: the registry summary is shown apart, with lay terms applied. One
// builder per section of the page; the words come from plain_words.h and
// the eligibility facts from criteria_facts.h.

#include <fmt/format.h>
#include <algorithm>
#include <set>

#include "plain/criteria_facts.h"
#include "plain/plain_words.h"
#include "text/ascii_case.h"
#include "text/cancer_stage.h"
#include "text/drugs.h"
#include "text/eligibility_text.h"
#include "text/normalize.h"
#include "text/pattern.h"
#include "trialfinder/plain.h"

namespace trialfinder {
namespace {

using plain::AgeRange;
using plain::Capitalized;
using plain::CriteriaFacts;
using plain::Has;
using plain::IsPlacebo;
using plain::JoinList;
using plain::Stage;

// What every section builder reads: the study and what was worked out
// from it once.
struct PageContext {
  const Study& study;
  const ProtocolSection& p;
  CriteriaFacts facts;
  Stage stage;
  std::string intervention;     // "" for none
  std::string condition_words;  // "lupus or lupus nephritis"
  std::string qualifier;        // "relapsed ", or ""
  std::string who;              // "adults aged 18 to 65"
  bool observational;
  // It takes healthy volunteers and its inclusion criteria ask for healthy
  // people ("Healthy male subjects"): a study of a treatment meant for the
  // condition, not one for people who have it (user test: "It is for
  // adults ... with type 2 diabetes" where diabetes excludes).
  bool for_healthy_people = false;
};

// Whether the record takes healthy volunteers and its inclusion criteria
// name none of its conditions while they say "healthy" or the study is in
// phase 1 (a study in men that lists "type 2 diabetes" and asks only for a
// BMI). A condition is named by a word of its name of 5 letters or more,
// by its first 6 letters ("diabet" in "diabetic"); criteria without
// section headers are read whole. A study of patients and healthy controls
// names the condition, and is for the patients.
bool ForHealthyPeople(const ProtocolSection& p) {
  const EligibilityModule& eligibility = p.eligibility;
  if (!eligibility.healthy_volunteers.value_or(false) || p.conditions.conditions.empty())
    return false;
  std::string inclusion =
      AsciiLowercase(SplitEligibilitySections(eligibility.eligibility_criteria).inclusion);
  if (inclusion.empty()) inclusion = AsciiLowercase(eligibility.eligibility_criteria);
  static const Pattern kWord("[a-z]{5,}");
  static const Pattern kGeneric(
      "^(?:disease|disorder|syndrome|condition|chronic|acute|type|healthy|volunteer|subject|"
      "adult|males?|female)");
  for (const std::string& condition : p.conditions.conditions) {
    for (const PatternMatch& word : kWord.FindAll(AsciiLowercase(condition))) {
      if (kGeneric.Search(word.view())) continue;
      if (inclusion.find(word.str().substr(0, 6)) != std::string::npos) return false;
    }
  }
  static const Pattern kHealthy("\\bhealthy\\b");
  const auto& phases = p.design.phases;
  return kHealthy.Search(inclusion) ||
         std::any_of(phases.begin(), phases.end(), [](const std::string& phase) {
           return phase == "PHASE1" || phase == "EARLY_PHASE1";
         });
}

// "Phase 2/Phase 3", "Early phase 1": the phases' labels.
std::string PhaseLabels(const std::vector<std::string>& phases) {
  std::string labels;
  for (const std::string& phase : phases)
    labels += (labels.empty() ? "" : "/") + plain::RegistryCodeWords(phase).label;
  return labels;
}

// Title ("Drug X for relapsed lupus") and byline (phases · sponsor · ID).
void BuildTitle(const PageContext& c, PlainPage& page) {
  page.official_title = c.p.identification.official_title.empty()
                            ? c.p.identification.brief_title
                            : c.p.identification.official_title;
  page.title = (c.observational ? "A study of people with " : c.intervention + " for ") +
               c.qualifier + c.condition_words;
  const std::string phases = PhaseLabels(c.p.design.phases);
  for (const std::string& part :
       {phases, c.p.sponsor_collaborators.lead_sponsor.name, page.nct_id}) {
    if (!part.empty()) page.byline += (page.byline.empty() ? "" : " · ") + part;
  }
}

// Whether a name the criteria lexicon found is a medicine: one the drug
// table knows (by generic or brand name), CAR-T, or a name with a drug
// stem's ending ("-mab", "-tinib", "-platin", ...: the INN stems of WHO's
// list). Not guaranteed: an unlisted drug without such an ending is left
// off the list (it stays in the criteria text).
bool LooksLikeAMedicine(const std::string& name) {
  if (DrugTable::Builtin().GenericOf(name)) return true;
  static const Pattern kStem(
      "^car[- ]?t$|(?:mab|cept|nib|lib|ciclib|parib|rafenib|platin|taxel|rubicin|mustine|"
      "tecan|poside|tabine|trexate|limus|sporin|olimus|vir|cillin|mycin|cycline|floxacin|azole|"
      "conazole|pril|sartan|olol|statin|gliflozin|gliptin|glutide|tide|relin|parin|xaban|"
      "gatran|grel|semide|thiazide|prazole|tidine|setron|lukast|terol|sonide|olone|isone|"
      "asone|dronate|ciclovir|quine|oquine|ine)s?$",
      PatternCase::kInsensitive);
  return kStem.Search(name);
}

// What the study gives, apart from the drugs its criteria name (past or
// forbidden treatments, which a reader would otherwise take for the
// study's), and places.
void BuildTreatmentsAndPlaces(const PageContext& c, PlainPage& page) {
  bool placebo = false;
  for (const Intervention& item : c.p.arms_interventions.interventions) {
    if (IsPlacebo(item.name)) {
      placebo = true;
    } else if (!Has(page.treatments, item.name)) {
      page.treatments.push_back(item.name);
    }
  }
  if (placebo) page.treatments.push_back("a placebo (dummy treatment)");
  auto named = [](const std::vector<std::string>& list, const std::string& drug) {
    return std::any_of(list.begin(), list.end(), [&drug](const std::string& t) {
      return AsciiLowercase(t) == AsciiLowercase(drug);
    });
  };
  // What the study gives under any of its names or its generic name
  // ("5-FU", "Fluorouracil"): never listed as a criteria medicine (user
  // test: "the study does not give these: fluorouracil" for a 5-FU trial).
  std::set<std::string> given;
  const auto give = [&given](const std::string& name) {
    const std::string lower = AsciiLowercase(name);
    given.insert(lower);
    if (std::optional<std::string> generic = DrugTable::Builtin().GenericOf(lower))
      given.insert(AsciiLowercase(*generic));
  };
  for (const Intervention& item : c.p.arms_interventions.interventions) {
    give(item.name);
    for (const std::string& other : item.other_names) give(other);
  }
  const auto gives = [&](const std::string& drug) {
    const std::string lower = AsciiLowercase(drug);
    const std::optional<std::string> generic = DrugTable::Builtin().GenericOf(lower);
    return given.count(lower) > 0 || (generic && given.count(AsciiLowercase(*generic)) > 0);
  };
  const auto medicines = [&](const std::vector<std::string>& drugs, std::vector<std::string>& out) {
    for (const std::string& drug : drugs) {
      if (out.size() >= 20) break;
      if (plain::IsDrugClass(drug)) continue;
      // Listed as a medicine only when it is one: the criteria lexicon holds
      // every registry intervention name ("alcohol", "pregnancy test") and
      // sometimes a condition ("epilepsy").
      if (!LooksLikeAMedicine(drug)) continue;
      const std::string name =
          drug == "car t" || drug == "car-t" ? "CAR-T" : drug;  // lexicon: lower case
      if (!gives(name) && !named(out, name)) out.push_back(name);
    }
  };
  medicines(c.facts.inclusion_drugs, page.inclusion_drugs);
  medicines(c.facts.exclusion_drugs, page.exclusion_drugs);
  for (const Location& location : c.p.contacts_locations.locations) {
    std::string place;
    for (const std::string& part : {location.city, location.state, location.country}) {
      if (!part.empty()) place += (place.empty() ? "" : ", ") + part;
    }
    if (!place.empty() && !Has(page.places, place)) page.places.push_back(place);
  }
}

// How an interventional study is run: groups, placebo, masking.
std::string DesignSentences(const PageContext& c) {
  const DesignInfo& design = c.p.design.design_info;
  std::string out;
  if (design.allocation == "RANDOMIZED") {
    out += " People are put into groups by chance.";
  } else if (c.p.arms_interventions.arm_groups.size() <= 1 ||
             design.intervention_model == "SINGLE_GROUP") {
    out += " Everyone in the study gets " + c.intervention + ".";
  } else {
    out +=
        " The study has " + std::to_string(c.p.arms_interventions.arm_groups.size()) + " groups.";
  }
  const auto& interventions = c.p.arms_interventions.interventions;
  if (std::any_of(interventions.begin(), interventions.end(),
                  [](const Intervention& i) { return IsPlacebo(i.name); })) {
    out += " Some people get a dummy treatment (a placebo).";
  }
  if (design.masking_info.masking == "NONE") {
    out += " Everyone knows which treatment they get.";
  } else if (!design.masking_info.masking.empty()) {
    out += " People do not know which treatment they get.";
  }
  return out;
}

// After the age range, when a cohort's criteria give their own ages
// (KITE-363: 18 to 75, but 18 to 60 for systemic sclerosis; user test:
// "Adults aged 18 to 75 with ... systemic sclerosis").
constexpr const char* kOtherAges[] = {"", " Some conditions have other age limits."};

// Summary and what it studies, in short sentences.
void BuildSummary(const PageContext& c, const LayTerms& lay_terms, PlainPage& page) {
  const plain::StagePhrases& phrases = plain::PhrasesFor(c.stage);
  if (c.observational) {
    page.summary = "This study follows " + c.who + " with " + c.qualifier + c.condition_words +
                   ". It does not test a new treatment.";
    page.what_it_studies = "Researchers want to learn more about " + c.condition_words + ".";
  } else {
    page.summary =
        "This " + std::string(phrases.adjective) + "study tests " + c.intervention +
        ". It checks " + phrases.purpose + ". " +
        (c.for_healthy_people
             ? "It takes healthy volunteers: " + c.who + ". The treatment is meant for " +
                   c.qualifier + c.condition_words + "."
             : "It is for " + c.who + " with " + c.qualifier + c.condition_words + ".") +
        kOtherAges[c.facts.cohort_ages];
    // The treatment takes the purpose's "it": "learn if upadacitinib works
    // better than ... the usual treatment", not "... the usual treatment
    // for upadacitinib" (user test).
    std::string purpose = phrases.purpose;
    if (const std::size_t it = purpose.find(" it ");
        it != std::string::npos && !c.intervention.empty())
      purpose.replace(it + 1, 2, c.intervention);
    else if (!c.intervention.empty())
      purpose += " for " + c.intervention;
    page.what_it_studies = "Researchers want to learn " + purpose + "." + DesignSentences(c);
  }
  const EnrollmentInfo& enrollment = c.p.design.enrollment_info;
  if (enrollment.count) {
    const std::string count = std::to_string(*enrollment.count);
    page.what_it_studies += enrollment.type == "ACTUAL"
                                ? " " + count + " people took part."
                                : " About " + count + " people will take part.";
  }
  // Dates in the tense the record gives them: an estimated start has not
  // happened yet, an actual end has (user test: a completed trial "should
  // end in October 2022"; a not-yet-recruiting one "started in June 2023").
  const DateStruct& start = c.p.status.start_date;
  const DateStruct& end = c.p.status.completion_date;
  if (!start.date.empty()) {
    page.what_it_studies += start.type == "ESTIMATED"
                                ? " It should start in " + plain::MonthYear(start.date)
                                : " It started in " + plain::MonthYear(start.date);
    page.what_it_studies += end.date.empty() ? "."
                            : end.type == "ACTUAL"
                                ? " and ended in " + plain::MonthYear(end.date) + "."
                                : " and should end in " + plain::MonthYear(end.date) + ".";
  }
  page.from_study_team = lay_terms.Apply(c.p.description.brief_summary);
}

// Who should consider it, and who it is not for.
void BuildWhoShouldConsider(const PageContext& c, PlainPage& page) {
  const EligibilityModule& eligibility = c.p.eligibility;
  page.good_fit = c.for_healthy_people
                      ? "Healthy " + c.who + "."
                      : Capitalized(c.who) + " with " + c.qualifier + c.condition_words + ".";
  if (c.facts.prior_therapy)
    page.good_fit += " Their disease did not get better with the usual treatments, or came back.";
  page.good_fit += kOtherAges[c.facts.cohort_ages];
  if (eligibility.healthy_volunteers.value_or(false) && !c.for_healthy_people)
    page.good_fit += " Healthy volunteers can also join.";
  if (c.facts.consent) page.good_fit += " They must agree to take part in writing.";
  std::vector<std::string> not_fit;
  if (eligibility.minimum_age || eligibility.maximum_age) {
    not_fit.push_back("People outside the age range (" + AgeRange(eligibility) + ").");
  }
  if (eligibility.sex == "FEMALE") not_fit.push_back("Men.");
  if (eligibility.sex == "MALE") not_fit.push_back("Women.");
  if (c.facts.prior_therapy) not_fit.push_back("People whose disease is well controlled now.");
  if (c.facts.pregnancy_excluded) not_fit.push_back("People who are pregnant or breastfeeding.");
  if (!c.facts.infections.empty())
    not_fit.push_back("People with " + plain::InfectionWords(c.facts.infections) + ".");
  if (!c.facts.therapies.empty())
    // "have had", not "recently had": exclusions often name any history.
    not_fit.push_back("People who have had " + plain::TherapyWords(c.facts.therapies) + ".");
  // The criterion's own time: "CAR-T within 6 months" is not any CAR-T.
  for (const auto& [window, names] : c.facts.recent_therapies) {
    if (!names.empty())
      not_fit.push_back("People who had " + plain::TherapyWords(names) + " in the last " + window +
                        ".");
  }
  // "Another" in a cancer trial: its own cancer is who it is for.
  if (c.facts.cancer_excluded) {
    const bool cancer_trial =
        std::any_of(c.p.conditions.conditions.begin(), c.p.conditions.conditions.end(),
                    [](const std::string& name) { return NamesACancer(AsciiLowercase(name)); });
    // With the criterion's own time: "within the last 5 years" is not any
    // cancer ever (user test of the patient page).
    const std::string& window = c.facts.cancer_window;
    const std::string who = !window.empty() ? "People who had "
                            : cancer_trial  ? "People with "
                                            : "People who have had ";
    not_fit.push_back(who + (cancer_trial ? "another cancer" : "cancer") +
                      (window.empty() ? "" : " in the last " + window) +
                      (c.facts.cancer_exceptions ? " (the criteria allow some kinds)." : "."));
  }
  not_fit.push_back("The full list is under Eligibility criteria on this page.");
  page.not_a_fit = fmt::format("{}", fmt::join(not_fit, " "));
}

// Why it matters, and what the stage means for a participant.
void BuildWhyItMatters(const PageContext& c, PlainPage& page) {
  page.potential_benefit = c.observational
                               ? "What researchers learn may lead to better care for people with " +
                                     c.condition_words + "."
                               : "If it works, " + c.intervention +
                                     " could become a new option for people with " + c.qualifier +
                                     c.condition_words + ".";
  page.what_to_expect = plain::PhrasesFor(c.stage).what_to_expect;
}

// How to take part: the steps and the full criteria (the page shows the
// central contacts from the record).
void BuildHowToParticipate(const PageContext& c, PlainPage& page) {
  const std::string& status = c.p.status.overall_status;
  // A closed or finished study takes no one (user test: withdrawn and
  // completed studies told patients to ask about screening). A record
  // without a status is not known to be closed.
  if (!status.empty() && !IsOpenStatus(status)) {
    page.how_to_participate = {
        "This study does not take new people now. Its status: " +
            plain::RegistryCodeWords(status).label + ".",
        (c.condition_words.empty()
             ? std::string("Ask your doctor about open studies.")
             : "Ask your doctor about open studies of " + c.condition_words + ".") +
            " You can also search for them here.",
        "See the trial page on ClinicalTrials.gov for news."};
  } else {
    const bool contacts = !c.p.contacts_locations.central_contacts.empty();
    page.how_to_participate = {
        "Read who can join (Eligibility criteria, on this page) with your doctor.",
        "Check the trial page on ClinicalTrials.gov for the latest status and contacts.",
        std::string("Contact the study team to ask about screening.") +
            (contacts ? " Their phone and email are under Study contacts." : "") +
            " Asking does not mean you have to join."};
  }
  for (const std::string& condition : c.p.conditions.conditions) {
    page.conditions += (page.conditions.empty() ? "" : ", ") + condition;
  }
  // As written, without markdown's backslash escapes ("prednisone \>1
  // mg/kg/day" showed its backslash to patients).
  page.eligibility_criteria = RemoveMarkdownEscapes(c.p.eligibility.eligibility_criteria);
}

// The facts table at the top of the page.
void AddQuickFacts(const Study& study, PlainPage& page) {
  const ProtocolSection& p = study.protocol;
  auto add = [&page](const std::string& label, const std::string& value) {
    if (!value.empty()) page.quick_facts.push_back({label, value});
  };
  // Codes in words, with what each means for a participant (issue 25:
  // "Enrolling_by_invitation" and "EARLY_PHASE1" told a patient nothing).
  auto explained = [](const std::string& code) {
    if (code.empty()) return std::string();
    const plain::CodeWords words = plain::RegistryCodeWords(code);
    return words.meaning.empty() ? words.label : words.label + ": " + words.meaning;
  };
  // A record without a status (some seed records) says so rather than
  // leaving the line out: whether it takes people is what a patient asks.
  add("Status", p.status.overall_status.empty()
                    ? std::string("Not given in the record: ask the study team whether it "
                                  "takes people now")
                    : explained(p.status.overall_status));
  if (p.design.phases.size() == 1) {
    add("Phase", explained(p.design.phases.front()));
  } else {
    add("Phase", PhaseLabels(p.design.phases));
  }
  add("Study type", explained(p.design.study_type));
  if (p.design.enrollment_info.count) {
    add("Enrollment", std::to_string(*p.design.enrollment_info.count) +
                          (p.design.enrollment_info.type == "ESTIMATED" ? " (estimated)" : ""));
  }
  add("Ages", AgeRange(p.eligibility));
  add("Sex", plain::SexWord(p.eligibility.sex));
  const Sponsor& sponsor = p.sponsor_collaborators.lead_sponsor;
  add("Sponsor", sponsor.name + (sponsor.sponsor_class.empty()
                                     ? ""
                                     : " (" + AsciiLowercase(sponsor.sponsor_class) + ")"));
  add("Drugs / interventions", JoinList(page.treatments, "and"));
  // By section: a background drug people may keep taking is not one they
  // "must not take" (user test of the patient page).
  // What the criteria say of each (needed, allowed, limited or forbidden)
  // is not read: the lists say so (user test: "cannot join" listed
  // ibuprofen, which the criteria allow now and then).
  add("Medicines named in who can join",
      page.inclusion_drugs.empty()
          ? ""
          : JoinList(page.inclusion_drugs, "and") +
                " (the criteria may ask for them, allow them or limit them: read them to see "
                "which)");
  add("Medicines named in who cannot join",
      page.exclusion_drugs.empty()
          ? ""
          : JoinList(page.exclusion_drugs, "and") +
                " (taking these may keep people out, at any dose or only recently or above a "
                "dose, and some may be allowed now and then: the criteria say which)");
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
  const std::string intervention = plain::MainIntervention(study);
  const std::vector<std::string> conditions = plain::ConditionNames(study, 3);
  const PageContext context{
      study, p, plain::ReadCriteriaFacts(criteria), plain::StageOf(study), intervention,
      // "or": a study of several conditions is for people
      // with any of them, not all (issue 25).
      conditions.empty() ? "the conditions it studies" : JoinList(conditions, "or"),
      plain::DiseaseQualifier(study), plain::WhoWords(p.eligibility),
      p.design.study_type == "OBSERVATIONAL" || intervention.empty(), ForHealthyPeople(p)};
  PlainPage page;
  page.nct_id = study.nct_id();
  BuildTitle(context, page);
  BuildTreatmentsAndPlaces(context, page);
  BuildSummary(context, lay_terms, page);
  BuildWhoShouldConsider(context, page);
  BuildWhyItMatters(context, page);
  BuildHowToParticipate(context, page);
  AddQuickFacts(study, page);
  return page;
}

std::optional<std::string> StaleStatusNote(const Study& study, std::string_view today) {
  const StatusModule& status = study.protocol.status;
  const std::string& code = status.overall_status;
  if (code != "RECRUITING" && code != "NOT_YET_RECRUITING" && code != "ENROLLING_BY_INVITATION")
    return std::nullopt;
  if (today.size() < 10) return std::nullopt;
  // Dates compare as text (YYYY, YYYY-MM or YYYY-MM-DD); a month alone is
  // taken as its last day, so a completion "2023-11" has passed in December.
  const std::string now(today.substr(0, 10));
  const auto passed = [&](const std::string& date) {
    return !date.empty() && (date.size() >= 10 ? date < now : date + "-99" < now);
  };
  const std::string two_years_ago = std::to_string(std::stoi(now.substr(0, 4)) - 2) + now.substr(4);
  const std::string& completion = status.primary_completion_date.date.empty()
                                      ? status.completion_date.date
                                      : status.primary_completion_date.date;
  const std::string& updated = status.last_update_post_date.date;
  const bool ended = passed(completion);
  const bool old = !updated.empty() && updated < two_years_ago;
  if (!ended && !old) return std::nullopt;
  std::string note = "This record may be out of date: ";
  if (ended) note += "its planned end (" + plain::MonthYear(completion) + ") has passed";
  if (ended && !updated.empty()) note += ", and it ";
  if (!ended) note += "it ";
  if (!updated.empty()) note += "was last updated in " + plain::MonthYear(updated);
  return note + ". Ask the study team whether it still takes people.";
}

}  // namespace trialfinder
