#!/usr/bin/env bash
# Time `newsgraph build` against `cat C/* | wc -w` on the same synthetic corpus, in one run.
#
#   bash bench/build_bench.sh [--docs "20000 100000"] [--seed 1] [--jobs "1 2"] [--runs 3]
#                             [--work DIR] [--bin PATH] [--no-eval]
#
# For each corpus size it generates the corpus once (../shared/bench/gen_corpus.py when
# ../shared exists, with its gold graph; else bench/gen_corpus.py, without gold) under
# --work (default /tmp/newsgraph-bench), reads it once to warm the page cache, then times,
# alternating, `runs` times each: `cat C/* | wc -w`, and `newsgraph build C --out O -jN`
# for each N of --jobs. It reports the median wall time, words/s, MB/s of text, peak RSS
# (GNU time's "Maximum resident set size"), the ratio build / wc and the speed-up of the
# largest -j over -j1, checks that every -j wrote byte-identical exports, scores the
# build with the gold when there is one (`newsgraph eval`), and prints Markdown tables.
# It builds the release binary first unless --bin is given (CARGO_TARGET_DIR is honoured).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
docs_list="20000"
seed=1
jobs_list="1 2"
runs=3
work=/tmp/newsgraph-bench
bin=""
do_eval=1
while [ $# -gt 0 ]; do
    case "$1" in
        --docs) docs_list=$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        --jobs) jobs_list=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --work) work=$2; shift 2 ;;
        --bin) bin=$2; shift 2 ;;
        --no-eval) do_eval=0; shift ;;
        -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "build_bench.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

gnu_time=/usr/bin/time
if ! "$gnu_time" -f %M true >/dev/null 2>&1; then
    echo "build_bench.sh: GNU time is needed for peak RSS: apt-get install -y time" >&2
    exit 2
fi
if [ -z "$bin" ]; then
    (cd "$repo" && cargo build --release --quiet)
    bin=${CARGO_TARGET_DIR:-$repo/target}/release/newsgraph
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
mkdir -p "$work"

shared_gen=$repo/../shared/bench/gen_corpus.py
if [ -f "$shared_gen" ]; then
    generator="../shared/bench/gen_corpus.py"
else
    generator="bench/gen_corpus.py"
fi

# Generate the corpus of $1 documents once: $work/c<docs>-s<seed>/ (+ .json gold).
corpus() {
    local n=$1 dir=$work/c$1-s$seed
    if [ ! -f "$dir/.complete" ]; then
        rm -rf "$dir"
        if [ -f "$shared_gen" ]; then
            python3 "$shared_gen" --docs "$n" --seed "$seed" --out "$dir" --gold "$dir.json" >&2
        else
            python3 "$here/gen_corpus.py" --docs "$n" --seed "$seed" --out "$dir" >&2
        fi
        touch "$dir/.complete"
    fi
    echo "$dir"
}

# cat every article of $1 to stdout (`cat C/*` when the argument list allows it).
cat_all() {
    if [ "$(find "$1" -name '*.txt' | wc -l)" -le 40000 ]; then
        cat "$1"/*.txt
    else
        find "$1" -name '*.txt' -print0 | sort -z | xargs -0 cat
    fi
}

# Run "$@" under GNU time; print "seconds max_rss_kb" (stdout of the command discarded).
timed() {
    local t
    t=$(mktemp)
    "$gnu_time" -f '%e %M' -o "$t" "$@" >/dev/null
    cat "$t"
    rm -f "$t"
}

median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

export -f cat_all
summary=$(mktemp)
echo "newsgraph $("$bin" --version | awk '{print $2}'), $(nproc) cores, corpus from $generator --seed $seed, median of $runs runs" >"$summary"
for docs in $docs_list; do
    dir=$(corpus "$docs")
    words=$(cat_all "$dir" | wc -w)
    bytes=$(cat_all "$dir" | wc -c)
    declare -A secs=() rss=()
    for ((r = 1; r <= runs; r++)); do
        read -r s m < <(timed bash -c "cat_all '$dir' | wc -w")
        secs[wc]+="$s "
        rss[wc]=$m
        for j in $jobs_list; do
            read -r s m < <(timed "$bin" build "$dir" --out "$work/out-j$j" -q -j "$j")
            secs[j$j]+="$s "
            rss[j$j]="${rss[j$j]:-0} $m"
        done
    done
    first=""
    for j in $jobs_list; do
        if [ -z "$first" ]; then
            first=$j
        elif ! diff -r "$work/out-j$first" "$work/out-j$j" >/dev/null; then
            echo "build_bench.sh: -j$first and -j$j wrote different exports" >&2
            exit 1
        fi
    done
    wc_s=$(echo "${secs[wc]}" | tr ' ' '\n' | grep . | median)
    {
        echo
        echo "### $docs documents, $words words, $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB of text"
        echo
        echo "| command | wall time (s) | words/s | MB/s | peak RSS (MB) | time / wc time |"
        echo "|---|---:|---:|---:|---:|---:|"
        printf '| `cat C/* \\| wc -w` | %.2f | %s | %s | – | 1.0 |\n' "$wc_s" \
            "$(awk -v w="$words" -v s="$wc_s" 'BEGIN { printf "%.0f", w / s }')" \
            "$(awk -v b="$bytes" -v s="$wc_s" 'BEGIN { printf "%.1f", b / 1e6 / s }')"
        for j in $jobs_list; do
            s=$(echo "${secs[j$j]}" | tr ' ' '\n' | grep . | median)
            m=$(echo "${rss[j$j]}" | tr ' ' '\n' | grep . | sort -g | tail -1)
            printf '| `newsgraph build C --out O -j%s` | %.2f | %s | %s | %.0f | %.1f |\n' "$j" "$s" \
                "$(awk -v w="$words" -v s="$s" 'BEGIN { printf "%.0f", w / s }')" \
                "$(awk -v b="$bytes" -v s="$s" 'BEGIN { printf "%.2f", b / 1e6 / s }')" \
                "$(awk -v m="$m" 'BEGIN { print m / 1024 }')" \
                "$(awk -v a="$s" -v b="$wc_s" 'BEGIN { printf "%.1f", a / b }')"
            eval "med_j$j=$s"
        done
        last=${jobs_list##* }
        if [ "$last" != "$first" ]; then
            s1=$(eval echo "\$med_j$first")
            sn=$(eval echo "\$med_j$last")
            echo
            echo "-j$last is $(awk -v a="$s1" -v b="$sn" 'BEGIN { printf "%.2f", a / b }') × faster than -j$first; the exports of every -j are byte-identical."
        fi
        if [ "$do_eval" = 1 ] && [ -f "$dir.json" ]; then
            echo
            echo "Accuracy against the corpus's gold (\`newsgraph eval\`):"
            echo
            echo '```text'
            "$bin" eval --gold "$dir.json" "$work/out-j$first" 2>/dev/null | tail -14
            echo '```'
        fi
    } >>"$summary"
    unset secs rss
done
echo >>"$summary"
echo "Load average at the end (other processes skew the timings): $(cut -d' ' -f1-3 /proc/loadavg)" >>"$summary"
cat "$summary"
rm -f "$summary"
