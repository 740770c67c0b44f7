// Rules around the renderer that do not need golden images: the validation
// messenger really reports errors (so "validation clean" can fail), a
// re-render after warm-up allocates nothing through Dear ImGui and grows no
// buffer, and sdk/render includes no OpenXR or window-system header.
#include "tw_catch.hpp"

#include <imgui.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "headless/headless_vulkan.hpp"
#include "panel_fixtures.hpp"
#include "render/offscreen_image.hpp"
#include "render/panel_renderer.hpp"

namespace {

size_t g_imgui_allocs = 0;
void* counting_alloc(size_t n, void*) {
  ++g_imgui_allocs;
  return std::malloc(n);
}
void counting_free(void* p, void*) { std::free(p); }

}  // namespace

TEST_CASE("the validation messenger counts a deliberate error", "[render][validation]") {
  auto vk = tw::HeadlessVulkan::create({.validation = true});
  REQUIRE(vk);
  REQUIRE(vk->validation_errors() == 0);
  // Anisotropic filtering without enabling the samplerAnisotropy feature is
  // invalid usage (VUID-VkSamplerCreateInfo-anisotropyEnable-01070).
  VkSamplerCreateInfo si{};
  si.sType = VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO;
  si.anisotropyEnable = VK_TRUE;
  si.maxAnisotropy = 4.0f;
  VkSampler sampler = VK_NULL_HANDLE;
  VkResult r = vkCreateSampler(vk->device(), &si, nullptr, &sampler);
  if (r == VK_SUCCESS) vkDestroySampler(vk->device(), sampler, nullptr);
  CHECK(vk->validation_errors() >= 1);
}

TEST_CASE("a re-render after warm-up makes no ImGui allocation and grows no buffer", "[render][alloc]") {
  auto vk = tw::HeadlessVulkan::create({});
  REQUIRE(vk);
  auto renderer = tw::PanelRenderer::create(vk->renderer_desc());
  REQUIRE(renderer);
  tw::test::PanelFixture fx;
  const tw::PanelExtentPx e = tw::panel_extent_px(tw::OverlayKind::budget_ring);
  auto img = tw::OffscreenImage::create(vk->physical_device(), vk->device(), e.width, e.height);
  REQUIRE(img);
  const tw::PanelTarget target = img->target(VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL);
  tw::Overlay o = fx.overlay(tw::OverlayKind::budget_ring);
  auto step = [&] {
    o.remaining_s -= 60;
    auto drawn = renderer->update(0, tw::make_panel_content(o, fx.policy, fx.apps, fx.categories, tw::Theme::plated), target);
    REQUIRE(drawn);
    CHECK(drawn.value());
  };
  for (int i = 0; i < 3; ++i) step();  // warm-up: ImGui sizes its buffers
  const uint64_t grows = renderer->stats().buffer_grows;
  ImGui::SetAllocatorFunctions(counting_alloc, counting_free, nullptr);
  g_imgui_allocs = 0;
  for (int i = 0; i < 5; ++i) step();
  CHECK(g_imgui_allocs == 0);
  CHECK(renderer->stats().buffer_grows == grows);
  CHECK(renderer->stats().renders == 8);
  REQUIRE(renderer->wait_idle());
  REQUIRE(renderer->forget_view(img->view()));
}

TEST_CASE("sdk/render includes no OpenXR or window-system header", "[render][layering]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(TW_SOURCE_DIR) / "sdk" / "render";
  REQUIRE(fs::is_directory(dir));
  const char* forbidden[] = {"openxr", "GLFW", "glfw", "platform/", "X11", "wayland"};
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".hpp" && entry.path().extension() != ".cpp") continue;
    ++files;
    std::ifstream in(entry.path());
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("#include", 0) != 0) continue;
      for (const char* bad : forbidden) {
        INFO(entry.path().string() << ": " << line);
        CHECK(line.find(bad) == std::string::npos);
      }
    }
  }
  CHECK(files >= 8);
}
