// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// GET /study/{id}, GET and POST /study/{id}/plain: the registry page, the
// patient page and its editor form.

#include "server/pages.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

#include "server/api.h"
#include "server/json_ld.h"
#include "server/page_support.h"
#include "server/results_view.h"
#include "text/ascii_case.h"
#include "trialfinder/plain.h"
#include "trialfinder/search.h"

namespace trialfinder {
namespace {

constexpr std::size_t kMaxFieldCharacters = 4000;

// A trial page's head: its canonical address, a description and the trial
// as schema.org MedicalTrial JSON-LD.
PageHead TrialHead(const trialfinder::Study& study, const std::string& canonical,
                   std::string description) {
  return {canonical, std::move(description), ScriptSafeJson(MedicalTrialJsonLd(study, canonical)),
          false, ""};
}

// The trials most similar to `nct_id` (SearchIndex::Related), as stored;
// those that cannot be read are left out.
std::vector<trialfinder::Study> RelatedStudies(LoadedStudy& loaded, std::size_t count) {
  std::vector<trialfinder::Study> studies;
  Result<std::vector<SearchHit>> similar =
      loaded.lease.index().Related(loaded.study.nct_id(), count);
  if (!similar.ok()) return studies;
  for (const SearchHit& hit : *similar) {
    Result<std::optional<trialfinder::Study>> other = loaded.lease.store().GetStudy(hit.nct_id);
    if (other.ok() && other->has_value()) studies.push_back(std::move(**other));
  }
  return studies;
}

// How many related trials the patient page looks through for results.
constexpr std::size_t kSimilarForResults = 20;

// Lower-case condition and intervention names and MeSH ids of a study: what
// two studies must share to be "similar" for a patient.
std::set<std::string> Subjects(const trialfinder::Study& study) {
  std::set<std::string> subjects;
  for (const std::string& name : study.protocol.conditions.conditions) {
    subjects.insert("condition:" + AsciiLowercase(name));
  }
  for (const MeshTerm& mesh : study.derived.condition_browse.meshes) {
    subjects.insert("mesh:" + mesh.id);
  }
  // What the study tests is what its title names, when the title names any
  // of its interventions: the chemotherapy that prepares for a cell therapy
  // ("A Study of KITE-363 in ... Autoimmune Diseases", with fludarabine and
  // cyclophosphamide before it) does not make leukemia trials similar.
  const std::string titles = AsciiLowercase(study.protocol.identification.brief_title + " " +
                                            study.protocol.identification.official_title);
  auto in_titles = [&](const std::string& lower_name) {
    return lower_name.size() >= 3 && titles.find(lower_name) != std::string::npos;
  };
  const auto& interventions = study.protocol.arms_interventions.interventions;
  const bool titles_name_one =
      std::any_of(interventions.begin(), interventions.end(),
                  [&](const Intervention& i) { return in_titles(AsciiLowercase(i.name)); });
  for (const MeshTerm& mesh : study.derived.intervention_browse.meshes) {
    if (!titles_name_one || in_titles(AsciiLowercase(mesh.term)))
      subjects.insert("mesh:" + mesh.id);
  }
  for (const Intervention& intervention : interventions) {
    const std::string name = AsciiLowercase(intervention.name);
    // A placebo or usual care is in many studies of nothing alike.
    if (name.find("placebo") != std::string::npos || name.find("standard") != std::string::npos ||
        name.find("usual care") != std::string::npos) {
      continue;
    }
    if (titles_name_one && !in_titles(name)) continue;
    subjects.insert("intervention:" + name);
  }
  return subjects;
}

// "How similar studies have performed": the related trials that posted
// results, each with what it measured first and a link to its results.
// Says plainly when none did. Describes, never judges: whether a
// treatment worked is for the study's own report and a doctor.
Json SimilarResultsView(const trialfinder::Study& study,
                        const std::vector<trialfinder::Study>& candidates) {
  // Similar: shares a condition or a treatment, not only words.
  const std::set<std::string> subjects = Subjects(study);
  std::vector<const trialfinder::Study*> related;
  for (const trialfinder::Study& other : candidates) {
    const std::set<std::string> theirs = Subjects(other);
    if (std::any_of(theirs.begin(), theirs.end(),
                    [&](const std::string& s) { return subjects.count(s) > 0; })) {
      related.push_back(&other);
    }
  }
  Json items = Json::array();
  for (const trialfinder::Study* other_study : related) {
    const trialfinder::Study& other = *other_study;
    std::optional<PostedResults> posted =
        SummarizeResults(Json::parse(other.raw_json, nullptr, false));
    if (!posted) continue;
    std::string what = posted->primary_outcome.empty()
                           ? "It posted results."
                           : "Its main measure was: " + posted->primary_outcome +
                                 (posted->primary_outcome.back() == '.' ? "" : ".");
    std::string facts;
    for (const std::string& phase : other.protocol.design.phases) {
      facts += (facts.empty() ? "" : " / ") + CodeLabel(phase);
    }
    facts += (facts.empty() ? "" : " · ") + ReadableStatus(other.protocol.status.overall_status);
    items.push_back({{"nct_id", other.nct_id()},
                     {"title", other.protocol.identification.brief_title},
                     {"facts", facts},
                     {"what", what}});
  }
  // Every trial compared, so the count can be checked.
  Json compared = Json::array();
  for (const trialfinder::Study* other : related) {
    compared.push_back(
        {{"nct_id", other->nct_id()}, {"title", other->protocol.identification.brief_title}});
  }
  Json view = {{"looked", related.size()},
               {"items", items},
               {"has_items", !items.empty()},
               {"compared", compared},
               {"has_compared", !compared.empty()}};
  if (related.empty()) {
    view["summary"] =
        "We found no other trials of the same condition or treatment to compare with.";
  } else {
    const std::string found = related.size() == 1
                                  ? "We found one other trial of the same condition or treatment. "
                                  : "We found " + std::to_string(related.size()) +
                                        " other trials of the same condition or treatment. ";
    view["summary"] =
        found + (items.empty() ? std::string(related.size() == 1 ? "It has not" : "None has") +
                                     " posted results yet, so there is little to compare with."
                 : related.size() == 1
                     ? "It posted results: the link shows the numbers its team "
                       "reported."
                     : (items.size() == 1 ? std::string("One of them")
                                          : std::to_string(items.size()) + " of them") +
                           " posted results. Each link shows the numbers its "
                           "team reported.");
  }
  return view;
}

}  // namespace

void PageHandlers::Study(const HttpRequest& request, HttpResponse& response) {
  const Visitor visitor = Identify(request);
  std::optional<LoadedStudy> loaded = LoadStudy(request, response, visitor);
  if (!loaded) return;
  std::optional<Place> origin;
  if (request.HasParam("near")) {
    Result<ResolvedPlace> place =
        ResolvePlace(Param(request, "near"), loaded->lease.store(), loaded->lease.index());
    if (place.ok()) origin = place->place;
  }
  std::vector<RelatedTrial> related;
  for (const trialfinder::Study& other : RelatedStudies(*loaded, 5)) {
    related.push_back({other.nct_id(), other.protocol.identification.brief_title,
                       other.protocol.status.overall_status, JoinedPhases(other)});
  }
  Json view = StudyPageView(loaded->study, loaded->criteria, related, origin);
  // The registry page flags an open status the record may no longer
  // support too (user test: "RECRUITING" for a study that ended in 2012).
  if (std::optional<std::string> stale = StaleStatusNote(loaded->study, TodayUtc()))
    view["stale_status"] = *stale;
  SendPage(response, "study", view, loaded->study.protocol.identification.brief_title, visitor, 200,
           TrialHead(loaded->study, public_url_ + "/study/" + loaded->study.nct_id(),
                     MetaDescription(loaded->study)));
}

void PageHandlers::Plain(const HttpRequest& request, HttpResponse& response) {
  const Visitor visitor = Identify(request);
  std::optional<LoadedStudy> loaded = LoadStudy(request, response, visitor);
  if (!loaded) return;
  PlainPage page = BuildPlainPage(loaded->study, loaded->criteria, LayTerms::Builtin());
  Result<EditorialPool::Lease> editorial = editorial_.Acquire();
  if (!editorial.ok())
    return SendMessage(response, 500, "Something went wrong", editorial.status().message(),
                       visitor);
  Result<std::map<std::string, FieldOverride>> overrides = (*editorial)->Overrides(page.nct_id);
  Result<std::optional<PageReview>> review = (*editorial)->LastReview(page.nct_id);
  if (!overrides.ok() || !review.ok()) {
    return SendMessage(response, 500, "Something went wrong", "cannot read the editorial tables",
                       visitor);
  }
  // Overrides made on an earlier version of the record are held back: the
  // registry's new text shows until an editor reviews the page again.
  const int version = loaded->record_version;
  for (const auto& [field, value] : *overrides) {
    if (value.record_version == version) page.SetField(field, value.value);
  }
  const std::string updated = loaded->study.protocol.status.last_update_post_date.date;
  // Tappable: tel: and mailto: links (issue 25).
  const ContactsLocationsModule& where = loaded->study.protocol.contacts_locations;
  Json contacts = ContactsView(where.central_contacts, 10);
  // Without central contacts, those of the first sites taking people (user
  // test: "Contact the study team" above no contact, while the 1,218 sites
  // had phones).
  const bool from_sites = contacts.empty();
  if (from_sites) {
    constexpr std::size_t kSiteContacts = 3;
    for (bool open : {true, false}) {
      for (const Location& site : where.locations) {
        if (contacts.size() >= kSiteContacts) break;
        if (site.contacts.empty() || SiteIsClosed(site.status) == open) continue;
        for (Json& contact : ContactsView(site.contacts, 1)) {
          contact["site"] = site.facility.empty() ? site.city : site.facility + ", " + site.city;
          contacts.push_back(std::move(contact));
        }
      }
    }
  }
  const bool has_contacts = !contacts.empty();

  Json view = {
      {"nct_id", page.nct_id},
      {"title", page.title},
      {"official_title", page.official_title},
      {"byline", page.byline},
      {"summary", page.summary},
      {"what_it_studies", page.what_it_studies},
      {"from_study_team", page.from_study_team},
      {"good_fit", page.good_fit},
      {"not_a_fit", page.not_a_fit},
      {"potential_benefit", page.potential_benefit},
      {"what_to_expect", page.what_to_expect},
      {"treatments", page.treatments},
      {"has_treatments", !page.treatments.empty()},
      {"inclusion_drugs", page.inclusion_drugs},
      {"has_inclusion_drugs", !page.inclusion_drugs.empty()},
      {"exclusion_drugs", page.exclusion_drugs},
      {"has_exclusion_drugs", !page.exclusion_drugs.empty()},
      {"has_criteria_drugs", !page.inclusion_drugs.empty() || !page.exclusion_drugs.empty()},
      // Ten places, the rest behind "Show the other N places" (a user test
      // scrolled through 220 cities on a phone).
      {"places", std::vector<std::string>(
                     page.places.begin(),
                     page.places.begin() + std::min<std::ptrdiff_t>(10, page.places.size()))},
      {"more_places", page.places.size() > 10
                          ? std::vector<std::string>(page.places.begin() + 10, page.places.end())
                          : std::vector<std::string>()},
      {"more_places_count", page.places.size() > 10 ? page.places.size() - 10 : 0},
      // A number is no section test in the templates: 0 showed "Show the
      // other 0 places" (user test).
      {"has_more_places", page.places.size() > 10},
      {"has_places", !page.places.empty()},
      {"has_where", !page.places.empty() || has_contacts},
      {"contacts_from_sites", from_sites},
      {"contacts", std::move(contacts)},
      {"has_contacts", has_contacts},
      {"how_to_participate", page.how_to_participate},
      {"conditions", page.conditions},
      {"eligibility_criteria", page.eligibility_criteria},
      {"similar", SimilarResultsView(loaded->study, RelatedStudies(*loaded, kSimilarForResults))},
      {"own_results",
       SummarizeResults(Json::parse(loaded->study.raw_json, nullptr, false)).has_value()}};
  Json facts = Json::array();
  for (const QuickFact& fact : page.quick_facts)
    facts.push_back({{"label", fact.label}, {"value", fact.value}});
  view["quick_facts"] = facts;
  if (std::optional<std::string> stale = StaleStatusNote(loaded->study, TodayUtc()))
    view["stale_status"] = *stale;
  if (*review && (*review)->record_version == version) {
    view["review"] = {{"date", (*review)->reviewed_at.substr(0, 10)},
                      {"editor", (*review)->editor}};
  } else if (*review) {
    view["review_stale"] = {
        {"date", (*review)->reviewed_at.substr(0, 10)},
        {"editor", (*review)->editor},
        {"updated", updated.empty() ? std::string("since then") : "on " + updated}};
  }
  if (visitor.session) {
    Json fields = Json::array();
    for (const std::string& name : PlainPage::EditableFields()) {
      Json field = {{"name", name}, {"label", LabelOf(name)}, {"value", *page.Field(name)}};
      auto overridden = overrides->find(name);
      if (overridden != overrides->end() && overridden->second.record_version == version) {
        field["overridden"] = {{"by", overridden->second.editor},
                               {"at", overridden->second.updated_at}};
      } else if (overridden != overrides->end()) {
        field["stale"] = {{"by", overridden->second.editor},
                          {"at", overridden->second.updated_at},
                          {"value", overridden->second.value}};
      }
      fields.push_back(field);
    }
    view["editor"] = {{"csrf", visitor.session->csrf_token}, {"fields", fields}};
  }
  SendPage(response, "plain", view, page.title, visitor, 200,
           TrialHead(loaded->study, public_url_ + "/study/" + page.nct_id + "/plain",
                     MetaDescription(loaded->study, page.summary)));
}

void PageHandlers::EditPlain(const HttpRequest& request, HttpResponse& response) {
  const Visitor visitor = Identify(request);
  if (!visitor.session) {
    return SendMessage(response, 403, "Editors only",
                       "Only logged-in editors can change pages. Log in first.");
  }
  if (!CsrfMatches(request, visitor.session->csrf_token)) {
    return SendMessage(response, 403, "Form expired",
                       "The form was not sent from this session. Reload the page "
                       "and try again.",
                       visitor);
  }
  std::optional<LoadedStudy> loaded = LoadStudy(request, response, visitor);
  if (!loaded) return;
  const PlainPage generated = BuildPlainPage(loaded->study, loaded->criteria, LayTerms::Builtin());
  Result<EditorialPool::Lease> editorial = editorial_.Acquire();
  if (!editorial.ok())
    return SendMessage(response, 500, "Something went wrong", editorial.status().message(),
                       visitor);
  Result<std::map<std::string, FieldOverride>> overrides =
      (*editorial)->Overrides(generated.nct_id);
  if (!overrides.ok())
    return SendMessage(response, 500, "Something went wrong", overrides.status().message(),
                       visitor);
  for (const std::string& name : PlainPage::EditableFields()) {
    if (!request.HasParam(name.c_str())) continue;
    std::string value = Param(request, name.c_str());
    // Characters, not bytes: "é" is one character and two bytes.
    const auto characters =
        static_cast<std::size_t>(std::count_if(value.begin(), value.end(), [](char c) {
          return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        }));
    if (characters > kMaxFieldCharacters) {
      return SendMessage(response, 400, "Too long",
                         LabelOf(name) + ": at most " + std::to_string(kMaxFieldCharacters) +
                             " characters, not " + std::to_string(characters) + ".",
                         visitor);
    }
    value.erase(std::remove(value.begin(), value.end(), '\r'), value.end());
    // Back to the generated text (or cleared): no override.
    if (value == *generated.Field(name)) value.clear();
    auto current = overrides->find(name);
    const std::string stored = current == overrides->end() ? "" : current->second.value;
    // Unchanged, unless it was held back as stale: saving it again confirms
    // it for the record as it is now.
    const bool current_version =
        current == overrides->end() || current->second.record_version == loaded->record_version;
    if (value == stored && current_version) continue;
    Status saved = (*editorial)
                       ->SetOverride(generated.nct_id, name, value, visitor.session->editor,
                                     loaded->record_version);
    if (!saved.ok()) return SendMessage(response, 500, "Not saved", saved.message(), visitor);
  }
  if (Param(request, "reviewed") == "1") {
    Status marked =
        (*editorial)
            ->MarkReviewed(generated.nct_id, visitor.session->editor, loaded->record_version);
    if (!marked.ok()) return SendMessage(response, 500, "Not saved", marked.message(), visitor);
  }
  Redirect(response, "/study/" + generated.nct_id + "/plain");
}

}  // namespace trialfinder
