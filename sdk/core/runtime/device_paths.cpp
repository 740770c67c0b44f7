#include "core/runtime/device_paths.hpp"

namespace tw {

// From CMake (sdk/core/runtime/CMakeLists.txt), on this file alone, so that
// another folder rebuilds one object.
const std::string_view kDeviceDir = TW_DEVICE_DIR;

}  // namespace tw
