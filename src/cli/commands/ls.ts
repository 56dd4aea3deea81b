import type { Argv, CommandModule } from 'yargs';
import { dockerOutput } from '../../engine/docker.js';
import { UserError } from '../../model/errors.js';
import { Label } from '../../model/labels.js';
import { PROJECT_LIST, type ProjectSummary } from '../../ui/formats/project.js';
import { compileFormat } from '../../ui/go-template/format.js';
import { FORMAT_DESCRIPTION } from '../format-option.js';

const FORMAT = `{"project":{{json (.Label "${Label.project}")}},"state":{{json .State}},"files":{{json (.Label "${Label.configFiles}")}},"oneoff":{{json (.Label "${Label.oneoff}")}}}`;

/** Projects on the engine from their containers' labels, with `running(2), exited(1)` statuses. */
export async function listProjects(all: boolean): Promise<ProjectSummary[]> {
  const text = await dockerOutput(['ps', '-a', '--filter', `label=${Label.project}`, '--filter', `label=${Label.configHash}`, '--format', FORMAT]);
  const byProject = new Map<string, { states: Map<string, number>; files: Set<string> }>();
  for (const line of text.split('\n').filter(Boolean)) {
    const row = JSON.parse(line) as { project: string; state: string; files: string };
    const entry = byProject.get(row.project) ?? { states: new Map<string, number>(), files: new Set<string>() };
    entry.states.set(row.state, (entry.states.get(row.state) ?? 0) + 1);
    if (row.files !== '') entry.files.add(row.files);
    byProject.set(row.project, entry);
  }
  return [...byProject.entries()]
    .filter(([, entry]) => all || entry.states.has('running'))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, entry]) => ({
      Name: name,
      Status: [...entry.states.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([state, count]) => `${state}(${count})`).join(', '),
      ConfigFiles: [...entry.files].join(','),
    }));
}

export const lsCommand: CommandModule = {
  command: 'ls',
  describe: 'List running compose projects',
  builder: (yargs: Argv) =>
    yargs
      .option('all', { alias: 'a', type: 'boolean', default: false, description: 'Show all stopped Compose projects' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, description: 'Only display project names' })
      .option('format', { type: 'string', description: FORMAT_DESCRIPTION })
      .option('filter', { type: 'string', description: 'Filter output based on conditions provided (name=...)' }),
  handler: async (argv) => {
    const filter = argv['filter'] as string | undefined;
    const match = filter === undefined ? undefined : /^name=(.*)$/.exec(filter);
    if (match === null) throw new UserError(`invalid filter "${filter ?? ''}"`);
    const format = argv['format'] as string | undefined;
    // json stays one array, as docker compose prints it; any other format is a template.
    const print = format === 'json' ? undefined : compileFormat(format, PROJECT_LIST);
    const projects = (await listProjects(argv['all'] === true)).filter((project) => match === undefined || project.Name.includes(match[1] as string));
    if (argv['quiet'] === true) process.stdout.write(projects.map((project) => `${project.Name}\n`).join(''));
    else process.stdout.write(print === undefined ? `${JSON.stringify(projects)}\n` : print(projects));
  },
};
