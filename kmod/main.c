// SPDX-License-Identifier: GPL-2.0
/*
 * tcpresetstat: who resets TCP connections, which opens fail, and how close
 * each destination is to running out of ephemeral ports.
 *
 * Module init and exit, nothing else: each room sets itself up (net.c, the
 * namespaces' owner; proc.c, netlink.c, probes.c) in this order and goes in
 * the reverse, then the sampler's shared walk.  What each step of the exit
 * waits for: Documentation/lifetimes.rst.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

#include "compat.h"
#include "tcpresetstat.h"
#include "version.h"

static int __init trs_init(void)
{
	int err;

	trs_schema_init();
	/*
	 * A namespace's init that fails undoes those before it, but their
	 * first samples have queued the walk, which lives in this module.
	 */
	err = trs_net_register();
	if (err)
		goto err_sampler;
	err = trs_proc_init();
	if (err)
		goto err_pernet;
	err = trs_netlink_init();
	if (err)
		goto err_proc;
	err = trs_probes_init();
	if (err)
		goto err_netlink;

	pr_info("loaded\n");
	return 0;

err_netlink:
	trs_netlink_exit();
err_proc:
	trs_proc_exit();
err_pernet:
	trs_net_unregister();
err_sampler:
	trs_sampler_exit();
	return err;
}

static void __exit trs_exit(void)
{
	/* Probes first: they reach every namespace's state. */
	trs_probes_exit();
	trs_netlink_exit();
	trs_proc_exit();
	trs_net_unregister();
	/* Namespaces first: the walk they shared then has nothing to do. */
	trs_sampler_exit();
	pr_info("unloaded\n");
}

module_init(trs_init);
module_exit(trs_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("TCP reset and failed-open accounting per port and peer");
MODULE_AUTHOR("tcpresetstat developers");
MODULE_VERSION(TRS_RELEASE);
