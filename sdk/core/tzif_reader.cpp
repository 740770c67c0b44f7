// TimeZone::load: reads and validates a TZif file (RFC 8536, versions 1-4).
// Every read is bounds-checked against the file's bytes, so a truncated or
// hostile file yields Errc::parse, never a crash.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <string>
#include <vector>

#include "core/timezone.hpp"

namespace tw {
namespace {

constexpr size_t kMaxFileBytes = 1 << 20;  // real TZif files are < 10 KiB
constexpr int32_t kMinUtoffS = -89999;     // RFC 8536 3.2: -25:59:59 ..
constexpr int32_t kMaxUtoffS = 93599;      // .. +25:59:59

bool valid_zone_name(std::string_view name) {
  if (name.empty() || name.size() > 255 || name.front() == '/') return false;
  size_t start = 0;
  while (start <= name.size()) {
    const size_t slash = name.find('/', start);
    const size_t end = slash == std::string_view::npos ? name.size() : slash;
    const std::string_view part = name.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    for (char c : part) {
      const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '+' || c == '-' || c == '.';
      if (!ok) return false;
    }
    start = end + 1;
  }
  return true;
}

struct Counts {
  uint32_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
};

}  // namespace

class TzifReader {
 public:
  TzifReader(std::string_view bytes, std::string source)
      : b_(bytes), path_(std::move(source)) {}

  Result<TimeZone> run(std::string_view name) {
    char version = 0;
    Counts c{};
    if (!header(version, c)) return fail("bad header");
    if (version != 0) {
      // Skip the 32-bit block; v2+ repeat everything with 64-bit times.
      const uint64_t v1_bytes = uint64_t{c.timecnt} * 5 + uint64_t{c.typecnt} * 6 + c.charcnt +
                                uint64_t{c.leapcnt} * 8 + c.isstdcnt + c.isutcnt;
      if (!skip(v1_bytes)) return fail("truncated version 1 data");
      char v2 = 0;
      if (!header(v2, c) || v2 != version) return fail("bad second header");
    }
    const int time_bytes = version == 0 ? 4 : 8;
    if (c.leapcnt != 0) {
      return Error{Errc::invalid_argument,
                   path_ + ": leap-second (\"right/\") zones are not supported"};
    }
    if (c.typecnt == 0 || c.typecnt > 256 || (c.isstdcnt != 0 && c.isstdcnt != c.typecnt) ||
        (c.isutcnt != 0 && c.isutcnt != c.typecnt)) {
      return fail("inconsistent counts");
    }
    const uint64_t data_bytes = uint64_t{c.timecnt} * (time_bytes + 1) +
                                uint64_t{c.typecnt} * 6 + c.charcnt + c.isstdcnt + c.isutcnt;
    if (data_bytes > b_.size() - pos_) return fail("truncated data block");

    const size_t times_at = pos_;
    const size_t idx_at = times_at + size_t{c.timecnt} * time_bytes;
    const size_t types_at = idx_at + c.timecnt;
    std::vector<int32_t> utoffs(c.typecnt);
    for (uint32_t i = 0; i < c.typecnt; ++i) {
      const size_t at = types_at + size_t{i} * 6;
      const auto off = static_cast<int32_t>(be32(at));
      const unsigned char isdst = u8(at + 4);
      const unsigned char desigidx = u8(at + 5);
      if (off < kMinUtoffS || off > kMaxUtoffS) return fail("UTC offset out of range");
      if (isdst > 1 || (desigidx >= c.charcnt && c.charcnt != 0)) return fail("bad local time type");
      utoffs[i] = off;
    }

    TimeZone tz;
    tz.name_ = std::string(name);
    tz.initial_offset_s_ = utoffs[0];
    tz.transitions_.reserve(c.timecnt);
    int32_t prev = tz.initial_offset_s_;
    int64_t prev_at = INT64_MIN;
    for (uint32_t i = 0; i < c.timecnt; ++i) {
      const size_t at = times_at + size_t{i} * time_bytes;
      const int64_t t = time_bytes == 4 ? int64_t{static_cast<int32_t>(be32(at))}
                                        : static_cast<int64_t>(be64(at));
      const unsigned char idx = u8(idx_at + i);
      if (i > 0 && t <= prev_at) return fail("transition times not ascending");
      if (idx >= c.typecnt) return fail("transition type index out of range");
      prev_at = t;
      if (utoffs[idx] == prev) continue;  // changes only the abbreviation or isdst
      prev = utoffs[idx];
      tz.transitions_.push_back({t, prev});
    }
    pos_ += data_bytes;

    if (version != 0) {
      // Footer: "\n<POSIX TZ string>\n"; empty means no rule.
      if (pos_ >= b_.size() || b_[pos_] != '\n') return fail("missing footer");
      const size_t start = pos_ + 1;
      size_t end = start;
      while (end < b_.size() && b_[end] != '\n') ++end;
      if (end >= b_.size()) return fail("unterminated footer");
      const std::string_view footer = b_.substr(start, end - start);
      if (!footer.empty()) {
        auto rule = PosixTzRule::parse(footer);
        if (!rule) return Error{Errc::parse, path_ + ": " + rule.error().message};
        tz.rule_ = rule.value();
        tz.has_rule_ = true;
        tz.rule_from_s_ = c.timecnt == 0 ? INT64_MIN : prev_at;
      }
    }
    return tz;
  }

 private:
  Error fail(const char* what) const {
    return {Errc::parse, path_ + ": malformed TZif file: " + what};
  }
  bool skip(uint64_t n) {
    if (n > b_.size() - pos_) return false;
    pos_ += static_cast<size_t>(n);
    return true;
  }
  uint32_t be32(size_t at) const {
    return (uint32_t{u8(at)} << 24) | (uint32_t{u8(at + 1)} << 16) | (uint32_t{u8(at + 2)} << 8) |
           uint32_t{u8(at + 3)};
  }
  uint64_t be64(size_t at) const { return (uint64_t{be32(at)} << 32) | be32(at + 4); }

  bool header(char& version, Counts& c) {
    if (b_.size() - pos_ < 44 || b_.substr(pos_, 4) != "TZif") return false;
    version = b_[pos_ + 4];
    if (version != 0 && (version < '2' || version > '4')) return false;
    uint32_t* fields[] = {&c.isutcnt, &c.isstdcnt, &c.leapcnt, &c.timecnt, &c.typecnt, &c.charcnt};
    for (size_t i = 0; i < 6; ++i) *fields[i] = be32(pos_ + 20 + 4 * i);
    pos_ += 44;
    return true;
  }

  // Callers check bounds before reading (see the size checks in run()).
  unsigned char u8(size_t at) const { return static_cast<unsigned char>(b_[at]); }

  std::string_view b_;
  std::string path_;
  size_t pos_ = 0;
};

Result<TimeZone> TimeZone::load(std::string_view iana_name, std::string_view zoneinfo_dir) {
  if (!valid_zone_name(iana_name)) {
    return Error{Errc::invalid_argument,
                 "time zone name \"" + std::string(iana_name) +
                     "\": expected an IANA name like Europe/Berlin (letters, digits, _+-./; "
                     "no \"..\" or leading '/')"};
  }
  const std::string path = std::string(zoneinfo_dir) + "/" + std::string(iana_name);
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    const int err = errno;
    if (err == ENOENT || err == ENOTDIR) {
      return Error{Errc::not_found, "time zone \"" + std::string(iana_name) + "\" not found (" +
                                        path + ")"};
    }
    return Error{Errc::io, path + ": " + std::strerror(err)};
  }
  std::string bytes;
  char buf[4096];
  bool too_large = false;
  for (;;) {
    const size_t n = std::fread(buf, 1, sizeof buf, f);
    bytes.append(buf, n);
    if (bytes.size() > kMaxFileBytes) {
      too_large = true;
      break;
    }
    if (n < sizeof buf) break;
  }
  const bool read_error = std::ferror(f) != 0;
  std::fclose(f);
  if (read_error) {
    // A directory such as "America" opens but cannot be read.
    return Error{Errc::not_found, "time zone \"" + std::string(iana_name) +
                                      "\" not found (" + path + " is not a TZif file)"};
  }
  if (too_large) return Error{Errc::too_large, path + ": larger than a TZif file can be"};
  return TzifReader(bytes, path).run(iana_name);
}

Result<TimeZone> TimeZone::from_tzif(std::string_view bytes, std::string_view name) {
  if (bytes.size() > kMaxFileBytes) {
    return Error{Errc::too_large, std::string(name) + ": larger than a TZif file can be"};
  }
  return TzifReader(bytes, std::string(name)).run(name);
}

}  // namespace tw
