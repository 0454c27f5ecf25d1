// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "subcommands.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static int help_main(int argc, char *argv[], const struct trs_opts *o);

/* What the printing subcommands take beyond TRS_OPTS_ALWAYS. */
#define PRINTING	(TRS_OPT(PROMETHEUS) | TRS_OPT(SORT) | TRS_OPT(TOP) | TRS_OPT(OUTPUT))

static const struct {
	const char *name;
	trs_subcommand_fn fn;
	unsigned int opts;
	int max_args;		/* after the name; -1: any number */
	const char *args, *help;
} subcommands[] = {
	{ "show", show_main, PRINTING | TRS_OPT(TABLES) | TRS_OPT(ALL_NETNS), 0, "",
	  "totals, pressure and the top rows of each table (default)" },
	{ "ports", table_main, PRINTING | TRS_OPT(ALL_NETNS), 0, "", "the ports table" },
	{ "peers", table_main, PRINTING | TRS_OPT(ALL_NETNS), 0, "", "the peers table" },
	{ "destinations", table_main, PRINTING | TRS_OPT(ALL_NETNS), 0, "",
	  "the destinations table" },
	{ "forwarded", table_main, PRINTING | TRS_OPT(ALL_NETNS), 0, "",
	  "the forwarded table: failed forwarded opens" },
	{ "timewait", timewait_main, PRINTING, 0, "",
	  "TIME_WAIT and ephemeral port pressure, by destination" },
	{ "watch", watch_main, TRS_OPT(SORT) | TRS_OPT(TOP) | TRS_OPT(INTERVAL) | TRS_OPT(COUNT),
	  0, "", "per-second rates, every interval" },
	{ "events", events_main, TRS_OPT(COUNT) | TRS_OPT(TIMEOUT), 0, "",
	  "print the module's alerts as they come" },
	{ "serve", serve_main, TRS_OPT(LISTEN) | TRS_OPT(TABLES) | TRS_OPT(ALL_NETNS), 0, "",
	  "answer Prometheus' scrapes of /metrics over HTTP (--listen)" },
	{ "snmp", snmp_main, TRS_OPT(BASE_OID), 0, "",
	  "answer snmpd's pass_persist requests on stdin (TCPRESETSTAT-MIB)" },
	{ "reset", reset_main, 0, 1, "[TABLE]", "zero every counter, or empty one table" },
	{ "config", config_main, 0, -1, "[NAME=VALUE...]",
	  "print the settings, after changing any given" },
	{ "help", help_main, 0, 1, "[TOPIC]",
	  "print this help; tables, settings, columns, metrics, oids: their names" },
};

static void show_usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: %s [OPTIONS] [SUBCOMMAND [ARGS]]\n\n", PROG_NAME);
	fprintf(f, "TCP reset and failed-open counters of this network namespace.\n\n");
	fprintf(f, "Subcommands:\n");
	for (i = 0; i < ARRAY_SIZE(subcommands); i++) {
		char synopsis[64];

		snprintf(synopsis, sizeof(synopsis), "%s%s%s", subcommands[i].name,
			 *subcommands[i].args ? " " : "", subcommands[i].args);
		fprintf(f, "  %-27s %s\n", synopsis, subcommands[i].help);
	}
	fprintf(f, "\nOptions (before or after the subcommand):\n"
		   "  -j, --json                  print JSON\n"
		   "  -p, --pretty                print indented JSON (implies --json)\n"
		   "      --prometheus            print the Prometheus text format\n"
		   "                              (show, ports, peers, destinations, timewait)\n"
		   "  -z, --zeros                 also print zero counters and all-zero rows (text)\n"
		   "  -n, --netns NAME            run in network namespace NAME (as ip -n)\n"
		   "      --all-netns             show, a table, serve: every network namespace\n"
		   "                              (/run/netns and processes'; needs root)\n"
		   "      --sort COLUMN           order rows by COLUMN, largest first\n"
		   "                              (default: by activity; timewait: port_use_pct)\n"
		   "      --top N                 at most N rows per table (0: all;\n"
		   "                              text show and watch: %d)\n"
		   "  -i, --interval SECONDS      watch: between snapshots (default 1)\n"
		   "  -c, --count COUNT           watch: stop after COUNT intervals;\n"
		   "                              events: after COUNT alerts\n"
		   "  -t, --timeout SECONDS       events: stop after SECONDS\n"
		   "      --tables LIST           show, serve: these tables only (comma-separated, or\n"
		   "                              all; default: all, Prometheus: ports,reasons)\n"
		   "  -l, --listen [ADDR]:PORT    serve: where (default :9917, every address)\n"
		   "      --base-oid OID          snmp: the subtree (default " TRS_SNMP_BASE ",\n"
		   "                              a placeholder: see tcpresetstat(8))\n"
		   "  -o, --output FILE           print into FILE, replaced whole at once\n"
		   "                              (node_exporter's textfile collector)\n"
		   "  -h, --help                  print this help\n"
		   "  -V, --version               print the version\n"
		   "\nEnvironment:\n"
		   "  TCPRESETSTAT_PROC  read this file, in the format of /proc/tcpresetstat,\n"
		   "                     instead of asking the kernel (for tests)\n"
		   "\nExit status: 0 ok, 1 error, 2 bad arguments, 3 module not loaded,\n"
		   "4 permission denied.  See tcpresetstat(8).\n", TRS_TEXT_TOP);
}

/* Each word of @l once, in the order first given, one per line. */
static void put_names(const char *const *l, size_t n, const char **seen, size_t *nseen)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < *nseen && strcmp(seen[j], l[i]); j++)
			;
		if (j < *nseen)
			continue;
		seen[(*nseen)++] = l[i];
		puts(l[i]);
	}
}

/* The columns of every table, keys first, as --sort takes them. */
static void put_columns(void)
{
	const char *seen[TRS_TBL_MAX * (TRS_TABLE_KEYS_MAX + TRS_TABLE_COLS_MAX)], *l[TRS_TABLE_COLS_MAX];
	const struct trs_schema *s;
	size_t nseen = 0;
	unsigned int id, i;

	for (id = 0; id < TRS_TBL_MAX; id++) {
		s = trs_tables[id];
		for (i = 0; i < s->nkeys; i++)
			l[i] = s->keys[i].name;
		put_names(l, s->nkeys, seen, &nseen);
		for (i = 0; i < s->ncols; i++)
			l[i] = s->cols[i].name;
		put_names(l, s->ncols, seen, &nseen);
	}
}

/* help: the usage; help TOPIC: names, for shells to complete (from the schema). */
static int help_main(int argc, char *argv[], const struct trs_opts *o)
{
	const char *seen[TRS_TABLE_COLS_MAX];
	size_t nseen = 0;
	unsigned int id;

	if (argc < 2) {
		show_usage(stdout);
	} else if (!strcmp(argv[1], "tables")) {
		for (id = 0; id < TRS_TBL_MAX; id++)
			puts(trs_tables[id]->name);
	} else if (!strcmp(argv[1], "settings")) {
		put_names(trs_configs.names, trs_configs.n, seen, &nseen);
	} else if (!strcmp(argv[1], "columns")) {
		put_columns();
	} else if (!strcmp(argv[1], "metrics")) {
		trs_prom_put_names(stdout);
	} else if (!strcmp(argv[1], "oids")) {
		trs_snmp_put_oids(stdout);
	} else {
		return usage_error(o->fmt, argv[1],
				   "not a help topic (tables, settings, columns, metrics, oids)");
	}
	return TRS_EXIT_OK;
}

/*
 * Parses @argv into @o and @pos and checks the options and arguments against
 * the subcommand named (show when none is).  Returns that subcommand's
 * index, or -1 with @err filled.  -h and -V need no subcommand: help's
 * index.
 */
static int parse_command_line(int argc, char *argv[], struct trs_opts *o, char **pos,
			      int *npos, struct trs_error *err)
{
	unsigned int extra;
	int opt;
	size_t s;

	if (trs_parse_args(argc, argv, o, pos, npos, err))
		return -1;
	for (s = 0; s < ARRAY_SIZE(subcommands); s++)
		if (!strcmp(o->help || o->version ? "help" : *npos ? pos[0] : "show",
			    subcommands[s].name))
			break;
	if (s == ARRAY_SIZE(subcommands)) {
		trs_error_set(err, TRS_EXIT_USAGE, pos[0], "unknown subcommand; see: %s help",
			      PROG_NAME);
		return -1;
	}
	if (o->help || o->version)
		return s;
	extra = o->seen & ~(TRS_OPTS_ALWAYS | subcommands[s].opts);
	for (opt = 0; extra; opt++) {
		if (extra & (1u << opt)) {
			trs_error_set(err, TRS_EXIT_USAGE, o->given[opt],
				      "not an option of %s; see: %s help", subcommands[s].name,
				      PROG_NAME);
			return -1;
		}
	}
	if (subcommands[s].max_args >= 0 && *npos > 1 + subcommands[s].max_args) {
		trs_error_set(err, TRS_EXIT_USAGE, pos[1 + subcommands[s].max_args],
			      "unexpected argument; see: %s help", PROG_NAME);
		return -1;
	}
	return s;
}

static int run(int argc, char *argv[], struct trs_opts *o, char **pos)
{
	struct trs_error err;
	int npos, s;

	s = parse_command_line(argc, argv, o, pos, &npos, &err);
	if (s < 0)
		return trs_fail(o, &err);
	if (o->version && !o->help) {
		printf("%s %s\n", PROG_NAME, TRS_VERSION);
		return TRS_EXIT_OK;
	}
	if (o->output)
		return trs_print_into(o->output, subcommands[s].fn, npos, pos, o);
	return subcommands[s].fn(npos, pos, o);
}

int main(int argc, char *argv[])
{
	char **pos = calloc(argc + 1, sizeof(*pos));
	struct trs_opts o;
	int ret;

	trs_opts_init(&o);
	if (!pos) {
		fprintf(stderr, "Error: %s: %s\n", PROG_NAME, strerror(ENOMEM));
		return TRS_EXIT_ERROR;
	}
	ret = run(argc, argv, &o, pos);
	free(pos);
	/* A full disk or closed pipe must not look like success to scripts. */
	errno = 0;
	if (fflush(stdout) || ferror(stdout)) {
		struct trs_error err;

		trs_error_set(&err, TRS_EXIT_ERROR, "stdout", "%s",
			      errno ? strerror(errno) : "write error");
		trs_print_error(&err, TRS_FMT_TEXT);
		return err.code;
	}
	return ret;
}
