// SPDX-License-Identifier: GPL-2.0
/*
 * tcpresetstat: the opens a router forwards, and how they fail: the
 * forwarded table (Documentation/counters.rst, "Forwarded opens").
 *
 * nf_conntrack already follows every connection the router forwards; what
 * it does not keep is whether one failed to open.  FORWARD sees the first
 * SYN of a connection conntrack has just made: it is remembered here, by
 * its conntrack entry (a reference held), until one of these ends it:
 *  - a SYN-ACK for it, forwarded back: answered, forgotten;
 *  - a RST that acknowledges the SYN, forwarded back: refused;
 *  - an ICMP error that quotes the SYN, forwarded back: unreachable;
 *  - conntrack's entry expiring in SYN_SENT (nf_conntrack_tcp_timeout_syn_sent
 *    after the last SYN): a timeout, seen by a work that looks once a
 *    second while anything is pending;
 *  - the entry ending otherwise (a flush, an early drop, the namespace
 *    going), or never confirmed (the SYN dropped after FORWARD):
 *    forgotten, not counted.
 * Only SYNs, RSTs and ICMP errors come here; other forwarded segments pay
 * for the hook's flag test (hooks.c).  Nothing here calls into
 * nf_conntrack.ko: the entry is read from the skb, and references are put
 * through netfilter's core, so the module neither loads conntrack nor
 * needs it.  Without conntrack in a namespace, nothing is followed there.
 *
 * The entries are few (at most the namespace's forwarded_pending) and
 * change once or twice per forwarded connection: one lock per namespace,
 * taken with BH off, as FORWARD nearly always runs (a device may deliver
 * from process context).
 */
#include <linux/hash.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <net/ipv6.h>

#include "classify.h"
#include "tcpresetstat.h"

#if TRS_HAVE_CONNTRACK
#include <net/netfilter/nf_conntrack.h>

/* A forwarded open waiting for its answer. */
struct trs_fwd_open {
	struct hlist_node node;
	struct nf_conn *ct;		/* referenced */
	struct trs_key key;		/* its row: remote address and port */
	struct in6_addr client;		/* its peers row */
	u32 isn;			/* the SYN's sequence number */
	unsigned int pass;		/* the work's pass when it came */
	enum trs_fwd_verdict end;	/* the work's verdict */
};

/* Causes, as column offsets from TRS_FWD_OPEN_FAIL_REFUSED. */
static_assert(TRS_FWD_OPEN_FAIL_TIMEOUT - TRS_FWD_OPEN_FAIL_REFUSED ==
	      TRS_CTR_OPEN_FAIL_FWD_TIMEOUT - TRS_CTR_OPEN_FAIL_FWD_REFUSED);
#define TRS_CAUSE_FWD_REFUSED	0
#define TRS_CAUSE_FWD_UNREACH	(TRS_FWD_OPEN_FAIL_UNREACH - TRS_FWD_OPEN_FAIL_REFUSED)
#define TRS_CAUSE_FWD_TIMEOUT	(TRS_FWD_OPEN_FAIL_TIMEOUT - TRS_FWD_OPEN_FAIL_REFUSED)

static struct hlist_head *trs_fwd_bucket(struct trs_fwd *f,
					 const struct nf_conn *ct)
{
	return &f->head[hash_ptr(ct, TRS_FWD_BUCKET_BITS)];
}

static void trs_fwd_free(struct trs_fwd_open *o)
{
	nf_conntrack_put(&o->ct->ct_general);
	kfree(o);
}

/* A failed open of cause @cause (TRS_CAUSE_FWD_*), in every place. */
static void trs_fwd_count(struct trs_net *tn, const struct trs_fwd_open *o,
			  unsigned int cause)
{
	struct trs_key peer = { .raddr = o->client };
	struct trs_row *row;

	trs_inc(tn, TRS_CTR_OPEN_FAIL_FWD);
	trs_inc(tn, TRS_CTR_OPEN_FAIL_FWD_REFUSED + cause);
	row = trs_table_row_at(&tn->tables[TRS_TBL_FWD], &o->key, jiffies,
			       TRS_FWD_KEY_OFF);
	trs_cell_add(&row->ctr[TRS_FWD_OPEN_FAIL], 1);
	trs_cell_add(&row->ctr[TRS_FWD_OPEN_FAIL_REFUSED + cause], 1);
	row = trs_table_row_at(&tn->tables[TRS_TBL_PEERS], &peer, jiffies,
			       TRS_PEERS_KEY_OFF);
	trs_cell_add(&row->ctr[TRS_PEER_OPEN_FAIL_FWD], 1);
}

/* What the work makes of @o now (classify.h); @old as there. */
static enum trs_fwd_verdict trs_fwd_verdict(const struct trs_fwd_open *o,
					    bool old)
{
	const struct nf_conn *ct = o->ct;

	return trs_classify_fwd(nf_ct_is_confirmed(ct), old,
				READ_ONCE(ct->proto.tcp.state) == TCP_CONNTRACK_SYN_SENT,
				nf_ct_is_expired(ct), nf_ct_is_dying(ct));
}

/*
 * Once a second while opens are pending.  References are put outside the
 * lock: the last one frees the entry through conntrack.
 */
static void trs_fwd_work(struct work_struct *work)
{
	struct trs_fwd *f = container_of(to_delayed_work(work), struct trs_fwd,
					 work);
	struct trs_net *tn = container_of(f, struct trs_net, fwd);
	struct trs_fwd_open *o;
	struct hlist_node *tmp;
	HLIST_HEAD(ended);
	enum trs_fwd_verdict v;
	unsigned int b, pass;
	bool more;

	spin_lock_bh(&f->lock);
	pass = f->pass++;
	for (b = 0; b < ARRAY_SIZE(f->head); b++) {
		hlist_for_each_entry_safe(o, tmp, &f->head[b], node) {
			v = trs_fwd_verdict(o, o->pass != pass);
			if (v == TRS_FWD_KEEP)
				continue;
			hlist_del(&o->node);
			WRITE_ONCE(f->n, f->n - 1);
			o->end = v;
			hlist_add_head(&o->node, &ended);
		}
	}
	more = f->n;
	spin_unlock_bh(&f->lock);

	/* Counted as the hooks count: an RCU reader, BH off (table.h). */
	local_bh_disable();
	rcu_read_lock();
	hlist_for_each_entry(o, &ended, node)
		if (o->end == TRS_FWD_TIMEOUT && READ_ONCE(tn->live))
			trs_fwd_count(tn, o, TRS_CAUSE_FWD_TIMEOUT);
	rcu_read_unlock();
	local_bh_enable();
	hlist_for_each_entry_safe(o, tmp, &ended, node)
		trs_fwd_free(o);
	if (more)
		schedule_delayed_work(&f->work, HZ);
}

/* A forwarded SYN whose conntrack entry it made, and so not yet confirmed. */
static void trs_fwd_track(struct trs_net *tn, struct nf_conn *ct, u32 isn)
{
	const struct nf_conntrack_tuple *t = &ct->tuplehash[IP_CT_DIR_ORIGINAL].tuple;
	struct trs_fwd *f = &tn->fwd;
	u32 cap = trs_cfg(tn, TRS_CFG_FORWARDED_PENDING);
	struct trs_fwd_open *o;
	bool first;

	if (!cap)
		return;
	if (READ_ONCE(f->n) >= cap)
		goto full;
	o = kzalloc(sizeof(*o), GFP_ATOMIC | __GFP_NOWARN);
	if (!o)
		goto full;
	if (t->src.l3num == NFPROTO_IPV4) {
		ipv6_addr_set_v4mapped(t->src.u3.ip, &o->client);
		ipv6_addr_set_v4mapped(t->dst.u3.ip, &o->key.raddr);
	} else {
		o->client = t->src.u3.in6;
		o->key.raddr = t->dst.u3.in6;
	}
	o->key.port = t->dst.u.tcp.port;
	o->isn = isn;
	nf_conntrack_get(&ct->ct_general);
	o->ct = ct;

	spin_lock_bh(&f->lock);
	if (f->n >= cap) {
		spin_unlock_bh(&f->lock);
		trs_fwd_free(o);
		goto full;
	}
	o->pass = f->pass;
	hlist_add_head(&o->node, trs_fwd_bucket(f, ct));
	first = !f->n;
	WRITE_ONCE(f->n, f->n + 1);
	spin_unlock_bh(&f->lock);
	if (first)
		schedule_delayed_work(&f->work, HZ);
	return;

full:
	trs_inc(tn, TRS_CTR_OPEN_FWD_UNTRACKED);
}

/*
 * A reply for @ct: a SYN-ACK (@cause < 0) ends its open, answered; a RST
 * (@ack, its acknowledgment number) or an ICMP error (@ack, the sequence
 * number it quotes) of cause @cause ends it failed if it is about the SYN,
 * as TCP checks, and else changes nothing.
 */
static void trs_fwd_reply(struct trs_net *tn, const struct nf_conn *ct,
			  int cause, u32 ack)
{
	struct trs_fwd *f = &tn->fwd;
	struct trs_fwd_open *o;

	if (!READ_ONCE(f->n))
		return;
	spin_lock_bh(&f->lock);
	hlist_for_each_entry(o, trs_fwd_bucket(f, ct), node)
		if (o->ct == ct)
			break;
	if (o && (cause < 0 ||
		  trs_classify_fwd_reply(cause == TRS_CAUSE_FWD_REFUSED, true,
					 ack, o->isn))) {
		hlist_del(&o->node);
		WRITE_ONCE(f->n, f->n - 1);
	} else {
		o = NULL;
	}
	spin_unlock_bh(&f->lock);
	if (!o)
		return;
	if (cause >= 0)
		trs_fwd_count(tn, o, cause);
	trs_fwd_free(o);
}

/*
 * A forwarded segment with SYN or RST, its TCP header @th: from
 * trs_fwd_syn() below, or for a RST from account.c, which counted it as
 * one already.
 */
void trs_fwd_tcp(struct trs_net *tn, struct sk_buff *skb, const struct tcphdr *th)
{
	enum ip_conntrack_info ctinfo;
	struct nf_conn *ct = nf_ct_get(skb, &ctinfo);

	if (!ct)
		return;
	if (CTINFO2DIR(ctinfo) == IP_CT_DIR_ORIGINAL) {
		if (th->syn && !th->ack && !th->rst && ctinfo == IP_CT_NEW &&
		    !nf_ct_is_confirmed(ct))
			trs_fwd_track(tn, ct, ntohl(th->seq));
		return;
	}
	/* TCP in SYN_SENT ignores a RST without ACK */
	if (th->rst && th->ack)
		trs_fwd_reply(tn, ct, TRS_CAUSE_FWD_REFUSED, ntohl(th->ack_seq));
	else if (th->syn && th->ack && !th->rst)
		trs_fwd_reply(tn, ct, -1, 0);
}

unsigned int trs_fwd_syn(struct sk_buff *skb, const struct nf_hook_state *state,
			 int thoff)
{
	struct trs_net *tn = trs_net_live(state->net);
	const struct tcphdr *th;
	struct tcphdr _th;

	th = skb_header_pointer(skb, thoff, sizeof(_th), &_th);
	if (tn && th)
		trs_fwd_tcp(tn, skb, th);
	return NF_ACCEPT;
}

/*
 * An ICMP error about a pending open, forwarded back to its client:
 * conntrack related it to the entry (RELATED, reply direction), and the
 * quoted TCP header at @q (its sequence number) must be the SYN's.
 */
static void trs_fwd_error(struct sk_buff *skb, const struct nf_hook_state *state,
			  int q)
{
	struct trs_net *tn = trs_net_live(state->net);
	enum ip_conntrack_info ctinfo;
	struct nf_conn *ct = nf_ct_get(skb, &ctinfo);
	__be32 _seq;
	const __be32 *seq;

	if (!tn || !ct || ctinfo != IP_CT_RELATED_REPLY)
		return;
	seq = skb_header_pointer(skb, q + offsetof(struct tcphdr, seq),
				 sizeof(_seq), &_seq);
	if (seq)
		trs_fwd_reply(tn, ct, TRS_CAUSE_FWD_UNREACH, ntohl(*seq));
}

/*
 * ICMP errors that end an open in SYN_SENT (tcp_v4_err()): destination
 * unreachable but for "fragmentation needed", time exceeded, parameter
 * problem.
 */
unsigned int trs_fwd_icmp_ipv4(struct sk_buff *skb,
			       const struct nf_hook_state *state, int off)
{
	const struct icmphdr *ih;
	const struct iphdr *iph;
	struct icmphdr _ih;
	struct iphdr _iph;

	ih = skb_header_pointer(skb, off, sizeof(_ih), &_ih);
	if (!ih || !(ih->type == ICMP_TIME_EXCEEDED || ih->type == ICMP_PARAMETERPROB ||
		     (ih->type == ICMP_DEST_UNREACH && ih->code <= NR_ICMP_UNREACH &&
		      ih->code != ICMP_FRAG_NEEDED)))
		return NF_ACCEPT;
	off += sizeof(_ih);
	iph = skb_header_pointer(skb, off, sizeof(_iph), &_iph);
	if (iph && iph->ihl >= 5 && iph->protocol == IPPROTO_TCP &&
	    !(iph->frag_off & htons(IP_OFFSET)))
		trs_fwd_error(skb, state, off + iph->ihl * 4);
	return NF_ACCEPT;
}

#if IS_ENABLED(CONFIG_IPV6)
/* tcp_v6_err(): every error but "packet too big" ends it. */
unsigned int trs_fwd_icmp_ipv6(struct sk_buff *skb,
			       const struct nf_hook_state *state, int off)
{
	const struct icmp6hdr *ih;
	const struct ipv6hdr *ip6h;
	struct ipv6hdr _ip6h;
	struct icmp6hdr _ih;
	__be16 frag_off;
	u8 nexthdr;

	ih = skb_header_pointer(skb, off, sizeof(_ih), &_ih);
	if (!ih || !(ih->icmp6_type == ICMPV6_DEST_UNREACH ||
		     ih->icmp6_type == ICMPV6_TIME_EXCEED ||
		     ih->icmp6_type == ICMPV6_PARAMPROB))
		return NF_ACCEPT;
	off += sizeof(_ih);
	ip6h = skb_header_pointer(skb, off, sizeof(_ip6h), &_ip6h);
	if (!ip6h)
		return NF_ACCEPT;
	nexthdr = ip6h->nexthdr;
	off = ipv6_skip_exthdr(skb, off + sizeof(_ip6h), &nexthdr, &frag_off);
	if (off >= 0 && nexthdr == IPPROTO_TCP && !(frag_off & htons(~0x7)))
		trs_fwd_error(skb, state, off);
	return NF_ACCEPT;
}
#endif

void trs_fwd_init(struct trs_net *tn)
{
	spin_lock_init(&tn->fwd.lock);
	INIT_DELAYED_WORK(&tn->fwd.work, trs_fwd_work);
}

/*
 * The namespace is dead (no hook can run for it any more): put every
 * reference.  Until then the work kept putting those of entries that
 * conntrack killed, which its own teardown waits for.
 */
void trs_fwd_exit(struct trs_net *tn)
{
	struct trs_fwd *f = &tn->fwd;
	struct trs_fwd_open *o;
	struct hlist_node *tmp;
	unsigned int b;

	cancel_delayed_work_sync(&f->work);
	for (b = 0; b < ARRAY_SIZE(f->head); b++) {
		hlist_for_each_entry_safe(o, tmp, &f->head[b], node) {
			hlist_del(&o->node);
			trs_fwd_free(o);
		}
	}
	WRITE_ONCE(f->n, 0);
}
#endif /* TRS_HAVE_CONNTRACK */
