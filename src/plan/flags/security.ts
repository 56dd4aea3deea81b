import { registryFlags } from './registry-flags.js';

/** Privileges, capabilities, devices and namespaces (declared in src/keys/families/security.ts). */
export const securityFlags = registryFlags('security');
