# bash completion for mxdig: options, the values of --format,
# --color, --progress and --fail-on, and check names for --ignore and
# --explain, read from `mxdig --list-checks` (the installed catalogue).
_mxdig()
{
	local cur prev opts
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	opts="-4 -6 -f -h -p -V --cache-size --color --concurrency --deadline
	    --explain --fail-on --file --format --help --ignore --list-checks
	    --live --no-additional --no-auth --no-cache --output --port
	    --progress --resolv-conf --routable --shard --short --sig-days
	    --tcp --threads --timeout --tries --ttl-max --ttl-min --version
	    --zone --no-policy"
	case $prev in
	--format)
		COMPREPLY=($(compgen -W "text json jsonl gcc github nagios openmetrics sarif" -- "$cur"))
		return ;;
	--color|--progress)
		COMPREPLY=($(compgen -W "always never auto" -- "$cur"))
		return ;;
	--fail-on)
		COMPREPLY=($(compgen -W "error warning never" -- "$cur"))
		return ;;
	--ignore|--explain)
		local checks
		checks=$("${COMP_WORDS[0]}" --list-checks 2>/dev/null | awk '{ print $1 }')
		# --ignore takes a comma-separated list: complete its last item
		local head=""
		[ "$prev" = --ignore ] && [[ $cur == *,* ]] && head=${cur%,*},
		COMPREPLY=($(compgen -P "$head" -W "$checks" -- "${cur##*,}"))
		return ;;
	-f|--file|--zone|--resolv-conf|--output)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	elif [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "lint diff" -- "$cur"))
		[[ $cur == */* || $cur == .* ]] && COMPREPLY+=($(compgen -f -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}
complete -F _mxdig mxdig
