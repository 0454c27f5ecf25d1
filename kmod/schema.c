// SPDX-License-Identifier: GPL-2.0
/*
 * tcpresetstat: each table's schema (uapi/tcpresetstat_names.h: its name,
 * keys and columns with their kinds) and what the module keeps beside it.
 * Everything that describes a table reads it from here: /proc, netlink,
 * the settings and the owner of the namespaces' state.
 */
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
};

const struct trs_schema *const trs_totals = &trs_totals_schema;
const struct trs_schema *const trs_pressure = &trs_pressure_schema;
const struct trs_schema *const trs_reasons = &trs_reasons_schema;

static_assert(TRS_PORT_MAX <= TRS_COLS_MAX && TRS_PEER_MAX <= TRS_COLS_MAX &&
	      TRS_DEST_MAX <= TRS_COLS_MAX);
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
