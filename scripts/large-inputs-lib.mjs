// Large VALID compose files (0.5 to 1 MB) that berth must load and plan in bound (issue 10: every
// input of up to 1 MB finishes `config` and `up --dry-run` in under 2 s). Shared by
// scripts/bench-large-inputs.mjs (the figures) and test/e2e/large-inputs.test.ts (correctness only).

const lines = (count, line) => Array.from({ length: count }, (_, index) => line(index)).join('');

/** A service of few YAML nodes (the loader caps a file at 100,000) and a long image reference. */
const plainService = (index, extra) => `  s${index}:\n    image: registry.example.com/team/app-${index}:1.0\n${extra}`;

/** Each service refers to the one before it through `key` (list form): a chain `count` long. */
function referenceChain(key, count) {
  const body = lines(count, (index) => plainService(index, index === 0 ? '' : `    ${key}: [s${index - 1}]\n`));
  return `services:\n${body}`;
}

/** Each service extends the one before it and sets its own label: a chain `count` long. */
function extendsChain(count) {
  const body = lines(count, (index) =>
    index === 0 ? plainService(0, '') : `  s${index}:\n    extends: s${index - 1}\n    labels: {l: "${index}"}\n`,
  );
  return `services:\n${body}`;
}

/** Services with many keys each (ports, volumes, env, labels, healthcheck, ...): `bytes` long or a little more. */
function manyKeys(bytes) {
  const service = (index) => `  svc${index}:
    image: "registry.example.com/team/svc${index}:\${TAG:-latest}"
    command: ["sh", "-c", "echo service ${index} && sleep 3600"]
    environment:
      SERVICE_INDEX: "${index}"
      LOG_LEVEL: \${LOG_LEVEL:-info}
      DATABASE_URL: postgres://db:5432/app${index}
    ports:
      - "${20000 + (index % 40000)}:80"
    volumes:
      - ./data/svc${index}:/data
      - shared:/shared:ro
    labels:
      com.example.team: core
      com.example.index: "${index}"
    healthcheck:
      test: ["CMD", "true"]
      interval: 30s
      timeout: 5s
      retries: 3
    networks: [front, back]
    restart: unless-stopped
    mem_limit: 256m
    ulimits: {nofile: {soft: 1024, hard: 2048}}
${index > 0 ? `    depends_on: [svc${index - 1}]\n` : ''}`;
  const parts = [];
  let size = 0;
  for (let index = 0; size < bytes - 80; index++) {
    const text = service(index);
    parts.push(text);
    size += text.length;
  }
  return `services:\n${parts.join('')}networks:\n  front:\n  back:\nvolumes:\n  shared:\n`;
}

/** The large inputs by name; `services` (10,000) sets the chains' length. */
export function largeInputs(services = 10_000) {
  return {
    'depends_on chain': referenceChain('depends_on', services),
    'links chain': referenceChain('links', services),
    'volumes_from chain': referenceChain('volumes_from', services),
    'extends chain': extendsChain(services),
    '1 MB of many-key services': manyKeys(1_000_000),
  };
}
