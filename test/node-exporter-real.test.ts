/**
 * Runs Debian's node_exporter (installed by scripts/install-node-exporter.sh) with the
 * arguments of a synthesized NodeExporter, read back out of its DaemonSet, the container
 * paths mapped back to this machine's /proc, /sys and /, listening on loopback only, and
 * scrapes it.
 *
 * Without the binary the suite is skipped, except under CI, where that is a failure.
 */
import { ChildProcess, execFileSync, spawn } from 'child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { ListenAddress, NodeExporterProps, NodeExporterRelease } from '../src';
import { RenderedCommandLine, renderedCommandLine } from './support/node-exporter';

const BINARY = '/usr/bin/prometheus-node-exporter';
const present = existsSync(BINARY);
const inCi = (process.env.CI ?? '') !== '' && process.env.CI !== 'false';

const STARTUP_MS = 15_000;
const REQUEST_MS = 5_000;
jest.setTimeout(60_000);

/** The families the issue asks for: CPU, memory, filesystem, network. */
const FAMILIES = ['node_cpu_seconds_total', 'node_memory_MemTotal_bytes', 'node_filesystem_size_bytes',
  'node_network_receive_bytes_total'];

/** Flags that the binary rejected or could not parse, as it reports them on stderr. */
const FLAG_ERRORS = /unknown long flag|error parsing regexp|expected argument for flag|error: /;

/** Collectors that Debian's build turns on although upstream 1.5.0 leaves them off. */
const DEBIAN_ENABLED = ['systemd'];

interface Running {
  readonly child: ChildProcess;
  readonly stderr: string[];
  readonly exit: Promise<number | null>;
}

const started: Running[] = [];
const scratch: string[] = [];

if (!present && !inCi) {
  const reason = `${BINARY} is absent and CI is not set; run scripts/install-node-exporter.sh`;
  // Jest does not list the tests of a suite that is skipped whole; say why here.
  process.stdout.write(`\nnode_exporter real-binary tests skipped: ${reason}\n`);
  describe.skip(`node_exporter, the real binary (skipped: ${reason})`, () => {
    test('runs', () => undefined);
  });
} else if (!present) {
  describe('node_exporter, the real binary', () => {
    test('is installed under CI', () => {
      throw new Error(`${BINARY} is missing under CI; .ci/run must run scripts/install-node-exporter.sh`);
    });
  });
} else {
  describe('node_exporter, the real binary', () => {
    const help = execFileSync(BINARY, ['--help'], { encoding: 'utf8', timeout: REQUEST_MS });
    const version = /version (\d+\.\d+\.\d+)/.exec(
      execFileSync(BINARY, ['--version'], { encoding: 'utf8', timeout: REQUEST_MS }))?.[1];
    const knownFlags = new Set([...help.matchAll(/--(?:\[no-\])?([a-z][\w.-]*)/g)].map((m) => m[1]));
    const report: string[] = [`binary: ${BINARY}, node_exporter ${version}`];

    afterAll(async () => {
      await Promise.all(started.map(stop));
      scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
      // What differs between this binary and the pinned release, for the reader of the log.
      process.stdout.write(`\nnode_exporter real-binary report:\n  ${report.join('\n  ')}\n`);
    });

    test('is Debian\'s 1.5.0, which NodeExporterRelease.V1_5_0 describes', () => {
      expect(version).toBe(NodeExporterRelease.V1_5_0.version);
    });

    test('has exactly the collectors of the V1_5_0 catalogue, with upstream\'s defaults', () => {
      const flat = help.replace(/\s+/g, ' ');
      const defaults = new Map([...flat.matchAll(/Enable the ([a-z_]+) collector \(default: (enabled|disabled)\)/g)]
        .map((m) => [m[1], m[2] === 'enabled']));
      const release = NodeExporterRelease.V1_5_0;

      expect([...defaults.keys()].sort()).toEqual(release.collectors);
      const differing = release.collectors.filter((name) => defaults.get(name) !== release.isEnabledByDefault(name));
      expect(differing).toEqual(DEBIAN_ENABLED);
      report.push(`Debian enables by default, unlike upstream: ${differing.join(', ')}`);
    });

    test('names the built-in fs types exclude of V1_5_0; Debian patches the mount points and netdev lists', () => {
      const defaultOf = (name: string) => new RegExp(`--${name.replace(/\./g, '\\.')}="([^"]*)"`).exec(help)?.[1];
      const release = NodeExporterRelease.V1_5_0;
      expect(defaultOf('collector.filesystem.fs-types-exclude'))
        .toBe(`^(${release.defaultFsTypesExclude.join('|')})$`);

      const upstreamMountPoints = `^/(${release.defaultMountPointsExclude.join('|')})($|/)`;
      const debianMountPoints = defaultOf('collector.filesystem.mount-points-exclude');
      const debianNetdev = defaultOf('collector.netdev.device-exclude');
      report.push(`Debian's mount-points-exclude default: ${debianMountPoints} (upstream: ${upstreamMountPoints})`);
      report.push(`Debian's netdev device-exclude default: ${debianNetdev} (upstream: none)`);
      report.push('an exclude that NodeExporter writes replaces these Debian-only entries with upstream\'s list, '
        + 'which the container image uses');
      expect(debianMountPoints).not.toBe(upstreamMountPoints);
    });

    test('knows every flag name NodeExporter writes for the pinned release', () => {
      const unknown = flagNames(renderedCommandLine(fullProps('/tmp/textfile', 9100)).args)
        .filter((name) => !knownFlags.has(name));
      expect(unknown).toEqual([]);
    });

    test('rejects exactly the collector flags that the catalogue says are newer than it', async () => {
      // GIVEN every collector that 1.12.1 has and 1.5.0 lacks
      const newer = NodeExporterRelease.V1_12_1.collectors
        .filter((name) => !NodeExporterRelease.V1_5_0.hasCollector(name));
      const args = renderedCommandLine({ disableCollectors: newer }).args;

      // THEN the binary knows none of their flags, and refuses to start with one
      const unknown = flagNames(args).filter((name) => !knownFlags.has(name));
      expect(unknown).toEqual(newer.map((name) => `collector.${name}`));
      report.push(`collector flags of 1.12.1 that ${version} rejects: ${unknown.join(', ')}`);
      const port = await freePort('127.0.0.1');
      const refused = stderrOfQuickExit([`--web.listen-address=127.0.0.1:${port}`, `--no-collector.${newer[0]}`]);
      expect(refused).toMatch(`unknown long flag '--no-collector.${newer[0]}'`);
    });

    test('starts with the full generated command line and serves CPU, memory, filesystem and network', async () => {
      // GIVEN a textfile directory with one metric, and a free loopback port
      const textfiles = makeTextfileDirectory();
      const port = await freePort('127.0.0.1');
      const exporter = renderedCommandLine(fullProps(textfiles, port));

      // WHEN the kubelet's $(HOST_IP) is 127.0.0.1 and the container paths are this machine's
      const args = hostArgs(exporter);
      expect(args).toContain(`--web.listen-address=[127.0.0.1]:${port}`);
      const running = await start(args, `http://127.0.0.1:${port}/metrics`);
      const metrics = await get(`http://127.0.0.1:${port}/metrics`);

      // THEN every family is there, the textfile was read, and every flag was accepted
      expect(FAMILIES.filter((family) => !hasSeries(metrics, family))).toEqual([]);
      expect(hasSeries(metrics, 'cdk8s_node_agents_textfile_probe')).toBe(true);
      expect(/^node_network_receive_bytes_total\{device="veth/m.test(metrics)).toBe(false);
      const stderr = running.stderr.join('');
      expect(stderr).not.toMatch(FLAG_ERRORS);
      for (const arg of args.filter((a) => a.includes('-exclude='))) {
        expect(stderr).toContain(`flag=${arg.slice(arg.indexOf('=') + 1)}`);
      }
      expect(running.child.exitCode).toBeNull();
    });

    test('without the root mount it starts with no filesystem flag and no filesystem series', async () => {
      const port = await freePort('127.0.0.1');
      const exporter = renderedCommandLine({ listenAddress: ListenAddress.NODE_IP, port, rootFilesystem: false });
      const args = hostArgs(exporter);
      expect(args.some((arg) => arg.startsWith('--path.rootfs'))).toBe(false);

      const running = await start(args, `http://127.0.0.1:${port}/metrics`);
      const metrics = await get(`http://127.0.0.1:${port}/metrics`);

      expect(hasSeries(metrics, 'node_cpu_seconds_total')).toBe(true);
      expect(hasSeries(metrics, 'node_filesystem_size_bytes')).toBe(false);
      expect(running.stderr.join('')).not.toMatch(FLAG_ERRORS);
    });

    test('behind the proxy it listens on 127.0.0.1 and the internal port only', async () => {
      const internalPort = await freePort('127.0.0.1');
      const exporter = renderedCommandLine({ rbacProxy: { internalPort } });
      const args = hostArgs(exporter);
      expect(args).toContain(`--web.listen-address=127.0.0.1:${internalPort}`);
      const proxy = renderedCommandLine({ rbacProxy: { internalPort } }, 'kube-rbac-proxy');
      expect(proxy.args).toContain(`--upstream=http://127.0.0.1:${internalPort}/`);

      const running = await start(args, `http://127.0.0.1:${internalPort}/metrics`);
      const metrics = await get(`http://127.0.0.1:${internalPort}/metrics`);
      expect(hasSeries(metrics, 'node_memory_MemTotal_bytes')).toBe(true);
      expect(running.stderr.join('')).not.toMatch(FLAG_ERRORS);
    });

    const ipv6 = Object.values(os.networkInterfaces()).flat().some((i) => i?.address === '::1');
    (ipv6 ? test : test.skip)('an IPv6 node IP works in the same bracketed form', async () => {
      const port = await freePort('::1');
      const exporter = renderedCommandLine({ listenAddress: ListenAddress.NODE_IP, port });
      const args = hostArgs(exporter, '::1');
      expect(args).toContain(`--web.listen-address=[::1]:${port}`);

      await start(args, `http://[::1]:${port}/metrics`);
      expect(hasSeries(await get(`http://[::1]:${port}/metrics`), 'node_cpu_seconds_total')).toBe(true);
    });
  });
}

/** Settings that use every argument-generating property, collectors both binaries know. */
function fullProps(textfiles: string, port: number): NodeExporterProps {
  return {
    port,
    listenAddress: ListenAddress.NODE_IP,
    textfileDirectory: textfiles,
    enableCollectors: ['processes'],
    disableCollectors: ['wifi', 'hwmon', 'btrfs'],
    mountPointsExclude: ['/mnt/.+'],
    fsTypesExclude: ['ramfs'],
    netdevDeviceExclude: ['dummy.*'],
  };
}

/** Whether the exposition has a sample of the metric (with or without labels). */
function hasSeries(metrics: string, name: string): boolean {
  return new RegExp(`^${name}(\\{| )`, 'm').test(metrics);
}

/** The flag names of a command line, without `no-` and values. */
function flagNames(args: string[]): string[] {
  return args.map((arg) => arg.replace(/^--(no-)?/, '').split('=')[0]);
}

/**
 * The arguments as the kubelet would pass them on this machine: `$(VAR)` expanded (the
 * node IP is `hostIp`) and each container mount path replaced by its host path.
 */
function hostArgs(exporter: RenderedCommandLine, hostIp = '127.0.0.1'): string[] {
  const values = new Map(exporter.env.map((env) => [env.name, env.fieldPath === 'status.hostIP' ? hostIp : '']));
  // Longest mount path first, so that /host/root/... is not taken for another mount's prefix.
  const mounts = [...exporter.mounts].sort((a, b) => b.mountPath.length - a.mountPath.length);
  return exporter.args.map((arg) => {
    let out = arg.replace(/\$\(([A-Z_]+)\)/g, (whole, name) => values.get(name) ?? whole);
    const eq = out.indexOf('=');
    if (/^--(path\.|collector\.textfile\.directory=)/.test(out) && eq > 0) {
      const value = out.slice(eq + 1);
      const mount = mounts.find((m) => value === m.mountPath || value.startsWith(`${m.mountPath}/`));
      if (mount) {
        const rest = value.slice(mount.mountPath.length);
        out = `${out.slice(0, eq + 1)}${mount.path === '/' ? rest || '/' : mount.path + rest}`;
      }
    }
    return out;
  });
}

function makeTextfileDirectory(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'node-exporter-textfile-'));
  scratch.push(dir);
  chmodSync(dir, 0o755);
  writeFileSync(path.join(dir, 'probe.prom'),
    '# TYPE cdk8s_node_agents_textfile_probe gauge\ncdk8s_node_agents_textfile_probe 1\n');
  chmodSync(path.join(dir, 'probe.prom'), 0o644);
  return dir;
}

/** Starts the binary as user 65534 when root (as the image runs), and waits for `url`. */
async function start(args: string[], url: string): Promise<Running> {
  const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const child = spawn(BINARY, args, {
    ...asNobody,
    env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk) => stderr.push(String(chunk)));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const running = { child, stderr, exit };
  started.push(running);

  const deadline = Date.now() + STARTUP_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`node_exporter exited with ${child.exitCode}: ${stderr.join('')}`);
    }
    try {
      await get(url);
      return running;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`node_exporter did not answer ${url} within ${STARTUP_MS} ms: ${stderr.join('')}`);
}

async function stop(running: Running): Promise<void> {
  if (running.child.exitCode !== null || running.child.signalCode !== null) {
    return;
  }
  running.child.kill('SIGTERM');
  const timer = setTimeout(() => running.child.kill('SIGKILL'), 5_000);
  await running.exit;
  clearTimeout(timer);
}

function get(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { timeout: REQUEST_MS }, (response) => {
      const body: string[] = [];
      response.on('data', (chunk) => body.push(String(chunk)));
      response.on('end', () => (response.statusCode === 200
        ? resolve(body.join(''))
        : reject(new Error(`${url}: ${response.statusCode}`))));
    });
    request.on('timeout', () => request.destroy(new Error(`${url}: timed out`)));
    request.on('error', reject);
  });
}

/** A port that nothing listens on at the moment, on the given loopback address. */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, host, () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** The stderr of a run expected to stop at flag parsing; ended after a few seconds if not. */
function stderrOfQuickExit(args: string[]): string {
  try {
    execFileSync(BINARY, args, { encoding: 'utf8', timeout: REQUEST_MS, stdio: ['ignore', 'ignore', 'pipe'] });
    return '';
  } catch (error) {
    return String((error as { stderr?: string }).stderr ?? '');
  }
}
