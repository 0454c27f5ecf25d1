// SPDX-License-Identifier: GPL-2.0
#ifndef TRS_SNAPSHOT_H
#define TRS_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * One reading of the module's counters, independent of where it came from
 * (/proc today, generic netlink later).  Everything is kept by name and in
 * the order the kernel gave it, so counters, tables and columns added by a
 * newer module show up without changes here.
 */

/* Bound on table width, so printers can keep per-column state on the stack. */
#define TRS_TABLE_COLS_MAX	64

struct trs_total {
	char *name;
	uint64_t value;
};

struct trs_table {
	char *name;
	char **cols;
	size_t ncols;
	char **cells;		/* nrows rows of ncols values, one row after the other */
	size_t nrows;
	size_t cells_cap;
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
const struct trs_table *trs_snapshot_table(const struct trs_snapshot *s, const char *name);
int trs_table_set_cols(struct trs_table *t, char *const *cols, size_t ncols);
int trs_table_add_row(struct trs_table *t, char *const *values);
/* Drops every row, keeping the columns. */
void trs_table_clear_rows(struct trs_table *t);
/*
 * Keeps one row per key (the first @nkeys cells): the last one read, in
 * the place of the first.  Returns how many rows were dropped, or -1 when
 * out of memory (@t unchanged).
 */
long trs_table_dedupe(struct trs_table *t, size_t nkeys);

static inline const char *trs_table_cell(const struct trs_table *t, size_t row, size_t col)
{
	return t->cells[row * t->ncols + col];
}

/* Decimal digits without sign or leading zeros (so also a valid JSON number). */
bool trs_parse_u64(const char *s, uint64_t *v);

#endif /* TRS_SNAPSHOT_H */
