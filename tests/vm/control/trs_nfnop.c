// SPDX-License-Identifier: GPL-2.0
/*
 * A control for the soft-lockup investigation (Documentation/testing.rst):
 * the same six netfilter hooks as tcpresetstat, at the same priorities, in
 * every namespace, each doing nothing.  Reloaded under the same storm, it
 * tells whether a stall at unload comes from what the module does or from
 * hook registration and the static keys it flips alone.
 */
#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <net/net_namespace.h>

static unsigned int nop_hook(void *priv, struct sk_buff *skb,
			     const struct nf_hook_state *state)
{
	return NF_ACCEPT;
}

#define NOP_OPS(_pf, _hooknum, _prio) \
	{ .hook = nop_hook, .pf = _pf, .hooknum = _hooknum, .priority = _prio }

static const struct nf_hook_ops nop_ops[] = {
	NOP_OPS(NFPROTO_IPV4, NF_INET_LOCAL_IN, NF_IP_PRI_LAST),
	NOP_OPS(NFPROTO_IPV4, NF_INET_LOCAL_OUT, NF_IP_PRI_FIRST),
	NOP_OPS(NFPROTO_IPV4, NF_INET_FORWARD, NF_IP_PRI_LAST),
	NOP_OPS(NFPROTO_IPV6, NF_INET_LOCAL_IN, NF_IP6_PRI_LAST),
	NOP_OPS(NFPROTO_IPV6, NF_INET_LOCAL_OUT, NF_IP6_PRI_FIRST),
	NOP_OPS(NFPROTO_IPV6, NF_INET_FORWARD, NF_IP6_PRI_LAST),
};

static int __net_init nop_net_init(struct net *net)
{
	return nf_register_net_hooks(net, nop_ops, ARRAY_SIZE(nop_ops));
}

static void __net_exit nop_net_exit(struct net *net)
{
	nf_unregister_net_hooks(net, nop_ops, ARRAY_SIZE(nop_ops));
}

static struct pernet_operations nop_net_ops = {
	.init = nop_net_init,
	.exit = nop_net_exit,
};

static int __init nop_init(void)
{
	int err = register_pernet_subsys(&nop_net_ops);

	if (!err)
		pr_info("loaded\n");
	return err;
}

static void __exit nop_exit(void)
{
	unregister_pernet_subsys(&nop_net_ops);
	pr_info("unloaded\n");
}

module_init(nop_init);
module_exit(nop_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("tcpresetstat's netfilter hooks, doing nothing (a test control)");
