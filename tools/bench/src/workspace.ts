import { fileURLToPath } from 'node:url';

/** The repository root; the same relative path from src/ and dist/. */
export const WORKSPACE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A helper program of the bench (src/servers/<name>.ts), built next to this file. */
export function helperScript(name: string): string {
  return fileURLToPath(new URL(`./servers/${name}.js`, import.meta.url));
}
