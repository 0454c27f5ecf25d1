// SPDX-License-Identifier: GPL-2.0
/*
 * tcpresetstat: each table's schema (uapi/tcpresetstat_names.h: its name,
 * keys and columns with their kinds) and what the module keeps beside it.
 * Everything that describes a table reads it from here: /proc, netlink,
 * the settings and the owner of the namespaces' state.
 */
#include <linux/cache.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/stddef.h>

#include "tcpresetstat.h"
#include "uapi/tcpresetstat_names.h"

const struct trs_table_desc trs_table_descs[TRS_TBL_MAX] = {
	[TRS_TBL_PORTS] = {
		.schema		= &trs_tables_schema[TRS_TBL_PORTS],
		.key_off	= TRS_PORTS_KEY_OFF,
		.size_cfg	= TRS_CFG_PORTS_MAX,
		.key_chars	= 6,
		.dump_cmd	= TRS_CMD_GET_PORTS,
		.admin		= false,
	},
	[TRS_TBL_PEERS] = {
		.schema		= &trs_tables_schema[TRS_TBL_PEERS],
		.key_off	= TRS_PEERS_KEY_OFF,
		.size_cfg	= TRS_CFG_PEERS_MAX,
		.key_chars	= 16,
		.dump_cmd	= TRS_CMD_GET_PEERS,
		.admin		= true,
	},
	[TRS_TBL_DESTS] = {
		.schema		= &trs_tables_schema[TRS_TBL_DESTS],
		.key_off	= TRS_DESTS_KEY_OFF,
		.size_cfg	= TRS_CFG_DESTS_MAX,
		.key_chars	= 38,
		.dump_cmd	= TRS_CMD_GET_DESTS,
		.admin		= true,
	},
	[TRS_TBL_FWD] = {
		.schema		= &trs_tables_schema[TRS_TBL_FWD],
		.key_off	= TRS_FWD_KEY_OFF,
		.size_cfg	= TRS_CFG_FORWARDED_MAX,
		.key_chars	= 22,
		.dump_cmd	= TRS_CMD_GET_FORWARDED,
		.admin		= true,
	},
};

const struct trs_schema *const trs_totals = &trs_totals_schema;
const struct trs_schema *const trs_pressure = &trs_pressure_schema;
const struct trs_schema *const trs_reasons = &trs_reasons_schema;

static_assert(TRS_PORT_MAX <= TRS_COLS_MAX && TRS_PEER_MAX <= TRS_COLS_MAX &&
	      TRS_DEST_MAX <= TRS_COLS_MAX && TRS_FWD_MAX <= TRS_COLS_MAX);
static_assert(TRS_CTR_MAX <= 64 && TRS_COLS_MAX <= 64);

/*
 * Fill the derived columns of @v, read by @s: each is its column .of less
 * the columns of .less.  A reader racing an event can see the class before
 * the total: clamp rather than wrap.
 */
void trs_derive(const struct trs_schema *s, u64 *v)
{
	const struct trs_col *col;
	unsigned int c, d;
	u64 less;

	for (d = 0; d < s->ncols; d++) {
		col = &s->cols[d];
		if (col->kind != TRS_COL_DERIVED)
			continue;
		less = 0;
		for (c = 0; c < s->ncols; c++)
			if (col->less & BIT_ULL(c))
				less += v[c];
		v[d] = v[col->of] - min(v[col->of], less);
	}
}

/*
 * What a kernel without tracepoints or kretprobes cannot count, by set
 * (enum trs_unavail_set): left out of /proc and netlink, and listed in the
 * GET reply (Documentation/counters.rst, "Kernels without tracepoints or
 * kprobes").  The hooks count every RST whatever the kernel; without
 * tracepoints the LOCAL_IN hook also counts the opens that a RST or an
 * ICMP error fails in SYN_SENT (account.c), so refused and unreachable
 * stay, while timeouts, other causes, and so the totals of failed active
 * opens, go.  A derived column goes with any column it is derived from
 * (schema_test.c checks).
 */
#define B(c)	BIT_ULL(c)

const u64 trs_needs_tracepoints[TRS_UNAVAIL_MAX] = {
	[TRS_UNAVAIL_TOTALS] =
		B(TRS_CTR_RST_IN_RESET) | B(TRS_CTR_RST_IN_OTHER) |
		B(TRS_CTR_OPEN_FAIL_ACTIVE) |
		B(TRS_CTR_OPEN_FAIL_ACTIVE_TIMEOUT) |
		B(TRS_CTR_OPEN_FAIL_ACTIVE_OTHER) |
		/* a Fast Open child's reset is a state change */
		B(TRS_CTR_OPEN_FAIL_PASSIVE) |
		B(TRS_CTR_OPEN_FAIL_PASSIVE_RESET) |
		B(TRS_CTR_ESTAB_RESET) | B(TRS_CTR_EADDRNOTAVAIL),
	[TRS_UNAVAIL_TABLE0 + TRS_TBL_PORTS] =
		B(TRS_PORT_RST_IN_RESET) | B(TRS_PORT_RST_IN_OTHER) |
		B(TRS_PORT_OPEN_FAIL_PASSIVE) |
		B(TRS_PORT_OPEN_FAIL_PASSIVE_RESET),
	[TRS_UNAVAIL_TABLE0 + TRS_TBL_PEERS] =
		B(TRS_PEER_OPEN_FAIL_ACTIVE) | B(TRS_PEER_OPEN_FAIL_PASSIVE) |
		B(TRS_PEER_ESTAB_RESET),
	[TRS_UNAVAIL_TABLE0 + TRS_TBL_DESTS] =
		B(TRS_DEST_OPEN_FAIL_ACTIVE) |
		B(TRS_DEST_OPEN_FAIL_ACTIVE_TIMEOUT) |
		B(TRS_DEST_OPEN_FAIL_ACTIVE_OTHER) |
		B(TRS_DEST_RST_IN_RESET) | B(TRS_DEST_EADDRNOTAVAIL),
};

const u64 trs_needs_kretprobes[TRS_UNAVAIL_MAX] = {
	[TRS_UNAVAIL_TOTALS] =
		B(TRS_CTR_OPEN_FAIL_PASSIVE) |
		B(TRS_CTR_OPEN_FAIL_PASSIVE_RESET) |
		B(TRS_CTR_OPEN_FAIL_PASSIVE_TIMEOUT) |
		B(TRS_CTR_OPEN_FAIL_PASSIVE_LISTEN_DROP),
	[TRS_UNAVAIL_TABLE0 + TRS_TBL_PORTS] =
		B(TRS_PORT_OPEN_FAIL_PASSIVE) |
		B(TRS_PORT_OPEN_FAIL_PASSIVE_RESET) |
		B(TRS_PORT_OPEN_FAIL_PASSIVE_TIMEOUT) |
		B(TRS_PORT_OPEN_FAIL_PASSIVE_LISTEN_DROP),
	[TRS_UNAVAIL_TABLE0 + TRS_TBL_PEERS] =
		B(TRS_PEER_OPEN_FAIL_PASSIVE),
};

/* The forwarded opens: followed with conntrack's entries (forward.c). */
const u64 trs_needs_conntrack[TRS_UNAVAIL_MAX] = {
	[TRS_UNAVAIL_TOTALS] =
		B(TRS_CTR_OPEN_FAIL_FWD) | B(TRS_CTR_OPEN_FAIL_FWD_REFUSED) |
		B(TRS_CTR_OPEN_FAIL_FWD_UNREACH) |
		B(TRS_CTR_OPEN_FAIL_FWD_TIMEOUT) | B(TRS_CTR_OPEN_FWD_UNTRACKED),
	[TRS_UNAVAIL_TABLE0 + TRS_TBL_PEERS] = B(TRS_PEER_OPEN_FAIL_FWD),
	[TRS_UNAVAIL_TABLE0 + TRS_TBL_FWD] = GENMASK_ULL(TRS_FWD_MAX - 1, 0),
};

u64 trs_unavail[TRS_UNAVAIL_MAX] __ro_after_init;

/* Before anything reads or counts: module init. */
void __init trs_schema_init(void)
{
	unsigned int i;

	for (i = 0; i < TRS_UNAVAIL_MAX; i++)
		trs_unavail[i] =
			(TRS_HAVE_TRACEPOINTS ? 0 : trs_needs_tracepoints[i]) |
			(TRS_HAVE_KRETPROBES ? 0 : trs_needs_kretprobes[i]) |
			(TRS_HAVE_CONNTRACK ? 0 : trs_needs_conntrack[i]);
}
