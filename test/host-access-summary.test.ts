import { AgentNamespace, HostAccessSummary, HostPathType, NodeAgent, PodSecurityLevel } from '../src';
import { testChart } from './support/synth';

function app() {
  const chart = testChart();
  const logging = new AgentNamespace(chart, 'ns', { name: 'logging' });
  new NodeAgent(chart, 'b', {
    name: 'shipper',
    namespace: logging,
    image: 'busybox:1.36',
    hostPaths: [
      { path: '/var/log', mountPath: '/host-logs' },
      { path: '/var/lib/shipper', type: HostPathType.DIRECTORY_OR_CREATE, writable: true },
    ],
  });
  new NodeAgent(chart, 'a', { name: 'probe', namespace: logging, image: 'busybox:1.36' });
  new NodeAgent(chart, 'c', {
    name: 'net',
    namespace: AgentNamespace.fromName('kube-system'),
    image: 'busybox:1.36',
    hostNetwork: true,
    hostPaths: [{ path: '/lib/modules', sensitiveReason: 'loads netfilter | modules' }],
  });
  return chart;
}

describe('HostAccessSummary', () => {
  test('lists every agent, sorted by namespace and name', () => {
    const summary = HostAccessSummary.of(app());
    expect(summary.agents.map((a) => `${a.namespace}/${a.agent}`)).toEqual(['kube-system/net', 'logging/probe', 'logging/shipper']);
  });

  test('gives the Pod Security level each namespace needs', () => {
    const summary = HostAccessSummary.of(app());
    expect(summary.namespaces).toEqual([
      { namespace: 'kube-system', agents: ['net'], podSecurityLevel: PodSecurityLevel.PRIVILEGED },
      { namespace: 'logging', agents: ['probe', 'shipper'], podSecurityLevel: PodSecurityLevel.PRIVILEGED },
    ]);
  });

  test('the Markdown names each host path with its access and reason', () => {
    const markdown = HostAccessSummary.of(app()).toMarkdown();
    expect(markdown).toContain('| `/var/log` | agent | `/host-logs` | read-only | Directory | None | - |');
    expect(markdown).toContain('| `/var/lib/shipper` | agent | `/var/lib/shipper` | **writable** | DirectoryOrCreate | None | - |');
    expect(markdown).toContain('loads netfilter \\| modules');
    expect(markdown).toContain('- Host namespaces: host network');
    expect(markdown).toContain('- API access: none (no token mounted)');
    expect(markdown).toContain('\nNo host paths.\n');
  });

  test('the JSON parses back to the reports', () => {
    const summary = HostAccessSummary.of(app());
    const parsed = JSON.parse(summary.toJson());
    expect(parsed.agents).toEqual(JSON.parse(JSON.stringify(summary.agents)));
    expect(parsed.namespaces[1].podSecurityLevel).toBe('privileged');
  });

  test('is deterministic', () => {
    expect(HostAccessSummary.of(app()).toMarkdown()).toBe(HostAccessSummary.of(app()).toMarkdown());
    expect(HostAccessSummary.of(app()).toJson()).toBe(HostAccessSummary.of(app()).toJson());
  });
});
