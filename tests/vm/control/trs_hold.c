// SPDX-License-Identifier: GPL-2.0
/*
 * A test control for t/reload_storm.sh: while loaded, it holds on every
 * site that loading and unloading tcpresetstat would otherwise patch, so
 * that the module can come and go without a byte of kernel text changing
 * (Documentation/testing.rst, "The soft lockup at unload").
 *
 * - netfilter: one hook on each of the module's six (family, hook) pairs
 *   in the initial namespace keeps nf_hooks_needed[][] on;
 * - tracepoints: two probes on each of the module's keep the key on and
 *   the static call on the iterator, which a tracepoint only leaves when
 *   it goes down to one probe;
 * - kretprobes: a kprobe on each of the module's functions arms the site,
 *   and the module's own kretprobe joins it (an aggregate probe) instead
 *   of arming it again.
 *
 * Every handler does nothing.  The tracepoint probe takes only its data
 * and ignores the arguments, which is safe for the x86_64 test guests
 * (the caller cleans up) but not under CFI: this module is a test tool.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/tracepoint.h>
#include <net/net_namespace.h>

static unsigned int hold_hook(void *priv, struct sk_buff *skb,
			      const struct nf_hook_state *state)
{
	return NF_ACCEPT;
}

#define HOLD_OPS(_pf, _hooknum) \
	{ .hook = hold_hook, .pf = _pf, .hooknum = _hooknum, .priority = 0 }

static const struct nf_hook_ops hold_ops[] = {
	HOLD_OPS(NFPROTO_IPV4, NF_INET_LOCAL_IN),
	HOLD_OPS(NFPROTO_IPV4, NF_INET_LOCAL_OUT),
	HOLD_OPS(NFPROTO_IPV4, NF_INET_FORWARD),
	HOLD_OPS(NFPROTO_IPV6, NF_INET_LOCAL_IN),
	HOLD_OPS(NFPROTO_IPV6, NF_INET_LOCAL_OUT),
	HOLD_OPS(NFPROTO_IPV6, NF_INET_FORWARD),
};

/*
 * A kernel without tracepoints or kprobes (the notrace kernel) has none to
 * hold, nor their functions to link against: constants, so that the calls
 * go away.
 */
#define HOLD_TRACEPOINTS	IS_ENABLED(CONFIG_TRACEPOINTS)
#define HOLD_KPROBES		IS_ENABLED(CONFIG_KPROBES)

/* The module's tracepoints (kmod/probes.c); the ones this kernel lacks are
 * left alone. */
static struct {
	const char *name;
	struct tracepoint *tp;
} hold_tps[] = {
	{ "inet_sock_set_state" },
	{ "tcp_receive_reset" },
	{ "tcp_send_reset" },
};

static void hold_probe(void *data)
{
}

/* Two probes each: the data tells them apart. */
static void *const hold_data[] = { (void *)1, (void *)2 };

static struct kprobe hold_kprobes[] = {
	{ .symbol_name = "tcp_conn_request" },
	{ .symbol_name = "tcp_check_req" },
	{ .symbol_name = "reqsk_timer_handler" },
};

static int hold_pre(struct kprobe *p, struct pt_regs *regs)
{
	return 0;
}

static void hold_tp_find(struct tracepoint *tp, void *priv)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(hold_tps); i++)
		if (!strcmp(tp->name, hold_tps[i].name))
			hold_tps[i].tp = tp;
}

static void hold_release(int tps, int kps)
{
	int i, j;

	while (kps--)
		unregister_kprobe(&hold_kprobes[kps]);
	for (i = tps - 1; i >= 0; i--)
		for (j = ARRAY_SIZE(hold_data) - 1; j >= 0; j--)
			if (HOLD_TRACEPOINTS && hold_tps[i].tp)
				tracepoint_probe_unregister(hold_tps[i].tp,
							    hold_probe,
							    hold_data[j]);
	tracepoint_synchronize_unregister();
	nf_unregister_net_hooks(&init_net, hold_ops, ARRAY_SIZE(hold_ops));
}

static int __init hold_init(void)
{
	int err, i, j, tps = 0, kps = 0, held = 0;

	err = nf_register_net_hooks(&init_net, hold_ops, ARRAY_SIZE(hold_ops));
	if (err)
		return err;
	if (HOLD_TRACEPOINTS)
		for_each_kernel_tracepoint(hold_tp_find, NULL);
	for (; tps < ARRAY_SIZE(hold_tps); tps++) {
		if (!HOLD_TRACEPOINTS || !hold_tps[tps].tp)
			continue;
		for (j = 0; j < ARRAY_SIZE(hold_data); j++) {
			err = tracepoint_probe_register(hold_tps[tps].tp,
							hold_probe,
							hold_data[j]);
			if (err) {
				while (j--)
					tracepoint_probe_unregister(hold_tps[tps].tp,
								    hold_probe,
								    hold_data[j]);
				goto out;
			}
		}
		held++;
	}
	for (; HOLD_KPROBES && kps < ARRAY_SIZE(hold_kprobes); kps++) {
		hold_kprobes[kps].pre_handler = hold_pre;
		err = register_kprobe(&hold_kprobes[kps]);
		if (err)
			goto out;
	}
	for (i = 0; i < ARRAY_SIZE(hold_tps); i++)
		if (!hold_tps[i].tp)
			pr_info("no tracepoint %s\n", hold_tps[i].name);
	pr_info("holding 6 hooks, %d tracepoints, %d kprobes\n", held, kps);
	return 0;
out:
	pr_err("cannot hold %s: %d\n", tps < ARRAY_SIZE(hold_tps) ?
	       hold_tps[tps].name : hold_kprobes[kps].symbol_name, err);
	hold_release(tps, kps);
	return err;
}

static void __exit hold_exit(void)
{
	hold_release(ARRAY_SIZE(hold_tps), ARRAY_SIZE(hold_kprobes));
}

module_init(hold_init);
module_exit(hold_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("holds the sites tcpresetstat patches, doing nothing (a test control)");
