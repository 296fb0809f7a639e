/*
 * replay.c -- runs a fuzz target once over every file of the corpus
 * folders given (what CTest does on every run), without libFuzzer.
 * Exits 1 when a folder or file cannot be read, or when no input was
 * found; a failing input aborts inside the target.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reads path whole (at most 1 MiB) and runs the target on it. */
static int
run_file(const char *path)
{
	FILE	*fp;
	uint8_t	*buf;
	size_t	 n;

	if ((fp = fopen(path, "rb")) == NULL ||
	    (buf = malloc(1 << 20)) == NULL) {
		fprintf(stderr, "replay: %s: cannot read\n", path);
		if (fp != NULL)
			fclose(fp);
		return -1;
	}
	n = fread(buf, 1, 1 << 20, fp);
	fclose(fp);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

int
main(int argc, char *argv[])
{
	size_t	runs = 0;
	int	i;

	for (i = 1; i < argc; i++) {
		DIR		*d = opendir(argv[i]);
		struct dirent	*e;
		char		 path[4096];

		if (d == NULL) {
			fprintf(stderr, "replay: %s: not a folder\n", argv[i]);
			return 1;
		}
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", argv[i],
			    e->d_name);
			if (run_file(path) != 0) {
				closedir(d);
				return 1;
			}
			runs++;
		}
		closedir(d);
	}
	if (runs == 0) {
		fprintf(stderr, "replay: no inputs\n");
		return 1;
	}
	printf("replay: %zu inputs, all held\n", runs);
	return 0;
}
