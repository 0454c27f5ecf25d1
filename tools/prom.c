// SPDX-License-Identifier: GPL-2.0
/*
 * The Prometheus text exposition format, for node_exporter's textfile
 * collector: no timestamps; each metric's HELP and TYPE once, its samples
 * together.  Names (documented in tcpresetstat.8):
 *
 *   totals              tcpresetstat_<name>_total              counter
 *   pressure            tcpresetstat_<name>                    gauge
 *   table columns       tcpresetstat_<table>_<column>_total    counter
 *   sampled columns     tcpresetstat_<table>_<column>          gauge
 *
 * Rows are told apart by their key columns as labels (port, addr,
 * local_addr, remote_port), the special rows by row="other" or
 * row="ephemeral"; with -n every sample also has netns="NAME".  Three
 * renames follow Prometheus' naming rules (promtool checks them): a counter
 * in nanoseconds ("_ns_total") is exported in seconds ("_seconds_total"),
 * a gauge in percent ("_pct") as a ratio from 0 to 1 ("_ratio": 87 is
 * 0.87), and a gauge drops a trailing "_total" (tw_total is
 * tcpresetstat_tw).
 *
 * Values the kernel left out (Documentation/counters.rst: kernels without
 * tracepoints or kprobes) have no samples; one comment line names them:
 * "# tcpresetstat: unavailable on this kernel: totals: a, b; ports: c".
 *
 * A name is one metric's only: when a value of a newer module (a total, a
 * table or a column this tool does not know) would make a name that an
 * earlier one of the document has (a total "ports_rst_in" and the ports
 * table's rst_in; "x_ns" and "x_seconds"), it is left out, with a warning
 * on stderr, rather than mixed into the other's samples.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "netns.h"
#include "render.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *name, *help;
} helps[] = {
	{ "rst_in", "RST segments delivered to this host" },
	{ "rst_in_refused", "RSTs received answering a SYN we sent: connection refused" },
	{ "rst_in_reset", "RSTs received resetting a synchronized connection: ECONNRESET" },
	{ "rst_in_other", "RSTs received for no matching socket, out of window or in TIME_WAIT" },
	{ "rst_out", "RST segments originated by this host" },
	{ "rst_out_refused", "RSTs sent answering a SYN to a port with no listener" },
	{ "rst_out_abort", "RSTs sent by a local socket aborting its connection" },
	{ "rst_out_other", "RSTs sent for unknown connections, by REJECT on non-SYN, or raw" },
	{ "rst_fwd", "RST segments forwarded by this host" },
	{ "rst_fwd_sent", "forwarded RSTs sent by this address" },
	{ "rst_fwd_rcvd", "forwarded RSTs sent to this address" },
	{ "open_fail_active", "connect()s that never reached ESTABLISHED" },
	{ "open_fail_active_refused", "connect()s refused by a RST: ECONNREFUSED" },
	{ "open_fail_active_timeout", "connect()s whose SYN retries ran out: ETIMEDOUT" },
	{ "open_fail_active_unreach", "connect()s failed by ICMP unreachable" },
	{ "open_fail_active_other", "connect()s failed for another reason" },
	{ "open_fail_passive", "incoming opens that never reached the application" },
	{ "open_fail_passive_reset", "incoming opens reset in SYN_RECV" },
	{ "open_fail_passive_timeout", "incoming opens whose SYN-ACK retries ran out" },
	{ "open_fail_passive_listen_drop", "incoming opens dropped on a full accept or SYN queue" },
	{ "estab_reset", "synchronized connections torn down by a reset or abort" },
	{ "eaddrnotavail", "connect()s failed with EADDRNOTAVAIL: no ephemeral port free" },
	{ "sampler_runs", "runs of the pressure sampler" },
	{ "sampler_ns_total", "time spent by the pressure sampler" },
	{ "sampler_sockets", "sockets visited by the pressure sampler" },
	{ "alerts_sent", "alerts sent to the alerts multicast group" },
	{ "alerts_suppressed", "alerts dropped by alert_max_per_sec" },
	{ "open_fail_fwd", "forwarded opens that failed (routed, followed with conntrack)" },
	{ "open_fail_fwd_refused", "forwarded opens refused by a RST" },
	{ "open_fail_fwd_unreach", "forwarded opens failed by an ICMP error" },
	{ "open_fail_fwd_timeout", "forwarded opens unanswered until conntrack gave up" },
	{ "open_fwd_untracked", "forwarded opens not followed: forwarded_pending of them were waiting" },
	{ "tw_total", "TIME_WAIT sockets" },
	{ "tw_ephemeral", "TIME_WAIT sockets whose local port is ephemeral" },
	{ "port_range_lo", "first port of ip_local_port_range" },
	{ "port_range_hi", "last port of ip_local_port_range" },
	{ "ephemeral_ports", "ports of ip_local_port_range not in ip_local_reserved_ports" },
	{ "tw_reuse", "the tcp_tw_reuse sysctl" },
	{ "max_tw_buckets", "the tcp_max_tw_buckets sysctl" },
	{ "listen_backlog", "connections waiting in the accept queue (sampled)" },
	{ "listen_max", "limit of the accept queue (sampled)" },
	{ "tw", "ephemeral ports in TIME_WAIT (sampled)" },
	{ "estab", "ephemeral ports in ESTABLISHED (sampled)" },
	{ "port_use_pct", "share of the ephemeral ports in use, 0 to 1 (sampled)" },
	{ "near_exhaustion", "1 when port_use_ratio is at least exhaustion_pct percent (sampled)" },
};

static const struct {
	const char *table, *by;
} bys[] = {
	{ "ports", "by local port" },
	{ "peers", "by remote address" },
	{ "destinations", "by local address, remote address and port" },
	{ "forwarded", "forwarded opens, by remote address and port" },
	{ "reasons", "by the kernel's reason (sk_rst_reason, Linux 6.10+)" },
};

static const char *help_of(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(helps); i++)
		if (!strcmp(helps[i].name, name))
			return helps[i].help;
	return NULL;
}

static const char *by_of(const char *table)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bys); i++)
		if (!strcmp(bys[i].table, table))
			return bys[i].by;
	return NULL;
}

static bool ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len >= n && !strncmp(s + len - n, suffix, n);
}

/* The metric of @name (in @table, or a total), and the factor to its unit. */
static void metric_name(char *buf, size_t size, const char *table, const char *name,
			bool counter, double *scale)
{
	const char *suffix = counter ? "_total" : "";
	size_t len = strlen(name);

	*scale = 1;
	if (ends_with(name, len, "_total"))
		len -= strlen("_total");
	if (counter && ends_with(name, len, "_ns")) {
		len -= strlen("_ns");
		suffix = "_seconds_total";
		*scale = 1e-9;
	}
	if (!counter && ends_with(name, len, "_pct")) {
		len -= strlen("_pct");
		suffix = "_ratio";
		*scale = 1e-2;
	}
	snprintf(buf, size, "tcpresetstat_%s%s%.*s%s", table ? table : "", table ? "_" : "",
		 (int)len, name, suffix);
}

/* The metric names of the document being printed, and whose each is. */
static struct {
	struct taken {
		char *metric, *owner;	/* owner: "table name", or "name" for a total */
	} *v;
	size_t n, cap;
} taken;

/*
 * Takes @metric for the value @name (of @table, or a total); false, with a
 * warning, when it is another's.  Out of memory, the name is not kept: a
 * collision may then go unseen, the output stays valid otherwise.
 */
static bool claim(const char *metric, const char *table, const char *name, bool warn)
{
	char owner[320];
	struct taken *v;
	size_t i;

	snprintf(owner, sizeof(owner), "%s%s%s", table ? table : "", table ? " " : "", name);
	for (i = 0; i < taken.n; i++) {
		if (strcmp(taken.v[i].metric, metric))
			continue;
		if (!strcmp(taken.v[i].owner, owner))
			return true;
		if (warn)
			fprintf(stderr, "Warning: prometheus: %s: left out, %s is the metric of %s\n",
				owner, metric, taken.v[i].owner);
		return false;
	}
	if (taken.n == taken.cap) {
		v = realloc(taken.v, (taken.cap ? 2 * taken.cap : 64) * sizeof(*v));
		if (!v)
			return true;
		taken.v = v;
		taken.cap = taken.cap ? 2 * taken.cap : 64;
	}
	v = &taken.v[taken.n];
	v->metric = strdup(metric);
	v->owner = strdup(owner);
	if (v->metric && v->owner)
		taken.n++;
	else
		free(v->metric), free(v->owner);
	return true;
}

/* @table NULL for the totals and pressure. */
static void claim_known(const char *table, const struct trs_schema *s)
{
	char metric[256];
	double scale;
	unsigned int i;

	for (i = 0; i < s->ncols; i++) {
		bool c = s->cols[i].kind != TRS_COL_GAUGE;

		metric_name(metric, sizeof(metric), table, s->cols[i].name, c, &scale);
		claim(metric, table, s->cols[i].name, false);
	}
}

/* The names this tool knows are theirs first, whatever else comes. */
static void prom_begin(struct trs_out *o)
{
	unsigned int id;

	(void)o;
	claim_known(NULL, trs_totals);
	claim_known(NULL, trs_pressure);
	for (id = 0; id < TRS_TBL_MAX; id++)
		claim_known(trs_tables[id]->name, trs_tables[id]);
	claim_known(trs_reasons->name, trs_reasons);
}

static void prom_end(struct trs_out *o)
{
	(void)o;
	while (taken.n--) {
		free(taken.v[taken.n].metric);
		free(taken.v[taken.n].owner);
	}
	free(taken.v);
	taken.v = NULL;
	taken.n = taken.cap = 0;
}

static void put_known_names(FILE *f, const char *table, const struct trs_schema *s)
{
	char metric[256];
	double scale;
	unsigned int i;

	for (i = 0; i < s->ncols; i++) {
		metric_name(metric, sizeof(metric), table, s->cols[i].name,
			    s->cols[i].kind != TRS_COL_GAUGE, &scale);
		fprintf(f, "%s\n", metric);
	}
}

void trs_prom_put_names(FILE *f)
{
	unsigned int id;

	put_known_names(f, NULL, trs_totals);
	put_known_names(f, NULL, trs_pressure);
	for (id = 0; id < TRS_TBL_MAX; id++)
		put_known_names(f, trs_tables[id]->name, trs_tables[id]);
	put_known_names(f, trs_reasons->name, trs_reasons);
}

/* HELP text escapes backslash and newline; label values also the quote. */
static void put_escaped(FILE *f, const char *s, bool label)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\\\", f);
		else if (*s == '\n')
			fputs("\\n", f);
		else if (*s == '"' && label)
			fputs("\\\"", f);
		else
			putc(*s, f);
	}
}

static void put_header(FILE *f, const char *metric, const char *table, const char *name,
		       bool counter)
{
	const char *help = help_of(name), *by = table ? by_of(table) : NULL;

	fprintf(f, "# HELP %s ", metric);
	if (help)
		fputs(help, f);
	else
		put_escaped(f, name, false);
	if (by)
		fprintf(f, ", %s", by);
	else if (table) {
		fputs(", in table ", f);
		put_escaped(f, table, false);
	}
	fprintf(f, "\n# TYPE %s %s\n", metric, counter ? "counter" : "gauge");
}

/* The value of a sample; false when @value is not a number. */
static bool put_value(FILE *f, const char *value, double scale)
{
	char buf[64], *end;

	if (!trs_is_number(value))
		return false;
	if (scale == 1) {
		fprintf(f, " %s\n", value);
		return true;
	}
	snprintf(buf, sizeof(buf), "%.9f", strtod(value, NULL) * scale);
	end = buf + strlen(buf);
	while (end[-1] == '0')
		*--end = '\0';
	if (end[-1] == '.')
		*--end = '\0';
	fprintf(f, " %s\n", buf);
	return true;
}

static void put_label(FILE *f, bool *first, const char *name, const char *value)
{
	fprintf(f, "%s%s=\"", *first ? "{" : ",", name);
	put_escaped(f, value, true);
	putc('"', f);
	*first = false;
}

void trs_prom_put_gauge(FILE *f, const char *metric, const char *help, const char *netns,
			const char *label, const char *value, const char *sample)
{
	bool first = true;

	fprintf(f, "# HELP %s %s\n# TYPE %s gauge\n%s", metric, help, metric, metric);
	if (netns)
		put_label(f, &first, "netns", netns);
	if (label)
		put_label(f, &first, label, value);
	if (!first)
		putc('}', f);
	fprintf(f, " %s\n", sample);
}

/* {netns="...",port="80"}: @t NULL for a total. */
static void put_labels(const struct trs_out *o, const struct trs_table *t, size_t r)
{
	const char *special = NULL;
	char buf[TRS_CELL_MAX];
	bool first = true;
	size_t c;

	if (o->view.netns)
		put_label(o->f, &first, "netns", o->view.netns);
	if (t && t->kind[r] == TRS_ROW_OTHER)
		special = "other";
	else if (t && t->kind[r] == TRS_ROW_EPHEMERAL)
		special = "ephemeral";
	if (special)
		put_label(o->f, &first, "row", special);
	for (c = 0; t && !special && c < t->nkeys; c++)
		put_label(o->f, &first, t->cols[c], trs_cell_text(t, r, c, buf, sizeof(buf)));
	if (!first)
		putc('}', o->f);
}

static void prom_group(struct trs_out *o, const char *name, const struct trs_value *v, size_t n)
{
	bool counter = strcmp(name, "pressure");
	char metric[256];
	double scale;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!trs_is_number(v[i].value))
			continue;
		metric_name(metric, sizeof(metric), NULL, v[i].name, counter, &scale);
		if (!claim(metric, NULL, v[i].name, true))
			continue;
		put_header(o->f, metric, NULL, v[i].name, counter);
		fputs(metric, o->f);
		put_labels(o, NULL, 0);
		put_value(o->f, v[i].value, scale);
	}
}

static void prom_table(struct trs_out *o, const char *name, const struct trs_table *t,
		       const size_t *rows, size_t nrows, size_t more)
{
	char metric[256], buf[TRS_CELL_MAX];
	double scale;
	size_t c, r;

	(void)more;
	for (c = t ? t->nkeys : 0; t && nrows && c < t->ncols; c++) {
		const char *col = t->cols[c];
		bool counter = trs_col_kind(name, col) != TRS_COL_GAUGE;

		metric_name(metric, sizeof(metric), name, col, counter, &scale);
		if (!claim(metric, name, col, true))
			continue;
		put_header(o->f, metric, name, col, counter);
		for (r = 0; r < nrows; r++) {
			fputs(metric, o->f);
			put_labels(o, t, rows[r]);
			put_value(o->f, trs_cell_text(t, rows[r], c, buf, sizeof(buf)), scale);
		}
	}
}

/* A comment: neither HELP nor TYPE, so parsers skip it. */
static void prom_unavailable(struct trs_out *o, const uint64_t *unavail)
{
	fputs("# tcpresetstat: ", o->f);
	trs_put_unavailable(o->f, unavail);
	putc('\n', o->f);
}

const struct trs_renderer trs_prom_renderer = {
	.begin = prom_begin,
	.group = prom_group,
	.table = prom_table,
	.unavailable = prom_unavailable,
	.end = prom_end,
};

/* Merging documents (--all-netns) */

struct family {
	const char *name;	/* in the document that named it first */
	size_t len, doc;	/* and that one's index */
	char **lines;		/* HELP and TYPE, then the samples */
	size_t n, cap;
};

struct merge {
	struct family *v;
	size_t n, cap;
	char **comments;	/* other comments, each once */
	size_t ncomments, comments_cap;
};

static bool push(char ***v, size_t *n, size_t *cap, char *line)
{
	if (*n == *cap) {
		size_t c = *cap ? 2 * *cap : 8;
		char **p = realloc(*v, c * sizeof(*p));

		if (!p)
			return false;
		*v = p;
		*cap = c;
	}
	(*v)[(*n)++] = line;
	return true;
}

static struct family *family_of(struct merge *m, const char *name, size_t len, size_t doc)
{
	struct family *f;
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->v[i].len == len && !strncmp(m->v[i].name, name, len))
			return &m->v[i];
	if (m->n == m->cap) {
		size_t c = m->cap ? 2 * m->cap : 64;

		f = realloc(m->v, c * sizeof(*f));
		if (!f)
			return NULL;
		m->v = f;
		m->cap = c;
	}
	f = &m->v[m->n++];
	*f = (struct family){ .name = name, .len = len, .doc = doc };
	return f;
}

/* Files @line of document @doc under its metric (@cur: the last HELP or TYPE's). */
static bool merge_line(struct merge *m, char *line, size_t doc, struct family **cur)
{
	size_t i;

	if (!strncmp(line, "# HELP ", 7) || !strncmp(line, "# TYPE ", 7)) {
		const char *name = line + 7;

		*cur = family_of(m, name, strcspn(name, " "), doc);
		if (!*cur)
			return false;
		/* The first document's HELP and TYPE; the others' are the same. */
		return (*cur)->doc != doc || push(&(*cur)->lines, &(*cur)->n, &(*cur)->cap, line);
	}
	if (line[0] != '#' && *cur)
		return push(&(*cur)->lines, &(*cur)->n, &(*cur)->cap, line);
	for (i = 0; i < m->ncomments; i++)
		if (!strcmp(m->comments[i], line))
			return true;
	return push(&m->comments, &m->ncomments, &m->comments_cap, line);
}

bool trs_prom_merge(FILE *f, char **docs, size_t n)
{
	struct merge m = { 0 };
	bool ok = true;
	size_t d, i, j;

	/* In place: the documents' lines are the merged document's. */
	for (d = 0; ok && d < n; d++) {
		struct family *cur = NULL;
		char *line, *save = NULL;

		for (line = strtok_r(docs[d], "\n", &save); ok && line;
		     line = strtok_r(NULL, "\n", &save))
			ok = merge_line(&m, line, d, &cur);
	}
	for (i = 0; ok && i < m.n; i++)
		for (j = 0; j < m.v[i].n; j++)
			fprintf(f, "%s\n", m.v[i].lines[j]);
	for (i = 0; ok && i < m.ncomments; i++)
		fprintf(f, "%s\n", m.comments[i]);
	for (i = 0; i < m.n; i++)
		free(m.v[i].lines);
	free(m.v);
	free(m.comments);
	return ok;
}
