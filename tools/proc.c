// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include <arpa/inet.h>

#include "names.h"
#include "proc.h"
#include "tcpresetstat.h"

struct parser {
	FILE *f;
	const char *source;
	unsigned long lineno;
	struct trs_error *err;
	char line[TRS_PROC_LINE_MAX + 1];
	/* Every token but the last takes a separator: at most half the line, rounded up. */
	char *tok[(TRS_PROC_LINE_MAX + 1) / 2];
	size_t ntok;
};

static int __attribute__((format(printf, 2, 3)))
parse_error(struct parser *p, const char *fmt, ...)
{
	char what[sizeof(p->err->what)], reason[sizeof(p->err->reason)];
	va_list ap;

	snprintf(what, sizeof(what), "%s:%lu", p->source, p->lineno);
	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	trs_error_set(p->err, TRS_EXIT_ERROR, what, "%s", reason);
	return -1;
}

static void split(struct parser *p)
{
	char *s = p->line;

	p->ntok = 0;
	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			return;
		p->tok[p->ntok++] = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
		if (*s)
			*s++ = '\0';
	}
}

/*
 * Reads and splits the next line.  Returns 1, 0 at end of file, or -1.  Only
 * printable ASCII, space and tab are accepted, so everything stored is safe to
 * print as is.  p->lineno then names the line read, or the one after the last.
 */
static int read_line(struct parser *p)
{
	size_t len = 0;
	int c;

	p->lineno++;
	/* One thread reads the file: no locking per character. */
	while ((c = getc_unlocked(p->f)) != EOF && c != '\n') {
		if (len == TRS_PROC_LINE_MAX)
			return parse_error(p, "line longer than %d characters", TRS_PROC_LINE_MAX);
		if ((c < ' ' && c != '\t') || c > '~')
			return parse_error(p, "invalid character 0x%02x", c);
		p->line[len++] = c;
	}
	if (ferror(p->f))
		return parse_error(p, "%s", strerror(errno));
	if (c == EOF && !len)
		return 0;
	p->line[len] = '\0';
	split(p);
	return 1;
}

/* Names end up as Prometheus metric names: [a-zA-Z_][a-zA-Z0-9_]*. */
static bool valid_name(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
		return false;
	for (s++; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

static int parse_total(struct parser *p, struct trs_snapshot *snap)
{
	uint64_t value;

	if (p->ntok != 2)
		return parse_error(p, "expected \"name value\"");
	if (!valid_name(p->tok[0]))
		return parse_error(p, "invalid counter name \"%s\"", p->tok[0]);
	if (!trs_parse_u64(p->tok[1], &value))
		return parse_error(p, "invalid value \"%s\" for %s", p->tok[1], p->tok[0]);
	if (trs_snapshot_total(snap, p->tok[0]))
		return parse_error(p, "duplicate counter %s", p->tok[0]);
	if (trs_snapshot_add_total(snap, p->tok[0], value))
		return parse_error(p, "%s", strerror(ENOMEM));
	return 0;
}

static int parse_header(struct parser *p, struct trs_table *t)
{
	unsigned char type[TRS_TABLE_KEYS_MAX];
	size_t i, j, nkeys;

	if (!p->ntok)
		return parse_error(p, "table %s: empty header line", t->name);
	if (p->ntok > TRS_TABLE_COLS_MAX)
		return parse_error(p, "table %s: more than %d columns", t->name,
				   TRS_TABLE_COLS_MAX);
	for (i = 0; i < p->ntok; i++) {
		if (!valid_name(p->tok[i]))
			return parse_error(p, "table %s: invalid column name \"%s\"",
					   t->name, p->tok[i]);
		for (j = 0; j < i; j++)
			if (!strcmp(p->tok[i], p->tok[j]))
				return parse_error(p, "table %s: duplicate column %s",
						   t->name, p->tok[i]);
	}
	nkeys = trs_table_keys(t->name, p->tok, p->ntok, type);
	if (trs_table_set_cols(t, p->tok, p->ntok, nkeys, type))
		return parse_error(p, "%s", strerror(ENOMEM));
	return 0;
}

/* A key cell: "other" and "ephemeral" name the row's kind instead. */
static int parse_key(struct parser *p, const struct trs_table *t, size_t c,
		     unsigned char *kind, union trs_keyval *k)
{
	const char *cell = p->tok[c];
	uint64_t port;

	if (t->key_type[c] == TRS_KEY_NAME) {
		k->text = p->tok[c];
		return 0;
	}
	if (!strcmp(cell, "other") || !strcmp(cell, "ephemeral")) {
		*kind = cell[0] == 'o' ? TRS_ROW_OTHER : TRS_ROW_EPHEMERAL;
		return 0;
	}
	if (t->key_type[c] == TRS_KEY_PORT) {
		if (!trs_parse_u64(cell, &port) || port > 65535)
			return parse_error(p, "table %s: invalid %s \"%s\"", t->name,
					   t->cols[c], cell);
		k->port = port;
		return 0;
	}
	if (inet_pton(AF_INET6, cell, &k->addr) == 1)
		return 0;
	memset(&k->addr, 0, sizeof(k->addr));
	k->addr.s6_addr[10] = k->addr.s6_addr[11] = 0xff;
	if (inet_pton(AF_INET, cell, &k->addr.s6_addr[12]) == 1)
		return 0;
	return parse_error(p, "table %s: invalid %s \"%s\"", t->name, t->cols[c], cell);
}

static int parse_row(struct parser *p, struct trs_table *t)
{
	union trs_keyval keys[TRS_TABLE_KEYS_MAX];
	uint64_t vals[TRS_TABLE_COLS_MAX];
	unsigned char kind = TRS_ROW_KEY;
	size_t c;

	memset(keys, 0, sizeof(keys));
	for (c = 0; c < t->nkeys; c++)
		if (parse_key(p, t, c, &kind, &keys[c]))
			return -1;
	for (c = t->nkeys; c < t->ncols; c++)
		if (!trs_parse_u64(p->tok[c], &vals[c - t->nkeys]))
			return parse_error(p, "table %s: invalid value \"%s\" for %s", t->name,
					   p->tok[c], t->cols[c]);
	/* The other row's keys are words: no key but its kind. */
	if (kind != TRS_ROW_KEY)
		for (c = 0; c < t->nkeys; c++)
			if (t->key_type[c] != TRS_KEY_NAME)
				memset(&keys[c], 0, sizeof(keys[c]));
	if (trs_table_add_row(t, kind, keys, vals))
		return parse_error(p, "%s", strerror(ENOMEM));
	return 0;
}

/* "table NAME ROWS", a header line, then exactly ROWS rows. */
static int parse_table(struct parser *p, struct trs_snapshot *snap)
{
	struct trs_table *t;
	uint64_t rows, row;
	int ret;

	if (p->ntok != 3 || !valid_name(p->tok[1]) || !trs_parse_u64(p->tok[2], &rows))
		return parse_error(p, "expected \"table NAME ROWS\"");
	if (trs_snapshot_table(snap, p->tok[1]))
		return parse_error(p, "duplicate table %s", p->tok[1]);
	t = trs_snapshot_add_table(snap, p->tok[1]);
	if (!t)
		return parse_error(p, "%s", strerror(ENOMEM));

	ret = read_line(p);
	if (ret <= 0)
		return ret ? ret : parse_error(p, "table %s: missing header line", t->name);
	if (parse_header(p, t))
		return -1;

	for (row = 0; row < rows; row++) {
		ret = read_line(p);
		if (ret <= 0)
			return ret ? ret : parse_error(p, "table %s: end of file after %" PRIu64
						       " of %" PRIu64 " rows",
						       t->name, row, rows);
		if (p->ntok != t->ncols)
			return parse_error(p, "table %s: row has %zu values, header has %zu",
					   t->name, p->ntok, t->ncols);
		if (parse_row(p, t))
			return -1;
	}
	return 0;
}

static int parse(struct parser *p, struct trs_snapshot *snap)
{
	uint64_t version;
	int ret;

	ret = read_line(p);
	if (ret <= 0)
		return ret ? ret : parse_error(p, "empty, expected \"version %d\"",
					       TRS_PROC_FORMAT);
	if (p->ntok != 2 || strcmp(p->tok[0], "version") || !trs_parse_u64(p->tok[1], &version))
		return parse_error(p, "expected \"version %d\"", TRS_PROC_FORMAT);
	if (version != TRS_PROC_FORMAT)
		return parse_error(p, "unsupported format version %s, this tool reads version %d",
				   p->tok[1], TRS_PROC_FORMAT);

	/* Totals first; once tables begin, only tables may follow. */
	while ((ret = read_line(p)) > 0) {
		if (p->ntok && !strcmp(p->tok[0], "table"))
			ret = parse_table(p, snap);
		else if (snap->ntables)
			ret = parse_error(p, "expected \"table NAME ROWS\" after the end of table %s",
					  snap->tables[snap->ntables - 1].name);
		else
			ret = parse_total(p, snap);
		if (ret)
			return ret;
	}
	return ret;
}

int trs_proc_parse(FILE *f, const char *source, struct trs_snapshot *snap,
		   struct trs_error *err)
{
	struct parser p = { .f = f, .source = source, .err = err };

	if (parse(&p, snap)) {
		trs_snapshot_free(snap);
		return err->code;
	}
	return 0;
}
