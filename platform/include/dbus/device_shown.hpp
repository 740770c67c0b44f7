// device_shown.hpp: what timewalld shows, and the wearer's answers to it,
// as org.timewall.Device1 messages, for a client that draws for the service
// (samples/timewall_overlay: an XR_EXTX_overlay session over every app).
//
// What it does: the wire form of three Device1 methods:
//   Shown() -> s a(yyssiiiiuxxxxxdby)
//     the hash of the policy in force (tw::policy_hash), and the overlays of
//     the service's last tick (core/overlay.hpp's Overlay, field for field,
//     with the app and category as names instead of interned ids);
//     notification cards are not in it (Inbox1.Cards has them);
//   PolicyText() -> s s
//     the hash and the canonical text of the policy in force
//     (core/policy/policy_canonical.hpp), so a client reads the budgets,
//     exercises and fill items the overlays index with the service's indices;
//   Answer(s answer, u nudge_id) -> ()
//     the wearer's answer on one of the shown cards, by its signal's name
//     (answer_name()); nudge_id only for nudge_dismiss.
// read_shown() checks every count, length and enum, so a hostile or broken
// server gives an error value, never a crash; an index out of the policy's
// range is left for the renderer, which draws empty text for it.
// What it does not do: serve (notify_server.cpp), draw, or decide.
//
//   tw::dbus::ShownSet s;
//   if (int r = tw::dbus::read_shown(reply, s); r < 0) return r;
//   for (tw::dbus::ShownOverlay& o : s.overlays) o.overlay.app = apps.intern(o.app);
#pragma once

#include <systemd/sd-bus.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/interner.hpp"
#include "core/overlay.hpp"
#include "core/signals.hpp"

namespace tw::dbus {

inline constexpr const char* kShownSignature = "sa(yyssiiiiuxxxxxdby)";
inline constexpr const char* kPolicyTextSignature = "ss";
// At most this many overlays in a Shown reply (a tick shows one per kind,
// and a few nudges), and this many bytes of policy text.
inline constexpr size_t kMaxShownOverlays = 64;
inline constexpr size_t kMaxPolicyTextBytes = 1 << 20;

struct ShownOverlay {
  Overlay overlay;       // app and category: kNoId (the names below)
  std::string app{};     // the service's app id ("" for none)
  std::string category{};
};

struct ShownSet {
  std::string policy_hash{};
  std::vector<ShownOverlay> overlays;
};

// Writes the reply body; notification nudges are left out.
int append_shown(sd_bus_message* m, std::string_view policy_hash, std::span<const Overlay> overlays,
                 const Interner& apps, const Interner& categories);
int read_shown(sd_bus_message* m, ShownSet& out);
int read_policy_text(sd_bus_message* m, std::string& hash, std::string& text);

// The answer signals a client may send (continue_anyway, prompt_leave,
// block_leave, block_extend, nudge_dismiss, fill_dismiss) by name; "" for
// any other kind.
std::string_view answer_name(SignalKind kind) noexcept;
std::optional<SignalKind> answer_kind(std::string_view name) noexcept;
// The card an answer is given on (friction_prompt, block_shield, nudge, fill_card).
OverlayKind answered_card(SignalKind kind) noexcept;

}  // namespace tw::dbus
