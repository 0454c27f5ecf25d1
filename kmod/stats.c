// SPDX-License-Identifier: GPL-2.0
/*
 * tcpresetstat: the namespaces' counters read whole: totals and reasons,
 * summed over CPUs.  The per-namespace state's id lives here too, so that
 * everything that finds a namespace's state (hooks, probes, /proc,
 * netlink, the sampler) needs nothing of its owner (net.c).
 */
#include <linux/netdevice.h>

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
	trs_derive(trs_totals, out);
}

/*
 * The reasons' counts, summed over CPUs.  A move whose task migrated
 * (account.c) leaves "unknown" one below 0 on one CPU and one above on
 * another: the sum is right, but a reader that read the other CPU before
 * the hook counted there and this one after the move sees one less for an
 * instant, for each abort in flight so; a sum below 0 reads as 0.
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
	for (r = 0; r < TRS_RST_REASONS * TRS_REASON_MAX; r++)
		if ((s64)out[r] < 0)
			out[r] = 0;
}
