/* walk: CONTRACT.md file patterns, skipped directories, symlink loops, FIFOs, named
 * paths, unreadable paths; file kinds from names and content. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "readers/readers.h"
#include "walk.h"

static char root[64];

static void touch(const char *rel)
{
	char p[256];
	snprintf(p, sizeof(p), "%s/%s", root, rel);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs("x\n", f);
	fclose(f);
}

static void mkd(const char *rel)
{
	char p[256];
	snprintf(p, sizeof(p), "%s/%s", root, rel);
	assert_int_equal(mkdir(p, 0700), 0);
}

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/envlint-walk-XXXXXX");
	if (!mkdtemp(root))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static bool listed(const struct walk_result *r, const char *suffix)
{
	size_t n = strlen(suffix);
	for (size_t i = 0; i < r->nr; i++) {
		size_t m = strlen(r->items[i].path);
		if (m >= n && !strcmp(r->items[i].path + m - n, suffix))
			return true;
	}
	return false;
}

static void test_walk_patterns_and_skips(void **state)
{
	(void)state;
	mkd(".git");
	mkd("node_modules");
	mkd(".venv");
	mkd("requirements");
	mkd("docker");
	touch(".git/Dockerfile");
	touch("node_modules/requirements.txt");
	touch(".venv/environment.yml");
	touch("environment.yml");
	touch("environment.yaml");
	touch("gpu.environment.yml");
	touch("conda-cuda.yaml");
	touch("requirements-dev.txt");
	touch("requirements/gpu.txt");
	touch("x.requirements.txt");
	touch("constraints.txt");
	touch("Dockerfile");
	touch("Dockerfile.cuda");
	touch("docker/train.Dockerfile");
	touch("docker/serve.dockerfile");
	touch("Containerfile");
	touch("notes.txt");
	touch("setup.py");
	char p[256];
	snprintf(p, sizeof(p), "%s/loop", root);
	assert_int_equal(symlink(".", p), 0);
	snprintf(p, sizeof(p), "%s/pipe-requirements.txt", root);
	assert_int_equal(mkfifo(p, 0600), 0);

	struct walk_result r = { .items = NULL };
	struct diag_list d = DIAG_LIST_INIT;
	const char *paths[] = { root };
	walk_paths(paths, 1, NULL, &r, &d);
	assert_int_equal(d.nr, 0);
	const char *want[] = { "/environment.yml", "/environment.yaml", "/gpu.environment.yml",
			       "/conda-cuda.yaml", "/requirements-dev.txt", "/requirements/gpu.txt",
			       "/x.requirements.txt", "/constraints.txt", "/Dockerfile", "/Dockerfile.cuda",
			       "/docker/train.Dockerfile", "/docker/serve.dockerfile", "/Containerfile" };
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_true(listed(&r, want[i]));
	/* 13 files: nothing from .git/node_modules/.venv, no FIFO, the loop link not entered. */
	assert_int_equal(r.nr, 13);
	assert_false(listed(&r, "notes.txt"));
	assert_false(listed(&r, "pipe-requirements.txt"));
	for (size_t i = 0; i < r.nr; i++)
		assert_false(r.items[i].named);
	walk_result_release(&r);
	diag_list_release(&d);
}

static void test_named_and_missing_paths(void **state)
{
	(void)state;
	touch("anything.md");
	char named[256], missing[256];
	snprintf(named, sizeof(named), "%s/anything.md", root);
	snprintf(missing, sizeof(missing), "%s/nope.txt", root);
	struct walk_result r = { .items = NULL };
	struct diag_list d = DIAG_LIST_INIT;
	const char *paths[] = { missing, named };
	walk_paths(paths, 2, NULL, &r, &d);
	assert_int_equal(r.nr, 1);
	assert_true(r.items[0].named);
	assert_int_equal(d.nr, 1);
	assert_int_equal(d.items[0].rule, RULE_EL001);
	walk_result_release(&r);
	diag_list_release(&d);
}

/* Issue 11's chain: twelve directories, each with two links to the next. Followed
 * blindly that is 4,096 paths to one requirements.txt; without --follow the links are
 * not entered, and with it every directory is entered once: one file either way. */
static void test_symlink_chain_lists_one_file(void **state)
{
	(void)state;
	char p[512], t[512], rel[16];
	for (int i = 0; i < 12; i++) {
		snprintf(rel, sizeof(rel), "d%02d", i);
		mkd(rel);
	}
	touch("d11/requirements.txt");
	for (int i = 0; i < 11; i++)
		for (int k = 0; k < 2; k++) {
			snprintf(p, sizeof(p), "%s/d%02d/link%d", root, i, k);
			snprintf(t, sizeof(t), "../d%02d", i + 1);
			assert_int_equal(symlink(t, p), 0);
		}
	snprintf(p, sizeof(p), "%s/d00", root);
	const char *paths[] = { p };
	for (int follow = 0; follow < 2; follow++) {
		struct walk_options o = { .follow = follow != 0 };
		struct walk_result r = { .items = NULL };
		struct diag_list d = DIAG_LIST_INIT;
		walk_paths(paths, 1, &o, &r, &d);
		/* d00 alone holds no file: only the links lead on */
		assert_int_equal(r.nr, follow ? 1 : 0);
		assert_int_equal(d.nr, 0);
		walk_result_release(&r);
		diag_list_release(&d);
	}
}

/* A file named twice, or reached through a hard link, a file symlink and a named
 * directory, is linted once (device + inode). */
static void test_same_file_listed_once(void **state)
{
	(void)state;
	char a[256], hard[256], soft[256];
	touch("requirements.txt");
	snprintf(a, sizeof(a), "%s/requirements.txt", root);
	snprintf(hard, sizeof(hard), "%s/requirements-hard.txt", root);
	snprintf(soft, sizeof(soft), "%s/requirements-soft.txt", root);
	assert_int_equal(link(a, hard), 0);
	assert_int_equal(symlink("requirements.txt", soft), 0);
	const char *paths[] = { a, a, root, hard };
	struct walk_result r = { .items = NULL };
	struct diag_list d = DIAG_LIST_INIT;
	walk_paths(paths, 4, NULL, &r, &d);
	assert_int_equal(r.nr, 1);
	assert_true(r.items[0].named);
	assert_int_equal(d.nr, 0);
	walk_result_release(&r);
	diag_list_release(&d);
}

/* The contract's other names, and conda files under any .yml name told by content. */
static void test_more_names_and_conda_by_content(void **state)
{
	(void)state;
	static const char *const names[] = { "Dockerfile-gpu", "dockerfile", "train-requirements.txt",
					     "x_requirements.txt", "requirements.in", "environment-cuda.yml" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		touch(names[i]);
	mkd("envs");
	mkd(".github");
	char p[256];
	snprintf(p, sizeof(p), "%s/envs/env.yml", root);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs("name: gpu\ndependencies:\n  - pytorch\n", f);
	fclose(f);
	snprintf(p, sizeof(p), "%s/conda_deps.yaml", root);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs("# deps\nchannels: [conda-forge]\n", f);
	fclose(f);
	/* near misses: YAML whose words are indented (a CI workflow), and plain notes */
	snprintf(p, sizeof(p), "%s/workflow.yml", root);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs("on: push\njobs:\n  a:\n    dependencies: x\n", f);
	fclose(f);
	touch("requirements-notes.md");
	struct walk_result r = { .items = NULL };
	struct diag_list d = DIAG_LIST_INIT;
	const char *paths[] = { root };
	walk_paths(paths, 1, NULL, &r, &d);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char want[64];
		snprintf(want, sizeof(want), "/%s", names[i]);
		assert_true(listed(&r, want));
	}
	assert_true(listed(&r, "/envs/env.yml"));
	assert_true(listed(&r, "/conda_deps.yaml"));
	assert_false(listed(&r, "/workflow.yml"));
	assert_false(listed(&r, "/requirements-notes.md"));
	assert_int_equal(r.nr, 8);
	walk_result_release(&r);
	diag_list_release(&d);
}

static void test_file_kinds(void **state)
{
	(void)state;
	assert_int_equal(file_kind_from_name("a/environment.yml"), FILE_KIND_CONDA);
	assert_int_equal(file_kind_from_name("a/requirements/base.txt"), FILE_KIND_REQUIREMENTS);
	assert_int_equal(file_kind_from_name("base.txt"), FILE_KIND_UNKNOWN);
	assert_int_equal(file_kind_from_name("x/Dockerfile.rocm"), FILE_KIND_DOCKERFILE);
	assert_int_equal(file_kind_for_named_path("c/x__Dockerfile-cuda111", "", 0), FILE_KIND_DOCKERFILE);
	assert_int_equal(file_kind_for_named_path("c/env-wsl2.yaml", "", 0), FILE_KIND_CONDA);
	/* a YAML name that mentions Dockerfiles is still YAML (a flattened dockerfiles/.../environment.yml) */
	assert_int_equal(file_kind_for_named_path("c/x__dockerfiles__cuda__environment.yml", "", 0), FILE_KIND_CONDA);
	assert_int_equal(file_kind_for_named_path("c/Dockerfile.in", "", 0), FILE_KIND_DOCKERFILE);
	assert_int_equal(file_kind_for_named_path("c/requirements.in", "", 0), FILE_KIND_REQUIREMENTS);
	const char *df = "# syntax=docker/dockerfile:1\nARG X=1\nFROM ubuntu\n";
	assert_int_equal(file_kind_for_named_path("build", df, strlen(df)), FILE_KIND_DOCKERFILE);
	const char *env = "name: x\ndependencies:\n  - python\n";
	assert_int_equal(file_kind_for_named_path("spec", env, strlen(env)), FILE_KIND_CONDA);
	assert_int_equal(file_kind_for_named_path("notes", "hello\n", 6), FILE_KIND_UNKNOWN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_walk_patterns_and_skips, setup, teardown),
		cmocka_unit_test_setup_teardown(test_named_and_missing_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_symlink_chain_lists_one_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_file_listed_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_more_names_and_conda_by_content, setup, teardown),
		cmocka_unit_test(test_file_kinds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
