/**
 * A Bouncer record of `uid` on the reservation role r<n>, as a short-iso
 * journal line from master-1 with its line feed: a denial, or with `allow`
 * an allowed check. The e2e tests that write a journal as they go use it.
 */
export const roleRecord = (uid: string, n: number, result: 'deny' | 'allow' = 'deny') =>
  `2026-11-22T10:00:08+0000 master-1 bouncer.sh[1877]: [261122-10:00:08.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=2026-11-22T10:00:08.431207Z srcip=127.0.0.1 authorizer=bouncer uid=${uid} action=create object=dcos:mesos:master:reservation:role:r${n} result=${result} reason="no matching ACL"\n`;
