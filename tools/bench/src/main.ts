import { brokerConfigLines } from './env/broker-config.js';
import { DatabaseServer } from './env/database.js';
import { LOAD_SETTINGS } from './load/protocols.js';
import { describeMachine, describeVersions } from './metrics/machine.js';
import { OptionsError, parseOptions, USAGE, type BenchOptions } from './options.js';
import { formatProfiles } from './report/profiles.js';
import { writeResults } from './report/results-file.js';
import { formatTable } from './report/table.js';
import { evaluate } from './report/targets.js';
import { cleanUpCurrentRun, runScenarios, type ScenarioResult } from './run/runner.js';
import { SCENARIOS } from './scenarios/index.js';

/** Settings of the gateway and subscriber that the bench's environment may carry to them. */
const APP_SETTINGS = [
  'BATCH_SIZE',
  'FLUSH_MS',
  'PUBLISH_TIMEOUT_MS',
  'SHUTDOWN_TIMEOUT_MS',
  'MQTT_SESSION_EXPIRY_S',
  'LOG_LEVEL',
  'NODE_OPTIONS',
  'UV_THREADPOOL_SIZE',
];

const log = (line: string) => process.stdout.write(`[bench] ${line}\n`);

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let options: BenchOptions;
  try {
    options = parseOptions(
      argv,
      SCENARIOS.map((s) => s.name),
    );
  } catch (err) {
    if (!(err instanceof OptionsError)) throw err;
    process.stderr.write(`bench: ${err.message}\n${USAGE}\n`);
    return 2;
  }
  const selected = SCENARIOS.filter((s) => !options.only || options.only.includes(s.name));
  const startedAt = new Date().toISOString();
  const machine = describeMachine();
  log(
    `${selected.length} scenarios, ${options.runs} run(s) of ${options.durationMs / 1000} s after ` +
      `${options.warmupMs / 1000} s warm-up${options.quick ? ' (quick: completion and counts only)' : ''}; ` +
      `${machine.cores} cores, ${machine.cpuModel}, load average ${machine.loadAverage.join(' ')}`,
  );

  const database = await DatabaseServer.open(log);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping what the bench started`);
      void cleanUpCurrentRun(log)
        .then(() => database.close())
        .finally(() => process.exit(130));
    });
  }
  const results: ScenarioResult[] = [];
  let versions: Record<string, string>;
  try {
    versions = describeVersions(await database.version());
    log(
      `database: ${database.describe()}; Mosquitto ${versions.mosquitto}; results: ${options.out}`,
    );
    results.push(...(await runScenarios(selected, options, database, log)));
  } finally {
    await database.close();
  }

  const verdicts = evaluate(results);
  process.stdout.write(`\n${formatTable(results, verdicts, !options.quick)}\n`);
  if (options.cpuProf) process.stdout.write(`${formatProfiles(results)}\n`);
  const ok = results.every((r) => r.runs.every((run) => run.ok));
  writeResults(options.out, {
    startedAt,
    finishedAt: new Date().toISOString(),
    ok,
    machine: { ...machine, loadAverageAtEnd: describeMachine().loadAverage },
    versions,
    configuration: {
      options,
      loadSettings: LOAD_SETTINGS,
      database: database.describe(),
      broker: `Mosquitto ${versions.mosquitto}, docker/mosquitto/mosquitto.conf, one broker per run`,
      brokerConfig: brokerConfigLines(process.env.BENCH_BROKER_CONFIG),
      appEnvironment: Object.fromEntries(
        APP_SETTINGS.filter((name) => process.env[name] !== undefined).map((name) => [
          name,
          process.env[name]!,
        ]),
      ),
    },
    scenarios: results,
    verdicts,
  });
  log(`results written to ${options.out}`);
  if (!ok) log('FAILED: a scenario did not complete or a count check did not hold (see above)');
  else if (options.quick) log('quick run: every scenario completed and every count held');
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
