#!/bin/bash
# Runs every tests/e2e/test_*.sh against the given lectern binary, one line
# per test, then "N passed, N failed"; exits non-zero when any test failed.
# A failing test's output (its message and the screen it saw) is shown.
# With RESULTS set, the totals are also written there for make check's
# last line, which adds up every suite.
# Usage: tests/e2e/run.sh BINARY [TEST...]

set -u
if [ $# -lt 1 ] || [ ! -x "$1" ]; then
        echo "usage: $0 BINARY [test_name...]" >&2
        exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
LECTERN_BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
LECTERN_ROOT=$(cd "$here/../.." && pwd)
export LECTERN_BIN LECTERN_ROOT
# The tests type and match Chinese and $'\u...' strings, which bash encodes
# in the locale it runs in: a fresh machine may have none set.
export LC_ALL=C.UTF-8
shift

if ! command -v tmux >/dev/null 2>&1; then
        echo "tmux is needed for the end-to-end tests"
        exit 2
fi

tests=()
if [ $# -gt 0 ]; then
        for name in "$@"; do tests+=("$here/${name%.sh}.sh"); done
else
        tests=("$here"/test_*.sh)
fi

passed=0 failed=0
for t in "${tests[@]}"; do
        name=$(basename "$t" .sh)
        start=$(date +%s)
        out=$(cd "$LECTERN_ROOT" && bash "$t" 2>&1)
        rc=$?
        secs=$(($(date +%s) - start))
        if [ $rc -eq 0 ]; then
                printf '  %-36s ok (%ds)\n' "$name" "$secs"
                passed=$((passed + 1))
        else
                printf '  %-36s FAILED (%ds)\n' "$name" "$secs"
                printf '%s\n' "$out" | sed 's/^/      /'
                failed=$((failed + 1))
        fi
done
echo "$passed passed, $failed failed"
[ -n "${RESULTS:-}" ] && echo "$passed $failed" >"$RESULTS"
[ "$failed" -eq 0 ]
