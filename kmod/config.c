// SPDX-License-Identifier: GPL-2.0
/*
 * tcpresetstat: settings.  Each namespace has its own (enum trs_config),
 * started from the module parameters of the same names and changed with
 * the netlink config command.  One table of limits serves both, so a value
 * refused at load is refused at run time with the same words.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>

#include "tcpresetstat.h"

#define TRS_ROWS_LIMIT		(1U << 20)
#define TRS_IDLE_LIMIT		(30U * 24 * 3600)
#define TRS_INTERVAL_LIMIT	(3600U * 1000)
#define TRS_RATE_LIMIT		1000000U

/*
 * What the root of a user namespace may not do (host_msg, where set): make
 * the module cost more than both the host's choice (the module parameter)
 * and the namespace's current value.  Table rows are allocated in softirq,
 * where no memory cgroup pays for them, and a sample walks hashes shared
 * by every namespace of the host, visiting all their sockets.  Shrinking
 * tables and lengthening the interval stay open to everyone allowed to
 * configure.
 */
struct trs_cfg_range {
	u32 min, max;
	bool zero_ok;		/* 0 is allowed below min: "off" */
	const char *msg;	/* extack: what is allowed */
	const char *host_msg;	/* extack: more cost is the host's to give */
};

#define TRS_HOST_MSG(what)	\
	what " the module parameter needs CAP_NET_ADMIN in the initial user namespace"

static const struct trs_cfg_range trs_cfg_ranges[TRS_CFG_MAX] = {
	[TRS_CFG_PORTS_MAX] = { 0, TRS_ROWS_LIMIT, false,
		"ports_max: rows, 0 to 1048576",
		TRS_HOST_MSG("ports_max: above") },
	[TRS_CFG_PEERS_MAX] = { 0, TRS_ROWS_LIMIT, false,
		"peers_max: rows, 0 to 1048576",
		TRS_HOST_MSG("peers_max: above") },
	[TRS_CFG_DESTS_MAX] = { 0, TRS_ROWS_LIMIT, false,
		"destinations_max: rows, 0 to 1048576",
		TRS_HOST_MSG("destinations_max: above") },
	[TRS_CFG_IDLE_TIMEOUT] = { 0, TRS_IDLE_LIMIT, false,
		"idle_timeout: seconds, 0 (never) to 2592000" },
	[TRS_CFG_SAMPLE_INTERVAL_MS] = { 100, TRS_INTERVAL_LIMIT, true,
		"sample_interval_ms: 0 (off) or 100 to 3600000",
		TRS_HOST_MSG("sample_interval_ms: below") },
	[TRS_CFG_PRESSURE_TOP] = { 0, TRS_SAMPLE_DESTS, false,
		"pressure_top: destinations, 0 to 1024" },
	[TRS_CFG_EXHAUSTION_PCT] = { 1, 100, false,
		"exhaustion_pct: percent, 1 to 100" },
	[TRS_CFG_ALERT_PORT_OPEN_FAIL] = { 0, TRS_RATE_LIMIT, false,
		"alert_port_open_fail: per second, 0 (off) to 1000000" },
	[TRS_CFG_ALERT_DEST_OPEN_FAIL] = { 0, TRS_RATE_LIMIT, false,
		"alert_dest_open_fail: per second, 0 (off) to 1000000" },
	[TRS_CFG_ALERT_PEER_RST] = { 0, TRS_RATE_LIMIT, false,
		"alert_peer_rst: per second, 0 (off) to 1000000" },
	[TRS_CFG_ALERT_MAX_PER_SEC] = { 0, 10000, false,
		"alert_max_per_sec: alerts, 0 (none) to 10000" },
	[TRS_CFG_FORWARDED_MAX] = { 0, TRS_ROWS_LIMIT, false,
		"forwarded_max: rows, 0 to 1048576",
		TRS_HOST_MSG("forwarded_max: above") },
	[TRS_CFG_FORWARDED_PENDING] = { 0, TRS_ROWS_LIMIT, false,
		"forwarded_pending: opens, 0 (none followed) to 1048576",
		TRS_HOST_MSG("forwarded_pending: above") },
};

/* Whether @a costs more than @b as a value of setting @id. */
static bool trs_cfg_costlier(unsigned int id, u32 a, u32 b)
{
	if (id == TRS_CFG_SAMPLE_INTERVAL_MS)	/* 0 is off */
		return a && (!b || a < b);
	return a > b;
}

/*
 * Returns NULL if @val may replace @cur as setting @id for a caller with
 * (@host_admin) or without CAP_NET_ADMIN in the initial user namespace,
 * else why not.
 */
const char *trs_config_check_cost(unsigned int id, u32 val, u32 cur,
				  bool host_admin)
{
	const char *msg = trs_cfg_ranges[id].host_msg;

	if (host_admin || !msg || !trs_cfg_costlier(id, val, cur) ||
	    !trs_cfg_costlier(id, val, trs_cfg_default[id]))
		return NULL;
	return msg;
}

/* Returns NULL if @val is a valid value of setting @id, else what is. */
const char *trs_config_check(unsigned int id, u32 val)
{
	const struct trs_cfg_range *r = &trs_cfg_ranges[id];

	if (val && trs_alert_unavailable(id))
		return "the counter this alert watches is unavailable on this kernel (no tracepoints or kprobes)";
	if ((val >= r->min || (r->zero_ok && !val)) && val <= r->max)
		return NULL;
	return r->msg;
}

/* The module parameters: what a new namespace starts with. */
u32 trs_cfg_default[TRS_CFG_MAX] = {
	[TRS_CFG_PORTS_MAX] = 256,
	[TRS_CFG_PEERS_MAX] = 256,
	[TRS_CFG_DESTS_MAX] = 256,
	[TRS_CFG_IDLE_TIMEOUT] = 600,
	[TRS_CFG_SAMPLE_INTERVAL_MS] = 1000,
	[TRS_CFG_PRESSURE_TOP] = 16,
	[TRS_CFG_EXHAUSTION_PCT] = 80,
	[TRS_CFG_ALERT_MAX_PER_SEC] = 10,
	[TRS_CFG_FORWARDED_MAX] = 256,
	[TRS_CFG_FORWARDED_PENDING] = 1024,
};

static int trs_param_set(const char *val, const struct kernel_param *kp)
{
	unsigned int id = (u32 *)kp->arg - trs_cfg_default;
	const char *msg;
	u32 n;
	int err;

	err = kstrtou32(val, 0, &n);
	if (err) {
		pr_err("%s: '%s' is not a number\n", kp->name, val);
		return err;
	}
	msg = trs_config_check(id, n);
	if (msg) {
		pr_err("%u is out of range; %s\n", n, msg);
		return -ERANGE;
	}
	*(u32 *)kp->arg = n;
	return 0;
}

static const struct kernel_param_ops trs_param_ops = {
	.set = trs_param_set,
	.get = param_get_uint,
};

/*
 * 0444: a parameter is only the default of new namespaces; changing a
 * running namespace is the config command's job (tcpresetstat config).
 */
#define TRS_PARAM(name, id, desc)					\
	module_param_cb(name, &trs_param_ops, &trs_cfg_default[id], 0444); \
	MODULE_PARM_DESC(name, desc)

TRS_PARAM(ports_max, TRS_CFG_PORTS_MAX,
	  "Rows of the ports table per namespace (default 256)");
TRS_PARAM(peers_max, TRS_CFG_PEERS_MAX,
	  "Rows of the peers table per namespace (default 256)");
TRS_PARAM(destinations_max, TRS_CFG_DESTS_MAX,
	  "Rows of the destinations table per namespace (default 256)");
TRS_PARAM(idle_timeout, TRS_CFG_IDLE_TIMEOUT,
	  "Seconds after which an unused table row is dropped (0: never; default 600)");
TRS_PARAM(sample_interval_ms, TRS_CFG_SAMPLE_INTERVAL_MS,
	  "Sampler period in ms: listen queues, TIME_WAIT (0: off; default 1000)");
TRS_PARAM(pressure_top, TRS_CFG_PRESSURE_TOP,
	  "Most used destinations kept with their TIME_WAIT/port use (default 16)");
TRS_PARAM(exhaustion_pct, TRS_CFG_EXHAUSTION_PCT,
	  "port_use_pct from which a destination is near exhaustion (default 80)");
TRS_PARAM(alert_port_open_fail, TRS_CFG_ALERT_PORT_OPEN_FAIL,
	  "Alert on failed passive opens per second on a port (0: off, default)");
TRS_PARAM(alert_dest_open_fail, TRS_CFG_ALERT_DEST_OPEN_FAIL,
	  "Alert on failed active opens per second to a destination (0: off, default)");
TRS_PARAM(alert_peer_rst, TRS_CFG_ALERT_PEER_RST,
	  "Alert on RSTs received per second from a peer (0: off, default)");
TRS_PARAM(alert_max_per_sec, TRS_CFG_ALERT_MAX_PER_SEC,
	  "Alerts sent per second and namespace, at most (default 10)");
TRS_PARAM(forwarded_max, TRS_CFG_FORWARDED_MAX,
	  "Rows of the forwarded table per namespace (default 256)");
TRS_PARAM(forwarded_pending, TRS_CFG_FORWARDED_PENDING,
	  "Forwarded opens followed at once per namespace, with conntrack (0: none; default 1024)");

bool trs_fold_ephemeral = true;
module_param_named(fold_ephemeral, trs_fold_ephemeral, bool, 0444);
MODULE_PARM_DESC(fold_ephemeral, "Count ports of ip_local_port_range in one 'ephemeral' row");

/*
 * The settings @set marks in @val that differ from @tn's, as bits by id:
 * what applying them (net.c) changes.  All already checked.
 */
u32 trs_config_diff(const struct trs_net *tn, const u32 *val, const bool *set)
{
	unsigned int id;
	u32 changed = 0;

	static_assert(TRS_CFG_MAX <= 32);
	for (id = 0; id < TRS_CFG_MAX; id++)
		if (set[id] && val[id] != trs_cfg(tn, id))
			changed |= BIT(id);
	return changed;
}
