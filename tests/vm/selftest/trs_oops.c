// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only module for the VM harness's own tests: loading it with
 * mode=warn or mode=bug must make tests/vm/run.sh fail.  Never shipped.
 */
#include <linux/bug.h>
#include <linux/module.h>
#include <linux/string.h>

static char *mode = "warn";
module_param(mode, charp, 0444);
MODULE_PARM_DESC(mode, "warn: WARN() on load; bug: BUG() on load");

static int __init trs_oops_init(void)
{
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
