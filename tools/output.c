// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "netns.h"
#include "render.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Tables in the JSON contract, printed (as [] when absent) in this order. */
static const char *const known_tables[] = { "ports", "peers", "destinations", "forwarded" };

static bool row_is_zero(const struct trs_table *t, size_t r)
{
	size_t c;

	for (c = t->nkeys; c < t->ncols; c++)
		if (trs_table_value(t, r, c))
			return false;
	return true;
}

/* Text */

static void text_group(struct trs_out *o, const char *name, const struct trs_value *v, size_t n)
{
	int nw = 0, vw = 0;
	size_t i;
	bool any = false;

	(void)name;
	for (i = 0; i < n; i++) {
		if (!o->view.zeros && !strcmp(v[i].value, "0"))
			continue;
		if ((int)strlen(v[i].name) > nw)
			nw = strlen(v[i].name);
		if ((int)strlen(v[i].value) > vw)
			vw = strlen(v[i].value);
		any = true;
	}
	if (!any)
		return;
	if (!o->first)
		putc('\n', o->f);
	for (i = 0; i < n; i++)
		if (o->view.zeros || strcmp(v[i].value, "0"))
			fprintf(o->f, "%-*s  %*s\n", nw, v[i].name, vw, v[i].value);
	o->first = false;
}

/* Notes do not separate what comes before them from what follows. */
static void text_note(struct trs_out *o, const char *key, const char *value, const char *text)
{
	(void)key;
	(void)value;
	if (text)
		fprintf(o->f, "%s%s\n", o->first ? "" : "\n", text);
}

/* Numeric columns are right-aligned; the last column is never padded. */
static void text_cell(FILE *f, const char *cell, size_t c, size_t n, const int *width,
		      const bool *numeric)
{
	if (numeric[c])
		fprintf(f, "  %*s", width[c], cell);
	else
		fprintf(f, "  %-*s", c + 1 < n ? width[c] : 0, cell);
}

static void text_table(struct trs_out *o, const char *name, const struct trs_table *t,
		       const size_t *rows, size_t nrows, size_t more)
{
	int width[TRS_TABLE_COLS_MAX];
	bool numeric[TRS_TABLE_COLS_MAX];
	char buf[TRS_CELL_MAX];
	const char *cell;
	size_t r, c;

	if (!t || (!nrows && !o->view.zeros))
		return;
	for (c = 0; c < t->ncols; c++) {
		width[c] = strlen(t->cols[c]);
		numeric[c] = true;
	}
	for (r = 0; r < nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			cell = trs_cell_text(t, rows[r], c, buf, sizeof(buf));
			if ((int)strlen(cell) > width[c])
				width[c] = strlen(cell);
			if (!trs_is_number(cell))
				numeric[c] = false;
		}
	}
	fprintf(o->f, "%s%s:\n", o->first ? "" : "\n", name);
	for (c = 0; c < t->ncols; c++)
		text_cell(o->f, t->cols[c], c, t->ncols, width, numeric);
	putc('\n', o->f);
	for (r = 0; r < nrows; r++) {
		for (c = 0; c < t->ncols; c++)
			text_cell(o->f, trs_cell_text(t, rows[r], c, buf, sizeof(buf)), c,
				  t->ncols, width, numeric);
		putc('\n', o->f);
	}
	if (more)
		fprintf(o->f, "  ... %zu more\n", more);
	o->first = false;
}

static void text_unavailable(struct trs_out *o, const uint64_t *unavail)
{
	if (!o->first)
		putc('\n', o->f);
	trs_put_unavailable(o->f, unavail);
	putc('\n', o->f);
	o->first = false;
}

static const struct trs_renderer text_renderer = {
	.group = text_group,
	.note = text_note,
	.table = text_table,
	.unavailable = text_unavailable,
};

/* JSON */

/* Returns the length of the valid UTF-8 sequence at @s, 0 if there is none. */
static size_t utf8_len(const unsigned char *s)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		if (s[0] == 0xe0)
			lo = 0xa0;	/* overlong */
		else if (s[0] == 0xed)
			hi = 0x9f;	/* surrogates */
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		if (s[0] == 0xf0)
			lo = 0x90;	/* overlong */
		else if (s[0] == 0xf4)
			hi = 0x8f;	/* above U+10FFFF */
	} else {
		return 0;
	}
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

void trs_json_string(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	putc('"', f);
	while (*s) {
		size_t n;

		/* What needs no escaping goes out in one call: keys, numbers. */
		for (n = 0; s[n] >= 0x20 && s[n] < 0x80 && s[n] != '"' && s[n] != '\\'; n++)
			;
		if (n) {
			fwrite(s, 1, n, f);
			s += n;
			continue;
		}
		switch (*s) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\b':
			fputs("\\b", f);
			break;
		case '\f':
			fputs("\\f", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (*s < 0x20) {
				fprintf(f, "\\u%04x", *s);
			} else {
				n = utf8_len(s);
				if (n) {
					fwrite(s, 1, n, f);
					s += n;
					continue;
				}
				fputs("\\ufffd", f);
			}
		}
		s++;
	}
	putc('"', f);
}

static void json_newline(struct trs_out *o)
{
	int i;

	if (o->view.fmt != TRS_FMT_JSON_PRETTY)
		return;
	putc('\n', o->f);
	for (i = 0; i < o->depth; i++)
		fputs("    ", o->f);
}

/* Starts the next member or element of the open container. */
static void json_next(struct trs_out *o)
{
	if (!o->first)
		putc(',', o->f);
	json_newline(o);
	o->first = false;
}

static void json_key(struct trs_out *o, const char *key)
{
	json_next(o);
	trs_json_string(o->f, key);
	fputs(o->view.fmt == TRS_FMT_JSON_PRETTY ? ": " : ":", o->f);
}

static void json_value(struct trs_out *o, const char *value)
{
	if (trs_is_number(value))
		fputs(value, o->f);
	else
		trs_json_string(o->f, value);
}

static void json_open(struct trs_out *o, char c)
{
	putc(c, o->f);
	o->depth++;
	o->first = true;
}

static void json_close(struct trs_out *o, char c)
{
	o->depth--;
	if (!o->first)
		json_newline(o);
	putc(c, o->f);
	o->first = false;
}

static void json_begin(struct trs_out *o)
{
	json_open(o, '{');
}

static void json_end(struct trs_out *o)
{
	json_close(o, '}');
	putc('\n', o->f);
}

static void json_group(struct trs_out *o, const char *name, const struct trs_value *v, size_t n)
{
	size_t i;

	json_key(o, name);
	json_open(o, '{');
	for (i = 0; i < n; i++) {
		json_key(o, v[i].name);
		json_value(o, v[i].value);
	}
	json_close(o, '}');
}

static void json_note(struct trs_out *o, const char *key, const char *value, const char *text)
{
	(void)text;
	json_key(o, key);
	json_value(o, value);
}

static void json_section(struct trs_out *o, const char *key)
{
	if (!key) {
		json_close(o, '}');
		return;
	}
	json_key(o, key);
	json_open(o, '{');
}

static void json_row(struct trs_out *o, const struct trs_table *t, size_t r)
{
	char buf[TRS_CELL_MAX];
	const char *cell;
	size_t c;

	json_open(o, '{');
	for (c = 0; c < t->ncols; c++) {
		json_key(o, t->cols[c]);
		cell = trs_cell_text(t, r, c, buf, sizeof(buf));
		/* Values and ports are numbers, every other key a string. */
		if (c >= t->nkeys || (t->key_type[c] == TRS_KEY_PORT && trs_is_number(cell)))
			fputs(cell, o->f);
		else
			trs_json_string(o->f, cell);
	}
	json_close(o, '}');
}

static void json_table(struct trs_out *o, const char *name, const struct trs_table *t,
		       const size_t *rows, size_t nrows, size_t more)
{
	size_t r;

	(void)more;
	json_key(o, name);
	json_open(o, '[');
	for (r = 0; t && r < nrows; r++) {
		json_next(o);
		json_row(o, t, rows[r]);
	}
	json_close(o, ']');
}

/* "unavailable": {"totals": ["a", "b"], "ports": ["c"]} */
static void json_unavailable(struct trs_out *o, const uint64_t *unavail)
{
	unsigned int g, c;

	json_key(o, "unavailable");
	json_open(o, '{');
	for (g = 0; g < TRS_GROUP_MAX; g++) {
		if (!unavail[g])
			continue;
		json_key(o, trs_groups[g]->name);
		json_open(o, '[');
		for (c = 0; c < trs_groups[g]->ncols; c++) {
			if (!(unavail[g] & TRS_COL_BIT(c)))
				continue;
			json_next(o);
			trs_json_string(o->f, trs_groups[g]->cols[c].name);
		}
		json_close(o, ']');
	}
	json_close(o, '}');
}

static const struct trs_renderer json_renderer = {
	.begin = json_begin,
	.group = json_group,
	.note = json_note,
	.section = json_section,
	.table = json_table,
	.unavailable = json_unavailable,
	.end = json_end,
};

/* Documents */

void trs_out_begin(struct trs_out *o, FILE *f, const struct trs_view *v)
{
	*o = (struct trs_out){ .f = f, .view = *v, .first = true };
	if (v->fmt == TRS_FMT_TEXT)
		o->r = &text_renderer;
	else if (v->fmt == TRS_FMT_PROMETHEUS)
		o->r = &trs_prom_renderer;
	else
		o->r = &json_renderer;
	if (o->r->begin)
		o->r->begin(o);
}

void trs_out_group(struct trs_out *o, const char *name, const struct trs_value *v, size_t n)
{
	if (o->r->group)
		o->r->group(o, name, v, n);
}

void trs_out_note(struct trs_out *o, const char *key, const char *value, const char *text)
{
	if (o->r->note)
		o->r->note(o, key, value, text);
}

void trs_out_section(struct trs_out *o, const char *key)
{
	if (o->r->section)
		o->r->section(o, key);
}

void trs_out_section_end(struct trs_out *o)
{
	if (o->r->section)
		o->r->section(o, NULL);
}

void trs_out_unavailable(struct trs_out *o, const uint64_t *unavail)
{
	unsigned int g;

	for (g = 0; g < TRS_GROUP_MAX; g++)
		if (unavail[g]) {
			o->r->unavailable(o, unavail);
			return;
		}
}

void trs_out_end(struct trs_out *o)
{
	if (o->r->end)
		o->r->end(o);
}

/* A row's place in the ranking. */
struct rank {
	size_t row;
	bool number;
	double v;
	char s[TRS_CELL_MAX];	/* a key sorted by, as printed */
};

static int rank_cmp(const void *a, const void *b)
{
	const struct rank *x = a, *y = b;
	int d;

	if (x->number != y->number)
		return x->number ? -1 : 1;
	if (x->number && x->v != y->v)
		return x->v > y->v ? -1 : 1;
	if (!x->number && (d = strcmp(x->s, y->s)))
		return d;
	return x->row < y->row ? -1 : x->row > y->row;
}

/* A column that a shorter column of @t breaks down (rst_in_refused of rst_in). */
static bool is_breakdown(const struct trs_table *t, size_t c)
{
	size_t d, len;

	for (d = 0; d < t->ncols; d++) {
		len = strlen(t->cols[d]);
		if (d != c && d >= t->nkeys &&
		    !strncmp(t->cols[c], t->cols[d], len) && t->cols[c][len] == '_')
			return true;
	}
	return false;
}

static int column_index(const struct trs_table *t, const char *name)
{
	size_t c;

	for (c = 0; name && c < t->ncols; c++)
		if (!strcmp(t->cols[c], name))
			return c;
	return -1;
}

static void rank_row(const struct trs_table *t, size_t r, int sort_col, const bool *activity,
		     struct rank *k)
{
	char buf[TRS_CELL_MAX];
	size_t c;

	*k = (struct rank){ .row = r, .number = true };
	if (sort_col >= 0 && (size_t)sort_col >= t->nkeys) {
		k->v = trs_table_value(t, r, sort_col);
		return;
	}
	if (sort_col >= 0) {
		snprintf(k->s, sizeof(k->s), "%s",
			 trs_cell_text(t, r, sort_col, buf, sizeof(buf)));
		k->number = trs_is_number(k->s);
		k->v = k->number ? strtod(k->s, NULL) : 0;
		return;
	}
	for (c = t->nkeys; c < t->ncols; c++)
		if (activity[c])
			k->v += trs_table_value(t, r, c);
}

/* The indexes of the rows to print, in order; NULL when out of memory. */
static size_t *select_rows(const struct trs_out *o, const struct trs_table *t, size_t *n,
			   size_t *more)
{
	int sort_col = column_index(t, o->view.sort);
	bool activity[TRS_TABLE_COLS_MAX];
	struct rank *ranks = calloc(t->nrows + 1, sizeof(*ranks));
	size_t *rows = calloc(t->nrows + 1, sizeof(*rows));
	size_t r, c;

	*n = *more = 0;
	if (!ranks || !rows) {
		free(ranks);
		free(rows);
		return NULL;
	}
	for (c = 0; c < t->ncols; c++)
		activity[c] = c >= t->nkeys &&
			      trs_col_kind(t->name, t->cols[c]) != TRS_COL_GAUGE &&
			      !is_breakdown(t, c);
	for (r = 0; r < t->nrows; r++)
		if (o->view.fmt != TRS_FMT_TEXT || o->view.zeros || !row_is_zero(t, r))
			rank_row(t, r, sort_col, activity, &ranks[(*n)++]);
	qsort(ranks, *n, sizeof(*ranks), rank_cmp);
	if (o->view.top && *n > o->view.top) {
		*more = *n - o->view.top;
		*n = o->view.top;
	}
	for (r = 0; r < *n; r++)
		rows[r] = ranks[r].row;
	free(ranks);
	return rows;
}

void trs_out_table(struct trs_out *o, const char *name, const struct trs_table *t)
{
	size_t *rows = NULL, n = 0, more = 0;

	if (t) {
		rows = select_rows(o, t, &n, &more);
		if (!rows) {
			fprintf(stderr, "Error: %s: %s\n", name, strerror(ENOMEM));
			return;
		}
	}
	o->r->table(o, name, t, rows, n, more);
	free(rows);
}

void trs_out_record(FILE *f, const struct trs_view *v, const struct trs_table *t, size_t row)
{
	char buf[TRS_CELL_MAX];
	struct trs_out o;
	size_t c;

	if (v->fmt != TRS_FMT_TEXT) {
		o = (struct trs_out){ .f = f, .view = *v, .first = true };
		json_row(&o, t, row);
		putc('\n', f);
		return;
	}
	for (c = 0; c < t->ncols; c++) {
		if (c)
			fprintf(f, " %s=", t->cols[c]);
		fputs(trs_cell_text(t, row, c, buf, sizeof(buf)), f);
	}
	putc('\n', f);
}

struct trs_value *trs_snapshot_values(const struct trs_snapshot *s, bool pressure, size_t *n)
{
	struct trs_value *v = calloc(s->ntotals + 1, sizeof(*v));
	size_t i;

	*n = 0;
	for (i = 0; v && i < s->ntotals; i++) {
		if (trs_is_pressure(s->totals[i].name) != pressure)
			continue;
		v[*n].name = s->totals[i].name;
		snprintf(v[*n].value, sizeof(v[*n].value), "%" PRIu64, s->totals[i].value);
		(*n)++;
	}
	return v;
}

static bool is_known_table(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(known_tables); i++)
		if (!strcmp(name, known_tables[i]))
			return true;
	return false;
}

void trs_out_tables(struct trs_out *o, const struct trs_snapshot *s, const char *only)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(known_tables); i++)
		if (only ? !strcmp(only, known_tables[i])
			 : trs_name_listed(o->view.tables, known_tables[i]))
			trs_out_table(o, known_tables[i], trs_snapshot_table(s, known_tables[i]));
	/*
	 * Tables from a newer module, in the kernel's order.  One that takes the
	 * name of a group would give the JSON object a duplicate key: left out.
	 */
	for (i = 0; i < s->ntables; i++) {
		const char *name = s->tables[i].name;

		if (!only && !is_known_table(name) && strcmp(name, "totals") &&
		    strcmp(name, "pressure") && trs_name_listed(o->view.tables, name))
			trs_out_table(o, name, &s->tables[i]);
	}
}

/* JSON: a member @key listing the tables of @bits, when there is one. */
static void json_tables(struct trs_out *o, const char *key, unsigned int bits)
{
	unsigned int id;

	if (!bits || !trs_format_is_json(o->view.fmt))
		return;
	json_key(o, key);
	json_open(o, '[');
	for (id = 0; id < TRS_TBL_MAX; id++) {
		if (!(bits & (1u << id)))
			continue;
		json_next(o);
		trs_json_string(o->f, trs_tables[id]->name);
	}
	json_close(o, ']');
}

/* Between begin and end: the members of trs_print_snapshot()'s document. */
static void put_snapshot(struct trs_out *o, const struct trs_snapshot *s, const char *only)
{
	unsigned int mask = ~0u, groups = TRS_GROUPS_ALL;
	struct trs_value *totals, *pressure;
	uint64_t unavail[TRS_GROUP_MAX];
	size_t ntotals, npressure;
	int id;

	/* /proc lists totals and sampled pressure alike: split them by name. */
	totals = trs_snapshot_values(s, false, &ntotals);
	pressure = trs_snapshot_values(s, true, &npressure);
	if (!totals || !pressure) {
		fprintf(stderr, "Error: output: %s\n", strerror(ENOMEM));
		goto out;
	}
	if (!only) {
		trs_out_group(o, "totals", totals, ntotals);
		trs_out_group(o, "pressure", pressure, npressure);
	}
	trs_out_tables(o, s, only);
	if (only) {
		id = trs_table_id(only);
		mask = id >= 0 ? 1u << id : 0;
		groups = id >= 0 ? TRS_GROUP_BIT(TRS_GROUP_TABLE0 + id) : 0;
	} else {
		mask = trs_tables_listed(o->view.tables);
		groups = TRS_GROUP_BIT(TRS_GROUP_TOTALS) | TRS_GROUP_BIT(TRS_GROUP_PRESSURE) |
			 TRS_GROUP_TABLES(mask);
	}
	trs_unavailable(s, groups, unavail);
	trs_out_unavailable(o, unavail);
	json_tables(o, "left_out", s->left_out & mask);
	json_tables(o, "inconsistent", s->inconsistent & mask);
out:
	free(totals);
	free(pressure);
}

void trs_print_snapshot(FILE *f, const struct trs_snapshot *s, const struct trs_view *v,
			const char *only)
{
	struct trs_out o;

	trs_out_begin(&o, f, v);
	put_snapshot(&o, s, only);
	trs_out_end(&o);
}

/* JSON: the member "error" of @err. */
static void json_error(struct trs_out *o, const struct trs_error *err)
{
	trs_out_section(o, "error");
	json_key(o, "what");
	trs_json_string(o->f, err->what);
	json_key(o, "reason");
	trs_json_string(o->f, err->reason);
	json_key(o, "code");
	fprintf(o->f, "%d", err->code);
	trs_out_section_end(o);
}

/* A label for text: control bytes (a name under /run/netns may have any) as '?'. */
static const char *printable(const char *s, char *buf, size_t size)
{
	size_t i;

	for (i = 0; s[i] && i < size - 1; i++)
		buf[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
	buf[i] = '\0';
	return buf;
}

void trs_ns_say_error(const struct trs_ns_doc *d, FILE *f)
{
	char buf[256];

	fprintf(f, "Error: netns %s: %s: %s\n", printable(d->label, buf, sizeof(buf)), d->err.what,
		d->err.reason);
}

void trs_ns_print_begin(struct trs_ns_printer *p, FILE *f, const struct trs_view *v,
			const char *only)
{
	*p = (struct trs_ns_printer){ .f = f, .view = *v, .only = only };
}

bool trs_format_is_json(enum trs_format fmt)
{
	return fmt == TRS_FMT_JSON || fmt == TRS_FMT_JSON_PRETTY;
}

/* JSON: the document opens with its first namespace, or at its end. */
static void json_ns_open(struct trs_ns_printer *p)
{
	trs_out_begin(&p->out, p->f, &p->view);
	json_key(&p->out, "namespaces");
	json_open(&p->out, '[');
}

static void json_ns_one(struct trs_ns_printer *p, const struct trs_ns_doc *d)
{
	struct trs_out *o = &p->out;

	json_next(o);
	json_open(o, '{');
	json_key(o, "netns");
	trs_json_string(p->f, d->label);
	json_key(o, "inode");
	fprintf(p->f, "%llu", d->inode);
	if (d->failed)
		json_error(o, &d->err);
	else
		put_snapshot(o, &d->snap, p->only);
	json_close(o, '}');
}

/* Prometheus: the namespace's document, with its label, kept for the merge. */
static void prom_ns_one(struct trs_ns_printer *p, const struct trs_ns_doc *d)
{
	struct trs_view nv = p->view;
	char **v, *text = NULL;
	size_t len;
	FILE *m;

	if (d->failed || p->oom)
		return;
	if (p->ntexts == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 16;

		v = realloc(p->texts, cap * sizeof(*v));
		if (!v) {
			p->oom = true;
			return;
		}
		p->texts = v;
		p->cap = cap;
	}
	m = open_memstream(&text, &len);
	if (!m) {
		p->oom = true;
		return;
	}
	nv.netns = d->label;
	trs_print_snapshot(m, &d->snap, &nv, p->only);
	if (fclose(m) || !text) {
		free(text);
		p->oom = true;
		return;
	}
	p->texts[p->ntexts++] = text;
}

void trs_ns_print_one(struct trs_ns_printer *p, const struct trs_ns_doc *d)
{
	char buf[256];

	if (d->failed && !p->ret)
		p->ret = d->err.code;
	if (p->view.fmt == TRS_FMT_PROMETHEUS) {
		prom_ns_one(p, d);
	} else if (trs_format_is_json(p->view.fmt)) {
		if (!p->count)
			json_ns_open(p);
		json_ns_one(p, d);
	} else {
		fprintf(p->f, "%snetns %s\n", p->count ? "\n" : "",
			printable(d->label, buf, sizeof(buf)));
		if (d->failed)
			fprintf(p->f, "(not read: %s: %s)\n", d->err.what, d->err.reason);
		else
			trs_print_snapshot(p->f, &d->snap, &p->view, p->only);
	}
	p->count++;
}

void trs_ns_print_discard(struct trs_ns_printer *p)
{
	while (p->ntexts)
		free(p->texts[--p->ntexts]);
	free(p->texts);
	p->texts = NULL;
	p->cap = 0;
}

int trs_ns_print_end(struct trs_ns_printer *p)
{
	if (p->view.fmt == TRS_FMT_PROMETHEUS) {
		if (p->oom || !trs_prom_merge(p->f, p->texts, p->ntexts)) {
			fprintf(stderr, "Error: output: %s\n", strerror(ENOMEM));
			p->ret = p->ret ? p->ret : TRS_EXIT_ERROR;
		}
		trs_ns_print_discard(p);
	} else if (trs_format_is_json(p->view.fmt)) {
		if (!p->count)
			json_ns_open(p);
		json_close(&p->out, ']');
		trs_out_end(&p->out);
	}
	return p->ret;
}

void trs_print_error(const struct trs_error *err, enum trs_format fmt)
{
	struct trs_view v = { .fmt = fmt };
	struct trs_out o;

	if (fmt == TRS_FMT_TEXT || fmt == TRS_FMT_PROMETHEUS) {
		fprintf(stderr, "Error: %s: %s\n", err->what, err->reason);
		return;
	}
	trs_out_begin(&o, stdout, &v);
	json_error(&o, err);
	trs_out_end(&o);
}
