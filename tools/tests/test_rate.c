// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>

#include "names.h"
#include "output.h"
#include "rate.h"
#include "test.h"

/* What rates and Prometheus make of a column is its kind in the schema. */
struct kind {
	const char *table, *col;
	int want;
};

static void test_kind(const void *arg)
{
	const struct kind *k = arg;

	CHECK(trs_col_kind(k->table, k->col) == k->want);
}

#define KIND(what, t, c, k) \
	{ "names_kind_" what, test_kind, &(const struct kind){ t, c, k } }

struct rate {
	uint64_t prev, cur;
	double elapsed, want;
};

static void test_rate(const void *arg)
{
	const struct rate *r = arg;
	double got = trs_rate(r->prev, r->cur, r->elapsed), off = got - r->want;

	CHECK((off < 0 ? -off : off) <= 1e-9 * (1 + r->want));
}

struct decimal {
	void (*format)(char *buf, size_t len, double v);
	double in;
	const char *want;
};

static void test_decimal(const void *arg)
{
	const struct decimal *d = arg;
	char buf[32];

	d->format(buf, sizeof(buf), d->in);
	CHECK_STR(buf, d->want);
	CHECK(trs_is_number(buf));
}

/*
 * watch-1 then watch-2, two seconds apart: rst_in 10 -> 16, rst_out reset
 * (5 -> 2), ports 80 rst_in 4 -> 8, 443 new, 22 gone, other 0 -> 1; the
 * gauges (tw_total, listen_backlog) are no rates.
 */
static void test_rates(const void *arg)
{
	const struct trs_view v = { .fmt = TRS_FMT_JSON, .zeros = true };
	struct trs_snapshot a = { 0 }, b = { 0 };
	struct trs_error err;
	struct trs_rates r;
	struct trs_out out;
	struct capture c;

	(void)arg;
	CHECK_INT(test_parse_file("tests/data/watch-1.txt", &a, &err), 0);
	CHECK_INT(test_parse_file("tests/data/watch-2.txt", &b, &err), 0);
	CHECK_INT(trs_rates(&a, &b, 2.0, &r), 0);
	CHECK(capture_begin(&c));
	trs_out_begin(&out, c.f, &v);
	trs_out_group(&out, "totals", r.totals, r.ntotals);
	trs_out_tables(&out, &r.tables, NULL);
	trs_out_end(&out);
	capture_end(&c);
	CHECK_STR(c.buf, "{\"totals\":{\"rst_in\":3,\"rst_out\":1},"
		  "\"ports\":[{\"port\":80,\"rst_in\":2,\"rst_out\":0},"
		  "{\"port\":443,\"rst_in\":1.5,\"rst_out\":0},"
		  "{\"port\":\"other\",\"rst_in\":0.5,\"rst_out\":0}],"
		  "\"peers\":[],\"destinations\":[],\"forwarded\":[]}\n");
	free(c.buf);
	trs_rates_free(&r);
	trs_snapshot_free(&a);
	trs_snapshot_free(&b);
}

/* The first snapshot of nothing: every counter counted from zero. */
static void test_rates_from_empty(const void *arg)
{
	struct trs_snapshot none = { 0 }, b = { 0 };
	struct trs_error err;
	struct trs_rates r;

	(void)arg;
	CHECK_INT(test_parse_file("tests/data/watch-2.txt", &b, &err), 0);
	CHECK_INT(trs_rates(&none, &b, 4.0, &r), 0);
	CHECK_INT(r.ntotals, 2);
	CHECK_STR(r.totals[0].value, "4");
	CHECK_STR(r.totals[1].value, "0.5");
	CHECK_INT(r.tables.ntables, 1);
	CHECK_INT(r.tables.tables[0].ncols, 3);
	CHECK_STR(test_cell(&r.tables.tables[0], 0, 1), "2");
	trs_rates_free(&r);
	trs_snapshot_free(&b);
}

/*
 * rst_in_other is rst_in less its classes: between watch-dip-1 and -2 a RST
 * counted in rst_in got its class (rst_in_refused), so rst_in_other went
 * down by one with nothing reset: its rate is 0, not 6 per second.  Then
 * watch-dip-3 is a reset (rst_in went down; the port's row too: its
 * rst_in went down): rst_in_other counted from zero, even where it is back
 * at its old value (port 80: 2 then 2).
 */
struct dip {
	const char *prev, *cur, *want;
};

static void test_rates_derived(const void *arg)
{
	const struct trs_view v = { .fmt = TRS_FMT_JSON, .zeros = true };
	const struct dip *d = arg;
	struct trs_snapshot a = { 0 }, b = { 0 };
	struct trs_error err;
	struct trs_rates r;
	struct trs_out out;
	struct capture c;

	CHECK_INT(test_parse_file(d->prev, &a, &err), 0);
	CHECK_INT(test_parse_file(d->cur, &b, &err), 0);
	CHECK_INT(trs_rates(&a, &b, 1.0, &r), 0);
	CHECK(capture_begin(&c));
	trs_out_begin(&out, c.f, &v);
	trs_out_group(&out, "totals", r.totals, r.ntotals);
	trs_out_tables(&out, &r.tables, NULL);
	trs_out_end(&out);
	capture_end(&c);
	CHECK_STR(c.buf, d->want);
	free(c.buf);
	trs_rates_free(&r);
	trs_snapshot_free(&a);
	trs_snapshot_free(&b);
}

#define DIP(name, prev, cur, want) \
	{ "rate_derived_" name, test_rates_derived, \
	  &(const struct dip){ "tests/data/" prev, "tests/data/" cur, want } }

#define RATE(name, prev, cur, elapsed, want) \
	{ "rate_" name, test_rate, &(const struct rate){ prev, cur, elapsed, want } }
#define SECONDS(name, in, want) \
	{ "rate_seconds_" name, test_decimal, \
	  &(const struct decimal){ trs_format_seconds, in, want } }
#define DECIMAL(name, in, want) \
	{ "rate_decimal_" name, test_decimal, \
	  &(const struct decimal){ trs_format_decimal, in, want } }

const struct test rate_tests[] = {
	RATE("per_second", 10, 16, 2.0, 3),
	RATE("unchanged", 7, 7, 1.0, 0),
	RATE("fraction_of_second", 0, 1, 0.25, 4),
	RATE("reset_counts_from_zero", 100, 4, 2.0, 2),
	RATE("reset_to_zero", 100, 0, 1.0, 0),
	RATE("no_time", 1, 5, 0, 0),
	RATE("negative_time", 1, 5, -1, 0),
	RATE("huge", 0, UINT64_MAX, 1.0, (double)UINT64_MAX),
	DECIMAL("integer", 4, "4"),
	DECIMAL("half", 2.5, "2.5"),
	DECIMAL("third", 1.0 / 3, "0.33"),
	DECIMAL("rounded_up", 0.996, "1"),
	DECIMAL("tiny", 0.001, "0"),
	DECIMAL("zero", 0, "0"),
	DECIMAL("negative_is_zero", -3, "0"),
	SECONDS("millisecond", 0.001, "0.001"),
	SECONDS("two_significant_digits", 0.0456, "0.046"),
	SECONDS("quarter", 0.25, "0.25"),
	SECONDS("seconds", 2.004, "2"),
	SECONDS("microsecond_at_most", 1e-7, "0"),
	SECONDS("negative_is_zero", -1, "0"),
	KIND("total_counter", NULL, "rst_in", TRS_COL_COUNTER),
	KIND("total_derived", NULL, "rst_in_other", TRS_COL_DERIVED),
	KIND("pressure_gauge", NULL, "tw_total", TRS_COL_GAUGE),
	KIND("port_derived", "ports", "rst_in_other", TRS_COL_DERIVED),
	KIND("port_gauge", "ports", "listen_backlog", TRS_COL_GAUGE),
	KIND("port_key", "ports", "port", TRS_COL_KEY),
	KIND("dest_keys", "destinations", "local_addr", TRS_COL_KEY),
	KIND("dest_gauge", "destinations", "near_exhaustion", TRS_COL_GAUGE),
	KIND("peer_counter", "peers", "rst_fwd_rcvd", TRS_COL_COUNTER),
	KIND("reason_key", "reasons", "reason", TRS_COL_KEY),
	/* Newer columns and tables: as the known tables name them. */
	KIND("newer_column_as_elsewhere", "peers", "tw", TRS_COL_GAUGE),
	KIND("newer_table_key", "sockets", "remote_port", TRS_COL_KEY),
	KIND("newer_table_derived", "sockets", "rst_in_other", TRS_COL_DERIVED),
	KIND("unknown_is_counter", "sockets", "count_ns", TRS_COL_COUNTER),
	KIND("unknown_total_is_counter", NULL, "newer_total", TRS_COL_COUNTER),
	{ "rate_snapshots", test_rates, NULL },
	{ "rate_snapshots_from_empty", test_rates_from_empty, NULL },
	DIP("dips_without_reset", "watch-dip-1.txt", "watch-dip-2.txt",
	    "{\"totals\":{\"rst_in\":0,\"rst_in_refused\":1,\"rst_in_other\":0},"
	    "\"ports\":[{\"port\":80,\"rst_in\":0,\"rst_in_refused\":1,\"rst_in_other\":0}],"
	    "\"peers\":[],\"destinations\":[],\"forwarded\":[]}\n"),
	DIP("reset_seen_in_monotonic", "watch-dip-2.txt", "watch-dip-3.txt",
	    "{\"totals\":{\"rst_in\":2,\"rst_in_refused\":1,\"rst_in_other\":1},"
	    "\"ports\":[{\"port\":80,\"rst_in\":3,\"rst_in_refused\":1,\"rst_in_other\":2}],"
	    "\"peers\":[],\"destinations\":[],\"forwarded\":[]}\n"),
	{ NULL, NULL, NULL },
};
