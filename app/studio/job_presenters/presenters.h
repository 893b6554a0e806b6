#pragma once
// The presenter of each job kind (one file each), for presenterFor().
namespace sdm::studio {

class JobPresenter;
const JobPresenter& trainingPresenter();
const JobPresenter& snnFinetunePresenter();
const JobPresenter& evalPresenter();
const JobPresenter& gammaPresenter();
const JobPresenter& convertPresenter();
const JobPresenter& studyPresenter();

}  // namespace sdm::studio
