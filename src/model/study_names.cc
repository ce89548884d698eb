// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "trialfinder/study.h"

namespace trialfinder {

StudyNames NamesOf(const Study& study) {
  StudyNames names;
  for (const Intervention& intervention : study.protocol.arms_interventions.interventions) {
    if (intervention.type == "DRUG" || intervention.type == "BIOLOGICAL" ||
        intervention.type == "GENETIC") {
      names.drugs.push_back(intervention.name);
      names.drugs.insert(names.drugs.end(), intervention.other_names.begin(),
                         intervention.other_names.end());
    }
  }
  for (const auto& mesh : study.derived.intervention_browse.meshes)
    names.drugs.push_back(mesh.term);
  names.conditions = study.protocol.conditions.conditions;
  for (const auto& mesh : study.derived.condition_browse.meshes) {
    names.conditions.push_back(mesh.term);
  }
  return names;
}

}  // namespace trialfinder
