// The built API layer enables XR_EXT_hand_tracking for itself (a pinch
// selects) where the chain below offers it, and hides it from an app that
// did not ask for it: the app's xrGetInstanceProcAddr gets
// XR_ERROR_FUNCTION_UNSUPPORTED for its functions, as from a loader whose
// app never enabled the extension. The layer is loaded as the loader loads
// it (negotiation, then xrCreateApiLayerInstance) over a stand-in for the
// next layer and runtime that records what it is asked for.
#include "tw_catch.hpp"

#include <dlfcn.h>
#include <stdlib.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "openxr/loader_negotiation.hpp"
#include "temp_dir.hpp"

namespace {

const std::string kLib = TW_BINARY_DIR "/lib/libXrApiLayer_timewall_overlay.so";
constexpr const char* kHands = "XR_EXT_hand_tracking";
constexpr const char* kHandFunctions[] = {"xrCreateHandTrackerEXT", "xrDestroyHandTrackerEXT",
                                          "xrLocateHandJointsEXT"};

// The chain below the layer.
struct Below {
  bool offers_hands = true;                   // lists the extension, takes it at creation
  std::vector<std::vector<std::string>> created;  // the names of each xrCreateApiLayerInstance
  XrInstance next_handle = reinterpret_cast<XrInstance>(uintptr_t{0x7100});
} g_below;

XRAPI_ATTR XrResult XRAPI_CALL failing() { return XR_ERROR_RUNTIME_FAILURE; }
XRAPI_ATTR XrResult XRAPI_CALL hand_function() { return XR_SUCCESS; }
XRAPI_ATTR XrResult XRAPI_CALL destroy_instance(XrInstance) { return XR_SUCCESS; }
XRAPI_ATTR XrResult XRAPI_CALL enumerate(const char*, uint32_t capacity, uint32_t* count, XrExtensionProperties* props) {
  const uint32_t n = g_below.offers_hands ? 1 : 0;
  *count = n;
  if (capacity == 0) return XR_SUCCESS;
  if (capacity < n) return XR_ERROR_SIZE_INSUFFICIENT;
  if (n == 1) std::strncpy(props[0].extensionName, kHands, XR_MAX_EXTENSION_NAME_SIZE);
  return XR_SUCCESS;
}

bool is_hand_function(const char* name) {
  for (const char* f : kHandFunctions)
    if (std::strcmp(name, f) == 0) return true;
  return false;
}

XRAPI_ATTR XrResult XRAPI_CALL below_gipa(XrInstance, const char* name, PFN_xrVoidFunction* fn) {
  *fn = nullptr;
  if (std::strcmp(name, "xrEnumerateInstanceExtensionProperties") == 0)
    *fn = reinterpret_cast<PFN_xrVoidFunction>(enumerate);
  else if (std::strcmp(name, "xrDestroyInstance") == 0)
    *fn = reinterpret_cast<PFN_xrVoidFunction>(destroy_instance);
  else if (is_hand_function(name))
    *fn = g_below.offers_hands ? reinterpret_cast<PFN_xrVoidFunction>(hand_function) : nullptr;
  else  // every other function exists and fails: the layer only stores them here
    *fn = reinterpret_cast<PFN_xrVoidFunction>(failing);
  return *fn ? XR_SUCCESS : XR_ERROR_FUNCTION_UNSUPPORTED;
}

XRAPI_ATTR XrResult XRAPI_CALL below_create(const XrInstanceCreateInfo* info, const XrApiLayerCreateInfo*,
                                            XrInstance* instance) {
  std::vector<std::string> names(info->enabledExtensionNames, info->enabledExtensionNames + info->enabledExtensionCount);
  g_below.created.push_back(names);
  for (const std::string& n : names)
    if (n == kHands && !g_below.offers_hands) return XR_ERROR_EXTENSION_NOT_PRESENT;
  *instance = g_below.next_handle;
  return XR_SUCCESS;
}

// The layer, negotiated as the loader does; the environment keeps it off the
// wearer's files and off the bus.
struct Layer {
  tw_test::TempDir dir{"tw_hand_hiding"};
  void* lib = nullptr;
  XrNegotiateApiLayerRequest req{XR_LOADER_INTERFACE_STRUCT_API_LAYER_REQUEST, XR_API_LAYER_INFO_STRUCT_VERSION,
                                 sizeof(XrNegotiateApiLayerRequest)};
  Layer() {
    std::ofstream(dir.file("policy.toml")) << "schema = 1\n";
    std::filesystem::permissions(dir.file("policy.toml"), std::filesystem::perms::owner_read |
                                                              std::filesystem::perms::owner_write);
    std::ofstream(dir.file("app-map.conf"));
    setenv("TIMEWALL_POLICY", dir.file("policy.toml").c_str(), 1);
    setenv("TIMEWALL_LEDGER", dir.file("ledger.db").c_str(), 1);
    setenv("TIMEWALL_LAYER_APP_MAP", dir.file("app-map.conf").c_str(), 1);
    setenv("TIMEWALL_LAYER_INBOX", "0", 1);
    unsetenv("TIMEWALL_LAYER_FRAME_LOG");
    lib = dlopen(kLib.c_str(), RTLD_NOW | RTLD_LOCAL);
    REQUIRE(lib != nullptr);
    auto negotiate = reinterpret_cast<PFN_xrNegotiateLoaderApiLayerInterface>(
        dlsym(lib, "xrNegotiateLoaderApiLayerInterface"));
    REQUIRE(negotiate != nullptr);
    XrNegotiateLoaderInfo info{XR_LOADER_INTERFACE_STRUCT_LOADER_INFO, XR_LOADER_INFO_STRUCT_VERSION,
                               sizeof(XrNegotiateLoaderInfo), 1, 1, XR_MAKE_VERSION(1, 0, 0), XR_MAKE_VERSION(1, 1, 0)};
    REQUIRE(negotiate(&info, "XR_APILAYER_TIMEWALL_overlay", &req) == XR_SUCCESS);
  }
  ~Layer() { dlclose(lib); }

  // xrCreateInstance through the layer, the app enabling `app_names`.
  XrInstance create(std::vector<const char*> app_names) {
    XrApiLayerNextInfo next{XR_LOADER_INTERFACE_STRUCT_API_LAYER_NEXT_INFO, XR_API_LAYER_NEXT_INFO_STRUCT_VERSION,
                            sizeof(XrApiLayerNextInfo)};
    std::strncpy(next.layerName, "XR_APILAYER_TIMEWALL_overlay", XR_MAX_API_LAYER_NAME_SIZE);
    next.nextGetInstanceProcAddr = below_gipa;
    next.nextCreateApiLayerInstance = below_create;
    XrApiLayerCreateInfo layer_info{XR_LOADER_INTERFACE_STRUCT_API_LAYER_CREATE_INFO,
                                    XR_API_LAYER_CREATE_INFO_STRUCT_VERSION, sizeof(XrApiLayerCreateInfo)};
    layer_info.nextInfo = &next;
    XrInstanceCreateInfo info{XR_TYPE_INSTANCE_CREATE_INFO};
    std::strncpy(info.applicationInfo.applicationName, "hand_hiding_app", XR_MAX_APPLICATION_NAME_SIZE);
    info.applicationInfo.apiVersion = XR_MAKE_VERSION(1, 0, 0);
    info.enabledExtensionCount = static_cast<uint32_t>(app_names.size());
    info.enabledExtensionNames = app_names.data();
    XrInstance instance = XR_NULL_HANDLE;
    REQUIRE(req.createApiLayerInstance(&info, &layer_info, &instance) == XR_SUCCESS);
    REQUIRE(instance == g_below.next_handle);
    return instance;
  }
  XrResult proc(XrInstance instance, const char* name, PFN_xrVoidFunction* fn) {
    return req.getInstanceProcAddr(instance, name, fn);
  }
  void destroy(XrInstance instance) {
    PFN_xrVoidFunction fn = nullptr;
    REQUIRE(proc(instance, "xrDestroyInstance", &fn) == XR_SUCCESS);
    CHECK(reinterpret_cast<PFN_xrDestroyInstance>(fn)(instance) == XR_SUCCESS);
  }
};

size_t count(const std::vector<std::string>& names, const std::string& name) {
  size_t n = 0;
  for (const std::string& s : names) n += s == name;
  return n;
}

}  // namespace

TEST_CASE("layer: hand tracking it enabled for itself stays hidden from the app", "[openxr][layer][pinch]") {
  g_below = {};
  Layer layer;
  const XrInstance instance = layer.create({"XR_KHR_vulkan_enable2"});
  REQUIRE(g_below.created.size() == 1);
  CHECK(count(g_below.created[0], kHands) == 1);  // asked of the chain on top of the app's names
  CHECK(count(g_below.created[0], "XR_KHR_vulkan_enable2") == 1);
  for (const char* f : kHandFunctions) {
    INFO(f);
    PFN_xrVoidFunction fn = reinterpret_cast<PFN_xrVoidFunction>(failing);
    CHECK(layer.proc(instance, f, &fn) == XR_ERROR_FUNCTION_UNSUPPORTED);
    CHECK(fn == nullptr);
  }
  PFN_xrVoidFunction other = nullptr;  // everything else still reaches the chain
  CHECK(layer.proc(instance, "xrGetSystem", &other) == XR_SUCCESS);
  CHECK(other == reinterpret_cast<PFN_xrVoidFunction>(failing));
  layer.destroy(instance);
}

TEST_CASE("layer: an app that enabled hand tracking itself gets its functions", "[openxr][layer][pinch]") {
  g_below = {};
  Layer layer;
  const XrInstance instance = layer.create({"XR_KHR_vulkan_enable2", kHands});
  REQUIRE(g_below.created.size() == 1);
  CHECK(count(g_below.created[0], kHands) == 1);  // not added a second time
  for (const char* f : kHandFunctions) {
    INFO(f);
    PFN_xrVoidFunction fn = nullptr;
    CHECK(layer.proc(instance, f, &fn) == XR_SUCCESS);
    CHECK(fn == reinterpret_cast<PFN_xrVoidFunction>(hand_function));
  }
  layer.destroy(instance);
}

TEST_CASE("layer: a chain without hand tracking gets the instance exactly as the app asked", "[openxr][layer][pinch]") {
  g_below = {};
  g_below.offers_hands = false;
  Layer layer;
  const XrInstance instance = layer.create({"XR_KHR_vulkan_enable2"});
  REQUIRE(g_below.created.size() == 2);  // refused with hand tracking, then made as asked
  CHECK(count(g_below.created[0], kHands) == 1);
  CHECK(g_below.created[1] == std::vector<std::string>{"XR_KHR_vulkan_enable2"});
  PFN_xrVoidFunction fn = nullptr;  // the chain's own answer, not the layer's
  CHECK(layer.proc(instance, "xrCreateHandTrackerEXT", &fn) == XR_ERROR_FUNCTION_UNSUPPORTED);
  layer.destroy(instance);
}
