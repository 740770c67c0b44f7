// story.hpp: decisions told as a readable timeline, for `timewall demo`.
//
// What it does: turns each Decision (with the overlays visible on its tick,
// for the text a card shows) into one line: local time, what the wearer sees,
// and why, with the machine reason in brackets. A heading starts each part
// of the day (morning, midday, ...). Ring minute updates are left out: they
// are what the ring shows continuously, not events. A block shield's lift
// says why it lifts (the wearer left the app, the window ended, the budget
// period turned over), not why it went up.
// What it does not do: decide anything or read the ledger (summary.hpp).
//
//   tw::cli::Story story(policy, tz, apps, categories);
//   for (const tw::Decision& d : out.decisions) story.add(d, out.overlays, text);
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/interner.hpp"
#include "core/notify/inbox.hpp"
#include "core/overlay.hpp"
#include "core/policy.hpp"
#include "core/timezone.hpp"

namespace tw::cli {

class Story {
 public:
  // `inbox` (may be null): the engine's notifications, to tell what their cards say.
  Story(const Policy& policy, const TimeZone& tz, const Interner& apps, const Interner& categories,
        const Inbox* inbox = nullptr)
      : policy_(policy), tz_(tz), apps_(apps), categories_(categories), inbox_(inbox) {}

  // Appends zero or more lines for `d` to `out`.
  void add(const Decision& d, std::span<const Overlay> visible, std::string& out);

 private:
  std::string what(const Decision& d, const Overlay* o) const;
  std::string app_name(AppId app) const;
  std::string budget_name(int32_t budget) const;
  std::string money(double amount) const;
  std::string notification(uint32_t nudge_id, bool delivered) const;
  std::string reminder(const Decision& d, const Overlay* o) const;
  int32_t bypass_left(int32_t budget, const Overlay& prompt) const;
  std::string lift_reason(const Decision& d, std::span<const Overlay> visible) const;

  // A block shield that is up: when it went up, to tell a lift's reason.
  struct Shield {
    AppId app;
    int32_t budget, window;
    int64_t shown_unix_ms;
  };
  std::vector<Shield> shields_;

  const Policy& policy_;
  const TimeZone& tz_;
  const Interner& apps_;
  const Interner& categories_;
  const Inbox* inbox_ = nullptr;
  int part_ = -1;
  int64_t day_ = -1;
};

// A short human reading of a reason ("task done early: the rest of the slot
// is protected").
std::string_view explain(Reason reason) noexcept;

}  // namespace tw::cli
