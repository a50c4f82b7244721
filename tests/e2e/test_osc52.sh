# y copies the passage at the top of the view with its citation line
# (《title》, path, line) through OSC 52, which tmux with set-clipboard on
# turns into a paste buffer: show-buffer reads back exactly what a terminal
# over SSH would put on the clipboard. A selection and a bookmark in the B
# pane copy the same way, and a selection of paragraphs turned back into
# sentences copies all it covered; with pinyin hidden the copy has none
# either; --no-osc52 sends nothing and says so.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_marks.sh"

start_shell 100 30
tm set-option -s set-clipboard on
tm set-buffer -b sentinel 'nothing copied yet'
run_cmd "clear; '$BIN' '$CORPUS'; echo \"rc=\$?\""
wait_for 'Documents' || fail "the reader did not start"
path=$(LANG=C.UTF-8 "$BIN" --list "$CORPUS" | awk -F '\t' '$1 == 1 { print $5 }')
title=$(LANG=C.UTF-8 "$BIN" --list "$CORPUS" | awk -F '\t' '$1 == 1 { print $4 }')
canon=$(realpath "$path")

keys y
wait_for 'copied the sentence' || fail "y did not copy: $(status_line)"
buf=$(tm show-buffer)
first=$(printf '%s\n' "$buf" | head -n 1)
cite=$(printf '%s\n' "$buf" | sed -n '2p')
[ "$(printf '%s\n' "$buf" | wc -l)" = 2 ] || fail "the copy is not a passage and a citation line:
$buf"
case "$first" in 12月22日上午*) ;; *) fail "the copy is not the first sentence: $first" ;; esac
case "$cite" in "— 《$title》, $canon, line 1") ;;
*) fail "the citation line is wrong:
  got:  $cite
  want: — 《$title》, $canon, line 1" ;; esac
note "y: $(printf '%s' "$first" | cut -c1-30)… and its citation"

# A selection of three sentences.
keys v ')' ')' y
wait_for 'copied the selection' || fail "y in a selection did not copy"
sel=$(tm show-buffer | head -n 1)
[ "${#sel}" -gt "${#first}" ] || fail "the selection copied is not longer than one sentence"
case "$sel" in "$first"?*) ;; *) fail "the selection does not start with the first sentence" ;; esac
[ "$(printf '%s' "$sel" | grep -o '。' | wc -l)" -ge 3 ] || fail "the selection copied is not three sentences: $sel"
note "a selection of three sentences copies"

# Three paragraphs, then p back to sentences: the selection still covers
# the three, from the first sentence of the first to the last of the last,
# and grows by sentences again.
# copy KEYS...: from the top, press KEYS; COPIED is the passage copied,
# its citation left off.
buffer_changed() { [ "$(tm show-buffer)" != 'nothing copied yet' ]; }
copy() {
        tm set-buffer -b sentinel 'nothing copied yet'
        keys g "$@"
        poll_until "$WAIT" buffer_changed || fail "$* did not copy: $(status_line)"
        COPIED=$(tm show-buffer | sed '$d')
}
copy v p ')' ')' y
paras=$COPIED
[ "$(printf '%s\n' "$paras" | grep -c .)" -ge 3 ] || fail "v p ) ) did not copy three paragraphs: $paras"
copy v p ')' ')' p y
[ "$COPIED" = "$paras" ] || fail "going back to sentences did not keep the three paragraphs:
  paragraphs: $paras
  sentences:  $COPIED"
# And in sentences again: ) adds the next one, not the next paragraph.
copy v p ')' ')' p ')' y
case "$COPIED" in "$paras"?*) ;; *) fail ") after going back to sentences lost the paragraphs: $COPIED" ;; esac
added=${COPIED#"$paras"}
case "$(printf '%s' "$added" | grep -o '[。！？]' | wc -l)/$added" in
1/*。) ;;
*) fail ") after going back to sentences did not add one sentence: $added" ;;
esac
note "paragraphs turned back into sentences keep all three; ) then adds a sentence"
keys g

# A bookmark from the B pane, with its line.
keys m
wait_for 'note (optional):' || fail "m did not ask for a note"
keys Enter
wait_for 'bookmarked' || fail "m did not bookmark"
tm set-buffer 'overwritten'
keys B
wait_for 'Bookmarks  1' || fail "B did not open"
keys y
wait_for 'copied the bookmark' || fail "y in the B pane did not copy"
tm show-buffer | grep -qF "— 《$title》, $canon, line 1" || fail "the bookmark copied has no citation"
keys q
note "a bookmark copies from the B pane"

# With pinyin hidden (a), what is copied reads as the screen does.
keys '>' '>'
wait_for 'doc 3/5' || fail "> did not reach the third speech"
keys g y
wait_for 'copied the sentence' || fail "y did not copy in the third speech"
tm show-buffer | head -n 1 | grep -qF '勞動(dòng)獎' || fail "the copy lost its pinyin: $(tm show-buffer | head -n 1)"
keys a
wait_for 'annotations hidden' || fail "a did not hide the annotations"
tm set-buffer 'overwritten'
keys y
wait_for 'copied the sentence' || fail "y with pinyin hidden did not copy"
got=$(tm show-buffer | head -n 1)
case "$got" in *'(dòng)'*|*'(jiǎng)'*) fail "with pinyin hidden the copy still has it: $got" ;; esac
printf '%s' "$got" | grep -qF '勞動獎' || fail "with pinyin hidden the copy is not the text shown: $got"
keys a
wait_for 'annotations shown' || fail "a did not show the annotations again"
note "with pinyin hidden, y copies the text without it"

# --no-osc52: nothing reaches tmux.
relaunch --no-osc52 "$CORPUS"
tm set-buffer 'nothing copied'
keys y
wait_for 'copying to the clipboard is off' || fail "--no-osc52 does not say copying is off"
[ "$(tm show-buffer)" = 'nothing copied' ] || fail "--no-osc52 still copied"
note "--no-osc52 copies nothing"
keys q
wait_for 'rc=0' || fail "q did not quit"
