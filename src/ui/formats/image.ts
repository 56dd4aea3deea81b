import type { ListFormat } from '../go-template/format.js';
import { humanSize, timeAgo } from '../human-units.js';

/** One container's image as `images` lists it (the image is absent when the engine no longer has it). */
export interface ImageRow {
  readonly containerName: string;
  readonly repository: string;
  readonly tag: string;
  readonly image: { readonly id: string; readonly size: number; readonly created: string; readonly platform: string; readonly lastTagTime?: string } | undefined;
}

/** `images` rows as docker compose renders them (cmd/formatter/image.go). */
export const IMAGE_LIST: ListFormat<ImageRow> = {
  kind: 'image',
  fields: {
    ContainerName: (row) => row.containerName,
    ID: (row) => (row.image?.id ?? '').replace(/^sha256:/, '').slice(0, 12),
    Repository: (row) => row.repository || '<none>',
    Tag: (row) => row.tag || '<none>',
    Platform: (row) => row.image?.platform ?? '',
    Size: (row) => humanSize(row.image?.size ?? 0, 3),
    Created: (row) => (row.image === undefined ? 'N/A' : timeAgo(row.image.created)),
    CreatedAt: (row) => row.image?.created ?? 'N/A',
    LastTagTime: (row) => row.image?.lastTagTime ?? '0001-01-01T00:00:00Z',
  },
  headers: {
    ContainerName: 'CONTAINER', ID: 'IMAGE ID', Repository: 'REPOSITORY', Tag: 'TAG', Platform: 'PLATFORM', Size: 'SIZE',
    Created: 'CREATED', CreatedAt: 'CREATED AT', LastTagTime: 'LAST TAG TIME',
  },
  defaultTable: 'table {{.ContainerName}}\\t{{.Repository}}\\t{{.Tag}}\\t{{.Platform}}\\t{{.ID}}\\t{{.Size}}\\t{{.Created}}',
  minWidth: 20,
};
