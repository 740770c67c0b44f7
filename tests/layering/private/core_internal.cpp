// Planted violation: a user of Timewall::core reaching an internal header
// (the ledger's schema sits next to its sources, PRIVATE to tw_core).
#include "core/ledger/schema.hpp"
