import { ConflictingReadingEntity } from './conflicting-reading.entity.js';
import { HeartRateEntity } from './heart-rate.entity.js';
import { PressureEntity } from './pressure.entity.js';
import { RejectedMessageEntity } from './rejected-message.entity.js';
import { TemperatureEntity } from './temperature.entity.js';

export {
  ConflictingReadingEntity,
  HeartRateEntity,
  PressureEntity,
  RejectedMessageEntity,
  TemperatureEntity,
};

export const ENTITIES = [
  TemperatureEntity,
  PressureEntity,
  HeartRateEntity,
  RejectedMessageEntity,
  ConflictingReadingEntity,
];
