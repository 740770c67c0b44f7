// service_feed.hpp: what timewalld shows, read on a thread of its own, for
// timewall-overlay's frame loop; and the wearer's answers, sent back.
//
// What it does: a thread connects to the bus (the session bus, or the
// address given), calls org.timewall.Device1.Shown every poll_ms, and the
// policy's canonical text (Device1.PolicyText) whenever its hash changes;
// it publishes a snapshot only when what is shown changed: the overlays,
// with the Policy and names they index (their own Interners). It sends the
// answers the frame queued (Device1.Answer). The frame thread calls only
// refresh(), current() and answer(): none waits on the bus, refresh() takes
// the newest snapshot under a try-lock (a frame that finds the lock taken
// keeps what it has), and a frame without a new snapshot allocates nothing.
// What it does not do: draw, decide, or start serve. While no service
// answers, the snapshot is empty (nothing to draw) and error() says why.
//
//   auto feed = ServiceFeed::start({.bus_address = ""});
//   if (feed->refresh()) binding->set_overlays(feed->current().overlays, feed->current().text());
//   feed->answer(tw::SignalKind::prompt_leave, 0);
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/interner.hpp"
#include "core/overlay.hpp"
#include "core/policy.hpp"
#include "core/signals.hpp"

namespace overlay {

struct FeedDesc {
  std::string bus_address{};  // "" = the session bus
  int32_t poll_ms = 100;
};

struct FeedSnapshot {
  bool connected = false;      // the service answered Shown
  tw::Policy policy;           // the service's policy in force (defaults until read)
  std::string policy_hash;
  tw::Interner apps, categories;
  std::vector<tw::Overlay> overlays;  // indices into policy; ids into apps/categories
  int64_t read_unix_ms = 0;    // when the thread read this (wall clock)
  uint64_t generation = 0;     // 1, 2, ...: each changed snapshot
};

class ServiceFeed {
 public:
  static std::unique_ptr<ServiceFeed> start(const FeedDesc& desc);
  ~ServiceFeed();  // stops the thread (after at most one call's timeout, 1 s)
  ServiceFeed(const ServiceFeed&) = delete;
  ServiceFeed& operator=(const ServiceFeed&) = delete;

  // Takes the newest snapshot if one came: true when current() changed.
  bool refresh() noexcept;
  const FeedSnapshot& current() const noexcept { return *current_; }
  // Queues an answer for the thread (a short lock, never the bus); false
  // when the queue (16) is full.
  bool answer(tw::SignalKind kind, uint32_t nudge_id) noexcept;
  // The last error ("" while the service answers); for the log.
  std::string error() const;

  struct State;

 private:
  ServiceFeed() = default;
  std::unique_ptr<State> s_;
  std::unique_ptr<FeedSnapshot> current_;
};

}  // namespace overlay
