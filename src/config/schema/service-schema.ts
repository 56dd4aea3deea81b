/** The JSON schema of one service: each key's schema is declared with the key in the registry (src/keys). */
import { serviceKeySchemas } from '../../keys/registry.js';
import { closed, type Schema } from './building-blocks.js';

/** Every key a service may have, with its type. */
export const serviceSchema: Schema = closed(serviceKeySchemas());
