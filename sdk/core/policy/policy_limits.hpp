// policy_limits.hpp: the hard limits a policy file must stay within.
//
// What it does: names every size and count limit the loader enforces, so a
// hostile or broken file cannot exhaust memory or the stack, and so the docs
// (docs/policy-reference.md, "Limits") and tests quote one source.
// What it does not do: check anything; policy_loader.cpp does.
//
//   if (text.size() > tw::policy_limits::kMaxFileBytes) { /* Errc::too_large */ }
#pragma once

#include <cstddef>

namespace tw::policy_limits {

inline constexpr std::size_t kMaxFileBytes = 256 * 1024;
inline constexpr int kMaxDepth = 16;  // containers enclosing a value
inline constexpr std::size_t kMaxErrors = 100;

inline constexpr std::size_t kMaxBudgets = 256;
inline constexpr std::size_t kMaxApps = 4096;
inline constexpr std::size_t kMaxExercises = 64;
inline constexpr std::size_t kMaxIdleRules = 128;
inline constexpr std::size_t kMaxIdleItems = 1024;
inline constexpr std::size_t kMaxWindowsPerKind = 64;  // [[focus]], [[schedule]]
inline constexpr std::size_t kMaxWarnAt = 8;
inline constexpr std::size_t kMaxNotifyRules = 256;
inline constexpr std::size_t kMaxCategoryList = 64;
inline constexpr std::size_t kMaxAllowList = 256;
inline constexpr std::size_t kMaxDiversifyGroups = 16;
inline constexpr std::size_t kMaxResets = 256;

inline constexpr std::size_t kMaxIdChars = 64;  // ids, names, categories
inline constexpr std::size_t kMaxAppIdChars = 256;
inline constexpr std::size_t kMaxExerciseTextChars = 500;
inline constexpr std::size_t kMaxIntentions = 4;  // all fit on the prompt as rows to pick
inline constexpr std::size_t kMaxIntentionChars = 40;
inline constexpr std::size_t kMaxItemTitleChars = 120;
inline constexpr std::size_t kMaxItemBodyChars = 2000;
inline constexpr std::size_t kMaxResetNoteChars = 500;
inline constexpr std::size_t kMaxPinHashChars = 256;

}  // namespace tw::policy_limits
