// monado_ctl_parse.hpp: reads the client list that Monado's `monado-ctl`
// prints (checked on Monado 25.0.0, Debian 13).
//
// What it does: finds the "Clients:" section and reads each line of it,
//   <TAB>id: 1<TAB>act: 1<TAB>disp: 1<TAB>foc: 1<TAB>io: 1<TAB>ovly: 0<TAB>z: 0<TAB>pid: 42<TAB>HelloXR
// into a RuntimeClient: the `key: number` fields in any order (keys it does
// not know are skipped), then the application name (the rest of the line,
// which may hold spaces or be empty). The section ends at an empty line, a
// line that does not start with a tab, or the end of the text ("Devices:"
// follows it). Every one of id, act, disp, foc, io, ovly, z and pid is
// required; a number must fit an int32.
// What it does not do: run monado-ctl (MonadoCtl does), or accept a line it
// cannot read: the whole list is then a parse error naming the line, since
// a client read wrongly could be blocked wrongly.
//
//   auto clients = tw::parse_monado_ctl_clients(output);
//   if (!clients) log(clients.error().message);
#pragma once

#include <string_view>
#include <vector>

#include "core/device/runtime_control.hpp"
#include "core/result.hpp"

namespace tw {

Result<std::vector<RuntimeClient>> parse_monado_ctl_clients(std::string_view text);

}  // namespace tw
