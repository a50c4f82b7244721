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
        tm capture-pane -p -e -t "${2:-lt}" | LC_ALL=C.UTF-8 perl -CSA -ne '
                BEGIN { ($want) = @ARGV; @ARGV = (); our %on; our $out = ""; our @rows; }
                push @rows, $_;
                END {
                        pop @rows;
                        my $n = 0;
                        for (@rows) {
                                $n++;
                                (my $bare = $_) =~ s/\e\[[0-9;]*m//g;
                                my $in = $n > 1 && index($bare, "|") >= 0;
                                my $past = 0;
                                while (/\G(?:\e\[([0-9;]*)m|(.))/gs) {
                                        if (defined $1) {
                                                my @p = split /;/, ($1 eq "" ? "0" : $1);
                                                while (@p) {
                                                        my $p = shift @p;
                                                        if ($p == 0) { %on = (); next; }
                                                        if ($p == 38 || $p == 48) {
                                                                my $k = shift @p // 0;
                                                                splice(@p, 0, $k == 5 ? 1 : 3);
                                                                next;
                                                        }
                                                        delete @on{grep { $_ >= 40 && $_ <= 49 } keys %on}
                                                                if $p >= 40 && $p <= 49;
                                                        delete @on{grep { $_ >= 30 && $_ <= 39 } keys %on}
                                                                if $p >= 30 && $p <= 39;
                                                        $on{$p} = 1;
                                                }
                                                next;
                                        }
                                        next unless $in;
                                        if (!$past) { $past = $2 eq "|"; next; }
                                        $out .= $2 if $on{$want} && $2 ne "\n";
                                }
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
