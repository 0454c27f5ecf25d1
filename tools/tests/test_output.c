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
	"\"peers\":[],\"destinations\":[],\"forwarded\":[],"
	"\"unavailable\":{" SAMPLE_LACKS_JSON "," SAMPLE_PORTS_LACKS_JSON "}}\n";

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
	"  other       1        0\n"
	"\n"
	"unavailable on this kernel: " SAMPLE_LACKS_TEXT "; " SAMPLE_PORTS_LACKS_TEXT "\n";

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
	"  other       1        0\n"
	"\n"
	"unavailable on this kernel: " SAMPLE_LACKS_TEXT "; " SAMPLE_PORTS_LACKS_TEXT "\n";

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

/* A /proc file, and what show prints of it. */
struct render {
	const char *in;
	enum trs_format fmt;
	const char *want;
};

static void test_render(const void *arg)
{
	const struct render *r = arg;
	struct trs_snapshot s = { 0 };
	struct trs_error err;

	CHECK_INT(test_parse_file(r->in, &s, &err), 0);
	check_render(&s, r->fmt, r->want);
	trs_snapshot_free(&s);
}

/*
 * A kernel without tracepoints or kprobes: the values it leaves out are
 * not printed (no zero in their place) but listed, after the tables; peers
 * has no rows, and its columns are still those the kernel gave.
 */
static const char no_tracepoints_json[] =
	"{\"totals\":{\"rst_in\":9,\"rst_in_refused\":4,\"rst_out\":12,\"rst_out_refused\":7,"
	"\"rst_out_abort\":3,\"rst_out_other\":2,\"rst_fwd\":0,\"open_fail_active_refused\":4,"
	"\"open_fail_active_unreach\":1,\"sampler_runs\":5,\"sampler_ns_total\":2500000,"
	"\"sampler_sockets\":40,\"alerts_sent\":0,\"alerts_suppressed\":0},"
	"\"pressure\":{\"tw_total\":240,\"tw_ephemeral\":200,\"port_range_lo\":1024,"
	"\"port_range_hi\":65535,\"ephemeral_ports\":64512,\"tw_reuse\":0,"
	"\"max_tw_buckets\":4096},"
	"\"ports\":[{\"port\":\"ephemeral\",\"rst_in\":9,\"rst_in_refused\":4,\"rst_out\":5,"
	"\"rst_out_refused\":0,\"rst_out_abort\":3,\"rst_out_other\":2,\"listen_backlog\":0,"
	"\"listen_max\":0},{\"port\":7211,\"rst_in\":0,\"rst_in_refused\":0,\"rst_out\":7,"
	"\"rst_out_refused\":7,\"rst_out_abort\":0,\"rst_out_other\":0,\"listen_backlog\":1,"
	"\"listen_max\":128}],"
	"\"peers\":[],"
	"\"destinations\":[{\"local_addr\":\"127.0.0.1\",\"addr\":\"127.0.0.1\","
	"\"remote_port\":7211,\"open_fail_active_refused\":4,\"open_fail_active_unreach\":0,"
	"\"rst_in_refused\":4,\"tw\":2,\"estab\":0,\"port_use_pct\":0,\"near_exhaustion\":0},"
	"{\"local_addr\":\"10.0.0.1\",\"addr\":\"2001:db8::9\",\"remote_port\":80,"
	"\"open_fail_active_refused\":0,\"open_fail_active_unreach\":1,\"rst_in_refused\":0,"
	"\"tw\":0,\"estab\":1,\"port_use_pct\":0,\"near_exhaustion\":0}],"
	"\"forwarded\":[]," NO_TRACEPOINTS_LACKS_JSON "}\n";

static const char no_tracepoints_text[] =
	"rst_in                          9\n"
	"rst_in_refused                  4\n"
	"rst_out                        12\n"
	"rst_out_refused                 7\n"
	"rst_out_abort                   3\n"
	"rst_out_other                   2\n"
	"rst_fwd                         0\n"
	"open_fail_active_refused        4\n"
	"open_fail_active_unreach        1\n"
	"sampler_runs                    5\n"
	"sampler_ns_total          2500000\n"
	"sampler_sockets                40\n"
	"alerts_sent                     0\n"
	"alerts_suppressed               0\n"
	"\n"
	"tw_total           240\n"
	"tw_ephemeral       200\n"
	"port_range_lo     1024\n"
	"port_range_hi    65535\n"
	"ephemeral_ports  64512\n"
	"tw_reuse             0\n"
	"max_tw_buckets    4096\n"
	"\n"
	"ports:\n"
	"  port       rst_in  rst_in_refused  rst_out  rst_out_refused  rst_out_abort"
	"  rst_out_other  listen_backlog  listen_max\n"
	"  ephemeral       9               4        5                0              3"
	"              2               0           0\n"
	"  7211            0               0        7                7              0"
	"              0               1         128\n"
	"\n"
	"peers:\n"
	"  addr  rst_in  rst_out  rst_fwd_sent  rst_fwd_rcvd\n"
	"\n"
	"destinations:\n"
	"  local_addr  addr         remote_port  open_fail_active_refused"
	"  open_fail_active_unreach  rst_in_refused  tw  estab  port_use_pct  near_exhaustion\n"
	"  127.0.0.1   127.0.0.1           7211                         4"
	"                         0               4   2      0             0                0\n"
	"  10.0.0.1    2001:db8::9           80                         0"
	"                         1               0   0      1             0                0\n"
	"\n"
	NO_TRACEPOINTS_LACKS_TEXT "\n";

/* Nothing read: every total and pressure value is unavailable; no table, none of its columns. */
static void test_json_empty(const void *arg)
{
	struct trs_snapshot s = { 0 };

	(void)arg;
	check_render(&s, TRS_FMT_JSON,
		     "{\"totals\":{},\"pressure\":{},\"ports\":[],\"peers\":[],\"destinations\":[],\"forwarded\":[],"
		     "\"unavailable\":{\"totals\":[" RST_TOTALS_JSON "," OTHER_TOTALS_JSON "],"
		     "\"pressure\":[" PRESSURE_JSON "]}}\n");
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
		     "    \"forwarded\": [],\n"
		     "    \"sockets\": [\n"
		     "        {\n"
		     "            \"key\": \"a\\\"b\"\n"
		     "        }\n"
		     "    ],\n"
		     "    \"unavailable\": {\n"
		     "        \"totals\": [\n"
		     "            \"rst_in_refused\",\n"
		     "            \"rst_in_reset\",\n"
		     "            \"rst_in_other\",\n"
		     "            \"rst_out\",\n"
		     "            \"rst_out_refused\",\n"
		     "            \"rst_out_abort\",\n"
		     "            \"rst_out_other\",\n"
		     "            \"rst_fwd\",\n"
		     "            \"open_fail_active\",\n"
		     "            \"open_fail_active_refused\",\n"
		     "            \"open_fail_active_timeout\",\n"
		     "            \"open_fail_active_unreach\",\n"
		     "            \"open_fail_active_other\",\n"
		     "            \"open_fail_passive\",\n"
		     "            \"open_fail_passive_reset\",\n"
		     "            \"open_fail_passive_timeout\",\n"
		     "            \"open_fail_passive_listen_drop\",\n"
		     "            \"estab_reset\",\n"
		     "            \"eaddrnotavail\",\n"
		     "            \"sampler_runs\",\n"
		     "            \"sampler_ns_total\",\n"
		     "            \"sampler_sockets\",\n"
		     "            \"alerts_sent\",\n"
		     "            \"alerts_suppressed\",\n"
		     "            \"open_fail_fwd\",\n"
		     "            \"open_fail_fwd_refused\",\n"
		     "            \"open_fail_fwd_unreach\",\n"
		     "            \"open_fail_fwd_timeout\",\n"
		     "            \"open_fwd_untracked\"\n"
		     "        ],\n"
		     "        \"pressure\": [\n"
		     "            \"tw_total\",\n"
		     "            \"tw_ephemeral\",\n"
		     "            \"port_range_lo\",\n"
		     "            \"port_range_hi\",\n"
		     "            \"ephemeral_ports\",\n"
		     "            \"tw_reuse\",\n"
		     "            \"max_tw_buckets\"\n"
		     "        ],\n"
		     "        \"peers\": [\n"
		     "            \"rst_out\",\n"
		     "            \"rst_fwd_sent\",\n"
		     "            \"rst_fwd_rcvd\",\n"
		     "            \"open_fail_active\",\n"
		     "            \"open_fail_passive\",\n"
		     "            \"estab_reset\",\n"
		     "            \"open_fail_fwd\"\n"
		     "        ]\n"
		     "    }\n"
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
		     "  a\"b\n"
		     "\n"
		     "unavailable on this kernel: totals: rst_in_refused, rst_in_reset, rst_in_other, "
		     "rst_out, rst_out_refused, rst_out_abort, rst_out_other, rst_fwd, "
		     OTHER_TOTALS_TEXT "; pressure: " PRESSURE_TEXT "; peers: rst_out, rst_fwd_sent, "
		     "rst_fwd_rcvd, open_fail_active, open_fail_passive, estab_reset, open_fail_fwd\n");
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
	{ "output_json_sample_ports", test_render,
	  &(const struct render){ SAMPLE_PORTS, TRS_FMT_JSON, sample_ports_json } },
	{ "output_text_sample_ports", test_render,
	  &(const struct render){ SAMPLE_PORTS, TRS_FMT_TEXT, sample_ports_text } },
	{ "output_json_empty", test_json_empty, NULL },
	{ "output_json_unavailable", test_render,
	  &(const struct render){ NO_TRACEPOINTS, TRS_FMT_JSON, no_tracepoints_json } },
	{ "output_text_unavailable", test_render,
	  &(const struct render){ NO_TRACEPOINTS, TRS_FMT_TEXT, no_tracepoints_text } },
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
