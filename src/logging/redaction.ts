/**
 * Log redaction by key name and by value. Key names catch structured fields (`apiKey`, `password`,
 * `authorization`, `OK-ACCESS-SIGN`…) at any depth; known secret values (from the configuration) are
 * also scrubbed out of free text such as error messages, where no key name can give them away.
 */

export const REDACTED_VALUE = '[redacted]';

const SECRET_KEY =
  /pass(word|phrase)?|secret|token|api[-_]?key|access[-_]?key|authori[sz]ation|cookie|master[-_]?key|private[-_]?key|signature|ok-access-(key|sign|passphrase)|x-mbx-apikey|credential/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

export class SecretScrubber {
  private readonly secrets: string[];

  constructor(secrets: readonly string[] = []) {
    // Longest first, so a secret containing another is replaced whole.
    this.secrets = [...new Set(secrets.filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
  }

  scrubText(text: string): string {
    let out = text;
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED_VALUE);
    return out;
  }

  /** A redacted copy of a log object; `seen` guards against cycles. */
  scrub(value: unknown, seen: WeakSet<object> = new WeakSet()): unknown {
    if (typeof value === 'string') return this.scrubText(value);
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return '[circular]';
    seen.add(value);
    if (value instanceof Error) return this.scrubError(value, seen);
    if (Array.isArray(value)) return value.map((item) => this.scrub(item, seen));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] =
        isSecretKey(key) && item !== undefined && item !== null ? REDACTED_VALUE : this.scrub(item, seen);
    }
    return out;
  }

  private scrubError(error: Error, seen: WeakSet<object>): Record<string, unknown> {
    const out: Record<string, unknown> = {
      type: error.name,
      message: this.scrubText(error.message),
      stack: error.stack === undefined ? undefined : this.scrubText(error.stack),
    };
    for (const [key, item] of Object.entries(error)) {
      out[key] = isSecretKey(key) ? REDACTED_VALUE : this.scrub(item, seen);
    }
    if (error.cause !== undefined) out.cause = this.scrub(error.cause, seen);
    return out;
  }
}
