#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs the fuzzer BIN/NAME.bin (BIN: fuzz/) from seed SEED for RUNS inputs,
# starting from the seed corpus fuzz/corpus/NAME (read, never written: new
# inputs go to a scratch directory).  The same seed, runs and corpus make
# the same run.  Prints "PASS: PREFIXfuzz_NAME", or the fuzzer's report, the
# input that failed (kept in fuzz/artifacts/, base64 below) and
# "FAIL: PREFIXfuzz_NAME".
# Usage: run.sh NAME RUNS SEED [BIN [PREFIX]]
set -u
name=$1 runs=$2 seed=$3
dir=$(cd "$(dirname "$0")" && pwd)
bin=$(cd "${4:-$dir}" && pwd)/$name.bin
result=${5:-}fuzz_$name
# Inputs kept as fuzz/artifacts/PREFIXNAME-KIND-HASH, a slash of PREFIX a dash.
kept=$dir/artifacts/$(printf '%s' "${5:-}" | tr / -)$name
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/new"

start=$(date +%s)
# -close_fd_mask=3: the tool's own output and errors go to /dev/null; the
# fuzzer and the sanitizers keep a copy of stderr for their reports.
if "$bin" -seed="$seed" -runs="$runs" -max_len=8192 -timeout=10 \
	-close_fd_mask=3 -print_final_stats=1 -artifact_prefix="$work/" \
	"$work/new" "$dir/corpus/$name" >"$work/log" 2>&1; then
	done=$(grep -o '^Done [0-9]* runs' "$work/log" | cut -d' ' -f2)
	cov=$(grep -o 'cov: [0-9]*' "$work/log" | tail -n 1)
	echo "$result: ${done:-?} runs from seed $seed in $(($(date +%s) - start))s, $cov"
	echo "PASS: $result"
	exit 0
fi
# The report, without the progress lines.
grep -v -e '^#[0-9]' -e '^INFO:' "$work/log" | tail -n 100
for f in "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*; do
	[ -f "$f" ] || continue
	mkdir -p "$dir/artifacts"
	cp "$f" "$kept-${f##*/}"
	echo "$result: input kept as $kept-${f##*/}; replay: $bin FILE"
	base64 "$f" | head -n 200
done
echo "FAIL: $result"
exit 1
