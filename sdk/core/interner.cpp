#include "core/interner.hpp"

namespace tw {

uint32_t Interner::intern(std::string_view name) {
  if (auto it = index_.find(name); it != index_.end()) return it->second;
  const auto id = static_cast<uint32_t>(names_.size());
  names_.emplace_back(name);
  index_.emplace(names_.back(), id);
  return id;
}

std::optional<uint32_t> Interner::find(std::string_view name) const {
  if (auto it = index_.find(name); it != index_.end()) return it->second;
  return std::nullopt;
}

std::string_view Interner::name(uint32_t id) const {
  return id < names_.size() ? std::string_view(names_[id]) : std::string_view();
}

}  // namespace tw
