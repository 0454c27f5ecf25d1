// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "snapshot.h"
#include "tcpresetstat.h"

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

static bool is_text(const struct trs_table *t, size_t c)
{
	return t->key_type[c] == TRS_KEY_NAME;
}

static void free_keys(struct trs_table *t, size_t from, size_t to)
{
	size_t r, c;

	for (r = from; r < to; r++)
		for (c = 0; c < t->nkeys; c++)
			if (is_text(t, c))
				free(t->keys[r * t->nkeys + c].text);
}

static void free_table(struct trs_table *t)
{
	free(t->name);
	free_strings(t->cols, t->ncols);
	free_keys(t, 0, t->nrows);
	free(t->kind);
	free(t->keys);
	free(t->vals);
}

void trs_snapshot_free(struct trs_snapshot *s)
{
	size_t i;

	for (i = 0; i < s->ntotals; i++)
		free(s->totals[i].name);
	free(s->totals);
	for (i = 0; i < s->ntables; i++)
		free_table(&s->tables[i]);
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
	s->tables[s->ntables] = (struct trs_table){ .name = copy, .scale = 1 };
	return &s->tables[s->ntables++];
}

void trs_snapshot_drop_table(struct trs_snapshot *s)
{
	if (s->ntables)
		free_table(&s->tables[--s->ntables]);
}

const struct trs_table *trs_snapshot_table(const struct trs_snapshot *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->ntables; i++)
		if (!strcmp(s->tables[i].name, name))
			return &s->tables[i];
	return NULL;
}

int trs_table_set_cols(struct trs_table *t, char *const *cols, size_t ncols, size_t nkeys,
		       const unsigned char *key_type)
{
	if (t->ncols || !ncols || ncols > TRS_TABLE_COLS_MAX || nkeys > ncols ||
	    nkeys > TRS_TABLE_KEYS_MAX)
		return -1;
	t->cols = dup_strings(cols, ncols);
	if (!t->cols)
		return -1;
	t->ncols = ncols;
	t->nkeys = nkeys;
	memcpy(t->key_type, key_type, nkeys);
	return 0;
}

/* Room for @rows rows in each of the row arrays; a failure keeps what was. */
static int reserve(struct trs_table *t, size_t rows)
{
	size_t nk = t->nkeys ? t->nkeys : 1, nv = t->ncols - t->nkeys;
	void *p;

	if (rows <= t->cap)
		return 0;
	if (rows > SIZE_MAX / TRS_TABLE_COLS_MAX / sizeof(union trs_keyval))
		return -1;
	p = realloc(t->kind, rows);
	if (!p)
		return -1;
	t->kind = p;
	p = realloc(t->keys, rows * nk * sizeof(*t->keys));
	if (!p)
		return -1;
	t->keys = p;
	p = realloc(t->vals, rows * (nv ? nv : 1) * sizeof(*t->vals));
	if (!p)
		return -1;
	t->vals = p;
	t->cap = rows;
	return 0;
}

int trs_table_add_row(struct trs_table *t, unsigned char kind, const union trs_keyval *keys,
		      const uint64_t *vals)
{
	size_t nvals = trs_table_nvals(t), c;
	union trs_keyval *k;

	if (!t->ncols ||
	    (t->nrows == t->cap && reserve(t, t->cap < 8 ? 8 : t->cap + t->cap / 2)))
		return -1;
	k = &t->keys[t->nrows * t->nkeys];
	memcpy(k, keys, t->nkeys * sizeof(*k));
	for (c = 0; c < t->nkeys; c++) {
		if (!is_text(t, c))
			continue;
		k[c].text = strdup(keys[c].text);
		if (!k[c].text) {
			while (c--)
				if (is_text(t, c))
					free(k[c].text);
			return -1;
		}
	}
	memcpy(&t->vals[t->nrows * nvals], vals, nvals * sizeof(*vals));
	t->kind[t->nrows++] = kind;
	return 0;
}

void trs_table_clear_rows(struct trs_table *t)
{
	free_keys(t, 0, t->nrows);
	t->nrows = 0;
}

int trs_table_key_cmp(const struct trs_table *a, size_t ra, const struct trs_table *b, size_t rb)
{
	const union trs_keyval *x, *y;
	size_t c;
	int d;

	if (a->nkeys != b->nkeys)
		return a->nkeys < b->nkeys ? -1 : 1;
	d = memcmp(a->key_type, b->key_type, a->nkeys);
	if (d)
		return d;
	if (a->kind[ra] != b->kind[rb])
		return a->kind[ra] < b->kind[rb] ? -1 : 1;
	if (a->kind[ra] != TRS_ROW_KEY)
		return 0;
	for (c = 0; c < a->nkeys; c++) {
		x = trs_table_key(a, ra, c);
		y = trs_table_key(b, rb, c);
		switch (a->key_type[c]) {
		case TRS_KEY_PORT:
			d = x->port < y->port ? -1 : x->port > y->port;
			break;
		case TRS_KEY_ADDR:
			d = memcmp(&x->addr, &y->addr, sizeof(x->addr));
			break;
		default:
			d = strcmp(x->text, y->text);
			break;
		}
		if (d)
			return d;
	}
	return 0;
}

/* qsort() has no context argument: one dedupe at a time. */
static const struct trs_table *dedupe_table;

/* By key, then in the order read. */
static int row_cmp(const void *a, const void *b)
{
	size_t ra = *(const size_t *)a, rb = *(const size_t *)b;
	int d = trs_table_key_cmp(dedupe_table, ra, dedupe_table, rb);

	return d ? d : ra < rb ? -1 : ra > rb;
}

/* Row @to takes the cells of row @from (whose text keys it takes over). */
static void move_row(struct trs_table *t, size_t to, size_t from)
{
	size_t nvals = trs_table_nvals(t);

	t->kind[to] = t->kind[from];
	memmove(&t->keys[to * t->nkeys], &t->keys[from * t->nkeys],
		t->nkeys * sizeof(*t->keys));
	memmove(&t->vals[to * nvals], &t->vals[from * nvals], nvals * sizeof(*t->vals));
}

long trs_table_dedupe(struct trs_table *t)
{
	size_t *order, *from, i, j, r, n = 0;
	bool *kept;

	if (t->nrows < 2)
		return 0;
	order = malloc(t->nrows * sizeof(*order));
	from = calloc(t->nrows, sizeof(*from));	/* kept row -> its cells' row + 1 */
	kept = calloc(t->nrows, sizeof(*kept));
	if (!order || !from || !kept) {
		free(order);
		free(from);
		free(kept);
		return -1;
	}
	for (r = 0; r < t->nrows; r++)
		order[r] = r;
	dedupe_table = t;
	qsort(order, t->nrows, sizeof(*order), row_cmp);
	/* Each run of a key: its first row takes the cells of its last. */
	for (i = 0; i < t->nrows; i = j) {
		for (j = i + 1; j < t->nrows &&
		     !trs_table_key_cmp(t, order[i], t, order[j]); j++)
			;
		from[order[i]] = order[j - 1] + 1;
		kept[order[j - 1]] = true;
	}
	/* The rows whose cells nobody keeps give back their text. */
	for (r = 0; r < t->nrows; r++)
		if (!kept[r])
			free_keys(t, r, r + 1);
	/*
	 * Kept rows in the order of their first reading.  The i-th key's last
	 * reading is at row i or after it: moving it to row i overwrites no
	 * row still to be moved.
	 */
	for (r = 0; r < t->nrows; r++)
		if (from[r])
			order[n++] = from[r] - 1;
	for (i = 0; i < n; i++)
		move_row(t, i, order[i]);
	r = t->nrows - n;
	t->nrows = n;
	free(order);
	free(from);
	free(kept);
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
