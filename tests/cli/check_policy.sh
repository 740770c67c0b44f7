#!/usr/bin/env bash
# check-policy: a broken file names each error's file:line:col and key and
# exits 1; the demo policy is valid (exit 0, one OK line); a missing file exits 1;
# app ids no host can report are warnings with file:line:col, exit 0 (issue 18).
# usage: check_policy.sh TIMEWALL TESTS_DATA_DIR DATA_DIR
set -u
. "$(dirname "$0")/lib.sh"
bin=$1
cd "$2" || fail "no $2"

expect_rc 1 "$bin" check-policy broken-policy.toml
[ -z "$out" ] || fail "errors must go to stderr, stdout had: $out"
mapfile -t lines <<<"$err"
[ "${#lines[@]}" -eq 2 ] || fail "expected 2 error lines, got: $err"
case "${lines[0]}" in "broken-policy.toml:14:13: budget[0].limit_min: "*) ;; *) fail "line 1: ${lines[0]}" ;; esac
case "${lines[1]}" in "broken-policy.toml:18:1: idle.min_idel_s: "*) ;; *) fail "line 2: ${lines[1]}" ;; esac

expect_rc 0 "$bin" check-policy "$3/demo/policy.toml"
case "$out" in *"/demo/policy.toml: OK: "*) ;; *) fail "no OK summary: $out" ;; esac
[ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] || fail "OK summary must be one line: $out"

expect_rc 0 "$bin" check-policy app-ids-policy.toml --app-map app-ids.conf
want='app-ids-policy.toml:6:1: warning: apps."openxr.": no host can report app id "openxr.", so this never applies: an OpenXR application without a name counts as "openxr.unnamed"
app-ids-policy.toml:7:1: warning: apps."openxr.HelloXR": the OpenXR layer never reports "openxr.helloxr": the app map app-ids.conf:2 counts application "helloxr" as "com.khronos.hello_xr"; name that id here'
[ "$err" = "$want" ] || fail "app id warnings: got: $err"
[ "$out" = "app-ids-policy.toml: OK: 3 apps, 1 budgets, 0 protected windows, 0 idle rules, 0 fill items, 0 exercises; timezone UTC; 2 warning(s)" ] ||
  fail "app id warnings: OK line: $out"
# Without the app map only the id no host can report is left.
TIMEWALL_LAYER_APP_MAP=/nonexistent/openxr-apps.conf expect_rc 0 "$bin" check-policy app-ids-policy.toml
[ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || fail "without the app map: $err"

expect_rc 1 "$bin" check-policy does-not-exist.toml
case "$err" in *does-not-exist.toml*) ;; *) fail "missing file not named: $err" ;; esac
echo "check-policy: ok"
