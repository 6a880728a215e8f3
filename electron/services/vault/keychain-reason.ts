const memoryOnly = 'secrets stay in memory until OpsDesk quits';

/** Known keychain failures, matched on the messages of libsecret/GLib, macOS Security and Windows Credential Manager. */
const causes: Array<{ pattern: RegExp; cause: string }> = [
  {
    pattern: /org\.freedesktop\.secrets|not provided by any \.service files|ServiceUnknown|NameHasNoOwner/i,
    cause: 'No Secret Service on the session D-Bus (org.freedesktop.secrets)',
  },
  {
    pattern: /Cannot autolaunch D-Bus|DBUS_SESSION_BUS_ADDRESS|Could not connect|Failed to connect to socket|dbus-launch|Connection refused/i,
    cause: 'No D-Bus session bus to reach the Secret Service',
  },
  {
    pattern: /locked|unlock|prompt|Object does not exist at path .*collection|No such secret collection/i,
    cause: 'The keychain collection is locked or missing and could not be unlocked',
  },
  {
    pattern: /User canceled|User interaction is not allowed|errSecAuthFailed|errSecInteractionNotAllowed|-25293|-25308|-128\b/i,
    cause: 'Access to the macOS Keychain was refused',
  },
];

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 200 ? `${oneLine.slice(0, 199)}…` : oneLine;
}

/** Replaces any secret text that leaked into a message; libsecret does not echo values, but a binding might. */
export function redact(message: string, secrets: readonly string[]): string {
  let safe = message;
  for (const secret of secrets) if (secret.length > 0) safe = safe.split(secret).join('[secret]');
  return safe;
}

export function moduleMissingReason(error: unknown): string {
  if (error === null) return `The OS keychain module (keytar) is not installed: ${memoryOnly}`;
  return `The OS keychain module (keytar) could not be loaded: ${memoryOnly} (system message: ${messageOf(error)})`;
}

export function timeoutReason(timeoutMs: number): string {
  const limit = timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`;
  return `The OS keychain did not answer within ${limit}: ${memoryOnly}`;
}

/** A sentence for the user: what failed, what that means for their secrets, and the system's own words. */
export function keychainFailureReason(error: unknown, phase: 'probe' | 'run'): string {
  const detail = messageOf(error);
  const known = causes.find(({ pattern }) => pattern.test(detail))?.cause;
  const headline =
    phase === 'run'
      ? `The OS keychain stopped working while OpsDesk was running${known ? `. ${known}` : ''}`
      : (known ?? 'The OS keychain failed a test write');
  return `${headline}: ${memoryOnly} (system message: ${detail})`;
}
