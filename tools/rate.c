// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "rate.h"

double trs_rate(uint64_t prev, uint64_t cur, double elapsed)
{
	if (!(elapsed > 0))
		return 0;
	return (double)(cur >= prev ? cur - prev : cur) / elapsed;
}

double trs_derived_rate(uint64_t prev, uint64_t cur, double elapsed, bool reset)
{
	if (reset)
		return trs_rate(0, cur, elapsed);
	return trs_rate(prev, cur >= prev ? cur : prev, elapsed);
}

/* The rate of column @name of @table (NULL: a total). */
static double rate_of(const char *table, const char *name, uint64_t prev, uint64_t cur,
		      double elapsed, bool reset)
{
	if (trs_is_derived(table, name))
		return trs_derived_rate(prev, cur, elapsed, reset);
	return trs_rate(prev, cur, elapsed);
}

/* A cell's counter value; cells that are not counters read as 0. */
static uint64_t cell_u64(const char *cell)
{
	uint64_t v;

	return trs_parse_u64(cell, &v) ? v : 0;
}

/* A row's key: its key cells, joined by spaces. */
static char *row_key(const struct trs_table *t, size_t r)
{
	size_t c, len = 1;
	char *key;

	for (c = 0; c < t->ncols; c++)
		if (trs_is_key_column(t->name, t->cols[c]))
			len += strlen(trs_table_cell(t, r, c)) + 1;
	key = malloc(len);
	if (!key)
		return NULL;
	*key = '\0';
	for (c = 0; c < t->ncols; c++) {
		if (!trs_is_key_column(t->name, t->cols[c]))
			continue;
		if (*key)
			strcat(key, " ");
		strcat(key, trs_table_cell(t, r, c));
	}
	return key;
}

struct keyed {
	char *key;
	size_t row;
};

static int keyed_cmp(const void *a, const void *b)
{
	return strcmp(((const struct keyed *)a)->key, ((const struct keyed *)b)->key);
}

static void keyed_free(struct keyed *k, size_t n)
{
	while (n)
		free(k[--n].key);
	free(k);
}

/* The rows of @t sorted by key, for bsearch(); NULL when out of memory. */
static struct keyed *index_rows(const struct trs_table *t)
{
	struct keyed *k = calloc(t->nrows + 1, sizeof(*k));
	size_t r;

	for (r = 0; k && r < t->nrows; r++) {
		k[r] = (struct keyed){ .key = row_key(t, r), .row = r };
		if (!k[r].key) {
			keyed_free(k, r);
			return NULL;
		}
	}
	if (k)
		qsort(k, t->nrows, sizeof(*k), keyed_cmp);
	return k;
}

/* A column of prev matching column @c of cur, or -1. */
static int prev_column(const struct trs_table *prev, const char *name)
{
	size_t c;

	for (c = 0; prev && c < prev->ncols; c++)
		if (!strcmp(prev->cols[c], name))
			return c;
	return -1;
}

static int table_rates(const struct trs_table *prev, const struct trs_table *cur,
		       double elapsed, struct trs_snapshot *out)
{
	char bufs[TRS_TABLE_COLS_MAX][32], *cols[TRS_TABLE_COLS_MAX], *cells[TRS_TABLE_COLS_MAX];
	int src[TRS_TABLE_COLS_MAX], psrc[TRS_TABLE_COLS_MAX];
	uint64_t before[TRS_TABLE_COLS_MAX], now[TRS_TABLE_COLS_MAX];
	struct keyed *index = NULL;
	bool reset;
	struct trs_table *t;
	size_t c, r, n = 0;
	int ret = -1;

	for (c = 0; c < cur->ncols; c++) {
		if (trs_is_gauge_column(cur->name, cur->cols[c]))
			continue;
		src[n] = c;
		psrc[n] = prev_column(prev, cur->cols[c]);
		cols[n++] = cur->cols[c];
	}
	t = trs_snapshot_add_table(out, cur->name);
	if (!t || (n && trs_table_set_cols(t, cols, n)))
		return -1;
	if (prev && prev->nrows) {
		index = index_rows(prev);
		if (!index)
			return -1;
	}
	for (r = 0; r < cur->nrows; r++) {
		struct keyed want = { .key = row_key(cur, r) }, *found = NULL;

		if (!want.key)
			goto out;
		if (index)
			found = bsearch(&want, index, prev->nrows, sizeof(*index), keyed_cmp);
		free(want.key);
		reset = false;
		for (c = 0; c < n; c++) {
			before[c] = now[c] = 0;
			if (trs_is_key_column(cur->name, cols[c]))
				continue;
			now[c] = cell_u64(trs_table_cell(cur, r, src[c]));
			if (found && psrc[c] >= 0)
				before[c] = cell_u64(trs_table_cell(prev, found->row, psrc[c]));
			if (now[c] < before[c] && !trs_is_derived(cur->name, cols[c]))
				reset = true;
		}
		for (c = 0; c < n; c++) {
			if (trs_is_key_column(cur->name, cols[c])) {
				cells[c] = (char *)trs_table_cell(cur, r, src[c]);
				continue;
			}
			trs_format_decimal(bufs[c], sizeof(bufs[c]),
					   rate_of(cur->name, cols[c], before[c], now[c], elapsed,
						   reset));
			cells[c] = bufs[c];
		}
		if (n && trs_table_add_row(t, cells))
			goto out;
	}
	ret = 0;
out:
	if (index)
		keyed_free(index, prev->nrows);
	return ret;
}

int trs_rates(const struct trs_snapshot *prev, const struct trs_snapshot *cur, double elapsed,
	      struct trs_rates *r)
{
	bool reset = false;
	size_t i;

	*r = (struct trs_rates){ 0 };
	r->totals = trs_snapshot_values(cur, false, &r->ntotals);
	if (!r->totals)
		goto oom;
	/* A reset shows in the monotonic totals, never in a derived one. */
	for (i = 0; i < r->ntotals; i++) {
		const struct trs_total *before = trs_snapshot_total(prev, r->totals[i].name);
		const struct trs_total *now = trs_snapshot_total(cur, r->totals[i].name);

		if (before && now->value < before->value && !trs_is_derived(NULL, now->name))
			reset = true;
	}
	for (i = 0; i < r->ntotals; i++) {
		const struct trs_total *before = trs_snapshot_total(prev, r->totals[i].name);
		const struct trs_total *now = trs_snapshot_total(cur, r->totals[i].name);

		trs_format_decimal(r->totals[i].value, sizeof(r->totals[i].value),
				   rate_of(NULL, now->name, before ? before->value : 0,
					   now->value, elapsed, reset));
	}
	for (i = 0; i < cur->ntables; i++)
		if (table_rates(trs_snapshot_table(prev, cur->tables[i].name), &cur->tables[i],
				elapsed, &r->tables))
			goto oom;
	return 0;
oom:
	trs_rates_free(r);
	return -1;
}

void trs_rates_free(struct trs_rates *r)
{
	free(r->totals);
	trs_snapshot_free(&r->tables);
	*r = (struct trs_rates){ 0 };
}
