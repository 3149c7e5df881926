import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { DEPLOY_DIR } from './deploy-tools';

export const BEACON_CONF = join(DEPLOY_DIR, 'nginx', 'beacon.conf');

export interface SelfSignedPair {
  certificate: string;
  key: string;
  /** The certificate's PEM, for a client's `ca`. */
  pem: string;
}

/** A throw-away certificate for 127.0.0.1 (and the placeholder name), made by `openssl req -x509`. */
export function selfSignedPair(dir: string): SelfSignedPair {
  const certificate = join(dir, 'fullchain.pem');
  const key = join(dir, 'privkey.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=beacon.example.com',
      '-addext',
      'subjectAltName=DNS:beacon.example.com,IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      certificate,
    ],
    { stdio: 'pipe' },
  );
  return { certificate, key, pem: readFileSync(certificate, 'utf8') };
}

export interface LocalPorts {
  http: number;
  https: number;
  /** The two nodes, in the order of the upstream's `server` lines. */
  nodes: [number, number];
}

/**
 * deploy/nginx/beacon.conf made runnable here: the certificate placeholders become `pair`, the
 * listens on 80/443 (and [::]) become loopback ports (`nginx -t` binds them too), the upstream's
 * two nodes become `ports.nodes`. Each replaced line must be there exactly once, so the test
 * fails when the reference config drifts from what it checks.
 */
export function localisedBeaconConf(pair: SelfSignedPair, ports: LocalPorts): string {
  const swaps: Array<[RegExp, string]> = [
    [/^([ \t]*)ssl_certificate\s+\S+;$/m, `$1ssl_certificate ${pair.certificate};`],
    [/^([ \t]*)ssl_certificate_key\s+\S+;$/m, `$1ssl_certificate_key ${pair.key};`],
    [/^([ \t]*)listen 80;$/m, `$1listen 127.0.0.1:${ports.http};`],
    [/^([ \t]*)listen 443 ssl;$/m, `$1listen 127.0.0.1:${ports.https} ssl;`],
    [/^[ \t]*listen \[::\]:80;\n/m, ''],
    [/^[ \t]*listen \[::\]:443 ssl;\n/m, ''],
    [/^([ \t]*)server 127\.0\.0\.1:7878 /m, `$1server 127.0.0.1:${ports.nodes[0]} `],
    [/^([ \t]*)server 127\.0\.0\.1:7879 /m, `$1server 127.0.0.1:${ports.nodes[1]} `],
  ];
  let text = readFileSync(BEACON_CONF, 'utf8');
  for (const [pattern, replacement] of swaps) {
    const everywhere = new RegExp(pattern.source, 'gm');
    const count = text.match(everywhere)?.length ?? 0;
    if (count !== 1) throw new Error(`beacon.conf: expected one line matching ${pattern}, found ${count}`);
    text = text.replace(pattern, replacement);
  }
  return text;
}

/**
 * A whole nginx.conf in `dir` that includes `includedConf` inside http { }, as Debian's does with
 * conf.d/*.conf, with every path (pid, logs, temp files) in `dir`: no root paths needed.
 */
export function writeNginxRoot(dir: string, includedConf: string): string {
  const file = join(dir, 'nginx.conf');
  writeFileSync(
    file,
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${join(dir, 'error.log')} info;`,
      'events { worker_connections 256; }',
      'http {',
      `  access_log ${join(dir, 'access.log')};`,
      `  client_body_temp_path ${join(dir, 'client_body')};`,
      `  proxy_temp_path ${join(dir, 'proxy')};`,
      `  fastcgi_temp_path ${join(dir, 'fastcgi')};`,
      `  uwsgi_temp_path ${join(dir, 'uwsgi')};`,
      `  scgi_temp_path ${join(dir, 'scgi')};`,
      `  include ${includedConf};`,
      '}',
      '',
    ].join('\n'),
  );
  return file;
}

function nginxArgs(dir: string, conf: string): string[] {
  // -e: the log nginx writes to before it has read the config (default /var/log/nginx/error.log).
  return ['-p', dir, '-e', join(dir, 'error.log'), '-c', conf];
}

/** `nginx -t`: exit status and what it said. */
export function nginxConfigTest(dir: string, conf: string): { status: number | null; output: string } {
  const result = spawnSync('nginx', ['-t', ...nginxArgs(dir, conf)], { encoding: 'utf8', timeout: 20_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

export interface RunningNginx {
  /** Stops nginx (SIGTERM, then SIGKILL) and waits for it to exit. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts nginx in the foreground; resolves once `port` accepts connections. */
export async function startNginx(dir: string, conf: string, port: number): Promise<RunningNginx> {
  const child = spawn('nginx', nginxArgs(dir, conf), { stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    running.delete(child);
  };
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      const log = readFileSync(join(dir, 'error.log'), 'utf8');
      throw new Error(`nginx did not start on port ${port}:\n${stderr}\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { stop };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
