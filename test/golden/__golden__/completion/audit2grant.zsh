#compdef audit2grant
# zsh completion for audit2grant, made by `audit2grant completion zsh` from
# its own definitions of options and commands. Save it as _audit2grant in a
# directory of $fpath, or load it in ~/.zshrc after compinit:
#   source <(audit2grant completion zsh)

_audit2grant() {
  local curcontext=$curcontext state state_descr line ret=1
  local -A opt_args
  local -a options=(
    '(-V --version)-V[output the version number]'
    '(-V --version)--version[output the version number]'
    '(-f --format)-f+[output format]:format:(table json ndjson cli script curl revoke revoke-curl plan markdown)'
    '(-f --format)--format=[output format]:format:(table json ndjson cli script curl revoke revoke-curl plan markdown)'
    '*-a+[only these accounts (repeatable)]:uid: '
    '*--account=[only these accounts (repeatable)]:uid: '
    '--allow-risky[emit risky grants as active commands instead of comments]'
    '--max-line=[longest line kept; longer lines are skipped and counted (K, M, G suffixes)]:bytes: '
    '--since=[only records from this time on, by their journal time\: journalctl'\''s syntax ("2026-11-22 10\:00", yesterday, -2h, ...), local time unless a zone is given]:time: '
    '--until=[only records up to this time, as --since]:time: '
    '--cluster=[read every master'\''s dcos-* journal through the DC/OS logging API (url default\: DCOS_URL, else dcos config show core.dcos_url); token\: DCOS_ACS_TOKEN, else core.dcos_acs_token; without FILE, stdin is not read]::url: '
    '*--masters=[the masters to read, comma-separated (repeatable; default\: found through the cluster'\''s mesos-dns)]:addresses: '
    '--allow-http[let the token travel by plain http to a host other than this one (--cluster, curl, revoke-curl, plan, verify)]'
    '*--ssh=[read these hosts'\'' journals over SSH\: \[user@\]host\[\:port\] or ~/.ssh/config aliases, comma-separated (repeatable); without FILE, stdin is not read]:hosts:_hosts'
    '(-l --ssh-user)-l+[SSH user (default\: ~/.ssh/config, else the local user)]:user: '
    '(-l --ssh-user)--ssh-user=[SSH user (default\: ~/.ssh/config, else the local user)]:user: '
    '*-i+[private key (repeatable); passphrase from AUDIT2GRANT_KEY_PASSPHRASE or asked on a terminal; ssh-agent is used when SSH_AUTH_SOCK is set]:file:_files'
    '*--identity=[private key (repeatable); passphrase from AUDIT2GRANT_KEY_PASSPHRASE or asked on a terminal; ssh-agent is used when SSH_AUTH_SOCK is set]:file:_files'
    '--jump=[reach the hosts through this bastion, like ssh -J]:[user@]host[\:port]:_hosts'
    '--known-hosts=[known_hosts file (default\: ~/.ssh/known_hosts)]:file:_files'
    '--accept-new-host-keys[trust hosts not yet in known_hosts and record their keys (a changed key is always refused)]'
    '--sudo[run journalctl with sudo -n on the hosts]'
    '--read-timeout=[give up on a host whose command has sent nothing for this long (not while following\: a quiet journal sends nothing)]:seconds: '
    '--parallel=[hosts read at once]:n: '
    '--connect-timeout=[give up on a host that has not completed the TLS or SSH handshake by then]:seconds: '
    '(-o --output)-o+[write to FILE atomically (scripts mode 0700, reports 0644, less the umask); never replaces a non-regular file or an input, nor one the shell'\''s > could not write]:file:_files'
    '(-o --output)--output=[write to FILE atomically (scripts mode 0700, reports 0644, less the umask); never replaces a non-regular file or an input, nor one the shell'\''s > could not write]:file:_files'
    '--group=[grant to this group instead of each account (add_user lines are commented)]:gid: '
    '--cluster-url=[curl, revoke-curl, plan, verify\: the cluster (default\: DCOS_URL, else dcos config show core.dcos_url when run)]:url: '
    '--ca-cert=[--cluster, curl, revoke-curl, plan, verify\: CA bundle for the cluster'\''s certificate (curl --cacert; for --cluster, default\: the dcos CLI'\''s core.ssl_verify when it names a file)]:file:_files'
    '--follow[keep reading\: what is appended to FILEs (like tail -F\: across rotation and truncation), stdin until it ends, every --ssh host (journalctl -f); Ctrl-C ends it and writes the report]'
    '--for=[with --follow\: stop after this long (90s, 30m, 2h)]:duration: '
    '--quiet-for=[with --follow\: stop once no new denial came for this long while allow records kept arriving and every input was followed (the migration converged)]:duration: '
    '--state=[remember where each input stopped and all that was found\: the next run with the same file reads only what is new, and reports every run]:file:_files'
    '*--template=[apply a minimum permission template\: <name>\[\:<param>=<value>,...\] to every account, <name>\[...\]@<uid> to one (repeatable; see audit2grant templates)]:spec:(scheduler reservations persistent-volumes sdk cassandra kafka confluent-kafka hdfs elastic kafka-zookeeper nifi spark marathon-lb edge-lb jenkins jenkins-role kubernetes-cluster)'
    '*--existing=[what accounts already hold\: an IAM GET /users/<uid>/permissions answer, or "<uid> <rid> <action>" lines (repeatable)]:file:_files'
    '--evidence=[records grants rest on\: denials, allowed checks, or both]:records:(denied allowed all)'
    '--security-mode=[the cluster'\''s security mode; permissive\: dcos\:mesos\:* rows are not enforced]:mode:(strict permissive)'
    '--dcos-version=[DC/OS version the templates are read for]:x.y:(1.8 1.9 1.10 1.11 1.12 1.13 2.0 2.1 2.2)'
    '--explain[with each grant\: its evidence, template row, risk and sources]'
    '(-h --help)-h[display help for command]'
    '(-h --help)--help[display help for command]'
  )
  _arguments -C -s -S : $options ': :->operand' '*:: :->rest' && ret=0
  case $state in
    (operand)
      local -a commands=(
      'schema:print the JSON Schema of the json report (--format json), or of one ndjson event (schema ndjson)'
      'state:show what a --state file holds: its inputs and where each stopped (cursors per host, with a journalctl --after-cursor hint), the findings, when it was written'
      'templates:list the minimum permission templates, or show one with its rows and sources (name[:param=value,...][@uid] fills them in)'
      'verify:check that an account holds a report'\''s grants (directly or through a group; a shorter id or full covers): exit 0 all held, 1 some missing (listed as <uid> <rid> <action>), 3 could not check'
      'completion:print the completion script for a shell: source <(audit2grant completion bash); see the README'
      'help:display help for audit2grant, or for one of its commands'
      )
      _describe -t commands command commands && ret=0
      _files && ret=0
      ;;
    (rest)
      curcontext=${curcontext%:*:*}:audit2grant-$words[1]:
      case $words[1] in
        (schema)
          _arguments -s -S : \
            '(-h --help)-h[display help for command]' \
            '(-h --help)--help[display help for command]' \
            '::format:(json ndjson)' && ret=0
          ;;
        (state)
          _arguments -s -S : \
            '(-h --help)-h[display help for command]' \
            '(-h --help)--help[display help for command]' \
            ':file:_files' && ret=0
          ;;
        (templates)
          _arguments -s -S : \
            '--json[as JSON]' \
            '(-h --help)-h[display help for command]' \
            '(-h --help)--help[display help for command]' \
            '--dcos-version=[DC/OS version the templates are read for]:x.y:(1.8 1.9 1.10 1.11 1.12 1.13 2.0 2.1 2.2)' \
            '::template:(scheduler reservations persistent-volumes sdk cassandra kafka confluent-kafka hdfs elastic kafka-zookeeper nifi spark marathon-lb edge-lb jenkins jenkins-role kubernetes-cluster)' && ret=0
          ;;
        (verify)
          _arguments -s -S : \
            '--held=[what the account holds\: a saved GET /acs/api/v1/users/<uid>/permissions answer ("-"\: stdin), instead of asking the cluster]:file:_files' \
            '--grants=[the grants to check, as "<uid> <rid> <action>" lines ("-"\: stdin), instead of journals]:file:_files' \
            '--superuser-list=[also write how the account holds dcos\:superuser to FILE\: a line "direct <action>" for each action held directly, "group <gid>" for each group that gives it (-f plan revokes each direct one)]:file:_files' \
            '(-h --help)-h[display help for command]' \
            '(-h --help)--help[display help for command]' \
            '*-a+[only these accounts (repeatable)]:uid: ' \
            '*--account=[only these accounts (repeatable)]:uid: ' \
            '--allow-risky[emit risky grants as active commands instead of comments]' \
            '--max-line=[longest line kept; longer lines are skipped and counted (K, M, G suffixes)]:bytes: ' \
            '--since=[only records from this time on, by their journal time\: journalctl'\''s syntax ("2026-11-22 10\:00", yesterday, -2h, ...), local time unless a zone is given]:time: ' \
            '--until=[only records up to this time, as --since]:time: ' \
            '--allow-http[let the token travel by plain http to a host other than this one (--cluster, curl, revoke-curl, plan, verify)]' \
            '--cluster-url=[curl, revoke-curl, plan, verify\: the cluster (default\: DCOS_URL, else dcos config show core.dcos_url when run)]:url: ' \
            '--ca-cert=[--cluster, curl, revoke-curl, plan, verify\: CA bundle for the cluster'\''s certificate (curl --cacert; for --cluster, default\: the dcos CLI'\''s core.ssl_verify when it names a file)]:file:_files' \
            '*--template=[apply a minimum permission template\: <name>\[\:<param>=<value>,...\] to every account, <name>\[...\]@<uid> to one (repeatable; see audit2grant templates)]:spec:(scheduler reservations persistent-volumes sdk cassandra kafka confluent-kafka hdfs elastic kafka-zookeeper nifi spark marathon-lb edge-lb jenkins jenkins-role kubernetes-cluster)' \
            '--evidence=[records grants rest on\: denials, allowed checks, or both]:records:(denied allowed all)' \
            '--security-mode=[the cluster'\''s security mode; permissive\: dcos\:mesos\:* rows are not enforced]:mode:(strict permissive)' \
            '--dcos-version=[DC/OS version the templates are read for]:x.y:(1.8 1.9 1.10 1.11 1.12 1.13 2.0 2.1 2.2)' \
            '*:file:_files' && ret=0
          ;;
        (completion)
          _arguments -s -S : \
            '(-h --help)-h[display help for command]' \
            '(-h --help)--help[display help for command]' \
            ':shell:(bash zsh fish)' && ret=0
          ;;
        (help)
          _arguments -s -S : \
            '(-h --help)-h[display help for command]' \
            '(-h --help)--help[display help for command]' \
            '::command:(schema state templates verify completion help)' && ret=0
          ;;
        (*)
          _arguments -s -S : $options '*:file:_files' && ret=0
          ;;
      esac
      ;;
  esac
  return ret
}

if [[ $funcstack[1] == _audit2grant ]]; then
  _audit2grant "$@"
else
  compdef _audit2grant audit2grant
fi
