// SPDX-License-Identifier: GPL-2.0
/*
 * The man page and the bash completion must not drift from the tool: every
 * subcommand and option its help lists, and every setting of the ABI, must
 * be in both.
 */
#include <stdlib.h>

#include "names.h"
#include "test.h"

#define MAN		"tcpresetstat.8"
#define COMPLETION	"completion/tcpresetstat.bash"
#define WORDS_MAX	64

static char *slurp(FILE *f)
{
	struct capture c;
	int ch;

	if (!f || !capture_begin(&c))
		return NULL;
	while ((ch = getc(f)) != EOF)
		putc(ch, c.f);
	return (char *)capture_end(&c);
}

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "r");
	char *s = slurp(f);

	if (f)
		fclose(f);
	return s;
}

static char *help_text(void)
{
	FILE *p = popen(TEST_BIN " help", "r");
	char *s = slurp(p);

	if (p)
		pclose(p);
	return s;
}

/*
 * The subcommands of the help: the first word of each line between
 * "Subcommands:" and the next empty line.  Returns how many.
 */
static int help_subcommands(char *help, char **words)
{
	char *s = strstr(help, "\nSubcommands:\n"), *line, *save = NULL;
	int n = 0;

	if (!s)
		return 0;
	s = strchr(s + 1, '\n') + 1;
	*strstr(s, "\n\n") = '\0';
	for (line = strtok_r(s, "\n", &save); line && n < WORDS_MAX;
	     line = strtok_r(NULL, "\n", &save)) {
		line += strspn(line, " ");
		line[strcspn(line, " ")] = '\0';
		words[n++] = line;
	}
	return n;
}

/* The long options of the help ("--json"), from its Options section. */
static int help_options(char *help, char **words)
{
	char *s = strstr(help, "\nOptions"), *end, *p;
	int n = 0;

	if (!s)
		return 0;
	end = strstr(s + 1, "\n\n");
	if (end)
		*end = '\0';
	for (p = strstr(s, " --"); p && n < WORDS_MAX; p = strstr(p, " --")) {
		p++;
		words[n++] = p;
		p += strspn(p, "-abcdefghijklmnopqrstuvwxyz");
		if (*p)
			*p++ = '\0';
	}
	return n;
}

/* @word appears in @text delimited by none of [a-z0-9_-]. */
static bool has_word(const char *text, const char *word)
{
	const char *p;
	size_t len = strlen(word);

	for (p = strstr(text, word); p; p = strstr(p + 1, word)) {
		bool before = p > text && (strchr("abcdefghijklmnopqrstuvwxyz0123456789_-", p[-1]));
		bool after = p[len] && strchr("abcdefghijklmnopqrstuvwxyz0123456789_-", p[len]);

		if (!before && !after)
			return true;
	}
	return false;
}

/* The value of the bash variable assignment `NAME="..."` in @text. */
static char *bash_list(const char *text, const char *name)
{
	char pattern[64], *value;
	const char *p, *end;

	snprintf(pattern, sizeof(pattern), "%s=\"", name);
	p = strstr(text, pattern);
	if (!p)
		return NULL;
	p += strlen(pattern);
	end = strchr(p, '"');
	if (!end)
		return NULL;
	value = strndup(p, end - p);
	return value;
}

static void test_completion(const void *arg)
{
	char *help = help_text(), *opts_help = help_text(), *text = read_text(COMPLETION);
	char *words[WORDS_MAX], *subs = NULL, *opts = NULL, *cfgs = NULL, *tables = NULL;
	char *columns = NULL;
	unsigned int i, c;
	int n;

	(void)arg;
	CHECK(help && opts_help && text);
	subs = bash_list(text, "subcommands");
	opts = bash_list(text, "options");
	cfgs = bash_list(text, "settings");
	tables = bash_list(text, "tables");
	columns = bash_list(text, "columns");
	CHECK(subs && opts && cfgs && tables && columns);
	n = help_subcommands(help, words);
	CHECK(n >= 10);
	while (n--)
		if (!has_word(subs, words[n]))
			test_fail(__FILE__, __LINE__, "subcommand %s not completed", words[n]);
	n = help_options(opts_help, words);
	CHECK(n >= 12);
	while (n--)
		if (!has_word(opts, words[n]))
			test_fail(__FILE__, __LINE__, "option %s not completed", words[n]);
	for (i = 0; i < trs_configs.n; i++)
		if (!has_word(cfgs, trs_configs.names[i]))
			test_fail(__FILE__, __LINE__, "setting %s not completed",
				  trs_configs.names[i]);
	for (i = 0; i < TRS_TBL_MAX; i++) {
		CHECK(has_word(tables, trs_tables[i]->name));
		for (c = 0; c < trs_tables[i]->ncols; c++)
			if (!has_word(columns, trs_tables[i]->cols[c].name))
				test_fail(__FILE__, __LINE__, "column %s not completed",
					  trs_tables[i]->cols[c].name);
	}
	free(help);
	free(opts_help);
	free(text);
	free(subs);
	free(opts);
	free(cfgs);
	free(tables);
	free(columns);
}

/* A ".SS name" heading (maybe quoted, maybe with arguments after). */
static bool has_heading(const char *man, const char *name)
{
	static const char *const forms[] = { "\n.SS %s", "\n.SS \"%s" };
	char pattern[64];
	const char *p;
	size_t i;

	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		snprintf(pattern, sizeof(pattern), forms[i], name);
		for (p = strstr(man, pattern); p; p = strstr(p + 1, pattern))
			if (strchr(" \"\n", p[strlen(pattern)]))
				return true;
	}
	return false;
}

static void test_man(const void *arg)
{
	char *help = help_text(), *opts_help = help_text(), *man = read_text(MAN);
	char *words[WORDS_MAX], roff[64];
	unsigned int i;
	int n;

	(void)arg;
	CHECK(help && opts_help && man);
	n = help_subcommands(help, words);
	CHECK(n >= 10);
	while (n--)
		if (!has_heading(man, words[n]))
			test_fail(__FILE__, __LINE__, "no \".SS %s\" in " MAN, words[n]);
	n = help_options(opts_help, words);
	CHECK(n >= 12);
	while (n--) {
		/* roff writes a minus as \- */
		snprintf(roff, sizeof(roff), "\\-\\-%s", words[n] + 2);
		if (!strstr(man, roff))
			test_fail(__FILE__, __LINE__, "option %s not in " MAN, words[n]);
	}
	for (i = 0; i < trs_configs.n; i++) {
		snprintf(roff, sizeof(roff), "\n.B %s\n", trs_configs.names[i]);
		if (!strstr(man, roff))
			test_fail(__FILE__, __LINE__, "setting %s not in " MAN, trs_configs.names[i]);
	}
	free(help);
	free(opts_help);
	free(man);
}

const struct test docs_tests[] = {
	{ "docs_completion_matches_help", test_completion, NULL },
	{ "docs_man_page_matches_help", test_man, NULL },
	{ NULL, NULL, NULL },
};
