#!/usr/bin/env bash
# Smoke test of a built Floordesk, beyond the first frame: the window on the demo,
# an agenda imported from a concept note, a request to speak read from an e-mail,
# the session record exported as .docx and .pdf, the live pages and their
# WebSocket served by the window — each on a temporary database,
# with temporary data, config and log folders, so nothing of the user's is touched.
#
#     packaging/smoke-frozen.sh [COMMAND]
#
# COMMAND is the program to test: dist/floordesk/floordesk (the PyInstaller bundle)
# by default, /usr/bin/floordesk for the installed .deb. Exits non-zero, naming the
# step, at the first thing that does not work. With FLOORDESK_SMOKE_POSTGRES set to
# the URL of a PostgreSQL database (postgresql://user@host:port/name) it also
# creates the schema there and imports the concept note into it, as the stations
# of a hall sharing one server would.
set -euo pipefail

cd "$(dirname "$0")/.."
app="${1:-dist/floordesk/floordesk}"
[[ "$app" == */* && "$app" != /* ]] && app="$PWD/$app"
if ! command -v "$app" >/dev/null; then
    echo "smoke-frozen: no program at $app (build it with packaging/build-pyinstaller.sh)" >&2
    exit 1
fi

work="$(mktemp -d /tmp/floordesk-smoke.XXXXXX)"
window=""
trap '[[ -n "$window" ]] && kill "$window" 2>/dev/null; rm -rf "$work"' EXIT
export HOME="$work/home"
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" XDG_STATE_HOME="$work/state"
export QT_QPA_PLATFORM=offscreen
unset FLOORDESK_DB
mkdir -p "$HOME"
log="$XDG_STATE_HOME/floordesk/log/floordesk.log"

step() { printf 'smoke-frozen: %-44s' "$1"; }
fail() {
    echo "FAILED"
    echo "smoke-frozen: $*" >&2
    [[ -f "$work/out" ]] && sed 's/^/    /' "$work/out" >&2
    [[ -f "$log" ]] && { echo "--- $log" >&2; tail -40 "$log" >&2; }
    exit 1
}
# Runs the app, its stdout and stderr into $work/out; fails the step on a non-zero exit.
run() {
    local started=$SECONDS
    "$app" "$@" >"$work/out" 2>&1 || fail "'floordesk $*' exited with status $?"
    elapsed=$((SECONDS - started))
}
expect() { grep -q -- "$1" "$work/out" || fail "'$1' not in the output"; }
ok() { echo "ok (${elapsed}s)"; }
started_all=$SECONDS

step "--version"
run --version
expect "^floordesk [0-9]"
ok

step "--smoke-test (window on the demo)"
run --db "$work/window.sqlite" --smoke-test
expect "first frame after"
echo "ok: $(grep -o 'first frame after [0-9]* ms' "$work/out")"

# Restarted on the same file: the first frame from the first look (stdlib sqlite3,
# before SQLAlchemy), then the store in its place (db/first_look.py).
step "--smoke-test again: first look, then store"
run --db "$work/window.sqlite" --smoke-test
expect "first frame after"
expect "store in place after"
echo "ok: $(grep -o 'first frame after [0-9]* ms' "$work/out"), $(grep -o 'in place after [0-9]* ms' "$work/out")"

# The same on a real X server, when there is one to start: Qt's xcb plugin and the
# system libraries it loads (the .deb's Depends), which offscreen never touches.
step "--smoke-test on X11 (xcb, under Xvfb)"
if command -v xvfb-run >/dev/null; then
    started=$SECONDS
    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1366x768x24" \
        "$app" --db "$work/window-x11.sqlite" --smoke-test >"$work/out" 2>&1 \
        || fail "'floordesk --smoke-test' on X11 exited with status $?"
    expect "first frame after"
    echo "ok: $(grep -o 'first frame after [0-9]* ms' "$work/out")"
else
    echo "skipped (no xvfb-run: Debian packages xvfb and xauth)"
fi

step "agenda import of a concept note"
run --db "$work/agenda.sqlite" agenda import tests/agenda_import/data/concept_note_2027.txt
run --db "$work/agenda.sqlite" agenda list --json
slots="$(grep -c '"title"' "$work/out" || true)"
[[ "$slots" -ge 5 ]] || fail "only $slots agenda slots after importing the concept note"
echo "ok: $slots slots (${elapsed}s)"

step "demo conference"
run --db "$work/demo.sqlite" demo
expect "Loaded the demo conference"
conference="$(sed -n 's/^Loaded the demo conference \([0-9]*\):.*/\1/p' "$work/out")"
ok

step "requests import of an e-mail"
run --db "$work/demo.sqlite" requests import packaging/smoke/request-to-speak.eml --json
expect '"outcome": *"queued"'
expect '"delegation": *"Austria"'
ok

for format in docx pdf; do
    step "record export --format $format"
    out="$work/record.$format"
    run --db "$work/demo.sqlite" record export --conference "$conference" --format "$format" -o "$out"
    [[ -s "$out" ]] || fail "no $out written"
    case "$format" in
        docx) magic="$(head -c 2 "$out")"; [[ "$magic" == "PK" ]] || fail "$out is not a .docx" ;;
        pdf) magic="$(head -c 5 "$out")"; [[ "$magic" == "%PDF-" ]] || fail "$out is not a PDF" ;;
    esac
    echo "ok: $(stat -c %s "$out") bytes (${elapsed}s)"
done

# The window itself (not --smoke-test) with the live pages on: the pages, a
# script, the state and the WebSocket, as the hall's phones and the booths get them.
step "live pages and WebSocket from the window"
started=$SECONDS
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
mkdir -p "$XDG_CONFIG_HOME/floordesk"
printf '[live_pages]\nenabled=true\ninterface=127.0.0.1\nport=%s\n' "$port" \
    >"$XDG_CONFIG_HOME/floordesk/floordesk.ini"
"$app" --db "$work/demo.sqlite" >"$work/window.out" 2>&1 &
window=$!
probe=0
python3 packaging/smoke/live_pages_probe.py "$port" >"$work/out" 2>&1 || probe=$?
kill "$window" 2>/dev/null || true
wait "$window" 2>/dev/null || true
window=""
rm -f "$XDG_CONFIG_HOME/floordesk/floordesk.ini"
if [[ $probe -ne 0 ]]; then
    cat "$work/window.out" >>"$work/out"
    fail "the live pages did not answer"
fi
elapsed=$((SECONDS - started))
echo "ok: $(grep -c ' bytes$' "$work/out") pages and the WebSocket (${elapsed}s)"

if [[ -n "${FLOORDESK_SMOKE_POSTGRES:-}" ]]; then
    step "PostgreSQL: db upgrade, agenda import"
    run --db "$FLOORDESK_SMOKE_POSTGRES" db upgrade
    run --db "$FLOORDESK_SMOKE_POSTGRES" agenda import \
        tests/agenda_import/data/concept_note_2027.txt
    run --db "$FLOORDESK_SMOKE_POSTGRES" agenda list --json
    slots="$(grep -c '"title"' "$work/out" || true)"
    [[ "$slots" -ge 5 ]] || fail "only $slots agenda slots in the PostgreSQL database"
    echo "ok: $slots slots (${elapsed}s)"
    # The window on a server keeps a standby copy, made by a process the app starts by
    # spawn: this executable again, which must run as the copier, not as a second app.
    step "PostgreSQL: the window and its standby copy"
    run --db "$FLOORDESK_SMOKE_POSTGRES" --smoke-test
    expect "first frame after"
    if grep -q "cannot refresh the standby copy" "$log"; then
        fail "the standby copy was not made: $(grep 'cannot refresh the standby copy' "$log" | tail -1)"
    fi
    ok
fi

step "the log: libvlc started, no traceback"
[[ -f "$log" ]] || fail "no log file at $log"
if grep -q "Chimes off" "$log"; then
    fail "the chimes could not start libvlc (install libvlc5 and vlc-plugin-base)"
fi
if grep -q "Traceback" "$log"; then
    fail "a traceback in the log"
fi
echo "ok"
echo "smoke-frozen: all steps passed in $((SECONDS - started_all))s ($app)"
