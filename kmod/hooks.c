// SPDX-License-Identifier: GPL-2.0
/*
 * tcpresetstat: netfilter hooks.  LOCAL_IN sees RSTs delivered to this host,
 * LOCAL_OUT the ones it originates (stack replies, socket aborts, REJECT,
 * raw sockets), FORWARD the ones it routes.
 *
 * Every TCP segment of the namespace passes here, so the path for a segment
 * without RST is the fetch of one byte and one flag test: no lookups, no
 * locks, no atomics, and no locals to initialise.  A RST is handed to
 * account.c, out of line, which decodes and counts it.
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
	    skb_copy_bits(skb, thoff + 13, &flags, sizeof(flags)) ||
	    !(flags & TCPHDR_RST))
		return NF_ACCEPT;
	if (!IS_ENABLED(CONFIG_IPV6) || state->pf == NFPROTO_IPV4)
		return trs_account_rst_ipv4(skb, state, thoff);
	return trs_account_rst_ipv6(skb, state, thoff);
}

/*
 * Every segment's hook ends here: only the flags byte is read, from the
 * linear part where it nearly always is.  A RST, and the rare header
 * outside the linear part, leave by a tail call to an out-of-line function
 * (account.c counts), so that the hook itself needs no stack frame.
 */
static __always_inline unsigned int trs_tcp(struct sk_buff *skb,
					    const struct nf_hook_state *state,
					    int thoff, bool ipv4)
{
	int off = thoff + 13;

	if (unlikely(off < 0 || off >= (int)skb_headlen(skb)))
		return trs_rst_nonlinear(skb, state, thoff);
	if (likely(!(skb->data[off] & TCPHDR_RST)))
		return NF_ACCEPT;
	if (ipv4 || !IS_ENABLED(CONFIG_IPV6))
		return trs_account_rst_ipv4(skb, state, thoff);
	return trs_account_rst_ipv6(skb, state, thoff);
}

/*
 * Not TCP, or not its first fragment.  Without tracepoints, an ICMP error
 * delivered here may fail an open in SYN_SENT (account.c).
 */
static __always_inline unsigned int trs_nf_ipv4_other(struct sk_buff *skb,
						      const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);

	if (TRS_HAVE_TRACEPOINTS || iph->protocol != IPPROTO_ICMP ||
	    iph->frag_off & htons(IP_OFFSET) || state->hook != NF_INET_LOCAL_IN)
		return NF_ACCEPT;
	return trs_account_icmp_ipv4(skb, state,
				     skb_network_offset(skb) + iph->ihl * 4);
}

static unsigned int trs_nf_ipv4(void *priv, struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);

	/* Only the first fragment carries the TCP header. */
	if (unlikely(iph->protocol != IPPROTO_TCP || iph->frag_off & htons(IP_OFFSET)))
		return trs_nf_ipv4_other(skb, state);
	return trs_tcp(skb, state, skb_network_offset(skb) + iph->ihl * 4, true);
}

#if IS_ENABLED(CONFIG_IPV6)
/* Not TCP next: extension headers are walked, out of line, if any. */
static noinline unsigned int trs_nf_ipv6_ext(struct sk_buff *skb,
					     const struct nf_hook_state *state,
					     u8 nexthdr)
{
	int off = skb_network_offset(skb) + sizeof(struct ipv6hdr);
	__be16 frag_off;

	if (!ipv6_ext_hdr(nexthdr) &&
	    (TRS_HAVE_TRACEPOINTS || nexthdr != IPPROTO_ICMPV6))
		return NF_ACCEPT;
	off = ipv6_skip_exthdr(skb, off, &nexthdr, &frag_off);
	if (off < 0 || (frag_off & htons(~0x7)))
		return NF_ACCEPT;
	/* Without tracepoints, ICMPv6 errors as in trs_nf_ipv4_other(). */
	if (!TRS_HAVE_TRACEPOINTS && nexthdr == IPPROTO_ICMPV6 &&
	    state->hook == NF_INET_LOCAL_IN)
		return trs_account_icmp_ipv6(skb, state, off);
	if (nexthdr != IPPROTO_TCP)
		return NF_ACCEPT;
	return trs_tcp(skb, state, off, false);
}

static unsigned int trs_nf_ipv6(void *priv, struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);

	if (unlikely(ip6h->nexthdr != IPPROTO_TCP))
		return trs_nf_ipv6_ext(skb, state, ip6h->nexthdr);
	return trs_tcp(skb, state, skb_network_offset(skb) + sizeof(*ip6h), false);
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
	TRS_OPS(trs_nf_ipv4, NFPROTO_IPV4, NF_INET_FORWARD, NF_IP_PRI_LAST),
#if IS_ENABLED(CONFIG_IPV6)
	TRS_OPS(trs_nf_ipv6, NFPROTO_IPV6, NF_INET_LOCAL_IN, NF_IP6_PRI_LAST),
	TRS_OPS(trs_nf_ipv6, NFPROTO_IPV6, NF_INET_LOCAL_OUT, NF_IP6_PRI_FIRST),
	TRS_OPS(trs_nf_ipv6, NFPROTO_IPV6, NF_INET_FORWARD, NF_IP6_PRI_LAST),
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
