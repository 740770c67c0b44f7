# Shared helpers for the tests/cli scripts: fail loudly with what was seen.
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
# expect_rc WANT CMD...: runs CMD, keeps stdout in $out and stderr in $err.
expect_rc() {
  local want=$1
  shift
  local o e
  o=$(mktemp) e=$(mktemp)
  "$@" >"$o" 2>"$e"
  rc=$?
  out=$(cat "$o") err=$(cat "$e")
  rm -f "$o" "$e"
  [ "$rc" -eq "$want" ] || fail "'$*' exited $rc, expected $want; stderr: $err"
}
