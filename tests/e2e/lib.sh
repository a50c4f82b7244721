# Helpers for the end-to-end tests: each test drives the real binary inside
# a private tmux server (its own socket), with a temporary HOME, a UTF-8
# locale and a chosen TERM, reads the screen back with capture-pane and
# asserts on it. Nothing sleeps for a fixed long time: every wait polls the
# screen until what is expected shows up or the time runs out.
#
# Sourced by tests/e2e/test_*.sh; run.sh exports LECTERN_BIN (the binary)
# and LECTERN_ROOT (the repository).

set -u

BIN=${LECTERN_BIN:?LECTERN_BIN is not set; run tests through tests/e2e/run.sh}
ROOT=${LECTERN_ROOT:?LECTERN_ROOT is not set}
CORPUS="$ROOT/assets/corpus"
WAIT=${E2E_WAIT:-8}

E2E_TMP=$(mktemp -d -t lectern-e2e.XXXXXX)
E2E_SOCK="lectern-e2e-$$-$RANDOM"
E2E_SOCKS=$E2E_SOCK
mkdir -p "$E2E_TMP/home"

e2e_cleanup() {
        local s
        for s in $E2E_SOCKS; do
                tmux -f /dev/null -L "$s" kill-server >/dev/null 2>&1
        done
        # A shell that tmux has just hung up on may still be writing its history.
        rm -rf "$E2E_TMP" 2>/dev/null || { sleep 0.3; rm -rf "$E2E_TMP"; }
}
trap e2e_cleanup EXIT
trap 'exit 1' INT TERM HUP

tm() {
        tmux -f /dev/null -L "$E2E_SOCK" "$@"
}

# new_server: end this tmux server and use a fresh one for the next
# session (a new socket, so a server still shutting down cannot interfere).
new_server() {
        tm kill-server >/dev/null 2>&1
        E2E_SOCK="lectern-e2e-$$-$RANDOM"
        E2E_SOCKS="$E2E_SOCKS $E2E_SOCK"
}

# The screen as text (-e: with SGR escape sequences).
screen() { tm capture-pane -p -t lt "$@"; }

fail() {
        echo "FAIL: $*"
        echo "---- screen ----"
        screen 2>/dev/null | sed 's/^/|/'
        echo "----------------"
        exit 1
}

note() { echo "  $*"; }

# start_shell W H [TERM]: a session of W x H running a bare bash with the
# prompt "lt$ ", ready for commands typed with run_cmd.
start_shell() {
        local w=$1 h=$2 term=${3:-tmux-256color}
        tm new-session -d -s lt -x "$w" -y "$h" \
                env -i PATH="$PATH" HOME="$E2E_TMP/home" LANG=C.UTF-8 LC_ALL=C.UTF-8 \
                TERM="$term" PS1='lt$ ' bash --norc --noprofile -i ||
                fail "tmux could not start a session"
        tm set-option -t lt status off >/dev/null
        wait_for 'lt$' || fail "the shell prompt did not appear"
}

# run_cmd WORDS...: type a command line into the shell and press Enter.
run_cmd() {
        tm send-keys -t lt -l "$*"
        tm send-keys -t lt Enter
}

# start_reader W H [TERM [ENV=VAL...]]: open the bundled corpus in the
# reader and wait for the document list.
start_reader() {
        local w=$1 h=$2 term=${3:-tmux-256color}
        shift $(($# < 3 ? $# : 3))
        start_shell "$w" "$h" "$term"
        run_cmd "clear; $* '$BIN' '$CORPUS'; echo \"rc=\$?\""
        wait_for 'Documents' || fail "the reader did not start at ${w}x$h (TERM=$term)"
}

keys() { tm send-keys -t lt "$@"; }
type_text() { tm send-keys -t lt -l "$1"; }

# paste_from FILE: FILE's text (- for standard input) pasted into lt, with
# the bracketed-paste markers when lectern asked the terminal for them.
paste_from() {
        tm load-buffer -b lt-paste "$1" || fail "tmux could not load a buffer"
        tm paste-buffer -p -d -b lt-paste -t lt
}

# poll_until SECONDS COMMAND...: run COMMAND every 0.1 s until it succeeds.
poll_until() {
        local limit=$1 i=0
        shift
        while [ "$i" -lt $((limit * 10)) ]; do
                "$@" && return 0
                sleep 0.1
                i=$((i + 1))
        done
        return 1
}

# poll_screen GREP_OPTION PATTERN [SECONDS]: poll until grep with that
# option finds PATTERN on the screen.
screen_has() { screen 2>/dev/null | grep -q "$1" -- "$2"; }
poll_screen() { poll_until "${3:-$WAIT}" screen_has "$1" "$2"; }

# wait_for TEXT [SECONDS]: poll until the screen holds TEXT (fixed string).
wait_for() { poll_screen -F "$1" "${2:-$WAIT}"; }

# wait_line REGEX [SECONDS]: poll until a line of the screen matches the
# extended REGEX (for output whose text the typed command line also holds).
wait_line() { poll_screen -E "$1" "${2:-$WAIT}"; }

# wait_gone TEXT [SECONDS]: poll until TEXT has left the screen.
screen_lacks() { ! screen 2>/dev/null | grep -qF -- "$1"; }
wait_gone() { poll_until "${2:-$WAIT}" screen_lacks "$1"; }

# wait_status TEXT [SECONDS]: poll until the status (bottom) line holds TEXT.
# What fits beside a message there depends on the progress still shown.
status_has() { screen 2>/dev/null | tail -n 1 | grep -qF -- "$1"; }
wait_status() { poll_until "${2:-$WAIT}" status_has "$1"; }

# wait_cursor X [SECONDS]: poll until the terminal's cursor is in column X.
# A key sent is handled some time later; reading the cursor at once races it.
cursor_at() { [ "$(tm display -p -t lt '#{cursor_x}')" = "$1" ]; }
wait_cursor() { poll_until "${2:-$WAIT}" cursor_at "$1"; }

# wait_change OLD: poll until the screen differs from OLD.
screen_differs() { [ "$(screen)" != "$1" ]; }
wait_change() { poll_until "$WAIT" screen_differs "$1"; }

# sync: wait until every key sent so far has been handled. Keys are handled
# in order; Ctrl-L (a redraw) clears the status message and an unbound key
# puts one back, so the message showing again means all were handled.
sync() {
        keys C-l
        wait_gone 'no such key' || fail "the reader stopped answering keys"
        keys '~'
        wait_for 'no such key' || fail "the reader stopped answering keys"
}

# resize W H: resize the window, then wait until the pane's terminal has
# that size. tmux applies a burst of pane resizes at most every 250 ms (and
# a burst that ends where it began in two steps), so the window can be
# W x H while lectern still sees an older size and draws for it. Once the
# terminal has the size, lectern has been sent its SIGWINCH, and the next
# keys a test sends are read after it.
resize() {
        local tty i
        tm resize-window -t lt -x "$1" -y "$2"
        tty=$(tm display-message -p -t lt '#{pane_tty}')
        for i in $(seq 100); do
                [ "$(stty -F "$tty" size 2>/dev/null)" = "$2 $1" ] && return 0
                sleep 0.1
        done
        fail "the pane's terminal never became $1x$2 (it is $(stty -F "$tty" size 2>&1))"
}

# each_screen WHAT CHECK: run the function CHECK on every screen of the
# open document WHAT, from where it stands, paging with Space until the
# status line says 100%. SCREENS is then how many screens were checked.
each_screen() {
        local what=$1 check=$2 before
        SCREENS=0
        while :; do
                "$check"
                SCREENS=$((SCREENS + 1))
                status_line | grep -q '100% *$' && return 0
                [ "$SCREENS" -le 200 ] || fail "$what never reached 100%"
                before=$(screen)
                keys Space
                wait_change "$before" || fail "Space did not scroll $what"
        done
}

# The status (bottom) line.
status_line() { screen | tail -n 1; }

# The reading pane's rows (header excluded) in the wide layout: what
# follows the separator column, without the margin.
text_rows() {
        screen | sed -n '2,$p' | sed '$d' | sed -n 's/^[^|]*| \{0,1\}//p'
}

# Display columns of the widest screen line (GNU wc -L measures with wcwidth).
max_width() { screen | LC_ALL=C.UTF-8 wc -L; }

# check_geometry W: no line wider than the window, and in the wide layout
# the separator in the same column on every body row (a wide character
# painted past a margin would push it).
check_geometry() {
        local w=$1 mw col
        mw=$(max_width)
        [ "$mw" -le "$w" ] || fail "a screen line is $mw columns wide in a $w-column window"
        if [ "$w" -ge 70 ]; then
                col=$(screen | sed '$d' | while IFS= read -r line; do
                        case "$line" in
                        *"|"*) printf '%s' "${line%%|*}" | LC_ALL=C.UTF-8 wc -L ;;
                        *) echo none ;;
                        esac
                done | sort -u)
                [ "$(printf '%s\n' "$col" | wc -l)" -eq 1 ] && [ "$col" != none ] ||
                        fail "the pane separator is not in one column: $(echo $col)"
        fi
}

# check_line_starts ROWS: no row starts with a closing or pausing mark.
check_line_starts() {
        local bad
        bad=$(printf '%s\n' "$1" | LC_ALL=C.UTF-8 grep -nE '^ ?[，。、：；！？）」』》]') &&
                fail "a row starts with a forbidden mark: $bad"
        return 0
}

# E2E_SGR: Perl code the screen readers below share, to be put in front of
# their own (perl -ne "$E2E_SGR"'...'). capture-pane -e only emits changes,
# also across line ends, so %on carries the SGR state from the top of the
# screen down: sgr_walk LINE, CALLBACK applies each escape of LINE to %on
# and calls CALLBACK with every character in between, %on as it stands
# there. %on holds what was set since the last reset: attributes and basic
# colours by number, a new foreground or background colour (30-37, 90-97 /
# 40-47, 100-107) replacing the previous one and 39 / 49 going back to the
# default, 256-colour and RGB ones as "38:5:N" or "48:2:R:G:B".
# sgr_bare LINE is LINE without its escapes.
E2E_SGR='
our %on;
sub sgr_apply {
        my @p = split /;/, ($_[0] eq "" ? "0" : $_[0]);
        while (@p) {
                my $p = shift @p;
                if ($p == 0) { %on = (); next; }
                if ($p == 38 || $p == 48) {
                        my $kind = shift @p // 0;
                        my @v = splice(@p, 0, $kind == 5 ? 1 : 3);
                        $on{"$p:" . join(":", @v)} = 1;
                        next;
                }
                my $fg = ($p >= 30 && $p <= 39) || ($p >= 90 && $p <= 97);
                my $bg = ($p >= 40 && $p <= 49) || ($p >= 100 && $p <= 107);
                delete @on{grep { /^\d+$/ && (($_ >= 30 && $_ <= 39) || ($_ >= 90 && $_ <= 97)) } keys %on} if $fg;
                delete @on{grep { /^\d+$/ && (($_ >= 40 && $_ <= 49) || ($_ >= 100 && $_ <= 107)) } keys %on} if $bg;
                $on{$p} = 1 unless $p == 39 || $p == 49;
        }
}
sub sgr_walk {
        my ($line, $cb) = @_;
        while ($line =~ /\G(?:\e\[([0-9;]*)m|(.))/gs) {
                if (defined $1) { sgr_apply($1); } else { $cb->($2); }
        }
}
sub sgr_bare { (my $s = $_[0]) =~ s/\e\[[0-9;]*m//g; return $s; }
'

# sgr_at ROW TEXT [list]: the SGR parameters in force on TEXT in screen row
# ROW (1-based) of the reading pane, i.e. after the pane separator when the
# row has one (with "list": before it), as a sorted list of what was set
# since the last reset (e.g. "1 37 41").
sgr_at() {
        screen -e | LC_ALL=C.UTF-8 perl -CSA -ne "$E2E_SGR"'
                BEGIN { ($row, $txt, $side) = @ARGV; @ARGV = (); }
                my $past = index(sgr_bare($_), "|") < 0 || $side eq "list";
                my $plain = "";
                sgr_walk($_, sub {
                        my $c = shift;
                        return if $. != $row;
                        if (!$past) { $past = $c eq "|"; return; }
                        exit 0 if $side eq "list" && $c eq "|";
                        $plain .= $c;
                        if (substr($plain, -length($txt)) eq $txt) {
                                print join(" ", sort keys %on), "\n";
                                exit 0;
                        }
                });
        ' "$1" "$2" "${3:-text}"
}

# row_of TEXT [NTH]: the screen row (1-based) of the NTH (default 1st)
# reading-pane row holding TEXT, header and status line excluded.
row_of() {
        local nth=${2:-1}
        screen | sed '$d' | LC_ALL=C.UTF-8 awk -v t="$1" -v n="$nth" '
                NR > 1 { s = $0; i = index(s, "|"); if (i) s = substr(s, i + 1)
                         if (index(s, t) && ++k == n) { print NR; exit } }'
}

# Whether capture-pane -e shows any colour (not attribute) SGR parameter.
has_colour() {
        screen -e | perl -ne '
                while (/\e\[([0-9;]*)m/g) {
                        for (split /;/, $1) {
                                $found = 1 if ($_ >= 30 && $_ <= 38) || ($_ >= 40 && $_ <= 48) ||
                                              ($_ >= 90 && $_ <= 97) || ($_ >= 100 && $_ <= 107);
                        }
                }
                END { exit($found ? 0 : 1) }'
}

# The hits and documents the CLI counts for a query: "HITS DOCS".
cli_count() {
        LANG=C.UTF-8 "$BIN" --count "$1" "$CORPUS" |
                awk -F '\t' '$2 == "total" { t = $1; next } { d++ } END { print t + 0, d + 0 }'
}
