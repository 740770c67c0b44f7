// capi_common.cpp: the parts of timewall.h that need no engine: versions,
// names of result codes and enums, and tw_diagnostics.
#include <type_traits>

#include "capi_internal.hpp"
#include "core/overlay.hpp"
#include "core/policy.hpp"
#include "core/reason.hpp"

namespace {

// The C enums mirror the core's; a reordering on either side fails here.
static_assert(TW_ERROR_INTERNAL == static_cast<int>(tw::Errc::internal));
static_assert(TW_ERROR_LEDGER_CORRUPT == static_cast<int>(tw::Errc::ledger_corrupt));
static_assert(TW_ERROR_PIN_BACKOFF == static_cast<int>(tw::Errc::pin_backoff));
// 15 and 16 are the GPU and XR layers' codes (render/vk_util.hpp: kErrcVulkan,
// openxr/xr_dispatch.hpp: kErrcOpenxr); the core leaves them free and names
// them "unknown", so the C ABI names them itself.
static_assert(TW_ERROR_VULKAN == TW_ERROR_PIN_BACKOFF + 1 && TW_ERROR_OPENXR + 1 == TW_ERROR_INTERNAL);
static_assert(TW_SIGNAL_NUDGE == static_cast<int>(tw::SignalKind::nudge));
static_assert(TW_SIGNAL_CONTINUE_ANYWAY == static_cast<int>(tw::SignalKind::continue_anyway));
static_assert(TW_SIGNAL_PRESENT == static_cast<int>(tw::SignalKind::present));
static_assert(TW_SIGNAL_BLOCK_LEAVE == static_cast<int>(tw::SignalKind::block_leave));
static_assert(TW_SIGNAL_BLOCK_EXTEND == static_cast<int>(tw::SignalKind::block_extend));
static_assert(TW_SIGNAL_NUDGE_DISMISS == static_cast<int>(tw::SignalKind::nudge_dismiss));
static_assert(TW_SIGNAL_FILL_DISMISS == static_cast<int>(tw::SignalKind::fill_dismiss));
static_assert(TW_SIGNAL_EXERCISE_PICK == static_cast<int>(tw::SignalKind::exercise_pick));
static_assert(TW_ANSWER_CONTINUE_ANYWAY == static_cast<int>(tw::Answer::continue_anyway));
static_assert(TW_ANSWER_PROMPT_LEAVE == static_cast<int>(tw::Answer::prompt_leave));
static_assert(TW_ANSWER_BLOCK_LEAVE == static_cast<int>(tw::Answer::block_leave));
static_assert(TW_ANSWER_BLOCK_EXTEND == static_cast<int>(tw::Answer::block_extend));
static_assert(TW_ANSWER_NUDGE_DISMISS == static_cast<int>(tw::Answer::nudge_dismiss));
static_assert(TW_ANSWER_FILL_DISMISS == static_cast<int>(tw::Answer::fill_dismiss));
static_assert(TW_ANSWER_EXERCISE_PICK == static_cast<int>(tw::Answer::exercise_pick));
static_assert(TW_CONTEXT_IN_CONVERSATION == static_cast<int>(tw::Context::in_conversation));
static_assert(TW_OVERLAY_NUDGE == static_cast<int>(tw::OverlayKind::nudge));
static_assert(TW_OVERLAY_NUDGE + 1 == tw::kOverlayKindCount);
static_assert(TW_EXERCISE_BREATHE == static_cast<int>(tw::ExerciseKind::breathe));
static_assert(TW_EXERCISE_INTENTION == static_cast<int>(tw::ExerciseKind::intention));
static_assert(TW_EXERCISE_WAIT == static_cast<int>(tw::ExerciseKind::wait));
static_assert(TW_EXERCISE_ALTERNATIVE == static_cast<int>(tw::ExerciseKind::alternative));
static_assert(TW_DECISION_STATE == static_cast<int>(tw::DecisionKind::state));
static_assert(TW_DECISION_ANSWER == static_cast<int>(tw::DecisionKind::answer));
// tw_reason names every tw::Reason, value for value.
static_assert(TW_REASON_NONE == static_cast<int>(tw::Reason::none));
static_assert(TW_REASON_BUDGET_TRACKING == static_cast<int>(tw::Reason::budget_tracking));
static_assert(TW_REASON_BUDGET_WARN_FRACTION == static_cast<int>(tw::Reason::budget_warn_fraction));
static_assert(TW_REASON_BUDGET_REACHED == static_cast<int>(tw::Reason::budget_reached));
static_assert(TW_REASON_BYPASS_GRANTED == static_cast<int>(tw::Reason::bypass_granted));
static_assert(TW_REASON_BYPASS_EXHAUSTED == static_cast<int>(tw::Reason::bypass_exhausted));
static_assert(TW_REASON_SLEEP_WINDOW == static_cast<int>(tw::Reason::sleep_window));
static_assert(TW_REASON_WIND_DOWN == static_cast<int>(tw::Reason::wind_down));
static_assert(TW_REASON_FOCUS_WINDOW == static_cast<int>(tw::Reason::focus_window));
static_assert(TW_REASON_SCHEDULE_WINDOW == static_cast<int>(tw::Reason::schedule_window));
static_assert(TW_REASON_RECLAIMED_TIME == static_cast<int>(tw::Reason::reclaimed_time));
static_assert(TW_REASON_IDLE_FILL_CONTEXT == static_cast<int>(tw::Reason::idle_fill_context));
static_assert(TW_REASON_IDLE_FILL_SCHEDULE == static_cast<int>(tw::Reason::idle_fill_schedule));
static_assert(TW_REASON_IDLE_FILL_DEFAULT == static_cast<int>(tw::Reason::idle_fill_default));
static_assert(TW_REASON_IDLE_PROTECT_CONTEXT == static_cast<int>(tw::Reason::idle_protect_context));
static_assert(TW_REASON_IDLE_PROTECT_SCHEDULE == static_cast<int>(tw::Reason::idle_protect_schedule));
static_assert(TW_REASON_IDLE_PROTECT_DEFAULT == static_cast<int>(tw::Reason::idle_protect_default));
static_assert(TW_REASON_IDLE_PROTECT_WINDOW == static_cast<int>(tw::Reason::idle_protect_window));
static_assert(TW_REASON_IN_CONVERSATION == static_cast<int>(tw::Reason::in_conversation));
static_assert(TW_REASON_MOTION_WALKING == static_cast<int>(tw::Reason::motion_walking));
static_assert(TW_REASON_MOTION_TURNING == static_cast<int>(tw::Reason::motion_turning));
static_assert(TW_REASON_MOTION_SETTLED == static_cast<int>(tw::Reason::motion_settled));
static_assert(TW_REASON_BREAKPOINT_APP_SWITCH == static_cast<int>(tw::Reason::breakpoint_app_switch));
static_assert(TW_REASON_BREAKPOINT_IDLE_START == static_cast<int>(tw::Reason::breakpoint_idle_start));
static_assert(TW_REASON_BREAKPOINT_MOTION_PAUSE == static_cast<int>(tw::Reason::breakpoint_motion_pause));
static_assert(TW_REASON_DEFERRAL_BOUND == static_cast<int>(tw::Reason::deferral_bound));
static_assert(TW_REASON_URGENT == static_cast<int>(tw::Reason::urgent));
static_assert(TW_REASON_YOUTH_DAILY_CAP == static_cast<int>(tw::Reason::youth_daily_cap));
static_assert(TW_REASON_YOUTH_NIGHT == static_cast<int>(tw::Reason::youth_night));
static_assert(TW_REASON_AWAY == static_cast<int>(tw::Reason::away));
static_assert(TW_REASON_BACK == static_cast<int>(tw::Reason::back));
static_assert(TW_REASON_WORN == static_cast<int>(tw::Reason::worn));
static_assert(TW_REASON_NOT_WORN == static_cast<int>(tw::Reason::not_worn));
static_assert(TW_REASON_DAY_END_SUMMARY == static_cast<int>(tw::Reason::day_end_summary));
static_assert(TW_REASON_AWAITING_BREAKPOINT == static_cast<int>(tw::Reason::awaiting_breakpoint));
static_assert(TW_REASON_PAUSE_NOT_OVER == static_cast<int>(tw::Reason::pause_not_over));
static_assert(TW_REASON_PROMPT_LEFT == static_cast<int>(tw::Reason::prompt_left));
static_assert(TW_REASON_BLOCK_LEFT == static_cast<int>(tw::Reason::block_left));
static_assert(TW_REASON_EXTENSION_REQUESTED == static_cast<int>(tw::Reason::extension_requested));
static_assert(TW_REASON_DISMISSED == static_cast<int>(tw::Reason::dismissed));
static_assert(TW_REASON_NOT_OFFERED == static_cast<int>(tw::Reason::not_offered));
static_assert(TW_REASON_PICKED == static_cast<int>(tw::Reason::picked));

// Reason and the kinds are uint8_t; the core names any other value "unknown",
// so reasons appended later need no change here.
constexpr int32_t kMaxU8 = 255;

// The core's names are string literals, so data() is NUL-terminated.
const char* c_str(std::string_view literal) { return literal.data(); }

}  // namespace

extern "C" {

uint32_t tw_abi_version(void) { return TW_ABI_VERSION; }

const char* tw_version_string(void) { return TIMEWALL_VERSION_STRING; }

const char* tw_result_to_string(tw_result result) {
  const int v = static_cast<int>(result);
  if (v >= 0 && v <= static_cast<int>(tw::Errc::internal) && result != TW_ERROR_VULKAN && result != TW_ERROR_OPENXR)
    return c_str(tw::to_string(static_cast<tw::Errc>(v)));
  switch (result) {
    case TW_ERROR_VULKAN: return "vulkan";
    case TW_ERROR_OPENXR: return "openxr";
    case TW_ERROR_NULL_HANDLE: return "null_handle";
    case TW_ERROR_STRUCT_SIZE: return "struct_size";
    case TW_ERROR_OUT_OF_MEMORY: return "out_of_memory";
    case TW_ERROR_NO_LEDGER: return "no_ledger";
    case TW_ERROR_OUT_OF_RANGE: return "out_of_range";
    case TW_ERROR_BUFFER_TOO_SMALL: return "buffer_too_small";
    default: return "unknown";
  }
}

const char* tw_reason_to_string(int32_t reason) {
  if (reason < 0 || reason > kMaxU8) return "unknown";
  return c_str(tw::to_string(static_cast<tw::Reason>(reason)));
}

const char* tw_overlay_kind_to_string(int32_t kind) {
  if (kind < 0 || kind > kMaxU8) return "unknown";
  return c_str(tw::to_string(static_cast<tw::OverlayKind>(kind)));
}

const char* tw_decision_kind_to_string(int32_t kind) {
  if (kind < 0 || kind > kMaxU8) return "unknown";
  return c_str(tw::to_string(static_cast<tw::DecisionKind>(kind)));
}

const char* tw_answer_to_string(int32_t answer) {
  if (answer < 0 || answer > kMaxU8) return "unknown";
  return c_str(tw::to_string(static_cast<tw::Answer>(answer)));
}

int32_t tw_decision_wearer_left(const tw_decision* decision) {
  if (!decision) return 0;
  return decision->kind == TW_DECISION_ANSWER &&
         (decision->reason == TW_REASON_PROMPT_LEFT || decision->reason == TW_REASON_BLOCK_LEFT);
}

tw_result tw_diagnostics_create(tw_diagnostics** out) {
  return tw::capi::guard([&]() -> tw_result {
    if (!out) return TW_ERROR_INVALID_ARGUMENT;
    *out = new tw_diagnostics;
    return TW_OK;
  });
}

void tw_diagnostics_destroy(tw_diagnostics* diagnostics) { delete diagnostics; }

size_t tw_diagnostics_count(const tw_diagnostics* diagnostics) {
  return diagnostics ? diagnostics->entries.size() : 0;
}

tw_result tw_diagnostics_get(const tw_diagnostics* diagnostics, size_t index, tw_diagnostic* out) {
  if (!diagnostics) return TW_ERROR_NULL_HANDLE;
  if (!out) return TW_ERROR_INVALID_ARGUMENT;
  if (index >= diagnostics->entries.size()) return TW_ERROR_OUT_OF_RANGE;
  const tw_diagnostics::Entry& e = diagnostics->entries[index];
  *out = tw_diagnostic{.code = e.code,
                       .file = e.file.c_str(),
                       .line = e.line,
                       .column = e.column,
                       .key = e.key.c_str(),
                       .message = e.message.c_str()};
  return TW_OK;
}

}  // extern "C"
