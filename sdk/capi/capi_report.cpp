// capi_report.cpp: tw_report_write, the ledger's report and exports through
// sdk/report (tw::report::render), into a file or the caller's buffer.
#include <cstring>

#include "capi_internal.hpp"
#include "report/files.hpp"
#include "report/render.hpp"

namespace {

using tw::capi::report;

// One optional "YYYY-MM-DD" field of the desc into a day number.
tw_result date_field(const char* text, const char* key, std::optional<int64_t>& day, tw_diagnostics* diag) {
  if (!text) return TW_OK;
  auto parsed = tw::report::parse_date(text);
  if (!parsed) return report(diag, TW_ERROR_INVALID_ARGUMENT, "", key, parsed.error().message);
  day = parsed.value();
  return TW_OK;
}

}  // namespace

extern "C" {

tw_result tw_report_write(tw_engine* engine, const tw_report_desc* desc, char* buffer, size_t capacity,
                          size_t* out_size, tw_diagnostics* diag) {
  return tw::capi::guard([&]() -> tw_result {
    tw::capi::clear(diag);
    if (!engine) return TW_ERROR_NULL_HANDLE;
    if (!desc) return TW_ERROR_INVALID_ARGUMENT;
    if (desc->struct_size != sizeof(tw_report_desc))
      return report(diag, TW_ERROR_STRUCT_SIZE, "", "", "tw_report_desc.struct_size must be sizeof(tw_report_desc)");
    if (desc->format < TW_REPORT_TEXT || desc->format > TW_REPORT_CSV)
      return report(diag, TW_ERROR_INVALID_ARGUMENT, "", "format", "not a tw_report_format");
    if (desc->path ? (buffer || capacity) : (!out_size || (!buffer && capacity)))
      return report(diag, TW_ERROR_INVALID_ARGUMENT, "", "", desc->path
          ? "with tw_report_desc.path, buffer must be NULL and capacity 0"
          : "without tw_report_desc.path, out_size is required, and buffer with a capacity");
    if (!engine->runtime.recording()) return TW_ERROR_NO_LEDGER;

    tw::report::Request req{.format = static_cast<tw::report::Format>(desc->format),
                            .period = {},
                            .hostname = desc->hostname ? desc->hostname : ""};
    for (tw_result r : {date_field(desc->week, "week", req.period.week, diag),
                        date_field(desc->from, "from", req.period.from, diag),
                        date_field(desc->to, "to", req.period.to, diag)})
      if (r != TW_OK) return r;
    const tw::Runtime& rt = engine->runtime;
    auto text = tw::report::render(*rt.engine().ledger(), rt.policy(), rt.zone(), req);
    if (!text) return report(diag, tw::capi::to_result(text.error().code), "", "", text.error().message);
    const size_t size = text->size();
    if (desc->path) {
      if (auto st = tw::report::write_file_atomic(desc->path, text.value()); !st)
        return report(diag, tw::capi::to_result(st.error().code), desc->path, "", st.error().message);
      if (out_size) *out_size = size;
      return TW_OK;
    }
    *out_size = size;
    if (!buffer) return TW_OK;
    if (capacity <= size) return TW_ERROR_BUFFER_TOO_SMALL;
    std::memcpy(buffer, text->data(), size);
    buffer[size] = '\0';
    return TW_OK;
  });
}

}  // extern "C"
