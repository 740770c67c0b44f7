// sdk/core must build without any GPU, XR or window system: this test scans
// its sources so a stray include fails CI, not a headset build months later.
#include "tw_catch.hpp"

#include <filesystem>
#include <fstream>
#include <string>

TEST_CASE("sdk/core includes no Vulkan, OpenXR, GLFW or ImGui header", "[layering]") {
  namespace fs = std::filesystem;
  const fs::path core = fs::path(TW_SOURCE_DIR) / "sdk" / "core";
  REQUIRE(fs::is_directory(core));
  const char* forbidden[] = {"vulkan", "openxr", "GLFW", "glfw", "imgui", "layout/", "render/", "platform/"};
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(core)) {
    const auto ext = entry.path().extension();
    if (ext != ".hpp" && ext != ".cpp" && ext != ".h") continue;
    ++files;
    std::ifstream in(entry.path());
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      ++n;
      if (line.rfind("#include", 0) != 0) continue;
      for (const char* bad : forbidden) {
        INFO(entry.path().string() << ":" << n << ": " << line);
        CHECK(line.find(bad) == std::string::npos);
      }
    }
  }
  CHECK(files > 5);
}
