#include "core/device/service_deferral.hpp"

#include <string_view>

namespace tw {
namespace {

Reason reason_named(std::string_view name) {
  for (int r = 0; r <= static_cast<int>(Reason::picked); ++r)
    if (to_string(static_cast<Reason>(r)) == name) return static_cast<Reason>(r);
  return Reason::none;
}

int32_t budget_named(const Policy& p, std::string_view id) {
  for (size_t b = 0; b < p.budgets.size(); ++b)
    if (p.budgets[b].id == id) return static_cast<int32_t>(b);
  return -1;
}

int32_t window_named(const Policy& p, std::string_view name) {
  for (size_t w = 0; w < p.windows.size(); ++w)
    if (p.windows[w].name == name) return static_cast<int32_t>(w);
  return -1;
}

}  // namespace

std::span<const Signal> ServiceDeferral::update(bool present, const AppDecision& d, bool session_focused, AppId app,
                                                Instant now) {
  const bool accounted = present && d.accounted;
  blocks_ = accounted && d.gate.kind == "block";
  if (accounted == deferring_) return {};
  deferring_ = accounted;
  if (accounted) {
    turn_[0] = {.at = now, .kind = SignalKind::app_blur, .app = app};
    return turn_;
  }
  if (!session_focused) return {};
  turn_[0] = {.at = now, .kind = SignalKind::app_focus, .app = app};
  return turn_;
}

std::span<const Signal> ServiceDeferral::filter(std::span<const Signal> turn, std::span<const Signal> session) {
  size_t n = 0;
  for (const Signal& s : turn)
    if (n < kMaxSignals) filtered_[n++] = s;
  const size_t first = n;
  for (const Signal& s : session) {
    if (s.kind == SignalKind::app_focus || s.kind == SignalKind::app_blur) continue;
    if (n == kMaxSignals) {  // keep the newest
      for (size_t k = first + 1; k < n; ++k) filtered_[k - 1] = filtered_[k];
      --n;
    }
    filtered_[n++] = s;
  }
  return {filtered_.data(), n};
}

std::span<const Overlay> ServiceDeferral::compose(std::span<const Overlay> own, const AppDecision& d,
                                                  const Policy& policy, AppId app, CategoryId category) {
  overlays_.clear();
  for (const Overlay& o : own) {
    if (o.kind == OverlayKind::budget_ring || o.kind == OverlayKind::friction_prompt ||
        o.kind == OverlayKind::block_shield)
      continue;  // the service decides these now
    if (overlays_.size() < kMaxOverlays - 2) overlays_.push_back(o);
  }
  // The service's overlay client draws its ring, prompts and shield over
  // every app: drawn here too they would show twice.
  if (d.drawn) return overlays_;
  if (d.ring_limit_ms >= 0) {
    Overlay ring;
    ring.kind = OverlayKind::budget_ring;
    ring.reason = Reason::budget_tracking;
    ring.app = app;
    ring.category = category;
    ring.budget = budget_named(policy, d.ring_rule);
    ring.used_s = d.ring_used_ms / 1000;
    ring.limit_s = d.ring_limit_ms / 1000;
    ring.remaining_s = ring.limit_s > ring.used_s ? ring.limit_s - ring.used_s : 0;
    if (ring.budget >= 0) overlays_.push_back(ring);  // a budget the layer's policy lacks has no label to show
  }
  if (d.gate.kind == "block") {
    Overlay shield;
    shield.kind = OverlayKind::block_shield;
    shield.reason = reason_named(d.gate.reason);
    shield.app = app;
    shield.category = category;
    shield.budget = budget_named(policy, d.gate.rule);
    if (shield.budget < 0) shield.window = window_named(policy, d.gate.rule);
    overlays_.push_back(shield);
  }
  return overlays_;
}

}  // namespace tw
