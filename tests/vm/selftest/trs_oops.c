// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only module for the VM harness's own tests: loading it with
 * mode=warn or mode=bug must make tests/vm/run.sh fail, and mode=leak
 * must make kmemleak's check fail on the debug kernel.  Never shipped.
 */
#include <linux/bug.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

static char *mode = "warn";
module_param(mode, charp, 0444);
MODULE_PARM_DESC(mode, "warn: WARN() on load; bug: BUG() on load; leak: lose 3 allocations");

/* Allocations whose only reference is dropped at once. */
static noinline void trs_oops_leak(void)
{
	void *volatile p;
	int i;

	for (i = 0; i < 3; i++) {
		p = kmalloc(128, GFP_KERNEL);
		if (p)
			memset(p, 0x5a, 128);
		p = NULL;
	}
}

/*
 * The stack below trs_oops_leak()'s frame, where kmalloc() and memset()
 * left copies of the last pointer: kmemleak scans a task's stack, and a
 * finished task's stack that the kernel keeps for reuse, so one CI run
 * found 2 leaks of 3.  Overwritten here, from the same depth.
 */
static noinline void trs_oops_scrub(void)
{
	char pad[1024];

	memset(pad, 0, sizeof(pad));
	barrier_data(pad);
}

static int __init trs_oops_init(void)
{
	if (!strcmp(mode, "leak")) {
		trs_oops_leak();
		trs_oops_scrub();
		return 0;
	}
	if (!strcmp(mode, "bug"))
		BUG();
	WARN(1, "trs_oops: deliberate warning for the harness self-test\n");
	return 0;
}

static void __exit trs_oops_exit(void)
{
}

module_init(trs_oops_init);
module_exit(trs_oops_exit);
MODULE_LICENSE("GPL");
