/**
 * What the command line needs of the SSH source. cli/read-report.ts loads
 * this module only when --ssh is given: ssh2 alone takes about 150 ms to
 * load, which runs without SSH should not pay.
 */
export { SshSession } from './connect.js';
export { Progress } from './progress.js';
export { type SshResume, setupSsh } from './setup.js';
export { SshInput } from './ssh-input.js';
export { TargetError } from './target.js';
