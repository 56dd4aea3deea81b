/** JSON with object keys sorted at every level: same value, same bytes. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) {
    let json = '[';
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      json += `${index === 0 ? '' : ','}${stableJson(item === undefined ? null : item)}`;
    }
    return `${json}]`;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    let json = '{';
    // Default sort order is UTF-16 code unit order, as `<` compares.
    for (const key of Object.keys(record).sort()) {
      const item = record[key];
      if (item === undefined) continue;
      json += `${json.length === 1 ? '' : ','}${JSON.stringify(key)}:${stableJson(item)}`;
    }
    return `${json}}`;
  }
  return JSON.stringify(value);
}
