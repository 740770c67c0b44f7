// The adaptive rotation (exercise_picker.hpp): Thompson sampling on each
// exercise's leave rate, a floor share per exercise, never one twice in a
// row, and the same picks for the same seed and answers.
#include "tw_catch.hpp"

#include <array>
#include <vector>

#include "core/scheduler/exercise_picker.hpp"

namespace {

tw::Friction four_exercises(double floor_share = 0.1, int64_t seed = tw::kDefaultExerciseSeed) {
  tw::Friction f;
  f.floor_share = floor_share;
  f.seed = seed;
  for (const char* id : {"breathe", "intention", "wait", "alternative"})
    f.exercises.push_back({.id = id, .kind = tw::ExerciseKind::breathe, .text = id});
  return f;
}

// A wearer who leaves after `strong` with probability p_strong and after the
// others with p_other; their coin is a generator of their own.
std::vector<int32_t> run_wearer(tw::ExercisePicker& picker, const tw::Friction& f, int prompts, int32_t strong,
                                double p_strong, double p_other, uint64_t wearer_seed = 7) {
  tw::SplitMix64 coin(wearer_seed);
  std::vector<int32_t> picks;
  for (int i = 0; i < prompts; ++i) {
    const int32_t e = picker.pick();
    picks.push_back(e);
    const bool left = coin.uniform() < (e == strong ? p_strong : p_other);
    picker.record(f.exercises[static_cast<size_t>(e)].id, left);
  }
  return picks;
}

std::array<int, 4> counts(const std::vector<int32_t>& picks) {
  std::array<int, 4> c{};
  for (const int32_t e : picks) ++c[static_cast<size_t>(e)];
  return c;
}

}  // namespace

TEST_CASE("exercise picker: the exercise the wearer leaves after most rises, the others keep their floor",
          "[scheduler][exercise]") {
  const tw::Friction f = four_exercises(0.1);
  tw::ExercisePicker picker(static_cast<uint64_t>(f.seed));
  picker.set_exercises(f);
  constexpr int kPrompts = 500;
  const auto picks = run_wearer(picker, f, kPrompts, /*strong=*/2, 0.6, 0.15);
  const auto c = counts(picks);
  INFO("picks: " << c[0] << " " << c[1] << " " << c[2] << " " << c[3]);
  // Uniform is 125 (25 %); "never twice in a row" caps any one at 250.
  CHECK(c[2] >= 190);
  for (size_t i = 0; i < 4; ++i) {
    if (i != 2) CHECK(c[i] >= 50);  // floor 10 % of 500
  }
  for (size_t i = 1; i < picks.size(); ++i) REQUIRE(picks[i] != picks[i - 1]);
  CHECK(picker.counts("wait").picks == c[2]);
}

TEST_CASE("exercise picker: the floor holds at every prompt, not only at the end", "[scheduler][exercise]") {
  const tw::Friction f = four_exercises(0.2);
  tw::ExercisePicker picker(static_cast<uint64_t>(f.seed));
  picker.set_exercises(f);
  tw::SplitMix64 coin(11);
  std::array<int, 4> c{};
  for (int n = 1; n <= 300; ++n) {
    const int32_t e = picker.pick();
    ++c[static_cast<size_t>(e)];
    picker.record(f.exercises[static_cast<size_t>(e)].id, coin.uniform() < (e == 0 ? 0.9 : 0.05));
    // Each exercise's picks reach floor x picks, rounded down, less the one
    // that "not twice in a row" may delay by a prompt.
    for (size_t i = 0; i < 4; ++i) REQUIRE(c[i] + 1 >= static_cast<int>(0.2 * n));
  }
  CHECK(c[0] > 75);  // still above uniform
}

TEST_CASE("exercise picker: the same seed and answers give the same picks, another seed others",
          "[scheduler][exercise][determinism]") {
  const tw::Friction f = four_exercises(0.1, 42);
  tw::ExercisePicker a(42), b(42);
  a.set_exercises(f);
  b.set_exercises(f);
  const auto pa = run_wearer(a, f, 200, 1, 0.5, 0.2);
  const auto pb = run_wearer(b, f, 200, 1, 0.5, 0.2);
  CHECK(pa == pb);
  // The policy's seed restarts the generator.
  tw::ExercisePicker c(42);
  c.set_exercises(four_exercises(0.1, 43));
  CHECK(run_wearer(c, f, 200, 1, 0.5, 0.2) != pa);
}

TEST_CASE("exercise picker: outcomes from the ledger steer the first sampled picks", "[scheduler][exercise]") {
  const tw::Friction f = four_exercises(0.1);
  tw::ExercisePicker picker(static_cast<uint64_t>(f.seed));
  picker.set_exercises(f);
  picker.seed_outcomes("intention", 45, 50);
  for (const char* id : {"breathe", "wait", "alternative"}) picker.seed_outcomes(id, 5, 50);
  picker.seed_outcomes("wait", 10, 5);  // more leaves than answers: not a count, ignored
  CHECK(picker.counts("wait").left == 5);
  CHECK(picker.counts("intention").answered == 50);
  std::array<int, 4> c{};
  for (int i = 0; i < 40; ++i) ++c[static_cast<size_t>(picker.pick())];
  // Every other pick at most (never twice in a row), the floor's round first.
  CHECK(c[1] >= 18);
}

TEST_CASE("exercise picker: none, one, and a policy swap", "[scheduler][exercise]") {
  tw::ExercisePicker picker;
  tw::Friction f;
  picker.set_exercises(f);
  CHECK(picker.pick() == -1);
  f.exercises.push_back({.id = "only", .kind = tw::ExerciseKind::wait, .text = "wait", .wait_s = 5});
  picker.set_exercises(f);
  CHECK(picker.pick() == 0);
  CHECK(picker.pick() == 0);  // one exercise cannot rotate
  // The last exercise keeps its place across a swap that reorders the list.
  f.exercises.insert(f.exercises.begin(), {.id = "new", .kind = tw::ExerciseKind::breathe, .text = "b"});
  picker.set_exercises(f);
  CHECK(picker.pick() == 0);  // "only" (now index 1) ran last
  CHECK(picker.counts("only").picks == 2);
}

TEST_CASE("sample_beta: draws stay in (0, 1) and their mean is a / (a + b)", "[scheduler][exercise]") {
  tw::SplitMix64 rng(3);
  double sum = 0.0;
  constexpr int kDraws = 20'000;
  for (int i = 0; i < kDraws; ++i) {
    const double x = tw::sample_beta(rng, 3.0, 7.0);
    REQUIRE(x > 0.0);
    REQUIRE(x < 1.0);
    sum += x;
  }
  CHECK(sum / kDraws > 0.29);
  CHECK(sum / kDraws < 0.31);
}

TEST_CASE("exercise picker: picks from before this process count toward the floor, and the last one is not repeated",
          "[scheduler][exercise]") {
  const tw::Friction f = four_exercises(0.2);
  // Earlier processes showed "intention" 40 times and the others 2 times each,
  // "wait" last. This process starts with the others below their floor
  // (20 % of 47 picks is 9.4 each), so it picks only them, until each is there.
  tw::ExercisePicker picker(static_cast<uint64_t>(f.seed));
  picker.set_exercises(f);
  picker.seed_picks("breathe", 2, false);
  picker.seed_picks("intention", 40, false);
  picker.seed_picks("wait", 2, true);
  picker.seed_picks("alternative", 2, false);
  CHECK(picker.counts("intention").picks == 40);
  std::vector<int32_t> picks;
  for (int i = 0; i < 21; ++i) picks.push_back(picker.pick());
  CHECK(picks[0] != 2);  // "wait" showed last, in the earlier process
  CHECK(counts(picks)[1] == 0);
  for (const char* id : {"breathe", "wait", "alternative"}) CHECK(picker.counts(id).picks >= 9);

  // Without the seeded picks this process would count only its own: "intention" too.
  tw::ExercisePicker fresh(static_cast<uint64_t>(f.seed));
  fresh.set_exercises(f);
  std::vector<int32_t> own;
  for (int i = 0; i < 21; ++i) own.push_back(fresh.pick());
  CHECK(counts(own)[1] > 0);
}
