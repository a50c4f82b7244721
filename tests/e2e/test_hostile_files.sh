# Hostile files (tests/e2e/make_hostile.sh) beside normal speeches: empty,
# BOM only, an ELF binary, NUL bytes, every kind of invalid UTF-8, a 2 MB
# line, mixed line endings, every terminal escape a file can carry, bidi
# controls, a FIFO, an unreadable file, symbolic link loops, names with
# escapes, and a file that grows and shrinks while it is read.
#
# The reader opens the corpus in tmux; every document is opened from the
# list, paged and read to the end, then searched across. Throughout,
# and after q: the pane title, the window name, the tmux paste buffers
# (OSC 52) and the terminal modes tmux tracks are what they were, no
# screen line is wider than the window, the screen holds no control
# character, and the raw byte stream lectern wrote (tmux pipe-pane) holds
# none of the file's escapes. Each hostile file is loaded and shown inert,
# or skipped with a reason. The CLI modes are then run with the pane as
# their standard output, under the same checks.
. "$(dirname "$0")/lib.sh"

W=100 Hgt=30
H="$E2E_TMP/hostile"
bash "$ROOT/tests/e2e/make_hostile.sh" "$H" >/dev/null || fail "make_hostile.sh failed"

# Independent checks report and carry on, so one bug does not hide others.
problems=0
problem() {
        echo "FAIL: $*"
        problems=$((problems + 1))
}

# ------------------------------------------------------------ the corpus, by the CLI
# Files lectern passes over by choice are no error; one it may not read is,
# as in grep: everything else is still answered, and the status is 2.
if [ -r "$H/17-unreadable.txt" ]; then WANT_RC=0 CLI_RC='[01]'; else WANT_RC=2 CLI_RC=2; fi
timeout 20 "$BIN" --list "$H" >"$E2E_TMP/list" 2>"$E2E_TMP/list.err"
rc=$?
[ "$rc" -eq "$WANT_RC" ] || fail "lectern --list on the hostile corpus exited $rc, not $WANT_RC"
N=$(wc -l <"$E2E_TMP/list")
for f in 01-empty 02-bom-only 04-nul 05-invalid-lone-continuation 06-invalid-overlong \
        07-invalid-surrogates 08-invalid-above-10ffff 09-invalid-unfinished \
        10-invalid-truncated-at-eof 11-long-line 12-mixed-endings 13-escapes \
        14-escape-title 15-bidi 18-loop/inside; do
        grep -q "/$f\.txt\$" "$E2E_TMP/list" || problem "$f.txt is not loaded"
done
for f in 03-elf.bin 04-nul-heavy.bin 16-fifo.txt 18-loop/up 19-self-link 19-ping 19-dangling; do
        grep -q "skipped .*/$f: ." "$E2E_TMP/list.err" || problem "$f is neither loaded nor skipped with a reason"
done
if [ -r "$H/17-unreadable.txt" ]; then
        grep -q '/17-unreadable.txt$' "$E2E_TMP/list" || problem "17-unreadable.txt is readable here but not loaded"
else
        grep -q 'skipped .*/17-unreadable.txt: .' "$E2E_TMP/list.err" || problem "the unreadable file is not skipped with a reason"
fi
# Titles are drawn on the terminal (the list, the header, --list, --plot,
# --kwic): like the text, they must hold no control character.
cut -f4 "$E2E_TMP/list" | LC_ALL=C grep -n '[[:cntrl:]]' | LC_ALL=C.UTF-8 cat -v | sed 's/^/  raw title: /' |
        grep . && problem "--list prints titles with raw control characters (a title made from a file name is not sanitised)"
LC_ALL=C grep -q $'\xc2[\x80-\x9f]' "$E2E_TMP/list" &&
        problem "--list prints a raw C1 control character"
read -r TOTAL _ < <("$BIN" --count 劳动精神 "$H" 2>/dev/null |
        awk -F '\t' '$2 == "total" { t = $1 } END { print t + 0 }')
[ "$TOTAL" -gt 174763 ] || fail "the CLI counts $TOTAL hits of 劳动精神, expected the 2 MB line's and more"
note "$N documents loaded, $(wc -l <"$E2E_TMP/list.err") skipped; 劳动精神: $TOTAL hits"

# ------------------------------------------------------------ the screen checker
# check.pl W H PLAIN ESC RAW OFFSET PHASE: the capture's geometry and
# content, and the raw stream from OFFSET on. Prints the stream's new
# length, then one line per problem.
cat >"$E2E_TMP/check.pl" <<'EOF'
use strict;
use warnings;
use Encode qw(decode encode FB_CROAK);
my ($w, $h, $plainf, $escf, $rawf, $off, $phase) = @ARGV;
our @bad;
sub slurp { local $/; open(my $f, "<:raw", $_[0]) or die "$_[0]: $!"; my $s = <$f>; return $s // ""; }
sub text {
        my $s = slurp($_[0]);
        my $t = eval { decode("UTF-8", $s, FB_CROAK) };
        push @bad, "the capture $_[0] is not UTF-8" unless defined $t;
        return $t // "";
}
sub shown { (my $s = shift) =~ s/([^\x20-\x7e])/sprintf "\\x%02x", ord $1/ge; return $s; }
my $plain = text($plainf);
my $esc = text($escf);
my $raw = slurp($rawf);
my $bidi = qr/[\x{202A}-\x{202E}\x{2066}-\x{2069}\x{200E}\x{200F}\x{061C}]/;

# Display columns as wcwidth counts them for this text.
sub cols {
        my $s = shift;
        my $wide = () = $s =~ /[\p{EA=W}\p{EA=F}]/g;
        my $zero = () = $s =~ /[\p{Mn}\p{Me}]/g;
        return length($s) + $wide - $zero;
}

if (length $plain) {
        my @rows = split /\n/, $plain, -1;
        pop @rows if @rows && $rows[-1] eq "";
        push @bad, sprintf("the capture has %d rows, the window %d", scalar @rows, $h) if @rows != $h;
        my $i = 0;
        for my $r (@rows) {
                $i++;
                my $c = cols($r);
                push @bad, "row $i is $c columns wide in a $w-column window: " . encode("UTF-8", $r)
                        if $c > $w;
                push @bad, sprintf("row %d holds U+%04X raw", $i, ord $1)
                        if $r =~ /([\x00-\x1f\x7f-\x9f]|$bidi)/;
        }
        (my $rest = $esc) =~ s/\e\[[0-9;:]*m//g;
        push @bad, "the screen holds an escape that is not SGR: " . shown(encode("UTF-8", $1))
                if $rest =~ /(\e.{0,20})/s;
}

my $new = substr($raw, $off);
$new =~ s/^[\x80-\xbf]{1,3}//;          # start at a character boundary
# The one query lectern asks, once, before the screen is set up: how wide
# the terminal drew U+25BD, with the row erased right after the answer.
$new =~ s/\r\xe2\x96\xbd\e\[6n\r\e\[K// if $phase eq "start";
my @forbidden = (
        [qr/\e\]/, "OSC (title, clipboard, link)"],
        [qr/\eP/, "DCS"], [qr/\e[_^X]/, "APC/PM/SOS"], [qr/\e\\/, "ST"],
        [qr/\ek/, "a tmux window name"], [qr/\ec/, "a full reset"], [qr/\e#/, "DEC alignment"],
        [qr/\e\(0/, "the line-drawing charset"], [qr/\x0e/, "shift out"],
        [qr/\e\[[0-9;]*n/, "a status report or cursor position query"],
        [qr/\e\[[>=]?[0-9;]*c/, "a device attributes query"],
        [qr/\e\[[23]J/, "clear screen/scrollback"],
        [qr/\e\[\?(?:47|1047)[hl]/, "an alternate screen switch"],
        [qr/\e\[\?6h/, "origin mode"], [qr/\e\[\?7l/, "autowrap off"],
        [qr/\x07/, "BEL"], [qr/\x0b/, "VT"], [qr/\x0c/, "FF"], [qr/\x7f/, "DEL"],
        [qr/\xc2[\x80-\x9f]/, "a C1 control"],
        [qr/\xe2\x80[\xaa-\xae\x8e\x8f]|\xe2\x81[\xa6-\xa9]|\xd8\x9c/, "a bidi control"],
        [qr/lectern-pwned[a-z0-9-]*(?:\x07|\e\\)/, "an escape payload with its terminator"],
);
if ($phase eq "running") {
        push @forbidden, [qr/\e\[\?1049[hl]/, "an alternate screen switch while running"];
        push @forbidden, [qr/\e\[\?1000l/, "mouse reporting off while running"];
}
for my $f (@forbidden) {
        my ($pat, $what) = @$f;
        next unless $new =~ $pat;
        my $a = $-[0] > 24 ? $-[0] - 24 : 0;
        push @bad, "lectern wrote $what to the terminal: " . shown(substr($new, $a, $+[0] - $a + 24));
}
(my $whole = $new) =~ s/[\xc0-\xff][\x80-\xbf]{0,2}\z//;       # a character still coming
push @bad, "the output is not valid UTF-8" unless eval { decode("UTF-8", $whole, FB_CROAK); 1 };
print length($raw), "\n";
print "$_\n" for @bad;
exit(@bad ? 1 : 0);
EOF

RAW="$E2E_TMP/raw"
: >"$RAW"
raw_off=0
FMT='title=#{pane_title} name=#{window_name} alt=#{alternate_on} cursor=#{cursor_flag} insert=#{insert_flag} kcursor=#{keypad_cursor_flag} keypad=#{keypad_flag} origin=#{origin_flag} wrap=#{wrap_flag} mouse=#{mouse_any_flag}/#{mouse_standard_flag}/#{mouse_button_flag}/#{mouse_all_flag}/#{mouse_sgr_flag}/#{mouse_utf8_flag} region=#{scroll_region_upper}-#{scroll_region_lower}'
# The modes, with the scroll region given relative to the window (full:
# "region=full"), so that they compare across sizes.
modes() {
        tm display -p -t lt "$FMT #{pane_height}" |
                awk '{ h = $NF; $NF = ""; sub(/ $/, "")
                       if ($NF == "region=0-" h - 1) $NF = "region=full"
                       print }'
}
buffers() { tm list-buffers 2>/dev/null | wc -l; }

# check_all WHAT PHASE [W H]: the screen, the raw stream since the last
# check, the modes (against $want), the title and the paste buffers.
check_all() {
        local what=$1 phase=$2 w=${3:-$W} h=${4:-$Hgt} out m
        screen >"$E2E_TMP/plain"
        screen -e >"$E2E_TMP/esc"
        out=$(perl "$E2E_TMP/check.pl" "$w" "$h" "$E2E_TMP/plain" "$E2E_TMP/esc" "$RAW" "$raw_off" "$phase")
        local rc=$?
        raw_off=$(printf '%s\n' "$out" | head -n 1)
        [ "$rc" -eq 0 ] || problem "$what: $(printf '%s\n' "$out" | sed 1d)"
        m=$(modes)
        [ "$m" = "$want" ] || problem "$what: terminal modes changed: $m (expected $want)"
        [ "$(buffers)" -eq 0 ] || problem "$what: a paste buffer appeared (OSC 52 leaked): $(tm list-buffers | head -n 3)"
}

# A raw stream still being written by pipe-pane: wait until it stops growing.
raw_settle() {
        local a b i=0
        while [ "$i" -lt 30 ]; do
                a=$(stat -c %s "$RAW")
                sleep 0.15
                b=$(stat -c %s "$RAW")
                [ "$a" = "$b" ] && return 0
                i=$((i + 1))
        done
}

# ------------------------------------------------------------ the reader
start_shell "$W" "$Hgt"
# Let every leak through: titles and window names from the application,
# OSC 52 into the paste buffers.
tm set-option -g set-clipboard on >/dev/null
tm set-option -g allow-rename on >/dev/null
tm set-option -g automatic-rename off >/dev/null
tm rename-window -t lt sentinel-window
tm select-pane -t lt -T sentinel-title
tm pipe-pane -t lt -o "cat >>'$RAW'" || fail "tmux pipe-pane failed"
run_cmd "clear; echo before-lectern-marker"
wait_for before-lectern-marker || fail "the shell did not answer"
raw_settle
at_prompt=$(modes)
case "$at_prompt" in
*"title=sentinel-title name=sentinel-window alt=0 "*) ;;
*) fail "tmux did not take the sentinel title and name: $at_prompt" ;;
esac
raw_off=$(stat -c %s "$RAW")

run_cmd "'$BIN' '$H'; echo \"rc=\$?\""
wait_for Documents 20 || fail "the reader did not open the hostile corpus"
wait_for "doc 1/$N" || fail "the status line does not read doc 1/$N: $(status_line)"
status_line | grep -Eq '[0-9]+ files skipped' || problem "no notice of the skipped files: $(status_line)"
wait_status '00-skip-^[]2;l' ||
        problem "the skipped file's name is not shown sanitised: $(status_line)"
sync
want=$(modes)
case "$want" in
*"title=sentinel-title name=sentinel-window alt=1 "*) ;;
*) fail "the reader runs without its own screen, or changed the title: $want" ;;
esac
check_all "startup" start
note "reader: $N documents, modes while running: ${want#*alt=}"

# The documents in the reader's order, for messages.
doc_name() { sed -n "$1p" "$E2E_TMP/list" | cut -f5 | sed 's|.*/hostile/||' | LC_ALL=C.UTF-8 cat -v; }

# expect_text I TEXT...: each TEXT is on screen (document I).
expect_text() {
        local i=$1 t
        shift
        for t in "$@"; do
                screen | grep -qF -- "$t" || problem "$(doc_name "$i"): \"$t\" is not on screen"
        done
}

# Open every document from the list (g to the top first, Tab, j, Enter),
# page, go to the end; check the screen at each step.
for i in $(seq 1 "$N"); do
        name=$(doc_name "$i")
        if [ "$i" -gt 1 ]; then
                keys g Tab j Enter
                wait_for "doc $i/$N" || fail "Tab j Enter did not open document $i ($name)"
        fi
        check_all "document $i ($name) opened" running
        case "$name" in
        01-empty.txt | 02-bom-only.txt) expect_text "$i" "(this document has no text)" ;;
        04-nul.txt) expect_text "$i" '劳动^@精神在^@这里' ;;
        05-* | 06-* | 07-* | 08-* | 09-*) expect_text "$i" '标题劳动精神a�' ;;
        10-*) expect_text "$i" '劳动精神在最后�' ;;
        12-mixed-endings.txt)
                expect_text "$i" 第一行劳动精神 "第二行 CRLF" "第三行 CR" "第四行 LF" 第五行 第六行
                screen | grep -qF '^M' && problem "$name: a CR is shown as ^M" ;;
        13-escapes.txt)
                expect_text "$i" '^[[2J^[[H' '^[]0;lectern-pwned-title^G' '^[]52;c;bGVjdGVybi1wd25lZA==^G' \
                        '<U+009B>2J' '^[P+q544e^[\' '^[[6n' ;;
        14-escape-title.txt) expect_text "$i" '^[]0;lectern-pwned-head^G^[[2J标题劳动精神<U+009B>H' ;;
        15-bidi.txt) expect_text "$i" 'RLO <U+202E>abc' '<U+2066>a<U+2069>' ;;
        20-name-*)
                # The header shows the title made from the file name, sanitised like text.
                expect_text "$i" '20-name-^[]2;lectern-pwned-name^G^[[2J<U+009B>x.txt' ;;
        21-name-*) expect_text "$i" '<U+202E>rlo.txt' ;;
        esac
        keys Space G
        wait_for '100%' || problem "$name: G did not reach the end: $(status_line)"
        check_all "document $i ($name) at the end" running
done
note "opened, paged, read to the end: all $N documents (${SECONDS}s)"

# In the wide layout the list keeps its last column blank: a title drawn
# wider than it was measured (a control character counted as one column
# but drawn as two) runs into it.
wide=$(screen | sed '1d;$d' | sed -n 's/^\([^|]*\)|.*/\1/p' | grep -v ' $' | LC_ALL=C.UTF-8 cat -v)
[ -z "$wide" ] || problem "list rows run into the separator column: $wide"

# Search across everything: the counter matches the CLI, and every
# document is visited with the highlights on.
keys /
type_text 劳动精神
keys Enter
wait_for "hit 1/$TOTAL" 20 || problem "the search counter does not read hit 1/$TOTAL: $(status_line)"
sync
check_all "search 劳动精神" running
keys Tab g Enter
for i in $(seq 1 "$N"); do
        [ "$i" -gt 1 ] && keys Tab j Enter
        wait_for "doc $i/$N" || fail "Tab j Enter did not open document $i while searching"
        check_all "searching, document $i ($(doc_name "$i"))" running
done
# Hits inside escapes: walk each one with n.
read -r ptotal _ < <("$BIN" --count lectern-pwned "$H" 2>/dev/null |
        awk -F '\t' '$2 == "total" { t = $1 } END { print t + 0 }')
keys /
type_text lectern-pwned
keys Enter
if wait_for "hit 1/$ptotal" 10; then
        for k in $(seq 2 "$ptotal") 1; do
                keys n
                wait_for "hit $k/$ptotal" || { problem "n did not reach hit $k/$ptotal of lectern-pwned"; break; }
                check_all "lectern-pwned hit $k" running
        done
else
        problem "searching lectern-pwned: the counter does not read hit 1/$ptotal: $(status_line)"
fi
note "searched: 劳动精神 through every document, lectern-pwned hit by hit ($ptotal) (${SECONDS}s)"

# The narrow layout and the help, on the escapes.
resize 60 20
wait_for '[Tab: list]' || fail "the 60-column layout did not show"
sync
check_all "60x20, text" running 60 20
keys Tab
sync
check_all "60x20, list" running 60 20
keys '?'
wait_for 'lectern: keys' || fail "? did not open the help"
check_all "60x20, help" running 60 20
keys Escape
wait_gone 'lectern: keys' || fail "the help did not close"
resize "$W" "$Hgt"
wait_for Documents || fail "the wide layout did not come back"
sync
check_all "back at ${W}x$Hgt" running

keys q
wait_for 'rc=0' 10 || fail "q did not quit with status 0 (a crash or a hang)"
raw_settle
want=$at_prompt
check_all "after q" exited
screen | grep -q before-lectern-marker || problem "after q the screen from before lectern is gone"
run_cmd 'echo after-lectern "$((6 * 7))" qwerty lqk'
wait_for 'after-lectern 42 qwerty lqk' || problem "after q the shell's text is not drawn plainly (charset switched?)"
note "after q: title, name, buffers, modes and screen as before"

# ------------------------------------------------------------ the CLI on the terminal
# Each mode writes to the pane itself (standard output a terminal).
# A leak is reported once: the sentinels are put back after each mode.
reset_sentinels() {
        tm select-pane -t lt -T sentinel-title
        tm rename-window -t lt sentinel-window
        while tm delete-buffer 2>/dev/null; do :; done
}
k=0
for mode in "--list" "--count 劳动精神" "--search lectern-pwned" "--kwic lectern-pwned --width 90" \
        "--plot 劳动精神 --width 90" "--phrases --limit 5" "--stats"; do
        k=$((k + 1))
        raw_settle
        raw_off=$(stat -c %s "$RAW")
        run_cmd "'$BIN' $mode '$H'; echo cli-done-$k \"rc=\$?\""
        wait_for "cli-done-$k rc=" 20 || fail "lectern $mode hung on the hostile corpus"
        screen | grep -q "cli-done-$k rc=$CLI_RC\$" || problem "lectern $mode: $(screen | grep -o "cli-done-$k rc=.*")"
        raw_settle
        check_all "lectern $mode on the terminal" cli
        reset_sentinels
done
note "CLI modes on the terminal: checked (${SECONDS}s)"

# ------------------------------------------------------------ unreadable
# Root reads anything; where possible run as nobody to see the reason.
if [ ! -r "$H/17-unreadable.txt" ]; then
        :
elif [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
        U="$E2E_TMP/unreadable"
        mkdir -p "$U"
        printf '弘扬劳动精神。\n' >"$U/ok.txt"
        printf '弘扬劳动精神。\n' >"$U/no.txt"
        chmod 000 "$U/no.txt"
        chmod 755 "$U"
        chmod 711 "$E2E_TMP"
        out=$(timeout 20 setpriv --reuid=65534 --regid=65534 --clear-groups "$BIN" --list "$U" 2>&1)
        rc=$?
        if [ "$rc" -eq 126 ] || [ "$rc" -eq 127 ]; then
                note "(could not run lectern as nobody: the unreadable case is covered by the non-root run)"
        else
                [ "$rc" -eq 2 ] || problem "--list with an unreadable file exited $rc as nobody, not 2: $out"
                printf '%s\n' "$out" | grep -q 'skipped .*/no.txt: Permission denied' ||
                        problem "the unreadable file is not skipped with its reason: $out"
                printf '%s\n' "$out" | grep -q '/ok.txt$' || problem "the readable file beside it is lost: $out"
                note "unreadable file (as nobody): skipped, Permission denied"
        fi
fi

# ------------------------------------------------------------ growing and shrinking
G="$E2E_TMP/growing"
mkdir -p "$G"
cp "$CORPUS/004_eb10d11bbc00cbc3.txt" "$G/a.txt"
chmod u+w "$G/a.txt"
: >"$G/g.txt"
(
        # Append line by line, truncate, refill in one go: for at most 40 s.
        end=$((SECONDS + 40))
        while [ "$SECONDS" -lt "$end" ] && [ -d "$G" ] && [ ! -e "$G/stop" ]; do
                for _ in 1 2 3 4 5 6 7 8 9 10; do
                        printf '弘扬劳动精神，一个在读的时候变长的文件。\n' >>"$G/g.txt"
                done
                : >"$G/g.txt"
                cat "$CORPUS/004_eb10d11bbc00cbc3.txt" "$CORPUS/003_b1cc837703a5ec1a.txt" >>"$G/g.txt"
        done 2>/dev/null
) &
writer=$!
stop_writer() {
        touch "$G/stop" 2>/dev/null
        kill "$writer" 2>/dev/null
        wait "$writer" 2>/dev/null
}
trap 'stop_writer; e2e_cleanup' EXIT
bad=
for _ in $(seq 1 8); do
        timeout 10 "$BIN" --list "$G" >/dev/null 2>&1
        rc=$?
        [ "$rc" -eq 0 ] || bad="$bad --list:$rc"
        timeout 10 "$BIN" --count 劳动精神 "$G" >/dev/null 2>&1
        rc=$?
        [ "$rc" -eq 0 ] || bad="$bad --count:$rc"
done
[ -z "$bad" ] || problem "with a file changing under it, CLI runs failed or hung (124: timeout):$bad"
run_cmd "'$BIN' '$G'; echo \"rc-grow=\$?\""
wait_for Documents 15 || { stop_writer; fail "the reader did not open a directory with a changing file"; }
raw_settle
raw_off=$(stat -c %s "$RAW")
want=$(modes)
keys Tab g j Enter
sync
keys G
sync
check_all "a file changing while read" running
keys q
wait_for 'rc-grow=0' 10 || { stop_writer; fail "the reader did not quit with 0 beside a changing file"; }
stop_writer
note "a file growing and shrinking: 16 CLI runs and the reader, no hang, status 0"

[ "$problems" -eq 0 ] || fail "$problems problem(s), listed above"
