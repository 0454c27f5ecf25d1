// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include "args.h"
#include "names.h"
#include "snapshot.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *shrt, *lng;
	enum trs_opt opt;
	const char *arg;	/* what the value is, or NULL for a flag */
} options[] = {
	{ "-j", "--json", TRS_OPT_JSON, NULL },
	{ "-p", "--pretty", TRS_OPT_PRETTY, NULL },
	{ NULL, "--prometheus", TRS_OPT_PROMETHEUS, NULL },
	{ "-z", "--zeros", TRS_OPT_ZEROS, NULL },
	{ "-n", "--netns", TRS_OPT_NETNS, "a network namespace name, path or pid" },
	{ NULL, "--all-netns", TRS_OPT_ALL_NETNS, NULL },
	{ NULL, "--sort", TRS_OPT_SORT, "a column name" },
	{ NULL, "--top", TRS_OPT_TOP, "a number of rows" },
	{ "-i", "--interval", TRS_OPT_INTERVAL, "seconds" },
	{ "-c", "--count", TRS_OPT_COUNT, "a count of at least 1" },
	{ "-t", "--timeout", TRS_OPT_TIMEOUT, "seconds" },
	{ "-o", "--output", TRS_OPT_OUTPUT, "a file path" },
	{ "-l", "--listen", TRS_OPT_LISTEN, "[ADDRESS]:PORT ([::1]:9917 for IPv6)" },
	{ NULL, "--base-oid", TRS_OPT_BASE_OID, "a numeric OID (.1.3.6.1.4.1.32473)" },
	{ NULL, "--tables", TRS_OPT_TABLES,
	  "names of ports, peers, destinations, forwarded, reasons, comma-separated, or all" },
	{ "-h", "--help", TRS_OPT_HELP, NULL },
	{ "-V", "--version", TRS_OPT_VERSION, NULL },
};

void trs_opts_init(struct trs_opts *o)
{
	*o = (struct trs_opts){ .fmt = TRS_FMT_TEXT, .interval = 1.0 };
}

bool trs_parse_seconds(const char *s, double *v)
{
	double whole = 0, scale = 1;
	const char *p = s;

	/* By hand: strtod() also takes hex, exponents, "inf" and the locale's point. */
	if (*p < '0' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (p - s == 9)
			return false;
		whole = whole * 10 + (*p - '0');
	}
	if (*p == '.') {
		if (p[1] < '0' || p[1] > '9')
			return false;
		for (p++; *p >= '0' && *p <= '9'; p++)
			if (scale > 1e-9) {
				scale /= 10;
				whole += (*p - '0') * scale;
			}
	}
	if (*p || whole < TRS_SECONDS_MIN || whole > TRS_SECONDS_MAX)
		return false;
	*v = whole;
	return true;
}

bool trs_valid_netns(const char *name)
{
	if (*name == '/')
		return strlen(name) < 4096;
	return *name && !strchr(name, '/') && strcmp(name, ".") && strcmp(name, "..") &&
	       strlen(name) < 256;
}

/* --tables: "all", or names of tables (reasons too), each once. */
static bool valid_tables(const char *s)
{
	const char *p, *end, *q;
	size_t len;

	if (!strcmp(s, "all"))
		return true;
	for (p = s;; p = end + 1) {
		end = strchr(p, ',');
		len = end ? (size_t)(end - p) : strlen(p);
		if (!len || len >= 32)
			return false;
		for (q = s; q < p; q += strcspn(q, ",") + 1)
			if (strcspn(q, ",") == len && !strncmp(q, p, len))
				return false;
		if (!trs_is_table_name(p, len))
			return false;
		if (!end)
			return true;
	}
}

/* [HOST]:PORT, HOST in brackets if IPv6; an empty HOST is every address. */
bool trs_parse_listen(const char *s, struct trs_listen *l)
{
	const char *colon, *h = s, *end;
	char host[INET6_ADDRSTRLEN];
	size_t n;
	long p = 0;

	if (*s == '[') {
		end = strchr(s, ']');
		if (!end || end[1] != ':')
			return false;
		h = s + 1;
		colon = end + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon || memchr(s, ':', colon - s))
			return false;
		end = colon;
	}
	n = end - h;
	if (n >= sizeof(host) || (*s == '[' && !n))
		return false;
	memcpy(host, h, n);
	host[n] = '\0';
	*l = (struct trs_listen){ .family = AF_UNSPEC };
	if (*s == '[' ? inet_pton(AF_INET6, host, l->addr) == 1 : n &&
	    inet_pton(AF_INET, host, l->addr) == 1)
		l->family = *s == '[' ? AF_INET6 : AF_INET;
	else if (n)
		return false;
	/* By hand: strtol() takes signs and spaces. */
	if (colon[1] < '1' || colon[1] > '9')
		return false;
	for (colon++; *colon >= '0' && *colon <= '9' && p <= 65535; colon++)
		p = p * 10 + (*colon - '0');
	if (*colon || p > 65535)
		return false;
	l->port = p;
	return true;
}

bool trs_parse_oid(const char *s, struct trs_oid *oid)
{
	const char *p = *s == '.' ? s + 1 : s;
	uint64_t v;

	/* By hand: strtoul() takes signs, spaces and hex. */
	for (oid->len = 0;; p++) {
		if (*p < '0' || *p > '9' || oid->len == TRS_OID_MAX ||
		    (*p == '0' && p[1] >= '0' && p[1] <= '9'))
			return false;
		for (v = 0; *p >= '0' && *p <= '9' && v <= UINT32_MAX; p++)
			v = v * 10 + (*p - '0');
		if (v > UINT32_MAX)
			return false;
		oid->sub[oid->len++] = v;
		if (!*p)
			return true;
		if (*p != '.')
			return false;
	}
}

bool trs_parse_base_oid(const char *s, struct trs_oid *oid)
{
	return trs_parse_oid(s, oid) && oid->len >= 2 && oid->len <= TRS_SNMP_BASE_MAX;
}

/* Column names are ABI names: [a-z0-9_], not empty. */
static bool valid_column(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

static int value_error(struct trs_error *err, const char *opt, const char *what,
		       const char *value)
{
	return trs_error_set(err, TRS_EXIT_USAGE, opt,
			     "expects %s, not \"%.64s%s\"; see: tcpresetstat help", what,
			     value, strlen(value) > 64 ? "..." : "");
}

/* Stores the value of option @i; returns 0 or TRS_EXIT_USAGE. */
static int set_value(struct trs_opts *o, unsigned int i, const char *opt, const char *val,
		     struct trs_error *err)
{
	const char *what = options[i].arg;

	switch (options[i].opt) {
	case TRS_OPT_NETNS:
		if (!trs_valid_netns(val))
			return value_error(err, opt, what, val);
		o->netns = val;
		break;
	case TRS_OPT_SORT:
		if (!valid_column(val))
			return value_error(err, opt, what, val);
		o->sort = val;
		break;
	case TRS_OPT_TOP:
		if (!trs_parse_u64(val, &o->top))
			return value_error(err, opt, what, val);
		break;
	case TRS_OPT_COUNT:
		if (!trs_parse_u64(val, &o->count) || !o->count)
			return value_error(err, opt, what, val);
		break;
	case TRS_OPT_INTERVAL:
		if (!trs_parse_seconds(val, &o->interval))
			return value_error(err, opt, "seconds, from 0.001 to 1000000", val);
		break;
	case TRS_OPT_TIMEOUT:
		if (!trs_parse_seconds(val, &o->timeout))
			return value_error(err, opt, "seconds, from 0.001 to 1000000", val);
		break;
	case TRS_OPT_LISTEN:
		if (!trs_parse_listen(val, &o->listen_at))
			return value_error(err, opt, what, val);
		o->listen = val;
		break;
	case TRS_OPT_BASE_OID:
		if (!trs_parse_base_oid(val, &o->base))
			return value_error(err, opt, what, val);
		o->base_oid = val;
		break;
	case TRS_OPT_TABLES:
		if (!valid_tables(val))
			return value_error(err, opt, what, val);
		o->tables = val;
		break;
	case TRS_OPT_OUTPUT:
		if (!*val || val[strlen(val) - 1] == '/' || strlen(val) > 4000)
			return value_error(err, opt, what, val);
		o->output = val;
		break;
	default:
		break;
	}
	return 0;
}

static void set_flag(struct trs_opts *o, enum trs_opt opt)
{
	switch (opt) {
	case TRS_OPT_JSON:
		if (o->fmt == TRS_FMT_TEXT)
			o->fmt = TRS_FMT_JSON;
		break;
	case TRS_OPT_PRETTY:
		o->fmt = TRS_FMT_JSON_PRETTY;
		break;
	case TRS_OPT_PROMETHEUS:
		break;	/* checked against the JSON options once all are read */
	case TRS_OPT_ZEROS:
		o->zeros = true;
		break;
	case TRS_OPT_ALL_NETNS:
		o->all_netns = true;
		break;
	case TRS_OPT_HELP:
		o->help = true;
		break;
	case TRS_OPT_VERSION:
		o->version = true;
		break;
	default:
		break;
	}
}

static int usage(struct trs_error *err, const char *what, const char *reason)
{
	return trs_error_set(err, TRS_EXIT_USAGE, what, "%s; see: tcpresetstat help", reason);
}

/* Reads the option at argv[*i] (and its value); returns 0 or TRS_EXIT_USAGE. */
static int parse_option(int argc, char **argv, int *i, struct trs_opts *o,
			struct trs_error *err)
{
	const char *a = argv[*i], *eq = NULL, *val;
	size_t n, len = strlen(a);

	/* --name=value */
	if (a[1] == '-') {
		eq = strchr(a, '=');
		if (eq)
			len = eq - a;
	}
	for (n = 0; n < ARRAY_SIZE(options); n++) {
		if ((options[n].shrt && !strcmp(a, options[n].shrt)) ||
		    (strlen(options[n].lng) == len && !strncmp(a, options[n].lng, len)))
			break;
	}
	if (n == ARRAY_SIZE(options))
		return usage(err, a, "unknown option");
	o->seen |= 1u << options[n].opt;
	o->given[options[n].opt] = eq ? options[n].lng : a;
	if (!options[n].arg) {
		if (eq)
			return usage(err, options[n].lng, "takes no value");
		set_flag(o, options[n].opt);
		return 0;
	}
	if (eq) {
		val = eq + 1;
	} else if (*i + 1 < argc) {
		val = argv[++*i];
	} else {
		return usage(err, a, "missing value");
	}
	return set_value(o, n, o->given[options[n].opt], val, err);
}

int trs_parse_args(int argc, char **argv, struct trs_opts *o, char **pos, int *npos,
		   struct trs_error *err)
{
	bool options_end = false;
	int i, ret = 0;

	*npos = 0;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		struct trs_error e;
		int r;

		if (options_end || a[0] != '-' || !a[1]) {
			pos[(*npos)++] = argv[i];
			continue;
		}
		if (!strcmp(a, "--")) {
			options_end = true;
			continue;
		}
		r = parse_option(argc, argv, &i, o, &e);
		if (r && !ret) {
			*err = e;
			ret = r;
		}
	}
	pos[*npos] = NULL;
	if (!ret && (o->seen & TRS_OPT(PROMETHEUS)) && o->fmt != TRS_FMT_TEXT)
		ret = usage(err, "--prometheus", "cannot be combined with JSON output");
	if (!ret && (o->seen & TRS_OPT(PROMETHEUS)))
		o->fmt = TRS_FMT_PROMETHEUS;
	if (!ret && (o->seen & TRS_OPT(ALL_NETNS)) && (o->seen & TRS_OPT(NETNS)))
		ret = usage(err, "--all-netns", "cannot be combined with -n");
	return ret;
}

int trs_parse_config_args(int argc, char *const argv[], uint32_t *vals, bool *set,
			  struct trs_error *err)
{
	char name[64];
	int i, id;

	memset(set, 0, TRS_CFG_MAX * sizeof(*set));
	for (i = 1; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		uint64_t v;

		if (!eq || eq == argv[i] || (size_t)(eq - argv[i]) >= sizeof(name))
			return usage(err, argv[i], "expected NAME=VALUE");
		snprintf(name, sizeof(name), "%.*s", (int)(eq - argv[i]), argv[i]);
		id = trs_names_find(&trs_configs, name);
		if (id < 0)
			return usage(err, argv[i], "unknown setting (tcpresetstat config lists them)");
		if (set[id])
			return usage(err, argv[i], "setting given twice");
		if (!trs_parse_u64(eq + 1, &v) || v > UINT32_MAX)
			return usage(err, argv[i], "the value is not a decimal from 0 to 4294967295");
		vals[id] = v;
		set[id] = true;
	}
	return 0;
}
