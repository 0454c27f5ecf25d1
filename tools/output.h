// SPDX-License-Identifier: GPL-2.0
#ifndef TRS_OUTPUT_H
#define TRS_OUTPUT_H

#include <stdint.h>
#include <stdio.h>

#include "error.h"
#include "number.h"
#include "snapshot.h"

enum trs_format {
	TRS_FMT_TEXT,
	TRS_FMT_JSON,
	TRS_FMT_JSON_PRETTY,
	TRS_FMT_PROMETHEUS,
};

/* How a document is printed, and which rows of its tables. */
struct trs_view {
	enum trs_format fmt;
	bool zeros;		/* text: zero values and all-zero rows too */
	const char *sort;	/* rows by this column, descending; NULL: by activity */
	uint64_t top;		/* at most this many rows per table; 0: all */
	const char *netns;	/* Prometheus: a netns="..." label on every sample */
	const char *tables;	/* the tables a document of all prints ("a,b"); NULL: all */
};

/* One value of a group (totals, pressure, rates), as printed. */
struct trs_value {
	const char *name;
	char value[32];		/* an unsigned decimal, maybe with a fraction */
};

struct trs_renderer;

/*
 * One document: begin, then groups, notes, sections and tables, then end.
 * Text: groups as aligned "name value" lines (zeros left out unless
 * view.zeros), each table under a "name:" heading.  JSON: one object with a
 * member per group, note and table.  Prometheus: groups and table columns
 * as metrics (see prom.c); notes and sections print nothing.
 */
struct trs_out {
	FILE *f;
	struct trs_view view;
	const struct trs_renderer *r;
	int depth;
	bool first;	/* nothing printed yet (text), or in the open JSON container */
};

void trs_out_begin(struct trs_out *o, FILE *f, const struct trs_view *v);
void trs_out_group(struct trs_out *o, const char *name, const struct trs_value *v, size_t n);
/* Text: the line @text (if not NULL); JSON: the member @key, a number. */
void trs_out_note(struct trs_out *o, const char *key, const char *value, const char *text);
/* JSON: a member @key holding an object, until trs_out_section_end(). */
void trs_out_section(struct trs_out *o, const char *key);
void trs_out_section_end(struct trs_out *o);
/*
 * The rows of @t that the view selects: all-zero rows left out in text
 * (unless view.zeros), ranked by view.sort, else by activity (the sum of
 * the counters that are not the breakdown of another column), then cut at
 * view.top.  @t NULL: a table the module did not report (JSON: []).
 */
void trs_out_table(struct trs_out *o, const char *name, const struct trs_table *t);
/*
 * The tables of @s: ports, peers, destinations (known ones, even absent),
 * then any this tool does not know yet; with @only, that one alone.
 */
void trs_out_tables(struct trs_out *o, const struct trs_snapshot *s, const char *only);
/*
 * What the kernel left out (trs_unavailable(): @unavail by enum trs_group),
 * after the tables: text, the line "unavailable on this kernel: totals: a,
 * b; ports: c"; JSON, the member "unavailable": {"totals": ["a", "b"],
 * "ports": ["c"]}; Prometheus, that line as a comment.  Only the groups
 * that lack something; nothing when none does.
 */
void trs_out_unavailable(struct trs_out *o, const uint64_t *unavail);
void trs_out_end(struct trs_out *o);

/*
 * A document of its own: row @row of @t as one line, its first column bare
 * and the others "name=value" (text), or one JSON object per line.
 */
void trs_out_record(FILE *f, const struct trs_view *v, const struct trs_table *t, size_t row);

/* The totals (@pressure false) or the pressure values of @s, as printed. */
struct trs_value *trs_snapshot_values(const struct trs_snapshot *s, bool pressure, size_t *n);

/*
 * show: totals, pressure and the tables ({"totals": {}, "pressure": {},
 * "ports": [], "peers": [], "destinations": [], ...}); with @only, that table
 * alone ({"name": [...]}).
 */
void trs_print_snapshot(FILE *f, const struct trs_snapshot *s, const struct trs_view *v,
			const char *only);

/* JSON, indented or not. */
bool trs_format_is_json(enum trs_format fmt);

/* Text (and Prometheus) to stderr, JSON to stdout. */
void trs_print_error(const struct trs_error *err, enum trs_format fmt);

/*
 * Cell (@r, @c) of @t as printed: a value in decimal (a rate with up to
 * two decimals), a key as /proc writes it ("other", "ephemeral", a port,
 * an address, a name).  In @buf, of TRS_CELL_MAX, or the table's own text.
 */
#define TRS_CELL_MAX	64
const char *trs_cell_text(const struct trs_table *t, size_t r, size_t c, char *buf,
			  size_t len);

/* A JSON string literal; invalid UTF-8 becomes U+FFFD. */
void trs_json_string(FILE *f, const char *s);

/*
 * Every metric name --prometheus gives the values this tool knows, one per
 * line (help metrics; prom.c).
 */
void trs_prom_put_names(FILE *f);

/*
 * One gauge of the tool's own (serve): HELP, TYPE and its one sample, with
 * netns="@netns" and @label="@value" when not NULL, escaped as the others.
 */
void trs_prom_put_gauge(FILE *f, const char *metric, const char *help, const char *netns,
			const char *label, const char *value, const char *sample);

#endif /* TRS_OUTPUT_H */
