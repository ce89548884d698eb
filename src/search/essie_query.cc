// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "search/essie_query.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <limits>
#include <utility>
#include <vector>

#include "search/index_schema.h"
#include "search/piece_query.h"
#include "search/text_query.h"
#include "text/ascii_case.h"
#include "text/words.h"
#include "trialfinder/age.h"
#include "trialfinder/partial_date.h"
#include "trialfinder/search.h"
#include "trialfinder/study_pieces.h"

namespace trialfinder {
namespace {

namespace schema = index_schema;
using Xapian::Query;

using Coverage = PieceQuery::Coverage;

enum class Kind { kWords, kPhrase, kAnd, kOr, kNot, kOpen, kClose, kContext, kRange, kMissing };

struct Token {
  Kind kind;
  std::string text;      // words, phrase, RANGE's bounds, a context's argument
  std::string op;        // AREA, SEARCH, EXPANSION, COVERAGE
  std::size_t position;  // of its first character
};

// Where an operand is looked for, and how.
struct Context {
  std::string prefix;            // a search area's field, when piece is null
  const Piece* piece = nullptr;  // AREA[Piece]
  bool size = false;             // AREA[Piece:size]: how many values it has
  Expansion expansion = Expansion::kConcept;
  Coverage coverage = Coverage::kContains;
};

// Operands that are one value: the first word of a run of words.
bool TakesOneWord(const Context& context) {
  const Piece* piece = context.piece;
  return piece && (context.size || piece->type == PieceType::kEnum ||
                   piece->type == PieceType::kBoolean || IsRangeType(piece->type));
}

std::string Trim(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
}

class Parser {
 public:
  Parser(const std::string& text, const EssieOptions& options, const FieldWordsQuery& words)
      : text_(text), options_(options), words_(words) {}

  Result<std::optional<Query>> Parse() {
    Tokenize(text_);
    if (!error_.ok()) return error_;
    if (options_.lenient && !Balanced()) {
      // Read as people type: parentheses that do not pair are dropped.
      std::string flat = text_;
      std::replace_if(
          flat.begin(), flat.end(), [](char c) { return c == '(' || c == ')'; }, ' ');
      tokens_.clear();
      Tokenize(flat);
      if (!error_.ok()) return error_;
    }
    if (tokens_.empty() && !options_.lenient) Error("the expression ends too early", 0);
    if (!error_.ok()) return error_;
    Context context;
    context.prefix = options_.prefix;
    std::optional<Query> query = Or(context);
    if (error_.ok() && position_ < tokens_.size()) {
      Error("unexpected '" + Shown(tokens_[position_]) + "'", tokens_[position_].position);
    }
    if (!error_.ok()) return error_;
    return query;
  }

 private:
  // Records the first error; later ones follow from it.
  void Error(const std::string& problem, std::size_t at, const std::string& advice = "") {
    if (error_.ok()) {
      error_ = Status::InvalidArgument("parameter '" + options_.parameter + "': " + problem +
                                       " at character " + std::to_string(at + 1) + advice);
    }
  }

  static std::string Shown(const Token& token) {
    switch (token.kind) {
      case Kind::kWords:
        return token.text.substr(0, 20);
      case Kind::kPhrase:
        return "\"" + token.text.substr(0, 20) + "\"";
      case Kind::kContext:
        return token.op + "[" + token.text + "]";
      case Kind::kRange:
        return "RANGE[" + token.text + "]";
      default:
        return token.text;
    }
  }

  // --- tokens -------------------------------------------------------------

  void Tokenize(const std::string& text) {
    std::string words;
    std::size_t words_start = 0;
    auto flush = [&] {
      const std::size_t begin = words.find_first_not_of(" \t\r\n");
      if (begin != std::string::npos) {
        tokens_.push_back({Kind::kWords, Trim(words), "", words_start + begin});
      }
      words.clear();
    };
    auto add_word_char = [&](std::size_t at, char c) {
      if (words.empty()) words_start = at;
      words += c;
    };
    for (std::size_t i = 0; i < text.size();) {
      const char c = text[i];
      if (c == '\\' && i + 1 < text.size()) {
        // An escaped operator is a word: \MISSING, \AND, \(.
        ++i;
        do {
          add_word_char(i, text[i]);
          ++i;
        } while (i < text.size() && std::isalnum(static_cast<unsigned char>(text[i])));
        continue;
      }
      if (c == '"') {
        flush();
        std::string phrase;
        std::size_t j = i + 1;
        for (; j < text.size() && text[j] != '"'; ++j) {
          if (text[j] == '\\' && j + 1 < text.size() && text[j + 1] == '"') ++j;
          phrase += text[j];
        }
        tokens_.push_back({Kind::kPhrase, phrase, "", i});
        i = std::min(text.size(), j + 1);
        continue;
      }
      if (c == '(' || c == ')') {
        flush();
        tokens_.push_back({c == '(' ? Kind::kOpen : Kind::kClose, std::string(1, c), "", i});
        ++i;
        continue;
      }
      if (std::isupper(static_cast<unsigned char>(c)) &&
          (i == 0 || !std::isalnum(static_cast<unsigned char>(text[i - 1])))) {
        std::size_t end = i;
        while (end < text.size() &&
               (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) {
          ++end;
        }
        const std::string word = text.substr(i, end - i);
        const bool bracketed = end < text.size() && text[end] == '[';
        if (bracketed && (word == "AREA" || word == "SEARCH" || word == "EXPANSION" ||
                          word == "COVERAGE" || word == "RANGE")) {
          flush();
          const std::size_t close = text.find(']', end);
          if (close == std::string::npos) {
            Error("missing ']' after " + word + "[", i);
            return;
          }
          const std::string argument = text.substr(end + 1, close - end - 1);
          if (word == "RANGE") {
            tokens_.push_back({Kind::kRange, argument, word, i});
          } else {
            tokens_.push_back({Kind::kContext, Trim(argument), word, i});
          }
          i = close + 1;
          continue;
        }
        if (word == "AND" || word == "OR" || word == "NOT") {
          flush();
          tokens_.push_back({word == "AND"  ? Kind::kAnd
                             : word == "OR" ? Kind::kOr
                                            : Kind::kNot,
                             word, "", i});
          i = end;
          continue;
        }
        // MISSING: in an AREA[Piece] it is the operator (AREA[Phase]MISSING,
        // AREA[Phase](PHASE2 OR MISSING)); elsewhere the parser reads it as
        // the word.
        if (word == "MISSING") {
          flush();
          tokens_.push_back({Kind::kMissing, word, "", i});
          i = end;
          continue;
        }
        for (std::size_t k = i; k < end; ++k) add_word_char(k, text[k]);
        i = end;
        continue;
      }
      add_word_char(i, c);
      ++i;
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
  bool AtEnd() const { return position_ >= tokens_.size(); }
  std::size_t Where() const { return AtEnd() ? text_.size() : tokens_[position_].position; }

  // --- grammar ------------------------------------------------------------

  static std::optional<Query> Combine(Query::op op, std::optional<Query> left,
                                      std::optional<Query> right) {
    if (!left) return right;
    if (!right) return left;
    return Query(op, *left, *right);
  }

  std::optional<Query> Or(const Context& context) {
    std::optional<Query> left = And(context);
    while (error_.ok() && At(Kind::kOr)) {
      ++position_;
      if (!options_.lenient && (AtEnd() || At(Kind::kClose))) {
        Error(AtEnd() ? "the expression ends too early" : "OR needs something after it", Where());
        return std::nullopt;
      }
      left = Combine(Query::OP_OR, left, And(context));
    }
    return left;
  }

  std::optional<Query> And(const Context& context) {
    std::optional<Query> left = Unary(context);
    while (error_.ok() && !AtEnd() && !At(Kind::kOr) && !At(Kind::kClose)) {
      if (At(Kind::kAnd)) {
        ++position_;
        if (!options_.lenient && (AtEnd() || At(Kind::kClose) || At(Kind::kOr))) {
          Error(AtEnd() ? "the expression ends too early" : "AND needs something after it",
                Where());
          return std::nullopt;
        }
      }
      if (At(Kind::kNot)) {
        ++position_;
        std::optional<Query> excluded = Unary(context);
        if (excluded) left = Query(Query::OP_AND_NOT, left ? *left : MatchAll(), *excluded);
        continue;
      }
      left = Combine(Query::OP_AND, left, Unary(context));
    }
    return left;
  }

  std::optional<Query> Unary(const Context& context) {
    if (!error_.ok()) return std::nullopt;
    if (++depth_ > kMaxDepth * 4) {
      Error("operators nest too deep", Where());
      return std::nullopt;
    }
    struct Leave {
      int& depth;
      ~Leave() { --depth; }
    } leave{depth_};
    if (AtEnd()) {
      if (!options_.lenient) Error("the expression ends too early", Where());
      return std::nullopt;
    }
    const Token token = tokens_[position_];
    switch (token.kind) {
      case Kind::kNot: {
        ++position_;
        std::optional<Query> excluded = Unary(context);
        if (!excluded) return std::nullopt;
        return Query(Query::OP_AND_NOT, MatchAll(), *excluded);
      }
      case Kind::kContext: {
        ++position_;
        Context inner = context;
        if (!Apply(token, inner)) return std::nullopt;
        if (AtEnd() || At(Kind::kClose) || At(Kind::kOr) || At(Kind::kAnd)) {
          Error(token.op + "[" + token.text + "] has no value", Where());
          return std::nullopt;
        }
        return Unary(inner);
      }
      case Kind::kOpen: {
        ++position_;
        if (++parentheses_ > kMaxDepth) {
          Error("parentheses nest too deep", token.position);
          return std::nullopt;
        }
        std::optional<Query> inner = Or(context);
        --parentheses_;
        if (!error_.ok()) return std::nullopt;
        if (!At(Kind::kClose)) {
          if (!options_.lenient) Error("missing ')'", token.position);
          return inner;
        }
        ++position_;
        return inner;
      }
      case Kind::kWords:
        return Words(context);
      case Kind::kPhrase:
        ++position_;
        return Phrase(token.text, context, token.position);
      case Kind::kRange:
        ++position_;
        return RangeOperand(token, context);
      case Kind::kMissing:
        ++position_;
        if (!context.piece) return TextWords("missing", context, token.position);
        return PieceQuery::Missing(*context.piece);
      default:
        // A stray operator: ")", "OR", "AND" where an operand belongs.
        if (!options_.lenient) {
          Error("unexpected '" + token.text + "'", token.position);
        } else if (!At(Kind::kClose)) {
          ++position_;
        }
        return std::nullopt;
    }
  }

  // Applies a context operator to `context`; false after an error.
  bool Apply(const Token& token, Context& context) {
    const std::string argument = AsciiLowercase(token.text);
    if (token.op == "AREA") {
      for (const SearchArea& area : SearchAreas()) {
        if (AsciiLowercase(std::string(area.name)) == argument) {
          context.piece = nullptr;
          context.size = false;
          context.prefix = schema::QueryFieldPrefix(area.param);
          return true;
        }
      }
      std::string name = token.text;
      const bool size = name.size() > 5 && AsciiLowercase(name.substr(name.size() - 5)) == ":size";
      if (size) name.resize(name.size() - 5);
      const Piece* piece = FindPiece(name);
      if (!piece && size) {
        // A list of structs (Location, ArmGroup): counted by its Num piece.
        if (const ModelNode* node = FindModelNode(name);
            node && node->is_list && node->source_type == "STRUCT") {
          std::string counter = "Num" + node->name;
          counter[3] = static_cast<char>(std::toupper(static_cast<unsigned char>(counter[3])));
          if (const Piece* counted = FindPiece(counter)) {
            context.piece = counted;
            context.size = false;
            return true;
          }
        }
      }
      if (piece && size && !piece->list) {
        Error("AREA[" + token.text + "]: " + std::string(piece->name) +
                  " is not a list (see /api/v2/stats/field/sizes)",
              token.position);
        return false;
      }
      if (!piece || piece->name == "LocationGeoPoint") {
        Error("unsupported area '" + token.text + "'", token.position,
              " (the areas are listed at /api/v2/studies/search-areas, the pieces at "
              "/api/v2/studies/metadata)");
        return false;
      }
      context.piece = piece;
      context.size = size;
      return true;
    }
    if (token.op == "SEARCH") {
      // Location documents are searched as part of their study (see the
      // header): the operator only checks its argument.
      if (argument == "study" || argument == "location") return true;
      Error("SEARCH takes Study or Location, not '" + token.text + "'", token.position);
      return false;
    }
    if (token.op == "EXPANSION") {
      static constexpr std::pair<const char*, Expansion> kModes[] = {
          {"none", Expansion::kNone},
          {"term", Expansion::kTerm},
          {"concept", Expansion::kConcept},
          {"relaxation", Expansion::kRelaxation},
          {"lossy", Expansion::kLossy}};
      for (const auto& [name, mode] : kModes) {
        if (argument == name) {
          context.expansion = mode;
          return true;
        }
      }
      Error("EXPANSION takes None, Term, Concept, Relaxation or Lossy, not '" + token.text + "'",
            token.position);
      return false;
    }
    static constexpr std::pair<const char*, Coverage> kCoverages[] = {
        {"contains", Coverage::kContains},
        {"fullmatch", Coverage::kFullMatch},
        {"startswith", Coverage::kStartsWith},
        {"endswith", Coverage::kEndsWith}};
    for (const auto& [name, coverage] : kCoverages) {
      if (argument == name) {
        context.coverage = coverage;
        return true;
      }
    }
    Error("COVERAGE takes FullMatch, StartsWith, EndsWith or Contains, not '" + token.text + "'",
          token.position);
    return false;
  }

  // --- operands -----------------------------------------------------------

  // A run of words. A piece that takes one value takes the first word; the
  // rest stay for the next operand, outside the area.
  std::optional<Query> Words(const Context& context) {
    Token& token = tokens_[position_];
    if (TakesOneWord(context)) {
      const std::string text = Trim(token.text);
      const std::size_t space = text.find_first_of(" \t\r\n");
      if (space != std::string::npos) {
        const std::string first = text.substr(0, space);
        const std::size_t rest = text.find_first_not_of(" \t\r\n", space);
        token.text = text.substr(rest);
        const std::size_t at = token.position;
        token.position += rest;
        return PieceValue(first, context, at);
      }
    }
    ++position_;
    if (context.piece) return PieceValue(token.text, context, token.position);
    return TextWords(token.text, context, token.position);
  }

  // Words in a search area. COVERAGE is for pieces only; and a filter of
  // stopwords alone ("the") would match nothing and, negated, everything:
  // filter.advanced refuses it.
  std::optional<Query> TextWords(const std::string& text, const Context& context, std::size_t at) {
    if (!CoverageAllowed(context, at)) return std::nullopt;
    std::optional<Query> query = words_(text, context.prefix, context.expansion);
    if (!query) NothingToSearch(text, at);
    return query;
  }

  bool CoverageAllowed(const Context& context, std::size_t at) {
    if (context.coverage == Coverage::kContains) return true;
    Error("COVERAGE applies to pieces (AREA[Condition]COVERAGE[FullMatch]...), not to search areas",
          at);
    return false;
  }

  void NothingToSearch(const std::string& text, std::size_t at) {
    if (!options_.lenient) {
      Error("'" + text.substr(0, 40) + "' has no words to search for (only stopwords or signs)",
            at);
    }
  }

  std::optional<Query> Phrase(const std::string& text, const Context& context, std::size_t at) {
    if (context.piece) return PieceValue(text, context, at);
    if (context.expansion == Expansion::kLossy) return TextWords(text, context, at);
    if (!CoverageAllowed(context, at)) return std::nullopt;
    ConceptTable::Name name;
    for (const Word& word : SplitWords(text)) name.push_back(word.stemmed);
    Query query = NameQuery(name, TextField{context.prefix, options_.with_classes});
    if (query.empty()) {
      NothingToSearch(text, at);
      return std::nullopt;
    }
    return query;
  }

  // A piece's value (AREA[Piece]value), or its RANGE, through PieceQuery.
  std::optional<Query> PieceValue(const std::string& value, const Context& context,
                                  std::size_t at) {
    std::optional<Query> query = Checked(
        PieceQuery(*context.piece, Options(context), options_.database, words_).Value(value), at);
    if (!query && error_.ok()) NothingToSearch(value, at);
    return query;
  }

  static PieceQuery::Options Options(const Context& context) {
    return {context.expansion, context.coverage, context.size};
  }

  std::optional<Query> Checked(Result<std::optional<Query>> query, std::size_t at) {
    if (query.ok()) return *query;
    Error(query.status().message(), at);
    return std::nullopt;
  }

  std::optional<Query> RangeOperand(const Token& token, const Context& context) {
    if (!context.piece) {
      Error("AREA[...] of a search area does not take RANGE (dates, numbers and ages do)",
            token.position);
      return std::nullopt;
    }
    const std::size_t comma = token.text.find(',');
    if (comma == std::string::npos) {
      Error("RANGE takes two values: RANGE[low, high]", token.position);
      return std::nullopt;
    }
    return Checked(
        PieceQuery(*context.piece, Options(context), options_.database, words_)
            .Range(Trim(token.text.substr(0, comma)), Trim(token.text.substr(comma + 1))),
        token.position);
  }

  static constexpr int kMaxDepth = 32;
  const std::string& text_;
  const EssieOptions& options_;
  const FieldWordsQuery& words_;
  std::vector<Token> tokens_;
  std::size_t position_ = 0;
  int depth_ = 0;
  int parentheses_ = 0;
  Status error_ = Status::Ok();
};

}  // namespace

Result<std::optional<Xapian::Query>> ParseEssie(const std::string& text,
                                                const EssieOptions& options,
                                                const FieldWordsQuery& words) {
  return Parser(text, options, words).Parse();
}

}  // namespace trialfinder
