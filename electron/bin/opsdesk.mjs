#!/usr/bin/env node
// The package's bin: runs the TypeScript CLI through tsx, so `npx opsdesk …` works inside the repo without a build.
import { register } from 'tsx/esm/api';

register();
await import('../cli.ts');
