// A small writer for fluent-bit's classic configuration format: `[SECTION]` headers,
// indented `Key Value` entries, and `@INCLUDE` lines. Entries keep the order they were
// added in, and the output only depends on that order, so the same input gives the same
// bytes.

export type SectionType = 'SERVICE' | 'INPUT' | 'FILTER' | 'OUTPUT' | 'PARSER' | 'MULTILINE_PARSER';

export class ClassicSection {
  private readonly entries: Array<[string, string]> = [];

  public constructor(public readonly type: SectionType) {}

  /** Add an entry; `undefined` values are skipped so optional settings read naturally. */
  public set(key: string, value: string | number | boolean | undefined): this {
    if (value === undefined) return this;
    this.entries.push([key, formatValue(value)]);
    return this;
  }

  public get keys(): string[] {
    return this.entries.map(([k]) => k);
  }

  public render(): string {
    const width = Math.max(...this.entries.map(([k]) => k.length));
    const lines = this.entries.map(([k, v]) => `    ${k.padEnd(width)} ${v}`);
    return [`[${this.type}]`, ...lines].join('\n') + '\n';
  }
}

export function renderFile(blocks: Array<ClassicSection | string>): string {
  return blocks.map(b => (typeof b === 'string' ? `${b}\n` : b.render())).join('\n');
}

export function onOff(value: boolean): string {
  return value ? 'On' : 'Off';
}

function formatValue(value: string | number | boolean): string {
  if (typeof value === 'boolean') return onOff(value);
  return String(value);
}

/** MiB as a byte count: fluent-bit reads `M` as 10^6 bytes, so binary sizes go out in bytes. */
export function mibToBytes(mib: number): number {
  return mib * 1024 * 1024;
}
