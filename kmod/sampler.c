// SPDX-License-Identifier: GPL-2.0
/*
 * tcpresetstat: the periodic sampler (a delayed work per namespace).
 *
 * Both hash tables of the namespace are walked under RCU, taking no lock
 * (nothing the stack does waits for the walk), with cond_resched() between
 * batches of TRS_WALK_BATCH buckets:
 *  - listeners, for their accept queues: listen_backlog and listen_max per
 *    port, summed over the port's listeners, 0 again once a port has none
 *    (listen drops are events, counted by probes.c);
 *  - the established hash, for TIME_WAIT and port pressure: tw_total,
 *    tw_ephemeral, and per destination the sockets on ephemeral ports; the
 *    pressure_top most used destinations get their tw, estab, port_use_pct
 *    and near_exhaustion in the destinations table.
 * The namespace's sysctls are read at each sample.  Sockets are
 * SLAB_TYPESAFE_BY_RCU: a socket freed and reused during the walk may be
 * miscounted in that one sample, never dereferenced out of its memory.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bsearch.h>
#include <linux/jhash.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <net/inet_hashtables.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/tcp.h>
#include <net/transp_v6.h>
#include <net/sock.h>

#include "pressure.h"
#include "tcpresetstat.h"

/* Buckets walked between two cond_resched(), in one RCU read-side section. */
#define TRS_WALK_BATCH		256

/* Distinct destinations one sample keeps track of: TRS_SAMPLE_DESTS. */
#define TRS_SAMPLE_SLOTS	(2 * TRS_SAMPLE_DESTS)

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

/*
 * Collect the namespace's listeners; returns how many sockets were
 * visited, and clears *complete if memory ran out before the end.
 */
static unsigned int trs_collect_listeners(struct net *net,
					  struct trs_listen_obs **obsp,
					  unsigned int *nobs, bool *complete)
{
	struct inet_hashinfo *h = net->ipv4.tcp_death_row.hashinfo;
	unsigned int i, n = 0, cap = 0, visited = 0;
	struct trs_listen_obs *obs = NULL, *bigger;
	struct hlist_nulls_node *node;
	struct sock *sk;

	for (i = 0; i <= h->lhash2_mask; i++) {
		struct inet_listen_hashbucket *ilb2 = &h->lhash2[i];

		if (!(i % TRS_WALK_BATCH))
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
				if (!bigger) {
					*complete = false;
					break;
				}
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

/*
 * listen_backlog and listen_max: per port, summed over its listeners.  A
 * port no longer seen goes back to 0, unless the walk was cut short.
 */
static void trs_set_listen_gauges(struct trs_net *tn,
				  struct trs_listen_obs *obs, unsigned int n,
				  bool complete)
{
	struct trs_table *t = &tn->tables[TRS_TBL_PORTS];
	struct trs_listen_obs *o, key_obs;
	struct trs_buckets *bk;
	struct trs_row *row;
	unsigned int i, bkt;

	sort(obs, n, sizeof(*obs), trs_obs_cmp_key, NULL);
	rcu_read_lock();
	bk = trs_table_buckets(t);
	/* Ports that had a listener and no longer have one go back to 0. */
	trs_table_for_each_row(bk, bkt, row) {
		key_obs.key = row->key;
		if (complete &&
		    !bsearch(&key_obs, obs, n, sizeof(*obs), trs_obs_cmp_key)) {
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

/*
 * Per-destination use, in an open-addressed hash of bounded size.  It is
 * looked up once per socket walked, so its hash is the one the kernel's
 * own connection hashes use, jhash, with a seed drawn for each sample:
 * sockets to destinations of someone's choosing cannot be made to collide
 * from one sample to the next.
 */
struct trs_dest_agg {
	struct trs_dest_use *slot;	/* TRS_SAMPLE_SLOTS; used 0: free */
	unsigned int n;
	u32 seed;
};

static u32 trs_agg_hash_v4(__be32 laddr, __be32 raddr, __be16 port, u32 seed)
{
	return jhash_3words((__force u32)laddr, (__force u32)raddr,
			    (__force u32)port, seed);
}

static u32 trs_agg_hash(const struct trs_key *k, u32 seed)
{
	/* IPv4, or IPv4-mapped on an IPv6 socket: the same key. */
	if (ipv6_addr_v4mapped(&k->laddr) && ipv6_addr_v4mapped(&k->raddr))
		return trs_agg_hash_v4(k->laddr.s6_addr32[3],
				       k->raddr.s6_addr32[3], k->port, seed);
	return jhash2((const u32 *)k, sizeof(*k) / sizeof(u32), seed);
}

/* Slot i is free: it becomes key's, unless the hash is full. */
static struct trs_dest_use *trs_agg_add(struct trs_dest_agg *a, u32 i,
					const struct trs_key *key)
{
	if (a->n == TRS_SAMPLE_DESTS)
		return NULL;
	a->n++;
	a->slot[i].key = *key;
	return &a->slot[i];
}

static struct trs_dest_use *trs_agg_find(struct trs_dest_agg *a,
					 const struct trs_key *key)
{
	u32 i = trs_agg_hash(key, a->seed) % TRS_SAMPLE_SLOTS;

	for (;; i = (i + 1) % TRS_SAMPLE_SLOTS) {
		struct trs_dest_use *d = &a->slot[i];

		if (!d->used)
			return trs_agg_add(a, i, key);
		if (trs_key_eq_from(0, &d->key, key))
			return d;
	}
}

/* Only for a new destination: its IPv4-mapped key is built here. */
static struct trs_dest_use *trs_agg_add_v4(struct trs_dest_agg *a, u32 i,
					   __be32 laddr, __be32 raddr,
					   __be16 port)
{
	struct trs_key key = { .port = port };

	ipv6_addr_set_v4mapped(laddr, &key.laddr);
	ipv6_addr_set_v4mapped(raddr, &key.raddr);
	return trs_agg_add(a, i, &key);
}

/*
 * An IPv4 socket's destination, the same as trs_agg_find() with its
 * IPv4-mapped key, without building the key unless it is new: most
 * sockets walked are IPv4, and go to a destination already seen.
 */
static struct trs_dest_use *trs_agg_find_v4(struct trs_dest_agg *a,
					    __be32 laddr, __be32 raddr,
					    __be16 port)
{
	u32 i = trs_agg_hash_v4(laddr, raddr, port, a->seed) % TRS_SAMPLE_SLOTS;
	struct trs_dest_use *d;

	for (;; i = (i + 1) % TRS_SAMPLE_SLOTS) {
		d = &a->slot[i];
		if (!d->used)
			break;
		if (d->key.laddr.s6_addr32[3] == laddr &&
		    d->key.raddr.s6_addr32[3] == raddr &&
		    d->key.port == port &&
		    ipv6_addr_v4mapped(&d->key.laddr) &&
		    ipv6_addr_v4mapped(&d->key.raddr))
			return d;
	}
	return trs_agg_add_v4(a, i, laddr, raddr, port);
}

#if IS_ENABLED(CONFIG_IPV6)
static struct trs_dest_use *trs_agg_find_v6(struct trs_dest_agg *a,
					    const struct sock *sk)
{
	struct trs_key key = {
		.laddr = sk->sk_v6_rcv_saddr,
		.raddr = sk->sk_v6_daddr,
		.port = sk->sk_dport,
	};

	return trs_agg_find(a, &key);
}
#endif

/* One bucket of the established hash, under rcu_read_lock(). */
static unsigned int trs_walk_chain(struct net *net,
				   struct hlist_nulls_head *chain, int lo, int hi,
				   struct trs_dest_agg *agg, u64 *pressure)
{
	struct hlist_nulls_node *node;
	unsigned int visited = 0;
	struct trs_dest_use *d;
	struct sock *sk;

	sk_nulls_for_each_rcu(sk, node, chain) {
		int state = READ_ONCE(sk->sk_state), port;

		visited++;
		if (!net_eq(sock_net(sk), net) ||
		    state == TCP_NEW_SYN_RECV || state == TCP_LISTEN)
			continue;
		if (state == TCP_TIME_WAIT)
			pressure[TRS_PR_TW_TOTAL]++;
		port = READ_ONCE(sk->sk_num);
		if (port < lo || port > hi)
			continue;
		if (state == TCP_TIME_WAIT)
			pressure[TRS_PR_TW_EPHEMERAL]++;
		if (!agg->slot)
			continue;
#if IS_ENABLED(CONFIG_IPV6)
		if (sk->sk_family == AF_INET6)
			d = trs_agg_find_v6(agg, sk);
		else
#endif
			d = trs_agg_find_v4(agg, sk->sk_rcv_saddr, sk->sk_daddr,
					    sk->sk_dport);
		if (!d)
			continue;
		d->used++;
		if (state == TCP_TIME_WAIT)
			d->tw++;
		else if (state == TCP_ESTABLISHED)
			d->estab++;
	}
	return visited;
}

static unsigned int trs_walk_ehash(struct net *net, int lo, int hi,
				   struct trs_dest_agg *agg, u64 *pressure)
{
	struct inet_hashinfo *h = net->ipv4.tcp_death_row.hashinfo;
	unsigned int i, end, visited = 0;

	/* One read-side section per batch: its cost is then per batch. */
	for (i = 0; i <= h->ehash_mask;) {
		end = min(h->ehash_mask, i + (TRS_WALK_BATCH - 1));
		cond_resched();
		rcu_read_lock();
		for (; i <= end; i++)
			visited += trs_walk_chain(net, &h->ehash[i].chain, lo, hi,
						  agg, pressure);
		rcu_read_unlock();
	}
	return visited;
}

static int trs_dest_key_cmp(const void *a, const void *b)
{
	const struct trs_dest_use *x = a, *y = b;

	return memcmp(&x->key, &y->key, sizeof(x->key));
}

/* Compact the hash, rank it, and give the top destinations their gauges. */
static void trs_set_dest_gauges(struct trs_net *tn, struct trs_dest_agg *agg,
				unsigned int ephemeral)
{
	struct trs_table *t = &tn->tables[TRS_TBL_DESTS];
	u32 threshold = trs_cfg(tn, TRS_CFG_EXHAUSTION_PCT);
	unsigned int i, n = 0, top;
	struct trs_buckets *bk;
	struct trs_row *row;
	unsigned int bkt;

	for (i = 0; agg->slot && i < TRS_SAMPLE_SLOTS; i++)
		if (agg->slot[i].used)
			agg->slot[n++] = agg->slot[i];
	top = trs_top_dests(agg->slot, n, trs_cfg(tn, TRS_CFG_PRESSURE_TOP));
	sort(agg->slot, top, sizeof(*agg->slot), trs_dest_key_cmp, NULL);

	rcu_read_lock();
	bk = trs_table_buckets(t);
	/* Rows ranked before and not now go back to 0; the rest are set. */
	trs_table_for_each_row(bk, bkt, row) {
		struct trs_dest_use probe = { .key = row->key };

		if (bsearch(&probe, agg->slot, top, sizeof(*agg->slot),
			    trs_dest_key_cmp))
			continue;
		atomic64_set(&row->ctr[TRS_DEST_TW], 0);
		atomic64_set(&row->ctr[TRS_DEST_ESTAB], 0);
		atomic64_set(&row->ctr[TRS_DEST_PORT_USE_PCT], 0);
		atomic64_set(&row->ctr[TRS_DEST_NEAR_EXHAUSTION], 0);
	}
	for (i = 0; i < top; i++) {
		struct trs_dest_use *d = &agg->slot[i];
		unsigned int pct = trs_port_use_pct(d->used, ephemeral);

		row = trs_table_row(t, &d->key, jiffies);
		if (row == t->other)
			continue;
		atomic64_set(&row->ctr[TRS_DEST_TW], d->tw);
		atomic64_set(&row->ctr[TRS_DEST_ESTAB], d->estab);
		atomic64_set(&row->ctr[TRS_DEST_PORT_USE_PCT], pct);
		/* Becoming near exhaustion is an alert; staying is not. */
		if (atomic64_xchg(&row->ctr[TRS_DEST_NEAR_EXHAUSTION],
				  pct >= threshold) < (pct >= threshold))
			trs_alert_exhaustion(tn, &row->key, pct, threshold);
	}
	rcu_read_unlock();
}

static unsigned int trs_sample_pressure(struct trs_net *tn, bool walk)
{
	struct net *net = tn->net;
	struct trs_dest_agg agg = {
		.seed = get_random_u32(),
	};
	u64 pr[TRS_PR_MAX] = {};
	unsigned int visited;
	int lo, hi;

	inet_get_local_port_range(net, &lo, &hi);
	pr[TRS_PR_PORT_RANGE_LO] = lo;
	pr[TRS_PR_PORT_RANGE_HI] = hi;
	pr[TRS_PR_EPHEMERAL_PORTS] =
		trs_ephemeral_ports(lo, hi, net->ipv4.sysctl_local_reserved_ports);
	pr[TRS_PR_TW_REUSE] = READ_ONCE(net->ipv4.sysctl_tcp_tw_reuse);
	pr[TRS_PR_MAX_TW_BUCKETS] =
		READ_ONCE(net->ipv4.tcp_death_row.sysctl_max_tw_buckets);

	/* Without memory for ranking, the totals are still counted. */
	if (walk)
		agg.slot = kvcalloc(TRS_SAMPLE_SLOTS, sizeof(*agg.slot), GFP_KERNEL);
	visited = walk ? trs_walk_ehash(net, lo, hi, &agg, pr) : 0;
	trs_set_dest_gauges(tn, &agg, pr[TRS_PR_EPHEMERAL_PORTS]);
	kvfree(agg.slot);

	write_seqlock(&tn->sampler.lock);
	memcpy(tn->sampler.pressure, pr, sizeof(pr));
	write_sequnlock(&tn->sampler.lock);
	return visited;
}

void trs_pressure_read(struct trs_net *tn, u64 *out)
{
	unsigned int seq;

	do {
		seq = read_seqbegin(&tn->sampler.lock);
		memcpy(out, tn->sampler.pressure, sizeof(tn->sampler.pressure));
	} while (read_seqretry(&tn->sampler.lock, seq));
}

/*
 * On 6.1 the listening hash, and the established hash unless
 * tcp_child_ehash_entries gave the namespace its own, are shared by all
 * namespaces: every sample walks them whole.  A namespace without a single
 * TCP socket (full or TIME_WAIT) has nothing to find there, so idle
 * namespaces, however many, cost no walk.
 */
static bool trs_net_has_tcp(struct net *net)
{
	if (refcount_read(&net->ipv4.tcp_death_row.tw_refcount) > 1 ||
	    sock_prot_inuse_get(net, &tcp_prot))
		return true;
#if IS_ENABLED(CONFIG_IPV6)
	if (sock_prot_inuse_get(net, &tcpv6_prot))
		return true;
#endif
	return false;
}

void trs_sample(struct trs_net *tn)
{
	u64 start = ktime_get_ns();
	struct trs_listen_obs *obs = NULL;
	unsigned int visited = 0, n = 0;
	bool complete = true;

	if (!trs_net_has_tcp(tn->net)) {
		/* Still refresh the gauges (to 0) and the sysctls. */
		trs_set_listen_gauges(tn, NULL, 0, true);
		trs_sample_pressure(tn, false);
		trs_inc(tn, TRS_CTR_SAMPLER_RUNS);
		return;
	}

	visited = trs_collect_listeners(tn->net, &obs, &n, &complete);
	trs_set_listen_gauges(tn, obs, n, complete);
	kfree(obs);
	visited += trs_sample_pressure(tn, true);

	trs_inc(tn, TRS_CTR_SAMPLER_RUNS);
	trs_add(tn, TRS_CTR_SAMPLER_SOCKETS, visited);
	trs_add(tn, TRS_CTR_SAMPLER_NS_TOTAL, ktime_get_ns() - start);
}

static void trs_sampler_work(struct work_struct *work)
{
	struct trs_net *tn = container_of(to_delayed_work(work), struct trs_net,
					  sampler.work);

	unsigned int interval;

	trs_sample(tn);
	/* Set to 0 meanwhile: stop (config cancels us, maybe too late). */
	interval = trs_cfg(tn, TRS_CFG_SAMPLE_INTERVAL_MS);
	if (interval)
		queue_delayed_work(system_power_efficient_wq, &tn->sampler.work,
				   msecs_to_jiffies(interval));
}

/* Before the namespace's state is published: readers use the seqlock. */
void trs_sampler_init(struct trs_net *tn)
{
	seqlock_init(&tn->sampler.lock);
	INIT_DELAYED_WORK(&tn->sampler.work, trs_sampler_work);
}

/*
 * The first sample runs from the workqueue too, never under the pernet
 * lock of namespace creation or module load.  Also called when the
 * interval changes: sample now, then at the new period.
 */
void trs_sampler_start(struct trs_net *tn)
{
	if (trs_cfg(tn, TRS_CFG_SAMPLE_INTERVAL_MS))
		mod_delayed_work(system_power_efficient_wq, &tn->sampler.work, 0);
	else
		cancel_delayed_work_sync(&tn->sampler.work);
}

void trs_sampler_stop(struct trs_net *tn)
{
	cancel_delayed_work_sync(&tn->sampler.work);
}
