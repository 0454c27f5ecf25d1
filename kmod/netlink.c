// SPDX-License-Identifier: GPL-2.0
/*
 * tcpresetstat: the generic netlink family (ABI: uapi/tcpresetstat.h).
 *
 * Every request is answered from the requester's namespace.  Dumps walk a
 * table under RCU and keep their place (bucket, row in bucket) in the
 * callback; the table's generation, bumped on every insert and removal,
 * is the dump's sequence, so a table that changed between two messages
 * flags them NLM_F_DUMP_INTR.  The family itself, and the alerts sent on
 * it, are family.c's.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <net/genetlink.h>
#include <net/ipv6.h>

#include "compat.h"
#include "tcpresetstat.h"

/* @v[i] as type i + 1, but for the i in @skip (unavailable). */
static int trs_put_u64_nest(struct sk_buff *skb, int type, const u64 *v,
			    unsigned int n, u64 skip)
{
	struct nlattr *nest = nla_nest_start(skb, type);
	unsigned int i;

	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < n; i++) {
		if (skip & BIT_ULL(i))
			continue;
		/* Type 0 inside the nest is padding. */
		if (nla_put_u64_64bit(skb, i + 1, v[i], 0)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* The reasons table: a nest per reason with any RST (as /proc). */
static int trs_put_reasons(struct sk_buff *skb, const struct trs_net *tn)
{
	struct nlattr *nest, *row;
	char name[40];
	int err = -EMSGSIZE;
	unsigned int r;
	u64 *v;

	v = kmalloc_array(TRS_RST_REASONS * TRS_REASON_MAX, sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	trs_reasons_read(tn, v);
	nest = nla_nest_start(skb, TRS_A_REASONS);
	if (!nest)
		goto out;
	for (r = 0; r < TRS_RST_REASONS; r++) {
		const u64 *row_v = v + r * TRS_REASON_MAX;

		if (!memchr_inv(row_v, 0, sizeof(*row_v) * TRS_REASON_MAX))
			continue;
		row = nla_nest_start(skb, TRS_A_REASON);
		if (!row ||
		    nla_put_string(skb, TRS_A_REASON_NAME,
				   trs_reason_name(r, name, sizeof(name))) ||
		    trs_put_u64_nest(skb, TRS_A_COUNTERS, row_v, TRS_REASON_MAX, 0)) {
			nla_nest_cancel(skb, nest);
			goto out;
		}
		nla_nest_end(skb, row);
	}
	nla_nest_end(skb, nest);
	err = 0;
out:
	kfree(v);
	return err;
}

/* The sets with columns left out, when there are any. */
static int trs_put_unavail(struct sk_buff *skb)
{
	struct nlattr *nest;
	unsigned int i;

	if (!memchr_inv(trs_unavail, 0, sizeof(trs_unavail)))
		return 0;
	nest = nla_nest_start(skb, TRS_A_UNAVAILABLE);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < TRS_UNAVAIL_MAX; i++) {
		if (trs_unavail[i] &&
		    nla_put_u64_64bit(skb, i + 1, trs_unavail[i], 0)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int trs_nl_get(struct sk_buff *skb, struct genl_info *info)
{
	struct trs_net *tn = trs_net(genl_info_net(info));
	u64 ctr[TRS_CTR_MAX], pr[TRS_PR_MAX];
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &trs_genl_family, 0, TRS_CMD_GET);
	if (!hdr)
		goto err;
	trs_stats_read(tn, ctr);
	trs_pressure_read(tn, pr);
	if (trs_put_u64_nest(msg, TRS_A_TOTALS, ctr, TRS_CTR_MAX,
			     trs_unavail[TRS_UNAVAIL_TOTALS]) ||
	    trs_put_u64_nest(msg, TRS_A_PRESSURE, pr, TRS_PR_MAX, 0) ||
	    trs_put_unavail(msg) || trs_put_reasons(msg, tn))
		goto err;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

/* What a dump request asks for, from its (validated) attributes. */
struct trs_filter {
	bool port, addr, min;
	__be16 port_val;
	struct in6_addr addr_val;
	u8 prefix;
	u64 min_val;
};

static void trs_filter_parse(struct nlattr **tb, struct trs_filter *f)
{
	memset(f, 0, sizeof(*f));
	if (tb[TRS_A_FILTER_PORT]) {
		f->port = true;
		f->port_val = htons(nla_get_u16(tb[TRS_A_FILTER_PORT]));
	}
	if (tb[TRS_A_FILTER_ADDR]) {
		f->addr = true;
		nla_memcpy(&f->addr_val, tb[TRS_A_FILTER_ADDR], sizeof(f->addr_val));
		f->prefix = tb[TRS_A_FILTER_PREFIX] ?
			    nla_get_u8(tb[TRS_A_FILTER_PREFIX]) : 128;
	}
	if (tb[TRS_A_FILTER_MIN]) {
		f->min = true;
		f->min_val = nla_get_u64(tb[TRS_A_FILTER_MIN]);
	}
}

static bool trs_filter_match(const struct trs_filter *f,
			     const struct trs_table *t,
			     const struct trs_row *row)
{
	unsigned int i;

	if ((f->port || f->addr) && row->key.kind != TRS_ROW_KEY)
		return false;
	if (f->port && row->key.port != f->port_val)
		return false;
	if (f->addr && !ipv6_prefix_equal(&row->key.raddr, &f->addr_val,
					  f->prefix))
		return false;
	if (!f->min)
		return true;
	for (i = 0; i < t->ncounters; i++)
		if (trs_cell_read(&row->ctr[i]) >= f->min_val)
			return true;
	return false;
}

static int trs_put_row(struct sk_buff *skb, struct netlink_callback *cb,
		       enum trs_table_id id, const struct trs_table *t,
		       const struct trs_row *row)
{
	const struct trs_key *k = &row->key;
	u64 v[TRS_COLS_MAX];
	unsigned int i;
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &trs_genl_family, NLM_F_MULTI,
			  trs_table_descs[id].dump_cmd);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);

	for (i = 0; i < t->ncounters; i++)
		v[i] = trs_cell_read(&row->ctr[i]);
	trs_derive(trs_table_descs[id].schema, v);

	if (trs_put_key(skb, id, k) ||
	    trs_put_u64_nest(skb, TRS_A_COUNTERS, v, t->ncounters,
			     trs_table_unavail(id)))
		goto err;
	genlmsg_end(skb, hdr);
	return 0;

err:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/*
 * Filters must name fields the table has.  Checked when dumping, not in
 * .start: on 6.1 only the dump itself has an extack for the message.
 */
static int trs_dump_check(struct netlink_callback *cb, enum trs_table_id id)
{
	struct nlattr **tb = trs_dump_attrs(cb);

	if (id == TRS_TBL_PEERS && tb[TRS_A_FILTER_PORT]) {
		NL_SET_ERR_MSG_ATTR(cb->extack, tb[TRS_A_FILTER_PORT],
				    "peers have no port");
		return -EINVAL;
	}
	if (id == TRS_TBL_PORTS && tb[TRS_A_FILTER_ADDR]) {
		NL_SET_ERR_MSG_ATTR(cb->extack, tb[TRS_A_FILTER_ADDR],
				    "ports have no address");
		return -EINVAL;
	}
	if (tb[TRS_A_FILTER_PREFIX] && !tb[TRS_A_FILTER_ADDR]) {
		NL_SET_ERR_MSG_ATTR(cb->extack, tb[TRS_A_FILTER_PREFIX],
				    "a prefix length needs an address");
		return -EINVAL;
	}
	return 0;
}

/* cb->args: [0] bucket, [1] rows of it already sent, [2] "other" sent. */
static int trs_dump_table(struct sk_buff *skb, struct netlink_callback *cb,
			  enum trs_table_id id)
{
	struct trs_net *tn = trs_net(sock_net(skb->sk));
	struct trs_table *t = &tn->tables[id];
	struct trs_buckets *bk;
	unsigned long bkt;
	struct trs_filter f;
	struct trs_row *row;
	unsigned long idx;
	int err;

	err = trs_dump_check(cb, id);
	if (err)
		return err;
	trs_filter_parse(trs_dump_attrs(cb), &f);
	/* Nonzero: genl_dump_check_consistent() ignores a zero sequence. */
	cb->seq = READ_ONCE(t->generation) | 1U << 31;

	rcu_read_lock();
	/* Resized since the last message: the generation flags it. */
	bk = trs_table_buckets(t);
	for (bkt = cb->args[0]; bkt < (1UL << bk->bits); bkt++, cb->args[1] = 0) {
		idx = 0;
		hlist_for_each_entry_rcu(row, &bk->head[bkt], node) {
			if (idx++ < cb->args[1] || !trs_filter_match(&f, t, row))
				continue;
			if (trs_put_row(skb, cb, id, t, row)) {
				cb->args[1] = idx - 1;
				goto out;
			}
		}
	}
	if (!cb->args[2] && trs_filter_match(&f, t, t->other)) {
		if (trs_put_row(skb, cb, id, t, t->other))
			goto out;
	}
	cb->args[2] = 1;
out:
	rcu_read_unlock();
	cb->args[0] = bkt;
	return skb->len;
}

#define TRS_DUMP_FN(name, id)						\
static int trs_nl_dump_##name(struct sk_buff *skb,			\
			      struct netlink_callback *cb)		\
{									\
	return trs_dump_table(skb, cb, id);				\
}

TRS_DUMP_FN(ports, TRS_TBL_PORTS)
TRS_DUMP_FN(peers, TRS_TBL_PEERS)
TRS_DUMP_FN(dests, TRS_TBL_DESTS)
TRS_DUMP_FN(forwarded, TRS_TBL_FWD)

static int trs_nl_reset(struct sk_buff *skb, struct genl_info *info)
{
	struct trs_net *tn = trs_net(genl_info_net(info));
	int i;

	if (info->attrs[TRS_A_TABLE]) {
		trs_table_clear(&tn->tables[nla_get_u8(info->attrs[TRS_A_TABLE])]);
		return 0;
	}
	trs_stats_reset(tn);
	for (i = 0; i < TRS_TBL_MAX; i++)
		trs_table_clear(&tn->tables[i]);
	return 0;
}

static const struct nla_policy trs_config_policy[TRS_CFG_MAX + 1] = {
	[1 ... TRS_CFG_MAX]	= { .type = NLA_U32 },
};

static int trs_put_config(struct sk_buff *skb, const struct trs_net *tn)
{
	struct nlattr *nest = nla_nest_start(skb, TRS_A_CONFIG);
	unsigned int id;

	if (!nest)
		return -EMSGSIZE;
	for (id = 0; id < TRS_CFG_MAX; id++)
		if (nla_put_u32(skb, id + 1, trs_cfg(tn, id)))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* Read and check every setting given; nothing is applied yet. */
static int trs_config_parse(struct sk_buff *skb, struct genl_info *info,
			    struct trs_net *tn, u32 *val, bool *set)
{
	bool host_admin = netlink_capable(skb, CAP_NET_ADMIN);
	struct nlattr *tb[TRS_CFG_MAX + 1];
	const char *bad;
	unsigned int id;
	int err;

	err = nla_parse_nested(tb, TRS_CFG_MAX, info->attrs[TRS_A_CONFIG],
			       trs_config_policy, info->extack);
	if (err)
		return err;
	for (id = 0; id < TRS_CFG_MAX; id++) {
		if (!tb[id + 1])
			continue;
		val[id] = nla_get_u32(tb[id + 1]);
		err = -ERANGE;
		bad = trs_config_check(id, val[id]);
		if (!bad) {
			err = -EPERM;
			bad = trs_config_check_cost(id, val[id], trs_cfg(tn, id),
						    host_admin);
		}
		if (bad) {
			/* NL_SET_ERR_MSG_ATTR() takes literals only. */
			if (info->extack) {
				info->extack->_msg = bad;
				info->extack->bad_attr = tb[id + 1];
			}
			return err;
		}
		set[id] = true;
	}
	return 0;
}

/*
 * Check every value given, then apply them all: one bad value changes
 * nothing.  Runs under genetlink's lock, so configs never interleave.
 */
static int trs_nl_config(struct sk_buff *skb, struct genl_info *info)
{
	struct trs_net *tn = trs_net(genl_info_net(info));
	bool set[TRS_CFG_MAX] = {};
	u32 val[TRS_CFG_MAX];
	struct sk_buff *msg;
	void *hdr;
	int err;

	if (info->attrs[TRS_A_CONFIG]) {
		err = trs_config_parse(skb, info, tn, val, set);
		if (err)
			return err;
		err = trs_net_configure(tn, val, trs_config_diff(tn, val, set));
		if (err) {
			NL_SET_ERR_MSG(info->extack, "no memory for the new table size");
			return err;
		}
	}

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &trs_genl_family, 0, TRS_CMD_CONFIG);
	if (!hdr || trs_put_config(msg, tn)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static const struct nla_policy trs_dump_policy[TRS_A_MAX + 1] = {
	[TRS_A_FILTER_PORT]	= { .type = NLA_U16 },
	[TRS_A_FILTER_ADDR]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[TRS_A_FILTER_PREFIX]	= NLA_POLICY_MAX(NLA_U8, 128),
	[TRS_A_FILTER_MIN]	= { .type = NLA_U64 },
};

static const struct nla_policy trs_reset_policy[TRS_A_MAX + 1] = {
	[TRS_A_TABLE]		= NLA_POLICY_MAX(NLA_U8, TRS_TBL_MAX - 1),
};

static const struct nla_policy trs_config_req_policy[TRS_A_MAX + 1] = {
	[TRS_A_CONFIG]		= NLA_POLICY_NESTED(trs_config_policy),
};

/* Requests carry no attributes: an empty policy rejects any. */
static const struct nla_policy trs_get_policy[TRS_A_MAX + 1] = {};

/* A table's dump; its command and permission come from its descriptor. */
#define TRS_DUMP_OP(name) {						\
	.dumpit = trs_nl_dump_##name,					\
	.policy = trs_dump_policy,					\
	.maxattr = TRS_A_MAX,						\
}

#define TRS_OPS_DUMPS	1	/* where the dumps begin, by enum trs_table_id */

static struct genl_ops trs_genl_ops[] __ro_after_init = {
	{
		.cmd = TRS_CMD_GET,
		.doit = trs_nl_get,
		.policy = trs_get_policy,
		.maxattr = TRS_A_MAX,
	},
	[TRS_OPS_DUMPS + TRS_TBL_PORTS] = TRS_DUMP_OP(ports),
	[TRS_OPS_DUMPS + TRS_TBL_PEERS] = TRS_DUMP_OP(peers),
	[TRS_OPS_DUMPS + TRS_TBL_DESTS] = TRS_DUMP_OP(dests),
	[TRS_OPS_DUMPS + TRS_TBL_FWD] = TRS_DUMP_OP(forwarded),
	{
		.cmd = TRS_CMD_RESET,
		.doit = trs_nl_reset,
		.policy = trs_reset_policy,
		.maxattr = TRS_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = TRS_CMD_CONFIG,
		.doit = trs_nl_config,
		.policy = trs_config_req_policy,
		.maxattr = TRS_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

int trs_netlink_init(void)
{
	unsigned int id;

	for (id = 0; id < TRS_TBL_MAX; id++) {
		struct genl_ops *op = &trs_genl_ops[TRS_OPS_DUMPS + id];

		op->cmd = trs_table_descs[id].dump_cmd;
		op->flags = trs_table_descs[id].admin ? GENL_UNS_ADMIN_PERM : 0;
	}
	return trs_family_register(trs_genl_ops, ARRAY_SIZE(trs_genl_ops));
}

void trs_netlink_exit(void)
{
	trs_family_unregister();
}
