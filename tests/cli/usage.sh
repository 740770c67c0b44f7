#!/usr/bin/env bash
# Bad command lines exit 2 with a reason and the usage text; help exits 0.
# usage: usage.sh TIMEWALL
set -u
. "$(dirname "$0")/lib.sh"
bin=$1
expect_rc 2 "$bin"
case "$err" in *"no command given"*"usage: timewall"*) ;; *) fail "no command: $err" ;; esac
expect_rc 2 "$bin" frobnicate
case "$err" in *"unknown command 'frobnicate'"*) ;; *) fail "unknown command: $err" ;; esac
expect_rc 2 "$bin" replay --policy
case "$err" in *"option '--policy' needs a value"*) ;; *) fail "missing value: $err" ;; esac
expect_rc 2 "$bin" replay --policy p.toml
case "$err" in *"--signals FILE.jsonl is required"*) ;; *) fail "missing --signals: $err" ;; esac
expect_rc 2 "$bin" replay --policy a --policy b --signals s
case "$err" in *"given twice"*) ;; *) fail "twice: $err" ;; esac
expect_rc 2 "$bin" check-policy
case "$err" in *"exactly one FILE"*) ;; *) fail "check-policy arity: $err" ;; esac
expect_rc 2 "$bin" demo --nope
case "$err" in *"unknown option '--nope'"*) ;; *) fail "unknown option: $err" ;; esac
expect_rc 0 "$bin" help
case "$out" in *"exit status: 0 success"*) ;; *) fail "help text: $out" ;; esac
echo "usage: ok"
