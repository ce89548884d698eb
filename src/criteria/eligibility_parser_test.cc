// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// The eligibility parser on the two seed studies, criterion by criterion,
// and on 31 further real criteria from the sample, each checked by hand.

#include "trialfinder/criteria.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "tests/test_support.h"
#include "trialfinder/ingest.h"
#include "trialfinder/study_json.h"

namespace trialfinder {
namespace {

struct Expected {
  const char* text_prefix;
  const char* section;  // "i", "e" or "u"
  const char* cohort;
  const char* constraints;  // Constraint::Summary()s joined by "; "
};

std::string Summaries(const Criterion& criterion) {
  std::string out;
  for (const Constraint& constraint : criterion.constraints)
    out += (out.empty() ? "" : "; ") + constraint.Summary();
  return out;
}

class EligibilityParserTest : public ::testing::Test {
 protected:
  // The lexicon the CLI builds: every sample study's names.
  static void SetUpTestSuite() {
    lexicon_ = new CriteriaLexicon();
    for (const std::string& line : testing::SampleJsonLines())
      lexicon_->AddStudy(*ParseStudyJson(line));
    for (const char* id : {"NCT07038447", "NCT07193810", "NCT06888960"}) {
      lexicon_->AddStudy(*ParseStudyJson(testing::SeedStudy(id)));
    }
    for (const auto& entry : std::filesystem::directory_iterator(testing::SampleDir() / "xml")) {
      Result<std::string> json = ConvertLegacyXml(testing::ReadFileOrDie(entry.path()));
      if (json.ok()) lexicon_->AddStudy(*ParseStudyJson(*json));
    }
  }
  static void TearDownTestSuite() { delete lexicon_; }

  ParsedCriteria ParseSeed(const std::string& id) {
    return EligibilityParser(*lexicon_).Parse(*ParseStudyJson(testing::SeedStudy(id)));
  }

  void ExpectCriteria(const ParsedCriteria& parsed, const std::vector<Expected>& expected) {
    ASSERT_EQ(parsed.criteria.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      const Criterion& criterion = parsed.criteria[i];
      SCOPED_TRACE("criterion " + std::to_string(i) + ": " + criterion.text);
      EXPECT_EQ(criterion.text.rfind(expected[i].text_prefix, 0), 0u);
      EXPECT_EQ(SectionName(criterion.section)[0], expected[i].section[0]);
      EXPECT_EQ(criterion.cohort, expected[i].cohort);
      EXPECT_EQ(Summaries(criterion), expected[i].constraints);
    }
  }

  static CriteriaLexicon* lexicon_;
};

CriteriaLexicon* EligibilityParserTest::lexicon_ = nullptr;

TEST_F(EligibilityParserTest, Kite363CohortBlocksSeparatedByBlankLines) {
  const ParsedCriteria parsed = ParseSeed("NCT07038447");
  EXPECT_EQ(parsed.cohorts,
            (std::vector<std::string>{"Systemic Lupus Erythematosus", "Lupus Nephritis",
                                      "Systemic Sclerosis", "Idiopathic Inflammatory Myopathy"}));
  ExpectCriteria(
      parsed,
      {
          {"Age ≥ 18 and ≤ 75 years", "i", "Systemic Lupus Erythematosus", "age 18-75 years"},
          {"Meet the European Alliance of Associatio", "i", "Systemic Lupus Erythematosus",
           "condition sle"},
          {"Presence of either double-stranded deoxy", "i", "Systemic Lupus Erythematosus", ""},
          {"Moderate to severe, active disease defin", "i", "Systemic Lupus Erythematosus", ""},
          {"Refractory to steroids and inadequate re", "i", "Systemic Lupus Erythematosus",
           "prior_therapy refractory >= 3 months at least 2 of [steroids, cyclophosphamide, "
           "mycophenolate mofetil, belimumab, anifrolumab, rituximab, obinutuzumab, methotrexate, "
           "azathioprine, cyclosporin, tacrolimus, voclosporin] counting [cyclophosphamide, "
           "mycophenolate mofetil, belimumab, anifrolumab, rituximab, obinutuzumab, methotrexate, "
           "azathioprine, cyclosporin, tacrolimus, voclosporin]"},
          {"For LN: Refractory to steroids and inade", "i", "Lupus Nephritis",
           "prior_therapy refractory >= 3 months at least 2 of [steroids, cyclophosphamide, "
           "mycophenolate mofetil, belimumab, rituximab, obinutuzumab, azathioprine, cyclosporin, "
           "tacrolimus, voclosporin] counting [cyclophosphamide, mycophenolate mofetil, belimumab, "
           "rituximab, obinutuzumab, azathioprine, cyclosporin, tacrolimus, voclosporin]; "
           "condition ln"},
          {"Renal biopsy-proven Class III or intrave", "i", "Lupus Nephritis",
           "time_window <= 6 months; condition ln"},
          {"Evidence of active LN at screening", "i", "Lupus Nephritis", "condition ln"},
          {"Age ≥ 18 and ≤ 60 years", "i", "Systemic Sclerosis", "age 18-60 years"},
          {"Early systemic sclerosis according to AC", "i", "Systemic Sclerosis",
           "condition systemic sclerosis"},
          {"Refractory or intolerance to 1 of the fo", "i", "Systemic Sclerosis",
           "prior_therapy refractory >= 3 months of [mycophenolate mofetil, methotrexate, "
           "tocilizumab, rituximab, nintedanib, cyclophosphamide, il 6 inhibitor, b cell "
           "depleting]"},
          {"High-resolution computer tomography (HRC", "i", "Systemic Sclerosis",
           "time_window <= 3 months before screening"},
          {"Age ≥ 18 years", "i", "Idiopathic Inflammatory Myopathy", "age >= 18 years"},
          {"IIM based on EULAR/ACR 2017 classificati", "i", "Idiopathic Inflammatory Myopathy",
           "condition iim"},
          {"Active disease demonstrated by electromy", "i", "Idiopathic Inflammatory Myopathy", ""},
          {"Moderate to severe disease activity", "i", "Idiopathic Inflammatory Myopathy", ""},
          {"Positive for myositis specific antibodie", "i", "Idiopathic Inflammatory Myopathy",
           "condition iim"},
          {"HRCT scan and PFT within 3 months prior ", "i", "Idiopathic Inflammatory Myopathy",
           "time_window <= 3 months before screening"},
          {"Refractory or intolerance to at least 1 ", "i", "Idiopathic Inflammatory Myopathy",
           "prior_therapy refractory at least 2 of [glucocorticoids, immunosuppressant, "
           "methotrexate, mycophenolate mofetil, azathioprine, cyclophosphamide, calcineurin "
           "inhibitors, jak inhibitors, rituximab, b cell depleting] counting [immunosuppressant, "
           "calcineurin "
           "inhibitor, b cell depleting, methotrexate, mycophenolate mofetil, azathioprine, "
           "cyclophosphamide, rituximab]"},
          {"Adequate hepatic, renal, pulmonary, and ", "i", "", ""},
          {"Females of childbearing potential who ar", "e", "",
           "pregnancy pregnant; breastfeeding"},
          {"Dialysis within the past year.", "e", "", "time_window <= 1 years; condition dialysis"},
          {"History of malignancy, within the last 5", "e", "",
           "time_window <= 5 years; condition malignancy"},
          {"Hypogammaglobulinemia requiring immunogl", "e", "", ""},
          {"History of autologous or allogeneic stem", "e", "",
           "cell_gene_therapy stem cell transplant; cell_gene_therapy organ transplant"},
          {"Prior treatment with cellular therapy, g", "e", "",
           "prior_therapy prior treatment of [gene therapy]; cell_gene_therapy cell therapy; "
           "cell_gene_therapy gene therapy; cell_gene_therapy T-cell engager"},
          {"Known history of HIV infection, or hepat", "e", "",
           "infection HIV; infection HBV; infection HCV"},
          {"Active or untreated latent tuberculosis ", "e", "", "infection TB"},
          {"Active or uncontrolled infections.", "e", "", "infection active infection"},
          {"Nonspecific, overlap, mixed autoimmune d", "e", "", "condition autoimmune diseases"},
          {"Significant pre-existing damage or rapid", "e", "", "condition glomerulonephritis"},
          {"Drug-induced SLE.", "e", "Systemic Lupus Erythematosus", ""},
          {"Catastrophic antiphospholipid syndrome.", "e", "Systemic Lupus Erythematosus",
           "condition antiphospholipid syndrome"},
          {"Thrombotic thrombocytopenic purpura.", "e", "Systemic Lupus Erythematosus",
           "condition thrombocytopenic purpura"},
          {"Active or unstable lupus neuropsychiatri", "e", "Systemic Lupus Erythematosus",
           "time_window <= 6 months"},
          {"Digital ulceration or necrosis with infe", "e", "Systemic Sclerosis", ""},
          {"Severe pulmonary hypertension.", "e", "Systemic Sclerosis",
           "condition pulmonary hypertension"},
          {"History of systemic sclerosis renal cris", "e", "Systemic Sclerosis",
           "time_window <= 12 months before enrollment; condition systemic sclerosis"},
          {"History of active bleeding related to ga", "e", "Systemic Sclerosis", ""},
          {"Other inflammatory and noninflammatory m", "e", "Idiopathic Inflammatory Myopathy", ""},
          {"Severe, irreversible muscle damage.", "e", "Idiopathic Inflammatory Myopathy", ""},
      });
  // The prior-therapy requirement, in full.
  const Constraint& therapy = parsed.criteria[4].constraints.at(0);
  EXPECT_EQ(therapy.minimum_count, 2);
  EXPECT_EQ(therapy.value, 3);
  EXPECT_EQ(therapy.unit, "months");
  EXPECT_EQ(therapy.items.size(), 12u);
}

TEST_F(EligibilityParserTest, Cc312CohortHeadingsWithNumberedItems) {
  const ParsedCriteria parsed = ParseSeed("NCT07193810");
  EXPECT_EQ(parsed.cohorts, (std::vector<std::string>{"Systemic Lupus Erythematosus (SLE)",
                                                      "Idiopathic Inflammatory Myopathy (IIM)",
                                                      "Systemic Sclerosis (SSc)"}));
  ExpectCriteria(
      parsed,
      {
          {"Fully understand the trial's purpose, na", "i", "", ""},
          {"Aged 18-65 years (inclusive, based on th", "i", "", "age 18-65 years"},
          {"For Systemic Lupus Erythematosus (SLE):", "i", "Systemic Lupus Erythematosus (SLE)",
           ""},
          {"Diagnosed with SLE according to the 2019", "i", "Systemic Lupus Erythematosus (SLE)",
           "condition sle"},
          {"Meet at least one of the following: posi", "i", "Systemic Lupus Erythematosus (SLE)",
           ""},
          {"Had an inadequate response or relapse af", "i", "Systemic Lupus Erythematosus (SLE)",
           "prior_therapy inadequate response >= 3 months at least 2 of [standard therapy, "
           "glucocorticoids, antimalarials, hydroxychloroquine, immunosuppressants, mycophenolate "
           "mofetil, cyclophosphamide, leflunomide, methotrexate, tacrolimus, cyclosporine, "
           "azathioprine, biologics, rituximab, belimumab, telitacicept] counting "
           "[immunosuppressant, biologic]"},
          {"At screening, meet SLEDAI-2000 ≥7 and ha", "i", "Systemic Lupus Erythematosus (SLE)",
           "score SLEDAI-2000 >= 7"},
          {"Prior to the first dose, subjects must h", "i", "Systemic Lupus Erythematosus (SLE)",
           "prior_therapy received >= 12 weeks of [glucocorticoids, antimalarials, "
           "immunosuppressants]"},
          {"If receiving oral glucocorticoids (e.g.,", "i", "Systemic Lupus Erythematosus (SLE)",
           ""},
          {"If using glucocorticoids alone, the dose", "i", "Systemic Lupus Erythematosus (SLE)",
           ""},
          {"For Idiopathic Inflammatory Myopathy (II", "i",
           "Idiopathic Inflammatory Myopathy (IIM)", ""},
          {"Diagnosed with possible or definite IIM ", "i",
           "Idiopathic Inflammatory Myopathy (IIM)", "condition iim"},
          {"Have at least one positive myositis-spec", "i",
           "Idiopathic Inflammatory Myopathy (IIM)", ""},
          {"Had an inadequate response or relapse af", "i",
           "Idiopathic Inflammatory Myopathy (IIM)",
           "prior_therapy inadequate response >= 3 months at least 1 of [glucocorticoids, "
           "prednisone, immunosuppressants, azathioprine, mycophenolate mofetil, cyclophosphamide, "
           "methotrexate, leflunomide, tacrolimus, cyclosporine, biologics, rituximab, belimumab, "
           "tofacitinib, small molecule] counting [immunosuppressant, biologic, small molecule, "
           "azathioprine, "
           "mycophenolate mofetil, cyclophosphamide, methotrexate, leflunomide, tacrolimus, "
           "cyclosporine, rituximab, belimumab, tofacitinib]"},
          {"Have active IIM at screening, defined as", "i",
           "Idiopathic Inflammatory Myopathy (IIM)",
           "score MMT-8 <= 141; score PHYSICIAN GLOBAL ACTIVITY >= 2; score PATIENT GLOBAL "
           "ACTIVITY >= 2; score MDAAT >= 2; score HAQ >= 0.25; condition iim"},
          {"Prior to the first dose, subjects must h", "i",
           "Idiopathic Inflammatory Myopathy (IIM)",
           "prior_therapy received >= 12 weeks of [glucocorticoids, immunosuppressants, "
           "glucocorticoid, immunosuppressant, prednisone]"},
          {"If a subject is receiving oral glucocort", "i",
           "Idiopathic Inflammatory Myopathy (IIM)", ""},
          {"For Systemic Sclerosis (SSc):", "i", "Systemic Sclerosis (SSc)", ""},
          {"Diagnosed with diffuse cutaneous SSc per", "i", "Systemic Sclerosis (SSc)",
           "condition ssc"},
          {"Have positive ANA and/or SSc-related ant", "i", "Systemic Sclerosis (SSc)", ""},
          {"Disease duration ≤5 years (from initial ", "i", "Systemic Sclerosis (SSc)",
           "disease_duration <= 5 years"},
          {"Had an inadequate response or relapse af", "i", "Systemic Sclerosis (SSc)",
           "prior_therapy inadequate response >= 6 months of [glucocorticoids, cyclophosphamide, "
           "mycophenolate mofetil, methotrexate, leflunomide, azathioprine, tacrolimus, "
           "cyclosporine, biologics, rituximab, belimumab]"},
          {"Modified Rodnan Skin Score (mRSS) ≥15 an", "i", "Systemic Sclerosis (SSc)",
           "score mRSS 15-30; time_window <= 6 months"},
          {"Prior to the first dose, subjects must h", "i", "Systemic Sclerosis (SSc)",
           "prior_therapy received >= 12 weeks of [glucocorticoids, immunosuppressants, "
           "glucocorticoid, immunosuppressant, prednisone]"},
          {"Females of childbearing potential must u", "i", "", "contraception"},
          {"Males of childbearing potential must use", "i", "", "contraception"},
          {"Severe lupus nephritis within 8 weeks pr", "e", "",
           "lab urine protein > 6 g/24h; lab serum creatinine > 2.5 mg/dL; time_window <= 8 weeks "
           "before screening; condition lupus nephritis"},
          {"Central nervous system disorders (includ", "e", "",
           // "cerebrovascular accident" from the concept table's names.
           "time_window <= 8 weeks before screening; condition epilepsy; condition psychosis; "
           "condition cerebrovascular accident"},
          {"Other types of idiopathic inflammatory m", "e", "",
           "condition diabetes; condition stroke"},
          {"SSc-related pulmonary hypertension requi", "e", "", "condition pulmonary hypertension"},
          {"History of major organ transplantation (", "e", "",
           "cell_gene_therapy stem cell transplant; cell_gene_therapy organ transplant"},
          {"Other concurrent autoimmune diseases req", "e", "", "condition autoimmune diseases"},
          {"IgA deficiency (serum IgA level <10 mg/d", "e", "", "lab IGA < 10 mg/dL"},
          {"Abnormal laboratory findings at screenin", "e", "",
           "lab AST/ALT > 2 xULN; lab hemoglobin < 85 g/L; lab white blood cell count < 2.5 "
           "10^9/L; lab platelet count < 50 10^9/L; condition iim (negated)"},
          {"Participation in any other clinical tria", "e", "",
           "time_window <= 4 weeks before screening; cell_gene_therapy gene therapy"},
          {"Received CAR-T therapy within 6 months p", "e", "",
           "time_window <= 6 months before screening; prior_therapy received of [car t]; "
           "cell_gene_therapy CAR-T"},
          {"Treatment with B-cell-depleting agents (", "e", "",
           "time_window <= 1 months before screening; prior_therapy treatment with of [rituximab, "
           "b "
           "cell depleting]"},
          {"Received non-standard anti-SLE therapies", "e", "",
           "time_window <= 3 months; prior_therapy received of [anifrolumab]"},
          {"Received live/attenuated vaccination wit", "e", "",
           "time_window <= 4 weeks before screening"},
          {"Active severe infection requiring antibi", "e", "",
           "time_window <= 14 days before screening; infection active infection"},
          {"History of Grade 3-4 allergic reaction (", "e", "", ""},
          {"Evidence of drug abuse, substance abuse,", "e", "",
           "condition drug abuse; condition substance abuse"},
          {"Major surgery within 4 weeks or minor su", "e", "",
           "time_window <= 4 weeks; time_window <= 2 weeks before screening; condition surgery"},
          {"History of cardiovascular events within ", "e", "",
           "score NYHA 3-4; time_window <= 6 months before screening; condition heart failure; "
           "condition myocardial infarction; condition arrhythmia"},
          {"Any other severe underlying disease (e.g", "e", "",
           "condition gastric ulcer; condition seizures"},
          {"Concurrent malignancy diagnosed within <", "e", "",
           "time_window <= 5 years before screening; condition malignancy"},
          {"Pregnant or lactating women.", "e", "", "pregnancy pregnant; breastfeeding"},
          {"Positive serology for Human Immunodefici", "e", "",
           "infection HIV; infection HBV; infection HCV; infection syphilis"},
          {"Active or latent tuberculosis at screeni", "e", "", "infection TB"},
          {"Any other condition deemed ineligible by", "e", "", ""},
      });
  // Numbered items nest under their heading.
  EXPECT_TRUE(parsed.criteria[2].is_heading);
  EXPECT_EQ(parsed.criteria[3].parent, 2);
  EXPECT_EQ(parsed.criteria[3].level, 1);
  EXPECT_EQ(parsed.criteria[24].level, 0);  // "Females of childbearing potential ..."
  // Labs are normalised: hemoglobin <85 g/L is 8.5 g/dL; creatinine keeps mg/dL.
  for (const Constraint& lab : parsed.criteria[33].constraints) {
    if (lab.name == "hemoglobin") {
      EXPECT_DOUBLE_EQ(*lab.canonical_value, 8.5);
      EXPECT_EQ(lab.canonical_unit, "g/dL");
    }
  }
}

TEST_F(EligibilityParserTest, RealCriteriaFromTheSample) {
  const std::vector<std::array<const char*, 3>> cases = {
      {"i", "Subjects aged 18 years of age or older (≥ 18 years) and are skeletally mature.",
       "age >= 18 years"},
      {"e",
       "Subjects with evidence of an active infection and/or with any condition that would "
       "compromise their participation and follow-up in this clinical study.",
       "infection active infection"},
      {"e", "Suicide attempt within the past year (12 months)",
       "time_window <= 1 years; condition suicide"},
      {"e", "Suicide attempt in the previous 2 years", "time_window <= 2 years; condition suicide"},
      // An institution's name names no condition.
      {"e", "Ongoing cardiac dysrhythmias of National Cancer Institute CTCAE grade >= 2", ""},
      {"e",
       "Have received organ transplantation (excluding hematopoietic stem cell transplantation);",
       "cell_gene_therapy stem cell transplant (negated); cell_gene_therapy organ transplant"},
      {"i",
       "Normal cardiac function defined as fractional shortening ≥28% or ejection fraction ≥55%.",
       "lab LVEF >= 55 %"},
      {"e", "Pregnant or lactating females.", "pregnancy pregnant; breastfeeding"},
      {"i", "ECOG performance status of 0-1;", "score ECOG 0-1"},
      {"i", "ECOG=0-1, with no deterioration in 2 weeks.", "score ECOG 0-1"},
      {"i", "ECOG = 0 or 1", "score ECOG 0-1"},
      // Bracketed abbreviations between the name and the number; a list.
      {"i", "An Eastern Cooperative Oncology Group (ECOG) performance status (PS) ≤2.",
       "score ECOG <= 2"},
      {"i", "Participant has an ECOG performance status of 0, 1 or 2 for dose escalation",
       "score ECOG 0-2"},
      // Progression after a therapy asks for that therapy, not for none of
      // another standard one named later.
      {"i",
       "Patients must have progressed following at least one line of standard systemic therapy "
       "and there must not be other approval/standard therapy available",
       "prior_therapy progressed following at least 1 of [standard therapy] counting [standard "
       "therapy]"},
      // An organ transplant named by the organ or with a slash.
      {"e", "Hematopoietic stem cell transplantation or solid organ/limb transplantation",
       "cell_gene_therapy stem cell transplant; cell_gene_therapy organ transplant"},
      {"e", "Prior kidney or liver transplant", "cell_gene_therapy organ transplant"},
      // Two bounds of one test the other way round make a range.
      {"i", "BMI >15 and < 30 kg/m2", "lab BMI 15-30 kg/m2"},
      // "Naive" to a drug class asks for none of it.
      {"i", "Tyrosine Kinase Inhibitor (TKI) treatment naïve.",
       "prior_therapy treatment naïve (negated) of [tyrosine kinase inhibitor]"},
      {"e",
       "Subjects who have been treated with anticancer immunotherapies or other immunostimulatory "
       "anticancer drugs (interferons, interleukins, thymosin, immune cell therapy, etc.) within 3 "
       "months before the first dose;",
       "time_window <= 3 months before first dose; cell_gene_therapy cell therapy"},
      {"e", "Severe anemia (history of Hb < 8.0 g/dL within the last 3 months).",
       "lab hemoglobin < 8 g/dL; time_window <= 3 months; condition anemia"},
      {"i", "Female", "sex FEMALE"},
      // Ages written without "years", or as "greater than"; both sexes.
      {"i", "Age 18-65", "age 18-65 years"},
      {"i", "age between 18 and 65", "age 18-65 years"},
      {"i", "Age greater than 18 years", "age > 18 years"},
      {"i", "Greater than 18 years old", "age > 18 years"},
      {"i", "Age 6-12 months", ""},
      {"i", "Male and female", "sex ALL"},
      {"i", "Both men and women volunteers", "sex ALL"},
      // Forms from the user test of /match.
      {"i", "Age 18 and over.", "age >= 18 years"},
      {"i", "Participant age of 18 years or greater.", "age >= 18 years"},
      {"i", "Participant is ≥ 22 and ≤75 years of age.", "age 22-75 years"},
      {"i", "Gender unlimited, age from 2 years to 70 years.", "age 2-70 years"},
      {"i", "Age between ≥13 to ≤ 65 years", "age 13-65 years"},
      {"i", "from birth to <18 years", "age < 18 years"},
      {"i", "≥ 0.5 year old and ≤ 18 years old", "age 0.5-18 years"},
      {"i", "> = 1 years of age and less than 25", "age >= 1 years"},
      {"i", "Disease duration 1-2 years", ""},
      // After the people it is about, a comparator and years is an age;
      // "adults" alone is 18 or older (fourth user test).
      {"i", "Patients ≥18 yrs", "age >= 18 years"},
      {"i", "Adults (≥18 years)", "age >= 18 years"},
      {"i", "Adult patients", "age >= 18 years"},
      {"i", "Patients must be > 18", "age > 18 years"},
      {"i", "Patients must be > 18 kg", ""},
      {"i", "Age greater than to or equal 18 years at the time of signing informed consent",
       "age >= 18 years"},
      {"i", "Disease duration ≥ 2 years", "disease_duration >= 2 years"},
      {"i", "Adult-onset Still's disease", "condition adult onset still s disease"},
      // A lower bound in months and an upper one in years.
      {"i", "Age 6 months to less than 13 years of age", "age 0.5-12 years"},
      {"i", "Children 6 months to 17 years old", "age 0.5-17 years"},
      {"i", "Aged 2 weeks to 5 years", "age 0.0384615-5 years"},
      {"i", "Symptoms for 6 months to 2 years", ""},
      // From the fifth user test: "above", months, a lost "≥", a span
      // alone.
      {"i", "Adult participants above 18 years of age", "age > 18 years"},
      {"i", "Over 18 months of age", "age > 1.5 years"},
      {"i", "Children under 12 years of age", "age < 12 years"},
      {"i", "Male or female = 18 years of age and <60 years", "age 18-59 years"},
      {"i", "18 to 79 years inclusive", "age 18-79 years"},
      {"i", "Disease duration of 1 to 5 years", ""},
      // Lab names as written ("e-GFR", "HgbA1c"), spans without a unit for
      // tests with one unit in use, not counts; Gleason as a score.
      {"i", "e-GFR between 15-60", "lab eGFR 15-60 mL/min"},
      {"i", "HgbA1c 8 or above", "lab HbA1c >= 8"},
      {"i", "Hemoglobin A1c between 7 and 10%", "lab HbA1c 7-10 %"},
      {"i", "BMI 23.0-39.9", "lab BMI 23-39.9 kg/m2"},
      {"i", "PSA between 3.0 and 10 if over age 60", "lab PSA 3-10 ng/mL"},
      {"i", "HbA1c measured 2-3 times", ""},
      {"i", "Gleason score <= 6", "score Gleason <= 6"},
      // A device named for a disease is no disease.
      {"e", "Currently has a pacemaker, intracranial aneurysm clip, or neurostimulator", ""},
      {"e", "Known intracranial aneurysm", "condition aneurysm"},
      // Abbreviations the concept table knows in capitals, once beside
      // their full name, not in text written in capitals.
      {"i", "Diagnosed with SLE according to the 2019 EULAR/ACR classification criteria",
       "condition sle"},
      {"e", "No history of MI", "condition mi (negated)"},
      {"i", "Systemic lupus erythematosus (SLE)", "condition systemic lupus erythematosus"},
      {"i", "ALL PATIENTS MUST SIGN CONSENT", ""},
      // Negated comparators are bounds the other way.
      {"i", "Creatinine no greater than 1.5 mg/dL", "lab serum creatinine <= 1.5 mg/dL"},
      {"i", "Platelets not less than 100,000/mm3", "lab platelet count >= 100000 /uL"},
      {"i", "ALT not exceeding 3 x ULN", "lab ALT <= 3 xULN"},
      // Rules to follow about pregnancy are no pregnancy.
      {"i", "Must agree to follow pregnancy precautions", ""},
      // A least time since is no window up to now.
      {"i", "Diagnosis made at least 24 weeks prior to screening",
       "time_window >= 24 weeks before screening"},
      {"i", "Participant is male or non-pregnant and non-lactating female at least 18 years of age",
       "age >= 18 years; pregnancy pregnant (negated); breastfeeding (negated)"},
      {"e", "Current breast feeding", "breastfeeding"},
      {"i", "Skeletally mature male or female (non-pregnant) between 18 and 70 years of age",
       "age 18-70 years; pregnancy pregnant (negated)"},
      {"i",
       "For children aged under 18 months: two separate peripheral blood specimens from different "
       "days, both results being positive with HIV-DNA polymerase chain reaction (PCR).",
       "age < 1.5 years; infection HIV"},
      {"e", "Currently pregnant or breastfeeding (female only)",
       "sex FEMALE; pregnancy pregnant; breastfeeding"},
      {"e",
       "Have received CAR-T therapy or other genetically modified cell therapy before screening；",
       "prior_therapy received of [car t, cell therapy]; cell_gene_therapy CAR-T; "
       "cell_gene_therapy cell therapy"},
      {"i",
       "Women of childbearing potential (WOCBP) must have a negative pregnancy test within 7 days "
       "prior to randomization. Women must not be breastfeeding.",
       "pregnancy pregnant (negated); breastfeeding (negated); time_window <= 7 days before "
       "randomization"},
      {"i",
       "Systemic sclerosis disease duration within 6 years from first non-Raynaud's phenomenon "
       "manifestation",
       "time_window <= 6 years; disease_duration <= 6 years; condition systemic sclerosis"},
      {"i",
       "mRSS ≥ 15 with disease duration ≥ 18 months and active disease as defined by the protocol",
       "score mRSS >= 15; disease_duration >= 18 months"},
      {"i", "Eastern Cooperative Oncology Group ECOG performance status < 2.", "score ECOG < 2"},
      {"e",
       "Pregnant or lactating, or planning pregnancy within 180 days after the end of CAR-T cells "
       "infusion, or male patients whose partners plan pregnancy 180 days after their CAR-T cell "
       "infusion;",
       "pregnancy pregnant; breastfeeding; time_window <= 180 days; cell_gene_therapy CAR-T"},
      {"i", "Hemoglobin ≥ 9.0 g/dl and", "lab hemoglobin >= 9 g/dL"},
      {"i", "Platelet count ≥ 30,000/ mm3 (transfusion independent) and",
       "lab platelet count >= 30000 /uL"},
      {"i", "Total bilirubin ≤ 1.5x upper limit of normal (ULN) for age and",
       "lab total bilirubin <= 1.5 xULN"},
      {"i", "Serum creatinine \\< 1.5 mg/dl", "lab serum creatinine < 1.5 mg/dL"},
      {"i", "Patient must have a Karnofsky performance status or Lansky* play status ≥ 50",
       "score KPS >= 50"},
      {"e", "Patient must not be pregnant or breastfeeding.",
       "pregnancy pregnant (negated); breastfeeding (negated)"},
      {"i", "Absolute neutrophil count ≥ 1.5 x 10^9/L",
       "lab absolute neutrophil count >= 1.5 10^9/L"},
      {"e", "No history of HIV infection", "infection HIV (negated)"},
      {"i", "Creatinine clearance > 60 mL/min", "lab creatinine clearance > 60 mL/min"},
      {"e", "Known hepatitis B or hepatitis C infection", "infection HBV; infection HCV"},
  };
  for (const auto& [section, text, expected] : cases) {
    const std::string header =
        section[0] == 'i' ? "Inclusion Criteria:\n\n* " : "Exclusion Criteria:\n\n* ";
    const ParsedCriteria parsed = EligibilityParser(*lexicon_).Parse(header + text);
    ASSERT_EQ(parsed.criteria.size(), 1u) << text;
    EXPECT_EQ(SectionName(parsed.criteria[0].section)[0], section[0]) << text;
    EXPECT_EQ(Summaries(parsed.criteria[0]), expected) << text;
  }
}

TEST_F(EligibilityParserTest, HeaderSpellingsNestingAndTextWithoutBullets) {
  EligibilityParser parser(*lexicon_);
  const ParsedCriteria xml_style = parser.Parse(
      "INCLUSION CRITERIA:\n  -  Adequate bone marrow reserve as defined by:\n       -  Hemoglobin "
      ">= 9.0 g/dl and\n"
      "       -  Platelet count >= 30,000/mm3\n  -  Life expectancy\n     greater than 2 months\n"
      "Key Exclusion Criteria\n  -  Pregnancy\n");
  ASSERT_EQ(xml_style.criteria.size(), 5u);
  EXPECT_EQ(xml_style.criteria[1].parent, 0);
  EXPECT_EQ(xml_style.criteria[2].level, 1);
  EXPECT_EQ(xml_style.criteria[3].text,
            "Life expectancy greater than 2 months");  // wrapped line joined
  EXPECT_EQ(xml_style.criteria[4].section, CriterionSection::kExclusion);
  EXPECT_DOUBLE_EQ(*xml_style.criteria[2].constraints.at(0).canonical_value,
                   30);  // 30,000/uL = 30 x10^9/L

  const ParsedCriteria plain =
      parser.Parse("Adults aged 18 to 65 years\nNo prior chemotherapy\n\nNot pregnant");
  ASSERT_EQ(plain.criteria.size(), 3u);
  EXPECT_EQ(plain.criteria[0].section, CriterionSection::kUnspecified);
  EXPECT_EQ(Summaries(plain.criteria[0]), "age 18-65 years");

  const ParsedCriteria escaped =
      parser.Parse("Exclusion Criteria:\n* serum IgA \\<10 mg/dL\n* ALT \\> 3 x ULN");
  ASSERT_EQ(escaped.criteria.size(), 2u);
  EXPECT_EQ(escaped.criteria[0].text, "serum IgA <10 mg/dL");
  EXPECT_EQ(Summaries(escaped.criteria[1]), "lab ALT > 3 xULN");

  // Text on the header's line is its section's; a lead-in is no criterion.
  const ParsedCriteria inline_header = parser.Parse(
      "Inclusion Criteria: The person who meet all the following criteria\n\n1. Patients had to "
      "be age 18 years or older\n");
  ASSERT_EQ(inline_header.criteria.size(), 2u);
  EXPECT_TRUE(inline_header.criteria[0].is_heading);
  EXPECT_EQ(inline_header.criteria[1].section, CriterionSection::kInclusion);
  EXPECT_EQ(Summaries(inline_header.criteria[1]), "age >= 18 years");
}

// Headings without a bullet or a colon that name whom their items are for
// open a cohort; "Obesity-related" is a topic heading, not a criterion.
TEST_F(EligibilityParserTest, BareHeadingsNamingWhomTheyAreFor) {
  EligibilityParser parser(*lexicon_);
  const ParsedCriteria parsed = parser.Parse(
      "Inclusion Criteria:\n\n* Age 18 years or older\n\nDiabetes-related for participant with "
      "T2D\n\n* HbA1c 7.0-10.0 percent\n* Treatment with metformin\n\nExclusion Criteria:\n\n"
      "Obesity-related\n\n- Treatment with any medication for weight management\n\n"
      "Glycaemia-related for participant without T2D\n\n* HbA1c greater than or equal to 6.5 "
      "percent\n* History of type 1 or type 2 diabetes\n");
  std::vector<std::pair<std::string, std::string>> got;
  for (const Criterion& c : parsed.criteria) got.emplace_back(c.text.substr(0, 20), c.cohort);
  const std::string with = "Diabetes-related for participant with T2D";
  const std::string without = "Glycaemia-related for participant without T2D";
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"Age 18 years or olde", ""},     {with.substr(0, 20), with},
      {"HbA1c 7.0-10.0 perce", with},   {"Treatment with metfo", with},
      {"Obesity-related", ""},          {"Treatment with any m", ""},
      {without.substr(0, 20), without}, {"HbA1c greater than o", without},
      {"History of type 1 or", without}};
  EXPECT_EQ(got, expected);
  EXPECT_TRUE(parsed.criteria[4].is_heading);  // "Obesity-related"
  EXPECT_TRUE(parsed.criteria[4].constraints.empty());
}

TEST_F(EligibilityParserTest, EmptyAndMalformedTextGiveNoCrash) {
  EligibilityParser parser(*lexicon_);
  EXPECT_TRUE(parser.Parse("").criteria.empty());
  EXPECT_TRUE(parser.Parse("\n\n   \n").criteria.empty());
  EXPECT_TRUE(parser.Parse("Inclusion Criteria:\nExclusion Criteria:").criteria.empty());
  EXPECT_LE(parser.Parse(std::string(100000, '(')).criteria.size(), 1u);
  EXPECT_LE(parser.Parse(std::string(5000, '*') + "\n").criteria.size(), 1u);
  // Random bytes and random mixes of the characters the parser cares about.
  std::mt19937 random(12345);
  const std::string alphabet =
      "*-1.a) \n\t:<>=\\x\xE2\x89\xA5"
      "ageyearsmg/dLwithin";
  for (int round = 0; round < 300; ++round) {
    std::string text;
    const int length = static_cast<int>(random() % 400);
    for (int i = 0; i < length; ++i) {
      text += round % 2 ? static_cast<char>(random() % 256) : alphabet[random() % alphabet.size()];
    }
    const ParsedCriteria parsed = parser.Parse(text);
    for (const Criterion& criterion : parsed.criteria) {
      EXPECT_GE(criterion.parent, -1);
      EXPECT_LT(criterion.parent, criterion.id);
    }
  }
}

// One lexicon policy (issue 21): a study's criteria read with the
// registry's names and its own over them, without copying the registry's.
TEST_F(EligibilityParserTest, StudyCriteriaReadWithTheRegistryAndTheStudysOwnNames) {
  const Study kite = *ParseStudyJson(testing::SeedStudy("NCT07038447"));
  CriteriaLexicon registry;  // as RegistryLexicon builds it
  for (const std::string& line : testing::SampleJsonLines())
    registry.AddNames(NamesOf(*ParseStudyJson(line)));
  const ParsedCriteria parsed = ParseStudyCriteria(kite, registry);
  CriteriaLexicon copied = registry;
  copied.AddStudy(kite);
  EXPECT_EQ(ParsedCriteriaToJson(parsed),
            ParsedCriteriaToJson(EligibilityParser(copied).Parse(kite)));
  // The overlay finds the names of both and adds none to the registry.
  CriteriaLexicon overlay = CriteriaLexicon::Over(registry);
  overlay.AddNames({{"zzdrugonlyhere"}, {"zz condition only here"}});
  EXPECT_EQ(overlay.FindDrugs("took zzdrugonlyhere and rituximab"),
            (std::vector<std::string>{"zzdrugonlyhere", "rituximab"}));
  EXPECT_EQ(overlay.FindConditions("has zz condition only here").size(), 1u);
  EXPECT_TRUE(registry.FindDrugs("zzdrugonlyhere").empty());
  EXPECT_EQ(overlay.drug_count(), 1u);
}

// A registry condition written with its abbreviation is the name without
// it, as criteria and patients write it.
TEST(CriteriaLexiconTest, AConditionsAbbreviationInBracketsIsLeftOut) {
  CriteriaLexicon lexicon;
  lexicon.AddNames({{}, {"Zz Cell Zz Carcinoma (ZZC)"}});
  std::vector<std::string> names;
  for (const auto& [name, at] : lexicon.FindConditions("Zz cell zz carcinoma (ZZC)"))
    names.push_back(name);
  EXPECT_EQ(names, std::vector<std::string>{"zz cell zz carcinoma"});
}

// Issue 20: a bullet followed by 32,000 spaces was accepted by ingest, and
// then std::regex recursed once per space and crashed every page showing the
// study. The bullet is read; the long run costs no stack.
TEST_F(EligibilityParserTest, LongRunsAfterABulletAreRead) {
  EligibilityParser parser(*lexicon_);
  const ParsedCriteria spaces =
      parser.Parse("Inclusion Criteria:\n*" + std::string(32000, ' ') + "Age >= 18 years\n");
  ASSERT_EQ(spaces.criteria.size(), 1u);
  EXPECT_EQ(spaces.criteria[0].text, "Age >= 18 years");
  EXPECT_EQ(Summaries(spaces.criteria[0]), "age >= 18 years");
  // A criterion of 30,000 digits after a lab name is kept, not read.
  const ParsedCriteria digits =
      parser.Parse("Exclusion Criteria:\n* hemoglobin < 1." + std::string(30000, '7') + " g/dL\n");
  ASSERT_EQ(digits.criteria.size(), 1u);
  EXPECT_TRUE(digits.criteria[0].constraints.empty());
  const ParsedCriteria shorter =
      parser.Parse("Exclusion Criteria:\n* hemoglobin < 1." + std::string(15000, '7') + " g/dL\n");
  ASSERT_EQ(shorter.criteria.size(), 1u);
  EXPECT_EQ(shorter.criteria[0].constraints.size(), 1u);
}

}  // namespace
}  // namespace trialfinder
