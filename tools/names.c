// SPDX-License-Identifier: GPL-2.0
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "names.h"
#include "tcpresetstat_names.h"

#define LIST(a) { a, TRS_NAMES_COUNT(a) }

const struct trs_names trs_configs = LIST(trs_config_names);
const struct trs_names trs_alerts = LIST(trs_alert_names);

const struct trs_schema *const trs_tables[TRS_TBL_MAX] = {
	[TRS_TBL_PORTS] = &trs_tables_schema[TRS_TBL_PORTS],
	[TRS_TBL_PEERS] = &trs_tables_schema[TRS_TBL_PEERS],
	[TRS_TBL_DESTS] = &trs_tables_schema[TRS_TBL_DESTS],
	[TRS_TBL_FWD] = &trs_tables_schema[TRS_TBL_FWD],
};
const struct trs_schema *const trs_totals = &trs_totals_schema;
const struct trs_schema *const trs_pressure = &trs_pressure_schema;
const struct trs_schema *const trs_reasons = &trs_reasons_schema;
const struct trs_schema *const trs_groups[TRS_GROUP_MAX] = {
	[TRS_GROUP_TOTALS] = &trs_totals_schema,
	[TRS_GROUP_PRESSURE] = &trs_pressure_schema,
	[TRS_GROUP_TABLE0 + TRS_TBL_PORTS] = &trs_tables_schema[TRS_TBL_PORTS],
	[TRS_GROUP_TABLE0 + TRS_TBL_PEERS] = &trs_tables_schema[TRS_TBL_PEERS],
	[TRS_GROUP_TABLE0 + TRS_TBL_DESTS] = &trs_tables_schema[TRS_TBL_DESTS],
	[TRS_GROUP_TABLE0 + TRS_TBL_FWD] = &trs_tables_schema[TRS_TBL_FWD],
};
/* Column masks are u64s. */
TRS_NAMES_ASSERT(TRS_CTR_MAX <= 64 && TRS_PR_MAX <= 64 && TRS_COLS_MAX <= 64);

/* Whether table @t has the column @name. */
static bool has_col(const struct trs_table *t, const char *name)
{
	size_t c;

	for (c = t->nkeys; c < t->ncols; c++)
		if (!strcmp(t->cols[c], name))
			return true;
	return false;
}

/* The columns of group @g that @s lacks. */
static uint64_t lacks(const struct trs_snapshot *s, unsigned int g)
{
	const struct trs_schema *schema = trs_groups[g];
	const struct trs_table *t = NULL;
	uint64_t bits = 0;
	unsigned int c;

	if (g >= TRS_GROUP_TABLE0) {
		t = trs_snapshot_table(s, schema->name);
		if (!t || (s->left_out & (1u << (g - TRS_GROUP_TABLE0))))
			return 0;
	}
	for (c = 0; c < schema->ncols; c++)
		if (t ? !has_col(t, schema->cols[c].name) :
			!trs_snapshot_total(s, schema->cols[c].name))
			bits |= TRS_COL_BIT(c);
	return bits;
}

void trs_unavailable(const struct trs_snapshot *s, unsigned int groups,
		     uint64_t unavail[TRS_GROUP_MAX])
{
	unsigned int g;

	for (g = 0; g < TRS_GROUP_MAX; g++)
		unavail[g] = groups & TRS_GROUP_BIT(g) ? lacks(s, g) : 0;
}

int trs_names_find(const struct trs_names *l, const char *name)
{
	unsigned int i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->names[i], name))
			return i;
	return -1;
}

int trs_col_find(const struct trs_schema *s, const char *name)
{
	unsigned int i;

	for (i = 0; i < s->ncols; i++)
		if (!strcmp(s->cols[i].name, name))
			return i;
	return -1;
}

int trs_table_id(const char *name)
{
	int id;

	for (id = 0; id < TRS_TBL_MAX; id++)
		if (!strcmp(name, trs_tables[id]->name))
			return id;
	return -1;
}

const struct trs_schema *trs_schema_of(const char *name)
{
	int id = trs_table_id(name);

	if (id >= 0)
		return trs_tables[id];
	return strcmp(name, trs_reasons->name) ? NULL : trs_reasons;
}

bool trs_is_table_name(const char *name, size_t len)
{
	int id;

	for (id = 0; id <= TRS_TBL_MAX; id++) {
		const char *n = id < TRS_TBL_MAX ? trs_tables[id]->name : trs_reasons->name;

		if (strlen(n) == len && !strncmp(n, name, len))
			return true;
	}
	return false;
}

bool trs_name_listed(const char *list, const char *name)
{
	size_t len = strlen(name);
	const char *p;

	if (!list || !strcmp(list, "all"))
		return true;
	for (p = list; *p; p += strcspn(p, ",") + (p[strcspn(p, ",")] == ',')) {
		if (strcspn(p, ",") == len && !strncmp(p, name, len))
			return true;
	}
	return false;
}

unsigned int trs_tables_listed(const char *list)
{
	unsigned int id, mask = 0;

	for (id = 0; id < TRS_TBL_MAX; id++)
		if (trs_name_listed(list, trs_tables[id]->name))
			mask |= 1u << id;
	return mask;
}

/* The tables' schemas, the reasons' last: 0 to TRS_TBL_MAX. */
static const struct trs_schema *table_schema(unsigned int id)
{
	return id < TRS_TBL_MAX ? trs_tables[id] : trs_reasons;
}

/* Index of key column @col of @s, or -1. */
static int key_find(const struct trs_schema *s, const char *col)
{
	unsigned int i;

	for (i = 0; i < s->nkeys; i++)
		if (!strcmp(s->keys[i].name, col))
			return i;
	return -1;
}

/* The kind of @col in @s, or -1 when @s has no such column. */
static int kind_in(const struct trs_schema *s, const char *col)
{
	int c;

	if (key_find(s, col) >= 0)
		return TRS_COL_KEY;
	c = trs_col_find(s, col);
	return c < 0 ? -1 : s->cols[c].kind;
}

/* How any schema of a table names @col, keys first; -1 if none does. */
static int kind_anywhere(const char *col)
{
	unsigned int id;
	int k, kind = -1;

	for (id = 0; id <= TRS_TBL_MAX && kind != TRS_COL_KEY; id++) {
		k = kind_in(table_schema(id), col);
		if (k >= 0 && (kind < 0 || k == TRS_COL_KEY))
			kind = k;
	}
	return kind;
}

int trs_col_kind(const char *table, const char *col)
{
	const struct trs_schema *s;
	int kind;

	if (!table) {
		kind = kind_in(trs_totals, col);
		if (kind < 0 && trs_is_pressure(col))
			kind = TRS_COL_GAUGE;
	} else {
		s = trs_schema_of(table);
		kind = s ? kind_in(s, col) : -1;
		if (kind < 0)
			kind = kind_anywhere(col);
	}
	return kind < 0 ? TRS_COL_COUNTER : kind;
}

/* The type of key column @col: as its table's schema says, else the first that has it. */
static unsigned char key_type(const char *table, const char *col)
{
	const struct trs_schema *s = trs_schema_of(table);
	unsigned int id;
	int k = s ? key_find(s, col) : -1;

	for (id = 0; k < 0 && id <= TRS_TBL_MAX; id++) {
		s = table_schema(id);
		k = key_find(s, col);
	}
	return k < 0 ? TRS_KEY_NAME : s->keys[k].type;
}

size_t trs_table_keys(const char *table, char *const *cols, size_t ncols,
		      unsigned char *key_type_out)
{
	size_t n;

	for (n = 0; n < ncols && n < TRS_TABLE_KEYS_MAX; n++) {
		if (n && trs_col_kind(table, cols[n]) != TRS_COL_KEY)
			break;
		key_type_out[n] = key_type(table, cols[n]);
	}
	return n;
}

bool trs_is_pressure(const char *name)
{
	return trs_col_find(trs_pressure, name) >= 0;
}

bool trs_is_known_column(const char *name)
{
	return kind_anywhere(name) >= 0;
}

void trs_put_unavailable(FILE *f, const uint64_t *unavail)
{
	const char *group_sep = "", *sep;
	unsigned int g, c;

	fputs("unavailable on this kernel:", f);
	for (g = 0; g < TRS_GROUP_MAX; g++) {
		if (!unavail[g])
			continue;
		fprintf(f, "%s %s:", group_sep, trs_groups[g]->name);
		group_sep = ";";
		sep = "";
		for (c = 0; c < trs_groups[g]->ncols; c++) {
			if (!(unavail[g] & TRS_COL_BIT(c)))
				continue;
			fprintf(f, "%s %s", sep, trs_groups[g]->cols[c].name);
			sep = ",";
		}
	}
}
