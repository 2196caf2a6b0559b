import { fileURLToPath } from 'node:url';

export { WORKSPACE_ROOT } from '@healthcare/embedded/workspace';

/** A helper program of the bench (src/servers/<name>.ts), built next to this file. */
export function helperScript(name: string): string {
  return fileURLToPath(new URL(`./servers/${name}.js`, import.meta.url));
}
