// Finds the processes a test step left behind, for scripts/test.mjs.
//
// The runner puts a marker (`NAME=<random id>`) into every step's environment. Every
// descendant inherits it, even one that detached or was reparented to init when its parent
// died, so once a step has finished, any live process whose environment still holds the marker
// is a leftover of that step. Linux only (/proc); elsewhere `leftoverCheckSupported` is false.
// A process that rewrites its whole environment (`env -i`) escapes the check.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';

export const leftoverCheckSupported = process.platform === 'linux' && existsSync('/proc/self/environ');

/** A fresh marker; `name` lets a nested run (the self-test) keep the outer run's marker too. */
export function newMarker(name = 'BEACON_TEST_RUN') {
  return { name, value: randomUUID() };
}

/** Pids of the live processes whose environment holds the marker (zombies have none). */
export function markedPids(marker, exclude = []) {
  const needle = `${marker.name}=${marker.value}`;
  const skip = new Set([process.pid, ...exclude]);
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || skip.has(Number(entry))) continue;
    let environ;
    try {
      environ = readFileSync(`/proc/${entry}/environ`, 'latin1');
    } catch {
      continue; // gone already, or not ours to read
    }
    if (environ.split('\0').includes(needle)) pids.push(Number(entry));
  }
  return pids;
}

/** `127.0.0.1`, `[::1]` … from /proc/net/tcp's hex notation (32-bit words in host byte order, little-endian here). */
function formatAddress(hex) {
  const bytes = [];
  for (let word = 0; word < hex.length; word += 8) {
    const chunk = hex.slice(word, word + 8);
    for (let i = 6; i >= 0; i -= 2) bytes.push(Number.parseInt(chunk.slice(i, i + 2), 16));
  }
  if (bytes.length === 4) return bytes.join('.');
  const groups = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  try {
    return new URL(`http://[${groups.join(':')}]/`).hostname; // the URL parser compresses it
  } catch {
    return `[${groups.join(':')}]`;
  }
}

/** The TCP addresses the process listens on: its socket inodes matched against LISTEN rows. */
export function listeningAddresses(pid) {
  const inodes = new Set();
  let fds = [];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return [];
  }
  for (const fd of fds) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]);
    } catch {
      // closed meanwhile
    }
  }
  if (inodes.size === 0) return [];
  const addresses = [];
  for (const table of ['tcp', 'tcp6']) {
    let text;
    try {
      // The process's own network namespace.
      text = readFileSync(`/proc/${pid}/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const columns = line.trim().split(/\s+/);
      // sl local_address rem_address st … inode: st 0A is LISTEN.
      if (columns.length < 10 || columns[3] !== '0A' || !inodes.has(columns[9])) continue;
      const [address = '', port = '0'] = (columns[1] ?? '').split(':');
      addresses.push(`${formatAddress(address)}:${Number.parseInt(port, 16)}`);
    }
  }
  return addresses;
}

function describe(pid) {
  let command = '?';
  try {
    command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    // gone meanwhile
  }
  if (command.length > 300) command = `${command.slice(0, 297)}…`;
  return { pid, command, listening: listeningAddresses(pid) };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * After a step: waits up to `graceMs` for the marked processes to finish on their own (a
 * server shutting down when its parent ended), then describes what is still alive and kills it
 * (SIGKILL), so later steps are not disturbed. Resolves with the processes it found.
 */
export async function collectLeftovers(marker, { graceMs = 2_000, exclude = [] } = {}) {
  const deadline = Date.now() + graceMs;
  let pids = markedPids(marker, exclude);
  while (pids.length > 0 && Date.now() < deadline) {
    await sleep(100);
    pids = markedPids(marker, exclude);
  }
  const found = [];
  // A leftover may still be starting children while it is killed: repeat until none is left.
  for (let round = 0; round < 5 && pids.length > 0; round++) {
    for (const pid of pids) {
      if (found.some((leftover) => leftover.pid === pid)) continue;
      found.push(describe(pid));
    }
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // exited meanwhile
      }
    }
    await sleep(100);
    pids = markedPids(marker, exclude);
  }
  return found;
}

/** One report line per leftover process. */
export function formatLeftovers(stepName, leftovers) {
  return leftovers.map(
    ({ pid, command, listening }) =>
      `left behind by "${stepName}": pid ${pid}${listening.length > 0 ? `, listening on ${listening.join(', ')}` : ', not listening'}: ${command}`,
  );
}

/**
 * Runs one step (synchronously, output inherited) with the marker in its environment, then looks
 * for what it left behind. A step that leaves a process listening on TCP fails; other
 * leftovers are reported and killed, but do not fail it.
 */
export async function runStep(step, { marker, cwd, log = console.log, graceMs } = {}) {
  const env = { ...process.env, ...step.env };
  if (marker) env[marker.name] = marker.value;
  const result = spawnSync(step.command, step.args, { cwd, stdio: step.stdio ?? 'inherit', env });
  const exitedOk = result.status === 0;
  let leftovers = [];
  if (marker && leftoverCheckSupported) {
    leftovers = await collectLeftovers(marker, { graceMs });
    for (const line of formatLeftovers(step.name, leftovers)) log(line);
  }
  const leaked = leftovers.some((leftover) => leftover.listening.length > 0);
  if (leaked) log(`"${step.name}" left a listening process behind: the step counts as failed.`);
  return { ok: exitedOk && !leaked, exitedOk, leaked, leftovers, status: result.status, error: result.error };
}
