#!/usr/bin/env bash
# notify_bus.sh TIMEWALL CASE: one notification-server case on the private
# session bus dbus-run-session gave us (never the machine's own bus). Each
# case starts `timewall serve --clock manual:...`, sends real notifications
# (notify-send, gdbus call), moves the engine's time with
# org.timewall.Clock1, and checks the cards (org.timewall.Inbox1.Cards), the
# signals (gdbus monitor) and the ledger (sqlite3).
set -euo pipefail
tw=$1
case_name=$2
inbox_host=${3:-}
notify_flood=${4:-}
inbox_c_host=${5:-}
[[ "${DBUS_SESSION_BUS_ADDRESS:-}" == *"/tmp/dbus-"* || "${DBUS_SESSION_BUS_ADDRESS:-}" == unix:abstract=* || -n "${TW_PRIVATE_BUS:-}" ]] ||
  { echo "refusing to run outside dbus-run-session (DBUS_SESSION_BUS_ADDRESS=${DBUS_SESSION_BUS_ADDRESS:-})"; exit 1; }
tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
  echo "FAIL ($case_name): $*"
  echo "--- serve log"; cat "$tmp/serve.log" 2>/dev/null || true
  exit 1
}

cat > "$tmp/policy.toml" <<'TOML'
schema = 1
[apps]
"editor" = "work"
"chat" = "messaging"
"family" = "messaging"
"feed" = "social"
[deferral]
max_defer_s = 120
[sleep]
bedtime = "23:00"
wake = "07:00"
[notifications]
flood_per_min = 20
[[notifications.rule]]
app = "family"
route = "deliver"
[[notifications.rule]]
app = "feed"
route = "drop"
TOML
ledger="$tmp/ledger.db"

serve_pid=""
start_serve() {  # start_serve ISO-TIME [MORE SERVE ARGS...]
  "$tw" serve --ledger "$ledger" --policy "$tmp/policy.toml" --clock "manual:$1" "${@:2}" >>"$tmp/serve.log" 2>&1 &
  serve_pid=$!
  pids+=("$serve_pid")
  for _ in $(seq 100); do
    gdbus call --session --dest org.freedesktop.Notifications --object-path /org/freedesktop/Notifications \
      --method org.freedesktop.Notifications.GetServerInformation >/dev/null 2>&1 && return 0
    kill -0 "$serve_pid" 2>/dev/null || fail "serve exited"
    sleep 0.05
  done
  fail "serve did not take the name"
}
call() {  # call INTERFACE.METHOD ARGS...
  gdbus call --session --dest org.freedesktop.Notifications --object-path /org/freedesktop/Notifications --method "$@"
}
advance_s() { call org.timewall.Clock1.Advance "$(($1 * 1000))" >/dev/null; }
signal() { call org.timewall.Clock1.Signal "$1" "$2" "${3:-0.0}" >/dev/null; }
cards() { call org.timewall.Inbox1.Cards; }
notify_id() {  # gdbus's "(uint32 7,)" -> 7
  sed -E 's/^\(uint32 ([0-9]+),\)$/\1/'
}
sql() { sqlite3 "$ledger" "$1"; }
# gdbus monitor on serve's signals, listening once it names the owner: its
# match is added before it asks for the owner (a fixed sleep was not enough
# under load: a signal sent before the match went unseen).
start_monitor() {
  gdbus monitor --session --dest org.freedesktop.Notifications >"$tmp/monitor.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 400); do
    grep -q "^The name org.freedesktop.Notifications is owned by" "$tmp/monitor.log" && return 0
    sleep 0.05
  done
  fail "gdbus monitor did not start: $(cat "$tmp/monitor.log")"
}
expect_card() { cards | grep -q -- "$1" || fail "no card with '$1' (cards: $(cards))"; }
expect_no_card() { if cards | grep -q -- "$1"; then fail "a card with '$1' shows too early (cards: $(cards))"; fi; }

case "$case_name" in
breakpoint)
  # Mid-task: deferred to the next breakpoint (an app switch), within
  # max_defer_s; without one, delivered at the bound.
  start_serve 2026-11-23T12:00:00Z
  signal app_focus editor
  notify-send -a Mail "Invoice 42" "<b>due</b> friday"
  advance_s 1
  expect_no_card "Invoice 42"
  advance_s 30
  expect_no_card "Invoice 42"
  signal app_focus chat
  expect_card "Invoice 42"
  cards | grep -q "'due friday'" || fail "markup not stripped: $(cards)"
  [[ $(sql "SELECT detail FROM notification_event WHERE kind='delivered'") == breakpoint_app_switch ]] ||
    fail "not delivered at the app switch: $(sql 'SELECT * FROM notification_event')"
  notify-send -a Mail "Reminder"
  advance_s 119
  expect_no_card "Reminder"
  advance_s 2
  expect_card "Reminder"
  [[ $(sql "SELECT e.detail, e.at_ms - n.received_ms FROM notification_event e JOIN notification n ON n.id = e.notification_id WHERE n.summary='Reminder' AND e.kind='delivered'") == "deferral_bound|120000" ]] ||
    fail "bound not kept: $(sql 'SELECT * FROM notification_event')"
  ;;
sleep)
  # During the sleep window: held until it ends.
  start_serve 2026-11-23T01:00:00Z
  notify-send -a Mail "Newsletter"
  advance_s $((6 * 3600 - 60))  # 06:59
  expect_no_card "Newsletter"
  [[ $(sql "SELECT detail FROM notification_event WHERE kind='held'") == sleep_window ]] || fail "not held for sleep"
  advance_s 61  # 07:00:01
  expect_card "Newsletter"
  [[ $(sql "SELECT at_ms FROM notification_event WHERE kind='delivered'") == $(date -d 2026-11-23T07:00:00Z +%s)000 ]] ||
    fail "not delivered at the window's end: $(sql 'SELECT * FROM notification_event')"
  ;;
critical_walk)
  # Critical passes at once, even in sleep; but not while the wearer walks.
  start_serve 2026-11-23T01:00:00Z
  notify-send -a Mail -u critical "Server down"
  advance_s 0
  expect_card "Server down"
  advance_s 20
  signal head_motion "" 1.5
  notify-send -a Mail -u critical "Fire alarm"
  advance_s 1
  expect_no_card "Fire alarm"
  [[ $(sql "SELECT detail FROM notification_event e JOIN notification n ON n.id = e.notification_id WHERE n.summary='Fire alarm' AND kind='delivered'") == urgent ]] ||
    fail "critical not passed as urgent"
  signal head_motion "" 0.0
  advance_s 3
  expect_card "Fire alarm"
  ;;
action)
  # The card's action, chosen by the wearer (Inbox1.InvokeAction, as a host
  # does), reaches the sender as ActionInvoked; the card then closes (2).
  start_serve 2026-11-23T12:00:00Z
  start_monitor
  id=$(call org.freedesktop.Notifications.Notify family 0 "" "Dinner?" "at 7" "['yes', 'Yes', 'no', 'No']" "{}" "int32 -1" | notify_id)
  advance_s 0
  expect_card "Dinner?"
  cards | grep -q "'yes', 'Yes', 'no', 'No'" || fail "actions not on the card: $(cards)"
  if call org.timewall.Inbox1.InvokeAction "$id" maybe >/dev/null 2>&1; then fail "an unknown action was accepted"; fi
  call org.timewall.Inbox1.InvokeAction "$id" yes >/dev/null
  for _ in $(seq 200); do grep -q "ActionInvoked" "$tmp/monitor.log" && break; sleep 0.05; done
  grep -q "ActionInvoked (uint32 $id, 'yes')" "$tmp/monitor.log" || fail "no ActionInvoked: $(cat "$tmp/monitor.log")"
  for _ in $(seq 200); do grep -q "NotificationClosed" "$tmp/monitor.log" && break; sleep 0.05; done
  grep -q "NotificationClosed (uint32 $id, uint32 2)" "$tmp/monitor.log" || fail "no NotificationClosed: $(cat "$tmp/monitor.log")"
  expect_no_card "Dinner?"
  ;;
kill)
  # SIGKILL between Notify and delivery loses none: the ledger has each one
  # before Notify returns, and the next server delivers them within their bound.
  start_serve 2026-11-23T12:00:00Z
  signal app_focus editor
  for i in 1 2 3 4 5; do notify-send -a Mail "Queued $i"; done
  [[ $(sql "SELECT COUNT(*) FROM notification WHERE state='pending'") == 5 ]] || fail "not in the ledger at once"
  kill -9 "$serve_pid"
  wait "$serve_pid" 2>/dev/null || true
  start_serve 2026-11-23T12:01:00Z
  advance_s 59
  expect_no_card "Queued"
  advance_s 2  # 12:02:01: the bound from 12:00:00
  for i in 1 2 3 4 5; do expect_card "Queued $i"; done
  [[ $(sql "SELECT COUNT(*) FROM notification_event WHERE kind='delivered'") == 5 ]] || fail "not all delivered once"
  [[ $(sql "SELECT COUNT(*) FROM notification_event WHERE kind='received'") == 5 ]] || fail "received twice"
  ;;
drop_close)
  # A drop rule: NotificationClosed reason 2 at once; CloseNotification: 3;
  # closing one that is gone: an error, as the specification says.
  start_serve 2026-11-23T12:00:00Z
  start_monitor
  caps=$(call org.freedesktop.Notifications.GetCapabilities)
  [[ "$caps" == "(['actions', 'body', 'body-markup'],)" ]] || fail "capabilities: $caps"
  [[ $(call org.freedesktop.Notifications.GetServerInformation) == "('Timewall', 'Timewall', '0.1', '1.2')" ]] || fail "server information"
  dropped=$(call org.freedesktop.Notifications.Notify feed 0 "" "Someone liked" "" "[]" "{'urgency': <byte 2>}" "int32 -1" | notify_id)
  held=$(call org.freedesktop.Notifications.Notify Mail 0 "" "Later" "" "[]" "{}" "int32 -1" | notify_id)
  call org.freedesktop.Notifications.CloseNotification "$held" >/dev/null
  if call org.freedesktop.Notifications.CloseNotification "$held" >/dev/null 2>&1; then fail "closing twice was accepted"; fi
  for _ in $(seq 200); do grep -q "uint32 $held, uint32 3" "$tmp/monitor.log" && break; sleep 0.05; done
  grep -q "NotificationClosed (uint32 $dropped, uint32 2)" "$tmp/monitor.log" || fail "drop not signalled: $(cat "$tmp/monitor.log")"
  grep -q "NotificationClosed (uint32 $held, uint32 3)" "$tmp/monitor.log" || fail "close not signalled: $(cat "$tmp/monitor.log")"
  advance_s 300
  expect_no_card "Later"
  expect_no_card "Someone liked"
  ;;
replace)
  # Notify with the replaces_id of a live notification returns that same id
  # and replaces its content, waiting or shown; a gone one gets a new id.
  start_serve 2026-11-23T12:00:00Z
  start_monitor
  signal app_focus editor
  id=$(notify-send -p -a Mail "1 new mail")
  [[ $(notify-send -p -r "$id" -a Mail "2 new mails" "from Ana") == "$id" ]] || fail "notify-send -r: not the same id"
  [[ $(sql "SELECT summary || '|' || body FROM notification WHERE id=$id") == "2 new mails|from Ana" ]] ||
    fail "ledger not replaced: $(sql 'SELECT * FROM notification')"
  [[ $(sql "SELECT COUNT(*) FROM notification") == 1 ]] || fail "a second notification was recorded"
  [[ $(sql "SELECT kind || ':' || detail FROM notification_event WHERE notification_id=$id ORDER BY id") == $'received:\nreceived:replaced' ]] ||
    fail "ledger steps: $(sql "SELECT * FROM notification_event")"
  advance_s 1
  expect_no_card "new mail"
  signal app_focus chat
  expect_card "2 new mails"
  expect_no_card "1 new mail"
  same=$(call org.freedesktop.Notifications.Notify Mail "$id" "" "3 new mails" "" "['read', 'Read']" "{}" "int32 -1" | notify_id)
  [[ "$same" == "$id" ]] || fail "gdbus replaces_id: $same, not $id"
  expect_card "3 new mails"
  cards | grep -q "'read', 'Read'" || fail "actions not replaced: $(cards)"
  advance_s 30  # the card's time ends
  expect_no_card "new mails"
  other=$(call org.freedesktop.Notifications.Notify Mail "$id" "" "4 new mails" "" "[]" "{}" "int32 -1" | notify_id)
  [[ "$other" != "$id" ]] || fail "a closed notification was replaced in place"
  grep -q "NotificationClosed (uint32 $id, uint32 1)" "$tmp/monitor.log" || fail "closed once as expired: $(cat "$tmp/monitor.log")"
  [[ $(grep -c "NotificationClosed (uint32 $id," "$tmp/monitor.log") == 1 ]] || fail "replacing closed it: $(cat "$tmp/monitor.log")"
  ;;
dismiss)
  # The wearer puts a card away (a host's Dismiss, the "Dismiss" button):
  # NotificationClosed reason 2, dismissed by the user, not 1.
  start_serve 2026-11-23T12:00:00Z
  start_monitor
  id=$(call org.freedesktop.Notifications.Notify family 0 "" "Dinner?" "" "[]" "{}" "int32 -1" | notify_id)
  if call org.timewall.Inbox1.Dismiss "$id" >/dev/null 2>&1; then fail "dismissed a card that does not show yet"; fi
  advance_s 0
  expect_card "Dinner?"
  call org.timewall.Inbox1.Dismiss "$id" >/dev/null
  expect_no_card "Dinner?"
  for _ in $(seq 200); do grep -q "NotificationClosed" "$tmp/monitor.log" && break; sleep 0.05; done
  grep -q "NotificationClosed (uint32 $id, uint32 2)" "$tmp/monitor.log" || fail "not closed as dismissed: $(cat "$tmp/monitor.log")"
  [[ $(sql "SELECT detail FROM notification_event WHERE kind='closed'") == dismissed ]] || fail "ledger: $(sql 'SELECT * FROM notification_event')"
  ;;
hosts)
  # Two host processes (tw_inbox_host: InboxClient, as the simulator uses
  # it) see one inbox: the card serve shows reaches both; an action chosen
  # in one reaches the sender as ActionInvoked and the card leaves both;
  # a card dismissed in the other closes with reason 2.
  start_serve 2026-11-23T12:00:00Z
  start_monitor
  id=$(call org.freedesktop.Notifications.Notify family 0 "" "Dinner?" "at 7" "['yes', 'Yes', 'no', 'No']" "{}" "int32 -1" | notify_id)
  "$inbox_host" gone "Dinner?" >"$tmp/b0.log" || fail "a card shows before serve shows it"
  advance_s 0
  "$inbox_host" watch "Dinner?" >"$tmp/b1.log" 2>&1 &  # host b shows the card until it goes
  b=$!
  for _ in $(seq 200); do grep -q "^card " "$tmp/b1.log" && break; sleep 0.05; done
  "$inbox_host" wait "Dinner?" act yes >"$tmp/a.log" 2>&1 || fail "host a: $(cat "$tmp/a.log")"
  wait "$b" || fail "host b did not see the card come and go: $(cat "$tmp/b1.log")"
  grep -q "^gone$" "$tmp/b1.log" || fail "host b: $(cat "$tmp/b1.log")"
  grep -q "^card $id$" "$tmp/a.log" || fail "host a: $(cat "$tmp/a.log")"
  grep -q "^card $id$" "$tmp/b1.log" || fail "host b: $(cat "$tmp/b1.log")"
  grep -q "$id:Dinner?:yes=Yes,no=No," "$tmp/b1.log" || fail "host b: no actions: $(cat "$tmp/b1.log")"
  for _ in $(seq 200); do grep -q "ActionInvoked" "$tmp/monitor.log" && break; sleep 0.05; done
  grep -q "ActionInvoked (uint32 $id, 'yes')" "$tmp/monitor.log" || fail "no ActionInvoked: $(cat "$tmp/monitor.log")"
  "$inbox_host" gone "Dinner?" >"$tmp/b2.log" || fail "host b still shows the card"
  id2=$(call org.freedesktop.Notifications.Notify family 0 "" "Call me" "" "[]" "{}" "int32 -1" | notify_id)
  advance_s 0
  "$inbox_host" wait "Call me" >"$tmp/a2.log" || fail "host a: $(cat "$tmp/a2.log")"
  "$inbox_host" wait "Call me" dismiss >"$tmp/b3.log" || fail "host b: $(cat "$tmp/b3.log")"
  "$inbox_host" gone "Call me" >/dev/null || fail "host a still shows the dismissed card"
  for _ in $(seq 200); do grep -q "uint32 $id2, uint32" "$tmp/monitor.log" && break; sleep 0.05; done
  grep -q "NotificationClosed (uint32 $id2, uint32 2)" "$tmp/monitor.log" || fail "not closed as dismissed: $(cat "$tmp/monitor.log")"
  ;;
cards_changed)
  # Serve announces each change of its cards (Inbox1.CardsChanged with a
  # generation that counts them), and a host's InboxClient reads the cards on
  # it: the host here polls only every 10 minutes, so the card that comes
  # and the card that goes reach it by the signal alone. Asserted on order,
  # not time: the read that showed each change was made for a signal, after
  # the host had heard that change's generation, and no poll was made.
  start_serve 2026-11-23T12:00:00Z
  start_monitor
  "$inbox_host" arrive "Dinner?" >"$tmp/host.log" 2>&1 &
  host=$!
  for _ in $(seq 200); do grep -q "^ready$" "$tmp/host.log" && break; sleep 0.05; done
  grep -q "^ready$" "$tmp/host.log" || fail "the host never read the cards: $(cat "$tmp/host.log")"
  id=$(call org.freedesktop.Notifications.Notify family 0 "" "Dinner?" "" "['yes', 'Yes', 'no', 'No', 'call', 'Call']" "{}" "int32 -1" | notify_id)
  if grep -q "CardsChanged" "$tmp/monitor.log"; then fail "CardsChanged before a card shows: $(cat "$tmp/monitor.log")"; fi
  advance_s 0  # the family route delivers: the card shows
  expect_card "Dinner?"
  for _ in $(seq 200); do grep -q "^card " "$tmp/host.log" && break; sleep 0.05; done
  call org.timewall.Inbox1.Dismiss "$id" >/dev/null
  advance_s 1  # nothing changes: no signal
  wait "$host" || fail "the host did not see the card come and go: $(cat "$tmp/host.log")"
  grep -qx "card $id cause signal server_gen 1 polls 0" "$tmp/host.log" || fail "host: $(cat "$tmp/host.log")"
  grep -qx "gone cause signal server_gen 2 polls 0" "$tmp/host.log" || fail "host: $(cat "$tmp/host.log")"
  for _ in $(seq 200); do grep -q "CardsChanged (uint32 2,)" "$tmp/monitor.log" && break; sleep 0.05; done
  [[ $(grep -o "org.timewall.Inbox1.CardsChanged (uint32 [0-9]*,)" "$tmp/monitor.log" | tr '\n' ' ') == \
     "org.timewall.Inbox1.CardsChanged (uint32 1,) org.timewall.Inbox1.CardsChanged (uint32 2,) " ]] ||
    fail "CardsChanged: one per change, counted: $(cat "$tmp/monitor.log")"
  ;;
c_host)
  # A C host (timewall_inbox.h, libtimewall-inbox.so) beside a C++ one sees
  # the same inbox: the card with its source, body and all four actions (an
  # empty label reads as its key); the fourth (past the card's three
  # buttons), chosen through the C ABI, reaches the sender and the card
  # leaves the C++ host; a dismiss through it closes the next card with
  # reason 2. The C ABI refuses bad calls with the documented results.
  start_serve 2026-11-23T12:00:00Z
  "$inbox_c_host" check >"$tmp/check.log" 2>&1 || fail "refusals: $(cat "$tmp/check.log")"
  start_monitor
  id=$(call org.freedesktop.Notifications.Notify family 0 "" "Dinner?" "at <b>7</b>" "['yes', 'Yes', 'no', 'No', 'call', 'Call', 'later', '']" "{}" "int32 -1" | notify_id)
  "$inbox_c_host" gone "Dinner?" >/dev/null || fail "a card shows in the C host before serve shows it"
  advance_s 0
  "$inbox_host" watch "Dinner?" >"$tmp/cpp.log" 2>&1 &  # the C++ host shows it until it goes
  cpp=$!
  # The C host answers only once the C++ host has the card: answered first,
  # under load, the card could come and go before the C++ host's first read.
  for _ in $(seq 200); do grep -q "^card " "$tmp/cpp.log" && break; sleep 0.05; done
  grep -q "^card $id$" "$tmp/cpp.log" || fail "the C++ host did not see the card: $(cat "$tmp/cpp.log")"
  "$inbox_c_host" wait "Dinner?" act later >"$tmp/c.log" 2>&1 || fail "C host: $(cat "$tmp/c.log")"
  wait "$cpp" || fail "the C++ host did not see the card go: $(cat "$tmp/cpp.log")"
  grep -qx "card $id source family body at 7 count 1 actions yes=Yes,no=No,call=Call,later=later," "$tmp/c.log" ||
    fail "C host's card: $(cat "$tmp/c.log")"
  for _ in $(seq 200); do grep -q "ActionInvoked" "$tmp/monitor.log" && break; sleep 0.05; done
  grep -q "ActionInvoked (uint32 $id, 'later')" "$tmp/monitor.log" || fail "no ActionInvoked: $(cat "$tmp/monitor.log")"
  id2=$(call org.freedesktop.Notifications.Notify family 0 "" "Call me" "" "[]" "{}" "int32 -1" | notify_id)
  advance_s 0
  "$inbox_c_host" wait "Call me" act yes >"$tmp/c2.log" 2>&1 && fail "an action the card lacks was taken: $(cat "$tmp/c2.log")"
  grep -q "answer refused: tw_result 3" "$tmp/c2.log" || fail "no NOT_FOUND for a missing action: $(cat "$tmp/c2.log")"
  "$inbox_c_host" wait "Call me" dismiss >"$tmp/c3.log" 2>&1 || fail "C host dismiss: $(cat "$tmp/c3.log")"
  "$inbox_host" gone "Call me" >/dev/null || fail "the C++ host still shows the dismissed card"
  for _ in $(seq 200); do grep -q "uint32 $id2, uint32" "$tmp/monitor.log" && break; sleep 0.05; done
  grep -q "NotificationClosed (uint32 $id2, uint32 2)" "$tmp/monitor.log" || fail "not closed as dismissed: $(cat "$tmp/monitor.log")"
  ;;
peer_uid)
  # Only the wearer's uid (serve's own) and the guardian's may call serve,
  # even on a bus that lets every user connect (a dbus-daemon of our own
  # with such a policy): another uid's Notify and Inbox1 calls get
  # AccessDenied from serve, not from the bus; with --guardian-uid that
  # uid may call.
  [[ $(id -u) == 0 ]] || { echo "skip: needs root to call as another user (setpriv)"; exit 77; }
  command -v setpriv >/dev/null || { echo "skip: no setpriv"; exit 77; }
  chmod 711 "$tmp"
  mkdir -m 755 "$tmp/pub"
  cat >"$tmp/bus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=$tmp/pub/bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
CONF
  dbus-daemon --config-file="$tmp/bus.conf" --nofork >"$tmp/daemon.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do [[ -S "$tmp/pub/bus" ]] && break; sleep 0.05; done
  export DBUS_SESSION_BUS_ADDRESS="unix:path=$tmp/pub/bus"
  as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups env HOME=/ "$@"; }
  as_nobody gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
    --method org.freedesktop.DBus.GetId >"$tmp/nobody-bus.log" 2>&1 || fail "uid 65534 cannot reach the bus: $(cat "$tmp/nobody-bus.log")"
  start_serve 2026-11-23T12:00:00Z
  if as_nobody gdbus call --session --dest org.freedesktop.Notifications --object-path /org/freedesktop/Notifications \
    --method org.freedesktop.Notifications.Notify family 0 "" "Hi" "" "[]" "{}" "int32 -1" >"$tmp/n1.log" 2>&1; then
    fail "another uid's Notify was taken: $(cat "$tmp/n1.log")"
  fi
  grep -q "org.freedesktop.DBus.Error.AccessDenied: Timewall answers only" "$tmp/n1.log" || fail "not AccessDenied by serve: $(cat "$tmp/n1.log")"
  if as_nobody gdbus call --session --dest org.freedesktop.Notifications --object-path /org/freedesktop/Notifications \
    --method org.timewall.Inbox1.Cards >"$tmp/c1.log" 2>&1; then fail "another uid read the cards: $(cat "$tmp/c1.log")"; fi
  grep -q "AccessDenied" "$tmp/c1.log" || fail "Cards not AccessDenied: $(cat "$tmp/c1.log")"
  if as_nobody gdbus call --session --dest org.freedesktop.Notifications --object-path /org/freedesktop/Notifications \
    --method org.timewall.Device1.Status >"$tmp/d1.log" 2>&1; then fail "another uid read the device status: $(cat "$tmp/d1.log")"; fi
  grep -q "AccessDenied" "$tmp/d1.log" || fail "Device1.Status not AccessDenied: $(cat "$tmp/d1.log")"
  if as_nobody gdbus call --session --dest org.freedesktop.Notifications --object-path /org/freedesktop/Notifications \
    --method org.timewall.Device1.AppDecision 1 x >"$tmp/d2.log" 2>&1; then fail "another uid read a decision: $(cat "$tmp/d2.log")"; fi
  grep -q "AccessDenied" "$tmp/d2.log" || fail "Device1.AppDecision not AccessDenied: $(cat "$tmp/d2.log")"
  call org.timewall.Device1.Status >/dev/null || fail "the wearer's own Device1.Status failed"
  own=$(call org.freedesktop.Notifications.Notify family 0 "" "Mine" "" "[]" "{}" "int32 -1" | notify_id)
  [[ $own =~ ^[0-9]+$ ]] || fail "the wearer's own Notify failed: $own"
  [[ $(sql "SELECT COUNT(*) FROM notification") == 1 ]] || fail "the refused one reached the ledger"
  kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true
  start_serve 2026-11-23T12:00:00Z --guardian-uid 65534
  as_nobody gdbus call --session --dest org.freedesktop.Notifications --object-path /org/freedesktop/Notifications \
    --method org.freedesktop.Notifications.Notify family 0 "" "From the guardian" "" "[]" "{}" "int32 -1" >"$tmp/n2.log" 2>&1 ||
    fail "the guardian's uid was refused: $(cat "$tmp/n2.log")"
  [[ $(sql "SELECT COUNT(*) FROM notification") == 2 ]] || fail "the guardian's notification is not in the ledger"
  ;;
flood)
  # One app sends 10 000 critical notifications at once (the issue's
  # flood): the first flood_per_min (20) pass, the other 9 980 join one batch card; every one
  # gets its own id, is in the ledger, and is delivered: none lost. The
  # server answers a call sent behind the flood, and Cards, and the Clock.
  start_serve 2026-11-23T12:00:00Z
  signal app_focus editor
  "$notify_flood" 10000 spammer >"$tmp/flood.log" 2>&1 || fail "flood: $(cat "$tmp/flood.log")"
  cat "$tmp/flood.log"
  grep -q "^ids 10000 unique 10000 " "$tmp/flood.log" || fail "ids: $(cat "$tmp/flood.log")"
  [[ $(sql "SELECT COUNT(*) FROM notification") == 10000 ]] || fail "not all in the ledger"
  [[ $(sql "SELECT COUNT(*) FROM notification_event WHERE kind='received'") == 10000 ]] || fail "not all received"
  [[ $(sql "SELECT COUNT(*) FROM notification_event WHERE kind='batched'") == 9980 ]] ||
    fail "batched: $(sql "SELECT kind, COUNT(*) FROM notification_event GROUP BY kind")"
  advance_s 1
  if cards | grep -Eq "'buy now', (uint32 )?9980,"; then fail "the batch showed mid-task: $(cards | head -c 600)"; fi
  signal app_focus chat  # a breakpoint: the batch card shows, carrying 9980
  cards | grep -Eq "'flood 20', 'buy now', (uint32 )?9980," || fail "no batch card carrying 9980: $(cards | head -c 600)"
  [[ $(sql "SELECT COUNT(*) FROM notification_event WHERE kind='delivered'") == 10000 ]] ||
    fail "delivered: $(sql "SELECT kind, COUNT(*) FROM notification_event GROUP BY kind")"
  advance_s 60
  [[ $(sql "SELECT COUNT(*) FROM notification WHERE state != 'ended'") == 0 ]] || fail "some never ended"
  [[ $(sql "SELECT COUNT(DISTINCT notification_id) FROM notification_event WHERE kind='closed'") == 10000 ]] ||
    fail "closed: $(sql "SELECT kind, COUNT(*) FROM notification_event GROUP BY kind")"
  ;;
device)
  # timewalld: one `timewall serve --shield` is the notification server AND
  # the enforcer, on ONE Runtime: the client list (a stand-in monado-ctl over
  # a file) moves the focus that delivers a deferred notification at the app
  # switch, and the time the same engine counts blocks the app in front.
  cat >"$tmp/policy.toml" <<'TOML'
schema = 1
[apps]
"openxr.helloxr" = "games"
[deferral]
max_defer_s = 120
[[budget]]
id = "games-daily"
category = "games"
period = "daily"
limit_min = 1
at_limit = "block"
TOML
  export TW_FAKE_CLIENTS="$tmp/clients"
  echo "1 1 1 1 1 0 4242 HelloXR" >"$TW_FAKE_CLIENTS"
  printf '#!/bin/sh\nexec sleep 600\n' >"$tmp/shield.sh" && chmod +x "$tmp/shield.sh"
  start_serve 2026-11-23T12:00:00Z --shield "$tmp/shield.sh" --monado-ctl "$(dirname "$0")/fake_monado_ctl.sh" --poll-ms 50
  grep -q "enforcing on the XR runtime" "$tmp/serve.log" || fail "serve does not say it enforces"
  poll() { sleep 0.4; }  # several polls of the list
  poll
  notify-send -a Mail "Invoice 42"
  advance_s 1
  expect_no_card "Invoice 42"  # mid-task in HelloXR: deferred
  echo "2 1 1 1 1 0 4343 Chat" >>"$TW_FAKE_CLIENTS"
  sed -i 's/^1 1 1 1/1 1 0 0/' "$TW_FAKE_CLIENTS"
  poll
  expect_card "Invoice 42"
  [[ $(sql "SELECT detail FROM notification_event WHERE kind='delivered'") == breakpoint_app_switch ]] ||
    fail "not delivered at the app switch the client list showed: $(sql 'SELECT * FROM notification_event')"
  "$(dirname "$0")/fake_monado_ctl.sh" -p 1
  poll
  advance_s 70  # HelloXR in front past the 1-minute games budget
  poll
  grep -q "^block unix_ms [0-9]* client 1 app openxr.helloxr budget_reached" "$tmp/serve.log" || fail "no block line"
  grep -q "^input_off unix_ms [0-9]* client 1 app openxr.helloxr" "$tmp/serve.log" || fail "no input_off line"
  grep -q "^shield_up unix_ms [0-9]* client 1 app openxr.helloxr" "$tmp/serve.log" || fail "no shield_up line"
  grep -q "^1 1 1 1 0 " "$TW_FAKE_CLIENTS" || fail "HelloXR's input is still on: $(cat "$TW_FAKE_CLIENTS")"
  # Device1.Status, through `timewall status` (live: no --ledger needed).
  "$tw" status --format json >"$tmp/status.json" 2>"$tmp/status.err" || fail "status: $(cat "$tmp/status.err")"
  js() { python3 -c "import json,sys; d=json.load(open('$tmp/status.json')); print($1)"; }
  [[ $(js "d['source'], d['accounting']") == "service True" ]] || fail "not live: $(cat "$tmp/status.json")"
  [[ $(js "[(a['app'], a['state'], a['client'], a['attended_today_ms'], a['gate']['kind'], a['gate'].get('reason'), a['gate'].get('rule')) for a in d['apps']]") == \
     "[('openxr.helloxr', 'blocked', 1, 71000, 'block', 'budget_reached', 'games-daily'), ('openxr.chat', 'background', 2, 0, 'none', None, None)]" ]] ||
    fail "apps: $(cat "$tmp/status.json")"
  [[ $(js "[(b['id'], b['used_ms'], b['limit_ms'], b['left_ms']) for b in d['budgets']]") == "[('games-daily', 71000, 60000, 0)]" ]] ||
    fail "budgets: $(cat "$tmp/status.json")"
  [[ $(js "sorted(d['decision'].items())") == "[('app', 'openxr.helloxr'), ('kind', 'block'), ('reason', 'budget_reached'), ('rule', 'games-daily')]" ]] ||
    fail "decision: $(cat "$tmp/status.json")"
  "$tw" status >"$tmp/status.txt" || fail "status text"
  grep -q "^  openxr.helloxr  games         blocked      today 1 min 11 s" "$tmp/status.txt" || fail "text: $(cat "$tmp/status.txt")"
  grep -q "^decision in force: openxr.helloxr: block (budget_reached, games-daily)$" "$tmp/status.txt" || fail "text: $(cat "$tmp/status.txt")"
  # The layer's question: its pid is HelloXR's client, whatever id it names itself by.
  [[ $(call org.timewall.Device1.AppDecision 4242 "some.name") == "(true, 'openxr.helloxr', 'block', 'budget_reached', 'games-daily', int64 71000, int64 60000, 'games-daily', false)" ]] ||
    fail "AppDecision by pid: $(call org.timewall.Device1.AppDecision 4242 some.name)"
  [[ $(call org.timewall.Device1.AppDecision 999 "openxr.helloxr") == "(false, 'openxr.helloxr', 'block', 'budget_reached', 'games-daily', int64 71000, int64 60000, 'games-daily', false)" ]] ||
    fail "AppDecision of an unlisted pid: $(call org.timewall.Device1.AppDecision 999 openxr.helloxr)"
  [[ $(sql "SELECT b.reason FROM block b JOIN app a ON a.id = b.app_id WHERE a.name = 'openxr.helloxr'") == budget_reached ]] ||
    fail "the block is not in the ledger: $(sql 'SELECT * FROM block')"
  kill -TERM "$serve_pid"
  wait "$serve_pid" || fail "serve exited $? after SIGTERM"
  grep -q "^input_on unix_ms [0-9]* client 1 app openxr.helloxr" "$tmp/serve.log" || fail "the input was not given back"
  grep -q "^1 1 1 1 1 " "$TW_FAKE_CLIENTS" || fail "HelloXR's input is still off: $(cat "$TW_FAKE_CLIENTS")"
  grep -q "^enforce stopped" "$tmp/serve.log" || fail "no stop line"
  # No service: status falls back to the ledger, and without one it says why.
  "$tw" status --ledger "$ledger" >"$tmp/ledger-view.txt" 2>&1 || fail "ledger view: $(cat "$tmp/ledger-view.txt")"
  grep -q "^decision in force: none (no app attended in the last 15 s)$" "$tmp/ledger-view.txt" ||
    fail "not the ledger view: $(cat "$tmp/ledger-view.txt")"
  if "$tw" status >"$tmp/none.txt" 2>&1; then fail "status without a service or a ledger succeeded"; fi
  grep -q "no timewalld answers on the bus" "$tmp/none.txt" || fail "no reason given: $(cat "$tmp/none.txt")"
  # HelloXR attended 1 s + 70 s, Chat nothing on the manual clock: counted once.
  [[ $(sql "SELECT SUM(i.end_ms - i.start_ms) FROM interval i JOIN app a ON a.id = i.app_id WHERE a.name = 'openxr.helloxr'") == 71000 ]] ||
    fail "attended: $(sql 'SELECT a.name, i.start_ms, i.end_ms FROM interval i JOIN app a ON a.id = i.app_id')"
  ;;
device_hostile)
  # A hostile local caller of Device1 (the wearer's own uid: the peer check
  # lets it through) gets an error, never a crash: wrong signatures, a huge
  # app id, odd pids, many calls; serve keeps answering. (That a caller's
  # ids never reach the engine is tw_device_tests' to check.)
  export TW_FAKE_CLIENTS="$tmp/clients"
  echo "1 1 1 1 1 0 4242 HelloXR" >"$TW_FAKE_CLIENTS"
  printf '#!/bin/sh\nexec sleep 600\n' >"$tmp/shield.sh" && chmod +x "$tmp/shield.sh"
  start_serve 2026-11-23T12:00:00Z --shield "$tmp/shield.sh" --monado-ctl "$(dirname "$0")/fake_monado_ctl.sh" --poll-ms 50
  # dbus-send sends what it is told (gdbus would check the types first).
  command -v dbus-send >/dev/null || { echo "skip: no dbus-send"; exit 77; }
  refused() {  # refused WHAT METHOD ARGS...: the call gets an error reply
    if dbus-send --session --print-reply --dest=org.freedesktop.Notifications /org/freedesktop/Notifications \
      "${@:2}" >"$tmp/h.log" 2>&1; then fail "$1 was answered: $(cat "$tmp/h.log")"; fi
    grep -qE "^Error org\.(freedesktop\.DBus|timewall\.Device1)\.Error" "$tmp/h.log" || fail "$1: not an error reply: $(cat "$tmp/h.log")"
    kill -0 "$serve_pid" || fail "serve died after $1"
  }
  refused "Status with an argument" org.timewall.Device1.Status uint32:1
  refused "AppDecision without arguments" org.timewall.Device1.AppDecision
  refused "AppDecision with one" org.timewall.Device1.AppDecision uint32:4242
  refused "AppDecision with swapped types" org.timewall.Device1.AppDecision string:x uint32:5
  refused "AppDecision with a signed pid" org.timewall.Device1.AppDecision int32:-1 string:x
  refused "AppDecision with a third argument" org.timewall.Device1.AppDecision uint32:1 string:x string:y
  refused "AppDecision with an array" org.timewall.Device1.AppDecision array:string:a,b,c
  refused "an unknown method" org.timewall.Device1.Shutdown
  refused "Shown with an argument" org.timewall.Device1.Shown uint32:1
  refused "PolicyText with an argument" org.timewall.Device1.PolicyText string:x
  refused "Answer without arguments" org.timewall.Device1.Answer
  refused "Answer with swapped types" org.timewall.Device1.Answer uint32:0 string:prompt_leave
  refused "Answer with an unknown answer" org.timewall.Device1.Answer string:shrug uint32:0
  refused "Answer to a card that does not show" org.timewall.Device1.Answer string:block_leave uint32:0
  # A huge app id (120 kB, what one argv string can hold; kMaxQueriedAppIdBytes
  # is 256): answered as unknown (not accounted, no gate); never a crash.
  big=$(head -c 120000 /dev/zero | tr '\0' 'a')
  if dbus-send --session --print-reply --dest=org.freedesktop.Notifications /org/freedesktop/Notifications \
    org.timewall.Device1.AppDecision uint32:4294967295 "string:$big" >"$tmp/h.log" 2>&1; then
    grep -q "boolean false" "$tmp/h.log" || fail "the huge id was accounted: $(head -c 300 "$tmp/h.log")"
    grep -q 'string "none"' "$tmp/h.log" || fail "the huge id has a gate: $(head -c 300 "$tmp/h.log")"
  else
    fail "the huge id: $(head -c 300 "$tmp/h.log")"
  fi
  kill -0 "$serve_pid" || fail "serve died after the huge id"
  for i in $(seq 200); do
    gdbus call --session --dest org.freedesktop.Notifications --object-path /org/freedesktop/Notifications \
      --method org.timewall.Device1.AppDecision "$i" "caller.id.$i" >/dev/null || fail "AppDecision $i failed"
  done
  kill -0 "$serve_pid" || fail "serve died"
  call org.timewall.Device1.Status >/dev/null || fail "Status after the hostile calls"
  [[ $(call org.timewall.Device1.AppDecision 4242 "") == "(true, 'openxr.helloxr', 'none', '', '', int64 -1, int64 -1, '', false)" ]] ||
    fail "a good call after them: $(call org.timewall.Device1.AppDecision 4242 '')"
  ;;
device_answer)
  # What timewall-overlay asks of the service (Device1.Shown, PolicyText) and
  # sends back (Device1.Answer): HelloXR in front of a stand-in client list
  # (and timewall-overlay listed as an overlay client, not an app), at its
  # 0-minute budget with friction.
  cat >"$tmp/policy.toml" <<'TOML'
schema = 1
[[budget]]
id = "hello-daily"
app = "openxr.helloxr"
limit_min = 0
at_limit = "friction"
[friction]
pause_s = 600
[[friction.exercise]]
id = "wait"
kind = "wait"
wait_s = 600
text = "Take a moment."
TOML
  export TW_FAKE_CLIENTS="$tmp/clients"
  printf '1 1 1 1 1 0 4242 HelloXR\n2 1 1 1 1 1 4343 timewall-overlay\n' >"$TW_FAKE_CLIENTS"
  printf '#!/bin/sh\nexec sleep 600\n' >"$tmp/shield.sh" && chmod +x "$tmp/shield.sh"
  start_serve 2026-11-23T12:00:00Z --shield "$tmp/shield.sh" --monado-ctl "$(dirname "$0")/fake_monado_ctl.sh" --poll-ms 50
  sleep 0.4  # polls of the list: HelloXR in front
  advance_s 1
  sleep 0.2
  [[ $(call org.timewall.Device1.AppDecision 4242 "") == *", 'hello-daily', false)" ]] ||
    fail "drawn before any Shown: $(call org.timewall.Device1.AppDecision 4242 '')"
  shown=$(call org.timewall.Device1.Shown)
  # (policy hash, [(kind, reason, app, category, budget, window, fill, exercise, nudge, used, limit, remaining, ...)])
  # gdbus annotates the types of an array's first element only.
  echo "$shown" | grep -qE "\((byte )?0x00, (byte )?0x[0-9a-f]+, 'openxr.helloxr', 'other', 0, -1, -1, -1, (uint32 )?0, (int64 )?1, (int64 )?0, (int64 )?0," ||
    fail "no ring for HelloXR in Shown: $shown"
  echo "$shown" | grep -qE "\((byte )?0x03, (byte )?0x[0-9a-f]+, 'openxr.helloxr', 'other', 0, -1, -1, 0, " ||
    fail "no friction prompt for HelloXR in Shown: $shown"
  hash=$(echo "$shown" | sed -E "s/^\('([0-9a-f]{64})'.*/\1/")
  [[ ${#hash} == 64 ]] || fail "no policy hash in Shown: $shown"
  text=$(call org.timewall.Device1.PolicyText)
  [[ $text == "('$hash', "* ]] || fail "PolicyText's hash is not Shown's: $text"
  echo "$text" | grep -q 'id = "hello-daily"' || fail "PolicyText has no budget hello-daily: $text"
  # An overlay client that just asked draws: the layer in HelloXR then draws nothing.
  [[ $(call org.timewall.Device1.AppDecision 4242 "") == *", 'hello-daily', true)" ]] ||
    fail "not drawn right after Shown: $(call org.timewall.Device1.AppDecision 4242 '')"
  refused() {  # refused WHAT ERROR ARGS...
    if call "${@:3}" >"$tmp/a.log" 2>&1; then fail "$1 was answered: $(cat "$tmp/a.log")"; fi
    grep -q "$2" "$tmp/a.log" || fail "$1: not $2: $(cat "$tmp/a.log")"
    kill -0 "$serve_pid" || fail "serve died after $1"
  }
  refused "an unknown answer" InvalidArgs org.timewall.Device1.Answer "shrug" 0
  refused "block_leave with no shield up" org.timewall.Device1.Error.NotFound org.timewall.Device1.Answer block_leave 0
  refused "fill_dismiss with no fill card" org.timewall.Device1.Error.NotFound org.timewall.Device1.Answer fill_dismiss 0
  refused "a nudge that does not show" org.timewall.Device1.Error.NotFound org.timewall.Device1.Answer nudge_dismiss 7
  call org.timewall.Device1.Answer prompt_leave 0 >/dev/null || fail "Answer prompt_leave refused"
  advance_s 3  # a commit
  kill -TERM "$serve_pid"
  wait "$serve_pid" || fail "serve exited $? after SIGTERM"
  [[ $(sql "SELECT card || ':' || answer || ':' || a.name FROM answer JOIN app a ON a.id = answer.app_id") == "friction_prompt:prompt_leave:openxr.helloxr" ]] ||
    fail "the answer is not in the ledger: $(sql 'SELECT * FROM answer')"
  # A block, with --overlay (a stand-in program): serve starts the overlay,
  # the shield is told to draw its slate alone (the overlay draws the card),
  # and the block's "leave" answered through Device1 reaches the ledger.
  sed -i 's/at_limit = "friction"/at_limit = "block"/' "$tmp/policy.toml"
  printf '#!/bin/sh\necho "card=$TIMEWALL_SHIELD_CARD" >%s\nexec sleep 600\n' "$tmp/shield.env" >"$tmp/shield.sh"
  printf '#!/bin/sh\necho "$*" >%s\nexec sleep 600\n' "$tmp/overlay.args" >"$tmp/overlay.sh"
  chmod +x "$tmp/overlay.sh"
  : >"$tmp/serve.log"
  start_serve 2026-11-23T13:00:00Z --shield "$tmp/shield.sh" --monado-ctl "$(dirname "$0")/fake_monado_ctl.sh" --poll-ms 50 \
    --overlay "$tmp/overlay.sh"
  sleep 0.6
  grep -q "^overlay started" "$tmp/serve.log" || fail "serve did not start the overlay"
  [[ -e $tmp/overlay.args && -z $(cat "$tmp/overlay.args") ]] || fail "the overlay got arguments: $(cat "$tmp/overlay.args" 2>/dev/null)"
  grep -q "^shield_up .* app openxr.helloxr" "$tmp/serve.log" || fail "no shield for HelloXR"
  [[ $(cat "$tmp/shield.env" 2>/dev/null) == "card=0" ]] || fail "the shield was not told to leave the card to the overlay"
  call org.timewall.Device1.Shown | grep -qE "\((byte )?0x04, " || fail "no block shield in Shown: $(call org.timewall.Device1.Shown)"
  call org.timewall.Device1.Answer block_leave 0 >/dev/null || fail "Answer block_leave refused"
  advance_s 3
  kill -TERM "$serve_pid"
  wait "$serve_pid" || fail "serve exited $? after SIGTERM"
  [[ $(sql "SELECT card || ':' || answer FROM answer ORDER BY id DESC LIMIT 1") == "block_shield:block_leave" ]] ||
    fail "the block's leave is not in the ledger: $(sql 'SELECT * FROM answer')"
  ;;
*) fail "unknown case" ;;
esac
echo "ok ($case_name)"
