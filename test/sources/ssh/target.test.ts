import SSHConfig from 'ssh-config';
import { describe, expect, it } from 'vitest';
import { collectTargets, parseParallel, parseTimeout } from '../../../src/sources/ssh/options.js';
import { resumeOf, stateKey } from '../../../src/sources/ssh/setup.js';
import {
  journalKey,
  parseTarget,
  resolveTarget,
  splitTargets,
  TargetError,
} from '../../../src/sources/ssh/target.js';

const BASE = { localUser: 'alice', home: '/home/alice' };

describe('parseTarget', () => {
  it.each([
    ['master-1', { host: 'master-1' }],
    ['core@10.0.4.1', { user: 'core', host: '10.0.4.1' }],
    ['core@10.0.4.1:2222', { user: 'core', host: '10.0.4.1', port: 2222 }],
    ['master-1.example.com:22', { host: 'master-1.example.com', port: 22 }],
    ['[fd00::1]', { host: 'fd00::1' }],
    ['centos@[fd00::1]:2200', { user: 'centos', host: 'fd00::1', port: 2200 }],
  ])('%s', (text, want) => {
    expect(parseTarget(text)).toEqual({ text, ...want });
  });

  it.each([
    ['', 'empty'],
    ['-oProxyCommand=x', 'not a host name'],
    ['host:0', 'port must be 1 to 65535'],
    ['host:70000', 'port must be 1 to 65535'],
    ['host:22x', 'port must be 1 to 65535'],
    ['fd00::1', 'IPv6'],
    ['[master-1]', 'only IPv6 addresses'],
    ['a b', 'not a host name'],
    ['host;reboot', 'not a host name'],
    ['$(id)@host', 'not a valid user name'],
    ['-l@host', 'not a valid user name'],
  ])('refuses %j', (text, message) => {
    expect(() => parseTarget(text)).toThrow(TargetError);
    expect(() => parseTarget(text)).toThrow(message);
  });

  it('splits comma lists, keeps order, drops duplicates', () => {
    expect(splitTargets(['a,b', 'c', 'a'])).toEqual(['a', 'b', 'c']);
    expect(() => splitTargets(['a,,b'])).toThrow('empty host');
  });
});

describe('resolveTarget', () => {
  const config = SSHConfig.parse(`
Host master-*
  User core
  IdentityFile ~/.ssh/dcos_%r
  ProxyJump bastion

Host master-1
  HostName 10.0.4.1
  Port 2201

Host bastion
  HostName bastion.example.com
  User jump
  Port 2022

Host alias-key
  HostName 10.0.9.9
  HostKeyAlias lab-node
  ProxyJump none

Host *
  IdentityFile %d/.ssh/id_default
`);

  it('applies HostName, User, Port, IdentityFile and ProxyJump', () => {
    const t = resolveTarget(parseTarget('master-1'), { ...BASE, config });
    expect(t).toMatchObject({
      text: 'master-1',
      alias: 'master-1',
      user: 'core',
      host: '10.0.4.1',
      port: 2201,
      hostKeyToken: '[10.0.4.1]:2201',
      identityFiles: ['/home/alice/.ssh/dcos_core', '/home/alice/.ssh/id_default'],
    });
    expect(t.jumps).toEqual([
      {
        text: 'bastion',
        alias: 'bastion',
        user: 'jump',
        host: 'bastion.example.com',
        port: 2022,
        hostKeyToken: '[bastion.example.com]:2022',
        identityFiles: ['/home/alice/.ssh/id_default'],
      },
    ]);
  });

  it('lets user@ and -l win over the config, and the target port over Port', () => {
    expect(resolveTarget(parseTarget('root@master-1:22'), { ...BASE, config })).toMatchObject({
      user: 'root',
      port: 22,
    });
    expect(resolveTarget(parseTarget('master-1'), { ...BASE, config, user: 'ops' })).toMatchObject({
      user: 'ops',
      identityFiles: ['/home/alice/.ssh/dcos_ops', '/home/alice/.ssh/id_default'],
    });
  });

  it('names one journal whatever the case of its host name', () => {
    const keys = ['Master-2', 'master-2', 'MASTER-2:22', 'root@master-2'].map((text) =>
      journalKey(resolveTarget(parseTarget(text), BASE)),
    );
    expect(new Set(keys)).toEqual(new Set(['ssh:master-2:22']));
  });

  it('falls back to the local user and port 22 without a config', () => {
    const t = resolveTarget(parseTarget('10.0.0.1'), BASE);
    expect(t).toMatchObject({ user: 'alice', host: '10.0.0.1', port: 22, identityFiles: [] });
    expect(t.jumps).toEqual([]);
  });

  it('--jump overrides ProxyJump; "none" means direct; chains are followed in order', () => {
    const direct = resolveTarget(parseTarget('alias-key'), { ...BASE, config });
    expect(direct.jumps).toEqual([]);
    // OpenSSH looks up HostKeyAlias as it is, without a port.
    expect(direct.hostKeyToken).toBe('lab-node');
    const ported = resolveTarget(parseTarget('alias-key:2201'), { ...BASE, config });
    expect(ported.hostKeyToken).toBe('lab-node');
    const chain = resolveTarget(parseTarget('master-1'), {
      ...BASE,
      config,
      jump: 'gw@outer:2200,bastion',
    });
    expect(chain.jumps.map((j) => [j.user, j.host, j.port])).toEqual([
      ['gw', 'outer', 2200],
      ['jump', 'bastion.example.com', 2022],
    ]);
  });

  it('-l is the jump host user when neither the jump spec nor the config names one', () => {
    const t = resolveTarget(parseTarget('10.0.0.1'), { ...BASE, user: 'core', jump: '10.0.0.254' });
    expect(t.user).toBe('core');
    expect(t.jumps[0]!.user).toBe('core');
  });

  it('refuses a config that would put odd names into a connection', () => {
    const bad = SSHConfig.parse('Host evil\n  HostName -oProxyCommand=touch\n');
    expect(() => resolveTarget(parseTarget('evil'), { ...BASE, config: bad })).toThrow(
      'not a host name',
    );
  });

  it('does not run Match exec', () => {
    const cfg = SSHConfig.parse('Match exec "exit 0"\n  User pwned\n');
    expect(resolveTarget(parseTarget('h'), { ...BASE, config: cfg }).user).toBe('alice');
  });
});

describe('option parsers', () => {
  it('checks --ssh targets as they are given', () => {
    expect(collectTargets('a,b:2222', [])).toEqual(['a,b:2222']);
    expect(() => collectTargets('a,b;c', [])).toThrow('not a host name');
  });

  it('bounds --parallel and --connect-timeout', () => {
    expect(parseParallel('16')).toBe(16);
    expect(() => parseParallel('0')).toThrow('1 to 1024');
    expect(parseTimeout('0.5')).toBe(0.5);
    expect(() => parseTimeout('-1')).toThrow('0.1 to 3600');
  });
});

describe('the key a host is saved under', () => {
  const position = { kind: 'journal', cursor: 's=1;i=2;b=3;m=4;t=5;x=6' } as const;

  it('takes host names without case, jump hosts too', () => {
    const keys = ['Master-2', 'master-2'].flatMap((target) =>
      ['core@Bastion', 'core@bastion'].map((jump) =>
        stateKey(resolveTarget(parseTarget(target), { ...BASE, jump })),
      ),
    );
    expect(new Set(keys)).toEqual(new Set(['ssh:master-2:22 via bastion:22']));
  });

  it('resumes from a key saved with the names as given, once', () => {
    const t = resolveTarget(parseTarget('Master-2'), { ...BASE, jump: 'core@Bastion' });
    const forgotten: string[] = [];
    const positions = new Map([['ssh:Master-2:22 via Bastion:22', position]]);
    const resume = { positions, forget: (k: string) => forgotten.push(k) };
    expect(resumeOf(t, stateKey(t), resume, new Set())).toEqual(position);
    expect(forgotten).toEqual(['ssh:Master-2:22 via Bastion:22']);
  });
});
