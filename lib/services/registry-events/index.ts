export { receiveDockerHubDelivery, type ReceiverAnswer } from './receive';
export { listRegistryEvents, getRegistryEvent, streamRegistryEvents } from './list';
export { resubmitRegistryEvent } from './resubmit';
export { registerDockerHubCallback, sendDockerHubCallback, callbackAllowed } from './callback';
export { startExecutionInTx, type StartExecution } from './start-execution';
export { REGISTRY_EVENTS_TOPIC } from './live';
