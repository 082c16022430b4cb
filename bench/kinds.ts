// The mix of the benchmark apps, shared by both variants: chart i holds one agent, cycling
// through the three kinds.

/** What a chart of the mix holds. */
export type AgentKind = 'node-agent' | 'log-collector' | 'node-exporter';

/** The kinds, in the order the charts cycle through them. */
export const KINDS: AgentKind[] = ['node-agent', 'log-collector', 'node-exporter'];

/** The kind of chart `i`. */
export const kindOf = (i: number): AgentKind => KINDS[i % KINDS.length];

/** The id of chart `i`. */
export const chartId = (i: number): string => `cluster-${i}`;
