/**
 * The cluster's token is never shown or kept: wherever a text may repeat it
 * (a log entry of a service that logs its request headers, an answer that
 * echoes them), the copy is shown as `<token>`.
 */

const TOKEN_MARK = '<token>';

/** `text` with every copy of `token` replaced by `<token>`. */
export function withoutToken(text: string, token: string): string {
  return token !== '' && text.includes(token) ? text.replaceAll(token, TOKEN_MARK) : text;
}

/**
 * An answer's text, to be quoted in a message: JSON's escapes of `/` and of
 * any character as `\uXXXX` undone first, so that an answer that echoes the
 * token so has it cut out all the same.
 */
export function withoutTokenQuoted(text: string, token: string): string {
  const unescaped = text.replace(/\\(?:\/|u([0-9A-Fa-f]{4}))/g, (_, hex?: string) =>
    hex === undefined ? '/' : String.fromCharCode(Number.parseInt(hex, 16)),
  );
  return withoutToken(unescaped, token);
}

/**
 * Whether the bytes `[start, end)` hold `token` as it is. A line of
 * printable ASCII, the only kind read on its bytes without decoding, holds
 * the token's characters only so.
 */
export function holdsToken(buf: Buffer, start: number, end: number, token: Buffer): boolean {
  return token.length > 0 && buf.subarray(start, end).includes(token);
}

/**
 * JSON text with `token` cut out of every string in it, each read first (an
 * answer may write any character as `\uXXXX`); text that is not JSON as
 * `withoutToken` gives it.
 */
export function withoutTokenInJson(text: string, token: string): string {
  if (token === '') return text;
  try {
    const cut = (_key: string, value: unknown) =>
      typeof value === 'string' ? withoutToken(value, token) : value;
    return JSON.stringify(JSON.parse(text.replace(/^\uFEFF/, ''), cut));
  } catch {
    return withoutToken(text, token);
  }
}
