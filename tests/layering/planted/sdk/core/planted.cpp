// Planted: the core reaching the GPU and a higher module.
#include <string>
#include <vulkan/vulkan.h>
#include "render/panel.hpp"
#include "core/fine.hpp"
