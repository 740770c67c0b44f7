// Planted violation: a user of tw_openxr reaching the API layer's internals.
#include "openxr/layer/layer_core.hpp"
