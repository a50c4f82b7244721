# Terminals: TERM=vt100 and NO_COLOR draw in monochrome (hits in reverse
# video, no colour codes at all); xterm, screen and their 256-colour forms
# draw; TERM=dumb, an unknown TERM and no TERM at all give a clear error and
# status 2 at once, with no hang and no garbage.
. "$(dirname "$0")/lib.sh"

mono_check() {
        keys /
        type_text 劳动
        wait_for 'hit 1/' || fail "search did not run ($1)"
        ! has_colour || fail "colour codes on screen with $1"
        r=$(row_of 勞動 1)
        [ -n "$r" ] || fail "no 勞動 on screen ($1)"
        case " $(sgr_at "$r" 勞動) " in *" 7 "*) ;;
        *) fail "the hit is not in reverse video with $1: [$(sgr_at "$r" 勞動)]" ;; esac
        keys Enter q
        wait_for 'rc=0' || fail "q did not quit ($1)"
        note "$1: monochrome, hits in reverse video"
}

start_reader 100 30 vt100
mono_check TERM=vt100
new_server

start_reader 100 30 xterm-256color NO_COLOR=1
mono_check NO_COLOR=1
new_server

for term in xterm screen screen-256color tmux-256color; do
        start_reader 100 30 "$term"
        keys /
        type_text 劳动
        wait_for 'hit 1/' || fail "search did not run (TERM=$term)"
        has_colour || fail "no colours with TERM=$term"
        check_geometry 100
        keys Enter q
        wait_for 'rc=0' || fail "q did not quit (TERM=$term)"
        new_server
        note "TERM=$term: colours, layout intact"
done

start_shell 100 30
n=0
for case in "TERM=dumb" "TERM=no-such-terminal" "-u TERM"; do
        # A status line of this case's own: the command line holds "rc$n=" too,
        # and the last case's status stays on screen until clear runs.
        n=$((n + 1))
        run_cmd "clear; env $case '$BIN' '$CORPUS'; echo \"rc$n=\$?\""
        wait_line "^rc$n=[0-9]+\$" 5 || fail "env $case: lectern hung"
        screen | grep -q "^rc$n=2\$" || fail "env $case: exit status is not 2"
        screen | grep -q '^lectern: .*TERM' || fail "env $case: no clear message naming TERM"
        [ "$(tm display -p -t lt '#{alternate_on}')" = 0 ] || fail "env $case: alternate screen on"
        note "env $case: $(screen | grep '^lectern:' | cut -c1-70)…"
done

# A locale that is not UTF-8 falls back to UTF-8 instead of drawing mojibake.
new_server
start_reader 100 30 tmux-256color LANG=C LC_ALL=C
title=$(LANG=C.UTF-8 "$BIN" --list "$CORPUS" | head -n 1 | cut -f 4)
head=$(printf '%s' "$title" | LC_ALL=C.UTF-8 perl -CSA -ne 'print substr($_, 0, 6)')
screen | grep -qF -- "$head" || fail "with LANG=C the titles are not drawn as Chinese"
check_geometry 100
keys q
wait_for 'rc=0' || fail "q did not quit (LANG=C)"
note "LANG=C: falls back to UTF-8, text intact"
