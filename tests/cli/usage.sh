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
expect_rc 2 "$bin" report --policy p.toml
case "$err" in *"report: --ledger FILE is required"*) ;; *) fail "report without --ledger: $err" ;; esac
expect_rc 2 "$bin" report --ledger l.db --policy p.toml --format pdf
case "$err" in *"--format must be html or text, not 'pdf'"*) ;; *) fail "report --format: $err" ;; esac
expect_rc 2 "$bin" export --ledger l.db --policy p.toml
case "$err" in *"--format activitywatch|csv is required"*) ;; *) fail "export without --format: $err" ;; esac
expect_rc 2 "$bin" import --ledger l.db --policy p.toml --format activitywatch
case "$err" in *"exactly one FILE to import"*) ;; *) fail "import without FILE: $err" ;; esac
expect_rc 2 "$bin" import --ledger l.db --policy p.toml --format csv x.csv
case "$err" in *"--format activitywatch is required"*) ;; *) fail "import --format csv: $err" ;; esac
expect_rc 2 "$bin" enforce --policy p.toml
case "$err" in *"enforce: --shield PROGRAM is required"*) ;; *) fail "enforce without --shield: $err" ;; esac
expect_rc 2 "$bin" enforce --shield s --poll-ms 5
case "$err" in *"--poll-ms is a whole number of milliseconds from 20 to 10000"*) ;; *) fail "enforce --poll-ms: $err" ;; esac
expect_rc 2 "$bin" enforce --shield s --poll-ms 100x
case "$err" in *"--poll-ms is a whole number"*) ;; *) fail "enforce --poll-ms 100x: $err" ;; esac
expect_rc 0 "$bin" help
case "$out" in *"exit status: 0 success"*) ;; *) fail "help text: $out" ;; esac
echo "usage: ok"
