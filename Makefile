# SPDX-License-Identifier: GPL-2.0
#
#   make            build kmod/tcpresetstat.ko and tools/tcpresetstat
#   make demo       boot the stock kernel in a VM, make some resets, show them
#   make check      userspace tests, KUnit suites, every VM test once: the
#                   lifetime tests and a slice of the rest by the commit on the
#                   debug kernel (KASAN, lockdep, kmemleak...:
#                   scripts/built-kernel.sh), the others on 6.1; a smoke test
#                   on every other kernel of scripts/kernels.sh
#                   list (notrace: a set of its own), make cross and make
#                   check-arch: "N passed, N failed"
#   make cross      the module cross-built with W=1 for armhf, arm64 and mipsel
#                   against Debian's 6.1 headers for them (tests/cross.sh)
#   make check-arch those three and big-endian mips booted under qemu (6.1)
#                   with the static CLI: exact counts, netlink = /proc (tests/arch.sh)
#   make install    install the module (and depmod) and the CLI
#   make bench-arch the module's cost per refused connect on mipsel and armhf
#                   beside x86_64, in instructions (qemu -icount; tests/arch.sh)
#   make bench      benchmarks in two VM boots (tcg, icount): tables, bench/results.json
#                   (BENCH_ARGS="BENCH_ROUNDS=3 storm" scales or picks sections;
#                   BENCH_KERNEL=NAME boots a kernel of scripts/kernels.sh list)
#
#   make stress     the stress tests at full size on the debug kernel, 4 vCPUs
#                   (tests/stress.sh; hours, not part of check)
#   make fuzz-long  the netlink fuzzer, 100000 buffers per mode, in a VM
#                   (tests/fuzz, tests/vm/nl_fuzz_long.sh; not part of check)
#   make matrix     the full VM suite on every kernel of scripts/kernels.sh list,
#                   and the module built into a 6.12 kernel, plain and PREEMPT_RT
#                   with lockdep (tests/builtin.sh; not part of check)
#
# KDIR defaults to the running kernel's build dir, else the newest installed
# Debian headers with a matching /boot/vmlinuz (scripts/kdir.sh).
# KERNEL=NAME builds for one of scripts/kernels.sh list instead (5.10, 6.1,
# 6.12, 6.12-rt, 7.2 fetched from Debian's archive; debug, and notrace
# without tracepoints or kprobes as OpenWrt's kernels, built from
# linux-source-6.12), cached on first use.

DEPS := scripts/deps.sh
# Evaluated in each recipe, after deps.sh may have installed the headers.
KDIR_SH = kdir="$(KDIR)"; [ -n "$$kdir" ] || kdir=$$(scripts/kdir.sh) || exit 1
ifneq ($(KERNEL),)
KBUILD = scripts/kernels.sh make $(KERNEL)
else
KBUILD = $(KDIR_SH); $(MAKE) -C $$kdir
endif

all: module tools

deps-build:
	@$(DEPS) build $(if $(KERNEL),kernels)

module: deps-build
	@$(KBUILD) M=$(CURDIR) modules

tools: deps-build
	$(MAKE) -C tools

install: all
	@$(KDIR_SH); $(MAKE) -C $$kdir M=$(CURDIR) INSTALL_MOD_DIR=updates modules_install
	@# Debian's headers have no System.map, so kbuild skips depmod.
	depmod -a $(if $(INSTALL_MOD_PATH),-b $(INSTALL_MOD_PATH)) \
		$$(modinfo -F vermagic kmod/tcpresetstat.ko | cut -d' ' -f1)
	$(MAKE) -C tools install

demo: all
	@$(DEPS) vm
	tests/vm/run.sh tests/vm/demo.sh

# The test controls (tests/vm/control): trs_hold.ko for t/reload_storm.sh.
control: deps-build
	@$(KBUILD) M=$(CURDIR)/tests/vm/control modules

# The netlink fuzzer runs in the guest (tests/vm/t/nl_fuzz.sh), built here.
fuzz:
	$(MAKE) -C tests/fuzz

fuzz-long: all fuzz
	@$(DEPS) vm
	$(MAKE) -C tests/fuzz fuzz-long

check: all fuzz control
	@$(DEPS) vm kunit check kernels matrix cross arch package
	tests/check.sh

# The module cross-built for the routers' architectures (also in check).
cross:
	@$(DEPS) build cross
	tests/cross.sh

# ... and booted (also in check).
check-arch:
	@$(DEPS) build cross arch
	tests/arch.sh

# The module's cost per refused connect on the routers' armhf, mipsel and
# mips beside x86_64,
# in instructions (qemu -icount): bench/results-arch.json.
bench-arch:
	@$(DEPS) build cross arch
	tests/arch.sh --bench 5 x86_64 armhf mipsel mips

kunit:
	@$(DEPS) kunit
	tests/kunit/run.sh

# Not part of check: figures, not assertions (Documentation/performance.rst).
bench: tools
	@$(DEPS) vm bench
	$(MAKE) module $(if $(BENCH_KERNEL),KERNEL=$(BENCH_KERNEL))
	$(MAKE) -C bench
	BENCH_KERNEL=$(BENCH_KERNEL) bench/run.sh $(BENCH_ARGS)

vmtest: all fuzz control
	@$(DEPS) vm
	tests/vm/run.sh -t 1200 tests/vm/tests.sh

stress: tools fuzz
	@$(DEPS) build vm kernels matrix
	tests/stress.sh

matrix: tools fuzz
	@$(DEPS) build vm kernels matrix
	tests/matrix.sh

clean:
	@$(KBUILD) M=$(CURDIR) clean
	@$(KBUILD) M=$(CURDIR)/tests/vm/selftest clean
	@$(KBUILD) M=$(CURDIR)/tests/vm/control clean
	$(MAKE) -C tools clean
	$(MAKE) -C bench clean
	$(MAKE) -C tests/fuzz clean

.PHONY: all deps-build module tools control fuzz fuzz-long install demo check cross check-arch bench-arch kunit bench vmtest stress matrix clean
