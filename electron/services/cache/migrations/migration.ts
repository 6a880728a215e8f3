export interface Migration {
  /** Becomes PRAGMA user_version once applied; strictly increasing across the registry. */
  version: number;
  name: string;
  up: string;
}
