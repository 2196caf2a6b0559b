import { Module } from '@nestjs/common';
import { DevicesModule } from '../devices/devices.module.js';
import { ReadingsModule } from '../readings/readings.module.js';
import { FhirController } from './fhir.controller.js';

@Module({ imports: [ReadingsModule, DevicesModule], controllers: [FhirController] })
export class FhirModule {}
