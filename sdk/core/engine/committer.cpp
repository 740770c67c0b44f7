#include "core/engine/committer.hpp"

#include <algorithm>
#include <utility>

#include "core/app_id.hpp"

namespace tw {

Committer::Committer(Ledger ledger, bool background) : ledger_(std::move(ledger)) {
  if (background) thread_ = std::thread([this] { run(); });
}

Committer::~Committer() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    ++asked_;  // the last round: whatever was recorded since the one before
  }
  wake_.notify_one();
  thread_.join();
}

Status Committer::read_elsewhere(const Ledger& ledger, int64_t day, int64_t week_first,
                                 std::vector<UsageElsewhere>& out) {
  if (Status st = ledger.usage_elsewhere(day, week_first, out); !st) return st;
  // Older ledgers may hold other spellings of one app id.
  bool renamed = false;
  for (UsageElsewhere& u : out) {
    if (is_normalized_app_id(u.app)) continue;
    u.app = normalize_app_id(u.app);
    renamed = true;
  }
  if (!renamed) return {};
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.app < b.app; });
  size_t kept = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    if (kept > 0 && out[kept - 1].app == out[i].app) {
      out[kept - 1].day_ms += out[i].day_ms;
      out[kept - 1].week_ms += out[i].week_ms;
    } else {
      if (kept != i) out[kept] = std::move(out[i]);
      ++kept;
    }
  }
  out.resize(kept);
  return {};
}

void Committer::round(CommitRound& into, int64_t day, int64_t week_first, bool read) {
  into.status = ledger_.commit();
  into.day = day;
  into.week_first = week_first;
  into.read = false;
  into.elsewhere.clear();
  if (!read) return;
  Status st = read_elsewhere(ledger_, day, week_first, into.elsewhere);
  into.read = static_cast<bool>(st);
  if (into.status && !st) into.status = std::move(st);
}

void Committer::request(int64_t day, int64_t week_first) {
  if (!thread_.joinable()) {
    round(ready_, day, week_first, true);
    ready_.number = ++finished_;
    return;
  }
  {
    std::lock_guard lock(mu_);
    ++asked_;
    day_ = day;
    week_first_ = week_first;
  }
  wake_.notify_one();
}

void Committer::flush(int64_t day, int64_t week_first) {
  if (!thread_.joinable()) {
    request(day, week_first);
    return;
  }
  std::unique_lock lock(mu_);
  const uint64_t mine = ++asked_;
  day_ = day;
  week_first_ = week_first;
  wake_.notify_one();
  done_.wait(lock, [&] { return finished_ >= mine; });
}

void Committer::wait() {
  std::unique_lock lock(mu_);
  done_.wait(lock, [&] { return finished_ >= asked_; });
}

bool Committer::take(CommitRound& round, bool wait) {
  std::unique_lock lock(mu_, std::defer_lock);
  if (wait) lock.lock();
  else if (!lock.try_lock()) return false;
  if (ready_.number <= round.number) return false;
  std::swap(ready_, round);
  return true;
}

void Committer::run() {
  std::unique_lock lock(mu_);
  for (;;) {
    wake_.wait(lock, [&] { return asked_ > finished_; });
    const uint64_t target = asked_;
    const int64_t day = day_, week_first = week_first_;
    const bool last = stop_;
    lock.unlock();
    round(scratch_, day, week_first, !last);
    lock.lock();
    scratch_.number = target;
    if (ready_.number < target) std::swap(ready_, scratch_);
    finished_ = target;
    done_.notify_all();
    if (last && asked_ == finished_) return;
  }
}

}  // namespace tw
