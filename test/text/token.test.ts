import { describe, expect, it } from 'vitest';
import { withoutToken, withoutTokenInJson } from '../../src/text/token.js';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJ1aWQiOiJ4In0.c2ln';

describe('the token cut out of a JSON answer', () => {
  it('in every string, also where the answer writes its characters as \\u escapes', () => {
    const escaped = [...TOKEN].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    const answer = `\uFEFF{"direct":[],"groups":[{"gid":"${escaped.join('')}","rid":"dcos:superuser","note":"x ${TOKEN} y"}]}`;
    const cut = withoutTokenInJson(answer, TOKEN);
    expect(cut).not.toContain(TOKEN);
    expect(JSON.parse(cut)).toEqual({
      direct: [],
      groups: [{ gid: '<token>', rid: 'dcos:superuser', note: 'x <token> y' }],
    });
  });

  it('in text that is not JSON, as it is written', () => {
    expect(withoutTokenInJson(`<html>${TOKEN}</html>`, TOKEN)).toBe('<html><token></html>');
    expect(withoutToken(`a ${TOKEN} b ${TOKEN}`, TOKEN)).toBe('a <token> b <token>');
  });
});
