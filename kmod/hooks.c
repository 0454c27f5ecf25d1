// SPDX-License-Identifier: GPL-2.0
/*
 * tcpresetstat: netfilter hooks.  LOCAL_IN sees RSTs delivered to this host,
 * LOCAL_OUT the ones it originates (stack replies, socket aborts, REJECT,
 * raw sockets), FORWARD the ones it routes, and, with conntrack, the SYNs
 * and ICMP errors of the opens it routes (forward.c).
 *
 * Every TCP segment of the namespace passes here, so the path for a segment
 * without RST (or SYN, forwarded) is the fetch of one byte and one flag
 * test: no lookups, no locks, no atomics, and no locals to initialise.  A
 * RST is handed to account.c, out of line, which decodes and counts it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/tcp.h>
#include <net/ipv6.h>
#include <net/tcp.h>

#include "tcpresetstat.h"

/* FORWARD follows opens when the kernel has conntrack (forward.c). */
#define TRS_FWD_FLAGS	(TRS_HAVE_CONNTRACK ? TCPHDR_RST | TCPHDR_SYN : TCPHDR_RST)

/*
 * The TCP header at @thoff (from skb->data) has its flags byte outside the
 * linear part, or the segment is too short to have one: rare, out of line.
 */
static noinline unsigned int trs_rst_nonlinear(struct sk_buff *skb,
					       const struct nf_hook_state *state,
					       int thoff)
{
	u8 flags;

	if (thoff + 13 < 0 ||
	    skb_copy_bits(skb, thoff + 13, &flags, sizeof(flags)))
		return NF_ACCEPT;
	if (TRS_HAVE_CONNTRACK && state->hook == NF_INET_FORWARD &&
	    (flags & (TCPHDR_RST | TCPHDR_SYN)) == TCPHDR_SYN)
		return trs_fwd_syn(skb, state, thoff);
	if (!(flags & TCPHDR_RST))
		return NF_ACCEPT;
	if (!IS_ENABLED(CONFIG_IPV6) || state->pf == NFPROTO_IPV4)
		return trs_account_rst_ipv4(skb, state, thoff);
	return trs_account_rst_ipv6(skb, state, thoff);
}

/*
 * Every segment's hook ends here: only the flags byte is read, from the
 * linear part where it nearly always is, and tested against @mask (RST,
 * and SYN on FORWARD).  A RST, a forwarded SYN, and the rare header
 * outside the linear part, leave by a tail call to an out-of-line function
 * (account.c, forward.c count), so that the hook itself needs no stack
 * frame.
 */
static __always_inline unsigned int trs_tcp(struct sk_buff *skb,
					    const struct nf_hook_state *state,
					    int thoff, bool ipv4, u8 mask)
{
	int off = thoff + 13;
	u8 flags;

	if (unlikely(off < 0 || off >= (int)skb_headlen(skb)))
		return trs_rst_nonlinear(skb, state, thoff);
	flags = skb->data[off];
	if (likely(!(flags & mask)))
		return NF_ACCEPT;
	if (mask != TCPHDR_RST && !(flags & TCPHDR_RST))
		return trs_fwd_syn(skb, state, thoff);
	if (ipv4 || !IS_ENABLED(CONFIG_IPV6))
		return trs_account_rst_ipv4(skb, state, thoff);
	return trs_account_rst_ipv6(skb, state, thoff);
}

/*
 * Not TCP, or not its first fragment.  Without tracepoints, an ICMP error
 * delivered here may fail an open in SYN_SENT (account.c); with conntrack,
 * one forwarded may fail a forwarded open (forward.c).
 */
static __always_inline unsigned int trs_nf_ipv4_other(struct sk_buff *skb,
						      const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);
	int off = skb_network_offset(skb) + iph->ihl * 4;

	if (iph->protocol != IPPROTO_ICMP || iph->frag_off & htons(IP_OFFSET))
		return NF_ACCEPT;
	if (TRS_HAVE_CONNTRACK && state->hook == NF_INET_FORWARD)
		return trs_fwd_icmp_ipv4(skb, state, off);
	if (TRS_HAVE_TRACEPOINTS || state->hook != NF_INET_LOCAL_IN)
		return NF_ACCEPT;
	return trs_account_icmp_ipv4(skb, state, off);
}

static __always_inline unsigned int trs_ipv4(struct sk_buff *skb,
					     const struct nf_hook_state *state,
					     u8 mask)
{
	const struct iphdr *iph = ip_hdr(skb);

	/* Only the first fragment carries the TCP header. */
	if (unlikely(iph->protocol != IPPROTO_TCP || iph->frag_off & htons(IP_OFFSET)))
		return trs_nf_ipv4_other(skb, state);
	return trs_tcp(skb, state, skb_network_offset(skb) + iph->ihl * 4, true,
		       mask);
}

static unsigned int trs_nf_ipv4(void *priv, struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	return trs_ipv4(skb, state, TCPHDR_RST);
}

static unsigned int trs_nf_ipv4_fwd(void *priv, struct sk_buff *skb,
				    const struct nf_hook_state *state)
{
	return trs_ipv4(skb, state, TRS_FWD_FLAGS);
}

#if IS_ENABLED(CONFIG_IPV6)
/* Not TCP next: extension headers are walked, out of line, if any. */
static noinline unsigned int trs_nf_ipv6_ext(struct sk_buff *skb,
					     const struct nf_hook_state *state,
					     u8 nexthdr)
{
	int off = skb_network_offset(skb) + sizeof(struct ipv6hdr);
	bool fwd = state->hook == NF_INET_FORWARD;
	__be16 frag_off;

	if (!ipv6_ext_hdr(nexthdr) &&
	    (nexthdr != IPPROTO_ICMPV6 ||
	     (TRS_HAVE_TRACEPOINTS && !(TRS_HAVE_CONNTRACK && fwd))))
		return NF_ACCEPT;
	off = ipv6_skip_exthdr(skb, off, &nexthdr, &frag_off);
	if (off < 0 || (frag_off & htons(~0x7)))
		return NF_ACCEPT;
	/* ICMPv6 errors as in trs_nf_ipv4_other(). */
	if (nexthdr == IPPROTO_ICMPV6) {
		if (TRS_HAVE_CONNTRACK && fwd)
			return trs_fwd_icmp_ipv6(skb, state, off);
		if (!TRS_HAVE_TRACEPOINTS && state->hook == NF_INET_LOCAL_IN)
			return trs_account_icmp_ipv6(skb, state, off);
		return NF_ACCEPT;
	}
	if (nexthdr != IPPROTO_TCP)
		return NF_ACCEPT;
	return trs_tcp(skb, state, off, false, fwd ? TRS_FWD_FLAGS : TCPHDR_RST);
}

static __always_inline unsigned int trs_ipv6(struct sk_buff *skb,
					     const struct nf_hook_state *state,
					     u8 mask)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);

	if (unlikely(ip6h->nexthdr != IPPROTO_TCP))
		return trs_nf_ipv6_ext(skb, state, ip6h->nexthdr);
	return trs_tcp(skb, state, skb_network_offset(skb) + sizeof(*ip6h), false,
		       mask);
}

static unsigned int trs_nf_ipv6(void *priv, struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	return trs_ipv6(skb, state, TCPHDR_RST);
}

static unsigned int trs_nf_ipv6_fwd(void *priv, struct sk_buff *skb,
				    const struct nf_hook_state *state)
{
	return trs_ipv6(skb, state, TRS_FWD_FLAGS);
}
#endif

/*
 * LOCAL_OUT runs first, so a RST the stack originates is counted even if a
 * later rule drops it (OutRsts counts it too).  LOCAL_IN and FORWARD run
 * last, after filtering, so only segments actually delivered or routed are
 * counted.
 */
#define TRS_OPS(_fn, _pf, _hooknum, _prio) \
	{ .hook = _fn, .pf = _pf, .hooknum = _hooknum, .priority = _prio }

static const struct nf_hook_ops trs_nf_ops[] = {
	TRS_OPS(trs_nf_ipv4, NFPROTO_IPV4, NF_INET_LOCAL_IN, NF_IP_PRI_LAST),
	TRS_OPS(trs_nf_ipv4, NFPROTO_IPV4, NF_INET_LOCAL_OUT, NF_IP_PRI_FIRST),
	TRS_OPS(trs_nf_ipv4_fwd, NFPROTO_IPV4, NF_INET_FORWARD, NF_IP_PRI_LAST),
#if IS_ENABLED(CONFIG_IPV6)
	TRS_OPS(trs_nf_ipv6, NFPROTO_IPV6, NF_INET_LOCAL_IN, NF_IP6_PRI_LAST),
	TRS_OPS(trs_nf_ipv6, NFPROTO_IPV6, NF_INET_LOCAL_OUT, NF_IP6_PRI_FIRST),
	TRS_OPS(trs_nf_ipv6_fwd, NFPROTO_IPV6, NF_INET_FORWARD, NF_IP6_PRI_LAST),
#endif
};

int trs_hooks_register(struct net *net)
{
	return nf_register_net_hooks(net, trs_nf_ops, ARRAY_SIZE(trs_nf_ops));
}

void trs_hooks_unregister(struct net *net)
{
	nf_unregister_net_hooks(net, trs_nf_ops, ARRAY_SIZE(trs_nf_ops));
}
