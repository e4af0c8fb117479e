/*
 * Tests for shell_may_install (shell_scan.c), the byte search that decides which RUN
 * bodies are parsed. Each case is checked against the parse itself: a body the search
 * lets go must be one in which shell_find_commands finds no pip or conda command and
 * no nesting past SHELL_MAX_NESTING.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "readers/shell.h"
#include "source.h"
#include "util/arena.h"
#include "util/buf.h"

/* Variables of the stage the bodies run in (ENV name=value; "U" is an ARG without one). */
static const struct {
	const char *name, *value;
} VARS[] = {
	{ "E", "" },
	{ "INST", "pip install" },
	{ "P", "p" },
	{ "PIP", "pip" },
	{ "TOOL", "/opt/conda/bin/mamba" },
	{ "U", NULL },
};

struct scan_result {
	bool may;          /* shell_may_install */
	bool installs;     /* shell_find_commands found a pip or conda command */
	bool too_complex;  /* ... or did not read all of it */
};

static struct scan_result scan(const char *text)
{
	struct arena a;
	arena_init(&a);
	struct source src;
	source_from_memory(&src, "Dockerfile", text, strlen(text), &a);
	size_t *map = malloc((src.len + 1) * sizeof(*map));
	for (size_t i = 0; i <= src.len; i++)
		map[i] = i;
	struct shell_env env;
	shell_env_init(&env);
	uint32_t stage = shell_env_add_stage(&env, -1);
	for (size_t k = 0; k < sizeof(VARS) / sizeof(VARS[0]); k++) {
		size_t n = VARS[k].value ? strlen(VARS[k].value) : 0;
		struct shell_origin *o = arena_alloc(&a, (n + 1) * sizeof(*o));
		for (size_t i = 0; i < n; i++)
			o[i] = (struct shell_origin){ 0, -1, false };
		struct shell_var v = { VARS[k].name, VARS[k].value ? VARS[k].value : "", n, o, source_span(&src, 0, 0),
				       stage, VARS[k].value != NULL, VARS[k].value != NULL, false, NULL };
		shell_env_add(&env, &v);
	}
	struct shell_expander e = { &env, stage, SHELL_MODE_RUNTIME, '\\', &a };
	struct shell_input in = { src.bytes, src.len, map };
	struct scan_result r = { shell_may_install(&e, &in), false, false };
	struct shell sh;
	shell_init(&sh);
	struct shell_commands cmds = { NULL, 0, 0 };
	r.too_complex = shell_find_commands(&sh, &e, &src, &in, &cmds) != SHELL_OK;
	for (size_t i = 0; i < cmds.nr; i++)
		r.installs = r.installs || cmds.items[i].tool == SHELL_TOOL_PIP || cmds.items[i].tool == SHELL_TOOL_CONDA;
	shell_commands_release(&cmds);
	shell_release(&sh);
	shell_env_release(&env);
	free(map);
	arena_release(&a);
	return r;
}

/* The search may only say "maybe" where the parse finds nothing; never "no" where it
 * finds something. */
static void check(const char *text, bool want_may, bool want_installs)
{
	struct scan_result r = scan(text);
	if (!r.may && (r.installs || r.too_complex))
		fail_msg("'%s' is skipped, but the parse finds a command in it", text);
	if (r.may != want_may || r.installs != want_installs)
		fail_msg("'%s': may %d installs %d, expected %d %d", text, r.may, r.installs, want_may,
			 want_installs);
}

static void skips_bodies_without_installers(void **state)
{
	check("apt-get update && apt-get install -y git curl && rm -rf /var/lib/apt/lists/*", false, false);
	check("cd /src && make -j4 && make install", false, false);
	check("echo $HOME ${U} $U \"$1\" && ln -s /a /b", false, false);
	check("echo $(date) `uname -a` && (cd /x && ls) && { true; }", false, false);
	check("", false, false);
}

static void parses_installers_as_written(void **state)
{
	check("pip install torch==2.1.0", true, true);
	check("apt-get install -y x && python3 -m pip install torch", true, true);
	check("/opt/conda/bin/conda install -y pytorch=2.1", true, true);
	check("micromamba install -y pytorch", true, true);
	check("uv pip install --system torch", true, true);
	check("python -mpip install torch", true, true);
	check("pip3.10 install torch", true, true);
	/* quotes and escapes are removed from words: these are still pip */
	check("p\\ip install torch", true, true);
	check("'p'ip install torch", true, true);
	check("co\"nd\"a install pytorch", true, true);
	/* a word that only mentions an installer is parsed, and found to be none */
	check("echo pip && curl https://x/conda.sh", true, false);
	check("pip download torch", true, false);
}

static void parses_installers_through_variables(void **state)
{
	check("$PIP install torch", true, true);
	check("${PIP} install torch", true, true);
	check("$INST torch", true, true);
	check("$TOOL install pytorch", true, true);
	check("${P}ip install torch", true, true);
	check("p$E\"i\"p install torch", true, true);
	check("${U:-pip} install torch", true, true);
	check("${U:-p}ip install torch", true, true);
	check("${P:+p}i${P} install torch", true, true);
	check("${E:-p}ip install torch", true, true);
	/* set but empty: `-` without ':' keeps the empty value, so this is `ip` (not parsed) */
	check("${E-p}ip install torch", false, false);
	/* a variable the Dockerfile does not set stays as written at RUN time */
	check("$pip install torch", true, false);
	check("$X install torch", false, false);
}

/* A body nesting deeper than SHELL_MAX_NESTING is reported whatever it runs, so the
 * search lets no such body go. */
static void parses_deep_nesting(void **state)
{
	struct buf b;
	buf_init(&b, BUF_DEFAULT_CAP);
	buf_addf(&b, "echo ");
	for (int i = 0; i <= SHELL_MAX_NESTING; i++)
		buf_addf(&b, "\"$(echo ");
	buf_addf(&b, "x");
	for (int i = 0; i <= SHELL_MAX_NESTING; i++)
		buf_addf(&b, ")\"");
	struct scan_result r = scan(b.buf);
	assert_true(r.too_complex);
	assert_true(r.may);
	buf_release(&b);
	/* exactly at the limit: entered, so nothing to report and nothing to parse */
	buf_init(&b, BUF_DEFAULT_CAP);
	buf_addf(&b, "echo ");
	for (int i = 0; i < SHELL_MAX_NESTING; i++)
		buf_addf(&b, "$(echo ");
	for (int i = 0; i < SHELL_MAX_NESTING; i++)
		buf_addch(&b, ')');
	r = scan(b.buf);
	assert_false(r.too_complex);
	assert_false(r.may);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(skips_bodies_without_installers),
		cmocka_unit_test(parses_installers_as_written),
		cmocka_unit_test(parses_installers_through_variables),
		cmocka_unit_test(parses_deep_nesting),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
