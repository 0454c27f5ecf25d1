// SPDX-License-Identifier: GPL-2.0
#ifndef TRS_ERROR_H
#define TRS_ERROR_H

/* Exit status of the tool, and the "code" of a JSON error. */
enum trs_exit {
	TRS_EXIT_OK		= 0,
	TRS_EXIT_ERROR		= 1,
	TRS_EXIT_USAGE		= 2,
	TRS_EXIT_NOT_LOADED	= 3,
	TRS_EXIT_PERM		= 4,
};

/* Printed as "Error: <what>: <reason>", or as {"error": {...}} with -j. */
struct trs_error {
	int code;
	char what[256];
	char reason[512];
};

/* Fills @err and returns @code, so callers can "return trs_error_set(...)". */
int trs_error_set(struct trs_error *err, int code, const char *what,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif /* TRS_ERROR_H */
