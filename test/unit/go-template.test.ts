import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileFormat, type ListFormat } from '../../src/ui/go-template/format.js';
import { CONTAINER_LIST, ellipsis, parseLabels, parsePublishers, type ContainerRow } from '../../src/ui/formats/container.js';
import { UserError } from '../../src/model/errors.js';

interface Pet {
  readonly name: string;
  readonly kind: string;
  readonly tags: string[];
  readonly age: number;
}

const PETS: ListFormat<Pet> = {
  kind: 'pet',
  fields: {
    Name: (pet) => pet.name,
    Kind: (pet) => pet.kind,
    Tags: (pet) => pet.tags,
    Age: (pet) => pet.age,
    Owner: () => ({ First: 'Ada', Last: 'L' }),
  },
  methods: { Tag: (pet, name) => (pet.tags.includes(name) ? 'yes' : 'no') },
  headers: { Name: 'NAME', Kind: 'KIND' },
  defaultTable: 'table {{.Name}}\\t{{.Kind}}',
};
const rows: Pet[] = [
  { name: 'rex', kind: 'dog', tags: ['good', 'loud'], age: 3 },
  { name: 'tom', kind: 'cat', tags: [], age: 12 },
];
const render = (format: string | undefined): string => compileFormat(format, PETS)(rows);
const refusal = (format: string): string => {
  try {
    compileFormat(format, PETS);
  } catch (error) {
    assert.ok(error instanceof UserError);
    return error.message;
  }
  return assert.fail(`${format} was accepted`);
};

describe('Go template subset (docker --format)', () => {
  test('fields, literal text, one line a row', () => {
    assert.equal(render('{{.Name}} {{.Kind}}'), 'rex dog\ntom cat\n');
    assert.equal(render('{{ .Name }}:{{.Age}}'), 'rex:3\ntom:12\n');
    assert.equal(render('{{.Owner.First}}'), 'Ada\nAda\n');
  });
  test('\\t and \\n escapes; spaces around the format trimmed', () => {
    assert.equal(render('  {{.Name}}\\t{{.Kind}}\\n '), 'rex\tdog\n\ntom\tcat\n\n');
  });
  test('json: a field, and the whole row with its keys sorted', () => {
    assert.equal(render('{{json .Tags}}'), '["good","loud"]\n[]\n');
    assert.equal(compileFormat('json', PETS)([rows[0] as Pet]), '{"Age":3,"Kind":"dog","Name":"rex","Owner":{"First":"Ada","Last":"L"},"Tags":["good","loud"]}\n');
    assert.equal(compileFormat('{{json .}}', PETS)([rows[0] as Pet]), compileFormat('json', PETS)([rows[0] as Pet]));
    assert.equal(compileFormat('{{json .Name}}', PETS)([{ ...(rows[0] as Pet), name: '<a&b>\u2028' }]), '"<a&b>\\u2028"\n');
  });
  test('functions: upper, lower, title, join, split, pad, truncate; pipes and parentheses', () => {
    assert.equal(render('{{upper .Name}}|{{.Kind | upper}}|{{title "hello big-world"}}'), 'REX|DOG|Hello Big-World\nTOM|CAT|Hello Big-World\n');
    assert.equal(render('{{join .Tags ","}}'), 'good,loud\n\n');
    assert.equal(render('{{join (split "a/b/c" "/") "-"}} {{lower (upper .Name)}}'), 'a-b-c rex\na-b-c tom\n');
    assert.equal(render('[{{pad .Name 1 2}}] {{truncate .Kind 2}}'), '[ rex  ] do\n[ tom  ] ca\n');
    assert.equal(render("{{.Tag \"loud\"}} {{`raw`}}"), 'yes raw\nno raw\n');
  });
  test('Go prints slices and structs with %v', () => {
    assert.equal(render('{{.Tags}} {{.Owner}}'), '[good loud] {Ada L}\n[] {Ada L}\n');
  });
  test('trim markers and comments', () => {
    assert.equal(render('{{- .Name -}}  ,  {{/* a comment */}}{{.Kind}}'), 'rex,  dog\ntom,  cat\n');
    assert.equal(render('a  {{- .Name}}'), 'arex\natom\n');
  });
  test('table: header from the field names, columns as docker\'s tabwriter (minimum 10, padding 3)', () => {
    assert.equal(render(undefined), 'NAME      KIND\nrex       dog\ntom       cat\n');
    assert.equal(render('table'), render(undefined));
    assert.equal(render('table {{.Kind}}\\t{{upper .Name}}'), 'KIND      NAME\ndog       REX\ncat       TOM\n');
    // docker renders a field the header map lacks as Go's missing map key.
    assert.equal(render('table {{.Name}}\\t{{.Age}}'), 'NAME      <no value>\nrex       3\ntom       12\n');
  });
  test('refused before anything runs: unknown fields, functions, control structures, variables, syntax', () => {
    assert.match(refusal('{{.Nmae}}'), /^template parsing error: template: :1: can't evaluate field Nmae of a pet \(its fields: Age, Kind, Name, Owner, Tag, Tags\)$/);
    assert.match(refusal('{{frob .Name}}'), /function "frob" not defined \(berth's --format templates know json, split/);
    assert.match(refusal('{{range .Tags}}{{.}}{{end}}'), /"range" is not supported by berth's --format templates/);
    assert.match(refusal('{{if .Name}}x{{end}}'), /"if" is not supported/);
    assert.match(refusal('{{$x := .Name}}'), /variables \("\$x"\) are not supported/);
    assert.match(refusal('{{.Name'), /unclosed action/);
    assert.match(refusal('{{}}'), /missing value for command/);
    assert.match(refusal('{{upper .Name .Kind}}'), /wrong number of args for upper: want 1 got 2/);
    assert.match(refusal('line1\n{{.Bad}}'), /template: :2: can't evaluate field Bad/);
  });
  test('type errors at render time are template errors too', () => {
    assert.throws(() => render('{{join .Name ","}}'), /template parsing error: template: error calling join: wrong type for value; expected \[\]string; got string/);
  });
});

describe('ps rows as docker compose renders them', () => {
  const container = {
    id: 'a'.repeat(64), name: 'p-web-1', service: 'web', number: 1, oneoff: false, state: 'exited', status: 'Exited (3) 2 seconds ago', image: 'busybox',
    configHash: undefined, imageId: undefined, createdAt: '2026-01-01 10:00:00 +0000 UTC', runningFor: '3 seconds ago', ports: '0.0.0.0:8000-8001->80-81/tcp, [::]:8000->80/tcp, 6379/tcp',
    command: '"sh -c \'echo a very long command line\'"', networks: ['p_default', 'p_back'],
  };
  const row: ContainerRow = { container, project: 'p', labels: 'a=1,b=x,y,c=3', mounts: ['p_data_volume_long', '/host/dir'], localVolumes: 1, trunc: true };
  test('truncated by default, full with --no-trunc', () => {
    const format = '{{.ID}} {{.Command}} {{.Mounts}}';
    assert.equal(compileFormat(format, CONTAINER_LIST)([row]), `${'a'.repeat(12)} "sh -c 'echo a very …" p_data_volume_…,/host/dir\n`);
    assert.equal(compileFormat(format, CONTAINER_LIST)([{ ...row, trunc: false }]), `${'a'.repeat(64)} "sh -c 'echo a very long command line'" p_data_volume_long,/host/dir\n`);
  });
  test('json keys are docker compose\'s', () => {
    const json = JSON.parse(compileFormat('json', CONTAINER_LIST)([row])) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json), ['Command', 'CreatedAt', 'ExitCode', 'Health', 'ID', 'Image', 'Labels', 'LocalVolumes', 'Mounts', 'Name', 'Names', 'Networks', 'Ports', 'Project', 'Publishers', 'RunningFor', 'Service', 'Size', 'State', 'Status']);
    assert.equal(json['ExitCode'], 3);
    assert.equal(json['LocalVolumes'], '1');
    assert.equal(json['Networks'], 'p_default,p_back');
    assert.equal(json['Size'], '0B');
  });
  test('publishers from docker ps ports, ranges expanded, by target port', () => {
    assert.deepEqual(parsePublishers(container.ports), [
      { URL: '0.0.0.0', TargetPort: 80, PublishedPort: 8000, Protocol: 'tcp' },
      { URL: '::', TargetPort: 80, PublishedPort: 8000, Protocol: 'tcp' },
      { URL: '0.0.0.0', TargetPort: 81, PublishedPort: 8001, Protocol: 'tcp' },
      { URL: '', TargetPort: 6379, PublishedPort: 0, Protocol: 'tcp' },
    ]);
    assert.deepEqual(parsePublishers(':::5000->5000/udp'), [{ URL: '::', TargetPort: 5000, PublishedPort: 5000, Protocol: 'udp' }]);
    assert.deepEqual(parsePublishers(''), []);
  });
  test('labels, the Label method, ellipsis', () => {
    assert.deepEqual([...parseLabels('a=1,b=x,y,c=3')], [['a', '1'], ['b', 'x,y'], ['c', '3']]);
    assert.equal(compileFormat('{{.Label "b"}}|{{.Label "none"}}', CONTAINER_LIST)([row]), 'x,y|\n');
    assert.equal(ellipsis('abcdef', 4), 'abc…');
    assert.equal(ellipsis('abcd', 4), 'abcd');
  });
});
