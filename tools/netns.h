// SPDX-License-Identifier: GPL-2.0
#ifndef TRS_NETNS_H
#define TRS_NETNS_H

#include "args.h"
#include "error.h"
#include "output.h"
#include "snapshot.h"

/*
 * --all-netns: a snapshot of every network namespace (netns.c).
 *
 * The namespaces are those named under /run/netns (as ip netns names them)
 * and those of running processes (/proc/PID/ns/net, readable by root),
 * told apart by their inode: one named is labelled with its name (the
 * first in byte order, if it has several), the others "net:[INODE]" as
 * readlink /proc/PID/ns/net and lsns(8) print them.  The tool's own comes
 * first, then the named ones by name, then the others by inode.
 */

/* One namespace's reading: @snap, or the error that stopped it. */
struct trs_ns_doc {
	char label[256];
	unsigned long long inode;
	bool failed;
	struct trs_snapshot snap;	/* when !failed */
	struct trs_error err;		/* when failed */
};

/* Given each namespace's reading in turn; non-zero stops the walk. */
typedef int (*trs_ns_fn)(const struct trs_ns_doc *d, void *arg);

/*
 * Enters each namespace in turn, reads its snapshot there (netlink, else
 * /proc), comes back, and gives it to @fn, then frees it: one snapshot at
 * a time.  A namespace gone before it was entered (its last process
 * exited) is not given; one that could not be entered or read is, with
 * its error.  --sort is checked against each snapshot as trs_load() does.
 * 0, @fn's non-zero return, or an exit code with @err filled: not even
 * this process's own namespace could be entered (without CAP_SYS_ADMIN),
 * a bad --sort, or out of memory.
 */
int trs_netns_each(const struct trs_opts *o, unsigned int tables, trs_ns_fn fn, void *arg,
		   struct trs_error *err);

/* "Error: netns LABEL: WHAT: REASON" for @d, which failed. */
void trs_ns_say_error(const struct trs_ns_doc *d, FILE *f);

/*
 * The readings of the namespaces, each as trs_print_snapshot() prints one
 * (@only alike), as one document: text, each after a line "netns LABEL"
 * (control bytes as '?'); JSON, {"namespaces": [{"netns": "LABEL",
 * "inode": N, "totals": ...}, ...]}, one that failed {"netns": ...,
 * "inode": ..., "error": {...}}; Prometheus, every sample with
 * netns="LABEL", each metric's HELP and TYPE once, so its namespaces'
 * texts are kept until the end (the others print as they come).
 */
struct trs_ns_printer {
	FILE *f;
	struct trs_view view;
	const char *only;
	struct trs_out out;	/* JSON */
	char **texts;		/* Prometheus */
	size_t ntexts, cap;
	size_t count;		/* namespaces given */
	int ret;		/* the first failed one's exit code */
	bool oom;
};

void trs_ns_print_begin(struct trs_ns_printer *p, FILE *f, const struct trs_view *v,
			const char *only);
void trs_ns_print_one(struct trs_ns_printer *p, const struct trs_ns_doc *d);
/* Ends the document; the first failed namespace's exit code, or 0. */
int trs_ns_print_end(struct trs_ns_printer *p);
/* Prometheus: drops what was kept, printing nothing. */
void trs_ns_print_discard(struct trs_ns_printer *p);

/*
 * Prometheus documents, each a whole one as prom.c prints it, as one:
 * the samples of every metric together under its first HELP and TYPE, the
 * metrics in the order they first come; other comments once each, last.
 * The documents are cut into lines in place (no copy: they can be big).
 * false if out of memory (nothing printed).
 */
bool trs_prom_merge(FILE *f, char **docs, size_t n);

#endif /* TRS_NETNS_H */
