/** The JSON schema of a whole Compose file (top level, networks, volumes, secrets, configs, include). */
import { bool, closed, external, listOrDict, str, stringMap, stringOrList, type Schema } from './building-blocks.js';
import { serviceSchema } from './service-schema.js';

const nullable = (schema: Schema): Schema => ({ ...schema, type: ['object', 'null'] });

const network = nullable(closed({
  name: str, driver: str, driver_opts: stringMap,
  ipam: closed({ driver: str, config: { type: 'array', items: closed({ subnet: str, ip_range: str, gateway: str, aux_addresses: stringMap }) }, options: stringMap }),
  external, internal: bool, enable_ipv4: bool, enable_ipv6: bool, attachable: bool, labels: listOrDict,
}));

const volume = nullable(closed({ name: str, driver: str, driver_opts: stringMap, external, labels: listOrDict }));
const secret = closed({ name: str, environment: str, file: str, external, labels: listOrDict, driver: str, driver_opts: stringMap, template_driver: str });
const config = closed({ name: str, content: str, environment: str, file: str, external, labels: listOrDict, template_driver: str });
const include = { type: ['string', 'object'], ...closed({ path: stringOrList, env_file: stringOrList, project_directory: str }, { required: ['path'] }) };

/** The compose-spec's pattern for the keys of services, networks, volumes, secrets and configs. */
export const SECTION_KEY_PATTERN = '^[a-zA-Z0-9._-]+$';

const section = (entry: Schema): Schema => ({ type: ['object', 'null'], patternProperties: { [SECTION_KEY_PATTERN]: entry }, additionalProperties: false });

/** The whole file. */
export const composeSchema: Schema = closed({
  version: str,
  name: str,
  include: { type: 'array', items: { ...include, type: ['string', 'object'] } },
  services: section(nullable(serviceSchema)),
  models: { type: ['object', 'null'] },
  networks: section(network),
  volumes: section(volume),
  secrets: section(secret),
  configs: section(config),
});
