#!/usr/bin/env bash
# Regenerates goldens after an intended change, for review before commit.
#   bash scripts/update-goldens.sh          the renderer's images (below)
#   bash scripts/update-goldens.sh --text   the behaviour goldens of
#       tests/golden/golden.sh (replay decisions, scheduler traces, solver
#       output): git diff tests/data/golden shows what changed
#
# Images: regenerates the renderer's golden images (tests/data/golden/*.png) on
# lavapipe, then writes contact sheets to build/default/golden-review/ so the
# new images can be reviewed by eye before they are committed:
#   bash scripts/update-goldens.sh && git diff --stat tests/data/golden
# Goldens are raw panel pixels (sRGB, premultiplied alpha); the review sheets
# show them over black (what an additive display shows) with ImageMagick.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = --text ]; then
  cmake --build build/default -j2 --target timewall tw_scheduler_trace tw_layout_golden
  TW_UPDATE_GOLDENS=1 ctest --test-dir build/default -R '^golden\.' --output-on-failure
  git diff --stat tests/data/golden
  exit 0
fi
cmake --build build/default -j2 --target tw_render_tests
TW_UPDATE_GOLDENS=1 build/default/bin/tw_render_tests "[golden]"
review=build/default/golden-review
mkdir -p "$review"
if command -v montage >/dev/null; then
  for theme in additive plated; do
    montage tests/data/golden/*_"$theme".png -alpha off -tile 3x -geometry +4+4 -background '#404040' \
      "$review/$theme.png"
  done
  echo "review: $review/additive.png $review/plated.png"
fi
