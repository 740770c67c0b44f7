#include "openxr/session_attention.hpp"

namespace tw::xr {

void SessionAttention::add(SignalKind kind, Instant at, AppId app) {
  if (count_ < out_.size()) out_[count_++] = {.at = at, .kind = kind, .app = app};
}

std::span<const Signal> SessionAttention::on_state(XrSessionState state, Instant at, AppId app) {
  count_ = 0;
  const XrSessionState before = state_;
  state_ = state;
  if (before == XR_SESSION_STATE_FOCUSED && state != XR_SESSION_STATE_FOCUSED) add(SignalKind::app_blur, at, app);
  switch (state) {
    case XR_SESSION_STATE_READY:
      exit_requested_ = false;  // a new run of the session
      [[fallthrough]];
    case XR_SESSION_STATE_VISIBLE:
    case XR_SESSION_STATE_FOCUSED:
      if (!worn_) {
        worn_ = true;
        add(SignalKind::worn, at, app);
      }
      if (state == XR_SESSION_STATE_FOCUSED && before != XR_SESSION_STATE_FOCUSED)
        add(SignalKind::app_focus, at, app);
      break;
    case XR_SESSION_STATE_STOPPING:
    case XR_SESSION_STATE_LOSS_PENDING:
      if (worn_ && (state == XR_SESSION_STATE_LOSS_PENDING || !exit_requested_)) {
        worn_ = false;
        add(SignalKind::not_worn, at, app);
      }
      break;
    default:
      break;
  }
  return {out_.data(), count_};
}

}  // namespace tw::xr
