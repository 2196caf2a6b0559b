import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  DEVICE_REGISTRY_CHANNEL,
  describeError,
  loadDeviceCredentials,
  listeningClient,
  loadDevices,
} from '@healthcare/database';
import type pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { GatewayConfig } from '../config/gateway.config.js';
import { NotReadyError } from '../errors/gateway-errors.js';
import { RegistryView } from './registry-view.js';

const RETRY_MAX_MS = 5000;

/**
 * The gateway's cached view of the device registry. Read from PostgreSQL at start (the gateway
 * waits for it before it listens), then again on every change notification of the registry's
 * trigger, so a disabled device is refused at once (a token's end is checked on each request).
 * Every DEVICE_REGISTRY_REFRESH_MS the listening connection is checked: a lost one may have
 * missed notifications, so the registry is read again on a new one. While PostgreSQL is away the
 * last view stays in use; the outage and the return are logged once each.
 */
@Injectable()
export class DeviceRegistry implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('DeviceRegistry');
  private current?: RegistryView;
  private client?: pg.Client;
  private timer?: NodeJS.Timeout;
  private started?: Promise<void>;
  private refreshing?: Promise<void>;
  private again = false;
  private stopped = false;
  private failing?: string;

  constructor(private readonly config: GatewayConfig) {}

  get enabled(): boolean {
    return this.config.DEVICE_AUTH === 'required';
  }

  /** The last view read; set before the gateway listens when authentication is on. */
  get view(): RegistryView {
    if (!this.current)
      throw new NotReadyError('the gateway is starting: it has not read the device registry yet');
    return this.current;
  }

  // a hybrid app may call init hooks once per application: start once
  onModuleInit(): Promise<void> {
    this.started ??= this.start();
    return this.started;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.client?.end().catch(() => undefined);
  }

  private async start(): Promise<void> {
    if (!this.enabled) {
      this.logger.warn(
        'DEVICE_AUTH=off: readings are taken without a device token, for any sensor_id',
      );
      return;
    }
    for (
      let delay = 250;
      !this.current && !this.stopped;
      delay = Math.min(delay * 2, RETRY_MAX_MS)
    ) {
      await this.refresh();
      if (!this.current) await sleep(delay);
    }
    this.schedule();
  }

  /** Reads the registry again; a refresh asked for while one runs is done right after it. */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = this.load().finally(() => {
      this.refreshing = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        void this.refresh();
      }
    });
    return this.refreshing;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.check().finally(() => this.schedule());
    }, this.config.DEVICE_REGISTRY_REFRESH_MS);
    this.timer.unref();
  }

  /**
   * While the listening connection answers, every change has come as a notification and been
   * read: reading the whole registry again would only cost CPU (its rows parsed, its maps built).
   */
  private async check(): Promise<void> {
    const client = this.client;
    if (client) {
      try {
        await client.query('SELECT 1');
        return;
      } catch {
        await this.drop();
      }
    }
    await this.refresh();
  }

  private async load(): Promise<void> {
    try {
      const client = await this.connection();
      const credentials = await loadDeviceCredentials(client);
      const view = new RegistryView(
        credentials,
        await loadDevices(client),
        new Date(),
        this.current,
      );
      const first = !this.current;
      this.current = view;
      if (first) {
        this.logger.log(
          `device registry read: ${view.devices} devices, ${view.size} valid credentials`,
        );
      }
      if (this.failing !== undefined) {
        this.logger.log('device registry reachable again; its view is current');
        this.failing = undefined;
      }
    } catch (err) {
      await this.drop();
      const reason = describeError(err);
      if (this.failing === reason) return;
      this.failing = reason;
      const where = new URL(this.config.DATABASE_URL).host;
      this.logger.warn(
        this.current
          ? `cannot read the device registry at ${where} (${reason}); serving from its view of ${this.current.readAt.toISOString()}`
          : `waiting for the device registry at ${where}: ${reason}`,
      );
    }
  }

  /** The one connection: it reads the registry and listens for its changes. */
  private async connection(): Promise<pg.Client> {
    this.client ??= await listeningClient({
      url: this.config.DATABASE_URL,
      channel: DEVICE_REGISTRY_CHANNEL,
      applicationName: 'healthcare-gateway',
      // a registry read is small: one that hangs means a dead connection
      queryTimeoutMs: 5000,
      onNotification: () => void this.refresh(),
      onLost: () => void this.drop(),
    });
    return this.client;
  }

  private async drop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
