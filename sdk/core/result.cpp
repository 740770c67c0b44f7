#include "core/result.hpp"

namespace tw {

std::string_view to_string(Errc code) noexcept {
  switch (code) {
    case Errc::ok: return "ok";
    case Errc::invalid_argument: return "invalid_argument";
    case Errc::io: return "io";
    case Errc::not_found: return "not_found";
    case Errc::parse: return "parse";
    case Errc::invalid_policy: return "invalid_policy";
    case Errc::too_large: return "too_large";
    case Errc::too_deep: return "too_deep";
    case Errc::ledger_corrupt: return "ledger_corrupt";
    case Errc::ledger_readonly: return "ledger_readonly";
    case Errc::ledger_full: return "ledger_full";
    case Errc::schema_too_new: return "schema_too_new";
    case Errc::pin_required: return "pin_required";
    case Errc::pin_wrong: return "pin_wrong";
    case Errc::pin_backoff: return "pin_backoff";
    case Errc::internal: return "internal";
  }
  return "unknown";
}

}  // namespace tw
