import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { BrokerModule } from '../broker/broker.module.js';
import { HealthController } from './health.controller.js';

@Module({ imports: [TerminusModule, BrokerModule], controllers: [HealthController] })
export class HealthModule {}
