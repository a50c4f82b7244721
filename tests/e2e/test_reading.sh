# Everyday reading: the help opens and closes, wraps long descriptions to
# the window down to 24 columns and scrolls with the wheel; > at the last
# document says so; g / G / 50% / Space / b move and the percentage
# follows; 42G goes to line 42 of the file, as --search numbers it; pinyin
# annotations are dimmed and a key hides them; Tab switches panes (one at a
# time under 70 columns) and Enter opens the selected document; v from the
# list selects in the text beside it; the mouse wheel scrolls and a click
# opens a document (in the list's place when narrow), unless --no-mouse.
. "$(dirname "$0")/lib.sh"

pct() { status_line | grep -o '[0-9]*% *$' | tr -d '% '; }

start_reader 100 30
keys '?'
wait_for 'lectern: keys' || fail "? did not open the help"
keys x
wait_for 'Documents' || fail "a key did not close the help"
note "help opens and closes"

# help_text: the help on screen as one line, its rows joined, spaces squeezed.
help_text() { screen | sed '$d' | tr -s ' \n' '  '; }
help_has() { help_text | grep -qF -- "$1"; }
# The mouse wheel at column 5, row 5 (xterm X10 reports: button 64+1 down, 64 up).
wheel_down() { type_text $'\e[Ma%%'; }
wheel_up() { type_text $'\e[M`%%'; }

# The help wraps a description too long for its row under the description
# column instead of cutting it, at 80 columns and at 24; the wheel scrolls
# it, and paging reaches its last row, however many rows wrapping adds.
resize 80 30
keys '?'
wait_for 'lectern: keys' || fail "? did not open the help at 80 columns"
wheel_down
wait_gone 'lectern: keys' || fail "the wheel did not scroll the help"
wheel_up
wait_for 'lectern: keys' || fail "the wheel did not scroll the help back up"
keys Space Space Space Space Space
wait_for 'Mouse: the wheel scrolls, a click opens a document' ||
        fail "paging did not reach the end of the help"
screen | grep -qE '^ {17}screen *$' ||
        fail "at 80 columns the passage's description does not go on under its column"
help_text | grep -qF 'the sentence of the current hit, else the first on screen m ' ||
        fail "at 80 columns the passage's description is cut"
help_text | grep -qF 'p whole paragraphs, m bookmark, y copy, Esc stop' ||
        fail "at 80 columns the description of v is cut"
[ "$(max_width)" -le 80 ] || fail "a help row is wider than 80 columns"
resize 24 30
wait_gone 'Tab is Ctrl-I: forward again' || fail "the help did not wrap at 24 columns"
keys Space Space Space Space Space Space Space Space Space Space Space Space
poll_until "$WAIT" help_has 'Mouse: the wheel scrolls, a click opens a document' ||
        fail "at 24 columns paging did not reach the help's last row, or it is not whole"
help_text | grep -qF 'copy the passage and its citation to the clipboard (OSC 52)' ||
        fail "at 24 columns a description is cut"
[ "$(max_width)" -le 24 ] || fail "a help row is wider than 24 columns"
keys x
wait_gone 'lectern: keys' || fail "a key did not close the help at 24 columns"
resize 100 30
wait_for 'Documents' || fail "the reader did not come back at 100 columns"
note "the help wraps at 80 and 24 columns, the wheel and paging scroll it to the end"

# The longest speech, so that a page from the middle does not reach the end.
keys '>' '>' '>' '>'
wait_for 'doc 5/5' || fail "> did not reach the fifth document"
keys '>'
wait_status 'this is the last document' || fail "> at the last document said nothing: $(status_line)"
keys G
sync
[ "$(pct)" = 100 ] || fail "G does not reach 100%: $(status_line)"
keys g
sync
[ "$(pct)" -lt 100 ] || fail "g does not go back to the top"
first=$(pct)
keys 5 0 %
sync
mid=$(pct)
[ "$mid" -gt "$first" ] && [ "$mid" -lt 100 ] || fail "50% lands at $mid%"
keys Space
sync
[ "$(pct)" -gt "$mid" ] || fail "Space did not move down"
keys b
sync
[ "$(pct)" = "$mid" ] || fail "b did not come back to $mid%"
note "g G 50% Space b: $first% .. $mid% .. 100%"

# A count before G goes to that line of the file, as --search numbers it;
# past the last line, to the end, saying how many there are.
line=$("$BIN" --search 王晓峰 "$CORPUS" | head -n 1 | cut -d: -f2)
want=$(sed -n "${line}p" "$CORPUS/004_eb10d11bbc00cbc3.txt" | cut -c1-8)
keys g 3 7 G
wait_status 'line 37' || fail "37G did not say where it went: $(status_line)"
text_rows | head -n 2 | grep -qF "$(sed -n 37p "$CORPUS/004_eb10d11bbc00cbc3.txt" | cut -c1-8)" ||
        fail "37G did not put line 37 on top: $(text_rows | head -n 2)"
keys $(printf '%s ' $(echo "$line" | grep -o .)) G
wait_status "line $line" || fail "${line}G did not go to the line of the hit: $(status_line)"
text_rows | head -n 2 | grep -qF "$want" || fail "${line}G did not put “$want” on top"
nlines=$(awk 'END { print NR }' "$CORPUS/004_eb10d11bbc00cbc3.txt")
keys 9 9 9 9 G
wait_status "the file has $nlines lines" || fail "9999G: $(status_line)"
[ "$(pct)" = 100 ] || fail "9999G did not go to the end: $(status_line)"
note "37G and ${line}G go to those lines of the file; 9999G to the end"

# The third speech carries pinyin such as 勞動(dòng).
keys '<' '<'
wait_for 'doc 3/5' || fail "< did not reach the third document"
r=$(row_of '(dòng)' 1)
[ -n "$r" ] || fail "no (dòng) annotation on screen"
case " $(sgr_at "$r" '(dòng)') " in *" 90 "*|*" 2 "*) ;;
*) fail "the annotation is not dimmed: [$(sgr_at "$r" '(dòng)')]" ;; esac
keys a
wait_for 'annotations hidden' || fail "a did not hide the annotations"
text_rows | grep -qF '(dòng)' && fail "annotations still shown after a"
text_rows | grep -qF '勞動獎' || fail "the text around hidden annotations is missing"
keys a
wait_for 'annotations shown' || fail "a did not show the annotations again"
text_rows | grep -qF '(dòng)' || fail "annotations not back after a second a"
note "pinyin dimmed, hidden and shown with a"

keys Tab
sync
keys j Enter
wait_for 'doc 4/5' || fail "j Enter in the list did not open the fourth document"
note "Tab to the list, Enter opens"

# Beside the text, the list hands v (and m, y) to the text, keys and all;
# a key of neither says so.
keys Tab
sync
keys d
wait_for 'no such key in the document list: Tab goes to the text' || fail "d in the list: $(status_line)"
row=$(screen | grep -n '^>' | cut -d: -f1)
keys v
wait_for 'selecting sentences' || fail "v in the list did not select in the text: $(status_line)"
keys j
sleep 0.3
[ "$(screen | grep -n '^>' | cut -d: -f1)" = "$row" ] || fail "j after v moved the list, not the selection"
status_line | grep -q 'selecting sentences' || fail "j after v ended the selection: $(status_line)"
keys Escape
wait_gone 'selecting sentences' || fail "Esc did not end the selection"
note "v from the list selects in the text; d in the list says it is no key there"

resize 60 20
wait_for '[Tab: list]' || fail "the narrow layout does not show the text"
screen | grep -qF ' Documents' && fail "both panes shown at 60 columns"
keys Tab
wait_for '[Tab: read]' || fail "Tab did not show the list at 60 columns"
keys Tab
wait_for '[Tab: list]' || fail "Tab did not come back to the text"
note "one pane at a time under 70 columns, Tab switches"

resize 100 30
wait_for ' Documents' || fail "the wide layout did not come back"
keys g
sync
before=$(pct)
# Wheel down over the text (xterm X10 report: button 64+1, at column 50, row 10).
type_text $'\e[MaS+'
sync
[ "$(pct)" -gt "$before" ] || fail "the mouse wheel did not scroll"
# Click on the list's second document (screen row 2 counting from 0).
type_text $'\e[M %#'
type_text $'\e[M#%#'
wait_for 'doc 2/5' || fail "a click on the list did not open the document"
# Narrow, the list fills the window: a click opens the document in its place.
resize 60 20
keys h
wait_for ' Documents' || fail "h did not show the list in the narrow layout"
type_text $'\e[M %$'
type_text $'\e[M#%$'
wait_for 'doc 3/5' || fail "a click on the narrow list did not open the document"
wait_gone ' Documents' || fail "a click on the narrow list left the list over the text"
resize 100 30
keys q
wait_for 'rc=0' || fail "q did not quit"
note "the wheel scrolls, a click opens a document, in its place when narrow"

run_cmd "clear; '$BIN' --no-mouse '$CORPUS'; echo \"rc=\$?\""
wait_for ' Documents' || fail "the reader did not start with --no-mouse"
# The last document read opens again: the click must not change it.
was=$(status_line | grep -o 'doc [0-9]*/5')
type_text $'\e[M %%'
type_text $'\e[M#%%'
sync
[ "$(status_line | grep -o 'doc [0-9]*/5')" = "$was" ] || fail "--no-mouse still obeys clicks"
keys q
wait_for 'rc=0' || fail "q did not quit"
note "--no-mouse ignores clicks"
