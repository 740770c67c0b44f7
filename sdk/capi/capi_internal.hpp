// capi_internal.hpp: what the C ABI's translation units share: the handle
// structs, the exception barrier and the error-code mapping.
//
// What it does: defines tw_engine and tw_diagnostics (opaque to C), guard()
// which turns any C++ exception into a tw_result, and helpers that copy core
// errors into diagnostics.
// What it does not do: anything a C caller sees directly (timewall.h does).
#pragma once

#include <deque>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "core/policy/policy_error.hpp"
#include "core/result.hpp"
#include "core/runtime/runtime.hpp"
#include "timewall/timewall.h"

struct tw_diagnostics {
  struct Entry {
    tw_result code = TW_OK;
    std::string file;
    int32_t line = 0;
    int32_t column = 0;
    std::string key;
    std::string message;
  };
  std::vector<Entry> entries;
};

struct tw_engine {
  explicit tw_engine(tw::Runtime r) : runtime(std::move(r)) {}

  // Policy store and guardian gate, remembered policy, refusal audit, zone,
  // engine and ledger, wired as in every host.
  tw::Runtime runtime;
  std::vector<tw::Signal> queue; // fed, waiting for the next tick
  std::vector<tw_overlay> overlays;
  std::vector<tw_decision> decisions;
  std::vector<tw_card> cards;
  std::vector<tw_notification_action> card_actions;  // the cards' actions (cards point into it)
  // Stable copies of interned names by id: a deque never moves its elements.
  std::deque<std::string> app_names;
  std::deque<std::string> category_names;
  // The last ledger query's rows and the names they point to.
  std::vector<std::string> row_names;
  std::vector<tw_usage> rows_app;
  std::vector<tw_usage> rows_category;
};

namespace tw::capi {

inline tw_result to_result(Errc code) noexcept { return static_cast<tw_result>(static_cast<int>(code)); }

// Everything behind the C ABI runs inside guard(): no exception crosses it.
template <class F>
tw_result guard(F&& f) noexcept {
  try {
    return f();
  } catch (const std::bad_alloc&) {
    return TW_ERROR_OUT_OF_MEMORY;
  } catch (...) {
    return TW_ERROR_INTERNAL;
  }
}

inline void clear(tw_diagnostics* d) {
  if (d) d->entries.clear();
}

// Adds one entry and returns its code, so callers can `return report(...)`.
inline tw_result report(tw_diagnostics* d, tw_result code, std::string file, std::string key,
                        std::string message) {
  if (d) d->entries.push_back({code, std::move(file), 0, 0, std::move(key), std::move(message)});
  return code;
}

inline void report(tw_diagnostics* d, const std::vector<PolicyError>& errors) {
  if (!d) return;
  for (const PolicyError& e : errors)
    d->entries.push_back({to_result(e.code), e.file, e.line, e.column, e.key, e.message});
}

}  // namespace tw::capi
