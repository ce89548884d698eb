// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "search/text_query.h"

#include <set>
#include <unordered_set>

#include <algorithm>
#include <utility>

namespace trialfinder {
namespace {

namespace schema = index_schema;
using Xapian::Query;

// ClinicalTrials.gov's query syntax over plain text: "quoted phrases",
// upper-case AND, OR, NOT and parentheses. Everything else is words, handed
// to `words` (which expands concepts). Unbalanced parentheses and stray
// operators are read as plain words, so no text is an error.
class SyntaxParser {
 public:
  SyntaxParser(const std::string& text, TextField field, WordsQuery words)
      : field_(std::move(field)), words_(std::move(words)) {
    Tokenize(text);
  }

  std::optional<Query> Parse() {
    if (!Balanced()) {
      // Read everything as words and phrases, ignoring operators.
      std::string plain;
      for (const Token& token : tokens_) plain += " " + token.text;
      return words_(plain);
    }
    std::optional<Query> query = Or();
    return query;
  }

 private:
  enum class Kind { kWords, kPhrase, kAnd, kOr, kNot, kOpen, kClose };
  struct Token {
    Kind kind;
    std::string text;
  };

  void Tokenize(const std::string& text) {
    std::string words;
    auto flush = [&] {
      if (words.find_first_not_of(" \t") != std::string::npos)
        tokens_.push_back({Kind::kWords, words});
      words.clear();
    };
    for (std::size_t i = 0; i < text.size();) {
      const char c = text[i];
      if (c == '"') {
        flush();
        const std::size_t close = text.find('"', i + 1);
        const std::size_t end = close == std::string::npos ? text.size() : close;
        tokens_.push_back({Kind::kPhrase, text.substr(i + 1, end - i - 1)});
        i = end + 1;
      } else if (c == '(' || c == ')') {
        flush();
        tokens_.push_back({c == '(' ? Kind::kOpen : Kind::kClose, std::string(1, c)});
        ++i;
      } else if (std::isupper(static_cast<unsigned char>(c)) &&
                 (i == 0 || !std::isalnum(static_cast<unsigned char>(text[i - 1])))) {
        std::size_t end = i;
        while (end < text.size() && std::isalnum(static_cast<unsigned char>(text[end]))) ++end;
        const std::string word = text.substr(i, end - i);
        const bool op = word == "AND" || word == "OR" || word == "NOT";
        if (op) {
          flush();
          tokens_.push_back({word == "AND"  ? Kind::kAnd
                             : word == "OR" ? Kind::kOr
                                            : Kind::kNot,
                             word});
        } else {
          words += word;
        }
        i = end;
      } else {
        words += c;
        ++i;
      }
    }
    flush();
  }

  bool Balanced() const {
    int depth = 0;
    for (const Token& token : tokens_) {
      depth += token.kind == Kind::kOpen ? 1 : token.kind == Kind::kClose ? -1 : 0;
      if (depth < 0) return false;
    }
    return depth == 0;
  }

  bool At(Kind kind) const { return position_ < tokens_.size() && tokens_[position_].kind == kind; }

  static std::optional<Query> Combine(Query::op op, std::optional<Query> left,
                                      std::optional<Query> right) {
    if (!left) return right;
    if (!right) return left;
    return Query(op, *left, *right);
  }

  std::optional<Query> Or() {
    std::optional<Query> left = And();
    while (At(Kind::kOr)) {
      ++position_;
      left = Combine(Query::OP_OR, left, And());
    }
    return left;
  }

  std::optional<Query> And() {
    std::optional<Query> left = Unary();
    while (position_ < tokens_.size() && !At(Kind::kOr) && !At(Kind::kClose)) {
      if (At(Kind::kAnd)) ++position_;
      if (At(Kind::kNot)) {
        ++position_;
        std::optional<Query> excluded = Unary();
        if (excluded) left = Query(Query::OP_AND_NOT, left ? *left : MatchAll(), *excluded);
        continue;
      }
      left = Combine(Query::OP_AND, left, Unary());
    }
    return left;
  }

  std::optional<Query> Unary() {
    if (At(Kind::kNot)) {
      ++position_;
      if (++not_run_ > kMaxDepth) return std::nullopt;
      std::optional<Query> excluded = Unary();
      if (!excluded) return std::nullopt;
      return Query(Query::OP_AND_NOT, MatchAll(), *excluded);
    }
    if (At(Kind::kOpen)) {
      ++position_;
      if (++depth_ > kMaxDepth) return std::nullopt;  // absurd nesting: ignore the rest
      std::optional<Query> inner = Or();
      --depth_;
      if (At(Kind::kClose)) ++position_;
      return inner;
    }
    if (position_ >= tokens_.size() || At(Kind::kClose) || At(Kind::kOr) || At(Kind::kAnd)) {
      if (position_ < tokens_.size() && !At(Kind::kClose)) ++position_;  // stray operator
      return std::nullopt;
    }
    const Token& token = tokens_[position_++];
    if (token.kind == Kind::kPhrase) return Phrase(token.text);
    return words_(token.text);
  }

  std::optional<Query> Phrase(const std::string& text) const {
    ConceptTable::Name name;
    for (const Word& word : SplitWords(text)) name.push_back(word.stemmed);
    Query query = NameQuery(name, field_);
    if (query.empty()) return std::nullopt;
    return query;
  }

  static constexpr int kMaxDepth = 32;
  TextField field_;
  WordsQuery words_;
  std::vector<Token> tokens_;
  std::size_t position_ = 0;
  int depth_ = 0;
  int not_run_ = 0;
};

}  // namespace

// Fields indexed with positions, where multi-word names are matched as phrases.
bool HasPositions(const std::string& prefix) {
  return prefix == schema::kConditionField || prefix == schema::kTitleField ||
         prefix == schema::kInterventionField || prefix == schema::kLocationField ||
         prefix == schema::kIdentifierField;
}

Query NameQuery(const ConceptTable::Name& name, const TextField& field) {
  std::vector<Query> terms;
  for (const std::string& word : name) {
    // Stopwords stem to themselves ("of", "the"), so a stem equal to one is
    // taken for it. The rare other word with such a stem ("wills") is then
    // left out of the query as well.
    if (!field.Unindexed(word)) terms.push_back(field.WordQuery(word));
  }
  if (terms.size() <= 1) return terms.empty() ? Query() : terms.front();
  if (HasPositions(field.prefix))
    return Query(Query::OP_PHRASE, terms.begin(), terms.end(), terms.size());
  return Query(Query::OP_AND, terms.begin(), terms.end());
}

Query PlainTextQuery(const std::vector<Word>& words, const std::string& raw_text,
                     const TextField& field) {
  const std::vector<Query> parts = ConceptParts(words, raw_text, field, [&](const Word& word) {
    return !IsStopword(word.raw) || (words.size() == 1 && !field.Unindexed(word.raw));
  });
  if (parts.empty()) return Query();
  return Query(Query::OP_AND, parts.begin(), parts.end());
}

std::optional<Query> ParseTextSyntax(const std::string& text, const TextField& field,
                                     const WordsQuery& words) {
  return SyntaxParser(text, field, words).Parse();
}

// The word of an all-text term (unprefixed, or of the outcome field, see
// TextField::WordQuery); empty for terms of other fields.
Xapian::Query ConceptFamilyQuery(const ConceptTable& concepts, std::size_t group,
                                 const std::string& prefix) {
  using Xapian::Query;
  std::vector<Query> same = {Query(index_schema::ConceptTerm(prefix, group))};
  for (std::size_t narrower : concepts.Narrower(group))
    same.emplace_back(index_schema::ConceptTerm(prefix, narrower));
  Query query =
      same.size() == 1 ? same.front() : Query(Query::OP_SYNONYM, same.begin(), same.end());
  const std::vector<std::size_t>& including = concepts.Including(group);
  if (including.empty()) return query;
  // Groups that are this one, under it or over it: not rivals.
  std::set<std::size_t> kin(concepts.Broader(group).begin(), concepts.Broader(group).end());
  kin.insert(group);
  kin.insert(concepts.Narrower(group).begin(), concepts.Narrower(group).end());
  std::vector<Query> weaker;
  for (std::size_t above : including) {
    std::vector<Query> rivals;
    for (std::size_t sibling : concepts.Narrower(above)) {
      if (!kin.count(sibling)) rivals.emplace_back(index_schema::ConceptTerm(prefix, sibling));
    }
    Query term(index_schema::ConceptTerm(prefix, above));
    weaker.push_back(rivals.empty() ? term
                                    : Query(Query::OP_AND_NOT, term,
                                            Query(Query::OP_OR, rivals.begin(), rivals.end())));
  }
  return Query(
      Query::OP_OR, query,
      Query(Query::OP_SCALE_WEIGHT, Query(Query::OP_OR, weaker.begin(), weaker.end()), 1.0 / 3));
}

std::string_view AllTextWord(std::string_view term) {
  const std::string_view outcome = schema::kOutcomeField;
  if (term.substr(0, outcome.size()) == outcome) term.remove_prefix(outcome.size());
  if (term.empty() || !std::islower(static_cast<unsigned char>(term[0]))) return {};
  return term;
}

namespace {

// All-text terms worth expanding a query with.
struct TextTermsOnly : Xapian::ExpandDecider {
  explicit TextTermsOnly(const std::unordered_set<std::string>* leave_out)
      : leave_out_(leave_out) {}
  bool operator()(const std::string& term) const override {
    const std::string_view word = AllTextWord(term);
    if (word.size() <= 2 || IsStopword(std::string(word))) return false;
    return !leave_out_ || leave_out_->count(std::string(word)) == 0;
  }

 private:
  const std::unordered_set<std::string>* leave_out_;
};

}  // namespace

// At most `count` words of all text that best tell the documents of
// `relevant` from the rest (Xapian's relevance feedback), best first. A
// word in both outcome and other text comes once, where it ranks first.
std::vector<std::string> ExpansionWords(const Xapian::Database& database,
                                        const Xapian::RSet& relevant, std::size_t count,
                                        const std::unordered_set<std::string>* leave_out) {
  Xapian::Enquire enquire(database);
  const TextTermsOnly text_only(leave_out);
  // Each word can come twice, so twice as many terms give `count` words.
  const Xapian::ESet expansion =
      enquire.get_eset(static_cast<Xapian::termcount>(2 * count), relevant, &text_only);
  std::vector<std::string> words;
  for (auto term = expansion.begin(); term != expansion.end() && words.size() < count; ++term) {
    const std::string word(AllTextWord(*term));
    if (std::find(words.begin(), words.end(), word) == words.end()) words.push_back(word);
  }
  return words;
}

}  // namespace trialfinder
