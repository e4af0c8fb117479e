/*
 * test_kb_facts: facts the built-in KB must answer, each written down from the primary
 * source cited next to it (taken from the rows marked OK in
 * the project's kb-reference fact sheets: nvidia, gpus, pytorch), never read back from the rules/ YAML files.
 * A failing row is a data finding: fix the data, not the row.
 *
 * Source keys:
 *   RN      CUDA Toolkit Release Notes 13.2 Update 2, Table 2/Table 3
 *           https://docs.nvidia.com/cuda/archive/13.2.2/cuda-toolkit-release-notes/index.html
 *   RN134   CUDA Toolkit Release Notes 13.4 Update 1 (driver-branch table)
 *           https://docs.nvidia.com/cuda/cuda-toolkit-release-notes/index.html
 *   MVC     https://docs.nvidia.com/deploy/cuda-compatibility/minor-version-compatibility.html
 *   FC      https://docs.nvidia.com/deploy/cuda-compatibility/forward-compatibility.html
 *   MATRIX  https://docs.nvidia.com/datacenter/tesla/drivers/cuda-toolkit-driver-and-architecture-matrix.html
 *   CLANG   llvm-project clang/lib/Basic/Cuda.cpp (Min/MaxVersionForOffloadArch)
 *   PTXRH   PTX ISA document, Release Notes, "PTX Release History" (PTX ISA / CUDA release /
 *           Supported Targets), and the .target directive's "PTX ISA Notes"
 *           https://docs.nvidia.com/cuda/parallel-thread-execution/index.html#release-notes
 *   CMAKE   Kitware/CMake Modules/Internal/CMakeCUDAArchitecturesAll.cmake
 *   NVCC    https://developer.nvidia.com/cuda-gpus, NVCCL https://developer.nvidia.com/cuda-legacy-gpus
 *   OGKM    NVIDIA/open-gpu-kernel-modules CHANGELOG.md / g_nv_name_released.h per release tag
 *   CUDNN   cuDNN support matrices https://docs.nvidia.com/deeplearning/cudnn/ (per version)
 *   BLD     pytorch/builder release/<X.Y> manywheel/build_cuda.sh, common/install_cuda.sh
 *   BLDM    pytorch/builder main before 1.8 (no release branches): manywheel/build.sh,
 *           common/install_cuda.sh at the last commit before the release date
 *   PV      pytorch/pytorch.github.io _get_started/previous-versions.md
 *   TI      pytorch/test-infra tools/scripts/generate_binary_build_matrix.py / release_versions.sh
 *   REL     pytorch/pytorch RELEASE.md (Release Compatibility Matrix, CUDA Support Matrix)
 *   VIS     pytorch/vision README.md (torch / torchvision / python table)
 *   AUD     pytorch/audio docs/source/installation.rst (compatibility matrix)
 *   PR      pytorch/pytorch pull requests (named per row)
 *   IMG     https://gitlab.com/nvidia/container-images/cuda/-/blob/master/doc/supported-tags.md
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "kb_fixture.h"

#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "kb/kb.h"

/* Sourced rows checked by the table-driven tests; printed at the end. */
static size_t table_rows;

static struct version ver(const char *s)
{
	struct version v;
	if (!version_parse(&v, s, strlen(s)))
		fail_msg("test bug: '%s' does not parse", s);
	return v;
}

static struct version drv(const char *s)
{
	struct version v;
	if (!version_parse_driver(&v, s, strlen(s)))
		fail_msg("test bug: driver '%s' does not parse", s);
	return v;
}


static const char *answer(enum kb_answer a)
{
	return a == KB_YES ? "yes" : a == KB_NO ? "no" : "unknown";
}

/* ------------------------------------------------------------------------- */
/* CUDA release -> full-feature minimum driver */

struct min_driver_fact {
	const char *cuda;
	enum kb_os os;
	const char *driver;
};

static void check_min_driver(const struct kb *kb, const struct min_driver_fact *f)
{
	struct version cuda = ver(f->cuda), got;
	const struct kb_cuda *rel = NULL;
	if (!kb_cuda_min_driver(kb, &cuda, f->os, &got, &rel))
		fail_msg("CUDA %s: no minimum driver in the KB", f->cuda);
	struct version want = drv(f->driver);
	if (version_cmp(&got, &want)) {
		char buf[64];
		version_format_driver(&got, buf, sizeof(buf));
		fail_msg("CUDA %s (os %d): KB says %s, source says %s", f->cuda, f->os, buf, f->driver);
	}
}

static void test_cuda_min_driver(void **state)
{
	static const struct min_driver_fact facts[] = {
		{ "9.0.176", KB_OS_LINUX, "384.81" },     /* RN Table 3: 9.0 GA >= 384.81 */
		{ "9.0.176", KB_OS_WINDOWS, "385.54" },   /* RN Table 3: 9.0 GA >= 385.54 */
		{ "9.1.85", KB_OS_LINUX, "390.46" },      /* RN Table 3: 9.1 GA >= 390.46 */
		{ "9.2.88", KB_OS_LINUX, "396.26" },      /* RN Table 3: 9.2 GA >= 396.26 */
		{ "9.2.148", KB_OS_LINUX, "396.37" },     /* RN Table 3: 9.2 Update 1 >= 396.37 */
		{ "10.0.130", KB_OS_LINUX, "410.48" },    /* RN Table 3: 10.0 GA >= 410.48 */
		{ "10.0.130", KB_OS_WINDOWS, "411.31" },  /* RN Table 3: 10.0 GA >= 411.31 */
		{ "10.1.105", KB_OS_LINUX, "418.39" },    /* RN Table 3: 10.1 GA and updates >= 418.39 */
		{ "10.1.243", KB_OS_LINUX, "418.39" },    /* RN Table 3: "10.1.105 ... and updates" */
		{ "10.2.89", KB_OS_LINUX, "440.33" },     /* RN Table 3: 10.2 GA >= 440.33 */
		{ "10.2.89", KB_OS_WINDOWS, "441.22" },   /* RN Table 3: 10.2 GA >= 441.22 */
		{ "11.0.2", KB_OS_LINUX, "450.51.05" },   /* RN Table 3: 11.0 GA >= 450.51.05 */
		{ "11.0.3", KB_OS_LINUX, "450.51.06" },   /* RN Table 3: 11.0 Update 1 >= 450.51.06 */
		{ "11.1.0", KB_OS_LINUX, "455.23" },      /* RN Table 3: 11.1 GA >= 455.23 */
		{ "11.1.1", KB_OS_LINUX, "455.32" },      /* RN Table 3: 11.1 Update 1 >= 455.32 */
		{ "11.2.0", KB_OS_LINUX, "460.27.03" },   /* RN Table 3: 11.2 GA >= 460.27.03 */
		{ "11.2.2", KB_OS_WINDOWS, "461.33" },    /* RN Table 3: 11.2 Update 2 >= 461.33 */
		{ "11.3.0", KB_OS_LINUX, "465.19.01" },   /* RN Table 3: 11.3 GA >= 465.19.01 */
		{ "11.4.0", KB_OS_LINUX, "470.42.01" },   /* RN Table 3: 11.4 GA >= 470.42.01 */
		{ "11.4.2", KB_OS_LINUX, "470.57.02" },   /* RN Table 3: 11.4 Update 2 >= 470.57.02 */
		{ "11.4.4", KB_OS_LINUX, "470.82.01" },   /* RN Table 3: 11.4 Update 4 >= 470.82.01 */
		{ "11.5.0", KB_OS_LINUX, "495.29.05" },   /* RN Table 3: 11.5 GA >= 495.29.05 */
		{ "11.6.0", KB_OS_LINUX, "510.39.01" },   /* RN Table 3: 11.6 GA >= 510.39.01 */
		{ "11.6.2", KB_OS_LINUX, "510.47.03" },   /* RN Table 3: 11.6 Update 2 >= 510.47.03 */
		{ "11.7.0", KB_OS_LINUX, "515.43.04" },   /* RN Table 3: 11.7 GA >= 515.43.04 */
		{ "11.7.1", KB_OS_LINUX, "515.48.07" },   /* RN Table 3: 11.7 Update 1 >= 515.48.07 */
		{ "11.8.0", KB_OS_LINUX, "520.61.05" },   /* RN Table 3: 11.8 GA >= 520.61.05 */
		{ "11.8.0", KB_OS_WINDOWS, "520.06" },    /* RN Table 3: 11.8 GA >= 520.06 (as published) */
		{ "12.0.0", KB_OS_LINUX, "525.60.13" },   /* RN Table 3: 12.0 GA >= 525.60.13 */
		{ "12.0.0", KB_OS_WINDOWS, "527.41" },    /* RN Table 3: 12.0 GA >= 527.41 */
		{ "12.0.1", KB_OS_LINUX, "525.85.12" },   /* RN Table 3: 12.0 Update 1 >= 525.85.12 */
		{ "12.1.0", KB_OS_LINUX, "530.30.02" },   /* RN Table 3: 12.1 GA >= 530.30.02 */
		{ "12.2.0", KB_OS_LINUX, "535.54.03" },   /* RN Table 3: 12.2 GA >= 535.54.03 */
		{ "12.2.1", KB_OS_LINUX, "535.86.09" },   /* RN Table 3: 12.2 Update 1 >= 535.86.09 */
		{ "12.2.2", KB_OS_LINUX, "535.104.05" },  /* RN Table 3: 12.2 Update 2 >= 535.104.05 */
		{ "12.3.0", KB_OS_LINUX, "545.23.06" },   /* RN Table 3: 12.3 GA >= 545.23.06 */
		{ "12.3.1", KB_OS_LINUX, "545.23.08" },   /* RN Table 3: 12.3 Update 1 >= 545.23.08 */
		{ "12.4.0", KB_OS_LINUX, "550.54.14" },   /* RN Table 3: 12.4 GA >= 550.54.14 */
		{ "12.4.0", KB_OS_WINDOWS, "551.61" },    /* RN Table 3: 12.4 GA >= 551.61 */
		{ "12.4.1", KB_OS_LINUX, "550.54.15" },   /* RN Table 3: 12.4 Update 1 >= 550.54.15 */
		{ "12.5.0", KB_OS_LINUX, "555.42.02" },   /* RN Table 3: 12.5 GA >= 555.42.02 */
		{ "12.5.1", KB_OS_LINUX, "555.42.06" },   /* RN Table 3: 12.5 Update 1 >= 555.42.06 */
		{ "12.6.0", KB_OS_LINUX, "560.28.03" },   /* RN Table 3: 12.6 GA >= 560.28.03 */
		{ "12.6.3", KB_OS_LINUX, "560.35.05" },   /* RN Table 3: 12.6 Update 3 >= 560.35.05 */
		{ "12.8.0", KB_OS_LINUX, "570.26" },      /* RN Table 3: 12.8 GA >= 570.26 */
		{ "12.8.1", KB_OS_LINUX, "570.124.06" },  /* RN Table 3: 12.8 Update 1 >= 570.124.06 */
		{ "12.9.0", KB_OS_LINUX, "575.51.03" },   /* RN Table 3: 12.9 GA >= 575.51.03 */
		{ "12.9.1", KB_OS_LINUX, "575.57.08" },   /* RN Table 3: 12.9 Update 1 >= 575.57.08 */
		{ "13.0.0", KB_OS_LINUX, "580.65.06" },   /* RN Table 3: 13.0 GA >= 580.65.06 */
		{ "13.0.2", KB_OS_LINUX, "580.95.05" },   /* RN Table 3: 13.0 Update 2 >= 580.95.05 */
		{ "13.1.0", KB_OS_LINUX, "590.44.01" },   /* RN Table 3: 13.1 GA >= 590.44.01 */
		{ "13.2.0", KB_OS_LINUX, "595.45.04" },   /* RN Table 3: 13.2 GA >= 595.45.04 */
		{ "13.2.2", KB_OS_LINUX, "595.71.05" },   /* RN Table 3: 13.2 Update 2 >= 595.71.05 */
		/* X.Y means the lowest over the minor's releases (kb.h); RN Table 3 12.2 GA. */
		{ "12.2", KB_OS_LINUX, "535.54.03" },
		/* RN Table 3 11.4 GA */
		{ "11.4", KB_OS_LINUX, "470.42.01" },
	};
	table_rows += sizeof(facts) / sizeof(facts[0]);
	for (size_t i = 0; i < sizeof(facts) / sizeof(facts[0]); i++)
		check_min_driver(*state, &facts[i]);
}

static void test_cuda_special_cases(void **state)
{
	const struct kb *kb = *state;
	struct version v = ver("12.7"), d;
	/* RN Table 3 and the installer catalog: no CUDA 12.7 toolkit was released. */
	assert_null(kb_cuda_find(kb, &v));
	/* RN Table 3: Windows is "N/A" for every 13.x row. */
	v = ver("13.0.0");
	assert_false(kb_cuda_min_driver(kb, &v, KB_OS_WINDOWS, &d, NULL));
	/* RN134: 13.4 publishes only "Corresponding Driver Branch R615", no version. */
	v = ver("13.4.0");
	const struct kb_cuda *c = kb_cuda_find(kb, &v);
	assert_non_null(c);
	assert_int_equal(c->driver_branch, 615);
	assert_false(kb_cuda_min_driver(kb, &v, KB_OS_LINUX, &d, NULL));
	/* RN Table 3: 12.4 as X.Y finds the GA release 12.4.0. */
	v = ver("12.4");
	c = kb_cuda_find(kb, &v);
	assert_non_null(c);
	assert_string_equal(c->text, "12.4.0");
}

/* PTX ISA version per toolkit. Source (all rows): NVIDIA PTX ISA 9.4, section 13
 * "Release Notes", Table 71 "PTX Release History" (docs.nvidia.com/cuda/
 * parallel-thread-execution/index.html#release-notes). The table lists CUDA X.Y only;
 * update releases carry their minor's row. */
static void check_ptx(const struct kb *kb, const char *cuda, const char *want)
{
	struct version v = ver(cuda), w = ver(want);
	const struct kb_cuda *c = kb_cuda_find(kb, &v);
	assert_non_null(c);
	if (!c->has_ptx)
		fail_msg("CUDA %s: no ptx", cuda);
	if (version_cmp(&c->ptx, &w))
		fail_msg("CUDA %s: ptx differs from %s", cuda, want);
}

static void test_ptx_isa(void **state)
{
	const struct kb *kb = *state;
	check_ptx(kb, "9.0.176", "6.0");  /* Table 71: PTX ISA 6.0 | CUDA 9.0, driver r384 */
	check_ptx(kb, "10.2.89", "6.5");  /* Table 71: PTX ISA 6.5 | CUDA 10.2, driver r440 */
	check_ptx(kb, "11.0.1", "7.0");   /* Table 71: PTX ISA 7.0 | CUDA 11.0 (11.0 RC = 11.0.1) */
	check_ptx(kb, "11.8.0", "7.8");   /* Table 71: PTX ISA 7.8 | CUDA 11.8, driver r520 */
	check_ptx(kb, "12.2.2", "8.2");   /* Table 71: PTX ISA 8.2 | CUDA 12.2 (update release) */
	check_ptx(kb, "12.4.0", "8.4");   /* Table 71: PTX ISA 8.4 | CUDA 12.4, driver r550 */
	check_ptx(kb, "12.5.1", "8.5");   /* Table 71: PTX ISA 8.5 | CUDA 12.5, driver r555 */
	check_ptx(kb, "12.6.3", "8.5");   /* Table 71: PTX ISA 8.5 also | CUDA 12.6, driver r560 */
	check_ptx(kb, "12.8.0", "8.7");   /* Table 71: PTX ISA 8.7 | CUDA 12.8 (8.6 = CUDA 12.7, never shipped) */
	check_ptx(kb, "12.9.1", "8.8");   /* Table 71: PTX ISA 8.8 | CUDA 12.9, driver r575 */
	check_ptx(kb, "13.0.0", "9.0");   /* Table 71: PTX ISA 9.0 | CUDA 13.0, driver r580 */
	check_ptx(kb, "13.2.2", "9.2");   /* Table 71: PTX ISA 9.2 | CUDA 13.2, driver r595 */
	check_ptx(kb, "13.4.1", "9.4");   /* Table 71: PTX ISA 9.4 | CUDA 13.4, driver r615 */
	/* Every release the KB knows has a ptx value (Table 71 covers CUDA 9.0 .. 13.4). */
	for (size_t i = 0; i < kb_cuda_count(kb); i++)
		assert_true(kb_cuda_at(kb, i)->has_ptx);
}

/* CUDA 13.4 numbering (GA = 13.4.1) and 13.4 Update 1 (13.4.2). 13.5: its notes' section 2.2
 * (driver branch, Table 2) could not be read, so no 13.5 fact is asserted here. */
static void test_cuda_13_4_and_13_5(void **state)
{
	const struct kb *kb = *state;
	struct version v, d;
	const struct kb_cuda *c;
	/* https://docs.nvidia.com/cuda/archive/13.4.1/cuda-toolkit-release-notes/index.html 2.1:
	 * "The CUDA Toolkit 13.4 GA release is versioned 13.4.1 and supersedes the 13.4.0
	 * developer preview." */
	v = ver("13.4.0");
	c = kb_cuda_find(kb, &v);
	assert_non_null(c);
	assert_string_equal(c->label, "13.4 Developer Preview");
	/* https://developer.nvidia.com/CUDA-toolkit-Archive.md: "CUDA Toolkit 13.4.0 Developer
	 * Preview (July 2026)" */
	assert_string_equal(c->released, "2026-07");
	/* https://docs.nvidia.com/cuda/archive/13.4.1/cuda-toolkit-release-notes/index.html 2.1:
	 * 13.4.1 is the 13.4 GA release ("The third digit is a build number and does not
	 * indicate an update release"). */
	v = ver("13.4.1");
	c = kb_cuda_find(kb, &v);
	assert_non_null(c);
	assert_string_equal(c->label, "13.4 GA");
	/* https://docs.nvidia.com/cuda/cuda-toolkit-release-notes/index.html (13.4 Update 1) 2.2:
	 * "CUDA 13.4 | R615", no driver version; Linux driver no longer bundled from 13.4. */
	assert_int_equal(c->driver_branch, 615);
	assert_false(kb_cuda_min_driver(kb, &v, KB_OS_LINUX, &d, NULL));
	/* https://docs.nvidia.com/cuda/archive/13.4.2/cuda-toolkit-release-notes/index.html:
	 * titled "CUDA Toolkit 13.4 Update 1 - Release Notes" (cudart 13.4.92). */
	v = ver("13.4.2");
	c = kb_cuda_find(kb, &v);
	assert_non_null(c);
	assert_string_equal(c->label, "13.4 Update 1");
	/* https://docs.nvidia.com/cuda/cuda-toolkit-release-notes/index.html (13.4 Update 1) 2.2:
	 * "Update releases within a CUDA minor version use the same driver branch" -> R615. */
	assert_int_equal(c->driver_branch, 615);
	assert_false(kb_cuda_min_driver(kb, &v, KB_OS_LINUX, &d, NULL));
	/* same page 2.3.3: "PTX ISA 9.4 is supported." */
	check_ptx(kb, "13.4.2", "9.4");
	/* same page 2.2: "13.x | >= 580 | N/A" (minor-version compatibility). */
	const struct kb_minor_compat *m = kb_cuda_minor_compat(kb, 13);
	assert_non_null(m);
	assert_int_equal(version_driver_branch(&m->driver[KB_OS_LINUX]), 580);
}

/* ------------------------------------------------------------------------- */
/* Minor-version compatibility (MVC; RN Table 2) */

/* pytorch.yaml companion_requires: torchvision's release wheels require torch exactly
 * (pytorch/vision setup.py get_requirements); torchaudio's do from 2.11.0 on no more
 * (pytorch/audio#4171, #4189). */
static void test_companion_requires(void **state)
{
	const struct kb *kb = *state;
	const struct kb_companion_requires *v = kb_companion_requires(kb, "torchvision");
	assert_non_null(v);
	assert_false(v->has_unpinned_from);
	const struct kb_companion_requires *a = kb_companion_requires(kb, "torchaudio");
	assert_non_null(a);
	assert_true(a->has_unpinned_from);
	struct version want = ver("2.11.0");
	assert_int_equal(0, version_cmp(&a->unpinned_from, &want));
	assert_true(v->has_compiled_from);
	struct version compiled = ver("0.3.0");
	assert_int_equal(0, version_cmp(&v->compiled_from, &compiled));
	assert_false(a->has_compiled_from);
	assert_null(kb_companion_requires(kb, "torchtext"));
}

static void test_minor_compat(void **state)
{
	const struct kb *kb = *state;
	struct version want;
	/* MVC: 11.x minor-version compatibility needs 450.80.02 (Linux) / 452.39 (Windows). */
	const struct kb_minor_compat *m = kb_cuda_minor_compat(kb, 11);
	assert_non_null(m);
	want = drv("450.80.02");
	assert_int_equal(version_cmp(&m->driver[KB_OS_LINUX], &want), 0);
	want = drv("452.39");
	assert_int_equal(version_cmp(&m->driver[KB_OS_WINDOWS], &want), 0);
	/* FC / older RN Table 2: 525.60.13 is "the minimum required driver version for the
	 * 12.x toolkits". */
	m = kb_cuda_minor_compat(kb, 12);
	assert_non_null(m);
	want = drv("525.60.13");
	assert_int_equal(version_cmp(&m->driver[KB_OS_LINUX], &want), 0);
	/* RN134 Table 2: CUDA 13.x needs >= 580. */
	m = kb_cuda_minor_compat(kb, 13);
	assert_non_null(m);
	assert_int_equal(version_driver_branch(&m->driver[KB_OS_LINUX]), 580);
	/* MVC: "the minimum required driver version changed for every new CUDA Toolkit minor
	 * release until CUDA 11.1" -> 10.x and 9.x have no minor-version compatibility. */
	assert_null(kb_cuda_minor_compat(kb, 10));
	assert_null(kb_cuda_minor_compat(kb, 9));
}

/* ------------------------------------------------------------------------- */
/* Driver branch -> highest CUDA (RN Table 3 pairing; RN134 branch table) */

static void test_driver_max_cuda(void **state)
{
	const struct kb *kb = *state;
	static const struct {
		const char *driver, *cuda;
	} facts[] = {
		{ "384.81", "9.0" },      /* RN: 9.0 >= 384.81, 9.1 needs 390.46 */
		{ "396.37", "9.2" },      /* RN: 9.2 >= 396.26 / 396.37 */
		{ "410.48", "10.0" },     /* RN: 10.0.130 >= 410.48 */
		{ "418.87.01", "10.1" },  /* RN: 10.1 >= 418.39; datacenter PDF R418 max CUDA 10.1 */
		{ "440.33.01", "10.2" },  /* RN: 10.2 >= 440.33 */
		{ "450.80.02", "11.0" },  /* RN: 11.0.x in R450 */
		{ "455.32.00", "11.1" },  /* RN: 11.1 >= 455.23 / 455.32 */
		{ "460.32.03", "11.2" },  /* RN: 11.2 >= 460.27.03 */
		{ "465.19.01", "11.3" },  /* RN: 11.3 >= 465.19.01 */
		{ "470.82.01", "11.4" },  /* RN: 11.4.x in R470 -> R470 runs CUDA <= 11.4 */
		{ "495.29.05", "11.5" },  /* RN: 11.5 >= 495.29.05 */
		{ "510.47.03", "11.6" },  /* RN: 11.6 in R510 */
		{ "515.65.01", "11.7" },  /* RN: 11.7 in R515 */
		{ "520.61.05", "11.8" },  /* RN: 11.8 >= 520.61.05 */
		{ "525.85.12", "12.0" },  /* RN: 12.0 in R525 */
		{ "530.30.02", "12.1" },  /* RN: 12.1 >= 530.30.02 */
		{ "535.104.05", "12.2" }, /* RN: 12.2 in R535 */
		{ "545.23.08", "12.3" },  /* RN: 12.3 in R545 */
		{ "550.54.15", "12.4" },  /* RN: 12.4 in R550 */
		{ "555.42.06", "12.5" },  /* RN: 12.5 in R555 */
		{ "560.35.03", "12.6" },  /* RN: 12.6 in R560 */
		{ "570.124.06", "12.8" }, /* RN: 12.8 in R570 */
		{ "575.57.08", "12.9" },  /* RN: 12.9 in R575 */
		{ "580.65.06", "13.0" },  /* RN134: 13.0 -> R580 */
		{ "590.48.01", "13.1" },  /* RN134: 13.1 -> R590 */
		{ "595.71.05", "13.2" },  /* RN134: 13.2 -> R595 */
		{ "610.43.02", "13.3" },  /* RN134: 13.3 -> R610 */
		{ "615.31", "13.4" },     /* RN134: 13.4 -> R615 */
	};
	table_rows += sizeof(facts) / sizeof(facts[0]);
	for (size_t i = 0; i < sizeof(facts) / sizeof(facts[0]); i++) {
		struct version d = drv(facts[i].driver), got, want = ver(facts[i].cuda);
		if (!kb_driver_max_cuda(kb, &d, &got))
			fail_msg("driver %s: branch unknown", facts[i].driver);
		if (version_cmp_prefix(&got, &want, 2))
			fail_msg("driver %s: source says CUDA %s", facts[i].driver, facts[i].cuda);
	}
	/* Datacenter driver pages (615 edition): R535 is an LTSB branch, EOL 2026-06. */
	const struct kb_branch *b = kb_branch_find(kb, 535);
	assert_non_null(b);
	assert_string_equal(b->type, "ltsb");
	/* RN: 13.0.0 GA needs 580.65.06, the newest release a 575.57.08 driver fully runs is
	 * 12.9.x (12.9.1 >= 575.57.08). */
	struct version d = drv("575.57.08");
	const struct kb_cuda *c = kb_cuda_newest_for_driver(kb, &d, KB_OS_LINUX);
	assert_non_null(c);
	assert_int_equal(c->version.release[0], 12);
	assert_int_equal(c->version.release[1], 9);
}

/* ------------------------------------------------------------------------- */
/* nvcc targets (nvidia.md 4a, rows OK) */

static void test_can_target(void **state)
{
	const struct kb *kb = *state;
	static const struct {
		const char *cuda, *cc;
		enum kb_answer want;
	} facts[] = {
		{ "8.0", "sm_20", KB_YES },   /* MATRIX: Fermi last CUDA 8.0 */
		{ "9.0", "sm_20", KB_NO },    /* CMAKE removes 20 at 9.0; CLANG max 8.0 */
		{ "10.2", "sm_30", KB_YES },  /* CLANG max 10.2 for sm_30 */
		{ "11.0", "sm_30", KB_NO },   /* CMAKE removes 30 at 11.0 */
		{ "11.8", "sm_35", KB_YES },  /* CLANG max 11.8 for sm_35 */
		{ "5.0", "sm_35", KB_YES },   /* PTXRH: "PTX ISA 3.1 | CUDA 5.0" adds sm_35 */
		{ "4.2", "sm_35", KB_NO },    /* PTXRH: the CUDA 4.2 row has sm_30, not sm_35 */
		{ "4.2", "sm_30", KB_YES },   /* PTXRH: "PTX ISA 3.0 | CUDA 4.2" adds sm_30 */
		{ "4.1", "sm_30", KB_NO },    /* PTXRH: the CUDA 4.1 row (also PTX ISA 3.0) lacks it */
		{ "6.0", "sm_32", KB_YES },   /* PTXRH: sm_32 and sm_50 in PTX ISA 4.0 = CUDA 6.0 */
		{ "5.5", "sm_32", KB_NO },    /* same */
		{ "6.0", "sm_50", KB_YES },   /* PTXRH: CUDA 6.0 row has sm_50 (matrix row: 6.5) */
		{ "5.5", "sm_50", KB_NO },    /* same */
		{ "6.5", "sm_37", KB_YES },   /* PTXRH: sm_37 and sm_52 in PTX ISA 4.1 = CUDA 6.5 */
		{ "6.0", "sm_37", KB_NO },    /* same (not the matrix's Kepler 6.0) */
		{ "6.5", "sm_52", KB_YES },   /* same */
		{ "6.0", "sm_52", KB_NO },    /* same */
		{ "7.0", "sm_53", KB_YES },   /* PTXRH: sm_53 in PTX ISA 4.2 = CUDA 7.0 */
		{ "6.5", "sm_53", KB_NO },    /* same (not the matrix's Maxwell 6.5) */
		{ "9.1", "sm_72", KB_YES },   /* PTXRH: sm_72 in PTX ISA 6.1 = CUDA 9.1 */
		{ "9.0", "sm_72", KB_NO },    /* PTXRH: the CUDA 9.0 row has sm_70 only */
		{ "11.4", "sm_87", KB_YES },  /* PTXRH: sm_87 in PTX ISA 7.4 = CUDA 11.4 */
		{ "11.3", "sm_87", KB_NO },   /* same */
		{ "12.0", "sm_35", KB_NO },   /* CMAKE removes 35/37 at 12.0: CUDA 12.0 cannot target sm_35 */
		{ "12.0", "sm_37", KB_NO },   /* same */
		{ "12.9", "sm_50", KB_YES },  /* RN: Maxwell offline compilation removed in 13.0 */
		{ "13.0", "sm_50", KB_NO },   /* RN: removed in CUDA 13.0 */
		{ "8.0", "sm_60", KB_YES },   /* CLANG/CMAKE: sm_60 from 8.0 */
		{ "7.5", "sm_61", KB_NO },    /* CLANG/CMAKE: sm_61 from 8.0 */
		{ "12.9", "sm_61", KB_YES },  /* RN: Pascal removed in 13.0, so 12.9 still has it */
		{ "13.0", "sm_61", KB_NO },   /* RN: removed in 13.0 */
		{ "9.0", "sm_70", KB_YES },   /* CLANG/CMAKE/MATRIX: Volta first 9.0 */
		{ "8.0", "sm_70", KB_NO },    /* same */
		{ "12.9", "sm_70", KB_YES },  /* MATRIX: Volta last "CUDA 12.x" */
		{ "13.0", "sm_70", KB_NO },   /* RN: CUDA 13.0 cannot target sm_70 */
		{ "10.0", "sm_75", KB_YES },  /* MATRIX: Turing 7.5 from CUDA 10.0 */
		{ "9.2", "sm_75", KB_NO },    /* same */
		{ "13.0", "sm_75", KB_YES },  /* MATRIX: Turing "Ongoing" */
		{ "11.0", "sm_80", KB_YES },  /* MATRIX/CLANG: sm_80 from 11.0 */
		{ "10.2", "sm_80", KB_NO },   /* same */
		{ "11.1", "sm_86", KB_YES },  /* CLANG/CMAKE: sm_86 from 11.1 */
		{ "11.0", "sm_86", KB_NO },   /* CLANG D88668: not in 11.0 */
		{ "11.8", "sm_89", KB_YES },  /* MATRIX: Ada 8.9 from CUDA 11.8 */
		{ "11.7", "sm_89", KB_NO },   /* same */
		{ "11.8", "sm_90", KB_YES },  /* MATRIX: Hopper from CUDA 11.8 */
		{ "12.8", "sm_100", KB_YES }, /* MATRIX: Blackwell 10.0 from CUDA 12.8 */
		{ "12.6", "sm_100", KB_NO },  /* same */
		{ "12.8", "sm_120", KB_YES }, /* MATRIX: Blackwell 12.0 from CUDA 12.8 */
		{ "13.2", "sm_120", KB_YES }, /* MATRIX: ongoing */
	};
	table_rows += sizeof(facts) / sizeof(facts[0]);
	for (size_t i = 0; i < sizeof(facts) / sizeof(facts[0]); i++) {
		struct version cuda = ver(facts[i].cuda), cc;
		assert_true(kb_parse_cc(facts[i].cc, &cc));
		enum kb_answer got = kb_cuda_can_target(kb, &cuda, &cc);
		if (got != facts[i].want)
			fail_msg("CUDA %s -> %s: KB says %s, source says %s", facts[i].cuda, facts[i].cc,
				 answer(got), answer(facts[i].want));
	}
}

/* ------------------------------------------------------------------------- */
/* GPUs: names and compute capabilities (gpus.md rows OK; NVCC / NVCCL) */

static void test_gpu_cc(void **state)
{
	const struct kb *kb = *state;
	static const struct {
		const char *spelling, *cc;
	} facts[] = {
		{ "TITAN Xp", "6.1" },               /* NVCCL: TITAN Xp 6.1; SG-460 spelling */
		{ "NVIDIA TITAN Xp", "6.1" },        /* SG-465+ spelling */
		{ "titan xp", "6.1" },               /* user spelling, case-free */
		{ "GeForce GTX 1080 Ti", "6.1" },    /* NVCCL: GTX 1080 Ti 6.1 */
		{ "NVIDIA GeForce GTX 1080 Ti", "6.1" }, /* SG-465 spelling */
		{ "gtx 1080ti", "6.1" },             /* "Ti" glued or not */
		{ "Tesla K80", "3.7" },              /* NVCCL: Tesla K80 3.7 */
		{ "Tesla P100-PCIE-16GB", "6.0" },   /* NVCCL: Tesla P100 6.0 */
		{ "Tesla V100-SXM2-16GB", "7.0" },   /* NVCCL: V100 7.0; spelling on all branches */
		{ "Tesla T4", "7.5" },               /* NVCC: T4 7.5 */
		{ "A100-SXM4-40GB", "8.0" },         /* NVCC: A100 8.0; R450 nvidia-smi spelling */
		{ "NVIDIA A100-SXM4-40GB", "8.0" },  /* SG-465 spelling */
		{ "GeForce RTX 3090", "8.6" },       /* NVCC: RTX 3090 8.6 */
		{ "NVIDIA GeForce RTX 3090", "8.6" },
		{ "NVIDIA GeForce RTX 4090", "8.9" }, /* NVCC: RTX 4090 8.9 */
		{ "rtx 4090", "8.9" },
		{ "NVIDIA L4", "8.9" },              /* NVCC: L4 8.9 */
		{ "NVIDIA H100 80GB HBM3", "9.0" },  /* NVCC: H100 9.0; SXM5 nvidia-smi name */
		{ "NVIDIA H200", "9.0" },            /* NVCC: H200 9.0 */
		{ "NVIDIA GeForce RTX 5090", "12.0" }, /* NVCC: RTX 5090 12.0 */
		/* NVCC: "NVIDIA RTX PRO 6000 Blackwell Server Edition" 12.0 (Data Center column) */
		{ "NVIDIA RTX PRO 6000 Blackwell Server Edition", "12.0" },
		{ "RTX PRO 6000 Blackwell Server Edition", "12.0" },
		{ "NVIDIA RTX 5000 Ada Generation", "8.9" }, /* NVCC: "NVIDIA RTX 5000 Ada" 8.9 */
		{ "NVIDIA RTX 2000 Ada Generation", "8.9" }, /* NVCC: "NVIDIA RTX 2000 Ada" 8.9 */
	};
	table_rows += sizeof(facts) / sizeof(facts[0]);
	for (size_t i = 0; i < sizeof(facts) / sizeof(facts[0]); i++) {
		bool amb = true;
		const struct kb_gpu *g = kb_gpu_lookup(kb, facts[i].spelling, &amb);
		if (!g)
			fail_msg("'%s' not found (ambiguous %d)", facts[i].spelling, amb);
		struct version want = ver(facts[i].cc);
		if (version_cmp_prefix(&g->cc, &want, 2))
			fail_msg("'%s': source says cc %s", facts[i].spelling, facts[i].cc);
	}
}

static void test_gpu_driver(void **state)
{
	const struct kb *kb = *state;
	static const struct {
		const char *gpu, *driver;
		enum kb_answer want;
	} facts[] = {
		/* gpus.md / OGKM: H200 was never named by an R535 or R545 release. */
		{ "NVIDIA H200", "535.104.05", KB_NO },
		{ "NVIDIA H200", "535.230.02", KB_NO },
		{ "NVIDIA H200", "545.23.08", KB_NO },
		/* OGKM-NAMES: every R525+ release names the RTX 4090. */
		/* OGKM-CL "[520.56.06] 2022-10-12 ... Introduce support for GeForce RTX 4090 GPUs";
		 * OGKM-NAMES: 520.61.05 (the CUDA 11.8 data-center release) does not name it,
		 * 520.61.07 does (gpus.md fact 8: support is per release, not a plain >=). */
		{ "rtx 4090", "520.56.06", KB_YES },
		{ "rtx 4090", "520.61.05", KB_NO },
		{ "rtx 4090", "520.61.07", KB_YES },
		{ "rtx 4090", "525.60.11", KB_YES },
		{ "rtx 4090", "550.54.14", KB_YES },
		/* OGKM: R515 has no AD10x code (Ada floor R520). */
		{ "rtx 4090", "515.65.01", KB_NO },
		/* MATRIX "Last Driver Support": Pascal R580; a 590+ driver ignores a GTX 10xx. */
		{ "GTX 1080 Ti", "590.48.01", KB_NO },
		{ "TITAN Xp", "595.71.05", KB_NO },
		/* MATRIX: Kepler last branch R470. */
		{ "Tesla K80", "495.29.05", KB_NO },
		/* MATRIX: Volta last branch R580. */
		{ "Tesla V100-SXM2-16GB", "590.44.01", KB_NO },
		/* OGKM-NAMES: RTX 5090 first in 570.86.16, not in 570.86.15 three days earlier. */
		{ "rtx 5090", "570.86.16", KB_YES },
		{ "rtx 5090", "570.86.15", KB_NO },
		/* MATRIX: Blackwell floor R570 (no R565 driver drives it). */
		{ "rtx 5090", "565.57.01", KB_NO },
		/* OGKM-NAMES: L4 from 530.41.03; R525 back-port from 525.105.17. */
		{ "NVIDIA L4", "525.105.17", KB_YES },
		{ "NVIDIA L4", "525.85.12", KB_NO },
		/* OGKM-NAMES: the desktop RTX 5000 / 4000 Ada (0x26B2 / 0x27B2) are first named in
		 * 535.98 (no R525/R530 release); their laptop boards (0x2730 / 0x27BA) in 525.116.03
		 * and every R535 release, but no R530 release. */
		{ "NVIDIA RTX 5000 Ada Generation", "525.116.03", KB_NO },
		{ "NVIDIA RTX 5000 Ada Generation", "535.86.10", KB_NO },
		{ "NVIDIA RTX 5000 Ada Generation", "535.98", KB_YES },
		{ "NVIDIA RTX 5000 Ada Generation", "550.54.14", KB_YES },
		{ "NVIDIA RTX 5000 Ada Generation Laptop GPU", "525.116.03", KB_YES },
		{ "NVIDIA RTX 5000 Ada Generation Laptop GPU", "525.105.17", KB_NO },
		{ "NVIDIA RTX 5000 Ada Generation Laptop GPU", "530.41.03", KB_NO },
		{ "NVIDIA RTX 5000 Ada Generation Laptop GPU", "535.43.02", KB_YES },
		{ "NVIDIA RTX 4000 Ada Generation", "525.116.03", KB_NO },
		{ "NVIDIA RTX 4000 Ada Generation", "535.98", KB_YES },
		{ "NVIDIA RTX 4000 Ada Generation Laptop GPU", "525.116.03", KB_YES },
		/* OGKM-NAMES: the desktop RTX 2000 Ada (0x28B0/0x1870) from 550.54.14, the 2000E
		 * (0x28B0/0x1871) from 550.76, neither in any R535/R545 release; the laptop board
		 * (0x28B8) from 525.116.03. */
		{ "NVIDIA RTX 2000 Ada Generation", "535.154.05", KB_NO },
		{ "NVIDIA RTX 2000 Ada Generation", "550.54.14", KB_YES },
		{ "NVIDIA RTX 2000E Ada Generation", "550.67", KB_NO },
		{ "NVIDIA RTX 2000E Ada Generation", "550.76", KB_YES },
		{ "NVIDIA RTX 2000 Ada Generation Laptop GPU", "525.116.03", KB_YES },
		/* OGKM-NAMES: the RTX PRO Blackwell laptop boards are named from 570.158.01 (R570)
		 * and 575.64 (R575; not 575.57.08), in every R580+ release. */
		{ "NVIDIA RTX PRO 3000 Blackwell Generation Laptop GPU", "570.153.02", KB_NO },
		{ "NVIDIA RTX PRO 3000 Blackwell Generation Laptop GPU", "570.158.01", KB_YES },
		{ "NVIDIA RTX PRO 3000 Blackwell Generation Laptop GPU", "575.57.08", KB_NO },
		{ "NVIDIA RTX PRO 3000 Blackwell Generation Laptop GPU", "575.64", KB_YES },
		{ "NVIDIA RTX PRO 500 Blackwell Generation Laptop GPU", "580.65.06", KB_YES },
	};
	table_rows += sizeof(facts) / sizeof(facts[0]);
	for (size_t i = 0; i < sizeof(facts) / sizeof(facts[0]); i++) {
		const struct kb_gpu *g = kb_gpu_lookup(kb, facts[i].gpu, NULL);
		if (!g)
			fail_msg("'%s' not found", facts[i].gpu);
		struct version d = drv(facts[i].driver);
		enum kb_answer got = kb_gpu_driver_supported(kb, g, &d);
		if (got != facts[i].want)
			fail_msg("'%s' on %s: KB says %s, source says %s", facts[i].gpu, facts[i].driver,
				 answer(got), answer(facts[i].want));
	}
}

static void test_forward_compat(void **state)
{
	const struct kb *kb = *state;
	/* FC: applicable to "NVIDIA Data Center GPUs" and "Jetson boards", not GeForce
	 * (CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE = 804). */
	assert_int_equal(kb_forward_compat_allowed(kb, "datacenter"), KB_YES);
	assert_int_equal(kb_forward_compat_allowed(kb, "jetson"), KB_YES);
	assert_int_equal(kb_forward_compat_allowed(kb, "geforce"), KB_NO);
	assert_int_equal(kb_forward_compat_allowed(kb, "toaster"), KB_UNKNOWN);
}

/* Which installed base branch each cuda-compat package runs on: FC's matrix "Compat
 * package vs installed base driver branch" (nvidia.md section 2c), C = yes, X = no. The
 * N/A cells (the package's own branch: the CUDA runs natively, no package needed) are
 * "no" for kb_forward_compat_runs; a CUDA X.Y the matrix has no row for is unknown. */
struct fc_fact {
	const char *cuda;
	uint32_t branch;
	enum kb_answer want;
};

static void test_forward_compat_matrix(void **state)
{
	const struct kb *kb = *state;
	static const struct fc_fact facts[] = {
		/* https://docs.nvidia.com/deploy/cuda-compatibility/forward-compatibility.html */
		{ "13.4", 535, KB_YES },   /* FC: cuda-compat-13-4 row, 535+ column: C */
		{ "13.4", 610, KB_YES },   /* FC: cuda-compat-13-4, 610+ column: C */
		{ "13.4", 615, KB_NO },    /* FC: cuda-compat-13-4, 615+ column: N/A (own branch) */
		{ "13.3", 595, KB_YES },   /* FC: cuda-compat-13-3, 595+ column: C */
		{ "13.3", 615, KB_NO },    /* FC: cuda-compat-13-3, 615+ column: X */
		{ "13.2", 610, KB_NO },    /* FC: cuda-compat-13-2, 610+ column: X */
		{ "13.1", 580, KB_YES },   /* FC: cuda-compat-13-1, 580+ column: C */
		{ "13.0", 570, KB_YES },   /* FC: cuda-compat-13-0, 570+ column: C */
		{ "13.0", 590, KB_NO },    /* FC: cuda-compat-13-0, 590+ column: X */
		{ "12.9", 570, KB_YES },   /* FC: cuda-compat-12-9, 570+ column: C */
		{ "12.9", 580, KB_NO },    /* FC: cuda-compat-12-9, 580+ column: X */
		{ "12.8", 535, KB_YES },   /* FC: cuda-compat-12-8, 535+ column: C */
		{ "12.8", 580, KB_NO },    /* FC: cuda-compat-12-8, 580+ column: X */
		{ "12.8", 570, KB_NO },    /* FC: cuda-compat-12-8, 570+ column: N/A (own branch) */
		{ "12.6", 535, KB_YES },   /* FC: cuda-compat-12-6 / 12-5 / 12-4 / 12-3 row, 535+: C */
		{ "12.3", 535, KB_YES },   /* FC: same row */
		{ "12.4", 570, KB_NO },    /* FC: same row, 570+ column: X */
		{ "12.2", 535, KB_NO },    /* FC: cuda-compat-12-2, 535+ column: N/A (own branch) */
		{ "12.2", 570, KB_NO },    /* FC: cuda-compat-12-2, 570+ column: X */
		{ "13.4.1", 580, KB_YES }, /* FC: a 13.4 update uses cuda-compat-13-4: C on 580+ */
		{ "12.1", 535, KB_UNKNOWN },   /* FC: the matrix has no cuda-compat-12-1 row */
		{ "11.8", 470, KB_UNKNOWN },   /* FC: no 11-x rows in the current matrix */
	};
	for (size_t i = 0; i < sizeof(facts) / sizeof(facts[0]); i++) {
		struct version cuda = ver(facts[i].cuda);
		enum kb_answer got = kb_forward_compat_runs(kb, &cuda, facts[i].branch);
		if (got != facts[i].want)
			fail_msg("cuda-compat %s on R%u: KB says %s, source says %s", facts[i].cuda,
				 facts[i].branch, answer(got), answer(facts[i].want));
	}
	table_rows += sizeof(facts) / sizeof(facts[0]);
	/* FC: "applicable only to Data Center GPUs ... Jetson": the two halves together. */
	struct version cuda = ver("13.0");
	assert_int_equal(kb_forward_compat_allowed(kb, "datacenter"), KB_YES);
	assert_int_equal(kb_forward_compat_runs(kb, &cuda, 535), KB_YES);
	assert_int_equal(kb_forward_compat_allowed(kb, "geforce"), KB_NO);
}

/* ------------------------------------------------------------------------- */
/* cuDNN (CUDNN support matrices, nvidia.md section 6, rows OK) */

static void test_cudnn(void **state)
{
	const struct kb *kb = *state;
	static const struct {
		const char *cudnn, *cuda;
		enum kb_answer want;
	} facts[] = {
		{ "8.9.5", "12.2", KB_YES }, /* CUDNN 8.9.5: "for CUDA 12.x": 12.0, 12.1, 12.2 */
		{ "8.9.5", "11.8", KB_YES }, /* CUDNN 8.9.5: "for CUDA 11.x": 11.0 - 11.8 */
		{ "8.9.5", "12.4", KB_NO },  /* not listed for 12.4 */
		{ "9.0.0", "12.3", KB_YES }, /* CUDNN 9.0.0: 12.0 - 12.3 */
		{ "9.0.0", "12.4", KB_NO },  /* same */
		{ "9.5.1", "12.6", KB_YES }, /* CUDNN 9.5.x: 12.0 - 12.6 */
		{ "9.17.0", "13.1", KB_YES }, /* CUDNN 9.17.0: 13.0, 13.1 */
		{ "9.17.0", "11.8", KB_NO },  /* CUDNN 9.17.0: no 11.x build */
		{ "8.2.2", "11.4", KB_YES },  /* CUDNN 8.2.2 adds 11.4 (r470) */
		{ "8.2.0", "11.4", KB_NO },   /* CUDNN 8.2.0 - 8.2.1: up to 11.3 */
		{ "7.6.5", "10.2", KB_YES },  /* CUDNN 7.6.4 - 7.6.5: 10.2 */
		{ "8.0.2", "10.1", KB_YES },  /* CUDNN 8.0.2 - 8.0.3: 10.1 Update 2 */
	};
	table_rows += sizeof(facts) / sizeof(facts[0]);
	for (size_t i = 0; i < sizeof(facts) / sizeof(facts[0]); i++) {
		struct version c = ver(facts[i].cudnn), cuda = ver(facts[i].cuda);
		const struct kb_cudnn *r = kb_cudnn_find(kb, &c);
		if (!r)
			fail_msg("cuDNN %s unknown", facts[i].cudnn);
		enum kb_answer got = kb_cudnn_supports_cuda(r, &cuda);
		if (got != facts[i].want)
			fail_msg("cuDNN %s with CUDA %s: KB says %s, source says %s", facts[i].cudnn,
				 facts[i].cuda, answer(got), answer(facts[i].want));
	}
	/* CUDNN 9.17.0: CC 7.5 .. 12.0, no Maxwell/Pascal/Volta. */
	struct version v = ver("9.17.0.29");
	const struct kb_cudnn *r = kb_cudnn_find(kb, &v);
	assert_non_null(r);
	assert_true(r->has_cc);
	assert_int_equal(r->cc_min.release[0], 7);
	assert_int_equal(r->cc_min.release[1], 5);
	/* nvidia.md 6b: the PyPI package of the CUDA 12 builds is nvidia-cudnn-cu12. */
	const struct kb_cudnn_package *p = kb_cudnn_package(kb, "nvidia-cudnn-cu12");
	assert_non_null(p);
	assert_int_equal(p->cuda_major, 12);
	assert_string_equal(p->ecosystem, "pip");
}

/* ------------------------------------------------------------------------- */
/* PyTorch (pytorch.md sections 1-5, rows OK) */

static const struct kb_torch_release *rel_of(const struct kb *kb, const char *torch)
{
	struct version v = ver(torch);
	const struct kb_torch_release *r = kb_torch_release(kb, &v);
	if (!r)
		fail_msg("torch %s: release line unknown", torch);
	return r;
}

static void test_torch_variants(void **state)
{
	const struct kb *kb = *state;
	static const struct {
		const char *torch, *variant, *cuda, *cudnn;
	} facts[] = {
		{ "1.4.0", "cu101", "10.1", "7.6.3.30" },  /* BLDM@09179681 install_cuda.sh (7.6.3.30 since 2019-09-20) */
		{ "1.5.0", "cu102", "10.2", "7.6.5.32" },  /* BLDM@30850f42 install_cuda.sh */
		{ "1.7.1", "cu92", "9.2", "7.6.3.30" },    /* BLDM@24274a90 install_cuda.sh */
		{ "1.9.0", "cu102", "10.2", "7.6.5.32" },  /* BLD release/1.9 install_cuda.sh */
		{ "1.9.0", "cu111", "11.1", "8.0.5.39" },  /* BLD release/1.9 */
		{ "1.10.0", "cu102", "10.2", "7.6.5.32" }, /* BLD release/1.10 */
		{ "1.12.0", "cu113", "11.3", "8.3.2.44" }, /* BLD release/1.12; REL cuDNN 8.3.2.44 */
		{ "1.12.0", "cu116", "11.6", "8.3.2.44" }, /* same */
		{ "1.13.0", "cu117", "11.7", "8.5.0.96" }, /* BLD release/1.13; PV */
		{ "2.0.0", "cu118", "11.8", "8.7.0.84" },  /* BLD release/2.0; REL */
		{ "2.1.0", "cu121", "12.1", "8.9.2.26" },  /* BLD release/2.1; REL: torch 2.1.0 cu121 ships cuDNN 8.9.2 */
		{ "2.1.2", "cu118", "11.8", "8.7.0.84" },  /* same */
		{ "2.2.0", "cu121", "12.1", "8.9.2.26" },  /* BLD release/2.2; REL */
		{ "2.3.0", "cu121", "12.1", "8.9.2.26" },  /* BLD release/2.3; REL */
		{ "2.4.0", "cu124", "12.4", "9.1.0.70" },  /* BLD release/2.4 CUDNN_VERSION=9.1.0.70 */
		{ "2.5.0", "cu124", "12.4", "9.1.0.70" },  /* BLD release/2.5; REL */
		{ "2.6.0", "cu126", "12.6", "9.5.1.17" },  /* TI b1bdc33; REL */
	};
	table_rows += sizeof(facts) / sizeof(facts[0]);
	for (size_t i = 0; i < sizeof(facts) / sizeof(facts[0]); i++) {
		const struct kb_torch_release *r = rel_of(kb, facts[i].torch);
		struct version patch = ver(facts[i].torch);
		const struct kb_torch_variant *v = kb_torch_variant(r, facts[i].variant, &patch);
		if (!v)
			fail_msg("torch %s has no %s", facts[i].torch, facts[i].variant);
		struct version cuda = ver(facts[i].cuda), cudnn = ver(facts[i].cudnn);
		assert_true(v->has_cuda);
		if (version_cmp_prefix(&v->cuda, &cuda, 2))
			fail_msg("torch %s %s: source says CUDA %s", facts[i].torch, facts[i].variant,
				 facts[i].cuda);
		if (!v->has_cudnn || version_cmp(&v->cudnn, &cudnn))
			fail_msg("torch %s %s: source says cuDNN %s", facts[i].torch, facts[i].variant,
				 facts[i].cudnn);
	}
	/* pip's version list of the cu101 index, quoted in ivadomed/ivadomed#1129 (2022):
	 * "1.8.0+cu101, 1.8.1+cu101" (PV names cu101 for 1.8.1 only: it is incomplete). */
	const struct kb_torch_release *r = rel_of(kb, "1.8.1");
	struct version p = ver("1.8.1");
	assert_non_null(kb_torch_variant(r, "cu101", &p));
	p = ver("1.8.0");
	assert_non_null(kb_torch_variant(r, "cu101", &p));
	/* TI bad60f65: 2.7 is the last release with cu118; 2.8 has none. */
	assert_non_null(kb_torch_variant(rel_of(kb, "2.7.0"), "cu118", NULL));
	assert_null(kb_torch_variant(rel_of(kb, "2.8.0"), "cu118", NULL));
}

static void test_torch_pypi_default(void **state)
{
	const struct kb *kb = *state;
	static const struct {
		const char *torch, *variant;
	} facts[] = {
		{ "1.2.0", "cu100" },  /* PV: "# CUDA 10.0  pip install torch==1.2.0 torchvision==0.4.0" */
		{ "1.4.0", "cu101" },  /* PV: "# CUDA 10.1  pip install torch==1.4.0 torchvision==0.5.0" */
		{ "1.5.1", "cu102" },  /* PV: "# CUDA 10.2  pip install torch==1.5.1 torchvision==0.6.1" */
		{ "1.6.0", "cu102" },  /* PV: "# CUDA 10.2  pip install torch==1.6.0 torchvision==0.7.0" */
		{ "1.7.1", "cu102" },  /* PV: "# CUDA 10.2  pip install torch==1.7.1 ..." */
		{ "1.9.0", "cu102" },  /* BLD release/promote.sh (note 1: 1.8 - 1.12 PyPI is CUDA 10.2) */
		{ "1.12.0", "cu102" }, /* same */
		{ "1.13.0", "cu117" }, /* PV@04862e37: first PyPI build on nvidia-*-cu11 packages */
		{ "2.0.0", "cu117" },  /* TI d3629fa2 */
		{ "2.1.0", "cu121" },  /* TI bc649269 */
		{ "2.4.0", "cu121" },  /* TI ac9a718c */
		{ "2.5.0", "cu124" },  /* TI 1969a06c */
		{ "2.7.0", "cu126" },  /* TI bad60f65 STABLE_CUDA_VERSIONS */
		{ "2.8.0", "cu128" },  /* TI 21480431 */
		{ "2.11.0", "cu130" }, /* TI bb8f04ff: first CUDA 13 PyPI default */
	};
	table_rows += sizeof(facts) / sizeof(facts[0]);
	for (size_t i = 0; i < sizeof(facts) / sizeof(facts[0]); i++) {
		const struct kb_torch_release *r = rel_of(kb, facts[i].torch);
		if (!r->pypi_default || strcmp(r->pypi_default, facts[i].variant))
			fail_msg("torch %s: source says PyPI default %s", facts[i].torch, facts[i].variant);
	}
}

/* Which CUDA builds of a release were published (STK301 says "never published" only where
 * the KB holds the release's whole build matrix). TI on each release branch:
 * release/2.3 @8eb9c9e5 "test": ["11.8", "12.1"]; release/2.8 @e521879f ["12.6", "12.8",
 * "12.9"]; d3629fa2 "Release 2.0 matrix modifications" ["11.7", "11.8"]; release/2.7
 * @b4870dd2 ["11.8", "12.6", "12.8"]. release/2.9 gained 12.9 back after its matrix was cut
 * (TI 6beb190b, "Bring back CUDA 12.9 builds"), which is why 2.9 is not claimed complete.
 * pytorch3d .circleci/regenerate.py@b6771233 lists cu111 builds for 1.11.0, which PV omits. */
static void test_torch_cuda_builds_published(void **state)
{
	const struct kb *kb = *state;
	static const struct {
		const char *torch, *variant;
		enum kb_answer published;
	} facts[] = {
		{ "2.0.1", "cu121", KB_NO },   /* TI d3629fa2; LooGLE#8: "cu121 starts at 2.1.0" */
		{ "2.0.1", "cu118", KB_YES },  /* TI d3629fa2 */
		{ "2.1.0", "cu121", KB_YES },  /* TI release/2.1 @5c9a8cd2 */
		{ "2.3.1", "cu124", KB_NO },   /* TI release/2.3 @8eb9c9e5 */
		{ "2.4.0", "cu124", KB_YES },  /* TI release/2.4 @c6b59bac */
		{ "2.7.1", "cu118", KB_YES },  /* TI release/2.7 @b4870dd2 */
		{ "2.8.0", "cu118", KB_NO },   /* TI release/2.8 @e521879f */
		{ "1.12.1", "cu102", KB_YES }, /* TI c90ba003 "release": ["10.2", "11.3", "11.6"] */
		{ "1.12.1", "cu115", KB_NO },  /* same */
		{ "1.8.0", "cu101", KB_YES },  /* ivadomed#1129, pip's list of the cu101 index */
		{ "2.9.0", "cu129", KB_YES },      /* TI ea334aba: 12.9 builds back on 2.9.0's go-live day */
		{ "2.12.0", "cu129", KB_UNKNOWN }, /* only 2.12.1 (pytorch#185269); no complete list */
		{ "1.11.0", "cu111", KB_UNKNOWN }, /* pytorch3d regenerate.py: built; PV omits it */
		{ "2.0.1", "cu117.with.pypi.cudnn", KB_UNKNOWN }, /* a special build outside TI */
		{ "2.0.1", "rocm5.9", KB_UNKNOWN },  /* the claim is about CUDA builds only */
		{ "2.0.9", "cu121", KB_UNKNOWN },    /* no such patch: PIN402's business */
	};
	table_rows += sizeof(facts) / sizeof(facts[0]);
	for (size_t i = 0; i < sizeof(facts) / sizeof(facts[0]); i++) {
		struct version v = ver(facts[i].torch);
		enum kb_answer got = kb_torch_cuda_build_published(kb, &v, facts[i].variant);
		if (got != facts[i].published)
			fail_msg("torch %s+%s: published %d, source says %d", facts[i].torch,
				 facts[i].variant, (int)got, (int)facts[i].published);
	}
}

static void test_torch_companions(void **state)
{
	const struct kb *kb = *state;
	static const struct {
		const char *torch, *vision, *audio;
	} facts[] = {
		{ "1.4.0", "0.5.0", "0.4.0" },   /* PV; AUD */
		{ "1.5.0", "0.6.0", "0.5.0" },   /* PV; AUD */
		{ "1.6.0", "0.7.0", "0.6.0" },   /* PV; AUD */
		{ "1.7.0", "0.8.0", "0.7.0" },   /* PV; AUD */
		{ "1.7.1", "0.8.2", "0.7.2" },   /* PV; AUD */
		{ "1.8.0", "0.9.0", "0.8.0" },   /* PV */
		{ "1.9.1", "0.10.1", "0.9.1" },  /* PV; AUD */
		{ "1.10.1", "0.11.2", "0.10.1" }, /* PV */
		{ "1.12.0", "0.13.0", "0.12.0" }, /* PV; BLD release_versions.sh */
		{ "1.13.1", "0.14.1", "0.13.1" }, /* PV; BLD */
		{ "2.0.1", "0.15.2", "2.0.2" },  /* PV; AUD */
		{ "2.1.0", "0.16.0", "2.1.0" },  /* PV; TI RELEASE_DICT: torchvision 0.16.0 pairs with torch 2.1.0 */
		{ "2.1.2", "0.16.2", "2.1.2" },  /* PV; TI */
		{ "2.2.1", "0.17.1", "2.2.1" },  /* PV; TI */
		{ "2.3.0", "0.18.0", "2.3.0" },  /* PV; TI */
		{ "2.4.1", "0.19.1", "2.4.1" },  /* TI RELEASE_DICT */
		{ "2.5.0", "0.20.0", "2.5.0" },  /* TI RELEASE_DICT */
		{ "2.6.0", "0.21.0", "2.6.0" },  /* TI validate_pypi_staging.py @edb2650d0 */
		{ "2.7.0", "0.22.0", "2.7.0" },  /* TI release_versions.sh @d0e960f2e */
	};
	table_rows += sizeof(facts) / sizeof(facts[0]);
	for (size_t i = 0; i < sizeof(facts) / sizeof(facts[0]); i++) {
		const struct kb_torch_release *r = rel_of(kb, facts[i].torch);
		struct version t = ver(facts[i].torch), vis = ver(facts[i].vision),
			       aud = ver(facts[i].audio);
		const struct kb_torch_companion *c = kb_torch_companion(r, &t);
		if (!c)
			fail_msg("torch %s: no companions", facts[i].torch);
		if (!c->has_torchvision || version_cmp(&c->torchvision, &vis))
			fail_msg("torch %s: source says torchvision %s", facts[i].torch, facts[i].vision);
		if (!c->has_torchaudio || version_cmp(&c->torchaudio, &aud))
			fail_msg("torch %s: source says torchaudio %s", facts[i].torch, facts[i].audio);
		/* and back: the newest release listing that torchvision is this one */
		const struct kb_torch_companion *back = kb_torch_companion_of(kb, false, &vis);
		assert_ptr_equal(back, c);
	}
}

/* The lines before 1.8: builder had no release branches, so BLDM is builder's main at the
 * last commit before the release date (manywheel/build.sh TORCH_CUDA_ARCH_LIST). */
static void test_torch_old_lines(void **state)
{
	const struct kb *kb = *state;
	struct version p = ver("1.7.1"), cc = ver("8.0");
	/* BLDM@24274a90 `11.0)`: "3.7;5.0;6.0;7.0;7.5;8.0", no +PTX: the first sm_80 wheel. */
	const struct kb_torch_variant *v = kb_torch_variant(rel_of(kb, "1.7.1"), "cu110", &p);
	assert_non_null(v);
	assert_int_equal(v->nsass, 6);
	assert_int_equal(version_cmp(&v->sass[5], &cc), 0);
	assert_true(v->ptx_known);
	assert_int_equal(v->nptx, 0);
	/* BLDM@8d064bfc "remove PTX and 6.1" for the PyPI cu102 wheel: "3.7;5.0;6.0;7.0" + 7.5. */
	p = ver("1.6.0");
	v = kb_torch_variant(rel_of(kb, "1.6.0"), "cu102", &p);
	assert_non_null(v);
	assert_int_equal(v->nsass, 5);
	assert_true(v->ptx_known);
	assert_int_equal(v->nptx, 0);
	/* PV: no CUDA 11 build before 1.7.0. */
	assert_null(kb_torch_variant(rel_of(kb, "1.6.0"), "cu110", NULL));
	/* BLDM@09179681: "3.7+PTX;5.0" then 6.0 6.1 7.0 7.5 for 10.1. */
	p = ver("1.4.0");
	v = kb_torch_variant(rel_of(kb, "1.4.0"), "cu101", &p);
	assert_non_null(v);
	cc = ver("3.7");
	assert_int_equal(v->nptx, 1);
	assert_int_equal(version_cmp(&v->ptx[0], &cc), 0);
	/* VIS: 1.4 is the last line with Python 2.7 wheels (==2.7, >=3.5, <=3.8); 1.6 is 3.6 - 3.8. */
	const struct kb_torch_release *r = rel_of(kb, "1.4.0");
	struct version lo = ver("2.7"), hi = ver("3.8");
	assert_true(r->has_python);
	assert_int_equal(version_cmp(&r->python_min, &lo), 0);
	assert_int_equal(version_cmp(&r->python_max, &hi), 0);
	r = rel_of(kb, "1.6.0");
	lo = ver("3.6");
	assert_int_equal(version_cmp(&r->python_min, &lo), 0);
	assert_int_equal(version_cmp(&r->python_max, &hi), 0);
	/* PV: 1.0 and 1.1 wheels are downloaded from .../whl/cu90|cu100/torch_stable.html, with
	 * no +cuXYZ label; from 1.2 on PV installs `torch==1.2.0+cu92`. */
	assert_true(rel_of(kb, "1.1.0")->no_local_version);
	assert_true(rel_of(kb, "1.0.1")->no_local_version);
	assert_false(rel_of(kb, "1.2.0")->no_local_version);
	/* PV lists 1.0.x and 1.1.0 with no PyPI command; the KB does not guess. */
	assert_null(rel_of(kb, "1.1.0")->pypi_default);
	table_rows += 8;
}

static void test_torch_patches_and_conda(void **state)
{
	const struct kb *kb = *state;
	/* PV: 2.1 has 2.1.0, 2.1.1, 2.1.2 and no 2.1.3. */
	const struct kb_torch_release *r = rel_of(kb, "2.1");
	struct version v = ver("2.1.2");
	assert_true(kb_torch_patch_exists(r, &v));
	v = ver("2.1.2+cu121");
	assert_true(kb_torch_patch_exists(r, &v));
	v = ver("2.1.3");
	assert_false(kb_torch_patch_exists(r, &v));
	/* pytorch.md (TI): 2.6 has only 2.6.0. */
	r = rel_of(kb, "2.6");
	v = ver("2.6.1");
	assert_false(kb_torch_patch_exists(r, &v));
	/* pytorch.md section 4 (PV, issue #138506): the pytorch conda channel ended with 2.5;
	 * there is no 2.6 there. */
	assert_false(r->conda_channel);
	assert_true(rel_of(kb, "2.5")->conda_channel);
	assert_true(rel_of(kb, "2.1")->conda_channel);
	/* PV: 2.1 conda installs use pytorch-cuda=11.8 / 12.1. */
	r = rel_of(kb, "2.1");
	bool has121 = false;
	for (size_t i = 0; i < r->npytorch_cuda; i++)
		has121 |= r->pytorch_cuda[i].release[0] == 12 && r->pytorch_cuda[i].release[1] == 1;
	assert_true(has121);
	/* VIS / REL: torch 2.1 supports Python 3.8 .. 3.11. */
	assert_true(r->has_python);
	v = ver("3.8");
	assert_int_equal(version_cmp(&r->python_min, &v), 0);
	v = ver("3.11");
	assert_int_equal(version_cmp(&r->python_max, &v), 0);
	/* PV: there is no torch 1.7 line in a KB that starts at 1.8, and no 3.0 line. */
	v = ver("3.0.0");
	assert_null(kb_torch_release(kb, &v));
}

/* Which GPUs a wheel runs on (pytorch.md section 3, rows OK) */
static void test_torch_arch_lists(void **state)
{
	const struct kb *kb = *state;
	struct version cc61 = ver("6.1"), cc70 = ver("7.0"), cc86 = ver("8.6"), cc90 = ver("9.0"),
		       cc37 = ver("3.7"), cc120 = ver("12.0");
	/* BLD release/2.1 `12.1)`: 5.0;6.0;7.0;7.5;8.0;8.6;9.0 (no sm_37). */
	const struct kb_torch_variant *v = kb_torch_variant(rel_of(kb, "2.1.0"), "cu121", NULL);
	assert_non_null(v);
	assert_int_equal(kb_binaries_run_on(v->sass, v->nsass, v->ptx, v->nptx, v->ptx_known, &cc61), KB_YES);
	assert_int_equal(kb_binaries_run_on(v->sass, v->nsass, v->ptx, v->nptx, v->ptx_known, &cc37), KB_NO);
	/* BLD release/2.0 `11.8)`: first sm_90 wheel. */
	v = kb_torch_variant(rel_of(kb, "2.0.0"), "cu118", NULL);
	assert_non_null(v);
	assert_int_equal(kb_binaries_run_on(v->sass, v->nsass, v->ptx, v->nptx, v->ptx_known, &cc90), KB_YES);
	/* PR #147607 / pytorch.md: 2.7 cu128 has 7.5;8.0;8.6;9.0;10.0;12.0 - no sm_61 SASS, so a
	 * GTX 1080 Ti cannot run it: KB_NO when the PTX list is known empty, KB_UNKNOWN while
	 * PTX is unknown (as in the KB). */
	v = kb_torch_variant(rel_of(kb, "2.7.0"), "cu128", NULL);
	assert_non_null(v);
	const struct kb_gpu *gtx = kb_gpu_lookup(kb, "GTX 1080 Ti", NULL);
	assert_non_null(gtx);
	assert_int_equal(kb_binaries_run_on(v->sass, v->nsass, NULL, 0, true, &gtx->cc), KB_NO);
	assert_int_equal(kb_binaries_run_on(v->sass, v->nsass, NULL, 0, false, &gtx->cc), KB_UNKNOWN);
	assert_int_equal(kb_binaries_run_on(v->sass, v->nsass, v->ptx, v->nptx, v->ptx_known, &gtx->cc),
			 KB_UNKNOWN);
	assert_int_equal(kb_binaries_run_on(v->sass, v->nsass, v->ptx, v->nptx, v->ptx_known, &cc70),
			 KB_UNKNOWN);
	/* PR #157516 / #157558: 2.8 cu128 adds sm_70 back, no +PTX. */
	v = kb_torch_variant(rel_of(kb, "2.8.0"), "cu128", NULL);
	assert_non_null(v);
	assert_int_equal(kb_binaries_run_on(v->sass, v->nsass, v->ptx, v->nptx, v->ptx_known, &cc70), KB_YES);
	assert_int_equal(kb_binaries_run_on(v->sass, v->nsass, v->ptx, v->nptx, v->ptx_known, &cc120), KB_YES);
	assert_int_equal(kb_binaries_run_on(v->sass, v->nsass, v->ptx, v->nptx, v->ptx_known, &cc61), KB_NO);
	/* issue #182250: 2.11.0+cu128 get_arch_list = sm_75 .. sm_120 (sm_70 removed, no PTX). */
	v = kb_torch_variant(rel_of(kb, "2.11.0"), "cu128", NULL);
	assert_non_null(v);
	assert_int_equal(kb_binaries_run_on(v->sass, v->nsass, v->ptx, v->nptx, v->ptx_known, &cc70), KB_NO);
	assert_int_equal(kb_binaries_run_on(v->sass, v->nsass, v->ptx, v->nptx, v->ptx_known, &cc86), KB_YES);
}

/* Linux aarch64 (SBSA) wheels: their own lists (pytorch.yaml `aarch64`), never the
 * x86_64 ones. RELEASE.md aarch64 tables (2.11 rows in PR #182849's diff, RFC #172663;
 * 2.12 PR #182849), build_env_setup.py@00505f29 (2.13), main's build_cuda.sh@799d09f2
 * (2.10, 2nd); PyPI's 2.11 aarch64 wheel: test-infra promote_pypi_to_staging.sh@2685ac30. */
static void test_torch_aarch64_builds(void **state)
{
	const struct kb *kb = *state;
	static const struct {
		const char *torch, *variant, *sass; /* sass: every arch of the list */
		int ptx;                            /* 1: `ptx: []` known, 0: PTX unknown */
		bool secondary;
	} facts[] = {
		{ "2.10.0", "cu126", "8.0 9.0", 1, true },
		{ "2.10.0", "cu128", "8.0 9.0 10.0 12.0", 1, true },
		{ "2.10.0", "cu130", "8.0 9.0 10.0 11.0 12.0", 0, true },
		{ "2.11.0", "cu126", "8.0 9.0", 1, false },
		{ "2.11.0", "cu128", "8.0 9.0 10.0 12.0", 1, false },
		{ "2.11.0", "cu130", "8.0 9.0 10.0 11.0 12.0", 0, false },
		{ "2.12.1", "cu126", "8.0 9.0", 1, false },
		{ "2.12.1", "cu130", "8.0 9.0 10.0 11.0 12.0", 0, false },
		{ "2.12.1", "cu132", "8.0 9.0 10.0 11.0 12.0", 0, false },
		{ "2.13.0", "cu126", "8.0 9.0", 1, false },
		{ "2.13.0", "cu130", "8.0 9.0 10.0 11.0 12.0", 0, false },
		{ "2.13.0", "cu132", "8.0 9.0 10.0 11.0 12.0", 0, false },
	};
	table_rows += sizeof(facts) / sizeof(facts[0]);
	for (size_t i = 0; i < sizeof(facts) / sizeof(facts[0]); i++) {
		const struct kb_torch_release *rel = rel_of(kb, facts[i].torch);
		const struct kb_torch_variant *v = kb_torch_variant(rel, facts[i].variant, NULL);
		assert_non_null(v);
		const struct kb_torch_variant *a = kb_torch_wheel_kernels(rel, v, KB_WHEEL_LINUX_AARCH64);
		if (!a)
			fail_msg("torch %s %s has no aarch64 build", facts[i].torch, facts[i].variant);
		assert_true(a != v);
		assert_true(a->has_cuda);
		assert_int_equal(version_cmp(&a->cuda, &v->cuda), 0);
		assert_int_equal(a->ptx_known, facts[i].ptx == 1);
		assert_int_equal(a->nptx, 0);
		assert_int_equal(a->origin.secondary, facts[i].secondary);
		char want[64] = "", sm[16];
		for (size_t k = 0; k < a->nsass; k++) {
			version_format(&a->sass[k], sm, sizeof(sm));
			snprintf(want + strlen(want), sizeof(want) - strlen(want), "%s%s", k ? " " : "", sm);
		}
		if (strcmp(want, facts[i].sass))
			fail_msg("torch %s %s aarch64: KB %s, source %s", facts[i].torch, facts[i].variant, want,
				 facts[i].sass);
		assert_true(kb_torch_wheel_on(rel, v, KB_WHEEL_LINUX_AARCH64));
		/* The x86_64 and Windows views: the variant itself, and none. */
		assert_ptr_equal(kb_torch_wheel_kernels(rel, v, KB_WHEEL_LINUX_X86_64), v);
		assert_null(kb_torch_wheel_kernels(rel, v, KB_WHEEL_OTHER));
	}
	/* Not known for aarch64: 2.7 (undated main-branch scripts disagree), the x86-only
	 * cu129 of 2.11 and 2.13, and cu118 of 2.6. */
	static const char *const unknown[][2] = {
		{ "2.7.0", "cu128" }, { "2.11.0", "cu129" }, { "2.13.0", "cu129" }, { "2.6.0", "cu118" }
	};
	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		const struct kb_torch_release *rel = rel_of(kb, unknown[i][0]);
		const struct kb_torch_variant *v = kb_torch_variant(rel, unknown[i][1], NULL);
		assert_non_null(v);
		assert_null(kb_torch_wheel_kernels(rel, v, KB_WHEEL_LINUX_AARCH64));
		assert_false(kb_torch_wheel_on(rel, v, KB_WHEEL_LINUX_AARCH64));
	}
	/* PyPI's aarch64 torch: cu130 for 2.11 (staging script of 2.11.0); not given for 2.10
	 * or 2.12, and none on Windows (its PyPI wheel is the CPU build). */
	assert_string_equal(kb_torch_pypi_default(rel_of(kb, "2.11.0"), KB_WHEEL_LINUX_AARCH64), "cu130");
	assert_null(kb_torch_pypi_default(rel_of(kb, "2.10.0"), KB_WHEEL_LINUX_AARCH64));
	assert_null(kb_torch_pypi_default(rel_of(kb, "2.12.1"), KB_WHEEL_LINUX_AARCH64));
	assert_null(kb_torch_pypi_default(rel_of(kb, "2.11.0"), KB_WHEEL_OTHER));
	assert_string_equal(kb_torch_pypi_default(rel_of(kb, "2.11.0"), KB_WHEEL_LINUX_X86_64), "cu130");
}

/* The `pytorch` conda channel's builds: pytorch/builder conda/pytorch-nightly/build.sh
 * (CB) at each release branch, TORCH_CUDA_ARCH_LIST per CUDA_VERSION case. */
static void test_torch_conda_builds(void **state)
{
	const struct kb *kb = *state;
	static const struct {
		const char *torch, *cuda, *sass, *ptx; /* sass/ptx: the list's first and last */
		size_t nsass, nptx;
	} facts[] = {
		{ "1.8.1", "11.1", "3.7 8.6", "3.7", 8, 1 },  /* CB main@af6f9896: "3.7+PTX;5.0" + 6.0 .. 8.6 */
		{ "1.9.0", "10.2", "3.7 7.5", "3.7", 6, 1 },  /* CB release/1.9 `10*`: + 6.0;6.1;7.0;7.5 */
		{ "1.12.1", "11.6", "3.7 8.6", "3.7", 8, 1 }, /* CB release/1.12 `11.6*` */
		{ "1.13.1", "11.7", "3.7 8.6", "3.7", 8, 1 }, /* CB release/1.13 `11.7*` */
		{ "2.0.1", "11.8", "3.7 9.0", "3.7", 9, 1 },  /* CB release/2.0 `11.8*`: + 9.0 */
		{ "2.1.0", "12.1", "5.0 9.0", "", 8, 0 },     /* CB release/2.1 `12.1*`: base + 9.0, no PTX */
		{ "2.5.1", "12.4", "5.0 9.0", "", 8, 0 },     /* CB release/2.5 `12.1* || 12.4*` */
		{ "2.5.1", "11.8", "3.7 9.0", "3.7", 9, 1 },  /* CB release/2.5 `11.8*`: + 3.7+PTX;9.0 */
	};
	table_rows += sizeof(facts) / sizeof(facts[0]);
	for (size_t i = 0; i < sizeof(facts) / sizeof(facts[0]); i++) {
		struct version cuda = ver(facts[i].cuda);
		const struct kb_torch_variant *b = kb_torch_conda_build(rel_of(kb, facts[i].torch), &cuda);
		if (!b)
			fail_msg("torch %s has no conda build for CUDA %s", facts[i].torch, facts[i].cuda);
		assert_true(b->has_cuda);
		assert_true(b->ptx_known);
		assert_int_equal(b->nsass, facts[i].nsass);
		assert_int_equal(b->nptx, facts[i].nptx);
		char first[8], last[8];
		assert_int_equal(sscanf(facts[i].sass, "%7s %7s", first, last), 2);
		struct version lo = ver(first), hi = ver(last);
		if (version_cmp(&b->sass[0], &lo) || version_cmp(&b->sass[b->nsass - 1], &hi))
			fail_msg("torch %s conda %s: source lists %s", facts[i].torch, facts[i].cuda, facts[i].sass);
		if (facts[i].nptx) {
			struct version px = ver(facts[i].ptx);
			assert_int_equal(version_cmp(&b->ptx[0], &px), 0);
		}
	}
	/* A CUDA the channel did not publish for the line has no entry (1.9: cudatoolkit 10.2
	 * only on PV; 2.6: no channel). */
	struct version cu111 = ver("11.1"), cu124 = ver("12.4");
	assert_null(kb_torch_conda_build(rel_of(kb, "1.9.0"), &cu111));
	assert_null(kb_torch_conda_build(rel_of(kb, "2.6.0"), &cu124));
	/* The wheels of the same release differ: 2.1.0+cu118 has no PTX, its conda build 3.7+PTX. */
	struct version cu118 = ver("11.8");
	assert_int_equal(kb_torch_variant(rel_of(kb, "2.1.0"), "cu118", NULL)->nptx, 0);
	assert_int_equal(kb_torch_conda_build(rel_of(kb, "2.1.0"), &cu118)->nptx, 1);
}

/* cu129 of 2.9 to 2.13, and the non-CUDA builds named per release line (issue 8). */
static void test_torch_cu129_and_non_cuda(void **state)
{
	const struct kb *kb = *state;
	struct version cc70 = ver("7.0"), cc86 = ver("8.6"), cc120 = ver("12.0"), p;
	static const struct {
		const char *torch;
		bool listed;
	} cu129[] = {
		/* TI ea334aba (2.9.0 go-live day): 12.9 domain builds back for pytorch#165165. */
		{ "2.9.1", true },
		/* rapidsai/rmm#2541 diff: torch==2.10.0+cu129 from the cu129 index. */
		{ "2.10.0", true },
		/* pytorch#185269: SGLang "depends on the PyTorch 2.11 cu129 binary". */
		{ "2.11.0", true },
		/* pytorch#185269: "this was done for 2.12.1"; 2.12.0 shipped without 12.9. */
		{ "2.12.0", false },
		{ "2.12.1", true },
		/* PR #188443: the cu129 build job of release/2.13, fixed before 2.13.0. */
		{ "2.13.0", true },
		/* 2.14: a merged pin of 2.14.0+cu129 against "cu129 stops at 2.13.0": not entered. */
		{ "2.14.0", false },
	};
	table_rows += sizeof(cu129) / sizeof(cu129[0]);
	for (size_t i = 0; i < sizeof(cu129) / sizeof(cu129[0]); i++) {
		p = ver(cu129[i].torch);
		const struct kb_torch_variant *v = kb_torch_variant(rel_of(kb, cu129[i].torch), "cu129", &p);
		if (!v != !cu129[i].listed)
			fail_msg("torch %s cu129: sources say %s", cu129[i].torch,
				 cu129[i].listed ? "published" : "not known");
		if (v) {
			struct version cuda = ver("12.9");
			assert_true(v->has_cuda);
			assert_int_equal(version_cmp_prefix(&v->cuda, &cuda, 2), 0);
		}
	}
	/* main's build_cuda.sh@799d09f2 `12.9)`: 7.0;7.5;8.0;8.6;9.0;10.0;12.0 (+PTX on main only:
	 * the release wheels' PTX is not entered). Second-hand: inferred publication. */
	p = ver("2.9.1");
	const struct kb_torch_variant *v = kb_torch_variant(rel_of(kb, "2.9.1"), "cu129", &p);
	assert_true(v->origin.secondary);
	assert_false(v->ptx_known);
	assert_int_equal(kb_binaries_run_on(v->sass, v->nsass, v->ptx, v->nptx, v->ptx_known, &cc70), KB_YES);
	/* No 2.11-era arch list for 12.9 was read: the SASS list stays unknown. */
	v = kb_torch_variant(rel_of(kb, "2.11.0"), "cu129", NULL);
	assert_int_equal(v->nsass, 0);
	/* PR #188443 quoting release/2.12: `12.9) TORCH_CUDA_ARCH_LIST="7.5;8.0;8.6;9.0;10.0;12.0"`. */
	p = ver("2.12.1");
	v = kb_torch_variant(rel_of(kb, "2.12.1"), "cu129", &p);
	assert_false(v->origin.secondary);
	assert_true(v->ptx_known);
	assert_int_equal(kb_binaries_run_on(v->sass, v->nsass, v->ptx, v->nptx, v->ptx_known, &cc70), KB_NO);
	assert_int_equal(kb_binaries_run_on(v->sass, v->nsass, v->ptx, v->nptx, v->ptx_known, &cc86), KB_YES);
	assert_int_equal(kb_binaries_run_on(v->sass, v->nsass, v->ptx, v->nptx, v->ptx_known, &cc120), KB_YES);
	/* PR #188443: release/2.13 12.9 x86_64 {75, 80, 86, 90, 100, 120}; PTX of 2.13.0 unknown. */
	v = kb_torch_variant(rel_of(kb, "2.13.0"), "cu129", NULL);
	assert_true(v->origin.secondary);
	assert_false(v->ptx_known);
	/* 2.13's docker tags follow the test-infra matrix (12.6, 13.0, 13.2): none for cu129. */
	struct version cu130 = ver("13.0"), cu129v = ver("12.9");
	assert_string_equal(kb_torch_image_of(rel_of(kb, "2.13.0"), &cu130), "cuda13.0-cudnn9");
	assert_null(kb_torch_image_of(rel_of(kb, "2.13.0"), &cu129v));
	/* RFC #190355 proposes cu132 on PyPI for 2.14; TI (2026-08-21) still stages cu130:
	 * neither is confirmed, so no PyPI default. */
	assert_null(rel_of(kb, "2.14.0")->pypi_default);

	static const struct {
		const char *torch, *variant;
		bool listed;
	} other[] = {
		/* TI 78805936 (2024-07-23) adds XPU after the 2.4 matrix (ac9a718c, same day). */
		{ "2.4.0", "xpu", false },
		{ "2.5.0", "xpu", true }, /* TI 1969a06c: arches += [XPU] for Linux */
		{ "2.13.0", "xpu", true }, /* TI 6d36e31f */
		/* TI 00fa5780: release/2.14 builds rocm 7.2 and 7.14, "does not produce rocm7.1". */
		{ "2.14.0", "rocm7.14", true },
		{ "2.14.0", "rocm7.2", true },
		{ "2.14.0", "rocm7.1", false },
		{ "2.14.0", "cpu", true },
	};
	table_rows += sizeof(other) / sizeof(other[0]);
	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		const struct kb_torch_variant *o = kb_torch_variant(rel_of(kb, other[i].torch), other[i].variant, NULL);
		if (!o != !other[i].listed)
			fail_msg("torch %s %s: sources say %s", other[i].torch, other[i].variant,
				 other[i].listed ? "built" : "not built");
		if (o)
			assert_false(o->has_cuda);
	}
}

/* ------------------------------------------------------------------------- */
/* Patterns (images.yaml) */

static void test_patterns(void **state)
{
	const struct kb *kb = *state;
	struct kb_match m;
	/* IMG: nvidia/cuda tags are <X.Y[.Z]>-[cudnn[N]-]<base|runtime|devel>-<os>. */
	assert_true(kb_match(kb, KB_PAT_IMAGE_TAG, "nvidia/cuda", "12.4.1-cudnn-devel-ubuntu22.04", &m));
	assert_string_equal(m.cuda, "12.4.1");
	assert_string_equal(m.flavor, "devel");
	assert_string_equal(m.os, "ubuntu22.04");
	assert_true(kb_match(kb, KB_PAT_IMAGE_TAG, "docker.io/nvidia/cuda", "11.8.0-cudnn8-runtime-ubuntu20.04", &m));
	assert_string_equal(m.cuda, "11.8.0");
	assert_string_equal(m.cudnn, "8");
	assert_false(kb_match(kb, KB_PAT_IMAGE_TAG, "nvidia/cudax", "12.4.1-devel-ubuntu22.04", &m));
	/* NVIDIA's doc/supported-tags.md of 2020-09-10 (pranavmishra90/nvidia-container-images-cuda
	 * @f203e05628926e852605a92c23fb34d21b58dd03) lists OS-less aliases of X.Y tags:
	 * "`10.1-cudnn7-devel`, `10.1-cudnn7-devel-ubuntu18.04`", "`10.0-devel`", "`9.2-runtime`". */
	assert_true(kb_match(kb, KB_PAT_IMAGE_TAG, "nvidia/cuda", "10.1-cudnn7-devel", &m));
	assert_string_equal(m.cuda, "10.1");
	assert_string_equal(m.cudnn, "7");
	assert_string_equal(m.flavor, "devel");
	assert_string_equal(m.os, "");
	assert_true(kb_match(kb, KB_PAT_IMAGE_TAG, "nvidia/cuda", "9.2-runtime", &m));
	assert_string_equal(m.cuda, "9.2");
	assert_string_equal(m.os, "");
	/* No X.Y.Z tag was published without an OS, nor a tag without its flavor. */
	assert_false(kb_match(kb, KB_PAT_IMAGE_TAG, "nvidia/cuda", "12.4.1-devel", &m));
	assert_false(kb_match(kb, KB_PAT_IMAGE_TAG, "nvidia/cuda", "11.8.0-cudnn8-runtime", &m));
	assert_false(kb_match(kb, KB_PAT_IMAGE_TAG, "nvidia/cuda", "10.1-cudnn7", &m));
	/* test-infra docker release matrix: pytorch/pytorch:<torch>-cuda<X.Y>-cudnn<N>-<flavor>. */
	assert_true(kb_match(kb, KB_PAT_IMAGE_TAG, "pytorch/pytorch", "2.1.0-cuda12.1-cudnn8-runtime", &m));
	assert_string_equal(m.torch, "2.1.0");
	assert_string_equal(m.cuda, "12.1");
	/* PV: `+cu121` local version labels the cu121 variant. */
	assert_true(kb_match(kb, KB_PAT_LOCAL_VERSION, NULL, "2.1.0+cu121", &m));
	assert_string_equal(m.variant, "cu121");
	assert_string_equal(m.cuda, "121");
	assert_true(kb_match(kb, KB_PAT_LOCAL_VERSION, NULL, "+rocm5.6", &m));
	assert_string_equal(m.variant, "rocm5.6");
	assert_string_equal(m.cuda, "");
	/* PV: the per-variant index https://download.pytorch.org/whl/<variant>. */
	assert_true(kb_match(kb, KB_PAT_INDEX_URL, NULL, "https://download.pytorch.org/whl/cu118", &m));
	assert_string_equal(m.variant, "cu118");
	/* uv (astral-sh/uv docs/guides/integration/pytorch.md@04317224): "--torch-backend=cu126"
	 * selects the PyTorch index of that build; `auto` is chosen where uv runs: not read. */
	assert_true(kb_match(kb, KB_PAT_INDEX_URL, NULL, "cu126", &m));
	assert_string_equal(m.variant, "cu126");
	assert_string_equal(m.cuda, "126");
	assert_true(kb_match(kb, KB_PAT_INDEX_URL, NULL, "cpu", &m));
	assert_string_equal(m.variant, "cpu");
	assert_false(kb_match(kb, KB_PAT_INDEX_URL, NULL, "auto", &m));
	/* NGC: nvcr.io/nvidia/pytorch:<YY.MM>-py3. */
	assert_true(kb_match(kb, KB_PAT_IMAGE_TAG, "nvcr.io/nvidia/pytorch", "24.05-py3", &m));
	assert_string_equal(m.ngc, "24.05");
	assert_false(kb_match(kb, KB_PAT_LOCAL_VERSION, NULL, "2.1.0", &m));
	/* docker-library/python: the X.Y of the tag is the image's CPython (3.12/slim-bookworm
	 * sets ENV PYTHON_VERSION 3.12.10); a major alone names none. */
	assert_true(kb_match(kb, KB_PAT_IMAGE_TAG, "python", "3.12.4-slim-bookworm", &m));
	assert_string_equal(m.python, "3.12");
	assert_true(kb_match(kb, KB_PAT_IMAGE_TAG, "docker.io/library/python", "3.10", &m));
	assert_string_equal(m.python, "3.10");
	assert_true(kb_match(kb, KB_PAT_IMAGE_TAG, "python", "3.16.0a1-slim-trixie", &m));
	assert_string_equal(m.python, "3.16");
	assert_false(kb_match(kb, KB_PAT_IMAGE_TAG, "python", "3-slim", &m));
	assert_false(kb_match(kb, KB_PAT_IMAGE_TAG, "python", "latest", &m));
	assert_false(kb_match(kb, KB_PAT_IMAGE_TAG, "mypython", "3.12", &m));
}

/* ------------------------------------------------------------------------- */
/* NGC PyTorch containers (images.yaml `ngc`): nvcr.io/nvidia/pytorch:<YY.MM>-py3 -> CUDA base,
 * PyTorch version ("" = not given), driver branch (0 = not given), data-center floors ("" = none).
 * Rows marked 2nd were read in the release notes of a sibling container of the same YY.MM (MXNet,
 * TensorFlow, Triton, DLProf, DGL, CUDA DL, SGLang, vLLM: shared CUDA base);
 * their torch in NVIDIA's PyTorch-for-Jetson table or users' reports of the image. */

static void test_ngc(void **state)
{
	const struct kb *kb = *state;
	static const struct {
		const char *tag, *cuda, *torch;
		uint32_t branch;
		const char *datacenter;
	} facts[] = {
		/* https://docs.nvidia.com/deeplearning/frameworks/pytorch-release-notes/rel_19-03.html */
		{ "19.03", "10.1.105", "", 418, "" },
		/* https://docs.nvidia.com/deeplearning/frameworks/pytorch-release-notes/rel_19-05.html */
		/* data-center list also https://docs.nvidia.com/deeplearning/tensorrt/container-release-notes/rel_19-05.html */
		{ "19.05", "10.1", "", 418, "384.111 410" },
		/* https://docs.nvidia.com/deeplearning/frameworks/pytorch-release-notes/rel_19-06.html */
		{ "19.06", "10.1.168", "", 418, "384.111 410" },
		/* https://docs.nvidia.com/deeplearning/frameworks/pytorch-release-notes/rel_19-10.html */
		{ "19.10", "10.1.243", "", 418, "" },
		/* https://docs.nvidia.com/deeplearning/frameworks/pytorch-release-notes/rel_19-11.html */
		/* data-center list also https://docs.nvidia.com/deeplearning/sdk/inference-release-notes/rel_19-11.html */
		{ "19.11", "10.2.89", "", 440, "384.111 396 410 418" },
		/* 2nd: https://docs.nvidia.com/deeplearning/frameworks/mxnet-release-notes/rel_19-12.html */
		/* data-center list: https://docs.nvidia.com/deeplearning/frameworks/dlprof-release-notes/dlprof-release-notes-1912.html */
		{ "19.12", "10.2.89", "", 440, "384.111 396 410 418" },
		/* https://docs.nvidia.com/deeplearning/frameworks/pytorch-release-notes/rel_20-02.html */
		/* data-center list also https://docs.nvidia.com/deeplearning/frameworks/dlprof-release-notes/dlprof-release-notes-2002.html */
		{ "20.02", "10.2.89", "1.4.0a0", 440, "384.111 396 410 418 440.30" },
		/* 2nd: https://docs.nvidia.com/deeplearning/frameworks/mxnet-release-notes/rel_20-03.html */
		{ "20.03", "10.2.89", "", 440, "" },
		/* https://docs.nvidia.com/deeplearning/frameworks/pytorch-release-notes/rel_20-06.html */
		{ "20.06", "11.0.167", "", 450, "" },
		/* 2nd: https://docs.nvidia.com/deeplearning/frameworks/tensorflow-release-notes/rel_20-10.html */
		{ "20.10", "11.1.0", "", 455, "418 440.30 450" },
		/* 2nd: https://docs.nvidia.com/deeplearning/frameworks/mxnet-release-notes/rel_21-03.html */
		{ "21.03", "11.2.1", "", 460, "418.40 440.33 450.51" },
		/* 2nd: https://docs.nvidia.com/deeplearning/frameworks/mxnet-release-notes/rel_21-04.html */
		{ "21.04", "11.3.0", "", 465, "418.40 440.33 450.51 460.27" },
		/* 2nd: https://docs.nvidia.com/deeplearning/frameworks/tensorflow-release-notes/rel_21-05.html */
		/* data-center list: https://docs.nvidia.com/deeplearning/triton-inference-server/release-notes/rel_21-05.html */
		{ "21.05", "11.3.0", "", 465, "418.40 440.33 450.51 460.27" },
		/* 2nd: https://docs.nvidia.com/deeplearning/dgx/tensorflow-release-notes/rel_21-06.html */
		{ "21.06", "11.3.1", "", 465, "418.40 440.33 450.51 460.27" }, /* DLProf 21.06 */
		/* 2nd: https://docs.nvidia.com/deeplearning/frameworks/mxnet-release-notes/rel_21-09.html */
		{ "21.09", "11.4.2", "", 470, "418.40 440.33 450.51 460.27" },
		/* 2nd: https://docs.nvidia.com/deeplearning/frameworks/tensorflow-release-notes/rel_21-10.html */
		/* data-center list also https://docs.nvidia.com/deeplearning/frameworks/kaldi-release-notes/rel_21-10.html */
		{ "21.10", "11.4.2", "", 470, "418.40 440.33 450.51 460.27" },
		/* 2nd: https://docs.nvidia.com/deeplearning/frameworks/mxnet-release-notes/rel_22-03.html */
		{ "22.03", "11.6.1", "", 510, "418.40 440.33 450.51 460.27 470.57" }, /* Triton 22.03 (MXNet said 470) */
		/* 2nd: https://docs.nvidia.com/deeplearning/frameworks/mxnet-release-notes/rel_22-05.html */
		{ "22.05", "11.7.0", "", 515, "450.51 470.57 510.47" },
		/* 2nd: https://docs.nvidia.com/deeplearning/frameworks/tensorflow-release-notes/rel-22-10.html */
		{ "22.10", "11.8.0", "", 520, "450.51 470.57 510.47 515.65" },
		/* 2nd: https://docs.nvidia.com/deeplearning/frameworks/mxnet-release-notes/rel-22-11.html */
		{ "22.11", "11.8.0", "", 520, "450.51 470.57 510.47 515.65" },
		/* 2nd: https://docs.nvidia.com/deeplearning/frameworks/tensorflow-release-notes/rel-23-01.html */
		{ "23.01", "12.0.1", "", 525, "450.51 470.57 510.47 515.65 525.85" },
		/* 2nd: "cuda 12.2.2 - torch 2.1.0a0+32f93b1" of nvcr.io/nvidia/pytorch:23.10-py3,
		 * https://github.com/vllm-project/vllm/issues/3786 (and vllm#1781) */
		{ "23.10", "12.2.2", "2.1.0a0", 0, "" },
		/* 2nd: https://docs.nvidia.com/deeplearning/frameworks/mxnet-release-notes/rel-24-05.html;
		 * torch: PyTorch for Jetson release notes, Table 1 "2.4.0a0+07cecf4168 | 24.05" */
		{ "24.05", "12.4.1", "2.4.0a0", 545, "470.57 525.85 535.86 545.23" },
		/* 2nd: https://docs.nvidia.com/deeplearning/frameworks/mxnet-release-notes/rel-24-06.html;
		 * torch: PyTorch for Jetson release notes, Table 1 "2.4.0a0+f70bd71a48 | 24.06" */
		{ "24.06", "12.4.1", "2.4.0a0", 545, "470.57 525.85 535.86 545.23" },
		/* https://docs.nvidia.com/deeplearning/frameworks/pytorch-release-notes/rel-25-12.html
		 * (no driver-branch sentence on the page) */
		{ "25.12", "13.1.0", "2.10.0a0", 0, "" },
		/* 2nd: Triton Inference Server (T), DLProf (D), DGL, CUDA DL or SGLang release notes of
		 * the same YY.MM; a driver sentence below the floor of its own CUDA is not entered (0). */
		/* https://docs.nvidia.com/deeplearning/triton-inference-server/release-notes/rel_19-07.html */
		{ "19.07", "10.1.168", "", 418, "" },
		/* https://docs.nvidia.com/deeplearning/frameworks/dlprof-release-notes/dlprof-release-notes-2001.html */
		{ "20.01", "10.2.89", "", 440, "384.111 396 410 418 440.30" },
		/* https://docs.nvidia.com/deeplearning/sdk/inference-release-notes/rel_20-07.html */
		{ "20.07", "11.0", "", 450, "" },
		/* https://docs.nvidia.com/deeplearning/triton-inference-server/release-notes/rel_20-08.html */
		{ "20.08", "11.0.3", "", 450, "418 440.30" },
		/* https://docs.nvidia.com/deeplearning/sdk/inference-release-notes/rel_20-09.html */
		{ "20.09", "11.0.3", "", 450, "" },
		/* https://docs.nvidia.com/deeplearning/frameworks/dlprof-release-notes/dlprof-release-notes-2011.html */
		{ "20.11", "11.1.0", "", 455, "418 440.30 450" },
		/* https://docs.nvidia.com/deeplearning/sdk/inference-release-notes/rel_20-12.html */
		{ "20.12", "11.1.1", "", 455, "418 440.30 450" },
		/* https://docs.nvidia.com/deeplearning/sdk/inference-release-notes/rel_21-02.html */
		{ "21.02", "11.2.0", "", 460, "418.40 440.33 450.51" },
		/* https://docs.nvidia.com/deeplearning/sdk/inference-release-notes/rel_21-07.html */
		{ "21.07", "11.4.0", "", 470, "418.40 440.33 450.51 460.27" },
		/* https://docs.nvidia.com/deeplearning/frameworks/dlprof-release-notes/dlprof-release-notes-2111.html */
		{ "21.11", "11.5.0", "", 495, "418.40 440.33 450.51 460.27" },
		/* https://docs.nvidia.com/deeplearning/sdk/inference-release-notes/rel_21-12.html */
		{ "21.12", "11.5.0", "", 495, "418.40 440.33 450.51 460.27 470.57" },
		/* https://docs.nvidia.com/deeplearning/sdk/inference-release-notes/rel_22-01.html */
		{ "22.01", "11.6.0", "", 510, "418.40 440.33 450.51 460.27 470.57" },
		/* https://docs.nvidia.com/deeplearning/sdk/inference-release-notes/rel_22-02.html */
		{ "22.02", "11.6.0", "", 510, "418.40 440.33 450.51 460.27 470.57" },
		/* https://docs.nvidia.com/deeplearning/triton-inference-server/release-notes/rel_22-04.html */
		{ "22.04", "11.6.2", "", 510, "418.40 440.33 450.51 460.27 470.57" },
		/* https://docs.nvidia.com/deeplearning/triton-inference-server/release-notes/rel_22-06.html */
		{ "22.06", "11.7", "", 515, "450.51 470.57 510.47" },
		/* https://docs.nvidia.com/deeplearning/triton-inference-server/release-notes/rel_22-07.html */
		{ "22.07", "11.7", "", 515, "450.51 470.57 510.47" },
		/* https://docs.nvidia.com/deeplearning/triton-inference-server/release-notes/rel_22-08.html */
		{ "22.08", "11.7.1", "", 515, "450.51 470.57 510.47" },
		/* https://docs.nvidia.com/deeplearning/triton-inference-server/release-notes/rel-22-09.html */
		{ "22.09", "11.8.0", "", 520, "450.51 470.57 510.47 515.65" },
		/* https://docs.nvidia.com/deeplearning/sdk/inference-release-notes/rel-22-12.html */
		{ "22.12", "11.8.0", "", 520, "450.51 470.57 510.47 515.65" },
		/* https://docs.nvidia.com/deeplearning/triton-inference-server/release-notes/rel-23-03.html */
		{ "23.03", "12.1.0", "", 530, "450.51 470.57 510.47 515.65 525.85 530.30" },
		/* https://docs.nvidia.com/deeplearning/triton-inference-server/release-notes/rel-23-04.html */
		{ "23.04", "12.1.0", "", 530, "450.51 470.57 510.47 515.65 525.85 530.30" },
		/* https://docs.nvidia.com/deeplearning/sdk/inference-release-notes/rel-23-05.html */
		{ "23.05", "12.1.1", "", 530, "450.51 470.57 510.47 515.65 525.85 530.30" },
		/* https://docs.nvidia.com/deeplearning/sdk/inference-release-notes/rel-23-06.html */
		{ "23.06", "12.1.1", "", 530, "450.51 470.57 510.47 515.65 525.85 530.30" },
		/* https://docs.nvidia.com/deeplearning/sdk/inference-release-notes/rel-23-07.html */
		{ "23.07", "12.1.1", "", 530, "450.51 470.57 510.47 515.65 525.85 530.30" },
		/* https://docs.nvidia.com/deeplearning/sdk/inference-release-notes/rel-23-08.html */
		{ "23.08", "12.2.1", "", 535, "450.51 470.57 510.47 525.85 535.86" },
		/* https://docs.nvidia.com/deeplearning/sdk/inference-release-notes/rel-23-09.html */
		{ "23.09", "12.2.1", "", 535, "450.51 470.57 510.47 525.85 535.86" },
		/* https://docs.nvidia.com/deeplearning/triton-inference-server/release-notes/rel-23-11.html */
		{ "23.11", "12.3.0", "", 545, "450.51 470.57 510.47 525.85 535.86 545.23" },
		/* https://docs.nvidia.com/deeplearning/triton-inference-server/release-notes/rel-23-12.html */
		{ "23.12", "12.3.2", "", 545, "450.51 470.57 510.47 525.85 535.86 545.23" },
		/* https://docs.nvidia.com/deeplearning/triton-inference-server/release-notes/rel-24-01.html */
		{ "24.01", "12.3.2", "", 545, "470.57 525.85 535.86 545.23" },
		/* https://docs.nvidia.com/deeplearning/sdk/inference-release-notes/rel-24-02.html */
		{ "24.02", "12.3.2", "", 545, "470.57 525.85 535.86 545.23" },
		/* https://docs.nvidia.com/deeplearning/triton-inference-server/release-notes/rel-24-03.html ("CUDA 12.4.0.41", 545 as written) */
		{ "24.03", "12.4.0", "", 545, "470.57 525.85 535.86 545.23" },
		/* https://docs.nvidia.com/deeplearning/sdk/inference-release-notes/rel-24-04.html ("CUDA 12.4", no X.Y.Z) */
		{ "24.04", "12.4", "", 545, "470.57 525.85 535.86 545.23" },
		/* https://docs.nvidia.com/deeplearning/triton-inference-server/release-notes/rel-24-07.html */
		{ "24.07", "12.5.1", "", 555, "470.57 525.85 535.86 545.23" },
		/* https://docs.nvidia.com/deeplearning/triton-inference-server/release-notes/rel-24-08.html */
		{ "24.08", "12.6", "", 560, "470.57 525.85 535.86 545.23" },
		/* https://docs.nvidia.com/deeplearning/triton-inference-server/release-notes/rel-24-10.html */
		{ "24.10", "12.6.2", "", 560, "470.57 525.85 535.86 545.23" },
		/* https://docs.nvidia.com/deeplearning/triton-inference-server/archives/
		 * triton-inference-server-2530/user-guide/docs/introduction/release_notes.html */
		{ "24.12", "12.6.3", "", 560, "470.57 525.85 535.86 545.23" },
		/* https://docs.nvidia.com/deeplearning/triton-inference-server/release-notes/rel-25-01.html (R560 below the R570 of CUDA 12.8: not entered) */
		{ "25.01", "12.8.0", "", 0, "" },
		/* https://docs.nvidia.com/deeplearning/triton-inference-server/release-notes/rel-25-02.html (R560 below the R570 of CUDA 12.8: not entered) */
		{ "25.02", "12.8.0", "", 0, "" },
		/* https://docs.nvidia.com/deeplearning/triton-inference-server/release-notes/rel-25-03.html */
		{ "25.03", "12.8.1", "", 0, "" },
		/* https://docs.nvidia.com/deeplearning/triton-inference-server/release-notes/Chunk786889861.html */
		{ "25.04", "12.9.0", "", 575, "470.57 525.85 535.86 545.23" },
		/* https://docs.nvidia.com/deeplearning/triton-inference-server/release-notes/rel-25-06.html */
		{ "25.06", "12.9.1", "", 575, "470.57 525.85 535.86 545.23" },
		/* https://docs.nvidia.com/deeplearning/triton-inference-server/release-notes/rel-25-08.html (R575 below the R580 of CUDA 13.0: not entered) */
		{ "25.08", "13.0.0", "", 0, "" },
		/* https://docs.nvidia.com/deeplearning/triton-inference-server/release-notes/rel-25-10.html */
		{ "25.10", "13.0.2", "", 0, "" },
		/* https://docs.nvidia.com/deeplearning/frameworks/vllm-release-notes/rel-26-01.html: CUDA 13.1.1, no
		 * driver sentence, contents "PyTorch 2.10.0a0+a36e1d39eb" = Jetson table "2.10.0a0+a36e1d39eb | 26.01" */
		{ "26.01", "13.1.1", "2.10.0a0", 0, "" },
		/* https://docs.nvidia.com/deeplearning/triton-inference-server/release-notes/rel-26-02.html */
		{ "26.02", "13.1.1", "", 0, "" },
		/* https://docs.nvidia.com/deeplearning/frameworks/cuda-dl-release-notes/rel-26-03.html */
		{ "26.03", "13.2.0", "", 0, "" },
		/* https://docs.nvidia.com/deeplearning/triton-inference-server/release-notes/rel-26-04.html */
		{ "26.04", "13.2.1", "", 0, "" },
		/* https://docs.nvidia.com/deeplearning/frameworks/sglang-release-notes/rel-26-05.html */
		{ "26.05", "13.2.1", "", 0, "" },
		/* https://docs.nvidia.com/deeplearning/triton-inference-server/release-notes/rel-26-06.html (no driver branch given) */
		{ "26.06", "13.3.0", "", 0, "" },
		/* https://docs.nvidia.com/deeplearning/triton-inference-server/release-notes/rel-26-08.html */
		{ "26.08", "13.4.1", "", 0, "" },
	};
	table_rows += sizeof(facts) / sizeof(facts[0]);
	for (size_t i = 0; i < sizeof(facts) / sizeof(facts[0]); i++) {
		const struct kb_ngc *n = kb_ngc_find(kb, "pytorch", facts[i].tag);
		if (!n)
			fail_msg("NGC pytorch:%s: not in the KB", facts[i].tag);
		struct version want;
		if (!version_parse_cuda(&want, facts[i].cuda, strlen(facts[i].cuda)))
			fail_msg("test bug: CUDA '%s' does not parse", facts[i].cuda);
		char buf[64];
		version_format(&n->cuda, buf, sizeof(buf));
		if (version_cmp(&n->cuda, &want))
			fail_msg("NGC pytorch:%s: KB says CUDA %s, source says %s", facts[i].tag, buf,
				 facts[i].cuda);
		if (facts[i].torch[0]) {
			want = ver(facts[i].torch);
			if (!n->has_torch || version_cmp(&n->torch, &want))
				fail_msg("NGC pytorch:%s: torch differs from %s", facts[i].tag, facts[i].torch);
		} else if (n->has_torch) {
			fail_msg("NGC pytorch:%s: torch given, but no source read for it", facts[i].tag);
		}
		if (n->driver_branch != facts[i].branch)
			fail_msg("NGC pytorch:%s: KB says driver branch %u, source says %u", facts[i].tag,
				 n->driver_branch, facts[i].branch);
		char floors[128] = "";
		for (size_t k = 0; k < n->ndatacenter; k++) {
			char d[32];
			version_format_driver(&n->datacenter[k], d, sizeof(d));
			if (k)
				strncat(floors, " ", sizeof(floors) - strlen(floors) - 1);
			strncat(floors, d, sizeof(floors) - strlen(floors) - 1);
		}
		if (strcmp(floors, facts[i].datacenter))
			fail_msg("NGC pytorch:%s: KB says data-center floors '%s', source says '%s'",
				 facts[i].tag, floors, facts[i].datacenter);
	}
	assert_null(kb_ngc_find(kb, "pytorch", "99.99"));
}

/* NVIDIA_REQUIRE_CUDA of the official nvidia/cuda images (images.yaml `cuda_images`), amd64
 * stage: image -> cuda>=X.Y, branches of the brand=B,driver>=N,driver<N+1 clauses, brands
 * in clause order. Source: NVIDIA's container-images repo (gitlab.com/nvidia/container-images/cuda)
 * through its GitHub mirror, pranavmishra90/nvidia-container-images-cuda at commit
 * 60a1c892e6b996382e182b4654e0a3f31aeedbee, dist/<image>/<os>/base/Dockerfile (every os of a
 * version has the same amd64 line); reference sheet nvidia.md 7c. */
#define CI_OLD "tesla unknown nvidia nvidiartx geforce geforcertx quadro quadrortx titan titanrtx"
#define CI_NEW "unknown grid tesla nvidia quadro quadrortx nvidiartx vapps vpc vcs vws cloudgaming"

static void test_cuda_images(void **state)
{
	const struct kb *kb = *state;
	static const struct {
		const char *image, *os, *cuda, *branches, *brands, *compat;
		unsigned driver;       /* the bare driver>=N term; 0: none */
		const char *tesla; /* branches whose clause names brand=tesla alone */
	} facts[] = {
		/* dist/11.4.3/ubuntu2004/base/Dockerfile: ENV NVIDIA_REQUIRE_CUDA "cuda>=11.4" */
		{ "11.4.3", "ubuntu20.04", "11.4", "", "", "cuda-compat-11-4", 0, "" },
		/* dist/11.4.3/ubuntu1804/base/Dockerfile: the same version keeps tesla R418/R450 */
		{ "11.4.3", "ubuntu18.04", "11.4", "418 450", "tesla", "cuda-compat-11-4", 0, "" },
		/* dist/11.4.3/centos8/base/Dockerfile */
		{ "11.4.3", "centos8", "11.4", "418 440 450 460", "tesla", "cuda-compat-11-4", 0, "" },
		/* dist/end-of-life/11.3.1/ubuntu2004/base/Dockerfile: "cuda>=11.3
		 * brand=tesla,driver>=418,driver<419 driver>=450" */
		{ "11.3.1", "ubuntu20.04", "11.3", "418", "tesla", "cuda-compat-11-3", 450, "" },
		/* dist/end-of-life/11.3.0/centos8/base/Dockerfile: tesla R418/R440, then driver>=450 */
		{ "11.3.0", "centos8", "11.3", "418 440", "tesla", "cuda-compat-11-3", 450, "" },
		/* dist/end-of-life/11.2.1/centos8/base/Dockerfile: the same on centos8 only */
		{ "11.2.1", "centos8", "11.2", "418 440", "tesla", "cuda-compat-11-2", 450, "" },
		/* dist/end-of-life/11.2.1/ubuntu2004/base/Dockerfile: tesla R418/R450, no bare term */
		{ "11.2.1", "ubuntu20.04", "11.2", "418 450", "tesla", "cuda-compat-11-2", 0, "" },
		/* dist/end-of-life/11.5.1/ubuntu2004/base/Dockerfile: brand=tesla for R418/R450, every
		 * brand for R470 */
		{ "11.5.1", "ubuntu20.04", "11.5", "470", CI_OLD, "cuda-compat-11-5", 0, "418 450" },
		/* dist/end-of-life/11.5.1/centos8/base/Dockerfile: tesla alone for all five branches */
		{ "11.5.1", "centos8", "11.5", "418 440 450 460 470", "tesla", "cuda-compat-11-5", 0, "" },
		/* dist/end-of-life/11.6.0/ubuntu2004/base/Dockerfile */
		{ "11.6.0", "ubuntu20.04", "11.6", "470", CI_OLD, "cuda-compat-11-6", 0, "418 450" },
		/* dist/end-of-life/11.7.0/ubuntu2204/base/Dockerfile: tesla R450, every brand R470 */
		{ "11.7.0", "ubuntu22.04", "11.7", "470", CI_OLD, "cuda-compat-11-7", 0, "450" },
		/* dist/end-of-life/11.7.0/ubuntu1804/base/Dockerfile: adds R510 for every brand */
		{ "11.7.0", "ubuntu18.04", "11.7", "470 510", CI_OLD, "cuda-compat-11-7", 0, "450" },
		/* dist/end-of-life/12.0.1/ubuntu1804/base/Dockerfile */
		{ "12.0.1", "ubuntu18.04", "12.0", "470 510 515", CI_OLD, "cuda-compat-12-0", 0, "450" },
		/* dist/end-of-life/11.0.3/ubuntu2004/base/Dockerfile */
		{ "11.0.3", "ubuntu20.04", "11.0", "418", "tesla", "cuda-compat-11-0", 0, "" },
		/* Files removed on 2024-05-31 (12.5.0 update), read at their last commit
		 * 53a6a109a87bc28f63ab0e8a17a89113bd7ba4f4: dist/end-of-life/11.1.1/ubuntu1804 */
		{ "11.1.1", "ubuntu18.04", "11.1", "418 450", "tesla", "cuda-compat-11-1", 0, "" },
		/* dist/end-of-life/11.0.3/centos8: "... brand=tesla,driver>=440,driver<441 driver>=450";
		 * the bare term adds nothing to cuda>=11.0 and is not entered */
		{ "11.0.3", "centos8", "11.0", "418 440", "tesla", "cuda-compat-11-0", 0, "" },
		/* dist/end-of-life/11.2.2/ubuntu1604: R418 alone */
		{ "11.2.2", "ubuntu16.04", "11.2", "418", "tesla", "cuda-compat-11-2", 0, "" },
		/* dist/end-of-life/11.3.1/ubuntu1804 */
		{ "11.3.1", "ubuntu18.04", "11.3", "418", "tesla", "cuda-compat-11-3", 450, "" },
		/* dist/end-of-life/12.1.0/ubuntu1804 */
		{ "12.1.0", "ubuntu18.04", "12.1", "470 510 515 525", CI_OLD, "cuda-compat-12-1", 0, "450" },
		/* Floating X.Y tags, dist/11.1/ubuntu20.04-x86_64/base/Dockerfile at 9bd8aaeb (2020-12-17,
		 * the last commit before dist/X.Y/ was removed): ENV CUDA_VERSION 11.1.1 */
		{ "11.1", "ubuntu20.04", "11.1", "418 440 450", "tesla", "cuda-compat-11-1", 0, "" },
		/* dist/11.0/ubuntu18.04-x86_64 at 9bd8aaeb: R450 meets cuda>=11.0 and is not entered */
		{ "11.0", "ubuntu18.04", "11.0", "418 440", "tesla", "cuda-compat-11-0", 0, "" },
		/* dist/11.7.1/ubuntu2204/base/Dockerfile */
		{ "11.7.1", "ubuntu22.04", "11.7", "470", CI_OLD, "cuda-compat-11-7", 0, "" },
		/* dist/11.8.0/ubuntu2204/base/Dockerfile */
		{ "11.8.0", "ubuntu22.04", "11.8", "470", CI_OLD, "cuda-compat-11-8", 0, "" },
		/* dist/12.0.1/ubuntu2204/base/Dockerfile */
		{ "12.0.1", "ubuntu22.04", "12.0", "470", CI_OLD, "cuda-compat-12-0", 0, "" },
		/* dist/12.2.2/ubuntu2204/base/Dockerfile */
		{ "12.2.2", "ubuntu22.04", "12.2", "470 525", CI_OLD, "cuda-compat-12-2", 0, "" },
		/* dist/end-of-life/12.4.0/ubuntu2204/base/Dockerfile */
		{ "12.4.0", "ubuntu22.04", "12.4", "470 525 535", CI_OLD, "cuda-compat-12-4", 0, "" },
		/* dist/12.4.1/ubuntu2204/base/Dockerfile (nvidia.md 7c quotes its start verbatim) */
		{ "12.4.1", "ubuntu22.04", "12.4", "470 525 535", CI_OLD, "cuda-compat-12-4", 0, "" },
		/* dist/12.5.0/ubuntu2204/base/Dockerfile: GeForce/Titan brands gone, GRID/vGPU in */
		{ "12.5.0", "ubuntu22.04", "12.5", "470 535 550", CI_NEW, "cuda-compat-12-5", 0, "" },
		/* dist/12.6.3/ubuntu2204/base/Dockerfile */
		{ "12.6.3", "ubuntu22.04", "12.6", "470 535 550", CI_NEW, "cuda-compat-12-6", 0, "" },
		/* dist/12.8.1/ubuntu2204/base/Dockerfile (also in the corpus, ENV KEY=value form) */
		{ "12.8.1", "ubuntu22.04", "12.8", "470 535 550 560 565", CI_NEW, "cuda-compat-12-8", 0, "" },
		/* dist/12.9.1/ubuntu2204/base/Dockerfile */
		{ "12.9.1", "ubuntu22.04", "12.9", "535 550 560 565 570", CI_NEW, "cuda-compat-12-9", 0, "" },
		/* dist/13.0.0/ubuntu2404/base/Dockerfile */
		{ "13.0.0", "ubuntu24.04", "13.0", "535 550 565 570 575", CI_NEW, "cuda-compat-13-0", 0, "" },
	};
	table_rows += sizeof(facts) / sizeof(facts[0]);
	for (size_t i = 0; i < sizeof(facts) / sizeof(facts[0]); i++) {
		const struct version image = ver(facts[i].image), cuda = ver(facts[i].cuda);
		const struct kb_cuda_image *r = kb_cuda_image_for(kb, &image, facts[i].os);
		if (!r)
			fail_msg("nvidia/cuda %s-%s: not in the KB", facts[i].image, facts[i].os);
		if (version_cmp(&r->cuda, &cuda))
			fail_msg("nvidia/cuda %s: cuda>= differs from %s", facts[i].image, facts[i].cuda);
		char got[256] = "";
		for (size_t k = 0; k < r->nbranches; k++) {
			char b[16];
			snprintf(b, sizeof(b), "%s%u", k ? " " : "", r->branches[k]);
			strncat(got, b, sizeof(got) - strlen(got) - 1);
		}
		if (strcmp(got, facts[i].branches))
			fail_msg("nvidia/cuda %s-%s: KB says branches '%s', source says '%s'", facts[i].image,
				 facts[i].os, got, facts[i].branches);
		got[0] = '\0';
		for (size_t k = 0; r->brands[k]; k++) {
			if (k)
				strncat(got, " ", sizeof(got) - strlen(got) - 1);
			strncat(got, r->brands[k], sizeof(got) - strlen(got) - 1);
		}
		if (strcmp(got, facts[i].brands))
			fail_msg("nvidia/cuda %s-%s: KB says brands '%s', source says '%s'", facts[i].image,
				 facts[i].os, got, facts[i].brands);
		got[0] = '\0';
		for (size_t k = 0; k < r->ntesla_branches; k++) {
			char b[16];
			snprintf(b, sizeof(b), "%s%u", k ? " " : "", r->tesla_branches[k]);
			strncat(got, b, sizeof(got) - strlen(got) - 1);
		}
		if (strcmp(got, facts[i].tesla))
			fail_msg("nvidia/cuda %s-%s: KB says tesla_branches '%s', source says '%s'", facts[i].image,
				 facts[i].os, got, facts[i].tesla);
		if (r->driver_min != facts[i].driver)
			fail_msg("nvidia/cuda %s-%s: KB says driver>=%u, source says %u", facts[i].image,
				 facts[i].os, r->driver_min, facts[i].driver);
		if (!r->compat || strcmp(r->compat, facts[i].compat))
			fail_msg("nvidia/cuda %s: KB says compat '%s', source says '%s'", facts[i].image,
				 r->compat ? r->compat : "(none)", facts[i].compat);
		assert_non_null(strstr(r->origin.source, "pranavmishra90/nvidia-container-images-cuda:dist/"));
		assert_false(r->origin.secondary);
	}
	/* A floating tag is its own row, not X.Y.0 (no 11.1.0 row), and 11.1.1 is not it. */
	const struct version v111 = ver("11.1"), v1110 = ver("11.1.0"), v1111 = ver("11.1.1");
	assert_non_null(kb_cuda_image(kb, &v111));
	assert_null(kb_cuda_image(kb, &v1110));
	assert_int_equal(kb_cuda_image_for(kb, &v1111, "ubuntu20.04")->nbranches, 2);
	/* Only exact tag versions the KB holds: no X.Y, no neighbouring patch; and no OS the
	 * Dockerfiles do not show (12.0.1 has no ubuntu16.04 image). */
	const struct version v124 = ver("12.4"), v1242 = ver("12.4.2"), v1201 = ver("12.0.1");
	assert_null(kb_cuda_image(kb, &v124));
	assert_null(kb_cuda_image(kb, &v1242));
	assert_null(kb_cuda_image_for(kb, &v1201, "ubuntu16.04"));
	assert_null(kb_cuda_image_for(kb, &v1201, "debian12"));
}

/* images.yaml cuda_image_tags against NVIDIA's doc/supported-tags.md (read through
 * pranavmishra90/nvidia-container-images-cuda @60a1c892e6b996382e182b4654e0a3f31aeedbee):
 * each line a tag the document lists, or one it does not (listed = false). */
static void test_cuda_image_tags(void **state)
{
	const struct kb *kb = *state;
	static const struct {
		const char *os, *image, *middle;
		bool listed;
	} facts[] = {
		{ "ubuntu22.04", "12.4.1", "cudnn-runtime", true },  /* `12.4.1-cudnn-runtime-ubuntu22.04` */
		{ "ubuntu22.04", "12.3.2", "cudnn9-devel", true },   /* the one cudnn9 name */
		{ "ubuntu22.04", "12.2.2", "cudnn8-runtime", true },
		{ "ubuntu20.04", "11.4.3", "cudnn8-runtime", true },
		{ "ubuntu24.04", "13.0.0", "tensorrt-devel", true },
		{ "ubuntu22.04", "12.5.0", "runtime", false },       /* only 12.5.1 is listed */
		{ "ubuntu20.04", "12.2.2", "cudnn9-runtime", false }, /* 12.2.2 ships cuDNN 8 only */
		{ "ubuntu22.04", "11.4.3", "runtime", false },       /* 22.04 images start at 11.7.1 */
		{ "ubuntu24.04", "12.4.1", "devel", false },         /* 24.04 images start at 12.5.1 */
	};
	table_rows += sizeof(facts) / sizeof(facts[0]);
	for (size_t i = 0; i < sizeof(facts) / sizeof(facts[0]); i++) {
		const struct version image = ver(facts[i].image);
		bool found = false;
		for (size_t r = 0; r < kb_cuda_image_tags_count(kb); r++) {
			const struct kb_cuda_image_tags *row = kb_cuda_image_tags_at(kb, r);
			if (strcmp(row->os, facts[i].os) || version_cmp(&row->image, &image))
				continue;
			assert_non_null(strstr(row->origin.source, "doc/supported-tags.md@60a1c892"));
			for (const char *const *m = row->tags; *m; m++)
				found = found || !strcmp(*m, facts[i].middle);
		}
		if (found != facts[i].listed)
			fail_msg("nvidia/cuda:%s-%s-%s: KB %s it, the document %s", facts[i].image, facts[i].middle,
				 facts[i].os, found ? "lists" : "lacks", facts[i].listed ? "lists it" : "does not");
	}
	/* sorted by OS, then version: the fix takes the last that fits as the newest */
	for (size_t r = 1; r < kb_cuda_image_tags_count(kb); r++) {
		const struct kb_cuda_image_tags *a = kb_cuda_image_tags_at(kb, r - 1), *b = kb_cuda_image_tags_at(kb, r);
		int c = strcmp(a->os, b->os);
		assert_true(c < 0 || (c == 0 && version_cmp(&a->image, &b->image) < 0));
	}
}

/* images.yaml pytorch_devel_bases: the nvidia/cuda devel image each release's `-devel` tags are
 * built FROM (pytorch/pytorch docker.Makefile BASE_DEVEL), from the dated pull requests that
 * changed it (#94818, #104528, #113032, #125770) and issue #166897; every row second-hand,
 * and none from 2.10 on (#166907 moved the devel image to ubuntu:24.04 at an undetermined
 * point). */
static void test_pytorch_devel_bases(void **state)
{
	const struct kb *kb = *state;
	static const struct {
		const char *torch, *os; /* os: the tag OSes the row lists, space-separated; NULL: no row */
	} facts[] = {
		{ "1.13.1", "ubuntu18.04 ubuntu20.04" }, /* docker.Makefile@04da8a0f: 11.6.2 on 18.04 */
		{ "2.0.1", "ubuntu18.04 ubuntu20.04" },  /* #104528: 11.7.0-cudnn8-devel-ubuntu20.04 */
		{ "2.1.2", "ubuntu20.04 ubuntu22.04" },  /* #113032 moved to 22.04 between 2.1.0 and 2.1.2 */
		{ "2.2.2", "ubuntu22.04" },
		{ "2.4.0", "ubuntu22.04" }, /* #125770: nvidia/cuda:CUDA_VERSION-devel-ubuntu22.04 */
		{ "2.9.1", "ubuntu22.04" }, /* issue #166897 (2025-11-03): still that base */
		{ "1.12.1", NULL },         /* not read */
		{ "2.10.0", NULL },         /* #166907: ubuntu:24.04, not nvidia/cuda */
		{ "2.13.0", NULL },
	};
	table_rows += sizeof(facts) / sizeof(facts[0]);
	for (size_t i = 0; i < sizeof(facts) / sizeof(facts[0]); i++) {
		const struct version torch = ver(facts[i].torch);
		const struct kb_devel_base *row = kb_pytorch_devel_base(kb, &torch);
		if (!facts[i].os) {
			if (row)
				fail_msg("torch %s: the KB names a devel base the sources do not", facts[i].torch);
			continue;
		}
		if (!row)
			fail_msg("torch %s: no pytorch_devel_bases row", facts[i].torch);
		char oses[96] = "";
		size_t o = 0;
		for (const char *const *os = row->os; *os && o < sizeof(oses); os++)
			o += (size_t)snprintf(oses + o, sizeof(oses) - o, "%s%s", o ? " " : "", *os);
		if (strcmp(oses, facts[i].os))
			fail_msg("torch %s: KB says '%s', sources say '%s'", facts[i].torch, oses, facts[i].os);
		assert_true(row->origin.secondary);
		assert_non_null(strstr(row->origin.source, "pytorch"));
	}
}

/* pytorch.yaml images_source: the test-infra docker release matrix (a runtime and a devel
 * image per release CUDA) from 2.4 on; 2.3's tags were seen in public files only. */
static void test_torch_images_source(void **state)
{
	const struct kb *kb = *state;
	static const struct {
		const char *line, *image;
		bool complete;
	} facts[] = {
		{ "2.4", "cuda12.4-cudnn9", true },
		{ "2.7", "cuda12.8-cudnn9", true },
		{ "2.11", "cuda13.0-cudnn9", true },
		{ "2.3", "cuda12.1-cudnn8", false },
	};
	table_rows += sizeof(facts) / sizeof(facts[0]);
	for (size_t i = 0; i < sizeof(facts) / sizeof(facts[0]); i++) {
		const struct version v = ver(facts[i].line);
		const struct kb_torch_release *rel = kb_torch_release(kb, &v);
		assert_non_null(rel);
		bool listed = false;
		for (const char *const *e = rel->images; e && *e; e++)
			listed = listed || !strcmp(*e, facts[i].image);
		assert_true(listed);
		assert_int_equal(rel->images_source != NULL, facts[i].complete);
		if (rel->images_source)
			assert_non_null(strstr(rel->images_source, "generate_docker_release_matrix.py@"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cuda_min_driver),
		cmocka_unit_test(test_cuda_special_cases),
		cmocka_unit_test(test_ptx_isa),
		cmocka_unit_test(test_cuda_13_4_and_13_5),
		cmocka_unit_test(test_companion_requires),
		cmocka_unit_test(test_minor_compat),
		cmocka_unit_test(test_driver_max_cuda),
		cmocka_unit_test(test_can_target),
		cmocka_unit_test(test_gpu_cc),
		cmocka_unit_test(test_gpu_driver),
		cmocka_unit_test(test_forward_compat),
		cmocka_unit_test(test_forward_compat_matrix),
		cmocka_unit_test(test_cudnn),
		cmocka_unit_test(test_torch_variants),
		cmocka_unit_test(test_torch_pypi_default),
		cmocka_unit_test(test_torch_cuda_builds_published),
		cmocka_unit_test(test_torch_companions),
		cmocka_unit_test(test_torch_old_lines),
		cmocka_unit_test(test_torch_patches_and_conda),
		cmocka_unit_test(test_torch_arch_lists),
		cmocka_unit_test(test_torch_conda_builds),
		cmocka_unit_test(test_torch_aarch64_builds),
		cmocka_unit_test(test_torch_cu129_and_non_cuda),
		cmocka_unit_test(test_patterns),
		cmocka_unit_test(test_ngc),
		cmocka_unit_test(test_cuda_images),
		cmocka_unit_test(test_cuda_image_tags),
		cmocka_unit_test(test_pytorch_devel_bases),
		cmocka_unit_test(test_torch_images_source),
	};
	int rc = cmocka_run_group_tests_name("kb facts", tests, kb_fixture_setup, kb_fixture_teardown);
	print_message("kb facts: %zu sourced table rows checked, besides the direct assertions\n",
		      table_rows);
	return rc;
}
