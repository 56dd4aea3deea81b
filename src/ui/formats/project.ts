import type { ListFormat } from '../go-template/format.js';

/** One project as `ls` lists it. */
export interface ProjectSummary {
  Name: string;
  Status: string;
  ConfigFiles: string;
}

/** `ls` rows as docker compose renders them (cmd/formatter/project.go); its table keeps compose's 20-column minimum. */
export const PROJECT_LIST: ListFormat<ProjectSummary> = {
  kind: 'project',
  fields: { Name: (project) => project.Name, Status: (project) => project.Status, ConfigFiles: (project) => project.ConfigFiles },
  headers: { Name: 'NAME', Status: 'STATUS', ConfigFiles: 'CONFIG FILES' },
  defaultTable: 'table {{.Name}}\\t{{.Status}}\\t{{.ConfigFiles}}',
  minWidth: 20,
};
