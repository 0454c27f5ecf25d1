// SPDX-License-Identifier: GPL-2.0
#ifndef TRS_NAMES_H
#define TRS_NAMES_H

#include <stdbool.h>

#include "tcpresetstat.h"

/*
 * The ABI's names (tcpresetstat_names.h) for every file of the tool: that
 * header defines its arrays, so only names.c includes it.
 */
struct trs_names {
	const char *const *names;
	unsigned int n;
};

extern const struct trs_names trs_counters, trs_pressures, trs_configs, trs_alerts;
/* Counter columns of each table, by enum trs_table_id. */
extern const struct trs_names trs_table_cols[TRS_TBL_MAX];
extern const char *const trs_table_names[TRS_TBL_MAX];
/* Key columns of each table, in /proc's order (space-separated). */
extern const char *const trs_table_keys[TRS_TBL_MAX];

/* The reasons table (GET's TRS_A_REASONS): its name, key and columns. */
extern const char *const trs_reasons_table, *const trs_reasons_key;
extern const struct trs_names trs_reason_columns;

/* The id of the table named @name (ports, peers, destinations), or -1. */
int trs_table_id(const char *name);
/* Index of @name in @l, or -1. */
int trs_names_find(const struct trs_names *l, const char *name);

/* A pressure value: sampled, so a gauge rather than a counter. */
bool trs_is_pressure(const char *name);
/* A table column that is a key (port, addr, local_addr, remote_port, reason). */
bool trs_is_key_column(const char *name);
/* A sampled table column (listen_backlog, tw, ...): a gauge. */
bool trs_is_gauge_column(const char *name);
/*
 * A counter the module computes from others when read (rst_in_other =
 * rst_in less its named classes), in totals or a table: not monotonic, as
 * it may dip by one while an event is half counted.
 */
bool trs_is_derived(const char *name);
/* A column of any table this tool knows, keys included. */
bool trs_is_known_column(const char *name);

#endif /* TRS_NAMES_H */
