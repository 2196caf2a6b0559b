import {
  Inject,
  Injectable,
  Logger,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { ReadingKind } from '@healthcare/contracts';
import { deviceIds } from '../generators/device-ids.js';
import { createGenerator } from '../generators/readings.js';
import type { RetryEvent, SensorClient } from '../outcome.js';
import { followDeviceTokenFile, type SensorConfig } from './sensor.config.js';
import { SensorLoop } from './sensor-loop.js';

export interface SensorAppOptions<K extends ReadingKind = ReadingKind> {
  kind: K;
  config: SensorConfig;
  createClient: (onRetry: (event: RetryEvent) => void) => SensorClient<K>;
}

const SENSOR_APP_OPTIONS = Symbol('SENSOR_APP_OPTIONS');

/** Starts the devices once the app is up; on SIGTERM/SIGINT lets readings in flight finish. */
@Injectable()
export class SensorLoopService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop: SensorLoop<ReadingKind>;

  constructor(@Inject(SENSOR_APP_OPTIONS) private readonly options: SensorAppOptions) {
    const { kind, config } = options;
    this.loop = new SensorLoop({
      createClient: options.createClient,
      generate: createGenerator(kind),
      sensorIds: deviceIds(config.SENSOR_ID, config.DEVICES),
      intervalMs: config.INTERVAL_MS,
      logger: new Logger(`sensor:${kind}`),
      heartbeatFile: config.HEARTBEAT_FILE || undefined,
      tokenChanged: followDeviceTokenFile(config),
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.loop.stop(this.options.config.SHUTDOWN_GRACE_MS);
  }
}

/** Everything a sensor app runs; the app only chooses its protocol's client. */
@Module({})
export class SensorModule {
  static forRoot<K extends ReadingKind>(options: SensorAppOptions<K>): DynamicModule {
    return {
      module: SensorModule,
      providers: [{ provide: SENSOR_APP_OPTIONS, useValue: options }, SensorLoopService],
    };
  }
}
