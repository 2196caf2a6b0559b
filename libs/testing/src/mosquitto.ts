// The broker helper lives in @healthcare/embedded (the benchmark uses it too); tests keep this name.
export { Mosquitto, type MosquittoOptions } from '@healthcare/embedded/mosquitto';
