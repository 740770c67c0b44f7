// Policy files are owner-only, like the ledger: a file of ours with group or
// other bits is made owner-only and the load says so; a group- or
// world-writable file that is not ours is refused (the policy in force
// stays). Real files and modes; the not-ours cases need root to chown.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "core/policy/policy_loader.hpp"
#include "core/policy/policy_store.hpp"
#include "tw_catch.hpp"

namespace {

constexpr uid_t kNobody = 65534;

std::string temp_path(const std::string& name) {
  return std::string(TW_BINARY_DIR) + "/policy_mode_" + name + ".toml";
}

std::string write(const std::string& name, const std::string& text, mode_t mode) {
  const std::string path = temp_path(name);
  std::remove(path.c_str());
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  REQUIRE(::chmod(path.c_str(), mode) == 0);
  return path;
}

mode_t mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

std::string policy(int limit_min) {
  return "schema = 1\n[apps]\n\"a\" = \"social\"\n[[budget]]\nid = \"s\"\ncategory = \"social\"\nlimit_min = " +
         std::to_string(limit_min) + "\n";
}

tw::Instant at_s(int64_t s) { return {s * 1'000'000'000, 1'700'000'000'000 + s * 1000}; }

}  // namespace

TEST_CASE("policy file mode: ours with group/other bits is made owner-only, and said", "[policy][mode]") {
  for (const mode_t m : {mode_t{0664}, mode_t{0644}, mode_t{0666}, mode_t{0604}, mode_t{0640}}) {
    const std::string path = write("ours", policy(30), m);
    const tw::PolicyLoadResult r = tw::load_policy_file(path, tw::PolicyFileMode::owner_only);
    INFO("mode " << std::oct << m);
    REQUIRE(r.ok());
    CHECK(mode_of(path) == 0600);
    CHECK(r.notice().find(path) == 0);
    CHECK(r.notice().find("made owner-only (0600)") != std::string::npos);
    std::remove(path.c_str());
  }
  // Already owner-only: nothing to say.
  const std::string path = write("ours_ok", policy(30), 0600);
  const tw::PolicyLoadResult r = tw::load_policy_file(path, tw::PolicyFileMode::owner_only);
  REQUIRE(r.ok());
  CHECK(r.notice().empty());
  CHECK(mode_of(path) == 0600);

  // Through the store: the notice comes with the reload.
  REQUIRE(::chmod(path.c_str(), 0664) == 0);
  tw::PolicyStore store;
  const auto reload = store.reload(path, at_s(1));
  REQUIRE(reload.ok());
  CHECK(reload->notice.find("had mode 0664") != std::string::npos);
  CHECK(mode_of(path) == 0600);
  std::remove(path.c_str());
}

TEST_CASE("policy file mode: as_is reads any mode and changes nothing", "[policy][mode]") {
  const std::string path = write("as_is", policy(30), 0664);
  const tw::PolicyLoadResult r = tw::load_policy_file(path);
  REQUIRE(r.ok());
  CHECK(r.notice().empty());
  CHECK(mode_of(path) == 0664);
  std::remove(path.c_str());
}

TEST_CASE("policy file mode: group- or world-writable and not ours is refused", "[policy][mode]") {
  if (::geteuid() != 0) TW_SKIP("not root: cannot make a file owned by another user");
  const std::string good = write("mine", policy(30), 0600);
  tw::PolicyStore store;
  REQUIRE(store.reload(good, at_s(1)).ok());

  for (const mode_t m : {mode_t{0666}, mode_t{0664}, mode_t{0646}, mode_t{0620}}) {
    INFO("mode " << std::oct << m);
    const std::string path = write("theirs", policy(90), m);
    REQUIRE(::chown(path.c_str(), kNobody, kNobody) == 0);
    const tw::PolicyLoadResult r = tw::load_policy_file(path, tw::PolicyFileMode::owner_only);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == tw::Errc::io);
    CHECK(r.error().message.find(path + ":1:1:") == 0);
    char octal[8];
    std::snprintf(octal, sizeof octal, "%04o", static_cast<unsigned>(m));
    CHECK(r.error().message.find(std::string("mode ") + octal) != std::string::npos);
    CHECK(r.error().message.find("owned by uid 65534") != std::string::npos);
    CHECK(mode_of(path) == m);  // not ours to change

    const auto refused = store.reload(path, at_s(2));
    REQUIRE_FALSE(refused.ok());
    CHECK(store.active()->budgets.at(0).limit_s == 30 * 60);  // the previous policy stays
    std::remove(path.c_str());
  }

  // Not ours but only readable by others: read as it is, left alone.
  const std::string path = write("theirs_ro", policy(45), 0644);
  REQUIRE(::chown(path.c_str(), kNobody, kNobody) == 0);
  const auto reload = store.reload(path, at_s(3));
  REQUIRE(reload.ok());
  CHECK(reload->notice.empty());
  CHECK(mode_of(path) == 0644);
  CHECK(store.active()->budgets.at(0).limit_s == 45 * 60);
  std::remove(path.c_str());
  std::remove(good.c_str());
}
