/** Called once per reading sent: with nothing when the server accepted it, else with why not. */
export type Answer = (error?: string) => void;

/**
 * A protocol client that sends one fresh reading per call. The bare baselines and the ingest
 * scenarios use the same clients, so their figures compare like with like.
 */
export interface LoadClient {
  send(answer: Answer): void;
  close(): Promise<void>;
}
