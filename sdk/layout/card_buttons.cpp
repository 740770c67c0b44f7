#include "layout/card_buttons.hpp"

#include <array>

#include "layout/panel_spec.hpp"

namespace tw::layout {
namespace {

// panel_ui.cpp's button row, in em at 28 px per em: a two-line row starts
// 8 px below its first line and ends at the bottom padding; a one-line row
// starts on its line and stops 4 px short of the next one.
constexpr float kTwoLineRowGapEm = 8.f / 28.f;
constexpr float kOneLineRowTrimEm = 4.f / 28.f;
// The pick rows: two a line on lines 2 and 3 between the paddings, half a
// padding apart, 8 px below the line's top, 1.2 em high (a body line, big
// enough to dwell on), so 0.2 em short of the next line.
constexpr float kPickRowTopEm = 8.f / 28.f;
constexpr float kPickRowHeightEm = 1.2f;
constexpr int kPickRows = 4;

struct CardDef {
  std::array<CardButton, kMaxCardButtons> buttons{};
  int count = 0;
  bool icon_inset = false;  // the full form keeps a square icon (its height) at the left
};

CardDef card_def(OverlayKind kind, bool collapsed) {
  switch (kind) {
    case OverlayKind::friction_prompt:
      if (collapsed) return {{CardButton::continue_anyway, CardButton::leave}, 2, false};
      return {{CardButton::continue_anyway, CardButton::leave, CardButton::row0, CardButton::row1, CardButton::row2,
               CardButton::row3},
              6, false};
    case OverlayKind::block_shield: return {{CardButton::extend, CardButton::leave}, 2, true};
    case OverlayKind::fill_card: return {{CardButton::dismiss}, 1, false};
    case OverlayKind::nudge:
      if (collapsed) return {{CardButton::dismiss}, 1, false};
      return {{CardButton::dismiss, CardButton::action0, CardButton::action1}, 3, false};
    default: return {};
  }
}

struct FormButtons {
  std::array<ButtonSlot, kMaxCardButtons> slots{};
  int count = 0;
};

FormButtons layout_form(const CardDef& def, const PanelForm& form, bool collapsed) {
  FormButtons out;
  if (def.count == 0) return out;
  const float pad = kPanelPaddingEm, line = kPanelLineSpacing, h = form.drawn_height_em();
  const int row_lines = form.lines >= 4 ? 2 : 1;
  const float top = pad + static_cast<float>(form.lines - row_lines) * line;
  const float y = row_lines == 2 ? top + kTwoLineRowGapEm : top;
  const float height = row_lines == 2 ? h - pad - y : line - kOneLineRowTrimEm;
  const float x0 = pad + (def.icon_inset && !collapsed ? h : 0.f), x1 = form.width_em - pad;
  const float bw = (x1 - x0 - pad) * 0.5f;
  const float xs[2] = {x0, x0 + bw + pad};
  if (def.count == 2 + kPickRows) {  // two buttons, then the pick rows above them
    out.slots[0] = {def.buttons[0], {xs[0], y, bw, height}};
    out.slots[1] = {def.buttons[1], {xs[1], y, bw, height}};
    const float gap = 0.5f * pad, cw = 0.5f * (form.width_em - 2.f * pad - gap);
    for (int i = 0; i < kPickRows; ++i) {
      const float rx = pad + static_cast<float>(i % 2) * (cw + gap);
      const float ry = pad + static_cast<float>(2 + i / 2) * line + kPickRowTopEm;
      out.slots[static_cast<size_t>(2 + i)] = {def.buttons[static_cast<size_t>(2 + i)],
                                              {rx, ry, cw, kPickRowHeightEm}};
    }
    out.count = def.count;
    return out;
  }
  if (def.count == 3) {  // the first in the right half, the other two splitting the left half
    const float qw = (bw - pad) * 0.5f;
    out.slots[0] = {def.buttons[0], {xs[1], y, bw, height}};
    out.slots[1] = {def.buttons[1], {x0, y, qw, height}};
    out.slots[2] = {def.buttons[2], {x0 + qw + pad, y, qw, height}};
    out.count = 3;
    return out;
  }
  for (int i = 0; i < def.count; ++i) {
    const float x = def.count == 1 ? xs[1] : xs[i];
    out.slots[static_cast<size_t>(i)] = {def.buttons[static_cast<size_t>(i)], {x, y, bw, height}};
  }
  out.count = def.count;
  return out;
}

struct Table {
  std::array<std::array<FormButtons, 2>, kOverlayKindCount> forms{};  // [kind][collapsed]
};

Table build_table() {
  Table t;
  for (int k = 0; k < kOverlayKindCount; ++k) {
    const auto kind = static_cast<OverlayKind>(k);
    const PanelSpec& spec = panel_spec(kind);
    t.forms[static_cast<size_t>(k)][0] = layout_form(card_def(kind, false), spec.full, false);
    t.forms[static_cast<size_t>(k)][1] = layout_form(card_def(kind, true), spec.collapsed, true);
  }
  return t;
}

}  // namespace

std::string_view to_string(CardButton button) noexcept {
  switch (button) {
    case CardButton::continue_anyway: return "continue_anyway";
    case CardButton::leave: return "leave";
    case CardButton::extend: return "extend";
    case CardButton::dismiss: return "dismiss";
    case CardButton::action0: return "action0";
    case CardButton::action1: return "action1";
    case CardButton::row0: return "row0";
    case CardButton::row1: return "row1";
    case CardButton::row2: return "row2";
    case CardButton::row3: return "row3";
  }
  return "?";
}

std::span<const ButtonSlot> card_buttons(OverlayKind kind, bool collapsed) noexcept {
  static const Table table = build_table();  // built once, in place: no heap
  const auto k = static_cast<size_t>(kind);
  if (k >= table.forms.size()) return {};
  const FormButtons& f = table.forms[k][collapsed ? 1 : 0];
  return {f.slots.data(), static_cast<size_t>(f.count)};
}

ButtonState button_state(const Overlay& overlay, CardButton button) noexcept {
  switch (button) {
    case CardButton::continue_anyway:
      if (overlay.kind != OverlayKind::friction_prompt) return {};
      return {overlay.countdown_s > 0 || overlay.bypass_available,
              overlay.countdown_s == 0 && overlay.bypass_available && (overlay.rows == 0 || overlay.picked >= 0)};
    case CardButton::leave:
      if (overlay.kind != OverlayKind::friction_prompt && overlay.kind != OverlayKind::block_shield) return {};
      return {true, true};
    case CardButton::extend:
      if (overlay.kind != OverlayKind::block_shield) return {};
      return {overlay.bypass_available, overlay.bypass_available};
    case CardButton::dismiss:
      if (overlay.kind != OverlayKind::fill_card && overlay.kind != OverlayKind::nudge) return {};
      return {true, true};
    case CardButton::action0:
    case CardButton::action1: {
      const bool offered = overlay.kind == OverlayKind::nudge && action_index(button) < overlay.actions;
      return {offered, offered};
    }
    case CardButton::row0:
    case CardButton::row1:
    case CardButton::row2:
    case CardButton::row3: {
      const bool offered = overlay.kind == OverlayKind::friction_prompt && row_index(button) < overlay.rows;
      return {offered, offered};
    }
  }
  return {};
}

int row_index(CardButton button) noexcept {
  switch (button) {
    case CardButton::row0: return 0;
    case CardButton::row1: return 1;
    case CardButton::row2: return 2;
    case CardButton::row3: return 3;
    default: return -1;
  }
}

int action_index(CardButton button) noexcept {
  switch (button) {
    case CardButton::action0: return 0;
    case CardButton::action1: return 1;
    default: return -1;
  }
}

}  // namespace tw::layout
