#include "openxr/layer/layer_inbox.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <string_view>

namespace tw::xr {

namespace {
constexpr size_t kMaxOverlays = 32;
constexpr size_t kMaxTexts = 16;
}  // namespace

LayerInbox::LayerInbox(dbus::InboxClient client) : client_(std::move(client)) {
  overlays_.reserve(kMaxOverlays);
  texts_.reserve(kMaxTexts);
}

std::unique_ptr<LayerInbox> LayerInbox::start(const std::string& app_id) {
  const char* bus = std::getenv("DBUS_SESSION_BUS_ADDRESS");
  const char* off = std::getenv("TIMEWALL_LAYER_INBOX");
  if (!bus || !*bus || (off && std::string_view(off) == "0")) return nullptr;
  auto client = dbus::InboxClient::start(
      {.decision_pid = static_cast<int32_t>(::getpid()), .decision_app = app_id});
  if (!client) return nullptr;
  return std::unique_ptr<LayerInbox>(new LayerInbox(std::move(client).value()));
}

void LayerInbox::compose(std::span<const Overlay> own) {
  overlays_.clear();
  texts_.clear();
  for (const Overlay& o : own)
    if (overlays_.size() < kMaxOverlays) overlays_.push_back(o);
  client_.refresh();  // never waits: a snapshot the thread already read
  for (const dbus::RemoteCard& c : client_.cards()) {
    if (overlays_.size() == kMaxOverlays || texts_.size() == kMaxTexts) break;
    Overlay o;
    o.kind = OverlayKind::nudge;
    o.nudge_id = notify_nudge_id(c.id);
    o.actions = static_cast<uint8_t>(std::min<size_t>(c.actions.size(), kMaxCardActions));
    overlays_.push_back(o);
    NotificationText t{.id = c.id, .app_name = c.app_name, .summary = c.summary, .body = c.body, .on_card = c.on_card};
    for (size_t a = 0; a < kMaxCardActions && a < c.actions.size(); ++a) t.action_labels[a] = c.actions[a].label;
    texts_.push_back(t);
  }
}

bool LayerInbox::answer(const layout::AnswerFrame& f, std::span<const Overlay> shown) {
  if (!f.chosen || f.choice.overlay_index >= shown.size()) return false;
  const Overlay& o = shown[f.choice.overlay_index];
  if (o.kind != OverlayKind::nudge || !is_notify_nudge(o.nudge_id)) return false;
  const uint32_t id = notify_id_of(o.nudge_id);
  const dbus::RemoteCard* card = nullptr;
  for (const dbus::RemoteCard& c : client_.cards())
    if (c.id == id) card = &c;
  if (!card) return false;  // not serve's
  const layout::ChosenAction a = layout::chosen_action(f, shown);
  if (a.action >= 0 && static_cast<size_t>(a.action) < card->actions.size())
    (void)client_.invoke_action(id, card->actions[static_cast<size_t>(a.action)].key);
  else if (f.choice.button == layout::CardButton::dismiss)
    (void)client_.dismiss(id);
  return true;
}

}  // namespace tw::xr
