// SPDX-License-Identifier: GPL-2.0
/*
 * tcpresetstat: the generic netlink family itself, and what goes out on
 * it unasked: the alerts (alert.c decides when) to the namespace's members
 * of the admin-only "alerts" group.  The requests and their answers are
 * netlink.c's, which registers the family with its operations; so that
 * alerts, the sampler and the namespaces' owner (net.c), which netlink.c's
 * requests call, never call netlink.c back.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <net/genetlink.h>

#include "compat.h"
#include "tcpresetstat.h"

/*
 * A row's kind and the key columns its table's schema has, in ascending
 * attribute order (port, address, local address), as dumps and alerts
 * have always carried them.
 */
int trs_put_key(struct sk_buff *skb, enum trs_table_id id,
		const struct trs_key *k)
{
	const struct trs_schema *s = trs_table_descs[id].schema;
	const struct trs_key_col *key;
	unsigned int attr, i;

	if (nla_put_u8(skb, TRS_A_ROW_KIND, k->kind))
		return -EMSGSIZE;
	if (k->kind != TRS_ROW_KEY)
		return 0;
	for (attr = 0; attr <= TRS_A_MAX; attr++)
		for (i = 0; i < s->nkeys; i++) {
			key = &s->keys[i];
			if (key->attr != attr)
				continue;
			if (key->type == TRS_KEY_PORT ?
			    nla_put_u16(skb, attr, ntohs(k->port)) :
			    nla_put(skb, attr, sizeof(k->raddr), trs_key_addr(k, key)))
				return -EMSGSIZE;
		}
	return 0;
}

/* Alerts go out only while the family is registered (see exit). */
static bool trs_alerts_live;

bool trs_nl_alert_listened(struct net *net)
{
	bool yes;

	if (!TRS_HAVE_ADMIN_MCAST)
		return false;
	rcu_read_lock();
	yes = READ_ONCE(trs_alerts_live) &&
	      genl_has_listeners(&trs_genl_family, net, 0);
	rcu_read_unlock();
	return yes;
}

/*
 * From process context (the evaluator, the sampler), maybe under RCU.
 * Returns 0 once multicast, -ESRCH when no one listens any more, or
 * another error when the message could not be made.  A listener whose
 * receive buffer is full loses it and reads ENOBUFS, netlink's overrun:
 * that is its count, not ours, so the alert counts as sent.
 */
int trs_nl_alert(struct net *net, const struct trs_alert *a)
{
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_ATOMIC);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put(msg, 0, 0, &trs_genl_family, 0, TRS_CMD_ALERT);
	if (!hdr ||
	    nla_put_u8(msg, TRS_A_ALERT_KIND, a->kind) ||
	    trs_put_key(msg, a->table, a->key) ||
	    nla_put_u64_64bit(msg, TRS_A_ALERT_VALUE, a->value, TRS_A_PAD) ||
	    nla_put_u64_64bit(msg, TRS_A_ALERT_THRESHOLD, a->threshold,
			      TRS_A_PAD) ||
	    (a->window_ms &&
	     nla_put_u32(msg, TRS_A_ALERT_WINDOW_MS, a->window_ms)) ||
	    nla_put_u64_64bit(msg, TRS_A_ALERT_SUPPRESSED, a->suppressed,
			      TRS_A_PAD)) {
		/* NLMSG_DEFAULT_SIZE holds any alert: never, but not silently. */
		WARN_ON_ONCE(1);
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	rcu_read_lock();
	if (READ_ONCE(trs_alerts_live)) {
		err = trs_multicast_admin(&trs_genl_family, net, msg,
					  GFP_ATOMIC);
	} else {
		nlmsg_free(msg);
		err = -ESRCH;
	}
	rcu_read_unlock();
	return err == -ENOBUFS ? 0 : err;
}

/* Joining needs CAP_NET_ADMIN over the namespace's user namespace. */
static const struct genl_multicast_group trs_genl_mcgrps[] = {
	{ .name = TRS_MCGRP_ALERTS, .flags = TRS_MCGRP_ADMIN },
};

/* Its operations are netlink.c's, given at registration. */
struct genl_family trs_genl_family = {
	.name = TRS_GENL_NAME,
	.version = TRS_GENL_VERSION,
	.netnsok = true,
	.module = THIS_MODULE,
	.mcgrps = trs_genl_mcgrps,
	.n_mcgrps = TRS_HAVE_ADMIN_MCAST ? ARRAY_SIZE(trs_genl_mcgrps) : 0,
};

int trs_family_register(const struct genl_ops *ops, unsigned int n_ops)
{
	int err;

	trs_genl_family.ops = ops;
	trs_genl_family.n_ops = n_ops;
	err = genl_register_family(&trs_genl_family);
	if (err)
		return err;
	WRITE_ONCE(trs_alerts_live, true);
	if (!TRS_HAVE_ADMIN_MCAST)
		pr_info("no alerts: this kernel cannot restrict a multicast group to admins\n");
	return 0;
}

/*
 * Namespaces' evaluators and samplers outlive the family (pernet exit comes
 * later): stop their alerts, and wait for any in flight, first.
 */
void trs_family_unregister(void)
{
	WRITE_ONCE(trs_alerts_live, false);
	synchronize_rcu();
	genl_unregister_family(&trs_genl_family);
}

MODULE_ALIAS_GENL_FAMILY(TRS_GENL_NAME);
