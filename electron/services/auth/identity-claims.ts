/** Who signed in, as read from ID token or userinfo claims. */
export interface Identity {
  subject: string | null;
  name: string | null;
  /** null when the claim is absent (then userinfo is asked); [] when present but empty. */
  groups: string[] | null;
}

/** Reads subject, display name and groups; `groupClaim` may be a dotted path (`realm_access.roles`). */
export function identityFromClaims(claims: Readonly<Record<string, unknown>> | undefined, groupClaim: string): Identity {
  if (!claims) return { subject: null, name: null, groups: null };
  return {
    subject: typeof claims.sub === 'string' && claims.sub !== '' ? claims.sub : null,
    name: firstString(claims.name, claims.preferred_username, claims.email),
    groups: readGroups(claimValue(claims, groupClaim)),
  };
}

/** Later claims fill what earlier ones lack (ID token first, then userinfo). */
export function mergeIdentity(first: Identity, second: Identity): Identity {
  return {
    subject: first.subject ?? second.subject,
    name: first.name ?? second.name,
    groups: first.groups ?? second.groups,
  };
}

export function claimValue(claims: Readonly<Record<string, unknown>>, path: string): unknown {
  if (Object.hasOwn(claims, path)) return claims[path];
  let current: unknown = claims;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current) || !Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** An array of strings (others dropped) or a single string; anything else counts as absent. */
export function readGroups(value: unknown): string[] | null {
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (!Array.isArray(value)) return null;
  const groups = value.filter((item): item is string => typeof item === 'string' && item !== '');
  return [...new Set(groups)];
}

function firstString(...values: unknown[]): string | null {
  for (const value of values) if (typeof value === 'string' && value.trim() !== '') return value;
  return null;
}
