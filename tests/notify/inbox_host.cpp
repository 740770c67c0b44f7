// inbox_host: a stand-in for a host process (the simulator, the API layer)
// that reads the device's one inbox through tw::dbus::InboxClient, the way
// a host's frame loop does: refresh() each "frame" (1 ms apart), never
// waiting on the bus. notify_bus.sh runs two of these next to
// `timewall serve` on a private bus.
//
//   inbox_host wait SUMMARY [act KEY | dismiss]   wait (<= 10 s) until a card
//       with SUMMARY shows, print "card ID", then answer it if asked
//   inbox_host gone SUMMARY                       wait (<= 10 s) until no card
//       with SUMMARY shows, print "gone"
//   inbox_host watch SUMMARY                      wait (<= 20 s) until it shows
//       ("card ID"), then until it goes ("gone")
//   inbox_host arrive SUMMARY                     with a fallback poll of 10 min,
//       so only Inbox1.CardsChanged can bring a change: print "ready" once
//       the client has read the cards, then, as in watch, "card ID cause C
//       server_gen N polls P" and "gone cause C server_gen N polls P" (why the
//       client read the cards that showed the change, serve's generation it
//       had heard of, and how many fallback polls it made)
// Prints each snapshot that changed as "frame N cards ID:SUMMARY:ACTIONS ...".
// Exit 0 on success, 1 on timeout (with the last error), 2 on bad usage.
#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>
#include <thread>

#include "dbus/inbox_client.hpp"

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  const std::string_view mode = argv[1], summary = argv[2];
  const std::string_view answer = argc > 3 ? argv[3] : "";
  const bool arrive = mode == "arrive";
  auto inbox = tw::dbus::InboxClient::start({.poll_ms = arrive ? 600'000 : 20});
  if (!inbox) {
    std::fprintf(stderr, "%s\n", inbox.error().message.c_str());
    return 2;
  }
  bool answered = false, seen = false, ready = false;
  auto why = [&] {
    return std::string(" cause ") + std::string(tw::dbus::to_string(inbox->cause())) + " server_gen " +
           std::to_string(inbox->server_generation()) + " polls " + std::to_string(inbox->stats().reads_poll);
  };
  for (int frame = 0; frame < (mode == "watch" || arrive ? 20'000 : 10'000); ++frame) {
    if (inbox->refresh()) {
      std::string line = "frame " + std::to_string(frame) + " cards";
      for (const tw::dbus::RemoteCard& c : inbox->cards()) {
        line += " " + std::to_string(c.id) + ":" + c.summary + ":";
        for (const tw::NotifyAction& a : c.actions) line += a.key + "=" + a.label + ",";
      }
      std::printf("%s\n", line.c_str());
      std::fflush(stdout);
    }
    const tw::dbus::RemoteCard* card = nullptr;
    for (const tw::dbus::RemoteCard& c : inbox->cards())
      if (c.summary == summary) card = &c;
    if (mode == "gone" && !card && inbox->generation() > 0) {
      std::printf("gone\n");
      return 0;
    }
    if (arrive && !ready && inbox->generation() > 0) {
      std::printf("ready\n");
      std::fflush(stdout);
      ready = true;
    }
    if (arrive && card && !seen) {
      std::printf("card %u%s\n", card->id, why().c_str());
      std::fflush(stdout);
      seen = true;
    }
    if (arrive && seen && !card) {
      std::printf("gone%s\n", why().c_str());
      return 0;
    }
    if (mode == "watch" && card && !seen) {
      std::printf("card %u\n", card->id);
      std::fflush(stdout);
      seen = true;
    }
    if (mode == "watch" && seen && !card) {
      std::printf("gone\n");
      return 0;
    }
    if (mode == "wait" && card) {
      if (!answered) std::printf("card %u\n", card->id);
      if (answer.empty()) return 0;
      if (!answered) {
        const bool queued = answer == "dismiss" ? inbox->dismiss(card->id)
                                                : argc > 4 && inbox->invoke_action(card->id, argv[4]);
        if (!queued) return 2;
        answered = true;
      }
    }
    if (mode == "wait" && answered && !card) return 0;  // serve took it away
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  std::fprintf(stderr, "timeout; last error: %s\n", inbox->error().c_str());
  return 1;
}
