import type { DeviceMapping } from '../../model/service-runtime.js';
import type { KeyPath, Readers } from '../entry.js';

/** `/dev/a[:/dev/b[:rwm]]` strings or `{source, target, permissions}` mappings. */
export function canonicalDevices(value: unknown, keyPath: KeyPath, read: Readers): DeviceMapping[] {
  if (!Array.isArray(value)) read.fail(keyPath, 'must be a list');
  return value.map((item, index) => {
    const itemPath = [...keyPath, index];
    if (read.isMapping(item)) {
      const source = read.asString(item['source'], [...itemPath, 'source']);
      const device: DeviceMapping = { source, target: item['target'] === undefined ? source : read.asString(item['target'], [...itemPath, 'target']) };
      if (item['permissions'] !== undefined) device.permissions = read.asString(item['permissions'], [...itemPath, 'permissions']);
      return device;
    }
    const text = read.asString(item, itemPath);
    // A CDI name (vendor.com/class=name) has no colon-separated parts.
    if (!text.startsWith('/')) return { source: text, target: text };
    const [source = '', target, permissions] = text.split(':');
    const device: DeviceMapping = { source, target: target === undefined || target === '' ? source : target };
    if (permissions !== undefined) device.permissions = permissions;
    return device;
  });
}
