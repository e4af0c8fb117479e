/*
 * Tests for the Dockerfile reader (dockerfile.c) and its shell half (shell.c).
 * Pins are compared through pin_dump() lines; the words each pip/conda command hands
 * to the requirements/conda readers are compared through the dockerfile_read observer,
 * so these tests do not depend on those readers. The "end to end" group at the bottom
 * checks the pins those readers make from RUN lines and skips itself until they land.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tmpdir.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "pin.h"
#include "readers/dockerfile_internal.h"
#include "readers/readers.h"
#include "readers/shell.h"
#include "source.h"
#include "util/arena.h"
#include "util/buf.h"

#define CORPUS_DIR "tests/corpus/docker"

struct run {
	struct buf pins;   /* pin_dump lines of image and env pins (this reader's own) */
	struct buf pkgs;   /* the other pins: made by the requirements/conda readers */
	struct buf cmds;   /* observed pip/conda commands */
	struct buf diags;  /* "EL004 3:5 message" lines */
	size_t nerrors;    /* diagnostics of severity error */
	size_t npins;
};

static const char *tool_name(enum shell_tool t)
{
	switch (t) {
	case SHELL_TOOL_PIP:
		return "pip";
	case SHELL_TOOL_CONDA:
		return "conda";
	case SHELL_TOOL_APT:
		return "apt";
	case SHELL_TOOL_NONE:
		break;
	}
	return "none";
}

/* " text@L:C" + '*' when verbatim, "~L:C" for via, '?' when unresolved. */
static void dump_words(struct buf *out, const struct word *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		buf_addf(out, " %s@%u:%u", w[i].text, w[i].span.line, w[i].span.column);
		if (w[i].verbatim)
			buf_addch(out, '*');
		if (span_is_set(w[i].via))
			buf_addf(out, "~%u:%u", w[i].via.line, w[i].via.column);
		if (w[i].unresolved)
			buf_addch(out, '?');
	}
}

static void observe(void *arg, enum shell_tool tool, const struct word *words, size_t n, uint32_t scope)
{
	struct run *r = arg;
	buf_addf(&r->cmds, "%s scope=%u:", tool_name(tool), scope);
	dump_words(&r->cmds, words, n);
	buf_addch(&r->cmds, '\n');
}

static void lint_path(struct run *r, const char *path, const char *text, size_t len)
{
	struct arena a;
	arena_init(&a);
	struct pin_list pins = PIN_LIST_INIT;
	struct diag_list diags = DIAG_LIST_INIT;
	struct read_ctx ctx;
	read_ctx_init(&ctx, &a, &pins, &diags);
	struct source src;
	source_from_memory(&src, path, text, len, &a);
	buf_init(&r->pins, BUF_DEFAULT_CAP);
	buf_init(&r->pkgs, BUF_DEFAULT_CAP);
	buf_init(&r->cmds, BUF_DEFAULT_CAP);
	buf_init(&r->diags, BUF_DEFAULT_CAP);
	assert_true(dockerfile_read(&ctx, &src, observe, r));
	r->npins = pins.nr;
	for (size_t i = 0; i < pins.nr; i++) {
		enum pin_kind k = pins.items[i].kind;
		struct buf *to = k == PIN_KIND_IMAGE || k == PIN_KIND_ENV ? &r->pins : &r->pkgs;
		pin_dump(&pins.items[i], to);
		buf_addch(to, '\n');
	}
	r->nerrors = 0;
	for (size_t i = 0; i < diags.nr; i++) {
		const struct diag *d = &diags.items[i];
		buf_addf(&r->diags, "%s %u:%u %s\n", rule_info(d->rule)->id, d->span.line, d->span.column,
			 d->message);
		if (d->severity == SEV_ERROR)
			r->nerrors++;
	}
	diag_list_release(&diags);
	pin_list_release(&pins);
	arena_release(&a);
}

static void lint(struct run *r, const char *text)
{
	lint_path(r, "Dockerfile", text, strlen(text));
}

static void run_release(struct run *r)
{
	buf_release(&r->pins);
	buf_release(&r->pkgs);
	buf_release(&r->cmds);
	buf_release(&r->diags);
}

#define EXPECT(text, pins_, cmds_, diags_)                              \
	do {                                                            \
		struct run r_;                                          \
		lint(&r_, text);                                        \
		assert_string_equal(r_.pins.buf, pins_);                \
		assert_string_equal(r_.cmds.buf, cmds_);                \
		assert_string_equal(r_.diags.buf, diags_);              \
		run_release(&r_);                                       \
	} while (0)

/* ------------------------------------------------------------------ FROM */

static void from_nvidia_cuda(void **state)
{
	EXPECT("FROM nvidia/cuda:12.1.0-cudnn8-devel-ubuntu22.04\n",
	       "1:18-1:49 image docker other name='nvidia/cuda' spec='12.1.0-cudnn8-devel-ubuntu22.04' name@1:6 scope=1\n",
	       "", "");
}

static void from_pytorch(void **state)
{
	EXPECT("FROM pytorch/pytorch:2.1.0-cuda12.1-cudnn8-runtime\n",
	       "1:22-1:51 image docker other name='pytorch/pytorch' spec='2.1.0-cuda12.1-cudnn8-runtime' name@1:6 scope=1\n",
	       "", "");
}

static void from_ngc(void **state)
{
	EXPECT("FROM nvcr.io/nvidia/pytorch:23.10-py3\n",
	       "1:29-1:38 image docker other name='nvcr.io/nvidia/pytorch' spec='23.10-py3' name@1:6 scope=1\n", "",
	       "");
}

static void from_registry_port(void **state)
{
	EXPECT("FROM localhost:5000/ml/cuda:11.8.0\nFROM docker.io/pytorch/pytorch\n",
	       "1:29-1:35 image docker other name='localhost:5000/ml/cuda' spec='11.8.0' name@1:6 scope=1\n"
	       "2:6-2:31 image docker other name='docker.io/pytorch/pytorch' name@2:6 scope=2\n",
	       "", "");
}

static void from_digest(void **state)
{
	EXPECT("FROM nvidia/cuda:12.4.1-base-ubuntu22.04@sha256:0123abcd\nFROM ubuntu@sha256:ffee\n",
	       "1:18-1:41 image docker other name='nvidia/cuda' spec='12.4.1-base-ubuntu22.04' digest='sha256:0123abcd' name@1:6 scope=1\n"
	       "2:6-2:24 image docker other name='ubuntu' digest='sha256:ffee' name@2:6 scope=2\n",
	       "", "");
}

static void from_platform_as(void **state)
{
	EXPECT("from --platform=linux/amd64 nvidia/cuda:11.8.0-runtime-ubuntu22.04 As Builder\n",
	       "1:41-1:67 image docker other name='nvidia/cuda' spec='11.8.0-runtime-ubuntu22.04' name@1:29 scope=1\n",
	       "", "");
}

static void from_stage_reference(void **state)
{
	EXPECT("FROM nvidia/cuda:12.1.0-devel-ubuntu22.04 AS base\n"
	       "ENV CUDA_VERSION=12.1.0\n"
	       "FROM base AS final\n"
	       "RUN pip install torch==$CUDA_VERSION\n"
	       "FROM scratch\n",
	       "1:18-1:42 image docker other name='nvidia/cuda' spec='12.1.0-devel-ubuntu22.04' name@1:6 scope=1\n"
	       "2:18-2:24 env docker cuda name='CUDA_VERSION' spec='12.1.0' name@2:5 scope=1\n",
	       /* ENV is inherited by a stage built FROM another stage */
	       "pip scope=2: torch==12.1.0@4:17~2:1\n", "");
}

static void from_arg_tag(void **state)
{
	EXPECT("ARG CUDA=12.1.0\n"
	       "ARG UBUNTU=22.04\n"
	       "FROM nvidia/cuda:${CUDA}-cudnn8-devel-ubuntu${UBUNTU}\n",
	       "1:10-1:16 image docker other name='nvidia/cuda' spec='12.1.0-cudnn8-devel-ubuntu22.04' name@3:6 via=1:1 scope=1\n",
	       "", "");
}

static void from_arg_whole_reference(void **state)
{
	EXPECT("ARG BASE=\"nvcr.io/nvidia/pytorch:24.01-py3\"\nFROM $BASE AS train\n",
	       "1:34-1:43 image docker other name='nvcr.io/nvidia/pytorch' spec='24.01-py3' name@2:6 via=1:1 scope=1\n",
	       "", "");
}

static void from_arg_default_syntax(void **state)
{
	EXPECT("ARG CUDA\nFROM nvidia/cuda:${CUDA:-11.8.0}-base\n",
	       "2:26-2:38 image docker other name='nvidia/cuda' spec='11.8.0-base' name@2:6 unresolved scope=1\n",
	       "", "EL004 2:26 variable 'CUDA' has no value in this Dockerfile; the base image is not checked\n");
	EXPECT("ARG CUDA=\nFROM nvidia/cuda:${CUDA:-11.8.0}-base\n",
	       "2:26-2:38 image docker other name='nvidia/cuda' spec='11.8.0-base' name@2:6 scope=1\n", "", "");
}

static void from_arg_unresolved(void **state)
{
	EXPECT("ARG CUDA_VERSION\nFROM nvidia/cuda:${CUDA_VERSION}-devel\n",
	       "2:18-2:39 image docker other name='nvidia/cuda' spec='${CUDA_VERSION}-devel' name@2:6 unresolved scope=1\n",
	       "", "EL004 2:18 variable 'CUDA_VERSION' has no value in this Dockerfile; the base image is not checked\n");
}

/* ------------------------------------------------------------------ ENV / ARG */

static void env_forms(void **state)
{
	EXPECT("FROM ubuntu:22.04\n"
	       "ENV CUDA_VERSION=12.4.1\n"
	       "ENV CUDA_VERSION 11.8.0\n"
	       "ENV A=1 NVIDIA_REQUIRE_CUDA=\"cuda>=12.1 brand=tesla\" TORCH_CUDA_ARCH_LIST='7.0 8.0+PTX'\n"
	       "ENV NVIDIA_DISABLE_REQUIRE=1 NV_CUDA_CUDART_VERSION=12.1.55-1\n",
	       "1:13-1:18 image docker other name='ubuntu' spec='22.04' name@1:6 scope=1\n"
	       "2:18-2:24 env docker cuda name='CUDA_VERSION' spec='12.4.1' name@2:5 scope=1\n"
	       "3:18-3:24 env docker cuda name='CUDA_VERSION' spec='11.8.0' name@3:5 scope=1\n"
	       "4:30-4:52 env docker other name='NVIDIA_REQUIRE_CUDA' spec='cuda>=12.1 brand=tesla' name@4:9 scope=1\n"
	       "4:76-4:87 env docker other name='TORCH_CUDA_ARCH_LIST' spec='7.0 8.0+PTX' name@4:54 scope=1\n"
	       "5:28-5:29 env docker other name='NVIDIA_DISABLE_REQUIRE' spec='1' name@5:5 scope=1\n",
	       "", "");
}

static void env_from_arg(void **state)
{
	EXPECT("ARG CUDA=12.1.1\n"
	       "FROM ubuntu\n"
	       "ARG CUDA\n"
	       "ENV CUDA_VERSION=${CUDA}\n",
	       "2:6-2:12 image docker other name='ubuntu' name@2:6 scope=1\n"
	       "1:10-1:16 env docker cuda name='CUDA_VERSION' spec='12.1.1' name@4:5 via=1:1 scope=1\n",
	       "", "");
}

static void env_global_arg_not_redeclared(void **state)
{
	EXPECT("ARG CUDA=12.1.1\nFROM ubuntu\nENV CUDA_VERSION=$CUDA\n",
	       "2:6-2:12 image docker other name='ubuntu' name@2:6 scope=1\n"
	       "3:18-3:23 env docker cuda name='CUDA_VERSION' spec='$CUDA' name@3:5 unresolved scope=1\n",
	       "", "EL004 3:18 variable 'CUDA' has no value in this Dockerfile; 'CUDA_VERSION' is not checked\n");
}

static void arg_alone_no_pin(void **state)
{
	EXPECT("ARG CUDA_VERSION=12.1\nFROM ubuntu:22.04\nARG CUDA_VERSION\nARG TORCH=2.1.0 X\n",
	       "2:13-2:18 image docker other name='ubuntu' spec='22.04' name@2:6 scope=1\n", "", "");
}

static void env_alt_and_stage_scope(void **state)
{
	EXPECT("FROM a AS one\n"
	       "ENV CUDA_VERSION=12.1 USE=1\n"
	       "ENV TORCH_CUDA_ARCH_LIST=${USE:+8.0}\n"
	       "FROM b\n"
	       "ENV TORCH_CUDA_ARCH_LIST=x${USE:+8.0}\n",
	       "1:6-1:7 image docker other name='a' name@1:6 scope=1\n"
	       "2:18-2:22 env docker cuda name='CUDA_VERSION' spec='12.1' name@2:5 scope=1\n"
	       "3:33-3:36 env docker other name='TORCH_CUDA_ARCH_LIST' spec='8.0' name@3:5 scope=1\n"
	       "4:6-4:7 image docker other name='b' name@4:6 scope=2\n"
	       "5:26-5:27 env docker other name='TORCH_CUDA_ARCH_LIST' spec='x' name@5:5 scope=2\n",
	       "", "");
}

/* ------------------------------------------------------------------ lines */

static void escape_backtick(void **state)
{
	EXPECT("# escape=`\n"
	       "FROM mcr.microsoft.com/windows/servercore:ltsc2019\n"
	       "RUN pip install `\n"
	       "    --no-cache-dir `\n"
	       "    torch==2.1.0\n"
	       "ENV TORCH_CUDA_ARCH_LIST=8.0\\;9.0 `\n"
	       "    CUDA_VERSION=`\"12.1`\"\n",
	       "2:43-2:51 image docker other name='mcr.microsoft.com/windows/servercore' spec='ltsc2019' name@2:6 scope=1\n"
	       "6:26-6:34 env docker other name='TORCH_CUDA_ARCH_LIST' spec='8.0\\\\;9.0' name@6:5 scope=1\n"
	       "7:19-7:26 env docker cuda name='CUDA_VERSION' spec='\"12.1\"' name@7:5 scope=1\n",
	       "pip scope=1: --no-cache-dir@4:5* torch==2.1.0@5:5*\n", "");
}

static void directives_only_at_top(void **state)
{
	/* After an instruction `# escape=` is a comment: the backslash still continues. */
	EXPECT("# syntax=docker/dockerfile:1\n"
	       "FROM ubuntu\n"
	       "# escape=`\n"
	       "RUN pip install \\\n"
	       "  torch==2.0.1\n",
	       "2:6-2:12 image docker other name='ubuntu' name@2:6 scope=1\n",
	       "pip scope=1: torch==2.0.1@5:3*\n", "");
}

static void continuation_comments(void **state)
{
	EXPECT("FROM ubuntu\n"
	       "RUN apt-get update && \\\n"
	       "# comment inside the RUN\n"
	       "    pip install --no-cache-dir \\\n"
	       "\n"
	       "      # another\n"
	       "      torch==2.1.0 \\  \n"
	       "      torchvision==0.16.0\n",
	       "1:6-1:12 image docker other name='ubuntu' name@1:6 scope=1\n",
	       "pip scope=1: --no-cache-dir@4:17* torch==2.1.0@7:7* torchvision==0.16.0@8:7*\n", "");
}

static void crlf(void **state)
{
	EXPECT("FROM nvidia/cuda:12.1.0-base\r\n"
	       "ENV CUDA_VERSION=12.1.0\r\n"
	       "RUN pip install \\\r\n"
	       "    torch==2.1.0\r\n",
	       "1:18-1:29 image docker other name='nvidia/cuda' spec='12.1.0-base' name@1:6 scope=1\n"
	       "2:18-2:24 env docker cuda name='CUDA_VERSION' spec='12.1.0' name@2:5 scope=1\n",
	       "pip scope=1: torch==2.1.0@4:5*\n", "");
}

static void lone_cr(void **state)
{
	/* Docker's parser ends lines at "\n" only: after a lone "\r" the ENV is read, by
	 * Docker and here, as more arguments of FROM. Said once, at the first one; a "\r"
	 * at the very end of the file is harmless. */
	EXPECT("FROM nvidia/cuda:12.1.0-base\rENV CUDA_VERSION=12.1.0\rRUN true\n"
	       "RUN pip install torch==2.1.0\r",
	       "1:18-1:29 image docker other name='nvidia/cuda' spec='12.1.0-base' name@1:6 scope=1\n",
	       "pip scope=1: torch==2.1.0@4:17*\n",
	       "EL010 1:29 line ends with a lone carriage return (an old Mac line end); Docker ends "
	       "lines only at '\\n', so it reads what follows as part of this line, as envlint does\n");
}

static void bom_and_non_ascii(void **state)
{
	EXPECT("\xEF\xBB\xBF"
	       "FROM nvidia/cuda:12.1.0-base\n"
	       "ENV NOTE=\"caf\xC3\xA9 \xE2\x9C\x93\" CUDA_VERSION=12.1.0\n"
	       "RUN echo \"\xC3\xBC\xC3\xBC\" && pip install torch==2.1.0\n",
	       "1:18-1:29 image docker other name='nvidia/cuda' spec='12.1.0-base' name@1:6 scope=1\n"
	       "2:32-2:38 env docker cuda name='CUDA_VERSION' spec='12.1.0' name@2:19 scope=1\n",
	       "pip scope=1: torch==2.1.0@3:30*\n", "");
}

static void heredoc_run(void **state)
{
	EXPECT("FROM ubuntu\n"
	       "RUN <<EOF\n"
	       "set -e\n"
	       "pip install torch==2.1.0\n"
	       "EOF\n"
	       "RUN <<-\"END\" bash\n"
	       "\tconda install -y -c pytorch pytorch=2.1.0\n"
	       "\tEND\n"
	       "RUN python3 <<EOF\n"
	       "pip install notthis==1\n"
	       "EOF\n"
	       "RUN <<A <<B\n"
	       "pip install a==1\n"
	       "A\n"
	       "pip install b==2\n"
	       "B\n"
	       "COPY <<EOF /etc/x\n"
	       "pip install nope==3\n"
	       "EOF\n"
	       "RUN pip install after==4\n",
	       "1:6-1:12 image docker other name='ubuntu' name@1:6 scope=1\n",
	       "pip scope=1: torch==2.1.0@4:13*\n"
	       "conda scope=1: -y@7:16* -c@7:19* pytorch@7:22* pytorch=2.1.0@7:30*\n"
	       "pip scope=1: a==1@13:13*\n"
	       "pip scope=1: b==2@15:13*\n"
	       "pip scope=1: after==4@20:17*\n",
	       "");
}

static void heredoc_unterminated(void **state)
{
	EXPECT("FROM ubuntu\nRUN <<EOF\npip install torch==2.1.0\n",
	       "1:6-1:12 image docker other name='ubuntu' name@1:6 scope=1\n",
	       "pip scope=1: torch==2.1.0@3:13*\n",
	       "EL010 2:5 heredoc 'EOF' is not terminated\n");
}

static void not_heredocs(void **state)
{
	EXPECT("FROM ubuntu\nRUN echo $((1<<2)) && cut -f1 <<< x && pip install y==1\n",
	       "1:6-1:12 image docker other name='ubuntu' name@1:6 scope=1\n",
	       "pip scope=1: y==1@2:52*\n", "");
}

static void exec_form(void **state)
{
	EXPECT("FROM ubuntu\n"
	       "RUN [\"pip\", \"install\", \"torch==2.1.0\"]\n"
	       "RUN [ \"python3\", \"-m\", \"pip\", \"install\", \"torch\\u003e=2\" ]\n"
	       "RUN [ -f /x ] && pip install z==1\n",
	       "1:6-1:12 image docker other name='ubuntu' name@1:6 scope=1\n",
	       "pip scope=1: torch==2.1.0@2:25*\n"
	       "pip scope=1: torch>=2@3:42\n"
	       "pip scope=1: z==1@4:30*\n",
	       "");
}

static void exec_form_bad_json(void **state)
{
	EXPECT("FROM ubuntu\nRUN [\"pip\", \"install\", \"torch==2.1.0\"\nRUN pip install ok==1\n",
	       "1:6-1:12 image docker other name='ubuntu' name@1:6 scope=1\n",
	       "pip scope=1: ok==1@3:17*\n",
	       "EL010 2:5 RUN exec form is not a valid JSON array of strings; Docker runs it as a shell command\n");
}

/* ------------------------------------------------------------------ pip / conda */

static void pip_index_url(void **state)
{
	EXPECT("FROM ubuntu\n"
	       "RUN pip install torch==2.1.0+cu121 --index-url https://download.pytorch.org/whl/cu121\n",
	       "1:6-1:12 image docker other name='ubuntu' name@1:6 scope=1\n",
	       "pip scope=1: torch==2.1.0+cu121@2:17* --index-url@2:36* https://download.pytorch.org/whl/cu121@2:48*\n",
	       "");
}

static void pip_python_m_quotes(void **state)
{
	EXPECT("FROM ubuntu\n"
	       "RUN python -m pip install -U \"torch>=2\" 'torchvision==0.16.0' \\\n"
	       "    && python3.11 -mpip install x==1; /opt/conda/bin/pip3.10 install y==2 || pip3 --no-cache-dir install z==3\n",
	       "1:6-1:12 image docker other name='ubuntu' name@1:6 scope=1\n",
	       "pip scope=1: -U@2:27* torch>=2@2:31* torchvision==0.16.0@2:42*\n"
	       "pip scope=1: x==1@3:33*\n"
	       "pip scope=1: y==2@3:70*\n"
	       "pip scope=1: z==3@3:106*\n",
	       "");
}

static void pip_env_spec(void **state)
{
	EXPECT("FROM ubuntu\n"
	       "ARG TORCH=2.1.0\n"
	       "ENV TORCH_SPEC=torch==2.1.0\n"
	       "RUN pip install ${TORCH_SPEC} \"torchvision==0.16.${MINOR:-0}\" torchaudio==$TORCH \"x==$(cat v)\"\n",
	       "1:6-1:12 image docker other name='ubuntu' name@1:6 scope=1\n",
	       "pip scope=1: torch==2.1.0@3:16*~3:1 torchvision==0.16.0@4:31? torchaudio==2.1.0@4:63~2:1 x==$(cat v)@4:83*?\n",
	       "EL004 4:31 variable 'MINOR' has no value in this Dockerfile; 'torchvision==0.16.0' is not checked\n"
	       "EL004 4:83 '$(...)' is known only when the shell runs; 'x==$(cat v)' is not checked\n");
}

static void word_splitting(void **state)
{
	/* bash splits an unquoted expansion into words and drops an empty one */
	EXPECT("FROM ubuntu\n"
	       "ENV PKGS=\"torch==2.1.0  torchvision==0.16.0\" EMPTY=\n"
	       "RUN pip install $PKGS $EMPTY x${EMPTY}y\n",
	       "1:6-1:12 image docker other name='ubuntu' name@1:6 scope=1\n",
	       "pip scope=1: torch==2.1.0@2:11*~2:1 torchvision==0.16.0@2:25*~2:1 xy@3:30\n", "");
}

static void from_template_and_stage_pattern(void **state)
{
	EXPECT("FROM axolotlai/axolotl-base:{{ BASE_TAG }}\n"
	       "FROM ubuntu AS base-amd64\n"
	       "FROM ubuntu AS base-arm64\n"
	       "FROM base-${TARGETARCH}\n",
	       "2:6-2:12 image docker other name='ubuntu' name@2:6 scope=2\n"
	       "3:6-3:12 image docker other name='ubuntu' name@3:6 scope=3\n",
	       "", "EL004 1:6 'axolotlai/axolotl-base:{{' is a template placeholder; the base image is not checked\n");
}

static void uv_pip(void **state)
{
	EXPECT("FROM ubuntu\nRUN uv pip install --system torch==2.4.0 --python 3.11 -t /opt x\n",
	       "1:6-1:12 image docker other name='ubuntu' name@1:6 scope=1\n",
	       "pip scope=1: --system@2:20* torch==2.4.0@2:29* x@2:64*\n", "");
}

static void conda_mamba(void **state)
{
	EXPECT("FROM ubuntu\n"
	       "RUN conda install -c pytorch -c nvidia pytorch=2.1 pytorch-cuda=12.1 && \\\n"
	       "    mamba create -n env python=3.10 && /opt/conda/bin/conda install -y cudnn=8.9 ; \\\n"
	       "    micromamba install -c conda-forge cuda-version=12.4 ; conda env list\n",
	       "1:6-1:12 image docker other name='ubuntu' name@1:6 scope=1\n",
	       "conda scope=1: -c@2:19* pytorch@2:22* -c@2:30* nvidia@2:33* pytorch=2.1@2:40* pytorch-cuda=12.1@2:52*\n"
	       "conda scope=1: -n@3:18* env@3:21* python=3.10@3:25*\n"
	       "conda scope=1: -y@3:69* cudnn=8.9@3:72*\n"
	       "conda scope=1: -c@4:24* conda-forge@4:27* cuda-version=12.4@4:39*\n",
	       "");
}

static void chains_and_compounds(void **state)
{
	EXPECT("FROM ubuntu\n"
	       "RUN set -e; if [ -n \"$X\" ]; then pip install a==1; else (cd /x && sudo -H pip install b==2); fi \\\n"
	       " && for v in 1 2; do env PIP_NO_CACHE=1 pip install c==3 | tee log; done || bash -c 'pip install d==4'\n",
	       "1:6-1:12 image docker other name='ubuntu' name@1:6 scope=1\n",
	       "pip scope=1: a==1@2:46*\n"
	       "pip scope=1: b==2@2:87*\n"
	       "pip scope=1: c==3@3:53*\n",
	       "");
}

static void run_mount_flags(void **state)
{
	EXPECT("FROM ubuntu\nRUN --mount=type=cache,target=/root/.cache/pip pip install torch==2.2.0\n",
	       "1:6-1:12 image docker other name='ubuntu' name@1:6 scope=1\n",
	       "pip scope=1: torch==2.2.0@2:60*\n", "");
}

/* A `$(...)` in a pin is read as written and unresolved, however deep it nests. */
static void substitution_in_pin(void **state)
{
	struct run r;
	lint(&r, "FROM ubuntu\n"
		 "RUN pip install \"torch==$(cat v)\" && "
		 "pip install \"torchvision==$(cat \"$(dirname \"$(pwd)\")/v\")\"\n");
	assert_string_equal(r.cmds.buf, "pip scope=1: torch==$(cat v)@2:18*?\n"
					"pip scope=1: torchvision==$(cat \"$(dirname \"$(pwd)\")/v\")@2:51*?\n");
	assert_string_equal(r.diags.buf,
			    "EL004 2:18 '$(...)' is known only when the shell runs; 'torch==$(cat v)' is not checked\n"
			    "EL004 2:51 '$(...)' is known only when the shell runs; "
			    "'torchvision==$(cat \"$(dirname \"$(pwd)\")/v\")' is not checked\n");
	assert_int_equal(r.nerrors, 0);
	run_release(&r);
}

/* `echo "$(echo "$(...)")"` 20k deep: linear time, the commands around it are read,
 * and one EL007 says the rest was not. */
static void nesting_limit(void **state)
{
	size_t depth = 20000;
	struct buf b;
	buf_init(&b, BUF_DEFAULT_CAP);
	buf_addf(&b, "FROM ubuntu\nRUN pip install torch==2.1.0 && echo ");
	for (size_t i = 0; i < depth; i++)
		buf_addf(&b, "\"$(echo ");
	buf_addf(&b, "x");
	for (size_t i = 0; i < depth; i++)
		buf_addf(&b, ")\"");
	buf_addf(&b, " && pip install numpy==1.26.0\n");
	struct run r;
	lint(&r, b.buf);
	assert_string_equal(r.cmds.buf, "pip scope=1: torch==2.1.0@2:17*\n"
					"pip scope=1: numpy==1.26.0@2:200055*\n");
	assert_non_null(strstr(r.diags.buf, "EL007 2:"));
	assert_null(strstr(strstr(r.diags.buf, "EL007") + 1, "EL007"));
	assert_int_equal(r.nerrors, 0);
	run_release(&r);
	buf_release(&b);
}

/* ------------------------------------------------------------------ COPY + -r */

static int ctx_setup(void **state)
{
	if (tmpdir_make("test-dockerfile"))
		return -1;
	char sub[512];
	snprintf(sub, sizeof(sub), "%s/sub", tmpdir);
	mkdir(sub, 0700);
	tmpdir_write("requirements.txt", "torch==2.1.0\n");
	tmpdir_write("requirements-gpu.txt", "torchvision==0.16.0\n");
	tmpdir_write("sub/req.txt", "torchaudio==2.1.0\n");
	return 0;
}

static int ctx_teardown(void **state)
{
	return tmpdir_remove();
}

static void lint_ctx(struct run *r, const char *text)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/Dockerfile", tmpdir);
	lint_path(r, path, text, strlen(text));
}

static void copy_requirements(void **state)
{
	struct run r;
	lint_ctx(&r, "FROM ubuntu\n"
		     "COPY requirements.txt /tmp/\n"
		     "RUN pip install -r /tmp/requirements.txt\n"
		     "WORKDIR /app\n"
		     "COPY requirements*.txt ./\n"
		     "RUN pip install -r requirements-gpu.txt --requirement=./requirements.txt\n"
		     "COPY . /src\n"
		     "COPY --from=build /x/req.txt /y/\n"
		     "RUN pip install -r/src/sub/req.txt -c /y/req.txt -r /nowhere.txt && conda install --file /src/sub/req.txt\n"
		     "COPY [\"sub/req.txt\", \"/z.txt\"]\n"
		     "RUN cd / && pip install -r /z.txt\n");
	/* Each file named by the path that opens it: the build context it was found in
	 * (here the Dockerfile's directory) joined to its context path. */
	char want[4096];
	snprintf(want, sizeof(want),
		 "pip scope=1: -r@3:17* %1$s/requirements.txt@3:20\n"
		 "pip scope=1: -r@6:17* %1$s/requirements-gpu.txt@6:20 --requirement@6:41 %1$s/requirements.txt@6:55\n"
		 "pip scope=1: -r@9:17 %1$s/sub/req.txt@9:19\n"
		 "conda scope=1: --file@9:83* %1$s/sub/req.txt@9:90\n"
		 "pip scope=1: -r@11:25* %1$s/sub/req.txt@11:28\n",
		 tmpdir);
	assert_string_equal(r.cmds.buf, want);
	run_release(&r);
}

/* The file xargs reads is linked as `-r FILE` is: through COPY to the build context. */
static void copy_requirements_xargs(void **state)
{
	struct run r;
	lint_ctx(&r, "FROM ubuntu\n"
		     "COPY requirements.txt /tmp/\n"
		     "RUN xargs -a /tmp/requirements.txt pip install\n"
		     "RUN cat /tmp/requirements.txt | xargs pip install && xargs pip install < /nowhere.txt\n");
	char want[4096];
	snprintf(want, sizeof(want),
		 "pip scope=1: -r@3:14 %1$s/requirements.txt@3:14\n"
		 "pip scope=1: -r@4:9 %1$s/requirements.txt@4:9\n"
		 "pip scope=1:\n",
		 tmpdir);
	assert_string_equal(r.cmds.buf, want);
	run_release(&r);
}

/* ------------------------------------------------------------------ bad input */

static void hostile_inputs(void **state)
{
	static const char nul[] = "FROM ubuntu\0\nRUN pip install \0 a==1\nRUN \\";
	struct run r;
	lint_path(&r, "Dockerfile", nul, sizeof(nul) - 1);
	assert_int_equal(r.nerrors, 0);
	run_release(&r);
	EXPECT("FROM \xFF\xFE:1\nENV CUDA_VERSION=\xC3\n", 
	       "1:9-1:10 image docker other name='\xFF\xFE' spec='1' name@1:6 scope=1\n"
	       "2:18-2:19 env docker cuda name='CUDA_VERSION' spec='\xC3' name@2:5 scope=1\n",
	       "", "");
	EXPECT("FROM a\nRUN pip install x==1 \\", "1:6-1:7 image docker other name='a' name@1:6 scope=1\n",
	       "pip scope=1: x==1@2:17*\n", "");
	EXPECT("\\\n\n# x\n   \n", "", "", "");
}

static void long_line(void **state)
{
	size_t n = READER_MAX_LINE_BYTES + 100;
	char *text = malloc(n + 64);
	assert_non_null(text);
	memcpy(text, "RUN pip install ", 16);
	memset(text + 16, 'a', n);
	memcpy(text + 16 + n, "\nFROM b:1\n", 11);
	struct run r;
	lint_path(&r, "Dockerfile", text, strlen(text));
	assert_string_equal(r.pins.buf, "2:8-2:9 image docker other name='b' spec='1' name@2:6 scope=1\n");
	assert_string_equal(r.diags.buf, "EL007 1:1 instruction is longer than 1048576 bytes; not read\n");
	run_release(&r);
	/* Many continuation lines add up to one instruction. */
	size_t lines = 40000;
	char *many = malloc(lines * 40 + 32);
	assert_non_null(many);
	size_t o = 0;
	o += (size_t)snprintf(many + o, 32, "FROM c\nRUN true");
	for (size_t i = 0; i < lines; i++)
		o += (size_t)snprintf(many + o, 40, " && pip install p%zu==1 \\\n", i);
	many[o] = '\0';
	lint_path(&r, "Dockerfile", many, o);
	assert_int_equal(r.nerrors, 0);
	assert_int_equal(r.npins, 1);
	run_release(&r);
	free(many);
	free(text);
}

/* 100k instructions of each kind must stay fast (no quadratic scans) and end in
 * EL007 where a limit is passed. */
static void many_instructions(void **state)
{
	const char *kinds[] = { "ENV V%zu=$UNDECLARED CUDA_VERSION=1\n", "FROM img%zu:1 AS s%zu\n",
				"COPY r%zu.txt /r/\n", "ARG A%zu=${A%zu:-x}\n" };
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		size_t n = 100000, o = 0;
		char *text = malloc(n * 64 + 16);
		assert_non_null(text);
		o += (size_t)snprintf(text, 16, "FROM a\n");
		for (size_t i = 0; i < n; i++)
			o += (size_t)snprintf(text + o, 64, kinds[k], i, i);
		struct run r;
		lint_path(&r, "Dockerfile", text, o);
		assert_int_equal(r.nerrors, 0);
		if (k == 1)
			assert_non_null(strstr(r.diags.buf, "EL007 4097:1 more than 4096 build stages"));
		if (k == 2)
			assert_non_null(strstr(r.diags.buf, "EL007 4098:1 more than 4096 COPY sources"));
		run_release(&r);
		free(text);
	}
}

/* ------------------------------------------------------------------ shell.c */

static char *find_status(const char *text, enum shell_status *st, struct span *deep)
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
	struct shell_origin o[3] = { { 0, -1, false }, { 1, -1, false }, { 2, -1, false } };
	struct shell_var v = { "V", "abc", 3, o, source_span(&src, 0, 3), stage, true, true, false, NULL };
	shell_env_add(&env, &v);
	struct shell sh;
	shell_init(&sh);
	struct shell_expander e = { &env, stage, SHELL_MODE_RUNTIME, '\\', &a };
	struct shell_input in = { src.bytes, src.len, map };
	struct shell_commands cmds = { NULL, 0, 0 };
	*st = shell_find_commands(&sh, &e, &src, &in, &cmds);
	*deep = sh.deep;
	struct buf out;
	buf_init(&out, BUF_DEFAULT_CAP);
	for (size_t i = 0; i < cmds.nr; i++) {
		buf_addf(&out, "%s@%u:%u:", tool_name(cmds.items[i].tool), cmds.items[i].span.line,
			 cmds.items[i].span.column);
		dump_words(&out, cmds.items[i].words, cmds.items[i].n);
		buf_addch(&out, '\n');
	}
	shell_commands_release(&cmds);
	shell_release(&sh);
	shell_env_release(&env);
	free(map);
	arena_release(&a);
	return buf_detach(&out, NULL);
}

static char *find(const char *text)
{
	enum shell_status st;
	struct span deep;
	char *s = find_status(text, &st, &deep);
	assert_int_equal(st, SHELL_OK);
	assert_false(span_is_set(deep));
	return s;
}

#define FIND(text, expected)                          \
	do {                                          \
		char *s_ = find(text);                \
		assert_string_equal(s_, expected);    \
		free(s_);                             \
	} while (0)

static void shell_tools(void **state)
{
	FIND("apt-get install -y python3 && apt update && pip download x && pip install y",
	     "apt@1:1: -y@1:17* python3@1:20*\npip@1:63: y@1:75*\n");
	FIND("conda env create -f e.yml; mamba -q install z; uv sync; uv pip compile",
	     "conda@1:28: z@1:45*\n");
	FIND("python -c 'import pip' && python -m venv v && python3 -u -m pip install q",
	     "pip@1:47: q@1:73*\n");
}

/* The words before the program that only wrap it, each with its options and their
 * values; `conda run` (mamba, micromamba) with its options. */
static void shell_wrappers(void **state)
{
	FIND("conda run -n env pip install torch==2.1.0", "pip@1:1: torch==2.1.0@1:30*\n");
	FIND("conda run --no-capture-output -p /opt/env python -m pip install a==1",
	     "pip@1:1: a==1@1:65*\n");
	FIND("mamba run -n x pip install a==1; micromamba run -n base pip install b==2",
	     "pip@1:1: a==1@1:28*\npip@1:34: b==2@1:69*\n");
	FIND("micromamba -q run --name=base -e X=1 --cwd /w -- pip install a==1", "pip@1:1: a==1@1:62*\n");
	FIND("sudo -u me -H env -u X A=1 nice -n 10 time -p nohup pip install a==1",
	     "pip@1:1: a==1@1:65*\n");
	FIND("nice -10 exec -a x command pip3.10 install a==1 && /opt/conda/bin/pip install b==2",
	     "pip@1:1: a==1@1:44*\npip@1:52: b==2@1:79*\n");
	FIND("conda run -n env conda install -y x=1", "conda@1:1: -y@1:32* x=1@1:35*\n");
	/* near misses: no install, an option's value that reads as a program, echo */
	FIND("conda run -n env python train.py; conda run -n pip python x.py; nice -n pip install a==1", "");
	FIND("echo pip install a==1; sudo -u pip true; env -u pip x; time -o pip true", "");
}

/* xargs runs the program with the items of a file as more arguments: -a FILE, `< FILE`
 * or `cat FILE |` is read as `-r FILE` would be (conda: `--file FILE`). */
static void shell_xargs(void **state)
{
	FIND("xargs -a r.txt pip install", "pip@1:1: -r@1:10 r.txt@1:10*\n");
	FIND("xargs --arg-file=r.txt pip install -U", "pip@1:1: -U@1:36* -r@1:18 r.txt@1:18*\n");
	FIND("xargs -rn1 -ar.txt python -m pip install", "pip@1:1: -r@1:14 r.txt@1:14*\n");
	FIND("cat r.txt | xargs pip install --no-deps", "pip@1:13: --no-deps@1:31* -r@1:5 r.txt@1:5*\n");
	FIND("cat r.txt | xargs -I {} sudo pip install {}", "pip@1:13: -r@1:5 r.txt@1:5*\n");
	FIND("xargs pip install < r.txt", "pip@1:1: -r@1:21 r.txt@1:21*\n");
	FIND("< r.txt xargs -n 1 pip install", "pip@1:1: -r@1:3 r.txt@1:3*\n");
	FIND("cat a.txt | xargs pip install < r.txt", "pip@1:13: -r@1:33 r.txt@1:33*\n");
	/* pipelines inside pipelines: each command gets the file before it in its own */
	FIND("cat a.txt | xargs pip install $(cat b.txt | xargs pip install) | xargs pip install",
	     "pip@1:13: $(cat b.txt | xargs pip install)@1:31*? -r@1:5 a.txt@1:5*\n"
	     "pip@1:45: -r@1:37 b.txt@1:37*\npip@1:66:\n");
	FIND("xargs conda install -y < env.txt", "conda@1:1: -y@1:21* --file@1:26 env.txt@1:26*\n");
	FIND("xargs -a $V pip install", "pip@1:1: -r@1:10 abc@1:10~1:1\n");
	/* near misses: no file known, a file not on xargs' input, not xargs */
	FIND("cat r.txt | grep -v x | xargs pip install; cat -n r.txt | xargs pip install",
	     "pip@1:25:\npip@1:59:\n");
	FIND("pip install < r.txt; cat r.txt | pip install a==1; xargs pip install 2< r.txt",
	     "pip@1:1:\npip@1:34: a==1@1:46*\npip@1:52:\n");
	FIND("xargs echo pip install a==1 < r.txt; cat r.txt | xargs", "");
}

static void shell_words(void **state)
{
	FIND("abc; pip install $V ${V}x \"a$V\" 'b$V' c\\=\\=1 ${V:-d} ${W:-d} ${V:+e} ${V#a} $1 $(echo f)",
	     "pip@1:6: abc@1:1*~1:1 abcx@1:21~1:1 aabc@1:27~1:1 b$V@1:34* c==1@1:39 abc@1:1*~1:1 d@1:59*? e@1:67* ${V#a}@1:70*? $1@1:77*? $(echo f)@1:80*?\n");
	FIND("pip install --target /t --prefix=/p -r r.txt --cache-dir /c \"x\"y",
	     "pip@1:1: --prefix=/p@1:25* -r@1:37* r.txt@1:40* xy@1:61\n");
}

static void shell_split_nodes(void **state)
{
	/* tree-sitter-bash reads `.[$B,$V]` as a test bracket; it is still one word */
	FIND("abc; pip install -e .[$B,$V] x",
	     "pip@1:6: -e@1:18* .[$B,abc]@1:21~1:1? x@1:30*\n");
}

static void shell_multiline(void **state)
{
	FIND("cd /x &&\n  pip install \\\n    a==1 \\\n    b==2\n",
	     "pip@2:3: a==1@3:5* b==2@4:5*\n");
	FIND("", "");
	FIND("if then fi (( ]] pip install", "");
}

/* Commands inside SHELL_MAX_NESTING levels of `$(...)` are read; the first deeper
 * substitution is where shell_find_commands stops, and a word holding it is still an
 * unresolved `$(...)`. */
static void shell_nesting(void **state)
{
	size_t levels = SHELL_MAX_NESTING + 6;
	struct buf b;
	buf_init(&b, BUF_DEFAULT_CAP);
	buf_addf(&b, "pip install c==0 ");
	for (size_t i = 1; i <= levels; i++)
		buf_addf(&b, "$(pip install c==%zu ", i);
	for (size_t i = 1; i <= levels; i++)
		buf_addch(&b, ')');
	enum shell_status st;
	struct span deep;
	char *out = find_status(b.buf, &st, &deep);
	assert_int_equal(st, SHELL_TOO_COMPLEX);
	char last[32], next[32];
	snprintf(last, sizeof(last), " c==%d@", SHELL_MAX_NESTING);
	snprintf(next, sizeof(next), " c==%d@", SHELL_MAX_NESTING + 1);
	assert_non_null(strstr(out, last));
	assert_null(strstr(out, next));
	assert_non_null(strstr(out, " $(pip install c==1 $(pip install c==2 "));
	const char *p = b.buf;
	for (int i = 0; i <= SHELL_MAX_NESTING; i++)
		p = strstr(p + 1, "$(");
	assert_int_equal(deep.line, 1);
	assert_int_equal(deep.column, (uint32_t)(p - b.buf) + 1);
	free(out);
	buf_release(&b);
}

/* ------------------------------------------------------------------ corpus */

static void corpus(void **state)
{
	DIR *d = opendir(CORPUS_DIR);
	if (!d)
		fail_msg("corpus directory missing: the tests run from the repository root");
	struct dirent *e;
	size_t files = 0;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char path[1024];
		snprintf(path, sizeof(path), "%s/%s", CORPUS_DIR, e->d_name);
		struct arena a;
		arena_init(&a);
		struct pin_list pins = PIN_LIST_INIT;
		struct diag_list diags = DIAG_LIST_INIT;
		struct source src;
		assert_int_equal(source_load(&src, path, &a, &diags), SOURCE_OK);
		struct read_ctx ctx;
		read_ctx_init(&ctx, &a, &pins, &diags);
		assert_true(read_dockerfile(&ctx, &src));
		for (size_t i = 0; i < diags.nr; i++) {
			if (diags.items[i].severity == SEV_ERROR)
				print_error("%s:%u:%u: %s\n", path, diags.items[i].span.line,
					    diags.items[i].span.column, diags.items[i].message);
			assert_int_not_equal(diags.items[i].severity, SEV_ERROR);
		}
		for (size_t i = 0; i < pins.nr; i++)
			assert_true(pins.items[i].span.line >= 1);
		diag_list_release(&diags);
		pin_list_release(&pins);
		arena_release(&a);
		files++;
	}
	closedir(d);
	assert_true(files >= 10);
}

/* A few corpus files pin down exact results. */
static void corpus_escape_file(void **state)
{
	struct arena a;
	arena_init(&a);
	struct pin_list pins = PIN_LIST_INIT;
	struct diag_list diags = DIAG_LIST_INIT;
	struct source src;
	if (source_load(&src, CORPUS_DIR "/peterjc123__windows-cuda-container__Dockerfile", &a, &diags) != SOURCE_OK)
		fail_msg("corpus file missing");
	struct read_ctx ctx;
	read_ctx_init(&ctx, &a, &pins, &diags);
	read_dockerfile(&ctx, &src);
	assert_true(pins.nr >= 1);
	struct buf b;
	buf_init(&b, BUF_DEFAULT_CAP);
	pin_dump(&pins.items[0], &b);
	assert_string_equal(b.buf, "3:13-3:17 image docker other name='mcr.microsoft.com/windows/servercore' spec='1803' name@4:6 via=3:1 scope=1");
	buf_release(&b);
	diag_list_release(&diags);
	pin_list_release(&pins);
	arena_release(&a);
}

/* ------------------------------------------------------------------ end to end */

/* The requirements and conda readers are written separately; until they record pins
 * from words these tests skip. */
static bool readers_landed(void)
{
	struct arena a;
	arena_init(&a);
	struct pin_list pins = PIN_LIST_INIT;
	struct diag_list diags = DIAG_LIST_INIT;
	struct read_ctx ctx;
	read_ctx_init(&ctx, &a, &pins, &diags);
	struct source src;
	source_from_memory(&src, "Dockerfile", "torch==2.1.0 pytorch=2.1", 24, &a);
	struct word w[2];
	memset(w, 0, sizeof(w));
	w[0].text = "torch==2.1.0";
	w[0].len = 12;
	w[0].verbatim = true;
	w[0].span = source_span(&src, 0, 12);
	w[1].text = "pytorch=2.1";
	w[1].len = 11;
	w[1].offset = 13;
	w[1].verbatim = true;
	w[1].span = source_span(&src, 13, 24);
	requirements_from_words(&ctx, &src, w, 1, ".", 1, PIN_ECO_PIP, PIN_TEXT_SHELL);
	size_t pip = pins.nr;
	conda_from_words(&ctx, &src, w + 1, 1, 1);
	bool ok = pip > 0 && pins.nr > pip;
	diag_list_release(&diags);
	pin_list_release(&pins);
	arena_release(&a);
	return ok;
}

static void e2e_pip_conda(void **state)
{
	if (!readers_landed())
		skip();
	struct run r;
	lint(&r, "FROM nvidia/cuda:12.1.0-base\n"
		 "ENV TORCH_SPEC=torch==2.1.0\n"
		 "RUN pip install \\\n"
		 "  # comment\n"
		 "  torch==2.1.0+cu121 --index-url https://download.pytorch.org/whl/cu121 && \\\n"
		 "  python -m pip install -U \"torchvision==0.16.0\" && pip install ${TORCH_SPEC}\n"
		 "RUN conda install -c pytorch pytorch=2.1.0\n");
	assert_string_equal(
		r.pkgs.buf,
		"5:8-5:21 package pip torch name='torch' spec='==2.1.0+cu121' variant='cu121' name@5:3 scope=1\n"
		"5:34-5:72 index pip other name='--index-url' index='index-url' spec='https://download.pytorch.org/whl/cu121' name@5:22 scope=1\n"
		"6:40-6:48 package pip torchvision name='torchvision' spec='==0.16.0' name@6:29 scope=1\n"
		/* through ENV TORCH_SPEC: the span is the ENV value the user edits */
		"2:21-2:28 package pip torch name='torch' spec='==2.1.0' name@2:16 via=2:1 scope=1\n"
		"7:22-7:29 index conda other name='-c' index='channel' spec='pytorch' name@7:19 scope=1\n"
		"7:37-7:43 package conda torch name='pytorch' spec='=2.1.0' name@7:30 scope=1\n");
	run_release(&r);
}

static void e2e_copy_requirements(void **state)
{
	if (!readers_landed())
		skip();
	struct run r;
	lint_ctx(&r, "FROM ubuntu\nCOPY requirements.txt /tmp/\nRUN pip install -r /tmp/requirements.txt\n");
	/* The pin is in <context>/requirements.txt, line 1. */
	assert_string_equal(r.pkgs.buf, "1:6-1:13 package pip torch name='torch' spec='==2.1.0' name@1:1 scope=1\n");
	assert_string_equal(r.diags.buf, "");
	assert_int_equal(r.nerrors, 0);
	run_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(from_nvidia_cuda),
		cmocka_unit_test(from_pytorch),
		cmocka_unit_test(from_ngc),
		cmocka_unit_test(from_registry_port),
		cmocka_unit_test(from_digest),
		cmocka_unit_test(from_platform_as),
		cmocka_unit_test(from_stage_reference),
		cmocka_unit_test(from_arg_tag),
		cmocka_unit_test(from_arg_whole_reference),
		cmocka_unit_test(from_arg_default_syntax),
		cmocka_unit_test(from_arg_unresolved),
		cmocka_unit_test(env_forms),
		cmocka_unit_test(env_from_arg),
		cmocka_unit_test(env_global_arg_not_redeclared),
		cmocka_unit_test(arg_alone_no_pin),
		cmocka_unit_test(env_alt_and_stage_scope),
		cmocka_unit_test(escape_backtick),
		cmocka_unit_test(directives_only_at_top),
		cmocka_unit_test(continuation_comments),
		cmocka_unit_test(crlf),
		cmocka_unit_test(lone_cr),
		cmocka_unit_test(bom_and_non_ascii),
		cmocka_unit_test(heredoc_run),
		cmocka_unit_test(heredoc_unterminated),
		cmocka_unit_test(not_heredocs),
		cmocka_unit_test(exec_form),
		cmocka_unit_test(exec_form_bad_json),
		cmocka_unit_test(pip_index_url),
		cmocka_unit_test(pip_python_m_quotes),
		cmocka_unit_test(pip_env_spec),
		cmocka_unit_test(word_splitting),
		cmocka_unit_test(from_template_and_stage_pattern),
		cmocka_unit_test(uv_pip),
		cmocka_unit_test(conda_mamba),
		cmocka_unit_test(chains_and_compounds),
		cmocka_unit_test(run_mount_flags),
		cmocka_unit_test(substitution_in_pin),
		cmocka_unit_test(nesting_limit),
		cmocka_unit_test_setup_teardown(copy_requirements, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(copy_requirements_xargs, ctx_setup, ctx_teardown),
		cmocka_unit_test(hostile_inputs),
		cmocka_unit_test(long_line),
		cmocka_unit_test(many_instructions),
		cmocka_unit_test(shell_tools),
		cmocka_unit_test(shell_wrappers),
		cmocka_unit_test(shell_xargs),
		cmocka_unit_test(shell_words),
		cmocka_unit_test(shell_split_nodes),
		cmocka_unit_test(shell_multiline),
		cmocka_unit_test(shell_nesting),
		cmocka_unit_test(corpus),
		cmocka_unit_test(corpus_escape_file),
		cmocka_unit_test(e2e_pip_conda),
		cmocka_unit_test_setup_teardown(e2e_copy_requirements, ctx_setup, ctx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
