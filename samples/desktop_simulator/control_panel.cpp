// control_panel.cpp: the Dear ImGui control panel beside the view: time,
// glasses, apps and context, the policy editor, today's report (sdk/report), and
// the decision log with reasons.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "core/policy/policy_error.hpp"
#include "core/scheduler/exercise_course.hpp"
#include "report/figures_text.hpp"
#include "sim_state.hpp"

namespace tw::sim {

namespace {

int resize_callback(ImGuiInputTextCallbackData* data) {
  if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
    auto* text = static_cast<std::string*>(data->UserData);
    text->resize(static_cast<size_t>(data->BufTextLen));
    data->Buf = text->data();
  }
  return 0;
}

void time_section(Simulator::State& s) {
  const CivilTime t = s.clock->local();
  ImGui::Text("%04d-%02d-%02d %02d:%02d:%02d (%s)", t.year, t.month, t.day, t.hour, t.minute, t.second,
              s.clock->zone().name().c_str());
  const Speed speeds[] = {Speed::paused, Speed::x1, Speed::x60, Speed::x600};
  for (Speed sp : speeds) {
    if (sp != Speed::paused) ImGui::SameLine();
    if (ImGui::RadioButton(std::string(to_string(sp)).c_str(), s.clock->speed() == sp)) s.clock->set_speed(sp);
  }
  ImGui::SetNextItemWidth(60);
  int hm[2] = {s.jump_minute / 60, s.jump_minute % 60};
  if (ImGui::InputInt2("##jump", hm)) s.jump_minute = std::clamp(hm[0], 0, 23) * 60 + std::clamp(hm[1], 0, 59);
  ImGui::SameLine();
  if (ImGui::Button("Jump to time")) s.clock->jump_to(s.jump_minute);
  ImGui::SameLine();
  if (ImGui::Button("+1 h")) s.clock->advance_ms(3'600'000);
}

void glasses_section(Simulator::State& s) {
  for (const char* name : {"narrow", "mid", "vr"}) {
    if (ImGui::RadioButton(name, s.fov.name == name)) s.fov = glasses_preset(name);
    ImGui::SameLine();
  }
  ImGui::NewLine();
  ImGui::Text("display %.0fx%.0f deg", static_cast<double>(s.fov.width_deg), static_cast<double>(s.fov.height_deg));
  if (ImGui::RadioButton("see-through (additive)", s.display == DisplayMode::additive)) s.display = DisplayMode::additive;
  ImGui::SameLine();
  if (ImGui::RadioButton("passthrough", s.display == DisplayMode::passthrough)) s.display = DisplayMode::passthrough;
  ImGui::Checkbox("Timewall on", &s.timewall);
  ImGui::SameLine();
  if (ImGui::Button("Recentre (R)")) s.head.recentre();
}

void apps_section(Simulator::State& s) {
  for (size_t i = 0; i < kSimApps.size(); ++i) {
    const bool open = s.open_app == static_cast<int>(i);
    if (i % 2) ImGui::SameLine();
    char label[64];
    std::snprintf(label, sizeof label, "%s %s", open ? "Close" : "Open", kSimApps[i].label);
    if (ImGui::Button(label, ImVec2(200, 0))) {
      if (s.open_app >= 0) s.emit(SignalKind::app_blur, s.app_ids[static_cast<size_t>(s.open_app)]);
      s.open_app = open ? -1 : static_cast<int>(i);
      if (!open) {
        s.emit(SignalKind::app_focus, s.app_ids[i]);
        s.emit(SignalKind::interaction, s.app_ids[i]);
      }
    }
  }
  ImGui::Checkbox("keep using the open app", &s.active_use);
  const char* contexts[] = {"none", "waiting", "commuting", "in conversation"};
  int c = static_cast<int>(s.context);
  ImGui::SetNextItemWidth(160);
  if (ImGui::Combo("context", &c, contexts, 4)) {
    s.context = static_cast<Context>(c);
    s.emit(SignalKind::context_hint);
  }
  const AppId open = s.open_app >= 0 ? s.app_ids[static_cast<size_t>(s.open_app)] : kNoId;
  if (ImGui::Button("Task done early")) s.emit(SignalKind::task_done);
  ImGui::SameLine();
  if (ImGui::Button("Continue anyway")) s.emit(SignalKind::continue_anyway, open);
  ImGui::SameLine();
  if (ImGui::Button("Leave")) {
    s.emit(SignalKind::prompt_leave, open);
    if (s.open_app >= 0) s.emit(SignalKind::app_blur, open);
    s.open_app = -1;
  }
  // The prompt's rows (an intention or alternative exercise), as on the card.
  for (const Overlay& o : s.core->last().overlays) {
    if (o.kind != OverlayKind::friction_prompt) continue;
    for (int32_t r = 0; r < o.rows; ++r) {
      char label[96];
      std::snprintf(label, sizeof label, "%s %.60s##row%d", o.picked == r ? "Picked:" : "Pick:",
                    std::string(exercise_row_text(s.core->policy(), o.exercise, r)).c_str(), static_cast<int>(r));
      if (r % 2) ImGui::SameLine();
      if (ImGui::Button(label, ImVec2(200, 0))) {
        s.emit(SignalKind::exercise_pick, open);
        s.signals.back().row = static_cast<uint8_t>(r);
      }
    }
  }
}

void policy_section(Simulator::State& s) {
  ImGui::InputTextMultiline("##policy", s.policy_text.data(), s.policy_text.capacity() + 1,
                            ImVec2(-1, 180), ImGuiInputTextFlags_CallbackResize | ImGuiInputTextFlags_AllowTabInput,
                            resize_callback, &s.policy_text);
  // A [youth] change while youth mode is on needs the guardian PIN, as on the glasses.
  ImGui::SetNextItemWidth(120.f);
  ImGui::InputText("guardian PIN", s.guardian_pin.data(), s.guardian_pin.size(),
                   ImGuiInputTextFlags_Password | ImGuiInputTextFlags_CharsDecimal);
  ImGui::SameLine();
  if (ImGui::Button("Apply")) {
    const std::vector<PolicyError> errors = s.core->apply_policy_text(s.policy_text, "editor", s.guardian_pin.data());
    s.guardian_pin.fill('\0');  // asked for each change, not kept
    s.policy_errors.clear();
    for (const PolicyError& e : errors) s.policy_errors.push_back(to_string(e));
    s.policy_status = errors.empty() ? "applied" : "rejected; the previous policy stays active";
  }
  ImGui::SameLine();
  ImGui::TextUnformatted(s.policy_status.c_str());
  for (const std::string& e : s.policy_errors) ImGui::TextColored(ImVec4(1.f, 0.45f, 0.35f, 1.f), "%s", e.c_str());
}

// Today's tw::report::ReportData: the figures of `timewall report`.
void usage_section(Simulator::State& s) {
  const std::optional<report::ReportData>& today = s.core->today();
  if (!s.core->ledger_status().empty())
    ImGui::TextColored(ImVec4(1.f, 0.45f, 0.35f, 1.f), "ledger: %s", s.core->ledger_status().c_str());
  if (!today) {
    ImGui::TextUnformatted("(nothing recorded yet)");
    return;
  }
  const report::ReportData& r = today.value();
  if (ImGui::BeginTable("usage", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("app / [category] / budget");
    ImGui::TableSetupColumn("attended");
    ImGui::TableSetupColumn("cost / limit");
    ImGui::TableHeadersRow();
    auto row = [](const std::string& name, const std::string& a, const std::string& b) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(name.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(a.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(b.c_str());
    };
    auto cost = [&](int64_t ms) { return report::cost_text(ms, r.hourly_value, r.currency); };
    for (const UsageTotal& u : r.top_apps) row(u.name, report::duration_text(u.attended_ms), cost(u.attended_ms));
    for (const UsageTotal& u : r.category_totals)
      row("[" + u.name + "]", report::duration_text(u.attended_ms), cost(u.attended_ms));
    row("total today", report::duration_text(r.attended_ms), cost(r.attended_ms));
    for (const report::BudgetUse& b : r.budgets)
      row(b.budget->id + (b.budget->period == BudgetPeriod::weekly ? " (week)" : ""), report::duration_text(b.used_ms),
          "of " + report::duration_text(b.limit_ms) + (b.used_ms > b.limit_ms ? "  OVER" : ""));
    ImGui::EndTable();
  }
  ImGui::TextWrapped("idle: %s protected, %s filled; friction %lld shown, %lld left, %lld bypassed (+%s); %lld blocks",
                     report::duration_text(r.protected_ms).c_str(), report::duration_text(r.filled_ms).c_str(),
                     static_cast<long long>(r.friction_shown), static_cast<long long>(r.friction_left),
                     static_cast<long long>(r.bypasses), report::duration_text(r.bypass_extension_s * 1000).c_str(),
                     static_cast<long long>(r.blocks));
}

void decisions_section(Simulator::State& s) {
  ImGui::BeginChild("log", ImVec2(-1, 0), true);
  const SimCore& core = *s.core;
  for (size_t i = core.log_size(); i-- > 0;) {
    const Decision& d = core.log_at(i);
    const CivilTime t = s.clock->zone().to_local(d.unix_ms / 1000);
    const std::string_view app = d.app != kNoId ? core.scheduler().apps().name(d.app) : std::string_view();
    ImGui::Text("%02d:%02d:%02d %-7s %-17s %s %.*s", t.hour, t.minute, t.second, std::string(to_string(d.kind)).c_str(),
                std::string(to_string(d.overlay)).c_str(), std::string(to_string(d.reason)).c_str(),
                static_cast<int>(app.size()), app.data());
  }
  ImGui::EndChild();
}

}  // namespace

void draw_control_panel(Simulator::State& s) {
  const VkRect2D& r = s.geometry.panel;
  ImGui::SetNextWindowPos(ImVec2(static_cast<float>(r.offset.x), 0.f));
  ImGui::SetNextWindowSize(ImVec2(static_cast<float>(r.extent.width), static_cast<float>(r.extent.height)));
  ImGui::Begin("Timewall simulator", nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse);
  if (ImGui::CollapsingHeader("Time", ImGuiTreeNodeFlags_DefaultOpen)) time_section(s);
  if (ImGui::CollapsingHeader("Glasses", ImGuiTreeNodeFlags_DefaultOpen)) glasses_section(s);
  if (ImGui::CollapsingHeader("Apps and context", ImGuiTreeNodeFlags_DefaultOpen)) apps_section(s);
  if (ImGui::CollapsingHeader("Policy")) policy_section(s);
  if (ImGui::CollapsingHeader("Today's report (from the ledger)", ImGuiTreeNodeFlags_DefaultOpen)) usage_section(s);
  if (ImGui::CollapsingHeader("Decisions", ImGuiTreeNodeFlags_DefaultOpen)) decisions_section(s);
  ImGui::End();
}

}  // namespace tw::sim
