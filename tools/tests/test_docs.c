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

static char *run_text(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	char *s = slurp(p);

	if (p)
		pclose(p);
	return s;
}

static char *help_text(void)
{
	return run_text(TEST_BIN " help");
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
	char *words[WORDS_MAX], *subs = NULL, *opts = NULL;
	int n;

	(void)arg;
	CHECK(help && opts_help && text);
	subs = bash_list(text, "subcommands");
	opts = bash_list(text, "options");
	CHECK(subs && opts);
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
	free(help);
	free(opts_help);
	free(text);
	free(subs);
	free(opts);
}

/* help TOPIC: every name the schema gives, once each. */
static void test_help_topics(const void *arg)
{
	char *tables = run_text(TEST_BIN " help tables"), *cfgs = run_text(TEST_BIN " help settings");
	char *columns = run_text(TEST_BIN " help columns");
	const struct trs_schema *s;
	unsigned int i, c, n = 0, words = 0;
	const char *p;

	(void)arg;
	CHECK(tables && cfgs && columns);
	for (i = 0; i < trs_configs.n; i++)
		if (!has_word(cfgs, trs_configs.names[i]))
			test_fail(__FILE__, __LINE__, "setting %s not listed", trs_configs.names[i]);
	for (i = 0; i < TRS_TBL_MAX; i++) {
		s = trs_tables[i];
		CHECK(has_word(tables, s->name));
		for (c = 0; c < s->nkeys + s->ncols; c++, n++) {
			const char *name = c < s->nkeys ? s->keys[c].name : s->cols[c - s->nkeys].name;

			if (!has_word(columns, name))
				test_fail(__FILE__, __LINE__, "column %s not listed", name);
		}
	}
	for (p = columns; *p; p++)
		words += *p == '\n';
	/* Fewer lines than columns: names shared by tables come once. */
	CHECK(words > 20 && words < n);
	free(tables);
	free(cfgs);
	free(columns);
}

/*
 * help metrics: each name once, and every metric --prometheus --tables all
 * gives the full fixture among them.
 */
static void test_help_metrics(const void *arg)
{
	char *names = run_text(TEST_BIN " help metrics");
	char *types = run_text("TCPRESETSTAT_PROC=tests/data/full.txt " TEST_BIN
			       " --prometheus --tables all | awk '$2 == \"TYPE\" { print $3 }'");
	char *dups = run_text(TEST_BIN " help metrics | sort | uniq -d");
	char *line, *save = NULL;
	unsigned int n = 0;

	(void)arg;
	CHECK(names && types && dups);
	if (!names || !types || !dups)
		goto out;
	CHECK_STR(dups, "");
	for (line = strtok_r(types, "\n", &save); line; line = strtok_r(NULL, "\n", &save), n++)
		if (!has_word(names, line))
			test_fail(__FILE__, __LINE__, "metric %s not in help metrics", line);
	CHECK(n > 30);
	CHECK(!strncmp(names, "tcpresetstat_rst_in_total\n", 26));
out:
	free(names);
	free(types);
	free(dups);
}

struct complete {
	const char *words, *want;
};

/* What bash completes, with the script sourced and the tool asked. */
static void test_complete(const void *arg)
{
	const struct complete *c = arg;
	char cmd[512], *got;

	snprintf(cmd, sizeof(cmd),
		 "bash -c '. " COMPLETION "; COMP_WORDS=(%s); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); "
		 "_tcpresetstat; echo \"${COMPREPLY[*]}\"'", c->words);
	got = run_text(cmd);
	CHECK_STR(got, c->want);
	free(got);
}

#define COMPLETE(name, words, want) \
	{ "docs_complete_" name, test_complete, &(const struct complete){ words, want } }

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
		/* roff writes a minus as \- (also inside: --all-netns) */
		char *r = roff, *w;

		for (w = words[n]; *w && r < roff + sizeof(roff) - 3; w++) {
			if (*w == '-')
				*r++ = '\\';
			*r++ = *w;
		}
		*r = '\0';
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
	{ "docs_help_topics_list_the_schema", test_help_topics, NULL },
	{ "docs_help_metrics_has_every_metric", test_help_metrics, NULL },
	COMPLETE("sort_column", TEST_BIN " --sort rst_in_r", "rst_in_refused rst_in_reset\n"),
	COMPLETE("sort_key", TEST_BIN " ports --sort remote", "remote_port\n"),
	COMPLETE("reset_table", TEST_BIN " reset de", "destinations\n"),
	COMPLETE("config_setting", TEST_BIN " config peers", "peers_max=\n"),
	COMPLETE("help_topic", TEST_BIN " help co", "columns\n"),
	COMPLETE("subcommand", TEST_BIN " time", "timewait\n"),
	{ "docs_man_page_matches_help", test_man, NULL },
	{ NULL, NULL, NULL },
};
