// XR_EXT_user_presence helpers: the app's extension list is found and
// extended in a copy; the chain is asked through a next-layer
// xrGetInstanceProcAddr for the new instance (here a stand-in for one that offers the extension,
// since Monado 25 does not: e2e.hello_xr_block checks the real chain says
// "no"), and a chain that cannot be asked gives "unknown".
#include "tw_catch.hpp"

#include <cstring>
#include <string>

#include "openxr/layer/user_presence.hpp"

namespace {

const XrInstance kInstance = reinterpret_cast<XrInstance>(uintptr_t{0x1234});

XRAPI_ATTR XrResult XRAPI_CALL two_extensions(const char* layer, uint32_t capacity, uint32_t* count,
                                              XrExtensionProperties* props) {
  if (layer != nullptr || count == nullptr) return XR_ERROR_VALIDATION_FAILURE;
  *count = 2;
  if (capacity == 0) return XR_SUCCESS;
  if (capacity < 2) return XR_ERROR_SIZE_INSUFFICIENT;
  std::strcpy(props[0].extensionName, "XR_KHR_vulkan_enable2");
  std::strcpy(props[1].extensionName, "XR_EXT_user_presence");
  return XR_SUCCESS;
}

XRAPI_ATTR XrResult XRAPI_CALL offering_gipa(XrInstance instance, const char* name, PFN_xrVoidFunction* fn) {
  if (instance == XR_NULL_HANDLE || std::strcmp(name, "xrEnumerateInstanceExtensionProperties") != 0)
    return XR_ERROR_FUNCTION_UNSUPPORTED;
  *fn = reinterpret_cast<PFN_xrVoidFunction>(two_extensions);
  return XR_SUCCESS;
}

XRAPI_ATTR XrResult XRAPI_CALL refusing_gipa(XrInstance, const char*, PFN_xrVoidFunction*) {
  return XR_ERROR_HANDLE_INVALID;
}

}  // namespace

TEST_CASE("the app's extension list is searched and extended in a copy", "[openxr][user_presence]") {
  const char* app[] = {"XR_KHR_vulkan_enable2", "XR_KHR_composition_layer_cylinder"};
  CHECK(tw::xr::has_extension(app, 2, "XR_KHR_vulkan_enable2"));
  CHECK_FALSE(tw::xr::has_extension(app, 2, tw::xr::kUserPresenceExtension));
  CHECK_FALSE(tw::xr::has_extension(nullptr, 3, tw::xr::kUserPresenceExtension));
  const auto names = tw::xr::with_extension(app, 2, tw::xr::kUserPresenceExtension);
  REQUIRE(names.size() == 3);
  CHECK(names[0] == app[0]);
  CHECK(names[1] == app[1]);
  CHECK(std::string(names[2]) == "XR_EXT_user_presence");
  CHECK(std::string(app[1]) == "XR_KHR_composition_layer_cylinder");  // untouched
  CHECK(tw::xr::with_extension(nullptr, 0, tw::xr::kUserPresenceExtension).size() == 1);
}

TEST_CASE("the chain below is asked for the extension", "[openxr][user_presence]") {
  CHECK(tw::xr::chain_offers(offering_gipa, kInstance, tw::xr::kUserPresenceExtension) == tw::xr::Offer::yes);
  CHECK(tw::xr::chain_offers(offering_gipa, kInstance, "XR_EXT_hand_tracking") == tw::xr::Offer::no);
  CHECK(tw::xr::chain_offers(refusing_gipa, kInstance, tw::xr::kUserPresenceExtension) == tw::xr::Offer::unknown);
  CHECK(tw::xr::chain_offers(nullptr, kInstance, tw::xr::kUserPresenceExtension) == tw::xr::Offer::unknown);
}

TEST_CASE("the event struct matches XrEventDataUserPresenceChangedEXT's layout", "[openxr][user_presence]") {
  // type, next, session, isUserPresent (openxr.h 1.1.47): 4 + pad + 8 + 8 + 4 + pad.
  CHECK(offsetof(tw::xr::UserPresenceChanged, session) == 16);
  CHECK(offsetof(tw::xr::UserPresenceChanged, isUserPresent) == 24);
  CHECK(sizeof(tw::xr::UserPresenceChanged) <= sizeof(XrEventDataBuffer));
}
