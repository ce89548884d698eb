// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "search/value_column.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <set>
#include <string>

#include "tests/test_support.h"

namespace trialfinder {
namespace {

// Documents 1..20; document d has the value "v<d>" in slot 3 when d is a
// multiple of 3, and the term "even" when d is even.
Xapian::WritableDatabase SmallDatabase() {
  Xapian::WritableDatabase database(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (int d = 1; d <= 20; ++d) {
    Xapian::Document document;
    if (d % 3 == 0) document.add_value(3, "v" + std::to_string(d));
    if (d % 2 == 0) document.add_term("even");
    document.add_term("all");
    database.add_document(document);
  }
  return database;
}

TEST(ValueColumnTest, HoldsEveryValueByDocument) {
  const Xapian::WritableDatabase database = SmallDatabase();
  const auto column = ValueColumn::Read(database, 3);
  EXPECT_EQ(column->documents_with_value(), 6u);
  EXPECT_EQ(column->end_docid(), 21u);
  for (Xapian::docid d = 1; d <= 20; ++d) {
    EXPECT_EQ(column->Get(d), database.get_document(d).get_value(3)) << d;
  }
  EXPECT_EQ(column->Get(0), "");
  EXPECT_EQ(column->Get(21), "");
  EXPECT_EQ(ValueColumn::Read(database, 4)->documents_with_value(), 0u);
}

std::set<Xapian::docid> Matches(const Xapian::Database& database, const Xapian::Query& query) {
  Xapian::Enquire enquire(database);
  enquire.set_query(query);
  const Xapian::MSet matches = enquire.get_mset(0, database.get_doccount());
  std::set<Xapian::docid> ids;
  for (auto match = matches.begin(); match != matches.end(); ++match) ids.insert(*match);
  return ids;
}

// On its own (next), under an AND with another list (skip_to and check)
// and with nothing kept, the filter keeps exactly the documents it should.
TEST(ValueColumnTest, FilterKeepsTheDocumentsItsPredicatePasses) {
  const Xapian::WritableDatabase database = SmallDatabase();
  const auto column = ValueColumn::Read(database, 3);
  auto filter = [&](ColumnFilterPostingSource::Predicate keep) {
    return Xapian::Query(
        (new ColumnFilterPostingSource(column, std::move(keep), "test"))->release());
  };
  auto above_9 = [](std::string_view value) { return std::stoi(std::string(value.substr(1))) > 9; };
  EXPECT_EQ(Matches(database,
                    Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query("all"), filter(above_9))),
            (std::set<Xapian::docid>{12, 15, 18}));
  EXPECT_EQ(Matches(database, Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query("even"),
                                            filter(above_9))),
            (std::set<Xapian::docid>{12, 18}));
  EXPECT_EQ(Matches(database, Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query("all"),
                                            filter(above_9))),
            (std::set<Xapian::docid>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 16, 17, 19, 20}));
  auto none = [](std::string_view) { return false; };
  EXPECT_TRUE(Matches(database,
                      Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query("even"), filter(none)))
                  .empty());
  EXPECT_NE(filter(none).get_description().find("test"), std::string::npos);
}

// The cache reads a column once per revision and again after a commit.
TEST(ValueColumnTest, CacheReadsEachRevisionOnce) {
  testing::TempDir dir;
  const std::string path = (dir.path() / "index").string();
  Xapian::WritableDatabase writer(path, Xapian::DB_CREATE);
  Xapian::Document document;
  document.add_value(3, "first");
  writer.add_document(document);
  writer.commit();
  Xapian::Database reader(path);
  ValueColumnCache cache;
  const auto first = cache.Column(reader, 3);
  EXPECT_EQ(cache.Column(Xapian::Database(path), 3), first);  // another reader, same revision
  EXPECT_EQ(first->Get(1), "first");
  document.add_value(3, "second");
  writer.add_document(document);
  writer.commit();
  EXPECT_EQ(cache.Column(reader, 3), first);  // this reader has not reopened
  ASSERT_TRUE(reader.reopen());
  const auto second = cache.Column(reader, 3);
  EXPECT_NE(second, first);
  EXPECT_EQ(second->Get(2), "second");
  EXPECT_EQ(first->Get(2), "");  // a column already handed out does not change
}

}  // namespace
}  // namespace trialfinder
