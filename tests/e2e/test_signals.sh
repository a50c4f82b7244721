# SIGTERM, SIGHUP (a dropped SSH connection) and SIGINT (Ctrl-C) restore
# the terminal before lectern exits: the alternate screen is off, the
# cursor visible, the prompt back, and the status tells which signal.
. "$(dirname "$0")/lib.sh"

start_shell 100 30
pidfile="$E2E_TMP/pid"

for sig in TERM HUP INT; do
        rm -f "$pidfile"
        run_cmd "clear; sh -c 'echo \$\$ > $pidfile; exec \"\$0\" \"\$1\"' '$BIN' '$CORPUS'; echo \"rc=\$?\""
        wait_for 'Documents' || fail "the reader did not start"
        [ -s "$pidfile" ] || fail "no pid recorded"
        if [ "$sig" = INT ]; then
                keys C-c
        else
                kill -s "$sig" "$(cat "$pidfile")"
        fi
        want=$((128 + $(kill -l "$sig")))
        wait_for "rc=$want" || fail "SIG$sig did not end lectern with status $want"
        [ "$(tm display -p -t lt '#{alternate_on}')" = 0 ] || fail "alternate screen on after SIG$sig"
        [ "$(tm display -p -t lt '#{cursor_flag}')" = 1 ] || fail "cursor hidden after SIG$sig"
        note "SIG$sig: status $want, terminal restored"
done

# Ctrl-C in the search bar cancels the search instead of quitting.
run_cmd "clear; '$BIN' '$CORPUS'; echo \"rc=\$?\""
wait_for 'Documents' || fail "the reader did not start"
keys /
type_text 工匠
wait_for 'hit 1/' || fail "the search did not run"
keys C-c
wait_gone 'hit 1/' || fail "Ctrl-C did not cancel the search bar"
screen | grep -qF 'Documents' || fail "Ctrl-C in the search bar quit the reader"
keys q
wait_for 'rc=0' || fail "q did not quit"
note "Ctrl-C in the search bar cancels it"
