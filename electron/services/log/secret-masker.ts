import { maskSecrets } from '../../../shared/masking/mask.ts';

/** The secret values this process has handled; every log line is masked against them and by shape. */
export class SecretMasker {
  private readonly known = new Set<string>();

  remember(value: string | null | undefined): void {
    if (value && value.length >= 4) {
      this.known.add(value);
      // Multi-line secrets (keys) are also masked line by line, as logs may wrap them.
      for (const line of value.split(/\r?\n/)) if (line.length >= 16) this.known.add(line);
    }
  }

  mask(text: string): string {
    return maskSecrets(text, this.known);
  }
}

/** Wrap a secret store so every value passing through is remembered by the masker. */
export function rememberingSecrets<T extends { get(key: string): Promise<string | null>; set(key: string, value: string): Promise<void> }>(store: T, masker: SecretMasker): T {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'get') {
        return async (key: string) => {
          const value = await target.get(key);
          masker.remember(value);
          return value;
        };
      }
      if (property === 'set') {
        return (key: string, value: string) => {
          masker.remember(value);
          return target.set(key, value);
        };
      }
      const member = Reflect.get(target, property, receiver) as unknown;
      return typeof member === 'function' ? (member as (...args: unknown[]) => unknown).bind(target) : member;
    },
  });
}
