// SPDX-License-Identifier: GPL-2.0
/*
 * tcpresetstat: the owner of each namespace's state.  It sets the state up
 * and takes it down (the pernet operations), ages the tables, and applies
 * the settings the config command checked (config.c): the one place that
 * restarts the sampler, resizes the tables and re-arms the alerts.
 */
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>

#include "tcpresetstat.h"

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
static void trs_ageing_start(struct trs_net *tn)
{
	unsigned long idle = trs_cfg(tn, TRS_CFG_IDLE_TIMEOUT);

	if (idle)
		mod_delayed_work(system_wq, &tn->ageing,
				 trs_ageing_period(idle));
	else
		cancel_delayed_work_sync(&tn->ageing);
}

/*
 * Apply the settings @changed marks (trs_config_diff()) with their values
 * in @val: restart what each one drives.  Callers are serialized
 * (genetlink's lock).  What can fail, memory for resized tables, is taken
 * before anything changes.
 */
int trs_net_configure(struct trs_net *tn, const u32 *val, u32 changed)
{
	struct trs_buckets *bk[TRS_TBL_MAX] = {};
	unsigned int i, id;

	for (i = 0; i < TRS_TBL_MAX; i++) {
		id = trs_table_descs[i].size_cfg;
		if (!(changed & BIT(id)))
			continue;
		bk[i] = trs_buckets_alloc(val[id]);
		if (!bk[i])
			goto err;
	}

	for (id = 0; id < TRS_CFG_MAX; id++)
		if (changed & BIT(id))
			WRITE_ONCE(tn->cfg[id], val[id]);
	if (changed & BIT(TRS_CFG_SAMPLE_INTERVAL_MS))
		trs_sampler_start(tn);
	if (changed & BIT(TRS_CFG_IDLE_TIMEOUT))
		trs_ageing_start(tn);
	for (i = 0; i < TRS_TBL_MAX; i++)
		if (bk[i])
			trs_table_resize(&tn->tables[i], bk[i],
					 val[trs_table_descs[i].size_cfg]);
	if (changed & GENMASK(TRS_CFG_ALERT_MAX_PER_SEC, TRS_CFG_ALERT_PORT_OPEN_FAIL))
		trs_alerts_start(tn);
	return 0;

err:
	for (i = 0; i < TRS_TBL_MAX; i++)
		kvfree(bk[i]);
	return -ENOMEM;
}

static int __net_init trs_net_init(struct net *net)
{
	struct trs_net *tn = trs_net(net);
	int err, cpu, i;

	tn->net = net;
	memcpy(tn->cfg, trs_cfg_default, sizeof(tn->cfg));
	trs_sampler_init(tn);
	trs_alerts_init(tn);
	trs_fwd_init(tn);
	INIT_DELAYED_WORK(&tn->ageing, trs_ageing_work);
	tn->stats = alloc_percpu(struct trs_stats);
	if (!tn->stats)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(tn->stats, cpu)->syncp);
	for (i = 0; i < TRS_TBL_MAX; i++) {
		const struct trs_table_desc *d = &trs_table_descs[i];

		err = trs_table_init(&tn->tables[i], tn->cfg[d->size_cfg],
				     d->schema->ncols, d->key_off);
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
	trs_fwd_exit(tn);
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
		trs_fwd_exit(trs_net(net));
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

int trs_net_register(void)
{
	return register_pernet_subsys(&trs_net_ops);
}

void trs_net_unregister(void)
{
	unregister_pernet_subsys(&trs_net_ops);
}
