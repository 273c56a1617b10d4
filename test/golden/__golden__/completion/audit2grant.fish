# fish completion for audit2grant, made by `audit2grant completion fish` from
# its own definitions of options and commands. Save it as
# ~/.config/fish/completions/audit2grant.fish, or load it: audit2grant completion fish | source

# The command being completed (root, or the command named) and how many of
# its operands come before the cursor, one a line.
function __audit2grant_context
    set -l words (commandline -opc)
    set -e words[1]
    set -l command root
    set -l operands 0
    set -l skip 0
    for word in $words
        if test $skip = 1
            set skip 0
            continue
        end
        switch "$command $word"
            case '* -f' '* --format' \
                '* -a' '* --account' \
                '* --max-line' \
                '* --since' \
                '* --until' \
                '* --cluster' \
                '* --masters' \
                '* --ssh' \
                '* -l' '* --ssh-user' \
                '* -i' '* --identity' \
                '* --jump' \
                '* --known-hosts' \
                '* --read-timeout' \
                '* --parallel' \
                '* --connect-timeout' \
                '* -o' '* --output' \
                '* --group' \
                '* --cluster-url' \
                '* --ca-cert' \
                '* --for' \
                '* --quiet-for' \
                '* --state' \
                '* --template' \
                '* --existing' \
                '* --evidence' \
                '* --security-mode' \
                '* --dcos-version' \
                'templates --dcos-version' \
                'verify --held' \
                'verify --grants' \
                'verify --superuser-list' \
                'verify -a' 'verify --account' \
                'verify --max-line' \
                'verify --since' \
                'verify --until' \
                'verify --cluster-url' \
                'verify --ca-cert' \
                'verify --template' \
                'verify --evidence' \
                'verify --security-mode' \
                'verify --dcos-version'
                set skip 1
            case '* -'
                set operands (math $operands + 1)
            case '* -*'
            case 'root *'
                if test $operands = 0; and contains -- $word schema state templates verify completion help
                    set command $word
                else
                    set operands (math $operands + 1)
                end
            case '*'
                set operands (math $operands + 1)
        end
    end
    echo $command
    echo $operands
end

# Whether the command completed is $argv[1], and with $argv[2] operands if given.
function __audit2grant_at
    set -l here (__audit2grant_context)
    test "$here[1]" = "$argv[1]"; or return 1
    test (count $argv) -lt 2; or test "$here[2]" = "$argv[2]"
end

complete -c audit2grant -n '__audit2grant_at root' -s V -l version -d 'output the version number'
complete -c audit2grant -n '__audit2grant_at root' -s f -l format -x -a 'table json ndjson cli script curl revoke revoke-curl plan markdown' -d 'output format'
complete -c audit2grant -n '__audit2grant_at root' -s a -l account -x -d 'only these accounts (repeatable)'
complete -c audit2grant -n '__audit2grant_at root' -l allow-risky -d 'emit risky grants as active commands instead of comments'
complete -c audit2grant -n '__audit2grant_at root' -l max-line -x -d 'longest line kept; longer lines are skipped and counted (K, M, G suffixes)'
complete -c audit2grant -n '__audit2grant_at root' -l since -x -d 'only records from this time on, by their journal time: journalctl\'s syntax ("2026-11-22 10:00", yesterday, -2h, ...), local time unless a zone is given'
complete -c audit2grant -n '__audit2grant_at root' -l until -x -d 'only records up to this time, as --since'
complete -c audit2grant -n '__audit2grant_at root' -l cluster -x -d 'read every master\'s dcos-* journal through the DC/OS logging API (url default: DCOS_URL, else dcos config show core.dcos_url); token: DCOS_ACS_TOKEN, else core.dcos_acs_token; without FILE, stdin is not read'
complete -c audit2grant -n '__audit2grant_at root' -l masters -x -d 'the masters to read, comma-separated (repeatable; default: found through the cluster\'s mesos-dns)'
complete -c audit2grant -n '__audit2grant_at root' -l allow-http -d 'let the token travel by plain http to a host other than this one (--cluster, curl, revoke-curl, plan, verify)'
complete -c audit2grant -n '__audit2grant_at root' -l ssh -x -a '(__fish_print_hostnames)' -d 'read these hosts\' journals over SSH: [user@]host[:port] or ~/.ssh/config aliases, comma-separated (repeatable); without FILE, stdin is not read'
complete -c audit2grant -n '__audit2grant_at root' -s l -l ssh-user -x -d 'SSH user (default: ~/.ssh/config, else the local user)'
complete -c audit2grant -n '__audit2grant_at root' -s i -l identity -r -F -d 'private key (repeatable); passphrase from AUDIT2GRANT_KEY_PASSPHRASE or asked on a terminal; ssh-agent is used when SSH_AUTH_SOCK is set'
complete -c audit2grant -n '__audit2grant_at root' -l jump -x -a '(__fish_print_hostnames)' -d 'reach the hosts through this bastion, like ssh -J'
complete -c audit2grant -n '__audit2grant_at root' -l known-hosts -r -F -d 'known_hosts file (default: ~/.ssh/known_hosts)'
complete -c audit2grant -n '__audit2grant_at root' -l accept-new-host-keys -d 'trust hosts not yet in known_hosts and record their keys (a changed key is always refused)'
complete -c audit2grant -n '__audit2grant_at root' -l sudo -d 'run journalctl with sudo -n on the hosts'
complete -c audit2grant -n '__audit2grant_at root' -l read-timeout -x -d 'give up on a host whose command has sent nothing for this long (not while following: a quiet journal sends nothing)'
complete -c audit2grant -n '__audit2grant_at root' -l parallel -x -d 'hosts read at once'
complete -c audit2grant -n '__audit2grant_at root' -l connect-timeout -x -d 'give up on a host that has not completed the TLS or SSH handshake by then'
complete -c audit2grant -n '__audit2grant_at root' -s o -l output -r -F -d 'write to FILE atomically (scripts mode 0700, reports 0644, less the umask); never replaces a non-regular file or an input, nor one the shell\'s > could not write'
complete -c audit2grant -n '__audit2grant_at root' -l group -x -d 'grant to this group instead of each account (add_user lines are commented)'
complete -c audit2grant -n '__audit2grant_at root' -l cluster-url -x -d 'curl, revoke-curl, plan, verify: the cluster (default: DCOS_URL, else dcos config show core.dcos_url when run)'
complete -c audit2grant -n '__audit2grant_at root' -l ca-cert -r -F -d '--cluster, curl, revoke-curl, plan, verify: CA bundle for the cluster\'s certificate (curl --cacert; for --cluster, default: the dcos CLI\'s core.ssl_verify when it names a file)'
complete -c audit2grant -n '__audit2grant_at root' -l follow -d 'keep reading: what is appended to FILEs (like tail -F: across rotation and truncation), stdin until it ends, every --ssh host (journalctl -f); Ctrl-C ends it and writes the report'
complete -c audit2grant -n '__audit2grant_at root' -l for -x -d 'with --follow: stop after this long (90s, 30m, 2h)'
complete -c audit2grant -n '__audit2grant_at root' -l quiet-for -x -d 'with --follow: stop once no new denial came for this long while allow records kept arriving and every input was followed (the migration converged)'
complete -c audit2grant -n '__audit2grant_at root' -l state -r -F -d 'remember where each input stopped and all that was found: the next run with the same file reads only what is new, and reports every run'
complete -c audit2grant -n '__audit2grant_at root' -l template -x -a 'scheduler reservations persistent-volumes sdk cassandra kafka confluent-kafka hdfs elastic kafka-zookeeper nifi spark marathon-lb edge-lb jenkins jenkins-role kubernetes-cluster' -d 'apply a minimum permission template: <name>[:<param>=<value>,...] to every account, <name>[...]@<uid> to one (repeatable; see audit2grant templates)'
complete -c audit2grant -n '__audit2grant_at root' -l existing -r -F -d 'what accounts already hold: an IAM GET /users/<uid>/permissions answer, or "<uid> <rid> <action>" lines (repeatable)'
complete -c audit2grant -n '__audit2grant_at root' -l evidence -x -a 'denied allowed all' -d 'records grants rest on: denials, allowed checks, or both'
complete -c audit2grant -n '__audit2grant_at root' -l security-mode -x -a 'strict permissive' -d 'the cluster\'s security mode; permissive: dcos:mesos:* rows are not enforced'
complete -c audit2grant -n '__audit2grant_at root' -l dcos-version -x -a '1.8 1.9 1.10 1.11 1.12 1.13 2.0 2.1 2.2' -d 'DC/OS version the templates are read for'
complete -c audit2grant -n '__audit2grant_at root' -l explain -d 'with each grant: its evidence, template row, risk and sources'
complete -c audit2grant -n '__audit2grant_at root' -s h -l help -d 'display help for command'
complete -c audit2grant -n '__audit2grant_at root 0' -f -a 'schema' -d 'print the JSON Schema of the json report (--format json), or of one ndjson event (schema ndjson)'
complete -c audit2grant -n '__audit2grant_at root 0' -f -a 'state' -d 'show what a --state file holds: its inputs and where each stopped (cursors per host, with a journalctl --after-cursor hint), the findings, when it was written'
complete -c audit2grant -n '__audit2grant_at root 0' -f -a 'templates' -d 'list the minimum permission templates, or show one with its rows and sources (name[:param=value,...][@uid] fills them in)'
complete -c audit2grant -n '__audit2grant_at root 0' -f -a 'verify' -d 'check that an account holds a report\'s grants (directly or through a group; a shorter id or full covers): exit 0 all held, 1 some missing (listed as <uid> <rid> <action>), 3 could not check'
complete -c audit2grant -n '__audit2grant_at root 0' -f -a 'completion' -d 'print the completion script for a shell: source <(audit2grant completion bash); see the README'
complete -c audit2grant -n '__audit2grant_at root 0' -f -a 'help' -d 'display help for audit2grant, or for one of its commands'
complete -c audit2grant -n '__audit2grant_at root' -F -d 'file'
complete -c audit2grant -n '__audit2grant_at schema' -f
complete -c audit2grant -n '__audit2grant_at schema' -s h -l help -d 'display help for command'
complete -c audit2grant -n '__audit2grant_at schema 0' -f -a 'json ndjson' -d 'format'
complete -c audit2grant -n '__audit2grant_at state' -s h -l help -d 'display help for command'
complete -c audit2grant -n '__audit2grant_at state 0' -F -d 'file'
complete -c audit2grant -n '__audit2grant_at templates' -f
complete -c audit2grant -n '__audit2grant_at templates' -l json -d 'as JSON'
complete -c audit2grant -n '__audit2grant_at templates' -s h -l help -d 'display help for command'
complete -c audit2grant -n '__audit2grant_at templates' -l dcos-version -x -a '1.8 1.9 1.10 1.11 1.12 1.13 2.0 2.1 2.2' -d 'DC/OS version the templates are read for'
complete -c audit2grant -n '__audit2grant_at templates 0' -f -a 'scheduler reservations persistent-volumes sdk cassandra kafka confluent-kafka hdfs elastic kafka-zookeeper nifi spark marathon-lb edge-lb jenkins jenkins-role kubernetes-cluster' -d 'template'
complete -c audit2grant -n '__audit2grant_at verify' -l held -r -F -d 'what the account holds: a saved GET /acs/api/v1/users/<uid>/permissions answer ("-": stdin), instead of asking the cluster'
complete -c audit2grant -n '__audit2grant_at verify' -l grants -r -F -d 'the grants to check, as "<uid> <rid> <action>" lines ("-": stdin), instead of journals'
complete -c audit2grant -n '__audit2grant_at verify' -l superuser-list -r -F -d 'also write how the account holds dcos:superuser to FILE: a line "direct <action>" for each action held directly, "group <gid>" for each group that gives it (-f plan revokes each direct one)'
complete -c audit2grant -n '__audit2grant_at verify' -s h -l help -d 'display help for command'
complete -c audit2grant -n '__audit2grant_at verify' -s a -l account -x -d 'only these accounts (repeatable)'
complete -c audit2grant -n '__audit2grant_at verify' -l allow-risky -d 'emit risky grants as active commands instead of comments'
complete -c audit2grant -n '__audit2grant_at verify' -l max-line -x -d 'longest line kept; longer lines are skipped and counted (K, M, G suffixes)'
complete -c audit2grant -n '__audit2grant_at verify' -l since -x -d 'only records from this time on, by their journal time: journalctl\'s syntax ("2026-11-22 10:00", yesterday, -2h, ...), local time unless a zone is given'
complete -c audit2grant -n '__audit2grant_at verify' -l until -x -d 'only records up to this time, as --since'
complete -c audit2grant -n '__audit2grant_at verify' -l allow-http -d 'let the token travel by plain http to a host other than this one (--cluster, curl, revoke-curl, plan, verify)'
complete -c audit2grant -n '__audit2grant_at verify' -l cluster-url -x -d 'curl, revoke-curl, plan, verify: the cluster (default: DCOS_URL, else dcos config show core.dcos_url when run)'
complete -c audit2grant -n '__audit2grant_at verify' -l ca-cert -r -F -d '--cluster, curl, revoke-curl, plan, verify: CA bundle for the cluster\'s certificate (curl --cacert; for --cluster, default: the dcos CLI\'s core.ssl_verify when it names a file)'
complete -c audit2grant -n '__audit2grant_at verify' -l template -x -a 'scheduler reservations persistent-volumes sdk cassandra kafka confluent-kafka hdfs elastic kafka-zookeeper nifi spark marathon-lb edge-lb jenkins jenkins-role kubernetes-cluster' -d 'apply a minimum permission template: <name>[:<param>=<value>,...] to every account, <name>[...]@<uid> to one (repeatable; see audit2grant templates)'
complete -c audit2grant -n '__audit2grant_at verify' -l evidence -x -a 'denied allowed all' -d 'records grants rest on: denials, allowed checks, or both'
complete -c audit2grant -n '__audit2grant_at verify' -l security-mode -x -a 'strict permissive' -d 'the cluster\'s security mode; permissive: dcos:mesos:* rows are not enforced'
complete -c audit2grant -n '__audit2grant_at verify' -l dcos-version -x -a '1.8 1.9 1.10 1.11 1.12 1.13 2.0 2.1 2.2' -d 'DC/OS version the templates are read for'
complete -c audit2grant -n '__audit2grant_at verify' -F -d 'file'
complete -c audit2grant -n '__audit2grant_at completion' -f
complete -c audit2grant -n '__audit2grant_at completion' -s h -l help -d 'display help for command'
complete -c audit2grant -n '__audit2grant_at completion 0' -f -a 'bash zsh fish' -d 'shell'
complete -c audit2grant -n '__audit2grant_at help' -f
complete -c audit2grant -n '__audit2grant_at help' -s h -l help -d 'display help for command'
complete -c audit2grant -n '__audit2grant_at help 0' -f -a 'schema state templates verify completion help' -d 'command'
