import { allValues, lastValue, type Query } from '../http/query.js';

/** One entry of FastAPI's 422 `detail` array. */
export interface ValidationIssue {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

/** Reads and validates query parameters the way FastAPI and pydantic do, collecting every issue. */
export class FastApiParams {
  readonly issues: ValidationIssue[] = [];

  constructor(private readonly query: Query) {}

  int(name: string, fallback: number, bounds: { ge?: number; le?: number }): number {
    const raw = lastValue(this.query, name);
    if (raw === undefined) return fallback;
    if (!/^-?\d+$/.test(raw.trim())) {
      this.issues.push({
        type: 'int_parsing',
        loc: ['query', name],
        msg: 'Input should be a valid integer, unable to parse string as an integer',
        input: raw,
      });
      return fallback;
    }
    const value = Number(raw);
    if (bounds.ge !== undefined && value < bounds.ge) {
      this.issues.push({
        type: 'greater_than_equal',
        loc: ['query', name],
        msg: `Input should be greater than or equal to ${bounds.ge}`,
        input: raw,
        ctx: { ge: bounds.ge },
      });
    } else if (bounds.le !== undefined && value > bounds.le) {
      this.issues.push({
        type: 'less_than_equal',
        loc: ['query', name],
        msg: `Input should be less than or equal to ${bounds.le}`,
        input: raw,
        ctx: { le: bounds.le },
      });
    }
    return value;
  }

  number(name: string): number | undefined {
    const raw = lastValue(this.query, name);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (raw.trim() === '' || Number.isNaN(value)) {
      this.issues.push({
        type: 'float_parsing',
        loc: ['query', name],
        msg: 'Input should be a valid number, unable to parse string as a number',
        input: raw,
      });
      return undefined;
    }
    return value;
  }

  bool(name: string): boolean | undefined {
    const raw = lastValue(this.query, name);
    if (raw === undefined) return undefined;
    const lower = raw.toLowerCase();
    if (['true', '1', 'yes', 'on', 't', 'y'].includes(lower)) return true;
    if (['false', '0', 'no', 'off', 'f', 'n'].includes(lower)) return false;
    this.issues.push({
      type: 'bool_parsing',
      loc: ['query', name],
      msg: 'Input should be a valid boolean, unable to interpret input',
      input: raw,
    });
    return undefined;
  }

  string(name: string, pattern?: RegExp): string | undefined {
    const raw = lastValue(this.query, name);
    if (raw === undefined || pattern === undefined || pattern.test(raw)) return raw;
    this.issues.push({
      type: 'string_pattern_mismatch',
      loc: ['query', name],
      msg: `String should match pattern '${pattern.source}'`,
      input: raw,
      ctx: { pattern: pattern.source },
    });
    return undefined;
  }

  enumValue(name: string, allowed: readonly string[]): string | undefined {
    const raw = lastValue(this.query, name);
    if (raw === undefined) return undefined;
    return this.checkEnum(raw, allowed, ['query', name]);
  }

  /** A repeated-key list; comma-separated values are not split, as in FastAPI. */
  enumList(name: string, allowed: readonly string[]): string[] | undefined {
    const values = allValues(this.query, name);
    if (values.length === 0) return undefined;
    return values.map((v, i) => this.checkEnum(v, allowed, ['query', name, i])).filter((v): v is string => v !== undefined);
  }

  stringList(name: string): string[] | undefined {
    const values = allValues(this.query, name);
    return values.length === 0 ? undefined : values;
  }

  private checkEnum(raw: string, allowed: readonly string[], loc: (string | number)[]): string | undefined {
    if (allowed.includes(raw)) return raw;
    const expected =
      allowed.length <= 8
        ? allowed
            .map((a) => `'${a}'`)
            .join(', ')
            .replace(/, ([^,]*)$/, ' or $1')
        : `${allowed
            .slice(0, 3)
            .map((a) => `'${a}'`)
            .join(', ')}, ...`;
    this.issues.push({ type: 'enum', loc, msg: `Input should be ${expected}`, input: raw, ctx: { expected } });
    return undefined;
  }
}
