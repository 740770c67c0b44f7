# Shared by the e2e test scripts: skip rules, the root, Xvfb, screenshots.
# Sourced; expects SRC (source dir) and OUT (this test's artefact dir).
SKIP=77

skip() { echo "SKIP: $*"; exit $SKIP; }
die() { echo "FAIL: $*"; exit 1; }

require_root_env() {
  [ "$(id -u)" -eq 0 ] || skip "needs root for bubblewrap binds into the Monado root (CI runs as root)"
  command -v bwrap >/dev/null || skip "bubblewrap (bwrap) is not installed: run scripts/install-deps.sh"
  ROOT_DIR=$(bash "$SRC/scripts/monado-root.sh" --check 2>/dev/null | tail -1) ||
    die "the Monado root is missing: the e2e.monado_root fixture should have built it"
}

# Starts Xvfb on a free display; sets DISPLAY_NUM and XVFB_PID.
start_xvfb() {
  command -v Xvfb >/dev/null || die "Xvfb is not installed: run scripts/install-deps.sh"
  for n in $(seq 140 199); do
    [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] && continue
    Xvfb ":$n" -screen 0 1280x720x24 -nolisten tcp >"$OUT/xvfb.log" 2>&1 &
    XVFB_PID=$!
    for _ in $(seq 1 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
    if [ -e "/tmp/.X11-unix/X$n" ]; then DISPLAY_NUM=":$n"; return 0; fi
    kill "$XVFB_PID" 2>/dev/null
  done
  die "no free X display for Xvfb"
}

stop_xvfb() { [ -n "${XVFB_PID:-}" ] && kill "$XVFB_PID" 2>/dev/null; wait "${XVFB_PID:-}" 2>/dev/null || true; }

# Lines of the frame log that record a submitted frame.
frames_in() { local n; n=$(grep -c '^frame' "$1" 2>/dev/null); echo "${n:-0}"; }

# screenshot NAME: Monado's window as $OUT/NAME.png and $OUT/NAME.ppm
screenshot() {
  xwd -display "$DISPLAY_NUM" -name Monado -silent >"$OUT/$1.xwd" || die "xwd could not capture Monado's window"
  convert "$OUT/$1.xwd" "$OUT/$1.png" && convert "$OUT/$1.xwd" -depth 8 "$OUT/$1.ppm" ||
    die "ImageMagick convert failed on $OUT/$1.xwd"
  rm -f "$OUT/$1.xwd"
}
