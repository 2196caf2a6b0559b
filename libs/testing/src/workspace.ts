export { WORKSPACE_ROOT } from '@healthcare/embedded/workspace';
export { PROJECT_MOSQUITTO_CONF } from '@healthcare/embedded/mosquitto';
export { ManagedProcess } from '@healthcare/embedded/managed-process';
