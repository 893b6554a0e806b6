// The sampler options' one string table, their checks, JSON and one-line description.
#include "diffusion/options.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>
#include <utility>

#include "util/error.h"

namespace sdm {
namespace {

template <class E>
using Names = std::initializer_list<std::pair<E, const char*>>;

constexpr Names<SolverKind> kSolvers = {{SolverKind::Ddpm, "ddpm"},
                                        {SolverKind::DdpmStrided, "ddpm-strided"},
                                        {SolverKind::Ddim, "ddim"},
                                        {SolverKind::AnalyticDpm, "analytic-dpm"},
                                        {SolverKind::DpmSolver, "dpm-solver"},
                                        {SolverKind::DpmSolverPP, "dpm-solver++"}};
constexpr Names<Variance> kVariances = {{Variance::FixedLarge, "fixedlarge"},
                                        {Variance::FixedSmall, "fixedsmall"}};
constexpr Names<TimeGrid> kGrids = {{TimeGrid::Default, ""},
                                    {TimeGrid::Uniform, "uniform"},
                                    {TimeGrid::Quadratic, "quadratic"},
                                    {TimeGrid::LogSnr, "logSNR"},
                                    {TimeGrid::TimeUniform, "time_uniform"},
                                    {TimeGrid::TimeQuadratic, "time_quadratic"}};
constexpr Names<DpmMethod> kMethods = {{DpmMethod::Multistep, "multistep"},
                                       {DpmMethod::Singlestep, "singlestep"},
                                       {DpmMethod::SinglestepFixed, "singlestep_fixed"}};
constexpr Names<DpmSolverType> kTypes = {{DpmSolverType::DpmSolver, "dpmsolver"},
                                         {DpmSolverType::Taylor, "taylor"}};

template <class E>
const char* nameIn(Names<E> names, E value) {
  for (const auto& [v, name] : names)
    if (v == value) return name;
  return "?";
}

template <class E>
std::vector<std::string> namesOf(Names<E> names) {
  std::vector<std::string> out;
  for (const auto& [v, name] : names)
    if (*name) out.emplace_back(name);
  return out;
}

template <class E>
E parseIn(Names<E> names, const std::string& s, const char* what) {
  for (const auto& [v, name] : names)
    if (s == name) return v;
  std::string choices;
  for (const std::string& n : namesOf(names)) choices += (choices.empty() ? "" : ", ") + n;
  throw Error(std::string("unknown ") + what + " '" + s + "' (use " + choices + ")");
}

}  // namespace

const char* toString(SolverKind k) { return nameIn(kSolvers, k); }
const char* toString(Variance v) { return nameIn(kVariances, v); }
const char* toString(TimeGrid g) { return nameIn(kGrids, g); }
const char* toString(DpmMethod m) { return nameIn(kMethods, m); }
const char* toString(DpmSolverType t) { return nameIn(kTypes, t); }

SolverKind parseSolverKind(const std::string& s) {
  if (s == "ddpm2") return SolverKind::DdpmStrided;  // the original code's name
  return parseIn(kSolvers, s, "solver");
}
Variance parseVariance(const std::string& s) { return parseIn(kVariances, s, "variance"); }
TimeGrid parseTimeGrid(const std::string& s) { return parseIn(kGrids, s, "time grid"); }
DpmMethod parseDpmMethod(const std::string& s) { return parseIn(kMethods, s, "dpm-solver method"); }
DpmSolverType parseDpmSolverType(const std::string& s) {
  return parseIn(kTypes, s, "dpm-solver type");
}

std::vector<std::string> solverNames() { return namesOf(kSolvers); }
std::vector<std::string> varianceNames() { return namesOf(kVariances); }
std::vector<std::string> dpmMethodNames() { return namesOf(kMethods); }
std::vector<std::string> dpmSolverTypeNames() { return namesOf(kTypes); }

bool isDpmSolver(SolverKind k) {
  return k == SolverKind::DpmSolver || k == SolverKind::DpmSolverPP;
}

int defaultSteps(SolverKind k, int trainingTimesteps) {
  if (k == SolverKind::Ddpm) return trainingTimesteps;
  return isDpmSolver(k) ? 20 : 50;
}

std::vector<TimeGrid> timeGridsFor(SolverKind k) {
  if (k == SolverKind::Ddpm) return {};
  if (isDpmSolver(k))
    return {TimeGrid::TimeUniform, TimeGrid::TimeQuadratic, TimeGrid::LogSnr, TimeGrid::Uniform};
  return {TimeGrid::Uniform, TimeGrid::Quadratic, TimeGrid::LogSnr};
}

TimeGrid SolverOptions::grid() const {
  if (skip != TimeGrid::Default) return skip;
  return isDpmSolver(kind) ? TimeGrid::TimeUniform : TimeGrid::Uniform;
}

void SolverOptions::validate() const {
  if (steps < 1 || steps > 100000)
    throw Error("steps must be at least 1, got " + std::to_string(steps));
  if (eta < 0 || eta > 1) throw Error("eta must be in [0, 1], got " + std::to_string(eta));
  if (isDpmSolver(kind)) {
    if (order < 1 || order > 3) throw Error("dpm-solver order must be 1, 2 or 3");
    if (method == DpmMethod::Multistep && steps < order)
      throw Error("multistep dpm-solver needs steps >= order");
  }
  if (kind == SolverKind::Ddpm || skip == TimeGrid::Default) return;
  const std::vector<TimeGrid> grids = timeGridsFor(kind);
  if (std::find(grids.begin(), grids.end(), skip) == grids.end()) {
    std::string choices;
    for (TimeGrid g : grids) choices += std::string(choices.empty() ? "" : ", ") + toString(g);
    throw Error(std::string("the ") + toString(kind) + " time grid must be " + choices + ", got '" +
                toString(skip) + "'");
  }
}

void to_json(nlohmann::json& j, const SolverOptions& s) {
  j = {{"solver", toString(s.kind)},
       {"steps", s.steps},
       {"eta", s.eta},
       {"clip_x0", s.clipX0},
       {"rederive_eps", s.rederiveEps},
       {"variance", toString(s.variance)},
       {"strided_variance", s.stridedVariance},
       {"skip", toString(s.skip)},
       {"order", s.order},
       {"method", toString(s.method)},
       {"solver_type", toString(s.solverType)},
       {"lower_order_final", s.lowerOrderFinal},
       {"denoise_to_zero", s.denoiseToZero},
       {"thresholding", s.thresholding}};
}

void from_json(const nlohmann::json& j, SolverOptions& s) {
  s.kind = parseSolverKind(j.value("solver", std::string(toString(s.kind))));
  s.steps = j.value("steps", s.steps);
  s.eta = j.value("eta", s.eta);
  s.clipX0 = j.value("clip_x0", s.clipX0);
  s.rederiveEps = j.value("rederive_eps", s.rederiveEps);
  s.variance = parseVariance(j.value("variance", std::string(toString(s.variance))));
  s.stridedVariance = j.value("strided_variance", s.stridedVariance);
  s.skip = parseTimeGrid(j.value("skip", std::string(toString(s.skip))));
  s.order = j.value("order", s.order);
  s.method = parseDpmMethod(j.value("method", std::string(toString(s.method))));
  s.solverType = parseDpmSolverType(j.value("solver_type", std::string(toString(s.solverType))));
  s.lowerOrderFinal = j.value("lower_order_final", s.lowerOrderFinal);
  s.denoiseToZero = j.value("denoise_to_zero", s.denoiseToZero);
  s.thresholding = j.value("thresholding", s.thresholding);
}

std::string SolverOptions::describe() const {
  std::ostringstream os;
  os << toString(kind) << ", " << steps << " steps";
  switch (kind) {
    case SolverKind::Ddim:
      os << ", eta " << eta << ", " << toString(grid());
      if (rederivesEps()) os << ", eps re-derived from the clamped x0";
      break;
    case SolverKind::Ddpm:
      os << ", " << toString(variance);
      break;
    case SolverKind::DdpmStrided:
      os << ", "
         << (stridedVariance ? std::string("strided variance")
                             : std::string(toString(variance)) + " (original)")
         << ", " << toString(grid());
      break;
    case SolverKind::AnalyticDpm:
      os << ", " << toString(grid());
      break;
    default:
      os << ", order " << order << ", " << toString(method) << ", " << toString(grid());
  }
  return os.str();
}

}  // namespace sdm
