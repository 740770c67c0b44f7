// result.hpp: errors as values at every boundary of the SDK.
//
// What it does: Result<T> holds either a T or an Error (an Errc code plus a
// human-readable message that names the file, key or call that failed).
// Errc names the core's failures only. The layers that call a GPU or an XR
// runtime add their own codes (15, 16) where that API lives: kErrcVulkan in
// render/vk_util.hpp, xr::kErrcOpenxr in openxr/xr_dispatch.hpp. The numbers
// are the C ABI's tw_result values (timewall.h) and never change.
// What it does not do: throw. Nothing in the SDK throws across the C ABI or
// the OpenXR layer; code that calls throwing libraries catches and converts.
//
//   tw::Result<Policy> r = tw::load_policy_file("policy.toml");
//   if (!r) { log(r.error().message); return; }   // previous policy stays
//   use(r.value());
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace tw {

enum class Errc : int {
  ok = 0,
  invalid_argument = 1,  // a caller passed something the API rejects
  io = 2,                // a file could not be read or written
  not_found = 3,         // a file, zone or key does not exist
  parse = 4,             // syntax error in TOML, JSON or a TZif file
  invalid_policy = 5,    // the policy parsed but breaks a rule
  too_large = 6,         // input exceeds a size limit
  too_deep = 7,          // input nests deeper than the parser allows
  ledger_corrupt = 8,    // the ledger database is damaged: reported, never emptied
  ledger_readonly = 9,   // the ledger cannot be written
  ledger_full = 10,      // the disk is full; events are held in memory
  schema_too_new = 11,   // the ledger was written by a newer Timewall
  pin_required = 12,     // a youth policy change needs the guardian PIN
  pin_wrong = 13,        // the guardian PIN did not match
  pin_backoff = 14,      // too many wrong PINs; wait before trying again
  // 15 and 16: the GPU and XR layers' codes (see the file comment).
  internal = 17,         // a bug: an invariant of the SDK broke
};

// The core's codes by name ("invalid_policy"); "unknown" for a layer's code,
// which that layer's message already names (e.g. "vkCreateFence failed: ...").
std::string_view to_string(Errc code) noexcept;

struct Error {
  Errc code = Errc::internal;
  std::string message;
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}             // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}         // NOLINT: implicit by design
  Result(Errc code, std::string message) : v_(Error{code, std::move(message)}) {}

  bool ok() const noexcept { return std::holds_alternative<T>(v_); }
  explicit operator bool() const noexcept { return ok(); }

  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<Error>(v_); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : err_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design
  Result(Errc code, std::string message) : err_{code, std::move(message)}, ok_(false) {}

  bool ok() const noexcept { return ok_; }
  explicit operator bool() const noexcept { return ok_; }
  const Error& error() const { return err_; }

 private:
  Error err_{Errc::ok, {}};
  bool ok_ = true;
};

using Status = Result<void>;

}  // namespace tw
