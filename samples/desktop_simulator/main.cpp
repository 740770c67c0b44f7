// main.cpp: `timewall-simulator`: live a day with Timewall in a window.
// See docs/simulator.md.
#include <cstdio>

#include "simulator.hpp"

int main(int argc, char** argv) {
  auto options = tw::sim::parse_options(argc, argv);
  if (!options) {
    std::fprintf(stderr, "timewall-simulator: %s\n%s", options.error().message.c_str(), tw::sim::usage().c_str());
    return 2;
  }
  auto sim = tw::sim::Simulator::create(options.value());
  if (!sim) {
    std::fprintf(stderr, "timewall-simulator: %s\n", sim.error().message.c_str());
    return 1;
  }
  return sim.value()->run();
}
