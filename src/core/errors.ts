/** Exit codes of the command line (DESIGN.md §6). */
export const ExitCode = { ok: 0, failure: 1, usage: 2 } as const;

/** Base of every error ziplime raises on purpose; `exitCode` is what the CLI exits with. */
export class ZiplimeError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = ExitCode.failure, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** Bad command-line usage or options: exit 2. */
export class UsageError extends ZiplimeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.usage, options);
  }
}

/** Where in an input file a problem was found. */
export interface InputLocation {
  file: string;
  /** 1-based line (or row) in the file; omitted when the problem is the file as a whole. */
  line?: number;
}

/** Bad input data (a file that breaks a rule): exit 2, message names file, line and rule. */
export class InputError extends ZiplimeError {
  readonly location: InputLocation | undefined;
  readonly rule: string;
  constructor(rule: string, location?: InputLocation, hint?: string) {
    const where = location ? `${location.file}${location.line !== undefined ? `:${location.line}` : ''}: ` : '';
    super(`${where}${rule}${hint ? ` (${hint})` : ''}`, ExitCode.usage);
    this.rule = rule;
    this.location = location;
  }
}

/** A symbol that no asset in the bundle (or at the broker) has. */
export class SymbolNotFoundError extends ZiplimeError {
  readonly symbol: string;
  /** `where` names the lookup (e.g. `setBenchmark`); with `bundle` the hint lists its symbols. */
  constructor(symbol: string, where?: string, bundle?: string) {
    const place = [where, bundle !== undefined ? `bundle '${bundle}'` : undefined].filter(Boolean).join(', ');
    const list = bundle !== undefined ? `ziplime bundles ${bundle} --assets` : 'ziplime bundles <bundle> --assets';
    super(`symbol '${symbol}' not found${place ? ` in ${place}` : ''}; check the spelling, or list the symbols with \`${list}\``);
    this.symbol = symbol;
  }
}

/** A bundle that does not exist or cannot be read. */
export class BundleNotFoundError extends ZiplimeError {
  constructor(name: string, dir: string) {
    super(`bundle '${name}' not found in ${dir}; run \`ziplime ingest -b ${name}\` first (or \`ziplime bundles\` to list)`, ExitCode.usage);
  }
}

/** An order refused by a trading control, the broker or venue rules. */
export class OrderRejectedError extends ZiplimeError {
  readonly reason: string;
  constructor(reason: string) {
    super(`order rejected: ${reason}`);
    this.reason = reason;
  }
}

/** Something the strategy did or threw; carries where (file:line) and when (simulation time). */
export class StrategyError extends ZiplimeError {
  readonly simulationTime: Date | undefined;
  readonly location: string | undefined;
  constructor(message: string, options?: { cause?: unknown; simulationTime?: Date; location?: string }) {
    super(message, ExitCode.failure, options);
    this.simulationTime = options?.simulationTime;
    this.location = options?.location;
  }
}
