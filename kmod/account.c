// SPDX-License-Identifier: GPL-2.0
/*
 * tcpresetstat: what each event counts.  The event sources find the
 * events (hooks.c: a segment with RST; probes.c: kretprobes, and the
 * tracepoints, whose probes are defined here); this file decodes them into
 * addresses and a class and turns that into totals and table rows, so
 * every counter is incremented in exactly one place.  The probes and the
 * hooks' RST path are defined here so that the accounting is inlined into
 * them: a refused connect passes four of them, and calls cost more than
 * the counting.  Documentation/counters.rst lists, per counter, the event
 * that reaches it.
 */
#include <linux/cpu.h>
#include <linux/ctype.h>
#include <linux/hash.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/jhash.h>
#include <linux/jiffies.h>
#include <net/icmp.h>
#include <net/inet6_hashtables.h>
#include <net/inet_sock.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/tcp.h>

#include "classify.h"
#include "tcpresetstat.h"

static __always_inline void trs_addr(struct in6_addr *a, const struct sock *sk, bool remote)
{
#if IS_ENABLED(CONFIG_IPV6)
	if (sk->sk_family == AF_INET6) {
		*a = remote ? sk->sk_v6_daddr : sk->sk_v6_rcv_saddr;
		return;
	}
#endif
	ipv6_addr_set_v4mapped(remote ? sk->sk_daddr : sk->sk_rcv_saddr, a);
}

static __always_inline void trs_endpoints_from_sk(const struct sock *sk,
						  struct trs_endpoints *ep)
{
	trs_addr(&ep->saddr, sk, false);
	trs_addr(&ep->daddr, sk, true);
	ep->sport = htons(sk->sk_num);
	ep->dport = sk->sk_dport;
}

/*
 * The tables' per-CPU hints work with BH disabled (table.c), as netfilter
 * hooks and TCP's receive path run.  An event TCP reports in process
 * context (a RST from a socket's backlog, processed when its owner
 * releases it; close()) disables BH for its accounting: that costs less
 * than the hashes the hints save.
 */
static __always_inline bool trs_bh_disable(void)
{
	if (in_softirq() || in_hardirq() || irqs_disabled())
		return false;
	/*
	 * RT: BH is a per-CPU sleeping lock, not to be taken by probes that
	 * run with preemption off; they go without the hints.
	 */
	if (!trs_may_alloc())
		return false;
	local_bh_disable();
	return true;
}

static __always_inline void trs_bh_restore(bool disabled)
{
	if (disabled)
		local_bh_enable();
}

static __always_inline bool trs_port_ephemeral(const struct net *net, __be16 port)
{
	int lo, hi, p = ntohs(port);

	trs_local_port_range(net, &lo, &hi);
	return p >= lo && p <= hi;
}

/* ports: the local port, or the "ephemeral" row for the client range. */
static __always_inline void trs_port_key_inline(const struct net *net,
						__be16 port, struct trs_key *k)
{
	memset(k, 0, sizeof(*k));
	if (trs_fold_ephemeral && trs_port_ephemeral(net, port))
		k->kind = TRS_ROW_EPHEMERAL;
	else
		k->port = port;
}

void trs_port_key(const struct net *net, __be16 port, struct trs_key *k)
{
	trs_port_key_inline(net, port, k);
}

/*
 * Events counted in a column and one of its classes: one lookup, two adds.
 * @sub is ignored when equal to @col.
 */
static __always_inline void trs_port_add2(struct trs_net *tn,
					  const struct net *net, __be16 port,
					  unsigned int col, unsigned int sub,
					  unsigned int n)
{
	struct trs_row *row;
	struct trs_key k;

	trs_port_key_inline(net, port, &k);
	row = trs_table_row_at(&tn->tables[TRS_TBL_PORTS], &k, jiffies,
			       TRS_PORTS_KEY_OFF);
	trs_cell_add(&row->ctr[col], n);
	if (sub != col)
		trs_cell_add(&row->ctr[sub], n);
}

static __always_inline void trs_port_inc(struct trs_net *tn,
					 const struct net *net, __be16 port,
					 unsigned int col)
{
	trs_port_add2(tn, net, port, col, col, 1);
}

static __always_inline void trs_peer_add(struct trs_net *tn,
					 const struct in6_addr *addr,
					 unsigned int col, unsigned int n)
{
	struct trs_key k = { .raddr = *addr };
	struct trs_row *row;

	row = trs_table_row_at(&tn->tables[TRS_TBL_PEERS], &k, jiffies,
			       TRS_PEERS_KEY_OFF);
	trs_cell_add(&row->ctr[col], n);
}

static __always_inline void trs_peer_inc(struct trs_net *tn,
					 const struct in6_addr *addr,
					 unsigned int col)
{
	trs_peer_add(tn, addr, col, 1);
}

static __always_inline void trs_dest_key(const struct trs_endpoints *ep,
					 struct trs_key *k)
{
	*k = (struct trs_key){ .laddr = ep->saddr, .raddr = ep->daddr,
			       .port = ep->dport };
}

static __always_inline void trs_dest_inc(struct trs_net *tn,
					 const struct trs_endpoints *ep,
					 unsigned int col)
{
	struct trs_row *row;
	struct trs_key k;

	trs_dest_key(ep, &k);
	row = trs_table_row_at(&tn->tables[TRS_TBL_DESTS], &k, jiffies,
			       TRS_DESTS_KEY_OFF);
	trs_cell_add(&row->ctr[col], 1);
}

/* Classes and causes are laid out alike in totals and table columns. */
static_assert(TRS_CTR_RST_OUT_OTHER - TRS_CTR_RST_OUT_REFUSED ==
	      TRS_PORT_RST_OUT_OTHER - TRS_PORT_RST_OUT_REFUSED);
static_assert(TRS_CTR_OPEN_FAIL_PASSIVE_LISTEN_DROP - TRS_CTR_OPEN_FAIL_PASSIVE_RESET ==
	      TRS_PORT_OPEN_FAIL_PASSIVE_LISTEN_DROP - TRS_PORT_OPEN_FAIL_PASSIVE_RESET);
static_assert(TRS_CTR_OPEN_FAIL_ACTIVE_REFUSED + TRS_CAUSE_OTHER ==
	      TRS_CTR_OPEN_FAIL_ACTIVE_OTHER);
static_assert(TRS_DEST_OPEN_FAIL_ACTIVE_REFUSED + TRS_CAUSE_OTHER ==
	      TRS_DEST_OPEN_FAIL_ACTIVE_OTHER);

/*
 * The kernel's reason for each RST it originates (6.10 and later): the
 * tcp_send_reset tracepoint names it, our LOCAL_OUT hook sees the segment
 * and its class; the hook counts every RST once, under a reason if it has
 * one by then, else under "unknown".
 *  - The stack's replies (tcp_v4/v6_send_reset) trace before they are
 *    sent: the tracepoint leaves the reason in a mark keyed by the reply's
 *    addresses, ports and namespace, which the hook takes.  A mark the
 *    hook never takes (the reply failed to route) is overwritten later or
 *    goes stale (TRS_WHY_FRESH); one overwritten early, or taken by
 *    another namespace's RST of the same hash (one chance in 2^21), files
 *    a RST under another reason.  No count is ever taken back.
 *  - A socket's own abort (tcp_send_active_reset) traces after it is
 *    sent: the hook counts it as "unknown" and leaves the socket in this
 *    CPU's trs_why_abort, the tracepoint that follows in the same call
 *    finds it there and moves the count to its reason; if the task
 *    migrated in between, it takes the socket from the CPU it was left on
 *    (trs_why_abort_take()).  Both run with interrupts off, and so does a
 *    reset (an IPI on every CPU, below), which keeps moves across CPUs out
 *    while it runs: a reset zeroes both halves of a move or neither.  A
 *    reader may, for an instant, see "unknown" above or below what it
 *    settles to, by the aborts in flight (it is not monotonic).
 *
 * A reply mark is one long, so that 32-bit kernels (MIPS32 has no 64-bit
 * atomics) take and leave it with one word's atomics: on 64-bit, the key's
 * hash in bits 63..32 (its top bits pick the slot), jiffies in 31..16,
 * the reason in 7..0; on 32-bit, the hash's low 16 bits in 31..16 (with
 * the slot's 10, 26 of its 32 bits are checked: another namespace's RST is
 * 64 times likelier to take the mark), jiffies' low 8 in 15..8 (a mark
 * 256 jiffies old looks fresh again, if its hash matches), the reason in
 * 7..0.
 */
/* The kernel's names of its reasons, found by value. */
struct trs_reason_name {
	unsigned int reason;
	const char *name;
};

#if TRS_HAVE_RST_REASON && TRS_HAVE_TRACEPOINTS
#define TRS_WHY_BITS	10
#define TRS_WHY_FRESH	(HZ / 4)

#if BITS_PER_LONG == 64
#define TRS_WHY_HASH_SHIFT	32
#define TRS_WHY_HASH_MASK	0xffffffffUL
#define TRS_WHY_TIME_SHIFT	16
#define TRS_WHY_TIME_MASK	0xffffUL
#else
#define TRS_WHY_HASH_SHIFT	16
#define TRS_WHY_HASH_MASK	0xffffUL
#define TRS_WHY_TIME_SHIFT	8
#define TRS_WHY_TIME_MASK	0xffUL
#endif

static atomic_long_t trs_why[1 << TRS_WHY_BITS];
static DEFINE_PER_CPU(const struct sock *, trs_why_abort);

static_assert(TRS_WHY_FRESH < TRS_WHY_TIME_MASK);

static_assert(TRS_RST_REASONS <= 256);
static_assert(sizeof(struct trs_endpoints) % sizeof(u32) == 0);

static __always_inline u32 trs_why_hash(const struct net *net,
					const struct trs_endpoints *ep)
{
	return jhash2((const u32 *)ep, sizeof(*ep) / sizeof(u32),
		      net_hash_mix(net));
}

static __always_inline atomic_long_t *trs_why_slot(u32 hash)
{
	return &trs_why[hash >> (32 - TRS_WHY_BITS)];
}

static __always_inline unsigned long trs_why_mark(u32 hash, unsigned long now,
						  unsigned int why)
{
	return (hash & TRS_WHY_HASH_MASK) << TRS_WHY_HASH_SHIFT |
	       (now & TRS_WHY_TIME_MASK) << TRS_WHY_TIME_SHIFT | why;
}

/* @mark was left for a reply of @hash, and not long ago. */
static __always_inline bool trs_why_fresh(unsigned long mark, u32 hash,
					  unsigned long now)
{
	return ((mark >> TRS_WHY_HASH_SHIFT) & TRS_WHY_HASH_MASK) ==
	       (hash & TRS_WHY_HASH_MASK) &&
	       ((now - (mark >> TRS_WHY_TIME_SHIFT)) & TRS_WHY_TIME_MASK) <=
	       TRS_WHY_FRESH;
}

/* The hook: the RST's reason, else "unknown", and its count. */
static __always_inline void trs_why_hook(struct trs_net *tn,
					 const struct net *net,
					 const struct trs_endpoints *ep,
					 const struct sock *owner,
					 enum trs_origin origin,
					 unsigned int col)
{
	unsigned long flags, mark;
	atomic_long_t *slot;
	u32 hash;

	if (origin == TRS_ORIGIN_SOCKET) {
		local_irq_save(flags);
		trs_reason_move(tn, -1, TRS_RST_REASON_UNKNOWN, col);
		this_cpu_write(trs_why_abort, owner);
		local_irq_restore(flags);
		return;
	}
	hash = trs_why_hash(net, ep);
	slot = trs_why_slot(hash);
	mark = (unsigned long)atomic_long_read(slot);
	if (trs_why_fresh(mark, hash, jiffies) &&
	    (unsigned long)atomic_long_cmpxchg(slot, (long)mark, 0) == mark)
		trs_reason_move(tn, -1, mark & 0xff, col);
	else
		trs_reason_move(tn, -1, TRS_RST_REASON_UNKNOWN, col);
}

/* The RST that answers @skb (as tcp_v4/v6_send_reset() build it). */
static bool trs_why_reply(const struct sk_buff *skb, struct trs_endpoints *ep)
{
	const struct tcphdr *th = tcp_hdr(skb);

	switch (ip_hdr(skb)->version) {
	case 4:
		ipv6_addr_set_v4mapped(ip_hdr(skb)->daddr, &ep->saddr);
		ipv6_addr_set_v4mapped(ip_hdr(skb)->saddr, &ep->daddr);
		break;
#if IS_ENABLED(CONFIG_IPV6)
	case 6:
		ep->saddr = ipv6_hdr(skb)->daddr;
		ep->daddr = ipv6_hdr(skb)->saddr;
		break;
#endif
	default:
		return false;
	}
	ep->sport = th->dest;
	ep->dport = th->source;
	return true;
}

/*
 * The abort's tracepoint: the count the hook left under "unknown" for @sk
 * moves to @why.  Mostly on this CPU, where the hook left @sk; but a task
 * can migrate between the two (any preemption point in between: frequent
 * on PREEMPT and PREEMPT_RT kernels), and then the slot is another CPU's.
 * That one is taken with a cmpxchg, and the count moves on this CPU: its
 * "unknown" goes one below 0 here and stays one above on the other, which
 * the reader sums.  A reset must not zero one of the two and not the other:
 * it clears every slot and zeroes each CPU in one IPI with interrupts off,
 * so a slot taken here before its CPU's IPI has both halves zeroed after
 * (this CPU's IPI waits for interrupts back on), and one taken after found
 * nothing.  What is left is a take from a CPU whose IPI has already run,
 * from one whose IPI has not: so none is tried while a reset runs.  Every
 * take is a cmpxchg, this CPU's slot too, so no slot is taken twice.  The
 * scan covers possible CPUs (a task leaves a CPU going offline, too); it
 * costs a read per CPU, only for an abort that moved, or whose RST never
 * reached the hook (it failed to transmit).
 */
static void trs_why_abort_take(const struct sock *sk, unsigned int why)
{
	const struct sock **slot;
	struct trs_net *tn;
	unsigned long flags;
	int cpu;

	local_irq_save(flags);
	tn = trs_net_live(sock_net(sk));
	slot = this_cpu_ptr(&trs_why_abort);
	if (READ_ONCE(*slot) != sk || cmpxchg(slot, sk, NULL) != sk) {
		/* not left here: the task migrated after the hook */
		if (!tn || atomic_read_acquire(&tn->resetting))
			goto out;
		for_each_possible_cpu(cpu) {
			slot = per_cpu_ptr(&trs_why_abort, cpu);
			if (READ_ONCE(*slot) == sk &&
			    cmpxchg(slot, sk, NULL) == sk)
				break;
		}
		if (cpu >= nr_cpu_ids)
			goto out;
	}
	if (tn && why != TRS_RST_REASON_UNKNOWN)
		trs_reason_move(tn, TRS_RST_REASON_UNKNOWN, why,
				TRS_REASON_RST_OUT_ABORT);
out:
	local_irq_restore(flags);
}

/*
 * tcp_send_reset: with @skb, the stack answers it (@sk a socket of any
 * kind, or none); without, full socket @sk aborts its connection.
 */
void trs_probe_send_reset(void *data, const struct sock *sk,
			  const struct sk_buff *skb,
			  const enum sk_rst_reason reason)
{
	unsigned int why = (unsigned int)reason < SK_RST_REASON_MAX ?
			   reason : TRS_RST_REASON_UNKNOWN;
	const struct net *net;
	struct trs_endpoints ep;
	u32 hash;

	if (!skb) {
		if (sk)
			trs_why_abort_take(sk, why);
		return;
	}
	net = sk ? sock_net(sk) : skb->dev ? dev_net(skb->dev) : NULL;
	if (!net || !trs_why_reply(skb, &ep))
		return;
	hash = trs_why_hash(net, &ep);
	atomic_long_set(trs_why_slot(hash), (long)trs_why_mark(hash, jiffies, why));
}

/* A reset (trs_stats_reset()), on @cpu with its interrupts off, or offline. */
void trs_reasons_forget(int cpu)
{
	WRITE_ONCE(per_cpu(trs_why_abort, cpu), NULL);
}

#define TRS_REASON_NAME(r)	{ SK_RST_REASON_##r, #r },
#define TRS_REASON_NAME_END(r)
static const struct trs_reason_name trs_reason_names[] = {
	DEFINE_RST_REASON(TRS_REASON_NAME, TRS_REASON_NAME_END)
	{ TRS_RST_REASON_UNKNOWN, "UNKNOWN" },
};
#else
static __always_inline void trs_why_hook(struct trs_net *tn,
					 const struct net *net,
					 const struct trs_endpoints *ep,
					 const struct sock *owner,
					 enum trs_origin origin,
					 unsigned int col)
{
	trs_reason_move(tn, -1, TRS_RST_REASON_UNKNOWN, col);
}

void trs_reasons_forget(int cpu)
{
}

static const struct trs_reason_name trs_reason_names[] = {
	{ TRS_RST_REASON_UNKNOWN, "UNKNOWN" },
};
#endif

/* The name of a reason as /proc and netlink give it: in lower case. */
const char *trs_reason_name(unsigned int reason, char *buf, size_t len)
{
	const char *name = NULL;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(trs_reason_names); i++)
		if (trs_reason_names[i].reason == reason)
			name = trs_reason_names[i].name;
	if (!name) {
		snprintf(buf, len, "reason_%u", reason);
		return buf;
	}
	for (i = 0; name[i] && i + 1 < len; i++)
		buf[i] = tolower(name[i]);
	buf[i] = '\0';
	return buf;
}

static_assert(TRS_REASON_RST_OUT_REFUSED == 0 &&
	      TRS_CTR_RST_OUT_OTHER - TRS_CTR_RST_OUT_REFUSED ==
	      TRS_REASON_RST_OUT_OTHER - TRS_REASON_RST_OUT_REFUSED &&
	      TRS_CTR_RST_OUT_ABORT - TRS_CTR_RST_OUT_REFUSED ==
	      TRS_REASON_RST_OUT_ABORT - TRS_REASON_RST_OUT_REFUSED);

/*
 * A RST on a netfilter hook.  @ep is as on the wire: saddr/sport the
 * sender.  @owner is the socket owning the segment (skb->sk), not the
 * hook's: IPv6 REJECT in OUTPUT passes the rejected socket to the hook
 * while its RST has no owner, as IPv4's has.  @reply: the stack's reply
 * owned by the socket it answers.  Routed RSTs count for both peers: the
 * one that sent it and the one it was meant for.
 */
static __always_inline void trs_account_rst(struct trs_net *tn,
					    const struct nf_hook_state *state,
					    const struct trs_endpoints *ep,
					    const struct tcphdr *th,
					    const struct sock *owner,
					    bool reply)
{
	enum trs_counter class;
	enum trs_origin origin;

	switch (state->hook) {
	case NF_INET_LOCAL_IN:
		trs_inc(tn, TRS_CTR_RST_IN);
		trs_port_inc(tn, state->net, ep->dport, TRS_PORT_RST_IN);
		trs_peer_inc(tn, &ep->saddr, TRS_PEER_RST_IN);
		break;
	case NF_INET_LOCAL_OUT:
		origin = trs_rst_origin(owner, reply);
		class = trs_classify_rst_out(th, origin);
		trs_inc(tn, TRS_CTR_RST_OUT);
		trs_inc(tn, class);
		trs_port_add2(tn, state->net, ep->sport, TRS_PORT_RST_OUT,
			      TRS_PORT_RST_OUT_REFUSED +
			      (class - TRS_CTR_RST_OUT_REFUSED), 1);
		trs_peer_inc(tn, &ep->daddr, TRS_PEER_RST_OUT);
		trs_why_hook(tn, state->net, ep, owner, origin,
			     class - TRS_CTR_RST_OUT_REFUSED);
		break;
	case NF_INET_FORWARD:
		trs_inc(tn, TRS_CTR_RST_FWD);
		trs_peer_inc(tn, &ep->saddr, TRS_PEER_RST_FWD_SENT);
		trs_peer_inc(tn, &ep->daddr, TRS_PEER_RST_FWD_RCVD);
		break;
	default:
		break;
	}
}

#if !TRS_HAVE_TRACEPOINTS
/*
 * Without tracepoints (compat.h), LOCAL_IN still sees what fails an open
 * in SYN_SENT: a RST answering its SYN, or an ICMP error about the SYN,
 * on its way to TCP.  The socket is looked up as TCP will look it up, and
 * TCP's own tests of whether the segment closes it are repeated, so what
 * is counted is what TCP then does.  Only RSTs and ICMP errors come here:
 * no other packet pays for a lookup.  Documentation/counters.rst says
 * what TCP checks that these do not.
 */

/* @sk, a referenced lookup result, when it is a TCP socket in SYN_SENT. */
static struct sock *trs_synsent_sock(struct sock *sk)
{
	if (!sk)
		return NULL;
	if (sk_fullsock(sk) && sk->sk_protocol == IPPROTO_TCP &&
	    READ_ONCE(sk->sk_state) == TCP_SYN_SENT)
		return sk;
	sock_gen_put(sk);
	return NULL;
}

/* An open of @sk failed with @cause; @rst: by the RST it was refused with. */
static void trs_synsent_fail(struct trs_net *tn, const struct sock *sk,
			     enum trs_cause cause, bool rst)
{
	struct trs_endpoints ep;
	struct trs_row *row;
	struct trs_key k;

	trs_endpoints_from_sk(sk, &ep);
	trs_inc(tn, TRS_CTR_OPEN_FAIL_ACTIVE_REFUSED + cause);
	trs_dest_key(&ep, &k);
	row = trs_table_row_at(&tn->tables[TRS_TBL_DESTS], &k, jiffies,
			       TRS_DESTS_KEY_OFF);
	trs_cell_add(&row->ctr[TRS_DEST_OPEN_FAIL_ACTIVE_REFUSED + cause], 1);
	if (!rst)
		return;
	trs_cell_add(&row->ctr[TRS_DEST_RST_IN_REFUSED], 1);
	trs_inc(tn, TRS_CTR_RST_IN_REFUSED);
	trs_port_inc(tn, sock_net(sk), ep.sport, TRS_PORT_RST_IN_REFUSED);
}

/*
 * A RST on LOCAL_IN: TCP resets a socket in SYN_SENT with it when it
 * acknowledges the SYN (tcp_rcv_synsent_state_process()), and drops it
 * otherwise; a corrupt one never gets that far.  The SYN's end is
 * write_seq, not snd_nxt: connect() moves snd_nxt only after sending the
 * SYN, and a RST from this host (loopback) comes back before that, to a
 * socket connect() still owns, which TCP then processes once snd_nxt has
 * moved.
 */
static noinline void trs_synsent_rst(struct trs_net *tn,
				     const struct nf_hook_state *state,
				     struct sk_buff *skb,
				     const struct tcphdr *th, int thoff)
{
	struct inet_hashinfo *h = trs_death_row(state->net)->hashinfo;
	struct sock *sk = NULL;
	u32 ack;

	if (!th->ack)
		return;
	if (state->pf == NFPROTO_IPV4)
		sk = __inet_lookup_established(state->net, h, ip_hdr(skb)->saddr,
					       th->source, ip_hdr(skb)->daddr,
					       ntohs(th->dest), inet_iif(skb),
					       inet_sdif(skb));
#if IS_ENABLED(CONFIG_IPV6)
	else
		sk = __inet6_lookup_established(state->net, h,
						&ipv6_hdr(skb)->saddr,
						th->source,
						&ipv6_hdr(skb)->daddr,
						ntohs(th->dest), inet6_iif(skb),
						inet6_sdif(skb));
#endif
	sk = trs_synsent_sock(sk);
	if (!sk)
		return;
	ack = ntohl(th->ack_seq);
	if (after(ack, READ_ONCE(tcp_sk(sk)->snd_una)) &&
	    !after(ack, READ_ONCE(tcp_sk(sk)->write_seq)) &&
	    !nf_checksum(skb, state->hook, thoff, IPPROTO_TCP, state->pf))
		trs_synsent_fail(tn, sk, TRS_CAUSE_REFUSED, true);
	sock_gen_put(sk);
}

/*
 * What an ICMP error quotes of the segment it is about: TCP's first 8
 * bytes, as they were sent.
 */
struct trs_quoted_tcp {
	__be16 source;
	__be16 dest;
	__be32 seq;
};

/*
 * An ICMP error about @sk's SYN, quoting @q, of @cause: TCP closes the
 * socket (tcp_v4_err(), tcp_v6_err()) when the error is about a sequence
 * number it sent and the socket's owner is not using it at the moment;
 * else it only notes a soft error.
 */
static void trs_synsent_icmp(struct trs_net *tn, struct sock *sk,
			     const struct trs_quoted_tcp *q,
			     enum trs_cause cause)
{
	u32 seq = ntohl(q->seq);

	if (!sock_owned_by_user_nocheck(sk) &&
	    between(seq, READ_ONCE(tcp_sk(sk)->snd_una),
		    READ_ONCE(tcp_sk(sk)->snd_nxt)))
		trs_synsent_fail(tn, sk, cause, false);
	sock_gen_put(sk);
}

/*
 * The cause of the failed open an ICMP error makes, from the errno
 * tcp_v4_err() gives the socket: refused or unreachable, the causes
 * counted without tracepoints (Documentation/counters.rst); else -1 (not
 * fatal, or another cause).
 */
static int trs_icmp_cause(u8 type, u8 code)
{
	switch (type) {
	case ICMP_DEST_UNREACH:
		if (code > NR_ICMP_UNREACH || code == ICMP_FRAG_NEEDED)
			return -1;
		switch (trs_classify_open_fail(icmp_err_convert[code].errno)) {
		case TRS_CAUSE_REFUSED:
			return TRS_CAUSE_REFUSED;
		case TRS_CAUSE_UNREACH:
			return TRS_CAUSE_UNREACH;
		default:
			return -1;
		}
	case ICMP_TIME_EXCEEDED:	/* EHOSTUNREACH */
		return TRS_CAUSE_UNREACH;
	default:			/* ICMP_PARAMETERPROB: EPROTO */
		return -1;
	}
}

/*
 * An ICMP packet on LOCAL_IN (hooks.c), its header at @off; returns the
 * hook's verdict.  icmp_rcv() drops a corrupt one, and errors sent to a
 * broadcast or multicast address, before TCP sees them.
 */
unsigned int trs_account_icmp_ipv4(struct sk_buff *skb,
				   const struct nf_hook_state *state, int off)
{
	const struct rtable *rt = skb_rtable(skb);
	struct trs_quoted_tcp _q;
	const struct trs_quoted_tcp *q;
	const struct icmphdr *ih;
	const struct iphdr *iph;
	struct icmphdr _ih;
	struct iphdr _iph;
	struct trs_net *tn;
	struct sock *sk;
	int cause;

	ih = skb_header_pointer(skb, off, sizeof(_ih), &_ih);
	if (!ih)
		return NF_ACCEPT;
	cause = trs_icmp_cause(ih->type, ih->code);
	if (cause < 0)
		return NF_ACCEPT;
	off += sizeof(_ih);
	iph = skb_header_pointer(skb, off, sizeof(_iph), &_iph);
	if (!iph || iph->ihl < 5 || iph->protocol != IPPROTO_TCP)
		return NF_ACCEPT;
	q = skb_header_pointer(skb, off + iph->ihl * 4, sizeof(_q), &_q);
	tn = trs_net_live(state->net);
	if (!q || !tn || (rt && rt->rt_flags & (RTCF_BROADCAST | RTCF_MULTICAST)) ||
	    nf_checksum(skb, state->hook, off - sizeof(_ih), IPPROTO_ICMP,
			NFPROTO_IPV4))
		return NF_ACCEPT;
	/* The SYN was from us (saddr) to the peer (daddr). */
	sk = __inet_lookup_established(state->net,
				       trs_death_row(state->net)->hashinfo,
				       iph->daddr, q->dest, iph->saddr,
				       ntohs(q->source), inet_iif(skb), 0);
	sk = trs_synsent_sock(sk);
	if (sk && iph->ttl >= READ_ONCE(inet_sk(sk)->min_ttl))
		trs_synsent_icmp(tn, sk, q, cause);
	else if (sk)
		sock_gen_put(sk);
	return NF_ACCEPT;
}

#if IS_ENABLED(CONFIG_IPV6)
/*
 * ICMPv6: as trs_icmp_cause(), from the errno tcp_v6_err() gives (by
 * icmpv6_err_convert(), which lives in the ipv6 module).  A destination
 * unreachable is ENETUNREACH (no route), EHOSTUNREACH (codes 2, 3),
 * ECONNREFUSED (port) or EACCES (prohibited: another cause); a time
 * exceeded EHOSTUNREACH; anything else EPROTO.  A too-big (path MTU) and
 * informational messages are not errors.
 */
static int trs_icmp6_cause(u8 type, u8 code)
{
	if (type == ICMPV6_TIME_EXCEED)
		return TRS_CAUSE_UNREACH;
	if (type != ICMPV6_DEST_UNREACH)
		return -1;
	switch (code) {
	case ICMPV6_NOROUTE:
	case ICMPV6_NOT_NEIGHBOUR:
	case ICMPV6_ADDR_UNREACH:
		return TRS_CAUSE_UNREACH;
	case ICMPV6_PORT_UNREACH:
		return TRS_CAUSE_REFUSED;
	default:
		return -1;
	}
}

/* An ICMPv6 packet on LOCAL_IN, its header at @off (hooks.c). */
unsigned int trs_account_icmp_ipv6(struct sk_buff *skb,
				   const struct nf_hook_state *state, int off)
{
	struct trs_quoted_tcp _q;
	const struct trs_quoted_tcp *q;
	const struct icmp6hdr *ih;
	const struct ipv6hdr *ip6h;
	struct ipv6hdr _ip6h;
	struct icmp6hdr _ih;
	struct trs_net *tn;
	int cause, inner;
	__be16 frag_off;
	struct sock *sk;
	u8 nexthdr;

	ih = skb_header_pointer(skb, off, sizeof(_ih), &_ih);
	if (!ih)
		return NF_ACCEPT;
	cause = trs_icmp6_cause(ih->icmp6_type, ih->icmp6_code);
	if (cause < 0)
		return NF_ACCEPT;
	inner = off + sizeof(_ih);
	ip6h = skb_header_pointer(skb, inner, sizeof(_ip6h), &_ip6h);
	if (!ip6h)
		return NF_ACCEPT;
	nexthdr = ip6h->nexthdr;
	inner = ipv6_skip_exthdr(skb, inner + sizeof(_ip6h), &nexthdr, &frag_off);
	if (inner < 0 || nexthdr != IPPROTO_TCP)
		return NF_ACCEPT;
	q = skb_header_pointer(skb, inner, sizeof(_q), &_q);
	tn = trs_net_live(state->net);
	if (!q || !tn ||
	    nf_checksum(skb, state->hook, off, IPPROTO_ICMPV6, NFPROTO_IPV6))
		return NF_ACCEPT;
	sk = __inet6_lookup_established(state->net,
					trs_death_row(state->net)->hashinfo,
					&ip6h->daddr, q->dest, &ip6h->saddr,
					ntohs(q->source), skb->dev->ifindex,
					inet6_sdif(skb));
	sk = trs_synsent_sock(sk);
	if (sk && ipv6_hdr(skb)->hop_limit >= READ_ONCE(inet6_sk(sk)->min_hopcount))
		trs_synsent_icmp(tn, sk, q, cause);
	else if (sk)
		sock_gen_put(sk);
	return NF_ACCEPT;
}
#endif
#else
static __always_inline void trs_synsent_rst(struct trs_net *tn,
					    const struct nf_hook_state *state,
					    struct sk_buff *skb,
					    const struct tcphdr *th, int thoff)
{
}
#endif

static __always_inline void trs_count_rst(const struct nf_hook_state *state,
					  struct sk_buff *skb,
					  struct trs_endpoints *ep, int thoff)
{
	struct trs_net *tn = trs_net_live(state->net);
	const struct tcphdr *th;
	struct tcphdr _th;

	if (!tn)
		return;
	/*
	 * A VRF passes what it sends through LOCAL_OUT twice: for itself,
	 * then for the real device with skb->dev the VRF (on 6.1, in
	 * vrf_ip_out_direct() or vrf_process_v4_outbound(), and their IPv6
	 * twins).  The first pass counts.
	 */
	if (state->hook == NF_INET_LOCAL_OUT && skb->dev &&
	    unlikely(netif_is_l3_master(skb->dev)) && skb->dev != state->out)
		return;
	th = skb_header_pointer(skb, thoff, sizeof(_th), &_th);
	if (!th)
		return;
	ep->sport = th->source;
	ep->dport = th->dest;
	/*
	 * From 6.13 the stack's reply is owned by the socket it answers
	 * (ip_send_unicast_reply(), tcp_v6_send_response():
	 * skb_set_owner_edemux()), a full one too: still the stack's.
	 */
	trs_account_rst(tn, state, ep, th, skb->sk,
			skb->destructor == sock_edemux);
	if (state->hook == NF_INET_LOCAL_IN)
		trs_synsent_rst(tn, state, skb, th, thoff);
	else if (state->hook == NF_INET_FORWARD)
		trs_fwd_tcp(tn, skb, th);
}

/*
 * A RST segment on a hook (hooks.c); its TCP header is at @thoff.  Returns
 * the hook's verdict, NF_ACCEPT, so that the hook can end in a tail call.
 */
unsigned int trs_account_rst_ipv4(struct sk_buff *skb,
				  const struct nf_hook_state *state, int thoff)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct trs_endpoints ep;

	ipv6_addr_set_v4mapped(iph->saddr, &ep.saddr);
	ipv6_addr_set_v4mapped(iph->daddr, &ep.daddr);
	trs_count_rst(state, skb, &ep, thoff);
	return NF_ACCEPT;
}

#if IS_ENABLED(CONFIG_IPV6)
unsigned int trs_account_rst_ipv6(struct sk_buff *skb,
				  const struct nf_hook_state *state, int thoff)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct trs_endpoints ep;

	ep.saddr = ip6h->saddr;
	ep.daddr = ip6h->daddr;
	trs_count_rst(state, skb, &ep, thoff);
	return NF_ACCEPT;
}
#endif

#if TRS_HAVE_TRACEPOINTS
/*
 * tcp_reset() on a socket in SYN_SENT reports the RST, then closes the
 * socket in the same call (tcp_done()): the failed open.  Both events count
 * the same destination, so the RST is counted with the failed open, at the
 * state change: one lookup and one BH toggle instead of two.  The RST's
 * probe leaves a mark for the socket; the state change to CLOSE takes it.
 * The mark carries the local port, which tcp_set_state() has released by
 * then.  A mark is claimed with cmpxchg: when its slot is taken (another
 * socket, another CPU), the RST is counted at once, as in other states.
 * So a RST is counted once whatever CPU the state change runs on, and a
 * SYN_SENT socket closed by anything else (an ICMP error, a timeout) finds
 * no mark.  Slots are static: no mark outlives the module.
 */
struct trs_rst_mark {
	const struct sock *sk;
	u16 port;			/* host order */
};

static struct trs_rst_mark trs_rst_marks[1 << TRS_RST_MARK_BITS];

static __always_inline struct trs_rst_mark *trs_rst_slot(const struct sock *sk)
{
	return &trs_rst_marks[hash_ptr(sk, TRS_RST_MARK_BITS)];
}

bool trs_rst_mark(const struct sock *sk)
{
	struct trs_rst_mark *m = trs_rst_slot(sk);

	if (cmpxchg(&m->sk, NULL, sk))
		return false;
	/* Read by the same thread, at the state change. */
	m->port = sk->sk_num;
	return true;
}

/* The local port (host order) of @sk when its RST left a mark, else -1. */
int trs_rst_take(const struct sock *sk)
{
	struct trs_rst_mark *m = trs_rst_slot(sk);
	int port;

	if (READ_ONCE(m->sk) != sk)
		return -1;
	port = m->port;
	/* Only this socket's owner clears it; others only claim it when free. */
	smp_store_release(&m->sk, NULL);
	return port;
}

/*
 * TCP accepted a RST on a full socket (tcp_reset()).  rst_in_other is the
 * remainder of rst_in, derived when read, so only the two named classes
 * are counted here.  A destination is an outgoing connection: any socket
 * in SYN_SENT, and a synchronized one whose local port is in the ephemeral
 * range (connect() without bind(); an accepted socket has its listener's).
 */
static __always_inline void trs_account_rst_accepted(struct trs_net *tn,
						     const struct sock *sk)
{
	int state = READ_ONCE(sk->sk_state);
	enum trs_counter class = trs_classify_rst_in(state);
	const struct net *net = sock_net(sk);
	struct trs_endpoints ep;
	bool bh;

	if (class == TRS_CTR_RST_IN_OTHER)
		return;
	if (class == TRS_CTR_RST_IN_REFUSED && trs_rst_mark(sk))
		return;
	trs_endpoints_from_sk(sk, &ep);
	trs_inc(tn, class);
	bh = trs_bh_disable();
	if (class == TRS_CTR_RST_IN_REFUSED) {
		trs_port_inc(tn, net, ep.sport, TRS_PORT_RST_IN_REFUSED);
		trs_dest_inc(tn, &ep, TRS_DEST_RST_IN_REFUSED);
	} else {
		trs_port_inc(tn, net, ep.sport, TRS_PORT_RST_IN_RESET);
		if (trs_port_ephemeral(net, ep.sport))
			trs_dest_inc(tn, &ep, TRS_DEST_RST_IN_RESET);
	}
	trs_bh_restore(bh);
}

/* @rst_port: the local port of the RST that closed it (marked), or -1. */
static __always_inline void trs_account_active_fail(struct trs_net *tn,
						    const struct sock *sk,
						    int rst_port)
{
	enum trs_cause cause = trs_classify_open_fail(READ_ONCE(sk->sk_err));
	struct trs_endpoints ep;
	struct trs_row *row;
	struct trs_key k;

	trs_endpoints_from_sk(sk, &ep);
	trs_inc(tn, TRS_CTR_OPEN_FAIL_ACTIVE);
	trs_inc(tn, TRS_CTR_OPEN_FAIL_ACTIVE_REFUSED + cause);
	trs_peer_inc(tn, &ep.daddr, TRS_PEER_OPEN_FAIL_ACTIVE);
	trs_dest_key(&ep, &k);
	row = trs_table_row_at(&tn->tables[TRS_TBL_DESTS], &k, jiffies,
			       TRS_DESTS_KEY_OFF);
	trs_cell_add(&row->ctr[TRS_DEST_OPEN_FAIL_ACTIVE], 1);
	trs_cell_add(&row->ctr[TRS_DEST_OPEN_FAIL_ACTIVE_REFUSED + cause], 1);
	if (rst_port < 0)
		return;
	trs_cell_add(&row->ctr[TRS_DEST_RST_IN_REFUSED], 1);
	trs_inc(tn, TRS_CTR_RST_IN_REFUSED);
	trs_port_inc(tn, sock_net(sk), htons(rst_port), TRS_PORT_RST_IN_REFUSED);
}
#endif

static void trs_account_passive(struct trs_net *tn, const struct net *net,
				__be16 lport, const struct in6_addr *raddr,
				unsigned int cause, unsigned int n)
{
	trs_add(tn, TRS_CTR_OPEN_FAIL_PASSIVE, n);
	trs_add(tn, cause, n);
	trs_port_add2(tn, net, lport, TRS_PORT_OPEN_FAIL_PASSIVE,
		      TRS_PORT_OPEN_FAIL_PASSIVE_RESET +
		      (cause - TRS_CTR_OPEN_FAIL_PASSIVE_RESET), n);
	trs_peer_add(tn, raddr, TRS_PEER_OPEN_FAIL_PASSIVE, n);
}

#if TRS_HAVE_TRACEPOINTS
/* A TCP state change (inet_sock_set_state). */
static __always_inline void trs_account_state(struct trs_net *tn,
					      const struct sock *sk,
					      int oldstate, int newstate,
					      int rst_port)
{
	enum trs_transition trans = trs_classify_transition(oldstate, newstate);
	struct trs_endpoints ep;
	bool bh;

	if (trans == TRS_TRANS_NONE)
		return;
	bh = trs_bh_disable();
	switch (trans) {
	case TRS_TRANS_ACTIVE_FAIL:
		/*
		 * connect() sets SYN_SENT before asking for a local port and
		 * goes back to CLOSE if it gets none (tcp_v4_connect,
		 * tcp_v6_connect): then no segment was ever sent (segs_out
		 * is also reset by tcp_disconnect()).  By the time this
		 * tracepoint fires the port of any socket is released, so
		 * sk_num cannot tell.  A Fast Open connect() defers its SYN
		 * to the first send: closing before it is neither.
		 */
		if (tcp_sk(sk)->segs_out || rst_port >= 0)
			trs_account_active_fail(tn, sk, rst_port);
		else if (!trs_defer_connect(sk))
			trs_account_eaddrnotavail(tn, sk);
		break;
	case TRS_TRANS_PASSIVE_FAIL:
		/*
		 * A full socket still in SYN_RECV: only a Fast Open child
		 * fails there as a connection.  Other children reach CLOSE
		 * from SYN_RECV when the kernel gives up creating them
		 * (tcp_v4_syn_recv_sock's put_and_exit, counted as a listen
		 * drop; losing the ehash race to another CPU's copy).
		 */
		if (!rcu_access_pointer(tcp_sk(sk)->fastopen_rsk))
			break;
		trs_endpoints_from_sk(sk, &ep);
		trs_account_passive(tn, sock_net(sk), ep.sport, &ep.daddr,
				    TRS_CTR_OPEN_FAIL_PASSIVE_RESET, 1);
		break;
	case TRS_TRANS_ESTAB_RESET:
		trs_endpoints_from_sk(sk, &ep);
		trs_inc(tn, TRS_CTR_ESTAB_RESET);
		trs_peer_inc(tn, &ep.daddr, TRS_PEER_ESTAB_RESET);
		break;
	case TRS_TRANS_NONE:
		break;
	}
	trs_bh_restore(bh);
}

/*
 * The tracepoint probes (registered by probes.c) count here directly, so
 * that the accounting above is inlined into them.
 */
void trs_probe_receive_reset(void *data, struct sock *sk)
{
	struct trs_net *tn = trs_net_live(sock_net(sk));

	if (tn)
		trs_account_rst_accepted(tn, sk);
}

static noinline void trs_probe_closed(const struct sock *sk, int oldstate)
{
	struct trs_net *tn;
	int rst_port = -1;

	/* Taken even when not counted, so that no mark is left behind. */
	if (oldstate == TCP_SYN_SENT)
		rst_port = trs_rst_take(sk);
	tn = trs_net_live(sock_net(sk));
	if (tn)
		trs_account_state(tn, sk, oldstate, TCP_CLOSE, rst_port);
}

/* Every state change of every TCP socket: the others return at once. */
void trs_probe_set_state(void *data, const struct sock *sk,
			 const int oldstate, const int newstate)
{
	if (sk->sk_protocol != IPPROTO_TCP || newstate != TCP_CLOSE)
		return;
	trs_probe_closed(sk, oldstate);
}
#endif

/*
 * A request socket (SYN_RECV, no full socket yet) failed; @cause is one of
 * TRS_CTR_OPEN_FAIL_PASSIVE_{RESET,TIMEOUT,LISTEN_DROP}.
 */
void trs_req_key(const struct request_sock *req, struct trs_req_key *k)
{
	const struct inet_request_sock *ireq = inet_rsk(req);

	k->net = read_pnet(&ireq->ireq_net);
	k->lport = htons(ireq->ir_num);
#if IS_ENABLED(CONFIG_IPV6)
	if (req->__req_common.skc_family == AF_INET6) {
		k->raddr = ireq->ir_v6_rmt_addr;
		return;
	}
#endif
	ipv6_addr_set_v4mapped(ireq->ir_rmt_addr, &k->raddr);
}

void trs_account_passive_fail(struct trs_net *tn, const struct trs_req_key *k,
			      unsigned int cause)
{
	trs_account_passive(tn, k->net, k->lport, &k->raddr, cause, 1);
}

/*
 * connect() failed before sending its SYN: for want of a free ephemeral
 * port toward this destination (__inet_hash_connect(): EADDRNOTAVAIL), or
 * in rare cases for want of memory for the port or the SYN.
 */
void trs_account_eaddrnotavail(struct trs_net *tn, const struct sock *sk)
{
	struct trs_endpoints ep;

	trs_endpoints_from_sk(sk, &ep);
	trs_inc(tn, TRS_CTR_EADDRNOTAVAIL);
	trs_dest_inc(tn, &ep, TRS_DEST_EADDRNOTAVAIL);
}

/* @n SYNs or handshakes from @raddr dropped by a full queue of @listener. */
void trs_account_listen_drops(struct trs_net *tn, const struct sock *listener,
			      const struct in6_addr *raddr, unsigned int n)
{
	trs_account_passive(tn, sock_net(listener), htons(listener->sk_num),
			    raddr, TRS_CTR_OPEN_FAIL_PASSIVE_LISTEN_DROP, n);
}

/*
 * An explicit reset (netlink), from another CPU than the counters' own:
 * an event counted on a CPU while it runs may survive or be lost, so a
 * reset is a point in time only to within that (and, on 32-bit, a reader
 * racing it may see a torn value once).
 */
/*
 * A reason's count may move (above): the hook counts an abort as "unknown"
 * and the tracepoint that follows moves it, each with interrupts off, on
 * the hook's CPU or, if the task migrated, on its new one.  So each CPU
 * zeroes its own reasons with its interrupts off (an IPI): between two
 * moves, never inside one, and forgets the abort it may be waiting for,
 * whose count is gone.  tn->resetting keeps the moves across CPUs out
 * while the IPIs run.
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
	atomic_inc(&tn->resetting);
	/* raised before any IPI: a take after its CPU's IPI sees it */
	smp_mb__after_atomic();
	on_each_cpu(trs_reasons_reset_local, tn, 1);
	for_each_possible_cpu(cpu) {
		if (cpu_online(cpu))
			continue;
		trs_reasons_forget(cpu);
		memset(per_cpu_ptr(tn->stats, cpu)->reason, 0,
		       sizeof(per_cpu_ptr(tn->stats, cpu)->reason));
	}
	/* lowered after every slot is cleared: a take then finds none */
	smp_mb__before_atomic();
	atomic_dec(&tn->resetting);
	cpus_read_unlock();
}
