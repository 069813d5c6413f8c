/** How the CLI talks to the person at the terminal: colours and diagnostics on stderr only. */
export interface Terminal {
  /** Whether stderr is a terminal (progress bars are drawn only then). */
  readonly interactive: boolean;
  /** Whether colour may be used (stderr is a terminal and `NO_COLOR` is unset or empty). */
  readonly color: boolean;
  /** `--quiet`: no progress and no informational lines. */
  readonly quiet: boolean;
  /** An informational line on stderr (suppressed by `--quiet`). */
  info(message: string): void;
  /** A warning on stderr (always shown). */
  warn(message: string): void;
  /** An error line on stderr. */
  error(message: string): void;
  /** Raw text to stderr (progress bar). */
  raw(text: string): void;
}

const secrets = new Set<string>();

/** Registers a secret (an API token): every line the CLI writes to stderr has it replaced by `***`. */
export function registerSecret(secret: string): void {
  if (secret.length >= 4) secrets.add(secret);
}

/** `text` with every registered secret replaced by `***`. */
export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('***');
  return out;
}

/** Builds the {@link Terminal} for this process. */
export function createTerminal(options: { quiet?: boolean } = {}, env: NodeJS.ProcessEnv = process.env): Terminal {
  const interactive = process.stderr.isTTY === true;
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const color = interactive && !noColor && env.TERM !== 'dumb';
  const paint = (code: string, text: string): string => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const quiet = options.quiet === true;
  const write = (text: string): void => {
    process.stderr.write(redact(text));
  };
  return {
    interactive,
    color,
    quiet,
    info: (message) => {
      if (!quiet) write(`${message}\n`);
    },
    warn: (message) => write(`${paint('33', 'warning:')} ${message}\n`),
    error: (message) => write(`${paint('31', 'error:')} ${message}\n`),
    raw: write,
  };
}
