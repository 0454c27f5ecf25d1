#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: every runner in turn; each prints PASS:/FAIL:/SKIP: lines,
# which are counted here.  A runner that fails without naming a failed test
# counts as one failure.  Ends with "N passed, N failed[, N skipped]".
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
results=$(mktemp)
trap 'rm -f "$results"' EXIT

runner() { # runner NAME CMD...
	local name=$1 start=$SECONDS rc before; shift
	echo "==== $name: $*"
	before=$(grep -c '^FAIL' "$results")
	"$@" 2>&1 | while IFS= read -r line; do
		printf '%s\n' "$line"
		case $line in PASS:*|FAIL:*|SKIP:*) echo "$line" >> "$results" ;; esac
	done
	rc=${PIPESTATUS[0]}
	if [ "$rc" != 0 ] && [ "$(grep -c '^FAIL' "$results")" = "$before" ]; then
		echo "FAIL: $name (runner exit $rc)" | tee -a "$results"
	fi
	echo "==== $name: exit $rc in $((SECONDS - start))s"
}

# The VM tests' split between the debug and the stock kernel (below),
# chosen first: a bad TRS_DEBUG_SLICE stops here, not half an hour in.
DEBUG_SET="smoke load_fail netlink_dump params ns_teardown spoof_flood nl_fuzz reload_storm reset_race"
DEBUG_SLICES=4
debug_slice=${TRS_DEBUG_SLICE:-}
if [ -z "$debug_slice" ]; then
	n=$(git rev-list --count HEAD 2>/dev/null) || n=0
	debug_slice=$((n % DEBUG_SLICES))
fi
case $debug_slice in
all) ;;
*[!0-9]* | '') echo "check: TRS_DEBUG_SLICE: not a number nor all: $debug_slice" >&2; exit 2 ;;
*) [ "$debug_slice" -lt "$DEBUG_SLICES" ] ||
	{ echo "check: TRS_DEBUG_SLICE: $debug_slice: slices are 0 to $((DEBUG_SLICES - 1))" >&2; exit 2; } ;;
esac
# The stock kernel takes the smoke test, t/dkms.sh (its module is built
# for 6.1 by the package runner) and every test the debug kernel does not.
slice_tests= stock_tests="smoke dkms" i=0
for t in tests/vm/t/*.sh; do
	t=$(basename "$t" .sh)
	case " $DEBUG_SET $stock_tests " in *" $t "*) continue ;; esac
	if [ "$debug_slice" = all ] || [ $((i % DEBUG_SLICES)) = "$debug_slice" ]; then
		slice_tests+=" $t"
	else
		stock_tests+=" $t"
	fi
	i=$((i + 1))
done
echo "check: the debug kernel takes slice $debug_slice (of 0-$((DEBUG_SLICES - 1)); TRS_DEBUG_SLICE):$slice_tests"

runner tools make -s -C tools test
# The CLI against libnl-tiny (OpenWrt's), built from ../shared/third_party
# into the cache: its unit tests and the netlink fuzzer, named tiny/NAME.
runner tools-tiny make -s -C tools test LIBNL=tiny
runner kunit tests/kunit/run.sh
runner build tests/build.sh
# The routers' architectures (armhf, arm64, mipsel), built with W=1,
# then booted with the static CLI, with big-endian mips.
runner cross tests/cross.sh
runner arch tests/arch.sh
runner spec python3 tests/spec/check.py
# Documentation/: every .rst parses without a docutils warning.
runner docs python3 tests/docs.py
# The alerting rules: promtool's checks and unit tests, and their metrics
# the CLI's (prometheus/rules.yml).
runner prometheus tests/prometheus.sh
# TCPRESETSTAT-MIB: smilint, and its objects the CLI's (help oids).
runner snmp tests/snmp.sh
# The OpenWrt feed, as far as it goes without the SDK: the collector against
# the CLI's metrics, the init script's UCI checks, the Makefile's steps.
runner openwrt tests/openwrt.sh
# The Debian packages: built, lintian, installed in throwaway chroots where
# DKMS builds the module for 6.1 and, at a headers upgrade, 6.12; the 6.1
# module is then loaded in the VM suite (t/dkms.sh), so this comes first.
runner package tests/package.sh
# No loop of calls or includes between the files of kmod/ or of tools/.
runner deps python3 tests/deps.py
# The netlink fuzzer, which nl_fuzz.sh runs in the guests.
runner fuzz make -s -C tests/fuzz
# Every VM test runs once in a run: under the debug kernel's checkers
# (KASAN, lockdep, kmemleak, UBSAN...: scripts/built-kernel.sh debug),
# which take about 4 times the stock kernel's time (Documentation/testing.rst),
# the tests of the module's lifetimes (loads and unloads, bad parameters,
# namespaces coming and going, dumps, floods, the netlink fuzzer, resets
# racing the per-CPU hints; short: 3 reload cycles, 3 teardowns) and one
# of $DEBUG_SLICES slices of the others, by the commit, so that consecutive
# commits take every test through the checkers; the rest on Debian's 6.1,
# with the smoke test.
# TRS_DEBUG_SLICE=N (0-based) or "all" chooses the slice; make matrix
# runs the whole suite on each kernel.  The bounds are for a hung guest,
# not timing goals.
runner vm tests/vm/run.sh -t 1800 tests/vm/tests.sh $stock_tests
runner debug env TRS_STRESS_CYCLES=3 TRS_STRESS_TEARDOWNS=3 \
	tests/kernels.sh --tests "$DEBUG_SET$slice_tests" debug
# A kernel without tracepoints and kprobes (OpenWrt's kind): the module
# counts what netfilter sees (t/notrace.sh), a router's forwarded opens
# (t/forwarded.sh: netfilter and conntrack only), and loads that fail half-way
# (its init has no probes to attach); make matrix runs the whole suite
# there, where the tests that need the probes skip, saying so.
NOTRACE_SET="notrace forwarded load_fail"
runner notrace tests/kernels.sh --tests "$NOTRACE_SET" notrace
# Every other kernel: built with W=1 and booted for the smoke set.
runner kernels tests/kernels.sh
runner vm-harness tests/vm/selftest.sh

pass=$(grep -c '^PASS' "$results")
fail=$(grep -c '^FAIL' "$results")
skip=$(grep -c '^SKIP' "$results")
grep '^FAIL' "$results"
if [ "$skip" -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" = 0 ]
