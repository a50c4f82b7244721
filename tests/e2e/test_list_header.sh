# The document list's header keeps its title and its count apart at every
# width, with a blank column between them; the count stays whole and the
# title gives way. 10,000 documents that all match a search make
# "10000/10000 match": beside " Documents" that needs 29 columns, so in the
# list's 28 at 100x30 "match" goes, and in its 22 at 80x24 the title is
# cut to "Documen…" as well. In the one-pane layout the "[Tab: read]" hint
# goes first, and on the bundled corpus at 24 and 25 columns it used to
# run into the count.
. "$(dirname "$0")/lib.sh"

# list_header: the list's header, the first screen line up to the pane
# separator (the whole line in the one-pane layout).
list_header() { screen | head -n 1 | sed 's/|.*//'; }

# check_header WHAT ERE [SECONDS]: wait until the header matches ERE (a
# resize or a key is handled some time after it is sent; "no such key",
# which sync waits for, does not fit a status line of 24 columns), then
# check that the title (whole, or cut with an ellipsis) and the count are
# apart.
header_is() { list_header | grep -Eq -- "$1"; }
check_header() {
        local h
        poll_until "${3:-$WAIT}" header_is "$2" || fail "$1: the header is [$(list_header)], expected /$2/"
        h=$(list_header)
        printf '%s\n' "$h" |
                grep -Eq '^ (Documents|D[a-z]*…)(  \[Tab: read\])? +[0-9]+(/[0-9]+( match)?)? *$' ||
                fail "$1: the title and the count run together: [$h]"
        note "$1: [$h]"
}

N=10000
DIR="$E2E_TMP/many"
mkdir -p "$DIR"
perl -e 'my ($dir, $n) = @ARGV;
for my $i (1 .. $n) {
        open my $f, ">", "$dir/$i.txt" or die "$i.txt: $!";
        print $f "第${i}篇\n\n精神文明。\n";
        close $f or die "$i.txt: $!";
}' "$DIR" "$N" || fail "could not make $N files"

start_shell 80 24
run_cmd "clear; '$BIN' '$DIR'; echo \"rc=\$?\""
wait_for Documents 20 || fail "the reader did not start on $N files"
wait_for "doc 1/$N" 20 || fail "the status line does not read doc 1/$N: $(status_line)"
keys /
type_text 精神
keys Enter
check_header "80x24, 22 columns" "^ Documen… $N/$N \$" 30
check_geometry 80
resize 100 30
check_header "100x30, 28 columns" "^ Documents +$N/$N \$"
resize 150 30
check_header "150x30, 40 columns" "^ Documents +$N/$N match \$"

# The list alone, in the one-pane layout.
keys Tab
sync
resize 24 24
check_header "24x24, one pane" "^ Documents +$N/$N\$"
resize 30 24
check_header "30x24, one pane" "^ Documents +$N/$N match\$"
resize 41 24
check_header "41x24, one pane" "^ Documents +$N/$N match\$"
resize 42 24
check_header "42x24, one pane" "^ Documents  \\[Tab: read\\] $N/$N match\$"
keys q
wait_for 'rc=0' || fail "q did not quit with status 0"

# The bundled corpus, no search: "[Tab: read]" only where it fits whole.
new_server
start_reader 24 10
check_header "bundled, 24x10" '^ Documents +5 *$'
resize 25 10
check_header "bundled, 25x10" '^ Documents +5 *$'
resize 26 10
check_header "bundled, 26x10" '^ Documents  \[Tab: read\] +5 *$'
