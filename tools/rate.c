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

/* qsort() and bsearch() have no context argument: one table at a time. */
static const struct trs_table *keyed_table;

static int row_cmp(const void *a, const void *b)
{
	return trs_table_key_cmp(keyed_table, *(const size_t *)a, keyed_table, *(const size_t *)b);
}

/* The rows of @t sorted by key, for find_row(); NULL when out of memory. */
static size_t *index_rows(const struct trs_table *t)
{
	size_t *index = malloc((t->nrows + 1) * sizeof(*index)), r;

	for (r = 0; index && r < t->nrows; r++)
		index[r] = r;
	keyed_table = t;
	if (index)
		qsort(index, t->nrows, sizeof(*index), row_cmp);
	return index;
}

/* The row of @prev (indexed by @index) with the key of row @r of @cur, or -1. */
static long find_row(const struct trs_table *prev, const size_t *index,
		     const struct trs_table *cur, size_t r)
{
	size_t lo = 0, hi = prev->nrows, mid;
	int d;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		d = trs_table_key_cmp(cur, r, prev, index[mid]);
		if (!d)
			return index[mid];
		if (d < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/* A column of prev matching column @c of cur, or -1. */
static int prev_column(const struct trs_table *prev, const char *name)
{
	size_t c;

	for (c = prev ? prev->nkeys : 0; prev && c < prev->ncols; c++)
		if (!strcmp(prev->cols[c], name))
			return c;
	return -1;
}

/* Rates in hundredths, as the rates' tables keep them (scale 100). */
static uint64_t hundredths(double rate)
{
	return rate > 0 ? (uint64_t)(rate * 100 + 0.5) : 0;
}

static int table_rates(const struct trs_table *prev, const struct trs_table *cur,
		       double elapsed, struct trs_snapshot *out)
{
	uint64_t before[TRS_TABLE_COLS_MAX], now[TRS_TABLE_COLS_MAX], vals[TRS_TABLE_COLS_MAX];
	int src[TRS_TABLE_COLS_MAX], psrc[TRS_TABLE_COLS_MAX];
	char *cols[TRS_TABLE_COLS_MAX];
	size_t *index = NULL, c, r, n = 0, nkeys = cur->nkeys;
	struct trs_table *t;
	long found;
	bool reset;

	/* The keys, then the counters (not the gauges) as rates. */
	for (c = 0; c < cur->ncols; c++) {
		if (c >= nkeys && trs_is_gauge_column(cur->name, cur->cols[c]))
			continue;
		src[n] = c;
		psrc[n] = c < nkeys ? -1 : prev_column(prev, cur->cols[c]);
		cols[n++] = cur->cols[c];
	}
	t = trs_snapshot_add_table(out, cur->name);
	if (!t || trs_table_set_cols(t, cols, n, nkeys, cur->key_type))
		return -1;
	t->scale = 100;
	/* A table whose keys changed (another module) matches no row. */
	if (prev && prev->nrows && prev->nkeys == nkeys && !memcmp(prev->key_type, cur->key_type, nkeys)) {
		index = index_rows(prev);
		if (!index)
			return -1;
	}
	for (r = 0; r < cur->nrows; r++) {
		found = index ? find_row(prev, index, cur, r) : -1;
		reset = false;
		for (c = nkeys; c < n; c++) {
			now[c] = trs_table_value(cur, r, src[c]);
			before[c] = found >= 0 && psrc[c] >= 0 ?
				    trs_table_value(prev, found, psrc[c]) : 0;
			if (now[c] < before[c] && !trs_is_derived(cur->name, cols[c]))
				reset = true;
		}
		for (c = nkeys; c < n; c++)
			vals[c - nkeys] = hundredths(rate_of(cur->name, cols[c], before[c], now[c],
							     elapsed, reset));
		if (trs_table_add_row(t, cur->kind[r], trs_table_key(cur, r, 0), vals)) {
			free(index);
			return -1;
		}
	}
	free(index);
	return 0;
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
