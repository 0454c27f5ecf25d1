// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "snapshot.h"

/* Returns @arr with room for @need elements of @size bytes, or NULL. */
static void *grow(void *arr, size_t *cap, size_t need, size_t size)
{
	size_t ncap = *cap ? *cap : 8;
	void *p;

	if (need <= *cap)
		return arr;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return NULL;
		ncap *= 2;
	}
	if (ncap > SIZE_MAX / size)
		return NULL;
	p = realloc(arr, ncap * size);
	if (p)
		*cap = ncap;
	return p;
}

static void free_strings(char **v, size_t n)
{
	while (n)
		free(v[--n]);
	free(v);
}

/* All or nothing: NULL unless every string was copied. */
static char **dup_strings(char *const *v, size_t n)
{
	char **copy = calloc(n, sizeof(*copy));
	size_t i;

	if (!copy)
		return NULL;
	for (i = 0; i < n; i++) {
		copy[i] = strdup(v[i]);
		if (!copy[i]) {
			free_strings(copy, i);
			return NULL;
		}
	}
	return copy;
}

void trs_snapshot_free(struct trs_snapshot *s)
{
	size_t i;

	for (i = 0; i < s->ntotals; i++)
		free(s->totals[i].name);
	free(s->totals);
	for (i = 0; i < s->ntables; i++) {
		struct trs_table *t = &s->tables[i];

		free(t->name);
		free_strings(t->cols, t->ncols);
		free_strings(t->cells, t->nrows * t->ncols);
	}
	free(s->tables);
	memset(s, 0, sizeof(*s));
}

int trs_snapshot_add_total(struct trs_snapshot *s, const char *name, uint64_t value)
{
	struct trs_total *totals;
	char *copy = strdup(name);

	totals = copy ? grow(s->totals, &s->totals_cap, s->ntotals + 1, sizeof(*totals)) : NULL;
	if (!totals) {
		free(copy);
		return -1;
	}
	s->totals = totals;
	s->totals[s->ntotals++] = (struct trs_total){ .name = copy, .value = value };
	return 0;
}

const struct trs_total *trs_snapshot_total(const struct trs_snapshot *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->ntotals; i++)
		if (!strcmp(s->totals[i].name, name))
			return &s->totals[i];
	return NULL;
}

struct trs_table *trs_snapshot_add_table(struct trs_snapshot *s, const char *name)
{
	struct trs_table *tables;
	char *copy = strdup(name);

	tables = copy ? grow(s->tables, &s->tables_cap, s->ntables + 1, sizeof(*tables)) : NULL;
	if (!tables) {
		free(copy);
		return NULL;
	}
	s->tables = tables;
	s->tables[s->ntables] = (struct trs_table){ .name = copy };
	return &s->tables[s->ntables++];
}

const struct trs_table *trs_snapshot_table(const struct trs_snapshot *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->ntables; i++)
		if (!strcmp(s->tables[i].name, name))
			return &s->tables[i];
	return NULL;
}

int trs_table_set_cols(struct trs_table *t, char *const *cols, size_t ncols)
{
	if (t->ncols || !ncols || ncols > TRS_TABLE_COLS_MAX)
		return -1;
	t->cols = dup_strings(cols, ncols);
	if (!t->cols)
		return -1;
	t->ncols = ncols;
	return 0;
}

int trs_table_add_row(struct trs_table *t, char *const *values)
{
	size_t base, c;
	char **cells;

	if (!t->ncols || t->nrows + 1 > SIZE_MAX / t->ncols)
		return -1;
	cells = grow(t->cells, &t->cells_cap, (t->nrows + 1) * t->ncols, sizeof(*cells));
	if (!cells)
		return -1;
	t->cells = cells;
	base = t->nrows * t->ncols;
	for (c = 0; c < t->ncols; c++) {
		cells[base + c] = strdup(values[c]);
		if (!cells[base + c]) {
			while (c)
				free(cells[base + --c]);
			return -1;
		}
	}
	t->nrows++;
	return 0;
}

void trs_table_clear_rows(struct trs_table *t)
{
	size_t i;

	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	t->nrows = 0;
}

/* qsort() has no context argument: one dedupe at a time. */
static struct {
	const struct trs_table *t;
	size_t nkeys;
} dedupe;

static int key_cmp(size_t ra, size_t rb)
{
	size_t c;
	int d;

	for (c = 0; c < dedupe.nkeys; c++) {
		d = strcmp(trs_table_cell(dedupe.t, ra, c), trs_table_cell(dedupe.t, rb, c));
		if (d)
			return d;
	}
	return 0;
}

/* By key, then in the order read. */
static int row_cmp(const void *a, const void *b)
{
	size_t ra = *(const size_t *)a, rb = *(const size_t *)b;
	int d = key_cmp(ra, rb);

	return d ? d : ra < rb ? -1 : ra > rb;
}

long trs_table_dedupe(struct trs_table *t, size_t nkeys)
{
	size_t *order, *from, i, j, r, n = 0;
	char **cells;
	bool *moved;

	if (t->nrows < 2 || !nkeys || nkeys > t->ncols)
		return 0;
	order = malloc(t->nrows * sizeof(*order));
	from = calloc(t->nrows, sizeof(*from));	/* kept row -> its cells' row + 1 */
	moved = calloc(t->nrows, sizeof(*moved));
	cells = malloc(t->nrows * t->ncols * sizeof(*cells));
	if (!order || !from || !moved || !cells) {
		free(order);
		free(from);
		free(moved);
		free(cells);
		return -1;
	}
	for (r = 0; r < t->nrows; r++)
		order[r] = r;
	dedupe.t = t;
	dedupe.nkeys = nkeys;
	qsort(order, t->nrows, sizeof(*order), row_cmp);
	/* Each run of a key: its first row takes the cells of its last. */
	for (i = 0; i < t->nrows; i = j) {
		for (j = i + 1; j < t->nrows && !key_cmp(order[i], order[j]); j++)
			;
		from[order[i]] = order[j - 1] + 1;
	}
	for (r = 0; r < t->nrows; r++) {
		if (!from[r])
			continue;
		memcpy(cells + n++ * t->ncols, t->cells + (from[r] - 1) * t->ncols,
		       t->ncols * sizeof(*cells));
		moved[from[r] - 1] = true;
	}
	for (r = 0; r < t->nrows; r++)
		for (i = 0; !moved[r] && i < t->ncols; i++)
			free(t->cells[r * t->ncols + i]);
	free(t->cells);
	t->cells = cells;
	t->cells_cap = t->nrows * t->ncols;
	r = t->nrows - n;
	t->nrows = n;
	free(order);
	free(from);
	free(moved);
	return r;
}

bool trs_parse_u64(const char *s, uint64_t *v)
{
	uint64_t n = 0;

	if (!*s || (s[0] == '0' && s[1]))
		return false;
	for (; *s; s++) {
		unsigned int d = (unsigned char)*s - '0';

		if (d > 9 || n > (UINT64_MAX - d) / 10)
			return false;
		n = n * 10 + d;
	}
	*v = n;
	return true;
}
