# Bookmarks follow their words when the corpus changes. On a copy of the
# corpus, opened by a relative path: bookmark a passage and quit. Insert a
# paragraph at the top of that speech and start again from another
# directory by an absolute path: the same document opens at the same
# passage, still marked where the words now are, and --bookmarks finds it
# (two lines further down, not orphaned). Rename the file: of the documents
# with the same title, the one holding the passage takes the bookmark; when
# two copies hold it, none takes it for good. Delete the
# passage from the file: the B pane and the export show it orphaned, and
# it is still kept.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_marks.sh"

c="$E2E_TMP/corpus"
cp -r "$CORPUS" "$c"
chmod -R u+w "$c"
name=$(ls "$c" | sed -n 3p)
file="$c/$name"

start_shell 100 30
run_cmd "cd '$E2E_TMP' && clear && '$BIN' corpus; echo \"rc=\$?\""
wait_for 'Documents' || fail "the reader did not start on the copy"
keys Tab j j Enter
wait_for 'doc 3/5' || fail "the third speech did not open"
keys 1 2 j
sync
keys m
wait_for 'note (optional):' || fail "m did not ask for a note"
type_text '改了也要找到'
keys Enter
wait_for 'bookmarked “' || fail "m did not bookmark"
passage=$(json_field "$HOME_DB" 0 passage)
line=$(json_field "$HOME_DB" 0 line)
[ "$(json_field "$HOME_DB" 0 path)" = "$(realpath "$file")" ] || fail "the path stored is not canonical: $(json_field "$HOME_DB" 0 path)"
[ "$(styled_text 42)" = "$passage" ] || fail "the passage is not marked"
keys q
wait_for 'rc=0' || fail "q did not quit"
note "bookmarked line $line of $name: $(printf '%s' "$passage" | cut -c1-30)…"

# 1. A paragraph inserted at the top.
python3 - "$file" <<'PY'
import sys
p = sys.argv[1]
t = open(p, encoding="utf-8").read()
open(p, "w", encoding="utf-8").write("開頭新加的一段，說的是別的事情。\n\n" + t)
PY
run_cmd "cd / && clear && '$BIN' '$c'; echo \"rc=\$?\""
wait_for 'Documents' || fail "the reader did not start from another directory"
wait_for 'doc 3/5' || fail "the edited speech was not reopened as the last one read"
[ "$(styled_text 42)" = "$passage" ] || fail "after the edit the passage is not marked where it is now:
  marked:  $(styled_text 42)
  passage: $passage"
keys q
wait_for 'rc=0' || fail "q did not quit"
[ "$(json_field "$HOME_DB" 0 orphaned)" = False ] || fail "--bookmarks says the moved passage is orphaned"
[ "$(json_field "$HOME_DB" 0 line)" = $((line + 2)) ] ||
        fail "--bookmarks puts it at line $(json_field "$HOME_DB" 0 line), not $((line + 2))"
LANG=C.UTF-8 "$BIN" --bookmarks --db "$HOME_DB" | grep -q orphaned && fail "the Markdown export says orphaned"
note "after inserting a paragraph: marked in place, exported at line $((line + 2)), not orphaned"

# 2. The file renamed: of the two documents with its title, the one that
# has the passage gets the bookmark; the other, first in the list, does not.
head -n 1 "$file" > "$c/a-decoy.txt"
printf '\n另一篇同名的稿子，內容完全不同。\n' >> "$c/a-decoy.txt"
mv "$file" "$c/renamed.txt"
run_cmd "clear; '$BIN' '$c'; echo \"rc=\$?\""
wait_for 'Documents' || fail "the reader did not start after the rename"
keys B
wait_for 'Bookmarks  1' || fail "B does not list the bookmark"
screen | grep -qF "line $((line + 2)) ·" || fail "the bookmark of the renamed file is not found"
keys Enter
wait_for 'doc 6/6' || fail "Enter did not go to the renamed speech"
[ "$(styled_text 42)$(styled_text 41)" != "" ] || fail "the passage in the renamed speech is not marked"
keys q
wait_for 'rc=0' || fail "q did not quit"
[ "$(json_field "$HOME_DB" 0 path)" = "$(realpath "$c/renamed.txt")" ] ||
        fail "the bookmark was not moved to the renamed file: $(json_field "$HOME_DB" 0 path)"
note "after a rename: found by the title in the right one of two, moved to the new path"

# 2b. Two copies under new names both hold the passage: shown in one, but
# the record keeps its path rather than take a guess for good.
mv "$c/renamed.txt" "$c/renamed-1.txt"
cp "$c/renamed-1.txt" "$c/renamed-2.txt"
run_cmd "clear; '$BIN' '$c'; echo \"rc=\$?\""
wait_for 'Documents' || fail "the reader did not start with two copies"
keys B
wait_for 'Bookmarks  1' || fail "B does not list the bookmark beside two copies"
screen | grep -q 'orphaned' && fail "the bookmark is orphaned although two copies hold it"
screen | grep -qF "line $((line + 2)) ·" || fail "the bookmark is not shown at its line in a copy"
keys q q
wait_for 'rc=0' || fail "q did not quit"
[ "$(json_field "$HOME_DB" 0 path)" = "$(realpath "$c/renamed.txt")" ] ||
        fail "a guess between two copies was recorded: $(json_field "$HOME_DB" 0 path)"
note "two copies: shown, nothing recorded"

# 2c. One copy edited above the passage: the other, where the passage
# still is where it was, is the renamed file, and the move is recorded.
python3 - "$c/renamed-2.txt" <<'PY'
import sys
p = sys.argv[1]
lines = open(p, encoding="utf-8").read().split("\n")
lines.insert(2, "編者按：這一份是轉載的，前面多了一段。\n")
open(p, "w", encoding="utf-8").write("\n".join(lines))
PY
run_cmd "clear; '$BIN' '$c'; echo \"rc=\$?\""
wait_for 'Documents' || fail "the reader did not start with an edited copy"
keys B
wait_for 'Bookmarks  1' || fail "B does not list the bookmark beside an edited copy"
screen | grep -qF "line $((line + 2)) ·" || fail "the bookmark is not shown at its line in the unedited copy"
keys q q
wait_for 'rc=0' || fail "q did not quit"
[ "$(json_field "$HOME_DB" 0 path)" = "$(realpath "$c/renamed-1.txt")" ] ||
        fail "the copy holding the passage where it was did not get the bookmark: $(json_field "$HOME_DB" 0 path)"
rm "$c/renamed-2.txt"
mv "$c/renamed-1.txt" "$c/renamed.txt"
note "an edited copy and an unedited one: the unedited one gets the bookmark"

# 3. The passage deleted: orphaned, never dropped or moved elsewhere.
python3 - "$c/renamed.txt" "$passage" <<'PY'
import sys
p, gone = sys.argv[1], sys.argv[2]
t = open(p, encoding="utf-8").read()
assert gone in t
open(p, "w", encoding="utf-8").write(t.replace(gone, "", 1))
PY
run_cmd "clear; '$BIN' '$c'; echo \"rc=\$?\""
wait_for 'Documents' || fail "the reader did not start after the deletion"
[ -z "$(styled_text 42)" ] || fail "something is marked although the passage is gone: $(styled_text 42)"
keys B
wait_for 'Bookmarks  1' || fail "the orphaned bookmark is not listed"
wait_for 'orphaned' || fail "the B pane does not say orphaned"
screen | grep -qF '改了也要找到' || fail "the orphaned bookmark lost its note"
keys Enter
wait_for 'no longer in' || fail "Enter on an orphaned bookmark does not say the passage is gone"
keys q q
wait_for 'rc=0' || fail "q did not quit"
[ "$(json_count "$HOME_DB")" = 1 ] || fail "the orphaned bookmark was dropped"
[ "$(json_field "$HOME_DB" 0 orphaned)" = True ] || fail "--bookmarks does not say orphaned"
note "after deleting the passage: orphaned, kept, note intact"
