// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Sampled values the spec puts in "pressure" rather than "totals". */
static const char *const pressure_names[] = {
	"tw_total", "tw_ephemeral", "port_range_lo", "port_range_hi",
	"ephemeral_ports", "tw_reuse", "max_tw_buckets",
};

static bool is_pressure(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(pressure_names); i++)
		if (!strcmp(name, pressure_names[i]))
			return true;
	return false;
}

/* Tables in the JSON contract, printed (as [] when absent) in this order. */
static const char *const known_tables[] = { "ports", "peers", "destinations" };

struct printer {
	FILE *f;
	bool pretty;
	bool zeros;
	int depth;
	bool first;	/* nothing printed yet (text), or in the open JSON container */
};

/* The two renderings of one walk over a snapshot; see trs_print_snapshot(). */
struct renderer {
	void (*begin)(struct printer *p);
	void (*group)(struct printer *p, const char *name, const struct trs_total *v, size_t n);
	/* @t is NULL for a known table the kernel did not report. */
	void (*table)(struct printer *p, const char *name, const struct trs_table *t);
	void (*end)(struct printer *p);
};

static bool is_number(const char *s)
{
	uint64_t v;

	return trs_parse_u64(s, &v);
}

/* Row key columns, as the spec names them; every other column is a counter. */
static bool is_key_column(const char *name)
{
	static const char *const keys[] = { "port", "addr", "local_addr", "remote_port" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keys); i++)
		if (!strcmp(name, keys[i]))
			return true;
	return false;
}

static bool row_is_zero(const struct trs_table *t, size_t r)
{
	size_t c;

	for (c = 0; c < t->ncols; c++)
		if (!is_key_column(t->cols[c]) && strcmp(trs_table_cell(t, r, c), "0"))
			return false;
	return true;
}

static void text_group(struct printer *p, const char *name, const struct trs_total *v, size_t n)
{
	int nw = 0, vw = 0;
	size_t i;

	(void)name;
	for (i = 0; i < n; i++) {
		int w = snprintf(NULL, 0, "%" PRIu64, v[i].value);

		if (!v[i].value && !p->zeros)
			continue;
		if ((int)strlen(v[i].name) > nw)
			nw = strlen(v[i].name);
		if (w > vw)
			vw = w;
	}
	for (i = 0; i < n; i++) {
		if (!v[i].value && !p->zeros)
			continue;
		fprintf(p->f, "%-*s  %*" PRIu64 "\n", nw, v[i].name, vw, v[i].value);
		p->first = false;
	}
}

/* Numeric columns are right-aligned; the last column is never padded. */
static void text_row(FILE *f, char *const *cells, size_t n, const int *width,
		     const bool *numeric)
{
	size_t c;

	for (c = 0; c < n; c++) {
		if (numeric[c])
			fprintf(f, "  %*s", width[c], cells[c]);
		else
			fprintf(f, "  %-*s", c + 1 < n ? width[c] : 0, cells[c]);
	}
	putc('\n', f);
}

static void text_table(struct printer *p, const char *name, const struct trs_table *t)
{
	int width[TRS_TABLE_COLS_MAX];
	bool numeric[TRS_TABLE_COLS_MAX];
	size_t r, c, shown = 0;

	if (!t)
		return;
	for (c = 0; c < t->ncols; c++) {
		width[c] = strlen(t->cols[c]);
		numeric[c] = true;
	}
	for (r = 0; r < t->nrows; r++) {
		if (!p->zeros && row_is_zero(t, r))
			continue;
		shown++;
		for (c = 0; c < t->ncols; c++) {
			const char *cell = trs_table_cell(t, r, c);

			if ((int)strlen(cell) > width[c])
				width[c] = strlen(cell);
			if (!is_number(cell))
				numeric[c] = false;
		}
	}
	if (!shown && !p->zeros)
		return;
	fprintf(p->f, "%s%s:\n", p->first ? "" : "\n", name);
	text_row(p->f, t->cols, t->ncols, width, numeric);
	for (r = 0; r < t->nrows; r++)
		if (p->zeros || !row_is_zero(t, r))
			text_row(p->f, &t->cells[r * t->ncols], t->ncols, width, numeric);
	p->first = false;
}

static const struct renderer text_renderer = {
	.group = text_group,
	.table = text_table,
};

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
			} else if (*s < 0x80) {
				putc(*s, f);
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

static void json_newline(struct printer *p)
{
	int i;

	if (!p->pretty)
		return;
	putc('\n', p->f);
	for (i = 0; i < p->depth; i++)
		fputs("    ", p->f);
}

/* Starts the next member or element of the open container. */
static void json_next(struct printer *p)
{
	if (!p->first)
		putc(',', p->f);
	json_newline(p);
	p->first = false;
}

static void json_key(struct printer *p, const char *key)
{
	json_next(p);
	trs_json_string(p->f, key);
	fputs(p->pretty ? ": " : ":", p->f);
}

static void json_open(struct printer *p, char c)
{
	putc(c, p->f);
	p->depth++;
	p->first = true;
}

static void json_close(struct printer *p, char c)
{
	p->depth--;
	if (!p->first)
		json_newline(p);
	putc(c, p->f);
	p->first = false;
}

static void json_begin(struct printer *p)
{
	json_open(p, '{');
}

static void json_end(struct printer *p)
{
	json_close(p, '}');
	putc('\n', p->f);
}

static void json_group(struct printer *p, const char *name, const struct trs_total *v, size_t n)
{
	size_t i;

	json_key(p, name);
	json_open(p, '{');
	for (i = 0; i < n; i++) {
		json_key(p, v[i].name);
		fprintf(p->f, "%" PRIu64, v[i].value);
	}
	json_close(p, '}');
}

static void json_table(struct printer *p, const char *name, const struct trs_table *t)
{
	size_t r, c;

	json_key(p, name);
	json_open(p, '[');
	for (r = 0; t && r < t->nrows; r++) {
		json_next(p);
		json_open(p, '{');
		for (c = 0; c < t->ncols; c++) {
			const char *cell = trs_table_cell(t, r, c);

			json_key(p, t->cols[c]);
			if (is_number(cell))
				fputs(cell, p->f);
			else
				trs_json_string(p->f, cell);
		}
		json_close(p, '}');
	}
	json_close(p, ']');
}

static const struct renderer json_renderer = {
	.begin = json_begin,
	.group = json_group,
	.table = json_table,
	.end = json_end,
};

static bool is_known_table(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(known_tables); i++)
		if (!strcmp(name, known_tables[i]))
			return true;
	return false;
}

void trs_print_snapshot(FILE *f, const struct trs_snapshot *s, enum trs_format fmt,
			bool zeros, const char *only)
{
	const struct renderer *r = fmt == TRS_FMT_TEXT ? &text_renderer : &json_renderer;
	struct printer p = { .f = f, .pretty = fmt == TRS_FMT_JSON_PRETTY, .zeros = zeros,
			     .first = true };
	struct trs_total *groups;
	size_t i, ntotals = 0, npressure = 0;

	/* /proc lists totals and sampled pressure alike: split them by name. */
	groups = calloc(s->ntotals ? s->ntotals : 1, sizeof(*groups));
	if (!groups) {
		fprintf(stderr, "Error: output: %s\n", strerror(ENOMEM));
		return;
	}
	for (i = 0; i < s->ntotals; i++)
		if (!is_pressure(s->totals[i].name))
			groups[ntotals++] = s->totals[i];
	for (i = 0; i < s->ntotals; i++)
		if (is_pressure(s->totals[i].name))
			groups[ntotals + npressure++] = s->totals[i];

	if (r->begin)
		r->begin(&p);
	if (!only) {
		r->group(&p, "totals", groups, ntotals);
		r->group(&p, "pressure", groups + ntotals, npressure);
	}
	for (i = 0; i < ARRAY_SIZE(known_tables); i++)
		if (!only || !strcmp(only, known_tables[i]))
			r->table(&p, known_tables[i], trs_snapshot_table(s, known_tables[i]));
	/*
	 * Tables from a newer module, in the kernel's order.  One that takes the
	 * name of a group would give the JSON object a duplicate key: left out.
	 */
	for (i = 0; i < s->ntables; i++) {
		const char *name = s->tables[i].name;

		if (!only && !is_known_table(name) && strcmp(name, "totals") &&
		    strcmp(name, "pressure"))
			r->table(&p, name, &s->tables[i]);
	}
	if (r->end)
		r->end(&p);
	free(groups);
}

void trs_print_error(const struct trs_error *err, enum trs_format fmt)
{
	struct printer p = { .f = stdout, .pretty = fmt == TRS_FMT_JSON_PRETTY, .first = true };

	if (fmt == TRS_FMT_TEXT) {
		fprintf(stderr, "Error: %s: %s\n", err->what, err->reason);
		return;
	}
	json_open(&p, '{');
	json_key(&p, "error");
	json_open(&p, '{');
	json_key(&p, "what");
	trs_json_string(p.f, err->what);
	json_key(&p, "reason");
	trs_json_string(p.f, err->reason);
	json_key(&p, "code");
	fprintf(p.f, "%d", err->code);
	json_close(&p, '}');
	json_end(&p);
}
