// demo_frames.cpp
#include "demo_frames.hpp"

#include <filesystem>
#include <utility>

#include "core/replay/decision_writer.hpp"
#include "core/replay/iso8601.hpp"

namespace tw::cli {

namespace {

bool shows_something(const Decision& d) {
  return d.kind == DecisionKind::show || d.kind == DecisionKind::update || d.kind == DecisionKind::hide;
}

void append_int(std::string& out, const char* key, int64_t v) {
  out += ",\"";
  out += key;
  out += "\":";
  out += std::to_string(v);
}

}  // namespace

Result<std::unique_ptr<DemoFrames>> DemoFrames::open(const std::string& dir, const Policy& policy, const TimeZone& tz,
                                                     const Interner& apps, const Interner& categories) {
  auto writer = FrameWriter::create({.dir = dir});
  if (!writer) return Error{writer.error().code, "--frames: " + writer.error().message};
  auto bg = writer->write_background("background");
  if (!bg) return Error{bg.error().code, "--frames: " + bg.error().message};
  std::string index_path = (std::filesystem::path(dir) / "frames.jsonl").string();
  std::FILE* index = std::fopen(index_path.c_str(), "wb");
  if (!index) return Error{Errc::io, "--frames: cannot create " + index_path};
  return std::unique_ptr<DemoFrames>(
      new DemoFrames(std::move(writer.value()), index, std::move(index_path), policy, tz, apps, categories));
}

DemoFrames::DemoFrames(FrameWriter writer, std::FILE* index, std::string index_path, const Policy& policy,
                       const TimeZone& tz, const Interner& apps, const Interner& categories)
    : writer_(std::move(writer)),
      index_(index),
      index_path_(std::move(index_path)),
      policy_(policy),
      tz_(tz),
      apps_(apps),
      categories_(categories) {}

DemoFrames::~DemoFrames() {
  if (index_) std::fclose(index_);
}

Status DemoFrames::tick(Instant now, const TickOutput& out, const Inbox& inbox) {
  bool wanted = false;
  for (const Decision& d : out.decisions) wanted = wanted || shows_something(d);
  if (!wanted) return {};
  const int64_t unix_ms = now.unix_ms;
  const int32_t offset_s = tz_.utc_offset_s(unix_ms / 1000);
  const CivilTime c = tz_.to_local(unix_ms / 1000);
  char label[16];
  std::snprintf(label, sizeof label, "%02d-%02d-%02d", c.hour, c.minute, c.second);
  texts_.clear();
  for (const Overlay& o : out.overlays) {
    if (o.kind != OverlayKind::nudge || !is_notify_nudge(o.nudge_id)) continue;
    const uint32_t id = notify_id_of(o.nudge_id);
    if (const InboxEntry* e = inbox.find(id)) texts_.push_back(notification_text(id, e->content, inbox.on_card(id)));
  }
  auto path = writer_.write(out.overlays, policy_, apps_, categories_, now, label, texts_);
  if (!path) return path.error();

  line_.clear();
  line_ += "{\"frame\":";
  append_json_string(line_, std::filesystem::path(path.value()).filename().string());
  line_ += ",\"t\":\"";
  append_iso8601(line_, unix_ms, offset_s);
  line_ += "\",\"decisions\":[";
  const DecisionNames names{&apps_, &categories_, &policy_};
  bool comma = false;
  for (const Decision& d : out.decisions) {
    if (comma) line_ += ',';
    append_decision_json(line_, d, tz_.utc_offset_s(d.unix_ms / 1000), names);
    line_.pop_back();  // the writer's '\n'
    comma = true;
  }
  line_ += "],\"panels\":[";
  comma = false;
  for (const FramePanel& p : writer_.last_panels()) {
    if (comma) line_ += ',';
    line_ += "{\"kind\":";
    append_json_string(line_, to_string(p.kind));
    line_ += p.collapsed ? ",\"collapsed\":true" : ",\"collapsed\":false";
    append_int(line_, "x0", p.x0);
    append_int(line_, "y0", p.y0);
    append_int(line_, "x1", p.x1);
    append_int(line_, "y1", p.y1);
    line_ += '}';
    comma = true;
  }
  line_ += "]}\n";
  if (std::fwrite(line_.data(), 1, line_.size(), index_) != line_.size())
    return Error{Errc::io, index_path_ + ": write failed"};
  return {};
}

Status DemoFrames::close() {
  std::FILE* f = index_;
  index_ = nullptr;
  if (f && std::fclose(f) != 0) return Error{Errc::io, index_path_ + ": write failed"};
  return {};
}

}  // namespace tw::cli
