# lib.sh -- helpers of the benchmark scripts (sourced, not run).

now_ms() { date +%s%3N; }

# The median of the numbers on stdin, one a line.
median() {
	sort -n | awk '{ v[NR] = $1 }
	    END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# need SCRIPT "PACKAGES" TOOL...: exits with the packages to install when
# a tool, GNU time or the mxdig binary ($mxdig) is missing.
need() {
	local script=$1 pkgs=$2 tool
	shift 2
	for tool in "$@"; do
		command -v "$tool" >/dev/null || {
			echo "$script: $tool is missing (apt-get install $pkgs time)" >&2
			exit 1
		}
	done
	[ -x /usr/bin/time ] || { echo "$script: GNU time is missing (apt-get install time)" >&2; exit 1; }
	[ -x "$mxdig" ] || { echo "$script: $mxdig is not built" >&2; exit 1; }
}
