/**
 * Masks the credentials in a connection URL so it can go into logs, messages and `config show`:
 * `postgres://u:secret@h/db` → `postgres://u:***@h/db`; a token-only user (`nats://TOKEN@h`,
 * `redis://TOKEN@h`) becomes `***`. Falls back to a pattern when the URL does not parse, so a secret never
 * slips through; text without credentials passes unchanged.
 */
export function redactUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return value.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
  }
  if (url.password === '' && url.username === '') return value;
  if (url.password !== '') url.password = '***';
  else if (!url.protocol.startsWith('postgres')) url.username = '***'; // a bare user is a token here
  return url.toString();
}
