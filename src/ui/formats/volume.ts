import type { ListFormat } from '../go-template/format.js';
import { parseLabels } from './container.js';

/** One volume as `docker volume ls --format '{{json .}}'` describes it (every value a string). */
export type VolumeRow = Readonly<Record<'Availability' | 'Driver' | 'Group' | 'Labels' | 'Links' | 'Mountpoint' | 'Name' | 'Scope' | 'Size' | 'Status', string>>;

const FIELDS = ['Availability', 'Driver', 'Group', 'Labels', 'Links', 'Mountpoint', 'Name', 'Scope', 'Size', 'Status'] as const;

/** `volumes` rows as the docker CLI's volume formatter renders them (docker compose uses it). */
export const VOLUME_LIST: ListFormat<VolumeRow> = {
  kind: 'volume',
  fields: Object.fromEntries(FIELDS.map((name) => [name, (row: VolumeRow) => row[name] ?? ''])),
  methods: { Label: (row, name) => parseLabels(row.Labels).get(name) ?? '' },
  headers: {
    Name: 'VOLUME NAME', Driver: 'DRIVER', Scope: 'SCOPE', Mountpoint: 'MOUNTPOINT', Labels: 'LABELS', Links: 'LINKS', Size: 'SIZE',
    Group: 'GROUP', Availability: 'AVAILABILITY', Status: 'STATUS',
  },
  defaultTable: 'table {{.Driver}}\\t{{.Name}}',
};
