// The `timewall` usage text and the usage-error path every command shares.
#include <cstdio>
#include <string>
#include <string_view>

#include "commands.hpp"

namespace tw::cli {

void print_usage(bool to_stderr) {
  std::FILE* f = to_stderr ? stderr : stdout;
  std::fputs(
      "usage: timewall <command> [options]\n"
      "\n"
      "commands:\n"
      "  check-policy FILE [--app-map FILE]\n"
      "      Validate a policy file. Prints each error as file:line:col: key: message\n"
      "      to stderr, or a one-line summary when the file is valid, after a\n"
      "      file:line:col: warning: ... line for each app id no host can report\n"
      "      (with the app map: default $TIMEWALL_LAYER_APP_MAP, else\n"
      "      ~/.config/timewall/openxr-apps.conf). Warnings exit 0.\n"
      "  replay --policy FILE --signals FILE.jsonl [--out FILE.jsonl] [--ledger FILE]\n"
      "      Run a recorded signal timeline through the core on a simulated clock\n"
      "      (a tick at every record and every second between them) and write one\n"
      "      JSON decision per line to stdout or --out. The ledger is in memory\n"
      "      unless --ledger names a file. Formats: docs/formats.md.\n"
      "  demo [--data DIR] [--frames OUT]\n"
      "      Replay the bundled day (DIR/demo/policy.toml, DIR/demo/day.jsonl;\n"
      "      without --data, ../share/timewall beside this executable, else the\n"
      "      source tree's data/) and tell it as a readable\n"
      "      timeline, then the day's time-value summary. With --frames, also\n"
      "      write what the wearer sees (one eye) at each tick that shows,\n"
      "      updates or hides a panel: OUT/NNNN-HH-MM-SS.png, OUT/background.png\n"
      "      and the index OUT/frames.jsonl (docs/formats.md).\n"
      "  report --ledger FILE --policy FILE [--week DATE | --from DATE [--to DATE]]\n"
      "         [--format html|text] [--out FILE]\n"
      "      The ledger's time-value report for a period (default: the week of the last\n"
      "      recorded day; DATE is YYYY-MM-DD): one self-contained HTML page with charts,\n"
      "      or plain text, to stdout or --out.\n"
      "  export --ledger FILE --policy FILE --format activitywatch|csv\n"
      "         [--week DATE | --from DATE [--to DATE]] [--out FILE] [--hostname NAME]\n"
      "      Attended time (default: everything recorded) as an ActivityWatch bucket\n"
      "      export (JSON) or as CSV with a header row. Formats: docs/formats.md.\n"
      "  import --ledger FILE --policy FILE --format activitywatch FILE.json\n"
      "      Count ActivityWatch window history in the ledger. Time already in the\n"
      "      ledger is never counted twice, so importing a file again adds nothing;\n"
      "      a malformed file is rejected whole, naming what is wrong.\n"
      "  apps --ledger FILE --policy FILE\n"
      "      Each app the ledger has seen: its id under the app id rule, category,\n"
      "      attended time and the policy rules that cover it; '!' marks an app no\n"
      "      rule covers, and [apps] entries no recorded app matches are listed.\n"
      "  status [--ledger FILE] [--policy FILE] [--at TIME] [--bus ADDRESS]\n"
      "         [--watch [--every-s N] [--count N]] [--format text|json]\n"
      "      What Timewall sees now: live from timewalld (serve) when it runs on the\n"
      "      bus (each app's state as it sees it), else from every writer of\n"
      "      the ledger (--ledger; --at or --policy ask for this view): each app's time\n"
      "      today and this week, when it was last seen and whether it is attended\n"
      "      now, the budgets left, the youth cap and the decision in force. Records\n"
      "      nothing. --at TIME instead of the system clock; --watch refreshes every\n"
      "      N s (2), --count times (until Ctrl-C); json: one object per refresh.\n"
      "  guardian set-pin | apply FILE | audit [--dir DIR]\n"
      "      The guardian's device-level youth mode (docs/youth.md), in DIR (default\n"
      "      /etc/timewall, which only root can write). set-pin stores the PIN (read\n"
      "      without echo, or a line per PIN from a pipe) as an argon2id hash; apply\n"
      "      checks FILE (errors as check-policy) and then the PIN, and makes FILE the\n"
      "      policy every host puts in force instead of the wearer's; audit verifies\n"
      "      the keyed audit chain of PIN changes, applied policies and wrong PINs,\n"
      "      prints it, and exits 1 naming the row when it was edited.\n"
      "  serve --ledger FILE [--policy FILE] [--clock system|manual:TIME] [--bus ADDRESS]\n"
      "        [--replace] [--guardian-uid UID] [--shield PROGRAM [--monado-ctl PROGRAM]\n"
      "        [--input-cuts FILE] [--shield-log FILE] [--poll-ms N] [--app-map FILE]]\n"
      "        [--overlay PROGRAM [--overlay-log FILE]]\n"
      "      timewalld, the device's one Timewall: run in the foreground as the\n"
      "      notification server of the device\n"
      "      (org.freedesktop.Notifications on the session bus): every notification\n"
      "      passes the policy's [notifications] rules and reaches the wearer as a\n"
      "      card at a breakpoint. Only the wearer's user id (serve's own) and\n"
      "      --guardian-uid may call it. With --clock manual:TIME the engine's time\n"
      "      moves only by org.timewall.Clock1.Advance (tests). With --shield it also\n"
      "      enforces on Monado as enforce does, on the same engine. With --overlay\n"
      "      it runs timewall-overlay, which draws its ring, prompts and cards over\n"
      "      every app (an XR_EXTX_overlay session) and sends the answers back.\n"
      "      docs/notifications.md, docs/device-service.md.\n"
      "  enforce --shield PROGRAM [--policy FILE] [--ledger FILE] [--input-cuts FILE]\n"
      "          [--monado-ctl PROGRAM] [--shield-log FILE] [--poll-ms N] [--app-map FILE]\n"
      "      serve --shield without a bus (builds without sd-bus).\n"
      "      Make blocks a fact of the XR runtime (Monado): every app in monado-ctl's\n"
      "      client list is counted, with or without Timewall's layer; a blocked app\n"
      "      loses its input and PROGRAM (timewall-shield) takes primary, so the app\n"
      "      is neither displayed nor focused; when the block lifts, both come back.\n"
      "      Foreground until SIGINT/SIGTERM. The input cuts it makes are recorded in\n"
      "      --input-cuts (default LEDGER.input-cuts), so that an enforce started after\n"
      "      a killed one gives them back or keeps them. docs/device-service.md.\n"
      "  help\n"
      "      This text.\n"
      "\n"
      "exit status: 0 success; 1 invalid policy or timeline, or an output that\n"
      "could not be written; 2 bad command line.\n",
      f);
}

int usage_error(std::string_view message) {
  std::fprintf(stderr, "timewall: %.*s\n\n", static_cast<int>(message.size()), message.data());
  print_usage(true);
  return kExitUsage;
}

}  // namespace tw::cli
