// SPDX-License-Identifier: GPL-2.0
#ifndef TRS_NAMES_H
#define TRS_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "snapshot.h"
#include "tcpresetstat.h"

/*
 * The ABI's schema and names (tcpresetstat_names.h) for every file of the
 * tool: that header defines its arrays, so only names.c includes it.
 */
struct trs_names {
	const char *const *names;
	unsigned int n;
};

extern const struct trs_names trs_configs, trs_alerts;

/* What each table is made of (struct trs_schema), by enum trs_table_id. */
extern const struct trs_schema *const trs_tables[TRS_TBL_MAX];
/* Totals and pressure (columns without keys), and GET's reasons table. */
extern const struct trs_schema *const trs_totals, *const trs_pressure, *const trs_reasons;

/* Bit @c of a column mask, as tcpresetstat_names.h spells it. */
#define TRS_COL_BIT(c)		(1ULL << (c))

/*
 * The groups of values a snapshot holds as the schema describes them: the
 * totals, the pressure values, then each table (enum trs_table_id).
 */
enum trs_group {
	TRS_GROUP_TOTALS,
	TRS_GROUP_PRESSURE,
	TRS_GROUP_TABLE0,	/* + enum trs_table_id */
	TRS_GROUP_MAX = TRS_GROUP_TABLE0 + TRS_TBL_MAX
};
#define TRS_GROUP_BIT(g)	(1u << (g))
#define TRS_GROUPS_ALL		(TRS_GROUP_BIT(TRS_GROUP_MAX) - 1)
/* The groups of the tables of @bits (by enum trs_table_id). */
#define TRS_GROUP_TABLES(bits)	(((bits) << TRS_GROUP_TABLE0) & TRS_GROUPS_ALL)
extern const struct trs_schema *const trs_groups[TRS_GROUP_MAX];

/*
 * What the kernel left out of @s, for each group of @groups (TRS_GROUP_BIT()
 * of each): bit c of @unavail[g] for column c of the group's schema that
 * @s lacks (a kernel without tracepoints or kprobes cannot count it).  A
 * table that @s lacks, or left out for want of CAP_NET_ADMIN, lacks
 * nothing; groups not in @groups are 0.
 */
void trs_unavailable(const struct trs_snapshot *s, unsigned int groups,
		     uint64_t unavail[TRS_GROUP_MAX]);

/* "unavailable on this kernel: totals: a, b; ports: c", without a newline. */
void trs_put_unavailable(FILE *f, const uint64_t *unavail);

/* The id of the table named @name (ports, peers, destinations), or -1. */
int trs_table_id(const char *name);
/* The schema of the table named @name (the reasons too), or NULL. */
const struct trs_schema *trs_schema_of(const char *name);

/* The @len bytes at @name name a table this tool knows, or the reasons. */
bool trs_is_table_name(const char *name, size_t len);

/*
 * @name is in @list ("a,b"); a NULL @list, or "all", has every name.
 * For show --tables.
 */
bool trs_name_listed(const char *list, const char *name);

/* The tables of @list (NULL: all), as bits by enum trs_table_id. */
unsigned int trs_tables_listed(const char *list);
/* Index of @name in @l, or -1. */
int trs_names_find(const struct trs_names *l, const char *name);
/* Index of column @name of @s, or -1. */
int trs_col_find(const struct trs_schema *s, const char *name);

/* A key column, beside enum trs_col_kind. */
#define TRS_COL_KEY	0x80
/*
 * What column @col of table @table (NULL: a total or pressure value) is,
 * as the schema says: TRS_COL_KEY or an enum trs_col_kind.  A column the
 * table's schema does not have (a newer module's, or a newer table's) is
 * what the other tables' schemas call it; one no schema names is a counter.
 */
int trs_col_kind(const char *table, const char *col);

static inline bool trs_is_key_column(const char *table, const char *col)
{
	return trs_col_kind(table, col) == TRS_COL_KEY;
}

/* Sampled (pressure, listen_backlog, tw, ...): a gauge, not a counter. */
static inline bool trs_is_gauge_column(const char *table, const char *col)
{
	return trs_col_kind(table, col) == TRS_COL_GAUGE;
}

/*
 * Computed by the module when read (rst_in_other: rst_in less its named
 * classes): not monotonic, as it may dip while an event is half counted.
 */
static inline bool trs_is_derived(const char *table, const char *col)
{
	return trs_col_kind(table, col) == TRS_COL_DERIVED;
}

/*
 * The key columns of a table named @table with columns @cols, as /proc
 * gives them: the leading ones a schema calls keys, and at least the
 * first.  Their types go to @key_type (a name where no schema says);
 * returns how many, at most TRS_TABLE_KEYS_MAX.
 */
size_t trs_table_keys(const char *table, char *const *cols, size_t ncols,
		      unsigned char *key_type);

/* A pressure value (a total-like line that is sampled). */
bool trs_is_pressure(const char *name);
/* A column of any table this tool knows, keys included. */
bool trs_is_known_column(const char *name);

#endif /* TRS_NAMES_H */
