// app_id.hpp: the one rule for app identity, which every host and the policy apply.
//
// What it does: normalize_app_id() turns what a host reports (an OpenXR
// application name, a C ABI host's id, a timeline's "app", an ActivityWatch
// app name) and every app id a policy names into one form: surrounding
// whitespace removed, ASCII letters lower-cased, each inner whitespace or
// control character, and each byte that is not part of valid UTF-8, turned
// into '-'. Everything else (digits, punctuation, non-ASCII letters) stays as
// written. Because the policy loader applies the same function to `[apps]`
// keys, `[[budget]] app` and `youth.allow`, a key written as the app reports
// itself ("openxr.HelloXR") matches what the host reports ("openxr.helloxr").
// openxr_app_id() is the OpenXR layer's id for an application name without an
// override (app_id_overrides.hpp); unreachable_app_id() says why no host can
// ever report an id, for `timewall check-policy`.
// What it does not do: read the override file (app_id_overrides.hpp), intern
// ids (Interner), or decide categories (the policy's [apps]).
// docs/policy-reference.md ("App ids") is the rule in prose.
//
//   tw::normalize_app_id("  Com.Example.Feed ") == "com.example.feed"
//   tw::openxr_app_id("Hello XR") == "openxr.hello-xr"
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tw {

// The rule. Idempotent; "" (or only whitespace) gives "".
std::string normalize_app_id(std::string_view reported);

// normalize_app_id(id) == id, without allocating (hosts test before copying).
bool is_normalized_app_id(std::string_view id) noexcept;

// The OpenXR layer's ids: "openxr." + the normalised application name
// ("unnamed" when it is empty). An application name is at most
// XR_MAX_APPLICATION_NAME_SIZE - 1 bytes (the layer checks the constant).
inline constexpr std::string_view kOpenXrAppPrefix = "openxr.";
inline constexpr std::size_t kOpenXrMaxNameBytes = 127;
std::string openxr_app_id(std::string_view application_name);

// Why no host can ever report `id` (already normalised), or "" when one can.
// Only the OpenXR layer restricts its ids: "openxr." with nothing after it,
// or with more than kOpenXrMaxNameBytes after it, is never reported.
std::string unreachable_app_id(std::string_view id);

}  // namespace tw
