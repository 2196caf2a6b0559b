/**
 * The settings that put the apps' own ports on TLS. `pnpm start` passes its environment on to
 * every app and waits for their /health over plain HTTP, and its simulated sensors would take a
 * server certificate for their device certificate: with these set it could only fail late and
 * unclearly, so it refuses them at once (TLS runs in compose, or with the apps started by hand).
 */
export const APP_TLS_SETTINGS = [
  'TLS_CERT_FILE',
  'TLS_KEY_FILE',
  'TLS_CLIENT_CA_FILE',
  'TLS_CA_FILE',
] as const;

/** Why `pnpm start` cannot run with this environment, or undefined when it can. */
export function tlsRefusal(env: NodeJS.ProcessEnv): string | undefined {
  const set = APP_TLS_SETTINGS.filter((name) => (env[name] ?? '') !== '');
  if (set.length === 0) return undefined;
  return (
    `${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set, but pnpm start runs its apps ` +
    'without TLS: unset them, or run the pipeline on TLS with docker compose (README, TLS)'
  );
}
