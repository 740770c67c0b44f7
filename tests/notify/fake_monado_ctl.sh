#!/usr/bin/env bash
# A stand-in for monado-ctl over a client list in a file ($TW_FAKE_CLIENTS,
# one client a line: "ID ACT DISP FOC IO OVLY PID NAME"), for timewalld on
# a private bus without Monado. No arguments: prints the list as monado-ctl
# 25 does. `-i ID` toggles the client's io, `-p ID` makes it the displayed,
# focused normal client; each call is appended to $TW_FAKE_CLIENTS.log.
# The real tool is exercised by the e2e enforce tests.
set -euo pipefail
list=${TW_FAKE_CLIENTS:?}
echo "$*" >>"$list.log"
if [[ $# -eq 0 ]]; then
  echo "Clients:"
  while read -r id act disp foc io ovly pid name; do
    printf '\tid: %s\tact: %s\tdisp: %s\tfoc: %s\tio: %s\tovly: %s\tz: 0\tpid: %s\t%s\n' \
      "$id" "$act" "$disp" "$foc" "$io" "$ovly" "$pid" "$name"
  done <"$list"
  exit 0
fi
found=0
tmp="$list.new.$$"
while read -r id act disp foc io ovly pid name; do
  if [[ "$1" == -i && "$id" == "$2" ]]; then io=$((1 - io)) found=1; fi
  if [[ "$1" == -p && "$ovly" == 0 ]]; then
    if [[ "$id" == "$2" ]]; then disp=1 foc=1 found=1; else disp=0 foc=0; fi
  fi
  echo "$id $act $disp $foc $io $ovly $pid $name"
done <"$list" >"$tmp"
mv "$tmp" "$list"
[[ $found == 1 ]] || { echo "Failed to toggle io for client $2."; exit 1; }
