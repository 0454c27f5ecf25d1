#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot an installed Debian kernel under qemu (tcg) with the host's root
# shared read-only over 9p, run SCRIPT [ARGS] inside it from the checkout,
# and return its exit status.  The run fails (non-zero) when the script
# fails, when the guest times out, panics, or when its kernel log shows an
# oops, BUG, WARNING or general protection fault.
#
#   tests/vm/run.sh [-K NAME | -f FLAVOUR | -k KREL | -i IMAGE] [-t SECONDS] [-m MB] [-c CPUS] [-q OPTS] SCRIPT [ARGS]
#
#   -K NAME     a kernel of scripts/kernels.sh list (5.10, 6.12, 7.2,
#               debug...), fetched (or built) and cached on first use, booted
#               with what kernels.sh cmdline NAME adds to the command line
#   -f FLAVOUR  an installed Debian kernel flavour: amd64 (generic,
#               default), rt-amd64, cloud-amd64; picks its newest release
#   -k KREL     exact installed kernel release (default: from -f)
#   -i IMAGE    boot this kernel image, which has everything built in
#               (tests/builtin.sh): no modules, no .ko check, and
#               TRS_BUILTIN=1 for the script (tests.sh loads nothing)
#   -t SECONDS  timeout for one boot and the script (default 600)
#   -m MB       guest memory (default 1024)
#   -c CPUS     vCPUs (default 2)
#   -q OPTS     more qemu options, split on spaces (e.g. "-icount shift=0")
#
# The guest sees the host's filesystem at the same paths, so SCRIPT and the
# freshly built module and CLI are used in place; $TRS_KO names another
# build of the module (default kmod/tcpresetstat.ko), $TRS_HOLD_KO that
# of tests/vm/control/trs_hold.ko (t/reload_storm.sh), $TRS_TEST_TIMEOUT
# the seconds each test of tests.sh may take (default 300), $TRS_STRESS_*
# the stress tests' sizes (tests/stress.sh), and the guest's
# /lib/modules/$(uname -r) holds the booted kernel's modules (with -i it
# may not exist).  /tmp and /run are tmpfs.
# $TRS_OUT inside the guest is a writable directory whose files the host
# keeps in $TRS_VM_KEEP (if set) after the run.  A boot that stalls before
# guest-init.sh starts (TRS_VM_BOOT_TIMEOUT seconds, default 240) is tried
# once more.  $TRS_VM_APPEND is added to the kernel command line.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
flavour=amd64 krel= kname= image= timeout_s=600 mem=1024 cpus=2 qopts= cmdline=
while getopts K:f:k:i:t:m:c:q: opt; do
	case $opt in
	i) image=$OPTARG ;;
	K) kname=$OPTARG ;;
	f) flavour=$OPTARG ;;
	k) krel=$OPTARG ;;
	t) timeout_s=$OPTARG ;;
	m) mem=$OPTARG ;;
	c) cpus=$OPTARG ;;
	q) qopts=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { echo "usage: $0 [-K NAME | -f FLAVOUR | -i IMAGE] [-k KREL] [-t S] [-m MB] [-c CPUS] [-q OPTS] SCRIPT [ARGS]" >&2; exit 2; }
script=$(realpath "$1"); shift
[ -x "$script" ] || { echo "vm: $script is not an executable script" >&2; exit 2; }
case "$top$script" in *[[:space:]]*) echo "vm: paths with spaces are not supported: $top" >&2; exit 2 ;; esac

if [ -n "$image" ]; then
	# Everything built in: no modules directory, nothing for the initramfs
	# to load, no .ko whose vermagic must match.
	kernel=$(realpath "$image") moddir=
	[ -r "$kernel" ] || { echo "vm: cannot read kernel image $image" >&2; exit 2; }
elif [ -n "$kname" ]; then
	files=$("$top/scripts/kernels.sh" boot-files "$kname") || exit 2
	kernel=$(sed -n 1p <<<"$files")
	moddir=$(sed -n 2p <<<"$files")
	krel=$(basename "$moddir")
	cmdline=$("$top/scripts/kernels.sh" cmdline "$kname") || exit 2
else
	[ -n "$krel" ] || krel=$("$top/scripts/kdir.sh" --release "$flavour")
	kernel=/boot/vmlinuz-$krel
	moddir=/lib/modules/$krel
fi
if [ -z "$image" ]; then
	[ -r "$kernel" ] && [ -d "$moddir" ] || { echo "vm: kernel $krel is not installed ($kernel, $moddir)" >&2; exit 2; }
	ko=${TRS_KO:-$top/kmod/tcpresetstat.ko}
	if [ -f "$ko" ]; then
		vermagic=$(modinfo -F vermagic "$ko" | cut -d' ' -f1)
		[ "$vermagic" = "$krel" ] || { echo "vm: $ko is built for $vermagic, not $krel: make KERNEL=${kname:-NAME}" >&2; exit 2; }
	fi
fi

# One heavy job (a VM or a kernel build) at a time on this machine: the
# timing-sensitive tests flake when two compete for the CPUs.
exec 9>"${TMPDIR:-/tmp}/tcpresetstat-heavy.lock"
flock 9
work=$(mktemp -d "${TMPDIR:-/tmp}/trs-vm.XXXXXX")
qemu_pid= main_pid=$BASHPID
cleanup() {
	# Only this shell cleans up, not a subshell stopped before its exec.
	[ "$BASHPID" = "$main_pid" ] || return 0
	[ -n "$qemu_pid" ] && kill "$qemu_pid" 2>/dev/null || true
	if [ -n "${TRS_VM_KEEP:-}" ]; then mkdir -p "$TRS_VM_KEEP"; cp -a "$work/out/." "$TRS_VM_KEEP/"; fi
	rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/initrd/bin" "$work/initrd/mod" "$work/out"

# Modules needed to mount the root, dependencies first, from modules.dep.
declare -A seen=()
order=()
add_mod() {
	local path=$1 dep
	[ -n "${seen[$path]:-}" ] && return
	seen[$path]=1
	for dep in $(awk -v m="$path:" '$1 == m { $1 = ""; print }' "$moddir/modules.dep"); do
		add_mod "$dep"
	done
	order+=("$path")
}
for m in virtio_pci 9pnet_virtio 9p; do
	[ -n "$moddir" ] || break	# -i: all built in
	p=$(awk -F: -v m="/$m.ko" '{ f = $1; sub(/\.(xz|zst|gz)$/, "", f) }
		substr(f, length(f) - length(m) + 1) == m { print $1 }' "$moddir/modules.dep" | head -n1)
	# Built into this kernel: nothing to load.
	[ -n "$p" ] && add_mod "$p"
done
# busybox's insmod takes them uncompressed (newer Debian ships .ko.xz).
for p in "${order[@]}"; do
	b=$(basename "$p")
	case $p in
	*.ko.xz) xz -dc "$moddir/$p" > "$work/initrd/mod/${b%.xz}"; b=${b%.xz} ;;
	*.ko.zst) zstd -qdc "$moddir/$p" > "$work/initrd/mod/${b%.zst}"; b=${b%.zst} ;;
	*) cp "$moddir/$p" "$work/initrd/mod/" ;;
	esac
	echo "$b" >> "$work/initrd/modules"
done
touch "$work/initrd/modules"
cp /bin/busybox "$work/initrd/bin/busybox"
cat > "$work/initrd/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
mkdir -p /proc /sys /dev
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for m in \$(cat /modules); do insmod /mod/\$m || echo "vm-init: insmod \$m failed"; done
mkdir -p /newroot
# cache=loose: the guest keeps what it read of the host's files (they do not
# change while it runs; it cannot write them), so that every process it
# starts is not read again over 9p: the suite ran in half the time, and in
# under a third on the debug kernel.
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=262144,cache=loose hostroot /newroot || { echo "vm-init: cannot mount host root"; poweroff -f; }
# The checkout may live under /tmp or /run, which get a tmpfs of their own:
# keep it visible by binding it aside and moving it back on top.
mkdir -p /keep
mount --bind /newroot$top /keep
mount -t tmpfs -o mode=1777 tmp /newroot/tmp
mount -t tmpfs -o mode=755 run /newroot/run
mkdir -p /newroot$top 2>/dev/null
mount --move /keep /newroot$top
for d in proc sys dev; do mount --move /\$d /newroot/\$d; done
exec switch_root /newroot $here/guest-init.sh
INIT
chmod +x "$work/initrd/init"
(cd "$work/initrd" && find . | cpio -o -H newc --quiet | gzip -1) > "$work/initrd.gz"

# The job: what guest-init.sh runs, with its arguments quoted for bash.
{
	printf 'cd %q\n' "$top"
	# A kernel whose modules are not the host's: show them at the usual path.
	if [ -n "$moddir" ] && [ "$moddir" != "/lib/modules/$krel" ]; then
		printf 'mount -t tmpfs -o mode=755 modules /lib/modules\n'
		printf 'mkdir /lib/modules/%q && mount --bind %q /lib/modules/%q\n' "$krel" "$moddir" "$krel"
	fi
	for v in TRS_KO TRS_HOLD_KO TRS_TEST_TIMEOUT ${!TRS_STRESS_*}; do
		[ -z "${!v:-}" ] || printf 'export %s=%q\n' "$v" "${!v}"
	done
	[ -z "$image" ] || printf 'export TRS_BUILTIN=1\n'
	printf 'exec %q' "$script"
	[ $# -eq 0 ] || printf ' %q' "$@"
	printf '\n'
} > "$work/out/job"

# One boot; $1 is the attempt.  A guest that has not started guest-init.sh
# within boot_s seconds is stopped: under tcg a boot can stall in the
# kernel, before anything of ours runs ("rcu_preempt kthread timer wakeup
# didn't happen"; seen once, in a CI run).  Such a boot is tried
# again, once, and says so; whatever happens after guest-init.sh started
# counts as it is.
boot() {
	rm -f "$work/out/booted" "$work/out/status" "$work/out/dmesg"
	: > "$work/out/output"
	: > "$work/out/console"
	# shellcheck disable=SC2086 # $qopts: several options
	(exec timeout --kill-after=10 "$timeout_s" qemu-system-x86_64 -accel tcg $qopts -m "$mem" -smp "$cpus" \
		-display none -monitor none -no-reboot \
		-serial "file:$work/out/console" \
		-kernel "$kernel" -initrd "$work/initrd.gz" \
		-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
		-virtfs local,path="$work/out",mount_tag=trsout,security_model=none,multidevs=remap \
		-append "console=ttyS0 panic=-1 oops=panic quiet${cmdline:+ $cmdline}${TRS_VM_APPEND:+ $TRS_VM_APPEND}") &
	qemu_pid=$!
	# Stream the guest's output; tail prints what is left and exits once qemu has.
	tail -n +1 -f --pid="$qemu_pid" "$work/out/output" &
	tail_pid=$!
	stalled=
	for ((waited = 0; waited < boot_s; waited++)); do
		[ -e "$work/out/booted" ] && break
		kill -0 "$qemu_pid" 2>/dev/null || break
		sleep 1
	done
	if [ ! -e "$work/out/booted" ] && kill -0 "$qemu_pid" 2>/dev/null; then
		stalled=1
		kill "$qemu_pid" 2>/dev/null
	fi
	wait "$qemu_pid"
	qrc=$?
	qemu_pid=
	wait "$tail_pid"
	[ -z "$stalled" ] && return 0
	echo "vm: boot $1 did not reach guest-init.sh in ${boot_s}s; guest console (last 20 lines):" >&2
	tail -n 20 "$work/out/console" >&2 || true
	return 1
}

boot_s=${TRS_VM_BOOT_TIMEOUT:-240}
set +e
if ! boot 1; then
	echo "vm: booting again (attempt 2 of 2)" >&2
	boot 2 || { set -e; echo "vm: FAIL: two boots stalled before guest-init.sh" >&2; exit 1; }
fi
set -e

fail() {
	echo "vm: FAIL: $*" >&2
	echo "vm: ---- guest console (last 40 lines) ----" >&2
	tail -n 40 "$work/out/console" >&2 || true
	exit 1
}
# The kernel's reports: oopses, WARN() (lockdep's and RCU's reports
# included), KASAN and sleep-in-atomic (BUG:), UBSAN, DEBUG_OBJECTS, RCU
# stalls, hung tasks; soft lockups say BUG: too.
bad='BUG:|WARNING:|Oops|general protection|Kernel panic|UBSAN:|kernel BUG|RIP:|ODEBUG:|rcu: INFO:|INFO: task .* blocked'
[ "$qrc" = 124 ] || [ "$qrc" = 137 ] && fail "timed out after ${timeout_s}s"
grep -aE "$bad" "$work/out/console" >/dev/null && fail "guest kernel reported: $(grep -aE "$bad" "$work/out/console" | head -n 3)"
[ -f "$work/out/status" ] || fail "guest ended without reporting a status (qemu exit $qrc)"
if [ -f "$work/out/dmesg" ]; then
	# Only what happened after our module first loaded counts against us.
	after=$(awk '/tcpresetstat: loaded/ { on = 1 } on' "$work/out/dmesg")
	if grep -aE "$bad" <<<"$after" >/dev/null; then
		echo "vm: ---- guest kernel log after module load ----" >&2
		grep -aE -A 20 "$bad" <<<"$after" | head -n 60 >&2
		fail "guest kernel log shows: $(grep -aE "$bad" <<<"$after" | head -n 1)"
	fi
fi
exit "$(cat "$work/out/status")"
