// input_cuts.hpp: the runtime clients whose input the Enforcer turned off,
// kept in a small file so that an enforcer started after a killed one knows
// which toggles were its own (issue 15 §5).
//
// What it does: InputCut names one cut client by the runtime's client id,
// its pid and its application name (the three together: a runtime reuses
// ids, and pids are reused too, but not all three at once while the runtime
// runs). format/parse the file's text (strict: a line it cannot read is a
// parse error naming the line). still_cut() is the reconciliation decision
// at start: of the recorded cuts, those that the runtime still shows cut
// (same id, pid and name, a running session, input off). InputCutFile keeps
// the list in one file, replaced atomically and durably (fsync) at each
// save, owner-only; a missing file is an empty list.
// What it does not do: toggle anything (the Enforcer does, and records a cut
// before it makes it), or claim a client whose input someone else turned
// off: a cut not in the file is not Timewall's.
//
//   tw::InputCutFile file("/home/w/.local/state/timewall/enforce-cuts");
//   auto recorded = file.load();
//   for (const tw::InputCut& k : tw::still_cut(recorded.value(), clients)) adopt(k);
//   file.save(cuts);  // before the next toggle
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/device/runtime_control.hpp"
#include "core/result.hpp"

namespace tw {

struct InputCut {
  int32_t client = -1;  // RuntimeClient::id
  int32_t pid = 0;      // RuntimeClient::pid
  std::string name;     // RuntimeClient::name (no newline)

  bool operator==(const InputCut&) const = default;
};

// "timewall-input-cuts 1\n" then one "client ID pid PID NAME\n" per cut.
std::string format_input_cuts(std::span<const InputCut> cuts);
Result<std::vector<InputCut>> parse_input_cuts(std::string_view text);

// The recorded cuts still in force in `clients`, in the recorded order.
std::vector<InputCut> still_cut(std::span<const InputCut> recorded, std::span<const RuntimeClient> clients);

class InputCutStore {
 public:
  virtual ~InputCutStore() = default;
  virtual Result<std::vector<InputCut>> load() = 0;
  virtual Status save(std::span<const InputCut> cuts) = 0;
};

class InputCutFile final : public InputCutStore {
 public:
  explicit InputCutFile(std::string path) : path_(std::move(path)) {}
  Result<std::vector<InputCut>> load() override;
  Status save(std::span<const InputCut> cuts) override;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace tw
