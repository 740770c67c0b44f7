// user_presence.hpp: XR_EXT_user_presence, as the layer uses it.
//
// What it does: declares the extension's name and event (OpenXR 1.0.20,
// Debian 12's headers, predates it; the values are the registry's:
// XR_TYPE_EVENT_DATA_USER_PRESENCE_CHANGED_EXT = 1000470000), finds a name
// in an extension list, asks the chain below the layer whether it offers an
// extension, and builds the app's list with one more name.
// What it does not do: create the instance or handle the events (layer.cpp).
//
//   if (!tw::xr::has_extension(names, count, tw::xr::kUserPresenceExtension) &&
//       tw::xr::chain_offers(next_gipa, instance, tw::xr::kUserPresenceExtension) == tw::xr::Offer::yes) ...
#pragma once

#include <openxr/openxr.h>

#include <cstdint>
#include <vector>

namespace tw::xr {

inline constexpr const char* kUserPresenceExtension = "XR_EXT_user_presence";
inline constexpr XrStructureType kTypeUserPresenceChanged = static_cast<XrStructureType>(1000470000);

// XrEventDataUserPresenceChangedEXT, field for field.
struct UserPresenceChanged {
  XrStructureType type;
  const void* next;
  XrSession session;
  XrBool32 isUserPresent;
};

bool has_extension(const char* const* names, uint32_t count, const char* name) noexcept;

enum class Offer : uint8_t { yes, no, unknown };  // unknown: the chain could not be asked
// Asks through `gipa` (the next layer's) for the instance just created:
// the loader's terminator gives a layer no global function for a null one.
Offer chain_offers(PFN_xrGetInstanceProcAddr gipa, XrInstance instance, const char* name);

// The app's names and `name` after them (the app's array is not touched).
std::vector<const char*> with_extension(const char* const* names, uint32_t count, const char* name);

}  // namespace tw::xr
