import { IConstruct } from 'constructs';
import { HostAccessReport } from './host-access-report';
import { NodeAgent } from './node-agent';
import { leastLevelAdmitting, PodSecurityLevel } from './pod-security';

/** The Pod Security level one namespace needs for the agents in it. */
export interface NamespaceRequirement {
  /** The namespace. */
  readonly namespace: string;

  /** The agents in it. */
  readonly agents: string[];

  /** The least Pod Security level that admits them all. */
  readonly podSecurityLevel: PodSecurityLevel;
}

/**
 * What every agent of an app can touch on its node, for people and for tools: Markdown for
 * reviews, JSON for policies and reports built elsewhere. Both are deterministic: agents are
 * sorted by namespace and name.
 */
export class HostAccessSummary {
  /** The summary of every NodeAgent below `scope` (an App, a Chart). */
  public static of(scope: IConstruct): HostAccessSummary {
    const reports = scope.node.findAll()
      .filter((c): c is NodeAgent => c instanceof NodeAgent)
      .map((agent) => agent.hostAccess)
      .sort((a, b) => `${a.namespace}/${a.agent}`.localeCompare(`${b.namespace}/${b.agent}`));
    return new HostAccessSummary(reports);
  }

  /** Each agent's report. */
  public readonly agents: HostAccessReport[];

  /** Each namespace and the Pod Security level it needs. */
  public readonly namespaces: NamespaceRequirement[];

  private constructor(agents: HostAccessReport[]) {
    this.agents = agents;
    const byNamespace = new Map<string, HostAccessReport[]>();
    for (const report of agents) {
      byNamespace.set(report.namespace, [...(byNamespace.get(report.namespace) ?? []), report]);
    }
    this.namespaces = [...byNamespace.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([namespace, reports]) => ({
      namespace,
      agents: reports.map((r) => r.agent),
      podSecurityLevel: leastLevelAdmitting(reports.map((r) => r.podSecurityLevel)),
    }));
  }

  /** The summary as JSON, two-space indented, with a trailing newline. */
  public toJson(): string {
    return `${JSON.stringify({ namespaces: this.namespaces, agents: this.agents }, undefined, 2)}\n`;
  }

  /** The summary as a Markdown document. */
  public toMarkdown(): string {
    const lines: string[] = ['# Host access', ''];
    lines.push('What each agent can touch on its node, as declared in the app.', '');
    lines.push('## Namespaces', '', '| namespace | agents | Pod Security level needed |', '| --- | --- | --- |');
    for (const ns of this.namespaces) {
      lines.push(`| ${ns.namespace} | ${ns.agents.join(', ')} | ${ns.podSecurityLevel} |`);
    }
    for (const report of this.agents) {
      lines.push('', `## ${report.namespace}/${report.agent}`, '');
      lines.push(`- Pod Security level: ${report.podSecurityLevel}`
        + (report.podSecurityFindings.baseline.length + report.podSecurityFindings.restricted.length > 0
          ? ` (fails: ${[...report.podSecurityFindings.baseline, ...report.podSecurityFindings.restricted].join(', ')})` : ''));
      const namespaces = [['host network', report.hostNetwork], ['host PID', report.hostPID], ['host IPC', report.hostIPC]]
        .filter(([, on]) => on).map(([name]) => name);
      lines.push(`- Host namespaces: ${namespaces.length > 0 ? namespaces.join(', ') : 'none'}`);
      lines.push(`- API access: ${report.serviceAccountToken ? describeApiAccess(report) : 'none (no token mounted)'}`);
      if (report.priorityClassName) {
        lines.push(`- Priority class: ${report.priorityClassName}`);
      }
      lines.push('', '| container | user | privileged | capabilities added | host ports |', '| --- | --- | --- | --- | --- |');
      for (const c of report.containers) {
        lines.push(`| ${c.name}${c.init ? ' (init)' : ''} | ${c.runAsUser}:${c.runAsGroup} | ${c.privileged ? 'yes' : 'no'} | `
          + `${c.capabilities.join(', ') || 'none'} | ${c.hostPorts.join(', ') || 'none'} |`);
      }
      if (report.hostPaths.length === 0) {
        lines.push('', 'No host paths.');
        continue;
      }
      lines.push('', '| host path | container | mounted at | access | type | propagation | reason |', '| --- | --- | --- | --- | --- | --- | --- |');
      for (const g of report.hostPaths) {
        const access = g.readOnly ? `read-only${g.recursiveReadOnly ? ' (recursive)' : ''}` : '**writable**';
        const reasons = [g.reason, g.writableReason ? `write: ${g.writableReason}` : undefined].filter((r) => r).join('; ');
        lines.push(`| \`${g.path}\` | ${g.container} | \`${g.mountPath}\` | ${access} | ${g.type} | ${g.propagation} | `
          + `${escapeCell(reasons) || '-'} |`);
      }
    }
    return `${lines.join('\n')}\n`;
  }
}

function describeApiAccess(report: HostAccessReport): string {
  const rules = report.apiAccess.map((r) => `${r.verbs.join('/')} ${r.resources.join(', ')}`
    + `${(r.apiGroups ?? ['']).some((g) => g !== '') ? ` (${(r.apiGroups ?? []).join(', ')})` : ''}`);
  const urls = report.nonResourceAccess.map((r) => `${r.verbs.join('/')} ${r.urls.join(', ')}`);
  return [...rules, ...urls].join('; ');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
