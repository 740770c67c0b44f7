// A user of Timewall::core: the public headers alone are enough to stand up
// the runtime and read decisions.
#include "core/engine/engine.hpp"
#include "core/runtime/runtime.hpp"
