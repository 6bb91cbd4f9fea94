// What Electron main needs to run the backend in its own process, without loading the backend.
export {
  BackendSupervisor,
  DEFAULT_RESTART_LIMITS,
  RestartPolicy,
  type BackendChild,
  type BackendState,
  type HostServices,
  type RestartLimits,
  type SupervisorOptions,
} from './supervisor.js';
export type { BackendInit, MainToBackend } from './control-protocol.js';
export { backendPortChannels } from '@parley/contract/client';
