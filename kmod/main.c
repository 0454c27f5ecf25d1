// SPDX-License-Identifier: GPL-2.0
/*
 * tcpresetstat: who resets TCP connections, which opens fail, and how close
 * each destination is to running out of ephemeral ports.
 *
 * Module init/exit and the per-namespace state.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/module.h>
#include <linux/rcupdate.h>

#include "compat.h"
#include "tcpresetstat.h"

unsigned int trs_net_id __read_mostly;

static const unsigned int trs_table_cols[TRS_TBL_MAX] = {
	[TRS_TBL_PORTS] = TRS_PORT_MAX,
	[TRS_TBL_PEERS] = TRS_PEER_MAX,
	[TRS_TBL_DESTS] = TRS_DEST_MAX,
};

/* Where the fields each table's keys use begin (table.h). */
static const unsigned int trs_table_key_off[TRS_TBL_MAX] = {
	[TRS_TBL_PORTS] = TRS_PORTS_KEY_OFF,
	[TRS_TBL_PEERS] = TRS_PEERS_KEY_OFF,
	[TRS_TBL_DESTS] = TRS_DESTS_KEY_OFF,
};

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

	out[TRS_CTR_RST_IN_OTHER] = trs_rst_in_other(out[TRS_CTR_RST_IN],
						     out[TRS_CTR_RST_IN_REFUSED],
						     out[TRS_CTR_RST_IN_RESET]);
}

/*
 * The reasons' counts, summed over CPUs.  No count goes below 0 on any
 * CPU: a move takes back only what its own CPU counted (account.c).
 */
void trs_reasons_read(const struct trs_net *tn, u64 *out)
{
	unsigned int start;
	int cpu, r, c;
	u64 v;

	memset(out, 0, sizeof(*out) * TRS_RST_REASONS * TRS_REASON_MAX);
	for_each_possible_cpu(cpu) {
		const struct trs_stats *s = per_cpu_ptr(tn->stats, cpu);

		for (r = 0; r < TRS_RST_REASONS; r++)
			for (c = 0; c < TRS_REASON_MAX; c++) {
				do {
					start = u64_stats_fetch_begin(&s->syncp);
					v = READ_ONCE(s->reason[r][c]);
				} while (u64_stats_fetch_retry(&s->syncp, start));
				out[r * TRS_REASON_MAX + c] += v;
			}
	}
}

static void trs_tables_destroy(struct trs_net *tn)
{
	int i;

	for (i = 0; i < TRS_TBL_MAX; i++)
		trs_table_destroy(&tn->tables[i]);
}

static unsigned long trs_ageing_period(unsigned long idle)
{
	return max_t(unsigned long, idle * HZ / 4, HZ);
}

static void trs_ageing_work(struct work_struct *work)
{
	struct trs_net *tn = container_of(to_delayed_work(work),
					  struct trs_net, ageing);
	unsigned long idle = trs_cfg(tn, TRS_CFG_IDLE_TIMEOUT);
	int i;

	/* Set to 0 meanwhile: stop (config cancels us, maybe too late). */
	if (!idle)
		return;
	for (i = 0; i < TRS_TBL_MAX; i++)
		trs_table_age(&tn->tables[i], jiffies, idle * HZ);
	schedule_delayed_work(&tn->ageing, trs_ageing_period(idle));
}

/* At setup, and when idle_timeout changes. */
void trs_ageing_start(struct trs_net *tn)
{
	unsigned long idle = trs_cfg(tn, TRS_CFG_IDLE_TIMEOUT);

	if (idle)
		mod_delayed_work(system_wq, &tn->ageing,
				 trs_ageing_period(idle));
	else
		cancel_delayed_work_sync(&tn->ageing);
}

/*
 * An explicit reset (netlink), from another CPU than the counters' own:
 * an event counted on a CPU while it runs may survive or be lost, so a
 * reset is a point in time only to within that (and, on 32-bit, a reader
 * racing it may see a torn value once).
 */
/*
 * A reason's count may move (account.c): the hook counts an abort as
 * "unknown" and the tracepoint that follows moves it, both on one CPU with
 * interrupts off.  So each CPU zeroes its own reasons with its interrupts
 * off (an IPI): between two moves, never inside one, and forgets the
 * abort it may be waiting for, whose count is gone.
 */
static void trs_reasons_reset_local(void *arg)
{
	struct trs_stats *s = this_cpu_ptr(((struct trs_net *)arg)->stats);
	int r, c;

	trs_reasons_forget(smp_processor_id());
	u64_stats_update_begin(&s->syncp);
	for (r = 0; r < TRS_RST_REASONS; r++)
		for (c = 0; c < TRS_REASON_MAX; c++)
			WRITE_ONCE(s->reason[r][c], 0);
	u64_stats_update_end(&s->syncp);
}

void trs_stats_reset(struct trs_net *tn)
{
	int cpu, i;

	for_each_possible_cpu(cpu)
		for (i = 0; i < TRS_CTR_MAX; i++)
			WRITE_ONCE(per_cpu_ptr(tn->stats, cpu)->ctr[i], 0);
	cpus_read_lock();
	on_each_cpu(trs_reasons_reset_local, tn, 1);
	for_each_possible_cpu(cpu) {
		if (cpu_online(cpu))
			continue;
		trs_reasons_forget(cpu);
		memset(per_cpu_ptr(tn->stats, cpu)->reason, 0,
		       sizeof(per_cpu_ptr(tn->stats, cpu)->reason));
	}
	cpus_read_unlock();
}

static int __net_init trs_net_init(struct net *net)
{
	struct trs_net *tn = trs_net(net);
	int err, cpu, i;

	tn->net = net;
	memcpy(tn->cfg, trs_cfg_default, sizeof(tn->cfg));
	trs_sampler_init(tn);
	trs_alerts_init(tn);
	INIT_DELAYED_WORK(&tn->ageing, trs_ageing_work);
	tn->stats = alloc_percpu(struct trs_stats);
	if (!tn->stats)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(tn->stats, cpu)->syncp);
	for (i = 0; i < TRS_TBL_MAX; i++) {
		err = trs_table_init(&tn->tables[i],
				     tn->cfg[trs_config_table_size(i)],
				     trs_table_cols[i], trs_table_key_off[i]);
		if (err)
			goto err_tables;
	}
	/* Event sources may count from here on: publish stats first. */
	smp_store_release(&tn->live, true);

	err = trs_proc_net_init(net);
	if (err)
		goto err_dead;
	err = trs_hooks_register(net);
	if (err)
		goto err_proc;
	trs_ageing_start(tn);
	trs_sampler_start(tn);
	trs_alerts_start(tn);
	return 0;

err_proc:
	trs_proc_net_exit(net);
err_dead:
	WRITE_ONCE(tn->live, false);
	synchronize_rcu();
err_tables:
	trs_tables_destroy(tn);
	free_percpu(tn->stats);
	return err;
}

static void __net_exit trs_net_exit(struct net *net)
{
	trs_hooks_unregister(net);
	trs_proc_net_exit(net);
	cancel_delayed_work_sync(&trs_net(net)->ageing);
	trs_sampler_stop(trs_net(net));
	trs_alerts_stop(trs_net(net));
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
	list_for_each_entry(net, net_list, exit_list) {
		trs_tables_destroy(trs_net(net));
		free_percpu(trs_net(net)->stats);
	}
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

	/*
	 * A namespace's init that fails undoes those before it, but their
	 * first samples have queued the walk, which lives in this module.
	 */
	err = register_pernet_subsys(&trs_net_ops);
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
	unregister_pernet_subsys(&trs_net_ops);
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
	unregister_pernet_subsys(&trs_net_ops);
	/* Namespaces first: the walk they shared then has nothing to do. */
	trs_sampler_exit();
	pr_info("unloaded\n");
}

module_init(trs_init);
module_exit(trs_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("TCP reset and failed-open accounting per port and peer");
MODULE_AUTHOR("tcpresetstat developers");
