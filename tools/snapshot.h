// SPDX-License-Identifier: GPL-2.0
#ifndef TRS_SNAPSHOT_H
#define TRS_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

/*
 * One reading of the module's counters, filled alike from /proc or
 * generic netlink.  Values are numbers and keys are typed (a port, an
 * address, a name): strings exist only where a renderer prints them
 * (output.h: trs_cell_text()).  Totals, tables and columns keep the names
 * and order the kernel gave them, so those a newer module adds show up
 * without changes here.
 */

/* Bound on table width, so printers can keep per-column state on the stack. */
#define TRS_TABLE_COLS_MAX	64
#define TRS_TABLE_KEYS_MAX	8

struct trs_total {
	char *name;
	uint64_t value;
};

/* One key cell, of its column's enum trs_key_type. */
union trs_keyval {
	uint16_t port;
	struct in6_addr addr;	/* IPv4 v4-mapped */
	char *text;		/* TRS_KEY_NAME, owned by the table */
};

struct trs_table {
	char *name;
	char **cols;		/* the key columns first (nkeys), then the values */
	size_t ncols, nkeys;
	unsigned char key_type[TRS_TABLE_KEYS_MAX];	/* enum trs_key_type */
	/* Values count 1/scale units: 1, or 100 for rates (hundredths). */
	unsigned int scale;
	size_t nrows, cap;
	unsigned char *kind;	/* per row: enum trs_row_kind */
	union trs_keyval *keys;	/* nrows rows of nkeys, one row after the other */
	uint64_t *vals;		/* nrows rows of ncols - nkeys */
};

struct trs_snapshot {
	struct trs_total *totals;
	size_t ntotals;
	size_t totals_cap;
	struct trs_table *tables;
	size_t ntables;
	size_t tables_cap;
	/*
	 * Tables read whole or not (netlink only), bits by enum trs_table_id:
	 * left out, for want of CAP_NET_ADMIN; or inconsistent, still changing
	 * after every retried dump (NLM_F_DUMP_INTR): rows may be missing.
	 */
	unsigned int left_out, inconsistent;
};

void trs_snapshot_free(struct trs_snapshot *s);

/* The add functions copy their strings; they return 0, or -1 when out of memory. */
int trs_snapshot_add_total(struct trs_snapshot *s, const char *name, uint64_t value);
const struct trs_total *trs_snapshot_total(const struct trs_snapshot *s, const char *name);

/* The table returned stays valid until the next trs_snapshot_add_table(). */
struct trs_table *trs_snapshot_add_table(struct trs_snapshot *s, const char *name);
/* Takes the last table added back out. */
void trs_snapshot_drop_table(struct trs_snapshot *s);
const struct trs_table *trs_snapshot_table(const struct trs_snapshot *s, const char *name);
/*
 * Columns: @nkeys keys of the types @key_type, then values.  Once, before
 * any row; 0 or -1 (out of memory, or no or too many columns).
 */
int trs_table_set_cols(struct trs_table *t, char *const *cols, size_t ncols, size_t nkeys,
		       const unsigned char *key_type);
/* A row: its kind, nkeys keys (text copied) and ncols - nkeys values; 0 or -1. */
int trs_table_add_row(struct trs_table *t, unsigned char kind, const union trs_keyval *keys,
		      const uint64_t *vals);
/* Drops every row, keeping the columns. */
void trs_table_clear_rows(struct trs_table *t);
/*
 * Keeps one row per key: the last one read, in the place of the first.
 * Returns how many rows were dropped, or -1 when out of memory (@t
 * unchanged).
 */
long trs_table_dedupe(struct trs_table *t);
/*
 * Row @ra of @a and row @rb of @b have the same key (kind and keys, the
 * tables' keys of the same types): <0, 0 or >0, as strcmp().  Tables whose
 * keys differ compare by their number of keys, then their types.
 */
int trs_table_key_cmp(const struct trs_table *a, size_t ra, const struct trs_table *b, size_t rb);

static inline size_t trs_table_nvals(const struct trs_table *t)
{
	return t->ncols - t->nkeys;
}

/* Value column @c (an index of cols, at least nkeys) of row @row. */
static inline uint64_t trs_table_value(const struct trs_table *t, size_t row, size_t c)
{
	return t->vals[row * trs_table_nvals(t) + c - t->nkeys];
}

/* Key column @c (below nkeys) of row @row. */
static inline const union trs_keyval *trs_table_key(const struct trs_table *t, size_t row,
						    size_t c)
{
	return &t->keys[row * t->nkeys + c];
}

/* Decimal digits without sign or leading zeros (so also a valid JSON number). */
bool trs_parse_u64(const char *s, uint64_t *v);

#endif /* TRS_SNAPSHOT_H */
