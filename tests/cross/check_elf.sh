#!/usr/bin/env bash
# check_elf.sh READELF FILE ARCH [EXPORT...]: FILE is an ELF for ARCH
# (CMAKE_SYSTEM_PROCESSOR: aarch64, x86_64), and, when EXPORTs are given, its
# defined dynamic symbols are exactly those. Prints a FAIL line naming what it saw.
set -uo pipefail
readelf=$1 file=$2 arch=$3
shift 3

fail() { echo "FAIL: $file: $*" >&2; exit 1; }
[ -f "$file" ] || fail "no such file"

case "$arch" in
  aarch64|arm64) want_machine="AArch64" ;;
  x86_64|AMD64) want_machine="Advanced Micro Devices X86-64" ;;
  *) fail "unknown architecture '$arch'" ;;
esac
machine=$("$readelf" -h "$file" | sed -n 's/^ *Machine: *//p')
[ "$machine" = "$want_machine" ] || fail "machine is '$machine', expected '$want_machine'"
echo "$file: $machine"

[ $# -eq 0 ] && exit 0
# Defined (Ndx not UND) global or weak symbols of the dynamic table.
defined=$("$readelf" --dyn-syms -W "$file" |
  awk '$1 ~ /^[0-9]+:$/ && ($5 == "GLOBAL" || $5 == "WEAK" || $5 == "UNIQUE") && $7 != "UND" { print $8 }' |
  sed 's/@.*//' | sort -u)
want=$(printf '%s\n' "$@" | sort -u)
[ "$defined" = "$want" ] || fail "defined dynamic symbols are [$(echo $defined)], expected [$(echo $want)]"
echo "exports: $(echo $defined)"
