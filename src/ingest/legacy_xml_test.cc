// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include <gtest/gtest.h>

#include <set>

#include "tests/test_support.h"
#include "trialfinder/ingest.h"
#include "trialfinder/study_json.h"

namespace trialfinder {
namespace {

Study ConvertSample(const std::string& file) {
  Result<std::string> json =
      ConvertLegacyXml(testing::ReadFileOrDie(testing::SampleDir() / "xml" / file));
  EXPECT_TRUE(json.ok()) << json.status().message();
  Result<Study> study = ParseStudyJson(json.ok() ? *json : "");
  EXPECT_TRUE(study.ok()) << study.status().message();
  return study.ok() ? *study : Study{};
}

TEST(LegacyXmlTest, MapsARecruitingPediatricStudy) {
  Study study = ConvertSample("NCT01661400.xml");
  const ProtocolSection& p = study.protocol;
  EXPECT_EQ(study.nct_id(), "NCT01661400");
  EXPECT_EQ(p.status.overall_status, "RECRUITING");
  EXPECT_EQ(p.design.phases, std::vector<std::string>{"EARLY_PHASE1"});  // "Phase 0"
  EXPECT_EQ(p.design.study_type, "INTERVENTIONAL");
  EXPECT_EQ(p.status.start_date.date, "2012-10");
  EXPECT_EQ(p.status.completion_date.date, "2020-02");
  EXPECT_EQ(p.status.completion_date.type, "ESTIMATED");
  EXPECT_EQ(p.design.design_info.allocation, "NON_RANDOMIZED");
  EXPECT_EQ(p.design.design_info.intervention_model, "PARALLEL");
  EXPECT_EQ(p.design.design_info.masking_info.masking, "NONE");
  EXPECT_EQ(p.design.design_info.primary_purpose, "TREATMENT");
  EXPECT_EQ(p.design.enrollment_info.count, 12);
  EXPECT_EQ(p.design.enrollment_info.type, "ESTIMATED");
  ASSERT_EQ(p.conditions.conditions.size(), 7u);
  EXPECT_EQ(p.conditions.conditions[0], "Glioma");
  ASSERT_EQ(p.arms_interventions.interventions.size(), 2u);
  const Intervention& drug = p.arms_interventions.interventions[0];
  EXPECT_EQ(drug.type, "DRUG");
  EXPECT_EQ(drug.name, "Metronomic Cyclophosphamide");
  EXPECT_EQ(drug.other_names, (std::vector<std::string>{"Cytoxan®", "CPM"}));
  ASSERT_EQ(p.arms_interventions.arm_groups.size(), 3u);
  EXPECT_EQ(p.arms_interventions.arm_groups[0].type, "NO_INTERVENTION");
  EXPECT_EQ(p.arms_interventions.arm_groups[1].intervention_names,
            std::vector<std::string>{"Drug: Metronomic Cyclophosphamide"});
  const EligibilityModule& e = p.eligibility;
  EXPECT_EQ(e.sex, "ALL");  // "Both"
  EXPECT_DOUBLE_EQ(e.minimum_age->InYears(), 1);
  EXPECT_DOUBLE_EQ(e.maximum_age->InYears(), 21);
  EXPECT_EQ(e.healthy_volunteers, false);
  EXPECT_EQ(e.std_ages, (std::vector<std::string>{"CHILD", "ADULT"}));
  EXPECT_EQ(e.eligibility_criteria.rfind("Inclusion Criteria:\n\n  -  Patient must have", 0), 0u)
      << e.eligibility_criteria.substr(0, 80);
  EXPECT_NE(e.eligibility_criteria.find("Hemoglobin ≥ 9.0 g/dl"), std::string::npos);
  EXPECT_NE(e.eligibility_criteria.find("Exclusion Criteria:"), std::string::npos);
  ASSERT_FALSE(p.contacts_locations.locations.empty());
  const Location& site = p.contacts_locations.locations[0];
  EXPECT_EQ(site.facility, "Washington University School of Medicine");
  EXPECT_EQ(site.city, "St. Louis");
  EXPECT_EQ(site.state, "Missouri");
  EXPECT_EQ(site.country, "United States");
  EXPECT_EQ(site.status, "RECRUITING");
  EXPECT_EQ(p.sponsor_collaborators.lead_sponsor.sponsor_class, "OTHER");
  EXPECT_EQ(p.contacts_locations.overall_officials.at(0).role, "PRINCIPAL_INVESTIGATOR");
}

TEST(LegacyXmlTest, MapsOldDesignSentenceAndNoMinimumAge) {
  Study study = ConvertSample("NCT00070200.xml");
  const ProtocolSection& p = study.protocol;
  EXPECT_EQ(p.status.overall_status, "COMPLETED");
  EXPECT_EQ(p.design.phases, std::vector<std::string>{"PHASE1"});
  EXPECT_EQ(p.design.design_info.intervention_model, "SINGLE_GROUP");
  EXPECT_EQ(p.design.design_info.masking_info.masking, "NONE");  // "Open Label"
  EXPECT_EQ(p.design.design_info.primary_purpose, "TREATMENT");
  EXPECT_FALSE(p.eligibility.minimum_age.has_value());  // N/A: no lower bound
  EXPECT_DOUBLE_EQ(p.eligibility.maximum_age->InYears(), 30);
  EXPECT_EQ(p.status.start_date.date, "2004-03");
  EXPECT_EQ(p.status.last_update_submit_date, "2014-02-12");  // from lastchanged_date
  EXPECT_TRUE(p.status.last_update_post_date.date.empty());
  EXPECT_EQ(p.contacts_locations.locations.size(), 6u);
  EXPECT_EQ(p.arms_interventions.interventions.at(0).type, "BIOLOGICAL");
  EXPECT_EQ(p.arms_interventions.interventions.at(0).name, "filgrastim");
  EXPECT_EQ(p.conditions.conditions, std::vector<std::string>{"Neuroblastoma"});
}

TEST(LegacyXmlTest, MapsMaskingWithRolesAndNotApplicablePhase) {
  Study study = ConvertSample("NCT05381389.xml");
  const ProtocolSection& p = study.protocol;
  EXPECT_EQ(p.design.phases, std::vector<std::string>{"NA"});
  EXPECT_EQ(p.design.design_info.masking_info.masking, "DOUBLE");
  EXPECT_EQ(p.design.design_info.masking_info.who_masked,
            (std::vector<std::string>{"PARTICIPANT", "INVESTIGATOR"}));
  EXPECT_EQ(p.status.start_date.date, "2018-12-01");
  EXPECT_EQ(p.status.last_update_post_date.date, "2022-05-19");
  EXPECT_DOUBLE_EQ(p.eligibility.minimum_age->InYears(), 30);
  EXPECT_DOUBLE_EQ(p.eligibility.maximum_age->InYears(), 60);
  EXPECT_EQ(p.contacts_locations.locations.at(0).city, "Cairo");
}

TEST(LegacyXmlTest, MapsAnObservationalStudyWithoutMaximumAge) {
  Study study = ConvertSample("NCT03435185.xml");
  const ProtocolSection& p = study.protocol;
  EXPECT_EQ(p.design.study_type, "OBSERVATIONAL");
  EXPECT_TRUE(p.design.phases.empty());
  EXPECT_FALSE(p.eligibility.maximum_age.has_value());
  EXPECT_EQ(p.eligibility.std_ages, (std::vector<std::string>{"ADULT", "OLDER_ADULT"}));
  EXPECT_EQ(p.arms_interventions.interventions.at(0).type, "PROCEDURE");
  EXPECT_EQ(p.conditions.conditions, std::vector<std::string>{"Migraine Disorders"});
}

TEST(LegacyXmlTest, EveryBundledXmlRecordConverts) {
  int converted = 0;
  std::set<std::string> ids;
  for (const auto& entry : std::filesystem::directory_iterator(testing::SampleDir() / "xml")) {
    Result<std::string> json = ConvertLegacyXml(testing::ReadFileOrDie(entry.path()));
    ASSERT_TRUE(json.ok()) << entry.path() << ": " << json.status().message();
    Result<Study> study = ParseStudyJson(*json);
    ASSERT_TRUE(study.ok()) << entry.path() << ": " << study.status().message();
    EXPECT_TRUE(IsValidNctId(study->nct_id()));
    ids.insert(study->nct_id());
    ++converted;
  }
  EXPECT_EQ(converted, 200);
  // The sample holds real download quirks: the same study under three file
  // names (NCT00081588) and an older copy of NCT02028676 ("_modified").
  EXPECT_EQ(ids.size(), 197u);
}

TEST(LegacyXmlTest, RejectsBrokenXmlClearly) {
  Result<std::string> broken = ConvertLegacyXml("<clinical_study><id_info>");
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.status().message().find("malformed XML"), std::string::npos);
  Result<std::string> wrong_root = ConvertLegacyXml("<other/>");
  ASSERT_FALSE(wrong_root.ok());
  EXPECT_NE(wrong_root.status().message().find("<clinical_study>"), std::string::npos);
  Result<std::string> no_id =
      ConvertLegacyXml("<clinical_study><brief_title>x</brief_title></clinical_study>");
  ASSERT_FALSE(no_id.ok());
  EXPECT_NE(no_id.status().message().find("nct_id"), std::string::npos);
  Result<std::string> bad_utf8 = ConvertLegacyXml(
      "<clinical_study><id_info><nct_id>NCT01234567</nct_id></id_info>"
      "<brief_title>caf\xC3</brief_title></clinical_study>");
  ASSERT_FALSE(bad_utf8.ok());
  EXPECT_NE(bad_utf8.status().message().find("UTF-8"), std::string::npos);
}

}  // namespace
}  // namespace trialfinder
