// The host-access policy on the real API server. Every example is applied with its
// ValidatingAdmissionPolicy and binding: its DaemonSet and the pods the DaemonSet controller
// makes are admitted, a deleted pod comes back, and `kubectl debug --profile=restricted`
// gets in. Then mutants of each DaemonSet, by server-side dry run, are each denied with a
// message naming the difference, while the same mutant outside the agent's namespace is
// admitted (so the denial is the policy's, and the mutant is otherwise a valid object). Pods
// and ephemeral containers that try to leave the policy's scope (no owner, another label,
// another DaemonSet) are denied too.
import {
  applyExamplesAndWait, examplesForThisCluster, isReady, isTerminating, podsOf, waitForPlacement,
} from './support/cluster';
import {
  apply, ensureNamespace, eventsFor, get, kubectl, KubectlResult, poll, remove,
} from './support/kubectl';
import { clone, daemonSets } from './support/manifests';
import {
  addEphemeralContainers, hostAccessReports, podFromTemplate, policyDenial,
} from './support/security';

const examples = examplesForThisCluster();
const agents = examples.flatMap((example) => {
  const reports = hostAccessReports(example.name);
  return daemonSets(example.objects).map((ds) => ({
    example: example.name,
    objects: example.objects,
    ds,
    report: reports.find((r) => r.agent === ds.metadata.name),
    policy: `${ds.metadata.namespace}-${ds.metadata.name}-host-access`,
  }));
});
type Agent = (typeof agents)[number];

/** A namespace outside every binding: the control for each mutant. */
const OUTSIDE = 'integ-vap-outside';

/** A restricted container's security settings, as `kubectl debug --profile=restricted`. */
const RESTRICTED = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };

// -- the pod spec, read and described as the policy's messages describe it

function hostVolume(spec: any): any {
  return spec.volumes.find((v: any) => v.hostPath && v.hostPath.path !== '/');
}

/** The first container that mounts the volume (read-only only, if asked), and the mount. */
function mountOf(spec: any, volume: string, readOnly?: boolean): { c: any; m: any } {
  for (const c of spec.containers) {
    const m = (c.volumeMounts ?? []).find((x: any) =>
      x.name === volume && (readOnly === undefined || Boolean(x.readOnly) === readOnly));
    if (m) return { c, m };
  }
  throw new Error(`no container mounts ${volume}`);
}

function firstReadOnlyHostMount(spec: any): { c: any; m: any; v: any } {
  for (const v of spec.volumes.filter((x: any) => x.hostPath)) {
    try {
      return { ...mountOf(spec, v.name, true), v };
    } catch {
      // another volume
    }
  }
  throw new Error('no read-only host mount');
}

const mountText = (c: any, m: any) => `${c.name} mounts ${m.name} at ${m.mountPath}`
  + (m.readOnly ? ' read-only' : ' writable')
  + (m.mountPropagation ? ` with ${m.mountPropagation} propagation` : '');

const volumeText = (v: any) =>
  `${v.name} (path ${v.hostPath.path}, type ${v.hostPath.type ?? 'unset'})`;

const msg = {
  volumes: (a: string, v: any) => `hostPath volumes not declared for agent ${a}: ${volumeText(v)}`,
  mounts: (a: string, field: string, c: any, m: any) =>
    `host mounts not declared for agent ${a} in ${field}: ${mountText(c, m)}`,
  privileged: (a: string, c: string) => `privileged containers not declared for agent ${a}: ${c}`,
  escalation: (a: string, c: string) =>
    `containers of agent ${a} that do not set allowPrivilegeEscalation: false: ${c}`,
  capabilities: (a: string, c: string, caps: string) =>
    `capabilities not declared for agent ${a}: ${c} adds ${caps}`,
  dropAll: (a: string, c: string) =>
    `containers of agent ${a} that do not drop ALL capabilities: ${c}`,
  containers: (a: string, field: string, c: string) => `${field} not declared for agent ${a}: ${c}`,
  hostPorts: (a: string, c: string, port: number) =>
    `host ports not declared for agent ${a}: ${c} binds ${port}`,
  namespace: (a: string, field: string, declared: boolean) =>
    `${field} must be ${declared} for agent ${a}, as declared`,
};

// -- mutants of the pod template: each changes one thing and says how the policy must answer

/** A denial worded freely past its start, as long as it names the change. */
interface Naming {
  readonly startsWith: string;
  readonly names: string;
}

interface Mutant {
  readonly name: string;
  /** Whether the mutant makes sense for this pod spec. */
  readonly applies?: (spec: any) => boolean;
  /** Changes the spec in place; returns the exact message of the denial, or what it must name. */
  readonly mutate: (spec: any, agent: string) => string | Naming;
}

const HOST_NAMESPACES = ['hostPID', 'hostIPC', 'hostNetwork'];
const mountPrefix = (a: string, c: any, m: any) =>
  `host mounts not declared for agent ${a} in containers: ${c.name} mounts ${m.name}`;
const OTHER_TYPE: { [type: string]: string } = {
  Directory: 'DirectoryOrCreate',
  DirectoryOrCreate: 'Directory',
  File: 'FileOrCreate',
  FileOrCreate: 'File',
  Socket: 'File',
};
const parentOf = (path: string) => path.slice(0, path.lastIndexOf('/')) || '/';

const MUTANTS: Mutant[] = [
  {
    name: 'an extra host path',
    mutate: (spec, a) => {
      const v = { name: 'host-etc', hostPath: { path: '/etc', type: 'Directory' } };
      spec.volumes.push(v);
      spec.containers[0].volumeMounts.push({
        name: 'host-etc', mountPath: '/host-etc', readOnly: true,
      });
      return msg.volumes(a, v);
    },
  },
  {
    name: 'a read-only host mount made writable',
    mutate: (spec, a) => {
      const { c, m } = firstReadOnlyHostMount(spec);
      m.readOnly = false;
      return msg.mounts(a, 'containers', c, m);
    },
  },
  {
    name: 'a changed hostPath type',
    mutate: (spec, a) => {
      const v = hostVolume(spec);
      v.hostPath.type = OTHER_TYPE[v.hostPath.type];
      return msg.volumes(a, v);
    },
  },
  {
    name: 'a path that only shares a prefix (/var/log becomes /var/logx)',
    mutate: (spec, a) => {
      const v = hostVolume(spec);
      v.hostPath.path += 'x';
      return msg.volumes(a, v);
    },
  },
  {
    name: 'the parent directory of a declared path',
    mutate: (spec, a) => {
      const v = hostVolume(spec);
      v.hostPath.path = parentOf(v.hostPath.path);
      return msg.volumes(a, v);
    },
  },
  {
    name: 'a hostPath type removed',
    mutate: (spec, a) => {
      const v = hostVolume(spec);
      delete v.hostPath.type;
      return {
        startsWith: `hostPath volumes not declared for agent ${a}: `
          + `${v.name} (path ${v.hostPath.path}`,
        names: 'type unset',
      };
    },
  },
  {
    name: 'a subPath on a declared host mount',
    mutate: (spec, a) => {
      const { c, m } = mountOf(spec, hostVolume(spec).name);
      m.subPath = 'integ-sub';
      return { startsWith: mountPrefix(a, c, m), names: 'integ-sub' };
    },
  },
  {
    name: 'recursiveReadOnly set on a declared read-only mount',
    applies: (spec) => firstReadOnlyHostMount(spec).m.mountPropagation === 'None',
    mutate: (spec, a) => {
      const { c, m } = firstReadOnlyHostMount(spec);
      m.recursiveReadOnly = 'Enabled';
      return { startsWith: mountPrefix(a, c, m), names: 'recursiveReadOnly' };
    },
  },
  {
    name: 'a declared mount at another container path',
    mutate: (spec, a) => {
      const { c, m } = mountOf(spec, hostVolume(spec).name);
      m.mountPath = '/elsewhere';
      return msg.mounts(a, 'containers', c, m);
    },
  },
  {
    name: 'Bidirectional propagation (with the privilege it needs)',
    mutate: (spec, a) => {
      const { c, m } = mountOf(spec, hostVolume(spec).name);
      m.mountPropagation = 'Bidirectional';
      c.securityContext.privileged = true;
      c.securityContext.allowPrivilegeEscalation = true;
      return msg.mounts(a, 'containers', c, m);
    },
  },
  {
    name: 'a privileged container',
    mutate: (spec, a) => {
      const c = spec.containers[0];
      c.securityContext.privileged = true;
      c.securityContext.allowPrivilegeEscalation = true;
      return msg.privileged(a, c.name);
    },
  },
  {
    name: 'privilege escalation allowed',
    mutate: (spec, a) => {
      const c = spec.containers[0];
      c.securityContext.allowPrivilegeEscalation = true;
      return msg.escalation(a, c.name);
    },
  },
  {
    name: 'a host namespace added (host PID where it is not declared)',
    applies: (spec) => HOST_NAMESPACES.some((f) => !spec[f]),
    mutate: (spec, a) => {
      const field = HOST_NAMESPACES.find((f) => !spec[f])!;
      spec[field] = true;
      return msg.namespace(a, field, false);
    },
  },
  {
    name: 'a declared host namespace dropped',
    applies: (spec) => HOST_NAMESPACES.some((f) => spec[f]),
    mutate: (spec, a) => {
      const field = HOST_NAMESPACES.find((f) => spec[f])!;
      spec[field] = false;
      return msg.namespace(a, field, true);
    },
  },
  {
    name: 'a new capability',
    mutate: (spec, a) => {
      const c = spec.containers[0];
      const capabilities = c.securityContext.capabilities;
      capabilities.add = [...capabilities.add ?? [], 'SYS_ADMIN'];
      return msg.capabilities(a, c.name, 'SYS_ADMIN');
    },
  },
  {
    name: 'a container that no longer drops every capability',
    mutate: (spec, a) => {
      const c = spec.containers[0];
      delete c.securityContext.capabilities.drop;
      return msg.dropAll(a, c.name);
    },
  },
  {
    name: 'an undeclared host port',
    mutate: (spec, a) => {
      const c = spec.containers[0];
      const port = { name: 'extra', containerPort: 2222, hostPort: 2222, protocol: 'TCP' };
      c.ports = [...c.ports ?? [], port];
      return msg.hostPorts(a, c.name, 2222);
    },
  },
  {
    name: 'an undeclared sidecar, restricted and without host mounts',
    mutate: (spec, a) => {
      spec.containers.push({
        name: 'sidecar', image: spec.containers[0].image, securityContext: clone(RESTRICTED),
      });
      return msg.containers(a, 'containers', 'sidecar');
    },
  },
  {
    name: 'a writable host mount in an init container',
    mutate: (spec, a) => {
      const v = hostVolume(spec);
      const init = {
        name: 'init',
        image: spec.containers[0].image,
        securityContext: clone(RESTRICTED),
        volumeMounts: [{ name: v.name, mountPath: '/w' }],
      };
      spec.initContainers = [...spec.initContainers ?? [], init];
      return msg.mounts(a, 'initContainers', init, init.volumeMounts[0]);
    },
  },
];

const HOST_NAMESPACE_ADDED = MUTANTS.find((m) => m.name.startsWith('a host namespace added'))!;

// -- helpers on the cluster

function mutated(agent: Agent, mutant: Mutant, namespace?: string) {
  const ds = clone(agent.ds);
  if (namespace) ds.metadata.namespace = namespace;
  const message = mutant.mutate(ds.spec.template.spec, agent.ds.metadata.name);
  return { ds, message };
}

/** Asserts that the agent's own policy, through its own binding, denied with this message. */
function expectDenied(agent: Agent, result: KubectlResult, message: string | Naming): void {
  const answer = policyDenial(result)
    ?? `no policy denial (exit ${result.code}): ${(result.stderr || result.stdout).trim()}`;
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  expect(answer).toEqual({
    policy: agent.policy,
    binding: agent.policy,
    message: typeof message === 'string' ? message
      : expect.stringMatching(
        new RegExp(`^${escape(message.startsWith)}.*${escape(message.names)}`)),
  });
}

function expectAdmitted(result: KubectlResult): void {
  expect({ code: result.code, stderr: result.code === 0 ? '' : result.stderr.trim() })
    .toEqual({ code: 0, stderr: '' });
}

/** Waits until the agent's policy is in force: a changed host namespace is denied. */
async function policyInForce(agent: Agent): Promise<void> {
  const probe = mutated(agent, HOST_NAMESPACE_ADDED);
  await poll({ timeoutMs: 60_000, what: `policy ${agent.policy} in force` }, async () => {
    const result = await apply([probe.ds], { dryRun: 'server', allowFailure: true });
    return policyDenial(result)?.policy === agent.policy ? true : undefined;
  });
}

async function livePods(agent: Agent): Promise<any[]> {
  return (await podsOf(agent.ds)).filter((p) => !isTerminating(p) && isReady(p));
}

const PTRACE = { drop: ['ALL'], add: ['SYS_PTRACE'] };
const debuggerWith = (extra: object): any =>
  ({ name: 'debugger', image: 'busybox:1.36', ...extra });

beforeAll(async () => {
  await applyExamplesAndWait(examples);
  await ensureNamespace(OUTSIDE);
  for (const agent of agents) await policyInForce(agent);
});

afterAll(async () => {
  await kubectl(['delete', 'namespace', '--ignore-not-found', '--wait=false', OUTSIDE]);
});

test('every example with a DaemonSet is here, with its report and its policy', () => {
  expect(agents.map((a) => a.example)).toEqual(
    expect.arrayContaining(['log-agent-full', 'log-collector', 'node-exporter']));
  for (const agent of agents) {
    const kinds = agent.objects.filter((o) => o.metadata.name === agent.policy)
      .map((o) => o.kind).sort();
    expect({ agent: agent.ds.metadata.name, report: Boolean(agent.report), kinds }).toEqual({
      agent: agent.ds.metadata.name,
      report: true,
      kinds: ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'],
    });
  }
});

describe.each(agents.map((a) => [a.example, a.ds.metadata.name, a] as const))(
  'example %s, agent %s',
  (_example, name, agent) => {
    const ns = agent.ds.metadata.namespace;

    describe('admits what was declared', () => {
      test('the policy type-checks: the API server reports no expression warning', async () => {
        // THEN the stored policy was checked against the schema and found sound
        const stored = await poll({ timeoutMs: 30_000, what: `type checking of ${agent.policy}` },
          async () => {
            const p = await get('validatingadmissionpolicy', agent.policy);
            return p?.status?.observedGeneration === p?.metadata.generation ? p : undefined;
          });
        expect(stored.status.typeChecking?.expressionWarnings ?? []).toEqual([]);
      });

      test('the DaemonSet as synthesized is admitted under the policy in force', async () => {
        // WHEN the example's own DaemonSet is sent again (the policy in force, see beforeAll)
        const result = await apply([agent.ds], { dryRun: 'server', allowFailure: true });

        // THEN it is admitted
        expectAdmitted(result);
      });

      test('the controller\'s pods were admitted: one per eligible node', async () => {
        // THEN the rollout is complete and no pod creation was refused
        const placed = await waitForPlacement(agent.ds);
        expect(placed.actual).toEqual(placed.expected);
        const refused = (await eventsFor(ns, 'DaemonSet', name))
          .filter((e) => e.reason === 'FailedCreate');
        expect(refused.map((e) => e.message)).toEqual([]);
      });

      test('a Pod made by hand as an exact copy of the template is admitted', async () => {
        // WHEN a Pod with the template's labels and spec, but no owner, is created by dry run
        const result = await apply([podFromTemplate(agent.ds, `${name}-copy`)],
          { dryRun: 'server', allowFailure: true });

        // THEN the policy admits it: it pins host access, not who made the pod
        expectAdmitted(result);
      });

      test('a restricted ephemeral container without host mounts is admitted', async () => {
        // GIVEN one of the agent's running pods
        const [pod] = await livePods(agent);

        // WHEN a debugger container like `kubectl debug --profile=restricted` is added, dry run
        const container = debuggerWith({ securityContext: clone(RESTRICTED) });
        const result = await addEphemeralContainers(pod, [container]);

        // THEN it is admitted
        expectAdmitted(result);
      });
    });

    describe('denies each mutant of the DaemonSet, naming the difference', () => {
      const mutants = MUTANTS.filter((m) => !m.applies || m.applies(agent.ds.spec.template.spec));

      test('at least twelve mutants apply', () => {
        expect(mutants.length).toBeGreaterThanOrEqual(12);
      });

      test.each(mutants.map((m) => [m.name, m] as const))('%s', async (_name, mutant) => {
        // GIVEN the DaemonSet with one change
        const inside = mutated(agent, mutant);
        const outside = mutated(agent, mutant, OUTSIDE);

        // WHEN it is sent by dry run, in the agent's namespace and in one outside the binding
        const denied = await apply([inside.ds], { dryRun: 'server', allowFailure: true });
        const admitted = await apply([outside.ds], { dryRun: 'server', allowFailure: true });

        // THEN the agent's policy denies it with a message naming the change; the same object
        // outside its scope is admitted, so it is valid and only the policy refuses it
        expectAdmitted(admitted);
        expectDenied(agent, denied, inside.message);
      });
    });

    describe('pods and ephemeral containers that try to leave the scope are denied', () => {
      test('a hand-made pod with the instance label, no owner and an extra host path', async () => {
        // GIVEN a Pod from the template, with no owner, and one more host path
        const pod = podFromTemplate(agent.ds, `${name}-handmade`);
        const message = MUTANTS[0].mutate(pod.spec, name) as string;

        // WHEN it is created by dry run
        const result = await apply([pod], { dryRun: 'server', allowFailure: true });

        // THEN the policy matches it by its label and denies it
        expect(pod.metadata.ownerReferences).toBeUndefined();
        expectDenied(agent, result, message);
      });

      test('an owned pod without the instance label, joining a host namespace', async () => {
        // GIVEN a Pod from the template, owned by the stored DaemonSet, its instance label gone
        const stored = await get('daemonset', name, ns);
        const pod = podFromTemplate(agent.ds, `${name}-unlabelled`);
        delete pod.metadata.labels['app.kubernetes.io/instance'];
        pod.metadata.ownerReferences = [{
          apiVersion: 'apps/v1',
          kind: 'DaemonSet',
          name,
          uid: stored.metadata.uid,
          controller: true,
        }];
        const message = HOST_NAMESPACE_ADDED.mutate(pod.spec, name) as string;

        // WHEN it is created by dry run
        const result = await apply([pod], { dryRun: 'server', allowFailure: true });

        // THEN the policy matches it by its owner and denies it
        expectDenied(agent, result, message);
      });

      test('another DaemonSet giving its pods the agent\'s labels gets none admitted', async () => {
        // GIVEN a second DaemonSet (its own name and selector) whose pods carry the agent's
        // instance label and one more host path; the policy does not match it by name
        const twin = clone(agent.ds);
        twin.metadata.name = `${name}-twin`.slice(0, 63);
        twin.spec.selector.matchLabels['integ.node-agents.test/role'] = 'twin';
        twin.spec.template.metadata.labels['integ.node-agents.test/role'] = 'twin';
        const message = MUTANTS[0].mutate(twin.spec.template.spec, name) as string;

        try {
          // WHEN it is created for real
          await apply([twin]);

          // THEN the DaemonSet controller's pod creations are denied by the policy, naming the
          // host path, and no pod exists
          const what = `a FailedCreate event for ${twin.metadata.name}`;
          const refusal = await poll({ timeoutMs: 60_000, what },
            async () => (await eventsFor(ns, 'DaemonSet', twin.metadata.name))
              .find((e) => e.reason === 'FailedCreate'));
          expect(refusal.message).toContain(
            `ValidatingAdmissionPolicy '${agent.policy}' with binding '${agent.policy}' `
            + `denied request: ${message}`);
          expect(await podsOf(twin)).toEqual([]);
        } finally {
          await remove([twin], true);
        }
      });

      test.each([
        ['a writable host mount', { mountPath: '/host' }],
        ['a read-only host mount', { mountPath: '/host', readOnly: true }],
      ])('an ephemeral container with %s', async (_what, mount) => {
        // GIVEN one of the agent's running pods and a debugger mounting its host volume
        const [pod] = await livePods(agent);
        const v = hostVolume(pod.spec);
        const container = debuggerWith({
          securityContext: clone(RESTRICTED), volumeMounts: [{ ...mount, name: v.name }],
        });

        // WHEN the debugger is added through pods/ephemeralcontainers, dry run
        const result = await addEphemeralContainers(pod, [container]);

        // THEN the policy denies it, naming the mount
        const [m] = container.volumeMounts;
        expectDenied(agent, result, msg.mounts(name, 'ephemeralContainers', container, m));
      });

      test.each([
        ['privileged', { securityContext: { privileged: true } },
          (a: string) => msg.privileged(a, 'debugger')],
        ['without allowPrivilegeEscalation: false (kubectl debug\'s legacy profile)', {},
          (a: string) => msg.escalation(a, 'debugger')],
        ['adding a capability',
          { securityContext: { allowPrivilegeEscalation: false, capabilities: PTRACE } },
          (a: string) => msg.capabilities(a, 'debugger', 'SYS_PTRACE')],
      ] as const)('an ephemeral container %s', async (_what, extra, message) => {
        // GIVEN one of the agent's running pods
        const [pod] = await livePods(agent);

        // WHEN such a debugger is added, dry run
        const result = await addEphemeralContainers(pod, [debuggerWith(clone(extra))]);

        // THEN the policy denies it
        expectDenied(agent, result, message(name));
      });

      test('a pod relabelled out of its DaemonSet still refuses a host mount', async () => {
        // GIVEN one of the agent's pods, relabelled so that the DaemonSet controller lets it go
        const [pod] = await livePods(agent);
        await kubectl(['label', 'pod', pod.metadata.name, '-n', ns, '--overwrite',
          'app.kubernetes.io/instance=quarantined']);
        try {
          const what = `${pod.metadata.name} orphaned`;
          const orphan = await poll({ timeoutMs: 30_000, what }, async () => {
            const p = await get('pod', pod.metadata.name, ns);
            return (p.metadata.ownerReferences ?? []).length === 0 ? p : undefined;
          });

          // WHEN a debugger mounting its host volume writable is added, dry run
          const container = debuggerWith({
            securityContext: clone(RESTRICTED),
            volumeMounts: [{ name: hostVolume(orphan.spec).name, mountPath: '/host' }],
          });
          const result = await addEphemeralContainers(orphan, [container]);

          // THEN the pod, which still carries the agent's host volumes, is still pinned
          const [m] = container.volumeMounts;
          expectDenied(agent, result, msg.mounts(name, 'ephemeralContainers', container, m));
        } finally {
          await kubectl(['delete', 'pod', pod.metadata.name, '-n', ns, '--wait=true']);
          await waitForPlacement(agent.ds);
        }
      });
    });

    describe('the binding\'s scope is exactly the agent\'s namespace', () => {
      test('the stored binding selects the namespace by name, and nothing narrows it', async () => {
        // THEN the binding is the policy's, denies, and selects only by the namespace name
        const binding = await get('validatingadmissionpolicybinding', agent.policy);
        expect(binding.spec.policyName).toBe(agent.policy);
        expect(binding.spec.validationActions).toEqual(['Deny']);
        expect(binding.spec.paramRef).toBeUndefined();
        const scope = binding.spec.matchResources;
        expect(scope.namespaceSelector)
          .toEqual({ matchLabels: { 'kubernetes.io/metadata.name': ns } });
        expect(scope.objectSelector ?? {}).toEqual({});
        expect(scope.excludeResourceRules ?? []).toEqual([]);
        expect(scope.resourceRules ?? []).toEqual([]);
      });

      test('the policy sees DaemonSets, pods, ephemeral containers, new or updated', async () => {
        // THEN nothing in the policy itself narrows what it sees, and it fails closed
        const policy = await get('validatingadmissionpolicy', agent.policy);
        expect(policy.spec.failurePolicy).toBe('Fail');
        const constraints = policy.spec.matchConstraints;
        expect(constraints.namespaceSelector ?? {}).toEqual({});
        expect(constraints.objectSelector ?? {}).toEqual({});
        const rules = constraints.resourceRules.map((r: any) =>
          `${r.apiGroups.join()}/${r.resources.join()}:${[...r.operations].sort().join()}`).sort();
        expect(rules).toEqual([
          '/pods,pods/ephemeralcontainers:CREATE,UPDATE', 'apps/daemonsets:CREATE,UPDATE',
        ]);
      });

      test('relabelling the namespace cannot take it out of the binding', async () => {
        // WHEN the namespace's name label is changed, then removed (for real: a dry run's answer
        // does not show what the API server does to this label)
        await kubectl(['label', 'namespace', ns, '--overwrite',
          'kubernetes.io/metadata.name=elsewhere']);
        await kubectl(['label', 'namespace', ns, 'kubernetes.io/metadata.name-']);

        // THEN the API server keeps the label equal to the name, which the binding selects on
        const stored = await get('namespace', ns);
        expect(stored.metadata.labels['kubernetes.io/metadata.name']).toBe(ns);
      });
    });

    describe('debugging and replacing pods', () => {
      test('kubectl debug --profile=restricted gets in; sysadmin and general do not', async () => {
        // GIVEN one of the agent's running pods
        const [pod] = await livePods(agent);
        const debug = (profile: string, container: string) => kubectl(['debug',
          pod.metadata.name, '-n', ns, '--image=busybox:1.36', `--profile=${profile}`,
          `--container=${container}`, '--', 'true'], { allowFailure: true });

        // WHEN kubectl debug adds a container with each profile (for real)
        const restricted = await debug('restricted', 'debug-restricted');
        const sysadmin = await debug('sysadmin', 'debug-sysadmin');
        const general = await debug('general', 'debug-general');

        // THEN only the restricted one is admitted, and the pod now carries it
        expectAdmitted(restricted);
        expectDenied(agent, sysadmin, msg.privileged(name, 'debug-sysadmin'));
        expectDenied(agent, general, msg.escalation(name, 'debug-general'));
        const stored = await get('pod', pod.metadata.name, ns);
        expect(stored.spec.ephemeralContainers.map((c: any) => c.name))
          .toEqual(['debug-restricted']);
      });

      test('a deleted pod is recreated by the DaemonSet controller and admitted', async () => {
        // GIVEN one of the agent's pods (the one just debugged, if any), and the time
        const pods = await livePods(agent);
        const pod = pods.find((p) => (p.spec.ephemeralContainers ?? []).length > 0) ?? pods[0];
        const node = pod.spec.nodeName;
        const since = new Date(Date.now() - 1000).toISOString();

        // WHEN it is deleted
        await kubectl(['delete', 'pod', pod.metadata.name, '-n', ns, '--wait=true']);

        // THEN a new pod runs on the same node, and no creation was refused meanwhile
        const what = `a new pod of ${name} on ${node}`;
        const replacement = await poll({ timeoutMs: 90_000, what },
          async () => (await livePods(agent)).find((p) =>
            p.spec.nodeName === node && p.metadata.uid !== pod.metadata.uid));
        expect(replacement.metadata.ownerReferences[0].name).toBe(name);
        const refused = (await eventsFor(ns, 'DaemonSet', name))
          .filter((e) => e.reason === 'FailedCreate')
          .filter((e) => String(e.lastTimestamp ?? e.eventTime) >= since);
        expect(refused.map((e) => e.message)).toEqual([]);
        await waitForPlacement(agent.ds);
      });
    });
  });
