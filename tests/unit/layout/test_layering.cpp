// sdk/layout may use the core and GLM only: no GPU, XR or window header, and
// nothing from the layers above it (docs/architecture.md).
#include "tw_catch.hpp"

#include <filesystem>
#include <fstream>
#include <string>

TEST_CASE("sdk/layout includes no Vulkan, OpenXR, GLFW, ImGui, render or platform header",
          "[layout][layering]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(TW_SOURCE_DIR) / "sdk" / "layout";
  REQUIRE(fs::is_directory(dir));
  const char* forbidden[] = {"vulkan", "openxr", "GLFW", "glfw", "imgui", "render/", "platform/"};
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
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
  CHECK(files >= 10);
}
