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
#include <net/request_sock.h>
#include <linux/netfilter.h>
#include <linux/tcp.h>
#include <linux/seqlock.h>
#include <linux/workqueue.h>

#include "compat.h"
#include "table.h"
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
	/* rst_out by the kernel's reason and class (account.c) */
	u64 reason[TRS_RST_REASONS][TRS_REASON_MAX];
	struct u64_stats_sync syncp;
};

/*
 * Per network namespace state (net_generic).  Event sources reach it from
 * any namespace, also one still being set up (kernel sockets created by
 * pernet ops that run before ours) or torn down (ours exits before TCP's),
 * so they go through trs_net_live(), which answers NULL then.
 */
/* schedule.c, sampler.c */
struct trs_sampler {
	struct list_head node;		/* on the walk's list: schedule.c */
	unsigned long due;		/* jiffies: the next sample */
	bool kicked;			/* sample now */
	seqlock_t lock;			/* pressure: sampler vs readers */
	u64 pressure[TRS_PR_MAX];
};

/* alert.c */
struct trs_alerts {
	struct delayed_work work;
	unsigned long last;		/* jiffies of the last evaluation */
	bool primed;			/* rows' alert_prev are from it */
	spinlock_t lock;		/* the rate limit below */
	unsigned long window;		/* jiffies: start of this second */
	u32 sent;			/* alerts sent in it */
	u64 suppressed;			/* since the last one sent */
};

/* forward.c: forwarded opens waiting for their answer. */
#define TRS_FWD_BUCKET_BITS	7
struct trs_fwd {
	spinlock_t lock;
	unsigned int n;			/* pending; READ_ONCE outside lock */
	unsigned int pass;		/* of the work below */
	struct hlist_head head[1 << TRS_FWD_BUCKET_BITS];
	struct delayed_work work;
};

struct trs_net {
	struct net *net;
	struct trs_stats __percpu *stats;
	struct trs_table tables[TRS_TBL_MAX];
	struct delayed_work ageing;
	struct trs_sampler sampler;
	struct trs_alerts alerts;
#if TRS_HAVE_CONNTRACK
	struct trs_fwd fwd;
#endif
	u32 cfg[TRS_CFG_MAX];		/* READ_ONCE: changed by config */
	atomic_t resetting;		/* resets of the reasons running */
	bool live;
};

/* Destinations one sample ranks at most (sampler.c). */
#define TRS_SAMPLE_DESTS	1024

/*
 * Where the fields each table's keys use begin (table.h: key_off);
 * constants, so that the fast path hashes them inline.
 */
#define TRS_PORTS_KEY_OFF	offsetof(struct trs_key, port)
#define TRS_PEERS_KEY_OFF	offsetof(struct trs_key, raddr)
#define TRS_DESTS_KEY_OFF	0
#define TRS_FWD_KEY_OFF		offsetof(struct trs_key, raddr)

/* config.c: module parameters, the defaults of new namespaces. */
extern u32 trs_cfg_default[TRS_CFG_MAX];
extern bool trs_fold_ephemeral;
const char *trs_config_check(unsigned int id, u32 val);
const char *trs_config_check_cost(unsigned int id, u32 val, u32 cur,
				  bool host_admin);

extern unsigned int trs_net_id;

static inline struct trs_net *trs_net(const struct net *net)
{
	return net_generic(net, trs_net_id);
}

/*
 * Caller is in an RCU read-side section (hooks, tracepoint probes,
 * kretprobe handlers), so net->gen is read without net_generic()'s own
 * rcu_read_lock(), which is a call on preemptible-RCU kernels.
 */
static inline struct trs_net *trs_net_live(const struct net *net)
{
	const struct net_generic *ng =
		rcu_dereference_check(net->gen, rcu_read_lock_any_held());
	struct trs_net *tn = ng->ptr[trs_net_id];

	/* Pairs with the release in trs_net_init(): stats are set up. */
	return tn && smp_load_acquire(&tn->live) ? tn : NULL;
}

static inline u32 trs_cfg(const struct trs_net *tn, unsigned int id)
{
	return READ_ONCE(tn->cfg[id]);
}

u32 trs_config_diff(const struct trs_net *tn, const u32 *val, const bool *set);

/* net.c: the owner of each namespace's state. */
int trs_net_register(void);
void trs_net_unregister(void);
int trs_net_configure(struct trs_net *tn, const u32 *val, u32 changed);

static inline void trs_add(struct trs_net *tn, unsigned int id, u64 n)
{
#if BITS_PER_LONG == 64
	this_cpu_add(tn->stats->ctr[id], n);
#else
	struct trs_stats *s;
	unsigned long flags;

	local_irq_save(flags);
	s = this_cpu_ptr(tn->stats);
	u64_stats_update_begin(&s->syncp);
	s->ctr[id] += n;
	u64_stats_update_end(&s->syncp);
	local_irq_restore(flags);
#endif
}

static inline void trs_inc(struct trs_net *tn, unsigned int id)
{
	trs_add(tn, id, 1);
}

/*
 * A RST of column @col counted under reason @to, or moved there from
 * reason @from (-1: none), on this CPU (account.c).
 */
static inline void trs_reason_move(struct trs_net *tn, int from,
				   unsigned int to, unsigned int col)
{
#if BITS_PER_LONG == 64
	if (from >= 0)
		this_cpu_dec(tn->stats->reason[from][col]);
	this_cpu_inc(tn->stats->reason[to][col]);
#else
	struct trs_stats *s;
	unsigned long flags;

	local_irq_save(flags);
	s = this_cpu_ptr(tn->stats);
	u64_stats_update_begin(&s->syncp);
	if (from >= 0)
		s->reason[from][col]--;
	s->reason[to][col]++;
	u64_stats_update_end(&s->syncp);
	local_irq_restore(flags);
#endif
}

/* stats.c */
void trs_stats_read(const struct trs_net *tn, u64 *out);
/* out[reason * TRS_REASON_MAX + column] */
void trs_reasons_read(const struct trs_net *tn, u64 *out);
/* account.c */
const char *trs_reason_name(unsigned int reason, char *buf, size_t len);
void trs_reasons_forget(int cpu);
void trs_stats_reset(struct trs_net *tn);

int trs_netlink_init(void);
void trs_netlink_exit(void);

/* family.c: the family, which netlink.c registers with its operations. */
struct genl_family;
struct genl_ops;
extern struct genl_family trs_genl_family;
int trs_family_register(const struct genl_ops *ops, unsigned int n_ops);
void trs_family_unregister(void);
int trs_put_key(struct sk_buff *skb, enum trs_table_id id,
		const struct trs_key *k);

/* alert.c, and family.c's sending side. */
struct trs_alert {
	enum trs_alert_kind kind;
	enum trs_table_id table;
	const struct trs_key *key;
	u64 value, threshold, suppressed;
	u32 window_ms;
};

void trs_alerts_init(struct trs_net *tn);
void trs_alerts_start(struct trs_net *tn);
void trs_alerts_stop(struct trs_net *tn);
void trs_alert_exhaustion(struct trs_net *tn, const struct trs_key *key,
			  u32 pct, u32 threshold);
bool trs_alert_allow(struct trs_net *tn, struct trs_alert *a);
bool trs_alert_unavailable(unsigned int cfg);
void trs_alert_sent(struct trs_net *tn, const struct trs_alert *a, int err);
bool trs_nl_alert_listened(struct net *net);
int trs_nl_alert(struct net *net, const struct trs_alert *a);

/*
 * schema.c: each table's schema and what the module keeps beside it.
 * Every RST is counted on LOCAL_IN, but only the tracepoint later knows
 * whether TCP accepted it as a refusal or a reset: rst_in_other, the
 * remainder, is a derived column (in totals and per port), which
 * trs_derive() fills when the counters are read.
 */
struct trs_table_desc {
	const struct trs_schema *schema;	/* name, keys, columns */
	unsigned int key_off;	/* table.h: where the fields its keys use begin */
	unsigned int size_cfg;	/* the setting (enum trs_config) that sizes it */
	unsigned int key_chars;	/* a typical key's text in /proc, for sizing */
	u8 dump_cmd;		/* the netlink command that dumps it */
	bool admin;		/* addresses: CAP_NET_ADMIN, in /proc as in netlink */
};

extern const struct trs_table_desc trs_table_descs[TRS_TBL_MAX];
extern const struct trs_schema *const trs_totals, *const trs_pressure,
	*const trs_reasons;
void trs_derive(const struct trs_schema *s, u64 *v);

/*
 * Columns this kernel cannot count, by enum trs_unavail_set: left out.
 * Those that need each kind of probe or conntrack, and the ones missing
 * here, set by trs_schema_init().
 */
extern const u64 trs_needs_tracepoints[TRS_UNAVAIL_MAX];
extern const u64 trs_needs_kretprobes[TRS_UNAVAIL_MAX];
extern const u64 trs_needs_conntrack[TRS_UNAVAIL_MAX];
extern u64 trs_unavail[TRS_UNAVAIL_MAX];
void trs_schema_init(void);

static inline u64 trs_table_unavail(enum trs_table_id id)
{
	return trs_unavail[TRS_UNAVAIL_TABLE0 + id];
}

/* The address a key column of type TRS_KEY_ADDR names in @k. */
static inline const struct in6_addr *trs_key_addr(const struct trs_key *k,
						  const struct trs_key_col *col)
{
	return col->attr == TRS_A_LOCAL_ADDR ? &k->laddr : &k->raddr;
}

/* account.c: what each event counts, in totals and tables. */
struct trs_endpoints {
	struct in6_addr saddr, daddr;	/* IPv4 v4-mapped */
	__be16 sport, dport;
};

unsigned int trs_account_rst_ipv4(struct sk_buff *skb,
				  const struct nf_hook_state *state, int thoff);
unsigned int trs_account_rst_ipv6(struct sk_buff *skb,
				  const struct nf_hook_state *state, int thoff);
/* Without tracepoints: ICMP errors failing opens in SYN_SENT. */
unsigned int trs_account_icmp_ipv4(struct sk_buff *skb,
				   const struct nf_hook_state *state, int off);
unsigned int trs_account_icmp_ipv6(struct sk_buff *skb,
				   const struct nf_hook_state *state, int off);
void trs_probe_receive_reset(void *data, struct sock *sk);
#if TRS_HAVE_RST_REASON
void trs_probe_send_reset(void *data, const struct sock *sk,
			  const struct sk_buff *skb,
			  const enum sk_rst_reason reason);
#endif
void trs_probe_set_state(void *data, const struct sock *sk,
			 const int oldstate, const int newstate);
/* A RST in SYN_SENT, counted at the state change after it (account.c). */
#define TRS_RST_MARK_BITS	8
bool trs_rst_mark(const struct sock *sk);
int trs_rst_take(const struct sock *sk);
/* What a failed request socket is counted under, read while it is alive. */
struct trs_req_key {
	const struct net *net;
	struct in6_addr raddr;
	__be16 lport;
};
void trs_req_key(const struct request_sock *req, struct trs_req_key *k);
void trs_account_passive_fail(struct trs_net *tn, const struct trs_req_key *k,
			      unsigned int cause);
void trs_account_listen_drops(struct trs_net *tn, const struct sock *listener,
			      const struct in6_addr *raddr, unsigned int n);
void trs_port_key(const struct net *net, __be16 port, struct trs_key *k);

/* forward.c: forwarded opens, followed with conntrack (TRS_HAVE_CONNTRACK). */
#if TRS_HAVE_CONNTRACK
void trs_fwd_init(struct trs_net *tn);
void trs_fwd_exit(struct trs_net *tn);
void trs_fwd_tcp(struct trs_net *tn, struct sk_buff *skb, const struct tcphdr *th);
unsigned int trs_fwd_syn(struct sk_buff *skb, const struct nf_hook_state *state,
			 int thoff);
unsigned int trs_fwd_icmp_ipv4(struct sk_buff *skb,
			       const struct nf_hook_state *state, int off);
unsigned int trs_fwd_icmp_ipv6(struct sk_buff *skb,
			       const struct nf_hook_state *state, int off);
#else
static inline void trs_fwd_init(struct trs_net *tn) {}
static inline void trs_fwd_exit(struct trs_net *tn) {}
static inline void trs_fwd_tcp(struct trs_net *tn, struct sk_buff *skb,
			       const struct tcphdr *th) {}
static inline unsigned int trs_fwd_syn(struct sk_buff *skb,
				       const struct nf_hook_state *state,
				       int thoff)
{
	return NF_ACCEPT;
}

static inline unsigned int trs_fwd_icmp_ipv4(struct sk_buff *skb,
					     const struct nf_hook_state *state,
					     int off)
{
	return NF_ACCEPT;
}

static inline unsigned int trs_fwd_icmp_ipv6(struct sk_buff *skb,
					     const struct nf_hook_state *state,
					     int off)
{
	return NF_ACCEPT;
}
#endif

/* schedule.c: when the sampler walks, and for which namespaces. */
void trs_sampler_init(struct trs_net *tn);
void trs_sampler_start(struct trs_net *tn);
void trs_sampler_stop(struct trs_net *tn);
void trs_sampler_exit(void);

/*
 * sampler.c: one walk of the hash tables, for up to TRS_WALK_NETS
 * namespaces at a time; callers are serialized (schedule.c).  Each served
 * namespace has its own aggregation of 2 * TRS_SAMPLE_DESTS slots (96 KiB)
 * while the walk runs, so this bounds the walk's memory; more busy
 * namespaces than this take more walks.
 */
#define TRS_WALK_NETS		8
bool trs_walk_has_tcp(struct net *net);
bool trs_walk_shared(const struct net *a, const struct net *b);
void trs_sample_idle(struct trs_net **idle, unsigned int n);
void trs_sample_busy(struct trs_net **busy, unsigned int n);
void trs_pressure_read(struct trs_net *tn, u64 *out);
void trs_account_eaddrnotavail(struct trs_net *tn, const struct sock *sk);

int trs_hooks_register(struct net *net);
void trs_hooks_unregister(struct net *net);

int trs_probes_init(void);
void trs_probes_exit(void);

int trs_proc_init(void);
void trs_proc_exit(void);
int trs_proc_net_init(struct net *net);
void trs_proc_net_exit(struct net *net);

#endif /* _TCPRESETSTAT_H */
