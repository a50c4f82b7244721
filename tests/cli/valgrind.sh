#!/usr/bin/env bash
# The headless modes under valgrind: no invalid read or write, no use of
# uninitialised memory, no leak "definitely lost", on the bundled corpus and
# on the hostile corpus of tests/e2e/make_hostile.sh (empty, BOM-only,
# binary, NUL bytes, invalid UTF-8, a 2 MB line, escapes, bidi, a FIFO,
# link loops...). A run passes when valgrind reports nothing (its exit
# status would be 99) and lectern exits 0 or 1, not 2 or by a signal.
# Usage: tests/cli/valgrind.sh BINARY   (run from the top of the source tree)
# Prints "N passed, N failed" last; with RESULTS set, writes "passed failed"
# into that file.
set -u
BIN=$(realpath "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CORPUS="$ROOT/assets/corpus"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export LC_ALL=C.UTF-8 HOME="$T/home" XDG_DATA_HOME="$T/data" NO_COLOR=
mkdir -p "$HOME" "$XDG_DATA_HOME"
pass=0 fail=0

ok() { pass=$((pass + 1)); printf '  ok   %s\n' "$1"; }
bad() { fail=$((fail + 1)); printf '  FAIL %s\n' "$1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/       /'; }

finish() {
        echo "$pass passed, $fail failed"
        [ -n "${RESULTS:-}" ] && echo "$pass $fail" >"$RESULTS"
        [ "$fail" = 0 ]
        exit
}

if ! command -v valgrind >/dev/null 2>&1; then
        bad "valgrind is not installed: the CLI cannot be checked for memory errors and leaks" \
                "(install the valgrind package)"
        finish
fi

H="$T/hostile"
bash "$ROOT/tests/e2e/make_hostile.sh" "$H" >/dev/null || { bad "tests/e2e/make_hostile.sh failed"; finish; }

# ------------------------------------------------------------ bookmarks to export
# The reader (not under valgrind) bookmarks passages with m in a private
# tmux server, so that --bookmarks has something to export: in a copy of
# the bundled corpus that is then edited (re-anchoring) and loses a file
# (an orphan), and in the escapes and long-line files of the hostile corpus.
C="$T/corpus"
cp -r "$CORPUS" "$C"
chmod -R u+w "$C"
marks_made=0
if command -v tmux >/dev/null 2>&1; then
        sock="lectern-vg-$$-$RANDOM"
        tmx() { tmux -f /dev/null -L "$sock" "$@"; }
        trap 'tmx kill-server >/dev/null 2>&1; rm -rf "$T"' EXIT
        shown() { tmx capture-pane -p -t vg 2>/dev/null | grep -qF -- "$1"; }
        until_shown() { # until_shown TEXT: poll for 10 s
                local i=0
                while [ "$i" -lt 100 ]; do
                        shown "$1" && return 0
                        sleep 0.1
                        i=$((i + 1))
                done
                return 1
        }
        # mark DIR DOC...: open each DOC (1-based) from the list, scroll, m, a note, Enter.
        mark() {
                local dir=$1 d
                shift
                tmx kill-server >/dev/null 2>&1
                tmx new-session -d -s vg -x 100 -y 30 \
                        "env -i PATH='$PATH' HOME='$HOME' XDG_DATA_HOME='$XDG_DATA_HOME' LANG=C.UTF-8 TERM=tmux-256color '$BIN' '$dir'" || return 1
                tmx set-option -g status off >/dev/null
                until_shown Documents || return 1
                for d in "$@"; do
                        tmx send-keys -t vg Tab g
                        for _ in $(seq 2 "$d"); do tmx send-keys -t vg j; done
                        tmx send-keys -t vg Enter
                        until_shown "doc $d/" || return 1
                        tmx send-keys -t vg 3 j m
                        sleep 0.3
                        tmx send-keys -t vg -l "笔记 $d"
                        tmx send-keys -t vg Enter
                        until_shown 'bookmarked' || return 1
                        marks_made=$((marks_made + 1))
                done
                tmx send-keys -t vg q
                sleep 0.3
                tmx kill-server >/dev/null 2>&1
                return 0
        }
        hdoc() { "$BIN" --list "$H" 2>/dev/null | awk -F '\t' -v f="$1" 'index($5, f) { print $1 }'; }
        if mark "$C" 1 3 5 && mark "$H" "$(hdoc 13-escapes)" "$(hdoc 11-long-line)" "$(hdoc 10-invalid)"; then
                ok "the reader made $marks_made bookmarks to export"
        else
                bad "could not make bookmarks with the reader in tmux (after $marks_made)" \
                        "$(tmx capture-pane -p -t vg 2>/dev/null | tail -n 3)"
        fi
        # Edit one bookmarked speech and delete another.
        speeches=("$C"/*.txt)
        { printf '新加的第一段，在书签之前。\n\n'; cat "${speeches[0]}"; } >"$T/edited" &&
                mv "$T/edited" "${speeches[0]}"
        rm -f "${speeches[2]}"
else
        echo "  (tmux not found: --bookmarks is checked with no bookmarks only)"
fi

k=0
# vg_exits "CODES" NAME ARGS...: lectern ARGS under valgrind, within 300 s,
# exiting with one of CODES.
vg_exits() {
        local codes=$1 name=$2 rc log
        shift 2
        k=$((k + 1))
        log="$T/vg.$k.log"
        timeout 300 valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite \
                --errors-for-leak-kinds=definite --track-origins=no --log-file="$log" \
                "$BIN" "$@" >"$T/out.$k" 2>"$T/err"
        rc=$?
        case $rc in
        99) bad "$name: valgrind found errors" "$(grep -E 'Invalid|uninitialised|definitely lost|ERROR SUMMARY|  (at|by) ' "$log" | head -n 20)" ;;
        124) bad "$name: timed out under valgrind" ;;
        *)
                case " $codes " in
                *" $rc "*) ok "$name (exit $rc)" ;;
                *) bad "$name: lectern exited $rc, not $codes" "$(head -c 600 "$T/err"; head -n 20 "$log")" ;;
                esac
                ;;
        esac
}

# vg NAME ARGS...: a run that answers, found or not (0 or 1).
vg() { vg_exits "0 1" "$@"; }

# ------------------------------------------------------------ bundled corpus
vg "--list" --list "$CORPUS"
vg "--count" --count 劳模精神 "$CORPUS"
vg "--count -e -e" --count -e 工匠精神 -e 习近平 "$CORPUS"
vg "--count, no hit" --count 量子计算 "$CORPUS"
vg "--search" --search 勞動精神 --color=always "$CORPUS"
vg "--phrases" --phrases --min-len 4 --min-docs 2 --limit 20 "$CORPUS"
vg "--kwic" --kwic 工匠精神 --width 80 "$CORPUS"
vg "--plot" --plot 习近平总书记 --width 90 "$CORPUS"
vg "--stats" --stats "$CORPUS"
: >"$T/other.db"
vg "--bookmarks, an empty --db" --bookmarks --db "$T/other.db" "$CORPUS"
vg "--bookmarks of a corpus (edited, one file gone)" --bookmarks "$C"
vg "--bookmarks, every one (re-anchored, one orphaned)" --bookmarks
vg "--bookmarks --format json, every one" --bookmarks --format json
if [ "$marks_made" -gt 0 ]; then
        n=$(grep -o '"note": "笔记' "$T/out.$k" | wc -l)
        o=$(grep -o '"orphaned": true' "$T/out.$k" | wc -l)
        if [ "$n" -eq "$marks_made" ] && [ "$o" -eq 1 ]; then
                ok "the export under valgrind held all $n bookmarks, the deleted file's orphaned"
        else
                bad "the export under valgrind holds $n of $marks_made bookmarks, $o orphaned (expected 1)" \
                        "$(head -c 600 "$T/out.$k")"
        fi
fi

# A usage error returns early: it must free what it holds, and exit 2.
vg_exits 2 "a bad --width" --kwic 工匠精神 --width 5 "$CORPUS"
vg_exits 2 "an unknown option" --frobnicate "$CORPUS"
vg_exits 2 "-e without a query" --count 工匠精神 "$CORPUS" -e

# ------------------------------------------------------------ hostile corpus
vg "hostile: --list" --list "$H"
vg "hostile: --list --encoding gb18030" --list --encoding gb18030 "$H"
vg "hostile: --count" --count 劳动精神 "$H"
vg "hostile: --search" --search lectern-pwned "$H"
vg "hostile: --search through invalid UTF-8" --search 标题劳动精神 "$H"
vg "hostile: --phrases" --phrases --limit 20 "$H"
vg "hostile: --kwic" --kwic 标题劳动精神 --width 100 "$H"
vg "hostile: --plot" --plot 劳动精神 --width 100 "$H"
vg "hostile: --stats" --stats "$H"
vg "hostile: --bookmarks" --bookmarks "$H"
vg "hostile: --bookmarks --format json" --bookmarks --format json "$H"

finish
