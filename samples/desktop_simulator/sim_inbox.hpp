// sim_inbox.hpp: the notification cards the simulator shows, and where the
// wearer's answer on one goes.
//
// What it does: each frame, compose() puts the simulator's own overlays and
// the cards `timewall serve` shows (with --serve-inbox: an InboxClient on
// the session bus, in a thread of its own; the frame never waits on it)
// into one overlay list, and gathers what each notification card says
// (sender, summary, body, action labels) for the presenter: from the own
// Runtime's inbox, or from serve's snapshot. answer() routes the wearer's
// choice on a notification card back where the card came from: an action
// to Runtime::invoke_action or Inbox1.InvokeAction (the sender gets
// ActionInvoked), "dismiss" on one of serve's cards to Inbox1.Dismiss
// (NotificationClosed, reason 2); "dismiss" on an own card is the core's
// nudge_dismiss signal, as on any nudge. No allocation in a steady frame.
// What it does not do: decide when a card shows (each card's own core
// does), or draw.
//
//   auto inbox = SimInbox::create(options.serve_inbox);
//   inbox->compose(out.overlays, runtime.engine());
//   solve(inbox->overlays()); present(..., .notifications = inbox->texts());
//   if (!inbox->answer(frame, runtime, now)) queue(answer_signal(...));
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "core/engine/engine.hpp"
#include "core/result.hpp"
#include "core/runtime/runtime.hpp"
#include "layout/card_answering.hpp"
#include "render/panel_content.hpp"

namespace tw::sim {

class SimInbox {
 public:
  // serve_inbox: read serve's inbox too; fails when this build has no D-Bus.
  static Result<SimInbox> create(bool serve_inbox);
  SimInbox(SimInbox&&) noexcept;
  SimInbox& operator=(SimInbox&&) noexcept;
  ~SimInbox();

  void compose(std::span<const Overlay> own, const Engine& engine);
  std::span<const Overlay> overlays() const { return overlays_; }
  std::span<const NotificationText> texts() const { return texts_; }
  // True when `f` chose on a notification card and it was handled here;
  // false: the caller turns it into the core's signal (answer_signal).
  bool answer(const layout::AnswerFrame& f, Runtime& runtime, Instant now);
  // Scripted screenshots only (never a frame): waits up to timeout_ms for
  // the first snapshot of serve's inbox, so a shot shows what serve shows.
  // True at once without --serve-inbox.
  bool wait_first_snapshot(int timeout_ms);

  struct Remote;

 private:
  SimInbox();
  std::vector<Overlay> overlays_;
  std::vector<NotificationText> texts_;
  size_t own_count_ = 0;  // overlays_[own_count_..] are serve's cards
  std::unique_ptr<Remote> remote_;
};

}  // namespace tw::sim
