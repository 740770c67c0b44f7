#include "sim_inbox.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

#if TW_WITH_DBUS
#include "dbus/inbox_client.hpp"
#endif

namespace tw::sim {

#if TW_WITH_DBUS
struct SimInbox::Remote {
  dbus::InboxClient client;
};
#else
struct SimInbox::Remote {};
#endif

namespace {

constexpr size_t kMaxOverlays = 32;
constexpr size_t kMaxTexts = 16;

}  // namespace

SimInbox::SimInbox() {
  overlays_.reserve(kMaxOverlays);
  texts_.reserve(kMaxTexts);
}
SimInbox::SimInbox(SimInbox&&) noexcept = default;
SimInbox& SimInbox::operator=(SimInbox&&) noexcept = default;
SimInbox::~SimInbox() = default;

Result<SimInbox> SimInbox::create(bool serve_inbox) {
  SimInbox inbox;
  if (!serve_inbox) return inbox;
#if TW_WITH_DBUS
  auto client = dbus::InboxClient::start({});
  if (!client) return client.error();
  inbox.remote_ = std::make_unique<Remote>(Remote{std::move(client).value()});
  return inbox;
#else
  return Error{Errc::invalid_argument, "--serve-inbox: this build has no D-Bus (libsystemd)"};
#endif
}

void SimInbox::compose(std::span<const Overlay> own, const Engine& engine) {
  overlays_.clear();
  texts_.clear();
  for (const Overlay& o : own) {
    if (overlays_.size() == kMaxOverlays) break;
    overlays_.push_back(o);
    if (o.kind != OverlayKind::nudge || !is_notify_nudge(o.nudge_id) || texts_.size() == kMaxTexts) continue;
    const uint32_t id = notify_id_of(o.nudge_id);
    if (const InboxEntry* e = engine.inbox().find(id))
      texts_.push_back(notification_text(id, e->content, engine.inbox().on_card(id)));
  }
  own_count_ = overlays_.size();
#if TW_WITH_DBUS
  if (!remote_) return;
  remote_->client.refresh();
  for (const dbus::RemoteCard& c : remote_->client.cards()) {
    if (overlays_.size() == kMaxOverlays || texts_.size() == kMaxTexts) break;
    Overlay o;
    o.kind = OverlayKind::nudge;
    o.reason = Reason::none;  // serve's scheduler knows why; the card does not say
    o.nudge_id = notify_nudge_id(c.id);
    o.actions = static_cast<uint8_t>(std::min<size_t>(c.actions.size(), kMaxCardActions));
    overlays_.push_back(o);
    NotificationText t{.id = c.id, .app_name = c.app_name, .summary = c.summary, .body = c.body};
    for (size_t i = 0; i < kMaxCardActions && i < c.actions.size(); ++i) t.action_labels[i] = c.actions[i].label;
    t.on_card = c.on_card;
    texts_.push_back(t);
  }
#endif
}

bool SimInbox::answer(const layout::AnswerFrame& f, Runtime& runtime, Instant now) {
  if (!f.chosen || f.choice.overlay_index >= overlays_.size()) return false;
  const Overlay& o = overlays_[f.choice.overlay_index];
  if (o.kind != OverlayKind::nudge || !is_notify_nudge(o.nudge_id)) return false;
  const uint32_t id = notify_id_of(o.nudge_id);
  const bool remote = f.choice.overlay_index >= own_count_;
  const layout::ChosenAction a = layout::chosen_action(f, overlays_);
  if (!remote) {
    if (a.action < 0) return false;  // "dismiss": the core's nudge_dismiss
    const InboxEntry* e = runtime.engine().inbox().find(id);
    if (e && static_cast<size_t>(a.action) < e->content.actions.size())
      (void)runtime.invoke_action(id, e->content.actions[static_cast<size_t>(a.action)].key, now);
    return true;
  }
#if TW_WITH_DBUS
  if (a.action < 0) {
    if (f.choice.button == layout::CardButton::dismiss) (void)remote_->client.dismiss(id);
    return true;
  }
  for (const dbus::RemoteCard& c : remote_->client.cards())
    if (c.id == id && static_cast<size_t>(a.action) < c.actions.size())
      (void)remote_->client.invoke_action(id, c.actions[static_cast<size_t>(a.action)].key);
#endif
  (void)now;
  return true;
}

bool SimInbox::wait_first_snapshot(int timeout_ms) {
#if TW_WITH_DBUS
  if (!remote_) return true;
  for (int waited = 0; waited <= timeout_ms; waited += 5) {
    remote_->client.refresh();
    if (remote_->client.generation() > 0) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
#else
  (void)timeout_ms;
  return true;
#endif
}

}  // namespace tw::sim
