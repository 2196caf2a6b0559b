import { IsNotEmpty, Matches, MinLength, ValidateIf } from 'class-validator';
import { READING_KINDS } from '@healthcare/contracts';
import { AppSettings } from '../settings.js';
import { BROKER_USERNAME, type BrokerAccessSettings } from './broker-access.js';

const USERNAME_RULE = 'must be 1-64 letters, digits, _ or -';
const DEVICE_ENTRY = `[A-Za-z0-9_-]{1,64}:(?:${READING_KINDS.join('|')}):[A-Za-z0-9_.~-]{16,256}`;

/**
 * The broker's logins, read where Mosquitto's password file and ACL are written (compose's
 * `broker-access` service). Passwords have no default: they come from settings.
 */
export class BrokerAccessConfig extends AppSettings implements BrokerAccessSettings {
  @Matches(/^[^#+\s]*$/, { message: 'MQTT_TOPIC_PREFIX must not contain #, + or spaces' })
  MQTT_TOPIC_PREFIX = '';

  @Matches(BROKER_USERNAME, { message: `MQTT_GATEWAY_USERNAME ${USERNAME_RULE}` })
  MQTT_GATEWAY_USERNAME = 'healthcare-gateway';
  @MinLength(16, { message: 'MQTT_GATEWAY_PASSWORD must be at least 16 characters' })
  MQTT_GATEWAY_PASSWORD = '';

  /** Mosquitto gives the subscriber this name as its client id: it names the persistent session. */
  @Matches(BROKER_USERNAME, { message: `MQTT_SUBSCRIBER_USERNAME ${USERNAME_RULE}` })
  MQTT_SUBSCRIBER_USERNAME = 'healthcare-subscriber';
  @MinLength(16, { message: 'MQTT_SUBSCRIBER_PASSWORD must be at least 16 characters' })
  MQTT_SUBSCRIBER_PASSWORD = '';

  @Matches(BROKER_USERNAME, { message: `MQTT_MONITOR_USERNAME ${USERNAME_RULE}` })
  MQTT_MONITOR_USERNAME = 'healthcare-monitor';
  @ValidateIf((c: BrokerAccessConfig) => c.MQTT_MONITOR_PASSWORD !== '')
  @MinLength(16, { message: 'MQTT_MONITOR_PASSWORD must be empty or at least 16 characters' })
  @IsNotEmpty()
  MQTT_MONITOR_PASSWORD = '';

  @Matches(new RegExp(`^(?:${DEVICE_ENTRY}(?:,${DEVICE_ENTRY})*)?$`), {
    message: `MQTT_DEVICE_USERS must be <username>:<${READING_KINDS.join('|')}>:<password of 16+ letters, digits, _ . ~ -> separated by commas`,
  })
  MQTT_DEVICE_USERS = '';
}
