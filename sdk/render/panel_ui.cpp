// panel_ui.cpp: the look of every panel kind, in both themes.
#include "render/panel_ui.hpp"

#include <imgui.h>

#include <cinttypes>
#include <cmath>
#include <cfloat>
#include <cstdio>
#include <cstring>

#include "layout/card_buttons.hpp"

namespace tw::render_detail {

void sdf_ring_marker(const ImDrawList*, const ImDrawCmd*) {}

namespace {

struct Palette {
  ImU32 text, dim, accent, warn, alert, track, plate, border, button_text;
  bool plate_on;
};

Palette palette(Theme theme) {
  if (theme == Theme::additive) {
    // Black emits no light on additive optics: bright strokes, no plate.
    return {IM_COL32(255, 255, 255, 255), IM_COL32(190, 215, 225, 255), IM_COL32(80, 230, 255, 255),
            IM_COL32(255, 200, 70, 255),  IM_COL32(255, 110, 90, 255),  IM_COL32(70, 85, 95, 255),
            IM_COL32(0, 0, 0, 0),         IM_COL32(0, 0, 0, 0),         IM_COL32(80, 230, 255, 255),
            false};
  }
  return {IM_COL32(255, 255, 255, 255), IM_COL32(200, 205, 215, 255), IM_COL32(70, 200, 255, 255),
          IM_COL32(255, 190, 60, 255),  IM_COL32(255, 100, 80, 255),  IM_COL32(80, 86, 98, 255),
          IM_COL32(16, 18, 24, 235),    IM_COL32(255, 255, 255, 40),  IM_COL32(255, 255, 255, 255),
          true};
}

struct Ctx {
  const PanelContent& c;
  float w, h;
  const PanelFonts& f;
  PanelShapes& shapes;
  Palette p;
  ImDrawList* dl;
};

void ring(Ctx& x, float cx, float cy, float radius, float half_w, float fraction, ImU32 arc) {
  if (x.shapes.ring_count >= kMaxRings) return;
  SdfRing& r = x.shapes.rings[x.shapes.ring_count++];
  r = {cx, cy, radius, half_w, fraction, x.p.track, arc};
  x.dl->AddCallback(sdf_ring_marker, &r);
}

void plate(Ctx& x, float rounding) {
  if (!x.p.plate_on) return;
  x.dl->AddRectFilled({2, 2}, {x.w - 2, x.h - 2}, x.p.plate, rounding);
  x.dl->AddRect({2, 2}, {x.w - 2, x.h - 2}, x.p.border, rounding, 0, 2.0f);
}

// Shortens `s` with an ellipsis until it fits `max_w`; writes into `out`.
const char* fit(ImFont* font, float max_w, const char* s, char (&out)[256]) {
  std::snprintf(out, sizeof out, "%s", s);
  size_t len = strlen(out);
  while (len > 0 && font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, out).x > max_w) {
    // Drop one UTF-8 character, then append "…".
    do { --len; } while (len > 0 && (static_cast<unsigned char>(out[len]) & 0xC0u) == 0x80u);
    std::snprintf(out + len, sizeof out - len, "\xE2\x80\xA6");
  }
  return out;
}

void text_at(Ctx& x, ImFont* font, float px, float py, ImU32 col, const char* s) {
  x.dl->AddText(font, font->FontSize, {px, py}, col, s);
}

void text_centered(Ctx& x, ImFont* font, float cx, float py, float max_w, ImU32 col, const char* s) {
  char buf[256];
  const char* t = fit(font, max_w, s, buf);
  float tw = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, t).x;
  text_at(x, font, cx - tw * 0.5f, py, col, t);
}

// Wrapped text laid out by ImGui's own widget at a cursor position.
void text_wrapped(Ctx&, ImFont* font, float px, float py, float wrap_w, ImU32 col, const char* s) {
  ImGui::SetCursorPos({px, py});
  ImGui::PushFont(font);
  ImGui::PushStyleColor(ImGuiCol_Text, col);
  ImGui::PushTextWrapPos(px + wrap_w);
  ImGui::TextUnformatted(s);
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
  ImGui::PopFont();
}

void format_cost(const PanelContent& c, bool whole, char (&out)[64]) {
  int64_t units = c.cost_cents / 100;
  if (whole) std::snprintf(out, sizeof out, "%" PRId64 " %s", units, c.currency.chars);
  else std::snprintf(out, sizeof out, "%" PRId64 ".%02" PRId64 " %s", units, c.cost_cents % 100, c.currency.chars);
}

const char* window_phrase(Reason r) {
  switch (r) {
    case Reason::sleep_window: return "Sleep time is protected";
    case Reason::focus_window: return "Focus time is protected";
    case Reason::schedule_window: return "This time is protected";
    case Reason::reclaimed_time: return "Reclaimed time is protected";
    case Reason::youth_night: return "Night hours";
    case Reason::youth_daily_cap: return "Today's time is used up";
    case Reason::budget_reached: return "Today's budget is used up";
    case Reason::bypass_exhausted: return "No extensions left today";
    case Reason::idle_protect_context:
    case Reason::idle_protect_schedule:
    case Reason::idle_protect_default:
    case Reason::idle_protect_window: return "Quiet moment";
    default: return "Protected";
  }
}

// Panels are laid out on the placement solver's grid: text lines of
// kLinePx pitch inside kPadPx of padding (panel_spec.hpp, 28 px per em).
constexpr float kPadPx = 0.6f * kPanelEmPx;
constexpr float kLinePx = 1.4f * kPanelEmPx;

float line_y(int i) { return kPadPx + static_cast<float>(i) * kLinePx; }

void budget_ring(Ctx& x) {
  const PanelContent& c = x.c;
  const float cx = x.w * 0.5f, cy = x.h * 0.5f, r = x.w * 0.44f;
  if (x.p.plate_on) x.dl->AddCircleFilled({cx, cy}, x.w * 0.5f - 1.f, x.p.plate, 64);
  const bool low = c.limit_min > 0 && c.minutes * 5 <= c.limit_min;
  ring(x, cx, cy, r, x.w * 0.04f, static_cast<float>(c.arc_steps) / kArcSteps, low ? x.p.warn : x.p.accent);
  // Line 1: minutes left (number and unit share a baseline); line 2: cost.
  char num[32], cost[64];
  std::snprintf(num, sizeof num, "%d", c.minutes);
  const float nw = x.f.title->CalcTextSizeA(x.f.title->FontSize, FLT_MAX, 0, num).x;
  const float uw = x.f.small->CalcTextSizeA(x.f.small->FontSize, FLT_MAX, 0, " min").x;
  const float left = cx - (nw + uw) * 0.5f, top = cy - 30.f;
  text_at(x, x.f.title, left, top, x.p.text, num);
  text_at(x, x.f.small, left + nw, top + 10.f, x.p.text, " min");
  format_cost(c, true, cost);
  text_centered(x, x.f.small, cx, cy + 6.f, r * 1.5f, x.p.dim, cost);
}

void protect_indicator(Ctx& x) {
  const float c = x.w * 0.5f;
  if (x.p.plate_on) x.dl->AddCircleFilled({c, c}, c - 1.f, x.p.plate, 48);
  ring(x, c, c, c * 0.72f, c * 0.11f, 1.0f, x.p.accent);
  x.dl->AddCircleFilled({c, c}, c * 0.26f, x.p.accent, 24);
}

void warning(Ctx& x) {
  const PanelContent& c = x.c;
  plate(x, 14);
  char buf[256], cost[64], fitted[256];
  const float tx = x.c.collapsed ? kPadPx : x.h, tw = x.w - tx - kPadPx;
  std::snprintf(buf, sizeof buf, "%s: %d min left", c.label.empty() ? "Budget" : c.label.chars, c.minutes);
  text_at(x, x.f.title, tx, line_y(0) - 2.f, x.p.warn, fit(x.f.title, tw, buf, fitted));
  if (c.collapsed) return;
  const float cy = x.h * 0.5f, rr = x.h * 0.5f - kPadPx;
  ring(x, x.h * 0.5f, cy, rr - 4.f, 5.f, static_cast<float>(c.arc_steps) / kArcSteps, x.p.warn);
  std::snprintf(buf, sizeof buf, "%d", c.minutes);
  text_centered(x, x.f.title, x.h * 0.5f, cy - 18.f, rr, x.p.text, buf);
  std::snprintf(buf, sizeof buf, "%d of %d min used", c.limit_min - c.minutes, c.limit_min);
  text_at(x, x.f.body, tx, line_y(1), x.p.text, fit(x.f.body, tw, buf, fitted));
  format_cost(c, false, cost);
  std::snprintf(buf, sizeof buf, "Today's time is worth %s", cost);
  text_at(x, x.f.small, tx, line_y(2) + 4.f, x.p.dim, fit(x.f.small, tw, buf, fitted));
}

const char* button_label(const PanelContent& c, layout::CardButton b) {
  switch (b) {
    case layout::CardButton::continue_anyway:
      if (c.collapsed) return "Continue";
      return c.countdown_s > 0 || (c.row_count > 0 && c.picked < 0) ? "Continue anyway..." : "Continue anyway";
    case layout::CardButton::leave: return "Leave";
    case layout::CardButton::extend: return c.collapsed ? "More time" : "More time...";
    case layout::CardButton::dismiss: return "Dismiss";
    case layout::CardButton::action0: return c.action0.chars;
    case layout::CardButton::action1: return c.action1.chars;
    case layout::CardButton::row0:
    case layout::CardButton::row1:
    case layout::CardButton::row2:
    case layout::CardButton::row3: return c.rows[layout::row_index(b)].chars;
  }
  return "";
}

// The card's buttons, exactly where layout::card_buttons() puts them (the hit
// test reads the same table): offered ones only, greyed when they cannot be
// chosen yet, the hovered one highlighted with its dwell ring filling.
void buttons(Ctx& x) {
  const PanelContent& c = x.c;
  Overlay o;
  o.kind = c.kind;
  o.countdown_s = c.countdown_s;
  o.bypass_available = c.bypass_available;
  o.actions = static_cast<uint8_t>(!c.action0.empty() + !c.action1.empty());
  o.rows = static_cast<uint8_t>(c.row_count);
  o.picked = c.picked;
  const auto slots = layout::card_buttons(c.kind, c.collapsed);
  for (size_t i = 0; i < slots.size(); ++i) {
    const layout::ButtonSlot& b = slots[i];
    if (layout::row_index(b.button) >= 0) continue;  // pick_rows() draws the rows
    const layout::ButtonState st = layout::button_state(o, b.button);
    const float px = b.rect.x_em * kPanelEmPx, py = b.rect.y_em * kPanelEmPx;
    const float bw = b.rect.width_em * kPanelEmPx, bh = b.rect.height_em * kPanelEmPx;
    if (!st.offered) {
      if (b.button == layout::CardButton::continue_anyway && !c.collapsed)
        text_at(x, x.f.small, px, py + 0.5f * bh - 10.f, x.p.dim, "No extensions left today");
      continue;
    }
    const bool hovered = c.hovered == static_cast<int>(i);
    const float ring_r = std::fmin(0.5f * bh - 8.f, 0.13f * bw);  // the dwell ring, clear of a centred label
    if (hovered) x.dl->AddRect({px - 4.f, py - 4.f}, {px + bw + 4.f, py + bh + 4.f}, x.p.text, 15.f, 0, 3.f);
    ImGui::SetCursorPos({px, py});
    ImGui::PushFont(x.f.body);
    ImGui::BeginDisabled(!st.enabled);
    if (layout::action_index(b.button) < 0) {
      ImGui::Button(button_label(c, b.button), {bw, bh});
    } else {  // the sender's label: fitted here, never read as an ImGui id ("##")
      ImGui::PushID(static_cast<int>(i));
      ImGui::Button("##action", {bw, bh});
      ImGui::PopID();
      const float room = bw - 16.f - (hovered ? 2.f * ring_r + 12.f : 0.f);  // left of the dwell ring when hovered
      text_centered(x, x.f.body, px + 8.f + 0.5f * room, py + 0.5f * (bh - x.f.body->FontSize), room, x.p.button_text,
                    button_label(c, b.button));
    }
    ImGui::EndDisabled();
    ImGui::PopFont();
    if (hovered && st.enabled && c.dwell_steps > 0) {
      ring(x, px + bw - ring_r - 6.f, py + 0.5f * bh, ring_r, 3.f, static_cast<float>(c.dwell_steps) / kDwellSteps,
           x.p.accent);
    }
  }
}

// Line 3 of a breathe exercise: "Breathe in", the breath count, and a bar
// that grows for 4 s and shrinks for 6 s.
void breathe_pacer(Ctx& x, float y) {
  const PanelContent& c = x.c;
  char buf[64];
  const ImU32 col = c.inhale ? x.p.accent : x.p.text;
  if (c.breath >= c.breaths) std::snprintf(buf, sizeof buf, "Breaths done");
  else std::snprintf(buf, sizeof buf, "%s  %d of %d", c.inhale ? "Breathe in" : "Breathe out", c.breath + 1, c.breaths);
  text_at(x, x.f.body, kPadPx, y, col, buf);
  const float bx = 0.5f * x.w, bw = x.w - kPadPx - bx, cy = y + 0.5f * x.f.body->FontSize + 2.f, half = 9.f;
  x.dl->AddRectFilled({bx, cy - half}, {bx + bw, cy + half}, x.p.track, half);
  const float filled = bw * static_cast<float>(c.pacer_steps) / kPacerSteps;
  if (filled >= 2.f * half) x.dl->AddRectFilled({bx, cy - half}, {bx + filled, cy + half}, col, half);
}

// Lines 2 and 3: the rows the wearer can pick, two a line, each a button
// where layout::card_buttons() puts it (row0..row3): the picked one filled
// with the accent and ticked, the hovered one outlined with its dwell ring.
void pick_rows(Ctx& x) {
  const PanelContent& c = x.c;
  char fitted[256], label[256];
  const auto slots = layout::card_buttons(c.kind, c.collapsed);
  for (size_t s = 0; s < slots.size(); ++s) {
    const layout::ButtonSlot& b = slots[s];
    const int i = layout::row_index(b.button);
    if (i < 0 || i >= c.row_count) continue;
    const float px = b.rect.x_em * kPanelEmPx, py = b.rect.y_em * kPanelEmPx;
    const float cw = b.rect.width_em * kPanelEmPx, ch = b.rect.height_em * kPanelEmPx;
    const bool picked = c.picked == i;
    const bool hovered = c.hovered == static_cast<int>(s);
    if (picked) x.dl->AddRectFilled({px, py}, {px + cw, py + ch}, x.p.accent, 10.f);
    x.dl->AddRect({px, py}, {px + cw, py + ch}, picked ? x.p.accent : hovered ? x.p.text : x.p.dim, 10.f, 0,
                  hovered ? 3.f : 2.f);
    const float ring_r = 0.5f * ch - 7.f, tick = picked ? 26.f : 0.f;
    const float room = cw - 24.f - tick - (hovered ? 2.f * ring_r + 8.f : 0.f);
    // On the accent fill the text is dark on both themes (additive: the fill emits, the text is a gap).
    const ImU32 ink = picked ? IM_COL32(10, 20, 28, 255) : x.p.text;
    if (picked) {  // a tick (the font has no check mark glyph)
      const float tx = px + 12.f, cy = py + 0.5f * ch;
      const ImVec2 pts[3] = {{tx, cy}, {tx + 6.f, cy + 6.f}, {tx + 17.f, cy - 7.f}};
      x.dl->AddPolyline(pts, 3, ink, 0, 3.5f);
    }
    std::snprintf(label, sizeof label, "%s", c.rows[i].chars);
    text_at(x, x.f.small, px + 12.f + tick, py + 0.5f * (ch - x.f.small->FontSize), ink, fit(x.f.small, room, label, fitted));
    if (hovered && c.dwell_steps > 0)
      ring(x, px + cw - ring_r - 6.f, py + 0.5f * ch, ring_r, 3.f, static_cast<float>(c.dwell_steps) / kDwellSteps,
           picked ? IM_COL32(10, 20, 28, 255) : x.p.accent);
  }
}

void exercise(Ctx& x) {
  const PanelContent& c = x.c;
  char buf[64];
  switch (c.exercise_kind) {
    case ExerciseKind::breathe: breathe_pacer(x, line_y(3) + 8.f); break;
    case ExerciseKind::wait:
      if (c.countdown_s > 0) std::snprintf(buf, sizeof buf, "Wait %d s, then choose", c.countdown_s);
      else std::snprintf(buf, sizeof buf, "Done waiting: choose");
      text_at(x, x.f.body, kPadPx, line_y(3) + 8.f, x.p.accent, buf);
      break;
    case ExerciseKind::intention:
    case ExerciseKind::alternative: pick_rows(x); break;
  }
}

void friction_prompt(Ctx& x) {
  const PanelContent& c = x.c;
  plate(x, 14);
  char buf[256], fitted[256];
  // Collapsed keeps the countdown and the way out.
  if (c.collapsed) {
    std::snprintf(buf, sizeof buf, "Pause: %d s", c.countdown_s);
    text_at(x, x.f.title, kPadPx, line_y(0) - 2.f, x.p.text, buf);
    buttons(x);
    return;
  }
  const float rr = kLinePx * 0.8f, rx = x.w - kPadPx - rr, ry = kPadPx + rr;
  std::snprintf(buf, sizeof buf, "Pause before %s", c.label.empty() ? "going on" : c.label.chars);
  text_at(x, x.f.title, kPadPx, line_y(0) - 2.f, x.p.text, fit(x.f.title, rx - rr - 2.f * kPadPx, buf, fitted));
  ring(x, rx, ry, rr - 3.f, 4.f, static_cast<float>(c.arc_steps) / kArcSteps, x.p.accent);
  std::snprintf(buf, sizeof buf, "%d", c.countdown_s);
  text_centered(x, x.f.title, rx, ry - 18.f, rr * 1.5f, x.p.text, buf);
  const char* body = c.body.empty() ? "Take three slow breaths." : c.body.chars;
  const bool rows = c.has_exercise && (c.exercise_kind == ExerciseKind::intention ||
                                       c.exercise_kind == ExerciseKind::alternative);
  // Rows to pick take lines 2 and 3, so their question keeps to line 1.
  if (rows) text_at(x, x.f.body, kPadPx, line_y(1) + 6.f, x.p.text, fit(x.f.body, rx - rr - 2.f * kPadPx, body, fitted));
  else text_wrapped(x, x.f.body, kPadPx, line_y(1) + 6.f, x.w - 2.f * kPadPx - 2.f * rr, x.p.text, body);
  if (c.has_exercise) exercise(x);
  buttons(x);
}

// Why, and until when the block lasts (block_lift.hpp): "Sleep time until
// 07:00", "Budget resets at midnight"; only why when that is not known.
const char* lift_phrase(const PanelContent& c, char (&out)[256]) {
  const char* why = window_phrase(c.reason);
  switch (c.lift) {
    case LiftKind::unknown: return why;
    case LiftKind::day_reset:
      return c.reason == Reason::budget_reached ? "Budget resets at midnight" : "Paused until midnight";
    case LiftKind::week_reset: return "Budget resets on Monday";
    case LiftKind::at_minute: break;
  }
  const char* what = "Paused";
  switch (c.reason) {
    case Reason::sleep_window: what = "Sleep time"; break;
    case Reason::focus_window: what = "Focus time"; break;
    case Reason::schedule_window: what = "Protected time"; break;
    case Reason::youth_night: what = "Night hours"; break;
    default: break;
  }
  std::snprintf(out, sizeof out, "%s until %02d:%02d", what, c.lift_min / 60, c.lift_min % 60);
  return out;
}

void block_shield(Ctx& x) {
  const PanelContent& c = x.c;
  plate(x, 14);
  char buf[256], fitted[256];
  std::snprintf(buf, sizeof buf, "%s is paused", c.label.empty() ? "This" : c.label.chars);
  const float icon = c.collapsed ? 0.f : x.h;
  const float tx = kPadPx + icon, tw = x.w - tx - kPadPx;
  if (!c.collapsed) {
    const float r = x.h * 0.5f - kPadPx - 6.f;
    ring(x, x.h * 0.5f + 6.f, x.h * 0.5f, r, r * 0.16f, 1.0f, x.p.alert);
    x.dl->AddRectFilled({x.h * 0.5f + 6.f - r * 0.62f, x.h * 0.5f - r * 0.15f},
                        {x.h * 0.5f + 6.f + r * 0.62f, x.h * 0.5f + r * 0.15f}, x.p.alert, 2.f);
  }
  text_at(x, x.f.title, tx, line_y(0) - 2.f, x.p.text, fit(x.f.title, tw, buf, fitted));
  // Collapsed: the buttons take the phrase's line.
  if (!c.collapsed) text_at(x, x.f.body, tx, line_y(1), x.p.alert, fit(x.f.body, tw, lift_phrase(c, buf), fitted));
  buttons(x);
}

void fill_card(Ctx& x) {
  const PanelContent& c = x.c;
  plate(x, 14);
  char fitted[256];
  const float tw = x.w - 2.f * kPadPx;
  text_at(x, x.f.title, kPadPx, line_y(0) - 2.f, x.p.accent,
          fit(x.f.title, tw, c.title.empty() ? "A moment for you" : c.title.chars, fitted));
  const float left_w = 0.5f * (x.w - 3.f * kPadPx);  // beside "dismiss" on the right half
  if (c.collapsed) {
    text_at(x, x.f.body, kPadPx, line_y(1), x.p.text, fit(x.f.body, left_w, c.body.chars, fitted));
    buttons(x);
    return;
  }
  text_wrapped(x, x.f.body, kPadPx, line_y(1) + 4.f, tw, x.p.text, c.body.chars);
  text_at(x, x.f.small, kPadPx, line_y(5) + 6.f, x.p.dim, fit(x.f.small, left_w, "From your own list", fitted));
  buttons(x);
}

void wind_down(Ctx& x) {
  const PanelContent& c = x.c;
  plate(x, 14);
  char buf[256], fitted[256];
  const float tw = x.w - 2.f * kPadPx;
  std::snprintf(buf, sizeof buf, "Bedtime in %d min", c.minutes);
  ImFont* head = c.collapsed ? x.f.body : x.f.title;  // one line must fit 11 em
  text_at(x, head, kPadPx, line_y(0) - 2.f, x.p.warn, fit(head, tw, buf, fitted));
  if (c.collapsed) return;
  std::snprintf(buf, sizeof buf, "%s starts soon: time to wind down.", c.label.empty() ? "Sleep" : c.label.chars);
  text_at(x, x.f.body, kPadPx, line_y(1), x.p.text, fit(x.f.body, tw, buf, fitted));
  text_at(x, x.f.small, kPadPx, line_y(2) + 4.f, x.p.dim, fit(x.f.small, tw, "Apps you chose will pause then.", fitted));
}

void daily_summary(Ctx& x) {
  const PanelContent& c = x.c;
  plate(x, 14);
  char buf[256], cost[64], fitted[256];
  const float tw = x.w - 2.f * kPadPx;
  format_cost(c, false, cost);
  if (c.collapsed) {
    std::snprintf(buf, sizeof buf, "Your day: %d h %02d min", c.minutes / 60, c.minutes % 60);
    text_at(x, x.f.title, kPadPx, line_y(0) - 2.f, x.p.text, fit(x.f.title, tw, buf, fitted));
    std::snprintf(buf, sizeof buf, "Worth %s", cost);
    text_at(x, x.f.body, kPadPx, line_y(1), x.p.dim, fit(x.f.body, tw, buf, fitted));
    return;
  }
  text_at(x, x.f.title, kPadPx, line_y(0) - 2.f, x.p.accent, "Your day");
  std::snprintf(buf, sizeof buf, "%d h %02d min", c.minutes / 60, c.minutes % 60);
  text_at(x, x.f.big, kPadPx, line_y(1) + 4.f, x.p.text, fit(x.f.big, tw, buf, fitted));
  text_at(x, x.f.body, kPadPx, line_y(3) + 6.f, x.p.dim, "of attended screen time");
  std::snprintf(buf, sizeof buf, "Worth %s at your hourly value", cost);
  text_wrapped(x, x.f.body, kPadPx, line_y(4) + 12.f, tw, x.p.text, buf);
  text_at(x, x.f.small, kPadPx, line_y(6) + 14.f, x.p.dim, "Attended time only: away and idle moments are not counted.");
}

void nudge(Ctx& x) {
  const PanelContent& c = x.c;
  plate(x, 14);
  char buf[256], fitted[256];
  const float tw = x.w - 2.f * kPadPx;
  if (c.collapsed) {
    std::snprintf(buf, sizeof buf, "Message: %s", c.label.empty() ? "an app" : c.label.chars);
    text_at(x, x.f.body, kPadPx, line_y(0), x.p.text, fit(x.f.body, 0.5f * (x.w - 3.f * kPadPx), buf, fitted));
    buttons(x);
    return;
  }
  if (!c.title.empty()) {  // a notification: sender, summary; body; its actions beside "dismiss"
    const char* who = fit(x.f.body, 0.35f * tw, c.label.empty() ? "An app" : c.label.chars, fitted);
    text_at(x, x.f.body, kPadPx, line_y(0) + 2.f, x.p.accent, who);
    const float ww = x.f.body->CalcTextSizeA(x.f.body->FontSize, FLT_MAX, 0, who).x + 0.5f * kPadPx;
    char summary[256];
    text_at(x, x.f.title, kPadPx + ww, line_y(0) - 2.f, x.p.text, fit(x.f.title, tw - ww, c.title.chars, summary));
    if (c.more > 0) std::snprintf(buf, sizeof buf, "%s (+%d more)", c.body.chars, c.more);
    else std::snprintf(buf, sizeof buf, "%s", c.body.chars);
    for (char* p = buf; *p; ++p)
      if (*p == '\n' || *p == '\t') *p = ' ';  // one line
    text_at(x, x.f.body, kPadPx, line_y(1), x.p.dim, fit(x.f.body, tw, buf, fitted));
    buttons(x);
    return;
  }
  std::snprintf(buf, sizeof buf, "%s has a message", c.label.empty() ? "An app" : c.label.chars);
  text_at(x, x.f.title, kPadPx, line_y(0) - 2.f, x.p.text, fit(x.f.title, tw, buf, fitted));
  text_at(x, x.f.body, kPadPx, line_y(1), x.p.dim, fit(x.f.body, tw, "Held until this break, as you asked.", fitted));
  buttons(x);
}

}  // namespace

void build_panel_ui(const PanelContent& content, float width_px, float height_px, const PanelFonts& fonts,
                    PanelShapes& shapes) {
  shapes.ring_count = 0;
  Palette pal = palette(content.theme);

  ImGuiStyle& style = ImGui::GetStyle();
  style.WindowPadding = {0, 0};
  style.WindowBorderSize = 0;
  style.FrameRounding = 12;
  style.FrameBorderSize = 2;
  style.Colors[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(pal.button_text);
  style.Colors[ImGuiCol_TextDisabled] = ImGui::ColorConvertU32ToFloat4(pal.dim);
  style.Colors[ImGuiCol_Border] = ImGui::ColorConvertU32ToFloat4(pal.accent);
  ImVec4 fill = pal.plate_on ? ImVec4(0.16f, 0.22f, 0.30f, 1.0f) : ImVec4(0, 0, 0, 0);
  style.Colors[ImGuiCol_Button] = fill;
  style.Colors[ImGuiCol_ButtonHovered] = fill;
  style.Colors[ImGuiCol_ButtonActive] = fill;
  style.DisabledAlpha = 0.45f;

  ImGui::SetNextWindowPos({0, 0});
  ImGui::SetNextWindowSize({width_px, height_px});
  ImGui::Begin("panel", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoInputs |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoNav);
  Ctx x{content, width_px, height_px, fonts, shapes, pal, ImGui::GetWindowDrawList()};
  switch (content.kind) {
    case OverlayKind::budget_ring: budget_ring(x); break;
    case OverlayKind::protect_indicator: protect_indicator(x); break;
    case OverlayKind::warning: warning(x); break;
    case OverlayKind::friction_prompt: friction_prompt(x); break;
    case OverlayKind::block_shield: block_shield(x); break;
    case OverlayKind::fill_card: fill_card(x); break;
    case OverlayKind::wind_down: wind_down(x); break;
    case OverlayKind::daily_summary: daily_summary(x); break;
    case OverlayKind::nudge: nudge(x); break;
  }
  ImGui::End();
}

}  // namespace tw::render_detail
