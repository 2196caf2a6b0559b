import { IsInt, IsNotEmpty, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { AppSettings } from '../settings.js';
import {
  BROKER_USERNAME,
  DEVICE_USER_ENTRY,
  DEVICE_USERS_RULE,
  type BrokerAccessSettings,
} from './broker-access.js';

const USERNAME_RULE = 'must be 1-64 letters, digits, _ or -';

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
  /** More than one: logins `<MQTT_SUBSCRIBER_USERNAME>-1` to `-<n>`, one per replica. */
  @IsInt() @Min(1) @Max(64) MQTT_SUBSCRIBER_REPLICAS = 1;

  @Matches(BROKER_USERNAME, { message: `MQTT_MONITOR_USERNAME ${USERNAME_RULE}` })
  MQTT_MONITOR_USERNAME = 'healthcare-monitor';
  @ValidateIf((c: BrokerAccessConfig) => c.MQTT_MONITOR_PASSWORD !== '')
  @MinLength(16, { message: 'MQTT_MONITOR_PASSWORD must be empty or at least 16 characters' })
  @IsNotEmpty()
  MQTT_MONITOR_PASSWORD = '';

  @Matches(new RegExp(`^(?:${DEVICE_USER_ENTRY}(?:,${DEVICE_USER_ENTRY})*)?$`), {
    message: `MQTT_DEVICE_USERS must be ${DEVICE_USERS_RULE} separated by commas`,
  })
  MQTT_DEVICE_USERS = '';
}
