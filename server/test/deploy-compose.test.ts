import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandWorks, DEPLOY_DIR } from './helpers/deploy-tools';

// deploy/docker-compose.yml and deploy/Dockerfile: a trial, not needed by any test. Parsed here as
// YAML; checked by Docker Compose too where it is installed (`config` needs no Docker daemon).
const COMPOSE_FILE = join(DEPLOY_DIR, 'docker-compose.yml');

// js-yaml (a root devDependency) ships no types; `load` is all this needs.
const { load } = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  volumes?: string[];
  network_mode?: string;
  stop_grace_period?: string;
}

const compose = load(readFileSync(COMPOSE_FILE, 'utf8')) as { services: Record<string, ComposeService> };

/** `docker compose` (v2), else `docker-compose` (v1), else none. */
function composeCommand(): string[] | null {
  if (commandWorks('docker', ['compose', 'version'])) return ['docker', 'compose'];
  if (commandWorks('docker-compose', ['version'])) return ['docker-compose'];
  return null;
}
const composeCli = composeCommand();
if (composeCli === null) {
  process.stderr.write('\n*** SKIPPING docker compose config: Docker Compose is not installed ***\n\n');
}

function flagValue(service: ComposeService, flag: string): string | undefined {
  const command = service.command ?? [];
  const at = command.indexOf(flag);
  return at === -1 ? undefined : command[at + 1];
}

describe('deploy/docker-compose.yml', () => {
  const { services } = compose;

  it('has PostgreSQL 16, Redis 7, nginx with the reference config, and two nodes', () => {
    expect(services.postgres?.image).toBe('postgres:16');
    expect(services.redis?.image).toBe('redis:7');
    expect(services.nginx?.volumes).toContain('./nginx/beacon.conf:/etc/nginx/conf.d/default.conf:ro');
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['beacon-a', 'beacon-b']));
  });

  it("runs the nodes where beacon.conf's upstream expects them, sharing files and the signing key", () => {
    const conf = readFileSync(join(DEPLOY_DIR, 'nginx', 'beacon.conf'), 'utf8');
    const nodes = [services['beacon-a'], services['beacon-b']];
    const nodeIds = new Set<string | undefined>();
    for (const node of nodes) {
      if (!node) throw new Error('a node is missing');
      expect(node.build?.dockerfile).toBe('deploy/Dockerfile');
      expect(existsSync(join(DEPLOY_DIR, '..', node.build?.dockerfile ?? ''))).toBe(true);
      expect(node.network_mode).toBe('service:nginx');
      expect(flagValue(node, '--store')).toBe('postgres');
      expect(conf).toContain(`server 127.0.0.1:${flagValue(node, '--port')} `);
      const dataDir = flagValue(node, '--data-dir');
      expect(node.volumes).toContain(`files:${dataDir}/files`);
      expect(node.volumes).toContain(`compliance:${dataDir}/compliance`);
      expect(node.stop_grace_period).toBe('60s');
      nodeIds.add(flagValue(node, '--node-id'));
    }
    expect(nodeIds.size).toBe(2);
  });

  it("builds an image that runs the server's compiled entry point", () => {
    const dockerfile = readFileSync(join(DEPLOY_DIR, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^ENTRYPOINT \[.*"\/opt\/beacon\/server\/dist\/server\.js"\]$/m);
    expect(dockerfile).toContain('npm run build -w @beacon/server');
  });

  it.skipIf(composeCli === null)('passes docker compose config', () => {
    const [command = 'docker', ...args] = composeCli ?? [];
    const result = spawnSync(command, [...args, '-f', COMPOSE_FILE, 'config', '-q'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
