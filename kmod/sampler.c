// SPDX-License-Identifier: GPL-2.0
/*
 * tcpresetstat: the periodic sampler (a delayed work per namespace).
 *
 * Listen queues: every listener of the namespace is visited under RCU,
 * bucket by bucket with cond_resched() between batches, for its accept
 * queue: listen_backlog and listen_max per port, summed over the port's
 * listeners, 0 again once a port has none.  (Listen drops are events,
 * counted by probes.c.)
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bsearch.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <net/inet_hashtables.h>
#include <net/sock.h>

#include "tcpresetstat.h"

struct trs_listen_obs {
	const struct sock *sk;		/* identity only, never dereferenced */
	struct trs_key key;		/* the port's row */
	u32 backlog, max;
};

static int trs_obs_cmp_key(const void *a, const void *b)
{
	const struct trs_listen_obs *x = a, *y = b;

	return memcmp(&x->key, &y->key, sizeof(x->key));
}

/* Collect the namespace's listeners; returns how many were visited. */
static unsigned int trs_collect_listeners(struct net *net,
					  struct trs_listen_obs **obsp,
					  unsigned int *nobs)
{
	struct inet_hashinfo *h = net->ipv4.tcp_death_row.hashinfo;
	unsigned int i, n = 0, cap = 0, visited = 0;
	struct trs_listen_obs *obs = NULL, *bigger;
	struct hlist_nulls_node *node;
	struct sock *sk;

	for (i = 0; i <= h->lhash2_mask; i++) {
		struct inet_listen_hashbucket *ilb2 = &h->lhash2[i];

		if (!(i % 256))
			cond_resched();
		if (hlist_nulls_empty(&ilb2->nulls_head))
			continue;
		rcu_read_lock();
		sk_nulls_for_each_rcu(sk, node, &ilb2->nulls_head) {
			visited++;
			if (!net_eq(sock_net(sk), net) ||
			    READ_ONCE(sk->sk_state) != TCP_LISTEN)
				continue;
			if (n == cap) {
				cap = max(2 * cap, 16U);
				bigger = krealloc_array(obs, cap, sizeof(*obs),
							GFP_ATOMIC | __GFP_NOWARN);
				if (!bigger)
					break;
				obs = bigger;
			}
			obs[n].sk = sk;
			trs_port_key(net, htons(sk->sk_num), &obs[n].key);
			obs[n].backlog = READ_ONCE(sk->sk_ack_backlog);
			obs[n].max = READ_ONCE(sk->sk_max_ack_backlog);
			n++;
		}
		rcu_read_unlock();
	}
	*obsp = obs;
	*nobs = n;
	return visited;
}

/* listen_backlog and listen_max: per port, summed over its listeners. */
static void trs_set_listen_gauges(struct trs_net *tn,
				  struct trs_listen_obs *obs, unsigned int n)
{
	struct trs_table *t = &tn->tables[TRS_TBL_PORTS];
	struct trs_listen_obs *o, key_obs;
	struct trs_row *row;
	unsigned int i, bkt;

	sort(obs, n, sizeof(*obs), trs_obs_cmp_key, NULL);
	rcu_read_lock();
	/* Ports that had a listener and no longer have one go back to 0. */
	trs_table_for_each_row(t, bkt, row) {
		key_obs.key = row->key;
		if (!bsearch(&key_obs, obs, n, sizeof(*obs), trs_obs_cmp_key)) {
			atomic64_set(&row->ctr[TRS_PORT_LISTEN_BACKLOG], 0);
			atomic64_set(&row->ctr[TRS_PORT_LISTEN_MAX], 0);
		}
	}
	for (i = 0; i < n; i = o - obs) {
		u64 backlog = 0, max = 0;

		for (o = &obs[i]; o < obs + n && !trs_obs_cmp_key(o, &obs[i]); o++) {
			backlog += o->backlog;
			max += o->max;
		}
		row = trs_table_row(t, &obs[i].key, jiffies);
		if (row == t->other)
			continue;
		atomic64_set(&row->ctr[TRS_PORT_LISTEN_BACKLOG], backlog);
		atomic64_set(&row->ctr[TRS_PORT_LISTEN_MAX], max);
	}
	rcu_read_unlock();
}

void trs_sample(struct trs_net *tn)
{
	u64 start = ktime_get_ns();
	struct trs_listen_obs *obs;
	unsigned int visited, n;

	visited = trs_collect_listeners(tn->net, &obs, &n);
	trs_set_listen_gauges(tn, obs, n);
	kfree(obs);

	trs_inc(tn, TRS_CTR_SAMPLER_RUNS);
	trs_add(tn, TRS_CTR_SAMPLER_SOCKETS, visited);
	trs_add(tn, TRS_CTR_SAMPLER_NS_TOTAL, ktime_get_ns() - start);
}

static void trs_sampler_work(struct work_struct *work)
{
	struct trs_net *tn = container_of(to_delayed_work(work), struct trs_net,
					  sampler.work);

	trs_sample(tn);
	queue_delayed_work(system_power_efficient_wq, &tn->sampler.work,
			   msecs_to_jiffies(trs_sample_interval_ms));
}

/* Samples at once, then every trs_sample_interval_ms. */
void trs_sampler_start(struct trs_net *tn)
{
	struct trs_sampler *s = &tn->sampler;

	INIT_DELAYED_WORK(&s->work, trs_sampler_work);
	if (!trs_sample_interval_ms)
		return;
	trs_sample(tn);
	queue_delayed_work(system_power_efficient_wq, &s->work,
			   msecs_to_jiffies(trs_sample_interval_ms));
}

void trs_sampler_stop(struct trs_net *tn)
{
	cancel_delayed_work_sync(&tn->sampler.work);
}
