#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs the fuzzer fuzz/NAME.bin from seed SEED for RUNS inputs, starting
# from the seed corpus fuzz/corpus/NAME (read, never written: new inputs
# go to a scratch directory).  The same seed, runs and corpus make the same
# run.  Prints "PASS: fuzz_NAME", or the fuzzer's report, the input that
# failed (kept in fuzz/artifacts/, base64 below) and "FAIL: fuzz_NAME".
# Usage: run.sh NAME RUNS SEED
set -u
name=$1 runs=$2 seed=$3
dir=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/new"

start=$(date +%s)
# -close_fd_mask=3: the tool's own output and errors go to /dev/null; the
# fuzzer and the sanitizers keep a copy of stderr for their reports.
if "$dir/$name.bin" -seed="$seed" -runs="$runs" -max_len=8192 -timeout=10 \
	-close_fd_mask=3 -print_final_stats=1 -artifact_prefix="$work/" \
	"$work/new" "$dir/corpus/$name" >"$work/log" 2>&1; then
	done=$(grep -o '^Done [0-9]* runs' "$work/log" | cut -d' ' -f2)
	cov=$(grep -o 'cov: [0-9]*' "$work/log" | tail -n 1)
	echo "fuzz_$name: ${done:-?} runs from seed $seed in $(($(date +%s) - start))s, $cov"
	echo "PASS: fuzz_$name"
	exit 0
fi
# The report, without the progress lines.
grep -v -e '^#[0-9]' -e '^INFO:' "$work/log" | tail -n 100
for f in "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*; do
	[ -f "$f" ] || continue
	mkdir -p "$dir/artifacts"
	cp "$f" "$dir/artifacts/$name-${f##*/}"
	echo "fuzz_$name: input kept as $dir/artifacts/$name-${f##*/}; replay: $dir/$name.bin FILE"
	base64 "$f" | head -n 200
done
echo "FAIL: fuzz_$name"
exit 1
