# Helpers for the bookmark tests, on top of lib.sh (source that first):
# start lectern with options, read what a highlight covers off the screen,
# and ask the command line what the database holds.

# The database the reader uses by default under the test's HOME.
HOME_DB="$E2E_TMP/home/.local/share/lectern/lectern.db"

# start_with W H ARGS...: a shell of W x H running lectern ARGS (each
# argument quoted for the shell), waiting for the document list.
start_with() {
        local w=$1 h=$2 arg cmd=""
        shift 2
        for arg in "$@"; do cmd="$cmd '$arg'"; done
        start_shell "$w" "$h"
        run_cmd "clear; '$BIN'$cmd; echo \"rc=\$?\""
        wait_for 'Documents' || fail "the reader did not start with:$cmd"
}

# relaunch ARGS...: quit the reader running in the shell and start it again.
relaunch() {
        local arg cmd=""
        for arg in "$@"; do cmd="$cmd '$arg'"; done
        keys q
        wait_for 'rc=0' || fail "q did not quit"
        run_cmd "clear; '$BIN'$cmd; echo \"rc=\$?\""
        wait_gone 'rc=0' || fail "the reader did not start again"
        wait_for 'Documents' || fail "the reader did not start again with:$cmd"
}

# styled_text SGR [SESSION]: the text of the reading pane (what follows the
# pane separator, header and status line left out) painted with the SGR
# parameter SGR (e.g. 42, a green background), joined across rows.
styled_text() {
        tm capture-pane -p -e -t "${2:-lt}" | LC_ALL=C.UTF-8 perl -CSA -ne "$E2E_SGR"'
                BEGIN { ($want) = @ARGV; @ARGV = (); our $out = ""; our @rows; }
                push @rows, $_;
                END {
                        pop @rows;
                        my $n = 0;
                        for my $row (@rows) {
                                $n++;
                                my $in = $n > 1 && index(sgr_bare($row), "|") >= 0;
                                my $past = 0;
                                sgr_walk($row, sub {
                                        my $c = shift;
                                        return unless $in;
                                        if (!$past) { $past = $c eq "|"; return; }
                                        $out .= $c if $on{$want} && $c ne "\n";
                                });
                        }
                        $out =~ s/^ +| +$//g;
                        print $out;
                }' "$1"
}

# bookmarks_json DB: every bookmark in DB as `lectern --bookmarks` exports it.
bookmarks_json() {
        LANG=C.UTF-8 "$BIN" --bookmarks --format json --db "$1"
}

# json_field DB INDEX FIELD: one field of one exported bookmark.
json_field() {
        bookmarks_json "$1" | python3 -c '
import json, sys
v = json.load(sys.stdin)
i, f = int(sys.argv[1]), sys.argv[2]
print(v[i][f] if i < len(v) else "")' "$2" "$3"
}

# json_count DB: how many bookmarks DB holds.
json_count() {
        bookmarks_json "$1" | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))'
}

# wait_in SESSION TEXT: wait_for in another session.
wait_in() {
        local i=0
        while [ "$i" -lt $((WAIT * 10)) ]; do
                tm capture-pane -p -t "$1" | grep -qF -- "$2" && return 0
                sleep 0.1
                i=$((i + 1))
        done
        return 1
}

# start_second DB: a second session, lt2 (100 x 30, the same HOME), running
# lectern on database DB beside the one in lt, waiting for its document list.
start_second() {
        tm new-session -d -s lt2 -x 100 -y 30 \
                env -i PATH="$PATH" HOME="$E2E_TMP/home" LANG=C.UTF-8 LC_ALL=C.UTF-8 \
                TERM=tmux-256color PS1='lt$ ' bash --norc --noprofile -i ||
                fail "tmux could not start a second session"
        tm set-option -t lt2 status off >/dev/null
        tm send-keys -t lt2 -l "'$BIN' --db '$1' '$CORPUS'; echo \"rc=\$?\""
        tm send-keys -t lt2 Enter
        wait_in lt2 'Documents' || fail "B did not start next to A"
}
