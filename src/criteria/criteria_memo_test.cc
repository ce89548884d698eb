// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "trialfinder/criteria_memo.h"

#include <gtest/gtest.h>

namespace trialfinder {
namespace {

Study StudyWith(const std::string& id, const std::string& criteria) {
  Study study;
  study.protocol.identification.nct_id = id;
  study.protocol.eligibility.eligibility_criteria = criteria;
  study.raw_json = "{\"criteria\": \"" + criteria + "\"}";
  return study;
}

TEST(CriteriaMemoTest, RemembersAParseUntilTheRecordChanges) {
  const CriteriaLexicon lexicon;
  CriteriaMemo memo;
  const Study study = StudyWith("NCT00000001", "Inclusion Criteria:\n* Age 18 to 65 years\n");
  const std::shared_ptr<const ParsedCriteria> first = memo.Parse(study, lexicon);
  ASSERT_EQ(first->criteria.size(), 1u);
  EXPECT_EQ(memo.Parse(study, lexicon), first);  // the same object: not parsed again
  const Study changed = StudyWith("NCT00000001", "Inclusion Criteria:\n* Age 18 to 75 years\n");
  const std::shared_ptr<const ParsedCriteria> again = memo.Parse(changed, lexicon);
  EXPECT_NE(again, first);
  EXPECT_NE(again->criteria[0].text, first->criteria[0].text);
  EXPECT_EQ(memo.size(), 1u);
}

TEST(CriteriaMemoTest, KeepsAtMostItsCapacityDroppingTheLeastRecentlyUsed) {
  const CriteriaLexicon lexicon;
  CriteriaMemo memo(10);
  const Study kept = StudyWith("NCT00000000", "* Adults\n");
  const std::shared_ptr<const ParsedCriteria> first = memo.Parse(kept, lexicon);
  for (int i = 1; i <= 30; ++i) {
    memo.Parse(kept, lexicon);  // used all along
    memo.Parse(StudyWith("NCT1000000" + std::to_string(i), "* Adults\n"), lexicon);
    EXPECT_LE(memo.size(), 10u);
  }
  EXPECT_EQ(memo.Parse(kept, lexicon), first);
}

}  // namespace
}  // namespace trialfinder
