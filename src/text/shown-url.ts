/**
 * A URL as a message shows it. Its credentials (`https://user:password@host`)
 * and its query and fragment (`?token=...`) may hold a secret that was never
 * on a command line (DCOS_URL, the dcos CLI's core.dcos_url): they are named,
 * not shown. Anything else is shown as it is. The scripts' `shown_url` does
 * the same in bash (output/iam-api-script.ts).
 */
export function shownUrl(value: string): string {
  // Any slashes after the scheme, or none: the URL parser takes `https:user@host` too.
  const m = /^([A-Za-z][A-Za-z0-9+.-]*:[\\/]*)(.*)$/s.exec(value);
  if (!m) return value;
  const [, scheme, rest = ''] = m;
  const q = rest.search(/[?#]/);
  const end = q === -1 ? rest.length : q;
  // The last `@`: a password may hold `/` or `@` in a value that is no URL.
  const at = rest.lastIndexOf('@');
  // An `@` after a `?` or `#`: which part is the password cannot be told.
  if (at > end) return `${scheme}...`;
  const before = at === -1 ? rest.slice(0, end) : `<credentials>@${rest.slice(at + 1, end)}`;
  return `${scheme}${before}${q === -1 ? '' : `${rest[q]}...`}`;
}
