// SPDX-License-Identifier: GPL-2.0
/*
 * snmp: net-snmp's pass_persist protocol on stdin and stdout, for snmpd to
 * run as "pass_persist BASE-OID /usr/sbin/tcpresetstat snmp".  The objects
 * are those of snmp/TCPRESETSTAT-MIB.txt, under BASE (--base-oid, by
 * default TRS_SNMP_BASE):
 *
 *   BASE.1.1.N.0      the totals, N = 1 + the schema's index (Counter64)
 *   BASE.1.2.N.0      the pressure values, the same way (Gauge32)
 *   BASE.1.3.1.2.I    the ports table: each row's kind (INTEGER)
 *   BASE.1.3.1.C.I    and column C = 3 + the schema's index (Counter64,
 *                     or Gauge32 for a sampled column), row I: the port,
 *                     65536 for the "other" row, 65537 for "ephemeral"
 *
 * The schema only appends (tcpresetstat_names.h), so a number once given
 * stays that object's.  A value the kernel left out has no instance.
 *
 * The protocol (snmpd.conf(5)), a line at a time: "PING" is answered
 * "PONG"; "get" and "getnext", each followed by an OID line, with three
 * lines (OID, type, value) or "NONE"; "set", followed by an OID line and
 * a value line, with "not-writable": nothing here changes a counter.
 * Anything else (another command, an OID that is not one, a line longer
 * than SNMP_LINE_MAX) is answered "NONE" and said on stderr, and the
 * next line read as a command again.  An empty line or the end of stdin
 * ends it, status 0.
 *
 * The counters are read (in the namespace of -n, entered once) at most
 * once a request, and a reading serves the requests of the next
 * SNMP_CACHE_MS: a walk sees one consistent reading and costs one.
 * Unreadable (the module unloaded), every request is NONE until they are
 * readable again.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "names.h"
#include "subcommands.h"

#define SNMP_LINE_MAX		4096
#define SNMP_CACHE_MS		1000
#define SNMP_SUFFIX_MAX		5	/* 1.3.1.C.I */
/* Rows that are not one port: past the last port. */
#define SNMP_ROW_OTHER		65536
#define SNMP_ROW_EPHEMERAL	65537
#define SNMP_PORT_COL0		3	/* column of the schema's first */
#define SNMP_PORT_KIND_COL	2

enum snmp_type { SNMP_COUNTER64, SNMP_GAUGE32, SNMP_INTEGER };

static const char *const type_names[] = {
	[SNMP_COUNTER64] = "counter64", [SNMP_GAUGE32] = "gauge", [SNMP_INTEGER] = "integer",
};

/* One instance: its OID after BASE, its type and value. */
struct instance {
	uint32_t sub[SNMP_SUFFIX_MAX];
	unsigned int len;
	enum snmp_type type;
	uint64_t value;
};

/* The instances of one reading, in OID order. */
struct tree {
	struct instance *v;
	size_t n, cap;
	bool valid;		/* a reading there is */
	long long at;		/* when it was read, CLOCK_MONOTONIC ms */
	bool failing;		/* the last reading failed (said once) */
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int add(struct tree *t, const uint32_t *sub, unsigned int len, enum snmp_type type,
	       uint64_t value)
{
	struct instance *in;

	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct instance *v = realloc(t->v, cap * sizeof(*v));

		if (!v)
			return -1;
		t->v = v;
		t->cap = cap;
	}
	in = &t->v[t->n++];
	memcpy(in->sub, sub, len * sizeof(*sub));
	in->len = len;
	in->type = type;
	/* Gauge32 stays at its maximum rather than wrap (RFC 2578, 7.1.7). */
	in->value = type == SNMP_GAUGE32 && value > UINT32_MAX ? UINT32_MAX : value;
	return 0;
}

/* The totals (@arc 1) or pressure values (@arc 2) @s has, as scalars. */
static int add_scalars(struct tree *t, const struct trs_snapshot *s, uint32_t arc,
		       const struct trs_schema *schema, enum snmp_type type)
{
	const struct trs_total *v;
	unsigned int i;

	for (i = 0; i < schema->ncols; i++) {
		uint32_t sub[] = { 1, arc, i + 1, 0 };

		v = trs_snapshot_total(s, schema->cols[i].name);
		if (v && add(t, sub, 4, type, v->value))
			return -1;
	}
	return 0;
}

static uint32_t port_row_index(const struct trs_table *p, size_t r)
{
	if (p->kind[r] == TRS_ROW_OTHER)
		return SNMP_ROW_OTHER;
	if (p->kind[r] == TRS_ROW_EPHEMERAL)
		return SNMP_ROW_EPHEMERAL;
	return trs_table_key(p, r, 0)->port;
}

/* 1 + enum trs_row_kind: the MIB's port(1), other(2), ephemeral(3). */
static uint64_t port_row_kind(const struct trs_table *p, size_t r)
{
	return p->kind[r] + 1;
}

/* The ports table: a column for each row's kind, then each the schema has. */
static int add_ports(struct tree *t, const struct trs_snapshot *s)
{
	const struct trs_schema *schema = trs_tables[TRS_TBL_PORTS];
	const struct trs_table *p = trs_snapshot_table(s, schema->name);
	unsigned int c;
	size_t r, k;

	if (!p || p->nkeys != 1 || p->key_type[0] != TRS_KEY_PORT)
		return 0;
	for (r = 0; r < p->nrows; r++) {
		uint32_t sub[] = { 1, 3, 1, SNMP_PORT_KIND_COL, port_row_index(p, r) };

		if (add(t, sub, 5, SNMP_INTEGER, port_row_kind(p, r)))
			return -1;
	}
	for (c = 0; c < schema->ncols; c++) {
		enum snmp_type type = schema->cols[c].kind == TRS_COL_GAUGE ? SNMP_GAUGE32 :
					SNMP_COUNTER64;

		for (k = p->nkeys; k < p->ncols && strcmp(p->cols[k], schema->cols[c].name); k++)
			;
		if (k == p->ncols)
			continue;	/* left out by the kernel */
		for (r = 0; r < p->nrows; r++) {
			uint32_t sub[] = { 1, 3, 1, SNMP_PORT_COL0 + c, port_row_index(p, r) };

			if (add(t, sub, 5, type, trs_table_value(p, r, k)))
				return -1;
		}
	}
	return 0;
}

static int suffix_cmp(const void *a, const void *b)
{
	const struct instance *x = a, *y = b;
	unsigned int i;

	for (i = 0; i < x->len && i < y->len; i++)
		if (x->sub[i] != y->sub[i])
			return x->sub[i] < y->sub[i] ? -1 : 1;
	return (x->len > y->len) - (x->len < y->len);
}

/* Instance @in (under @base) against @oid, as snmp_oid_compare(). */
static int instance_cmp(const struct trs_oid *base, const struct instance *in,
			const struct trs_oid *oid)
{
	unsigned int i, len = base->len + in->len;

	for (i = 0; i < len && i < oid->len; i++) {
		uint32_t s = i < base->len ? base->sub[i] : in->sub[i - base->len];

		if (s != oid->sub[i])
			return s < oid->sub[i] ? -1 : 1;
	}
	return (len > oid->len) - (len < oid->len);
}

static int build(struct tree *t, const struct trs_snapshot *s)
{
	t->n = 0;
	if (add_scalars(t, s, 1, trs_totals, SNMP_COUNTER64) ||
	    add_scalars(t, s, 2, trs_pressure, SNMP_GAUGE32) || add_ports(t, s))
		return -1;
	/* In order already but for the rows: the tables keep theirs by activity. */
	qsort(t->v, t->n, sizeof(*t->v), suffix_cmp);
	return 0;
}

/*
 * The tree, read again unless the last reading is younger than @cache_ms;
 * false when the counters cannot be read (said on stderr the first time).
 */
static bool refresh(struct tree *t, struct trs_ctx *ctx, long long cache_ms)
{
	struct trs_snapshot snap = { 0 };
	struct trs_error err;
	long long now = now_ms();

	if (t->valid && now - t->at < cache_ms)
		return true;
	t->valid = false;
	if (trs_read_snapshot(ctx, &snap, &err)) {
		if (!t->failing)
			fprintf(stderr, "Error: %s: %s (answering NONE until it can be read)\n",
				err.what, err.reason);
		t->failing = true;
	} else if (build(t, &snap)) {
		fprintf(stderr, "Error: snmp: %s\n", strerror(ENOMEM));
	} else {
		t->valid = true;
		t->failing = false;
		t->at = now;
	}
	trs_snapshot_free(&snap);
	return t->valid;
}

/* The first instance after @oid (@next), or equal to it; NULL when none. */
static const struct instance *lookup(const struct tree *t, const struct trs_oid *base,
				     const struct trs_oid *oid, bool next)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = instance_cmp(base, &t->v[mid], oid);

		if (c < 0 || (next && c == 0))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == t->n || (!next && instance_cmp(base, &t->v[lo], oid)))
		return NULL;
	return &t->v[lo];
}

static void put_oid(const struct trs_oid *base, const uint32_t *sub, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < base->len; i++)
		printf(".%" PRIu32, base->sub[i]);
	for (i = 0; i < len; i++)
		printf(".%" PRIu32, sub[i]);
	putchar('\n');
}

/*
 * A line of stdin into @buf (SNMP_LINE_MAX), without its newline (nor a
 * CR before it).  Returns its length, -1 at the end of stdin (nothing
 * read), or -2 for a line too long or holding a NUL byte (read to its
 * end and dropped).
 */
static int read_line(char *buf)
{
	bool bad = false;
	int ch, n = 0;

	while ((ch = getchar()) != EOF && ch != '\n') {
		if (n == SNMP_LINE_MAX - 1 || !ch)
			bad = true;
		else
			buf[n++] = ch;
	}
	if (ch == EOF && !n && !bad)
		return -1;
	buf[n] = '\0';
	if (n && buf[n - 1] == '\r')
		buf[--n] = '\0';
	return bad ? -2 : n;
}

/* @line for stderr: at most 64 bytes, control bytes as '?'. */
static const char *shown(const char *line, char *buf, size_t size)
{
	size_t i;

	for (i = 0; line[i] && i < size - 4 && i < 64; i++)
		buf[i] = line[i] < 0x20 || line[i] == 0x7f ? '?' : line[i];
	strcpy(buf + i, line[i] ? "..." : "");
	return buf;
}

static void bad_request(const char *line, int len, const char *reason)
{
	char buf[72];

	if (len == -2)
		fprintf(stderr, "Error: snmp: a line longer than %d bytes, or with a NUL byte: %s\n",
			SNMP_LINE_MAX - 1, reason);
	else
		fprintf(stderr, "Error: snmp: \"%s\": %s\n", shown(line, buf, sizeof(buf)),
			reason);
	puts("NONE");
}

struct snmp {
	struct trs_ctx ctx;
	struct trs_oid base;
	struct tree tree;
	long long cache_ms;
	char line[SNMP_LINE_MAX];
};

/* get or getnext: the OID line, then the answer.  False at the end of stdin. */
static bool on_get(struct snmp *s, bool next)
{
	const struct instance *in;
	struct trs_oid oid;
	int len = read_line(s->line);

	if (len == -1)
		return false;
	if (len < 0 || !trs_parse_oid(s->line, &oid)) {
		bad_request(s->line, len, "not an OID");
		return true;
	}
	if (!refresh(&s->tree, &s->ctx, s->cache_ms)) {
		puts("NONE");
		return true;
	}
	in = lookup(&s->tree, &s->base, &oid, next);
	if (!in) {
		puts("NONE");
		return true;
	}
	put_oid(&s->base, in->sub, in->len);
	printf("%s\n%" PRIu64 "\n", type_names[in->type], in->value);
	return true;
}

/* set: its OID and value lines are read, and refused whatever they say. */
static bool on_set(struct snmp *s)
{
	if (read_line(s->line) == -1 || read_line(s->line) == -1)
		return false;
	puts("not-writable");
	return true;
}

/* One request, answered; false when it is the last (status 0). */
static bool serve_one(struct snmp *s)
{
	int len = read_line(s->line);
	bool go_on = true;

	if (len == -1 || len == 0)
		return false;
	if (len > 0 && !strcmp(s->line, "PING"))
		puts("PONG");
	else if (len > 0 && !strcmp(s->line, "get"))
		go_on = on_get(s, false);
	else if (len > 0 && !strcmp(s->line, "getnext"))
		go_on = on_get(s, true);
	else if (len > 0 && !strcmp(s->line, "set"))
		go_on = on_set(s);
	else
		bad_request(s->line, len, "not a pass_persist command (PING, get, getnext, set)");
	/* snmpd waits for each answer before it asks again. */
	return !fflush(stdout) && go_on;
}

int snmp_main(int argc, char *argv[], const struct trs_opts *o)
{
	static struct snmp s;
	struct trs_error err;
	int ret;

	(void)argc;
	(void)argv;
	/* Static for its size; a new session each call (the fuzzer calls again). */
	memset(&s, 0, sizeof(s));
	s.cache_ms = SNMP_CACHE_MS;
	/* For the tests: another lifetime of a reading (0 to 60000 ms). */
	if (getenv("TCPRESETSTAT_SNMP_CACHE_MS")) {
		long t = strtol(getenv("TCPRESETSTAT_SNMP_CACHE_MS"), NULL, 10);

		if (t >= 0 && t <= 60000)
			s.cache_ms = t;
	}
	if (o->base_oid)
		s.base = o->base;
	else
		trs_parse_base_oid(TRS_SNMP_BASE, &s.base);
	ret = trs_ctx_init(&s.ctx, o->netns, &err);
	if (ret)
		return trs_fail(o, &err);
	/* A family absent now is looked for again at each reading. */
	s.ctx.unloaded = true;
	while (serve_one(&s))
		;
	trs_ctx_fini(&s.ctx);
	free(s.tree.v);
	return TRS_EXIT_OK;
}

/* "rst_out_refused" as a MIB descriptor: @prefix then "RstOutRefused". */
static void put_descriptor(FILE *f, const char *prefix, const char *name)
{
	bool up = true;

	fputs(prefix, f);
	for (; *name; name++) {
		if (*name == '_') {
			up = true;
			continue;
		}
		fputc(up && *name >= 'a' && *name <= 'z' ? *name - 'a' + 'A' : *name, f);
		up = false;
	}
}

static void put_object(FILE *f, const char *prefix, const char *name, const char *oid,
		       unsigned int n, const char *type)
{
	fprintf(f, "%s%s.%u ", TRS_SNMP_BASE, oid, n);
	put_descriptor(f, prefix, name);
	fprintf(f, " %s\n", type);
}

void trs_snmp_put_oids(FILE *f)
{
	const struct trs_schema *ports = trs_tables[TRS_TBL_PORTS];
	unsigned int i;

	for (i = 0; i < trs_totals->ncols; i++)
		put_object(f, "trs", trs_totals->cols[i].name, ".1.1", i + 1, "Counter64");
	for (i = 0; i < trs_pressure->ncols; i++)
		put_object(f, "trs", trs_pressure->cols[i].name, ".1.2", i + 1, "Gauge32");
	put_object(f, "trsPort", "kind", ".1.3.1", SNMP_PORT_KIND_COL, "INTEGER");
	for (i = 0; i < ports->ncols; i++)
		put_object(f, "trsPort", ports->cols[i].name, ".1.3.1", SNMP_PORT_COL0 + i,
			   ports->cols[i].kind == TRS_COL_GAUGE ? "Gauge32" : "Counter64");
}
