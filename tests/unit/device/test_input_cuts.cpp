// core/device/input_cuts: the file an enforcer records its input cuts in,
// and still_cut(), the decision which recorded cuts a successor takes over.
#include "tw_catch.hpp"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/device/input_cuts.hpp"

namespace {

tw::RuntimeClient client(int32_t id, int32_t pid, std::string name, bool io) {
  return {.id = id, .name = std::move(name), .pid = pid, .active = true, .displayed = true, .focused = io, .io = io};
}

}  // namespace

TEST_CASE("input cuts: the text round-trips, names with spaces included") {
  const std::vector<tw::InputCut> cuts{{1, 42, "HelloXR"}, {7, 1234, "My App: 2\tbeta"}};
  const std::string text = tw::format_input_cuts(cuts);
  CHECK(text == "timewall-input-cuts 1\nclient 1 pid 42 HelloXR\nclient 7 pid 1234 My App: 2\tbeta\n");
  auto back = tw::parse_input_cuts(text);
  REQUIRE(back);
  CHECK(back.value() == cuts);
  auto none = tw::parse_input_cuts(tw::format_input_cuts({}));
  REQUIRE(none);
  CHECK(none->empty());
}

TEST_CASE("input cuts: odd text is a parse error naming the line") {
  const char* bad[] = {"",
                       "timewall-input-cuts 2\n",
                       "timewall-input-cuts 1",
                       "timewall-input-cuts 1\nclient 1 pid 42 HelloXR",
                       "timewall-input-cuts 1\nclient x pid 42 HelloXR\n",
                       "timewall-input-cuts 1\nclient -1 pid 42 HelloXR\n",
                       "timewall-input-cuts 1\nclient 1 pid 42\n",
                       "timewall-input-cuts 1\nclient 1 pd 42 HelloXR\n",
                       "timewall-input-cuts 1\nclient 99999999999 pid 42 HelloXR\n"};
  for (const char* text : bad) {
    INFO(text);
    auto r = tw::parse_input_cuts(text);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == tw::Errc::parse);
    CHECK(r.error().message.starts_with("line "));
  }
}

TEST_CASE("still_cut: only a recorded cut the runtime still shows: same id, pid and name, input off") {
  const std::vector<tw::InputCut> recorded{{1, 42, "HelloXR"}, {2, 50, "Other"}, {3, 60, "Gone"}, {4, 70, "Back"}};
  const std::vector<tw::RuntimeClient> clients{
      client(1, 42, "HelloXR", false),  // still cut: taken over
      client(2, 51, "Other", false),    // id reused by another process: not ours
      client(4, 70, "Back", true),      // someone gave its input back: nothing to take over
      client(5, 80, "Stranger", false)  // cut by someone else: never ours
  };
  const std::vector<tw::InputCut> kept = tw::still_cut(recorded, clients);
  REQUIRE(kept.size() == 1);
  CHECK(kept[0] == recorded[0]);
}

TEST_CASE("InputCutFile: missing is empty, a save replaces the file owner-only, a damaged file is an error") {
  const std::string dir = std::string(TW_BINARY_DIR) + "/device_test/file";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  tw::InputCutFile file(dir + "/cuts");
  auto empty = file.load();
  REQUIRE(empty);
  CHECK(empty->empty());
  const std::vector<tw::InputCut> cuts{{3, 99, "HelloXR"}};
  REQUIRE(file.save(cuts));
  CHECK((std::filesystem::status(file.path()).permissions() & std::filesystem::perms::all) ==
        (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
  auto back = file.load();
  REQUIRE(back);
  CHECK(back.value() == cuts);
  CHECK(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()) == 1);
  std::ofstream(file.path(), std::ios::trunc) << "garbage\n";
  auto bad = file.load();
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message.find(file.path()) != std::string::npos);
  tw::InputCutFile nowhere(dir + "/no/such/dir/cuts");
  CHECK_FALSE(nowhere.save(cuts));
}
