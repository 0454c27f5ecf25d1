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

struct trs_ns_docs {
	struct trs_ns_doc *v;
	size_t n;
};

/*
 * Enters each namespace in turn, reads its snapshot there (netlink, else
 * /proc) and comes back.  A namespace gone before it was entered (its last
 * process exited) is not listed; one that could not be entered or read is,
 * with its error.  --sort is checked against each snapshot as trs_load()
 * does.  0, or an exit code with @err filled: nothing listed (not even
 * this process's own namespace could be entered: without CAP_SYS_ADMIN),
 * a bad --sort, or out of memory.
 */
int trs_netns_read_all(const struct trs_opts *o, unsigned int tables, struct trs_ns_docs *docs,
		       struct trs_error *err);
void trs_ns_docs_free(struct trs_ns_docs *docs);

/*
 * The documents of @docs, each as trs_print_snapshot() prints one (@only
 * alike), in one document: text, each after a line "netns LABEL" (control
 * bytes as '?'); JSON, {"namespaces": [{"netns": "LABEL", "inode": N,
 * "totals": ...}, ...]}, one that failed {"netns": ..., "inode": ...,
 * "error": {...}}; Prometheus, every sample with netns="LABEL", each
 * metric's HELP and TYPE once.  Returns the first failed one's exit code,
 * or 0.
 */
/*
 * The first failed one's exit code, or 0; with @f, each failure said there
 * as "Error: netns LABEL: WHAT: REASON".
 */
int trs_ns_errors(const struct trs_ns_docs *docs, FILE *f);

int trs_print_namespaces(FILE *f, const struct trs_ns_docs *docs, const struct trs_view *v,
			 const char *only);

/*
 * Prometheus documents, each a whole one as prom.c prints it, as one:
 * the samples of every metric together under its first HELP and TYPE, the
 * metrics in the order they first come; other comments once each, last.
 * The documents are cut into lines in place (no copy: they can be big).
 * false if out of memory (nothing printed).
 */
bool trs_prom_merge(FILE *f, char **docs, size_t n);

#endif /* TRS_NETNS_H */
