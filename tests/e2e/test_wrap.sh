# Page through every document at 100x30, 60x20 and 200x50: no screen line is
# wider than the window, the pane separator never moves, and no row of the
# reading pane starts with a closing or pausing mark. Then two rare shapes:
# a long URL whose forced cut falls before a comma (the comma must not start
# a row), and a grapheme cluster wider than the pane (shown as a mark, not
# dropped).
. "$(dirname "$0")/lib.sh"

# Rows of the reading pane in either layout, margin removed.
pane_rows() {
        if [ "$1" -ge 70 ]; then
                text_rows
        else
                screen | sed -n '2,$p' | sed '$d' | sed 's/^ //'
        fi
}

# No row too wide, none starting with a forbidden mark, at W columns.
check_screen() {
        check_geometry "$W"
        check_line_starts "$(pane_rows "$W")"
}

page_through() {
        local w=$1 h=$2 doc
        resize "$w" "$h"
        if [ "$w" -lt 70 ]; then
                wait_for '[Tab: list]' || fail "the narrow layout did not show the text at ${w}x$h"
        fi
        for doc in 1 2 3 4 5; do
                wait_for "doc $doc/5" || fail "document $doc did not open"
                keys g
                sync
                W=$w
                each_screen "document $doc at ${w}x$h" check_screen
                note "${w}x$h: document $doc checked over $SCREENS screens"
                keys '>'
        done
        keys '<'; keys '<'; keys '<'; keys '<'
        wait_for 'doc 1/5' || fail "< did not go back to the first document"
}

start_reader 100 30
page_through 100 30
page_through 200 50
page_through 60 20

keys q
wait_for 'rc=0' || fail "q did not quit"
R="$E2E_TMP/rare"
mkdir -p "$R"
printf '原文見https://mp.weixin.qq.com/s/Xk3vQ9LmN2pR7tYb8ZcD1w，請查閱。\n' >"$R/1-url.txt"
printf '前面' >"$R/2-jamo.txt"
for _ in $(seq 20); do printf '\xe1\x84\x80' >>"$R/2-jamo.txt"; done
printf '後面的文字。\n' >>"$R/2-jamo.txt"
resize 24 12
run_cmd "clear; '$BIN' '$R'; echo \"rc=\$?\""
wait_for '[Tab: list]' || wait_for 'Documents' || fail "the reader did not open the rare shapes"
keys Tab
wait_for '[Tab: list]' || fail "Tab did not show the text"
rows=$(pane_rows 24)
printf '%s\n' "$rows" | grep -q '^，' && fail "a forced cut left a comma at the start of a row: $rows"
printf '%s\n' "$rows" | grep -qF 'w，請查閱' || fail "the URL's last letter did not go along with the comma: $rows"
keys '>'
wait_for 'doc 2/2' || fail "> did not open the second document"
rows=$(pane_rows 24)
printf '%s\n' "$rows" | grep -qx '…' || fail "the over-wide cluster left no mark: $rows"
printf '%s\n' "$rows" | grep -qF '後面的文字' || fail "the text after the cluster is missing: $rows"
check_geometry 24
note "24 columns: no comma after a forced cut, an over-wide cluster shown as …"
