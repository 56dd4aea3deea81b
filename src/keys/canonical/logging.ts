import type { LoggingConfig } from '../../model/service-runtime.js';
import type { KeyPath, Readers } from '../entry.js';

/** `driver` and `options` (null options dropped). */
export function canonicalLogging(value: unknown, keyPath: KeyPath, read: Readers): LoggingConfig {
  const raw = read.asMapping(value, keyPath);
  const logging: LoggingConfig = {};
  if (raw['driver'] !== undefined) logging.driver = read.asString(raw['driver'], [...keyPath, 'driver']);
  if (raw['options'] !== undefined && raw['options'] !== null) {
    const options: Record<string, string> = {};
    for (const [key, item] of Object.entries(read.asKeyValueMap(raw['options'], [...keyPath, 'options']))) if (item !== null) read.setKey(options, key, item);
    logging.options = options;
  }
  return logging;
}
