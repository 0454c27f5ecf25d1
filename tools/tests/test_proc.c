// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>

#include "tcpresetstat.h"
#include "output.h"
#include "proc.h"
#include "test.h"

static int parse_mem(const char *in, size_t len, struct trs_snapshot *s, struct trs_error *err)
{
	FILE *f = fmemopen((void *)in, len, "r");
	int ret;

	if (!f)
		return -1;
	ret = trs_proc_parse(f, "test", s, err);
	fclose(f);
	return ret;
}

int test_parse_file(const char *path, struct trs_snapshot *s, struct trs_error *err)
{
	FILE *f = fopen(path, "r");
	int ret;

	if (!f)
		return -1;
	ret = trs_proc_parse(f, path, s, err);
	fclose(f);
	return ret;
}

int test_snapshot(struct trs_snapshot *s, const char *body)
{
	struct trs_error err = { 0 };
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int ret = -1;

	if (!f)
		return -1;
	fprintf(f, "version %d\n%s", TRS_PROC_FORMAT, body);
	fclose(f);
	f = fmemopen(text, len, "r");
	if (f) {
		ret = trs_proc_parse(f, "test", s, &err);
		fclose(f);
	}
	if (ret)
		printf("test_snapshot: %s: %s\n", err.what, err.reason);
	free(text);
	return ret;
}

const char *test_cell(const struct trs_table *t, size_t r, size_t c)
{
	static char buf[TRS_CELL_MAX];

	return r < t->nrows && c < t->ncols ? trs_cell_text(t, r, c, buf, sizeof(buf)) : NULL;
}

static void test_sample(const void *arg)
{
	static const char *const names[] = {
		"rst_in", "rst_in_refused", "rst_in_reset", "rst_in_other",
		"rst_out", "rst_out_refused", "rst_out_abort", "rst_out_other",
		"rst_fwd",
	};
	static const uint64_t values[] = { 12, 10, 1, 1, 12, 10, 2, 0, 0 };
	struct trs_snapshot s = { 0 };
	struct trs_error err;
	size_t i;

	(void)arg;
	CHECK_INT(test_parse_file(SAMPLE, &s, &err), 0);
	CHECK_INT(s.ntotals, sizeof(names) / sizeof(names[0]));
	for (i = 0; i < s.ntotals; i++) {
		CHECK_STR(s.totals[i].name, names[i]);
		CHECK_INT(s.totals[i].value, values[i]);
	}
	CHECK_INT(s.ntables, 0);
	trs_snapshot_free(&s);
}

static void test_sample_ports(const void *arg)
{
	static const char *const cells[] = { "7211", "0", "5", "other", "1", "0" };
	struct trs_snapshot s = { 0 };
	const struct trs_table *t;
	struct trs_error err;
	size_t i;

	(void)arg;
	CHECK_INT(test_parse_file(SAMPLE_PORTS, &s, &err), 0);
	CHECK_INT(s.ntotals, 9);
	CHECK_INT(s.ntables, 1);
	t = trs_snapshot_table(&s, "ports");
	CHECK(t);
	CHECK_INT(t->ncols, 3);
	CHECK_STR(t->cols[0], "port");
	CHECK_STR(t->cols[1], "rst_in");
	CHECK_STR(t->cols[2], "rst_out");
	CHECK_INT(t->nrows, 2);
	for (i = 0; i < 6; i++)
		CHECK_STR(test_cell(t, i / 3, i % 3), cells[i]);
	trs_snapshot_free(&s);
}

static void test_unknown_kept(const void *arg)
{
	static const char in[] =
		"version 1\nrst_in 1\nsyn_cookies 7\nrst_out 18446744073709551615\n"
		"table sockets 1\nlocal_addr addr\n2001:db8::1 192.0.2.1\n"
		"table peers 0\naddr rst_in\n";
	struct trs_snapshot s = { 0 };
	const struct trs_table *t;
	struct trs_error err;

	(void)arg;
	CHECK_INT(parse_mem(in, sizeof(in) - 1, &s, &err), 0);
	CHECK_INT(s.ntotals, 3);
	CHECK_STR(s.totals[1].name, "syn_cookies");
	CHECK_INT(s.totals[1].value, 7);
	CHECK(s.totals[2].value == UINT64_MAX);
	CHECK_INT(s.ntables, 2);
	CHECK_STR(s.tables[0].name, "sockets");
	t = &s.tables[0];
	CHECK_STR(test_cell(t, 0, 0), "2001:db8::1");
	CHECK_STR(test_cell(t, 0, 1), "192.0.2.1");
	CHECK_STR(s.tables[1].name, "peers");
	CHECK_INT(s.tables[1].nrows, 0);
	trs_snapshot_free(&s);
}

/*
 * Keys are kept typed and printed as /proc prints them; an unknown table's
 * keys are those of its leading columns that some schema calls keys, and
 * at least its first, kept as a name.
 */
static void test_typed(const void *arg)
{
	struct trs_snapshot s = { 0 };
	const struct trs_table *t;

	(void)arg;
	CHECK(!test_snapshot(&s, "table destinations 2\nlocal_addr addr remote_port tw\n"
			     "10.0.0.1 2001:DB8:0:0::2 443 18446744073709551615\n"
			     "other other other 3\n"
			     "table ports 1\nport rst_in\nephemeral 4\n"
			     "table sockets 1\nstate port addr n\nSYN_RECV 22 ::ffff:10.1.2.3 5\n"));
	t = &s.tables[0];
	CHECK_INT(t->nkeys, 3);
	CHECK_INT(t->kind[0], TRS_ROW_KEY);
	CHECK_INT(trs_table_key(t, 0, 2)->port, 443);
	CHECK(trs_table_value(t, 0, 3) == UINT64_MAX);
	CHECK_STR(test_cell(t, 0, 1), "2001:db8::2");
	CHECK_INT(t->kind[1], TRS_ROW_OTHER);
	CHECK_STR(test_cell(t, 1, 2), "other");
	t = &s.tables[1];
	CHECK_INT(t->kind[0], TRS_ROW_EPHEMERAL);
	CHECK_STR(test_cell(t, 0, 0), "ephemeral");
	t = &s.tables[2];
	CHECK_INT(t->nkeys, 3);
	CHECK_INT(t->key_type[0], TRS_KEY_NAME);
	CHECK_STR(test_cell(t, 0, 0), "SYN_RECV");
	CHECK_INT(t->key_type[1], TRS_KEY_PORT);
	CHECK_STR(test_cell(t, 0, 2), "10.1.2.3");
	CHECK_INT(trs_table_value(t, 0, 3), 5);
	trs_snapshot_free(&s);
}

static void test_no_final_newline(const void *arg)
{
	static const char in[] = "version 1\nrst_in 5";
	struct trs_snapshot s = { 0 };
	struct trs_error err;

	(void)arg;
	CHECK_INT(parse_mem(in, sizeof(in) - 1, &s, &err), 0);
	CHECK_INT(s.ntotals, 1);
	CHECK_INT(s.totals[0].value, 5);
	trs_snapshot_free(&s);
}

/* "version 1\n" then one line of @len characters: @len - 2 x's and " 1". */
static char *long_input(size_t len)
{
	static const char head[] = "version 1\n";
	char *in = malloc(sizeof(head) + len + 1);

	if (!in)
		return NULL;
	strcpy(in, head);
	memset(in + sizeof(head) - 1, 'x', len - 2);
	strcpy(in + sizeof(head) - 1 + len - 2, " 1\n");
	return in;
}

static void test_line_at_limit(const void *arg)
{
	struct trs_snapshot s = { 0 };
	char *in = long_input(TRS_PROC_LINE_MAX);
	struct trs_error err;
	int ret;

	(void)arg;
	CHECK(in);
	ret = parse_mem(in, strlen(in), &s, &err);
	free(in);
	CHECK_INT(ret, 0);
	CHECK_INT(strlen(s.totals[0].name), TRS_PROC_LINE_MAX - 2);
	trs_snapshot_free(&s);
}

static void test_line_too_long(const void *arg)
{
	struct trs_snapshot s = { 0 };
	char *in = long_input(TRS_PROC_LINE_MAX + 1);
	struct trs_error err;
	int ret;

	(void)arg;
	CHECK(in);
	ret = parse_mem(in, strlen(in), &s, &err);
	free(in);
	CHECK_INT(ret, 1);
	CHECK_STR(err.what, "test:2");
	CHECK_STR(err.reason, "line longer than 4095 characters");
	CHECK(!s.totals && !s.ntotals);
}

static void test_too_many_columns(const void *arg)
{
	static const char head[] = "version 1\ntable wide 0\n";
	char in[sizeof(head) + 4 * (TRS_TABLE_COLS_MAX + 1) + 1];
	struct trs_snapshot s = { 0 };
	struct trs_error err;
	char *p = in;
	int i;

	(void)arg;
	p += sprintf(p, "%s", head);
	for (i = 0; i <= TRS_TABLE_COLS_MAX; i++)
		p += sprintf(p, "c%02d ", i);
	CHECK_INT(parse_mem(in, p - in, &s, &err), 1);
	CHECK_STR(err.what, "test:3");
	CHECK_STR(err.reason, "table wide: more than 64 columns");
	CHECK(!s.tables && !s.ntables);
}

static void test_nul_byte(const void *arg)
{
	static const char in[] = "version 1\nrst\0in 1\n";
	struct trs_snapshot s = { 0 };
	struct trs_error err;

	(void)arg;
	CHECK_INT(parse_mem(in, sizeof(in) - 1, &s, &err), 1);
	CHECK_STR(err.what, "test:2");
	CHECK_STR(err.reason, "invalid character 0x00");
}

/* Malformed input: the exact error, and nothing left behind. */
struct bad {
	const char *in, *what, *reason;
};

static void test_bad(const void *arg)
{
	const struct bad *b = arg;
	struct trs_snapshot s = { 0 };
	struct trs_error err;

	CHECK_INT(parse_mem(b->in, strlen(b->in), &s, &err), TRS_EXIT_ERROR);
	CHECK_INT(err.code, TRS_EXIT_ERROR);
	CHECK_STR(err.what, b->what);
	CHECK_STR(err.reason, b->reason);
	CHECK(!s.totals && !s.ntotals && !s.tables && !s.ntables);
}

#define BAD(name, in, what, reason) \
	{ name, test_bad, &(const struct bad){ in, what, reason } }

const struct test proc_tests[] = {
	{ "proc_sample", test_sample, NULL },
	{ "proc_sample_ports", test_sample_ports, NULL },
	{ "proc_unknown_counters_and_tables_kept", test_unknown_kept, NULL },
	{ "proc_no_final_newline", test_no_final_newline, NULL },
	{ "proc_line_at_limit", test_line_at_limit, NULL },
	{ "proc_line_too_long", test_line_too_long, NULL },
	{ "proc_too_many_columns", test_too_many_columns, NULL },
	{ "proc_nul_byte", test_nul_byte, NULL },
	BAD("proc_empty", "", "test:1", "empty, expected \"version 1\""),
	BAD("proc_version_mismatch", "version 2\nrst_in 1\n", "test:1",
	    "unsupported format version 2, this tool reads version 1"),
	BAD("proc_version_missing", "rst_in 1\n", "test:1", "expected \"version 1\""),
	BAD("proc_non_numeric", "version 1\nrst_in 12x\n", "test:2",
	    "invalid value \"12x\" for rst_in"),
	BAD("proc_negative", "version 1\nrst_in -1\n", "test:2", "invalid value \"-1\" for rst_in"),
	BAD("proc_overflow", "version 1\nrst_in 18446744073709551616\n", "test:2",
	    "invalid value \"18446744073709551616\" for rst_in"),
	BAD("proc_leading_zero", "version 1\nrst_in 012\n", "test:2",
	    "invalid value \"012\" for rst_in"),
	BAD("proc_missing_value", "version 1\nrst_in\n", "test:2", "expected \"name value\""),
	BAD("proc_extra_value", "version 1\nrst_in 1 2\n", "test:2", "expected \"name value\""),
	BAD("proc_blank_line", "version 1\n\nrst_in 1\n", "test:2", "expected \"name value\""),
	BAD("proc_bad_name", "version 1\n9lives 1\n", "test:2", "invalid counter name \"9lives\""),
	BAD("proc_duplicate_counter", "version 1\nrst_in 1\nrst_in 2\n", "test:3",
	    "duplicate counter rst_in"),
	BAD("proc_crlf", "version 1\r\nrst_in 1\r\n", "test:1", "invalid character 0x0d"),
	BAD("proc_table_bad_rows", "version 1\ntable ports x\n", "test:2",
	    "expected \"table NAME ROWS\""),
	BAD("proc_table_no_header", "version 1\ntable ports 1\n", "test:3",
	    "table ports: missing header line"),
	BAD("proc_table_duplicate_column", "version 1\ntable ports 0\nport port\n", "test:3",
	    "table ports: duplicate column port"),
	BAD("proc_table_rows_missing", "version 1\ntable ports 3\nport rst_in\n1 2\n2 3\n",
	    "test:6", "table ports: end of file after 2 of 3 rows"),
	BAD("proc_table_rows_extra", "version 1\ntable ports 1\nport rst_in\n1 2\n2 3\n",
	    "test:5", "expected \"table NAME ROWS\" after the end of table ports"),
	BAD("proc_table_row_short", "version 1\ntable ports 1\nport rst_in\n7211\n", "test:4",
	    "table ports: row has 1 values, header has 2"),
	BAD("proc_table_row_long", "version 1\ntable ports 1\nport rst_in\n7211 1 2\n", "test:4",
	    "table ports: row has 3 values, header has 2"),
	BAD("proc_table_duplicate", "version 1\ntable t 0\nc\ntable t 0\nc\n", "test:4",
	    "duplicate table t"),
	BAD("proc_total_after_table", "version 1\ntable t 0\nc\nrst_in 1\n", "test:4",
	    "expected \"table NAME ROWS\" after the end of table t"),
	/* Cells are typed: a value is a number, a key what its column holds. */
	BAD("proc_table_value_not_number", "version 1\ntable ports 1\nport rst_in\n80 x\n",
	    "test:4", "table ports: invalid value \"x\" for rst_in"),
	BAD("proc_table_value_leading_zero", "version 1\ntable t 1\nc rst_in\nk 007\n",
	    "test:4", "table t: invalid value \"007\" for rst_in"),
	BAD("proc_table_port_too_big", "version 1\ntable ports 1\nport rst_in\n65536 1\n",
	    "test:4", "table ports: invalid port \"65536\""),
	BAD("proc_table_port_not_number", "version 1\ntable ports 1\nport rst_in\nhttp 1\n",
	    "test:4", "table ports: invalid port \"http\""),
	BAD("proc_table_addr_invalid",
	    "version 1\ntable destinations 1\nlocal_addr addr remote_port tw\n"
	    "10.0.0.1 10.0.0.300 443 1\n", "test:4",
	    "table destinations: invalid addr \"10.0.0.300\""),
	{ "proc_typed_cells", test_typed, NULL },
	{ NULL, NULL, NULL },
};
