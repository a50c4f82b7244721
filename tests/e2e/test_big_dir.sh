# A directory of 100,000 files: --list lists every one, --count finds the
# phrase in each, and the reader opens it within a bounded time, shows the
# list, goes to its last document, searches all of them and quits with 0.
#
# The files are hard links to 100 short speeches (1,000 names each), so
# that making them costs directory entries, not data (a few seconds even on
# a slow disk); they are made in the test's temporary directory (or under
# E2E_BIG_TMP) and deleted afterwards.
. "$(dirname "$0")/lib.sh"

NFILES=100000
NGROUPS=100
parent=${E2E_BIG_TMP:-$E2E_TMP}
BIG=$(mktemp -d "$parent/lectern-big.XXXXXX") || fail "cannot make a directory in $parent"
trap 'rm -rf "$BIG"; e2e_cleanup' EXIT

t0=$SECONDS
perl -e '
        my ($dir, $n, $groups) = @ARGV;
        my $per = $n / $groups;
        for my $g (0 .. $groups - 1) {
                my $src = sprintf "%s/.src%03d", $dir, $g;
                open my $f, ">", $src or die "$src: $!";
                printf $f "第%d组讲话：弘扬劳动精神，建功新时代。\n", $g + 1;
                close $f or die "$src: $!";
                for my $i (0 .. $per - 1) {
                        my $name = sprintf "%s/s%03d-%04d.txt", $dir, $g, $i;
                        link $src, $name or die "$name: $!";
                }
                unlink $src;
        }
' "$BIG" "$NFILES" "$NGROUPS" || fail "could not make $NFILES files in $parent"
[ "$(find "$BIG" -maxdepth 1 -type f | wc -l)" -eq "$NFILES" ] || fail "the directory does not hold $NFILES files"
note "$NFILES files made in $((SECONDS - t0))s (under $parent)"

# ------------------------------------------------------------ the CLI
t0=$SECONDS
n=$(timeout 40 "$BIN" --list "$BIG" 2>"$E2E_TMP/list.err" | wc -l)
rc=${PIPESTATUS[0]}
[ "$rc" -eq 0 ] || fail "--list on $NFILES files exited $rc (124: timed out): $(head -c 300 "$E2E_TMP/list.err")"
[ "$n" -eq "$NFILES" ] || fail "--list printed $n lines for $NFILES files"
note "--list: $n lines in $((SECONDS - t0))s"

t0=$SECONDS
total=$(timeout 40 "$BIN" --count 劳动精神 "$BIG" 2>/dev/null | awk -F '\t' '$2 == "total" { print $1 }')
[ "${total:-0}" -eq "$NFILES" ] || fail "--count found ${total:-no} hits, expected one in each of $NFILES files"
note "--count: $total hits in $((SECONDS - t0))s"

# ------------------------------------------------------------ the reader
start_shell 100 30
t0=$SECONDS
run_cmd "clear; '$BIN' '$BIG'; echo \"rc=\$?\""
wait_for Documents 40 || fail "the reader did not show the list of $NFILES files within 40 s"
wait_for "doc 1/$NFILES" 10 || fail "the status line does not read doc 1/$NFILES: $(status_line)"
screen | sed -n 1p | grep -q "$NFILES" || fail "the list header does not count $NFILES documents"
screen | grep -qF '第1组讲话' || fail "the first document's title is not in the list"
note "reader: the list of $NFILES documents after $((SECONDS - t0))s"
check_geometry 100

# The last document, through the list.
keys Tab G Enter
wait_for "doc $NFILES/$NFILES" 20 || fail "Tab G Enter did not open document $NFILES: $(status_line)"
screen | grep -qF "第${NGROUPS}组讲话" || fail "the last document's title and text are not shown"
check_geometry 100

# Search them all.
keys /
type_text 劳动精神
keys Enter
wait_for "/$NFILES · $NFILES docs" 40 || fail "the search does not count $NFILES hits in $NFILES documents: $(status_line)"
keys n
sync
status_line | grep -Eq "hit [0-9]+/$NFILES" || fail "n did not step through the hits: $(status_line)"
check_geometry 100
note "search: $NFILES hits in $NFILES documents"

t0=$SECONDS
keys q
wait_for 'rc=0' 20 || fail "q did not quit with status 0"
note "q: exited 0 after $((SECONDS - t0))s"

rm -rf "$BIG"
[ ! -e "$BIG" ] || fail "the big directory could not be deleted"
