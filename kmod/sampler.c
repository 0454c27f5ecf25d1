// SPDX-License-Identifier: GPL-2.0
/*
 * tcpresetstat: the periodic sampler's walk (when it runs, and for which
 * namespaces, is schedule.c's).
 *
 * On 6.1 the listening hash, and the established hash unless
 * tcp_child_ehash_entries gave a namespace its own, are shared by all
 * namespaces.  So one walk serves every namespace that is due (up to
 * TRS_WALK_NETS at a time), each socket going to its own namespace's
 * aggregation, instead of one walk of everything per namespace.
 *
 * Both hash tables are walked under RCU, taking no lock (nothing the stack
 * does waits for the walk), with cond_resched() between batches of
 * TRS_WALK_BATCH buckets:
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
 * A socket's namespace is only compared with the served ones, never
 * dereferenced: it may be one that is going away.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bsearch.h>
#include <linux/hash.h>
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

/* TRS_WALK_NETS namespaces' slots, by their address. */
#define TRS_WALK_HASH_BITS	4	/* 2 * TRS_WALK_NETS slots */

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
			trs_cell_set(&row->ctr[TRS_PORT_LISTEN_BACKLOG], 0);
			trs_cell_set(&row->ctr[TRS_PORT_LISTEN_MAX], 0);
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
		trs_cell_set(&row->ctr[TRS_PORT_LISTEN_BACKLOG], backlog);
		trs_cell_set(&row->ctr[TRS_PORT_LISTEN_MAX], max);
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

#if IS_ENABLED(CONFIG_IPV6)	/* the general key: IPv6 sockets' */
static u32 trs_agg_hash(const struct trs_key *k, u32 seed)
{
	/* IPv4, or IPv4-mapped on an IPv6 socket: the same key. */
	if (ipv6_addr_v4mapped(&k->laddr) && ipv6_addr_v4mapped(&k->raddr))
		return trs_agg_hash_v4(k->laddr.s6_addr32[3],
				       k->raddr.s6_addr32[3], k->port, seed);
	return jhash2((const u32 *)k, sizeof(*k) / sizeof(u32), seed);
}
#endif

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

#if IS_ENABLED(CONFIG_IPV6)
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
#endif

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
static __always_inline struct trs_dest_use *
trs_agg_find_v4(struct trs_dest_agg *a, __be32 laddr, __be32 raddr, __be16 port)
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

/*
 * What one walk gathers for one namespace it serves.  A socket's
 * namespace is found among the served ones by its struct net, through a
 * small hash (the established hash's walk of a single namespace only
 * compares the pointer: trs_walk_chain()).
 */
struct trs_walk_ns {
	const struct net *net;
	struct trs_net *tn;
	int lo, hi;			/* its ephemeral range */
	struct trs_dest_agg agg;
	u64 pr[TRS_PR_MAX];
	struct trs_listen_obs *obs;
	unsigned int nobs, cap;
	bool complete;			/* all its listeners are in obs */
};

struct trs_walk {
	unsigned int n;
	u8 slot[1 << TRS_WALK_HASH_BITS];	/* 1 + index in ns[]; 0: free */
	struct trs_walk_ns ns[TRS_WALK_NETS];
};

static_assert(2 * TRS_WALK_NETS <= 1 << TRS_WALK_HASH_BITS);

/* The one walk's state: its callers are serialized (schedule.c). */
static struct trs_walk trs_walk;

/* Namespaces walked together share their hash tables. */
bool trs_walk_shared(const struct net *a, const struct net *b)
{
	return trs_death_row(a)->hashinfo == trs_death_row(b)->hashinfo;
}

static void trs_walk_index(struct trs_walk *w)
{
	unsigned int i, j, mask = (1 << TRS_WALK_HASH_BITS) - 1;

	memset(w->slot, 0, sizeof(w->slot));
	for (i = 0; i < w->n; i++) {
		j = hash_ptr(w->ns[i].net, TRS_WALK_HASH_BITS);
		while (w->slot[j])
			j = (j + 1) & mask;
		w->slot[j] = i + 1;
	}
}

static __always_inline struct trs_walk_ns *trs_walk_find(struct trs_walk *w,
							 const struct net *net)
{
	unsigned int j, mask = (1 << TRS_WALK_HASH_BITS) - 1;

	for (j = hash_ptr(net, TRS_WALK_HASH_BITS); w->slot[j]; j = (j + 1) & mask)
		if (w->ns[w->slot[j] - 1].net == net)
			return &w->ns[w->slot[j] - 1];
	return NULL;
}

/* A listener of a served namespace; clears complete if memory ran out. */
static void trs_walk_listener(struct trs_walk_ns *s, const struct sock *sk)
{
	struct trs_listen_obs *bigger;

	if (!s->complete)
		return;
	if (s->nobs == s->cap) {
		s->cap = max(2 * s->cap, 16U);
		bigger = krealloc_array(s->obs, s->cap, sizeof(*s->obs),
					GFP_ATOMIC | __GFP_NOWARN);
		if (!bigger) {
			s->complete = false;
			return;
		}
		s->obs = bigger;
	}
	s->obs[s->nobs].sk = sk;
	trs_port_key(s->net, htons(sk->sk_num), &s->obs[s->nobs].key);
	s->obs[s->nobs].backlog = READ_ONCE(sk->sk_ack_backlog);
	s->obs[s->nobs].max = READ_ONCE(sk->sk_max_ack_backlog);
	s->nobs++;
}

static void trs_collect_listener(struct sock *sk, void *arg)
{
	struct trs_walk_ns *s = trs_walk_find(arg, sock_net(sk));

	if (s && READ_ONCE(sk->sk_state) == TCP_LISTEN)
		trs_walk_listener(s, sk);
}

/* The served namespaces' listeners; returns how many sockets were visited. */
static unsigned int trs_collect_listeners(struct trs_walk *w,
					  struct inet_hashinfo *h)
{
	unsigned int i, visited = 0;

	for (i = 0; i <= h->lhash2_mask; i++) {
		struct inet_listen_hashbucket *ilb2 = &h->lhash2[i];

		if (!(i % TRS_WALK_BATCH))
			cond_resched();
		if (trs_lhash2_empty(ilb2))
			continue;
		rcu_read_lock();
		visited += trs_lhash2_for_each(ilb2, trs_collect_listener, w);
		rcu_read_unlock();
	}
	return visited;
}

/*
 * One bucket of the established hash, under rcu_read_lock().  A walk of
 * one namespace (the usual case) has its namespace and range in registers
 * (@single, with @net0, @lo0, @hi0): the same cost per socket as before
 * walks were shared.
 */
static __always_inline unsigned int
trs_walk_chain(struct trs_walk *w, struct hlist_nulls_head *chain,
	       bool single, const struct net *net0, int lo0, int hi0)
{
	struct hlist_nulls_node *node;
	unsigned int visited = 0;
	struct trs_dest_use *d;
	struct trs_walk_ns *s;
	struct sock *sk;

	sk_nulls_for_each_rcu(sk, node, chain) {
		int state = READ_ONCE(sk->sk_state), port, lo, hi;

		visited++;
		if (single) {
			if (sock_net(sk) != net0)
				continue;
			s = &w->ns[0];
			lo = lo0;
			hi = hi0;
		} else {
			s = trs_walk_find(w, sock_net(sk));
			if (!s)
				continue;
			lo = s->lo;
			hi = s->hi;
		}
		if (state == TCP_NEW_SYN_RECV || state == TCP_LISTEN)
			continue;
		if (state == TCP_TIME_WAIT)
			s->pr[TRS_PR_TW_TOTAL]++;
		port = READ_ONCE(sk->sk_num);
		if (port < lo || port > hi)
			continue;
		if (state == TCP_TIME_WAIT)
			s->pr[TRS_PR_TW_EPHEMERAL]++;
		if (!s->agg.slot)
			continue;
#if IS_ENABLED(CONFIG_IPV6)
		if (sk->sk_family == AF_INET6)
			d = trs_agg_find_v6(&s->agg, sk);
		else
#endif
			d = trs_agg_find_v4(&s->agg, sk->sk_rcv_saddr,
					    sk->sk_daddr, sk->sk_dport);
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

static __always_inline unsigned int
trs_walk_buckets(struct trs_walk *w, struct inet_hashinfo *h, bool single)
{
	const struct net *net0 = w->ns[0].net;
	int lo0 = w->ns[0].lo, hi0 = w->ns[0].hi;
	unsigned int i, end, visited = 0;

	/* One read-side section per batch: its cost is then per batch. */
	for (i = 0; i <= h->ehash_mask;) {
		end = min(h->ehash_mask, i + (TRS_WALK_BATCH - 1));
		cond_resched();
		rcu_read_lock();
		for (; i <= end; i++)
			visited += trs_walk_chain(w, &h->ehash[i].chain, single,
						  net0, lo0, hi0);
		rcu_read_unlock();
	}
	return visited;
}

/* Out of line: the walk is one function in a profile. */
static noinline unsigned int trs_walk_ehash(struct trs_walk *w,
					    struct inet_hashinfo *h)
{
	if (w->n == 1)
		return trs_walk_buckets(w, h, true);
	return trs_walk_buckets(w, h, false);
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
		trs_cell_set(&row->ctr[TRS_DEST_TW], 0);
		trs_cell_set(&row->ctr[TRS_DEST_ESTAB], 0);
		trs_cell_set(&row->ctr[TRS_DEST_PORT_USE_PCT], 0);
		trs_cell_set(&row->ctr[TRS_DEST_NEAR_EXHAUSTION], 0);
	}
	for (i = 0; i < top; i++) {
		struct trs_dest_use *d = &agg->slot[i];
		unsigned int pct = trs_port_use_pct(d->used, ephemeral);

		row = trs_table_row(t, &d->key, jiffies);
		if (row == t->other)
			continue;
		trs_cell_set(&row->ctr[TRS_DEST_TW], d->tw);
		trs_cell_set(&row->ctr[TRS_DEST_ESTAB], d->estab);
		trs_cell_set(&row->ctr[TRS_DEST_PORT_USE_PCT], pct);
		/* Becoming near exhaustion is an alert; staying is not. */
		if (trs_cell_xchg(&row->ctr[TRS_DEST_NEAR_EXHAUSTION],
				  pct >= threshold) < (pct >= threshold))
			trs_alert_exhaustion(tn, &row->key, pct, threshold);
	}
	rcu_read_unlock();
}

/*
 * A namespace this walk serves: its sysctls, and (for a walk) the memory
 * to rank its destinations.  Without that memory, the totals are still
 * counted.
 */
static void trs_walk_ns_init(struct trs_walk_ns *s, struct trs_net *tn,
			     bool walk)
{
	struct net *net = tn->net;
	int lo, hi;

	memset(s, 0, sizeof(*s));
	s->net = net;
	s->tn = tn;
	s->complete = true;
	s->agg.seed = get_random_u32();
	trs_local_port_range(net, &lo, &hi);
	s->lo = lo;
	s->hi = hi;
	s->pr[TRS_PR_PORT_RANGE_LO] = lo;
	s->pr[TRS_PR_PORT_RANGE_HI] = hi;
	s->pr[TRS_PR_EPHEMERAL_PORTS] =
		trs_ephemeral_ports(lo, hi, net->ipv4.sysctl_local_reserved_ports);
	s->pr[TRS_PR_TW_REUSE] = READ_ONCE(net->ipv4.sysctl_tcp_tw_reuse);
	s->pr[TRS_PR_MAX_TW_BUCKETS] =
		READ_ONCE(trs_death_row(net)->sysctl_max_tw_buckets);
	if (walk)
		s->agg.slot = kvcalloc(TRS_SAMPLE_SLOTS, sizeof(*s->agg.slot),
				       GFP_KERNEL);
}

/* What the walk found becomes the namespace's gauges. */
static void trs_walk_ns_publish(struct trs_walk_ns *s)
{
	struct trs_net *tn = s->tn;

	trs_set_listen_gauges(tn, s->obs, s->nobs, s->complete);
	kfree(s->obs);
	trs_set_dest_gauges(tn, &s->agg, s->pr[TRS_PR_EPHEMERAL_PORTS]);
	kvfree(s->agg.slot);

	write_seqlock(&tn->sampler.lock);
	memcpy(tn->sampler.pressure, s->pr, sizeof(s->pr));
	write_sequnlock(&tn->sampler.lock);
	trs_inc(tn, TRS_CTR_SAMPLER_RUNS);
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
 * A namespace without a single TCP socket (full or TIME_WAIT) has nothing
 * to find in the hashes, so idle namespaces, however many, take no part
 * in a walk.
 */
bool trs_walk_has_tcp(struct net *net)
{
	if (trs_tw_count(net) ||
	    sock_prot_inuse_get(net, &tcp_prot))
		return true;
#if IS_ENABLED(CONFIG_IPV6)
	if (sock_prot_inuse_get(net, &tcpv6_prot))
		return true;
#endif
	return false;
}

/* Namespaces without TCP: their gauges go back to 0, sysctls are read. */
void trs_sample_idle(struct trs_net **idle, unsigned int n)
{
	struct trs_walk_ns s;
	unsigned int i;

	for (i = 0; i < n; i++) {
		trs_walk_ns_init(&s, idle[i], false);
		trs_walk_ns_publish(&s);
	}
}

/*
 * Sample busy namespaces that share one established hash: one walk of
 * each hash for all of them.  The cost of a walk is charged to the
 * namespaces it served in equal shares (the remainder to the first ones),
 * so that sampler_ns_total and sampler_sockets summed over all namespaces
 * are what the walks cost.
 */
void trs_sample_busy(struct trs_net **busy, unsigned int n)
{
	struct trs_walk *w = &trs_walk;
	struct inet_hashinfo *h = trs_death_row(busy[0]->net)->hashinfo;
	u64 start = ktime_get_ns(), ns;
	unsigned int i, visited;
	u32 ns_rem;

	w->n = n;
	for (i = 0; i < n; i++)
		trs_walk_ns_init(&w->ns[i], busy[i], true);
	trs_walk_index(w);
	visited = trs_collect_listeners(w, h);
	visited += trs_walk_ehash(w, h);
	for (i = 0; i < n; i++)
		trs_walk_ns_publish(&w->ns[i]);

	ns = div_u64_rem(ktime_get_ns() - start, n, &ns_rem);
	for (i = 0; i < n; i++) {
		trs_add(busy[i], TRS_CTR_SAMPLER_SOCKETS,
			visited / n + (i < visited % n));
		trs_add(busy[i], TRS_CTR_SAMPLER_NS_TOTAL, ns + (i < ns_rem));
	}
}
