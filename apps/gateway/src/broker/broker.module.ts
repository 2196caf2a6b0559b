import { Module } from '@nestjs/common';
import { mqttClientProvider } from './mqtt-client.provider.js';
import { ReadingPublisher } from './reading-publisher.service.js';

/** The gateway's one MQTT client; entry points use ReadingPublisher and never a client of their own. */
@Module({
  providers: [mqttClientProvider, ReadingPublisher],
  exports: [ReadingPublisher],
})
export class BrokerModule {}
