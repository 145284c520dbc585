#!/usr/bin/env bash
# Checks that `newsgraph eval` prints exactly what the official scorer prints.
#
# For the bundled corpus against tests/gold/seeds.json, and the dev corpus against
# tests/dev/gold.json when it exists: builds the graph, then diffs
#   newsgraph eval --gold G DIR [--explain | --json --explain]
# against
#   python3 ../shared/eval/score.py --gold G --exports DIR [same flags]
# Any difference is printed and the script exits 1. Skipped (exit 0) when ../shared/eval
# or python3 is missing, so CI can always call it.
#
#   bash tests/eval_matches_scorer.sh                 # builds with cargo (release)
#   NEWSGRAPH=/path/to/newsgraph bash tests/eval_matches_scorer.sh
#   SHARED=/elsewhere/shared bash tests/eval_matches_scorer.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${SHARED:-$root/../shared}"
scorer="$shared/eval/score.py"
if [[ ! -f "$scorer" ]]; then
    echo "eval_matches_scorer: $scorer not found, skipped"
    exit 0
fi
if ! command -v python3 >/dev/null; then
    echo "eval_matches_scorer: no python3, skipped"
    exit 0
fi

bin="${NEWSGRAPH:-}"
if [[ -z "$bin" ]]; then
    (cd "$root" && cargo build --release --quiet)
    bin="${CARGO_TARGET_DIR:-$root/target}/release/newsgraph"
    [[ "$bin" = /* ]] || bin="$root/$bin"
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# score.py lists the names of its "shared by several entities" warning in hash order, which
# changes from run to run; only that list is left out of the comparison (of --json).
normalize() { sed -E 's/(told apart by documents): [^"]*/\1: .../'; }

failed=0
checked=0
for pair in "tests/corpus:tests/gold/seeds.json" "tests/dev/corpus:tests/dev/gold.json"; do
    corpus="$root/${pair%%:*}"
    gold="$root/${pair#*:}"
    [[ -d "$corpus" && -f "$gold" ]] || continue
    out="$tmp/$(basename "$(dirname "$gold")")"
    "$bin" build "$corpus" --out "$out" --quiet
    for flags in "" "--explain" "--json --explain"; do
        # shellcheck disable=SC2086 # flags are words
        ours="$("$bin" eval --gold "$gold" "$out" $flags 2>/dev/null | normalize)" || {
            echo "FAIL: newsgraph eval --gold ${pair#*:} $flags exited non-zero"
            failed=1
            continue
        }
        # shellcheck disable=SC2086
        theirs="$(python3 "$scorer" --gold "$gold" --exports "$out" $flags 2>/dev/null | normalize)"
        checked=$((checked + 1))
        if ! diff <(echo "$ours") <(echo "$theirs") >"$tmp/diff"; then
            echo "FAIL: newsgraph eval differs from score.py for ${pair#*:} ${flags:-(table)} (< newsgraph, > score.py):"
            head -40 "$tmp/diff"
            failed=1
        else
            echo "ok: ${pair#*:} ${flags:-(table)}"
        fi
    done
done
if [[ $checked -eq 0 ]]; then
    echo "eval_matches_scorer: nothing compared" >&2
    exit 1
fi
if [[ $failed -ne 0 ]]; then
    exit 1
fi
echo "eval_matches_scorer: $checked comparisons identical"
