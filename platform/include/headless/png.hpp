// png.hpp: RGBA images to and from PNG files (stb_image_write / stb_image).
//
// What it does: writes an RgbaImage as an 8-bit RGBA PNG and reads one back,
// with clear errors naming the path.
// What it does not do: colour management; bytes are stored as rendered
// (sRGB-encoded, premultiplied for raw panel images).
//
//   if (auto s = tw::write_png("ring.png", img); !s) log(s.error().message);
#pragma once

#include <string>

#include "core/result.hpp"
#include "headless/headless_vulkan.hpp"

namespace tw {

Status write_png(const std::string& path, const RgbaImage& image);
Result<RgbaImage> read_png(const std::string& path);

}  // namespace tw
