import { startApp, type ManagedProcess } from '@healthcare/embedded';

/** The apps of the pipeline, each its own process, their output prefixed with their names. */
export class AppProcesses {
  private readonly running: ManagedProcess[] = [];
  private stopping = false;

  constructor(
    private readonly print: (line: string) => void,
    private readonly onCrash: (name: string, code: number | null) => void,
  ) {}

  start(name: string, env: Record<string, string>): void {
    const label = `[${name}]`;
    const app = startApp(name, {
      // text unless the user asked for another format
      env: { LOG_FORMAT: 'text', ...process.env, ...env },
      // a group of its own: a Ctrl-C reaches only this process, which stops the apps in order
      group: true,
      // the apps' log lines name their app; anything else they print (a crash) gets the name here
      onLine: (line) =>
        this.print(
          line.startsWith(`[${name}]`) || line.startsWith('{') ? line : `${label} ${line}`,
        ),
    });
    void app.exited.then((code) => {
      if (!this.stopping) this.onCrash(name, code);
    });
    this.running.push(app);
  }

  /** SIGTERM by stages (sensors, then gateway, then subscriber), SIGKILL after the grace time. */
  async stop(stages: string[][], graceMs: number): Promise<void> {
    this.stopping = true;
    for (const stage of stages) {
      const apps = this.running.filter((app) => stage.includes(app.name));
      await Promise.all(apps.map((app) => app.stop('SIGTERM', graceMs)));
    }
    await Promise.all(this.running.map((app) => app.stop('SIGTERM', graceMs)));
  }
}
