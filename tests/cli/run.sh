#!/usr/bin/env bash
# Tests of the headless CLI: output formats, exit codes, the figures the
# issues name for the bundled corpus, every supported encoding, and hostile
# files (empty, BOM-only, NUL bytes, invalid UTF-8, escapes, a 2 MB line).
# Usage: tests/cli/run.sh BINARY   (run from the top of the source tree)
set -u
BIN=$(realpath "$1")
CORPUS=assets/corpus
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export LC_ALL=C.UTF-8 HOME="$T/home" NO_COLOR=
mkdir -p "$HOME"
pass=0 fail=0

ok() { pass=$((pass + 1)); printf '  ok   %s\n' "$1"; }
bad() { fail=$((fail + 1)); printf '  FAIL %s\n' "$1"; [ -n "${2:-}" ] && printf '       %s\n' "$2"; }
check() { # check NAME CONDITION-COMMAND...
        local name=$1; shift
        if "$@"; then ok "$name"; else bad "$name" "failed: $*"; fi
}
status() { "$BIN" "$@" >/dev/null 2>&1; echo $?; }

# --------------------------------------------------------------- basics
check "--help exits 0 and names the modes" bash -c '"$0" --help | grep -q -- "--phrases"' "$BIN"
check "--version prints a version" bash -c '"$0" --version | grep -Eq "^lectern [0-9]"' "$BIN"
check "an unknown option exits 2" [ "$(status --frobnicate)" = 2 ]
if [ -w /dev/full ]; then
        for opt in --help --version --list; do
                check "$opt on a full disk exits 2 and says so" \
                        bash -c '"$0" "$1" "$2" 2>&1 >/dev/full | grep -q "write error"; [ "${PIPESTATUS[0]}" = 2 ]' \
                        "$BIN" "$opt" "$CORPUS"
        done
fi
check "no mode without a terminal exits 2 and says why" \
        bash -c '"$0" </dev/null 2>&1 >/dev/null | grep -q "needs a terminal"; [ "${PIPESTATUS[0]}" = 2 ]' "$BIN"
check "two modes at once exit 2" [ "$(status --list --phrases $CORPUS)" = 2 ]
check "a bad --min-len exits 2" [ "$(status --phrases --min-len x $CORPUS)" = 2 ]
check "a missing path exits 2" [ "$(status --list "$T/nope")" = 2 ]
check "an empty path exits 2 and is named as empty, not missing" \
        bash -c '"$0" --list "" "$1" 2>&1 >/dev/null | grep -q "empty path names no file"; [ "${PIPESTATUS[0]}" = 2 ]' \
        "$BIN" "$CORPUS"
# An option the mode would ignore is refused with the mode it goes with.
for args in "--search 劳动 --limit 2" "--count 劳动 --format json" "--count 劳动 --min-len 3" \
        "--kwic 劳动 --min-docs 3" "--list --width 50" "--list -e 劳动" "--phrases -e 劳动" \
        "--stats -e 劳动" "--bookmarks -e 劳动"; do
        check "$args exits 2 and names the mode its option goes with" \
                bash -c '"$0" "$@" 2>&1 >/dev/null | grep -q "goes with --"; [ "${PIPESTATUS[0]}" = 2 ]' \
                "$BIN" $args "$CORPUS"
done
check "reader options are accepted beside a mode (as in an alias)" \
        [ "$(status --hang --kinsoku=strict --no-mouse --count 劳动 "$CORPUS")" = 0 ]
check "an empty query exits 2 and says so" \
        bash -c '"$0" --count "" "$1" 2>&1 >/dev/null | grep -q "empty query"; [ "${PIPESTATUS[0]}" = 2 ]' \
        "$BIN" "$CORPUS"
check "a query of only invisible characters exits 2 and names them" \
        bash -c '"$0" --count -e 劳动 -e $'"'"'\u200b\ufe0f'"'"' "$1" 2>&1 >/dev/null |
                 grep -q "only U+200B U+FE0F finds nothing"; [ "${PIPESTATUS[0]}" = 2 ]' \
        "$BIN" "$CORPUS"
check "a query that is not UTF-8 exits 2 and says so" \
        bash -c '"$0" --count -e 劳动 -e "$(printf "\xff")" "$1" 2>&1 >/dev/null | grep -q "not valid UTF-8"; [ "${PIPESTATUS[0]}" = 2 ]' \
        "$BIN" "$CORPUS"

# ---------------------------------------------------------------- --list
"$BIN" --list $CORPUS >"$T/list" 2>"$T/list.err"
check "--list shows the five speeches" [ "$(wc -l <"$T/list")" = 5 ]
check "--list lines have five tab-separated fields" \
        bash -c 'awk -F"\t" "NF != 5 { bad = 1 } END { exit bad }" "$0"' "$T/list"
check "--list numbers, encodings and titles" \
        bash -c 'awk -F"\t" "NR == 3 && \$1 == 3 && \$2 == \"UTF-8\" && \$4 ~ /^臨汾市隆重舉行/ { f = 1 } END { exit !f }" "$0"' "$T/list"
check "--list counts characters" \
        bash -c 'n=$(awk -F"\t" "NR == 1 { print \$3 }" "$0"); [ "$n" -gt 2000 ] && [ "$n" -lt 6804 ]' "$T/list"
check "the bundled corpus is the default" bash -c 'diff <("$0" --list | cut -f1-4) <(cut -f1-4 "$1")' "$BIN" "$T/list"

# ------------------------------------------------------------ --count
"$BIN" --count 劳模精神 $CORPUS >"$T/c1"
"$BIN" --count 勞模精神 $CORPUS >"$T/c2"
check "Simplified and Traditional queries count the same" diff "$T/c1" "$T/c2"
check "劳模精神 is in every speech" [ "$(grep -vc 'total$' "$T/c1")" = 5 ]
"$BIN" --count 劳模精神、劳动精神、工匠精神 $CORPUS >"$T/c3"
check "the three spirits: 14 hits" grep -qx "14	total" "$T/c3"
check "the three spirits: in 3 speeches" [ "$(grep -vc 'total$' "$T/c3")" = 3 ]
check "the three spirits: the pinyin speech is one of them" grep -q "002_b46a9f8bc985908e.txt" "$T/c3"
check "no hits exits 1" [ "$(status --count 量子计算 $CORPUS)" = 1 ]
check "hits exit 0" [ "$(status --count 精神 $CORPUS)" = 0 ]
"$BIN" --count -e 工匠精神 -e 习近平 $CORPUS >"$T/multi"
check "several -e queries in one run, each labelled" \
        bash -c 'grep -q "^工匠精神	20	total$" "$0" && grep -q "^习近平	" "$0"' "$T/multi"
sum=$(grep -v 'total$' "$T/c1" | awk '{s += $1} END {print s}')
check "per-document counts add up to the total" grep -qx "$sum	total" "$T/c1"

# ----------------------------------------------------------- --search
"$BIN" --search 劳动精神 $CORPUS >"$T/s1"
check "--search prints one line per hit" \
        [ "$(wc -l <"$T/s1")" = "$(awk -F'\t' '$2 == "total" {print $1}' <("$BIN" --count 劳动精神 $CORPUS))" ]
check "--search finds the annotated 勞動(dòng)精神" grep -q '勞動(dòng)精神' "$T/s1"
# line and column (1-based, characters) checked against the file itself
first=$(grep -m1 '^assets/corpus/004' "$T/s1")
line=$(printf '%s' "$first" | cut -d: -f2)
col=$(printf '%s' "$first" | cut -d: -f3)
text=$(sed -n "${line}p" $CORPUS/004_eb10d11bbc00cbc3.txt)
prefix=${text%%劳动精神*}
check "--search line:column point at the hit" [ "$col" = $(( ${#prefix} + 1 )) ]
check "--search without a terminal has no escapes" bash -c '! grep -q $'"'"'\033'"'"' "$0"' "$T/s1"
"$BIN" --search 劳动精神 --color=always $CORPUS >"$T/s2"
check "--color=always highlights the hit" grep -q $'\033\[1;31m勞動' "$T/s2"
# on_tty ARGS: lectern's output with its standard output a terminal.
on_tty() {
        python3 -c '
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
out = b""
while True:
    try:
        b = os.read(fd, 65536)
    except OSError:
        break
    if not b:
        break
    out += b
os.waitpid(pid, 0)
sys.stdout.buffer.write(out)' "$BIN" "$@"
}
(unset NO_COLOR; on_tty --search 優良傳統 $CORPUS >"$T/tty1")
NO_COLOR= on_tty --search 優良傳統 $CORPUS >"$T/tty2"
NO_COLOR=1 on_tty --search 優良傳統 $CORPUS >"$T/tty3"
check "on a terminal hits are highlighted" grep -q $'\033\[1;31m優良傳統' "$T/tty1"
check "an empty NO_COLOR leaves the highlight on, as in the reader" grep -q $'\033\[1;31m優良傳統' "$T/tty2"
check "NO_COLOR=1 turns the highlight off" bash -c 'grep -q 優良傳統 "$0" && ! grep -q $'"'"'\033'"'"' "$0"' "$T/tty3"

# ----------------------------------------------------------- --phrases
"$BIN" --phrases $CORPUS >"$T/p1"
check "--phrases lists 习近平总书记 in all 5 speeches" \
        bash -c 'awk -F"\t" "\$4 == \"习近平总书记\" && \$1 == 5 { f = 1 } END { exit !f }" "$0"' "$T/p1"
check "--phrases lines are documents, occurrences, length, phrase" \
        python3 -c '
import sys
for l in open(sys.argv[1], encoding="utf-8").read().splitlines():
    d, o, n, p = l.split("\t")
    assert int(d) >= 2 and int(o) >= int(d) and int(n) >= 4 and int(n) == len(p), l' "$T/p1"
check "--phrases never lists a fragment" bash -c '! grep -Eq "	(神、工匠精神|代中国特色社会)$" "$0"' "$T/p1"
check "--phrases is ranked by documents" bash -c 'cut -f1 "$0" | sort -rnc' "$T/p1"
"$BIN" --phrases --min-len 6 --min-docs 3 --limit 5 $CORPUS >"$T/p2"
check "--limit, --min-len and --min-docs apply" \
        bash -c '[ "$(wc -l <"$0")" -le 5 ] && awk -F"\t" "\$1 < 3 || \$3 < 6 { bad = 1 } END { exit bad }" "$0"' "$T/p2"

# -------------------------------------------------------- --kwic, --plot
"$BIN" --kwic 工匠精神 --width 80 --color=always $CORPUS >"$T/k1"
check "--kwic: one line per hit" [ "$(wc -l <"$T/k1")" = 20 ]
check "--kwic: every line is 80 columns and the hit starts in one column" \
        python3 -c '
import sys, unicodedata
def w(s): return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in s)
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
on, off = "\033[1;31m", "\033[0m"
cols = {w(l[:l.index(on)]) for l in lines}
assert all(l[l.index(on) + len(on):].startswith("工匠精神" + off) for l in lines)
assert all(w(l.replace(on, "").replace(off, "")) == 80 for l in lines)
assert len(cols) == 1, cols' "$T/k1"
"$BIN" --plot 习近平总书记 --width 90 $CORPUS >"$T/pl"
check "--plot: a header and one row per speech" [ "$(wc -l <"$T/pl")" = 6 ]
check "--plot: every mark is one column on any terminal (none East Asian Ambiguous)" \
        python3 -c '
import sys, unicodedata
rows = open(sys.argv[1], encoding="utf-8").read().splitlines()[1:]
bars = [r.split("|")[1] for r in rows]
marks = {c for b in bars for c in b if c != " "}
assert marks, "no marks"
assert all(unicodedata.east_asian_width(c) in ("N", "Na") for c in marks), marks' "$T/pl"

# ------------------------------------------------------------ encodings
E="$T/enc"; mkdir -p "$E"
sample='我們要堅持改革開放，弘揚勞動精神。'
printf '%s\n' "$sample" >"$E/utf8.txt"
printf '\xef\xbb\xbf%s\n' "$sample" >"$E/utf8bom.txt"
printf '%s\n' "$sample" | iconv -f UTF-8 -t GB18030 >"$E/gb.txt"
printf '%s\n' "$sample" | iconv -f UTF-8 -t BIG5 >"$E/big5.txt"
{ printf '\xff\xfe'; printf '%s\n' "$sample" | iconv -f UTF-8 -t UTF-16LE; } >"$E/u16le.txt"
{ printf '\xfe\xff'; printf '%s\n' "$sample" | iconv -f UTF-8 -t UTF-16BE; } >"$E/u16be.txt"
"$BIN" --list "$E" >"$T/el" 2>"$T/el.err"
for f in utf8 utf8bom gb big5 u16le u16be; do
        check "encoding fixture $f loads with the right title" \
                bash -c 'grep "/$1.txt\$" "$0" | cut -f4 | grep -qx "$2"' "$T/el" "$f" "$sample"
done
check "GB18030 is detected as such" bash -c 'grep "/gb.txt$" "$0" | cut -f2 | grep -qi "gb"' "$T/el"
check "Big5 is detected as such" bash -c 'grep "/big5.txt$" "$0" | cut -f2 | grep -qi "big5"' "$T/el"
check "one query finds all six encodings" grep -qx "6	total" <("$BIN" --count 劳动精神 "$E")
check "--encoding forces a decoding" \
        bash -c '"$0" --list --encoding big5 "$1/big5.txt" | cut -f4 | grep -qx "$2"' "$BIN" "$E" "$sample"
check "an unknown --encoding exits 2" [ "$(status --list --encoding no-such-thing "$E/utf8.txt")" = 2 ]

# -------------------------------------------------------- hostile files
H="$T/hostile"; mkdir -p "$H"
cp $CORPUS/000_1de982e3124a5833.txt "$H/normal.txt"
: >"$H/empty.txt"
printf '\xef\xbb\xbf' >"$H/bomonly.txt"
head -c 4096 /dev/zero >"$H/zeros.bin"
# An executable (this one) behind a BOM of each width.
for b in 'utf8:\xef\xbb\xbf' 'utf16:\xff\xfe' 'utf32:\0\0\xfe\xff'; do
        { printf "${b#*:}"; head -c 65536 "$BIN"; } >"$H/bom-${b%%:*}.bin"
done
printf '劳动\000精神\n' >"$H/nul.txt"
{ yes 弘扬劳动精神 | head -n 40 | tr -d '\n'
  printf 'a\x80b\xc0\xafc\xed\xa0\x80d\xf4\x90\x80\x80e\xe5\x8b'; } >"$H/invalid.txt"
printf '劳动\033[2J\033]0;pwned\007\033]52;c;aGk=\007\302\23331m精神\n' >"$H/escapes.txt"
yes 劳动精神 | head -n 174763 | tr -d '\n' >"$H/long.txt"
"$BIN" --list "$H" >"$T/hl" 2>"$T/hl.err"; rc=$?
check "a hostile corpus still lists (exit 0)" [ "$rc" = 0 ]
check "the NUL-filled file is skipped with a reason" grep -q 'zeros.bin: binary' "$T/hl.err"
check "a BOM does not make an executable text" \
        bash -c 'for e in utf8 utf16 utf32; do grep -q "bom-$e.bin: binary" "$0" || exit 1; done
                 ! grep -q "/bom-" "$1"' "$T/hl.err" "$T/hl"
check "empty and BOM-only files load as empty documents" \
        bash -c 'grep "/empty.txt$" "$0" | cut -f3 | grep -qx 0 && grep "/bomonly.txt$" "$0" | cut -f3 | grep -qx 0' "$T/hl"
"$BIN" --search 劳动 "$H" >"$T/hs" 2>/dev/null
check "no raw control bytes reach the output" \
        bash -c '! LC_ALL=C grep -q "[[:cntrl:]]" <(tr -d "\n" <"$0")' "$T/hs"
check "C1 controls are shown inert" bash -c '! grep -q $'"'"'\xc2\x9b'"'"' "$0"' "$T/hs"
check "escape sequences are made visible" grep -q '\^\[\[2J' "$T/hs"
check "a stray NUL does not hide the text" grep -q 'nul.txt:1:1:劳动\^@精神' "$T/hs"
check "the 2 MB line is searched" [ "$(grep -c 'long.txt' "$T/hs")" = 174763 ]
check "invalid UTF-8 loads as replacement characters" \
        bash -c '"$0" --search e "$1/invalid.txt" 2>/dev/null | grep -q "a�b��c���d����e�"' "$BIN" "$H"
check "invalid byte sequences are counted on stderr" \
        bash -c '"$0" --list "$1/invalid.txt" 2>&1 >/dev/null | grep -q "invalid.txt: 11 invalid byte sequences"' "$BIN" "$H"
check "a FIFO is skipped without hanging" \
        bash -c 'mkfifo "$1/pipe"; timeout 10 "$0" --list "$1" 2>&1 >/dev/null | grep -q "pipe: a FIFO"' "$BIN" "$H"

# ------------------------------------------- bad paths, queries and options
# Names, queries and options are echoed with their controls made visible,
# and one bad path loses none of the others.
B="$T/badpaths"
mkdir -p "$B"
printf '工匠精神\n' >"$B/ok.txt"
evil="$B/$(printf 'evil\033]52;c;aGk=\007\033[2J')"
"$BIN" --count 工匠精神 "$evil" "$B/ok.txt" >"$T/bp" 2>"$T/bp.err"; rc=$?
check "a missing path among good ones exits 2" [ "$rc" = 2 ]
check "the good paths are still answered" grep -q '^1	.*ok.txt$' "$T/bp"
check "the missing path is named on stderr" grep -q 'skipped .*evil.*No such file' "$T/bp.err"
check "a path's escape sequence never reaches stderr raw" \
        bash -c '! LC_ALL=C grep -q $'"'"'\033'"'"' "$0"' "$T/bp.err"
"$BIN" --list "$B/$(printf 'nope\033[2J')" >/dev/null 2>"$T/bp2.err"
check "a lone missing path's name is shown inert" \
        bash -c '! LC_ALL=C grep -q $'"'"'\033'"'"' "$0" && grep -q "nope\^\[\[2J" "$0"' "$T/bp2.err"
"$BIN" $'--frob\033[2J' >/dev/null 2>"$T/bp3.err"; rc=$?
check "an unknown option exits 2 and is echoed inert" \
        bash -c '[ "$1" = 2 ] && ! LC_ALL=C grep -q $'"'"'\033'"'"' "$0" && grep -q "frob\^\[" "$0"' "$T/bp3.err" "$rc"
"$BIN" --db >/dev/null 2>"$T/bp4.err"; rc=$?
check "an option without its argument exits 2 and says so" \
        bash -c '[ "$1" = 2 ] && grep -q "option .--db. needs an argument" "$0"' "$T/bp4.err" "$rc"
"$BIN" --list=x >/dev/null 2>"$T/bp5.err"; rc=$?
check "a known option given an argument it does not take says so" \
        bash -c '[ "$1" = 2 ] && grep -qx "lectern: option .--list. takes no argument" "$0"' "$T/bp5.err" "$rc"
"$BIN" --count -e $'\033]52;c;aGk=\007' -e $'工匠\t精神\n' "$B/ok.txt" >"$T/bq"
check "-e queries are printed as a column without raw controls" \
        bash -c '! LC_ALL=C grep -q $'"'"'\033'"'"' "$0" && [ "$(wc -l <"$0")" = 2 ] &&
                 awk -F"\t" "NF != 3 { bad = 1 } END { exit bad }" "$0"' "$T/bq"
"$BIN" --count 工匠精神 "$B/ok.txt" "$B/ok.txt" >/dev/null 2>&1
check "readable paths alone exit 0" [ "$?" = 0 ]
"$BIN" --list "$B" "$(dirname "$B")/no-such-dir" >"$T/bl" 2>/dev/null; rc=$?
check "--list still lists what it can read and exits 2" \
        bash -c '[ "$1" = 2 ] && grep -q "ok.txt$" "$0"' "$T/bl" "$rc"
mkdir -p "$B/empty-dir"
check "an empty directory is no error" [ "$(status --list "$B/empty-dir" "$B/ok.txt")" = 0 ]

# A CR in a name is shown as ^M, an LF as ^J: a CR is no line feed.
R="$T/crpaths"
mkdir -p "$R"
printf '工匠精神\n' >"$R/cr"$'\r'"name.txt"
printf '工匠精神\n' >"$R/crlf"$'\r\n'"name.txt"
"$BIN" --count 工匠精神 "$R" "$R/nope"$'\r' >"$T/cr" 2>"$T/cr.err"
check "a CR in a path is printed as ^M" \
        bash -c 'grep -q "/cr^Mname.txt$" "$0" && grep -q "/crlf^M^Jname.txt$" "$0"' "$T/cr"
check "a CR in a skipped path is named as ^M" grep -q 'skipped .*/nope^M: No such file' "$T/cr.err"
check "no raw CR reaches the output" bash -c '! LC_ALL=C grep -q $'"'"'\r'"'"' "$0" "$1"' "$T/cr" "$T/cr.err"

# Lines and columns of the file, whatever the reader shows as a line break
# or an escape.
L="$T/lines"
mkdir -p "$L"
printf '第一行 a\xe2\x80\xa9b\n第二行\n工匠精神\n' >"$L/para.txt"
printf 'a\xe2\x80\xaeb工匠精神\n' >"$L/bidi.txt"
printf 'a\033[1mb工匠精神 x\xe2\x80\xa8yy工匠精神\r\nz\r工匠精神\n' >"$L/mixed.txt"
"$BIN" --search 工匠精神 "$L" >"$T/ls"
check "U+2029 does not move the line number" grep -q '^.*/para.txt:3:1:' "$T/ls"
check "a bidi override counts as one column" grep -q '^.*/bidi.txt:1:4:' "$T/ls"
check "an escape sequence counts its characters" grep -q '^.*/mixed.txt:1:7:' "$T/ls"
check "U+2028 continues the file's line and column" grep -q '^.*/mixed.txt:1:16:' "$T/ls"
check "CR LF and a lone CR each end a line" grep -q '^.*/mixed.txt:3:1:' "$T/ls"

printf '精神\n弘扬\n葛\xef\xb8\x80城\n' >"$L/across.txt"
"$BIN" --search $'精神\n弘扬' "$L/across.txt" >"$T/la"
check "a hit across a line break is printed on one line" \
        bash -c '[ "$(wc -l <"$0")" = 1 ] && grep -qF "across.txt:1:1:精神^J弘扬" "$0"' "$T/la"
check "a variation selector does not hide a name" \
        bash -c '"$0" --count 葛城 "$1" | grep -q "^1	total$"' "$BIN" "$L/across.txt"

check "--plot below the narrowest --width exits 2" [ "$(status --plot 精神 --width 19 $CORPUS)" = 2 ]
# However narrow, a row keeps its numbers whole: the rate per 10k goes as a
# column, never a digit at a time, and the hits always stay.
plot_numbers() { awk -F '|' 'NR > 1 { n = split($3, f, " "); print f[1] (n > 1 ? " " f[2] : "") }' "$1"; }
"$BIN" --plot 精神 --width 100 $CORPUS >"$T/pw100"
# numbers_whole FILE: each row's numbers are the wide plot's, or its hits alone.
numbers_whole() {
        paste -d '|' <(plot_numbers "$1") <(plot_numbers "$T/pw100") |
                awk -F '|' '{ split($2, all, " ") } $1 != $2 && $1 != all[1] { bad = 1 }
                            END { exit bad }'
}
for w in 20 23 24 25 28 29 40; do
        "$BIN" --plot 精神 --width $w $CORPUS >"$T/pw$w"
        check "--plot --width $w stays within $w columns" \
                bash -c '[ "$(wc -L <"$0")" -le "$1" ]' "$T/pw$w" "$w"
        check "--plot --width $w keeps every row's numbers whole" numbers_whole "$T/pw$w"
done
check "--plot --width 24 has no room for the rate" \
        bash -c '! head -n 1 "$0" | grep -q "per 10k"' "$T/pw24"
check "--plot --width 29 has room for the rate" \
        bash -c 'head -n 1 "$0" | grep -q "per 10k"' "$T/pw29"
check "--limit 0 prints no phrase" \
        bash -c '[ -z "$("$0" --phrases --limit 0 $1)" ]' "$BIN" "$CORPUS"

# --ambiwidth is the reader's; a bad value is refused anywhere, a bad
# LECTERN_AMBIWIDTH only where the reader would have used it.
check "a bad --ambiwidth exits 2" [ "$(status --ambiwidth=wide --count 精神 $CORPUS)" = 2 ]
check "a bad --ambiwidth names the choices" \
        bash -c '"$0" --ambiwidth=wide --count 精神 $1 2>&1 >/dev/null |
                grep -qx "lectern: --ambiwidth is auto, single or avoid, not .wide."' "$BIN" "$CORPUS"
check "a bad LECTERN_AMBIWIDTH does not stop --count" \
        bash -c 'LECTERN_AMBIWIDTH=wide "$0" --count 精神 $1 | grep -q "total$"' "$BIN" "$CORPUS"
check "--ambiwidth=avoid leaves --search output as it is" \
        bash -c 'diff <("$0" --search 五一 $1) <("$0" --ambiwidth=avoid --search 五一 $1)' \
        "$BIN" "$CORPUS"

# ----------------------------------------------------------- --bookmarks
# Databases are made here with the schema of src/store.c's migrations (the
# CLI cannot add a bookmark): mkdb DB [DIR NAME:N...] writes, for each
# NAME:N, a file DIR/NAME of N lines numbered after NAME's first letter (a
# blank line every ten) with a bookmark on each, its note the line it is
# on. They are inserted in reverse: the export must put them in document
# order itself.
cat >"$T/mkdb.py" <<'EOF'
import os, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
con.executescript("""
CREATE TABLE bookmarks (id INTEGER PRIMARY KEY AUTOINCREMENT,
 path TEXT NOT NULL, title TEXT NOT NULL,
 start_byte INTEGER NOT NULL, end_byte INTEGER NOT NULL,
 passage TEXT NOT NULL, ctx_before TEXT NOT NULL, ctx_after TEXT NOT NULL,
 note TEXT NOT NULL, created INTEGER NOT NULL, updated INTEGER NOT NULL);
CREATE INDEX bookmarks_by_path ON bookmarks (path, start_byte);
CREATE TABLE positions (path TEXT PRIMARY KEY, byte_offset INTEGER NOT NULL,
 context TEXT NOT NULL, updated INTEGER NOT NULL, seq INTEGER NOT NULL);
CREATE TABLE history (query TEXT PRIMARY KEY, seq INTEGER NOT NULL, used INTEGER NOT NULL);
PRAGMA application_id = 1279480914;
PRAGMA user_version = 2;
""")
rows = []
for arg in sys.argv[3:]:
    name, n = arg.split(":")
    text, marks = "", []
    for i in range(1, int(n) + 1):
        if i % 10 == 1:
            text += "\n"
        p = f"{name[0]}{i:03d} 弘扬劳动精神"
        marks.append((len(text.encode()), p, text.count("\n") + 1))
        text += p + f"，第{i}段。\n"
    path = os.path.realpath(os.path.join(sys.argv[2], name))
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    raw = text.encode()
    for start, p, line in marks:
        end = start + len(p.encode())
        rows.append((path, name, start, end, p, raw[max(0, start - 12):start].decode(errors="ignore"),
                     raw[end:end + 12].decode(errors="ignore"), f"{line}", 1700000000, 1700000000))
con.executemany("INSERT INTO bookmarks (path, title, start_byte, end_byte, passage, ctx_before,"
                " ctx_after, note, created, updated) VALUES (?,?,?,?,?,?,?,?,?,?)", rows[::-1])
con.commit()
EOF
python3 "$T/mkdb.py" "$T/empty.db"

# No database yet: the default one is as good as empty and is not created.
fresh="$T/fresh-home"
mkdir -p "$fresh"
for f in md json; do
        "$BIN" --bookmarks --db "$T/empty.db" --format $f >"$T/be.$f" 2>&1
        echo "rc=$?" >>"$T/be.$f"
        env -u XDG_DATA_HOME HOME="$fresh" "$BIN" --bookmarks --format $f >"$T/bn.$f" 2>&1
        echo "rc=$?" >>"$T/bn.$f"
        check "--bookmarks --format $f without a database prints what an empty one does" \
                diff "$T/be.$f" "$T/bn.$f"
done
check "--bookmarks without a database creates nothing under HOME" \
        bash -c '[ -z "$(find "$0" -mindepth 1)" ]' "$fresh"
"$BIN" --bookmarks --db "$T/no-such.db" >"$T/bm.out" 2>"$T/bm.err"; rc=$?
check "--bookmarks --db with no such file exits 2 and says so" \
        bash -c '[ "$1" = 2 ] && [ ! -s "$0.out" ] && grep -q "no bookmark database at .*no-such.db" "$0.err"' \
        "$T/bm" "$rc"
check "--bookmarks --db with no such file does not create it" \
        bash -c '! ls "$0"* >/dev/null 2>&1' "$T/no-such.db"
: >"$T/zero.db"
"$BIN" --bookmarks --db "$T/zero.db" >"$T/bz.out" 2>"$T/bz.err"; rc=$?
check "--bookmarks on an empty file exports no bookmarks and leaves it empty" \
        bash -c '[ "$1" = 1 ] && grep -q "No bookmarks" "$0.out" && [ ! -s "$0.err" ] &&
                 [ ! -s "$2" ] && ! ls "$2"-* >/dev/null 2>&1' "$T/bz" "$rc" "$T/zero.db"

# Many bookmarks in one file, then a few in two more: each is found again
# at its line, in its own file. The last file is gone, and its passages,
# which are all in the file before it, are orphaned.
M="$T/marked"
mkdir -p "$M"
python3 "$T/mkdb.py" "$T/marks.db" "$M" a.txt:300 b.txt:20 b2.txt:5
rm "$M/b2.txt"
"$BIN" --bookmarks --db "$T/marks.db" --format json >"$T/bj" 2>"$T/bj.err"; rc=$?
check "--bookmarks exports all 325 bookmarks and exits 0" \
        bash -c '[ "$1" = 0 ] && [ ! -s "$0.err" ] &&
                 python3 -c "import json, sys; assert len(json.load(open(sys.argv[1]))) == 325" "$0"' \
        "$T/bj" "$rc"
check "--bookmarks finds each bookmark at its line, in document order" \
        python3 -c '
import json, sys
v = json.load(open(sys.argv[1], encoding="utf-8"))
order = [(b["path"], int(b["note"])) for b in v]
assert order == sorted(order)
for b in v:
    if b["path"].endswith("/b2.txt"):
        assert b["orphaned"] and b["line"] is None, b
    else:
        assert not b["orphaned"] and b["line"] == int(b["note"]), b' "$T/bj"
check "--bookmarks in Markdown orphans only the gone file's 5" \
        bash -c '[ "$("$0" --bookmarks --db "$1" | grep -c "orphaned")" = 5 ]' "$BIN" "$T/marks.db"
"$BIN" --bookmarks --db "$T/marks.db" --format json "$M" "$T/nope" >"$T/bx" 2>"$T/bx.err"; rc=$?
check "--bookmarks with a missing path exports the rest, names it and exits 2" \
        bash -c '[ "$1" = 2 ] && grep -q "nope" "$0.err" &&
                 python3 -c "import json, sys; assert len(json.load(open(sys.argv[1]))) == 320" "$0"' \
        "$T/bx" "$rc"

# A WAL database (as lectern's own is) is exported without a -wal or -shm
# left beside it; with a writer at work, its latest bookmark is exported too.
cp "$T/marks.db" "$T/wal.db"
python3 -c 'import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute("PRAGMA journal_mode = WAL").fetchall()' "$T/wal.db"
sum=$(cksum <"$T/wal.db")
"$BIN" --bookmarks --db "$T/wal.db" >/dev/null 2>&1
check "--bookmarks leaves a WAL database and its directory as they were" \
        bash -c '[ "$(cksum <"$0")" = "$1" ] && ! ls "$0"-* >/dev/null 2>&1' "$T/wal.db" "$sum"
check "--bookmarks reads what a writer has in the -wal" \
        python3 -c '
import json, sqlite3, subprocess, sys
con = sqlite3.connect(sys.argv[2])
con.execute("UPDATE bookmarks SET note = ? WHERE id = 1", ("寫在wal裡",))
con.commit()
out = subprocess.run([sys.argv[1], "--bookmarks", "--db", sys.argv[2], "--format", "json"],
                     capture_output=True, text=True).stdout
assert any(b["note"] == "寫在wal裡" for b in json.loads(out)), out[:300]' "$BIN" "$T/wal.db"

# File names with a line break, and a note with headings in it, stay on
# their lines in Markdown; JSON keeps the names exactly.
NL="$T/newline"
mkdir -p "$NL"
python3 "$T/mkdb.py" "$T/nl.db" "$NL" $'new\nline.txt:2' $'cr\r## x.txt:1'
python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("UPDATE bookmarks SET note = ?", ("一\n## 假標題\r\n# 又一個",)); c.commit()' "$T/nl.db"
"$BIN" --bookmarks --db "$T/nl.db" >"$T/nl.md" 2>"$T/nl.err"; rc=$?
check "--bookmarks in Markdown: a line break in a name or a note opens no heading" \
        python3 -c '
import sys
md = open(sys.argv[1], encoding="utf-8", newline="").read()
assert "\r" not in md, md
heads = [l for l in md.split("\n") if l.startswith("#")]
assert heads == ["# lectern bookmarks", "## 《cr^M## x.txt》", "## 《new^Jline.txt》"], heads
cites = [l for l in md.split("\n") if l.startswith("— ")]
assert len(cites) == 3 and all("/newline/cr^M## x.txt, line " in l or "/newline/new^Jline.txt, line " in l
                               for l in cites), cites
assert md.count("一\\\n\\## 假標題\\\n\\# 又一個\n") == 3, md' "$T/nl.md"
check "--bookmarks with such names exits 0 and says nothing" bash -c '[ "$1" = 0 ] && [ ! -s "$0" ]' "$T/nl.err" "$rc"
"$BIN" --bookmarks --db "$T/nl.db" --format json >"$T/nl.json"
check "--bookmarks --format json keeps a name with a line break exactly" \
        python3 -c '
import json, os, sys
v = json.load(open(sys.argv[1], encoding="utf-8"))
d = os.path.realpath(sys.argv[2])
assert sorted(b["path"] for b in v) == [d + "/cr\r## x.txt"] + [d + "/new\nline.txt"] * 2, v
assert all(b["citation"].startswith("《" + b["title"] + "》, " + b["path"] + ", line ") for b in v), v' \
        "$T/nl.json" "$NL"

# A file given twice, or inside a directory also given, is one document.
check "a file given twice counts once" \
        bash -c '[ "$("$0" --count 劳模精神 "$1" "$1"/*.txt 2>/dev/null | tail -n 1)" = "$("$0" --count 劳模精神 "$1" | tail -n 1)" ]' \
        "$BIN" "$CORPUS"
check "a file given twice is named as read already" \
        bash -c '"$0" --list "$1" "$1"/000_*.txt 2>&1 >/dev/null | grep -q "already read"' "$BIN" "$CORPUS"

echo "$pass passed, $fail failed"
[ -n "${RESULTS:-}" ] && echo "$pass $fail" >"$RESULTS"
[ "$fail" = 0 ]
