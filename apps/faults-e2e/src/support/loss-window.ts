/**
 * How long before a Mosquitto crash an acknowledged reading may still be lost with the project's
 * mosquitto.conf (README, "The broker's part"): Mosquitto writes its queue to disk only every
 * `autosave_interval` seconds by its whole-second clock, so up to one interval more, plus the
 * time a save takes; the rest is slack for a loaded machine.
 */
export const BROKER_CRASH_WINDOW_MS = 3_000;
