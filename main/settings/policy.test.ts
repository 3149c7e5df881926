import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMPTY_POLICY, loadPolicy, parsePolicy, policyFilePath } from './policy';

describe('policyFilePath', () => {
  it('uses ProgramData on Windows', () => {
    expect(policyFilePath('win32', { ProgramData: 'D:\\PD' })).toBe('D:\\PD\\Beacon\\policy.json');
    expect(policyFilePath('win32', {})).toBe('C:\\ProgramData\\Beacon\\policy.json');
  });
  it('uses Application Support on macOS and /etc elsewhere', () => {
    expect(policyFilePath('darwin', {})).toBe('/Library/Application Support/Beacon/policy.json');
    expect(policyFilePath('linux', {})).toBe('/etc/beacon/policy.json');
  });
});

describe('parsePolicy', () => {
  it('reads mandatory and recommended settings and the update feed', () => {
    const policy = parsePolicy(
      {
        mandatory: {
          serverUrl: 'https://chat.acme.test',
          idleMinutes: 10,
          launchAtLogin: true,
          autoUpdate: false,
        },
        recommended: { notificationSound: false },
        updateUrl: 'https://updates.acme.test/beacon/',
      },
      '/etc/beacon/policy.json',
    );
    expect(policy).toEqual({
      mandatory: {
        serverUrl: 'https://chat.acme.test',
        idleMinutes: 10,
        launchAtLogin: true,
        autoUpdate: false,
      },
      recommended: { notificationSound: false },
      updateUrl: 'https://updates.acme.test/beacon/',
      source: '/etc/beacon/policy.json',
      problems: [],
    });
  });

  it('keeps the valid keys and names each bad one', () => {
    const policy = parsePolicy(
      {
        mandatory: { idleMinutes: 0, autoUpdate: false, colour: 'blue', serverUrl: 'ftp://x' },
        recommended: 'loud',
        updateUrl: 'nope',
        extra: true,
      },
      'p.json',
    );
    expect(policy.mandatory).toEqual({ autoUpdate: false });
    expect(policy.recommended).toEqual({});
    expect(policy.updateUrl).toBeNull();
    expect(policy.problems).toEqual([
      'unknown key "extra" ignored',
      expect.stringMatching(/^mandatory\.idleMinutes: /),
      'mandatory.colour: not a setting; ignored',
      expect.stringMatching(/^mandatory\.serverUrl: .*http/),
      'recommended: must be an object of settings; ignored',
      'updateUrl: must be an http:// or https:// address; ignored',
    ]);
  });

  it('rejects a policy that is not an object', () => {
    expect(parsePolicy([1, 2], 'p.json').problems).toEqual(['the policy must be a JSON object']);
  });
});

describe('loadPolicy', () => {
  it('is empty without a file', async () => {
    expect(await loadPolicy(join(tmpdir(), 'no-such-dir-beacon', 'policy.json'))).toEqual(EMPTY_POLICY);
  });

  it('reports a corrupt file and applies nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'beacon-policy-'));
    const file = join(dir, 'policy.json');
    await writeFile(file, '{ "mandatory": ');
    const policy = await loadPolicy(file);
    expect(policy.mandatory).toEqual({});
    expect(policy.source).toBe(file);
    expect(policy.problems[0]).toMatch(/cannot read the policy file: not valid JSON/);
  });

  it('reads a real file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'beacon-policy-'));
    const file = join(dir, 'policy.json');
    await writeFile(file, JSON.stringify({ mandatory: { idleMinutes: 15 } }));
    expect((await loadPolicy(file)).mandatory).toEqual({ idleMinutes: 15 });
  });
});
