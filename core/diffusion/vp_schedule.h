#pragma once
// DPM-Solver's continuous-time view of a discrete DDPM schedule (the official
// NoiseScheduleVP('discrete')): timestep n lives at t = (n + 1) / N, and log alpha_t is
// interpolated piecewise linearly between those points. lambda_t = log alpha_t - log sigma_t.
#include <vector>

namespace sdm {

class Schedule;

class VpSchedule {
 public:
  explicit VpSchedule(const Schedule& s);
  int total() const { return m_N; }
  double logAlpha(double t) const;
  double alpha(double t) const;
  double sigma(double t) const;
  double lambda(double t) const;
  double inverseLambda(double lambda) const;
  // The model input for continuous t: (t - 1/N) * N, i.e. the discrete timestep (fractional in
  // between; exact integers are snapped so the network uses its embedding table).
  double modelTime(double t) const;
  double continuousTime(double timestep) const { return (timestep + 1.0) / m_N; }

 private:
  int m_N;
  std::vector<double> m_t, m_logAlpha;        // ascending t
  std::vector<double> m_logAlphaUp, m_tDown;  // the same, ordered by ascending log alpha
};

}  // namespace sdm
