// exercise_picker.hpp: which friction exercise the next prompt shows, by
// measured effect, without letting the rotation collapse or repeat.
//
// What it does: Thompson sampling on each exercise's leave rate. An exercise
// that made the wearer leave `left` times out of `answered` answers (left or
// continued; a timed-out prompt tells nothing and is not counted) has the
// posterior Beta(1 + left, 1 + answered - left); each pick draws one sample
// per exercise and takes the highest. Two rules bound it: the exercise shown
// last is never shown again next (with two or more exercises), and an
// exercise whose share of the picks would fall below floor_share is picked
// before any sample is drawn (the one furthest below first, then the lowest
// index). Outcomes and picks are kept by exercise id, so they survive a
// policy swap; the ledger's history seeds them at start (seed_outcomes,
// seed_picks: every prompt any process showed, so the floor and "not twice
// in a row" hold across processes and restarts) and each answer and pick
// adds to them (record, pick).
// The draws come from a 64-bit generator held here (SplitMix64) seeded from
// the policy ([friction] seed, or kDefaultExerciseSeed), and the Beta draws
// are computed here (Marsaglia-Tsang gamma), not by <random>'s
// distributions, whose results differ between standard libraries: the same
// seed and outcomes give the same picks everywhere.
// What it does not do: read a clock or the ledger, or decide what counts as
// an answer (ExerciseOutcomes does).
//
//   tw::ExercisePicker picker(policy.friction.seed);
//   picker.set_exercises(policy.friction);
//   picker.seed_outcomes("breathe-3", 12, 30);   // from the ledger
//   const int32_t i = picker.pick();             // index into exercises
//   picker.record(policy.friction.exercises[i].id, /*left=*/true);
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/policy.hpp"

namespace tw {

// SplitMix64 (Steele, Lea, Flood 2014): small, fast, and fully specified,
// so a seed gives the same stream on every platform.
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t next();
  double uniform();  // [0, 1), 53 bits

 private:
  uint64_t state_;
};

// A Beta(a, b) draw (a, b >= 1) from two gamma draws.
double sample_beta(SplitMix64& rng, double a, double b);

class ExercisePicker {
 public:
  explicit ExercisePicker(uint64_t seed = kDefaultExerciseSeed);

  // The policy's exercises, floor share and seed (a changed seed restarts
  // the generator; outcomes and picks so far stay, by exercise id).
  void set_exercises(const Friction& friction);
  // Outcomes from before this process (the ledger), added to exercise `id`'s
  // (ignored unless 0 <= left <= answered).
  void seed_outcomes(std::string_view id, int64_t left, int64_t answered);
  // Prompts that showed exercise `id` before this process (the ledger's
  // friction outcomes): they count toward the floor share like this
  // picker's own picks. `last`: the most recent of them showed `id`, so
  // the next pick is another one (when there are two or more).
  void seed_picks(std::string_view id, int64_t picks, bool last);
  // An answer to a prompt that showed exercise `id`: left or continued.
  void record(std::string_view id, bool left);
  // The next exercise: an index into the exercises set; -1 when there are none.
  int32_t pick();

  // What the picker knows of exercise `id`: the answers it learnt from
  // (seeded and recorded) and its own picks; zeros for an id never seen.
  struct Counts {
    int64_t left = 0;
    int64_t answered = 0;
    int64_t picks = 0;
  };
  Counts counts(std::string_view id) const;

 private:
  struct Arm {
    std::string id;
    int64_t left = 0;
    int64_t answered = 0;
    int64_t picks = 0;
  };
  int32_t arm(std::string_view id);  // its index, added when new

  std::vector<Arm> arms_;       // every exercise id seen, in order of first sight
  std::vector<int32_t> index_;  // policy exercise i -> arms_ index
  double floor_share_ = 0.0;
  uint64_t seed_;
  SplitMix64 rng_;
  int32_t last_arm_ = -1;
};

}  // namespace tw
