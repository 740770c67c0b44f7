// `timewall import`: ActivityWatch history into the ledger, counted once.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <sys/stat.h>

#include "activitywatch.hpp"
#include "args.hpp"
#include "commands.hpp"
#include "core/policy/policy_loader.hpp"
#include "history.hpp"
#include "summary.hpp"

namespace tw::cli {
namespace {

constexpr int64_t kMaxImportBytes = int64_t{512} << 20;

Result<std::string> read_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return Error{Errc::not_found, path + ": no such file"};
  if (st.st_size > kMaxImportBytes)
    return Error{Errc::too_large, path + ": larger than " + std::to_string(kMaxImportBytes >> 20) + " MiB"};
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{Errc::io, path + ": cannot be read"};
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Error{Errc::io, path + ": read failed"};
  return text.str();
}

}  // namespace

int import_command(std::span<const std::string_view> args) {
  static constexpr OptionSpec kSpecs[] = {{"ledger", true}, {"policy", true}, {"format", true}};
  auto parsed = parse_args(args, kSpecs);
  if (!parsed) return usage_error("import: " + parsed.error().message);
  if (parsed->positional.size() != 1) return usage_error("import: exactly one FILE to import");
  if (!parsed->has("ledger")) return usage_error("import: --ledger FILE is required");
  if (!parsed->has("policy")) return usage_error("import: --policy FILE is required");
  if (parsed->value("format") != "activitywatch")
    return usage_error("import: --format activitywatch is required (the only format import reads)");

  const std::string file(parsed->positional[0]);
  auto text = read_file(file);
  if (!text) {
    std::fprintf(stderr, "timewall import: %s\n", text.error().message.c_str());
    return kExitFailed;
  }
  // The file is checked whole before the ledger is opened: a bad file
  // touches nothing, not even a ledger that does not exist yet.
  PolicyLoadResult policy = load_policy_file(std::string(parsed->value("policy")));
  if (!policy) {
    std::fprintf(stderr, "timewall import: %s\n", policy.error().message.c_str());
    return kExitFailed;
  }
  auto aw = parse_activitywatch(text.value(), file, policy.value());
  if (!aw) {
    std::fprintf(stderr, "timewall import: %s (nothing imported)\n", aw.error().message.c_str());
    return kExitFailed;
  }
  auto history = open_history(std::string(parsed->value("policy")), std::string(parsed->value("ledger")), false);
  if (!history) {
    std::fprintf(stderr, "timewall import: %s\n", history.error().message.c_str());
    return kExitFailed;
  }
  auto stats = history->ledger.import_intervals(aw->intervals);
  if (!stats) {
    std::fprintf(stderr, "timewall import: %s (nothing imported)\n", stats.error().message.c_str());
    return kExitFailed;
  }
  std::printf("%s: %lld event%s from %lld bucket%s: added %s of attended time, %s was already counted\n",
              file.c_str(), static_cast<long long>(aw->events_used), aw->events_used == 1 ? "" : "s",
              static_cast<long long>(aw->buckets_used), aw->buckets_used == 1 ? "" : "s",
              duration_text(stats->added_ms).c_str(), duration_text(stats->skipped_ms).c_str());
  if (aw->events_skipped > 0)
    std::printf("skipped %lld events (zero length, no app, or away from the keyboard)\n",
                static_cast<long long>(aw->events_skipped));
  for (const std::string& b : aw->skipped_buckets) std::printf("skipped bucket %s: not window activity\n", b.c_str());
  return std::fflush(stdout) == 0 ? kExitOk : kExitFailed;
}

}  // namespace tw::cli
