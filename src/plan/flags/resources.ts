import { registryFlags } from './registry-flags.js';

export { gpusValue } from '../../keys/families/limits-devices.js';

/** Memory, CPU, pids, ulimits, shared memory and device requests (declared in src/keys/families). */
export const resourceFlags = registryFlags('resources');
