// The layer DAG of docs/architecture.md, enforced on the sources so a stray
// include fails CI, not a headset build months later:
// core <- layout <- render <- platform <- samples, with sdk/capi and
// platform/common on the core only. (sdk/layout: tests/unit/layout.)
#include "tw_catch.hpp"

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>

namespace {

// Checks every #include line under `dir` (relative to the source tree) for
// the forbidden substrings; returns the number of source files scanned.
int check_includes(const std::string& dir, std::initializer_list<const char*> forbidden) {
  namespace fs = std::filesystem;
  const fs::path root = fs::path(TW_SOURCE_DIR) / dir;
  REQUIRE(fs::is_directory(root));
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const auto ext = entry.path().extension();
    if (ext != ".hpp" && ext != ".cpp" && ext != ".h" && ext != ".c") continue;
    ++files;
    std::ifstream in(entry.path());
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      ++n;
      if (line.rfind("#include", 0) != 0) continue;
      for (const char* bad : forbidden) {
        INFO(entry.path().string() << ":" << n << ": " << line << " (forbidden in " << dir << ": " << bad << ")");
        CHECK(line.find(bad) == std::string::npos);
      }
    }
  }
  return files;
}

}  // namespace

TEST_CASE("sdk/core includes no Vulkan, OpenXR, GLFW or ImGui header", "[layering]") {
  CHECK(check_includes("sdk/core", {"vulkan", "openxr", "GLFW", "glfw", "imgui", "layout/", "render/",
                                    "platform/", "samples/"}) > 5);
}

TEST_CASE("layers above the core include nothing from the layers above them", "[layering]") {
  // render draws with Vulkan (and ImGui), never with a window system or XR.
  CHECK(check_includes("sdk/render", {"openxr", "GLFW", "glfw", "platform/", "headless/", "desktop/",
                                      "samples/"}) > 5);
  // The C ABI wraps the core only, so libtimewall.so needs no GPU.
  CHECK(check_includes("sdk/capi", {"vulkan", "openxr", "GLFW", "glfw", "imgui", "layout/", "render/",
                                    "platform/", "samples/"}) >= 2);
  // Shared platform code serves every platform: no GPU, window, XR or sibling.
  CHECK(check_includes("platform/common", {"vulkan", "openxr", "GLFW", "glfw", "imgui", "render/",
                                           "headless/", "desktop/", "samples/"}) >= 2);
  // Platforms are siblings: none pulls in another's window system or runtime.
  CHECK(check_includes("platform/headless", {"openxr", "GLFW", "glfw", "desktop/", "samples/"}) > 5);
  CHECK(check_includes("platform/desktop", {"openxr", "headless/", "samples/"}) >= 2);
  CHECK(check_includes("platform/openxr", {"GLFW", "glfw", "headless/", "desktop/", "samples/"}) > 5);
}
