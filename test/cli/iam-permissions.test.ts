import { describe, expect, it } from 'vitest';
import { FetchError, fetchPermissions } from '../../src/cli/iam-permissions.js';
import { TOKEN } from '../helpers/cluster-run.js';

/** A dcos CLI whose every answer comes once `together` questions are asked, or after a second. */
function cliAsked(answers: Record<string, string>, together: number) {
  const asked: string[] = [];
  let inFlight = 0;
  let most = 0;
  let all!: () => void;
  const allAsked = new Promise<void>((resolve) => {
    all = resolve;
  });
  const dcos = async (key: string) => {
    asked.push(key);
    most = Math.max(most, ++inFlight);
    if (asked.length === together) all();
    await Promise.race([allAsked, new Promise((resolve) => setTimeout(resolve, 1000))]);
    inFlight--;
    return answers[key];
  };
  return { dcos, asked, most: () => most };
}

describe('verify asks the dcos CLI what it needs at once', () => {
  it('its URL alongside its token, when a URL is given: the token goes only to the CLI cluster', async () => {
    const cli = cliAsked(
      { 'core.dcos_url': 'https://prod.example', 'core.dcos_acs_token': TOKEN },
      2,
    );
    const fetched = fetchPermissions({
      uid: 'kafka',
      clusterUrl: 'https://iam.example',
      allowHttp: false,
      env: {},
      dcosConfig: cli.dcos,
    });
    await expect(fetched).rejects.toThrow(
      new FetchError(
        `the token is the DC/OS CLI's, set up for "https://prod.example", not https://iam.example: set DCOS_ACS_TOKEN, or attach the CLI to https://iam.example (dcos cluster attach)`,
      ),
    );
    expect(cli.asked.sort()).toEqual(['core.dcos_acs_token', 'core.dcos_url']);
    expect(cli.most()).toBe(2);
  });

  it('nothing with DCOS_ACS_TOKEN and a URL given', async () => {
    const cli = cliAsked({}, 1);
    const fetched = fetchPermissions({
      uid: 'kafka',
      clusterUrl: 'http://10.255.255.1',
      allowHttp: false,
      env: { DCOS_ACS_TOKEN: TOKEN },
      dcosConfig: cli.dcos,
    });
    await expect(fetched).rejects.toThrow(
      'http://10.255.255.1 is plain http: the token would travel unencrypted; use https, or --allow-http',
    );
    expect(cli.asked).toEqual([]);
  });
});
