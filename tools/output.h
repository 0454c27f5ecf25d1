// SPDX-License-Identifier: GPL-2.0
#ifndef TRS_OUTPUT_H
#define TRS_OUTPUT_H

#include <stdio.h>

#include "error.h"
#include "snapshot.h"

enum trs_format {
	TRS_FMT_TEXT,
	TRS_FMT_JSON,
	TRS_FMT_JSON_PRETTY,
};

/*
 * Text: totals as aligned "name value" lines, then each table under a
 * heading; unless @zeros, zero totals and rows whose counters are all zero
 * are left out (as nstat does), and so are tables left empty.  With
 * @only, just that table (JSON: {"name": [...]}).  JSON: {"totals": {}, "pressure": {}, "ports": [], "peers": [],
 * "destinations": [], then any table this tool does not know yet}.
 */
void trs_print_snapshot(FILE *f, const struct trs_snapshot *s, enum trs_format fmt,
			bool zeros, const char *only);

/* Text to stderr, JSON to stdout. */
void trs_print_error(const struct trs_error *err, enum trs_format fmt);

/* A JSON string literal; invalid UTF-8 becomes U+FFFD. */
void trs_json_string(FILE *f, const char *s);

#endif /* TRS_OUTPUT_H */
