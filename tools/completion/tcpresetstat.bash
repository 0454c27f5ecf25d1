# SPDX-License-Identifier: GPL-2.0
# bash completion for tcpresetstat(8): subcommands, options, table names,
# settings, columns for --sort and namespaces for -n.  Tables, settings and
# columns come from the tool itself ("tcpresetstat help columns", from the
# module's schema); the other lists are checked against the tool's help by
# its unit tests (tests/test_docs.c).

_tcpresetstat()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	local subcommands="show ports peers destinations forwarded timewait watch events serve snmp reset config help"
	local options="-j --json -p --pretty --prometheus -z --zeros -n --netns --all-netns --sort --top
		-i --interval -c --count -t --timeout -o --output --tables -l --listen --base-oid -h --help -V --version"
	local tool=${COMP_WORDS[0]}
	local i word sub= nargs=0

	case $prev in
	-n|--netns)
		COMPREPLY=($(compgen -W "$(ls /run/netns 2>/dev/null)" -- "$cur"))
		return ;;
	--sort)
		COMPREPLY=($(compgen -W "$("$tool" help columns 2>/dev/null)" -- "$cur"))
		return ;;
	-o|--output)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--tables)
		COMPREPLY=($(compgen -W "$("$tool" help tables 2>/dev/null) reasons all" -- "$cur"))
		return ;;
	--top|-i|--interval|-c|--count|-t|--timeout|-l|--listen|--base-oid)
		return ;;
	esac

	# The subcommand is the first word that is neither an option nor its value.
	for ((i = 1; i < COMP_CWORD; i++)); do
		word=${COMP_WORDS[i]}
		case $word in
		-n|--netns|--sort|--top|-i|--interval|-c|--count|-t|--timeout|-o|--output|--tables|-l|--listen|--base-oid) ((i++)) ;;
		-*) ;;
		*) if [ -z "$sub" ]; then sub=$word; else ((nargs++)); fi ;;
		esac
	done

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$options" -- "$cur"))
		return
	fi
	case $sub in
	"")
		COMPREPLY=($(compgen -W "$subcommands" -- "$cur")) ;;
	reset)
		[ "$nargs" = 0 ] &&
			COMPREPLY=($(compgen -W "$("$tool" help tables 2>/dev/null)" -- "$cur")) ;;
	help)
		[ "$nargs" = 0 ] && COMPREPLY=($(compgen -W "tables settings columns metrics oids" -- "$cur")) ;;
	config)
		compopt -o nospace 2>/dev/null
		COMPREPLY=($(compgen -S = -W "$("$tool" help settings 2>/dev/null)" -- "$cur")) ;;
	esac
}
complete -F _tcpresetstat tcpresetstat
