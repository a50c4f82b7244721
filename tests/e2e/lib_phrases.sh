# Helpers for the phrase, concordance, plot and jump tests, on top of
# lib.sh (source that first): pick a phrase in the phrases pane, read the
# status line's numbers, and find where the hit colours start on each row.

# The phrase followed through the tests: in all five bundled speeches.
XI=习近平总书记

# resize_settled W H: resize and wait until the screen is laid out for W
# columns (a key sent right after a resize can be handled before curses
# notices it), then assert the geometry, which a real fault fails for good.
resize_settled() {
        local i=0
        resize "$1" "$2"
        sync
        while [ "$i" -lt $((WAIT * 10)) ]; do
                if [ "$1" -lt 70 ]; then
                        # Narrow: one pane, so no "Documents ... |" header any more.
                        screen | head -n 1 | grep -q 'Documents.*|' || break
                else
                        ( check_geometry "$1" ) >/dev/null 2>&1 && break
                fi
                sleep 0.1
                i=$((i + 1))
        done
        check_geometry "$1"
        if [ "$1" -lt 70 ] && screen | head -n 1 | grep -q 'Documents.*|'; then
                fail "at $1 columns the two-pane layout is still shown"
        fi
}

# doc_num: the open document's number, from the status line.
doc_num() { status_line | grep -o 'doc [0-9]*/' | tr -dc '0-9'; }

# occ_num: the current occurrence's number ("occurrence 4/31"), or nothing.
occ_num() { status_line | grep -o 'occurrence [0-9]*/' | tr -dc '0-9'; }

# open_phrases: p, then wait until the list is there.
open_phrases() {
        keys p
        wait_for ' Phrases · ' || fail "p did not open the phrases pane"
        wait_for "$XI" || fail "the phrases pane never listed $XI: $(screen | sed -n 5p)"
}

# pick_phrase TEXT: open the phrases pane, type TEXT to filter (after /
# and Ctrl-U, which clear what an earlier visit left), and Enter on the
# first row, which must be TEXT itself; waits for the status line.
pick_phrase() {
        open_phrases
        keys / C-u
        wait_for 'Esc stop typing' || fail "/ did not start typing in the filter"
        type_text "$1"
        wait_for "filter: $1" || fail "typing $1 did not filter"
        wait_for ">$1 " || fail "$1 is not the first phrase the filter keeps"
        keys Enter
        wait_for "$1 occurrence " || fail "Enter did not follow $1: $(status_line)"
}

# hit_cols: for each screen row, the display column where the first cell
# in the hit colours (background 41 or 43) starts, or "-" when there is none.
hit_cols() {
        screen -e | LC_ALL=C.UTF-8 perl -CSA -ne "$E2E_SGR"'
                my ($plain, $found) = ("", 0);
                sgr_walk($_, sub {
                        my $c = shift;
                        return if $found || $c eq "\n";
                        if ($on{41} || $on{43}) { $found = 1; return; }
                        $plain .= $c;
                });
                print $found ? "$plain\n" : "-\n";
        ' | while IFS= read -r pre; do
                if [ "$pre" = - ]; then
                        echo -
                else
                        printf '%s' "$pre" | LC_ALL=C.UTF-8 wc -L
                fi
        done
}

# check_aligned WHAT MIN: at least MIN rows carry a hit, all starting in one column.
check_aligned() {
        local cols n
        cols=$(hit_cols | grep -v '^-$')
        n=$(printf '%s\n' "$cols" | grep -c .)
        [ "$n" -ge "$2" ] || fail "$1: $n rows with a highlighted hit, expected at least $2"
        [ "$(printf '%s\n' "$cols" | sort -u | wc -l)" -eq 1 ] ||
                fail "$1: the hits start in different columns: $(printf '%s\n' "$cols" | sort -n | uniq -c | tr '\n' ' ')"
        note "$1: $n hits, all at column $(printf '%s\n' "$cols" | head -n 1)"
}
