# Page through every document at 100x30, 60x20 and 200x50: no screen line is
# wider than the window, the pane separator never moves, and no row of the
# reading pane starts with a closing or pausing mark.
. "$(dirname "$0")/lib.sh"

# Rows of the reading pane in either layout, margin removed.
pane_rows() {
        if [ "$1" -ge 70 ]; then
                text_rows
        else
                screen | sed -n '2,$p' | sed '$d' | sed 's/^ //'
        fi
}

page_through() {
        local w=$1 h=$2 doc pages before
        resize "$w" "$h"
        if [ "$w" -lt 70 ]; then
                wait_for '[Tab: list]' || fail "the narrow layout did not show the text at ${w}x$h"
        fi
        for doc in 1 2 3 4 5; do
                wait_for "doc $doc/5" || fail "document $doc did not open"
                keys g
                sync
                pages=0
                while :; do
                        check_geometry "$w"
                        check_line_starts "$(pane_rows "$w")"
                        status_line | grep -q '100% *$' && break
                        pages=$((pages + 1))
                        [ "$pages" -lt 200 ] || fail "document $doc never reached 100% at ${w}x$h"
                        before=$(screen)
                        keys Space
                        wait_change "$before" || fail "Space did not scroll document $doc at ${w}x$h"
                done
                note "${w}x$h: document $doc checked over $((pages + 1)) screens"
                keys '>'
        done
        keys '<'; keys '<'; keys '<'; keys '<'
        wait_for 'doc 1/5' || fail "< did not go back to the first document"
}

start_reader 100 30
page_through 100 30
page_through 200 50
page_through 60 20
