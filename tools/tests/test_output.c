// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>

#include "output.h"
#include "test.h"

const char sample_ports_json[] =
	"{\"totals\":{\"rst_in\":12,\"rst_in_refused\":10,\"rst_in_reset\":1,\"rst_in_other\":1,"
	"\"rst_out\":12,\"rst_out_refused\":10,\"rst_out_abort\":2,\"rst_out_other\":0,"
	"\"rst_fwd\":0},\"pressure\":{},"
	"\"ports\":[{\"port\":7211,\"rst_in\":0,\"rst_out\":5},"
	"{\"port\":\"other\",\"rst_in\":1,\"rst_out\":0}],"
	"\"peers\":[],\"destinations\":[]}\n";

const char sample_ports_text[] =
	"rst_in           12\n"
	"rst_in_refused   10\n"
	"rst_in_reset      1\n"
	"rst_in_other      1\n"
	"rst_out          12\n"
	"rst_out_refused  10\n"
	"rst_out_abort     2\n"
	"rst_out_other     0\n"
	"rst_fwd           0\n"
	"\n"
	"ports:\n"
	"  port   rst_in  rst_out\n"
	"  7211        0        5\n"
	"  other       1        0\n";

/* Without -z: no zero totals, no all-zero rows (key columns aside). */
const char sample_ports_text_nonzero[] =
	"rst_in           12\n"
	"rst_in_refused   10\n"
	"rst_in_reset      1\n"
	"rst_in_other      1\n"
	"rst_out          12\n"
	"rst_out_refused  10\n"
	"rst_out_abort     2\n"
	"\n"
	"ports:\n"
	"  port   rst_in  rst_out\n"
	"  7211        0        5\n"
	"  other       1        0\n";

static void check_render(const struct trs_snapshot *s, enum trs_format fmt, const char *want)
{
	const struct trs_view v = { .fmt = fmt, .zeros = true };
	struct capture c;

	CHECK(capture_begin(&c));
	trs_print_snapshot(c.f, s, &v, NULL);
	capture_end(&c);
	CHECK_STR(c.buf, want);
	free(c.buf);
}

struct render {
	enum trs_format fmt;
	const char *want;
};

static void test_sample_ports(const void *arg)
{
	const struct render *r = arg;
	struct trs_snapshot s = { 0 };
	struct trs_error err;

	CHECK_INT(test_parse_file(SAMPLE_PORTS, &s, &err), 0);
	check_render(&s, r->fmt, r->want);
	trs_snapshot_free(&s);
}

static void test_json_empty(const void *arg)
{
	struct trs_snapshot s = { 0 };

	(void)arg;
	check_render(&s, TRS_FMT_JSON,
		     "{\"totals\":{},\"pressure\":{},\"ports\":[],\"peers\":[],\"destinations\":[]}\n");
}

/*
 * Peers, then a newer module's table (its key a name, as no schema knows
 * it), and one that would clash with a group.
 */
static int build_peers(struct trs_snapshot *s)
{
	return test_snapshot(s, "rst_in 3\n"
			     "table peers 2\naddr rst_in\n192.0.2.1 3\n2001:db8::1 2\n"
			     "table sockets 1\nkey\na\"b\n"
			     "table pressure 0\nkey\n");
}

static void test_json_pretty(const void *arg)
{
	struct trs_snapshot s = { 0 };

	(void)arg;
	CHECK_INT(build_peers(&s), 0);
	check_render(&s, TRS_FMT_JSON_PRETTY,
		     "{\n"
		     "    \"totals\": {\n"
		     "        \"rst_in\": 3\n"
		     "    },\n"
		     "    \"pressure\": {},\n"
		     "    \"ports\": [],\n"
		     "    \"peers\": [\n"
		     "        {\n"
		     "            \"addr\": \"192.0.2.1\",\n"
		     "            \"rst_in\": 3\n"
		     "        },\n"
		     "        {\n"
		     "            \"addr\": \"2001:db8::1\",\n"
		     "            \"rst_in\": 2\n"
		     "        }\n"
		     "    ],\n"
		     "    \"destinations\": [],\n"
		     "    \"sockets\": [\n"
		     "        {\n"
		     "            \"key\": \"a\\\"b\"\n"
		     "        }\n"
		     "    ]\n"
		     "}\n");
	trs_snapshot_free(&s);
}

static void test_text_tables(const void *arg)
{
	struct trs_snapshot s = { 0 };

	(void)arg;
	CHECK_INT(build_peers(&s), 0);
	check_render(&s, TRS_FMT_TEXT,
		     "rst_in  3\n"
		     "\n"
		     "peers:\n"
		     "  addr         rst_in\n"
		     "  192.0.2.1         3\n"
		     "  2001:db8::1       2\n"
		     "\n"
		     "sockets:\n"
		     "  key\n"
		     "  a\"b\n");
	trs_snapshot_free(&s);
}

struct escape {
	const char *in, *want;
};

static void test_escape(const void *arg)
{
	const struct escape *e = arg;
	struct capture c;

	CHECK(capture_begin(&c));
	trs_json_string(c.f, e->in);
	capture_end(&c);
	CHECK_STR(c.buf, e->want);
	free(c.buf);
}

#define ESCAPE(name, in, want) \
	{ name, test_escape, &(const struct escape){ in, want } }

const struct test output_tests[] = {
	{ "output_json_sample_ports", test_sample_ports,
	  &(const struct render){ TRS_FMT_JSON, sample_ports_json } },
	{ "output_text_sample_ports", test_sample_ports,
	  &(const struct render){ TRS_FMT_TEXT, sample_ports_text } },
	{ "output_json_empty", test_json_empty, NULL },
	{ "output_json_pretty_unknown_tables", test_json_pretty, NULL },
	{ "output_text_unknown_tables", test_text_tables, NULL },
	ESCAPE("output_json_escape_specials", "q\"b\\s/\b\f\n\r\t",
	       "\"q\\\"b\\\\s/\\b\\f\\n\\r\\t\""),
	ESCAPE("output_json_escape_controls", "\x01\x1f\x7f", "\"\\u0001\\u001f\x7f\""),
	ESCAPE("output_json_escape_utf8_valid", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
	       "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\""),
	ESCAPE("output_json_escape_utf8_invalid", "\xff\xc0\x80\xed\xa0\x80\xe2\x82",
	       "\"\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\""),
	{ NULL, NULL, NULL },
};
