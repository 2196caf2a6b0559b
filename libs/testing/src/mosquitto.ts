// The broker helper lives in @healthcare/embedded (the benchmark uses it too); tests keep this name.
export { Mosquitto, type MosquittoOptions } from '@healthcare/embedded/mosquitto';

/** The broker's URL with a login in it, as an app takes it in MQTT_URL. */
export function loginUrl(url: string, username: string, password: string): string {
  const withLogin = new URL(url);
  withLogin.username = username;
  withLogin.password = password;
  return withLogin.toString();
}
