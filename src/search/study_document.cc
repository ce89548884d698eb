// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "search/study_document.h"

#include "text/ascii_case.h"
#include "trialfinder/partial_date.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "search/geo_cells.h"
#include "search/index_schema.h"
#include "search/site_distance.h"
#include "text/concepts.h"
#include "text/eligibility_text.h"
#include "text/words.h"
#include "trialfinder/places.h"
#include "trialfinder/study_pieces.h"

namespace trialfinder {
namespace {

// PartialDate::SortKey; 0 for text that is not a date (ingest refuses
// those, so only a hand-edited store has them).
double DateSortKey(const std::string& text) {
  const std::optional<PartialDate> date = PartialDate::Parse(text);
  return date ? date->SortKey() : 0;
}

namespace schema = index_schema;

// IsStopword for Xapian's TermGenerator, which asks about each lower-case
// word before stemming it; counts the words it stops.
class CountingStopper : public Xapian::Stopper {
 public:
  bool operator()(const std::string& word) const override {
    if (!IsStopword(word)) return false;
    ++stopped_;
    return true;
  }
  Xapian::termcount stopped() const { return stopped_; }

 private:
  mutable Xapian::termcount stopped_ = 0;
};

// Writes text fields: each piece goes into the all-text space and, when
// given, into one field prefix, with its own weight. Finish adds the
// concept terms of the fields that have them.
class FieldWriter {
 public:
  FieldWriter(Xapian::TermGenerator& generator, Xapian::Document& document,
              SpellingWords* spelling_words)
      : generator_(generator), document_(document), spelling_words_(spelling_words) {
    generator_.set_document(document);
    generator_.set_stopper_strategy(Xapian::TermGenerator::STOP_ALL);
  }

  // The generator must not keep a pointer to stopper_.
  ~FieldWriter() { generator_.set_stopper(nullptr); }
  FieldWriter(const FieldWriter&) = delete;
  FieldWriter& operator=(const FieldWriter&) = delete;

  void Finish() {
    // A concept met only as an abbreviation counts when the record also
    // names it in full somewhere (conditions, MeSH terms, titles, summary,
    // ...) or lists the abbreviation among its conditions ("NSCLC"): "OA"
    // in "RSVPreF3 OA" (older adults) is not osteoarthritis, "ASD" in a
    // spine trial's keywords (adjacent segment disease) not autism, "MI
    // Varnish" not a heart attack (user test of the search box).
    std::set<std::size_t> named_in_full = condition_groups_;
    if (!abbreviated_.empty()) {
      for (const ConceptTable::Occurrence& occurrence :
           ConceptTable::Builtin().OccurrencesIn(SplitWords(seen_text_), seen_text_)) {
        if (!occurrence.abbreviation) named_in_full.insert(occurrence.group);
      }
    }
    for (const auto& [group, prefixes] : abbreviated_) {
      if (named_in_full.count(group) > 0) continue;
      for (const std::string& term : prefixes) concept_wdf_.erase(term);
    }
    for (const auto& [term, wdf] : concept_wdf_) document_.add_term(term, wdf);
    if (stopword_wdf_ > 0) document_.add_term(schema::kStopwordWdfTerm, stopword_wdf_);
  }

  // A condition as the record lists it: an abbreviation there ("NSCLC")
  // names its concept without the full name (Finish).
  void Condition(const std::string& text, int text_weight, const char* prefix, int field_weight) {
    in_condition_ = true;
    Key(text, text_weight, prefix, field_weight);
    in_condition_ = false;
  }

  // Short, important text: positions kept (phrases work), spelling learnt.
  void Key(const std::string& text, int text_weight, const char* prefix = nullptr,
           int field_weight = 1) {
    if (text.empty()) return;
    Label(text, text_weight, prefix, field_weight);
    if (spelling_words_) LearnSpelling(text);
  }

  // Like Key, but the words are not learnt for spelling: sponsor names,
  // identifiers and sites would only crowd the suggestions.
  void Label(const std::string& text, int text_weight, const char* prefix = nullptr,
             int field_weight = 1) {
    if (text.empty()) return;
    Write(text, text_weight, prefix, field_weight, /*positions=*/true);
  }

  // Long text (summaries, criteria): no positions, to keep the index small.
  // With text_weight 0 the text goes into its field alone.
  void Body(const std::string& text, const char* prefix = nullptr,
            int text_weight = schema::text_weight::kBody) {
    if (text.empty()) return;
    Write(text, text_weight, prefix, 1, /*positions=*/false);
  }

 private:
  void Write(const std::string& text, int text_weight, const char* prefix, int field_weight,
             bool positions) {
    seen_text_ += text;
    seen_text_ += "\n";
    // All-text terms carry no positions: query.term matches names as
    // words, never as phrases, so positions there would only cost space.
    if (text_weight > 0) WriteWithoutStopwords(text, text_weight, "");
    if (!prefix) return;
    if (!positions) {
      WriteWithoutStopwords(text, field_weight, prefix);
      return;
    }
    generator_.set_stopper(nullptr);  // phrases need every word
    generator_.index_text(text, field_weight, prefix);
    generator_.increase_termpos(schema::kFieldGap);
    if (schema::HasConceptTerms(prefix)) CountConcepts(text, field_weight, prefix);
  }

  // Text without positions leaves stopwords out: nothing matches it by
  // phrase, and queries drop stopwords (see TextField in search_index.cc).
  // At about one word in eight, they were 23 of a study's 300 all-text
  // terms, each with a posting list as long as the registry. Their wdf
  // still counts towards the document's length (kStopwordWdfTerm).
  void WriteWithoutStopwords(const std::string& text, int weight, const char* prefix) {
    generator_.set_stopper(&stopper_);
    const Xapian::termcount before = stopper_.stopped();
    generator_.index_text_without_positions(text, static_cast<Xapian::termcount>(weight), prefix);
    stopword_wdf_ += (stopper_.stopped() - before) * static_cast<Xapian::termcount>(weight);
  }

  // Each piece is matched on its own: the field gap keeps phrases inside one.
  void CountConcepts(const std::string& text, int field_weight, const char* prefix) {
    for (const ConceptTable::Occurrence& occurrence :
         ConceptTable::Builtin().OccurrencesIn(SplitWords(text), text)) {
      const std::string term = schema::ConceptTerm(prefix, occurrence.group);
      concept_wdf_[term] += static_cast<Xapian::termcount>(field_weight);
      if (in_condition_) {
        condition_groups_.insert(occurrence.group);
      } else if (occurrence.abbreviation) {
        abbreviated_[occurrence.group].insert(term);
      }
    }
  }

  // Lower-case alphabetic words of 4+ letters: what a user may misspell.
  void LearnSpelling(const std::string& text) {
    std::string word;
    for (std::size_t i = 0; i <= text.size(); ++i) {
      const unsigned char c = i < text.size() ? static_cast<unsigned char>(text[i]) : ' ';
      if (std::isalpha(c)) {
        word += static_cast<char>(std::tolower(c));
        continue;
      }
      if (word.size() >= 4 && word.size() <= kMaxSplitWordBytes &&
          (c == ' ' || std::ispunct(c) || c == '\n'))
        ++(*spelling_words_)[word];
      if (!std::isdigit(c)) word.clear();
    }
  }

  Xapian::TermGenerator& generator_;
  Xapian::Document& document_;
  SpellingWords* spelling_words_;
  std::map<std::string, Xapian::termcount> concept_wdf_;
  // The concept terms of groups met as an abbreviation, by group; and
  // every text written, to look for their full names (Finish).
  std::map<std::size_t, std::set<std::string>> abbreviated_;
  std::set<std::size_t> condition_groups_;  // met in a listed condition
  bool in_condition_ = false;
  std::string seen_text_;
  CountingStopper stopper_;
  Xapian::termcount stopword_wdf_ = 0;
};

void AddConditionText(const Study& study, FieldWriter& fields) {
  namespace c = schema::condition_weight;
  namespace t = schema::text_weight;
  const ProtocolSection& p = study.protocol;
  const char* field = schema::kConditionField;
  // A study that takes healthy volunteers has its condition text at weight
  // 1: with field searches' BM25 (k1 = 1, b = 0) a wdf of 1 weighs about
  // half of the usual 19, so condition searches (query.cond, the page's
  // box) list trials for people with the condition first, at no cost to
  // the query (the same half weight given at query time tripled
  // query.cond's p50; relevance_bench: query.cond R-precision 94.4 ->
  // 96.7-97.5 %, the page's unchanged at 97.5 %). A phase 1 study in
  // healthy men that lists "type 2 diabetes" still matches; only the order
  // changes.
  const bool healthy = p.eligibility.healthy_volunteers.value_or(false);
  const auto weight = [healthy](int usual) { return healthy ? 1 : usual; };
  for (const auto& condition : p.conditions.conditions)
    fields.Condition(condition, t::kCondition, field, weight(c::kCondition));
  fields.Key(p.identification.brief_title, t::kBriefTitle, field, weight(c::kBriefTitle));
  fields.Key(p.identification.official_title, t::kOfficialTitle, field, weight(c::kOfficialTitle));
  // MeSH headings in the order people say them, so that phrases and
  // concept names match ("Leukemia, Myeloid, Acute" is an AML trial).
  for (const auto& mesh : study.derived.condition_browse.meshes)
    fields.Key(MeshNaturalOrder(mesh.term), t::kMesh, field, weight(c::kMesh));
  for (const auto& ancestor : study.derived.condition_browse.ancestors) {
    fields.Key(MeshNaturalOrder(ancestor.term), t::kAncestor, field, weight(c::kAncestor));
  }
  for (const auto& keyword : p.conditions.keywords)
    fields.Key(keyword, t::kKeyword, field, weight(c::kKeyword));
}

void AddOtherText(const Study& study, FieldWriter& fields) {
  namespace t = schema::text_weight;
  const ProtocolSection& p = study.protocol;
  fields.Key(p.identification.brief_title, 0, schema::kTitleField, 2);
  fields.Key(p.identification.official_title, 0, schema::kTitleField, 1);
  fields.Key(p.identification.acronym, t::kOfficialTitle, schema::kTitleField, 2);
  for (const auto& intervention : p.arms_interventions.interventions) {
    fields.Key(intervention.name, t::kIntervention, schema::kInterventionField, 3);
    for (const auto& other : intervention.other_names) {
      fields.Key(other, t::kIntervention, schema::kInterventionField, 2);
    }
    fields.Body(intervention.description);
  }
  for (const auto& mesh : study.derived.intervention_browse.meshes) {
    fields.Key(MeshNaturalOrder(mesh.term), t::kAncestor, schema::kInterventionField, 2);
  }
  for (const auto& ancestor : study.derived.intervention_browse.ancestors) {
    fields.Key(MeshNaturalOrder(ancestor.term), 0, schema::kInterventionClassField, 1);
  }
  for (const auto& arm : p.arms_interventions.arm_groups) {
    fields.Body(arm.label + "\n" + arm.description);
    fields.Label(arm.label, 0, schema::kArmField, 1);
  }
  fields.Body(p.description.brief_summary);
  fields.Body(p.description.detailed_description);
  for (const auto* outcomes :
       {&p.outcomes.primary_outcomes, &p.outcomes.secondary_outcomes, &p.outcomes.other_outcomes}) {
    for (const auto& outcome : *outcomes) {
      // Once, in its field: searches of all text read the outcome field as
      // part of it. A second, unprefixed copy cost 12 % of the time to
      // index (100k studies: 89.6 -> 78.7 s).
      fields.Body(outcome.measure + "\n" + outcome.description, schema::kOutcomeField,
                  /*text_weight=*/0);
    }
  }
  // All of it in all text (query.term's ClinicalTrials.gov meaning), and
  // each section in its own field, so a search can tell a trial that needs
  // a condition from one that excludes it.
  fields.Body(p.eligibility.eligibility_criteria);
  const EligibilitySections sections = SplitEligibilitySections(p.eligibility.eligibility_criteria);
  fields.Body(sections.inclusion, schema::kInclusionField, /*text_weight=*/0);
  fields.Body(sections.exclusion, schema::kExclusionField, /*text_weight=*/0);
  // Sponsors are matched word by word (no phrase needs positions there).
  const auto& sponsors = p.sponsor_collaborators;
  fields.Body(sponsors.lead_sponsor.name, schema::kLeadSponsorField, t::kBody);
  fields.Body(sponsors.lead_sponsor.name, schema::kSponsorField, 0);
  for (const auto& collaborator : sponsors.collaborators) {
    fields.Body(collaborator.name, schema::kSponsorField, t::kBody);
  }
  const auto& ids = p.identification;
  fields.Label(ids.nct_id, t::kBody, schema::kIdentifierField, 1);
  fields.Label(ids.org_study_id_info.id, t::kBody, schema::kIdentifierField, 1);
  fields.Label(ids.acronym, 0, schema::kIdentifierField, 1);
  for (const auto& alias : ids.nct_id_aliases)
    fields.Label(alias, t::kBody, schema::kIdentifierField, 1);
  for (const auto& secondary : ids.secondary_id_infos) {
    fields.Label(secondary.id, t::kBody, schema::kIdentifierField, 1);
  }
  for (const auto& site : p.contacts_locations.locations) {
    fields.Label(site.facility + ", " + site.city + ", " + site.state + ", " + site.country, 0,
                 schema::kLocationField, 1);
  }
}

// Boolean terms and facet lines for one value of a filterable field.
class Filters {
 public:
  explicit Filters(Xapian::Document& document) : document_(document) {}
  void Add(const char* prefix, const std::string& value, const char* facet = nullptr,
           const std::string& facet_value = "") {
    if (value.empty()) return;
    document_.add_boolean_term(schema::FilterTerm(prefix, value));
    if (facet && facets_.insert(std::string(facet) + "=" + facet_value).second) {
      facet_text_ += std::string(facet) + "=" + facet_value + "\n";
    }
  }
  const std::string& facet_text() const { return facet_text_; }

 private:
  Xapian::Document& document_;
  std::set<std::string> facets_;
  std::string facet_text_;
};

// Whether `json` has "key": true somewhere (any spacing).
bool JsonFlagIsTrue(std::string_view json, std::string_view key) {
  const std::string quoted = "\"" + std::string(key) + "\"";
  for (std::size_t at = json.find(quoted); at != std::string_view::npos;
       at = json.find(quoted, at + 1)) {
    std::size_t i = at + quoted.size();
    while (i < json.size() && std::isspace(static_cast<unsigned char>(json[i]))) ++i;
    if (i >= json.size() || json[i] != ':') continue;
    ++i;
    while (i < json.size() && std::isspace(static_cast<unsigned char>(json[i]))) ++i;
    if (json.compare(i, 4, "true") == 0) return true;
  }
  return false;
}

void AddFilters(const Study& study, Xapian::Document& document) {
  const ProtocolSection& p = study.protocol;
  Filters filters(document);
  filters.Add(schema::kStatusTerm, p.status.overall_status, "overallStatus",
              p.status.overall_status);
  for (const auto& phase : p.design.phases) filters.Add(schema::kPhaseTerm, phase, "phase", phase);
  filters.Add(schema::kStudyTypeTerm, p.design.study_type, "studyType", p.design.study_type);
  const std::string sex = p.eligibility.sex.empty() ? "ALL" : p.eligibility.sex;
  filters.Add(schema::kSexTerm, sex, "sex", sex);
  if (p.eligibility.healthy_volunteers) {
    filters.Add(schema::kHealthyTerm, *p.eligibility.healthy_volunteers ? "1" : "0");
  }
  for (const auto& age : p.eligibility.std_ages)
    filters.Add(schema::kStdAgeTerm, age, "stdAge", age);
  for (const auto& site : p.contacts_locations.locations) {
    filters.Add(schema::kCountryTerm, AsciiLowercase(site.country), "country", site.country);
    filters.Add(schema::kStateTerm, AsciiLowercase(site.state));
    filters.Add(schema::kCityTerm, AsciiLowercase(site.city));
  }
  for (const auto& intervention : p.arms_interventions.interventions) {
    if (!intervention.type.empty()) {
      filters.Add(schema::kInterventionTypeTerm, intervention.type, "interventionType",
                  intervention.type);
    }
  }
  if (study.has_results) filters.Add(schema::kResultsTerm, *study.has_results ? "1" : "0");
  // The document section is not typed (study.h): its flags are read from
  // the record's text.
  for (const auto& [key, name] : {std::pair{"hasProtocol", "PROTOCOL"}, std::pair{"hasSap", "SAP"},
                                  std::pair{"hasIcf", "ICF"}}) {
    if (JsonFlagIsTrue(study.raw_json, key)) filters.Add(schema::kDocumentTerm, name);
  }
  document.add_value(schema::kFacetSlot, filters.facet_text());
}

// Names as boolean terms (wdf 0: document lengths, and so ranking, are
// unchanged). A name too long for a term is no name a criterion repeats.
void AddNames(const Study& study, Xapian::Document& document) {
  const StudyNames names = NamesOf(study);
  for (const auto& [prefix, list] : {std::pair{schema::kDrugNameTerm, &names.drugs},
                                     std::pair{schema::kConditionNameTerm, &names.conditions}}) {
    for (const std::string& name : *list) {
      const std::string term = std::string(prefix) + name;
      if (!name.empty() && term.size() <= schema::kMaxTermBytes) document.add_boolean_term(term);
    }
  }
}

void AddValues(const Study& study, Xapian::Document& document) {
  const ProtocolSection& p = study.protocol;
  const EligibilityModule& e = p.eligibility;
  document.add_value(schema::kMinimumAgeSlot,
                     Xapian::sortable_serialise(e.minimum_age ? e.minimum_age->InYears() : 0));
  document.add_value(
      schema::kMaximumAgeSlot,
      Xapian::sortable_serialise(e.maximum_age ? e.maximum_age->InYears() : schema::kNoMaximumAge));
  if (!p.status.start_date.date.empty()) {
    document.add_value(schema::kStartDateSlot,
                       Xapian::sortable_serialise(DateSortKey(p.status.start_date.date)));
  }
  const std::string& updated = p.status.last_update_post_date.date.empty()
                                   ? p.status.last_update_submit_date
                                   : p.status.last_update_post_date.date;
  if (!updated.empty()) {
    document.add_value(schema::kLastUpdateSlot, Xapian::sortable_serialise(DateSortKey(updated)));
  }
  document.add_value(schema::kTieBreakSlot,
                     Xapian::sortable_serialise((IsOpenStatus(p.status.overall_status) ? 1e8 : 0) +
                                                (updated.empty() ? 0 : DateSortKey(updated))));
  if (p.design.enrollment_info.count) {
    document.add_value(
        schema::kEnrollmentSlot,
        Xapian::sortable_serialise(static_cast<double>(*p.design.enrollment_info.count)));
  }
  std::string all_sites;
  std::string enrolling_sites;
  const bool study_enrolling = IsOpenStatus(p.status.overall_status);
  // Sites without the registry's coordinates are placed at their ZIP
  // code's or city's centre (places.h), so "near" does not drop them.
  const Gazetteer& gazetteer = Gazetteer::Builtin();
  for (const auto& site : p.contacts_locations.locations) {
    const std::optional<MapPoint> point = gazetteer.Locate(site);
    if (!point) continue;
    AppendSite(point->latitude, point->longitude, &all_sites);
    document.add_boolean_term(GeoCellTerm(point->latitude, point->longitude));
    // A site without its own status follows the study's.
    const bool enrolling = site.status.empty() ? study_enrolling : IsOpenStatus(site.status);
    if (enrolling) AppendSite(point->latitude, point->longitude, &enrolling_sites);
  }
  if (!all_sites.empty()) document.add_value(schema::kAllSitesSlot, all_sites);
  if (!enrolling_sites.empty()) {
    document.add_value(schema::kRecruitingSitesSlot, enrolling_sites);
  }
}

// A piece's number for its value slot (index_schema::PieceSlot): dates as
// their sort key, ages in years; nullopt for text that is none.
std::optional<double> PieceNumber(const Piece& piece, std::string_view value) {
  switch (piece.type) {
    case PieceType::kDate: {
      const std::optional<PartialDate> date = PartialDate::Parse(std::string(value));
      if (!date) return std::nullopt;
      return date->SortKey();
    }
    case PieceType::kAge: {
      Result<std::optional<Age>> age = ParseAge(value);
      if (!age.ok() || !age->has_value()) return std::nullopt;
      return (*age)->InYears();
    }
    case PieceType::kInteger:
    case PieceType::kNumber: {
      const std::string text(value);
      char* end = nullptr;
      const double number = std::strtod(text.c_str(), &end);
      if (end == text.c_str()) return std::nullopt;
      return number;
    }
    default:
      return std::nullopt;
  }
}

// The terms and values of every piece (index_schema.h, "Pieces").
void AddPieces(const Study& study, Xapian::Document& document) {
  const Piece* first = StudyPieces().data();
  std::map<const Piece*, std::size_t> list_sizes;
  ForEachPieceValue(study, [&](const Piece& piece, std::string_view value) {
    document.add_boolean_term(schema::PieceHasTerm(piece.name));
    if (piece.list) ++list_sizes[&piece];
    switch (piece.type) {
      case PieceType::kEnum:
      case PieceType::kBoolean:
        document.add_boolean_term(schema::PieceValueTerm(piece.name, value));
        return;
      case PieceType::kText: {
        if (schema::IsContactDetail(piece.name)) return;
        const std::vector<Word> words = SplitWords(value);
        if (words.empty()) return;
        std::string whole;
        for (const Word& word : words) {
          whole += (whole.empty() ? "" : " ") + word.raw;
          if (!IsStopword(word.raw) && word.stemmed.size() < schema::kMaxTermBytes - 40) {
            document.add_boolean_term(schema::PieceWordPrefix(piece.name) + word.stemmed);
          }
        }
        if (words.size() <= schema::kMaxWholeValueWords) {
          document.add_boolean_term(schema::PieceValueTerm(piece.name, whole));
        }
        return;
      }
      case PieceType::kMarkup:
        return;
      default:
        if (std::optional<double> number = PieceNumber(piece, value)) {
          const auto slot = schema::PieceSlot(static_cast<std::size_t>(&piece - first));
          // A list keeps its first value (no list of dates or numbers today).
          if (document.get_value(slot).empty()) {
            document.add_value(slot, Xapian::sortable_serialise(*number));
          }
        }
    }
  });
  for (const auto& [piece, size] : list_sizes) {
    document.add_boolean_term(schema::PieceSizePrefix(piece->name) + std::to_string(size));
  }
}

}  // namespace

std::string DocumentLayout() {
  // 2: geographic cell terms; 3: concept terms; 4: sites as unit vectors;
  // 5: outcome text only under its field, no stopwords in all text;
  // 6: sponsors without positions or stopwords; 7: drug and condition
  // names for the criteria lexicon; 8: sites placed by the gazetteer,
  // inclusion and exclusion fields; 9: pieces (terms and value slots);
  // 10: intervention ancestors in their own field, MeSH headings in
  // natural order; 11: arm group labels in their own field; 12: a concept
  // met only as an abbreviation counts when the record names it in full;
  // 13: section headers naming their subjects ("Subject Exclusion
  // Criteria") split the inclusion and exclusion fields; the tie-break
  // slot (open studies first); no concept right after "non"; the condition
  // text of studies taking healthy volunteers at weight 1.
  return "13 concepts " + ConceptTable::Builtin().fingerprint();
}

std::string NctIdTerm(const std::string& nct_id) { return schema::kNctIdTerm + nct_id; }

Xapian::Document BuildStudyDocument(const Study& study, Xapian::TermGenerator& generator,
                                    SpellingWords* spelling_words) {
  Xapian::Document document;
  document.set_data(study.nct_id());
  document.add_boolean_term(NctIdTerm(study.nct_id()));
  FieldWriter fields(generator, document, spelling_words);
  AddConditionText(study, fields);
  AddOtherText(study, fields);
  fields.Finish();
  // The generator would otherwise keep a reference to the document, and
  // drop it on this thread when it is given the next one, while the writer
  // thread holds the same document: Xapian's reference counts are not
  // atomic, so the count could go wrong (LeakSanitizer saw the documents
  // leak). Detach it while the document is still this thread's alone.
  generator.set_document(Xapian::Document());
  AddFilters(study, document);
  AddNames(study, document);
  AddValues(study, document);
  AddPieces(study, document);
  return document;
}

}  // namespace trialfinder
