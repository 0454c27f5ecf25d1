// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "names.h"
#include "tcpresetstat_names.h"

#define LIST(a) { a, TRS_NAMES_COUNT(a) }

const struct trs_names trs_counters = LIST(trs_counter_names);
const struct trs_names trs_pressures = LIST(trs_pressure_names);
const struct trs_names trs_configs = LIST(trs_config_names);
const struct trs_names trs_alerts = LIST(trs_alert_names);

const struct trs_names trs_table_cols[TRS_TBL_MAX] = {
	[TRS_TBL_PORTS] = LIST(trs_port_cols),
	[TRS_TBL_PEERS] = LIST(trs_peer_cols),
	[TRS_TBL_DESTS] = LIST(trs_dest_cols),
};

const char *const trs_table_names[TRS_TBL_MAX] = {
	[TRS_TBL_PORTS] = "ports",
	[TRS_TBL_PEERS] = "peers",
	[TRS_TBL_DESTS] = "destinations",
};

const char *const trs_table_keys[TRS_TBL_MAX] = {
	[TRS_TBL_PORTS] = "port",
	[TRS_TBL_PEERS] = "addr",
	[TRS_TBL_DESTS] = "local_addr addr remote_port",
};

const char *const trs_reasons_table = TRS_REASONS_TABLE;
const char *const trs_reasons_key = TRS_REASONS_KEY;
const struct trs_names trs_reason_columns = LIST(trs_reason_cols);

int trs_names_find(const struct trs_names *l, const char *name)
{
	unsigned int i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->names[i], name))
			return i;
	return -1;
}

int trs_table_id(const char *name)
{
	int id;

	for (id = 0; id < TRS_TBL_MAX; id++)
		if (!strcmp(name, trs_table_names[id]))
			return id;
	return -1;
}

bool trs_is_pressure(const char *name)
{
	return trs_names_find(&trs_pressures, name) >= 0;
}

bool trs_is_key_column(const char *name)
{
	static const char *const keys[] = { "port", "addr", "local_addr", "remote_port",
					    TRS_REASONS_KEY };
	static const struct trs_names l = LIST(keys);

	return trs_names_find(&l, name) >= 0;
}

bool trs_is_gauge_column(const char *name)
{
	const char *const gauges[] = {
		trs_port_cols[TRS_PORT_LISTEN_BACKLOG],
		trs_port_cols[TRS_PORT_LISTEN_MAX],
		trs_dest_cols[TRS_DEST_TW],
		trs_dest_cols[TRS_DEST_ESTAB],
		trs_dest_cols[TRS_DEST_PORT_USE_PCT],
		trs_dest_cols[TRS_DEST_NEAR_EXHAUSTION],
	};
	const struct trs_names l = LIST(gauges);

	return trs_names_find(&l, name) >= 0;
}

bool trs_is_derived(const char *name)
{
	return !strcmp(name, trs_counter_names[TRS_CTR_RST_IN_OTHER]) ||
	       !strcmp(name, trs_port_cols[TRS_PORT_RST_IN_OTHER]);
}

bool trs_is_known_column(const char *name)
{
	unsigned int t;

	if (trs_is_key_column(name))
		return true;
	for (t = 0; t < TRS_TBL_MAX; t++)
		if (trs_names_find(&trs_table_cols[t], name) >= 0)
			return true;
	return false;
}
