// ppm.hpp: reads the binary PPM (P6, 8-bit) screenshots the e2e scripts
// take of Monado's window (ImageMagick's convert writes them).
#pragma once

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace tw_e2e {

struct Image {
  int width = 0, height = 0;
  std::vector<unsigned char> rgb;
};

inline bool read_ppm(const char* path, Image& im) {
  std::ifstream in(path, std::ios::binary);
  // Header tokens, skipping '#' comments (ImageMagick writes the window name).
  auto token = [&in]() {
    std::string t;
    while (in >> t && t[0] == '#') in.ignore(1 << 20, '\n');
    return t;
  };
  const std::string magic = token();
  im.width = std::atoi(token().c_str());
  im.height = std::atoi(token().c_str());
  const int maxval = std::atoi(token().c_str());
  in.get();
  if (!in || magic != "P6" || maxval != 255 || im.width <= 0 || im.height <= 0) return false;
  im.rgb.resize(static_cast<size_t>(im.width) * static_cast<size_t>(im.height) * 3);
  in.read(reinterpret_cast<char*>(im.rgb.data()), static_cast<std::streamsize>(im.rgb.size()));
  return static_cast<size_t>(in.gcount()) == im.rgb.size();
}

}  // namespace tw_e2e
