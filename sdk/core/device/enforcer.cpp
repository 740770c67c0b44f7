#include "core/device/enforcer.hpp"

#include <algorithm>

#include "core/app_id.hpp"
#include "core/overlay.hpp"
#include "core/reason.hpp"

namespace tw {

std::string_view to_string(EnforceKind kind) noexcept {
  switch (kind) {
    case EnforceKind::block: return "block";
    case EnforceKind::input_off: return "input_off";
    case EnforceKind::shield_up: return "shield_up";
    case EnforceKind::lift: return "lift";
    case EnforceKind::primary_back: return "primary_back";
    case EnforceKind::input_on: return "input_on";
    case EnforceKind::adopt: return "adopt";
    case EnforceKind::shield_down: return "shield_down";
    case EnforceKind::failed: return "failed";
  }
  return "unknown";
}

std::string to_line(const EnforceEvent& e) {
  std::string line(to_string(e.kind));
  line += " unix_ms " + std::to_string(e.unix_ms) + " client " + std::to_string(e.client) + " app " +
          (e.app.empty() ? std::string("-") : e.app);
  if (!e.detail.empty()) line += " " + e.detail;
  return line;
}

namespace {

const RuntimeClient* find_client(const std::vector<RuntimeClient>& list, int32_t id) {
  for (const RuntimeClient& c : list)
    if (c.id == id) return &c;
  return nullptr;
}

// The block overlay the tick shows for `app`, else any block overlay.
const Overlay* block_overlay(const TickOutput& out, AppId app) {
  const Overlay* any = nullptr;
  for (const Overlay& o : out.overlays) {
    if (o.kind != OverlayKind::block_shield) continue;
    if (o.app == app) return &o;
    if (any == nullptr) any = &o;
  }
  return any;
}

}  // namespace

void Enforcer::event(Instant now, EnforceKind kind, int32_t client, AppId app, std::string detail) {
  // A call that keeps failing the same way is said once, until something else happens.
  if (kind == EnforceKind::failed) {
    std::string key = std::to_string(client) + ' ' + detail;
    if (key == last_failure_) return;
    last_failure_ = std::move(key);
  } else {
    last_failure_.clear();
  }
  events_.push_back({now.unix_ms, kind, client, std::string(runtime_.apps().name(app)), std::move(detail)});
}

void Enforcer::focus(AppId app, Instant now) {
  if (app == focused_) return;
  if (focused_ != kNoId) signals_.push_back({.at = now, .kind = SignalKind::app_blur, .app = focused_});
  if (app != kNoId) signals_.push_back({.at = now, .kind = SignalKind::app_focus, .app = app});
  focused_ = app;
}

AppId Enforcer::app_of(std::string_view application_name) {
  return runtime_.apps().intern(app_map_.resolve_openxr(application_name));
}

Status Enforcer::step(Instant now) {
  signals_.clear();
  Result<std::vector<RuntimeClient>> list = control_.clients();
  seen_.clear();
  listed_ = static_cast<bool>(list);
  if (!list) {
    output_ = &runtime_.tick(now, signals_);
    return list.error();
  }
  // The app in front: the primary normal client that is not the shield;
  // under the shield, the app it covers (while that app still runs).
  AppId front = kNoId;
  for (const RuntimeClient& c : list.value())
    if (c.primary() && !shield_.owns(c.pid)) front = app_of(c.name);
  if (front == kNoId && covered_client_ >= 0 && find_client(list.value(), covered_client_) != nullptr)
    front = covered_app_;
  focus(front, now);
  if (!adopted_) adopt(list.value(), now);
  const TickOutput& out = runtime_.tick(now, signals_);
  output_ = &out;
  enforce(list.value(), out, now);
  for (const RuntimeClient& c : list.value()) {
    if (!c.active || c.overlay || shield_.owns(c.pid)) continue;
    const bool blocked = std::find(blocked_.begin(), blocked_.end(), c.id) != blocked_.end();
    seen_.push_back({c.id, c.pid, app_of(c.name),
                     c.primary() || (c.id == covered_client_ && shield_.raised()), blocked});
  }
  return {};
}

void Enforcer::enforce(const std::vector<RuntimeClient>& list, const TickOutput& out, Instant now) {
  const Scheduler& scheduler = runtime_.engine().scheduler();
  bool any = false;
  int32_t front_blocked = -1;  // a blocked app in front (primary), if any
  AppId front_app = kNoId;
  int32_t shield_client = -1;
  std::erase_if(blocked_, [&](int32_t id) { return find_client(list, id) == nullptr; });
  if (std::erase_if(cut_, [&](const Cut& c) { return find_client(list, c.client) == nullptr; }) > 0) save_cuts(now);
  for (const RuntimeClient& c : list) {
    if (c.active && shield_.owns(c.pid)) shield_client = c.id;
    if (!c.active || c.overlay || shield_.owns(c.pid)) continue;
    const AppId app = app_of(c.name);
    const bool was = std::find(blocked_.begin(), blocked_.end(), c.id) != blocked_.end();
    if (!scheduler.blocks(app)) {
      if (was) std::erase(blocked_, c.id);
      continue;
    }
    any = true;
    if (c.primary()) front_blocked = c.id, front_app = app;
    if (!was) {
      blocked_.push_back(c.id);
      const Overlay* o = block_overlay(out, app);
      event(now, EnforceKind::block, c.id, app, std::string(to_string(o ? o->reason : Reason::none)));
    }
    const bool cut = std::any_of(cut_.begin(), cut_.end(), [&](const Cut& k) { return k.client == c.id; });
    if (cut || !c.io) continue;
    // Recorded before it is made: a successor of a killed enforcer must
    // know this cut is Timewall's to give back.
    cut_.push_back({c.id, c.pid, c.name, app});
    save_cuts(now);
    if (Status s = control_.set_input(c.id, false); s) {
      event(now, EnforceKind::input_off, c.id, app);
    } else {
      cut_.pop_back();
      save_cuts(now);
      event(now, EnforceKind::failed, c.id, app, "input off: " + s.error().message);
    }
  }
  if (!any) {
    if (any_blocked_) event(now, EnforceKind::lift, covered_client_, covered_app_);
    any_blocked_ = false;
    if (enforcing() || shield_.raised()) restore(&list, now);
    return;
  }
  any_blocked_ = true;
  restore_inputs(now, /*only_unblocked=*/true);
  if (shield_.raised()) {
    const bool covered_blocked =
        std::find(blocked_.begin(), blocked_.end(), covered_client_) != blocked_.end();
    if (!covered_blocked) {
      // The covered app was freed (or left) while another one, in the
      // background, is still blocked: it gets primary back, the shield goes.
      give_back(&list, now);
      return;
    }
    // A blocked app came to the front over the shield (made primary by
    // someone else): the shield takes primary again.
    if (front_blocked >= 0 && shield_client >= 0) {
      if (Status s = control_.make_primary(shield_client); s)
        event(now, EnforceKind::shield_up, front_blocked, front_app, "primary again");
      else
        event(now, EnforceKind::failed, shield_client, front_app, "shield primary: " + s.error().message);
    }
    return;
  }
  if (front_blocked < 0) return;  // blocked apps in the background: their input is off, nothing shows them
  covered_client_ = front_blocked;
  covered_app_ = front_app;
  ShieldRequest request;
  if (const Overlay* o = block_overlay(out, front_app)) {
    request.label = o->category != kNoId ? runtime_.categories().name(o->category) : runtime_.apps().name(o->app);
    request.reason = to_string(o->reason);
  } else {
    request.label = runtime_.apps().name(front_app);
  }
  if (Status s = shield_.raise(request); s)
    event(now, EnforceKind::shield_up, covered_client_, covered_app_, request.reason);
  else
    event(now, EnforceKind::failed, covered_client_, covered_app_, "shield: " + s.error().message);
}

void Enforcer::adopt(const std::vector<RuntimeClient>& list, Instant now) {
  adopted_ = true;
  if (cuts_ == nullptr) return;
  Result<std::vector<InputCut>> recorded = cuts_->load();
  if (!recorded) {
    // Unreadable: nothing is taken over, and the next save replaces it.
    event(now, EnforceKind::failed, -1, kNoId, "input cuts: " + recorded.error().message);
    return;
  }
  const std::vector<InputCut> kept = still_cut(recorded.value(), list);
  for (const InputCut& k : kept) {
    const AppId app = app_of(k.name);
    cut_.push_back({k.client, k.pid, k.name, app});
    event(now, EnforceKind::adopt, k.client, app);
  }
  if (kept.size() != recorded->size()) save_cuts(now);
}

void Enforcer::save_cuts(Instant now) {
  if (cuts_ == nullptr) return;
  std::vector<InputCut> list;
  list.reserve(cut_.size());
  for (const Cut& c : cut_) list.push_back({c.client, c.pid, c.name});
  // The cut is still made when it cannot be recorded: the block is the
  // policy's; only a kill before the lift would then leave the input off.
  if (Status s = cuts_->save(list); !s) event(now, EnforceKind::failed, -1, kNoId, "input cuts: " + s.error().message);
}

void Enforcer::restore_inputs(Instant now, bool only_unblocked) {
  bool changed = false;
  for (size_t i = 0; i < cut_.size();) {
    if (only_unblocked && std::find(blocked_.begin(), blocked_.end(), cut_[i].client) != blocked_.end()) {
      ++i;
      continue;
    }
    if (Status s = control_.set_input(cut_[i].client, true); !s) {
      event(now, EnforceKind::failed, cut_[i].client, cut_[i].app, "input on: " + s.error().message);
      ++i;
      continue;
    }
    event(now, EnforceKind::input_on, cut_[i].client, cut_[i].app);
    cut_.erase(cut_.begin() + static_cast<std::ptrdiff_t>(i));
    changed = true;
  }
  if (changed) save_cuts(now);
}

bool Enforcer::give_back(const std::vector<RuntimeClient>* list, Instant now) {
  if (covered_client_ >= 0 && shield_.raised()) {
    const RuntimeClient* c = list ? find_client(*list, covered_client_) : nullptr;
    if (c != nullptr && !c->primary()) {
      if (Status s = control_.make_primary(covered_client_); !s) {
        event(now, EnforceKind::failed, covered_client_, covered_app_, "primary: " + s.error().message);
        return false;  // the shield stays until the app can be given back
      }
      event(now, EnforceKind::primary_back, covered_client_, covered_app_);
    }
  }
  if (shield_.raised()) {
    shield_.lower();
    event(now, EnforceKind::shield_down, covered_client_, covered_app_);
  }
  covered_client_ = -1;
  covered_app_ = kNoId;
  return true;
}

void Enforcer::restore(const std::vector<RuntimeClient>* list, Instant now) {
  // Primary first, so that the app is in front again when its input returns.
  if (!give_back(list, now)) return;
  restore_inputs(now, /*only_unblocked=*/false);
}

void Enforcer::release(Instant now) {
  Result<std::vector<RuntimeClient>> list = control_.clients();
  restore(list ? &list.value() : nullptr, now);
  blocked_.clear();
  any_blocked_ = false;
}

}  // namespace tw
