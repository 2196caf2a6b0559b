import { fileURLToPath } from 'node:url';

/** The repository root; the same relative path from src/ and dist/. */
export const WORKSPACE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
