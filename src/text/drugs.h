// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Drugs by generic name, the classes criteria count them in and the brand
// names patients write (data/lexicon/drugs.tsv): "Plaquenil" is
// hydroxychloroquine, which is an antimalarial. Not exhaustive: an unlisted
// drug keeps the name it was written with and belongs to no class, so "at
// least two immunosuppressants" does not count it (the verdict then stays
// open rather than wrong).

#ifndef TRIALFINDER_TEXT_DRUGS_H_
#define TRIALFINDER_TEXT_DRUGS_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "text/pattern.h"

namespace trialfinder {

class DrugTable {
 public:
  // The shipped table, parsed once. Thread-safe.
  static const DrugTable& Builtin();

  // Parses `tsv` (generic TAB classes TAB brands).
  explicit DrugTable(std::string_view tsv);

  // The generic name of a brand or generic name (any case): "CellCept" ->
  // "mycophenolate mofetil"; nullopt for a name the table does not know.
  std::optional<std::string> GenericOf(std::string_view name) const;

  // The generics of a class named in the singular or plural, any case
  // ("Immunosuppressants", "JAK inhibitor", "B-cell depleting"); empty
  // when `name` is not a class the table knows.
  const std::vector<std::string>& Members(std::string_view class_name) const;

  // The classes `generic` (as GenericOf gives it) is in, as Members()
  // accepts them ("insulin glargine" -> {"antidiabetic", "insulin"}).
  std::vector<std::string> ClassesOf(std::string_view generic) const;
  // True when `generic` (as GenericOf gives it) is in class `class_name`.
  bool InClass(std::string_view generic, std::string_view class_name) const;

  // Every class named in lower-case `text`, in the order they appear, as
  // Members() accepts them ("immunosuppressants and/or biologics" ->
  // {"immunosuppressant", "biologic"}).
  std::vector<std::string> ClassesIn(std::string_view text) const;

  // Every drug named in lower-case `text` by a brand or generic name the
  // table knows, as its generic, in order.
  std::vector<std::string> DrugsIn(std::string_view text) const;

 private:
  struct Parsed;  // the file read once (drugs.cc)
  static Parsed Parse(std::string_view tsv);
  explicit DrugTable(Parsed parsed);

  std::map<std::string, std::string, std::less<>> generic_of_;  // brand or generic -> generic
  std::map<std::string, std::vector<std::string>, std::less<>> members_;  // class -> generics
  Pattern brands_;                                                        // \b(brand|...)\b
  Pattern classes_;                                                       // \b(class|...)s?\b
};

}  // namespace trialfinder

#endif  // TRIALFINDER_TEXT_DRUGS_H_
