// SPDX-License-Identifier: GPL-2.0
/*
 * tcpresetstat: who resets TCP connections, which opens fail, and how close
 * each destination is to running out of ephemeral ports.
 *
 * Module init/exit and the per-namespace state.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/rcupdate.h>

#include "compat.h"
#include "tcpresetstat.h"

unsigned int trs_net_id __read_mostly;

void trs_stats_read(const struct trs_net *tn, u64 *out)
{
	unsigned int start;
	int cpu, i;

	memset(out, 0, sizeof(u64) * TRS_CTR_MAX);
	for_each_possible_cpu(cpu) {
		const struct trs_stats *s = per_cpu_ptr(tn->stats, cpu);
		u64 v[TRS_CTR_MAX];

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			for (i = 0; i < TRS_CTR_MAX; i++)
				v[i] = READ_ONCE(s->ctr[i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));

		for (i = 0; i < TRS_CTR_MAX; i++)
			out[i] += v[i];
	}

	/*
	 * Every RST is counted on LOCAL_IN, but only the tracepoint later
	 * knows whether TCP accepted it as a refusal or a reset; the rest is
	 * the remainder.  A reader racing an event can see the class before
	 * the total: clamp rather than wrap.
	 */
	out[TRS_CTR_RST_IN_OTHER] = out[TRS_CTR_RST_IN] -
		min(out[TRS_CTR_RST_IN], out[TRS_CTR_RST_IN_REFUSED] +
					 out[TRS_CTR_RST_IN_RESET]);
}

static int __net_init trs_net_init(struct net *net)
{
	struct trs_net *tn = trs_net(net);
	int err, cpu;

	tn->stats = alloc_percpu(struct trs_stats);
	if (!tn->stats)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(tn->stats, cpu)->syncp);
	/* Event sources may count from here on: publish stats first. */
	smp_store_release(&tn->live, true);

	err = trs_proc_net_init(net);
	if (err)
		goto err_dead;
	err = trs_hooks_register(net);
	if (err)
		goto err_proc;
	return 0;

err_proc:
	trs_proc_net_exit(net);
err_dead:
	WRITE_ONCE(tn->live, false);
	synchronize_rcu();
	free_percpu(tn->stats);
	return err;
}

static void __net_exit trs_net_exit(struct net *net)
{
	trs_hooks_unregister(net);
	trs_proc_net_exit(net);
}

/*
 * Hooks may still be running on other CPUs after unregistering, and probes
 * fire for any namespace: mark every dying namespace dead, wait for all
 * readers once for the whole batch, then free.
 */
static void __net_exit trs_net_exit_batch(struct list_head *net_list)
{
	struct net *net;

	list_for_each_entry(net, net_list, exit_list)
		WRITE_ONCE(trs_net(net)->live, false);
	synchronize_rcu();
	list_for_each_entry(net, net_list, exit_list)
		free_percpu(trs_net(net)->stats);
}

static struct pernet_operations trs_net_ops = {
	.init = trs_net_init,
	.exit = trs_net_exit,
	.exit_batch = trs_net_exit_batch,
	.id = &trs_net_id,
	.size = sizeof(struct trs_net),
};

static int __init trs_init(void)
{
	int err;

	err = register_pernet_subsys(&trs_net_ops);
	if (err)
		return err;
	err = trs_proc_init();
	if (err)
		goto err_pernet;
	err = trs_probes_init();
	if (err)
		goto err_proc;

	pr_info("loaded\n");
	return 0;

err_proc:
	trs_proc_exit();
err_pernet:
	unregister_pernet_subsys(&trs_net_ops);
	return err;
}

static void __exit trs_exit(void)
{
	/* Probes first: they reach every namespace's state. */
	trs_probes_exit();
	trs_proc_exit();
	unregister_pernet_subsys(&trs_net_ops);
	pr_info("unloaded\n");
}

module_init(trs_init);
module_exit(trs_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("TCP reset and failed-open accounting per port and peer");
MODULE_AUTHOR("tcpresetstat developers");
