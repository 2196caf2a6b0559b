import { HeartRateEntity } from './heart-rate.entity.js';
import { PressureEntity } from './pressure.entity.js';
import { RejectedMessageEntity } from './rejected-message.entity.js';
import { TemperatureEntity } from './temperature.entity.js';

export { HeartRateEntity, PressureEntity, RejectedMessageEntity, TemperatureEntity };

export const ENTITIES = [TemperatureEntity, PressureEntity, HeartRateEntity, RejectedMessageEntity];
