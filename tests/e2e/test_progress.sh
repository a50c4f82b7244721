# A corpus too big to read in a blink (60 MB, generated from the bundled
# speeches): the reader is up before the corpus is read, with the document
# list and the first document on screen while the status line shows a
# progress bar, first for loading, then for indexing, that only moves
# forward; keys work meanwhile; q quits at once during indexing with status
# 0; a search typed while the suffixes are still being sorted already
# counts what the CLI counts; a phrase jump asked for too early says what
# it waits for, in a notice that keeps up with the work and goes with it;
# a pane opened while a kept search waits for the folding is not closed
# when the search starts, and c there before the phrases are found opens
# nothing but says so; once the index is ready, every document is
# listed and searches count what the CLI counts, a huge one too; the last
# document read reopens.
. "$(dirname "$0")/lib.sh"

GEN=$(dirname "$BIN")/bench/gen_corpus
[ -x "$GEN" ] || fail "$GEN is missing (make check builds it)"
BIG=$E2E_TMP/big
"$GEN" --mb 60 "$CORPUS" "$BIG" >/dev/null || fail "the corpus could not be generated"
ndocs=$("$BIN" --list "$BIG" 2>/dev/null | wc -l)
[ "$ndocs" -gt 1000 ] || fail "the generated corpus has only $ndocs documents"

# watch_progress SECONDS: sample the status line every 50 ms until it shows
# the indexing bar; every sample with a bar goes to $E2E_TMP/bars.
watch_progress() {
        local limit=$(($1 * 20)) i=0 line
        : >"$E2E_TMP/bars"
        while [ "$i" -lt "$limit" ]; do
                line=$(status_line)
                case "$line" in
                *"loading ▕"*"▏ "*%* | *"indexing ▕"*"▏ "*%*)
                        printf '%s\n' "$line" >>"$E2E_TMP/bars" ;;
                esac
                case "$line" in *"indexing ▕"*) return 0 ;; esac
                sleep 0.05
                i=$((i + 1))
        done
        return 1
}

start_shell 100 30
run_cmd "clear; '$BIN' '$BIG'; echo \"rc=\$?\""
watch_progress 20 || fail "no indexing progress bar within 20 s"
# The reader is usable while the index builds: list, first document, keys.
screen | head -n 1 | grep -q 'Documents' || fail "no document list while indexing"
[ -n "$(text_rows | tr -d ' ')" ] || fail "no text in the reading pane while indexing"
grep -q 'loading ▕' "$E2E_TMP/bars" && note "loading bar seen"
perl -CSD -ne '
        /(loading|indexing) ▕.*▏ (\d+)%/ or next;
        my ($phase, $pct) = ($1, $2);
        die "the $phase bar went back from $last{$phase}% to $pct%\n"
                if defined $last{$phase} && $pct < $last{$phase};
        die "the bar went back from indexing to loading\n" if $phase eq "loading" && defined $last{indexing};
        $last{$phase} = $pct;
' "$E2E_TMP/bars" 2>"$E2E_TMP/order" || fail "$(cat "$E2E_TMP/order")"
keys G
wait_for '100%' 5 || fail "G did not reach the end of the document while indexing"
status_line | grep -q 'indexing' ||
        fail "the index was ready before G could be checked: $(status_line)"
note "while indexing: the list, the text and a key answering, $(wc -l <"$E2E_TMP/bars") bars sampled"

t0=$(date +%s%N)
keys q
wait_for 'rc=0' 3 || fail "q during indexing did not quit with status 0 within 3 s"
ms=$((($(date +%s%N) - t0) / 1000000))
[ "$(tm display -p -t lt '#{alternate_on}')" = 0 ] || fail "the alternate screen is still on after q"
note "q during indexing: status 0 after ${ms} ms"

read -r total docs < <("$BIN" --count 劳模精神 "$BIG" 2>/dev/null | awk -F '\t' '
        $2 == "total" { t = $1; next } $1 > 0 { d++ } END { print t, d }')
[ "${total:-0}" -gt 0 ] || fail "the CLI counts no 劳模精神"

# A search kept before the text is folded waits; a pane opened meanwhile
# stays open when the search starts, which then says how to reach its hits.
run_cmd "clear; '$BIN' '$BIG'; echo \"rc5=\$?\""
wait_for Documents 20 || fail "the reader did not start"
keys /
type_text 工匠精神
keys Enter p
wait_for 'type to filter' || fail "p did not open the phrases pane"
if status_has 'waiting to search'; then
        wait_status '“工匠精神” searched: ' 30 || fail "the search kept did not start: $(status_line)"
        screen_has -F 'type to filter' || fail "the phrases pane was closed when the search started"
        status_has 'hit 1/' && fail "the search jumped to its first hit from under the pane: $(status_line)"
        note "a pane opened while the search waited stays open when it starts"
else
        note "the text was folded before the pane opened: nothing to check ($(status_line))"
fi
# c before the phrases are found: no phrase is selected, and the search's
# concordance, another subject, does not open in its place.
if screen_has -F 'finding phrases'; then
        keys c
        answered() { status_has 'no phrase selected' || screen_has -F 'Concordance of'; }
        poll_until "$WAIT" answered || fail "c while the phrases were found did nothing: $(status_line)"
        screen_has -F 'Concordance of “工匠精神”' &&
                fail "c while the phrases were found opened the search's concordance"
        if status_has 'no phrase selected'; then
                status_has 'no phrase selected: still finding' ||
                        fail "c while the phrases were found does not say so: $(status_line)"
                screen_has -F ' Phrases · ' || fail "c while the phrases were found closed the pane"
                note "c while the phrases are found: no phrase selected, and nothing opens"
        else
                note "the phrases were found before c: nothing to check"
        fi
else
        note "the phrases were found before c could be pressed: nothing to check"
fi
keys q q
wait_for 'rc5=0' 5 || fail "q did not quit"

# Search need not wait for the suffix sort: typed while the bar still
# says indexing, it counts what the CLI counts, and n walks the hits.
run_cmd "clear; '$BIN' '$BIG'; echo \"rc1=\$?\""
watch_progress 20 || fail "no indexing progress bar within 20 s"
keys /
type_text 劳模精神
keys Enter
wait_for "/$total · $docs docs" 10 ||
        fail "no count of $total hits in $docs docs while indexing: $(status_line)"
line=$(status_line)
case "$line" in
*indexing*) ;;
*) fail "the index was ready before the search could be checked: $line" ;;
esac
k=$(printf '%s\n' "$line" | grep -oE 'hit [0-9]+/' | tr -dc '0-9')
[ -n "$k" ] || fail "no current hit after Enter: $line"
keys n
wait_for "hit $((k % total + 1))/$total" 5 || fail "n after hit $k while indexing: $(status_line)"
keys q
wait_for 'rc1=0' 3 || fail "q did not quit"
note "while the suffix sort ran: $total hits in $docs docs found through the occurrence lists, n walked on"

# Once ready: every document is in, and search counts what the CLI counts.
run_cmd "clear; '$BIN' '$BIG'; echo \"rc2=\$?\""
wait_for Documents 20 || fail "the reader did not start again"

# A phrase jump asked for before there are phrases says what it waits for;
# with no key pressed, the notice follows the work and goes with the wait.
keys ']'
wait_status 'phrase jumps wait for the phrase list' 10 || fail "] while indexing: $(status_line)"
stage() { status_line | grep -oE '(still [a-z]+ \([0-9]+%\)|finding phrases [0-9]+%): phrase jumps'; }
first=$(stage)
[ -n "$first" ] || fail "the notice names no stage: $(status_line)"
stage_moved() { local now; now=$(stage); [ -n "$now" ] && [ "$now" != "$first" ]; }
poll_until 60 stage_moved || fail "the notice stayed at “$first”: $(status_line)"
moved=$(stage)
wait_gone 'phrase jumps wait' 120 || fail "the notice outlived the wait: $(status_line)"
status_line | grep -qE 'still|finding' && fail "a stale notice is left: $(status_line)"
note "the waiting notice went from “${first%%:*}” to “${moved%%:*}” and then away, with no key"
wait_for "/$ndocs " 60 || fail "not every document listed: $(status_line)"
wait_gone 'indexing' 60 || fail "the index was not ready within 60 s"
keys /
type_text 劳模精神
keys Enter
wait_for "/$total · $docs docs" 10 || fail "the reader does not count $total hits in $docs docs: $(status_line)"
note "once ready: $ndocs documents, $total hits in $docs docs as the CLI counts"

# A one-character query with hundreds of thousands of hits is previewed as
# it is typed (the count, one document's hits) and completed once typing
# pauses: the same numbers as the CLI either way, and n walks on.
read -r total docs < <("$BIN" --count 的 "$BIG" 2>/dev/null | awk -F '\t' '
        $2 == "total" { t = $1; next } $1 > 0 { d++ } END { print t, d }')
[ "${total:-0}" -gt 200000 ] || fail "的 has only ${total:-0} hits: the preview is not exercised"
keys /
type_text 的
wait_for "/$total" 10 || fail "the preview does not count $total hits: $(status_line)"
wait_for "$docs/$ndocs match" 10 || fail "the list does not count $docs documents once typing pauses"
keys Enter
wait_for " · $docs docs" 10 || fail "Enter did not complete the search: $(status_line)"
k=$(status_line | grep -oE 'hit [0-9]+/' | tr -dc '0-9')
[ -n "$k" ] || fail "no current hit after Enter: $(status_line)"
keys n
wait_for "hit $((k + 1))/$total · $docs docs" 10 || fail "n after hit $k of a big query: $(status_line)"
note "的: $total hits in $docs docs, previewed, then completed"

# The last document read, left some way in, is where the next start opens,
# although it is the last to be read: it takes over the view when it arrives.
keys Escape Tab G Enter
wait_for "doc $ndocs/$ndocs " || fail "could not open the last document: $(status_line)"
keys Space Space
sleep 0.3
where=$(status_line | grep -oE '[0-9]+%$')
[ -n "$where" ] && [ "$where" != "0%" ] || fail "the last document did not scroll: $(status_line)"
keys m
wait_for 'note (optional):' || fail "m did not ask for a note"
type_text 'read-last'
keys Enter
wait_for 'bookmarked “' || fail "the passage was not bookmarked: $(status_line)"
keys q
wait_for 'rc2=0' || fail "q did not quit"
run_cmd "clear; '$BIN' '$BIG'; echo \"rc3=\$?\""
wait_for "doc $ndocs/$ndocs " 20 || fail "the last document read did not reopen: $(status_line)"
status_line | grep -qE " $where\$" || fail "it did not reopen at $where: $(status_line)"
keys q
wait_for 'rc3=0' || fail "q did not quit"
note "the last document, read last, reopens where it was left ($where)"

# The bookmarks pane opened while the corpus is still read places the
# bookmark of the last document once that document is read.
run_cmd "clear; '$BIN' '$BIG'; echo \"rc4=\$?\""
wait_for Documents 20 || fail "the reader did not start"
keys B
wait_for 'read-last' || fail "B does not list the bookmark"
wait_gone 'not in this corpus' 20 || fail "the bookmark of the last document is never placed"
screen | grep -q 'read-last' || fail "the bookmark went from the pane"
keys Escape q
wait_for 'rc4=0' || fail "q did not quit"
note "B opened during loading places the last document's bookmark when it is read"
