import * as kplus from 'cdk8s-plus-28';
import { resolveHostNamespaces } from '../src';
import { build, containerNamed, IMAGE, literal, renderAgent } from './support/agent';

describe('host namespaces', () => {
  test('are all off by default, with the cluster DNS policy', () => {
    // GIVEN / WHEN
    const { spec } = renderAgent();

    // THEN
    expect(spec.hostNetwork).toBe(false);
    expect(spec).not.toHaveProperty('hostPID');
    expect(spec).not.toHaveProperty('hostIPC');
    expect(spec.dnsPolicy).toBe('ClusterFirst');
  });

  test('include the node process namespace only when hostPID is asked for', () => {
    const { spec, agent } = renderAgent({ hostPID: true });

    expect(spec.hostPID).toBe(true);
    expect(spec).not.toHaveProperty('hostIPC');
    expect(spec.hostNetwork).toBe(false);
    expect(agent.hostAccess.hostPID).toBe(true);
  });

  test('include the node IPC namespace only when hostIPC is asked for', () => {
    const { spec, agent } = renderAgent({ hostIPC: true });

    expect(spec.hostIPC).toBe(true);
    expect(spec).not.toHaveProperty('hostPID');
    expect(agent.hostAccess.hostIPC).toBe(true);
  });

  test('resolve to nothing shared when nothing is asked for', () => {
    expect(resolveHostNamespaces({})).toEqual({
      hostNetwork: false,
      hostPID: false,
      hostIPC: false,
      dnsPolicy: kplus.DnsPolicy.CLUSTER_FIRST,
    });
  });
});

describe('hostNetwork', () => {
  test('switches the DNS policy to ClusterFirstWithHostNet', () => {
    const { spec } = renderAgent({ hostNetwork: true });

    expect(spec.hostNetwork).toBe(true);
    expect(spec.dnsPolicy).toBe('ClusterFirstWithHostNet');
  });

  test('keeps a DNS policy the user set', () => {
    const { spec } = renderAgent({ hostNetwork: true, dnsPolicy: kplus.DnsPolicy.DEFAULT });

    expect(spec.dnsPolicy).toBe('Default');
  });

  test('gives every container port a matching host port, in every container', () => {
    // GIVEN ports on the main container and on a sidecar, none with a host port
    const { spec, agent } = renderAgent({
      hostNetwork: true,
      ports: [{ number: 9100, name: 'metrics' }, { number: 8472, protocol: kplus.Protocol.UDP }],
      sidecars: [{ containerName: 'proxy', image: IMAGE, ports: [{ number: 8443 }] }],
    });

    // THEN
    expect(containerNamed(spec, 'agent').ports).toEqual([
      { containerPort: 9100, hostPort: 9100, name: 'metrics', protocol: 'TCP' },
      { containerPort: 8472, hostPort: 8472, protocol: 'UDP' },
    ]);
    expect(containerNamed(spec, 'proxy').ports).toEqual([
      { containerPort: 8443, hostPort: 8443, protocol: 'TCP' },
    ]);
    expect(agent.hostAccess.containers.map((c) => c.hostPorts)).toEqual([[9100, 8472], [8443]]);
  });

  test('accepts a host port equal to the container port', () => {
    const { spec } = renderAgent({ hostNetwork: true, ports: [{ number: 9100, hostPort: 9100 }] });

    expect(containerNamed(spec, 'agent').ports[0].hostPort).toBe(9100);
  });

  test('refuses a host port other than the container port', () => {
    expect(() => build({ hostNetwork: true, ports: [{ number: 9100, hostPort: 19100 }] })).toThrow(
      literal('ports[0].hostPort: received 19100; with hostNetwork the host port is the container '
        + 'port, 9100'));
  });

  test('names the sidecar whose host port mismatches', () => {
    expect(() => build({
      hostNetwork: true,
      sidecars: [{
        containerName: 'proxy',
        image: IMAGE,
        ports: [{ number: 8443, hostPort: 443 }],
      }],
    })).toThrow(literal('sidecars[0].ports[0].hostPort: received 443; with hostNetwork the '
      + 'host port'));
  });
});

describe('ports', () => {
  test('get no host port without hostNetwork unless asked for', () => {
    const { spec } = renderAgent({ ports: [{ number: 9100 }, { number: 9200, hostPort: 19200 }] });

    expect(containerNamed(spec, 'agent').ports).toEqual([
      { containerPort: 9100, protocol: 'TCP' },
      { containerPort: 9200, hostPort: 19200, protocol: 'TCP' },
    ]);
  });

  test('refuse one host port bound twice with one protocol', () => {
    expect(() => build({
      hostNetwork: true,
      ports: [{ number: 9100 }],
      sidecars: [{ containerName: 'proxy', image: IMAGE, ports: [{ number: 9100 }] }],
    })).toThrow(literal("sidecars[0].ports[0].hostPort: received 9100; container 'agent' already "
      + 'binds 9100/TCP'));
  });

  test('accept one host port number with two protocols', () => {
    const { spec } = renderAgent({
      hostNetwork: true,
      ports: [
        { number: 53, name: 'dns', protocol: kplus.Protocol.UDP },
        { number: 53, name: 'dns-tcp' },
      ],
    });

    expect(containerNamed(spec, 'agent').ports.map((p: any) => `${p.hostPort}/${p.protocol}`))
      .toEqual(['53/UDP', '53/TCP']);
  });

  test.each([0, 65536, 80.5])('refuse the port number %s', (number) => {
    expect(() => build({ ports: [{ number }] })).toThrow(
      literal(`ports[0].number: received ${number}; expected a whole number from 1 to 65535`));
  });

  test('refuse a host port out of range', () => {
    expect(() => build({ ports: [{ number: 80, hostPort: 70000 }] })).toThrow(
      literal('ports[0].hostPort: received 70000; expected a whole number from 1 to 65535'));
  });

  test.each(['Metrics', 'a-very-long-port-name', '1234', 'a--b'])('refuse the port '
    + 'name %s', (name) => {
    expect(() => build({ ports: [{ number: 80, name }] })).toThrow(
      literal(`ports[0].name: received '${name}'; expected an IANA service name`));
  });
});
