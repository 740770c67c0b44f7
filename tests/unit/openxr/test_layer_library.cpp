// The built API layer as the OpenXR loader sees it: its exports, its
// manifests and its negotiation entry point (no runtime needed for these).
#include "tw_catch.hpp"

#include <dlfcn.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "openxr/loader_negotiation.hpp"

namespace {

const std::string kLib = TW_BINARY_DIR "/lib/libXrApiLayer_timewall_overlay.so";

std::string run(const std::string& cmd) {
  std::string out;
  std::unique_ptr<FILE, int (*)(FILE*)> p(popen(cmd.c_str(), "r"), pclose);
  REQUIRE(p);
  std::array<char, 256> buf{};
  while (fgets(buf.data(), buf.size(), p.get())) out += buf.data();
  return out;
}

}  // namespace

TEST_CASE("the layer exports only xrNegotiateLoaderApiLayerInterface", "[openxr][layer]") {
  const std::string out = run("nm -D --defined-only " + kLib + " 2>&1");
  INFO(out);
  REQUIRE(out.find("xrNegotiateLoaderApiLayerInterface") != std::string::npos);
  size_t lines = 0;
  for (char c : out) lines += c == '\n';
  CHECK(lines == 1);
}

TEST_CASE("the explicit and implicit manifests name the layer and its library", "[openxr][layer]") {
  for (const char* rel : {"/lib/XrApiLayer_timewall_overlay.json", "/lib/implicit.d/XrApiLayer_timewall_overlay.json"}) {
    const std::filesystem::path manifest = std::string(TW_BINARY_DIR) + rel;
    INFO(manifest);
    std::ifstream in(manifest);
    REQUIRE(in);
    const auto j = nlohmann::json::parse(in);
    const auto& layer = j.at("api_layer");
    CHECK(layer.at("name") == "XR_APILAYER_TIMEWALL_overlay");
    const std::filesystem::path lib = manifest.parent_path() / layer.at("library_path").get<std::string>();
    CHECK(std::filesystem::equivalent(lib, kLib));
    CHECK(layer.contains("disable_environment") == (std::string(rel).find("implicit") != std::string::npos));
  }
}

TEST_CASE("negotiation accepts the loader's v1 interface and rejects the rest", "[openxr][layer]") {
  void* lib = dlopen(kLib.c_str(), RTLD_NOW | RTLD_LOCAL);
  REQUIRE(lib != nullptr);
  auto negotiate = reinterpret_cast<PFN_xrNegotiateLoaderApiLayerInterface>(
      dlsym(lib, "xrNegotiateLoaderApiLayerInterface"));
  REQUIRE(negotiate != nullptr);
  XrNegotiateLoaderInfo info{XR_LOADER_INTERFACE_STRUCT_LOADER_INFO, XR_LOADER_INFO_STRUCT_VERSION,
                             sizeof(XrNegotiateLoaderInfo), 1, 1, XR_MAKE_VERSION(1, 0, 0), XR_MAKE_VERSION(1, 1, 0)};
  XrNegotiateApiLayerRequest req{XR_LOADER_INTERFACE_STRUCT_API_LAYER_REQUEST, XR_API_LAYER_INFO_STRUCT_VERSION,
                                 sizeof(XrNegotiateApiLayerRequest)};
  CHECK(negotiate(&info, "XR_APILAYER_TIMEWALL_overlay", &req) == XR_SUCCESS);
  CHECK(req.layerInterfaceVersion == 1);
  CHECK(req.getInstanceProcAddr != nullptr);
  CHECK(req.createApiLayerInstance != nullptr);

  XrNegotiateApiLayerRequest again{XR_LOADER_INTERFACE_STRUCT_API_LAYER_REQUEST, XR_API_LAYER_INFO_STRUCT_VERSION,
                                   sizeof(XrNegotiateApiLayerRequest)};
  CHECK(negotiate(&info, "XR_APILAYER_someone_else", &again) == XR_ERROR_INITIALIZATION_FAILED);
  CHECK(negotiate(nullptr, "XR_APILAYER_TIMEWALL_overlay", &again) == XR_ERROR_INITIALIZATION_FAILED);
  info.minInterfaceVersion = info.maxInterfaceVersion = 2;
  CHECK(negotiate(&info, "XR_APILAYER_TIMEWALL_overlay", &again) == XR_ERROR_INITIALIZATION_FAILED);
  info.minInterfaceVersion = info.maxInterfaceVersion = 1;
  info.structSize = sizeof(XrNegotiateLoaderInfo) + 8;
  CHECK(negotiate(&info, "XR_APILAYER_TIMEWALL_overlay", &again) == XR_ERROR_INITIALIZATION_FAILED);
  CHECK(again.getInstanceProcAddr == nullptr);
  dlclose(lib);
}
