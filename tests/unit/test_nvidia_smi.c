/*
 * Unit tests for linter/nvidia_smi.c: the three forms nvidia-smi prints, read from
 * inline text (header variants, GPU rows against MIG and Processes rows, truncated
 * names, CSV units and [N/A]), then every capture in tests/nvidia-smi/ turned into a
 * profile file and compared with its golden output in tests/nvidia-smi/expected/
 * (UPDATE=1 rewrites them; read the diff). Runs from the repository root.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "kb_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nvidia_smi.h"
#include "util/buf.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static struct nvidia_smi smi;

static void parse_ok(const char *text)
{
	char err[1024] = "";
	if (!nvidia_smi_parse(&smi, text, strlen(text), err, sizeof(err)))
		fail_msg("parse failed: %s", err);
}

static void parse_err(const char *text, const char *want)
{
	char err[1024] = "";
	assert_false(nvidia_smi_parse(&smi, text, strlen(text), err, sizeof(err)));
	if (!strstr(err, want))
		fail_msg("error '%s' lacks '%s'", err, want);
}

#define R610_HEAD                                                                                  \
	"+-----------------------------------------------------------------------------------------+\n" \
	"| NVIDIA-SMI 610.43.02              KMD Version: 610.43.02     CUDA UMD Version: 13.3     |\n" \
	"+-----------------------------------------+------------------------+----------------------+\n" \
	"| GPU  Name                 Persistence-M | Bus-Id          Disp.A | Volatile Uncorr. ECC |\n" \
	"|=========================================+========================+======================|\n"

static void table_r610_header(void **state)
{
	parse_ok(R610_HEAD
		 "|   0  NVIDIA B200                    On  |   00000000:63:00.0 Off |                    0 |\n"
		 "| N/A   26C    P0            139W / 1000W |       0MiB / 183359MiB |      0%      Default |\n"
		 "|                                         |                        |             Disabled |\n");
	assert_int_equal(NVIDIA_SMI_TABLE, smi.form);
	assert_string_equal("610.43.02", smi.driver);
	assert_int_equal(2, smi.driver_line);
	assert_string_equal("13.3", smi.driver_cuda);
	assert_int_equal(1, smi.ngpus);
	assert_string_equal("NVIDIA B200", smi.gpus[0].name);
	assert_int_equal(6, smi.gpus[0].line);
	assert_false(smi.gpus[0].mig);
}

static void table_old_layout_truncated_and_mig(void **state)
{
	parse_ok("Fri Jun 17 11:35:38 2022\n"
		 "| NVIDIA-SMI 510.47.03    Driver Version: 510.47.03    CUDA Version: 11.6     |\r\n"
		 "| GPU  Name        Persistence-M| Bus-Id        Disp.A | Volatile Uncorr. ECC |\r\n"
		 "|===============================+======================+======================|\r\n"
		 "|   0  NVIDIA A100-SXM...  On   | 00000000:01:00.0 Off |                    0 |\r\n"
		 "| N/A   38C    P0   163W / 500W |  23100MiB / 81920MiB |     58%      Default |\r\n"
		 "|                               |                      |              Enabled |\r\n"
		 "+-------------------------------+----------------------+----------------------+\r\n"
		 "\r\n"
		 "| MIG devices:                                                                |\n"
		 "| GPU  GI  CI  MIG |         Memory-Usage |        Vol|         Shared        |\n"
		 "|==================+======================+===========+=======================|\n"
		 "|  1    3   0   0  |  14366MiB / 19968MiB | 28      0 |  2   0    1    0    0 |\n");
	assert_string_equal("510.47.03", smi.driver);
	assert_int_equal(1, smi.ngpus);
	assert_string_equal("NVIDIA A100-SXM", smi.gpus[0].name);
	assert_true(smi.gpus[0].truncated);
	assert_true(smi.gpus[0].mig);
}

static void table_windows(void **state)
{
	parse_ok("| NVIDIA-SMI 551.61                 Driver Version: 551.61         CUDA Version: 12.4     |\n"
		 "| GPU  Name                     TCC/WDDM  | Bus-Id          Disp.A | Volatile Uncorr. ECC |\n"
		 "|=========================================+========================+======================|\n"
		 "|   0  NVIDIA GeForce RTX 4090      WDDM  |   00000000:01:00.0  On |                  Off |\n");
	assert_true(smi.windows);
	assert_string_equal("NVIDIA GeForce RTX 4090", smi.gpus[0].name);
}

static void csv_any_column_order(void **state)
{
	parse_ok("compute_cap, compute_mode, driver_version, name, index\n"
		 "7.0, Default, 570.86.15, NVIDIA TITAN V, 0\n"
		 "8.9, Default, 570.86.15, NVIDIA RTX 5880 Ada Generation, 1\n");
	assert_int_equal(NVIDIA_SMI_CSV, smi.form);
	assert_int_equal(2, smi.ngpus);
	assert_string_equal("570.86.15", smi.driver);
	assert_string_equal("NVIDIA RTX 5880 Ada Generation", smi.gpus[1].name);
	assert_true(smi.gpus[1].has_cc);
	assert_int_equal(8, smi.gpus[1].cc.release[0]);
	assert_int_equal(3, smi.gpus[1].line);
	parse_ok("index, name, memory.total [MiB], memory.free [MiB]\n0, NVIDIA GB10, [N/A], [N/A]\n");
	assert_string_equal("NVIDIA GB10", smi.gpus[0].name);
	assert_false(smi.gpus[0].has_cc);
	assert_string_equal("", smi.driver);
	parse_ok("compute_cap\n9.0\n9.0\n");
	assert_int_equal(2, smi.ngpus);
	assert_string_equal("", smi.gpus[0].name);
}

static void list_form(void **state)
{
	parse_ok("GPU 0: NVIDIA A100-SXM4-40GB (UUID: GPU-1)\n"
		 "  MIG 1g.5gb     Device  0: (UUID: MIG-2)\n"
		 "GPU 1: Quadro RTX 4000 (UUID: GPU-3)\n");
	assert_int_equal(NVIDIA_SMI_LIST, smi.form);
	assert_int_equal(2, smi.ngpus);
	assert_string_equal("NVIDIA A100-SXM4-40GB", smi.gpus[0].name);
	assert_string_equal("Quadro RTX 4000", smi.gpus[1].name);
	assert_int_equal(3, smi.gpus[1].line);
}

static void not_nvidia_smi(void **state)
{
	parse_err("", "not nvidia-smi output");
	parse_err("hello world\n", "not nvidia-smi output");
	parse_err("index, memory.total [MiB]\n0, 100\n", "neither 'name' nor 'compute_cap'");
	parse_err("name, compute_cap\nNVIDIA L4\n", "line 2: 1 values under a header of 2 columns");
	parse_err("compute_cap\nabc\n", "compute_cap 'abc' does not parse");
	parse_err(R610_HEAD, "no GPU rows");
	/* A NUL ends the text; masked versions (XXX.XX) do not crash. */
	const char nul[] = "GPU 0: NVIDIA L4 (UUID: x)\n\0GPU 1: NVIDIA L4 (UUID: y)\n";
	char err[256];
	assert_true(nvidia_smi_parse(&smi, nul, sizeof(nul) - 1, err, sizeof(err)));
	assert_int_equal(1, smi.ngpus);
	parse_ok("| NVIDIA-SMI XXX.XX                 Driver Version: XXX.XX         CUDA Version: 13.0     |\n"
		 "| GPU  Name                 Persistence-M | Bus-Id          Disp.A | Volatile Uncorr. ECC |\n"
		 "|=========================================+========================+======================|\n"
		 "|   0  NVIDIA Thor                    Off |   00000000:01:00.0 Off |                  N/A |\n");
	assert_string_equal("XXX.XX", smi.driver);
}

/* Errors from resolving: an unknown name and a truncated name that fits several CCs
 * name the file and line. */
static void resolve_errors(void **state)
{
	struct buf out = BUF_INIT;
	char err[2048];
	parse_ok("name, driver_version, compute_cap\nNVIDIA Fancy 9000, 550.54.15, 8.9\n");
	assert_false(nvidia_smi_write(&smi, *state, "f.csv", &out, err, sizeof(err)));
	assert_non_null(strstr(err, "f.csv:2: GPU 'NVIDIA Fancy 9000' is unknown"));
	assert_non_null(strstr(err, "its compute_cap here is 8.9"));
	parse_ok("name, driver_version\nNVIDIA L4, 12.4\n");
	assert_false(nvidia_smi_write(&smi, *state, "f.csv", &out, err, sizeof(err)));
	assert_non_null(strstr(err, "f.csv:2: driver version '12.4' is a CUDA version"));
	assert_int_equal(0, out.len);
	buf_release(&out);
}

/* ------------------------------------------------------------------------- */
/* Golden outputs of every capture */

static const char *const CAPTURES[] = {
	"jetson-orin_540-4-0_L.txt",
	"jetson-orin_540-4-0_table.txt",
	"jetson-thor_cuda13_table.txt",
	"query_L_570-86-15_titanv+rtx5880ada.txt",
	"query_compute-cap-mode-driver-name-index_570-86-15_titanv+rtx5880ada.csv.txt",
	"query_compute-cap_2xh200.csv.txt",
	"query_index-name-memory_gb10.csv.txt",
	"r418-67_colab-v100_smi450-66-mismatch_table.txt",
	"r450-57_titan-xp_table.txt",
	"r470-57-02_geforce-truncated-name_table.txt",
	"r510-47-03_4xa100-mig_part1-gpus.txt",
	"r510-47-03_4xa100-mig_part2-mig-devices.txt",
	"r510-47-03_4xa100-mig_part3-processes.txt",
	"r535-129-03_2x-quadro-rtx4000_L.txt",
	"r535-129-03_2x-quadro-rtx4000_table.txt",
	"r535-129-03_multi-h100-sxm_table.txt",
	"r550-135_tesla-p4_table.txt",
	"r550-40-07_rtx4070_table.txt",
	"r570-133-20_l4_table.txt",
	"r575-64-03_rtx5070_cuda-na_table.txt",
	"r580-82-09_rtx5090+rtx4090_table.txt",
	"r595-71-05_rtx5090_table.txt",
	"r610-43-02_multi-b200_kmd-umd-header_table.txt",
};

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	return buf_detach(&b, len);
}

static void captures_match_golden(void **state)
{
	bool update = getenv("UPDATE") && getenv("UPDATE")[0] == '1';
	for (size_t i = 0; i < ARRAY_LEN(CAPTURES); i++) {
		char path[512], golden[512];
		snprintf(path, sizeof(path), "tests/nvidia-smi/%s", CAPTURES[i]);
		snprintf(golden, sizeof(golden), "tests/nvidia-smi/expected/%s.yaml", CAPTURES[i]);
		size_t len;
		char *text = slurp(path, &len);
		if (!text)
			fail_msg("cannot read %s (run from the repository root)", path);
		struct buf out = BUF_INIT;
		char err[2048] = "";
		if (!nvidia_smi_parse(&smi, text, len, err, sizeof(err)) ||
		    !nvidia_smi_write(&smi, *state, CAPTURES[i], &out, err, sizeof(err)))
			buf_addf(&out, "error: %s\n", err);
		free(text);
		if (update) {
			FILE *f = fopen(golden, "wb");
			assert_non_null(f);
			fwrite(out.buf, 1, out.len, f);
			fclose(f);
		}
		char *want = slurp(golden, &len);
		if (!want)
			fail_msg("no golden file %s (UPDATE=1 writes it)", golden);
		if (strcmp(want, out.buf))
			fail_msg("%s differs from its golden file %s:\n%s", CAPTURES[i], golden, out.buf);
		free(want);
		buf_release(&out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_r610_header),
		cmocka_unit_test(table_old_layout_truncated_and_mig),
		cmocka_unit_test(table_windows),
		cmocka_unit_test(csv_any_column_order),
		cmocka_unit_test(list_form),
		cmocka_unit_test(not_nvidia_smi),
		cmocka_unit_test(resolve_errors),
		cmocka_unit_test(captures_match_golden),
	};
	return cmocka_run_group_tests(tests, kb_fixture_setup, kb_fixture_teardown);
}
