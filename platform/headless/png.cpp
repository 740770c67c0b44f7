// png.cpp
#include "headless/png.hpp"

#include <stb_image.h>
#include <stb_image_write.h>

#include <cstring>

namespace tw {

Status write_png(const std::string& path, const RgbaImage& image) {
  if (image.width == 0 || image.height == 0 || image.pixels.size() != size_t{image.width} * image.height * 4)
    return Error{Errc::invalid_argument, "write_png: image size does not match its pixels: " + path};
  int ok = stbi_write_png(path.c_str(), static_cast<int>(image.width), static_cast<int>(image.height), 4,
                          image.pixels.data(), static_cast<int>(image.width * 4));
  if (!ok) return Error{Errc::io, "could not write PNG: " + path};
  return {};
}

Result<RgbaImage> read_png(const std::string& path) {
  int w = 0, h = 0, n = 0;
  unsigned char* data = stbi_load(path.c_str(), &w, &h, &n, 4);
  if (!data) return Error{Errc::io, "could not read PNG: " + path + " (" + stbi_failure_reason() + ")"};
  RgbaImage img;
  img.width = static_cast<uint32_t>(w);
  img.height = static_cast<uint32_t>(h);
  img.pixels.assign(data, data + static_cast<size_t>(w) * static_cast<size_t>(h) * 4);
  stbi_image_free(data);
  return img;
}

}  // namespace tw
