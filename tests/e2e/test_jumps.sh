# Follow 习近平总书记 through the corpus and come back: picked in the phrases
# pane it is "occurrence 1/N · 5 docs" (N as lectern --count says); } walks
# every occurrence through all five speeches in order with the occurrence
# always on screen, and wraps with a notice, and once the reader has gone
# elsewhere goes on from there; Ctrl-O then retraces the
# jumps one by one, never forward, to the very screen the walk started
# from; Tab (Ctrl-I) goes forward again, and once a new jump is made Tab
# switches panes as before, as it does once any other key came between.
# Search hits and document switches are jumps too.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_phrases.sh"

read -r total ndocs < <(cli_count "$XI")
[ "$total" -gt 5 ] && [ "$ndocs" -eq 5 ] || fail "the CLI counts $total hits in $ndocs documents"
note "lectern --count: $total occurrences in $ndocs documents"

# Past either end, } and { wrap round the corpus with a notice.
start_reader 100 30
pick_phrase "$XI"
keys '{'
wait_for "occurrence $total/$total" || fail "{ before the first occurrence did not wrap to the last"
status_line | grep -q 'wrapped' || fail "no notice when the phrase wrapped backwards"
[ "$(doc_num)" = 5 ] || fail "the last occurrence is not in the last speech"
keys '}'
wait_for "occurrence 1/$total" || fail "} after the last occurrence did not wrap to the first"
status_line | grep -q 'wrapped' || fail "no notice when the phrase wrapped"
note "} and { wrap round the corpus with a notice"

# Once the reader has gone elsewhere, } and { go on from there, as n does,
# not from the occurrence left behind.
before=$("$BIN" --count "$XI" "$CORPUS" | head -n 3 | awk -F '\t' '{ s += $1 } END { print s }')
keys '}'
wait_for "occurrence 2/$total" || fail "} did not step on from the first occurrence"
[ "$(doc_num)" = 2 ] || fail "the second occurrence is not in the second speech"
keys '>' '>'
wait_for 'doc 4/5' || fail "> did not reach the fourth speech"
keys '}'
wait_for "occurrence $((before + 1))/$total" ||
        fail "} in the fourth speech did not go to its first occurrence, $((before + 1)): $(status_line)"
[ "$(doc_num)" = 4 ] || fail "} left the fourth speech: $(status_line)"
keys g '<'
wait_for 'doc 3/5' || fail "< did not go back to the third speech"
keys G '{'
wait_for "occurrence $before/$total" || fail "{ at the end of the third speech did not go to its last occurrence: $(status_line)"
note "} and { go on from where the reader is: occurrence $((before + 1)) in the fourth speech, $before in the third"
# The next start opens where this one leaves off: the top of the first speech.
keys '<' '<' g
wait_for 'doc 1/5' || fail "< did not go back to the first speech"
new_server

start_reader 100 30
sync
start_screen=$(text_rows)

pick_phrase "$XI"
wait_for "occurrence 1/$total · $ndocs docs" ||
        fail "after the pick the status line does not read occurrence 1/$total · $ndocs docs: $(status_line)"
[ "$(doc_num)" = 1 ] || fail "the first occurrence is not in the first speech"

visited=1 last=1
for i in $(seq 2 "$total"); do
        keys '}'
        wait_for "occurrence $i/$total · $ndocs docs" || fail "} did not reach occurrence $i/$total"
        d=$(doc_num)
        [ "$d" -ge "$last" ] || fail "} went back from document $last to $d"
        [ "$d" -gt "$last" ] && visited=$((visited + 1))
        last=$d
        screen -e | grep -q $'\e\\[41m' || fail "occurrence $i is not shown as current"
done
[ "$visited" -eq "$ndocs" ] || fail "} visited $visited speeches, the CLI counts $ndocs"
note "} walked all $total occurrences through $visited speeches"

# Ctrl-O, step by step, back to the start.
steps=0 last=$(doc_num) docs=""
while :; do
        before=$(screen)
        keys C-o
        wait_change "$before" || fail "Ctrl-O did not answer"
        status_line | grep -q 'no earlier jump' && break
        steps=$((steps + 1))
        [ "$steps" -le $((total + 3)) ] || fail "Ctrl-O never reached the start"
        d=$(doc_num)
        [ "$d" -le "$last" ] || fail "Ctrl-O went forward from document $last to $d"
        last=$d
        docs="$docs $d"
done
[ "$(doc_num)" = 1 ] || fail "Ctrl-O did not end in the first speech"
[ "$(printf '%s\n' $docs | sort -u | wc -l)" -eq "$ndocs" ] ||
        fail "Ctrl-O did not pass through every speech:$docs"
[ "$(text_rows)" = "$start_screen" ] || fail "Ctrl-O did not come back to the screen the walk began on"
note "Ctrl-O came back in $steps steps through documents$docs"

# Tab is Ctrl-I: forward while there is a way forward. (The first
# occurrence was on the first screen: going there moved nothing, so the
# first step forward is to the second speech.)
keys Tab
wait_for "doc 2/5" || fail "Tab after Ctrl-O did not go forward to the second speech"
wait_for "occurrence 2/$total" || fail "forward in the second speech, the occurrence is not 2"
keys Tab
wait_for "doc 3/5" || fail "a second Tab did not go forward to the third speech"
keys '}'
wait_for "occurrence 4/$total" || fail "} did not go on from the third speech"
resize 60 20
wait_for '[Tab: list]' || fail "the narrow layout does not show the text"
keys Tab
wait_for '[Tab: read]' || fail "after a new jump Tab did not switch to the list"
keys Tab
wait_for '[Tab: list]' || fail "Tab did not come back to the text"
status_line | grep -q "occurrence 4/$total" || fail "switching panes moved the reader"
resize 100 30
wait_for ' Documents' || fail "the wide layout did not come back"
note "Tab goes forward after Ctrl-O, switches panes otherwise"

# Search hits and document switches are jumps too.
keys Escape
wait_gone 'occurrence' || fail "Esc did not stop following the phrase"
keys g
sync
from=$(doc_num)
before_search=$(text_rows)
keys /
type_text 工匠精神
wait_for ' hit ' || fail "the search did not run"
keys Enter
wait_for '? help' || fail "Enter did not keep the search"
h=$(status_line | grep -o 'hit [0-9]*/' | tr -dc '0-9')
keys n
wait_for "hit $((h + 1))/" || fail "n did not step"
keys n
wait_for "hit $((h + 2))/" || fail "n did not step again"
for i in 1 2 3 4; do
        keys C-o
        sync
        [ "$(text_rows)" = "$before_search" ] && break
done
[ "$(text_rows)" = "$before_search" ] || fail "Ctrl-O did not come back to where the search began"
[ "$(doc_num)" = "$from" ] || fail "Ctrl-O did not come back to document $from"
keys '>'
wait_for "doc $((from + 1))/5" || fail "> did not open the next document"
keys C-o
wait_for "doc $from/5" || fail "Ctrl-O did not undo the document switch"
note "search hits and document switches are undone by Ctrl-O"

# Right after Ctrl-O only: with a key in between, Tab switches panes even
# though there is a way forward.
keys j
sync
keys Tab
sync
[ "$(doc_num)" = "$from" ] || fail "Tab went forward to document $(doc_num) though j came after Ctrl-O"
keys Tab
sync
keys '>'
wait_for "doc $((from + 1))/5" || fail "> did not open the next document again"
keys C-o
wait_for "doc $from/5" || fail "Ctrl-O did not undo the document switch again"
keys Tab
wait_for "doc $((from + 1))/5" || fail "Tab right after Ctrl-O did not go forward again"
note "Tab is Ctrl-I only right after Ctrl-O"
