// committer.hpp: commits an Engine's ledger and reads back what other
// processes recorded, on the caller's thread or on a background thread.
//
// What it does: owns the Ledger. A round is one commit of everything
// recorded so far, then one read of the attended time other writers of the
// file committed (Ledger::usage_elsewhere, names normalised and summed per
// app id) for the local day and week the round was asked for. Inline
// (background = false), request() runs the round at once. In the background,
// request() only records the wish and wakes the committer thread; rounds
// asked for while one runs fold into one. Either way take() hands the newest
// finished round over by swapping buffers, so the thread that records and
// ticks never waits for SQLite, for the file lock another process holds, or
// for the thread: it takes a mutex that the committer holds only to swap.
// The destructor makes a last commit of whatever was recorded and joins the
// thread, so nothing recorded is lost at shutdown.
// What it does not do: decide when to commit (the Engine does), apply what
// it read (the Engine adds it to its scheduler), or allocate in request()
// and take() (the rounds allocate, on the committer thread).
//
//   tw::Committer c(std::move(ledger), /*background=*/true);
//   c.ledger().record_heartbeat(hb);          // recording thread, no SQLite
//   c.request(day, week_first);               // returns at once
//   if (c.take(round)) apply(round.elsewhere);
//   c.flush(day, week_first);                 // waits: session end
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "core/ledger/ledger.hpp"
#include "core/result.hpp"

namespace tw {

// One finished round.
struct CommitRound {
  uint64_t number = 0;  // 0: none yet
  Status status;        // the commit's failure, else the read's, else ok
  int64_t day = 0;      // the local day and week start (day numbers) it read
  int64_t week_first = 0;
  bool read = false;    // `elsewhere` was read
  std::vector<UsageElsewhere> elsewhere;  // normalised app ids, sorted, one row each
};

class Committer {
 public:
  Committer(Ledger ledger, bool background);
  Committer(const Committer&) = delete;
  Committer& operator=(const Committer&) = delete;
  ~Committer();

  Ledger& ledger() { return ledger_; }
  const Ledger& ledger() const { return ledger_; }
  bool background() const { return thread_.joinable(); }

  // Asks for a round reading local day `day` of the week starting on day
  // `week_first`. Inline: runs it now.
  void request(int64_t day, int64_t week_first);
  // Asks for a round and waits until it is done (inline: runs it now).
  void flush(int64_t day, int64_t week_first);
  // Waits until every round asked for so far is done (inline: they are).
  void wait();
  // Swaps the newest finished round into `round` when it is newer than
  // round.number; false (nothing done) otherwise, or while the committer
  // thread is swapping unless `wait`.
  bool take(CommitRound& round, bool wait = false);

  // The read of a round, also used for the engine's seed: other writers'
  // attended time per normalised app id.
  static Status read_elsewhere(const Ledger& ledger, int64_t day, int64_t week_first,
                               std::vector<UsageElsewhere>& out);

 private:
  void run();
  void round(CommitRound& into, int64_t day, int64_t week_first, bool read);

  Ledger ledger_;
  std::mutex mu_;  // guards what follows; never held across SQLite
  std::condition_variable wake_, done_;
  uint64_t asked_ = 0, finished_ = 0;
  int64_t day_ = 0, week_first_ = 0;
  bool stop_ = false;
  CommitRound ready_;    // the newest finished round, for take()
  CommitRound scratch_;  // the committer's round in progress
  std::thread thread_;   // last: started once the rest exists
};

}  // namespace tw
