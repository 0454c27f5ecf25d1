# SPDX-License-Identifier: GPL-2.0
# bash completion for tcpresetstat(8): subcommands, options, table names,
# settings, columns for --sort and namespaces for -n.  The lists are
# checked against the tool's help by its unit tests (tests/test_docs.c).

_tcpresetstat()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	local subcommands="show ports peers destinations timewait watch events reset config help"
	local options="-j --json -p --pretty --prometheus -z --zeros -n --netns --sort --top
		-i --interval -c --count -t --timeout -h --help -V --version"
	local tables="ports peers destinations"
	local settings="ports_max peers_max destinations_max idle_timeout sample_interval_ms
		pressure_top exhaustion_pct alert_port_open_fail alert_dest_open_fail
		alert_peer_rst alert_max_per_sec"
	local columns="port addr local_addr remote_port rst_in rst_in_refused rst_in_reset
		rst_in_other rst_out rst_out_refused rst_out_abort rst_out_other rst_fwd_sent
		rst_fwd_rcvd open_fail_active open_fail_active_refused open_fail_active_timeout
		open_fail_active_unreach open_fail_active_other open_fail_passive
		open_fail_passive_reset open_fail_passive_timeout open_fail_passive_listen_drop
		estab_reset eaddrnotavail listen_backlog listen_max tw estab port_use_pct
		near_exhaustion"
	local i word sub= nargs=0

	case $prev in
	-n|--netns)
		COMPREPLY=($(compgen -W "$(ls /run/netns 2>/dev/null)" -- "$cur"))
		return ;;
	--sort)
		COMPREPLY=($(compgen -W "$columns" -- "$cur"))
		return ;;
	--top|-i|--interval|-c|--count|-t|--timeout)
		return ;;
	esac

	# The subcommand is the first word that is neither an option nor its value.
	for ((i = 1; i < COMP_CWORD; i++)); do
		word=${COMP_WORDS[i]}
		case $word in
		-n|--netns|--sort|--top|-i|--interval|-c|--count|-t|--timeout) ((i++)) ;;
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
		[ "$nargs" = 0 ] && COMPREPLY=($(compgen -W "$tables" -- "$cur")) ;;
	config)
		compopt -o nospace 2>/dev/null
		COMPREPLY=($(compgen -S = -W "$settings" -- "$cur")) ;;
	esac
}
complete -F _tcpresetstat tcpresetstat
