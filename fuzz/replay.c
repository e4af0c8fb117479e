/* Runs a libFuzzer target's LLVMFuzzerTestOneInput over files named on the command line,
 * without libFuzzer: `make check` replays every saved crash input (tests/fuzz-regressions)
 * and the real corpus through each target under ASan + UBSan. Prints one count line. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	int n = 0;
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (!f) {
			fprintf(stderr, "replay: cannot open %s\n", argv[i]);
			return 1;
		}
		size_t cap = 1 << 16, len = 0;
		uint8_t *buf = malloc(cap);
		size_t got;
		while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
			len += got;
			if (len == cap) {
				uint8_t *bigger = realloc(buf, cap *= 2);
				if (!bigger)
					free(buf);
				buf = bigger;
			}
		}
		fclose(f);
		if (!buf)
			return 1;
		LLVMFuzzerTestOneInput(buf, len);
		free(buf);
		n++;
	}
	printf("%d inputs\n", n);
	return 0;
}
