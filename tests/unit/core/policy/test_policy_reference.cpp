// docs/policy-reference.md names exactly the keys the loader accepts.
//
// The doc side is read from the reference's headings (`[table]`, `[[array]]`)
// and the first column of each key table; the code side is policy_keys.hpp,
// and a probe load proves the loader really checks each table against it.
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/policy/policy_keys.hpp"
#include "core/policy/policy_loader.hpp"
#include "tw_catch.hpp"

namespace {

using KeySets = std::map<std::string, std::set<std::string>>;

std::vector<std::string> backticked(const std::string& s) {
  std::vector<std::string> out;
  static const std::regex re("`([^`]+)`");
  for (auto it = std::sregex_iterator(s.begin(), s.end(), re); it != std::sregex_iterator(); ++it) {
    out.push_back((*it)[1]);
  }
  return out;
}

// "[[friction.exercise]]" -> "friction.exercise[]", "[sleep]" -> "sleep", else "".
std::string table_name(const std::string& token) {
  if (token.rfind("[[", 0) == 0) return token.substr(2, token.size() - 4) + "[]";
  if (token.rfind('[', 0) == 0) return token.substr(1, token.size() - 2);
  return "";
}

std::string base(const std::string& table) {
  return table.size() > 2 && table.substr(table.size() - 2) == "[]" ? table.substr(0, table.size() - 2)
                                                                    : table;
}

// Tables with key rows, plus the sub-table names each heading implies in its
// parent ("[[idle.rule]]" puts `idle` at the top level and `rule` in [idle]).
KeySets documented_keys() {
  std::ifstream in(std::string(TW_SOURCE_DIR) + "/docs/policy-reference.md");
  REQUIRE(in);
  KeySets keys;
  std::vector<std::string> current;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind('#', 0) == 0) {
      current.clear();
      if (line.find("Top level") != std::string::npos) current.push_back("");
      for (const std::string& token : backticked(line)) {
        const std::string t = table_name(token);
        if (t.empty()) continue;
        current.push_back(t);
        const std::string name = base(t);
        const auto dot = name.find('.');
        keys[""].insert(name.substr(0, dot));
        if (dot != std::string::npos) keys[name.substr(0, dot)].insert(name.substr(dot + 1));
      }
    } else if (line.rfind("| `", 0) == 0 && !current.empty()) {
      const std::string first_cell = line.substr(1, line.find('|', 1) - 1);
      for (const std::string& t : current) {
        for (const std::string& k : backticked(first_cell)) keys[t].insert(k);
      }
    }
  }
  return keys;
}

KeySets loader_keys() {
  KeySets keys;
  for (const tw::PolicyTableKeys& t : tw::policy_key_tables()) {
    auto& set = keys[std::string(t.table)];
    for (std::string_view k : t.keys) set.insert(std::string(k));
  }
  return keys;
}

// Loads a policy whose only content in `table` is `key = 1`; true when the
// loader reports that key as unknown.
bool loader_rejects(const std::string& table, const std::string& key) {
  std::string text = key == "schema" && table.empty() ? "" : "schema = 1\n";
  std::string path;
  if (table.empty()) {
    path = key;
  } else if (table.size() > 2 && table.substr(table.size() - 2) == "[]") {
    text += "[[" + base(table) + "]]\n";
    path = base(table) + "[0]." + key;
  } else {
    text += "[" + table + "]\n";
    path = table + "." + key;
  }
  text += key + " = 1\n";
  const tw::PolicyLoadResult r = tw::parse_policy(text, "probe.toml");
  if (r) return false;
  for (const tw::PolicyError& e : r.errors()) {
    if (e.key == path && e.message.rfind("unknown key", 0) == 0) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("policy reference: documents exactly the keys of policy_keys.hpp", "[policy][docs]") {
  const KeySets doc = documented_keys();
  const KeySets code = loader_keys();
  for (const auto& [table, keys] : code) {
    INFO("table [" << table << "] (\"\" = top level)");
    REQUIRE(doc.count(table) == 1);
    for (const std::string& k : keys) {
      INFO("accepted by the loader, missing from docs/policy-reference.md: " << k);
      CHECK(doc.at(table).count(k) == 1);
    }
  }
  for (const auto& [table, keys] : doc) {
    if (table == "apps") continue;  // free-form: any app id is a key
    INFO("table [" << table << "] in docs/policy-reference.md");
    REQUIRE(code.count(table) == 1);
    for (const std::string& k : keys) {
      INFO("documented, not accepted by the loader: " << k);
      CHECK(code.at(table).count(k) == 1);
    }
  }
}

TEST_CASE("policy reference: the loader checks each table against policy_keys.hpp", "[policy][docs]") {
  for (const tw::PolicyTableKeys& t : tw::policy_key_tables()) {
    const std::string table(t.table);
    INFO("table [" << table << "]");
    CHECK(loader_rejects(table, "zz_not_a_key"));
    for (std::string_view k : t.keys) {
      INFO("key " << k);
      CHECK_FALSE(loader_rejects(table, std::string(k)));
    }
  }
}
