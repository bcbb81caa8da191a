# lib.sh - TAP helpers shared by the command-line suites (sourced).
# SPDX-License-Identifier: MIT

# bail MESSAGE: the suite cannot run at all.
bail() {
	echo "Bail out! $*"
	exit 1
}

n=0
# tap DESC PROBLEMS: "ok" when PROBLEMS is empty, else "not ok" with each
# problem and the start of the last command's stderr (./err) as diagnostics.
tap() {
	n=$((n + 1))
	if [ -z "$2" ]; then
		echo "ok $n - $1"
		return
	fi
	echo "not ok $n - $1"
	printf '%s\n' "$2" | sed '/^$/d; s/^/#   /'
	if [ -s err ]; then
		echo "#   stderr was:"
		head -c 3000 err | head -n 12 | sed 's/^/#     /'
	fi
}
