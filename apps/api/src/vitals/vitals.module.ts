import { Module } from '@nestjs/common';
import { VitalsController } from './vitals.controller.js';
import { VitalsRepository } from './vitals.repository.js';

@Module({ controllers: [VitalsController], providers: [VitalsRepository] })
export class VitalsModule {}
