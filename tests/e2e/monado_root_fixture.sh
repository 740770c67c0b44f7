#!/usr/bin/env bash
# CTest fixture: creates (once, cached outside the checkout) or validates the
# Debian 13 root the e2e tests run Monado in. Skips only where it cannot run.
set -uo pipefail
SRC=$1
[ "$(id -u)" -eq 0 ] || { echo "SKIP: not root: debootstrap and bubblewrap binds need root (CI runs as root)"; exit 77; }
if ! bash "$SRC/scripts/monado-root.sh" --check >/dev/null 2>&1; then
  command -v debootstrap >/dev/null || { echo "SKIP: debootstrap is not installed (scripts/install-deps.sh installs it)"; exit 77; }
fi
bash "$SRC/scripts/monado-root.sh"
