/*
 * Tests for what spares a RUN body tree-sitter: shell_may_install, the byte search
 * that decides which bodies are parsed, shell_cut_idle, which leaves out the commands
 * of a body that install nothing (shell_scan.c), and shell_find_plain_commands, which
 * reads plain words without the parser (shell.c). Each case is checked against the parse itself: a body the search
 * lets go must be one in which shell_find_commands finds no pip or conda command and
 * no nesting past SHELL_MAX_NESTING, and a cut body must yield the same commands, words
 * and spans as the whole, and so must a body read without the parser.
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

/* A body with the stage's variables: source, map and expander for one test text. */
struct body {
	struct arena a;
	struct source src;
	size_t *map;
	struct shell_env env;
	struct shell_expander e;
	struct shell_input in;
};

static void body_init(struct body *b, const char *text)
{
	arena_init(&b->a);
	source_from_memory(&b->src, "Dockerfile", text, strlen(text), &b->a);
	b->map = malloc((b->src.len + 1) * sizeof(*b->map));
	for (size_t i = 0; i <= b->src.len; i++)
		b->map[i] = i;
	shell_env_init(&b->env);
	uint32_t stage = shell_env_add_stage(&b->env, -1);
	for (size_t k = 0; k < sizeof(VARS) / sizeof(VARS[0]); k++) {
		size_t n = VARS[k].value ? strlen(VARS[k].value) : 0;
		struct shell_origin *o = arena_alloc(&b->a, (n + 1) * sizeof(*o));
		for (size_t i = 0; i < n; i++)
			o[i] = (struct shell_origin){ 0, -1, false };
		struct shell_var v = { VARS[k].name, VARS[k].value ? VARS[k].value : "", n, o,
				       source_span(&b->src, 0, 0), stage, VARS[k].value != NULL,
				       VARS[k].value != NULL, false, NULL };
		shell_env_add(&b->env, &v);
	}
	b->e = (struct shell_expander){ &b->env, stage, SHELL_MODE_RUNTIME, '\\', &b->a };
	b->in = (struct shell_input){ b->src.bytes, b->src.len, b->map };
}

static void body_release(struct body *b)
{
	shell_env_release(&b->env);
	free(b->map);
	arena_release(&b->a);
}

/* The pip and conda commands shell_find_commands finds in `in`: tool, span and each
 * word with its span, via and unresolved mark, one command a line. */
static char *dump_commands(const struct shell_commands *cmds);

static char *commands(struct body *b, const struct shell_input *in, enum shell_status *st)
{
	struct shell sh;
	shell_init(&sh);
	struct shell_commands cmds = { NULL, 0, 0 };
	*st = shell_find_commands(&sh, &b->e, &b->src, in, &cmds);
	char *out = dump_commands(&cmds);
	shell_commands_release(&cmds);
	shell_release(&sh);
	return out;
}

static char *dump_commands(const struct shell_commands *list)
{
	const struct shell_commands cmds = *list;
	struct buf out;
	buf_init(&out, BUF_DEFAULT_CAP);
	for (size_t i = 0; i < cmds.nr; i++) {
		const struct shell_command *c = &cmds.items[i];
		if (c->tool != SHELL_TOOL_PIP && c->tool != SHELL_TOOL_CONDA)
			continue;
		buf_addf(&out, "%d %u:%u-%u:%u", (int)c->tool, c->span.line, c->span.column, c->span.end_line,
			 c->span.end_column);
		for (size_t k = 0; k < c->n; k++) {
			const struct word *w = &c->words[k];
			buf_addf(&out, " %s@%u:%u-%u:%u%s~%u:%u%s%s", w->text, w->span.line, w->span.column,
				 w->span.end_line, w->span.end_column, w->verbatim ? "*" : "", w->via.line,
				 w->via.column, w->unresolved ? "?" : "",
				 c->unresolved_name[k] ? c->unresolved_name[k] : "");
		}
		buf_addch(&out, '\n');
	}
	return buf_detach(&out, NULL);
}

/* shell_find_plain_commands on `text`: whether it takes the body must be `want`, and
 * what it finds must be what shell_find_commands finds. */
static void check_plain(const char *text, bool want)
{
	struct body b;
	body_init(&b, text);
	struct shell sh;
	shell_init(&sh);
	struct shell_commands cmds = { NULL, 0, 0 };
	bool plain = shell_find_plain_commands(&sh, &b.e, &b.src, &b.in, &cmds);
	if (plain != want)
		fail_msg("'%s': plain %d, expected %d", text, plain, want);
	if (plain) {
		enum shell_status st;
		char *parsed = commands(&b, &b.in, &st);
		char *found = dump_commands(&cmds);
		assert_int_equal(st, SHELL_OK);
		assert_string_equal(found, parsed);
		free(parsed);
		free(found);
	} else {
		assert_int_equal(cmds.nr, 0);
	}
	shell_commands_release(&cmds);
	shell_release(&sh);
	body_release(&b);
}

/* shell_cut_idle on `text`: what it keeps must be `want` (NULL: the body is parsed as
 * written), and the parse of what it keeps must find what the parse of the whole does. */
static void check_cut(const char *text, const char *want)
{
	struct body b;
	body_init(&b, text);
	char *lean = malloc(b.in.len + 1);
	size_t *map = malloc((b.in.len + 1) * sizeof(*map));
	struct shell_input out;
	bool cut = shell_cut_idle(&b.e, &b.in, &out, lean, map);
	if (!want && cut)
		fail_msg("'%s' is cut to '%.*s', expected no cut", text, (int)out.len, out.text);
	if (want && !cut)
		fail_msg("'%s' is not cut, expected '%s'", text, want);
	if (cut) {
		if (out.len != strlen(want) || memcmp(out.text, want, out.len))
			fail_msg("'%s' is cut to '%.*s', expected '%s'", text, (int)out.len, out.text, want);
		enum shell_status st_all, st_cut;
		char *all = commands(&b, &b.in, &st_all);
		char *kept = commands(&b, &out, &st_cut);
		assert_int_equal(st_all, st_cut);
		assert_string_equal(all, kept);
		assert_true(all[0] != '\0');
		free(all);
		free(kept);
	}
	free(lean);
	free(map);
	body_release(&b);
}

struct scan_result {
	bool may;          /* shell_may_install */
	bool installs;     /* shell_find_commands found a pip or conda command */
	bool too_complex;  /* ... or did not read all of it */
};

static struct scan_result scan(const char *text)
{
	struct body b;
	body_init(&b, text);
	struct scan_result r = { shell_may_install(&b.e, &b.in), false, false };
	struct shell sh;
	shell_init(&sh);
	struct shell_commands cmds = { NULL, 0, 0 };
	r.too_complex = shell_find_commands(&sh, &b.e, &b.src, &b.in, &cmds) != SHELL_OK;
	for (size_t i = 0; i < cmds.nr; i++)
		r.installs = r.installs || cmds.items[i].tool == SHELL_TOOL_PIP || cmds.items[i].tool == SHELL_TOOL_CONDA;
	shell_commands_release(&cmds);
	shell_release(&sh);
	body_release(&b);
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

static void cuts_idle_commands(void **state)
{
	check_cut("apt-get update && apt-get install -y git curl && pip install torch==2.1.0 && rm -rf /x",
		  " pip install torch==2.1.0 ");
	check_cut("pip install a==1 && apt-get install -y b c d && pip install c==2 || true",
		  "pip install a==1 && pip install c==2 ");
	check_cut("cd /x; make; conda install -y pytorch=2.1; make install", " conda install -y pytorch=2.1");
	check_cut("echo \"$(cd /x && ls)\" && $PIP install   a==1", " $PIP install a==1");
	check_cut("apt-get install -y x 2>&1 | tee log && pip install a==1", " pip install a==1");
	check_cut("find / -name x -exec rm {} \\; && pip install a==1 &> log", " pip install a==1 &> log");
	check_cut("pip install  \"a  b\"   'c  d'", "pip install \"a  b\" 'c  d'");
	check_cut("set -e\napt-get update\npip install a==1\n\necho ok\n", "pip install a==1");
}

static void leaves_other_bodies_whole(void **state)
{
	check_cut("pip install a==1", NULL);
	check_cut("if [ -x y ]; then pip install a==1; fi && make", NULL);
	check_cut("make && [[ -n x && -n y ]] && pip install a==1", NULL);
	check_cut("make # c && pip install a==1", NULL);
	check_cut("cat <<EOF > f && pip install a==1", NULL);
	check_cut("echo 'unterminated && pip install a==1", NULL);
	check_cut("echo $(make && pip install a==1", NULL);
	check_cut("&& make && pip install a==1", NULL);
	check_cut("make && pip install a==1 &&", NULL);
	check_cut("make | | pip install a==1", NULL);
	check_cut("make; ; pip install a==1", NULL);
	check_cut("case x in a) make;; esac; pip install a==1", NULL);
	check_cut("{ make; } && pip install a==1", NULL);
	check_cut("make && echo done && pip install a==1", NULL);
	check_cut("make && make", NULL);
}

static void reads_plain_bodies_without_parsing(void **state)
{
	check_plain("pip install torch==2.1.0", true);
	check_plain("pip install --no-cache-dir torch==2.1.0+cu121 -f https://x.org/whl/torch_stable.html", true);
	check_plain("python3 -m pip install -U pip && pip install -r requirements.txt;conda install -y pytorch::pytorch=2.1",
		    true);
	check_plain("sudo pip install  a,b  x@1  git+https://g.com/x@main\n\nmicromamba install -y c=1 || true", true);
	check_plain("/opt/conda/bin/mamba install -y python=3.10 pytorch-cuda=12.1", true);
	check_plain("pip install 1 -1 0x1f a:b x-y", true);
	/* quotes and simple expansions, read as the walk reads a word of several nodes */
	check_plain("pip install \"torch==2.1.0\" 'torchvision>=0.16,<1' \"\" a\"b c\"'d'", true);
	check_plain("$PIP install torch==${P}.1 \"$INST x\" $INST $U ${U} \"${E}\"", true);
	check_plain("$TOOL install -y 'pytorch[build=*cuda*]' && pip install \"a[b]>=1; python_version>'3'\"", true);
}

static void parses_other_bodies(void **state)
{
	check_plain("pip install torch==${V:-1}", false);
	check_plain("pip install $1 $@", false);
	check_plain("pip install $'a'", false);
	check_plain("pip install \"$(x)\" `y`", false);
	check_plain("pip install \"a\\\"b\"", false);
	check_plain("pip install \"a\nb\"", false);
	check_plain("pip install 'a", false);
	check_plain("pip install a[b]", false);
	check_plain("pip install a>=1", false);
	check_plain("pip install a ==1", false);
	check_plain("pip install @x", false);
	check_plain("A=1 pip install a", false);
	check_plain("pip install a & wait", false);
	check_plain("pip install a | tee", false);
	check_plain("pip install a # c", false);
	check_plain("pip install a\\\n b", false);
	check_plain("pip install a && then", false);
	check_plain("&& pip install a", false);
	check_plain("pip install a &&", false);
	check_plain("pip install a;; b", false);
	check_plain("pip install a\r", false);
	check_plain("", false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(skips_bodies_without_installers),
		cmocka_unit_test(parses_installers_as_written),
		cmocka_unit_test(parses_installers_through_variables),
		cmocka_unit_test(parses_deep_nesting),
		cmocka_unit_test(cuts_idle_commands),
		cmocka_unit_test(leaves_other_bodies_whole),
		cmocka_unit_test(reads_plain_bodies_without_parsing),
		cmocka_unit_test(parses_other_bodies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
