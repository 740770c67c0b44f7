// Panel renderer on lavapipe with VK_LAYER_KHRONOS_validation: golden
// images for every panel kind in both themes, render-on-change counted in
// real vkQueueSubmit calls, font errors, and a validation-clean run.
#include "tw_catch.hpp"

#include <array>
#include <cstdlib>
#include <filesystem>
#include <initializer_list>
#include <span>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "headless/compositor.hpp"
#include "headless/frame_writer.hpp"
#include "headless/headless_vulkan.hpp"
#include "headless/png.hpp"
#include "panel_fixtures.hpp"
#include "render/offscreen_image.hpp"
#include "render/panel_presenter.hpp"
#include "render/panel_renderer.hpp"

namespace {

namespace fs = std::filesystem;
using namespace tw;

// One device per test binary: creating instances repeatedly under the
// validation layer is slow on lavapipe.
HeadlessVulkan& vulkan() {
  static HeadlessVulkan vk = [] {
    auto r = HeadlessVulkan::create({.validation = true});
    if (!r) FAIL("headless Vulkan: " << r.error().message);
    return std::move(r.value());
  }();
  return vk;
}

void require_validation_clean() {
  HeadlessVulkan& vk = vulkan();
  for (const std::string& m : vk.validation_messages()) UNSCOPED_INFO(m);
  REQUIRE(vk.validation_errors() == 0);
  REQUIRE(vk.validation_warnings() == 0);
}

PanelRenderer make_renderer() {
  auto r = PanelRenderer::create(vulkan().renderer_desc());
  if (!r) FAIL("PanelRenderer::create: " << r.error().message);
  return std::move(r.value());
}

RgbaImage render_to_pixels(PanelRenderer& renderer, const PanelContent& content) {
  PanelExtentPx e = panel_extent_px(content.kind, content.collapsed);
  auto img = OffscreenImage::create(vulkan().physical_device(), vulkan().device(), e.width, e.height);
  REQUIRE(img);
  REQUIRE(renderer.render(0, content, img->target(VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL)));
  REQUIRE(renderer.wait_idle());
  auto px = vulkan().read_back(img->image(), e.width, e.height, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL);
  REQUIRE(px);
  REQUIRE(renderer.forget_view(img->view()));
  return std::move(px.value());
}

// Share of pixels whose largest channel difference exceeds `threshold`.
double differing_share(const RgbaImage& a, const RgbaImage& b, int threshold) {
  size_t differing = 0, n = size_t{a.width} * a.height;
  for (size_t i = 0; i < n; ++i) {
    int worst = 0;
    for (size_t c = 0; c < 4; ++c) worst = std::max(worst, std::abs(a.pixels[4 * i + c] - b.pixels[4 * i + c]));
    if (worst > threshold) ++differing;
  }
  return static_cast<double>(differing) / static_cast<double>(n);
}

size_t lit_pixels(const RgbaImage& img) {
  size_t lit = 0;
  for (size_t i = 3; i < img.pixels.size(); i += 4) lit += img.pixels[i] > 0;
  return lit;
}

}  // namespace

TEST_CASE("every panel kind in both themes matches its golden image", "[render][golden]") {
  const fs::path golden_dir = fs::path(TW_SOURCE_DIR) / "tests" / "data" / "golden";
  const bool update = std::getenv("TW_UPDATE_GOLDENS") != nullptr;
  test::PanelFixture fx;
  PanelRenderer renderer = make_renderer();
  for (bool collapsed : {false, true}) {
  for (Theme theme : {Theme::additive, Theme::plated}) {
    for (OverlayKind kind : test::kAllKinds) {
      // Indicators have one form only.
      if (collapsed && (kind == OverlayKind::budget_ring || kind == OverlayKind::protect_indicator)) continue;
      const std::string name = std::string(to_string(kind)) + (collapsed ? "_collapsed_" : "_") +
                               std::string(to_string(theme)) + ".png";
      INFO(name);
      PanelContent content = fx.content(kind, theme);
      content.collapsed = collapsed;
      RgbaImage got = render_to_pixels(renderer, content);
      // A panel that drew nothing would match a blank golden: rule it out.
      REQUIRE(lit_pixels(got) > got.width * got.height / 50);
      const fs::path path = golden_dir / name;
      if (update) {
        fs::create_directories(golden_dir);
        REQUIRE(write_png(path.string(), got));
        continue;
      }
      auto want = read_png(path.string());
      REQUIRE(want);
      REQUIRE(want->width == got.width);
      REQUIRE(want->height == got.height);
      const double share = differing_share(want.value(), got, 8);
      if (share > 0.002) {
        const fs::path actual = fs::path(TW_BINARY_DIR) / "golden-actual" / name;
        fs::create_directories(actual.parent_path());
        (void)write_png(actual.string(), got);
        FAIL(name << ": " << share * 100 << "% of pixels differ by more than 8/255; actual image written to "
                  << actual.string());
      }
    }
  }
  }
  require_validation_clean();
}

// What the wearer sees while answering: the hovered button outlined, its
// dwell ring part-filled; the buttons where layout::card_buttons() puts them.
TEST_CASE("hovered buttons and their dwell rings match their golden images", "[render][golden]") {
  const fs::path golden_dir = fs::path(TW_SOURCE_DIR) / "tests" / "data" / "golden";
  const bool update = std::getenv("TW_UPDATE_GOLDENS") != nullptr;
  test::PanelFixture fx;
  PanelRenderer renderer = make_renderer();
  for (Theme theme : {Theme::additive, Theme::plated}) {
    for (OverlayKind kind : {OverlayKind::friction_prompt, OverlayKind::block_shield, OverlayKind::nudge}) {
      const std::string name = std::string(to_string(kind)) + "_hover_" + std::string(to_string(theme)) + ".png";
      INFO(name);
      PanelContent content = fx.content(kind, theme);
      content.countdown_s = 0;
      content.bypass_available = true;
      content.hovered = kind == OverlayKind::nudge ? 0 : 1;  // dismiss; leave
      content.dwell_steps = 20;
      PanelContent idle = content;
      idle.hovered = -1;
      idle.dwell_steps = 0;
      RgbaImage got = render_to_pixels(renderer, content);
      // The hover shows: the image differs from the same card unhovered.
      CHECK(differing_share(got, render_to_pixels(renderer, idle), 8) > 0.005);
      const fs::path path = golden_dir / name;
      if (update) {
        REQUIRE(write_png(path.string(), got));
        continue;
      }
      auto want = read_png(path.string());
      REQUIRE(want);
      REQUIRE(want->width == got.width);
      REQUIRE(want->height == got.height);
      const double share = differing_share(want.value(), got, 8);
      if (share > 0.002) {
        const fs::path actual = fs::path(TW_BINARY_DIR) / "golden-actual" / name;
        fs::create_directories(actual.parent_path());
        (void)write_png(actual.string(), got);
        FAIL(name << ": " << share * 100 << "% of pixels differ by more than 8/255; actual image written to "
                  << actual.string());
      }
    }
  }
  require_validation_clean();
}

// A notification's card (issue 16): the sender, summary and body, and its
// first two actions as buttons beside "Dismiss"; the second action hovered
// with its dwell ring. And the block shield saying until when (issue 13):
// "Budget resets at midnight" for a daily budget's block.
TEST_CASE("a notification's card and a budget block's shield match their golden images", "[render][golden]") {
  const fs::path golden_dir = fs::path(TW_SOURCE_DIR) / "tests" / "data" / "golden";
  const bool update = std::getenv("TW_UPDATE_GOLDENS") != nullptr;
  test::PanelFixture fx;
  PanelRenderer renderer = make_renderer();
  const NotificationText text{.id = 7,
                              .app_name = "Messages",
                              .summary = "Ana: lunch at 1?",
                              .body = "The place on the corner.\nI booked a table for two.",
                              .action_labels = {"Reply", "Not today, sorry"},
                              .on_card = 1};
  for (Theme theme : {Theme::additive, Theme::plated}) {
    Overlay note = fx.overlay(OverlayKind::nudge);
    note.nudge_id = notify_nudge_id(7);
    note.actions = 2;
    PanelContent card = make_panel_content(note, fx.policy, fx.apps, fx.categories, theme);
    set_notification(card, text);
    CHECK(card.title.view() == "Ana: lunch at 1?");
    CHECK(card.action1.view() == "Not today, sorry");
    // The actions are drawn where layout::card_buttons() says; hover the second.
    const auto slots = layout::card_buttons(OverlayKind::nudge, false);
    REQUIRE(slots.size() == 3);
    CHECK(slots[2].button == layout::CardButton::action1);
    card.hovered = 2;
    card.dwell_steps = 12;
    // The plain nudge card differs: the text and the buttons are drawn.
    CHECK(differing_share(render_to_pixels(renderer, card), render_to_pixels(renderer, fx.content(OverlayKind::nudge, theme)), 8) > 0.02);
    Overlay block = fx.overlay(OverlayKind::block_shield);
    block.reason = Reason::budget_reached;
    block.window = -1;
    block.budget = 0;
    const PanelContent shield = make_panel_content(block, fx.policy, fx.apps, fx.categories, theme);
    CHECK(shield.lift == LiftKind::day_reset);
    for (const auto& [name, content] : {std::pair{"notification_card_", card}, std::pair{"block_shield_budget_", shield}}) {
      const std::string file = std::string(name) + std::string(to_string(theme)) + ".png";
      INFO(file);
      RgbaImage got = render_to_pixels(renderer, content);
      const fs::path path = golden_dir / file;
      if (update) {
        REQUIRE(write_png(path.string(), got));
        continue;
      }
      auto want = read_png(path.string());
      REQUIRE(want);
      REQUIRE(want->width == got.width);
      REQUIRE(want->height == got.height);
      const double share = differing_share(want.value(), got, 8);
      if (share > 0.002) {
        const fs::path actual = fs::path(TW_BINARY_DIR) / "golden-actual" / file;
        fs::create_directories(actual.parent_path());
        (void)write_png(actual.string(), got);
        FAIL(file << ": " << share * 100 << "% of pixels differ by more than 8/255; actual image written to "
                  << actual.string());
      }
    }
  }
  require_validation_clean();
}

// Each friction exercise kind draws its own interaction (issue 17), from a
// fixed time into the exercise: the breathe pacer 12.5 s in (the second
// breath, breathing in), the wait 9 s into its 30 s, the intentions and the
// fill items as rows to pick.
TEST_CASE("each friction exercise kind matches its golden image", "[render][golden]") {
  const fs::path golden_dir = fs::path(TW_SOURCE_DIR) / "tests" / "data" / "golden";
  const bool update = std::getenv("TW_UPDATE_GOLDENS") != nullptr;
  test::PanelFixture fx;
  PanelRenderer renderer = make_renderer();
  struct Case {
    const char* name;
    int32_t exercise;
    int64_t exercise_ms;
  };
  for (Theme theme : {Theme::additive, Theme::plated}) {
    for (const Case& k : {Case{"breathe", 0, 12'500}, Case{"wait", 1, 9'000}, Case{"intention", 2, 4'000},
                          Case{"alternative", 3, 4'000}}) {
      const std::string name = std::string("friction_") + k.name + "_" + std::string(to_string(theme)) + ".png";
      INFO(name);
      const PanelContent content =
          make_panel_content(fx.exercise_overlay(k.exercise, k.exercise_ms), fx.policy, fx.apps, fx.categories, theme);
      REQUIRE(content.has_exercise);
      RgbaImage got = render_to_pixels(renderer, content);
      // The exercise shows: the same prompt without it looks different.
      PanelContent plain = content;
      plain.has_exercise = false;
      CHECK(differing_share(got, render_to_pixels(renderer, plain), 8) > 0.005);
      const fs::path path = golden_dir / name;
      if (update) {
        REQUIRE(write_png(path.string(), got));
        continue;
      }
      auto want = read_png(path.string());
      REQUIRE(want);
      REQUIRE(want->width == got.width);
      REQUIRE(want->height == got.height);
      const double share = differing_share(want.value(), got, 8);
      if (share > 0.002) {
        const fs::path actual = fs::path(TW_BINARY_DIR) / "golden-actual" / name;
        fs::create_directories(actual.parent_path());
        (void)write_png(actual.string(), got);
        FAIL(name << ": " << share * 100 << "% of pixels differ by more than 8/255; actual image written to "
                  << actual.string());
      }
    }
  }
  require_validation_clean();
}

// The rows are buttons (layout::card_buttons' row0..row3): a picked row is
// filled and ticked, and "Continue anyway" unlocks with it after the pause;
// a hovered row is outlined with its dwell ring. 12 s in: the pause is over.
TEST_CASE("a picked and a hovered pick row match their golden images", "[render][golden]") {
  const fs::path golden_dir = fs::path(TW_SOURCE_DIR) / "tests" / "data" / "golden";
  const bool update = std::getenv("TW_UPDATE_GOLDENS") != nullptr;
  test::PanelFixture fx;
  PanelRenderer renderer = make_renderer();
  for (Theme theme : {Theme::additive, Theme::plated}) {
    for (const auto& [kind, index] : {std::pair{"intention", 2}, std::pair{"alternative", 3}}) {
      const std::string name = std::string("friction_") + kind + "_picked_" + std::string(to_string(theme)) + ".png";
      INFO(name);
      Overlay o = fx.exercise_overlay(index, 12'000);
      REQUIRE(o.rows == 4);
      PanelContent unpicked = make_panel_content(o, fx.policy, fx.apps, fx.categories, theme);
      o.picked = 1;
      PanelContent content = make_panel_content(o, fx.policy, fx.apps, fx.categories, theme);
      CHECK(content.picked == 1);
      CHECK(content != unpicked);  // a pick re-renders the panel
      content.hovered = 4;         // row2 (card_buttons: continue, leave, row0..row3)
      content.dwell_steps = kDwellSteps / 2;
      RgbaImage got = render_to_pixels(renderer, content);
      unpicked.hovered = 4;
      unpicked.dwell_steps = kDwellSteps / 2;
      CHECK(differing_share(got, render_to_pixels(renderer, unpicked), 8) > 0.005);
      const fs::path path = golden_dir / name;
      if (update) {
        REQUIRE(write_png(path.string(), got));
        continue;
      }
      auto want = read_png(path.string());
      REQUIRE(want);
      REQUIRE(want->width == got.width);
      REQUIRE(want->height == got.height);
      const double share = differing_share(want.value(), got, 8);
      if (share > 0.002) {
        const fs::path actual = fs::path(TW_BINARY_DIR) / "golden-actual" / name;
        fs::create_directories(actual.parent_path());
        (void)write_png(actual.string(), got);
        FAIL(name << ": " << share * 100 << "% of pixels differ by more than 8/255; actual image written to "
                  << actual.string());
      }
    }
  }
  require_validation_clean();
}

// What each kind puts on the prompt, and that a breath re-renders only when
// its displayed step changes.
TEST_CASE("exercise content: the pacer's phase, the rows to pick", "[render]") {
  test::PanelFixture fx;
  auto content = [&](int32_t exercise, int64_t ms) {
    return make_panel_content(fx.exercise_overlay(exercise, ms), fx.policy, fx.apps, fx.categories, Theme::additive);
  };
  PanelContent b = content(0, 12'500);
  CHECK(b.exercise_kind == ExerciseKind::breathe);
  CHECK(b.breath == 1);
  CHECK(b.breaths == 3);
  CHECK(b.inhale);
  CHECK(b.pacer_steps == kPacerSteps * 5 / 8);  // 2.5 s of the 4 s inhale
  CHECK(content(0, 12'501) == b);               // a millisecond draws nothing new
  CHECK_FALSE(content(0, 15'000).inhale);
  CHECK(content(0, 30'000).breath == 3);        // done
  PanelContent i = content(2, 0);
  CHECK(i.exercise_kind == ExerciseKind::intention);
  REQUIRE(i.row_count == 4);
  CHECK(i.rows[0].view() == "reply to Ana");
  PanelContent a = content(3, 0);
  REQUIRE(a.row_count == 4);
  CHECK(a.rows[1].view() == "Stretch your shoulders");
  CHECK(a.rows[2].view() == "Call Grandma back");
  CHECK(content(1, 0).countdown_s == 30);  // wait: 30 s, longer than the 10 s pause
}

TEST_CASE("themes differ: additive has no plate, plated has an opaque plate", "[render]") {
  test::PanelFixture fx;
  PanelRenderer renderer = make_renderer();
  RgbaImage additive = render_to_pixels(renderer, fx.content(OverlayKind::fill_card, Theme::additive));
  RgbaImage plated = render_to_pixels(renderer, fx.content(OverlayKind::fill_card, Theme::plated));
  // The panel's middle-left margin: empty on additive, the dark plate on plated.
  const size_t i = (size_t{additive.width} * (additive.height / 2) + 12) * 4;
  CHECK(additive.pixels[i + 3] == 0);
  CHECK(plated.pixels[i + 3] > 200);
  CHECK(plated.pixels[i] < 40);
  CHECK(lit_pixels(plated) > 2 * lit_pixels(additive));
  require_validation_clean();
}

TEST_CASE("an unchanged panel submits nothing, a changed displayed value submits exactly once", "[render][on-change]") {
  test::PanelFixture fx;
  PanelRenderer renderer = make_renderer();
  auto img = OffscreenImage::create(vulkan().physical_device(), vulkan().device(), 256, 256);
  REQUIRE(img);
  const PanelTarget target = img->target(VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL);
  Overlay o = fx.overlay(OverlayKind::budget_ring);
  auto content = [&] { return make_panel_content(o, fx.policy, fx.apps, fx.categories, Theme::additive); };

  auto first = renderer.update(0, content(), target);
  REQUIRE(first);
  CHECK(first.value());
  const uint64_t after_first = renderer.stats().submissions;
  CHECK(after_first == 1);

  // 90 frames in which seconds tick but the displayed minute (12) stays.
  for (int frame = 0; frame < 90; ++frame) {
    if (frame % 9 == 0) { o.used_s += 1; o.remaining_s -= 1; }
    auto drawn = renderer.update(0, content(), target);
    REQUIRE(drawn);
    CHECK_FALSE(drawn.value());
  }
  CHECK(renderer.stats().submissions == after_first);
  CHECK(renderer.stats().skipped == 90);

  // The minute changes: exactly one submission, then quiet again.
  o.remaining_s = 10 * 60 + 59;
  for (int frame = 0; frame < 90; ++frame) REQUIRE(renderer.update(0, content(), target));
  CHECK(renderer.stats().submissions == after_first + 1);
  REQUIRE(renderer.wait_idle());
  REQUIRE(renderer.forget_view(img->view()));
  require_validation_clean();
}

TEST_CASE("displayed content ignores seconds and rounds cost as shown", "[render]") {
  test::PanelFixture fx;
  Overlay o = fx.overlay(OverlayKind::budget_ring);
  PanelContent a = make_panel_content(o, fx.policy, fx.apps, fx.categories, Theme::additive);
  CHECK(a.minutes == 12);
  CHECK(a.limit_min == 30);
  CHECK(a.arc_steps == 96);  // 12/30 of 240
  CHECK(a.cost_cents == 400);  // 3.73 EUR shown as "4 EUR" on the ring
  CHECK(a.label.view() == "social");
  o.remaining_s -= 39;  // 11:01 left: still shows 12 min
  o.cost_today += 0.1;
  CHECK(make_panel_content(o, fx.policy, fx.apps, fx.categories, Theme::additive) == a);
  o.remaining_s -= 1;  // 11:00: shows 11
  CHECK(make_panel_content(o, fx.policy, fx.apps, fx.categories, Theme::additive) != a);

  PanelContent s = fx.content(OverlayKind::daily_summary, Theme::plated);
  CHECK(s.minutes == 134);
  CHECK(s.cost_cents == 5380);
  // Out-of-range indices give empty texts, not a crash.
  Overlay bad = fx.overlay(OverlayKind::fill_card);
  bad.fill_item = 99;
  CHECK(make_panel_content(bad, fx.policy, fx.apps, fx.categories, Theme::plated).body.empty());
  // Long UTF-8 text is cut on a character boundary.
  FixedText<8> t;
  t.assign("caf\xC3\xA9\xC3\xA9\xC3\xA9");
  CHECK(t.view() == "caf\xC3\xA9\xC3\xA9");
}

TEST_CASE("a missing or invalid font is a clear error naming the path", "[render]") {
  RendererDesc desc = vulkan().renderer_desc();
  desc.font_path = "/nonexistent/Fonts/Missing.ttf";
  auto r = PanelRenderer::create(desc);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == Errc::not_found);
  CHECK(r.error().message.find("/nonexistent/Fonts/Missing.ttf") != std::string::npos);

  desc.font_path = TW_SOURCE_DIR "/CMakeLists.txt";
  auto bad = PanelRenderer::create(desc);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == Errc::parse);
  CHECK(bad.error().message.find("CMakeLists.txt") != std::string::npos);

  RendererDesc empty{};
  auto none = PanelRenderer::create(empty);
  REQUIRE_FALSE(none);
  CHECK(none.error().code == Errc::invalid_argument);
  require_validation_clean();
}

TEST_CASE("a wrong target is rejected without rendering", "[render]") {
  PanelRenderer renderer = make_renderer();
  test::PanelFixture fx;
  PanelTarget t{};
  auto r = renderer.update(0, fx.content(OverlayKind::nudge, Theme::plated), t);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == Errc::invalid_argument);
  CHECK(renderer.stats().submissions == 0);
  require_validation_clean();
}

TEST_CASE("the compositor draws panels at screen rectangles and at 3D poses", "[render][compositor]") {
  test::PanelFixture fx;
  PanelRenderer renderer = make_renderer();
  HeadlessVulkan& vk = vulkan();
  auto ring = OffscreenImage::create(vk.physical_device(), vk.device(), 256, 256);
  auto card = OffscreenImage::create(vk.physical_device(), vk.device(), 640, 320);
  REQUIRE(ring);
  REQUIRE(card);
  REQUIRE(renderer.render(0, fx.content(OverlayKind::budget_ring, Theme::additive),
                          ring->target(VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL)));
  REQUIRE(renderer.render(1, fx.content(OverlayKind::fill_card, Theme::additive),
                          card->target(VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL)));
  REQUIRE(renderer.wait_idle());

  for (DisplayBlend blend : {DisplayBlend::alpha, DisplayBlend::additive}) {
    CompositorDesc cd;
    cd.width = 640;
    cd.height = 480;
    cd.blend = blend;
    cd.scene = true;
    auto comp = Compositor::create(vk, cd);
    REQUIRE(comp);
    auto bare = comp->compose({});
    REQUIRE(bare);
    const layout::Fov fov = layout::symmetric_fov(46.f, 36.f);
    layout::Pose T_view_card;
    T_view_card.position = {0.f, -0.2f, -1.5f};
    CompositeQuad quads[2] = {
        posed_quad(card->view(), projection_for(fov), T_view_card, {0.6f, 0.3f}),
        screen_quad(ring->view(), {500.f, 340.f}, {628.f, 468.f}, cd.width, cd.height)};
    auto frame = comp->compose(quads);
    REQUIRE(frame);
    const std::string name = blend == DisplayBlend::alpha ? "compositor_alpha.png" : "compositor_additive.png";
    (void)write_png((fs::path(TW_BINARY_DIR) / name).string(), frame.value());
    // The ring's top (arc) changes the scene; its transparent corner does not.
    auto px = [&](const RgbaImage& img, uint32_t x, uint32_t y) {
      const size_t i = (size_t{y} * img.width + x) * 4;
      return std::abs(img.pixels[i] - bare->pixels[i]) + std::abs(img.pixels[i + 1] - bare->pixels[i + 1]) +
             std::abs(img.pixels[i + 2] - bare->pixels[i + 2]);
    };
    CHECK(px(frame.value(), 564, 352) > 60);  // arc at 12 o'clock
    CHECK(px(frame.value(), 502, 342) == 0);  // transparent corner
    // The posed card's title sits in the upper-left of the centre-low region.
    size_t changed = 0;
    for (uint32_t y = 200; y < 330; ++y)
      for (uint32_t x = 180; x < 460; ++x) changed += px(frame.value(), x, y) > 30;
    CHECK(changed > 1500);
  }
  REQUIRE(renderer.forget_view(ring->view()));
  REQUIRE(renderer.forget_view(card->view()));
  require_validation_clean();
}

TEST_CASE("FrameWriter writes what one eye sees, re-rendering only changed panels", "[render][frames]") {
  test::PanelFixture fx;
  const fs::path dir = fs::path(TW_BINARY_DIR) / "test-frames";
  fs::remove_all(dir);
  FrameWriterDesc desc;
  desc.dir = dir.string();
  desc.width = 640;
  desc.height = 500;
  auto fw = FrameWriter::create(desc);
  REQUIRE(fw);
  Instant now;
  now.mono_ns = 1'000'000'000;
  std::vector<Overlay> set = {fx.overlay(OverlayKind::budget_ring), fx.overlay(OverlayKind::fill_card)};
  auto a = fw->write(set, fx.policy, fx.apps, fx.categories, now, "09:12 fill");
  REQUIRE(a);
  CHECK(fs::exists(a.value()));
  CHECK(a.value().find("0000-09-12-fill.png") != std::string::npos);
  CHECK(fw->stats().panel_renders == 2);
  CHECK(fw->stats().panels_drawn == 2);
  // Same content a second later: nothing re-rendered, still composited.
  now.mono_ns += 1'000'000'000;
  auto b = fw->write(set, fx.policy, fx.apps, fx.categories, now, "same");
  REQUIRE(b);
  CHECK(fw->stats().panel_renders == 2);
  CHECK(fw->stats().panels_drawn == 4);
  auto img_a = read_png(a.value());
  auto img_b = read_png(b.value());
  REQUIRE(img_a);
  REQUIRE(img_b);
  CHECK(img_a->pixels == img_b->pixels);
  // The ring's minute changes: exactly one panel re-rendered.
  set[0].remaining_s -= 120;
  now.mono_ns += 1'000'000'000;
  REQUIRE(fw->write(set, fx.policy, fx.apps, fx.categories, now, "minute"));
  CHECK(fw->stats().panel_renders == 3);
  FrameWriterDesc bad;
  CHECK_FALSE(FrameWriter::create(bad));
}

TEST_CASE("a panel drawn at an offset, scaled, or over an image's contents (atlas, views)", "[render][target]") {
  test::PanelFixture fx;
  PanelRenderer renderer = make_renderer();
  const PanelContent ring = fx.content(OverlayKind::budget_ring, Theme::plated);
  const PanelContent card = fx.content(OverlayKind::fill_card, Theme::plated);
  const RgbaImage plain = render_to_pixels(renderer, ring);
  const uint32_t w = plain.width, h = plain.height, W = 2 * w, H = 2 * h;
  auto img = OffscreenImage::create(vulkan().physical_device(), vulkan().device(), W, H);
  REQUIRE(img);
  auto read = [&](VkImageLayout layout) {
    REQUIRE(renderer.wait_idle());
    auto px = vulkan().read_back(img->image(), W, H, layout);
    REQUIRE(px);
    return std::move(px.value());
  };
  auto pixel = [](const RgbaImage& im, uint32_t x, uint32_t y) { return &im.pixels[(size_t{y} * im.width + x) * 4]; };

  // At an offset: the bottom-right quarter is the plain render.
  PanelTarget at = img->target(VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL);
  at.x = w, at.y = h, at.width = w, at.height = h;
  REQUIRE(renderer.render(99, ring, at));
  const RgbaImage offset = read(VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL);
  size_t differing = 0;
  for (uint32_t y = 0; y < h; ++y)
    for (uint32_t x = 0; x < w; ++x)
      for (int c = 0; c < 4; ++c) differing += std::abs(pixel(offset, w + x, h + y)[c] - pixel(plain, x, y)[c]) > 2;
  CHECK(differing == 0);

  // Scaled: laid out at w x h, drawn into W x H; a 2x2 box filter of it is
  // close to the plain render.
  PanelTarget big = img->target(VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL);
  big.layout_width = w, big.layout_height = h;
  REQUIRE(renderer.render(99, ring, big));
  RgbaImage scaled = read(VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL);
  RgbaImage down{w, h, std::vector<uint8_t>(size_t{w} * h * 4)};
  for (uint32_t y = 0; y < h; ++y)
    for (uint32_t x = 0; x < w; ++x)
      for (int c = 0; c < 4; ++c)
        down.pixels[(size_t{y} * w + x) * 4 + c] = static_cast<uint8_t>(
            (pixel(scaled, 2 * x, 2 * y)[c] + pixel(scaled, 2 * x + 1, 2 * y)[c] + pixel(scaled, 2 * x, 2 * y + 1)[c] +
             pixel(scaled, 2 * x + 1, 2 * y + 1)[c] + 2) / 4);
  CHECK(differing_share(down, plain, 48) < 0.05);
  CHECK(lit_pixels(scaled) > 3 * lit_pixels(plain));

  // Over the contents: the scaled ring stays outside the card's rectangle,
  // and the card changes what is inside it.
  PanelExtentPx ce = panel_extent_px(OverlayKind::fill_card);
  PanelTarget over = img->target(VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL);
  over.x = 1, over.y = 1, over.width = std::min(ce.width, W - 2) / 2, over.height = std::min(ce.height, H - 2) / 2;
  over.layout_width = ce.width, over.layout_height = ce.height;
  over.blend_over = true;
  REQUIRE(renderer.render(99, card, over));
  const RgbaImage blended = read(VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL);
  size_t outside_changed = 0, inside_changed = 0;
  for (uint32_t y = 0; y < H; ++y)
    for (uint32_t x = 0; x < W; ++x) {
      const bool inside = x >= over.x && x < over.x + over.width && y >= over.y && y < over.y + over.height;
      bool changed = false;
      for (int c = 0; c < 4; ++c) changed = changed || pixel(blended, x, y)[c] != pixel(scaled, x, y)[c];
      (inside ? inside_changed : outside_changed) += changed;
    }
  CHECK(outside_changed == 0);
  CHECK(inside_changed > over.width * over.height / 2);  // the plate covers most of it
  REQUIRE(renderer.forget_view(img->view()));
  require_validation_clean();
}

namespace {

// A layout as the solver gives it: each entry (kind, overlay index, collapsed).
layout::Layout placed(std::initializer_list<std::tuple<OverlayKind, uint16_t, bool>> panels) {
  layout::Layout l;
  for (const auto& [kind, index, collapsed] : panels) {
    layout::PlacedPanel& p = l.items[l.count++];
    p.kind = kind;
    p.overlay_index = index;
    p.visibility = collapsed ? layout::Visibility::collapsed : layout::Visibility::shown;
    p.view_space = true;
    p.pose.position = {0.f, 0.f, -1.f};
    p.size_m = {0.2f, 0.1f};
  }
  return l;
}

// Slot images a target owns, here plain offscreen images: counts what the
// presenter asks of them.
struct CountingImages final : PanelImages {
  std::array<OffscreenImage, PanelPresenter::kSlots> images{};
  int acquired = 0, released = 0;
  Result<PanelTarget> acquire(uint32_t slot, PanelExtentPx form) override {
    ++acquired;
    if (!images[slot].image()) {
      auto img = OffscreenImage::create(vulkan().physical_device(), vulkan().device(), 700, 400);
      if (!img) return img.error();
      images[slot] = std::move(img.value());
    }
    PanelTarget t = images[slot].target(VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL);
    t.width = form.width;
    t.height = form.height;
    return t;
  }
  Status release(uint32_t) override {
    ++released;
    return {};
  }
};

}  // namespace

TEST_CASE("the presenter renders changed panels into their slots and returns the quad list", "[render][presenter]") {
  test::PanelFixture fx;
  auto made = PanelPresenter::create({.renderer = vulkan().renderer_desc()});
  REQUIRE(made);
  PanelPresenter& presenter = made.value();
  std::vector<Overlay> overlays = {fx.overlay(OverlayKind::budget_ring), fx.overlay(OverlayKind::warning),
                                   fx.overlay(OverlayKind::warning), fx.overlay(OverlayKind::fill_card)};
  overlays[2].budget = -1;  // a second warning, with other text
  const layout::Layout l = placed({{OverlayKind::budget_ring, 0, false}, {OverlayKind::warning, 1, false},
                                   {OverlayKind::warning, 2, false}, {OverlayKind::fill_card, 3, true}});
  const PresentInput in{.layout = &l, .overlays = overlays, .policy = &fx.policy, .apps = &fx.apps,
                        .categories = &fx.categories, .theme = Theme::plated};
  auto first = presenter.present(in);
  REQUIRE(first);
  REQUIRE(first->size() == 4);
  const std::span<const PanelQuad> q = first.value();
  // One slot scheme: kind * kSlotsPerKind + the n-th panel of that kind.
  CHECK(q[0].slot == 0);
  CHECK(q[1].slot == 2 * PanelPresenter::kSlotsPerKind);
  CHECK(q[2].slot == 2 * PanelPresenter::kSlotsPerKind + 1);
  CHECK(q[3].slot == static_cast<uint32_t>(OverlayKind::fill_card) * PanelPresenter::kSlotsPerKind);
  CHECK(q[3].collapsed);
  CHECK(q[3].extent.height == panel_extent_px(OverlayKind::fill_card, true).height);
  for (const PanelQuad& p : q) {
    CHECK(p.rendered);
    CHECK(p.has_image);
    CHECK(p.view != VK_NULL_HANDLE);
  }
  CHECK(q[1].view != q[2].view);
  CHECK(presenter.stats().renders == 4);

  // Nothing changed: no render, no submission, same quads.
  const uint64_t submissions = presenter.renderer().stats().submissions;
  auto second = presenter.present(in);
  REQUIRE(second);
  CHECK(presenter.renderer().stats().submissions == submissions);
  CHECK(presenter.stats().renders == 4);
  CHECK(presenter.stats().unchanged == 4);
  for (const PanelQuad& p : second.value()) CHECK_FALSE(p.rendered);

  // The ring's minute changes: exactly that slot renders, once.
  overlays[0].remaining_s -= 120;
  auto third = presenter.present(in);
  REQUIRE(third);
  CHECK(presenter.renderer().stats().submissions == submissions + 1);
  CHECK(third.value()[0].rendered);
  CHECK_FALSE(third.value()[1].rendered);

  // The wearer's gaze rests on the fill card's "dismiss": the dwell ring
  // renders once per quantised step (kDwellSteps), not once per frame.
  const uint64_t before_hover = presenter.renderer().stats().submissions;
  PresentInput hover = in;
  hover.hover_overlay = 3;
  hover.hover_button = layout::CardButton::dismiss;
  int hover_renders = 0;
  for (int frame = 0; frame <= 108; ++frame) {  // 1.2 s of dwell at 90 Hz
    hover.hover_progress = static_cast<float>(frame) / 108.f;
    auto f = presenter.present(hover);
    REQUIRE(f);
    hover_renders += f.value()[3].rendered ? 1 : 0;
    CHECK_FALSE(f.value()[0].rendered);
  }
  CHECK(hover_renders == kDwellSteps + 1);  // step 0 (the hover itself), then each step
  CHECK(presenter.renderer().stats().submissions == before_hover + static_cast<uint64_t>(hover_renders));
  auto rest = presenter.present(hover);  // resting at 1: nothing new
  REQUIRE(rest);
  CHECK_FALSE(rest.value()[3].rendered);

  // Bad input renders nothing: no layout, or an overlay index out of range.
  CHECK(presenter.prepare({}).empty());
  const layout::Layout stray = placed({{OverlayKind::nudge, 9, false}});
  CHECK(presenter.prepare({.layout = &stray, .overlays = overlays, .policy = &fx.policy, .apps = &fx.apps,
                           .categories = &fx.categories})
            .empty());
  require_validation_clean();
}

TEST_CASE("the presenter draws into a target's own slot images, one panel per kind when asked", "[render][presenter]") {
  test::PanelFixture fx;
  CountingImages images;
  auto made = PanelPresenter::create({.renderer = vulkan().renderer_desc(), .images = &images, .max_per_kind = 1});
  REQUIRE(made);
  PanelPresenter& presenter = made.value();
  const std::vector<Overlay> overlays = {fx.overlay(OverlayKind::warning), fx.overlay(OverlayKind::warning)};
  const layout::Layout l = placed({{OverlayKind::warning, 0, false}, {OverlayKind::warning, 1, false}});
  const PresentInput in{.layout = &l, .overlays = overlays, .policy = &fx.policy, .apps = &fx.apps,
                        .categories = &fx.categories};
  // Prepared but not rendered (an XR atlas frame): the images are not touched.
  CHECK(presenter.prepare(in).size() == 1);
  CHECK_FALSE(presenter.quads()[0].has_image);
  CHECK(images.acquired == 0);
  REQUIRE(presenter.render_changed());
  CHECK(images.acquired == 1);
  CHECK(images.released == 1);
  CHECK(presenter.quads()[0].view == VK_NULL_HANDLE);  // the target knows its images
  REQUIRE(presenter.present(in));
  CHECK(images.acquired == 1);  // unchanged: no acquire at all
  // A failing image source is an error, and the panel is not taken as shown.
  struct Failing final : PanelImages {
    Result<PanelTarget> acquire(uint32_t, PanelExtentPx) override { return Error{Errc::io, "no image"}; }
    Status release(uint32_t) override { return {}; }
  } failing;
  auto broken = PanelPresenter::create({.renderer = vulkan().renderer_desc(), .images = &failing});
  REQUIRE(broken);
  auto r = broken->present(in);
  REQUIRE_FALSE(r);
  CHECK(r.error().message == "no image");
  CHECK_FALSE(broken->quads()[0].has_image);
  REQUIRE(presenter.wait_idle());
  for (const OffscreenImage& img : images.images)
    if (img.view()) REQUIRE(presenter.renderer().forget_view(img.view()));
  CHECK_FALSE(PanelPresenter::create({.renderer = vulkan().renderer_desc(), .images = &images, .signal = true}));
  require_validation_clean();
}
