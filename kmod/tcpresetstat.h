/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tcpresetstat: state shared by the module's parts.
 */
#ifndef _TCPRESETSTAT_H
#define _TCPRESETSTAT_H

#include <linux/percpu.h>
#include <linux/u64_stats_sync.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "uapi/tcpresetstat.h"

/*
 * Totals are per-CPU and summed when read.  On 64-bit a counter bump is one
 * this_cpu_inc(), which is safe from any context without disabling
 * anything; 32-bit needs the u64_stats sequence so readers never see a torn
 * value, and then a writer must not be interrupted by another writer on the
 * same CPU (process-context LOCAL_OUT vs softirq), hence the irqsave.
 */
struct trs_stats {
	u64 ctr[TRS_CTR_MAX];
	struct u64_stats_sync syncp;
};

/*
 * Per network namespace state (net_generic).  Event sources reach it from
 * any namespace, also one still being set up (kernel sockets created by
 * pernet ops that run before ours) or torn down (ours exits before TCP's),
 * so they go through trs_net_live(), which answers NULL then.
 */
struct trs_net {
	struct trs_stats __percpu *stats;
	bool live;
};

extern unsigned int trs_net_id;

static inline struct trs_net *trs_net(const struct net *net)
{
	return net_generic(net, trs_net_id);
}

/* Caller is in an RCU read-side section (hooks, tracepoint probes). */
static inline struct trs_net *trs_net_live(const struct net *net)
{
	struct trs_net *tn = trs_net(net);

	/* Pairs with the release in trs_net_init(): stats are set up. */
	return tn && smp_load_acquire(&tn->live) ? tn : NULL;
}

static inline void trs_inc(struct trs_net *tn, enum trs_counter id)
{
#if BITS_PER_LONG == 64
	this_cpu_inc(tn->stats->ctr[id]);
#else
	struct trs_stats *s;
	unsigned long flags;

	local_irq_save(flags);
	s = this_cpu_ptr(tn->stats);
	u64_stats_update_begin(&s->syncp);
	s->ctr[id]++;
	u64_stats_update_end(&s->syncp);
	local_irq_restore(flags);
#endif
}

void trs_stats_read(const struct trs_net *tn, u64 *out);

int trs_hooks_register(struct net *net);
void trs_hooks_unregister(struct net *net);

int trs_probes_init(void);
void trs_probes_exit(void);

int trs_proc_init(void);
void trs_proc_exit(void);
int trs_proc_net_init(struct net *net);
void trs_proc_net_exit(struct net *net);

#endif /* _TCPRESETSTAT_H */
