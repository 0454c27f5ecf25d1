// SPDX-License-Identifier: GPL-2.0
#ifndef TRS_SUBCOMMANDS_H
#define TRS_SUBCOMMANDS_H

#include "args.h"
#include "ctx.h"
#include "output.h"

#define PROG_NAME "tcpresetstat"

/*
 * argv[0] is the subcommand's name (argc is 0 when it was implied), the
 * rest its arguments, options taken out, no more than it takes (main.c).
 */
int show_main(int argc, char *argv[], const struct trs_opts *o);
int table_main(int argc, char *argv[], const struct trs_opts *o);
int timewait_main(int argc, char *argv[], const struct trs_opts *o);
int reset_main(int argc, char *argv[], const struct trs_opts *o);
int watch_main(int argc, char *argv[], const struct trs_opts *o);
int events_main(int argc, char *argv[], const struct trs_opts *o);
int config_main(int argc, char *argv[], const struct trs_opts *o);
int serve_main(int argc, char *argv[], const struct trs_opts *o);
int snmp_main(int argc, char *argv[], const struct trs_opts *o);

/*
 * snmp's subtree unless --base-oid: the enterprise number RFC 5612 reserves
 * for documentation, a placeholder no one is ever given (snmp/TCPRESETSTAT-MIB.txt).
 */
#define TRS_SNMP_BASE	".1.3.6.1.4.1.32473"
/* Each object snmp serves: "OID DESCRIPTOR SYNTAX" a line (help oids). */
void trs_snmp_put_oids(FILE *f);

/* The tables show and serve print in Prometheus' format without --tables. */
#define TRS_PROM_TABLES	"ports,reasons"

typedef int (*trs_subcommand_fn)(int argc, char *argv[], const struct trs_opts *o);

/*
 * --output: @fn run with its stdout in a new file that then replaces @path
 * whole (textfile.c).  @fn's exit code, or the file's error (reported).
 */
int trs_print_into(const char *path, trs_subcommand_fn fn, int argc, char *argv[],
		   const struct trs_opts *o);

/* Reports a bad argument and returns TRS_EXIT_USAGE. */
int usage_error(enum trs_format fmt, const char *what, const char *reason);

/* The view of the options; @top unless --top was given. */
void trs_opts_view(const struct trs_opts *o, uint64_t top, struct trs_view *v);

/* Reports @err in the format of @o and returns its code. */
int trs_fail(const struct trs_opts *o, const struct trs_error *err);

/*
 * Opens @ctx (in the namespace of -n), reads a snapshot and checks --sort
 * against its columns: a column of no table, or one the kernel leaves out
 * of a table of @tables (bits by enum trs_table_id: those the subcommand
 * shows), is an error.  0, or an exit code (reported).  trs_load() closes
 * the context again.
 */
int trs_load_ctx(const struct trs_opts *o, unsigned int tables, struct trs_ctx *ctx,
		 struct trs_snapshot *snap);
int trs_load(const struct trs_opts *o, unsigned int tables, struct trs_snapshot *snap);

/*
 * --sort against @snap: a column of no table, or one the kernel leaves out
 * of a table of @tables.  0, or TRS_EXIT_USAGE with @err filled.
 */
int trs_check_sort(const struct trs_opts *o, unsigned int tables,
		   const struct trs_snapshot *snap, struct trs_error *err);

/*
 * Says on stderr which tables of @mask (bits by enum trs_table_id) @s could
 * not give whole: left out for want of CAP_NET_ADMIN, or inconsistent.
 */
void trs_warn_incomplete(const struct trs_snapshot *s, unsigned int mask);

/* Rows shown by default in text: the top ones. */
#define TRS_TEXT_TOP	10

#endif /* TRS_SUBCOMMANDS_H */
