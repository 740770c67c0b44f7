#include "core/scheduler/exercise_picker.hpp"

#include <algorithm>
#include <cmath>

namespace tw {
namespace {

// Marsaglia polar method: one standard normal draw.
double sample_normal(SplitMix64& rng) {
  for (;;) {
    const double u = 2.0 * rng.uniform() - 1.0;
    const double v = 2.0 * rng.uniform() - 1.0;
    const double s = u * u + v * v;
    if (s > 0.0 && s < 1.0) return u * std::sqrt(-2.0 * std::log(s) / s);
  }
}

// Marsaglia and Tsang (2000), for shape a >= 1 (ours are 1 + a count).
double sample_gamma(SplitMix64& rng, double a) {
  const double d = a - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    const double x = sample_normal(rng);
    double v = 1.0 + c * x;
    if (v <= 0.0) continue;
    v = v * v * v;
    const double u = rng.uniform();
    if (u < 1.0 - 0.0331 * x * x * x * x) return d * v;
    if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v;
  }
}

}  // namespace

uint64_t SplitMix64::next() {
  uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

double SplitMix64::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

double sample_beta(SplitMix64& rng, double a, double b) {
  const double x = sample_gamma(rng, a);
  const double y = sample_gamma(rng, b);
  return x / (x + y);
}

ExercisePicker::ExercisePicker(uint64_t seed) : seed_(seed), rng_(seed) {}

int32_t ExercisePicker::arm(std::string_view id) {
  for (int32_t a = 0; a < static_cast<int32_t>(arms_.size()); ++a)
    if (arms_[a].id == id) return a;
  arms_.push_back({.id = std::string(id)});
  return static_cast<int32_t>(arms_.size()) - 1;
}

void ExercisePicker::set_exercises(const Friction& friction) {
  const auto seed = static_cast<uint64_t>(friction.seed);
  if (seed != seed_) {
    seed_ = seed;
    rng_ = SplitMix64(seed);
  }
  floor_share_ = friction.floor_share;
  const int32_t last = last_arm_;
  index_.clear();
  last_arm_ = -1;
  for (const Exercise& e : friction.exercises) {
    const int32_t a = arm(e.id);
    index_.push_back(a);
    if (a == last) last_arm_ = a;  // "not twice in a row" holds across a swap
  }
}

void ExercisePicker::seed_outcomes(std::string_view id, int64_t left, int64_t answered) {
  if (left < 0 || answered < left) return;  // not a count of answers
  Arm& a = arms_[arm(id)];
  a.left += left;
  a.answered += answered;
}

void ExercisePicker::seed_picks(std::string_view id, int64_t picks, bool last) {
  if (picks < 0) return;
  const int32_t a = arm(id);
  arms_[a].picks += picks;
  if (last) last_arm_ = std::find(index_.begin(), index_.end(), a) != index_.end() ? a : -1;
}

void ExercisePicker::record(std::string_view id, bool left) {
  Arm& a = arms_[arm(id)];
  a.answered += 1;
  if (left) a.left += 1;
}

ExercisePicker::Counts ExercisePicker::counts(std::string_view id) const {
  for (const Arm& a : arms_)
    if (a.id == id) return {.left = a.left, .answered = a.answered, .picks = a.picks};
  return {};
}

int32_t ExercisePicker::pick() {
  const auto n = static_cast<int32_t>(index_.size());
  if (n == 0) return -1;
  int64_t total = 0;
  for (const int32_t a : index_) total += arms_[a].picks;
  auto eligible = [&](int32_t i) { return n == 1 || index_[i] != last_arm_; };

  // The floor first: an exercise this pick would leave below its share.
  int32_t chosen = -1;
  double worst = 0.0;
  const double floor_picks = floor_share_ * static_cast<double>(total + 1);
  for (int32_t i = 0; i < n; ++i) {
    const double deficit = floor_picks - static_cast<double>(arms_[index_[i]].picks);
    if (eligible(i) && deficit > worst) {
      worst = deficit;
      chosen = i;
    }
  }
  // Otherwise Thompson sampling: the highest draw from each leave-rate posterior.
  if (chosen < 0) {
    double best = -1.0;
    for (int32_t i = 0; i < n; ++i) {
      if (!eligible(i)) continue;
      const Arm& a = arms_[index_[i]];
      const double draw = sample_beta(rng_, 1.0 + static_cast<double>(a.left),
                                      1.0 + static_cast<double>(a.answered - a.left));
      if (draw > best) {
        best = draw;
        chosen = i;
      }
    }
  }
  last_arm_ = index_[chosen];
  ++arms_[last_arm_].picks;
  return chosen;
}

}  // namespace tw
