// SPDX-License-Identifier: GPL-2.0
/*
 * tcpresetstat: netfilter hooks.  LOCAL_IN sees RSTs delivered to this host,
 * LOCAL_OUT the ones it originates (stack replies, socket aborts, REJECT,
 * raw sockets), FORWARD the ones it routes.
 *
 * Every TCP segment of the namespace passes here, so the path for a segment
 * without RST is the fetch of one byte and one flag test: no lookups, no
 * locks, no atomics, and no locals to initialise.
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

static noinline u8 trs_tcp_flags_copy(const struct sk_buff *skb, int off)
{
	u8 flags;

	return skb_copy_bits(skb, off, &flags, sizeof(flags)) ? 0 : flags;
}

/*
 * The flags byte of the TCP header at @thoff (from skb->data), or 0 when
 * the segment is too short to have one.  Only this byte is read for every
 * segment, from the linear part where it nearly always is; the header is
 * copied (and the endpoints built) only for a RST, out of line.
 */
static u8 trs_tcp_flags(const struct sk_buff *skb, int thoff)
{
	int off = thoff + 13;

	if (likely(off >= 0 && off < (int)skb_headlen(skb)))
		return skb->data[off];
	return trs_tcp_flags_copy(skb, off);
}

static __always_inline void trs_count_rst(const struct nf_hook_state *state,
					  const struct sk_buff *skb,
					  struct trs_endpoints *ep, int thoff)
{
	struct trs_net *tn = trs_net_live(state->net);
	const struct tcphdr *th;
	struct tcphdr _th;

	if (!tn)
		return;
	th = skb_header_pointer(skb, thoff, sizeof(_th), &_th);
	if (!th)
		return;
	ep->sport = th->source;
	ep->dport = th->dest;
	trs_account_rst(tn, state, ep, th, skb->sk);
}

static noinline void trs_rst_ipv4(const struct sk_buff *skb,
				  const struct nf_hook_state *state, int thoff)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct trs_endpoints ep;

	ipv6_addr_set_v4mapped(iph->saddr, &ep.saddr);
	ipv6_addr_set_v4mapped(iph->daddr, &ep.daddr);
	trs_count_rst(state, skb, &ep, thoff);
}

static unsigned int trs_nf_ipv4(void *priv, struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);
	int thoff;

	/* Only the first fragment carries the TCP header. */
	if (iph->protocol != IPPROTO_TCP || iph->frag_off & htons(IP_OFFSET))
		return NF_ACCEPT;
	thoff = skb_network_offset(skb) + iph->ihl * 4;
	if (unlikely(trs_tcp_flags(skb, thoff) & TCPHDR_RST))
		trs_rst_ipv4(skb, state, thoff);
	return NF_ACCEPT;
}

#if IS_ENABLED(CONFIG_IPV6)
static noinline void trs_rst_ipv6(const struct sk_buff *skb,
				  const struct nf_hook_state *state, int thoff)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct trs_endpoints ep;

	ep.saddr = ip6h->saddr;
	ep.daddr = ip6h->daddr;
	trs_count_rst(state, skb, &ep, thoff);
}

static unsigned int trs_nf_ipv6(void *priv, struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	int off = skb_network_offset(skb) + sizeof(*ip6h);
	u8 nexthdr = ip6h->nexthdr;
	__be16 frag_off;

	if (unlikely(nexthdr != IPPROTO_TCP)) {
		/* Walk extension headers only when there are some. */
		if (!ipv6_ext_hdr(nexthdr))
			return NF_ACCEPT;
		off = ipv6_skip_exthdr(skb, off, &nexthdr, &frag_off);
		if (off < 0 || nexthdr != IPPROTO_TCP ||
		    (frag_off & htons(~0x7)))
			return NF_ACCEPT;
	}
	if (unlikely(trs_tcp_flags(skb, off) & TCPHDR_RST))
		trs_rst_ipv6(skb, state, off);
	return NF_ACCEPT;
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
