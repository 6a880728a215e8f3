/**
 * Masking rules for anything that leaves memory as text (logs, audit events, exports): credentials
 * recognised by shape, plus exact values the caller knows are secret.
 */
export const maskText = '***';

const patterns: ReadonlyArray<[RegExp, string]> = [
  // Authorization headers and their echoes
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{4,}/g, `$1 ${maskText}`],
  // key=value and key: value for credential-named keys (query strings, form bodies, YAML, logs)
  [/\b((?:access|refresh|id)_token|client_secret|password|passwd|passphrase|secret|token|api[_-]?key)(\s*[=:]\s*)("?)[^\s&"',}]{2,}\3/gi, `$1$2$3${maskText}$3`],
  // JSON properties with credential-named keys
  [/"((?:access|refresh|id)Token|(?:access|refresh|id)_token|clientSecret|client_secret|password|passphrase|secret|token|apiKey|privateKey)"\s*:\s*"(?:[^"\\]|\\.)*"/g, `"$1":"${maskText}"`],
  // PEM private keys, whatever their type
  [/-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----/g, `-----BEGIN $1PRIVATE KEY-----${maskText}-----END $1PRIVATE KEY-----`],
  // userinfo in URLs
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+:[^\s/@]+@/gi, `$1${maskText}@`],
];

/** Replace credentials recognised by shape, then every known secret value (longest first). */
export function maskSecrets(text: string, knownSecrets: Iterable<string> = []): string {
  let masked = text;
  for (const secret of [...knownSecrets].filter((value) => value.length >= 4).sort((a, b) => b.length - a.length)) {
    masked = masked.split(secret).join(maskText);
  }
  for (const [pattern, replacement] of patterns) masked = masked.replace(pattern, replacement);
  return masked;
}
