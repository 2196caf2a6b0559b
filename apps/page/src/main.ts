import type { VitalParameter, VitalsMessage } from '@healthcare/contracts';
import { AlertList } from './alerts.js';
import { api, token, Unauthorized } from './api.js';
import { followLive, type LiveBatch } from './live.js';
import { PatientView } from './patient.js';
import { Tile } from './tiles.js';

interface PatientVitals extends Omit<VitalsMessage, 'type'> {
  history: Partial<Record<VitalParameter, [number, number][]>>;
}

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const tiles = new Map<string, Tile>();
const alerts = new AlertList($('alert-list'));
const patientView = new PatientView($('patient-name'), $('ranges'), $('patient-charts'));
let stopLive: (() => void) | undefined;
/** The API's VITAL_MAX_AGE_S, from /vitals: loadWard reads it before any tile is made. */
let vitalMaxAgeS = 0;

function showSignIn(message = ''): void {
  stopLive?.();
  stopLive = undefined;
  $('sign-in').hidden = false;
  $('ward').hidden = true;
  $('patient').hidden = true;
  $('sign-out').hidden = true;
  $('sign-in-error').textContent = message;
}

/** Loads every patient's tile afresh (on sign-in and whenever the live stream reconnects). */
async function loadWard(): Promise<void> {
  const { patients, vital_max_age_s } = await api<{
    patients: PatientVitals[];
    vital_max_age_s: number;
  }>('/vitals');
  vitalMaxAgeS = vital_max_age_s;
  const seen = new Set<string>();
  for (const p of patients) {
    seen.add(p.patient);
    tiles.get(p.patient)?.destroy();
    const tile = new Tile(p.patient, p.history, vitalMaxAgeS);
    tile.update({
      type: 'vitals',
      patient: p.patient,
      vitals: p.vitals,
      partial_score: p.partial_score,
    });
    tiles.set(p.patient, tile);
  }
  for (const [patient, tile] of tiles) {
    if (!seen.has(patient)) {
      tile.destroy();
      tiles.delete(patient);
    }
  }
  $('tiles').replaceChildren(...[...tiles.values()].map((t) => t.element));
  await alerts.reload();
}

function onBatch(batch: LiveBatch): void {
  let added = false;
  for (const message of batch.vitals) {
    let tile = tiles.get(message.patient);
    if (!tile) {
      tile = new Tile(message.patient, {}, vitalMaxAgeS);
      tiles.set(message.patient, tile);
      added = true;
    }
    tile.update(message);
  }
  if (added) {
    const sorted = [...tiles.values()].sort((a, b) => a.patient.localeCompare(b.patient));
    $('tiles').replaceChildren(...sorted.map((t) => t.element));
  }
  if (batch.reload_alerts) void alerts.reload();
  else alerts.apply(batch.alerts);
}

async function signedIn(): Promise<void> {
  try {
    await loadWard();
  } catch (err) {
    if (err instanceof Unauthorized) {
      token.clear();
      showSignIn('That token was refused.');
      return;
    }
    throw err;
  }
  $('sign-in').hidden = true;
  $('sign-out').hidden = false;
  route();
  stopLive ??= followLive(
    onBatch,
    (connected) => ($('status').textContent = connected ? 'live' : 'reconnecting…'),
    () => void loadWard().catch(() => undefined),
  );
}

function route(): void {
  const patient = new URLSearchParams(location.hash.slice(1)).get('patient');
  $('ward').hidden = patient !== null;
  $('patient').hidden = patient === null;
  if (patient !== null) void patientView.show(patient);
  else patientView.clear();
}

$('sign-in').addEventListener('submit', (event) => {
  event.preventDefault();
  token.set($<HTMLInputElement>('token').value.trim());
  void signedIn();
});
$('sign-out').addEventListener('click', () => {
  token.clear();
  showSignIn();
});
window.addEventListener('hashchange', () => {
  if (token.get()) route();
});
setInterval(() => {
  const now = Date.now();
  for (const tile of tiles.values()) tile.render(now);
}, 1000);

if (token.get()) void signedIn();
else showSignIn();
