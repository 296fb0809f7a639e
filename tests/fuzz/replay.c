/*
 * replay.c -- runs a fuzz target once over every file of the corpus
 * folders given (what CTest does on every run), without libFuzzer.
 * Exits 1 when a folder or file cannot be read, or when no input was
 * found; a failing input aborts inside the target, and the input is
 * named on stderr first.
 */
#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input being run, for the signal handler. */
static char current[4096];

/* Names the input that made the target abort or crash (write(2) only:
 * it runs in a signal handler), then dies of the same signal. */
static void
name_input(int sig)
{
	static const char pre[] = "replay: failing input: ";

	(void)!write(STDERR_FILENO, pre, sizeof(pre) - 1);
	(void)!write(STDERR_FILENO, current, strlen(current));
	(void)!write(STDERR_FILENO, "\n", 1);
	signal(sig, SIG_DFL);
	raise(sig);
}

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
	snprintf(current, sizeof(current), "%s", path);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

int
main(int argc, char *argv[])
{
	size_t	runs = 0;
	int	i;

	signal(SIGABRT, name_input);
	signal(SIGSEGV, name_input);
	signal(SIGBUS, name_input);
	signal(SIGFPE, name_input);

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
